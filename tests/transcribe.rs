//! `hushcart transcribe`: accuracy on the bundled recordings, both modes,
//! no invented words for silence and noise, and clear errors for bad input.

mod util;

use std::collections::HashMap;
use std::process::Output;

use hushcart::score::WerTally;
use util::{assert_fails_with, bundled_cases, json_lines, real_model, stderr, write_wav, TempHome};

/// Transcribe every bundled recording in one process.
fn transcribe_suite(
    home: &TempHome,
    model: &std::path::Path,
    extra: &[&str],
) -> (Output, Vec<serde_json::Value>) {
    let cases = bundled_cases();
    let mut cmd = home.hushcart();
    cmd.arg("transcribe")
        .arg("--json")
        .arg("--model")
        .arg(model)
        .args(extra);
    for (_, path, _) in &cases {
        cmd.arg(path);
    }
    let out = cmd.output().expect("run hushcart");
    assert!(out.status.success(), "transcribe failed: {}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), cases.len());
    (out, lines)
}

/// Corpus WER over the speech cases, and the transcripts of the non-speech ones.
fn score(lines: &[serde_json::Value]) -> (f64, Vec<(String, String)>) {
    let refs: HashMap<String, String> = bundled_cases()
        .into_iter()
        .map(|(_, path, text)| (path.display().to_string(), text))
        .collect();
    let mut tally = WerTally::default();
    let mut nonspeech = Vec::new();
    for line in lines {
        let file = line["file"].as_str().expect("file").to_string();
        let got = line["transcript"].as_str().expect("transcript").to_string();
        let reference = &refs[&file];
        if reference.is_empty() {
            nonspeech.push((file, got));
        } else {
            tally.add(reference, &got);
        }
    }
    (tally.wer(), nonspeech)
}

/// One run per mode over the bundled suite (the full window is slow, so
/// both checks share it).
#[test]
fn bundled_commands_transcribe_as_well_in_short_mode_as_in_the_full_window() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    // The recogniser alone in each mode: no second opinion.
    let config = home.path().join("config/hushcart");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[asr]\nsecond_opinion = false\n",
    )
    .unwrap();
    let (_, short) = transcribe_suite(&home, &model, &[]);
    for line in &short {
        for field in ["file", "transcript", "audio_ms", "decode_ms"] {
            assert!(line.get(field).is_some(), "missing {field} in {line}");
        }
        assert!(line["audio_ms"].as_u64().unwrap() > 0);
        assert_eq!(line["second_opinion"], "first_only", "{line}");
    }
    let (short_wer, nonspeech) = score(&short);
    assert!(!nonspeech.is_empty());
    for (file, got) in nonspeech {
        assert_eq!(got, "", "{file} holds no speech but was transcribed");
    }

    let (_, full) = transcribe_suite(&home, &model, &["--full-window"]);
    let (full_wer, _) = score(&full);
    eprintln!(
        "WER on the bundled suite: short window {:.1}%, full window {:.1}%",
        short_wer * 100.0,
        full_wer * 100.0
    );
    // tiny.en on these synthetic espeak-ng voices measured 32% (short) and
    // 34% (full); the bound catches a broken stage (wrong rate, channels or
    // window), which sends the WER far higher.
    assert!(short_wer < 0.38, "short-window WER {short_wer}");
    assert!(
        short_wer <= full_wer + 1e-9,
        "short {short_wer} > full {full_wer}"
    );
}

#[test]
fn silence_and_noise_give_an_empty_transcript() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let silence = home.path().join("silence.wav");
    write_wav(&silence, 16_000, &vec![0i16; 32_000]);
    // Deterministic white-ish noise from a linear congruential generator.
    let mut x: u32 = 12345;
    let noise: Vec<i16> = (0..48_000)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            ((x >> 16) as i16) / 8
        })
        .collect();
    let noisy = home.path().join("noise.wav");
    write_wav(&noisy, 16_000, &noise);
    let out = home
        .hushcart()
        .args(["transcribe", "--json", "--model"])
        .arg(&model)
        .arg(&silence)
        .arg(&noisy)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for line in json_lines(&out) {
        assert_eq!(line["transcript"], "", "{line}");
        assert!(line["no_speech"].is_string(), "{line}");
    }
}

