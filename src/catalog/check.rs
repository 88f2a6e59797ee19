//! `hushcart catalog check URL`: does a retailer endpoint speak the catalog
//! protocol v1 ([`protocol`], `docs/catalog-protocol.md`)
//! the way hushcart needs it?
//!
//! Takes: a base URL, an optional CA file and a per-request timeout.
//! Produces: one [`CheckOutcome`] per entry of [`CHECKS`], in that order.
//!
//! Runs on: the caller's tokio runtime. It is its own small client (hyper
//! HTTP/1.1 over tokio-rustls, a fresh connection per request, resumption
//! off, only the protocol's fixed header set, no cookie store), so that it
//! checks the server rather than hushcart's adapter.
//!
//! Must never: panic or hang on anything a server does: every request is
//! bounded by the timeout, every reply body by [`MAX_REPLY_BYTES`] (the
//! vocabulary by [`MAX_VOCABULARY_BYTES`]), and text from the server is
//! stripped of control characters before it is shown.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use rustls::client::{ClientSessionMemoryCache, ClientSessionStore, Resumption};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, HandshakeKind, NamedGroup, ProtocolVersion, RootCertStore};
use serde::Serialize;
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::protocol::{
    self, ErrorCode, ErrorReply, SearchRequest, CHECKOUT_PATH, JSON, MAX_REPLY_BYTES,
    MAX_VOCABULARY_BYTES, PRODUCT_PATH_PREFIX, REPLY_BUCKET_BYTES, REQUEST_BODY_BYTES, SEARCH_PATH,
    USER_AGENT, VOCABULARY_PATH,
};
use super::{CartLine, Offer, Vocabulary};
use crate::privacy::{CatalogQuery, Sort};

/// The checks, in the order they are reported.
pub const CHECKS: [&str; 15] = [
    "url",
    "tls",
    "no_resumption",
    "vocabulary",
    "search_schema",
    "accepts_padding",
    "reply_padded",
    "requires_padding",
    "rejects_oversize",
    "version",
    "errors",
    "product",
    "checkout",
    "no_cookies",
    "no_identifiers_required",
];

/// The request header fields the checker sends: the protocol's fixed set
/// (`content-type` and `content-length` only with a body).
pub const FIXED_HEADERS: [&str; 6] = [
    "host",
    "user-agent",
    "accept",
    "content-type",
    "content-length",
    "connection",
];

/// The size of the body `rejects_oversize` sends.
pub const OVERSIZE_BODY_BYTES: usize = 64 * 1024;

/// How many single-term searches are tried to find a product.
const PROBE_QUERIES: usize = 3;

/// A product id no catalog should have (the `errors` check asks for it).
const UNKNOWN_PRODUCT_ID: &str = "hushcart-check-no-such-product-0";

/// A path outside the protocol (the `errors` check asks for it).
const UNKNOWN_PATH: &str = "/v1/hushcart-check-no-such-path";

/// Longest server-supplied text shown in a detail.
const MAX_SHOWN_CHARS: usize = 200;

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    /// The check's name (one of [`CHECKS`]).
    pub check: &'static str,
    /// True when the endpoint passed; a skipped check did not pass.
    pub passed: bool,
    /// What was seen, or why it failed or was skipped (`skipped: ...`); a
    /// pass with a reservation starts with `warning: `.
    pub detail: String,
}

/// Check the endpoint at `url` (`https://host[:port]`), trusting
/// `ca_file` (PEM) instead of the platform roots when given. Each request
/// gets at most `timeout`. Returns one outcome per entry of [`CHECKS`].
pub async fn check(url: &str, ca_file: Option<&Path>, timeout: Duration) -> Vec<CheckOutcome> {
    let mut report = Report::default();
    run(&mut report, url, ca_file, timeout).await;
    report.finish()
}

/// The outcomes so far; what was never decided is reported as skipped.
#[derive(Default)]
struct Report {
    outcomes: Vec<CheckOutcome>,
    skip_reason: Option<String>,
}

impl Report {
    fn pass(&mut self, check: &'static str, detail: impl Into<String>) {
        self.set(check, true, detail.into());
    }

    fn fail(&mut self, check: &'static str, detail: impl Into<String>) {
        self.set(check, false, detail.into());
    }

    fn skip(&mut self, check: &'static str, reason: &str) {
        self.set(check, false, format!("skipped: {reason}"));
    }

    fn set(&mut self, check: &'static str, passed: bool, detail: String) {
        debug_assert!(CHECKS.contains(&check), "{check}");
        self.outcomes.retain(|o| o.check != check);
        self.outcomes.push(CheckOutcome {
            check,
            passed,
            detail,
        });
    }

    fn has(&self, check: &str) -> bool {
        self.outcomes.iter().any(|o| o.check == check)
    }

    /// Every check not decided yet is skipped for `reason`.
    fn skip_the_rest(&mut self, reason: &str) {
        self.skip_reason = Some(reason.to_string());
    }

    fn finish(mut self) -> Vec<CheckOutcome> {
        let reason = self
            .skip_reason
            .take()
            .unwrap_or_else(|| "not run".to_string());
        CHECKS
            .iter()
            .map(|&check| {
                self.outcomes
                    .iter()
                    .find(|o| o.check == check)
                    .cloned()
                    .unwrap_or_else(|| CheckOutcome {
                        check,
                        passed: false,
                        detail: format!("skipped: {reason}"),
                    })
            })
            .collect()
    }
}

