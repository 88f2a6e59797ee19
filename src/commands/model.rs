//! `hushcart model fetch` and `hushcart model info`.

use indicatif::ProgressBar;
use serde_json::json;

use super::{print_json, Context};
use crate::asr;
use crate::cli::{FetchArgs, InfoArgs};
use crate::error::Error;
use crate::model::{self, convert::WeightType, FetchRequest, Progress, DEFAULT_PYTHON};

/// Shows each provisioning step as a spinner on stderr.
struct BarProgress<'a> {
    context: &'a Context,
    bar: std::cell::RefCell<Option<ProgressBar>>,
}

impl Progress for BarProgress<'_> {
    fn step(&self, message: &str, total: Option<u64>) {
        let bar = self.context.progress_bar(total);
        bar.set_message(message.to_string());
        if let Some(old) = self.bar.replace(Some(bar)) {
            old.finish_and_clear();
        }
    }

    fn advance(&self, done: u64) {
        if let Some(bar) = self.bar.borrow().as_ref() {
            bar.set_position(done);
        }
    }

    fn finish_step(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            let message = bar.message();
            bar.finish_and_clear();
            self.context.say(&format!("✓ {message}"));
        }
    }
}

/// `hushcart model fetch`: provision a model, idempotently.
pub fn model_fetch(context: &Context, args: &FetchArgs) -> Result<(), Error> {
    let request = FetchRequest {
        variant: args.variant.clone(),
        weight_type: if args.f16 {
            WeightType::F16
        } else {
            WeightType::Q8_0
        },
        from_ct2: args.from_ct2.clone(),
        output: args.output.clone(),
        python: std::env::var("HUSHCART_PYTHON").unwrap_or_else(|_| DEFAULT_PYTHON.to_string()),
    };
    let progress = BarProgress {
        context,
        bar: std::cell::RefCell::new(None),
    };
    let prove = |path: &std::path::Path| -> Result<(), String> {
        let loaded = asr::Model::load(path).map_err(|e| e.to_string())?;
        loaded
            .worker(asr::DecodeOptions::new(1))
            .map(drop)
            .map_err(|e| e.to_string())
    };
    let fetched = model::fetch(&context.data_dir, &request, &progress, &prove)?;
    if args.json {
        print_json(&json!({
            "path": fetched.path,
            "sha256": fetched.sha256,
            "bytes": fetched.bytes,
            "changed": fetched.changed,
        }))?;
    }
    let verb = if fetched.changed {
        "installed"
    } else {
        "already installed and verified"
    };
    context.say(&format!(
        "model {verb}: {} ({} bytes, sha256 {})",
        fetched.path.display(),
        fetched.bytes,
        fetched.sha256
    ));
    Ok(())
}

/// `hushcart model info`: where the model is, its type and size.
pub fn model_info(context: &Context, args: &InfoArgs) -> Result<(), Error> {
    let path = context.model_path()?;
    let info = model::inspect(&path)?;
    if args.json {
        print_json(&serde_json::to_value(&info).map_err(std::io::Error::from)?)?;
    } else {
        context.say(&format!(
            "path:          {}\nsha256:        {}\nbytes:         {}\ntype:          {} ({}){}\nn_vocab:       {}\nn_audio_layer: {}",
            info.path.display(),
            info.sha256,
            info.bytes,
            info.model_type,
            info.weight_type,
            if info.multilingual { ", multilingual" } else { ", English only" },
            info.n_vocab,
            info.n_audio_layer,
        ));
    }
    Ok(())
}
