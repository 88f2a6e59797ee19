//! The local catalog: the embedded demo catalog (or any JSON Lines file of
//! [`Offer`]s), held in this process and indexed in memory with tantivy.
//!
//! Owns: the products (a `Vec<Offer>` kept sorted by id), the tantivy
//! index over them (built in RAM once, when the catalog is made, then only
//! read) and the vocabulary it publishes. [`LocalCatalog::find`] is the
//! index search on the protocol's wire form ([`SearchRequest`]); the
//! reference retailer server answers with it too, so both give the same
//! results.
//!
//! Must never: send anything anywhere. It is offline by nature: it has no
//! network code, a search reports `sent: []`, and checkout is refused (a
//! demo catalog cannot take orders, and a made-up cart link would pretend
//! it can).
//!
//! # Search semantics
//!
//! - **Terms** are data, never query syntax: each is cut into words by the
//!   same analyzer as the products (split on anything that is not a letter
//!   or digit, lower-cased, plural endings folded), so `"title:x"`, `"AND"`,
//!   `"-"` or `"*"` only ever match those words. A term that makes one word
//!   is a term query; one that makes several ("gluten-free") is a phrase.
//!   Terms are OR'ed, scored with BM25 over `title`, `product` (×2), `brand`
//!   (×1.5) and `attributes`; a product must match at least one term.
//! - **Plurals**: the analyzer folds English plural endings, so "banana"
//!   finds "Bananas", "shoe" finds "Shoes", "berry" finds "Berries" (a
//!   small rule, [`fold_plural`], not a full stemmer).
//! - **Filters**: `price_min` and `price_max` are inclusive; `category`,
//!   when given, must equal the product's category (case-insensitive).
//! - **Boosts**: a `size` or `color` equal to the product's adds a constant
//!   to its score ([`SIZE_BOOST`], [`COLOR_BOOST`]); other products stay in
//!   the results, because the device filters and re-ranks locally.
//! - **Order**: `relevance` is by score. `price_asc`, `price_desc` and
//!   `rating` re-order only products with a reasonable text match: the top
//!   [`SORT_CANDIDATES`] by (number of terms matched, score) are taken
//!   first, then sorted, those matching the most terms first, and within
//!   that by price or rating (price ties by score; rating ties by review
//!   count, then score), and cut to the limit. So "dog food" by price gives
//!   the cheapest dog food before the cheapest cat food, rather than cat
//!   food first because it matched "food". Equal keys always end in
//!   product-id order, so the same request gives the same list every time.
//! - **Limit**: clamped to 1 to [`MAX_OFFERS`].
//!
//! The index keeps no copy of the products' JSON: each document carries its
//! position in the in-memory `Vec<Offer>` as a fast field, read while
//! collecting, so a hit costs no document-store lookup.

use std::cmp::Reverse;
use std::fmt;
use std::ops::Bound;
use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
};
use tantivy::tokenizer::{
    LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer,
};
use tantivy::{
    DocId, Index, IndexWriter, ReloadPolicy, Score, Searcher, SegmentReader, TantivyDocument, Term,
};

use super::protocol::{SearchRequest, MAX_OFFERS};
use super::{CartLine, Catalog, CatalogError, CatalogFuture, Handoff, Offer, Offers, Vocabulary};
use crate::privacy::{CatalogQuery, Sort, MAX_TERMS};

/// The embedded demo catalog's products, one JSON object per line.
const EMBEDDED_PRODUCTS: &str = include_str!("../../assets/catalog/products.jsonl");

/// The name the embedded catalog has in messages.
const EMBEDDED_NAME: &str = "embedded demo catalog";

/// Most products a local catalog may hold.
pub const MAX_PRODUCTS: usize = 5_000_000;

/// How many of the best-scoring products a price or rating sort re-orders
/// (see the module documentation).
pub const SORT_CANDIDATES: usize = 500;

/// Added once per matched term in sorted searches, so that the number of
/// terms a product matches outweighs any BM25 score (at most
/// [`MAX_TERMS`] terms of a few dozen points each).
const TERM_MATCHED: Score = 10_000.0;

/// Weight of a term found in the product type, against 1 for the title.
pub const PRODUCT_BOOST: Score = 2.0;

/// Weight of a term found in the brand, against 1 for the title.
pub const BRAND_BOOST: Score = 1.5;

/// Added to the score of a product whose size equals the requested one.
pub const SIZE_BOOST: Score = 3.0;

/// Added to the score of a product whose colour equals the requested one.
pub const COLOR_BOOST: Score = 3.0;

/// How many bad lines a load error lists before "and K more".
const LISTED_BAD_LINES: usize = 5;

/// Memory budget of one index writer thread (tantivy needs at least 15 MB).
const WRITER_BUDGET_PER_THREAD: usize = 50_000_000;

/// From this many products on, the index is built with several threads.
const PARALLEL_BUILD_FROM: usize = 100_000;

/// Most index writer threads.
const MAX_WRITER_THREADS: usize = 4;

/// Words longer than this (bytes) are not indexed (no term is this long).
const MAX_WORD_BYTES: usize = 64;

/// The analyzer of the words of titles, product types, brands, attributes
/// and of the query terms.
const WORDS: &str = "hushcart_words";

/// The analyzer of whole values (category, size, colour).
const KEYWORD: &str = "hushcart_keyword";

/// The fast field holding a document's position in `LocalCatalog::offers`.
const OFFER_INDEX: &str = "offer";

/// Function words that never become vocabulary terms (the list of
/// `assets/catalog/generate.py`).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "for", "with", "without", "in", "on", "to",
    "by", "at", "from", "into", "onto", "over", "under", "as", "per", "via", "up", "off", "out",
    "is", "are", "be", "it", "its", "this", "that", "these", "those", "than", "then", "so", "if",
    "no", "not", "all", "any", "some", "each", "de", "con", "s",
];