async fn run(report: &mut Report, url: &str, ca_file: Option<&Path>, timeout: Duration) {
    let target = match Target::parse(url) {
        Ok(target) => target,
        Err(reason) => {
            report.fail("url", reason);
            report.skip_the_rest("the URL is unusable");
            return;
        }
    };
    report.pass(
        "url",
        format!("https, host {}, port {}", target.host, target.port),
    );

    let mut client = match Client::new(target, ca_file, timeout) {
        Ok(client) => client,
        Err(reason) => {
            report.fail("tls", reason);
            report.skip_the_rest("no TLS connection");
            return;
        }
    };

    // tls: a handshake with certificate verification.
    match client.handshake().await {
        Ok(version) => {
            let host = &client.target.host;
            let detail = if version == ProtocolVersion::TLSv1_3 {
                format!("TLS 1.3, certificate valid for {host}")
            } else {
                format!(
                    "{} (works; TLS 1.3 preferred), certificate valid for {host}",
                    tls_name(version)
                )
            };
            report.pass("tls", detail);
        }
        Err(failure) => {
            report.fail("tls", failure.message);
            report.skip_the_rest("no TLS connection");
            return;
        }
    }

    no_resumption(report, &mut client).await;

    // vocabulary
    let vocabulary = match client
        .exchange(Method::GET, VOCABULARY_PATH, None, MAX_VOCABULARY_BYTES)
        .await
    {
        Ok(answer) if answer.status == 200 => match answer
            .body()
            .and_then(|b| protocol::parse_vocabulary_reply(b).map_err(|e| shown(&e)))
        {
            Ok(vocabulary) if vocabulary.terms.is_empty() => {
                report.fail(
                    "vocabulary",
                    "the vocabulary lists no terms, so nothing can be searched",
                );
                None
            }
            Ok(vocabulary) => {
                report.pass(
                    "vocabulary",
                    format!(
                        "{} terms, {} categories, {} sizes, {} colours (retailer \"{}\")",
                        vocabulary.terms.len(),
                        vocabulary.categories.len(),
                        vocabulary.sizes.len(),
                        vocabulary.colors.len(),
                        shown(&vocabulary.retailer)
                    ),
                );
                Some(vocabulary)
            }
            Err(reason) => {
                report.fail("vocabulary", format!("GET {VOCABULARY_PATH}: {reason}"));
                None
            }
        },
        Ok(answer) => {
            report.fail(
                "vocabulary",
                format!("GET {VOCABULARY_PATH}: {}", answer.describe()),
            );
            None
        }
        Err(failure) => {
            report.fail(
                "vocabulary",
                format!("GET {VOCABULARY_PATH}: {}", failure.message),
            );
            None
        }
    };

    let mut offers: Vec<Offer> = Vec::new();
    let mut padded_sizes: Vec<(&str, usize)> = Vec::new();
    let mut search_ok = false;
    let queries = vocabulary.as_ref().map(probe_queries).unwrap_or_default();
    match queries.first() {
        Some(query) => {
            search_ok = search(report, &mut client, query, &mut offers, &mut padded_sizes).await;
            if search_ok && offers.is_empty() {
                // Something to ask `product` and `checkout` about.
                offers = more_offers(&mut client, &queries[1..]).await;
            }
            requires_padding(report, &mut client, query).await;
            version(report, &mut client, query).await;
        }
        None => {
            let reason = if vocabulary.is_some() {
                "no vocabulary term can be searched for"
            } else {
                "no vocabulary to build a search from"
            };
            for check in [
                "search_schema",
                "accepts_padding",
                "reply_padded",
                "requires_padding",
                "version",
            ] {
                report.skip(check, reason);
            }
        }
    }

    rejects_oversize(report, &mut client).await;
    errors(report, &mut client).await;

    match offers.first() {
        Some(first) => {
            product(report, &mut client, first, &mut padded_sizes).await;
            checkout(report, &mut client, first, &mut padded_sizes).await;
        }
        None => {
            let reason = if search_ok {
                "the search found no products to ask for"
            } else {
                "no search results"
            };
            report.skip("product", reason);
            report.skip("checkout", reason);
        }
    }

    if !report.has("reply_padded") {
        reply_padded(report, &padded_sizes);
    }
    no_cookies(report, &client);
    no_identifiers_required(report, &client, vocabulary.is_some() && search_ok);
}

/// Searches for single published terms, built the only way a query can be
/// built: the first is the one checked, the others are tried only when it
/// finds nothing (so that `product` and `checkout` have an id to ask for).
fn probe_queries(vocabulary: &Vocabulary) -> Vec<CatalogQuery> {
    vocabulary
        .terms
        .iter()
        .filter_map(|term| CatalogQuery::from_published_terms(&[term], vocabulary, Sort::Relevance))
        .take(PROBE_QUERIES)
        .collect()
}

/// The offers of the first of `queries` that finds any.
async fn more_offers(client: &mut Client, queries: &[CatalogQuery]) -> Vec<Offer> {
    for query in queries {
        let body = protocol::search_body(query);
        if let Ok(answer) = client
            .exchange(Method::POST, SEARCH_PATH, Some(body), MAX_REPLY_BYTES)
            .await
        {
            let found = answer
                .body()
                .ok()
                .filter(|_| answer.status == 200)
                .and_then(|body| protocol::parse_search_reply(body).ok())
                .unwrap_or_default();
            if !found.is_empty() {
                return found;
            }
        }
    }
    Vec::new()
}

