//! Catalog protocol bytes from outside: replies a retailer sends (client
//! side) and requests a shopper's device sends (reference server side).
//! None may panic; what parses must satisfy the protocol's limits.
#![no_main]

use hushcart::catalog::protocol;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(offers) = protocol::parse_search_reply(data) {
        assert!(offers.len() <= protocol::MAX_OFFERS);
        assert!(offers.iter().all(|o| o.validate().is_ok()));
    }
    let _ = protocol::parse_product_reply(data);
    if let Ok(url) = protocol::parse_checkout_reply(data) {
        assert!(url.starts_with("https://"));
    }
    let _ = protocol::parse_vocabulary_reply(data);
    let _ = protocol::error_message(data);
    if let Ok(request) = protocol::parse_search(data) {
        assert_eq!(data.len(), protocol::REQUEST_BODY_BYTES);
        assert!(!request.terms.is_empty());
    }
    let _ = protocol::parse_checkout(data);
});