/// The embedded demo catalog (or a catalog from a JSON Lines file), in
/// process, indexed in memory with tantivy. Built once; searching takes
/// `&self` and may run on many threads at once.
pub struct LocalCatalog {
    /// The products, sorted by id (so position order is id order).
    offers: Vec<Offer>,
    /// The index, fixed after the build.
    searcher: Searcher,
    /// The schema's fields.
    fields: Fields,
    /// The words analyzer, cloned for each search.
    words: TextAnalyzer,
    /// What the catalog publishes.
    vocabulary: Vocabulary,
}

impl fmt::Debug for LocalCatalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalCatalog")
            .field("products", &self.offers.len())
            .field("retailer", &self.vocabulary.retailer)
            .finish_non_exhaustive()
    }
}

/// The index's fields.
#[derive(Debug, Clone, Copy)]
struct Fields {
    title: Field,
    product: Field,
    brand: Field,
    attributes: Field,
    category: Field,
    size: Field,
    color: Field,
    price: Field,
    offer: Field,
}

impl LocalCatalog {
    /// The embedded demo catalog (`assets/catalog/products.jsonl`, with the
    /// published `assets/catalog/vocabulary.json`). Built anew on each call:
    /// the caller keeps it.
    pub fn embedded() -> Result<LocalCatalog, CatalogError> {
        LocalCatalog::from_jsonl(
            EMBEDDED_PRODUCTS,
            EMBEDDED_NAME,
            Some(Vocabulary::embedded().clone()),
        )
    }

