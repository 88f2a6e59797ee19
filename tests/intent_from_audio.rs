//! Speech to intent on the bundled recordings: `hushcart transcribe`, then
//! the intent parser, scored by the spec's rules against the manifest.

mod util;

use std::collections::HashMap;

use hushcart::score::{score_case, IntentTally};
use util::{json_lines, real_model, stderr, TempHome};

#[test]
fn recorded_commands_are_understood_through_the_recogniser() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let manifest = util::asset("audio/suite.jsonl");
    let labels: Vec<serde_json::Value> = std::fs::read_to_string(&manifest)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut cmd = home.hushcart();
    cmd.args(["transcribe", "--json", "--model"]).arg(&model);
    for label in &labels {
        cmd.arg(util::asset("audio").join(label["audio"].as_str().unwrap()));
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let transcripts: HashMap<String, String> = json_lines(&out)
        .into_iter()
        .map(|l| {
            let file = l["file"].as_str().unwrap().to_string();
            let name = file
                .rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".wav")
                .to_string();
            (name, l["transcript"].as_str().unwrap().to_string())
        })
        .collect();

    let mut tally = IntentTally::default();
    for label in &labels {
        let id = label["id"].as_str().unwrap();
        let transcript = &transcripts[id];
        let parsed = hushcart::intent::parse(transcript);
        let predicted = serde_json::to_value(&parsed.slots).unwrap();
        let score = score_case(
            label["intent"].as_str().unwrap(),
            label["slots"]
                .as_object()
                .unwrap_or(&serde_json::Map::new()),
            parsed.kind.name(),
            predicted.as_object().unwrap(),
        );
        if !score.intent_correct {
            eprintln!(
                "  {id}: heard {transcript:?}, expected {}, got {}",
                label["intent"],
                parsed.kind.name()
            );
        }
        tally.add(&score);
    }
    eprintln!(
        "from audio: {} cases, intent accuracy {:.1}%, exact pass {:.1}%, slot F1 {:.3}",
        tally.cases,
        tally.intent_accuracy() * 100.0,
        tally.pass_rate() * 100.0,
        tally.slot_f1()
    );
    // Measured 0.970 (65 of 67) with the second opinion, 0.955 without;
    // one more miss would give 0.955.
    assert!(
        tally.intent_accuracy() >= 0.95,
        "intent accuracy {:.3}",
        tally.intent_accuracy()
    );
}

/// Recordings whose first transcript does not read clearly, so that each
/// is decoded a second time with a beam.
const UNCLEAR_FIRST: [&str; 8] = [
    "add-02",
    "add-04",
    "add-09",
    "pref-06",
    "remove-04",
    "reorder-04",
    "search-10",
    "search-12",
];

#[test]
fn a_transcript_depends_on_its_audio_only_not_on_what_was_decoded_before() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let clips: Vec<_> = UNCLEAR_FIRST
        .iter()
        .map(|id| util::asset("audio/clips").join(format!("{id}.wav")))
        .collect();
    // Every clip twice in one process: the second time each follows a
    // different history of decodes in the same worker.
    let mut cmd = home.hushcart();
    cmd.args(["transcribe", "--json", "--model"]).arg(&model);
    cmd.args(&clips).args(clips.iter().rev());
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2 * clips.len());
    let (first, again) = lines.split_at(clips.len());
    let mut asked = 0;
    for (a, b) in first.iter().zip(again.iter().rev()) {
        assert_eq!(a["file"], b["file"]);
        assert_eq!(
            a["transcript"], b["transcript"],
            "{} was heard differently the second time",
            a["file"]
        );
        if a["second_opinion"] != "first_only" {
            asked += 1;
        }
    }
    // The clips were chosen because they ask for a second opinion; if the
    // recogniser changes so that they no longer do, this test would check
    // nothing, so say so.
    assert!(
        asked >= clips.len() / 2,
        "only {asked} of {} clips asked for a second opinion",
        clips.len()
    );
}
