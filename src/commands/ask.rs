//! `hushcart ask FILE | --text TEXT` and `hushcart privacy log`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::json;

use super::transcribe::decode_setup;
use super::{print_json, Context};
use crate::asr::Model;
use crate::audio;
use crate::catalog::https::{HttpsCatalog, HttpsOptions};
use crate::catalog::local::LocalCatalog;
use crate::catalog::{Catalog, CatalogError, Vocabulary};
use crate::cli::{AskArgs, PrivacyLogArgs};
use crate::error::Error;
use crate::hear::hear;
use crate::intent::{self, Lexicon};
use crate::personalize::{FileProfile, ProfileStore};
use crate::privacy::ledger::{FileLedger, Ledger, TeeLedger};
use crate::respond;
use crate::settings::LOCAL_CATALOG;

/// A cached vocabulary older than this is downloaded again.
pub const VOCABULARY_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// Which catalog a request goes to, and why.
enum Choice {
    Local { note: Option<String> },
    Retailer { name: String },
}

fn choose(context: &Context, args: &AskArgs) -> Result<Choice, Error> {
    let name = args
        .retailer
        .clone()
        .unwrap_or_else(|| context.settings.catalog.retailer.clone());
    let offline = args.offline || context.settings.catalog.offline;
    if name == LOCAL_CATALOG {
        return Ok(Choice::Local { note: None });
    }
    let Some(retailer) = context.settings.retailers.get(&name) else {
        return Err(Error::Usage(format!(
            "no retailer named {name} is configured: add a [retailers.{name}] table to the configuration file"
        )));
    };
    if offline {
        return Ok(Choice::Local {
            note: Some(format!(
                "offline: {name} was not contacted; the embedded catalog answered"
            )),
        });
    }
    if !retailer.consent {
        return Err(Error::Catalog(CatalogError::NotAllowed(format!(
            "{name} has not been given consent (set consent = true in [retailers.{name}]); nothing was sent"
        ))));
    }
    Ok(Choice::Retailer { name })
}

/// The retailer's vocabulary: the cached copy when fresh, else downloaded
/// (the same file for every shopper, so the download reveals nothing) and
/// cached in the data directory.
async fn retailer_vocabulary(catalog: &HttpsCatalog, cache: &Path) -> Result<Vocabulary, Error> {
    let fresh = std::fs::metadata(cache)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age < VOCABULARY_MAX_AGE);
    if fresh {
        if let Ok(v) = std::fs::read(cache)
            .map_err(|e| e.to_string())
            .and_then(|b| Vocabulary::from_json(&b))
        {
            return Ok(v);
        }
        tracing::warn!(file = %cache.display(), "the cached vocabulary is unreadable; downloading it again");
    }
    let vocabulary = catalog.vocabulary().await?;
    if let Some(dir) = cache.parent() {
        let written = std::fs::create_dir_all(dir).and_then(|()| {
            let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
            serde_json::to_writer(&mut tmp, &vocabulary)?;
            tmp.persist(cache).map(|_| ()).map_err(|e| e.error)
        });
        if let Err(e) = written {
            tracing::warn!(error = %e, "cannot cache the vocabulary");
        }
    }
    Ok(vocabulary)
}

/// The transcript of `file`, transcribed on this device.
fn transcribe_file(context: &Context, file: &Path) -> Result<String, Error> {
    let (options, limits) = decode_setup(context, None, false, None)?;
    let model = Model::load(&context.model_path()?)?;
    let mut worker = model.worker(options)?;
    let clip = audio::decode_file(file, &limits)?;
    let heard = hear(&mut worker, &clip, Lexicon::builtin())?;
    Ok(heard.transcript.text().to_string())
}