/// `no_resumption`: two connections with a client that does keep sessions;
/// did the server issue tickets, and did the second handshake resume?
///
/// hushcart's own client never resumes, so a server that allows resumption
/// does not expose hushcart users; it is still reported (as a warning) because
/// the protocol asks servers to switch it off.
async fn no_resumption(report: &mut Report, client: &mut Client) {
    let store = Arc::new(RecordingStore::default());
    let config = client.resuming_config(store.clone());
    let mut kinds = Vec::new();
    for _ in 0..2 {
        match client
            .exchange_with(
                &config,
                Method::GET,
                VOCABULARY_PATH,
                None,
                MAX_VOCABULARY_BYTES,
            )
            .await
        {
            Ok(answer) => kinds.push(answer.handshake),
            Err(failure) => {
                report.fail(
                    "no_resumption",
                    format!("could not make two connections: {}", failure.message),
                );
                return;
            }
        }
    }
    let tickets = store.tls13_tickets.load(Ordering::Relaxed);
    let sessions = store.tls12_sessions.load(Ordering::Relaxed);
    if kinds.get(1) == Some(&Some(HandshakeKind::Resumed)) {
        report.pass(
            "no_resumption",
            "warning: the server resumed a TLS session on the second connection; hushcart \
             never resumes, but resumption links queries to one client: turn off session \
             tickets and the session cache",
        );
    } else if tickets > 0 || sessions > 0 {
        report.pass(
            "no_resumption",
            format!(
                "warning: the server offers session resumption ({tickets} TLS 1.3 tickets, \
                 {sessions} TLS 1.2 sessions) though it did not resume; hushcart never \
                 resumes, but turn it off"
            ),
        );
    } else {
        report.pass(
            "no_resumption",
            "no session tickets or session ids offered; the second connection did a full handshake",
        );
    }
}

