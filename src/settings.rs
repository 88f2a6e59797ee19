//! Settings: the TOML configuration file and the paths hushcart works with.
//!
//! Owns: reading `config.toml` into a validated [`Settings`], and resolving
//! the data directory and model path from flags, environment and defaults.
//! What the assistant does lives in the file; how one process runs lives in
//! command-line flags, which override the file where both exist.
//!
//! Must never: accept an unknown key silently (a typo would otherwise be a
//! setting that quietly does nothing), or create files; it only reads.

use std::collections::BTreeMap;
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
        key: String,
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
    /// Which catalog answers queries.
    pub catalog: CatalogSettings,
    /// The retailers the shopper has configured, by name.
    pub retailers: BTreeMap<String, RetailerSettings>,
    /// What a query may carry beyond its terms.
    pub privacy: PrivacySettings,
    /// History (kept by the encrypted history store).
    pub history: HistorySettings,
}

/// The name of the embedded catalog in `[catalog] retailer`.
pub const LOCAL_CATALOG: &str = "local";

/// Default `[retailers.X] timeout_seconds`: the whole exchange.
pub const DEFAULT_RETAILER_TIMEOUT_SECONDS: f64 = 10.0;

/// Default `[retailers.X] connect_timeout_seconds`: connect and TLS handshake.
pub const DEFAULT_RETAILER_CONNECT_TIMEOUT_SECONDS: f64 = 5.0;

/// Default `[history] retention_days`.
pub const DEFAULT_RETENTION_DAYS: u32 = 365;

/// The `[catalog]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CatalogSettings {
    /// `"local"` (the embedded demo catalog) or the name of a `[retailers.X]`
    /// table.
    pub retailer: String,
    /// When true nothing ever leaves the device: the embedded catalog only.
    pub offline: bool,
}

impl Default for CatalogSettings {
    fn default() -> Self {
        CatalogSettings {
            retailer: LOCAL_CATALOG.to_string(),
            offline: false,
        }
    }
}

/// A `[retailers.X]` table: one retailer's catalog endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetailerSettings {
    /// `https://host[:port]`, speaking the hushcart catalog protocol v1.
    pub url: String,
    /// Trust this CA (PEM) instead of the platform roots.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    /// The shopper's opt-in: without `consent = true` the retailer is never
    /// contacted.
    #[serde(default)]
    pub consent: bool,
    /// Seconds for a whole exchange.
    #[serde(default = "default_retailer_timeout")]
    pub timeout_seconds: f64,
    /// Seconds to connect and finish the TLS handshake.
    #[serde(default = "default_retailer_connect_timeout")]
    pub connect_timeout_seconds: f64,
}

fn default_retailer_timeout() -> f64 {
    DEFAULT_RETAILER_TIMEOUT_SECONDS
}

fn default_retailer_connect_timeout() -> f64 {
    DEFAULT_RETAILER_CONNECT_TIMEOUT_SECONDS
}

/// The `[privacy]` table. Each switch can only keep a field back.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacySettings {
    /// Send price limits (rounded outward to coarse buckets); false keeps
    /// them on the device.
    pub send_prices: bool,
    /// Send a size and colour the retailer publishes; false keeps them on
    /// the device.
    pub send_size_and_color: bool,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            send_prices: true,
            send_size_and_color: true,
        }
    }
}

impl PrivacySettings {
    /// The minimization policy these settings ask for.
    pub fn policy(&self) -> crate::privacy::Policy {
        crate::privacy::Policy {
            send_prices: self.send_prices,
            send_size_and_color: self.send_size_and_color,
        }
    }
}

/// The `[history]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HistorySettings {
    /// History entries expire after this many days.
    pub retention_days: u32,
}

