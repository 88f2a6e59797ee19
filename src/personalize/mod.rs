//! Personalize: local filtering and re-ranking.
//!
//! Takes: the broad [`Offer`]s a catalog returned (prices bucketed outward,
//! no personal terms, a fixed page), the parsed [`Intent`] and the shopper's
//! [`Profile`]. Produces: [`Ranked`], the offers the shopper would want, best
//! first, each with a score and a few plain-word reasons, and how many offers
//! each filter removed ([`Removed`]). [`rank`] is the whole stage; profiles
//! come from a [`ProfileStore`] ([`FileProfile`] for now).
//!
//! Runs on: the caller's thread; pure and deterministic, no I/O (microseconds
//! for a page of 50 offers). Loading a profile is the only I/O here.
//!
//! Must never: send, persist or log (at `info` or above) anything: the exact
//! price limits, the avoid list and the preferences are what the privacy
//! contract keeps on the device (`spec/privacy.md`). `Profile`, `Intent` and
//! `Ranked` derive `Debug` for tests only.
//!
//! # Rules
//!
//! Words are compared in lower case, singular and plural alike ("peanut" ~
//! "peanuts", "berry" ~ "berries", "knife" ~ "knives"); a word is a run of
//! letters and digits, so "dairy-free" is the two words "dairy free".
//!
//! 1. **Hard filters**, in this order; an offer removed by one is counted
//!    under that one only ([`Removed`]):
//!    - the exact `max_price` and `min_price` of the utterance, both
//!      inclusive: the retailer saw only a bucketed limit, so an offer at
//!      12.50 comes back for "under 12" and is removed here;
//!    - the avoid list, `profile.avoid` and the utterance's `avoid` together:
//!      an offer is removed when an avoided word appears as a word in its
//!      title, product, brand or attributes; a several-word entry ("peanut
//!      butter") must appear as that phrase within one of them. A mention
//!      that says the product is free of it does not count: followed by
//!      "free" ("dairy-free", "gluten free", "peanut-free"), preceded by
//!      "non", "no" or "without" ("non-dairy") or by "free of" / "free from".
//!      An offer with another mention is still removed ("nut-free recipe,
//!      may contain nuts").
//!
//!    Limitations, on purpose: only words are matched, ingredients are never
//!    inferred ("whole milk" stays when avoiding "dairy"; "nut" does not
//!    match "peanut" or "walnut", nor "berry" "strawberry"); the "free"
//!    exception needs "free" right after the phrase, so "dairy and gluten
//!    free" is removed when avoiding dairy (when unsure, the offer goes).
//! 2. **Size and colour of the utterance**: when `size` is set and at least
//!    one offer left by rule 1 has it, offers with another known size are
//!    removed (`wrong_size`); offers without a size stay but lack the size
//!    bonus. When no offer has it, nothing is removed. Then the same for
//!    `color` among the offers left (`wrong_color`): size first, because the
//!    wrong size is of no use while the colour is a matter of taste. Both
//!    compare whole labels, case- and space-insensitively ("10" is not
//!    "10.5", "navy" is not "navy blue"). When the utterance gives no size,
//!    a profile size whose key is a word or phrase of the offer's product
//!    ("shoes") or the offer's category ("clothing") is a soft bonus, never
//!    a filter.
//! 3. **Score**: the sum of the weights below (the constants of this
//!    module). What the shopper asked for now outweighs the profile, which
//!    outweighs quality:
//!
//!    | what | weight |
//!    |---|---|
//!    | relevance: share of the asked terms (each product word, the brand, each attribute) found in the offer's title, product, brand or attributes | [`RELEVANCE_WEIGHT`] (10) × share |
//!    | the offer's product is the asked product | [`EXACT_PRODUCT_BONUS`] (4) |
//!    | the offer's brand is the asked brand | [`ASKED_BRAND_BONUS`] (3) |
//!    | each asked attribute the offer has | [`ASKED_ATTRIBUTE_BONUS`] (2) |
//!    | the asked colour / the asked size | [`ASKED_COLOR_BONUS`] / [`ASKED_SIZE_BONUS`] (2 each) |
//!    | a brand the shopper prefers | [`PREFERRED_BRAND_BONUS`] (1.5) |
//!    | each attribute the shopper prefers | [`PREFERRED_ATTRIBUTE_BONUS`] (1) |
//!    | a colour the shopper prefers | [`PREFERRED_COLOR_BONUS`] (0.75) |
//!    | the shopper's usual size (rule 2) | [`PROFILE_SIZE_BONUS`] (1) |
//!    | rating, 0 to 5 stars (none or not a number: [`NEUTRAL_RATING`], 3) | [`RATING_WEIGHT`] (0.2) × stars |
//!    | reviews, per power of ten, at most [`MAX_REVIEW_DECADES`] (5) | [`REVIEWS_WEIGHT`] (0.1) × log10(reviews + 1) |
//!
//!    Ties (equal scores) keep the catalog's order, then go by id. The score
//!    itself does not depend on the order, so the same offers in another
//!    order get the same scores and the same ranking except among ties.
//! 4. **Sort**: a `sort` slot of `price_asc`, `price_desc` or `rating`
//!    (unrated offers last) orders the offers by that key, equal keys by the
//!    ranking of rule 3; without one (or with any other value), the ranking
//!    of rule 3.
//! 5. **Reasons**: at most [`MAX_REASONS`] short phrases per offer, in this
//!    order: "brand you prefer", the preferred then the asked attributes it
//!    has ("organic"), "matches size 10", "in red", and its rating when it
//!    is at least [`STARS_REASON_FROM`] ("4.7 stars"). They name nothing but
//!    the offer and what the shopper's own profile says, and are shown to
//!    the shopper only.

mod profile;
mod words;

use std::cmp::Ordering;

use serde::Serialize;

pub use profile::{
    FileProfile, Profile, ProfileError, ProfileStore, MAX_PROFILE_BYTES, PROFILE_FILE_NAME,
};

use crate::catalog::Offer;
use crate::intent::Intent;
use words::{canonical_attribute, label, negated, occurrences, same_words, tokens};