    /// A catalog from a JSON Lines file of products. `vocabulary`: the one
    /// to publish, or `None` to derive it from the products
    /// ([`derive_vocabulary`]).
    pub fn from_jsonl_file(
        path: &Path,
        vocabulary: Option<Vocabulary>,
    ) -> Result<LocalCatalog, CatalogError> {
        let source_name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| CatalogError::Load {
            source_name: source_name.clone(),
            message: e.to_string(),
        })?;
        LocalCatalog::from_jsonl(&text, &source_name, vocabulary)
    }

    /// A catalog from JSON Lines text already in memory; `source_name` names
    /// it in messages.
    ///
    /// Each non-blank line must be one [`Offer`] (no unknown fields) that
    /// passes [`Offer::validate`]; ids must be unique; there must be at
    /// least one product and at most [`MAX_PRODUCTS`]. The error names the
    /// first bad lines by number.
    pub fn from_jsonl(
        text: &str,
        source_name: &str,
        vocabulary: Option<Vocabulary>,
    ) -> Result<LocalCatalog, CatalogError> {
        let load = |message: String| CatalogError::Load {
            source_name: source_name.to_string(),
            message,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut parsed: Vec<(usize, Offer)> = Vec::new();
        let mut bad = BadLines::default();
        for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
            if line.trim().is_empty() {
                continue;
            }
            if parsed.len() + bad.count >= MAX_PRODUCTS {
                return Err(load(format!(
                    "more than {MAX_PRODUCTS} products (line {number})"
                )));
            }
            match serde_json::from_str::<Offer>(line) {
                Ok(offer) => match offer.validate() {
                    Ok(()) => parsed.push((number, offer)),
                    Err(message) => bad.add(number, message),
                },
                Err(e) => bad.add(number, json_message(&e)),
            }
        }
        // Sort by id (then line), so duplicates are neighbours and the
        // earlier line comes first.
        parsed.sort_by(|(la, a), (lb, b)| a.id.cmp(&b.id).then(la.cmp(lb)));
        let mut first = 0;
        for i in 1..parsed.len() {
            if parsed[i].1.id == parsed[first].1.id {
                bad.add(
                    parsed[i].0,
                    format!(
                        "duplicate product id {} (first on line {})",
                        parsed[i].1.id, parsed[first].0
                    ),
                );
            } else {
                first = i;
            }
        }
        if bad.count > 0 {
            return Err(load(bad.message()));
        }
        if parsed.is_empty() {
            return Err(load("the catalog has no products".into()));
        }
        let offers: Vec<Offer> = parsed.into_iter().map(|(_, offer)| offer).collect();
        let vocabulary = vocabulary.unwrap_or_else(|| derive_vocabulary(&offers, "local"));
        LocalCatalog::build(offers, vocabulary, source_name)
    }

    /// A catalog from products (tests, benchmarks, generated catalogs).
    /// Each product must pass [`Offer::validate`] and ids must be unique.
    pub fn from_offers(
        mut offers: Vec<Offer>,
        vocabulary: Vocabulary,
    ) -> Result<LocalCatalog, CatalogError> {
        const SOURCE: &str = "products";
        let load = |message: String| CatalogError::Load {
            source_name: SOURCE.to_string(),
            message,
        };
        if offers.is_empty() {
            return Err(load("the catalog has no products".into()));
        }
        if offers.len() > MAX_PRODUCTS {
            return Err(load(format!("more than {MAX_PRODUCTS} products")));
        }
        let mut bad = BadLines::default();
        for (i, offer) in offers.iter().enumerate() {
            if let Err(message) = offer.validate() {
                bad.add(i + 1, message);
            }
        }
        if bad.count > 0 {
            return Err(load(bad.message().replace("line ", "product #")));
        }
        offers.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(pair) = offers.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(load(format!("duplicate product id {}", pair[0].id)));
        }
        LocalCatalog::build(offers, vocabulary, SOURCE)
    }

    /// Index `offers` (sorted by id, unique, valid) in RAM.
    fn build(
        offers: Vec<Offer>,
        vocabulary: Vocabulary,
        source_name: &str,
    ) -> Result<LocalCatalog, CatalogError> {
        let index_error = |e: tantivy::TantivyError| CatalogError::Load {
            source_name: source_name.to_string(),
            message: format!("cannot build the search index: {e}"),
        };
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        let words = words_analyzer();
        index.tokenizers().register(WORDS, words.clone());
        index.tokenizers().register(KEYWORD, keyword_analyzer());

        let threads = if offers.len() < PARALLEL_BUILD_FROM {
            1
        } else {
            std::thread::available_parallelism()
                .map_or(1, usize::from)
                .clamp(1, MAX_WRITER_THREADS)
        };
        let mut writer: IndexWriter = index
            .writer_with_num_threads(threads, threads * WRITER_BUDGET_PER_THREAD)
            .map_err(index_error)?;
        for (position, offer) in offers.iter().enumerate() {
            writer
                .add_document(document(&fields, offer, position))
                .map_err(index_error)?;
        }
        writer.commit().map_err(index_error)?;
        // Let the merges the commit started finish, so searches see few
        // segments.
        writer.wait_merging_threads().map_err(index_error)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        let searcher = reader.searcher();
        Ok(LocalCatalog {
            offers,
            searcher,
            fields,
            words,
            vocabulary,
        })
    }

    /// The index search on the protocol's wire form, shared with the
    /// reference server: the top `request.limit` products matching
    /// `request`, in the order it asks for (see the module documentation).
    /// `v` and `pad` are not looked at; at most [`MAX_TERMS`] terms are
    /// used. No term that matches anything gives an empty list.
    pub fn find(&self, request: &SearchRequest) -> Result<Vec<Offer>, CatalogError> {
        let limit = (request.limit as usize).clamp(1, MAX_OFFERS);
        let sorted = request.sort != Sort::Relevance;
        let Some(text) = self.text_query(&request.terms, sorted) else {
            return Ok(Vec::new());
        };
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        if request.price_min.is_some() || request.price_max.is_some() {
            let bound = |b: Option<u32>| match b {
                Some(p) => Bound::Included(Term::from_field_f64(f.price, f64::from(p))),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(request.price_min), bound(request.price_max));
            clauses.push((Occur::Must, filter(Box::new(range))));
        }
        if let Some(category) = &request.category {
            let term = Term::from_field_text(f.category, &keyword(category));
            clauses.push((Occur::Must, filter(term_query(term))));
        }
        for (value, field, boost) in [
            (&request.size, f.size, SIZE_BOOST),
            (&request.color, f.color, COLOR_BOOST),
        ] {
            if let Some(value) = value {
                let term = Term::from_field_text(field, &keyword(value));
                clauses.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(term_query(term), boost)),
                ));
            }
        }
        let query = BooleanQuery::new(clauses);

        let wanted = if sorted {
            SORT_CANDIDATES.max(limit)
        } else {
            limit
        };
        // The sort key is (score, reversed position): equal scores keep
        // position order, which is id order.
        let collector = TopDocs::with_limit(wanted).tweak_score(|segment: &SegmentReader| {
            let positions = segment
                .fast_fields()
                .u64(OFFER_INDEX)
                .ok()
                .map(|column| column.first_or_default_col(u64::MAX));
            move |doc: DocId, score: Score| {
                let position = positions.as_ref().map_or(u64::MAX, |c| c.get_val(doc));
                (score, Reverse(position))
            }
        });
        let hits = self
            .searcher
            .search(&query, &collector)
            .map_err(|e| CatalogError::Index(e.to_string()))?;
        let mut found: Vec<(Score, &Offer)> = Vec::with_capacity(hits.len());
        for ((score, Reverse(position)), _) in hits {
            let offer = usize::try_from(position)
                .ok()
                .and_then(|p| self.offers.get(p))
                .ok_or_else(|| {
                    CatalogError::Index("a search hit points outside the catalog".into())
                })?;
            found.push((score, offer));
        }
        // `found` is by score, then id; a stable sort keeps that order for
        // equal keys. In sorted searches the score starts with
        // TERM_MATCHED per term matched: products matching more terms come
        // first, whatever their price or rating.
        let terms_matched = |score: Score| (score / TERM_MATCHED).floor() as u32;
        let by_terms =
            |a: &(Score, &Offer), b: &(Score, &Offer)| terms_matched(b.0).cmp(&terms_matched(a.0));
        let by_score = |a: &(Score, &Offer), b: &(Score, &Offer)| b.0.total_cmp(&a.0);
        let rating = |o: &Offer| o.rating.unwrap_or(-1.0);
        match request.sort {
            Sort::Relevance => {}
            Sort::PriceAsc => found.sort_by(|a, b| {
                by_terms(a, b)
                    .then(a.1.price.total_cmp(&b.1.price))
                    .then_with(|| by_score(a, b))
            }),
            Sort::PriceDesc => found.sort_by(|a, b| {
                by_terms(a, b)
                    .then(b.1.price.total_cmp(&a.1.price))
                    .then_with(|| by_score(a, b))
            }),
            Sort::Rating => found.sort_by(|a, b| {
                by_terms(a, b)
                    .then(rating(b.1).total_cmp(&rating(a.1)))
                    .then(b.1.reviews.cmp(&a.1.reviews))
                    .then_with(|| by_score(a, b))
            }),
        }
        Ok(found
            .into_iter()
            .take(limit)
            .map(|(_, o)| o.clone())
            .collect())
    }

    /// The terms as one query: per term, each of the text fields (a term
    /// query, or a phrase when the term makes several words), boosted; the
    /// terms OR'ed. With `count_terms`, each matched term also adds
    /// [`TERM_MATCHED`]. `None` when no term makes a word.
    fn text_query(&self, terms: &[String], count_terms: bool) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let mut analyzer = self.words.clone();
        let mut seen: Vec<Vec<String>> = Vec::new();
        let mut per_term: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for term in terms.iter().take(MAX_TERMS) {
            let mut words = Vec::new();
            let mut stream = analyzer.token_stream(term);
            while stream.advance() {
                words.push(stream.token().text.clone());
            }
            if words.is_empty() || seen.contains(&words) {
                continue;
            }
            let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(4);
            for (field, boost) in [
                (f.title, 1.0),
                (f.product, PRODUCT_BOOST),
                (f.brand, BRAND_BOOST),
                (f.attributes, 1.0),
            ] {
                let query: Box<dyn Query> = match words.as_slice() {
                    [word] => term_query(Term::from_field_text(field, word)),
                    _ => Box::new(PhraseQuery::new(
                        words
                            .iter()
                            .map(|w| Term::from_field_text(field, w))
                            .collect(),
                    )),
                };
                let query = if boost == 1.0 {
                    query
                } else {
                    Box::new(BoostQuery::new(query, boost))
                };
                per_field.push((Occur::Should, query));
            }
            let fields = BooleanQuery::new(per_field);
            let term_query: Box<dyn Query> = if count_terms {
                let matched = ConstScoreQuery::new(Box::new(fields.clone()), TERM_MATCHED);
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, Box::new(matched) as Box<dyn Query>),
                    (Occur::Should, Box::new(fields)),
                ]))
            } else {
                Box::new(fields)
            };
            per_term.push((Occur::Should, term_query));
            seen.push(words);
        }
        (!per_term.is_empty()).then(|| Box::new(BooleanQuery::new(per_term)) as Box<dyn Query>)
    }

    /// One product by id.
    pub fn get(&self, id: &str) -> Option<Offer> {
        self.offers
            .binary_search_by(|o| o.id.as_str().cmp(id))
            .ok()
            .map(|i| self.offers[i].clone())
    }

    /// All products, sorted by id.
    pub fn offers(&self) -> &[Offer] {
        &self.offers
    }

    /// The vocabulary this catalog publishes.
    pub fn published_vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Number of products.
    pub fn len(&self) -> usize {
        self.offers.len()
    }

    /// True when the catalog has no products (never, once built).
    pub fn is_empty(&self) -> bool {
        self.offers.is_empty()
    }
}

