//! The shopper's profile: lasting preferences kept on the device, and where
//! they come from ([`ProfileStore`]; for now the shopper's own
//! `profile.toml`, [`FileProfile`]).
//!
//! Must never: write the profile file, or put a value from it into an error
//! message or a log (the avoid list can reveal allergies and diets).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file name of the profile in the data directory.
pub const PROFILE_FILE_NAME: &str = "profile.toml";

/// Largest profile file read (bytes); a larger one is refused as invalid.
pub const MAX_PROFILE_BYTES: u64 = 1024 * 1024;

/// The top-level keys a profile file may have, in the order they are
/// documented.
const KNOWN_KEYS: [&str; 5] = [
    "preferred_brands",
    "preferred_attributes",
    "avoid",
    "preferred_colors",
    "sizes",
];

/// The shopper's lasting preferences, kept on the device.
///
/// `Debug` shows the contents: for tests only; a profile (the avoid list
/// above all) must never be logged.
///
/// ```toml
/// preferred_brands = ["oatly"]
/// preferred_attributes = ["organic", "gluten-free"]
/// avoid = ["peanut", "dairy", "acme"]
/// preferred_colors = ["navy"]
///
/// [sizes]
/// shoes = "10"
/// clothing = "medium"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// Brands to rank higher, lower case ("oatly").
    pub preferred_brands: Vec<String>,
    /// Attributes to rank higher, canonical ("organic", "gluten-free").
    pub preferred_attributes: Vec<String>,
    /// Words, ingredients or brands to keep out of results ("peanut",
    /// "dairy", "acme"); matched as words, never inferred (see
    /// [`rank`](super::rank)).
    pub avoid: Vec<String>,
    /// Colours to rank higher, lower case.
    pub preferred_colors: Vec<String>,
    /// Usual size by product word or category ("shoes" = "10", "clothing" =
    /// "medium"): a soft preference, never a filter.
    pub sizes: BTreeMap<String, String>,
}

/// Where a profile comes from. The encrypted history store will implement
/// this later; for now [`FileProfile`].
pub trait ProfileStore {
    /// The current profile (the empty profile when there is none yet).
    fn load(&self) -> Result<Profile, ProfileError>;
}

/// `profile.toml` in the data directory, written by the shopper.
///
/// A missing file is the empty profile; a key the profile does not have is
/// an error naming the key and the file; hushcart never writes the file.
/// Sizes may be written as text or as numbers (`shoes = 10.5`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProfile {
    path: PathBuf,
}

impl FileProfile {
    /// The profile in a data directory: `<dir>/profile.toml`.
    pub fn in_data_dir(dir: &Path) -> Self {
        Self::at(dir.join(PROFILE_FILE_NAME))
    }

    /// The profile at an explicit path.
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// Where the profile is read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn invalid(&self, message: impl Into<String>) -> ProfileError {
        ProfileError::Invalid {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// Parse the text of a profile file. Every message is written here, from
    /// key names and positions only: the toml and serde messages can quote
    /// the text, so none of them is passed on.
    fn parse(&self, text: &str) -> Result<Profile, ProfileError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|span| {
                    let (line, column) = line_column(text, span.start);
                    format!(" at line {line}, column {column}")
                })
                .unwrap_or_default();
            self.invalid(format!("it is not valid TOML{at}"))
        })?;
        let mut profile = Profile::default();
        for (key, value) in &table {
            match key.as_str() {
                "preferred_brands" => profile.preferred_brands = self.strings(key, value)?,
                "preferred_attributes" => {
                    profile.preferred_attributes = self.strings(key, value)?
                }
                "avoid" => profile.avoid = self.strings(key, value)?,
                "preferred_colors" => profile.preferred_colors = self.strings(key, value)?,
                "sizes" => profile.sizes = self.sizes(value)?,
                _ => {
                    return Err(self.invalid(format!(
                        "unknown key `{key}` (the keys are {})",
                        KNOWN_KEYS.map(|k| format!("`{k}`")).join(", ")
                    )))
                }
            }
        }
        Ok(profile)
    }

    fn strings(&self, key: &str, value: &toml::Value) -> Result<Vec<String>, ProfileError> {
        let not_list = || self.invalid(format!("`{key}` must be a list of text strings"));
        let items = value.as_array().ok_or_else(not_list)?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    self.invalid(format!("`{key}` item {} must be a text string", i + 1))
                })
            })
            .collect()
    }

    fn sizes(&self, value: &toml::Value) -> Result<BTreeMap<String, String>, ProfileError> {
        let table = value.as_table().ok_or_else(|| {
            self.invalid("`sizes` must be a table of sizes by product or category ([sizes])")
        })?;
        table
            .iter()
            .map(|(key, size)| {
                let size = match size {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(x) if x.is_finite() => x.to_string(),
                    _ => {
                        return Err(self
                            .invalid(format!("`sizes.{key}` must be a size as text or a number")))
                    }
                };
                Ok((key.clone(), size))
            })
            .collect()
    }
}