/// `search_schema`, `accepts_padding`, `reply_padded` (of the search): one
/// padded search. Returns true when it succeeded.
async fn search(
    report: &mut Report,
    client: &mut Client,
    query: &CatalogQuery,
    offers: &mut Vec<Offer>,
    padded_sizes: &mut Vec<(&'static str, usize)>,
) -> bool {
    let body = protocol::search_body(query);
    let length = body.len();
    let answer = match client
        .exchange(Method::POST, SEARCH_PATH, Some(body), MAX_REPLY_BYTES)
        .await
    {
        Ok(answer) => answer,
        Err(failure) => {
            let reason = format!("POST {SEARCH_PATH}: {}", failure.message);
            report.fail("search_schema", reason.clone());
            report.fail("accepts_padding", reason);
            report.skip("reply_padded", "no search reply");
            return false;
        }
    };
    if answer.status != 200 {
        let reason = format!("POST {SEARCH_PATH}: {}", answer.describe());
        report.fail("search_schema", reason.clone());
        report.fail(
            "accepts_padding",
            format!(
                "the padded {length}-byte search was refused: {}",
                answer.describe()
            ),
        );
        report.skip("reply_padded", "no search reply");
        return false;
    }
    report.pass(
        "accepts_padding",
        format!("the {length}-byte padded search was accepted"),
    );
    match answer.body() {
        Ok(body) => {
            padded_sizes.push(("search", body.len()));
            match protocol::parse_search_reply(body) {
                Ok(found) => {
                    report.pass(
                        "search_schema",
                        format!("HTTP 200, a valid v1 reply with {} offers", found.len()),
                    );
                    *offers = found;
                    true
                }
                Err(e) => {
                    report.fail(
                        "search_schema",
                        format!("POST {SEARCH_PATH}: {}", shown(&e)),
                    );
                    false
                }
            }
        }
        Err(reason) => {
            report.fail("search_schema", format!("POST {SEARCH_PATH}: {reason}"));
            report.skip("reply_padded", "no search reply");
            false
        }
    }
}

/// `reply_padded`: every reply body seen is a multiple of the bucket.
fn reply_padded(report: &mut Report, sizes: &[(&str, usize)]) {
    if sizes.is_empty() {
        report.skip("reply_padded", "no reply to measure");
        return;
    }
    let bad: Vec<String> = sizes
        .iter()
        .filter(|(_, size)| *size == 0 || size % REPLY_BUCKET_BYTES != 0)
        .map(|(what, size)| format!("the {what} reply is {size} bytes"))
        .collect();
    if bad.is_empty() {
        let all: Vec<String> = sizes
            .iter()
            .map(|(what, size)| format!("{what} {size}"))
            .collect();
        report.pass(
            "reply_padded",
            format!(
                "reply bodies ({}) are multiples of {REPLY_BUCKET_BYTES} bytes",
                all.join(", ")
            ),
        );
    } else {
        report.fail(
            "reply_padded",
            format!(
                "{}, not a multiple of {REPLY_BUCKET_BYTES}: replies must be padded",
                bad.join("; ")
            ),
        );
    }
}

/// A search body with its `pad` set to reach `size` bytes (or no pad at all
/// when `size` is `None`), with protocol version `v`.
fn search_body_of(query: &CatalogQuery, v: u32, size: Option<usize>) -> Option<Vec<u8>> {
    let mut request: SearchRequest = serde_json::from_slice(&protocol::search_body(query)).ok()?;
    request.v = v;
    request.pad = String::new();
    let bare = serde_json::to_vec(&request).ok()?;
    let Some(size) = size else {
        return Some(bare);
    };
    request.pad = " ".repeat(size.checked_sub(bare.len())?);
    serde_json::to_vec(&request).ok()
}

/// `requires_padding`: the same search without its pad is refused with 400
/// `padding`.
async fn requires_padding(report: &mut Report, client: &mut Client, query: &CatalogQuery) {
    let Some(body) = search_body_of(query, protocol::VERSION, None) else {
        report.fail("requires_padding", "could not build an unpadded search");
        return;
    };
    let length = body.len();
    expect_refusal(
        report,
        client,
        "requires_padding",
        body,
        ErrorCode::Padding,
        &format!("an unpadded {length}-byte search"),
    )
    .await;
}

/// `version`: a padded search with `"v": 2` is refused with 400
/// `unsupported_version`.
async fn version(report: &mut Report, client: &mut Client, query: &CatalogQuery) {
    let Some(body) = search_body_of(query, 2, Some(REQUEST_BODY_BYTES)) else {
        report.fail("version", "could not build a version 2 search");
        return;
    };
    expect_refusal(
        report,
        client,
        "version",
        body,
        ErrorCode::UnsupportedVersion,
        "a padded search with \"v\": 2",
    )
    .await;
}

/// POST `body` as a search and expect a refusal with `code`.
async fn expect_refusal(
    report: &mut Report,
    client: &mut Client,
    check: &'static str,
    body: Vec<u8>,
    code: ErrorCode,
    what: &str,
) {
    let expected = format!("HTTP {} {}", code.status(), code_name(code));
    match client
        .exchange(Method::POST, SEARCH_PATH, Some(body), MAX_REPLY_BYTES)
        .await
    {
        Ok(answer) if answer.status == code.status() && answer.error_code() == Some(code) => {
            report.pass(check, format!("{what} was refused with {expected}"));
        }
        Ok(answer) if answer.status == 200 => report.fail(
            check,
            format!("{what} was accepted (HTTP 200); servers must refuse it with {expected}"),
        ),
        Ok(answer) => report.fail(
            check,
            format!("{what} got {}; {expected} expected", answer.describe()),
        ),
        Err(failure) => report.fail(check, format!("{what}: {}", failure.message)),
    }
}

/// `rejects_oversize`: a 64 KiB body is refused with 413 (closing the
/// connection without answering is tolerated; a 200 is not).
async fn rejects_oversize(report: &mut Report, client: &mut Client) {
    let body = format!(
        "{{\"v\":1,\"pad\":\"{}\"}}",
        " ".repeat(OVERSIZE_BODY_BYTES - 16)
    )
    .into_bytes();
    debug_assert_eq!(body.len(), OVERSIZE_BODY_BYTES);
    let what = format!("a {OVERSIZE_BODY_BYTES}-byte body");
    match client
        .exchange(Method::POST, SEARCH_PATH, Some(body), MAX_REPLY_BYTES)
        .await
    {
        Ok(answer) if answer.status == 413 => {
            report.pass(
                "rejects_oversize",
                format!("{what} was refused with HTTP 413"),
            );
        }
        Ok(answer) => report.fail(
            "rejects_oversize",
            format!("{what} got {}; HTTP 413 expected", answer.describe()),
        ),
        Err(failure) if failure.kind == FailureKind::Http => report.pass(
            "rejects_oversize",
            format!(
                "warning: the server closed the connection on {what} without answering \
                 (HTTP 413 preferred): {}",
                failure.message
            ),
        ),
        Err(failure) => report.fail("rejects_oversize", format!("{what}: {}", failure.message)),
    }
}

/// `errors`: an unknown product and an unknown path are 404, the product's
/// with a protocol error body.
async fn errors(report: &mut Report, client: &mut Client) {
    let product_path = format!("{PRODUCT_PATH_PREFIX}{UNKNOWN_PRODUCT_ID}");
    let product = client
        .exchange(Method::GET, &product_path, None, MAX_REPLY_BYTES)
        .await;
    let path = client
        .exchange(Method::GET, UNKNOWN_PATH, None, MAX_REPLY_BYTES)
        .await;
    let product = match product {
        Ok(answer) if answer.status == 404 && answer.error_code() == Some(ErrorCode::NotFound) => {
            Ok(())
        }
        Ok(answer) if answer.status == 404 => Err(format!(
            "GET {PRODUCT_PATH_PREFIX}<unknown id> answered 404 without a protocol error body \
             ({{\"v\": 1, \"error\": {{\"code\": \"not_found\", ...}}}})"
        )),
        Ok(answer) => Err(format!(
            "GET {PRODUCT_PATH_PREFIX}<unknown id> got {}; HTTP 404 not_found expected",
            answer.describe()
        )),
        Err(failure) => Err(format!(
            "GET {PRODUCT_PATH_PREFIX}<unknown id>: {}",
            failure.message
        )),
    };
    let path = match path {
        Ok(answer) if answer.status == 404 => Ok(()),
        Ok(answer) => Err(format!(
            "GET {UNKNOWN_PATH} got {}; HTTP 404 expected",
            answer.describe()
        )),
        Err(failure) => Err(format!("GET {UNKNOWN_PATH}: {}", failure.message)),
    };
    match (product, path) {
        (Ok(()), Ok(())) => report.pass(
            "errors",
            "an unknown product and an unknown path are HTTP 404 with a protocol error body",
        ),
        (Err(a), Err(b)) => report.fail("errors", format!("{a}; {b}")),
        (Err(reason), Ok(())) | (Ok(()), Err(reason)) => report.fail("errors", reason),
    }
}

/// `product`: the first search result can be fetched by id.
async fn product(
    report: &mut Report,
    client: &mut Client,
    first: &Offer,
    padded_sizes: &mut Vec<(&'static str, usize)>,
) {
    // A valid offer's id is [A-Za-z0-9._-]: it needs no escaping in a path.
    let path = format!("{PRODUCT_PATH_PREFIX}{}", first.id);
    match client
        .exchange(Method::GET, &path, None, MAX_REPLY_BYTES)
        .await
    {
        Ok(answer) if answer.status == 200 => match answer.body() {
            Ok(body) => {
                padded_sizes.push(("product", body.len()));
                match protocol::parse_product_reply(body) {
                    Ok(offer) if offer.id == first.id => report.pass(
                        "product",
                        format!(
                            "GET {PRODUCT_PATH_PREFIX}{{id}} returned product {}",
                            first.id
                        ),
                    ),
                    Ok(offer) => report.fail(
                        "product",
                        format!(
                            "asked for product {} and got product {}",
                            first.id,
                            shown(&offer.id)
                        ),
                    ),
                    Err(e) => report.fail("product", format!("GET {path}: {}", shown(&e))),
                }
            }
            Err(reason) => report.fail("product", format!("GET {path}: {reason}")),
        },
        Ok(answer) => report.fail("product", format!("GET {path}: {}", answer.describe())),
        Err(failure) => report.fail("product", format!("GET {path}: {}", failure.message)),
    }
}

/// `checkout`: a one-line cart of the first search result gets an https
/// cart link.
async fn checkout(
    report: &mut Report,
    client: &mut Client,
    first: &Offer,
    padded_sizes: &mut Vec<(&'static str, usize)>,
) {
    let lines = [CartLine {
        id: first.id.clone(),
        quantity: 1,
    }];
    let Some(body) = protocol::checkout_body(&lines) else {
        report.fail("checkout", "the product id is too long for a checkout body");
        return;
    };
    match client
        .exchange(Method::POST, CHECKOUT_PATH, Some(body), MAX_REPLY_BYTES)
        .await
    {
        Ok(answer) if answer.status == 200 => match answer.body() {
            Ok(body) => {
                padded_sizes.push(("checkout", body.len()));
                match protocol::parse_checkout_reply(body) {
                    Ok(url) => report.pass(
                        "checkout",
                        format!("a one-line cart got the link {}", shown(&url)),
                    ),
                    Err(e) => {
                        report.fail("checkout", format!("POST {CHECKOUT_PATH}: {}", shown(&e)))
                    }
                }
            }
            Err(reason) => report.fail("checkout", format!("POST {CHECKOUT_PATH}: {reason}")),
        },
        Ok(answer) => report.fail(
            "checkout",
            format!("POST {CHECKOUT_PATH}: {}", answer.describe()),
        ),
        Err(failure) => report.fail(
            "checkout",
            format!("POST {CHECKOUT_PATH}: {}", failure.message),
        ),
    }
}

/// `no_cookies`: no reply of any check set a cookie.
fn no_cookies(report: &mut Report, client: &Client) {
    if client.seen.is_empty() {
        report.skip("no_cookies", "no reply was received");
        return;
    }
    let with_cookie: Vec<&Seen> = client.seen.iter().filter(|s| s.set_cookie).collect();
    match with_cookie.split_first() {
        None => report.pass(
            "no_cookies",
            format!(
                "no set-cookie on any of {} replies; none was sent",
                client.seen.len()
            ),
        ),
        Some((first, rest)) => {
            let more = if rest.is_empty() {
                String::new()
            } else {
                format!(" and {} more replies", rest.len())
            };
            report.fail(
                "no_cookies",
                format!("set-cookie on {}{more}", first.request),
            );
        }
    }
}

/// `no_identifiers_required`: the requests carried only the fixed header set
/// and the protocol worked, so the server needs nothing else; a server that
/// asks for credentials fails.
fn no_identifiers_required(report: &mut Report, client: &Client, worked: bool) {
    if let Some(seen) = client.seen.iter().find(|s| s.wants_credentials) {
        report.fail(
            "no_identifiers_required",
            format!(
                "{} answered HTTP {}, asking for credentials; the protocol works without \
                 accounts, keys or cookies",
                seen.request, seen.status
            ),
        );
    } else if worked {
        report.pass(
            "no_identifiers_required",
            format!(
                "every request carried only host, user-agent: {USER_AGENT}, accept: {JSON}, \
                 content-type and content-length (with a body) and connection: close; no \
                 cookie, token or client certificate"
            ),
        );
    } else {
        report.skip(
            "no_identifiers_required",
            "the vocabulary and search did not both succeed, so this is unproven",
        );
    }
}

/// Server-supplied text as shown: no control characters, bounded.
fn shown(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_SHOWN_CHARS)
        .collect();
    if text.chars().filter(|c| !c.is_control()).count() > MAX_SHOWN_CHARS {
        out.push('…');
    }
    out
}

fn tls_name(version: ProtocolVersion) -> String {
    match version {
        ProtocolVersion::TLSv1_3 => "TLS 1.3".into(),
        ProtocolVersion::TLSv1_2 => "TLS 1.2".into(),
        other => format!("{other:?}"),
    }
}

fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{code:?}"))
}

/// Where to connect: from `https://host[:port]` (as hushcart's own adapter
/// takes it: no path, no query, no user name).
#[derive(Debug, Clone, PartialEq)]
struct Target {
    /// Host name or IP address (IPv6 without brackets).
    host: String,
    port: u16,
    /// The `Host` header: `host[:port]`, brackets kept.
    authority: String,
}

impl Target {
    fn parse(url: &str) -> Result<Target, String> {
        let rest = url
            .strip_prefix("https://")
            .ok_or_else(|| format!("{} is not an https:// URL", shown(url)))?;
        if rest.contains(['?', '#']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("the URL must have no query, fragment or spaces".into());
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err("the URL must not carry a user name or password".into());
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6
                .split_once(']')
                .ok_or_else(|| "an IPv6 address needs a closing ]".to_string())?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or("junk after the IPv6 address")?),
            };
            (host, port)
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err("the URL has no host".into());
        }
        let port =
            match port {
                None => 443,
                Some(p) => p.parse::<u16>().ok().filter(|&p| p != 0).ok_or_else(|| {
                    format!("the port {} is not a number from 1 to 65535", shown(p))
                })?,
            };
        ServerName::try_from(host.to_string())
            .map_err(|_| format!("{} is not a valid host name or address", shown(host)))?;
        if !matches!(path, "" | "/") {
            return Err(format!(
                "the URL has a path ({}); give only https://host[:port], the protocol's paths \
                 start at the root",
                shown(path)
            ));
        }
        Ok(Target {
            host: host.to_string(),
            port,
            authority: authority.to_string(),
        })
    }
}

