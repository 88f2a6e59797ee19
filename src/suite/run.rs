//! Running a suite: every case through the real pipeline (audio decode,
//! transcription, intent parse), in parallel, scored by [`crate::score`].
//!
//! Workers share one loaded [`Model`]; each has its own whisper state
//! ([`Model::worker`]). Cases are handed out from a shared counter, so a
//! slow case never holds up the others, and results are put back in
//! manifest order. A case that cannot be run (unreadable audio, a decoder
//! failure) becomes a failed [`CaseResult`] with its `error`; the run goes
//! on.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use super::augment::{seed_for, Augment};
use super::report::percentile;
use super::{CaseResult, Summary};
use crate::asr::{AsrError, DecodeOptions, Model, Transcriber};
use crate::audio::{self, Clip, DecodeLimits};
use crate::hear::hear;
use crate::intent::Lexicon;
use crate::manifest::Case;
use crate::score::{score_case, IntentTally, WerTally};

/// How to run a suite.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Parallel workers, each with its own whisper state (at least 1).
    pub jobs: usize,
    /// Decoding options of every worker (threads per worker included).
    pub decode: DecodeOptions,
    /// Limits on the recordings.
    pub limits: DecodeLimits,
    /// Variants to run besides each original recording.
    pub augments: Vec<Augment>,
    /// Mixed into every augmentation's per-case seed; the same seed gives
    /// the same variants.
    pub seed: u64,
}

/// One unit of work: a manifest case, as recorded or augmented.
struct Job<'c> {
    case: &'c Case,
    augment: Option<Augment>,
}

