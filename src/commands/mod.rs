//! The commands: one library function per subcommand, called by `main.rs`.
//!
//! Takes: parsed arguments ([`cli`](crate::cli)) and the resolved
//! [`Context`]. Produces: JSON Lines on stdout (`--json`), human output and
//! progress on stderr, and a typed [`Error`] for `main` to turn into an exit
//! status.
//!
//! Must never: print a transcript or other personal data to logs; human
//! output of a transcript goes to the user's own terminal only.

mod ask;
mod bench;
mod catalog;
mod model;
mod parse;
mod suite;
mod transcribe;

pub use ask::{ask, privacy_log};
pub use bench::{bench_asr, bench_score};
pub use catalog::{catalog_check, catalog_serve};
pub use model::{model_fetch, model_info};
pub use parse::parse;
pub use suite::suite_run;
pub use transcribe::transcribe;

use std::io::Write;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::GlobalArgs;
use crate::error::Error;
use crate::settings::{self, Settings};

/// What every command needs: settings, paths, output mode.
#[derive(Debug, Clone)]
pub struct Context {
    /// The validated configuration.
    pub settings: Settings,
    /// The data directory (not created until something is written).
    pub data_dir: PathBuf,
    /// The model named with `--model` / `HUSHCART_MODEL`, if any.
    pub model_override: Option<PathBuf>,
    /// No progress bars or human chatter.
    pub quiet: bool,
}

impl Context {
    /// Resolve the global options: read the config file, find the data dir.
    pub fn from_args(global: &GlobalArgs) -> Result<Context, Error> {
        let settings = match &global.config {
            Some(path) => Settings::load(path, true)?,
            None => match settings::default_config_path() {
                Some(path) => Settings::load(&path, false)?,
                None => Settings::default(),
            },
        };
        let data_dir = match &global.data_dir {
            Some(dir) => dir.clone(),
            None => settings::default_data_dir()?,
        };
        Ok(Context {
            settings,
            data_dir,
            model_override: global.model.clone(),
            quiet: global.quiet,
        })
    }

    /// The model file to use: `--model`, else the provisioned default. A
    /// missing default is an error that says how to provision it.
    pub fn model_path(&self) -> Result<PathBuf, Error> {
        if let Some(path) = &self.model_override {
            return Ok(path.clone());
        }
        let path = crate::model::default_model_path(&self.data_dir)?;
        if path.exists() {
            Ok(path)
        } else {
            Err(Error::NoModel(path))
        }
    }

    /// A progress bar on stderr (hidden when quiet or not a terminal).
    pub fn progress_bar(&self, total: Option<u64>) -> ProgressBar {
        let bar = match total {
            Some(n) => ProgressBar::new(n).with_style(
                ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        if self.quiet {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        } else {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
        bar
    }

    /// Print a human line on stderr unless quiet.
    pub fn say(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }
}

/// Write one JSON line to stdout.
pub(crate) fn print_json(value: &serde_json::Value) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Peak resident memory of this process, in bytes (Linux `VmHWM`).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
