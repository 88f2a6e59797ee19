//! Test-suite manifests (`suite.jsonl`, spec/intents.md): reading and
//! validating them.
//!
//! Takes: a manifest file. Produces: [`Case`]s with audio paths resolved
//! against the manifest's folder. Every problem is collected with its line
//! number before anything runs, so a tester fixes the file in one go.
//!
//! Must never: stop at the first problem, or accept a case it would later
//! fail to run (missing audio, duplicate id).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Manifests larger than this are refused (a suite of 100,000 cases fits).
const MAX_MANIFEST_BYTES: u64 = 64 << 20;

/// One labelled case.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique id.
    pub id: String,
    /// The recording, resolved against the manifest's folder.
    #[serde(default)]
    pub audio: Option<PathBuf>,
    /// The reference transcript ("" for silence and noise).
    pub transcript: String,
    /// The expected intent.
    pub intent: String,
    /// The expected slots, as JSON.
    #[serde(default)]
    pub slots: serde_json::Map<String, serde_json::Value>,
    /// Free-form tags (voice, speed, noise, ...).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The 1-based line of the manifest the case came from.
    #[serde(skip)]
    pub line: usize,
}

/// One problem in a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Why a manifest could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The file could not be read.
    #[error("cannot read the manifest {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is larger than any plausible manifest.
    #[error("the manifest {path} is larger than {MAX_MANIFEST_BYTES} bytes")]
    TooLarge {
        /// The file.
        path: PathBuf,
    },
    /// One or more lines are invalid; all of them are listed.
    #[error("the manifest {path} has {} problem(s); nothing was run:\n{}", problems.len(), format_problems(path, problems))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