impl Catalog for LocalCatalog {
    fn name(&self) -> &str {
        "local"
    }

    fn search<'a>(&'a self, query: &'a CatalogQuery) -> CatalogFuture<'a, Offers> {
        Box::pin(async move {
            let request = SearchRequest::from_query(query, String::new());
            // Nothing leaves the device: the search is this process's index.
            Ok(Offers {
                offers: self.find(&request)?,
                sent: Vec::new(),
            })
        })
    }

    fn product<'a>(&'a self, id: &'a str) -> CatalogFuture<'a, Option<Offer>> {
        Box::pin(async move { Ok(self.get(id)) })
    }

    fn vocabulary(&self) -> CatalogFuture<'_, Vocabulary> {
        Box::pin(async move { Ok(self.vocabulary.clone()) })
    }

    fn checkout<'a>(&'a self, _lines: &'a [CartLine]) -> CatalogFuture<'a, Handoff> {
        Box::pin(async move {
            Err(CatalogError::NotAllowed(
                "the embedded demo catalog cannot take orders; configure a retailer for checkout"
                    .into(),
            ))
        })
    }
}

/// The vocabulary a catalog without a published one gets, derived from its
/// products by the rule `assets/catalog/generate.py` derives the demo's
/// with: terms are the words (runs of `a-z0-9` in the lower-cased text) of
/// the product types, brands, titles and attributes, without pure numbers,
/// single letters and function words, plus each attribute whole
/// ("gluten-free"); categories, sizes and colours are the products' own
/// values. Entries a published vocabulary may not hold (upper case, longer
/// than 48 bytes, a space in a term) are left out.
pub fn derive_vocabulary(offers: &[Offer], retailer: &str) -> Vocabulary {
    let fits = |value: &str| {
        !value.is_empty()
            && value.len() <= super::vocabulary::MAX_VOCABULARY_ENTRY_BYTES
            && value.trim() == value
            && !value.chars().any(|c| c.is_control() || c.is_uppercase())
    };
    let mut vocabulary = Vocabulary::empty();
    vocabulary.retailer = retailer.to_string();
    for offer in offers {
        let texts = std::iter::once(&offer.product)
            .chain(offer.brand.iter())
            .chain(std::iter::once(&offer.title))
            .chain(offer.attributes.iter());
        for text in texts {
            vocabulary
                .terms
                .extend(vocabulary_words(text).filter(|w| fits(w)));
        }
        for attribute in &offer.attributes {
            if fits(attribute) && !attribute.contains(char::is_whitespace) {
                vocabulary.terms.insert(attribute.clone());
            }
        }
        for (list, value) in [
            (&mut vocabulary.categories, Some(&offer.category)),
            (&mut vocabulary.sizes, offer.size.as_ref()),
            (&mut vocabulary.colors, offer.color.as_ref()),
        ] {
            if let Some(value) = value.filter(|v| fits(v)) {
                list.insert(value.clone());
            }
        }
    }
    vocabulary
}

/// The vocabulary words of one text (see [`derive_vocabulary`]).
fn vocabulary_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c.is_ascii_uppercase()))
        .map(str::to_ascii_lowercase)
        .filter(|w| {
            w.len() > 1
                && !w.bytes().all(|b| b.is_ascii_digit())
                && !FUNCTION_WORDS.contains(&w.as_str())
        })
}

/// Fold an English plural ending so singular and plural index alike:
/// drop a final "s" (not "ss" or "us"), then a final "e", then turn a final
/// "y" into "i" ("bananas" and "banana" → "banana", "shoes" and "shoe" →
/// "sho", "boxes" and "box" → "box", "berries" and "berry" → "berri").
/// Only words of lower-case ASCII letters are folded, and never below three
/// letters. The result is an index key, not a word to show.
pub fn fold_plural(word: &mut String) {
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    if word.len() >= 4 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        word.pop();
    }
    if word.len() >= 4 && word.ends_with('e') {
        word.pop();
    }
    if word.len() >= 3 && word.ends_with('y') {
        word.pop();
        word.push('i');
    }
}

/// The token filter applying [`fold_plural`].
#[derive(Clone)]
struct PluralFolder;

impl TokenFilter for PluralFolder {
    type Tokenizer<T: Tokenizer> = PluralFolderFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PluralFolderFilter<T> {
        PluralFolderFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
struct PluralFolderFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for PluralFolderFilter<T> {
    type TokenStream<'a> = PluralFolderStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PluralFolderStream {
            tail: self.inner.token_stream(text),
        }
    }
}

struct PluralFolderStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for PluralFolderStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        fold_plural(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Words: split on anything but letters and digits, drop over-long words,
/// lower case, fold plurals.
fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(PluralFolder)
        .build()
}

/// Whole values, lower case.
fn keyword_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// A category, size or colour as the keyword analyzer indexes it.
fn keyword(value: &str) -> String {
    value.to_lowercase()
}