/// Weight of relevance, multiplied by the share (0 to 1) of the asked terms
/// found in the offer: the largest single part of a score.
pub const RELEVANCE_WEIGHT: f64 = 10.0;
/// Bonus when the offer's product is the asked product, word for word.
pub const EXACT_PRODUCT_BONUS: f64 = 4.0;
/// Bonus when the offer's brand is the asked brand.
pub const ASKED_BRAND_BONUS: f64 = 3.0;
/// Bonus for each asked attribute the offer has.
pub const ASKED_ATTRIBUTE_BONUS: f64 = 2.0;
/// Bonus when the offer has the asked colour.
pub const ASKED_COLOR_BONUS: f64 = 2.0;
/// Bonus when the offer has the asked size.
pub const ASKED_SIZE_BONUS: f64 = 2.0;
/// Bonus for a brand the profile prefers: more than any difference of
/// rating, so it beats a slightly better rated offer.
pub const PREFERRED_BRAND_BONUS: f64 = 1.5;
/// Bonus for each attribute the profile prefers.
pub const PREFERRED_ATTRIBUTE_BONUS: f64 = 1.0;
/// Bonus for a colour the profile prefers.
pub const PREFERRED_COLOR_BONUS: f64 = 0.75;
/// Bonus for the profile's usual size for the offer's product or category.
pub const PROFILE_SIZE_BONUS: f64 = 1.0;
/// Weight of each star of rating (0 to 5 stars: 0 to 1 point).
pub const RATING_WEIGHT: f64 = 0.2;
/// Stars assumed for an offer without a (valid) rating: neither rewarded nor
/// punished much.
pub const NEUTRAL_RATING: f64 = 3.0;
/// Weight of each power of ten of reviews (10 reviews: 0.1, 1,000: 0.3).
pub const REVIEWS_WEIGHT: f64 = 0.1;
/// Powers of ten of reviews that count at most (100,000 reviews).
pub const MAX_REVIEW_DECADES: f64 = 5.0;
/// Most reasons given for one offer.
pub const MAX_REASONS: usize = 4;
/// Lowest rating given as a reason ("4.0 stars").
pub const STARS_REASON_FROM: f64 = 4.0;

/// One offer kept, with its score and why it ranks where it does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedOffer {
    /// The offer as the catalog returned it.
    pub offer: Offer,
    /// The score of rule 3 (always finite; higher is better).
    pub score: f64,
    /// At most [`MAX_REASONS`] plain phrases for the shopper ("brand you
    /// prefer", "organic", "matches size 10", "4.7 stars").
    pub reasons: Vec<String>,
}

/// The offers to present, best (or first by the asked sort) first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ranked {
    /// The offers kept, in order.
    pub items: Vec<RankedOffer>,
    /// How many offers each filter removed.
    pub removed: Removed,
}

/// How many offers each filter removed; each removed offer is counted once,
/// under the first filter it failed (in the order of the fields).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// Above the asked maximum price.
    pub over_max_price: usize,
    /// Below the asked minimum price.
    pub under_min_price: usize,
    /// Naming something on the avoid list.
    pub avoided: usize,
    /// Of another size than the asked one.
    pub wrong_size: usize,
    /// Of another colour than the asked one.
    pub wrong_color: usize,
}

impl Removed {
    /// All offers removed.
    pub fn total(&self) -> usize {
        self.over_max_price
            + self.under_min_price
            + self.avoided
            + self.wrong_size
            + self.wrong_color
    }
}

/// Filter and re-rank `offers` (in the catalog's order) for `intent` and
/// `profile`, deterministically, by the rules of the [module](self).
pub fn rank(offers: Vec<Offer>, intent: &Intent, profile: &Profile) -> Ranked {
    let request = Request::new(intent, profile);
    let mut removed = Removed::default();

    // Rule 1: price, then the avoid list.
    let mut kept: Vec<Candidate> = Vec::with_capacity(offers.len());
    for (position, offer) in offers.into_iter().enumerate() {
        let price = offer.price;
        // A price that is not a number fails either limit.
        if request
            .max_price
            .is_some_and(|max| price.is_nan() || price > max)
        {
            removed.over_max_price += 1;
            continue;
        }
        if request
            .min_price
            .is_some_and(|min| price.is_nan() || price < min)
        {
            removed.under_min_price += 1;
            continue;
        }
        let words = OfferWords::new(&offer);
        if request.avoid.iter().any(|phrase| words.mentions(phrase)) {
            removed.avoided += 1;
            continue;
        }
        kept.push(Candidate {
            position,
            words,
            color: offer.color.as_deref().and_then(label),
            size: offer.size.as_deref().and_then(label),
            offer,
        });
    }

    // Rule 2: size, then colour, only when some offer left has the asked one.
    if let Some(size) = &request.size {
        removed.wrong_size = keep_matching(&mut kept, size, |c| c.size.as_ref());
    }
    if let Some(color) = &request.color {
        removed.wrong_color = keep_matching(&mut kept, color, |c| c.color.as_ref());
    }

    // Rule 3: score, best first; ties in the catalog's order, then by id.
    let mut scored: Vec<(usize, RankedOffer)> = kept
        .into_iter()
        .map(|c| {
            let (score, reasons) = request.score(&c);
            let item = RankedOffer {
                offer: c.offer,
                score,
                reasons,
            };
            (c.position, item)
        })
        .collect();
    scored.sort_by(|(pa, a), (pb, b)| {
        b.score
            .total_cmp(&a.score)
            .then(pa.cmp(pb))
            .then_with(|| a.offer.id.cmp(&b.offer.id))
    });
    let mut items: Vec<RankedOffer> = scored.into_iter().map(|(_, item)| item).collect();

    // Rule 4: a stable sort by the asked key keeps rule 3's order for ties.
    match request.sort {
        SortBy::Score => {}
        SortBy::PriceAsc => items.sort_by(|a, b| a.offer.price.total_cmp(&b.offer.price)),
        SortBy::PriceDesc => items.sort_by(|a, b| b.offer.price.total_cmp(&a.offer.price)),
        SortBy::Rating => items.sort_by(|a, b| by_rating(&b.offer, &a.offer)),
    }
    Ranked { items, removed }
}

/// Remove the candidates whose known `value` differs from `wanted`, when at
/// least one has it; returns how many were removed.
fn keep_matching(
    kept: &mut Vec<Candidate>,
    wanted: &str,
    value: impl Fn(&Candidate) -> Option<&String>,
) -> usize {
    if !kept.iter().any(|c| value(c).is_some_and(|v| v == wanted)) {
        return 0;
    }
    let before = kept.len();
    kept.retain(|c| value(c).is_none_or(|v| v == wanted));
    before - kept.len()
}

