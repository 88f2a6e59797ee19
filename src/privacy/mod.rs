//! Privacy: what may leave the device (`spec/privacy.md`).
//!
//! Takes: a parsed [`Intent`] and the retailer's published [`Vocabulary`].
//! Produces: a [`CatalogQuery`], the only value a catalog adapter accepts.
//! Its fields are private and [`minimize`] is its only constructor, so no
//! other code path can put anything into a request.
//!
//! What survives: product, brand and attribute words that the retailer
//! publishes or hushcart's own product lexicon knows, minus every token that
//! looks like personal data ([`pii`]); a category, size and colour only when
//! published; prices rounded outward to coarse buckets; the sort order; a
//! fixed page size. Everything else (the transcript, quantities, the avoid
//! list, exact prices, names, numbers) stays here and is applied locally.
//!
//! Must never: log or put into an error the words it drops, or build a
//! query any other way.
//!
//! The [`ledger`] records every request that does leave, with its bytes.

pub mod ledger;
pub mod pii;

use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

use serde::Serialize;

use crate::catalog::Vocabulary;
use crate::intent::{Intent, IntentKind, Lexicon};

/// The page size every query asks for: the same for every shopper; the
/// device filters and re-ranks locally.
pub const PAGE_SIZE: u32 = 50;

/// Most terms one query carries.
pub const MAX_TERMS: usize = 8;

/// Longest term (bytes). Vocabulary entries are at most 48 bytes.
pub const MAX_TERM_BYTES: usize = 48;

/// The price buckets of `spec/privacy.md`: limits are rounded outward to
/// these so that unusual amounts do not fingerprint the shopper.
pub const PRICE_BUCKETS: [u32; 15] = [
    5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000,
];

/// The order a catalog is asked to return results in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// The catalog's own relevance.
    Relevance,
    /// Cheapest first.
    PriceAsc,
    /// Dearest first.
    PriceDesc,
    /// Best rated first.
    Rating,
}

impl Sort {
    /// The protocol's name ("price_asc").
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Rating => "rating",
        }
    }

    /// The sort for an intent's `sort` slot (`None` and unknown values:
    /// relevance).
    fn from_slot(slot: Option<&str>) -> Sort {
        match slot {
            Some("price_asc") => Sort::PriceAsc,
            Some("price_desc") => Sort::PriceDesc,
            Some("rating") => Sort::Rating,
            _ => Sort::Relevance,
        }
    }
}

/// The minimal, anonymous query a catalog receives. Built only by
/// [`minimize`]; read-only afterwards.
#[derive(Clone, PartialEq, Serialize)]
pub struct CatalogQuery {
    terms: Vec<String>,
    category: Option<String>,
    price_min: Option<u32>,
    price_max: Option<u32>,
    size: Option<String>,
    color: Option<String>,
    sort: Sort,
    limit: u32,
}

impl std::fmt::Debug for CatalogQuery {
    // The terms are what the shopper asked for: show only their count, so a
    // stray `{:?}` in a log cannot reveal them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogQuery")
            .field("terms", &self.terms.len())
            .field("sort", &self.sort)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl CatalogQuery {
    /// Product, brand and attribute words, at most [`MAX_TERMS`].
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
    /// A published category, if the shopper named one.
    pub fn category(&self) -> Option<&str> {
        self.category.as_deref()
    }
    /// The lower price bound, rounded down to a bucket.
    pub fn price_min(&self) -> Option<u32> {
        self.price_min
    }
    /// The upper price bound, rounded up to a bucket.
    pub fn price_max(&self) -> Option<u32> {
        self.price_max
    }
    /// A published size.
    pub fn size(&self) -> Option<&str> {
        self.size.as_deref()
    }
    /// A published colour.
    pub fn color(&self) -> Option<&str> {
        self.color.as_deref()
    }
    /// The order asked for.
    pub fn sort(&self) -> Sort {
        self.sort
    }
    /// The page size, always [`PAGE_SIZE`].
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// A query for the vocabulary's own words, for tools that exercise a
    /// catalog (`catalog check`, benchmarks): the words must all be
    /// published terms, so it can carry nothing a shopper said.
    pub fn from_published_terms(
        words: &[&str],
        vocabulary: &Vocabulary,
        sort: Sort,
    ) -> Option<CatalogQuery> {
        let terms: Vec<String> = words
            .iter()
            .filter(|w| vocabulary.has_term(w) && pii::flag(&[w]).iter().all(Option::is_none))
            .take(MAX_TERMS)
            .map(|w| w.to_string())
            .collect();
        (!terms.is_empty()).then_some(CatalogQuery {
            terms,
            category: None,
            price_min: None,
            price_max: None,
            size: None,
            color: None,
            sort,
            limit: PAGE_SIZE,
        })
    }
}

/// How many words of the request were kept back, by reason (counts only:
/// the words themselves never leave this module).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// Words that looked like personal data.
    pub personal: usize,
    /// Words neither the retailer nor hushcart lists as product words.
    pub unlisted: usize,
    /// Words over the [`MAX_TERMS`] cap.
    pub over_cap: usize,
    /// Size or colour values the retailer does not publish.
    pub unpublished: usize,
}