/// The index schema.
fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(WORDS)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keyword = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(KEYWORD)
            .set_index_option(IndexRecordOption::Basic),
    );
    let fields = Fields {
        title: builder.add_text_field("title", words.clone()),
        product: builder.add_text_field("product", words.clone()),
        brand: builder.add_text_field("brand", words.clone()),
        attributes: builder.add_text_field("attributes", words),
        category: builder.add_text_field("category", keyword.clone()),
        size: builder.add_text_field("size", keyword.clone()),
        color: builder.add_text_field("color", keyword),
        price: builder.add_f64_field("price", FAST | INDEXED),
        offer: builder.add_u64_field(OFFER_INDEX, FAST),
    };
    (builder.build(), fields)
}

/// The index document of the product at `position`.
fn document(f: &Fields, offer: &Offer, position: usize) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.title, &offer.title);
    doc.add_text(f.product, &offer.product);
    if let Some(brand) = &offer.brand {
        doc.add_text(f.brand, brand);
    }
    for attribute in &offer.attributes {
        doc.add_text(f.attributes, attribute);
    }
    doc.add_text(f.category, &offer.category);
    if let Some(size) = &offer.size {
        doc.add_text(f.size, size);
    }
    if let Some(color) = &offer.color {
        doc.add_text(f.color, color);
    }
    doc.add_f64(f.price, offer.price);
    doc.add_u64(f.offer, position as u64);
    doc
}

/// A term query with frequencies (for BM25).
fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

/// A clause that only filters: it adds nothing to the score.
fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// A JSON error without serde's "at line 1 column N" (each product is its
/// own line), with the column kept.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text
        .rfind(" at line ")
        .map_or(text.as_str(), |at| &text[..at]);
    format!("{message} (column {})", e.column())
}

/// The bad lines of a load: the first few, and a count.
#[derive(Default)]
struct BadLines {
    first: Vec<(usize, String)>,
    count: usize,
}

impl BadLines {
    fn add(&mut self, line: usize, message: String) {
        self.count += 1;
        self.first.push((line, message));
        // Keep the lowest line numbers (duplicates are found after the
        // parse, out of line order).
        if self.first.len() > LISTED_BAD_LINES {
            self.first.sort_by_key(|(line, _)| *line);
            self.first.truncate(LISTED_BAD_LINES);
        }
    }

    fn message(mut self) -> String {
        self.first.sort_by_key(|(line, _)| *line);
        let mut parts: Vec<String> = self
            .first
            .iter()
            .map(|(line, message)| format!("line {line}: {message}"))
            .collect();
        if self.count > self.first.len() {
            parts.push(format!("and {} more", self.count - self.first.len()));
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::protocol::VERSION;

    /// A small hand-made catalog, in no particular id order.
    const PRODUCTS: &str = r#"
{"id":"g1","title":"Organic Bananas","brand":"sunny","category":"groceries","product":"bananas","attributes":["organic"],"size":"1 bunch","price":2.5,"rating":4.5,"reviews":100}
{"id":"g2","title":"Almond Milk Unsweetened","brand":"nutty","category":"groceries","product":"almond milk","attributes":["unsweetened"],"size":"64 fl oz","price":3.99,"rating":4.2,"reviews":50}
{"id":"g3","title":"Whole Milk","brand":"dairyland","category":"groceries","product":"milk","size":"1 gal","price":2.49,"rating":4.0,"reviews":300}
{"id":"g4","title":"Oat Milk Barista","brand":"oaty","category":"groceries","product":"oat milk","attributes":["vegan"],"price":4.99,"rating":4.7,"reviews":80}
{"id":"g5","title":"Chocolate Milk","brand":"dairyland","category":"groceries","product":"milk","price":5.0,"rating":4.7,"reviews":120}
{"id":"h1","title":"Milk Frother","brand":"whisky","category":"household","product":"frother","color":"silver","price":3.0}
{"id":"c1","title":"Trail Running Shoes","brand":"stride","category":"clothing","product":"running shoes","size":"10","color":"black","price":89.0,"rating":4.1,"reviews":10}
{"id":"c2","title":"Road Running Shoe","brand":"stride","category":"clothing","product":"running shoes","size":"9","color":"red","price":59.0,"rating":3.9,"reviews":12}
{"id":"c3","title":"Running Shoes Lite","brand":"stride","category":"clothing","product":"running shoes","size":"10","color":"red","price":45.0,"rating":4.4,"reviews":7}
{"id":"e1","title":"Café Espresso Beans","brand":"roastery","category":"groceries","product":"coffee beans","attributes":["gluten-free"],"price":12.0,"rating":4.8,"reviews":40}
{"id":"e2","title":"Salt and Pepper Set","category":"household","product":"salt shaker","color":"white","price":8.0}
{"id":"r3","title":"Plain Rice","category":"groceries","product":"rice","price":1.0}
{"id":"r1","title":"Plain Rice","category":"groceries","product":"rice","price":1.0}
{"id":"r2","title":"Plain Rice","category":"groceries","product":"rice","price":1.0}
{"id":"b1","title":"Sunny Shampoo","brand":"sunny","category":"beauty","product":"shampoo","price":6.0,"rating":3.0,"reviews":5}
{"id":"t1","title":"title x","category":"household","product":"notebook","price":2.0}
"#;

    fn products() -> Vec<Offer> {
        PRODUCTS
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_str(l).expect("a test product"))
            .collect()
    }

    fn catalog() -> LocalCatalog {
        let offers = products();
        let vocabulary = derive_vocabulary(&offers, "test");
        LocalCatalog::from_offers(offers, vocabulary).expect("test catalog")
    }

    fn request(terms: &[&str]) -> SearchRequest {
        SearchRequest {
            v: VERSION,
            terms: terms.iter().map(|t| t.to_string()).collect(),
            category: None,
            price_min: None,
            price_max: None,
            size: None,
            color: None,
            sort: Sort::Relevance,
            limit: 50,
            pad: String::new(),
        }
    }

    fn ids(offers: &[Offer]) -> Vec<String> {
        offers.iter().map(|o| o.id.clone()).collect()
    }

    fn load_error(result: Result<LocalCatalog, CatalogError>) -> String {
        match result {
            Err(e @ CatalogError::Load { .. }) => e.to_string(),
            other => panic!("expected a load error, got {other:?}"),
        }
    }

    #[test]
    fn the_catalog_is_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<LocalCatalog>();
    }

