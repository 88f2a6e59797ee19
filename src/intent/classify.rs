//! The statistical half of intent detection: a linear classifier over word
//! and character n-grams, trained from the labelled corpus when the
//! lexicon is compiled.
//!
//! Takes: the tokens of an utterance after normalisation, filler removal
//! and mis-hearing repair (the same tokens the cue patterns read).
//! Produces: a probability for each of the 13 intents.
//!
//! Why: the cue patterns of `cues.tsv` are precise but only know the
//! phrasings someone wrote down; "follow my shipment" or "scrub my
//! history" match no cue. The classifier learns from every labelled
//! utterance of `assets/intents/dev.jsonl` which words and word pieces go
//! with which intent, so it also scores phrasings no cue lists. `decide`
//! in the parent module combines the two (see [`Policy`]).
//!
//! How: multinomial logistic regression. Features are binary: each word,
//! each pair of neighbouring words (with start and end markers), each pair
//! of words one apart, a crude stem and the character 3- and 4-grams of
//! each word (so "shipment" shares evidence with "shipping"), and a class
//! token for numbers and for product words of the lexicon (so "scrap the peaches" and "scrap the kale" are one
//! frame). Training is plain stochastic gradient descent with L2 decay over
//! a fixed, seeded order: the same corpus always gives the same weights.
//!
//! Must never: read the text of the utterance outside `features` (it sees
//! only tokens), log anything of what it classifies, or panic on any input.

use std::collections::HashMap;

use super::lexicon::{flag, FxHasher, Lexicon, Map};
use super::{IntentKind, Tok};

/// The labelled corpus the built-in classifier learns from.
pub(crate) const CORPUS: &str = include_str!("../../assets/intents/dev.jsonl");

const KINDS: usize = IntentKind::ALL.len();

/// Passes over the training data.
const EPOCHS: usize = 60;
/// Step size of the first epoch; it decays as `1 / (1 + DECAY * epoch)`.
const LEARNING_RATE: f32 = 0.5;
const DECAY: f32 = 0.2;
/// L2 weight decay applied to the weights an example touches.
const L2: f32 = 1e-4;
/// Seed of the deterministic shuffling.
const SEED: u64 = 0x6875_7368_6361_7274;

/// Suffixes stripped for the stem feature ("shipment" -> "ship").
const SUFFIXES: [&str; 6] = ["ing", "ed", "es", "s", "ment", "er"];

/// How the parser combines the cue patterns with the classifier.
///
/// A cue decides unless the classifier disagrees with probability of at
/// least `override_cue` and the cue weighs less than `firm_cue`. Without a
/// cue, the rule engine falls back to a search or an add when it sees
/// shopping vocabulary, and to unknown otherwise; the classifier overrides
/// the first with probability of at least `without_cue` and the second
/// with at least `over_unknown`.
/// Chosen by cross-validation on the dev split (see the tests).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Policy {
    pub(crate) override_cue: f32,
    pub(crate) firm_cue: f32,
    pub(crate) without_cue: f32,
    pub(crate) over_unknown: f32,
}

/// The policy the parser uses.
pub(crate) const POLICY: Policy = Policy {
    override_cue: 0.7,
    firm_cue: 0.93,
    without_cue: 0.2,
    over_unknown: 0.3,
};

/// One labelled utterance of the corpus.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub(crate) text: String,
    pub(crate) kind: IntentKind,
    /// Every word of every slot value (product, brand, colour, avoid...).
    pub(crate) slot_words: Vec<String>,
}

/// Read the labelled utterances of a JSON Lines corpus; malformed lines
/// are skipped (the corpus has its own checker, `check.py`).
pub(crate) fn examples(corpus: &str) -> Vec<Example> {
    corpus
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|v| {
            let text = v.get("text")?.as_str()?.to_string();
            let kind = IntentKind::from_name(v.get("intent")?.as_str()?)?;
            let mut slot_words = Vec::new();
            if let Some(slots) = v.get("slots").and_then(|s| s.as_object()) {
                for value in slots.values() {
                    let mut push = |s: &str| {
                        slot_words.extend(s.split([' ', '-']).map(str::to_string));
                    };
                    match value {
                        serde_json::Value::String(s) => push(s),
                        serde_json::Value::Array(items) => {
                            items.iter().filter_map(|i| i.as_str()).for_each(&mut push)
                        }
                        _ => {}
                    }
                }
            }
            Some(Example {
                text,
                kind,
                slot_words,
            })
        })
        .collect()
}