/// Why a request got no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FailureKind {
    /// TCP connect failed.
    Connect,
    /// The TLS handshake failed.
    Tls,
    /// The HTTP exchange failed after the handshake (closed, garbage).
    Http,
    /// The timeout ran out.
    Timeout,
}

#[derive(Debug, Clone)]
struct Failure {
    kind: FailureKind,
    message: String,
}

/// An HTTP answer.
struct Answer {
    status: u16,
    /// The body, or why it could not be read.
    body: Result<Bytes, String>,
    /// How the TLS session was established.
    handshake: Option<HandshakeKind>,
}

impl Answer {
    fn body(&self) -> Result<&[u8], String> {
        self.body.as_deref().map_err(Clone::clone)
    }

    /// The protocol error code of the body, if it is an error reply.
    fn error_code(&self) -> Option<ErrorCode> {
        let body = self.body.as_ref().ok()?;
        serde_json::from_slice::<ErrorReply>(body)
            .ok()
            .map(|reply| reply.error.code)
    }

    /// "HTTP 400 padding (message)" or "HTTP 500".
    fn describe(&self) -> String {
        match self
            .body
            .as_ref()
            .ok()
            .and_then(|body| protocol::error_message(body))
        {
            Some(message) => format!("HTTP {} {}", self.status, shown(&message)),
            None => format!("HTTP {}", self.status),
        }
    }
}