impl ProfileStore for FileProfile {
    fn load(&self) -> Result<Profile, ProfileError> {
        let read_error = |source| ProfileError::Read {
            path: self.path.clone(),
            source,
        };
        let text = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Profile::default()),
            Err(e) => return Err(read_error(e)),
        };
        if text.len() as u64 > MAX_PROFILE_BYTES {
            return Err(self.invalid(format!("it is larger than {MAX_PROFILE_BYTES} bytes")));
        }
        let text = String::from_utf8(text).map_err(|e| {
            let (line, column) = line_column_bytes(e.as_bytes(), e.utf8_error().valid_up_to());
            self.invalid(format!(
                "it is not UTF-8 text (line {line}, column {column})"
            ))
        })?;
        self.parse(&text)
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// 1-based line and column (in bytes) of a byte offset in raw bytes.
fn line_column_bytes(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

/// Why the profile could not be loaded. Messages name the file and the key,
/// never a value from the file.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file exists but could not be read.
    #[error("cannot read the profile {}: {source}", path.display())]
    Read {
        /// The profile file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not a valid profile.
    #[error("the profile {} is invalid: {message}", path.display())]
    Invalid {
        /// The profile file.
        path: PathBuf,
        /// What is wrong, naming the key (never its value).
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value that must never appear in an error message.
    const SECRET: &str = "zanzibar-shellfish-7731";

    fn write(dir: &Path, text: &str) -> FileProfile {
        std::fs::write(dir.join(PROFILE_FILE_NAME), text).unwrap();
        FileProfile::in_data_dir(dir)
    }

    #[test]
    fn missing_file_is_the_empty_profile() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileProfile::in_data_dir(dir.path());
        assert_eq!(store.path(), dir.path().join("profile.toml"));
        assert_eq!(store.load().unwrap(), Profile::default());
    }

    #[test]
    fn valid_profile_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = write(
            dir.path(),
            r#"
            preferred_brands = ["oatly"]
            preferred_attributes = ["organic", "gluten-free"]
            avoid = ["peanut", "dairy"]
            preferred_colors = ["navy"]

            [sizes]
            shoes = 10.5
            socks = 9
            clothing = "medium"
            "#,
        );
        let want = Profile {
            preferred_brands: vec!["oatly".into()],
            preferred_attributes: vec!["organic".into(), "gluten-free".into()],
            avoid: vec!["peanut".into(), "dairy".into()],
            preferred_colors: vec!["navy".into()],
            sizes: [("shoes", "10.5"), ("socks", "9"), ("clothing", "medium")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .into(),
        };
        assert_eq!(store.load().unwrap(), want);
    }

    #[test]
    fn partial_and_empty_profiles_default_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let store = write(dir.path(), "");
        assert_eq!(store.load().unwrap(), Profile::default());
        let store = write(dir.path(), "avoid = [\"peanut\"]\n");
        let want = Profile {
            avoid: vec!["peanut".into()],
            ..Profile::default()
        };
        assert_eq!(store.load().unwrap(), want);
    }

    /// Every invalid file: the message names the file and what is wrong,
    /// and never contains a value from the file.
    #[test]
    fn invalid_profiles_are_refused_without_their_values() {
        // (file text, words the message must contain)
        let rows: [(String, &[&str]); 8] = [
            (
                format!("favourite_snack = \"{SECRET}\"\n"),
                &["unknown key `favourite_snack`", "`avoid`"],
            ),
            (
                format!("[diet]\nnote = \"{SECRET}\"\n"),
                &["unknown key `diet`"],
            ),
            (
                format!("avoid = [\"{SECRET}\"\npreferred_brands = []\n"),
                &["not valid TOML", "line "],
            ),
            (
                format!("avoid = \"{SECRET}\"\n"),
                &["`avoid` must be a list"],
            ),
            (
                format!("avoid = [\"peanut\", 7]\npreferred_brands = [\"{SECRET}\"]\n"),
                &["`avoid` item 2 must be a text string"],
            ),
            (
                format!("sizes = \"{SECRET}\"\n"),
                &["`sizes` must be a table"],
            ),
            (
                format!("[sizes]\nshoes = [\"{SECRET}\"]\n"),
                &["`sizes.shoes` must be a size"],
            ),
            (
                format!("avoid = [\"{SECRET}\"]\navoid = [\"{SECRET}\"]\n"),
                &["not valid TOML"],
            ),
        ];
        for (text, want) in rows {
            let dir = tempfile::tempdir().unwrap();
            let store = write(dir.path(), &text);
            let err = store.load().unwrap_err();
            assert!(
                matches!(err, ProfileError::Invalid { .. }),
                "{text}: {err:?}"
            );
            let message = err.to_string();
            assert!(
                message.contains(&store.path().display().to_string()),
                "{message}"
            );
            for w in want {
                assert!(message.contains(w), "{text}: {message:?} lacks {w:?}");
            }
            assert!(
                !message.contains("zanzibar"),
                "{text}: {message:?} leaks a value"
            );
        }
    }

    #[test]
    fn syntax_errors_give_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let store = write(
            dir.path(),
            &format!("avoid = []\n\nsizes = {{ shoes = {SECRET} }}\n"),
        );
        let message = store.load().unwrap_err().to_string();
        assert!(message.contains("not valid TOML at line 3"), "{message}");
        assert!(!message.contains("zanzibar"), "{message}");
    }

    #[test]
    fn non_utf8_file_is_refused_without_its_contents() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(PROFILE_FILE_NAME),
            [b"avoid = [\"zanzibar\xff\"]".as_slice()].concat(),
        )
        .unwrap();
        let message = FileProfile::in_data_dir(dir.path())
            .load()
            .unwrap_err()
            .to_string();
        assert!(message.contains("not UTF-8 text (line 1"), "{message}");
        assert!(!message.contains("zanzibar"), "{message}");
    }

    #[test]
    fn unreadable_profile_is_a_read_error() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be cannot be read as a file.
        let store = FileProfile::at(dir.path());
        let err = store.load().unwrap_err();
        assert!(matches!(err, ProfileError::Read { .. }), "{err:?}");
        assert!(err.to_string().contains(&dir.path().display().to_string()));
    }

    #[test]
    fn profile_serde_refuses_unknown_fields() {
        // The derive serves other stores (JSON, the history store later).
        let ok: Profile = serde_json::from_str(r#"{"avoid":["peanut"]}"#).unwrap();
        assert_eq!(ok.avoid, ["peanut"]);
        assert!(serde_json::from_str::<Profile>(r#"{"avoid":[],"x":1}"#).is_err());
    }
}