fn format_problems(path: &Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {}:{}: {}", path.display(), p.line, p.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read and validate a manifest. Blank lines and lines starting with `#`
/// are skipped.
pub fn read(path: &Path) -> Result<Vec<Case>, ManifestError> {
    let read_err = |source| ManifestError::Read {
        path: path.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(read_err)?.len();
    if len > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let text = std::fs::read_to_string(path).map_err(read_err)?;
    let base = path.parent().unwrap_or_else(|| Path::new("."));
    parse(&text, base).map_err(|problems| ManifestError::Invalid {
        path: path.to_path_buf(),
        problems,
    })
}

/// Parse manifest text; audio paths are resolved against `base` and must exist.
pub fn parse(text: &str, base: &Path) -> Result<Vec<Case>, Vec<Problem>> {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut problem = |message: String| {
            problems.push(Problem {
                line: number,
                message,
            })
        };
        let mut case: Case = match serde_json::from_str(trimmed) {
            Ok(case) => case,
            Err(e) => {
                problem(format!("not a valid case: {e}"));
                continue;
            }
        };
        case.line = number;
        if case.id.trim().is_empty() {
            problem("empty id".to_string());
        } else if !ids.insert(case.id.clone()) {
            problem(format!("duplicate id '{}'", case.id));
        }
        if let Some(audio) = &case.audio {
            let resolved = base.join(audio);
            if !resolved.is_file() {
                problem(format!("audio file {} does not exist", resolved.display()));
            } else if let Err(e) = std::fs::File::open(&resolved).and_then(|mut f| {
                use std::io::Read;
                f.read(&mut [0u8; 1])
            }) {
                problem(format!(
                    "audio file {} cannot be read: {e}",
                    resolved.display()
                ));
            }
            case.audio = Some(resolved);
        }
        if crate::intent::IntentKind::from_name(&case.intent).is_none() {
            problem(format!(
                "unknown intent '{}' (one of: {})",
                case.intent,
                crate::intent::IntentKind::ALL.map(|k| k.name()).join(", ")
            ));
        }
        for (name, value) in &case.slots {
            if let Err(why) = check_slot(name, value) {
                problem(format!("slot '{name}': {why}"));
            }
        }
        cases.push(case);
    }
    if problems.is_empty() {
        Ok(cases)
    } else {
        Err(problems)
    }
}

/// Units the spec allows.
const UNITS: [&str; 10] = [
    "pack", "bottle", "box", "bag", "can", "pound", "kilogram", "ounce", "liter", "gallon",
];
/// Sort orders the spec allows.
const SORTS: [&str; 3] = ["price_asc", "price_desc", "rating"];

/// A slot's value against the spec's slot table: its name and type, and
/// for `unit` and `sort` the allowed values.
fn check_slot(name: &str, value: &serde_json::Value) -> Result<(), String> {
    use serde_json::Value;
    let text = |v: &Value| -> Result<String, String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
            Value::String(_) => Err("is empty (leave an absent slot out)".to_string()),
            other => Err(format!("must be a string, not {other}")),
        }
    };
    match name {
        "product" | "brand" | "size" | "color" => text(value).map(|_| ()),
        "unit" => {
            let unit = text(value)?;
            if UNITS.contains(&unit.as_str()) {
                Ok(())
            } else {
                Err(format!("'{unit}' is not a unit (one of: {})", UNITS.join(", ")))
            }
        }
        "sort" => {
            let sort = text(value)?;
            if SORTS.contains(&sort.as_str()) {
                Ok(())
            } else {
                Err(format!("'{sort}' is not a sort order (one of: {})", SORTS.join(", ")))
            }
        }
        "quantity" => match value.as_u64() {
            Some(n) if n >= 1 && n <= u64::from(u32::MAX) => Ok(()),
            _ => Err(format!("must be a positive integer, not {value}")),
        },
        "max_price" | "min_price" => match value.as_f64() {
            Some(v) if v.is_finite() && v >= 0.0 => Ok(()),
            _ => Err(format!("must be a non-negative number, not {value}")),
        },
        "attributes" | "avoid" => match value {
            Value::Array(items) if items.iter().all(|i| i.as_str().is_some_and(|s| !s.trim().is_empty())) => Ok(()),
            _ => Err(format!("must be a list of non-empty strings, not {value}")),
        },
        _ => Err("unknown slot (one of: product, brand, quantity, unit, size, color, max_price, min_price, attributes, avoid, sort)".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_lines_parse_with_audio_resolved() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.wav"), b"x").unwrap();
        let text = "{\"id\": \"a\", \"audio\": \"a.wav\", \"transcript\": \"add eggs\", \"intent\": \"add_to_cart\", \"slots\": {\"product\": \"eggs\"}, \"tags\": [\"tts\"]}\n\n# comment\n";
        let cases = parse(text, dir.path()).unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(
            cases[0].audio.as_deref(),
            Some(dir.path().join("a.wav").as_path())
        );
        assert_eq!(cases[0].slots["product"], "eggs");
    }

    #[test]
    fn every_problem_is_listed_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let text = [
            r#"{"id": "a", "transcript": "x", "intent": "help"}"#,
            r#"{"id": "a", "transcript": "y", "intent": "help"}"#,
            r#"not json"#,
            r#"{"id": "b", "audio": "missing.wav", "transcript": "z", "intent": "help"}"#,
        ]
        .join("\n");
        let problems = parse(&text, dir.path()).unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3, 4], "{problems:?}");
        assert!(problems[0].message.contains("duplicate"));
        assert!(problems[2].message.contains("missing.wav"));
    }

    #[test]
    fn every_problem_is_listed_with_its_line_number() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.wav"), b"x").unwrap();
        let text = [
            r#"{"id": "a", "audio": "a.wav", "transcript": "", "intent": "search", "slots": {}}"#,
            r#"{"id": "a", "audio": "a.wav", "transcript": "", "intent": "search", "slots": {}}"#,
            r#"{"id": "b", "audio": "missing.wav", "transcript": "", "intent": "search", "slots": {}}"#,
            r#"{"id": "c", "audio": "a.wav", "transcript": "", "intent": "buy_stuff", "slots": {}}"#,
            r#"{"id": "d", "audio": "a.wav", "transcript": "", "intent": "add_to_cart", "slots": {"quantity": "two"}}"#,
            r#"{"id": "e", "audio": "a.wav", "transcript": "", "intent": "add_to_cart", "slots": {"unit": "crate", "colour": "red"}}"#,
            r#"{"id": "f", "audio": "a.wav", "transcript": "", "intent": "search", "slots": {"attributes": "organic", "max_price": -1}}"#,
            "not json",
        ]
        .join("\n");
        let problems = parse(&text, dir.path()).unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 6, 7, 7, 8], "{problems:#?}");
        let all: String = problems.iter().map(|p| p.message.clone() + "\n").collect();
        for needle in [
            "duplicate id 'a'",
            "missing.wav does not exist",
            "unknown intent 'buy_stuff'",
            "slot 'quantity': must be a positive integer",
            "slot 'unit': 'crate' is not a unit",
            "slot 'colour': unknown slot",
            "slot 'attributes': must be a list",
            "slot 'max_price': must be a non-negative number",
            "not a valid case",
        ] {
            assert!(all.contains(needle), "{needle:?} not in:\n{all}");
        }
    }
}
