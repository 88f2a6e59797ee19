//! The intent parser on the labelled text corpus (`assets/intents/`),
//! scored by the spec's rules. Prints intent accuracy, per-slot F1 and the
//! exact-pass rate; fails below the thresholds the issue sets.

use std::path::PathBuf;

use hushcart::intent;
use hushcart::score::{score_case, IntentTally};

struct Labelled {
    id: String,
    text: String,
    intent: String,
    slots: serde_json::Map<String, serde_json::Value>,
}

fn corpus(split: &str) -> Vec<Labelled> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("assets/intents/{split}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("corpus line");
            Labelled {
                id: v["id"].as_str().expect("id").to_string(),
                text: v["text"].as_str().expect("text").to_string(),
                intent: v["intent"].as_str().expect("intent").to_string(),
                slots: v["slots"].as_object().cloned().unwrap_or_default(),
            }
        })
        .collect()
}

fn evaluate(split: &str) -> IntentTally {
    let mut tally = IntentTally::default();
    let mut failures = Vec::new();
    for case in corpus(split) {
        let parsed = intent::parse(&case.text);
        let predicted = serde_json::to_value(&parsed.slots).expect("slots serialise");
        let predicted = predicted.as_object().cloned().unwrap_or_default();
        let score = score_case(&case.intent, &case.slots, parsed.kind.name(), &predicted);
        if !score.passed {
            failures.push(format!(
                "  {} {:?}: expected {} {}, got {} {}",
                case.id,
                case.text,
                case.intent,
                serde_json::Value::Object(case.slots.clone()),
                parsed.kind.name(),
                serde_json::Value::Object(predicted.clone())
            ));
        }
        tally.add(&score);
    }
    eprintln!(
        "{split}: {} cases, intent accuracy {:.1}%, exact pass {:.1}%, slot F1 {:.3}",
        tally.cases,
        tally.intent_accuracy() * 100.0,
        tally.pass_rate() * 100.0,
        tally.slot_f1()
    );
    for (slot, counts) in &tally.per_slot {
        eprintln!(
            "  {slot:<11} P {:.3} R {:.3} F1 {:.3}",
            counts.precision(),
            counts.recall(),
            counts.f1()
        );
    }
    if !failures.is_empty() {
        eprintln!("{split}: failing cases:\n{}", failures.join("\n"));
    }
    tally
}

// The bar: intent accuracy >= 0.98 and exact pass >= 0.95 on the held-out
// test split, a set written blind (its author saw only the spec and the
// labelling rules, never the parser, the lexicons or dev). Measured: 0.982
// and 0.964 on its 278 utterances. Dev is what the rules and the classifier
// learn from; it is held to what it measures (0.979 / 0.966: a firm cue
// outranks the classifier even on the utterances it was trained on), so a
// change that loses ground there fails too. Choices are measured on dev by
// cross-validation (`cross_validate_policy` in src/intent/classify.rs).
const TEST_MIN_INTENT_ACCURACY: f64 = 0.98;
const TEST_MIN_PASS_RATE: f64 = 0.95;
const DEV_MIN_INTENT_ACCURACY: f64 = 0.975;
const DEV_MIN_PASS_RATE: f64 = 0.96;

#[test]
fn held_out_test_split_does_not_regress() {
    let tally = evaluate("test");
    assert!(tally.cases >= 250, "test split too small: {}", tally.cases);
    assert!(
        tally.intent_accuracy() >= TEST_MIN_INTENT_ACCURACY,
        "intent accuracy {:.3}",
        tally.intent_accuracy()
    );
    assert!(
        tally.pass_rate() >= TEST_MIN_PASS_RATE,
        "exact pass {:.3}",
        tally.pass_rate()
    );
}

#[test]
fn dev_split_does_not_regress() {
    let tally = evaluate("dev");
    assert!(
        tally.intent_accuracy() >= DEV_MIN_INTENT_ACCURACY,
        "intent accuracy {:.3}",
        tally.intent_accuracy()
    );
    assert!(
        tally.pass_rate() >= DEV_MIN_PASS_RATE,
        "exact pass {:.3}",
        tally.pass_rate()
    );
}

/// English words for 1..=999 ("one hundred twenty-five").
fn number_words(n: u32) -> String {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let under_hundred = |n: u32| -> String {
        match n {
            0..=19 => SMALL[n as usize].to_string(),
            _ if n.is_multiple_of(10) => TENS[(n / 10) as usize].to_string(),
            _ => format!("{}-{}", TENS[(n / 10) as usize], SMALL[(n % 10) as usize]),
        }
    };
    match (n / 100, n % 100) {
        (0, r) => under_hundred(r),
        (h, 0) => format!("{} hundred", SMALL[h as usize]),
        (h, r) => format!("{} hundred {}", SMALL[h as usize], under_hundred(r)),
    }
}

/// The utterance with every whole number written in digits ("5", "$5")
/// spelt out ("five", "five dollars"), or `None` when it has none.
fn spelt_out(text: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<String> = text
        .split(' ')
        .map(|w| {
            let (dollar, rest) = match w.strip_prefix('$') {
                Some(rest) => (true, rest),
                None => (false, w),
            };
            let end = rest.trim_end_matches(['.', ',', '?', '!']);
            let tail = &rest[end.len()..];
            match end.parse::<u32>() {
                Ok(n) if (1..=999).contains(&n) && !end.starts_with('0') => {
                    changed = true;
                    let currency = if dollar { " dollars" } else { "" };
                    format!("{}{currency}{tail}", number_words(n))
                }
                _ => w.to_string(),
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

#[test]
fn numbers_in_digits_and_in_words_parse_the_same_across_the_corpus() {
    let mut checked = 0;
    let mut differ = Vec::new();
    for split in ["dev", "test"] {
        for case in corpus(split) {
            let Some(spoken) = spelt_out(&case.text) else {
                continue;
            };
            checked += 1;
            let a = intent::parse(&case.text);
            let b = intent::parse(&spoken);
            if (a.kind, &a.slots) != (b.kind, &b.slots) {
                differ.push(format!("  {:?} vs {:?}: {a:?} vs {b:?}", case.text, spoken));
            }
        }
    }
    assert!(checked >= 100, "only {checked} utterances with digits");
    assert!(
        differ.is_empty(),
        "{} of {checked} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[test]
fn normalisation_is_idempotent_on_every_corpus_utterance() {
    for split in ["dev", "test"] {
        for case in corpus(split) {
            let once = intent::normalize(&case.text);
            assert_eq!(intent::normalize(&once), once, "{}", case.id);
        }
    }
}
