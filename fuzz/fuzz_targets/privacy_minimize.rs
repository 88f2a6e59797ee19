//! Any text a recogniser produces goes through the parser and the privacy
//! filter; whatever comes out must be a well-formed, bounded query whose
//! body has the fixed size, and must never hold digits.
#![no_main]

use hushcart::catalog::{protocol, Vocabulary};
use hushcart::privacy::{self, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let intent = hushcart::intent::parse(&text);
    let flags = privacy::pii::flag(&text.split_whitespace().collect::<Vec<_>>());
    assert_eq!(flags.len(), text.split_whitespace().count());
    if let Ok(m) = privacy::minimize(&intent, Vocabulary::embedded(), Policy::default()) {
        let q = &m.query;
        assert!(!q.terms().is_empty() && q.terms().len() <= privacy::MAX_TERMS);
        assert!(q.terms().iter().all(|t| !t.bytes().any(|b| b.is_ascii_digit())));
        assert_eq!(protocol::search_body(q).len(), protocol::REQUEST_BODY_BYTES);
    }
});
