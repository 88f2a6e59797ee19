//! `hushcart transcribe FILE...`

use std::time::{Duration, Instant};

use serde_json::json;

use super::{print_json, Context};
use crate::asr::{DecodeOptions, Model};
use crate::audio::{self, DecodeLimits};
use crate::cli::TranscribeArgs;
use crate::error::Error;
use crate::hear::hear;
use crate::intent::Lexicon;

/// Decode options and limits from the config, overridden by flags.
pub(crate) fn decode_setup(
    context: &Context,
    threads: Option<usize>,
    full_window: bool,
    max_seconds: Option<f64>,
) -> Result<(DecodeOptions, DecodeLimits), Error> {
    let asr = &context.settings.asr;
    let threads = threads.unwrap_or_else(|| asr.effective_threads());
    if threads == 0 || threads > 256 {
        return Err(Error::Usage(
            "--threads must be between 1 and 256".to_string(),
        ));
    }
    let max_seconds = max_seconds.unwrap_or(asr.max_audio_seconds);
    if !(max_seconds.is_finite() && max_seconds > 0.0 && max_seconds <= 3600.0) {
        return Err(Error::Usage(
            "--max-seconds must be more than 0 and at most 3600".to_string(),
        ));
    }
    let options = DecodeOptions {
        short_window: asr.short_window && !full_window,
        domain_prompt: asr.domain_prompt,
        second_opinion: asr.second_opinion,
        ..DecodeOptions::new(threads)
    };
    let limits = DecodeLimits {
        max_duration: Duration::from_secs_f64(max_seconds),
        ..DecodeLimits::default()
    };
    Ok((options, limits))
}

/// Transcribe each file in turn; a file that fails is reported and skipped.
pub fn transcribe(context: &Context, args: &TranscribeArgs) -> Result<(), Error> {
    let (options, limits) =
        decode_setup(context, args.threads, args.full_window, args.max_seconds)?;
    let model_path = context.model_path()?;
    let started = Instant::now();
    let model = Model::load(&model_path)?;
    let mut worker = model.worker(options)?;
    tracing::info!(
        load_ms = started.elapsed().as_millis() as u64,
        threads = options.threads,
        short_window = options.short_window,
        "model ready"
    );

    let bar = context.progress_bar((args.files.len() > 1).then_some(args.files.len() as u64));
    bar.set_message("transcribing");
    let mut failed = 0;
    for file in &args.files {
        let result = audio::decode_file(file, &limits)
            .map_err(Error::from)
            .and_then(|clip| hear(&mut worker, &clip, Lexicon::builtin()).map_err(Error::from));
        bar.inc(1);
        match result {
            Ok(heard) => {
                let transcript = &heard.transcript;
                if args.json {
                    print_json(&json!({
                        "file": file,
                        "transcript": transcript.text(),
                        "audio_ms": transcript.audio_duration().as_millis() as u64,
                        "decode_ms": heard.elapsed.as_millis() as u64,
                        "no_speech": transcript.no_speech(),
                        "fallback": transcript.fell_back(),
                        "second_opinion": heard.opinion,
                    }))?;
                } else {
                    let shown = match transcript.no_speech() {
                        Some(_) => "(no speech)".to_string(),
                        None => transcript.text().to_string(),
                    };
                    bar.suspend(|| context.say(&format!("{}: {shown}", file.display())));
                }
            }
            Err(error) => {
                failed += 1;
                bar.suspend(|| eprintln!("error: {error}"));
                if args.json {
                    print_json(&json!({ "file": file, "error": error.to_string() }))?;
                }
            }
        }
    }
    bar.finish_and_clear();
    if failed > 0 {
        return Err(Error::PartialFailure {
            failed,
            total: args.files.len(),
        });
    }
    Ok(())
}
