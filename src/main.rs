//! The `hushcart` binary: parse the command line, set up logging, call one
//! library function per subcommand, and turn its error into an exit status.

use std::process::ExitCode;

use clap::Parser;
use hushcart::cli::{
    BenchCommand, CatalogCommand, Cli, Command, ModelCommand, PrivacyCommand, SuiteCommand,
};
use hushcart::commands::{self, Context};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.global.verbose, cli.global.quiet);
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn run(cli: &Cli) -> Result<(), hushcart::Error> {
    let context = Context::from_args(&cli.global)?;
    match &cli.command {
        Command::Model(ModelCommand::Fetch(args)) => commands::model_fetch(&context, args),
        Command::Model(ModelCommand::Info(args)) => commands::model_info(&context, args),
        Command::Transcribe(args) => commands::transcribe(&context, args),
        Command::Parse(args) => commands::parse(&context, args),
        Command::Bench(BenchCommand::Asr(args)) => commands::bench_asr(&context, args),
        Command::Bench(BenchCommand::Score(args)) => commands::bench_score(&context, args),
        Command::Suite(SuiteCommand::Run(args)) => commands::suite_run(&context, args),
        Command::Ask(args) => commands::ask(&context, args),
        Command::Catalog(CatalogCommand::Serve(args)) => commands::catalog_serve(&context, args),
        Command::Catalog(CatalogCommand::Check(args)) => commands::catalog_check(&context, args),
        Command::Privacy(PrivacyCommand::Log(args)) => commands::privacy_log(&context, args),
    }
}

/// Logs go to stderr. whisper.cpp's own lines arrive through `whisper_rs`
/// and are shown only from -vv on; `RUST_LOG` overrides everything.
fn init_tracing(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    let whisper = match verbose {
        0 | 1 => "error",
        2 => "info",
        _ => "debug",
    };
    let default = format!("{level},whisper_rs={whisper}");
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(verbose >= 2)
        .init();
}
