//! The hushcart catalog protocol v1: wire types, padding and limits shared
//! by the client adapter ([`https`](super::https)), the reference server
//! ([`server`](super::server)) and the checker ([`check`](super::check)).
//! The human description is `docs/catalog-protocol.md`; keep them in step.
//!
//! Must never: grow a field that identifies a shopper, a device or a
//! session. Every request from every install has the same shape and size.

use serde::{Deserialize, Serialize};

use super::{CartLine, Offer, Vocabulary};
use crate::privacy::{CatalogQuery, Sort, MAX_TERMS, MAX_TERM_BYTES};

/// The protocol version, in every path (`/v1/...`) and body (`"v": 1`).
pub const VERSION: u32 = 1;

/// Every request body (search, checkout) is padded to exactly this size.
pub const REQUEST_BODY_BYTES: usize = 1024;

/// Every reply body is padded to a multiple of this size.
pub const REPLY_BUCKET_BYTES: usize = 16 * 1024;

/// The largest reply body a client reads; more is a protocol error.
pub const MAX_REPLY_BYTES: usize = 1024 * 1024;

/// The largest vocabulary reply a client reads.
pub const MAX_VOCABULARY_BYTES: usize = 16 * 1024 * 1024;

/// Most offers a search reply may carry.
pub const MAX_OFFERS: usize = 100;

/// Most lines a checkout may carry.
pub const MAX_CART_LINES: usize = 20;

/// `POST`: a search.
pub const SEARCH_PATH: &str = "/v1/search";
/// `GET`: the published vocabulary.
pub const VOCABULARY_PATH: &str = "/v1/vocabulary";
/// `GET /v1/products/{id}`: one product.
pub const PRODUCT_PATH_PREFIX: &str = "/v1/products/";
/// `POST`: hand a cart over.
pub const CHECKOUT_PATH: &str = "/v1/checkout";

/// The User-Agent of every install: the major version only.
pub const USER_AGENT: &str = concat!("hushcart/", env!("CARGO_PKG_VERSION_MAJOR"));

/// The JSON media type.
pub const JSON: &str = "application/json";

/// A search, as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchRequest {
    /// Protocol version (1).
    pub v: u32,
    /// Product, brand and attribute words.
    pub terms: Vec<String>,
    /// A published category.
    pub category: Option<String>,
    /// Lower price bound (a bucket).
    pub price_min: Option<u32>,
    /// Upper price bound (a bucket).
    pub price_max: Option<u32>,
    /// A published size.
    pub size: Option<String>,
    /// A published colour.
    pub color: Option<String>,
    /// The order asked for.
    pub sort: Sort,
    /// The page size.
    pub limit: u32,
    /// Spaces that bring the body to [`REQUEST_BODY_BYTES`].
    pub pad: String,
}

impl SearchRequest {
    /// The wire form of `query`, with `pad` as its padding.
    pub fn from_query(query: &CatalogQuery, pad: String) -> SearchRequest {
        SearchRequest {
            v: VERSION,
            terms: query.terms().to_vec(),
            category: query.category().map(str::to_string),
            price_min: query.price_min(),
            price_max: query.price_max(),
            size: query.size().map(str::to_string),
            color: query.color().map(str::to_string),
            sort: query.sort(),
            limit: query.limit(),
            pad,
        }
    }
}

/// A search reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchReply {
    /// Protocol version (1).
    pub v: u32,
    /// The products, best first in the order asked for.
    pub offers: Vec<Offer>,
    /// Spaces that bring the body to a multiple of [`REPLY_BUCKET_BYTES`].
    #[serde(default)]
    pub pad: String,
}

/// A product reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductReply {
    /// Protocol version (1).
    pub v: u32,
    /// The product.
    pub offer: Offer,
    /// Padding, as for searches.
    #[serde(default)]
    pub pad: String,
}

/// A checkout handoff request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckoutRequest {
    /// Protocol version (1).
    pub v: u32,
    /// What to put in the retailer's cart.
    pub lines: Vec<CartLine>,
    /// Spaces that bring the body to [`REQUEST_BODY_BYTES`].
    pub pad: String,
}

/// A checkout handoff reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckoutReply {
    /// Protocol version (1).
    pub v: u32,
    /// Where the shopper finishes the purchase (https).
    pub cart_url: String,
    /// Padding, as for searches.
    #[serde(default)]
    pub pad: String,
}

/// The error codes of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not a valid request (HTTP 400).
    BadRequest,
    /// The body is not exactly [`REQUEST_BODY_BYTES`] long (HTTP 400).
    Padding,
    /// The body is longer than [`REQUEST_BODY_BYTES`] (HTTP 413).
    TooLarge,
    /// No such product or path (HTTP 404).
    NotFound,
    /// Wrong method for the path (HTTP 405).
    MethodNotAllowed,
    /// Another protocol version (HTTP 400).
    UnsupportedVersion,
    /// The server failed (HTTP 500).
    Internal,
}