    #[test]
    fn a_term_matches_title_product_and_brand() {
        let c = catalog();
        // Title and product.
        assert_eq!(ids(&c.find(&request(&["frother"])).unwrap()), ["h1"]);
        // Brand only.
        assert_eq!(ids(&c.find(&request(&["nutty"])).unwrap()), ["g2"]);
        // Title only ("whole" is in no other field).
        assert_eq!(ids(&c.find(&request(&["whole"])).unwrap()), ["g3"]);
        // Upper case in the request changes nothing.
        assert_eq!(ids(&c.find(&request(&["NUTTY"])).unwrap()), ["g2"]);
        // Nothing matches: an empty list, not an error.
        assert!(c.find(&request(&["submarine"])).unwrap().is_empty());
    }

    #[test]
    fn singular_and_plural_both_match() {
        let c = catalog();
        assert_eq!(ids(&c.find(&request(&["banana"])).unwrap()), ["g1"]);
        assert_eq!(ids(&c.find(&request(&["bananas"])).unwrap()), ["g1"]);
        for term in ["shoe", "shoes", "SHOES"] {
            let mut shoes = ids(&c.find(&request(&[term])).unwrap());
            shoes.sort();
            assert_eq!(shoes, ["c1", "c2", "c3"], "{term}");
        }
        assert_eq!(ids(&c.find(&request(&["frothers"])).unwrap()), ["h1"]);
    }

    #[test]
    fn the_plural_fold_maps_singular_and_plural_together() {
        for (a, b) in [
            ("banana", "bananas"),
            ("shoe", "shoes"),
            ("box", "boxes"),
            ("berry", "berries"),
            ("cookie", "cookies"),
            ("glass", "glasses"),
            ("dress", "dresses"),
            ("tomato", "tomatoes"),
            ("toy", "toys"),
            ("bus", "buses"),
            ("watch", "watches"),
            ("tie", "ties"),
            ("kiwi", "kiwis"),
        ] {
            let (mut a2, mut b2) = (a.to_string(), b.to_string());
            fold_plural(&mut a2);
            fold_plural(&mut b2);
            assert_eq!(a2, b2, "{a} / {b}");
        }
        for kept in ["hummus", "gas", "café", "4k", "usb"] {
            let mut w = kept.to_string();
            fold_plural(&mut w);
            assert_eq!(w, kept);
        }
    }

    #[test]
    fn a_term_of_several_words_is_a_phrase() {
        let c = catalog();
        assert_eq!(ids(&c.find(&request(&["gluten-free"])).unwrap()), ["e1"]);
        assert_eq!(ids(&c.find(&request(&["almond milk"])).unwrap()), ["g2"]);
        assert!(c.find(&request(&["free-gluten"])).unwrap().is_empty());
    }

    #[test]
    fn terms_are_ored_and_more_matches_rank_higher() {
        let c = catalog();
        let found = c.find(&request(&["almond", "milk"])).unwrap();
        assert_eq!(found[0].id, "g2");
        let all = ids(&found);
        for id in ["g3", "g4", "g5", "h1"] {
            assert!(all.iter().any(|a| a == id), "{all:?}");
        }
        // The product type weighs more than the title: "milk" products
        // before the milk frother.
        let milk = ids(&c.find(&request(&["milk"])).unwrap());
        assert_eq!(milk.last().map(String::as_str), Some("h1"), "{milk:?}");
    }

    #[test]
    fn price_filters_are_inclusive() {
        let c = catalog();
        let mut r = request(&["milk"]);
        r.price_min = Some(3);
        r.price_max = Some(5);
        let mut found = ids(&c.find(&r).unwrap());
        found.sort();
        assert_eq!(found, ["g2", "g4", "g5", "h1"]);
        r.price_min = None;
        r.price_max = Some(3);
        let mut found = ids(&c.find(&r).unwrap());
        found.sort();
        assert_eq!(found, ["g3", "h1"]);
        r.price_min = Some(6);
        r.price_max = None;
        assert!(c.find(&r).unwrap().is_empty());
    }

    #[test]
    fn a_category_filter_keeps_only_that_category() {
        let c = catalog();
        let mut r = request(&["milk"]);
        r.category = Some("household".into());
        assert_eq!(ids(&c.find(&r).unwrap()), ["h1"]);
        r.category = Some("Groceries".into());
        assert_eq!(c.find(&r).unwrap().len(), 4);
        r.category = Some("garden".into());
        assert!(c.find(&r).unwrap().is_empty());
    }

    #[test]
    fn size_and_colour_boost_the_matching_product_but_keep_the_others() {
        let c = catalog();
        let mut r = request(&["running", "shoes"]);
        r.size = Some("9".into());
        let found = ids(&c.find(&r).unwrap());
        assert_eq!(found[0], "c2");
        assert_eq!(found.len(), 3);
        let mut r = request(&["running", "shoes"]);
        r.color = Some("black".into());
        let found = ids(&c.find(&r).unwrap());
        assert_eq!((found[0].as_str(), found.len()), ("c1", 3));
        r.color = Some("red".into());
        r.size = Some("10".into());
        let found = ids(&c.find(&r).unwrap());
        assert_eq!((found[0].as_str(), found.len()), ("c3", 3));
        // A colour no product has changes nothing but the score.
        r.color = Some("ultraviolet".into());
        r.size = None;
        assert_eq!(c.find(&r).unwrap().len(), 3);
    }

    #[test]
    fn each_sort_order() {
        let c = catalog();
        let mut r = request(&["milk"]);
        r.sort = Sort::PriceAsc;
        let prices: Vec<f64> = c.find(&r).unwrap().iter().map(|o| o.price).collect();
        assert_eq!(prices, [2.49, 3.0, 3.99, 4.99, 5.0]);
        r.sort = Sort::PriceDesc;
        let prices: Vec<f64> = c.find(&r).unwrap().iter().map(|o| o.price).collect();
        assert_eq!(prices, [5.0, 4.99, 3.99, 3.0, 2.49]);
        // By rating; equal ratings by reviews (g5 has more than g4); no
        // rating last.
        r.sort = Sort::Rating;
        assert_eq!(ids(&c.find(&r).unwrap()), ["g5", "g4", "g2", "g3", "h1"]);
        r.sort = Sort::Relevance;
        let relevance = c.find(&r).unwrap();
        assert_eq!(relevance.len(), 5);
        assert_eq!(relevance[4].id, "h1");
    }