impl Default for HistorySettings {
    fn default() -> Self {
        HistorySettings {
            retention_days: DEFAULT_RETENTION_DAYS,
        }
    }
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
    /// When a transcript does not read as a clear command, decode the audio
    /// a second way and keep whichever reads better (`hear`).
    pub second_opinion: bool,
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
            second_opinion: true,
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
        let bad = |key: &str, problem: &str| ConfigError::OutOfRange {
            path: path.to_path_buf(),
            key: key.to_string(),
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
        let retailer = &self.catalog.retailer;
        if retailer != LOCAL_CATALOG && !self.retailers.contains_key(retailer) {
            return Err(bad(
                "catalog.retailer",
                &format!("names no [retailers.{retailer}] table (use \"local\" or add the table)"),
            ));
        }
        if self.history.retention_days == 0 {
            return Err(bad("history.retention_days", "must be at least 1"));
        }
        for (name, r) in &self.retailers {
            let key = |k: &str| format!("retailers.{name}.{k}");
            if name == LOCAL_CATALOG
                || name.is_empty()
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return Err(bad(
                    &format!("retailers.{name}"),
                    "must be named with letters, digits, - or _ (and not \"local\")",
                ));
            }
            if !r.url.starts_with("https://") {
                return Err(bad(&key("url"), "must be an https:// URL"));
            }
            for (k, v) in [
                ("timeout_seconds", r.timeout_seconds),
                ("connect_timeout_seconds", r.connect_timeout_seconds),
            ] {
                if !(v.is_finite() && v > 0.0 && v <= 300.0) {
                    return Err(bad(&key(k), "must be more than 0 and at most 300"));
                }
            }
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
        assert!(s.asr.second_opinion, "on unless turned off");
        assert!(
            !parse("[asr]\nsecond_opinion = false\n")
                .unwrap()
                .asr
                .second_opinion
        );
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
    fn catalog_tables_have_safe_defaults() {
        let s = parse("").unwrap();
        assert_eq!(s.catalog.retailer, LOCAL_CATALOG);
        assert!(!s.catalog.offline);
        assert!(s.retailers.is_empty());
        assert_eq!(s.history.retention_days, DEFAULT_RETENTION_DAYS);
        let s = parse("[retailers.acme]\nurl = \"https://catalog.acme.example\"\n").unwrap();
        assert!(!s.retailers["acme"].consent, "consent is opt-in");
        assert_eq!(
            s.retailers["acme"].timeout_seconds,
            DEFAULT_RETAILER_TIMEOUT_SECONDS
        );
    }

    #[test]
    fn the_cli_spec_example_configuration_is_accepted() {
        let text = r#"
[asr]
threads = 2
short_window = true

[catalog]
retailer = "local"
offline = false

[retailers.acme]
url = "https://catalog.acme.example"
ca_file = "/etc/hushcart/acme-ca.pem"
consent = true

[history]
retention_days = 365
"#;
        let s = parse(text).unwrap();
        assert!(s.retailers["acme"].consent);
        assert_eq!(
            s.retailers["acme"].ca_file.as_deref(),
            Some(Path::new("/etc/hushcart/acme-ca.pem"))
        );
    }

    #[test]
    fn retailer_mistakes_are_named() {
        let cases = [
            ("[catalog]\nretailer = \"acme\"\n", "catalog.retailer"),
            (
                "[retailers.acme]\nurl = \"http://x\"\n",
                "retailers.acme.url",
            ),
            (
                "[retailers.acme]\nurl = \"https://x\"\ntimeout_seconds = 0\n",
                "retailers.acme.timeout_seconds",
            ),
            (
                "[retailers.acme]\nurl = \"https://x\"\ncookie = \"yes\"\n",
                "cookie",
            ),
            ("[retailers.acme]\nconsent = true\n", "url"),
            (
                "[retailers.local]\nurl = \"https://x\"\n",
                "retailers.local",
            ),
            ("[history]\nretention_days = 0\n", "history.retention_days"),
        ];
        for (text, key) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(key), "{text}: {err}");
            assert!(err.contains("test.toml"), "{err}");
        }
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