/// One reply seen, for the header checks.
struct Seen {
    /// "GET /v1/vocabulary"
    request: String,
    status: u16,
    set_cookie: bool,
    wants_credentials: bool,
}

/// The checker's HTTPS client: a fresh connection per request.
struct Client {
    target: Target,
    server_name: ServerName<'static>,
    /// Certificate verification on, resumption off, ALPN http/1.1.
    config: Arc<ClientConfig>,
    timeout: Duration,
    seen: Vec<Seen>,
}

impl Client {
    fn new(target: Target, ca_file: Option<&Path>, timeout: Duration) -> Result<Client, String> {
        let roots = match ca_file {
            Some(path) => roots_from_file(path)?,
            None => platform_roots()?,
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS setup failed: {e}"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.resumption = Resumption::disabled();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let server_name = ServerName::try_from(target.host.clone()).map_err(|_| {
            format!(
                "{} is not a valid host name or address",
                shown(&target.host)
            )
        })?;
        Ok(Client {
            target,
            server_name,
            config: Arc::new(config),
            timeout,
            seen: Vec::new(),
        })
    }

    /// The same client configuration, but keeping sessions in `store`.
    fn resuming_config(&self, store: Arc<RecordingStore>) -> Arc<ClientConfig> {
        let mut config = (*self.config).clone();
        config.resumption = Resumption::store(store);
        Arc::new(config)
    }

    fn timed_out(&self) -> Failure {
        Failure {
            kind: FailureKind::Timeout,
            message: format!("no answer within {:.1} s", self.timeout.as_secs_f64()),
        }
    }

    /// Connect and complete a TLS handshake by `deadline`.
    async fn connect(
        &self,
        config: &Arc<ClientConfig>,
        deadline: Instant,
    ) -> Result<TlsStream<TcpStream>, Failure> {
        let address = (self.target.host.as_str(), self.target.port);
        let tcp = tokio::time::timeout_at(deadline, TcpStream::connect(address))
            .await
            .map_err(|_| self.timed_out())?
            .map_err(|e| Failure {
                kind: FailureKind::Connect,
                message: format!("cannot connect to {}: {e}", self.target.authority),
            })?;
        let _ = tcp.set_nodelay(true);
        let connector = TlsConnector::from(config.clone());
        tokio::time::timeout_at(deadline, connector.connect(self.server_name.clone(), tcp))
            .await
            .map_err(|_| self.timed_out())?
            .map_err(|e| Failure {
                kind: FailureKind::Tls,
                message: format!("TLS handshake with {} failed: {e}", self.target.authority),
            })
    }

    /// A handshake alone: the negotiated version.
    async fn handshake(&self) -> Result<ProtocolVersion, Failure> {
        let deadline = Instant::now() + self.timeout;
        let tls = self.connect(&self.config, deadline).await?;
        let version = tls.get_ref().1.protocol_version();
        version.ok_or_else(|| Failure {
            kind: FailureKind::Tls,
            message: "the handshake finished without a protocol version".into(),
        })
    }

    /// One request on a fresh connection with the normal configuration.
    async fn exchange(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        cap: usize,
    ) -> Result<Answer, Failure> {
        let config = self.config.clone();
        self.exchange_with(&config, method, path, body, cap).await
    }

    /// One request on a fresh connection made with `config`: only the fixed
    /// header set, `connection: close`, the reply read up to `cap` bytes, all
    /// within the timeout.
    async fn exchange_with(
        &mut self,
        config: &Arc<ClientConfig>,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        cap: usize,
    ) -> Result<Answer, Failure> {
        let deadline = Instant::now() + self.timeout;
        let tls = self.connect(config, deadline).await?;
        let handshake = tls.get_ref().1.handshake_kind();
        let http = |e: hyper::Error| Failure {
            kind: FailureKind::Http,
            message: format!("the HTTP exchange failed: {e}"),
        };
        let (mut sender, connection) = tokio::time::timeout_at(
            deadline,
            hyper::client::conn::http1::Builder::new()
                .handshake::<_, Full<Bytes>>(TokioIo::new(tls)),
        )
        .await
        .map_err(|_| self.timed_out())?
        .map_err(http)?;
        let driver = AbortOnDrop(tokio::spawn(async move {
            let _ = connection.await;
        }));

        let request = fixed_request(&self.target, &method, path, body)?;
        let response = tokio::time::timeout_at(deadline, sender.send_request(request))
            .await
            .map_err(|_| self.timed_out())?
            .map_err(http)?;
        let status = response.status().as_u16();
        let headers = response.headers();
        self.seen.push(Seen {
            request: format!("{method} {path}"),
            status,
            set_cookie: headers.contains_key(header::SET_COOKIE)
                || headers.contains_key("set-cookie2"),
            wants_credentials: matches!(status, 401 | 403 | 407)
                || headers.contains_key(header::WWW_AUTHENTICATE),
        });
        let body = match tokio::time::timeout_at(
            deadline,
            Limited::new(response.into_body(), cap).collect(),
        )
        .await
        {
            Ok(Ok(collected)) => Ok(collected.to_bytes()),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                Err(format!("the reply body is larger than {cap} bytes"))
            }
            Ok(Err(e)) => Err(format!("the reply body broke off: {e}")),
            Err(_) => Err(self.timed_out().message),
        };
        drop(driver);
        Ok(Answer {
            status,
            body,
            handshake,
        })
    }
}