    #[test]
    fn sorted_searches_put_products_matching_more_terms_first() {
        let c = catalog();
        let mut r = request(&["almond", "milk"]);
        r.sort = Sort::PriceAsc;
        // Almond milk (both terms) before the cheaper plain milks.
        assert_eq!(ids(&c.find(&r).unwrap()), ["g2", "g3", "h1", "g4", "g5"]);
        r.sort = Sort::PriceDesc;
        assert_eq!(ids(&c.find(&r).unwrap()), ["g2", "g5", "g4", "h1", "g3"]);
        r.sort = Sort::Rating;
        assert_eq!(ids(&c.find(&r).unwrap()), ["g2", "g5", "g4", "g3", "h1"]);
    }

    #[test]
    fn the_limit_is_respected_and_clamped() {
        let c = catalog();
        let mut r = request(&["milk"]);
        r.limit = 2;
        assert_eq!(c.find(&r).unwrap().len(), 2);
        r.sort = Sort::PriceAsc;
        assert_eq!(ids(&c.find(&r).unwrap()), ["g3", "h1"]);
        r.limit = 0;
        assert_eq!(c.find(&r).unwrap().len(), 1);
        r.limit = u32::MAX;
        assert_eq!(c.find(&r).unwrap().len(), 5);
    }

    #[test]
    fn equal_scores_are_in_id_order_and_every_call_agrees() {
        let c = catalog();
        let r = request(&["rice"]);
        assert_eq!(ids(&c.find(&r).unwrap()), ["r1", "r2", "r3"]);
        let r = request(&["milk", "shoes", "sunny", "rice"]);
        let first = c.find(&r).unwrap();
        for _ in 0..5 {
            assert_eq!(c.find(&r).unwrap(), first);
        }
        // Built again from the products in another order: same answer.
        let mut reversed = products();
        reversed.reverse();
        let vocabulary = derive_vocabulary(&reversed, "test");
        let again = LocalCatalog::from_offers(reversed, vocabulary).unwrap();
        assert_eq!(again.find(&r).unwrap(), first);
    }

    #[test]
    fn hostile_terms_never_panic_and_match_only_their_words() {
        let c = catalog();
        let long = "a".repeat(48);
        for term in [
            "title:x",
            "*",
            "AND",
            "-",
            "\"",
            "café",
            long.as_str(),
            "",
            " ",
            "(",
            "milk)",
            "+milk",
            "~",
            "\\",
            "title:",
            "[1 TO 5]",
        ] {
            let result = c.find(&request(&[term]));
            assert!(result.is_ok(), "{term:?}: {result:?}");
        }
        // "title:x" is the words "title x", found where they are text.
        assert_eq!(ids(&c.find(&request(&["title:x"])).unwrap()), ["t1"]);
        // Operators are words or nothing.
        assert_eq!(ids(&c.find(&request(&["AND"])).unwrap()), ["e2"]);
        for nothing in ["*", "-", "\"", "", long.as_str()] {
            assert!(
                c.find(&request(&[nothing])).unwrap().is_empty(),
                "{nothing:?}"
            );
        }
        assert_eq!(ids(&c.find(&request(&["café"])).unwrap()), ["e1"]);
        assert_eq!(ids(&c.find(&request(&["CAFÉ"])).unwrap()), ["e1"]);
        assert_eq!(ids(&c.find(&request(&["+milk"])).unwrap()).len(), 5);
        // A "negation" does not exclude anything.
        assert_eq!(c.find(&request(&["milk", "-milk"])).unwrap().len(), 5);
        // No terms at all.
        assert!(c.find(&request(&[])).unwrap().is_empty());
    }

    #[test]
    fn get_finds_a_product_by_id() {
        let c = catalog();
        assert_eq!(c.get("g2").unwrap().title, "Almond Milk Unsweetened");
        assert_eq!(c.get("zz"), None);
        assert_eq!(c.get(""), None);
        assert_eq!(c.len(), 16);
        assert!(!c.is_empty());
        assert!(c.offers().windows(2).all(|w| w[0].id < w[1].id));
    }

    fn jsonl(offers: &[Offer]) -> String {
        offers
            .iter()
            .map(|o| serde_json::to_string(o).unwrap() + "\n")
            .collect()
    }

    #[test]
    fn json_lines_load_with_blank_lines_and_a_derived_vocabulary() {
        let text = format!("\n{}\n  \n", jsonl(&products()));
        let c = LocalCatalog::from_jsonl(&text, "test.jsonl", None).unwrap();
        assert_eq!(c.len(), 16);
        let v = c.published_vocabulary();
        // The rule of generate.py: runs of a-z0-9, whole attributes too.
        for term in [
            "bananas",
            "milk",
            "almond",
            "sunny",
            "gluten-free",
            "gluten",
            "free",
            "espresso",
            "caf",
        ] {
            assert!(v.has_term(term), "{term}");
        }
        for absent in ["and", "10", "x", "1", "café"] {
            assert!(!v.has_term(absent), "{absent}");
        }
        assert!(v.has_category("household") && v.has_size("64 fl oz") && v.has_color("red"));
        // What is derived is a valid published vocabulary.
        let json = serde_json::to_vec(v).unwrap();
        assert_eq!(&Vocabulary::from_json(&json).unwrap(), v);
    }