/// A query and what was kept back to make it.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimized {
    /// What may be sent.
    pub query: CatalogQuery,
    /// What was not.
    pub dropped: Dropped,
}

/// Why no query was made: nothing is sent, and the shopper is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Withheld {
    /// The intent does not ask the catalog anything (view_cart, help, ...).
    #[error("this request is answered on the device; the store is not asked")]
    NotACatalogRequest,
    /// No product word was left after filtering.
    #[error(
        "nothing was sent to the store: no product words were left \
         ({} looked personal, {} are not product words the store publishes)",
        .0.personal, .0.unlisted
    )]
    NothingLeft(Dropped),
}

/// What the shopper allows beyond the terms (`[privacy]` in the
/// configuration). Nothing here can add to a query: each switch only keeps
/// a field back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Send bucketed price limits (else prices are applied only locally).
    pub send_prices: bool,
    /// Send a published size and colour.
    pub send_size_and_color: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            send_prices: true,
            send_size_and_color: true,
        }
    }
}

impl Policy {
    /// Terms, sort and page size only.
    pub fn strict() -> Policy {
        Policy {
            send_prices: false,
            send_size_and_color: false,
        }
    }
}

/// The built-in product lexicon's words (`Lexicon::product_vocabulary`).
static LEXICON_WORDS: LazyLock<BTreeSet<String>> =
    LazyLock::new(|| Lexicon::builtin().product_vocabulary());

/// Build the minimal anonymous query for `intent`, allowed by `vocabulary`
/// (the retailer's published list) and hushcart's product lexicon.
///
/// Only `search` and `add_to_cart` ask a catalog. Tokens are taken from the
/// brand, product and attribute slots; each must be a listed word and must
/// not look like personal data ([`pii::flag`] on the whole phrase, so
/// multi-word patterns such as a phone number or a street address are
/// caught), digits never go. Prices go out rounded outward to
/// [`PRICE_BUCKETS`]; the exact limits are applied locally.
pub fn minimize(
    intent: &Intent,
    vocabulary: &Vocabulary,
    policy: Policy,
) -> Result<Minimized, Withheld> {
    minimize_with(intent, &HashSet::new(), vocabulary, policy)
}

/// [`minimize`] with the utterance's context: words that look personal
/// where they were said ("for olive grant", "the name on it is ginger
/// smith") are dropped from every slot, even when the parser moved them
/// away from their cue (into the colour, say). This is what the pipeline
/// uses; [`minimize`] alone sees only the slots.
pub fn minimize_utterance(
    transcript: &str,
    intent: &Intent,
    vocabulary: &Vocabulary,
    policy: Policy,
) -> Result<Minimized, Withheld> {
    minimize_with(intent, &personal_words(transcript), vocabulary, policy)
}

