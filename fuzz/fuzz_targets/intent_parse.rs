//! The intent parser takes any text a recogniser or a shopper produces.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = hushcart::intent::parse(&text);
    assert!((0.0..=1.0).contains(&parsed.confidence));
    // Normalisation is idempotent.
    let once = hushcart::intent::normalize(&text);
    assert_eq!(hushcart::intent::normalize(&once), once);
});