/// Ascending order of valid ratings, unrated (or invalid) lowest.
fn by_rating(a: &Offer, b: &Offer) -> Ordering {
    match (stars(a), stars(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

/// A valid rating, clamped to 0..=5 stars.
fn stars(offer: &Offer) -> Option<f64> {
    offer
        .rating
        .map(f64::from)
        .filter(|r| r.is_finite())
        .map(|r| r.clamp(0.0, 5.0))
}

/// How the items are ordered (rule 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Score,
    PriceAsc,
    PriceDesc,
    Rating,
}

/// An offer that passed rule 1, with what the later rules compare.
struct Candidate {
    /// Its place in the catalog's order.
    position: usize,
    words: OfferWords,
    color: Option<String>,
    size: Option<String>,
    offer: Offer,
}

/// An offer's words, field by field (a phrase never spans two fields): the
/// title, the product, the brand and each attribute.
struct OfferWords {
    fields: Vec<Vec<String>>,
    product: Vec<String>,
    brand: Vec<String>,
    /// Canonical attributes.
    attributes: Vec<String>,
}

impl OfferWords {
    fn new(offer: &Offer) -> Self {
        let product = tokens(&offer.product);
        let brand = offer.brand.as_deref().map(tokens).unwrap_or_default();
        let mut fields = vec![tokens(&offer.title), product.clone(), brand.clone()];
        fields.extend(offer.attributes.iter().map(|a| tokens(a)));
        Self {
            fields,
            product,
            brand,
            attributes: offer
                .attributes
                .iter()
                .filter_map(|a| canonical_attribute(a))
                .collect(),
        }
    }

    /// True when the phrase occurs in some field.
    fn contains(&self, phrase: &[String]) -> bool {
        self.fields
            .iter()
            .any(|f| occurrences(f, phrase).next().is_some())
    }

    /// True when the phrase occurs in some field other than as something the
    /// product is free of.
    fn mentions(&self, phrase: &[String]) -> bool {
        self.fields
            .iter()
            .any(|f| occurrences(f, phrase).any(|start| !negated(f, start, start + phrase.len())))
    }

    /// True when the offer lists the canonical attribute or says it.
    fn has_attribute(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|a| a == attribute) || self.contains(&tokens(attribute))
    }
}

/// A usual size from the profile, ready to compare.
struct UsualSize {
    /// The key as words, found in the offer's product.
    key_words: Vec<String>,
    /// The key as a label, equal to the offer's category.
    key: String,
    size: String,
}

/// The intent and the profile, normalised once for all offers.
struct Request {
    max_price: Option<f64>,
    min_price: Option<f64>,
    avoid: Vec<Vec<String>>,
    color: Option<String>,
    size: Option<String>,
    /// The relevance terms: each product word, the brand, each attribute.
    terms: Vec<Vec<String>>,
    product: Option<Vec<String>>,
    brand: Option<Vec<String>>,
    attributes: Vec<String>,
    sort: SortBy,
    preferred_brands: Vec<Vec<String>>,
    preferred_attributes: Vec<String>,
    preferred_colors: Vec<String>,
    sizes: Vec<UsualSize>,
}

impl Request {
    fn new(intent: &Intent, profile: &Profile) -> Self {
        let slots = &intent.slots;
        let words = |text: &str| Some(tokens(text)).filter(|w| !w.is_empty());
        let limit = |price: Option<f64>| price.filter(|p| p.is_finite());

        let mut avoid: Vec<Vec<String>> = profile
            .avoid
            .iter()
            .chain(&slots.avoid)
            .filter_map(|a| words(a))
            .collect();
        avoid.sort();
        avoid.dedup();

        let product = slots.product.as_deref().and_then(words);
        let brand = slots.brand.as_deref().and_then(words);
        let attributes = unique(
            slots
                .attributes
                .iter()
                .filter_map(|a| canonical_attribute(a)),
        );
        let mut terms: Vec<Vec<String>> = Vec::new();
        for term in product
            .iter()
            .flatten()
            .map(|w| vec![w.clone()])
            .chain(brand.clone())
            .chain(attributes.iter().map(|a| tokens(a)))
        {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }

        Self {
            max_price: limit(slots.max_price),
            min_price: limit(slots.min_price),
            avoid,
            color: slots.color.as_deref().and_then(label),
            size: slots.size.as_deref().and_then(label),
            terms,
            product,
            brand,
            attributes,
            sort: match slots.sort.as_deref() {
                Some("price_asc") => SortBy::PriceAsc,
                Some("price_desc") => SortBy::PriceDesc,
                Some("rating") => SortBy::Rating,
                _ => SortBy::Score,
            },
            preferred_brands: profile
                .preferred_brands
                .iter()
                .filter_map(|b| words(b))
                .collect(),
            preferred_attributes: unique(
                profile
                    .preferred_attributes
                    .iter()
                    .filter_map(|a| canonical_attribute(a)),
            ),
            preferred_colors: unique(profile.preferred_colors.iter().filter_map(|c| label(c))),
            sizes: profile
                .sizes
                .iter()
                .filter_map(|(key, size)| {
                    Some(UsualSize {
                        key_words: words(key)?,
                        key: label(key)?,
                        size: label(size)?,
                    })
                })
                .collect(),
        }
    }

    /// Rule 3's score and rule 5's reasons for one candidate.
    fn score(&self, c: &Candidate) -> (f64, Vec<String>) {
        let words = &c.words;
        let mut score = 0.0;
        let mut reasons: Vec<String> = Vec::new();

        if !self.terms.is_empty() {
            let found = self.terms.iter().filter(|t| words.contains(t)).count();
            score += RELEVANCE_WEIGHT * found as f64 / self.terms.len() as f64;
        }
        if self
            .product
            .as_ref()
            .is_some_and(|p| same_words(&words.product, p))
        {
            score += EXACT_PRODUCT_BONUS;
        }
        if self
            .brand
            .as_ref()
            .is_some_and(|b| same_words(&words.brand, b))
        {
            score += ASKED_BRAND_BONUS;
        }
        if !words.brand.is_empty()
            && self
                .preferred_brands
                .iter()
                .any(|b| same_words(&words.brand, b))
        {
            score += PREFERRED_BRAND_BONUS;
            reasons.push("brand you prefer".to_string());
        }
        for attribute in &self.preferred_attributes {
            if words.has_attribute(attribute) {
                score += PREFERRED_ATTRIBUTE_BONUS;
                reasons.push(attribute.clone());
            }
        }
        for attribute in &self.attributes {
            if words.has_attribute(attribute) {
                score += ASKED_ATTRIBUTE_BONUS;
                if !reasons.contains(attribute) {
                    reasons.push(attribute.clone());
                }
            }
        }

        let size_matches = match (&self.size, &c.size) {
            (Some(asked), Some(size)) if asked == size => {
                score += ASKED_SIZE_BONUS;
                true
            }
            (None, Some(size)) if self.usual_size(c, size) => {
                score += PROFILE_SIZE_BONUS;
                true
            }
            _ => false,
        };
        if let (true, Some(size)) = (size_matches, &c.size) {
            reasons.push(format!("matches size {size}"));
        }

        if let Some(color) = &c.color {
            let asked = self.color.as_ref() == Some(color);
            let preferred = self.preferred_colors.contains(color);
            if asked {
                score += ASKED_COLOR_BONUS;
            }
            if preferred {
                score += PREFERRED_COLOR_BONUS;
            }
            if asked || preferred {
                reasons.push(format!("in {color}"));
            }
        }

        let stars = stars(&c.offer);
        score += RATING_WEIGHT * stars.unwrap_or(NEUTRAL_RATING);
        score += REVIEWS_WEIGHT
            * (f64::from(c.offer.reviews) + 1.0)
                .log10()
                .min(MAX_REVIEW_DECADES);
        if let Some(stars) = stars.filter(|s| *s >= STARS_REASON_FROM) {
            reasons.push(format!("{stars:.1} stars"));
        }
        reasons.truncate(MAX_REASONS);
        (score, reasons)
    }

    /// True when the profile's usual size for the offer's product or
    /// category is `size`.
    fn usual_size(&self, c: &Candidate, size: &str) -> bool {
        let category = label(&c.offer.category);
        self.sizes.iter().any(|usual| {
            usual.size == size
                && (occurrences(&c.words.product, &usual.key_words)
                    .next()
                    .is_some()
                    || category.as_deref() == Some(usual.key.as_str()))
        })
    }
}

/// The distinct values, in their first order.
fn unique(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::{IntentKind, Slots};

    /// A fixture offer, built field by field.
    struct O(Offer);

    impl O {
        fn new(id: &str, title: &str, category: &str, product: &str, price: f64) -> Self {
            O(Offer {
                id: id.into(),
                title: title.into(),
                brand: None,
                category: category.into(),
                product: product.into(),
                attributes: vec![],
                size: None,
                color: None,
                price,
                rating: None,
                reviews: 0,
            })
        }
        fn brand(mut self, brand: &str) -> Self {
            self.0.brand = Some(brand.into());
            self
        }
        fn attrs(mut self, attributes: &[&str]) -> Self {
            self.0.attributes = strs(attributes);
            self
        }
        fn size(mut self, size: &str) -> Self {
            self.0.size = Some(size.into());
            self
        }
        fn color(mut self, color: &str) -> Self {
            self.0.color = Some(color.into());
            self
        }
        fn rated(mut self, rating: f32, reviews: u32) -> Self {
            self.0.rating = Some(rating);
            self.0.reviews = reviews;
            self
        }
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// The fixed catalog every table row picks its offers from. Quality
    /// alone (rating and reviews) is noted where rows rely on it.
    fn fixture() -> Vec<Offer> {
        let g = "groceries";
        let c = "clothing";
        [
            // 1.19
            O::new("milk-whole", "Whole Milk, 1 gal", g, "milk", 4.29)
                .brand("dairyland")
                .size("1 gal")
                .rated(4.5, 800),
            // 1.23
            O::new("milk-oat", "Dairy-Free Oat Milk", g, "oat milk", 4.99)
                .brand("oatly")
                .attrs(&["dairy-free", "vegan"])
                .rated(4.6, 1200),
            // 1.13
            O::new("milk-oat-organic", "Organic Oat Milk", g, "oat milk", 5.49)
                .brand("acme")
                .attrs(&["organic", "dairy-free"])
                .rated(4.4, 300),
            // 0.6 (unrated)
            O::new(
                "milk-almond",
                "Unsweetened Almond Milk",
                g,
                "almond milk",
                3.99,
            )
            .brand("blue valley")
            .attrs(&["dairy-free"]),
            O::new("creamer", "Non-Dairy Creamer", g, "creamer", 3.29).rated(4.0, 90),
            O::new("butter", "Salted Dairy Butter", g, "butter", 4.49)
                .brand("dairyland")
                .rated(4.3, 400),
            // 1.31
            O::new(
                "pb-creamy",
                "Creamy Peanut Butter",
                g,
                "peanut butter",
                3.49,
            )
            .brand("jiffy")
            .rated(4.7, 5000),
            // 1.18
            O::new(
                "pb-free",
                "Peanut Free Sunflower Butter",
                g,
                "sunflower butter",
                5.99,
            )
            .brand("sunbutter")
            .attrs(&["peanut-free"])
            .rated(4.5, 700),
            // 1.06
            O::new(
                "trail-mix",
                "Trail Mix with Peanuts and Raisins",
                g,
                "trail mix",
                6.49,
            )
            .rated(4.2, 150),
            // 1.00
            O::new(
                "bar-nut-free",
                "Nut-Free Granola Bars",
                g,
                "granola bars",
                4.99,
            )
            .attrs(&["nut-free", "gluten-free"])
            .rated(4.1, 60),
            O::new(
                "bar-may-contain",
                "Granola Bars, Nut-Free Recipe, May Contain Nuts",
                g,
                "granola bars",
                4.49,
            )
            .rated(4.3, 40),
            O::new("jam", "Strawberry Jam", g, "jam", 3.79).rated(4.4, 220),
            O::new("berries", "Frozen Mixed Berries", g, "mixed berries", 4.99).rated(4.5, 320),
            O::new("cereal-acme", "Honey Oat Cereal", g, "cereal", 3.99)
                .brand("acme")
                .rated(4.0, 500),
            // 0.97
            O::new("bread-gf", "Gluten Free Bread", g, "bread", 5.49)
                .attrs(&["gluten-free"])
                .rated(3.9, 80),
            // 1.12
            O::new("bread-wheat", "Whole Wheat Bread", g, "bread", 2.99).rated(4.3, 400),
            O::new("flour", "High Gluten Bread Flour", g, "flour", 6.99).rated(4.6, 90),
            // 1.03
            O::new(
                "crackers",
                "Rice Crackers, Free From Gluten",
                g,
                "crackers",
                3.49,
            )
            .rated(4.2, 75),
            // 1.02, 1.16, 0.6, 0.98, 1.18
            O::new("pasta-a", "Spaghetti", g, "pasta", 11.99).rated(4.1, 100),
            O::new("pasta-b", "Penne", g, "pasta", 12.00).rated(4.8, 100),
            O::new("pasta-c", "Fusilli", g, "pasta", 12.50),
            O::new("pasta-d", "Rigatoni", g, "pasta", 9.00).rated(3.9, 100),
            O::new("pasta-e", "Linguine", g, "pasta", 11.99).rated(4.9, 100),
            // 1.13, 1.14, 1.04, 0.97
            O::new(
                "shoe-red-10",
                "Trail Runner Shoes",
                c,
                "running shoes",
                80.0,
            )
            .brand("stride")
            .size("10")
            .color("red")
            .rated(4.5, 200),
            O::new(
                "shoe-blue-10",
                "Road Runner Shoes",
                c,
                "running shoes",
                75.0,
            )
            .brand("pace")
            .size("10")
            .color("blue")
            .rated(4.6, 150),
            O::new(
                "shoe-red-10.5",
                "Tempo Running Shoes",
                c,
                "running shoes",
                78.0,
            )
            .brand("pace")
            .size("10.5")
            .color("red")
            .rated(4.2, 100),
            O::new(
                "shoe-plain",
                "Everyday Running Shoes",
                c,
                "running shoes",
                70.0,
            )
            .brand("stride")
            .rated(4.0, 50),
            // 1.04, 1.15
            O::new("shirt-m", "Cotton Tee", c, "t-shirt", 15.0)
                .size("medium")
                .color("white")
                .rated(4.2, 100),
            O::new("shirt-l", "Cotton Tee", c, "t-shirt", 15.0)
                .size("Large")
                .color("white")
                .rated(4.5, 300),
            O::new("twin-a", "Sparkling Water", g, "sparkling water", 1.0).rated(4.0, 10),
            O::new("twin-b", "Sparkling Water", g, "sparkling water", 1.0).rated(4.0, 10),
        ]
        .map(|o| o.0)
        .into()
    }

    fn pick(ids: &[&str]) -> Vec<Offer> {
        let all = fixture();
        ids.iter()
            .map(|id| {
                all.iter()
                    .find(|o| o.id == *id)
                    .unwrap_or_else(|| panic!("no fixture offer {id}"))
                    .clone()
            })
            .collect()
    }

    fn search(slots: Slots) -> Intent {
        Intent {
            kind: IntentKind::Search,
            slots,
            confidence: 0.95,
        }
    }

    fn ids(ranked: &Ranked) -> Vec<&str> {
        ranked.items.iter().map(|i| i.offer.id.as_str()).collect()
    }

    const PASTA: &[&str] = &["pasta-a", "pasta-b", "pasta-c", "pasta-d", "pasta-e"];
    const SHOES: &[&str] = &["shoe-red-10", "shoe-blue-10", "shoe-red-10.5", "shoe-plain"];
    const OAT_MILKS: &[&str] = &["milk-oat", "milk-oat-organic"];

    /// (over_max_price, under_min_price, avoided, wrong_size, wrong_color)
    fn gone(counts: [usize; 5]) -> Removed {
        let [over_max_price, under_min_price, avoided, wrong_size, wrong_color] = counts;
        Removed {
            over_max_price,
            under_min_price,
            avoided,
            wrong_size,
            wrong_color,
        }
    }
    const NONE: [usize; 5] = [0; 5];

    fn s() -> Slots {
        Slots::default()
    }
    fn p() -> Profile {
        Profile::default()
    }
    fn some(text: &str) -> Option<String> {
        Some(text.into())
    }
    fn sizes(pairs: &[(&str, &str)]) -> Profile {
        Profile {
            sizes: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..p()
        }
    }

    struct Row {
        what: &'static str,
        offers: &'static [&'static str],
        slots: Slots,
        profile: Profile,
        want: &'static [&'static str],
        removed: [usize; 5],
    }

    /// One row per behaviour; kept one offer list and one expectation per
    /// line, so it is not reformatted.
    #[rustfmt::skip]
    fn rows() -> Vec<Row> {
        let row = |what, offers, slots, profile, want, removed| Row {
            what,
            offers,
            slots,
            profile,
            want,
            removed,
        };
        let avoid = |words: &[&str]| Profile {
            avoid: strs(words),
            ..p()
        };
        let oat_milk = || Slots {
            product: some("oat milk"),
            ..s()
        };
        vec![
            // --- no request: quality alone ---
            row("nothing asked: rating and reviews decide, unrated last",
                &["pasta-a", "pasta-b", "pasta-c", "pasta-d"], s(), p(),
                &["pasta-b", "pasta-a", "pasta-d", "pasta-c"], NONE),
            // --- rule 1: exact price limits ---
            row("under 12 removes the 12.50 offer the retailer's bucket let through",
                &["pasta-a", "pasta-b", "pasta-c", "pasta-d"],
                Slots { max_price: Some(12.0), ..s() }, p(),
                &["pasta-b", "pasta-a", "pasta-d"], [1, 0, 0, 0, 0]),
            row("max price is inclusive to the cent",
                &["pasta-a", "pasta-b", "pasta-c", "pasta-d"],
                Slots { max_price: Some(11.99), ..s() }, p(),
                &["pasta-a", "pasta-d"], [2, 0, 0, 0, 0]),
            row("min price is inclusive",
                &["pasta-a", "pasta-b", "pasta-c", "pasta-d"],
                Slots { min_price: Some(12.0), ..s() }, p(),
                &["pasta-b", "pasta-c"], [0, 2, 0, 0, 0]),
            row("price range removes on both sides",
                &["pasta-a", "pasta-b", "pasta-c", "pasta-d"],
                Slots { min_price: Some(10.0), max_price: Some(12.0), ..s() }, p(),
                &["pasta-b", "pasta-a"], [1, 1, 0, 0, 0]),
            // --- rule 1: avoid list ---
            row("avoided word in the title removes the offer",
                &["butter", "bread-wheat"], s(), avoid(&["dairy"]),
                &["bread-wheat"], [0, 0, 1, 0, 0]),
            row("avoid is case-insensitive",
                &["butter", "bread-wheat"], s(), avoid(&["DAIRY"]),
                &["bread-wheat"], [0, 0, 1, 0, 0]),
            row("dairy-free offers are kept when avoiding dairy",
                &["milk-oat", "milk-almond", "butter"], s(), avoid(&["dairy"]),
                &["milk-oat", "milk-almond"], [0, 0, 1, 0, 0]),
            row("non-dairy is kept when avoiding dairy",
                &["creamer", "butter"], s(), avoid(&["dairy"]),
                &["creamer"], [0, 0, 1, 0, 0]),
            row("ingredients are not inferred: whole milk stays when avoiding dairy",
                &["milk-whole"], s(), avoid(&["dairy"]),
                &["milk-whole"], NONE),
            row("avoiding peanut removes peanuts",
                &["trail-mix", "jam"], s(), avoid(&["peanut"]),
                &["jam"], [0, 0, 1, 0, 0]),
            row("avoiding peanuts removes peanut",
                &["pb-creamy", "jam"], s(), avoid(&["peanuts"]),
                &["jam"], [0, 0, 1, 0, 0]),
            row("berry removes berries but not strawberry",
                &["berries", "jam"], s(), avoid(&["berry"]),
                &["jam"], [0, 0, 1, 0, 0]),
            row("nut does not match peanut",
                &["pb-creamy"], s(), avoid(&["nut"]),
                &["pb-creamy"], NONE),
            row("several-word avoid matches only as a phrase",
                &["pb-creamy", "pb-free", "trail-mix"], s(), avoid(&["peanut butter"]),
                &["pb-free", "trail-mix"], [0, 0, 1, 0, 0]),
            row("peanut-free is kept when avoiding peanuts",
                &["pb-free", "pb-creamy", "trail-mix"], s(), avoid(&["peanuts"]),
                &["pb-free"], [0, 0, 2, 0, 0]),
            row("nut-free is kept, nut-free with 'may contain nuts' is removed",
                &["bar-nut-free", "bar-may-contain", "pb-creamy"], s(), avoid(&["nuts"]),
                &["pb-creamy", "bar-nut-free"], [0, 0, 1, 0, 0]),
            row("gluten free and free from gluten are kept when avoiding gluten",
                &["bread-gf", "flour", "crackers", "bread-wheat"], s(), avoid(&["gluten"]),
                &["bread-wheat", "crackers", "bread-gf"], [0, 0, 1, 0, 0]),
            row("an avoided brand from the utterance removes its offers",
                &["milk-oat-organic", "cereal-acme", "milk-oat"],
                Slots { avoid: strs(&["acme"]), ..s() }, p(),
                &["milk-oat"], [0, 0, 2, 0, 0]),
            row("profile and utterance avoid lists both apply",
                &["trail-mix", "cereal-acme", "jam"],
                Slots { avoid: strs(&["acme"]), ..s() }, avoid(&["peanut"]),
                &["jam"], [0, 0, 2, 0, 0]),
            row("an offer over the price and avoided is counted once, as over price",
                &["pb-free", "pb-creamy"],
                Slots { max_price: Some(5.0), ..s() }, avoid(&["sunflower"]),
                &["pb-creamy"], [1, 0, 0, 0, 0]),
            // --- rule 2: size and colour of the utterance ---
            row("asked colour removes other known colours, colourless ranks lower",
                SHOES, Slots { color: some("red"), ..s() }, p(),
                &["shoe-red-10", "shoe-red-10.5", "shoe-plain"], [0, 0, 0, 0, 1]),
            row("a colour no offer has removes nothing",
                SHOES, Slots { color: some("green"), ..s() }, p(),
                &["shoe-blue-10", "shoe-red-10", "shoe-red-10.5", "shoe-plain"], NONE),
            row("colour filter looks only at offers within the price",
                SHOES, Slots { color: some("red"), max_price: Some(77.0), ..s() }, p(),
                &["shoe-blue-10", "shoe-plain"], [2, 0, 0, 0, 0]),
            row("colour filter applies when a red offer is within the price",
                SHOES, Slots { color: some("red"), max_price: Some(79.0), ..s() }, p(),
                &["shoe-red-10.5", "shoe-plain"], [1, 0, 0, 0, 1]),
            row("size 10 is not 10.5",
                SHOES, Slots { size: some("10"), ..s() }, p(),
                &["shoe-blue-10", "shoe-red-10", "shoe-plain"], [0, 0, 0, 1, 0]),
            row("size 10.5 removes the size 10 offers",
                SHOES, Slots { size: some("10.5"), ..s() }, p(),
                &["shoe-red-10.5", "shoe-plain"], [0, 0, 0, 2, 0]),
            row("size is compared case-insensitively",
                &["shirt-m", "shirt-l"], Slots { size: some("large"), ..s() }, p(),
                &["shirt-l"], [0, 0, 0, 1, 0]),
            row("a size no offer has removes nothing",
                SHOES, Slots { size: some("12"), ..s() }, p(),
                &["shoe-blue-10", "shoe-red-10", "shoe-red-10.5", "shoe-plain"], NONE),
            row("size and colour together",
                SHOES, Slots { size: some("10"), color: some("red"), ..s() }, p(),
                &["shoe-red-10", "shoe-plain"], [0, 0, 0, 1, 1]),
            row("size is filtered before colour",
                SHOES, Slots { size: some("10.5"), color: some("blue"), ..s() }, p(),
                &["shoe-red-10.5", "shoe-plain"], [0, 0, 0, 2, 0]),
            // --- rule 3: relevance and asked terms ---
            row("offers with more of the asked words first",
                &["milk-whole", "milk-almond", "milk-oat"], oat_milk(), p(),
                &["milk-oat", "milk-whole", "milk-almond"], NONE),
            row("relevance outweighs rating",
                &["milk-whole", "milk-almond"], Slots { product: some("almond milk"), ..s() },
                p(), &["milk-almond", "milk-whole"], NONE),
            row("the exact product beats one that only contains the word",
                &["milk-oat", "milk-whole"], Slots { product: some("milk"), ..s() }, p(),
                &["milk-whole", "milk-oat"], NONE),
            row("plural product matches singular",
                &["jam", "berries"], Slots { product: some("mixed berry"), ..s() }, p(),
                &["berries", "jam"], NONE),
            row("better rated first when equally relevant",
                OAT_MILKS, oat_milk(), p(), &["milk-oat", "milk-oat-organic"], NONE),
            row("asked brand first",
                OAT_MILKS, Slots { brand: some("acme"), ..oat_milk() }, p(),
                &["milk-oat-organic", "milk-oat"], NONE),
            row("asked attribute first",
                OAT_MILKS, Slots { attributes: strs(&["organic"]), ..oat_milk() }, p(),
                &["milk-oat-organic", "milk-oat"], NONE),
            // --- rule 3: the profile ---
            row("preferred brand beats a slightly better rating",
                OAT_MILKS, oat_milk(), Profile { preferred_brands: strs(&["acme"]), ..p() },
                &["milk-oat-organic", "milk-oat"], NONE),
            row("preferred attribute beats a slightly better rating",
                OAT_MILKS, oat_milk(),
                Profile { preferred_attributes: strs(&["organic"]), ..p() },
                &["milk-oat-organic", "milk-oat"], NONE),
            row("preferred attribute written with a space",
                &["bread-wheat", "bread-gf"], s(),
                Profile { preferred_attributes: strs(&["Gluten Free"]), ..p() },
                &["bread-gf", "bread-wheat"], NONE),
            row("asked brand outweighs the preferred brand",
                OAT_MILKS, Slots { brand: some("oatly"), ..oat_milk() },
                Profile { preferred_brands: strs(&["acme"]), ..p() },
                &["milk-oat", "milk-oat-organic"], NONE),
            row("preferred colour ranks higher, removes nothing",
                SHOES, s(), Profile { preferred_colors: strs(&["red"]), ..p() },
                &["shoe-red-10", "shoe-red-10.5", "shoe-blue-10", "shoe-plain"], NONE),
            row("profile shoe size is a soft boost, never a filter",
                SHOES, s(), sizes(&[("shoes", "10.5")]),
                &["shoe-red-10.5", "shoe-blue-10", "shoe-red-10", "shoe-plain"], NONE),
            row("profile size for the category",
                &["shirt-l", "shirt-m"], s(), sizes(&[("clothing", "medium")]),
                &["shirt-m", "shirt-l"], NONE),
            row("profile size for another product does nothing",
                &["shirt-l", "shirt-m"], s(), sizes(&[("shoes", "medium")]),
                &["shirt-l", "shirt-m"], NONE),
            row("the utterance's size overrides the profile's",
                SHOES, Slots { size: some("10"), ..s() }, sizes(&[("shoes", "10.5")]),
                &["shoe-blue-10", "shoe-red-10", "shoe-plain"], [0, 0, 0, 1, 0]),
            // --- rule 4: sort ---
            row("price ascending, equal prices by score",
                PASTA, Slots { sort: some("price_asc"), ..s() }, p(),
                &["pasta-d", "pasta-e", "pasta-a", "pasta-b", "pasta-c"], NONE),
            row("price descending, equal prices by score",
                PASTA, Slots { sort: some("price_desc"), ..s() }, p(),
                &["pasta-c", "pasta-b", "pasta-e", "pasta-a", "pasta-d"], NONE),
            row("rating, unrated last",
                PASTA, Slots { sort: some("rating"), ..s() }, p(),
                &["pasta-e", "pasta-b", "pasta-a", "pasta-d", "pasta-c"], NONE),
            row("any other sort is by score",
                PASTA, Slots { sort: some("relevance"), ..s() }, p(),
                &["pasta-e", "pasta-b", "pasta-a", "pasta-d", "pasta-c"], NONE),
            row("sort applies after the filters",
                PASTA, Slots { sort: some("price_asc"), max_price: Some(12.0), ..s() }, p(),
                &["pasta-d", "pasta-e", "pasta-a", "pasta-b"], [1, 0, 0, 0, 0]),
            // --- edges ---
            row("no offers", &[], oat_milk(), avoid(&["dairy"]), &[], NONE),
            row("all removed by one filter",
                PASTA, Slots { max_price: Some(1.0), ..s() }, p(), &[], [5, 0, 0, 0, 0]),
            row("all removed by several filters, each counted",
                &["pasta-c", "pb-creamy", "pasta-d"],
                Slots { max_price: Some(12.0), min_price: Some(5.0), ..s() },
                avoid(&["rigatoni"]), &[], [1, 1, 1, 0, 0]),
        ]
    }

    #[test]
    fn rank_follows_the_rules() {
        let rows = rows();
        assert!(rows.len() >= 25);
        for row in rows {
            let ranked = rank(pick(row.offers), &search(row.slots), &row.profile);
            assert_eq!(ids(&ranked), row.want, "{}", row.what);
            assert_eq!(ranked.removed, gone(row.removed), "{}", row.what);
            assert_eq!(
                ranked.items.len() + ranked.removed.total(),
                row.offers.len(),
                "{}",
                row.what
            );
            for item in &ranked.items {
                assert!(item.score.is_finite(), "{}: {}", row.what, item.offer.id);
                assert!(item.reasons.len() <= MAX_REASONS, "{}", row.what);
            }
        }
    }

    #[test]
    fn reasons_are_short_plain_phrases() {
        let organic = Profile {
            preferred_brands: strs(&["acme"]),
            preferred_attributes: strs(&["organic"]),
            ..p()
        };
        let crowded = Profile {
            preferred_brands: strs(&["acme"]),
            preferred_attributes: strs(&["organic", "dairy-free"]),
            ..p()
        };
        // (offer, slots, profile, reasons)
        let rows: Vec<(&str, Slots, Profile, &[&str])> = vec![
            (
                "milk-oat-organic",
                s(),
                organic,
                &["brand you prefer", "organic", "4.4 stars"],
            ),
            (
                "milk-oat-organic",
                Slots {
                    attributes: strs(&["vegan", "dairy-free"]),
                    ..s()
                },
                crowded,
                &["brand you prefer", "organic", "dairy-free", "4.4 stars"],
            ),
            (
                "shoe-red-10.5",
                s(),
                Profile {
                    preferred_colors: strs(&["red"]),
                    ..sizes(&[("shoes", "10.5")])
                },
                &["matches size 10.5", "in red", "4.2 stars"],
            ),
            (
                "shirt-l",
                Slots {
                    size: some("LARGE"),
                    color: some("white"),
                    ..s()
                },
                p(),
                &["matches size large", "in white", "4.5 stars"],
            ),
            ("pasta-c", s(), p(), &[]),
            ("pasta-d", s(), p(), &[]),
            ("pasta-e", s(), p(), &["4.9 stars"]),
        ];
        for (id, slots, profile, want) in rows {
            let ranked = rank(pick(&[id]), &search(slots), &profile);
            assert_eq!(ranked.items[0].reasons, want, "{id}");
        }
    }

    #[test]
    fn reasons_are_capped() {
        let profile = Profile {
            preferred_brands: strs(&["acme"]),
            preferred_attributes: strs(&["organic", "dairy-free"]),
            preferred_colors: strs(&["green"]),
            ..sizes(&[("milk", "1 l")])
        };
        let offer = Offer {
            size: some("1 L"),
            color: some("green"),
            ..pick(&["milk-oat-organic"]).remove(0)
        };
        let ranked = rank(vec![offer], &search(s()), &profile);
        assert_eq!(
            ranked.items[0].reasons,
            [
                "brand you prefer",
                "organic",
                "dairy-free",
                "matches size 1 l"
            ]
        );
    }

    #[test]
    fn same_input_gives_the_same_output() {
        let slots = Slots {
            product: some("milk"),
            avoid: strs(&["peanut"]),
            ..s()
        };
        let profile = Profile {
            preferred_brands: strs(&["acme"]),
            ..sizes(&[("shoes", "10")])
        };
        let first = rank(fixture(), &search(slots.clone()), &profile);
        let second = rank(fixture(), &search(slots), &profile);
        assert_eq!(first, second);
        assert!(!first.items.is_empty());
    }

    /// The rule chosen: scores never depend on the catalog's order; it only
    /// breaks exact ties. Reversing the input changes nothing but the order
    /// of tied offers, which follows each input's own order.
    #[test]
    fn shuffled_input_changes_only_the_order_of_ties() {
        let intent = search(Slots {
            product: some("oat milk"),
            ..s()
        });
        let forward_input = fixture();
        let mut backward_input = fixture();
        backward_input.reverse();
        let forward = rank(forward_input.clone(), &intent, &p());
        let backward = rank(backward_input.clone(), &intent, &p());

        let by_id = |r: &Ranked| -> std::collections::BTreeMap<String, f64> {
            r.items
                .iter()
                .map(|i| (i.offer.id.clone(), i.score))
                .collect()
        };
        let scores = |r: &Ranked| -> Vec<f64> { r.items.iter().map(|i| i.score).collect() };
        assert_eq!(by_id(&forward), by_id(&backward));
        assert_eq!(scores(&forward), scores(&backward));
        assert_eq!(forward.removed, backward.removed);
        assert_ne!(ids(&forward), ids(&backward), "the fixture has ties");

        for (ranked, input) in [(&forward, &forward_input), (&backward, &backward_input)] {
            let position = |id: &str| input.iter().position(|o| o.id == id).unwrap();
            for pair in ranked.items.windows(2) {
                if pair[0].score == pair[1].score {
                    assert!(position(&pair[0].offer.id) < position(&pair[1].offer.id));
                }
            }
        }
    }

    #[test]
    fn ties_keep_the_catalog_order() {
        let rows: [(&[&str], &[&str]); 2] = [
            (&["twin-a", "twin-b"], &["twin-a", "twin-b"]),
            (&["twin-b", "twin-a"], &["twin-b", "twin-a"]),
        ];
        for (input, want) in rows {
            let ranked = rank(pick(input), &search(s()), &p());
            assert_eq!(ids(&ranked), want);
            assert_eq!(ranked.items[0].score, ranked.items[1].score);
        }
    }

    #[test]
    fn scores_are_never_nan() {
        let base = pick(&["pasta-c"]).remove(0);
        let odd = |id: &str, rating: Option<f32>, reviews: u32| Offer {
            id: id.into(),
            rating,
            reviews,
            ..base.clone()
        };
        let offers = vec![
            odd("none", None, 0),
            odd("nan", Some(f32::NAN), 3),
            odd("inf", Some(f32::INFINITY), u32::MAX),
            odd("too-high", Some(9.0), 10),
            odd("negative", Some(-2.0), 10),
        ];
        let intent = search(Slots {
            product: some("pasta"),
            sort: some("rating"),
            ..s()
        });
        let ranked = rank(offers, &intent, &p());
        assert_eq!(ranked.items.len(), 5);
        for item in &ranked.items {
            assert!(item.score.is_finite(), "{}: {}", item.offer.id, item.score);
        }
        // Invalid ratings count as unrated: neutral in the score, last by rating.
        assert_eq!(ids(&ranked), ["too-high", "negative", "inf", "nan", "none"]);
    }

    #[test]
    fn price_that_is_not_a_number_fails_the_limits() {
        let offer = Offer {
            price: f64::NAN,
            ..pick(&["pasta-a"]).remove(0)
        };
        let rows = [
            (
                Slots {
                    max_price: Some(20.0),
                    ..s()
                },
                gone([1, 0, 0, 0, 0]),
            ),
            (
                Slots {
                    min_price: Some(1.0),
                    ..s()
                },
                gone([0, 1, 0, 0, 0]),
            ),
            // A limit that is not a number is no limit.
            (
                Slots {
                    max_price: Some(f64::NAN),
                    ..s()
                },
                Removed::default(),
            ),
        ];
        for (slots, want) in rows {
            let ranked = rank(vec![offer.clone()], &search(slots), &p());
            assert_eq!(ranked.removed, want);
        }
    }

    #[test]
    fn ranked_serialises_for_the_shopper_view() {
        let ranked = rank(pick(&["pasta-e"]), &search(s()), &p());
        let json = serde_json::to_value(&ranked).unwrap();
        assert_eq!(json["items"][0]["offer"]["id"], "pasta-e");
        assert_eq!(json["items"][0]["reasons"][0], "4.9 stars");
        assert_eq!(json["removed"]["wrong_size"], 0);
    }
}
