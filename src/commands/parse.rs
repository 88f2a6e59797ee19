//! `hushcart parse [TEXT...]`

use std::io::{BufRead, Read};

use serde_json::json;

use super::{print_json, Context};
use crate::cli::ParseArgs;
use crate::error::Error;
use crate::intent::{self, Intent};

/// The longest stdin line accepted; longer lines are an error, not a hang.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// The JSON line for one parse: `{"text", "intent", "slots", ...}`.
pub(crate) fn intent_json(text: &str, parsed: &Intent) -> serde_json::Value {
    json!({
        "text": text,
        "intent": parsed.kind.name(),
        "slots": parsed.slots,
        "confidence": (f64::from(parsed.confidence) * 100.0).round() / 100.0,
        "needs_confirmation": parsed.needs_confirmation(),
        "summary": parsed.summary(),
    })
}

/// Parse each TEXT argument as one utterance, or each stdin line when
/// there are none.
pub fn parse(context: &Context, args: &ParseArgs) -> Result<(), Error> {
    let emit = |text: &str| -> Result<(), Error> {
        let parsed = intent::parse(text);
        if args.json {
            print_json(&intent_json(text, &parsed))
        } else {
            context.say(&format!(
                "{} ({:.2}{}): {}",
                parsed.kind.name(),
                parsed.confidence,
                if parsed.needs_confirmation() {
                    ", needs confirmation"
                } else {
                    ""
                },
                serde_json::to_string(&parsed.slots).map_err(std::io::Error::from)?
            ));
            Ok(())
        }
    };
    if !args.text.is_empty() {
        return args.text.iter().try_for_each(|text| emit(text));
    }
    let stdin = std::io::stdin();
    let mut reader = stdin.lock();
    let mut buf = Vec::new();
    let mut number = 0usize;
    loop {
        buf.clear();
        number += 1;
        let read = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)?;
        if read == 0 {
            return Ok(());
        }
        if buf.len() > MAX_LINE_BYTES && !buf.ends_with(b"\n") {
            return Err(Error::Input(format!(
                "stdin line {number} is longer than {MAX_LINE_BYTES} bytes"
            )));
        }
        let line = String::from_utf8_lossy(&buf);
        // Every line is one utterance, a blank one too (a silent clip's
        // empty transcript), so outputs line up with inputs.
        emit(line.trim())?;
    }
}
