//! `hushcart catalog serve` and `hushcart catalog check`.
//!
//! Takes: [`CatalogServeArgs`] / [`CatalogCheckArgs`]. Produces: a running
//! reference server until Ctrl-C; one line per check (human on stdout, or
//! JSON Lines with `--json`) and exit status 1 when any check fails.
//!
//! Runs on: a tokio runtime each command builds for itself.
//!
//! Must never: print a query's terms or a request body (the server logs
//! routes, statuses and sizes only).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::catalog::check::{self, CheckOutcome};
use crate::catalog::local::LocalCatalog;
use crate::catalog::{server, CatalogError, Vocabulary};
use crate::cli::{CatalogCheckArgs, CatalogServeArgs};
use crate::commands::{print_json, Context};
use crate::error::Error;

/// The longest `--timeout` accepted (seconds).
const MAX_TIMEOUT_SECONDS: f64 = 3600.0;

/// The largest `--vocabulary` file read.
const MAX_VOCABULARY_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// `hushcart catalog serve`: load the catalog and TLS files, listen, serve
/// until Ctrl-C.
pub fn catalog_serve(context: &Context, args: &CatalogServeArgs) -> Result<(), Error> {
    let vocabulary = match &args.vocabulary {
        Some(path) if args.catalog.is_none() => {
            return Err(Error::Usage(format!(
                "--vocabulary {} needs --catalog FILE: the embedded catalog publishes its own",
                path.display()
            )))
        }
        Some(path) => Some(read_vocabulary(path)?),
        None => None,
    };
    let catalog = match &args.catalog {
        Some(path) => LocalCatalog::from_jsonl_file(path, vocabulary)?,
        None => LocalCatalog::embedded()?,
    };
    let tls = server::tls_config(&args.tls_cert, &args.tls_key).map_err(|e| match e {
        // The message names the file; "cannot load the catalog" would not fit.
        CatalogError::Load { message, .. } => Error::Input(message),
        other => Error::Catalog(other),
    })?;
    let products = catalog.len();
    let catalog = Arc::new(catalog);
    let runtime = runtime()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr.as_str())
            .await
            .map_err(|e| Error::Input(format!("cannot listen on {}: {e}", args.addr)))?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::Input(format!("cannot listen on {}: {e}", args.addr)))?;
        context.say(&format!(
            "serving {products} products on https://{address} (Ctrl-C to stop)"
        ));
        let shutdown = async {
            if let Err(e) = tokio::signal::ctrl_c().await {
                // Without a signal handler the server runs until killed.
                tracing::warn!(error = %e, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        };
        server::serve(catalog, listener, tls, shutdown).await?;
        context.say("stopped");
        Ok(())
    })
}

/// `hushcart catalog check URL`: run every check, print one line each, fail
/// when any failed.
pub fn catalog_check(context: &Context, args: &CatalogCheckArgs) -> Result<(), Error> {
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= MAX_TIMEOUT_SECONDS) {
        return Err(Error::Usage(format!(
            "--timeout must be more than 0 and at most {MAX_TIMEOUT_SECONDS} seconds (got {})",
            args.timeout
        )));
    }
    let timeout = Duration::from_secs_f64(args.timeout);
    let runtime = runtime()?;
    let outcomes = runtime.block_on(check::check(&args.url, args.ca_file.as_deref(), timeout));
    for outcome in &outcomes {
        if args.json {
            print_json(&serde_json::to_value(outcome).map_err(std::io::Error::from)?)?;
        } else {
            print_line(outcome)?;
        }
    }
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    if failed > 0 {
        return Err(Error::Input(format!(
            "{failed} of {} checks failed",
            outcomes.len()
        )));
    }
    context.say(&format!("all {} checks passed", outcomes.len()));
    Ok(())
}

/// `PASS tls  TLS 1.3, certificate valid for shop.example`
fn print_line(outcome: &CheckOutcome) -> Result<(), Error> {
    use std::io::Write;
    let verdict = if outcome.passed { "PASS" } else { "FAIL" };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{verdict} {}  {}", outcome.check, outcome.detail)?;
    out.flush()?;
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Input(format!("cannot start the async runtime: {e}")))
}

/// Read a published vocabulary file; errors name the file.
fn read_vocabulary(path: &Path) -> Result<Vocabulary, Error> {
    let name = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| Error::Input(format!("cannot read the vocabulary {name}: {e}")))?
        .len();
    if size > MAX_VOCABULARY_FILE_BYTES {
        return Err(Error::Input(format!(
            "the vocabulary {name} is larger than {MAX_VOCABULARY_FILE_BYTES} bytes"
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Error::Input(format!("cannot read the vocabulary {name}: {e}")))?;
    Vocabulary::from_json(&bytes).map_err(|e| Error::Input(format!("the vocabulary {name}: {e}")))
}