impl ErrorCode {
    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest | ErrorCode::Padding | ErrorCode::UnsupportedVersion => 400,
            ErrorCode::TooLarge => 413,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Internal => 500,
        }
    }
}

/// The body of an error reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorReply {
    /// Protocol version (1).
    pub v: u32,
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The code and a message for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Machine-readable.
    pub code: ErrorCode,
    /// Human-readable.
    pub message: String,
}

/// Serialise `value` with a `pad` field of spaces so that the whole is
/// exactly `size` bytes. `make` builds the value around a given pad.
fn pad_to<T: Serialize>(size: usize, make: impl Fn(String) -> T) -> Result<Vec<u8>, String> {
    let bare = serde_json::to_vec(&make(String::new())).map_err(|e| e.to_string())?;
    let missing = size
        .checked_sub(bare.len())
        .ok_or_else(|| format!("the body needs {} bytes, more than {size}", bare.len()))?;
    let body = serde_json::to_vec(&make(" ".repeat(missing))).map_err(|e| e.to_string())?;
    debug_assert_eq!(body.len(), size);
    Ok(body)
}

/// Serialise a reply padded up to the next multiple of [`REPLY_BUCKET_BYTES`].
pub fn padded_reply<T: Serialize>(make: impl Fn(String) -> T) -> Vec<u8> {
    let bare_len = serde_json::to_vec(&make(String::new()))
        .map(|b| b.len())
        .unwrap_or(0);
    let size = bare_len.div_ceil(REPLY_BUCKET_BYTES).max(1) * REPLY_BUCKET_BYTES;
    pad_to(size, make).unwrap_or_default()
}

/// The body of a search for `query`: always [`REQUEST_BODY_BYTES`] long.
pub fn search_body(query: &CatalogQuery) -> Vec<u8> {
    // A query holds at most MAX_TERMS terms of MAX_TERM_BYTES, so it always
    // fits (a unit test checks the largest possible query).
    pad_to(REQUEST_BODY_BYTES, |pad| {
        SearchRequest::from_query(query, pad)
    })
    .unwrap_or_default()
}

/// The body of a checkout: always [`REQUEST_BODY_BYTES`] long; `None` when
/// there are more than [`MAX_CART_LINES`] lines or ids too long to fit.
pub fn checkout_body(lines: &[CartLine]) -> Option<Vec<u8>> {
    if lines.len() > MAX_CART_LINES {
        return None;
    }
    pad_to(REQUEST_BODY_BYTES, |pad| CheckoutRequest {
        v: VERSION,
        lines: lines.to_vec(),
        pad,
    })
    .ok()
}

/// Why a request body was refused (server side).
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The code.
    pub code: ErrorCode,
    /// The message.
    pub message: String,
}

fn refuse(code: ErrorCode, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
    }
}

/// Check the padding of a request body.
fn check_padding(body: &[u8]) -> Result<(), Refusal> {
    if body.len() > REQUEST_BODY_BYTES {
        return Err(refuse(
            ErrorCode::TooLarge,
            format!("request bodies are {REQUEST_BODY_BYTES} bytes"),
        ));
    }
    if body.len() != REQUEST_BODY_BYTES {
        return Err(refuse(
            ErrorCode::Padding,
            format!(
                "request bodies must be padded to exactly {REQUEST_BODY_BYTES} bytes (got {})",
                body.len()
            ),
        ));
    }
    Ok(())
}

fn check_version(v: u32) -> Result<(), Refusal> {
    if v == VERSION {
        Ok(())
    } else {
        Err(refuse(
            ErrorCode::UnsupportedVersion,
            format!("protocol version {v} is not supported (1 is)"),
        ))
    }
}

fn check_pad(pad: &str) -> Result<(), Refusal> {
    if pad.bytes().all(|b| b == b' ') {
        Ok(())
    } else {
        Err(refuse(ErrorCode::BadRequest, "pad must be spaces only"))
    }
}

