//! Catalog: where products come from.
//!
//! Takes: a [`CatalogQuery`], which only [`privacy::minimize`] can build, so
//! nothing else can be searched for or sent. Produces: [`Offers`], the broad
//! list of products a catalog returned, for the device to filter and re-rank
//! locally ([`personalize`](crate::personalize)).
//!
//! Adapters:
//! - [`local::LocalCatalog`]: the embedded demo catalog (or any JSON Lines
//!   file), indexed in memory with tantivy. Nothing leaves the device.
//! - [`https::HttpsCatalog`]: a retailer speaking the hushcart catalog
//!   protocol v1 ([`protocol`], `docs/catalog-protocol.md`) over rustls.
//!
//! The reference retailer server ([`server`]) and the endpoint checker
//! ([`check`]) live here too, because they share the wire types.
//!
//! Runs on: the tokio runtime of the calling command; the local index search
//! is CPU-bound and short (microseconds to milliseconds).
//!
//! Must never: accept anything but a [`CatalogQuery`] as a search, add a
//! header, cookie or identifier beyond the protocol's fixed set, or log a
//! query's terms at `info` or above.
//!
//! [`privacy::minimize`]: crate::privacy::minimize

pub mod check;
pub mod https;
pub mod local;
pub mod protocol;
pub mod server;
mod vocabulary;

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};

pub use vocabulary::Vocabulary;

use crate::privacy::CatalogQuery;

/// The six top-level categories of the demo catalog.
pub const DEMO_CATEGORIES: [&str; 6] = [
    "groceries",
    "household",
    "electronics",
    "clothing",
    "pet",
    "beauty",
];

/// Longest text field an [`Offer`] may carry (bytes); longer replies are
/// refused as malformed rather than truncated.
pub const MAX_OFFER_FIELD_BYTES: usize = 512;

/// Most attributes an [`Offer`] may carry.
pub const MAX_OFFER_ATTRIBUTES: usize = 32;

/// One product a catalog offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// The retailer's product id (`[A-Za-z0-9._-]`, at most 64 bytes).
    pub id: String,
    /// The title a shop shows.
    pub title: String,
    /// Lower-case brand, if any.
    #[serde(default)]
    pub brand: Option<String>,
    /// One of the retailer's published categories.
    pub category: String,
    /// The product type a shopper would say ("oat milk").
    pub product: String,
    /// Canonical attributes ("organic", "gluten-free").
    #[serde(default)]
    pub attributes: Vec<String>,
    /// Size as the shop writes it ("64 fl oz", "10", "large").
    #[serde(default)]
    pub size: Option<String>,
    /// Lower-case colour.
    #[serde(default)]
    pub color: Option<String>,
    /// Price in the shop's currency.
    pub price: f64,
    /// Average rating, 0 to 5.
    #[serde(default)]
    pub rating: Option<f32>,
    /// Number of reviews.
    #[serde(default)]
    pub reviews: u32,
}

impl Offer {
    /// Check what a retailer sent: bounded text, a sane id, a finite price,
    /// a rating from 0 to 5. A catalog reply is outside input.
    pub fn validate(&self) -> Result<(), String> {
        if self.id.is_empty()
            || self.id.len() > 64
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        {
            return Err(
                "a product id is empty, too long or has characters outside [A-Za-z0-9._-]".into(),
            );
        }
        let texts = [
            Some(&self.title),
            self.brand.as_ref(),
            Some(&self.category),
            Some(&self.product),
            self.size.as_ref(),
            self.color.as_ref(),
        ];
        let bad = |t: &String| t.len() > MAX_OFFER_FIELD_BYTES || t.chars().any(char::is_control);
        if texts.into_iter().flatten().any(bad) || self.attributes.iter().any(bad) {
            return Err(format!(
                "product {}: a text field is longer than {MAX_OFFER_FIELD_BYTES} bytes or has control characters",
                self.id
            ));
        }
        if self.attributes.len() > MAX_OFFER_ATTRIBUTES {
            return Err(format!(
                "product {}: more than {MAX_OFFER_ATTRIBUTES} attributes",
                self.id
            ));
        }
        if !(self.price.is_finite() && self.price >= 0.0 && self.price < 1e9) {
            return Err(format!(
                "product {}: the price is not a number from 0 to 1e9",
                self.id
            ));
        }
        if let Some(r) = self.rating {
            if !(r.is_finite() && (0.0..=5.0).contains(&r)) {
                return Err(format!(
                    "product {}: the rating is not from 0 to 5",
                    self.id
                ));
            }
        }
        Ok(())
    }
}

