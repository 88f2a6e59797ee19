//! `hushcart suite run`: a recorded-audio suite through the whole pipeline.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use super::{print_json, Context};
use crate::asr::{DecodeOptions, Model};
use crate::audio::DecodeLimits;
use crate::cli::SuiteRunArgs;
use crate::error::Error;
use crate::intent::Lexicon;
use crate::manifest::{ManifestError, Problem};
use crate::suite::report::{write_report, ReportFormat};
use crate::suite::{self, junit, CaseResult, RunOptions, Summary, Thresholds};

/// Run a suite, write what was asked for, and judge the thresholds.
pub fn suite_run(context: &Context, args: &SuiteRunArgs) -> Result<(), Error> {
    if args.jobs == 0 || args.jobs > 256 {
        return Err(Error::Usage("--jobs must be from 1 to 256".to_string()));
    }
    let report_format = match &args.report {
        Some(path) => Some(ReportFormat::from_path(path).ok_or_else(|| {
            Error::Usage(format!(
                "--report {}: the file name must end in .html or .md",
                path.display()
            ))
        })?),
        None => None,
    };
    // The whole manifest is validated before anything runs; a suite case
    // also needs a recording.
    let cases = crate::manifest::read(&args.manifest)?;
    let silent: Vec<Problem> = cases
        .iter()
        .filter(|c| c.audio.is_none())
        .map(|c| Problem {
            line: c.line,
            message: format!("case '{}' has no audio", c.id),
        })
        .collect();
    if !silent.is_empty() {
        return Err(ManifestError::Invalid {
            path: args.manifest.clone(),
            problems: silent,
        }
        .into());
    }
    let asr = &context.settings.asr;
    let cores = asr.effective_threads();
    let threads = (cores / args.jobs).max(1);
    let options = RunOptions {
        jobs: args.jobs,
        decode: DecodeOptions {
            short_window: asr.short_window,
            domain_prompt: asr.domain_prompt,
            second_opinion: asr.second_opinion,
            ..DecodeOptions::new(threads)
        },
        limits: DecodeLimits {
            max_duration: Duration::from_secs_f64(asr.max_audio_seconds),
            ..DecodeLimits::default()
        },
        augments: args.augment.clone(),
        seed: args.seed,
    };
    let model = Model::load(&context.model_path()?)?;
    let total = cases.len() * (1 + options.augments.len());
    let bar = context.progress_bar(Some(total as u64));
    bar.set_message("running the suite");
    let started = Instant::now();
    let results = suite::run(&model, &cases, &options, Lexicon::builtin(), &|_| {
        bar.inc(1)
    })?;
    bar.finish_and_clear();
    let summary = suite::summarize(&results);
    tracing::info!(
        cases = results.len(),
        seconds = started.elapsed().as_secs_f64(),
        jobs = args.jobs,
        threads_per_job = threads,
        "suite finished"
    );

    if args.json {
        for line in case_lines(&results, &summary) {
            print_json(&line)?;
        }
    }
    if let Some(path) = &args.predictions {
        write_file(path, |out| {
            for line in case_lines(&results, &summary) {
                serde_json::to_writer(&mut *out, &line)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })?;
    }
    if let Some(path) = &args.junit {
        let name = suite_name(&args.manifest);
        write_file(path, |out| {
            junit::write_junit(&results, &summary, &name, out)
        })?;
    }
    if let (Some(path), Some(format)) = (&args.report, report_format) {
        write_file(path, |out| write_report(&results, &summary, format, out))?;
    }
    if !context.quiet {
        eprint!("{}", table(&results, &summary));
    }

    let errored = results.iter().filter(|r| r.error.is_some()).count();
    let missed = Thresholds {
        min_intent_accuracy: args.min_intent_accuracy,
        max_wer: args.max_wer,
        min_pass_rate: args.min_pass_rate,
    }
    .missed(&summary);
    if !missed.is_empty() {
        return Err(Error::ThresholdsMissed(missed));
    }
    if errored > 0 {
        return Err(Error::PartialFailure {
            failed: errored,
            total: results.len(),
        });
    }
    Ok(())
}

/// The JSON lines of `spec/cli.md`: one per case, then the summary.
fn case_lines(results: &[CaseResult], summary: &Summary) -> Vec<serde_json::Value> {
    let mut lines: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let mut line = json!({
                "id": r.id,
                "transcript": r.transcript,
                "intent": r.intent,
                "slots": r.slots,
                "passed": r.passed,
                "wer": r.wer,
                "latency_ms": (r.latency_ms * 1000.0).round() / 1000.0,
                "expected_intent": r.expected_intent,
                "tags": r.tags,
            });
            if let Some(e) = &r.error {
                line["error"] = json!(e);
            }
            line
        })
        .collect();
    lines.push(json!({ "summary": summary }));
    lines
}

/// The suite's name for reports: the manifest's folder and file name.
fn suite_name(manifest: &Path) -> String {
    let file = manifest
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    match manifest.parent().and_then(|p| p.file_name()) {
        Some(dir) => format!("{}/{file}", dir.to_string_lossy()),
        None => file,
    }
}

/// Write a file through a temporary file in the same folder, renamed into
/// place when complete, so a failed run never leaves half a report.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| Error::Input(format!("cannot write {}: {e}", path.display()));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    let mut out = BufWriter::new(tmp.reopen().map_err(fail)?);
    write(&mut out).map_err(fail)?;
    out.flush().map_err(fail)?;
    drop(out);
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The human table: one row per case, then the summary.
fn table(results: &[CaseResult], summary: &Summary) -> String {
    use std::fmt::Write as _;
    let id_width = results
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 40);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<id_width$}  {:<4}  {:<17}  {:<17}  {:>6}  {:>8}",
        "id", "", "expected", "got", "WER", "ms"
    );
    for r in results {
        let got = match &r.error {
            Some(_) => "(error)".to_string(),
            None => r.intent.clone(),
        };
        let wer = r
            .wer
            .map(|w| format!("{:.0}%", w * 100.0))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<id_width$}  {:<4}  {:<17}  {:<17}  {:>6}  {:>8.0}",
            r.id,
            if r.passed { "ok" } else { "FAIL" },
            r.expected_intent,
            got,
            wer,
            r.latency_ms
        );
        if let Some(e) = &r.error {
            let _ = writeln!(out, "{:id_width$}  error: {e}", "");
        }
    }
    let wer = summary
        .wer
        .map(|w| format!("{:.1}%", w * 100.0))
        .unwrap_or_else(|| "-".to_string());
    let _ = writeln!(
        out,
        "\n{} cases | WER {wer} | intent accuracy {:.1}% | slot F1 {:.3} | pass rate {:.1}% | latency p50 {:.0} ms, p95 {:.0} ms",
        summary.cases,
        summary.intent_accuracy * 100.0,
        summary.slot_f1,
        summary.pass_rate * 100.0,
        summary.latency_ms_p50,
        summary.latency_ms_p95
    );
    out
}
