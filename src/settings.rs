//! Settings: the TOML configuration file and the paths hushcart works with.
//!
//! Owns: reading `config.toml` into a validated [`Settings`], and resolving
//! the data directory and model path from flags, environment and defaults.
//! What the assistant does lives in the file; how one process runs lives in
//! command-line flags, which override the file where both exist.
//!
//! Must never: accept an unknown key silently (a typo would otherwise be a
//! setting that quietly does nothing), or create files; it only reads.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Longest recording a command accepts unless configured otherwise (seconds).
pub const DEFAULT_MAX_AUDIO_SECONDS: f64 = 30.0;

/// Errors reading or validating the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file named with `--config` could not be read.
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML, has an unknown key or a value of the wrong type.
    #[error("invalid configuration file {path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The TOML parser's explanation, naming the key.
        message: String,
    },
    /// A value is of the right type but out of range.
    #[error("invalid configuration file {path}: {key} {problem}")]
    OutOfRange {
        /// The file (or `<flags>` when the value came from the command line).
        path: PathBuf,
        /// The dotted key.
        key: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// Neither `$XDG_DATA_HOME` nor `$HOME` is set, so there is no default data directory.
    #[error("no data directory: set --data-dir, HUSHCART_DATA_DIR, XDG_DATA_HOME or HOME")]
    NoDataDir,
}

/// The validated configuration. Every field has a documented default, so an
/// empty or missing file works.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Speech recognition.
    pub asr: AsrSettings,
}

/// The `[asr]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AsrSettings {
    /// Decoder threads; `None` means all cores.
    pub threads: Option<usize>,
    /// Size the encoder window to the utterance (the short-utterance mode).
    pub short_window: bool,
    /// Prime the recogniser with the words of shopping commands
    /// (`asr::DOMAIN_PROMPT`).
    pub domain_prompt: bool,
    /// The longest recording a command accepts, in seconds; longer audio is
    /// refused, never truncated.
    pub max_audio_seconds: f64,
}

impl Default for AsrSettings {
    fn default() -> Self {
        AsrSettings {
            threads: None,
            short_window: true,
            domain_prompt: true,
            max_audio_seconds: DEFAULT_MAX_AUDIO_SECONDS,
        }
    }
}

impl AsrSettings {
    /// The thread count to use: the configured one, else every core.
    pub fn effective_threads(&self) -> usize {
        self.threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
    }
}

impl Settings {
    /// Parse and validate TOML text; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &Path) -> Result<Settings, ConfigError> {
        let settings: Settings = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: e.message().to_string()
                + &e.span()
                    .map(|s| format!(" (at byte {})", s.start))
                    .unwrap_or_default(),
        })?;
        settings.validate(path)?;
        Ok(settings)
    }

    /// Load the file at `path`. When `explicit` is false and the file does
    /// not exist, the defaults are returned (a missing default config is fine;
    /// a missing file the user named is an error).
    pub fn load(path: &Path, explicit: bool) -> Result<Settings, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Settings::from_toml(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(Settings::default())
            }
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Check ranges that the type system does not.
    pub fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let bad = |key, problem: &str| ConfigError::OutOfRange {
            path: path.to_path_buf(),
            key,
            problem: problem.to_string(),
        };
        if let Some(t) = self.asr.threads {
            if t == 0 || t > 256 {
                return Err(bad("asr.threads", "must be between 1 and 256"));
            }
        }
        let max = self.asr.max_audio_seconds;
        if !(max.is_finite() && max > 0.0 && max <= 3600.0) {
            return Err(bad(
                "asr.max_audio_seconds",
                "must be more than 0 and at most 3600",
            ));
        }
        Ok(())
    }
}

/// `$XDG_CONFIG_HOME/hushcart/config.toml` (or `~/.config/...`).
pub fn default_config_path() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config").map(|d| d.join("hushcart").join("config.toml"))
}

/// `$XDG_DATA_HOME/hushcart` (or `~/.local/share/hushcart`).
pub fn default_data_dir() -> Result<PathBuf, ConfigError> {
    xdg_dir("XDG_DATA_HOME", ".local/share")
        .map(|d| d.join("hushcart"))
        .ok_or(ConfigError::NoDataDir)
}

fn xdg_dir(var: &str, fallback_under_home: &str) -> Option<PathBuf> {
    let from_var = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    from_var.or_else(|| {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(fallback_under_home))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, ConfigError> {
        Settings::from_toml(text, Path::new("test.toml"))
    }

    #[test]
    fn empty_file_gives_documented_defaults() {
        let s = parse("").unwrap();
        assert_eq!(s, Settings::default());
        assert!(s.asr.short_window);
        assert_eq!(s.asr.threads, None);
        assert_eq!(s.asr.max_audio_seconds, DEFAULT_MAX_AUDIO_SECONDS);
    }

    #[test]
    fn asr_keys_are_read() {
        let s =
            parse("[asr]\nthreads = 2\nshort_window = false\nmax_audio_seconds = 12.5\n").unwrap();
        assert_eq!(s.asr.threads, Some(2));
        assert!(!s.asr.short_window);
        assert_eq!(s.asr.max_audio_seconds, 12.5);
        assert_eq!(s.asr.effective_threads(), 2);
    }

    #[test]
    fn unknown_key_is_an_error_naming_key_and_file() {
        let err = parse("[asr]\nthread = 2\n").unwrap_err().to_string();
        assert!(err.contains("thread"), "{err}");
        assert!(err.contains("test.toml"), "{err}");
        let err = parse("[nonsense]\n").unwrap_err().to_string();
        assert!(err.contains("nonsense"), "{err}");
    }

    #[test]
    fn out_of_range_values_are_refused() {
        assert!(parse("[asr]\nthreads = 0\n").is_err());
        assert!(parse("[asr]\nmax_audio_seconds = -1\n").is_err());
        assert!(parse("[asr]\nmax_audio_seconds = nan\n").is_err());
        assert!(parse("[asr]\nthreads = \"two\"\n").is_err());
    }

    #[test]
    fn missing_default_file_is_fine_but_missing_named_file_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        assert_eq!(
            Settings::load(&missing, false).unwrap(),
            Settings::default()
        );
        assert!(matches!(
            Settings::load(&missing, true),
            Err(ConfigError::Read { .. })
        ));
    }
}
