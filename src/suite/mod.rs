//! The recorded-audio test-suite runner: how well hushcart understands a
//! tester's labelled recordings.
//!
//! Takes: a suite manifest (`spec/intents.md`, read by [`crate::manifest`]).
//! Produces: one [`CaseResult`] per case and a [`Summary`], scored by
//! [`crate::score`] (the one implementation of the spec's scoring rules),
//! rendered as JSON Lines, a JUnit XML file ([`junit`]) and an HTML or
//! Markdown report ([`report`]). [`augment`] derives noisy, faster, slower,
//! louder or quieter variants of each recording, deterministically.
//!
//! Must never: score by any other rules than [`crate::score`]; log
//! transcripts (they are what a tester's speakers said; they go only into
//! the outputs the tester asked for).

pub mod augment;
pub mod junit;
pub mod report;
pub mod run;

pub use run::{run, summarize, RunOptions, Thresholds};

use serde::Serialize;

/// The outcome of one case (one recording, possibly augmented).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseResult {
    /// The manifest id; augmented cases get a suffix ("s-001+noise-10db-pink").
    pub id: String,
    /// The manifest's tags, plus the augmentation's tag for augmented cases.
    pub tags: Vec<String>,
    /// The reference transcript, when the manifest gives one.
    pub expected_transcript: Option<String>,
    /// What the recogniser wrote ("" for no speech).
    pub transcript: String,
    /// The labelled intent.
    pub expected_intent: String,
    /// The parsed intent.
    pub intent: String,
    /// The labelled slots (a JSON object).
    pub expected_slots: serde_json::Map<String, serde_json::Value>,
    /// The parsed slots (a JSON object).
    pub slots: serde_json::Map<String, serde_json::Value>,
    /// Intent and every expected slot matched.
    pub passed: bool,
    /// Word error rate of this case, when a reference transcript exists.
    pub wer: Option<f64>,
    /// Decode start to intent, in milliseconds.
    pub latency_ms: f64,
    /// Slot-level score (matched, missed, spurious slot names).
    pub score: crate::score::CaseScore,
    /// Why the case could not be run (unreadable audio, decoder failure);
    /// such a case counts as failed.
    pub error: Option<String>,
}

/// The summary line of `hushcart suite run` (`spec/cli.md`); rates are
/// fractions 0..1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Cases run (augmented ones included).
    pub cases: usize,
    /// Corpus word error rate over cases with a reference transcript
    /// (errors summed over words summed), `None` when none has one.
    pub wer: Option<f64>,
    /// Share of cases with the right intent.
    pub intent_accuracy: f64,
    /// Micro-averaged slot F1.
    pub slot_f1: f64,
    /// Share of cases that passed.
    pub pass_rate: f64,
    /// Median latency, milliseconds.
    pub latency_ms_p50: f64,
    /// 95th percentile latency, milliseconds.
    pub latency_ms_p95: f64,
}