/// Read a search request as a server must: exactly padded, version 1,
/// within the limits.
pub fn parse_search(body: &[u8]) -> Result<SearchRequest, Refusal> {
    check_padding(body)?;
    let request: SearchRequest = serde_json::from_slice(body)
        .map_err(|e| refuse(ErrorCode::BadRequest, format!("not a search request: {e}")))?;
    check_version(request.v)?;
    check_pad(&request.pad)?;
    if request.terms.is_empty() || request.terms.len() > MAX_TERMS {
        return Err(refuse(
            ErrorCode::BadRequest,
            format!("terms must hold 1 to {MAX_TERMS} words"),
        ));
    }
    if request
        .terms
        .iter()
        .any(|t| t.is_empty() || t.len() > MAX_TERM_BYTES)
    {
        return Err(refuse(ErrorCode::BadRequest, "a term is empty or too long"));
    }
    if request.limit == 0 || request.limit as usize > MAX_OFFERS {
        return Err(refuse(
            ErrorCode::BadRequest,
            format!("limit must be from 1 to {MAX_OFFERS}"),
        ));
    }
    Ok(request)
}

/// Read a checkout request as a server must.
pub fn parse_checkout(body: &[u8]) -> Result<CheckoutRequest, Refusal> {
    check_padding(body)?;
    let request: CheckoutRequest = serde_json::from_slice(body).map_err(|e| {
        refuse(
            ErrorCode::BadRequest,
            format!("not a checkout request: {e}"),
        )
    })?;
    check_version(request.v)?;
    check_pad(&request.pad)?;
    if request.lines.is_empty() || request.lines.len() > MAX_CART_LINES {
        return Err(refuse(
            ErrorCode::BadRequest,
            format!("lines must hold 1 to {MAX_CART_LINES} products"),
        ));
    }
    Ok(request)
}

/// Read a search reply as a client must: version 1, at most
/// [`MAX_OFFERS`] offers, each valid.
pub fn parse_search_reply(body: &[u8]) -> Result<Vec<Offer>, String> {
    let reply: SearchReply =
        serde_json::from_slice(body).map_err(|e| format!("not a search reply: {e}"))?;
    if reply.v != VERSION {
        return Err(format!("protocol version {} (1 expected)", reply.v));
    }
    if reply.offers.len() > MAX_OFFERS {
        return Err(format!(
            "{} offers, more than {MAX_OFFERS}",
            reply.offers.len()
        ));
    }
    for offer in &reply.offers {
        offer.validate()?;
    }
    Ok(reply.offers)
}

/// Read a product reply as a client must.
pub fn parse_product_reply(body: &[u8]) -> Result<Offer, String> {
    let reply: ProductReply =
        serde_json::from_slice(body).map_err(|e| format!("not a product reply: {e}"))?;
    if reply.v != VERSION {
        return Err(format!("protocol version {} (1 expected)", reply.v));
    }
    reply.offer.validate()?;
    Ok(reply.offer)
}

/// Read a checkout reply as a client must: the link must be https.
pub fn parse_checkout_reply(body: &[u8]) -> Result<String, String> {
    let reply: CheckoutReply =
        serde_json::from_slice(body).map_err(|e| format!("not a checkout reply: {e}"))?;
    if reply.v != VERSION {
        return Err(format!("protocol version {} (1 expected)", reply.v));
    }
    if !reply.cart_url.starts_with("https://")
        || reply.cart_url.len() > 2048
        || reply
            .cart_url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace())
    {
        return Err("the cart link is not a plain https URL of at most 2048 bytes".into());
    }
    Ok(reply.cart_url)
}

/// Read a vocabulary reply as a client must.
pub fn parse_vocabulary_reply(body: &[u8]) -> Result<Vocabulary, String> {
    Vocabulary::from_json(body)
}

/// The message of an error reply, if the body is one.
pub fn error_message(body: &[u8]) -> Option<String> {
    let reply: ErrorReply = serde_json::from_slice(body).ok()?;
    let code = serde_json::to_value(reply.error.code).ok()?;
    let message: String = reply
        .error
        .message
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    Some(format!("{} ({message})", code.as_str().unwrap_or("error")))
}