    #[test]
    fn a_json_lines_file_loads_and_a_missing_one_is_a_load_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("products.jsonl");
        std::fs::write(&path, jsonl(&products())).unwrap();
        let c = LocalCatalog::from_jsonl_file(&path, Some(Vocabulary::empty())).unwrap();
        assert_eq!(c.len(), 16);
        assert_eq!(c.published_vocabulary(), &Vocabulary::empty());
        let message = load_error(LocalCatalog::from_jsonl_file(
            &dir.path().join("none.jsonl"),
            None,
        ));
        assert!(message.contains("none.jsonl"), "{message}");
    }

    #[test]
    fn bad_json_lines_are_load_errors_naming_the_line() {
        let good = jsonl(&products()[..2]);
        let cases = [
            (format!("{good}{{not json\n"), "line 3:"),
            (
                format!(
                    "{good}{}\n",
                    r#"{"id":"x1","title":"t","category":"c","product":"p","price":1,"colour":"red"}"#
                ),
                "unknown field",
            ),
            (
                format!(
                    "{}\n{good}",
                    r#"{"id":"x1","title":"t","category":"c","product":"p","price":-1}"#
                ),
                "line 1:",
            ),
            (
                format!("{good}\n{}", jsonl(&products()[1..2])),
                "line 4: duplicate product id g2 (first on line 2)",
            ),
            (format!("{good}[]\n"), "line 3:"),
        ];
        for (text, expected) in cases {
            let message = load_error(LocalCatalog::from_jsonl(&text, "bad.jsonl", None));
            assert!(message.contains(expected), "{expected:?} in {message}");
            assert!(message.contains("bad.jsonl"), "{message}");
        }
        let message = load_error(LocalCatalog::from_jsonl(
            &format!(
                "{good}{}\n",
                r#"{"id":"x1","title":"t","category":"c","product":"p","price":1,"colour":"red"}"#
            ),
            "bad.jsonl",
            None,
        ));
        assert!(message.contains("line 3:"), "{message}");
        let message = load_error(LocalCatalog::from_jsonl(
            r#"{"id":"x1","title":"t","category":"c","product":"p","price":-1}"#,
            "bad.jsonl",
            None,
        ));
        assert!(message.contains("price"), "{message}");
        for empty in ["", "\n\n  \n"] {
            let message = load_error(LocalCatalog::from_jsonl(empty, "empty.jsonl", None));
            assert!(message.contains("no products"), "{message}");
        }
    }

    #[test]
    fn many_bad_lines_list_the_first_five_and_count_the_rest() {
        let text = "x\n".repeat(8);
        let message = load_error(LocalCatalog::from_jsonl(&text, "bad.jsonl", None));
        for line in 1..=5 {
            assert!(message.contains(&format!("line {line}:")), "{message}");
        }
        assert!(!message.contains("line 6:"), "{message}");
        assert!(message.ends_with("and 3 more"), "{message}");
    }

    #[test]
    fn from_offers_refuses_invalid_duplicate_and_empty_lists() {
        let mut bad = products();
        bad[3].price = f64::NAN;
        assert!(
            load_error(LocalCatalog::from_offers(bad, Vocabulary::empty())).contains("product #4")
        );
        let mut twice = products();
        twice.push(twice[0].clone());
        assert!(
            load_error(LocalCatalog::from_offers(twice, Vocabulary::empty()))
                .contains("duplicate product id g1")
        );
        assert!(
            load_error(LocalCatalog::from_offers(Vec::new(), Vocabulary::empty()))
                .contains("no products")
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_catalog_trait_searches_locally_and_sends_nothing() {
        let c = catalog();
        assert_eq!(c.name(), "local");
        let vocabulary = Catalog::vocabulary(&c).await.unwrap();
        assert_eq!(&vocabulary, c.published_vocabulary());
        let query = CatalogQuery::from_published_terms(&["milk"], &vocabulary, Sort::Relevance)
            .expect("a query");
        let offers = c.search(&query).await.unwrap();
        assert_eq!(offers.offers.len(), 5);
        assert!(offers.sent.is_empty());
        assert_eq!(c.product("g1").await.unwrap().unwrap().id, "g1");
        assert_eq!(c.product("nope").await.unwrap(), None);
        let line = CartLine {
            id: "g1".into(),
            quantity: 1,
        };
        match c.checkout(&[line]).await {
            Err(CatalogError::NotAllowed(message)) => {
                assert!(message.contains("cannot take orders"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_embedded_catalog_loads_with_its_published_vocabulary() {
        let c = LocalCatalog::embedded().unwrap();
        assert!(c.len() >= 2_000, "{} products", c.len());
        assert_eq!(c.published_vocabulary(), Vocabulary::embedded());
    }

    #[test]
    fn the_derivation_rule_gives_the_published_demo_vocabulary() {
        let c = LocalCatalog::embedded().unwrap();
        let published = Vocabulary::embedded();
        assert_eq!(
            &derive_vocabulary(c.offers(), &published.retailer),
            published
        );
    }

    #[test]
    fn the_embedded_catalog_finds_almond_milk_first() {
        let c = LocalCatalog::embedded().unwrap();
        let found = c.find(&request(&["almond", "milk"])).unwrap();
        assert!(!found.is_empty());
        assert_eq!(found[0].product, "almond milk", "{:?}", found[0]);
    }

    #[test]
    fn the_embedded_catalog_applies_a_price_limit() {
        let c = LocalCatalog::embedded().unwrap();
        let mut r = request(&["running", "shoes"]);
        r.price_max = Some(50);
        let found = c.find(&r).unwrap();
        assert!(!found.is_empty());
        assert!(found.iter().all(|o| o.price <= 50.0), "{found:?}");
        // Without the limit, running shoes come first, and dearer ones too.
        r.price_max = None;
        let all = c.find(&r).unwrap();
        assert!(all[0].product.ends_with("running shoes"), "{:?}", all[0]);
        assert!(all.iter().any(|o| o.price > 50.0));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_embedded_catalog_answers_a_published_query() {
        let c = LocalCatalog::embedded().unwrap();
        let query =
            CatalogQuery::from_published_terms(&["milk"], Vocabulary::embedded(), Sort::PriceAsc)
                .expect("milk is published");
        let offers = c.search(&query).await.unwrap();
        assert!(!offers.offers.is_empty() && offers.sent.is_empty());
        assert!(offers.offers.windows(2).all(|w| w[0].price <= w[1].price));
    }
}