/// One request that left the device, as the transparency ledger and `ask
/// --json` show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    /// The retailer's configured name.
    pub retailer: String,
    /// The exact bytes written into the TLS connection (request line,
    /// headers, body), as text; the protocol only ever sends UTF-8.
    pub request: String,
    /// How many bytes the retailer answered (0 when no answer came).
    pub reply_bytes: u64,
}

/// What a search returned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Offers {
    /// The products, in the catalog's order.
    pub offers: Vec<Offer>,
    /// The requests that left the device for this search (empty for the
    /// local catalog).
    pub sent: Vec<Sent>,
}

/// A line of the cart handed to a retailer at checkout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartLine {
    /// The retailer's product id.
    pub id: String,
    /// How many.
    pub quantity: u32,
}

/// Where the shopper finishes a purchase: the retailer's own page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handoff {
    /// A link to the retailer's cart holding the lines (https).
    pub cart_url: String,
    /// The requests that left the device.
    #[serde(skip)]
    pub sent: Vec<Sent>,
}

/// Why a catalog call failed. Messages name the retailer and the condition,
/// never a query's terms.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// Offline mode, or a retailer without consent: nothing may be sent.
    #[error("{0}")]
    NotAllowed(String),
    /// The catalog file or index could not be loaded.
    #[error("cannot load the catalog {source_name}: {message}")]
    Load {
        /// The file or "embedded demo catalog".
        source_name: String,
        /// What is wrong.
        message: String,
    },
    /// No connection could be made (DNS, refused, TLS handshake, certificate).
    #[error("cannot reach {retailer}: {message}")]
    Connect {
        /// The retailer's name.
        retailer: String,
        /// What failed.
        message: String,
    },
    /// The retailer did not answer within the configured time.
    #[error("{retailer} did not answer within {seconds:.1} s")]
    Timeout {
        /// The retailer's name.
        retailer: String,
        /// The limit that was reached.
        seconds: f64,
    },
    /// The retailer answered with an HTTP error.
    #[error("{retailer} answered HTTP {status}: {message}")]
    Status {
        /// The retailer's name.
        retailer: String,
        /// The HTTP status.
        status: u16,
        /// The protocol error code and message, if the body had them.
        message: String,
    },
    /// The answer broke the protocol (too large, not JSON, wrong schema).
    #[error("{retailer} sent an invalid reply: {message}")]
    BadReply {
        /// The retailer's name.
        retailer: String,
        /// What is wrong with it.
        message: String,
    },
    /// The transparency ledger could not record a request, so it was not sent.
    #[error("the transparency ledger cannot record the request, so nothing was sent: {0}")]
    Ledger(String),
    /// The search index failed.
    #[error("the catalog index failed: {0}")]
    Index(String),
}

/// The future a catalog call returns.
pub type CatalogFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, CatalogError>> + Send + 'a>>;

/// A product catalog: the embedded one or a retailer's.
///
/// Implementations must send nothing but what the [`CatalogQuery`] holds
/// (plus the protocol's fixed headers), and record every request that leaves
/// the device in the transparency ledger before returning.
pub trait Catalog: Send + Sync {
    /// The retailer's name ("local" for the embedded catalog).
    fn name(&self) -> &str;
    /// Products matching `query`, broad; the device narrows them.
    fn search<'a>(&'a self, query: &'a CatalogQuery) -> CatalogFuture<'a, Offers>;
    /// One product by id (`None` when the catalog has no such product).
    fn product<'a>(&'a self, id: &'a str) -> CatalogFuture<'a, Option<Offer>>;
    /// The published vocabulary, the same file for every shopper.
    fn vocabulary(&self) -> CatalogFuture<'_, Vocabulary>;
    /// Hand the cart over to the retailer, after the shopper confirmed.
    fn checkout<'a>(&'a self, lines: &'a [CartLine]) -> CatalogFuture<'a, Handoff>;
}