/// A request with the fixed header set ([`FIXED_HEADERS`]) and nothing else.
fn fixed_request(
    target: &Target,
    method: &Method,
    path: &str,
    body: Option<Vec<u8>>,
) -> Result<Request<Full<Bytes>>, Failure> {
    let mut builder = Request::builder()
        .method(method.clone())
        .uri(path)
        .header(header::HOST, target.authority.as_str())
        .header(header::USER_AGENT, HeaderValue::from_static(USER_AGENT))
        .header(header::ACCEPT, HeaderValue::from_static(JSON));
    if let Some(body) = &body {
        builder = builder
            .header(header::CONTENT_TYPE, HeaderValue::from_static(JSON))
            .header(header::CONTENT_LENGTH, body.len());
    }
    builder
        .header(header::CONNECTION, HeaderValue::from_static("close"))
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .map_err(|e| Failure {
            kind: FailureKind::Http,
            message: format!("cannot build the request: {e}"),
        })
}

/// Aborts the connection task when the exchange ends (or is abandoned).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn roots_from_file(path: &Path) -> Result<RootCertStore, String> {
    let name = path.display();
    let pem = std::fs::read(path).map_err(|e| format!("cannot read the CA file {name}: {e}"))?;
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("the CA file {name} is not valid PEM: {e}"))?;
    if certs.is_empty() {
        return Err(format!("no certificate in {name}"));
    }
    let mut roots = RootCertStore::empty();
    for cert in certs {
        roots
            .add(cert)
            .map_err(|e| format!("the CA file {name} holds an unusable certificate: {e}"))?;
    }
    Ok(roots)
}

fn platform_roots() -> Result<RootCertStore, String> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        let why = found
            .errors
            .first()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        return Err(format!(
            "no trusted root certificates found on this system{why}; pass --ca-file"
        ));
    }
    Ok(roots)
}

/// A session store that counts what the server offered for resumption.
#[derive(Debug)]
struct RecordingStore {
    inner: ClientSessionMemoryCache,
    tls13_tickets: AtomicUsize,
    tls12_sessions: AtomicUsize,
}

impl Default for RecordingStore {
    fn default() -> Self {
        RecordingStore {
            inner: ClientSessionMemoryCache::new(8),
            tls13_tickets: AtomicUsize::new(0),
            tls12_sessions: AtomicUsize::new(0),
        }
    }
}