/// The words of `transcript` that [`pii::flag`] marks in context, lower
/// case and without surrounding punctuation.
pub fn personal_words(transcript: &str) -> HashSet<String> {
    let tokens: Vec<&str> = transcript.split_whitespace().collect();
    tokens
        .iter()
        .zip(pii::flag(&tokens))
        .filter(|(_, verdict)| verdict.is_some())
        .flat_map(|(token, _)| {
            token
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn minimize_with(
    intent: &Intent,
    personal: &HashSet<String>,
    vocabulary: &Vocabulary,
    policy: Policy,
) -> Result<Minimized, Withheld> {
    if !matches!(intent.kind, IntentKind::Search | IntentKind::AddToCart) {
        return Err(Withheld::NotACatalogRequest);
    }
    let slots = &intent.slots;
    let mut dropped = Dropped::default();
    let mut terms: Vec<String> = Vec::new();
    let phrases = slots
        .brand
        .iter()
        .chain(slots.product.iter())
        .chain(slots.attributes.iter());
    for phrase in phrases {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        for (word, verdict) in words.iter().zip(pii::flag(&words)) {
            if verdict.is_some() || personal.contains(*word) {
                dropped.personal += 1;
                continue;
            }
            // The attribute "gluten-free" may be published whole or as words.
            let candidates: Vec<&str> = if listed(word, vocabulary) {
                vec![word]
            } else {
                word.split('-').filter(|w| !w.is_empty()).collect()
            };
            for candidate in candidates {
                if !acceptable_term(candidate) || !listed(candidate, vocabulary) {
                    dropped.unlisted += 1;
                } else if terms.iter().any(|t| t == candidate) {
                    // Already there: a repeat adds nothing.
                } else if terms.len() == MAX_TERMS {
                    dropped.over_cap += 1;
                } else {
                    terms.push(candidate.to_string());
                }
            }
        }
    }
    if terms.is_empty() {
        return Err(Withheld::NothingLeft(dropped));
    }
    let mut published = |value: Option<&String>, has: &dyn Fn(&str) -> bool| match value {
        Some(v)
            if has(v)
                && !v.split_whitespace().any(|w| personal.contains(w))
                && pii::flag(&v.split_whitespace().collect::<Vec<_>>())
                    .iter()
                    .all(Option::is_none) =>
        {
            Some(v.clone())
        }
        Some(_) => {
            dropped.unpublished += 1;
            None
        }
        None => None,
    };
    let (size, color) = if policy.send_size_and_color {
        (
            published(slots.size.as_ref(), &|s| vocabulary.has_size(s)),
            published(slots.color.as_ref(), &|c| vocabulary.has_color(c)),
        )
    } else {
        (None, None)
    };
    let price = |p: Option<f64>, round: fn(f64) -> Option<u32>| {
        p.filter(|_| policy.send_prices).and_then(round)
    };
    let category = terms.iter().find(|t| vocabulary.has_category(t)).cloned();
    Ok(Minimized {
        query: CatalogQuery {
            terms,
            category,
            price_min: price(slots.min_price, bucket_down),
            price_max: price(slots.max_price, bucket_up),
            size,
            color,
            sort: Sort::from_slot(slots.sort.as_deref()),
            limit: PAGE_SIZE,
        },
        dropped,
    })
}

/// True when `word` is a product word the retailer publishes or hushcart's
/// lexicon knows.
fn listed(word: &str, vocabulary: &Vocabulary) -> bool {
    vocabulary.has_term(word) || LEXICON_WORDS.contains(word)
}

/// Lower-case letters (and inner hyphens) only: no digits, no symbols, no
/// over-long words.
fn acceptable_term(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= MAX_TERM_BYTES
        && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !word.starts_with('-')
        && !word.ends_with('-')
}

/// The smallest bucket at or above `price` (`None` above the top bucket or
/// for a value that is not a positive number: no upper limit is sent).
pub fn bucket_up(price: f64) -> Option<u32> {
    if !(price.is_finite() && price > 0.0) {
        return None;
    }
    PRICE_BUCKETS.into_iter().find(|&b| f64::from(b) >= price)
}

/// The largest bucket at or below `price` (`None` below the lowest bucket:
/// no lower limit is sent).
pub fn bucket_down(price: f64) -> Option<u32> {
    if !price.is_finite() {
        return None;
    }
    PRICE_BUCKETS
        .into_iter()
        .rev()
        .find(|&b| f64::from(b) <= price)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::Slots;

    fn intent(kind: IntentKind, slots: Slots) -> Intent {
        Intent {
            kind,
            slots,
            confidence: 0.95,
        }
    }

    fn search(product: &str) -> Intent {
        intent(
            IntentKind::Search,
            Slots {
                product: Some(product.to_string()),
                ..Slots::default()
            },
        )
    }

    fn vocabulary() -> Vocabulary {
        Vocabulary::embedded().clone()
    }

    #[test]
    fn prices_are_rounded_outward_to_buckets() {
        let cases = [
            (4.99, Some(5), None),
            (5.0, Some(5), Some(5)),
            (12.5, Some(15), Some(10)),
            (37.0, Some(40), Some(30)),
            (999.0, Some(1000), Some(500)),
            (1500.0, None, Some(1000)),
            (0.5, Some(5), None),
        ];
        for (price, up, down) in cases {
            assert_eq!(bucket_up(price), up, "up {price}");
            assert_eq!(bucket_down(price), down, "down {price}");
        }
        for bad in [f64::NAN, f64::INFINITY, -3.0, 0.0] {
            assert_eq!(bucket_up(bad), None, "{bad}");
        }
        assert_eq!(bucket_down(f64::NAN), None);
    }

    #[test]
    fn a_search_keeps_only_listed_product_words() {
        let m = minimize(
            &search("organic almond milk for grandma"),
            &vocabulary(),
            Policy::default(),
        )
        .unwrap();
        assert_eq!(m.query.terms(), ["organic", "almond", "milk"]);
        assert_eq!(m.query.limit(), PAGE_SIZE);
        assert!(m.dropped.unlisted >= 1, "{:?}", m.dropped);
    }

    #[test]
    fn exact_prices_stay_on_the_device() {
        let i = intent(
            IntentKind::Search,
            Slots {
                product: Some("headphones".into()),
                max_price: Some(37.5),
                min_price: Some(12.0),
                ..Slots::default()
            },
        );
        let q = minimize(&i, &vocabulary(), Policy::default())
            .unwrap()
            .query;
        assert_eq!((q.price_min(), q.price_max()), (Some(10), Some(40)));
    }

    #[test]
    fn personal_data_is_dropped_even_when_listed() {
        let mut v = vocabulary();
        for w in ["jennifer", "elm", "street"] {
            v.terms.insert(w.to_string());
        }
        let m = minimize(
            &search("slippers for jennifer at 12 elm street 4111 1111 1111 1111"),
            &v,
            Policy::default(),
        )
        .unwrap();
        assert_eq!(m.query.terms(), ["slippers"]);
        assert!(m.dropped.personal >= 7, "{:?}", m.dropped);
    }

    #[test]
    fn digits_never_become_terms() {
        let m = minimize(&search("55 inch tv 2024"), &vocabulary(), Policy::default()).unwrap();
        assert!(m
            .query
            .terms()
            .iter()
            .all(|t| !t.bytes().any(|b| b.is_ascii_digit())));
    }

    #[test]
    fn a_query_with_nothing_left_is_withheld_and_says_why() {
        let err = minimize(
            &search("jennifer lopez 555 123 4567"),
            &vocabulary(),
            Policy::default(),
        )
        .unwrap_err();
        let Withheld::NothingLeft(d) = err else {
            panic!("{err:?}")
        };
        assert!(d.personal >= 3, "{d:?}");
        assert!(err.to_string().contains("nothing was sent"));
        assert!(!err.to_string().contains("jennifer"));
    }

    #[test]
    fn intents_answered_locally_ask_no_catalog() {
        for kind in [
            IntentKind::ViewCart,
            IntentKind::Checkout,
            IntentKind::Help,
            IntentKind::PrivacyReport,
            IntentKind::ForgetHistory,
            IntentKind::SetPreference,
            IntentKind::Unknown,
        ] {
            let i = intent(
                kind,
                Slots {
                    product: Some("milk".into()),
                    ..Slots::default()
                },
            );
            assert_eq!(
                minimize(&i, &vocabulary(), Policy::default()),
                Err(Withheld::NotACatalogRequest),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn size_and_colour_go_only_when_published() {
        let mut i = search("running shoes");
        i.slots.size = Some("10".into());
        i.slots.color = Some("black".into());
        let v = vocabulary();
        let q = minimize(&i, &v, Policy::default()).unwrap().query;
        assert_eq!(q.size(), v.has_size("10").then_some("10"));
        assert_eq!(q.color(), Some("black"));
        i.slots.color = Some("ultraviolet sparkle".into());
        let m = minimize(&i, &v, Policy::default()).unwrap();
        assert_eq!(m.query.color(), None);
        assert_eq!(m.dropped.unpublished, 1);
    }

    #[test]
    fn terms_are_capped_and_unique() {
        let i = search("milk milk bread eggs butter cheese apples bananas rice pasta coffee tea");
        let m = minimize(&i, &vocabulary(), Policy::default()).unwrap();
        assert_eq!(m.query.terms().len(), MAX_TERMS);
        assert_eq!(m.query.terms()[0], "milk");
        assert!(m.dropped.over_cap >= 1);
    }

    #[test]
    fn hyphenated_attributes_go_whole_or_as_listed_words() {
        let mut i = search("pasta");
        i.slots.attributes = vec!["gluten-free".into()];
        let q = minimize(&i, &vocabulary(), Policy::default())
            .unwrap()
            .query;
        assert!(
            q.terms().iter().any(|t| t == "gluten-free")
                || (q.terms().contains(&"gluten".to_string())
                    && q.terms().contains(&"free".to_string())),
            "{:?}",
            q.terms()
        );
    }

    #[test]
    fn a_strict_policy_sends_terms_only() {
        let mut i = search("running shoes");
        i.slots.color = Some("black".into());
        i.slots.max_price = Some(80.0);
        let q = minimize(&i, &vocabulary(), Policy::strict()).unwrap().query;
        assert_eq!((q.color(), q.price_max()), (None, None));
        assert_eq!(q.terms(), ["running", "shoes"]);
    }

    #[test]
    fn names_said_in_context_are_dropped_wherever_the_parser_put_them() {
        let text = "find a box of dark chocolate for olive grant";
        let mut i = search("dark chocolate olive");
        i.slots.color = Some("olive".into());
        let mut v = vocabulary();
        v.colors.insert("olive".into());
        v.terms.insert("olive".into());
        let plain = minimize(&i, &v, Policy::default()).unwrap();
        assert_eq!(
            plain.query.color(),
            Some("olive"),
            "without context it looks like a colour"
        );
        let m = minimize_utterance(text, &i, &v, Policy::default()).unwrap();
        assert_eq!(m.query.color(), None);
        assert_eq!(m.query.terms(), ["dark", "chocolate"]);
    }

    #[test]
    fn the_debug_form_does_not_show_terms() {
        let q = minimize(&search("almond milk"), &vocabulary(), Policy::default())
            .unwrap()
            .query;
        let shown = format!("{q:?}");
        assert!(!shown.contains("almond"), "{shown}");
    }

    #[test]
    fn the_sort_slot_becomes_the_query_order() {
        let mut i = search("coffee");
        for (slot, sort) in [
            (None, Sort::Relevance),
            (Some("price_asc"), Sort::PriceAsc),
            (Some("price_desc"), Sort::PriceDesc),
            (Some("rating"), Sort::Rating),
        ] {
            i.slots.sort = slot.map(str::to_string);
            assert_eq!(
                minimize(&i, &vocabulary(), Policy::default())
                    .unwrap()
                    .query
                    .sort(),
                sort
            );
        }
    }
}
