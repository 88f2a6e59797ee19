//! `hushcart bench asr`: speed, memory and accuracy of one configuration.

use std::time::{Duration, Instant};

use serde_json::json;

use super::{peak_rss_bytes, print_json, Context};
use crate::asr::{Model, Transcriber};
use crate::audio::{self, Clip};
use crate::cli::{BenchAsrArgs, BenchScoreArgs};
use crate::commands::transcribe::decode_setup;
use crate::error::Error;
use crate::hear::{hear, Opinion};
use crate::intent::Lexicon;
use crate::manifest;
use crate::model;
use crate::score::WerTally;

/// The `q`-quantile (0..=1) of sorted values, by nearest rank.
pub(crate) fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Run the benchmark for one model and mode and print one JSON summary line.
pub fn bench_asr(context: &Context, args: &BenchAsrArgs) -> Result<(), Error> {
    if args.repeat == 0 {
        return Err(Error::Usage("--repeat must be at least 1".to_string()));
    }
    let (mut options, limits) = decode_setup(context, args.threads, args.full_window, None)?;
    if let Some(frames) = args.min_window {
        options.min_window_frames = frames;
    }
    let cases = manifest::read(&args.manifest)?;
    let mut clips: Vec<(String, String, Clip)> = Vec::new();
    for case in cases {
        let Some(path) = case.audio else { continue };
        if case.transcript.trim().is_empty() {
            continue;
        }
        let clip = audio::decode_file(&path, &limits).map_err(Error::from)?;
        clips.push((case.id, case.transcript, clip));
    }
    if clips.is_empty() {
        return Err(Error::Input(format!(
            "{} has no cases with audio and a transcript",
            args.manifest.display()
        )));
    }

    let model_path = context.model_path()?;
    let info = model::inspect(&model_path)?;
    let load_started = Instant::now();
    let model = Model::load(&model_path)?;
    let mut worker = model.worker(options)?;
    let load_ms = ms(load_started.elapsed());

    let bar = context.progress_bar(Some((clips.len() * args.repeat) as u64));
    let mode = match (options.short_window, args.hear) {
        (true, false) => "short",
        (false, false) => "full",
        (true, true) => "short+hear",
        (false, true) => "full+hear",
    };
    bar.set_message(mode);
    let mut decode_ms: Vec<f64> = Vec::new();
    let mut decode_ms_1to3: Vec<f64> = Vec::new();
    let mut audio_total = 0.0;
    let mut decode_total = 0.0;
    let mut wer = WerTally::default();
    let mut fallbacks = 0;
    let mut second_opinions = 0;
    for round in 0..args.repeat {
        let measured = round > 0 || args.repeat == 1;
        let last = round + 1 == args.repeat;
        for (id, reference, clip) in &clips {
            let (transcript, decode, opinion) = if args.hear {
                let heard = hear(&mut worker, clip, Lexicon::builtin())?;
                (heard.transcript, ms(heard.elapsed), heard.opinion)
            } else {
                let transcript = worker.transcribe(clip)?;
                let decode = ms(transcript.decode_time());
                (transcript, decode, Opinion::FirstOnly)
            };
            bar.inc(1);
            let audio_s = clip.duration().as_secs_f64();
            if measured {
                decode_ms.push(decode);
                if (1.0..=3.0).contains(&audio_s) {
                    decode_ms_1to3.push(decode);
                }
                audio_total += audio_s * 1000.0;
                decode_total += decode;
            }
            if last {
                let clip_wer = wer.add(reference, transcript.text());
                if transcript.fell_back() {
                    fallbacks += 1;
                }
                if opinion != Opinion::FirstOnly {
                    second_opinions += 1;
                }
                if args.per_clip {
                    print_json(&json!({
                        "id": id,
                        "audio_ms": (audio_s * 1000.0).round(),
                        "decode_ms": decode,
                        "passes": transcript.passes(),
                        "second_opinion": opinion,
                        "wer": clip_wer,
                        "transcript": transcript.text(),
                    }))?;
                }
            }
        }
    }
    bar.finish_and_clear();
    decode_ms.sort_by(f64::total_cmp);
    decode_ms_1to3.sort_by(f64::total_cmp);
    let peak_mib = peak_rss_bytes().map(|b| b as f64 / (1024.0 * 1024.0));
    let summary = json!({
        "model": info.model_type,
        "weight_type": info.weight_type,
        "mode": mode,
        "threads": options.threads,
        "clips": clips.len(),
        "load_ms": load_ms,
        "decode_ms_median": percentile(&decode_ms, 0.5),
        "decode_ms_p95": percentile(&decode_ms, 0.95),
        "decode_ms_median_1to3s": percentile(&decode_ms_1to3, 0.5),
        "rtf": decode_total / audio_total,
        "wer": wer.wer(),
        "fallbacks": fallbacks,
        "second_opinions": second_opinions,
        "peak_rss_mib": peak_mib,
    });
    context.say(&format!(
        "{} {} {:10} | load {:6.1} ms | decode median {:6.1} ms p95 {:6.1} ms (1-3 s clips: {:6.1} ms) | RTF {:.3} | WER {:5.1}% | fallbacks {}/{} | peak RSS {:.0} MiB",
        info.model_type,
        info.weight_type,
        mode,
        load_ms,
        percentile(&decode_ms, 0.5),
        percentile(&decode_ms, 0.95),
        percentile(&decode_ms_1to3, 0.5),
        decode_total / audio_total,
        wer.wer() * 100.0,
        fallbacks,
        clips.len(),
        peak_mib.unwrap_or(f64::NAN),
    ));
    print_json(&summary)
}

/// Score another engine's transcripts against a manifest and print one
/// JSON summary line.
pub fn bench_score(context: &Context, args: &BenchScoreArgs) -> Result<(), Error> {
    let cases = manifest::read(&args.manifest)?;
    let text = std::fs::read_to_string(&args.predictions)?;
    let canonical =
        |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut wer = WerTally::default();
    let mut decode_ms = Vec::new();
    let mut scored = 0usize;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            Error::Input(format!(
                "{}:{}: not JSON: {e}",
                args.predictions.display(),
                index + 1
            ))
        })?;
        let case = cases.iter().find(|c| {
            value["id"].as_str() == Some(c.id.as_str())
                || match (value["file"].as_str(), &c.audio) {
                    (Some(file), Some(audio)) => {
                        canonical(std::path::Path::new(file)) == canonical(audio)
                    }
                    _ => false,
                }
        });
        let (Some(case), Some(got)) = (case, value["transcript"].as_str()) else {
            return Err(Error::Input(format!(
                "{}:{}: no manifest case for this line, or no transcript",
                args.predictions.display(),
                index + 1
            )));
        };
        if case.transcript.trim().is_empty() {
            continue;
        }
        wer.add(&case.transcript, got);
        scored += 1;
        if let Some(ms) = value["decode_ms"].as_f64() {
            decode_ms.push(ms);
        }
    }
    decode_ms.sort_by(f64::total_cmp);
    context.say(&format!(
        "{scored} transcripts | WER {:.1}% | decode median {:.1} ms p95 {:.1} ms",
        wer.wer() * 100.0,
        percentile(&decode_ms, 0.5),
        percentile(&decode_ms, 0.95)
    ));
    print_json(&json!({
        "scored": scored,
        "wer": wer.wer(),
        "decode_ms_median": percentile(&decode_ms, 0.5),
        "decode_ms_p95": percentile(&decode_ms, 0.95),
    }))
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_use_nearest_rank() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), 5.0);
        assert_eq!(percentile(&v, 0.95), 10.0);
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert!(percentile(&[], 0.5).is_nan());
    }
}