/// Feature hashes of an utterance's tokens, sorted and unique.
pub(crate) fn features(toks: &[Tok<'_>], lex: &Lexicon) -> Vec<u64> {
    use std::hash::Hasher;
    let hash = |parts: &[&[u8]]| {
        let mut h = FxHasher::default();
        for p in parts {
            h.write(p);
            h.write(&[0xff]);
        }
        h.finish()
    };
    fn shape<'a>(t: &Tok<'a>) -> &'a str {
        if t.num.is_some() {
            "<num>"
        } else {
            t.text
        }
    }
    let mut out = Vec::with_capacity(toks.len() * 12 + 2);
    let mut prev = "<s>";
    let mut pprev: Option<&str> = None;
    for t in toks {
        let w = shape(t);
        out.push(hash(&[b"w", w.as_bytes()]));
        out.push(hash(&[b"b", prev.as_bytes(), w.as_bytes()]));
        if t.num.is_none() && lex.has_flag(t.id, flag::PRODUCT) {
            out.push(hash(&[b"c", b"<product>"]));
            out.push(hash(&[b"b", prev.as_bytes(), b"<product>"]));
        }
        if let Some(pp) = pprev {
            out.push(hash(&[b"k", pp.as_bytes(), w.as_bytes()]));
        }
        if t.num.is_none() {
            let stem = SUFFIXES
                .iter()
                .find_map(|suffix| w.strip_suffix(suffix).filter(|s| s.len() >= 3))
                .unwrap_or(w);
            out.push(hash(&[b"s", stem.as_bytes()]));
            let padded: Vec<char> = std::iter::once('^')
                .chain(t.text.chars())
                .chain(std::iter::once('$'))
                .collect();
            for n in 3..=4 {
                for gram in padded.windows(n) {
                    let s: String = gram.iter().collect();
                    out.push(hash(&[b"g", s.as_bytes()]));
                }
            }
        }
        pprev = Some(prev);
        prev = w;
    }
    out.push(hash(&[b"b", prev.as_bytes(), b"</s>"]));
    if toks.is_empty() {
        out.push(hash(&[b"<empty>"]));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A trained classifier: feature hash -> row of per-intent weights.
pub(crate) struct Classifier {
    index: Map<u64, u32>,
    /// `index.len() * KINDS` weights, row-major by feature.
    weights: Vec<f32>,
    bias: [f32; KINDS],
}

impl std::fmt::Debug for Classifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classifier")
            .field("features", &self.index.len())
            .finish_non_exhaustive()
    }
}

/// A small deterministic generator for the shuffling (xorshift64*).
struct Shuffle(u64);

impl Shuffle {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn order(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
        v
    }
}

fn kind_index(kind: IntentKind) -> usize {
    IntentKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(KINDS - 1)
}