/// An error reply body.
pub fn error_body(code: ErrorCode, message: &str) -> Vec<u8> {
    serde_json::to_vec(&ErrorReply {
        v: VERSION,
        error: ErrorDetail {
            code,
            message: message.to_string(),
        },
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::{Intent, IntentKind, Slots};
    use crate::privacy::{minimize, Policy};

    fn query(product: &str) -> CatalogQuery {
        let intent = Intent {
            kind: IntentKind::Search,
            slots: Slots {
                product: Some(product.into()),
                max_price: Some(12.0),
                ..Slots::default()
            },
            confidence: 1.0,
        };
        minimize(&intent, Vocabulary::embedded(), Policy::default())
            .unwrap()
            .query
    }

    #[test]
    fn every_search_body_has_the_same_length() {
        for product in [
            "milk",
            "organic almond milk",
            "usb cable",
            "dog food shampoo",
        ] {
            let body = search_body(&query(product));
            assert_eq!(body.len(), REQUEST_BODY_BYTES, "{product}");
            let parsed = parse_search(&body).unwrap();
            assert_eq!(parsed.price_max, Some(15));
        }
    }

    #[test]
    fn the_largest_possible_query_fits_the_body() {
        let mut vocabulary = Vocabulary::embedded().clone();
        let long: Vec<String> = (0..MAX_TERMS)
            .map(|i| {
                format!(
                    "{}{}",
                    "w".repeat(MAX_TERM_BYTES - 1),
                    (b'a' + i as u8) as char
                )
            })
            .collect();
        vocabulary.terms.extend(long.iter().cloned());
        vocabulary.sizes.insert("s".repeat(48));
        vocabulary.colors.insert("c".repeat(48));
        let intent = Intent {
            kind: IntentKind::Search,
            slots: Slots {
                product: Some(long.join(" ")),
                size: Some("s".repeat(48)),
                color: Some("c".repeat(48)),
                max_price: Some(999.0),
                min_price: Some(999.0),
                sort: Some("price_desc".into()),
                ..Slots::default()
            },
            confidence: 1.0,
        };
        let q = minimize(&intent, &vocabulary, Policy::default())
            .unwrap()
            .query;
        assert_eq!(q.terms().len(), MAX_TERMS);
        assert_eq!(search_body(&q).len(), REQUEST_BODY_BYTES);
    }

    #[test]
    fn unpadded_oversize_and_foreign_bodies_are_refused() {
        let body = search_body(&query("milk"));
        let text = String::from_utf8(body.clone()).unwrap();
        let unpadded = text.replace(' ', "");
        assert_eq!(
            parse_search(unpadded.as_bytes()).unwrap_err().code,
            ErrorCode::Padding
        );
        let mut big = body.clone();
        big.extend_from_slice(b"    ");
        assert_eq!(parse_search(&big).unwrap_err().code, ErrorCode::TooLarge);
        let v2 = text.replacen("\"v\":1", "\"v\":2", 1);
        assert_eq!(
            parse_search(v2.as_bytes()).unwrap_err().code,
            ErrorCode::UnsupportedVersion
        );
        let extra = text.replacen("\"v\":1,", "\"v\":1,\"id\":7,", 1);
        let extra = extra[..REQUEST_BODY_BYTES].to_string();
        assert_eq!(
            parse_search(extra.as_bytes()).unwrap_err().code,
            ErrorCode::BadRequest
        );
        let garbage = vec![0xffu8; REQUEST_BODY_BYTES];
        assert_eq!(
            parse_search(&garbage).unwrap_err().code,
            ErrorCode::BadRequest
        );
    }

    #[test]
    fn replies_are_padded_to_the_bucket() {
        let offer = Offer {
            id: "p1".into(),
            title: "Milk".into(),
            brand: None,
            category: "groceries".into(),
            product: "milk".into(),
            attributes: vec![],
            size: None,
            color: None,
            price: 1.5,
            rating: Some(4.0),
            reviews: 3,
        };
        for n in [0, 1, 60] {
            let body = padded_reply(|pad| SearchReply {
                v: VERSION,
                offers: vec![offer.clone(); n],
                pad,
            });
            assert_eq!(body.len() % REPLY_BUCKET_BYTES, 0, "{n}");
            assert!(!body.is_empty());
            assert_eq!(parse_search_reply(&body).unwrap().len(), n);
        }
    }

    #[test]
    fn hostile_replies_are_errors() {
        let cases: [&[u8]; 6] = [
            b"",
            b"not json",
            br#"{"v":2,"offers":[]}"#,
            br#"{"v":1,"offers":[{"id":"a b","title":"x","category":"c","product":"p","price":1}]}"#,
            br#"{"v":1,"offers":[{"id":"a","title":"x","category":"c","product":"p","price":-1}]}"#,
            br#"{"v":1,"offers":[{"id":"a","title":"x","category":"c","product":"p","price":1,"rating":9}]}"#,
        ];
        for body in cases {
            assert!(
                parse_search_reply(body).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert!(parse_checkout_reply(br#"{"v":1,"cart_url":"http://x"}"#).is_err());
        assert!(
            parse_checkout_reply(br#"{"v":1,"cart_url":"https://shop.example/cart/abc"}"#).is_ok()
        );
    }

    #[test]
    fn checkout_bodies_are_padded_and_bounded() {
        let line = CartLine {
            id: "p00001".into(),
            quantity: 2,
        };
        let body = checkout_body(std::slice::from_ref(&line)).unwrap();
        assert_eq!(body.len(), REQUEST_BODY_BYTES);
        assert_eq!(parse_checkout(&body).unwrap().lines, vec![line.clone()]);
        assert!(checkout_body(&vec![line; MAX_CART_LINES + 1]).is_none());
    }
}
