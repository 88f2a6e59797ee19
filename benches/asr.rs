//! `cargo bench --bench asr`: speech-recognition speed, memory and accuracy
//! for both weight types (q8_0, f16) and both modes (short window, full
//! window) over the bundled recordings, and, for q8_0, what a command costs
//! with the second opinion and the parse (`short+hear`, see `hushcart::hear`).
//!
//! Each configuration runs as its own `hushcart bench asr` process, so the
//! peak memory printed is that configuration's alone. The f16 model is
//! provisioned with `hushcart model fetch --f16` if it is missing.
//! Environment: `HUSHCART_BENCH_MANIFEST` (default
//! `assets/audio/suite.jsonl`), `HUSHCART_BENCH_THREADS` (default: all
//! cores), `HUSHCART_BENCH_REPEAT` (default 3), and the usual
//! `HUSHCART_DATA_DIR`.

use std::path::PathBuf;
use std::process::Command;

fn hushcart() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hushcart"))
}

/// Provision a model (idempotent) and return its path.
fn provision(f16: bool) -> Result<PathBuf, String> {
    let mut cmd = hushcart();
    cmd.args(["model", "fetch", "--json", "-q"]);
    if f16 {
        cmd.arg("--f16");
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    line["path"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "model fetch printed no path".to_string())
}

fn main() {
    // `cargo bench` passes --bench; a filter argument is not supported here.
    let manifest = std::env::var("HUSHCART_BENCH_MANIFEST")
        .unwrap_or_else(|_| "assets/audio/suite.jsonl".to_string());
    let repeat = std::env::var("HUSHCART_BENCH_REPEAT").unwrap_or_else(|_| "3".to_string());
    let threads = std::env::var("HUSHCART_BENCH_THREADS").ok();

    let mut rows = Vec::new();
    for (label, f16) in [("q8_0", false), ("f16", true)] {
        let model = match provision(f16) {
            Ok(path) => path,
            Err(why) => {
                eprintln!("skipping {label}: cannot provision the model: {why}");
                continue;
            }
        };
        // The recogniser alone in both modes, then (default weights only)
        // what a command costs with the second opinion and the parse.
        let modes: &[(bool, bool)] = if f16 {
            &[(false, false), (true, false)]
        } else {
            &[(false, false), (true, false), (false, true)]
        };
        for &(full, hear) in modes {
            let mut cmd = hushcart();
            cmd.args([
                "bench",
                "asr",
                "-q",
                "--manifest",
                &manifest,
                "--repeat",
                &repeat,
            ]);
            cmd.arg("--model").arg(&model);
            if full {
                cmd.arg("--full-window");
            }
            if hear {
                cmd.arg("--hear");
            }
            if let Some(t) = &threads {
                cmd.args(["--threads", t]);
            }
            let out = cmd.output().expect("run hushcart bench asr");
            if !out.status.success() {
                eprintln!(
                    "{label} {}: failed: {}",
                    if full {
                        "full"
                    } else if hear {
                        "short+hear"
                    } else {
                        "short"
                    },
                    String::from_utf8_lossy(&out.stderr)
                );
                std::process::exit(1);
            }
            let summary: serde_json::Value =
                serde_json::from_slice(&out.stdout).expect("bench asr prints one JSON line");
            rows.push(summary);
        }
    }

    println!(
        "{:<6} {:<10} {:>5} {:>9} {:>11} {:>9} {:>14} {:>7} {:>7} {:>9} {:>8} {:>10}",
        "model",
        "mode",
        "clips",
        "load ms",
        "median ms",
        "p95 ms",
        "1-3 s med ms",
        "RTF",
        "WER %",
        "fallback",
        "2nd op.",
        "peak MiB"
    );
    for r in &rows {
        println!(
            "{:<6} {:<10} {:>5} {:>9.1} {:>11.1} {:>9.1} {:>14.1} {:>7.3} {:>7.1} {:>9} {:>8} {:>10.0}",
            r["weight_type"].as_str().unwrap_or("?"),
            r["mode"].as_str().unwrap_or("?"),
            r["clips"],
            r["load_ms"].as_f64().unwrap_or(f64::NAN),
            r["decode_ms_median"].as_f64().unwrap_or(f64::NAN),
            r["decode_ms_p95"].as_f64().unwrap_or(f64::NAN),
            r["decode_ms_median_1to3s"].as_f64().unwrap_or(f64::NAN),
            r["rtf"].as_f64().unwrap_or(f64::NAN),
            r["wer"].as_f64().unwrap_or(f64::NAN) * 100.0,
            r["fallbacks"],
            r["second_opinions"],
            r["peak_rss_mib"].as_f64().unwrap_or(f64::NAN),
        );
    }
}