impl Classifier {
    /// Train on `examples`, each given as its feature hashes.
    pub(crate) fn train(examples: &[(Vec<u64>, IntentKind)]) -> Classifier {
        let mut index: Map<u64, u32> = Map::default();
        let rows: Vec<(Vec<u32>, usize)> = examples
            .iter()
            .map(|(feats, kind)| {
                let ids = feats
                    .iter()
                    .map(|f| {
                        let next = index.len() as u32;
                        *index.entry(*f).or_insert(next)
                    })
                    .collect();
                (ids, kind_index(*kind))
            })
            .collect();
        let mut weights = vec![0.0f32; index.len() * KINDS];
        let mut bias = [0.0f32; KINDS];
        let mut rng = Shuffle(SEED);
        for epoch in 0..EPOCHS {
            let lr = LEARNING_RATE / (1.0 + DECAY * epoch as f32);
            for &e in &rng.order(rows.len()) {
                let (ids, label) = &rows[e];
                let value = 1.0 / (ids.len().max(1) as f32).sqrt();
                let mut scores = bias;
                for &id in ids {
                    let row = &weights[id as usize * KINDS..][..KINDS];
                    for (s, w) in scores.iter_mut().zip(row) {
                        *s += w * value;
                    }
                }
                let probs = softmax(scores);
                for &id in ids {
                    let row = &mut weights[id as usize * KINDS..][..KINDS];
                    for (k, w) in row.iter_mut().enumerate() {
                        let target = if k == *label { 1.0 } else { 0.0 };
                        *w -= lr * ((probs[k] - target) * value + L2 * *w);
                    }
                }
                for (k, b) in bias.iter_mut().enumerate() {
                    let target = if k == *label { 1.0 } else { 0.0 };
                    *b -= lr * (probs[k] - target);
                }
            }
        }
        Classifier {
            index,
            weights,
            bias,
        }
    }

    /// Train on a labelled corpus, tokenised as the parser tokenises.
    pub(crate) fn from_corpus(corpus: &[Example], lex: &Lexicon) -> Classifier {
        let data: Vec<(Vec<u64>, IntentKind)> = corpus
            .iter()
            .map(|ex| {
                let norm = super::normalize::normalize_with(&ex.text, &lex.numbers);
                let toks = super::tokens(&norm.text, lex);
                (features(&toks, lex), ex.kind)
            })
            .collect();
        Classifier::train(&data)
    }

    /// Probability of each intent, in the order of [`IntentKind::ALL`].
    pub(crate) fn probabilities(&self, feats: &[u64]) -> [f32; KINDS] {
        let known: Vec<u32> = feats
            .iter()
            .filter_map(|f| self.index.get(f).copied())
            .collect();
        // Scale by all features, seen or not: a text made mostly of unseen
        // words gives flatter (less sure) probabilities.
        let value = 1.0 / (feats.len().max(1) as f32).sqrt();
        let mut scores = self.bias;
        for id in known {
            let row = &self.weights[id as usize * KINDS..][..KINDS];
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w * value;
            }
        }
        softmax(scores)
    }

    /// The most probable intent and its probability.
    pub(crate) fn best(&self, feats: &[u64]) -> (IntentKind, f32) {
        let probs = self.probabilities(feats);
        let (k, p) = probs
            .iter()
            .enumerate()
            .fold((KINDS - 1, f32::MIN), |best, (k, &p)| {
                if p > best.1 {
                    (k, p)
                } else {
                    best
                }
            });
        (IntentKind::ALL[k], p)
    }
}

fn softmax(scores: [f32; KINDS]) -> [f32; KINDS] {
    let max = scores.iter().copied().fold(f32::MIN, f32::max);
    let mut out = scores.map(|s| (s - max).exp());
    let sum: f32 = out.iter().sum();
    if sum > 0.0 && sum.is_finite() {
        out.iter_mut().for_each(|p| *p /= sum);
    } else {
        out = [1.0 / KINDS as f32; KINDS];
    }
    out
}

