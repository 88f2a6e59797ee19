//! `cargo bench --bench intent`: time to parse one utterance, over the
//! labelled corpus (`assets/intents/*.jsonl`), median and p95.
//!
//! Also prints the one-off cost of the first parse (compiling the lexicons
//! and training the intent classifier).
//!
//! Each utterance is parsed many times in a row after a warm-up; every
//! call is timed on its own, so the figures are per parse.

use std::time::Instant;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for split in ["dev", "test"] {
        let path = root.join(format!("assets/intents/{split}.jsonl"));
        let data = std::fs::read_to_string(&path).expect("corpus");
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line");
            texts.push(v["text"].as_str().expect("text").to_string());
        }
    }
    // The first parse compiles the lexicons and trains the classifier on
    // the embedded corpus: once per process, timed on its own.
    let started = Instant::now();
    let _ = hushcart::intent::parse("warm up");
    println!(
        "intent: first parse (lexicons compiled, classifier trained): {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let rounds = 50;
    let mut nanos: Vec<u128> = Vec::with_capacity(texts.len() * rounds);
    for round in 0..=rounds {
        for text in &texts {
            let started = Instant::now();
            let parsed = hushcart::intent::parse(std::hint::black_box(text));
            let elapsed = started.elapsed().as_nanos();
            std::hint::black_box(parsed);
            if round > 0 {
                nanos.push(elapsed);
            }
        }
    }
    nanos.sort_unstable();
    let at = |q: f64| nanos[((q * nanos.len() as f64).ceil() as usize).clamp(1, nanos.len()) - 1];
    println!(
        "intent::parse over {} utterances x {rounds}: median {:.2} us, p95 {:.2} us, max {:.2} us",
        texts.len(),
        at(0.5) as f64 / 1000.0,
        at(0.95) as f64 / 1000.0,
        nanos[nanos.len() - 1] as f64 / 1000.0
    );
}