#[test]
fn bad_audio_files_are_reported_with_exit_1_and_good_ones_still_transcribed() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let dir = home.path();
    let empty = dir.join("empty.wav");
    std::fs::write(&empty, b"").unwrap();
    let random = dir.join("random.wav");
    std::fs::write(
        &random,
        (0..5000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let good = util::asset("audio/clips/search-01.wav");
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.join("truncated.wav");
    std::fs::write(&truncated, &bytes[..30]).unwrap();
    let lying = dir.join("lying.wav");
    let mut lie = bytes.clone();
    // RIFF size and data size claim 4 GB.
    lie[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    if let Some(pos) = lie.windows(4).position(|w| w == b"data") {
        lie[pos + 4..pos + 8].copy_from_slice(&(u32::MAX - 1).to_le_bytes());
    }
    std::fs::write(&lying, &lie).unwrap();
    let missing = dir.join("missing.wav");

    let out = home
        .hushcart()
        .args(["transcribe", "--json", "--model"])
        .arg(&model)
        .args([&empty, &random, &truncated, &good, &missing])
        .output()
        .unwrap();
    assert_fails_with(&out, &[]);
    let err = stderr(&out);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 5);
    for line in &lines[..3] {
        assert!(line["error"].is_string(), "{line}");
    }
    assert!(
        lines[0]["error"].as_str().unwrap().contains("empty"),
        "{}",
        lines[0]
    );
    assert!(
        lines[3]["transcript"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("almond"),
        "{}",
        lines[3]
    );
    assert!(lines[4]["error"].is_string());
    assert!(err.contains("4 of 5") || err.contains("failed"), "{err}");

    // Cut inside the audio data, or a header that claims gigabytes: the
    // command is not the one spoken, so it is refused, not transcribed.
    let cut = dir.join("cut.wav");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let out = home
        .hushcart()
        .args(["transcribe", "--json", "--model"])
        .arg(&model)
        .args([&lying, &cut])
        .output()
        .unwrap();
    assert_fails_with(&out, &[]);
    for line in json_lines(&out) {
        assert!(
            line["error"].as_str().unwrap().contains("cut short"),
            "{line}"
        );
    }
}

#[test]
fn audio_longer_than_the_limit_is_refused_not_truncated() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let long = home.path().join("long.wav");
    write_wav(&long, 16_000, &vec![0i16; 16_000 * 4]);
    let out = home
        .hushcart()
        .args(["transcribe", "--max-seconds", "3", "--model"])
        .arg(&model)
        .arg(&long)
        .output()
        .unwrap();
    assert_fails_with(&out, &["too long"]);
}

#[test]
fn truncated_or_foreign_model_is_a_clear_error() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let bytes = std::fs::read(&model).unwrap();
    let truncated = home.path().join("truncated.bin");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let foreign = home.path().join("foreign.bin");
    std::fs::write(&foreign, b"GGUF\x03\x00\x00\x00 not a whisper model").unwrap();
    let clip = util::asset("audio/clips/search-01.wav");
    for (bad, expect) in [(&truncated, "truncated"), (&foreign, "lmgg")] {
        let out = home
            .hushcart()
            .arg("transcribe")
            .arg("--model")
            .arg(bad)
            .arg(&clip)
            .output()
            .unwrap();
        assert_fails_with(&out, &["not a usable whisper model"]);
        assert!(
            stderr(&out).to_lowercase().contains(expect),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn missing_model_says_how_to_fetch_it() {
    let home = TempHome::new();
    let out = home
        .hushcart()
        .args(["transcribe"])
        .arg(util::asset("audio/clips/search-01.wav"))
        .output()
        .unwrap();
    assert_fails_with(&out, &["hushcart model fetch"]);
}

#[test]
fn bad_usage_exits_with_2() {
    let home = TempHome::new();
    let out = home.hushcart().arg("transcribe").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = home
        .hushcart()
        .args(["transcribe", "--threads", "0", "x.wav"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn whisper_cpp_logs_go_through_tracing_not_raw_to_the_terminal() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let clip = util::asset("audio/clips/help-01.wav");
    let quiet = home
        .hushcart()
        .args(["transcribe", "--json", "--model"])
        .arg(&model)
        .arg(&clip)
        .output()
        .unwrap();
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    let err = stderr(&quiet);
    assert!(
        !err.contains("whisper_"),
        "whisper.cpp printed raw lines: {err}"
    );
    let verbose = home
        .hushcart()
        .args(["transcribe", "--json", "-vv", "--model"])
        .arg(&model)
        .arg(&clip)
        .output()
        .unwrap();
    let err = stderr(&verbose);
    // The same lines, now as tracing events from the whisper_rs target.
    assert!(
        err.contains("whisper_rs") && err.contains("whisper_"),
        "{err}"
    );
    // The transcript is never logged, even at debug level.
    let transcript = json_lines(&verbose)[0]["transcript"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!transcript.is_empty());
    assert!(!err.contains(&transcript), "transcript leaked into the log");
}