/// Run the whole pipeline once.
pub fn ask(context: &Context, args: &AskArgs) -> Result<(), Error> {
    if args.top == 0 || args.top > 50 {
        return Err(Error::Usage("--top must be from 1 to 50".to_string()));
    }
    let choice = choose(context, args)?;
    let transcript = match (&args.file, &args.text) {
        (Some(file), _) => transcribe_file(context, file)?,
        (None, Some(text)) => text.clone(),
        (None, None) => return Err(Error::Usage("give a FILE or --text".to_string())),
    };
    let parsed = intent::parse(&transcript);
    let profile = FileProfile::in_data_dir(&context.data_dir).load()?;
    let policy = context.settings.privacy.policy();
    let ledger = Arc::new(TeeLedger::new(Arc::new(FileLedger::in_data_dir(
        &context.data_dir,
    ))));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let answer = runtime.block_on(async {
        match &choice {
            Choice::Local { note } => {
                if let Some(note) = note {
                    context.say(note);
                }
                let catalog = LocalCatalog::embedded()?;
                let vocabulary = catalog.published_vocabulary().clone();
                respond::answer(
                    &transcript,
                    &parsed,
                    &catalog,
                    &vocabulary,
                    policy,
                    &profile,
                )
                .await
                .map_err(Error::from)
            }
            Choice::Retailer { name } => {
                let settings = &context.settings.retailers[name];
                let options = HttpsOptions {
                    connect_timeout: Duration::from_secs_f64(settings.connect_timeout_seconds),
                    timeout: Duration::from_secs_f64(settings.timeout_seconds),
                    ..HttpsOptions::default()
                };
                let catalog = HttpsCatalog::new(
                    name,
                    &settings.url,
                    settings.ca_file.as_deref(),
                    ledger.clone() as Arc<dyn Ledger>,
                    options,
                )?;
                let cache: PathBuf = context
                    .data_dir
                    .join("retailers")
                    .join(name)
                    .join("vocabulary.json");
                let vocabulary = retailer_vocabulary(&catalog, &cache).await?;
                respond::answer(
                    &transcript,
                    &parsed,
                    &catalog as &dyn Catalog,
                    &vocabulary,
                    policy,
                    &profile,
                )
                .await
                .map_err(Error::from)
            }
        }
    })?;

    let sent = ledger.this_run();
    let results: Vec<serde_json::Value> = answer
        .ranked
        .iter()
        .flat_map(|r| r.items.iter())
        .take(args.top)
        .map(|item| {
            let o = &item.offer;
            json!({
                "id": o.id, "title": o.title, "brand": o.brand, "product": o.product,
                "price": o.price,
                "rating": o.rating.map(|r| (f64::from(r) * 10.0).round() / 10.0), "size": o.size, "color": o.color,
                "attributes": o.attributes,
                "score": (item.score * 1000.0).round() / 1000.0, "reasons": item.reasons,
            })
        })
        .collect();
    if args.json {
        print_json(&json!({
            "transcript": transcript,
            "intent": parsed.kind.name(),
            "slots": parsed.slots,
            "confidence": (f64::from(parsed.confidence) * 100.0).round() / 100.0,
            "needs_confirmation": parsed.needs_confirmation(),
            "sent": if sent.is_empty() { serde_json::Value::Null } else {
                serde_json::Value::Array(sent.iter().map(|e| json!({
                    "retailer": e.retailer, "request": e.request, "reply_bytes": e.reply_bytes,
                })).collect())
            },
            "results": results,
            "reply": answer.reply,
            "withheld": answer.withheld,
            "dropped": answer.dropped,
        }))?;
    } else {
        if args.file.is_some() {
            context.say(&format!("heard: {transcript}"));
        }
        context.say(&answer.reply);
        for (i, item) in answer
            .ranked
            .iter()
            .flat_map(|r| r.items.iter())
            .take(args.top)
            .enumerate()
        {
            let o = &item.offer;
            let rating = o.rating.map(|r| format!("  {r:.1}★")).unwrap_or_default();
            context.say(&format!(
                "{:>2}. {}  ${:.2}{rating}",
                i + 1,
                o.title,
                o.price
            ));
        }
        if sent.is_empty() {
            context.say("Nothing left this device.");
        } else {
            context.say(&format!(
                "Sent {} request(s); see `hushcart privacy log` for the exact bytes.",
                sent.len()
            ));
        }
    }
    Ok(())
}

/// Print the transparency ledger.
pub fn privacy_log(context: &Context, args: &PrivacyLogArgs) -> Result<(), Error> {
    let ledger = FileLedger::in_data_dir(&context.data_dir);
    let contents = ledger.read()?;
    for entry in &contents.entries {
        if args.json {
            print_json(&json!({
                "time": entry.time,
                "retailer": entry.retailer,
                "request": entry.request,
                "reply_bytes": entry.reply_bytes,
            }))?;
        } else {
            let reply = entry
                .reply_bytes
                .map(|b| format!("{b} bytes back"))
                .unwrap_or_else(|| "no reply recorded".to_string());
            context.say(&format!("{}  {}  ({reply})", entry.time, entry.retailer));
            for line in entry.request.split("\r\n") {
                context.say(&format!("    {line}"));
            }
        }
    }
    if contents.entries.is_empty() && !args.json {
        context.say("Nothing has left this device.");
    }
    if !contents.bad_lines.is_empty() {
        return Err(Error::Input(format!(
            "{}: lines {:?} are not ledger records (left in place, not shown)",
            ledger.path().display(),
            contents.bad_lines
        )));
    }
    Ok(())
}
