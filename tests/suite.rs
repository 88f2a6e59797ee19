//! `hushcart suite run`: manifest validation, the real pipeline on the
//! bundled recordings, agreement with an independent scorer, JUnit output
//! and thresholds.

mod util;

use std::path::Path;
use std::process::{Command, Output};

use util::{assert_fails_with, json_lines, real_model, stderr, write_wav, TempHome};

fn suite_run(home: &TempHome, model: &Path, args: &[&str]) -> Output {
    home.hushcart()
        .args(["suite", "run", "--model"])
        .arg(model)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_broken_manifest_lists_every_problem_with_its_line_and_runs_nothing() {
    let home = TempHome::new();
    let dir = home.path().join("suite");
    std::fs::create_dir_all(&dir).unwrap();
    write_wav(&dir.join("a.wav"), 16_000, &[0; 1600]);
    let manifest = dir.join("suite.jsonl");
    std::fs::write(
        &manifest,
        [
            r#"{"id": "a", "audio": "a.wav", "transcript": "", "intent": "unknown", "slots": {}}"#,
            r#"{"id": "a", "audio": "a.wav", "transcript": "", "intent": "unknown", "slots": {}}"#,
            r#"{"id": "b", "audio": "gone.wav", "transcript": "", "intent": "unknown", "slots": {}}"#,
            r#"{"id": "c", "audio": "a.wav", "transcript": "", "intent": "purchase", "slots": {}}"#,
            r#"{"id": "d", "audio": "a.wav", "transcript": "", "intent": "add_to_cart", "slots": {"quantity": 2.5}}"#,
            "{oops",
        ]
        .join("\n"),
    )
    .unwrap();
    let report = home.path().join("report.md");
    // No model is given: validation fails before one would be needed.
    let out = home
        .hushcart()
        .args(["suite", "run", "--json", "--report"])
        .arg(&report)
        .arg(&manifest)
        .output()
        .unwrap();
    assert_fails_with(
        &out,
        &[
            "suite.jsonl:2: duplicate id 'a'",
            "suite.jsonl:3: audio file",
            "gone.wav does not exist",
            "suite.jsonl:4: unknown intent 'purchase'",
            "suite.jsonl:5: slot 'quantity': must be a positive integer",
            "suite.jsonl:6: not a valid case",
            "nothing was run",
        ],
    );
    assert!(out.stdout.is_empty(), "nothing may run");
    assert!(!report.exists(), "no report for a run that did not happen");
}

#[test]
fn a_case_without_audio_is_refused_before_anything_runs() {
    let home = TempHome::new();
    let dir = home.path().join("suite");
    std::fs::create_dir_all(&dir).unwrap();
    let manifest = dir.join("suite.jsonl");
    std::fs::write(
        &manifest,
        "# text only\n{\"id\": \"t\", \"transcript\": \"help\", \"intent\": \"help\", \"slots\": {}}\n",
    )
    .unwrap();
    let out = home
        .hushcart()
        .args(["suite", "run"])
        .arg(&manifest)
        .output()
        .unwrap();
    assert_fails_with(
        &out,
        &["suite.jsonl:2: case 't' has no audio", "nothing was run"],
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    let home = TempHome::new();
    let manifest = util::asset("audio/suite.jsonl");
    for (flag, value, needle) in [
        ("--augment", "echo:3", "unknown augmentation 'echo'"),
        ("--augment", "speed:9", "speed"),
        ("--min-intent-accuracy", "90", "fraction from 0 to 1"),
        ("--report", "out.pdf", ".html or .md"),
        ("--jobs", "0", "--jobs"),
    ] {
        let out = home
            .hushcart()
            .args(["suite", "run", flag, value])
            .arg(&manifest)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{flag} {value}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(needle),
            "{flag} {value}: {}",
            stderr(&out)
        );
    }
}

/// The bundled suite through the real pipeline, in parallel, with every
/// output; scored again by `scripts/score-suite`, an implementation of the
/// spec's scoring rules written from the spec alone.
#[test]
fn the_runner_scores_the_bundled_suite_as_the_independent_scorer_does() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let manifest = util::asset("audio/suite.jsonl");
    let predictions = home.path().join("predictions.jsonl");
    let junit = home.path().join("junit.xml");
    let report = home.path().join("report.html");
    let out = suite_run(
        &home,
        &model,
        &[
            "--json",
            "--jobs",
            "2",
            "--augment",
            "noise:20:pink",
            "--predictions",
            predictions.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            manifest.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    let cases = std::fs::read_to_string(&manifest)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(
        lines.len(),
        2 * cases + 1,
        "each case, its noisy variant, the summary"
    );
    for line in &lines[..lines.len() - 1] {
        for field in [
            "id",
            "transcript",
            "intent",
            "slots",
            "passed",
            "wer",
            "latency_ms",
        ] {
            assert!(line.get(field).is_some(), "{field} missing from {line}");
        }
    }
    assert!(lines.iter().any(|l| l["id"] == "search-01+noise-20db-pink"));
    let summary = &lines[lines.len() - 1]["summary"];
    assert_eq!(summary["cases"], 2 * cases);
    assert!(summary["latency_ms_p50"].as_f64().unwrap() > 0.0);
    assert!(
        summary["latency_ms_p95"].as_f64().unwrap() >= summary["latency_ms_p50"].as_f64().unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(&predictions)
            .unwrap()
            .lines()
            .count(),
        lines.len(),
        "--predictions holds the same lines"
    );
    let human = stderr(&out);
    assert!(human.contains("intent accuracy"), "{human}");

    // The independent scorer on the same predictions.
    let independent = Command::new("python3")
        .arg(util::root().join("scripts/score-suite"))
        .arg(&manifest)
        .arg(&predictions)
        .arg("--json")
        .output()
        .unwrap();
    assert!(independent.status.success(), "{}", stderr(&independent));
    let theirs: serde_json::Value = serde_json::from_slice(&independent.stdout).unwrap();
    for key in ["cases", "wer", "intent_accuracy", "slot_f1", "pass_rate"] {
        let (a, b) = (
            summary[key].as_f64().unwrap(),
            theirs[key].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-9, "{key}: runner {a}, independent {b}");
    }

    // JUnit: one testcase per case, failures where the runner failed one.
    let xml = std::fs::read_to_string(&junit).unwrap();
    let parsed = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).unwrap();
    let suite = &parsed.suites[0];
    assert_eq!(suite.cases.len(), 2 * cases);
    let failed = lines[..lines.len() - 1]
        .iter()
        .filter(|l| l["passed"] == false)
        .count();
    assert_eq!(suite.failures as usize + suite.errors as usize, failed);

    let html = std::fs::read_to_string(&report).unwrap();
    for needle in ["aug:noise-20db-pink", "voice:", "confusion", "p95"] {
        assert!(
            html.to_lowercase().contains(&needle.to_lowercase()),
            "report lacks {needle}"
        );
    }
}

#[test]
fn missed_thresholds_set_the_exit_status_with_the_reason() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let dir = home.path().join("suite");
    std::fs::create_dir_all(&dir).unwrap();
    for id in ["silence-01", "search-07"] {
        std::fs::copy(
            util::asset(&format!("audio/clips/{id}.wav")),
            dir.join(format!("{id}.wav")),
        )
        .unwrap();
    }
    // The second label is wrong on purpose: the case cannot pass.
    std::fs::write(
        dir.join("suite.jsonl"),
        concat!(
            r#"{"id": "quiet", "audio": "silence-01.wav", "transcript": "", "intent": "unknown", "slots": {}}"#,
            "\n",
            r#"{"id": "mislabelled", "audio": "search-07.wav", "transcript": "help", "intent": "help", "slots": {}}"#,
            "\n"
        ),
    )
    .unwrap();
    let manifest = dir.join("suite.jsonl");
    let m = manifest.to_str().unwrap();
    let out = suite_run(
        &home,
        &model,
        &["--min-intent-accuracy", "0.5", "--min-pass-rate", "0.5", m],
    );
    assert!(
        out.status.success(),
        "both thresholds met: {}",
        stderr(&out)
    );
    let out = suite_run(
        &home,
        &model,
        &[
            "--min-intent-accuracy",
            "0.9",
            "--max-wer",
            "0.1",
            "--min-pass-rate",
            "0.9",
            m,
        ],
    );
    assert_fails_with(
        &out,
        &[
            "intent accuracy 0.500 is below --min-intent-accuracy 0.9",
            "is above --max-wer 0.1",
            "pass rate 0.500 is below --min-pass-rate 0.9",
        ],
    );
}

#[test]
fn an_unreadable_recording_fails_its_case_and_the_run_goes_on() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let dir = home.path().join("suite");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        util::asset("audio/clips/silence-01.wav"),
        dir.join("ok.wav"),
    )
    .unwrap();
    std::fs::write(dir.join("bad.wav"), b"RIFF\x10\0\0\0WAVEjunk").unwrap();
    std::fs::write(
        dir.join("suite.jsonl"),
        concat!(
            r#"{"id": "bad", "audio": "bad.wav", "transcript": "", "intent": "unknown", "slots": {}}"#,
            "\n",
            r#"{"id": "ok", "audio": "ok.wav", "transcript": "", "intent": "unknown", "slots": {}}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = suite_run(
        &home,
        &model,
        &["--json", dir.join("suite.jsonl").to_str().unwrap()],
    );
    assert_fails_with(&out, &["1 of 2 inputs failed"]);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["passed"], false);
    assert!(
        lines[0]["error"].as_str().unwrap().contains("bad.wav"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1]["passed"], true);
}