impl ClientSessionStore for RecordingStore {
    fn set_kx_hint(&self, server_name: ServerName<'static>, group: NamedGroup) {
        self.inner.set_kx_hint(server_name, group);
    }

    fn kx_hint(&self, server_name: &ServerName<'_>) -> Option<NamedGroup> {
        self.inner.kx_hint(server_name)
    }

    fn set_tls12_session(
        &self,
        server_name: ServerName<'static>,
        value: rustls::client::Tls12ClientSessionValue,
    ) {
        self.tls12_sessions.fetch_add(1, Ordering::Relaxed);
        self.inner.set_tls12_session(server_name, value);
    }

    fn tls12_session(
        &self,
        server_name: &ServerName<'_>,
    ) -> Option<rustls::client::Tls12ClientSessionValue> {
        self.inner.tls12_session(server_name)
    }

    fn remove_tls12_session(&self, server_name: &ServerName<'static>) {
        self.inner.remove_tls12_session(server_name);
    }

    fn insert_tls13_ticket(
        &self,
        server_name: ServerName<'static>,
        value: rustls::client::Tls13ClientSessionValue,
    ) {
        self.tls13_tickets.fetch_add(1, Ordering::Relaxed);
        self.inner.insert_tls13_ticket(server_name, value);
    }

    fn take_tls13_ticket(
        &self,
        server_name: &ServerName<'static>,
    ) -> Option<rustls::client::Tls13ClientSessionValue> {
        self.inner.take_tls13_ticket(server_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_https_with_a_host_and_an_optional_port() {
        let t = Target::parse("https://shop.example").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.authority.as_str()),
            ("shop.example", 443, "shop.example")
        );
        let t = Target::parse("https://127.0.0.1:8443/").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.authority.as_str()),
            ("127.0.0.1", 8443, "127.0.0.1:8443")
        );
        let t = Target::parse("https://[::1]:9000").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 9000));
        assert_eq!(t.authority, "[::1]:9000");
        for bad in [
            "http://shop.example",
            "shop.example",
            "https://",
            "https://:443",
            "https://shop.example:0",
            "https://shop.example:99999",
            "https://shop.example:x",
            "https://user:pw@shop.example",
            "https://shop.example/?q=1",
            "https://[::1",
            "https://shop example",
            "https://shop.example/hushcart",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn a_bad_url_fails_url_and_skips_everything_else() {
        let outcomes = check("http://shop.example", None, Duration::from_secs(1)).await;
        assert_eq!(outcomes.len(), CHECKS.len());
        assert!(!outcomes[0].passed && outcomes[0].check == "url");
        assert!(outcomes[1..]
            .iter()
            .all(|o| !o.passed && o.detail.starts_with("skipped:")));
    }

    #[tokio::test]
    async fn ca_file_problems_fail_tls_naming_the_file() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("missing-ca.pem");
        let url = format!("https://127.0.0.1:{port}");
        let outcomes = check(&url, Some(&ca), Duration::from_secs(2)).await;
        let tls = &outcomes[1];
        assert!(
            !tls.passed && tls.detail.contains("missing-ca.pem"),
            "{tls:?}"
        );

        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, "no certificates here\n").unwrap();
        let outcomes = check(&url, Some(&ca), Duration::from_secs(2)).await;
        assert!(
            outcomes[1].detail.contains("no certificate in"),
            "{:?}",
            outcomes[1]
        );
    }

    #[test]
    fn replies_that_are_not_multiples_of_the_bucket_fail_reply_padded() {
        let mut report = Report::default();
        reply_padded(
            &mut report,
            &[("search", REPLY_BUCKET_BYTES), ("product", 700)],
        );
        let outcome = &report.outcomes[0];
        assert!(!outcome.passed);
        assert!(
            outcome.detail.contains("product reply is 700 bytes"),
            "{}",
            outcome.detail
        );
        let mut report = Report::default();
        reply_padded(&mut report, &[("search", 2 * REPLY_BUCKET_BYTES)]);
        assert!(report.outcomes[0].passed);
    }

    #[test]
    fn server_text_is_shown_without_control_characters_and_bounded() {
        assert_eq!(shown("a\u{1b}[31mb\n"), "a[31mb");
        assert_eq!(
            shown(&"x".repeat(1000)).chars().count(),
            MAX_SHOWN_CHARS + 1
        );
    }

    #[test]
    fn requests_carry_only_the_fixed_header_set() {
        let target = Target::parse("https://shop.example:8443").unwrap();
        for body in [None, Some(vec![b' '; REQUEST_BODY_BYTES])] {
            let request = fixed_request(&target, &Method::POST, SEARCH_PATH, body).unwrap();
            assert_eq!(request.uri().path(), "/v1/search");
            for name in request.headers().keys() {
                assert!(FIXED_HEADERS.contains(&name.as_str()), "{name}");
            }
            assert_eq!(request.headers()["host"], "shop.example:8443");
            assert_eq!(request.headers()["user-agent"], USER_AGENT);
            assert_eq!(request.headers()["connection"], "close");
        }
    }

    #[test]
    fn the_oversize_body_is_the_advertised_size() {
        let body = format!(
            "{{\"v\":1,\"pad\":\"{}\"}}",
            " ".repeat(OVERSIZE_BODY_BYTES - 16)
        );
        assert_eq!(body.len(), OVERSIZE_BODY_BYTES);
    }
}
