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
        if case.id.trim().is_empty() {
            problem("empty id".to_string());
        } else if !ids.insert(case.id.clone()) {
            problem(format!("duplicate id '{}'", case.id));
        }
        if let Some(audio) = &case.audio {
            let resolved = base.join(audio);
            if !resolved.is_file() {
                problem(format!("audio file {} does not exist", resolved.display()));
            }
            case.audio = Some(resolved);
        }
        cases.push(case);
    }
    if problems.is_empty() {
        Ok(cases)
    } else {
        Err(problems)
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
}