/// Words of the corpus that are never part of a slot value (frame words:
/// "scrap", "whenever", "repurchase"), minus anything the lexicon lists as
/// product, brand or descriptor vocabulary. The slot extractor treats them
/// like stop words, so a verb no cue lists does not end up in the product.
pub(crate) fn frame_words(corpus: &[Example]) -> Vec<String> {
    let mut in_slot: HashMap<&str, ()> = HashMap::new();
    for ex in corpus {
        for w in &ex.slot_words {
            in_slot.insert(w.as_str(), ());
        }
    }
    let mut out: Vec<String> = Vec::new();
    // Only the frames of intents with product slots: words of off-topic
    // requests ("gas", "root") may well be product words elsewhere.
    for ex in corpus.iter().filter(|ex| ex.kind.has_product_slots()) {
        for w in ex
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .map(|w| w.trim_matches('\'').to_lowercase())
        {
            if !w.is_empty() && !in_slot.contains_key(w.as_str()) {
                out.push(w);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{score_case, IntentTally};

    fn tally(
        cases: &[&Example],
        labels: &[serde_json::Value],
        lex: &Lexicon,
        policy: Policy,
    ) -> IntentTally {
        let mut t = IntentTally::default();
        for (ex, label) in cases.iter().zip(labels) {
            let parsed = super::super::parse_by(&ex.text, lex, policy);
            let got = serde_json::to_value(&parsed.slots).expect("slots serialise");
            let want = label["slots"].as_object().cloned().unwrap_or_default();
            let got = got.as_object().cloned().unwrap_or_default();
            t.add(&score_case(ex.kind.name(), &want, parsed.kind.name(), &got));
        }
        t
    }

    #[test]
    fn training_is_deterministic_and_learns_the_corpus() {
        let corpus = examples(CORPUS);
        assert!(corpus.len() > 300, "{} examples", corpus.len());
        let lex = Lexicon::builtin();
        let a = Classifier::from_corpus(&corpus, lex);
        let b = Classifier::from_corpus(&corpus, lex);
        assert_eq!(a.weights, b.weights);
        let right = corpus
            .iter()
            .filter(|ex| {
                let norm = super::super::normalize::normalize_with(&ex.text, &lex.numbers);
                let toks = super::super::tokens(&norm.text, lex);
                a.best(&features(&toks, lex)).0 == ex.kind
            })
            .count();
        assert!(
            right as f64 >= 0.97 * corpus.len() as f64,
            "{right} of {}",
            corpus.len()
        );
    }

    #[test]
    fn probabilities_are_a_distribution_for_any_tokens() {
        let lex = Lexicon::builtin();
        for text in ["", "zzzz qqqq", "add add add add", "5 5 5"] {
            let toks = super::super::tokens(text, lex);
            let p = lex.classifier.probabilities(&features(&toks, lex));
            let sum: f32 = p.iter().sum();
            assert!((sum - 1.0).abs() < 1e-3, "{text:?}: {sum}");
            assert!(p.iter().all(|x| x.is_finite() && *x >= 0.0));
        }
    }

    #[test]
    fn frame_words_leave_out_slot_words() {
        let corpus = examples(
            r#"{"id":"dev-x-001","text":"scrap the peaches","intent":"remove_from_cart","slots":{"product":"peaches"},"tags":[]}"#,
        );
        assert_eq!(
            frame_words(&corpus),
            vec!["scrap".to_string(), "the".to_string()]
        );
    }

    /// Cross-validation of the combination policy. Not a check: a tool
    /// for choosing `POLICY` on the dev split. Run with
    /// `cargo test --release --lib cross_validate -- --ignored --nocapture`;
    /// `HUSHCART_CV_FILES` (colon-separated) adds or replaces corpus files.
    #[test]
    #[ignore = "tuning tool; prints figures"]
    fn cross_validate_policy() {
        let files = std::env::var("HUSHCART_CV_FILES").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/assets/intents/dev.jsonl").into()
        });
        let mut all: Vec<(Example, serde_json::Value, usize)> = Vec::new();
        for (f, path) in files.split(':').enumerate() {
            let text = std::fs::read_to_string(path).expect("corpus file");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).expect("json");
                let ex = examples(line).pop().expect("example");
                all.push((ex, v, f));
            }
        }
        const FOLDS: usize = 5;
        let grid: Vec<Policy> = [0.0f32, 0.3, 0.5, 0.7, 0.9, 1.01]
            .iter()
            .flat_map(|&o| {
                [0.9f32, 0.93, 0.96, 1.01].iter().flat_map(move |&f| {
                    [0.2f32, 0.4, 0.6, 0.8, 1.01].iter().flat_map(move |&w| {
                        [0.2f32, 0.3, 0.4, 0.5, 0.6, 1.01]
                            .iter()
                            .map(move |&u| Policy {
                                override_cue: o,
                                firm_cue: f,
                                without_cue: w,
                                over_unknown: u,
                            })
                    })
                })
            })
            .collect();
        let nfiles = files.split(':').count();
        let mut totals = vec![vec![IntentTally::default(); nfiles]; grid.len()];
        for fold in 0..FOLDS {
            let train: Vec<Example> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| i % FOLDS != fold)
                .map(|(_, (e, _, _))| e.clone())
                .collect();
            let lex = Lexicon::with_corpus(&train);
            let held_all: Vec<&Example> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| i % FOLDS == fold)
                .map(|(_, c)| &c.0)
                .collect();
            let right = held_all
                .iter()
                .filter(|ex| {
                    let norm = super::super::normalize::normalize_with(&ex.text, &lex.numbers);
                    let toks = super::super::tokens(&norm.text, &lex);
                    lex.classifier.best(&features(&toks, &lex)).0 == ex.kind
                })
                .count();
            eprintln!(
                "fold {fold}: classifier alone {right} of {}",
                held_all.len()
            );
            for file in 0..nfiles {
                let held: Vec<&(Example, serde_json::Value, usize)> = all
                    .iter()
                    .enumerate()
                    .filter(|(i, (_, _, f))| i % FOLDS == fold && *f == file)
                    .map(|(_, c)| c)
                    .collect();
                let cases: Vec<&Example> = held.iter().map(|c| &c.0).collect();
                let labels: Vec<serde_json::Value> = held.iter().map(|c| c.1.clone()).collect();
                for (per_file, policy) in totals.iter_mut().zip(&grid) {
                    per_file[file].merge(&tally(&cases, &labels, &lex, *policy));
                }
                if std::env::var_os("HUSHCART_CV_SHOW").is_some() {
                    for (ex, label) in cases.iter().zip(&labels) {
                        let parsed = super::super::parse_by(&ex.text, &lex, POLICY);
                        let got = serde_json::to_value(&parsed.slots).expect("slots serialise");
                        let want = label["slots"].as_object().cloned().unwrap_or_default();
                        let score = score_case(
                            ex.kind.name(),
                            &want,
                            parsed.kind.name(),
                            got.as_object().unwrap_or(&serde_json::Map::new()),
                        );
                        if !score.passed {
                            eprintln!(
                                "FAIL {} {:?}: want {} {} got {} {}",
                                label["id"].as_str().unwrap_or("?"),
                                ex.text,
                                ex.kind.name(),
                                serde_json::Value::Object(want),
                                parsed.kind.name(),
                                got
                            );
                        }
                    }
                }
            }
        }
        let mut rows: Vec<(f64, String)> = grid
            .iter()
            .zip(&totals)
            .map(|(p, t)| {
                let mut all = IntentTally::default();
                t.iter().for_each(|x| all.merge(x));
                let per: Vec<String> = t
                    .iter()
                    .map(|x| format!("{:.1}/{:.1}", x.intent_accuracy() * 100.0, x.pass_rate() * 100.0))
                    .collect();
                (
                    all.intent_accuracy() + all.pass_rate(),
                    format!(
                        "override {:.2} firm {:.2} without {:.2} over unknown {:.2}: all {:.1}/{:.1} per file {}",
                        p.override_cue,
                        p.firm_cue,
                        p.without_cue,
                        p.over_unknown,
                        all.intent_accuracy() * 100.0,
                        all.pass_rate() * 100.0,
                        per.join(" ")
                    ),
                )
            })
            .collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, r) in rows.iter().take(usize::MAX) {
            eprintln!("{r}");
        }
        let rules_only = grid
            .iter()
            .position(|p| p.override_cue > 1.0 && p.without_cue > 1.0 && p.over_unknown > 1.0)
            .expect("rules-only policy in grid");
        eprintln!(
            "rules only: {}",
            rows.iter()
                .find(|r| r
                    .1
                    .contains("override 1.01 firm 0.90 without 1.01 over unknown 1.01"))
                .map(|r| r.1.as_str())
                .unwrap_or("?")
        );
        let _ = rules_only;
    }
}