/// Run every case (and its augmented variants) and return the results in
/// manifest order, each original followed by its variants. `progress` is
/// called once per finished case, from the worker threads.
pub fn run(
    model: &Model,
    cases: &[Case],
    options: &RunOptions,
    lexicon: &Lexicon,
    progress: &(dyn Fn(&CaseResult) + Sync),
) -> Result<Vec<CaseResult>, AsrError> {
    let jobs: Vec<Job<'_>> = cases
        .iter()
        .flat_map(|case| {
            std::iter::once(Job {
                case,
                augment: None,
            })
            .chain(options.augments.iter().map(move |a| Job {
                case,
                augment: Some(*a),
            }))
        })
        .collect();
    let workers = options.jobs.clamp(1, jobs.len().max(1));
    // Create every worker's state up front, so a model that cannot make
    // one fails the run before any case is spent.
    let mut states = Vec::with_capacity(workers);
    for _ in 0..workers {
        states.push(model.worker(options.decode)?);
    }
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<CaseResult>>> = Mutex::new(vec![None; jobs.len()]);
    std::thread::scope(|scope| {
        for mut worker in states {
            let (jobs, next, slots) = (&jobs, &next, &slots);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else {
                    break;
                };
                let result = run_one(&mut worker, job, options, lexicon);
                progress(&result);
                if let Ok(mut slots) = slots.lock() {
                    if let Some(slot) = slots.get_mut(i) {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    let slots = slots
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok(slots.into_iter().flatten().collect())
}

/// Decode, transcribe and parse one case; time it from the start of the
/// audio decode to the parsed intent.
fn run_one(
    worker: &mut impl Transcriber,
    job: &Job<'_>,
    options: &RunOptions,
    lexicon: &Lexicon,
) -> CaseResult {
    let case = job.case;
    let started = Instant::now();
    let outcome = decode(case, job.augment, options)
        .and_then(|clip| hear(worker, &clip, lexicon).map_err(|e| e.to_string()));
    let (transcript, parsed, error) = match outcome {
        Ok(heard) => (
            heard.transcript.text().to_string(),
            Some(heard.intent),
            None,
        ),
        Err(e) => (String::new(), None, Some(e)),
    };
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let (intent, slots) = match &parsed {
        Some(p) => (
            p.kind.name().to_string(),
            serde_json::to_value(&p.slots)
                .ok()
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default(),
        ),
        None => (String::new(), serde_json::Map::new()),
    };
    let score = score_case(&case.intent, &case.slots, &intent, &slots);
    let mut tags = case.tags.clone();
    let mut id = case.id.clone();
    if let Some(a) = job.augment {
        tags.push(a.tag());
        id.push_str(&a.id_suffix());
    }
    CaseResult {
        id,
        tags,
        expected_transcript: Some(case.transcript.clone()),
        wer: error
            .is_none()
            .then(|| crate::score::wer(&case.transcript, &transcript)),
        transcript,
        expected_intent: case.intent.clone(),
        intent,
        expected_slots: case.slots.clone(),
        slots,
        passed: score.passed && error.is_none(),
        latency_ms,
        score,
        error,
    }
}

/// The case's recording, augmented when asked; errors as text for the
/// case's report.
fn decode(case: &Case, augment: Option<Augment>, options: &RunOptions) -> Result<Clip, String> {
    let Some(path) = &case.audio else {
        return Err("the case has no audio".to_string());
    };
    let clip = audio::decode_file(path, &options.limits).map_err(|e| e.to_string())?;
    match augment {
        None => Ok(clip),
        Some(a) => {
            let seed = seed_for(&case.id) ^ options.seed;
            let samples = a
                .apply(clip.samples(), audio::ASR_SAMPLE_RATE, seed)
                .map_err(|e| e.to_string())?;
            Ok(Clip::from_samples_16k(samples))
        }
    }
}

/// The summary of `results` (`spec/cli.md`): corpus WER over cases that
/// ran, intent accuracy, micro slot F1, pass rate and latency percentiles
/// (nearest rank, as the report computes them).
pub fn summarize(results: &[CaseResult]) -> Summary {
    let mut intents = IntentTally::default();
    let mut words = WerTally::default();
    let mut latencies: Vec<f64> = Vec::with_capacity(results.len());
    for r in results {
        let mut score = r.score.clone();
        score.passed = r.passed;
        intents.add(&score);
        if let (Some(reference), None) = (&r.expected_transcript, &r.error) {
            words.add(reference, &r.transcript);
        }
        latencies.push(r.latency_ms);
    }
    latencies.sort_by(f64::total_cmp);
    Summary {
        cases: results.len(),
        wer: (words.words > 0 || words.errors > 0).then(|| words.wer()),
        intent_accuracy: intents.intent_accuracy(),
        slot_f1: intents.slot_f1(),
        pass_rate: intents.pass_rate(),
        latency_ms_p50: percentile(&latencies, 50.0),
        latency_ms_p95: percentile(&latencies, 95.0),
    }
}

/// Limits a run must meet; `None` checks nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Thresholds {
    /// The lowest acceptable intent accuracy (0..1).
    pub min_intent_accuracy: Option<f64>,
    /// The highest acceptable corpus WER (0..1).
    pub max_wer: Option<f64>,
    /// The lowest acceptable pass rate (0..1).
    pub min_pass_rate: Option<f64>,
}

impl Thresholds {
    /// Every threshold `summary` misses, each as a sentence.
    pub fn missed(&self, summary: &Summary) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(min) = self.min_intent_accuracy {
            if summary.intent_accuracy < min {
                out.push(format!(
                    "intent accuracy {:.3} is below --min-intent-accuracy {min}",
                    summary.intent_accuracy
                ));
            }
        }
        if let Some(max) = self.max_wer {
            match summary.wer {
                Some(wer) if wer > max => {
                    out.push(format!("WER {wer:.3} is above --max-wer {max}"));
                }
                None => out.push(format!(
                    "no case has a reference transcript, so --max-wer {max} cannot be checked"
                )),
                _ => {}
            }
        }
        if let Some(min) = self.min_pass_rate {
            if summary.pass_rate < min {
                out.push(format!(
                    "pass rate {:.3} is below --min-pass-rate {min}",
                    summary.pass_rate
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::CaseScore;

    fn result(
        id: &str,
        passed: bool,
        intent_ok: bool,
        wer_words: (&str, &str),
        ms: f64,
    ) -> CaseResult {
        CaseResult {
            id: id.to_string(),
            tags: vec![],
            expected_transcript: Some(wer_words.0.to_string()),
            transcript: wer_words.1.to_string(),
            expected_intent: "search".to_string(),
            intent: if intent_ok { "search" } else { "help" }.to_string(),
            expected_slots: serde_json::Map::new(),
            slots: serde_json::Map::new(),
            passed,
            wer: Some(crate::score::wer(wer_words.0, wer_words.1)),
            latency_ms: ms,
            score: CaseScore {
                intent_correct: intent_ok,
                passed,
                matched: vec![],
                missed: vec![],
                spurious: vec![],
            },
            error: None,
        }
    }

    #[test]
    fn summary_pools_words_not_per_case_rates() {
        let results = vec![
            result("a", true, true, ("find milk", "find milk"), 10.0),
            result(
                "b",
                false,
                false,
                ("add two packs of paper towels", "add to pack"),
                30.0,
            ),
            result("c", true, true, ("help", "help"), 20.0),
        ];
        let s = summarize(&results);
        assert_eq!(s.cases, 3);
        // 5 edits ("two"->"to", "packs"->"pack"; "of", "paper", "towels"
        // deleted) over 2 + 6 + 1 = 9 reference words, not the mean of the
        // per-case rates.
        assert!((s.wer.unwrap() - 5.0 / 9.0).abs() < 1e-9, "{:?}", s.wer);
        assert!((s.intent_accuracy - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.pass_rate - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.latency_ms_p50, 20.0);
        assert_eq!(s.latency_ms_p95, 30.0);
    }

    #[test]
    fn an_errored_case_fails_and_adds_no_words() {
        let mut bad = result("x", true, true, ("find milk", ""), 5.0);
        bad.error = Some("cannot read".to_string());
        bad.passed = false;
        let s = summarize(&[bad]);
        assert_eq!(s.pass_rate, 0.0);
        assert_eq!(s.wer, None);
    }

    #[test]
    fn thresholds_name_every_miss() {
        let s = summarize(&[result("b", false, false, ("find milk", "fine milk"), 1.0)]);
        let t = Thresholds {
            min_intent_accuracy: Some(0.9),
            max_wer: Some(0.2),
            min_pass_rate: Some(0.5),
        };
        let missed = t.missed(&s);
        assert_eq!(missed.len(), 3, "{missed:?}");
        assert!(missed[0].contains("--min-intent-accuracy 0.9"));
        assert!(missed[1].contains("--max-wer 0.2"));
        assert!(missed[2].contains("--min-pass-rate 0.5"));
        assert!(Thresholds::default().missed(&s).is_empty());
    }
}
