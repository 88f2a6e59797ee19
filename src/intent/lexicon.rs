//! The lexicons: the word lists and rules the parser reads, compiled once.
//!
//! Takes the text files of `assets/lexicon/` (embedded with `include_str!`,
//! formats in `assets/lexicon/README.md`), plus any extra brands or products
//! a caller supplies, and compiles them into lookup tables keyed by word id:
//! a vocabulary, per-word flags and classes, a longest-match phrase index for
//! slot words, the filler index, the correction rules and the cue patterns.
//! Every later lookup is by integer id, so parsing never allocates per word.
//!
//! Loading never panics: a malformed line is skipped and recorded in
//! [`Lexicon::issues`]; a unit test keeps the built-in files free of issues.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use super::classify::{self, Classifier, Example};

use super::normalize::{normalize_with, numeric_value};
use super::pattern::{parse_items, Item, Pattern, PatternSet, Rule, Target};
use super::{IntentKind, Tok};

const NUMBERS: &str = include_str!("../../assets/lexicon/numbers.tsv");
const SYMBOLS: &str = include_str!("../../assets/lexicon/symbols.tsv");
const PRICES: &str = include_str!("../../assets/lexicon/prices.tsv");
const CLASSES: &str = include_str!("../../assets/lexicon/classes.tsv");
const STOPWORDS: &str = include_str!("../../assets/lexicon/stopwords.txt");
const FILLERS: &str = include_str!("../../assets/lexicon/fillers.tsv");
const UNITS: &str = include_str!("../../assets/lexicon/units.tsv");
const SIZES: &str = include_str!("../../assets/lexicon/sizes.tsv");
const ATTRIBUTES: &str = include_str!("../../assets/lexicon/attributes.tsv");
const COLORS: &str = include_str!("../../assets/lexicon/colors.txt");
const SORTS: &str = include_str!("../../assets/lexicon/sort.tsv");
const PRODUCTS: &str = include_str!("../../assets/lexicon/products.txt");
const DESCRIPTORS: &str = include_str!("../../assets/lexicon/descriptors.txt");
const BRANDS: &str = include_str!("../../assets/lexicon/brands.txt");
const VARIANTS: &str = include_str!("../../assets/lexicon/variants.tsv");
const MISHEARD: &str = include_str!("../../assets/lexicon/misheard.tsv");
const CUES: &str = include_str!("../../assets/lexicon/cues.tsv");

/// Confidence lost for each applied mis-hearing rule without its own penalty.
const DEFAULT_MISHEARD_PENALTY: f32 = 0.2;

/// A small fast hash for short words (FxHash's mixing step); deterministic.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`FxHasher`].
pub(crate) type Map<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Index of a word in the vocabulary.
pub(crate) type WordId = u32;

/// Word flags (bits of [`WordInfo::flags`]).
pub(crate) mod flag {
    /// Never part of a product phrase.
    pub(crate) const STOP: u16 = 1;
    /// Appears in a product or descriptor entry.
    pub(crate) const PRODUCT: u16 = 1 << 1;
    /// Shopping vocabulary of any kind (for how off-topic a text is).
    pub(crate) const SHOPPING: u16 = 1 << 2;
    /// A one-word unit or container form.
    pub(crate) const UNIT: u16 = 1 << 3;
    /// A one-word size form usable on its own.
    pub(crate) const SIZE: u16 = 1 << 4;
    /// Introduces a size: "size".
    pub(crate) const SIZE_KEYWORD: u16 = 1 << 5;
    /// "a", "an": one, before a unit.
    pub(crate) const ARTICLE: u16 = 1 << 6;
}

/// Flags and class membership of one word.
#[derive(Clone, Copy, Default)]
pub(crate) struct WordInfo {
    pub(crate) flags: u16,
    /// Bit `i` set when the word belongs to class `i` of `classes.tsv`.
    pub(crate) classes: u64,
}

/// Kinds of number words (`numbers.tsv`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum NumKind {
    Small,
    Tens,
    Scale,
    Dozen,
    Article,
    Joiner,
    Point,
}

/// What a symbol of `symbols.tsv` becomes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum SymbolRole {
    /// Spoken after the amount it marks: "$5" -> "5 dollars".
    Currency,
    /// Replaced by a word where it stands: "&" -> "and".
    Word,
}

/// Number words, number phrases, symbols and currency words: what
/// normalisation needs, kept apart because every other table is normalised
/// with it.
#[derive(Clone, Default)]
pub(crate) struct Numbers {
    words: Map<Box<str>, (NumKind, f64)>,
    /// Fixed phrases ("a couple of" = 2), longest first.
    phrases: Vec<(Vec<Box<str>>, f64)>,
    /// Phrases added to a number before them ("and a half" = 0.5).
    suffixes: Vec<(Vec<Box<str>>, f64)>,
    symbols: Vec<(char, Box<str>, SymbolRole)>,
    currency: Vec<Box<str>>,
    cents: Vec<Box<str>>,
}

impl Numbers {
    pub(crate) fn word(&self, w: &str) -> Option<(NumKind, f64)> {
        self.words.get(w).copied()
    }

    /// These numbers without the counting idioms ("a dozen", "a couple
    /// of", "half a", "and a half"): cardinal numbers and money only, the
    /// folding the scorer applies to transcripts.
    pub(crate) fn cardinals_only(&self) -> Numbers {
        let mut n = self.clone();
        n.phrases.clear();
        n.suffixes.clear();
        n.words.retain(|_, (kind, _)| *kind != NumKind::Dozen);
        n
    }

    pub(crate) fn kind(&self, w: &str) -> Option<NumKind> {
        self.words.get(w).map(|&(k, _)| k)
    }

    fn match_phrase(
        table: &[(Vec<Box<str>>, f64)],
        words: &[&str],
        i: usize,
    ) -> Option<(f64, usize)> {
        let rest = words.get(i..)?;
        table
            .iter()
            .find(|(p, _)| p.len() <= rest.len() && p.iter().zip(rest).all(|(a, b)| **a == **b))
            .map(|(p, v)| (*v, p.len()))
    }

    pub(crate) fn phrase_at(&self, words: &[&str], i: usize) -> Option<(f64, usize)> {
        Self::match_phrase(&self.phrases, words, i)
    }

    pub(crate) fn suffix_at(&self, words: &[&str], i: usize) -> Option<(f64, usize)> {
        Self::match_phrase(&self.suffixes, words, i)
    }

    pub(crate) fn symbol(&self, c: char) -> Option<(&str, SymbolRole)> {
        self.symbols
            .iter()
            .find(|(s, _, _)| *s == c)
            .map(|(_, w, r)| (&**w, *r))
    }

    /// True for a word a symbol is spoken as ("percent" for "%"), other
    /// than a currency or a joiner.
    pub(crate) fn is_symbol_word(&self, w: &str) -> bool {
        self.symbols.iter().any(|(_, word, role)| {
            *role == SymbolRole::Word && **word == *w && self.kind(w).is_none()
        })
    }

    pub(crate) fn is_currency(&self, w: &str) -> bool {
        self.currency.iter().any(|c| **c == *w)
    }

    pub(crate) fn is_cents(&self, w: &str) -> bool {
        self.cents.iter().any(|c| **c == *w)
    }
}

/// Roles of price words (`prices.tsv`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PriceRole {
    Max,
    Min,
    Between,
    From,
    OrLess,
    OrMore,
    Currency,
    Cents,
}

/// The spec's sort values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum SortKey {
    PriceAsc,
    PriceDesc,
    Rating,
}

impl SortKey {
    pub(crate) fn name(self) -> &'static str {
        match self {
            SortKey::PriceAsc => "price_asc",
            SortKey::PriceDesc => "price_desc",
            SortKey::Rating => "rating",
        }
    }
}

/// What a phrase of the slot lexicons is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tag {
    Attribute(u16),
    Sort(SortKey),
    Unit(u16),
    Size(u16),
    /// A letter size ("m"), only read after "size".
    Letter(u16),
    /// A measure word for sizes like "55 inch".
    Measure(u16),
    Price(PriceRole),
    Brand,
    Color,
    Product,
    Descriptor,
}

impl Tag {
    /// Which tag wins when phrases of equal length match (lower wins).
    fn rank(self) -> u8 {
        match self {
            Tag::Attribute(_) => 0,
            Tag::Sort(_) => 1,
            Tag::Unit(_) => 2,
            Tag::Size(_) => 3,
            Tag::Letter(_) => 4,
            Tag::Measure(_) => 5,
            Tag::Price(_) => 6,
            Tag::Brand => 7,
            Tag::Color => 8,
            Tag::Product => 9,
            Tag::Descriptor => 10,
        }
    }
}

/// A unit or container of `units.tsv`.
#[derive(Clone, Debug)]
pub(crate) struct UnitDef {
    /// Singular canonical name ("pound").
    pub(crate) name: Box<str>,
    /// Plural, for summaries ("pounds").
    pub(crate) plural: Box<str>,
    /// True for the spec's units (they fill the `unit` slot); false for
    /// containers that are counted but are no unit ("jar").
    pub(crate) slot: bool,
}

/// A phrase of an index: its word ids and what it stands for.
type PhraseEntry<T> = (Box<[WordId]>, T);

/// Phrases keyed by their first word, longest first.
#[derive(Clone)]
pub(crate) struct PhraseIndex<T: Copy> {
    by_first: Map<WordId, Vec<PhraseEntry<T>>>,
    pub(crate) longest: usize,
}

impl<T: Copy> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            by_first: Map::default(),
            longest: 0,
        }
    }
}

impl<T: Copy> PhraseIndex<T> {
    fn insert(&mut self, words: Vec<WordId>, value: T)
    where
        T: PartialEq,
    {
        let Some(&first) = words.first() else {
            return;
        };
        self.longest = self.longest.max(words.len());
        let list = self.by_first.entry(first).or_default();
        if !list.iter().any(|(w, v)| **w == *words && *v == value) {
            list.push((words.into_boxed_slice(), value));
        }
    }

    fn sort_by(&mut self, rank: impl Fn(&T) -> u8) {
        for list in self.by_first.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(rank(&a.1).cmp(&rank(&b.1))));
        }
    }

    /// Phrases matching `toks` from `start` over tokens not in `blocked`,
    /// longest first (then by rank).
    pub(crate) fn matches<'s>(
        &'s self,
        toks: &'s [Tok<'_>],
        start: usize,
        blocked: u64,
    ) -> impl Iterator<Item = (usize, T)> + 's {
        let list = toks
            .get(start)
            .and_then(|t| t.id)
            .and_then(|first| self.by_first.get(&first))
            .map(|l| l.as_slice())
            .unwrap_or(&[]);
        let rest = toks.get(start..).unwrap_or(&[]);
        list.iter()
            .filter(move |(words, _)| {
                words.len() <= rest.len()
                    && words.iter().zip(rest).enumerate().all(|(k, (w, t))| {
                        let pos = start + k;
                        Some(*w) == t.id && (pos >= 64 || blocked & (1u64 << pos) == 0)
                    })
            })
            .map(|(words, v)| (words.len(), *v))
    }
}

/// Where a filler may be dropped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum FillerPos {
    Start,
    End,
    Anywhere,
}

/// Bits of the classes of `classes.tsv` that the slot extractor reads.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct KnownClasses {
    /// Determiners before a unit: "the", "this".
    pub(crate) det: u64,
    /// "of" after a unit.
    pub(crate) of: u64,
    /// "in" before a colour ("in white").
    pub(crate) in_: u64,
    /// Separators of avoid items: "and", "or".
    pub(crate) list: u64,
    /// Words dropped from avoid items: "anything", "with", "products".
    pub(crate) avoid_noise: u64,
    /// Words that end an avoid capture: "so", "but".
    pub(crate) avoid_stop: u64,
    /// "percent" after a number ("2 percent milk").
    pub(crate) percent: u64,
    /// Words between "size" and its value: "is", "of".
    pub(crate) size_link: u64,
    /// Joins the two amounts of a range: "and", "to".
    pub(crate) range: u64,
}

/// Extra vocabulary a caller added to the built-in files.
#[derive(Clone, Default)]
pub(crate) struct Extras {
    brands: Vec<String>,
    products: Vec<String>,
}

/// The compiled lexicons the parser reads: vocabulary, slot phrases,
/// fillers, mis-hearing rules and intent cue patterns.
///
/// [`Lexicon::builtin`] is compiled once from the files of `assets/lexicon/`
/// embedded in the binary; [`Lexicon::with_extra_brands`] and
/// [`Lexicon::with_extra_products`] compile a new one that also knows a
/// retailer's published vocabulary.
pub struct Lexicon {
    extras: Extras,
    pub(crate) numbers: Numbers,
    vocab: Map<Box<str>, WordId>,
    pub(crate) info: Vec<WordInfo>,
    pub(crate) phrases: PhraseIndex<Tag>,
    pub(crate) fillers: PhraseIndex<FillerPos>,
    pub(crate) attributes: Vec<Box<str>>,
    pub(crate) units: Vec<UnitDef>,
    pub(crate) sizes: Vec<Box<str>>,
    pub(crate) measures: Vec<Box<str>>,
    class_names: Vec<Box<str>>,
    pub(crate) known: KnownClasses,
    pub(crate) rules: Vec<Rule>,
    pub(crate) rule_index: Map<WordId, Vec<u32>>,
    pub(crate) cues: PatternSet,
    pub(crate) ignores: PatternSet,
    /// Frame words learnt from the labelled corpus (never in a slot).
    frame_words: Arc<Vec<String>>,
    /// The intent classifier trained on the labelled corpus.
    pub(crate) classifier: Arc<Classifier>,
    issues: Vec<String>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.vocab.len())
            .field("rules", &self.rules.len())
            .field("cues", &self.cues.patterns.len())
            .field("issues", &self.issues.len())
            .finish_non_exhaustive()
    }
}

/// Lines of a lexicon file: trimmed, without comments and blank lines,
/// with their 1-based numbers.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        let t = l.trim();
        (!t.is_empty() && !t.starts_with('#')).then_some((i + 1, l))
    })
}

/// Tab-separated fields, each trimmed.
fn fields(line: &str) -> Vec<&str> {
    line.split('\t').map(str::trim).collect()
}

/// Plural forms a product word may be spoken in (more is harmless).
fn plural_forms(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let ends = |s: &str| word.ends_with(s);
    if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") || ends("o") {
        out.push(format!("{word}es"));
    }
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            out.push(format!("{stem}ies"));
        }
    }
    if let Some(stem) = word.strip_suffix("fe") {
        out.push(format!("{stem}ves"));
    } else if let Some(stem) = word.strip_suffix('f') {
        out.push(format!("{stem}ves"));
    }
    if !ends("s") {
        out.push(format!("{word}s"));
    }
    out
}

impl Lexicon {
    /// The built-in lexicons, compiled on first use and shared afterwards.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Lexicon::learn(Extras::default(), &classify::examples(classify::CORPUS))
        })
    }

    /// Compile the lexicon files plus `extras`, then learn the frame words
    /// and train the intent classifier on `corpus`.
    pub(crate) fn learn(extras: Extras, corpus: &[Example]) -> Lexicon {
        let frame_words = Arc::new(classify::frame_words(corpus));
        let mut lex = Lexicon::compile(extras, frame_words);
        lex.classifier = Arc::new(Classifier::from_corpus(corpus, &lex));
        lex
    }

    /// A lexicon learnt from another corpus (for cross-validation).
    #[cfg(test)]
    pub(crate) fn with_corpus(corpus: &[Example]) -> Lexicon {
        Lexicon::learn(Extras::default(), corpus)
    }

    /// Compile again with other extras, keeping what was learnt.
    fn recompile(&self, extras: Extras) -> Lexicon {
        let mut lex = Lexicon::compile(extras, Arc::clone(&self.frame_words));
        lex.classifier = Arc::clone(&self.classifier);
        lex
    }

    /// A copy of this lexicon that also knows `brands` (spoken forms, any
    /// case; normalised like transcripts; `a|b` lists forms of one brand).
    /// For a retailer's published brand list. Compiles a whole new lexicon
    /// (a few milliseconds): do it once per vocabulary, not per utterance.
    pub fn with_extra_brands(&self, brands: impl IntoIterator<Item = String>) -> Lexicon {
        let mut extras = self.extras.clone();
        extras.brands.extend(brands);
        self.recompile(extras)
    }

    /// A copy of this lexicon that also knows `products` (product nouns or
    /// phrases in the singular; plurals are derived). Compiles a new
    /// lexicon, like [`Lexicon::with_extra_brands`].
    pub fn with_extra_products(&self, products: impl IntoIterator<Item = String>) -> Lexicon {
        let mut extras = self.extras.clone();
        extras.products.extend(products);
        self.recompile(extras)
    }

    /// True when `term` (normalised like a transcript) is a product word or
    /// phrase of this lexicon: for checking what may go into a catalog query.
    pub fn knows_product(&self, term: &str) -> bool {
        self.phrase_has(term, |t| matches!(t, Tag::Product | Tag::Descriptor))
    }

    /// True when `term` (normalised like a transcript) is a known brand.
    pub fn knows_brand(&self, term: &str) -> bool {
        self.phrase_has(term, |t| t == Tag::Brand)
    }

    /// Every word of this lexicon's product, descriptor, brand and
    /// attribute phrases (derived plurals included), sorted: hushcart's
    /// built-in product vocabulary, which a catalog query may use besides a
    /// retailer's published one (`spec/privacy.md`).
    pub fn product_vocabulary(&self) -> std::collections::BTreeSet<String> {
        let mut text: Vec<&str> = vec![""; self.info.len()];
        for (word, &id) in &self.vocab {
            if let Some(slot) = text.get_mut(id as usize) {
                *slot = word;
            }
        }
        let wanted = |tag: Tag| {
            matches!(
                tag,
                Tag::Product | Tag::Descriptor | Tag::Brand | Tag::Attribute(_)
            )
        };
        self.phrases
            .by_first
            .values()
            .flatten()
            .filter(|(_, tag)| wanted(*tag))
            .flat_map(|(words, _)| words.iter())
            .filter_map(|&id| text.get(id as usize).copied())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Lines of the lexicon files that could not be read and were skipped
    /// (empty for the built-in files).
    pub fn issues(&self) -> &[String] {
        &self.issues
    }

    fn phrase_has(&self, term: &str, want: impl Fn(Tag) -> bool) -> bool {
        let norm = normalize_with(term, &self.numbers).text;
        let toks: Vec<Tok<'_>> = norm.split(' ').map(|w| Tok::new(w, self)).collect();
        let found = self
            .phrases
            .matches(&toks, 0, 0)
            .any(|(len, tag)| len == toks.len() && want(tag));
        found
    }

    /// The id of a word, when the lexicons know it.
    pub(crate) fn id(&self, word: &str) -> Option<WordId> {
        self.vocab.get(word).copied()
    }

    pub(crate) fn info(&self, id: Option<WordId>) -> WordInfo {
        id.and_then(|i| self.info.get(i as usize))
            .copied()
            .unwrap_or_default()
    }

    pub(crate) fn has_flag(&self, id: Option<WordId>, f: u16) -> bool {
        self.info(id).flags & f != 0
    }

    /// The class bit of a class name of `classes.tsv` (0 when unknown).
    pub(crate) fn class_bit(&self, name: &str) -> u64 {
        self.class_names
            .iter()
            .position(|c| **c == *name)
            .map(|i| 1u64 << i)
            .unwrap_or(0)
    }

    pub(crate) fn in_class(&self, id: Option<WordId>, bit: u64) -> bool {
        self.info(id).classes & bit != 0
    }

    fn intern(&mut self, word: &str) -> WordId {
        if let Some(&id) = self.vocab.get(word) {
            return id;
        }
        let id = self.info.len() as WordId;
        self.vocab.insert(word.into(), id);
        self.info.push(WordInfo::default());
        id
    }

    fn flag_word(&mut self, id: WordId, f: u16) {
        if let Some(info) = self.info.get_mut(id as usize) {
            info.flags |= f;
        }
    }

    /// Normalise an entry into words (the same way transcripts are).
    pub(crate) fn normal_words(&self, text: &str) -> Vec<String> {
        normalize_with(text, &self.numbers)
            .text
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn intern_phrase(&mut self, text: &str) -> Vec<WordId> {
        let words = self.normal_words(text);
        words.iter().map(|w| self.intern(w)).collect()
    }

    fn issue(&mut self, file: &str, line: usize, msg: impl std::fmt::Display) {
        self.issues.push(format!("{file}:{line}: {msg}"));
    }

    fn compile(extras: Extras, frame_words: Arc<Vec<String>>) -> Lexicon {
        let mut lex = Lexicon {
            extras,
            numbers: Numbers::default(),
            vocab: Map::default(),
            info: Vec::new(),
            phrases: PhraseIndex::default(),
            fillers: PhraseIndex::default(),
            attributes: Vec::new(),
            units: Vec::new(),
            sizes: Vec::new(),
            measures: Vec::new(),
            class_names: Vec::new(),
            known: KnownClasses::default(),
            rules: Vec::new(),
            rule_index: Map::default(),
            cues: PatternSet::default(),
            ignores: PatternSet::default(),
            frame_words: Arc::clone(&frame_words),
            classifier: Arc::new(Classifier::train(&[])),
            issues: Vec::new(),
        };
        lex.load_numbers();
        lex.load_classes();
        lex.known = KnownClasses {
            det: lex.class_bit("det"),
            of: lex.class_bit("of"),
            in_: lex.class_bit("in"),
            list: lex.class_bit("list"),
            avoid_noise: lex.class_bit("avoid_noise"),
            avoid_stop: lex.class_bit("avoid_stop"),
            percent: lex.class_bit("percent"),
            size_link: lex.class_bit("size_link"),
            range: lex.class_bit("range"),
        };
        lex.load_words(STOPWORDS, flag::STOP);
        lex.load_fillers();
        lex.load_units();
        lex.load_sizes();
        lex.load_attributes();
        lex.load_list(COLORS, Tag::Color, false);
        lex.load_sorts();
        lex.load_prices();
        lex.load_list(PRODUCTS, Tag::Product, true);
        let extra_products = std::mem::take(&mut lex.extras.products);
        for p in &extra_products {
            lex.add_phrase_forms(p, Tag::Product, true);
        }
        lex.extras.products = extra_products;
        lex.load_list(DESCRIPTORS, Tag::Descriptor, false);
        lex.load_list(BRANDS, Tag::Brand, false);
        let extra_brands = std::mem::take(&mut lex.extras.brands);
        for b in &extra_brands {
            lex.add_phrase_forms(b, Tag::Brand, false);
        }
        lex.extras.brands = extra_brands;
        lex.phrases.sort_by(|t| t.rank());
        lex.load_rules(VARIANTS, "variants.tsv", 0.0);
        lex.load_rules(MISHEARD, "misheard.tsv", DEFAULT_MISHEARD_PENALTY);
        lex.load_cues();
        lex.load_frame_words(&frame_words);
        lex
    }

    /// Frame words learnt from the corpus become stop words, unless a
    /// lexicon file lists them as shopping vocabulary.
    fn load_frame_words(&mut self, words: &[String]) {
        for w in words {
            for w in self.normal_words(w) {
                let id = self.intern(&w);
                if !self.has_flag(Some(id), flag::SHOPPING | flag::PRODUCT)
                    && w.parse::<f64>().is_err()
                {
                    self.flag_word(id, flag::STOP);
                }
            }
        }
    }

    fn load_numbers(&mut self) {
        let mut numbers = Numbers::default();
        for (n, line) in lines(NUMBERS) {
            let f = fields(line);
            let (Some(&text), Some(value), Some(&kind)) = (
                f.first(),
                f.get(1).and_then(|v| v.parse::<f64>().ok()),
                f.get(2),
            ) else {
                self.issue("numbers.tsv", n, "want: words<TAB>value<TAB>kind");
                continue;
            };
            let words: Vec<Box<str>> = text
                .split_whitespace()
                .map(|w| w.to_lowercase().into())
                .collect();
            let single = || words.first().cloned().filter(|_| words.len() == 1);
            let kind = match kind {
                "small" => Some(NumKind::Small),
                "tens" => Some(NumKind::Tens),
                "scale" => Some(NumKind::Scale),
                "dozen" => Some(NumKind::Dozen),
                "article" => Some(NumKind::Article),
                "joiner" => Some(NumKind::Joiner),
                "point" => Some(NumKind::Point),
                "phrase" => {
                    numbers.phrases.push((words.clone(), value));
                    None
                }
                "suffix" => {
                    numbers.suffixes.push((words.clone(), value));
                    None
                }
                other => {
                    self.issue("numbers.tsv", n, format!("unknown kind {other:?}"));
                    None
                }
            };
            if let Some(kind) = kind {
                match single() {
                    Some(w) => {
                        numbers.words.insert(w, (kind, value));
                    }
                    None => self.issue("numbers.tsv", n, "a number word is one word"),
                }
            }
        }
        numbers
            .phrases
            .sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        numbers
            .suffixes
            .sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        for (n, line) in lines(SYMBOLS) {
            let f = fields(line);
            let mut chars = f.first().map(|s| s.chars()).into_iter().flatten();
            let (Some(c), None, Some(&word), Some(&role)) =
                (chars.next(), chars.next(), f.get(1), f.get(2))
            else {
                self.issue("symbols.tsv", n, "want: symbol<TAB>word<TAB>currency|word");
                continue;
            };
            let role = match role {
                "currency" => SymbolRole::Currency,
                "word" => SymbolRole::Word,
                other => {
                    self.issue("symbols.tsv", n, format!("unknown role {other:?}"));
                    continue;
                }
            };
            numbers.symbols.push((c, word.to_lowercase().into(), role));
        }
        for (_, line) in lines(PRICES) {
            let f = fields(line);
            match (f.first(), f.get(1)) {
                (Some(w), Some(&"currency")) => numbers.currency.push(w.to_lowercase().into()),
                (Some(w), Some(&"cents")) => numbers.cents.push(w.to_lowercase().into()),
                _ => {}
            }
        }
        self.numbers = numbers;
        let articles: Vec<Box<str>> = self
            .numbers
            .words
            .iter()
            .filter(|(_, (k, _))| *k == NumKind::Article)
            .map(|(w, _)| w.clone())
            .collect();
        for w in articles {
            let id = self.intern(&w);
            self.flag_word(id, flag::ARTICLE);
        }
    }

    fn load_classes(&mut self) {
        for (n, line) in lines(CLASSES) {
            let f = fields(line);
            let (Some(name), Some(words)) = (f.first().and_then(|s| s.strip_prefix('@')), f.get(1))
            else {
                self.issue("classes.tsv", n, "want: @name<TAB>words");
                continue;
            };
            let bit = match self.class_names.iter().position(|c| **c == *name) {
                Some(i) => 1u64 << i,
                None if self.class_names.len() < 64 => {
                    self.class_names.push(name.into());
                    1u64 << (self.class_names.len() - 1)
                }
                None => {
                    self.issue("classes.tsv", n, "more than 64 classes");
                    continue;
                }
            };
            for w in words.split_whitespace() {
                for norm in self.normal_words(w) {
                    let id = self.intern(&norm);
                    if let Some(info) = self.info.get_mut(id as usize) {
                        info.classes |= bit;
                    }
                }
            }
        }
    }

    fn load_words(&mut self, text: &str, f: u16) {
        for (_, line) in lines(text) {
            for w in self.normal_words(line.trim()) {
                let id = self.intern(&w);
                self.flag_word(id, f);
            }
        }
    }

    fn load_fillers(&mut self) {
        for (n, line) in lines(FILLERS) {
            let f = fields(line);
            let pos = match f.get(1).copied() {
                Some("start") => FillerPos::Start,
                Some("end") => FillerPos::End,
                Some("anywhere") => FillerPos::Anywhere,
                _ => {
                    self.issue("fillers.tsv", n, "want: phrase<TAB>start|end|anywhere");
                    continue;
                }
            };
            let ids = self.intern_phrase(f.first().copied().unwrap_or(""));
            if ids.is_empty() {
                self.issue("fillers.tsv", n, "empty phrase");
                continue;
            }
            self.fillers.insert(ids, pos);
        }
        self.fillers.sort_by(|_| 0);
    }

    /// Add a phrase and its forms (`a|b|c`) with a tag; plurals of the last
    /// word when `plurals`.
    fn add_phrase_forms(&mut self, text: &str, tag: Tag, plurals: bool) {
        for form in text.split('|') {
            let words = self.normal_words(form);
            if words.is_empty() {
                continue;
            }
            let mut variants = vec![words.clone()];
            if plurals {
                if let Some(last) = words.last() {
                    for p in plural_forms(last) {
                        let mut v = words.clone();
                        if let Some(l) = v.last_mut() {
                            *l = p;
                        }
                        variants.push(v);
                    }
                }
            }
            for v in variants {
                let ids: Vec<WordId> = v.iter().map(|w| self.intern(w)).collect();
                let mut f = flag::SHOPPING;
                if matches!(tag, Tag::Product | Tag::Descriptor) {
                    f |= flag::PRODUCT;
                }
                for &id in &ids {
                    self.flag_word(id, f);
                }
                if ids.len() == 1 {
                    match tag {
                        Tag::Unit(_) => self.flag_word(ids[0], flag::UNIT),
                        Tag::Size(_) => self.flag_word(ids[0], flag::SIZE),
                        _ => {}
                    }
                }
                self.phrases.insert(ids, tag);
            }
        }
    }

    fn load_list(&mut self, text: &str, tag: Tag, plurals: bool) {
        for (_, line) in lines(text) {
            self.add_phrase_forms(line.trim(), tag, plurals);
        }
    }

    fn load_units(&mut self) {
        for (n, line) in lines(UNITS) {
            let f = fields(line);
            let (Some(&name), Some(&kind), Some(&forms)) = (f.first(), f.get(1), f.get(2)) else {
                self.issue(
                    "units.tsv",
                    n,
                    "want: name<TAB>unit|container|measure<TAB>forms",
                );
                continue;
            };
            let name = self.normal_words(name).join(" ");
            let plural = forms
                .split('|')
                .nth(1)
                .map(|p| self.normal_words(p).join(" "));
            let plural = plural.unwrap_or_else(|| format!("{name}s"));
            match kind {
                "unit" | "container" => {
                    let index = self.units.len() as u16;
                    self.units.push(UnitDef {
                        name: name.into(),
                        plural: plural.into(),
                        slot: kind == "unit",
                    });
                    self.add_phrase_forms(forms, Tag::Unit(index), false);
                }
                "measure" => {
                    let index = self.measures.len() as u16;
                    self.measures.push(name.into());
                    self.add_phrase_forms(forms, Tag::Measure(index), false);
                }
                other => self.issue("units.tsv", n, format!("unknown kind {other:?}")),
            }
        }
    }

    fn load_sizes(&mut self) {
        for (n, line) in lines(SIZES) {
            let f = fields(line);
            let (Some(&name), Some(&kind), Some(&forms)) = (f.first(), f.get(1), f.get(2)) else {
                self.issue(
                    "sizes.tsv",
                    n,
                    "want: canonical<TAB>word|letter|keyword<TAB>forms",
                );
                continue;
            };
            if kind == "keyword" {
                for form in forms.split('|') {
                    for w in self.normal_words(form) {
                        let id = self.intern(&w);
                        self.flag_word(id, flag::SIZE_KEYWORD);
                    }
                }
                continue;
            }
            let canonical = self.normal_words(name).join(" ");
            let index = match self.sizes.iter().position(|s| **s == *canonical) {
                Some(i) => i as u16,
                None => {
                    self.sizes.push(canonical.into());
                    (self.sizes.len() - 1) as u16
                }
            };
            match kind {
                "word" => self.add_phrase_forms(forms, Tag::Size(index), false),
                "letter" => self.add_phrase_forms(forms, Tag::Letter(index), false),
                other => self.issue("sizes.tsv", n, format!("unknown kind {other:?}")),
            }
        }
    }

    fn load_attributes(&mut self) {
        for (n, line) in lines(ATTRIBUTES) {
            let f = fields(line);
            let (Some(&name), Some(&forms)) = (f.first(), f.get(1)) else {
                self.issue("attributes.tsv", n, "want: canonical<TAB>forms");
                continue;
            };
            let valid = !name.is_empty()
                && name
                    .split('-')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()));
            if !valid {
                self.issue(
                    "attributes.tsv",
                    n,
                    "canonical attributes are lower case and hyphenated",
                );
                continue;
            }
            let index = self.attributes.len() as u16;
            self.attributes.push(name.into());
            self.add_phrase_forms(forms, Tag::Attribute(index), false);
        }
    }

    fn load_sorts(&mut self) {
        for (n, line) in lines(SORTS) {
            let f = fields(line);
            let key = match f.get(1).copied() {
                Some("price_asc") => SortKey::PriceAsc,
                Some("price_desc") => SortKey::PriceDesc,
                Some("rating") => SortKey::Rating,
                _ => {
                    self.issue(
                        "sort.tsv",
                        n,
                        "want: phrase<TAB>price_asc|price_desc|rating",
                    );
                    continue;
                }
            };
            self.add_phrase_forms(f.first().copied().unwrap_or(""), Tag::Sort(key), false);
        }
    }

    fn load_prices(&mut self) {
        for (n, line) in lines(PRICES) {
            let f = fields(line);
            let role = match f.get(1).copied() {
                Some("max") => PriceRole::Max,
                Some("min") => PriceRole::Min,
                Some("between") => PriceRole::Between,
                Some("from") => PriceRole::From,
                Some("or_less") => PriceRole::OrLess,
                Some("or_more") => PriceRole::OrMore,
                Some("currency") => PriceRole::Currency,
                Some("cents") => PriceRole::Cents,
                _ => {
                    self.issue("prices.tsv", n, "want: phrase<TAB>role");
                    continue;
                }
            };
            self.add_phrase_forms(f.first().copied().unwrap_or(""), Tag::Price(role), false);
        }
    }

    fn load_rules(&mut self, text: &str, file: &str, default_penalty: f32) {
        for (n, line) in lines(text) {
            let f = fields(line);
            let (Some(&heard), Some(&meant)) = (f.first(), f.get(1)) else {
                self.issue(
                    file,
                    n,
                    "want: heard<TAB>meant<TAB>before<TAB>after[<TAB>penalty]",
                );
                continue;
            };
            let penalty = match f.get(4).filter(|p| !p.is_empty()) {
                Some(p) => match p.parse::<f32>() {
                    Ok(v) if (0.0..=1.0).contains(&v) => v,
                    _ => {
                        self.issue(file, n, "penalty is a number in 0..=1");
                        continue;
                    }
                },
                None => default_penalty,
            };
            let mut heard_alts = Vec::new();
            let mut bad = None;
            for alt in heard.split(',') {
                match parse_items(self, alt.trim()) {
                    Ok(items)
                        if !items.is_empty()
                            && items.iter().all(|i| {
                                matches!(
                                    i,
                                    Item::Word {
                                        optional: false,
                                        consume: true,
                                        ..
                                    }
                                )
                            }) =>
                    {
                        heard_alts.push(items.into_boxed_slice())
                    }
                    Ok(_) => {
                        bad = Some(
                            "heard is one or more words (a|b alternatives, commas between phrases)"
                                .to_string(),
                        )
                    }
                    Err(e) => bad = Some(e),
                }
            }
            if let Some(e) = bad {
                self.issue(file, n, e);
                continue;
            }
            let meant_words: Vec<String> = if meant == "-" {
                Vec::new()
            } else {
                self.normal_words(meant)
            };
            let meant_ids: Vec<(Box<str>, WordId, Option<f64>)> = meant_words
                .iter()
                .map(|w| (w.as_str().into(), self.intern(w), numeric_value(w)))
                .collect();
            let mut contexts = [Vec::new(), Vec::new()];
            for (k, col) in [f.get(2), f.get(3)].into_iter().enumerate() {
                let col = col.copied().unwrap_or("");
                if col.is_empty() || col == "-" {
                    continue;
                }
                for alt in col.split(',') {
                    match parse_items(self, alt.trim()) {
                        Ok(items) if items.iter().all(Item::is_context) => {
                            contexts[k].push(items.into_boxed_slice())
                        }
                        Ok(_) => {
                            bad = Some(
                                "contexts take words, @class, #class, ^ and $ only".to_string(),
                            )
                        }
                        Err(e) => bad = Some(e),
                    }
                }
            }
            if let Some(e) = bad {
                self.issue(file, n, e);
                continue;
            }
            let [before, after] = contexts;
            let index = self.rules.len() as u32;
            for alt in &heard_alts {
                if let Some(Item::Word { ids, .. }) = alt.first() {
                    for &id in ids.iter() {
                        let list = self.rule_index.entry(id).or_default();
                        if !list.contains(&index) {
                            list.push(index);
                        }
                    }
                }
            }
            self.rules.push(Rule {
                heard: heard_alts.into_boxed_slice(),
                meant: meant_ids.into_boxed_slice(),
                before: before.into_boxed_slice(),
                after: after.into_boxed_slice(),
                penalty,
            });
        }
    }

    fn load_cues(&mut self) {
        let mut cues = Vec::new();
        let mut ignores = Vec::new();
        for (n, line) in lines(CUES) {
            let f = fields(line);
            let (Some(&target), Some(weight), Some(&pattern)) = (
                f.first(),
                f.get(1).and_then(|w| w.parse::<f32>().ok()),
                f.get(2),
            ) else {
                self.issue("cues.tsv", n, "want: intent<TAB>weight<TAB>pattern");
                continue;
            };
            let target = if target == "ignore" {
                Target::Ignore
            } else if let Some(kind) = IntentKind::from_name(target) {
                Target::Intent(kind)
            } else {
                self.issue("cues.tsv", n, format!("unknown intent {target:?}"));
                continue;
            };
            if !(0.0..=1.0).contains(&weight) {
                self.issue("cues.tsv", n, "weight is in 0..=1");
                continue;
            }
            match parse_items(self, pattern) {
                Ok(items) if items.iter().any(Item::is_literal) => {
                    let p = Pattern::new(target, weight, items, n as u32);
                    if target == Target::Ignore {
                        ignores.push(p);
                    } else {
                        cues.push(p);
                    }
                }
                Ok(_) => self.issue("cues.tsv", n, "a pattern needs at least one word"),
                Err(e) => self.issue("cues.tsv", n, e),
            }
        }
        self.cues = PatternSet::build(cues, &self.info);
        self.ignores = PatternSet::build(ignores, &self.info);
    }

    /// Intern a pattern word (already normalised to one word).
    pub(crate) fn pattern_word(&mut self, word: &str) -> Result<WordId, String> {
        let words = self.normal_words(word);
        match words.as_slice() {
            [one] => Ok(self.intern(one)),
            _ => Err(format!("{word:?} is not one word once normalised")),
        }
    }

    /// The class bit of `@name`, for patterns.
    pub(crate) fn pattern_class(&self, name: &str) -> Result<u64, String> {
        match self.class_bit(name) {
            0 => Err(format!("unknown class @{name}")),
            bit => Ok(bit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_files_have_no_issues() {
        let lex = Lexicon::builtin();
        assert!(lex.issues().is_empty(), "{:#?}", lex.issues());
    }

    #[test]
    fn builtin_lexicon_knows_the_spec_vocabulary() {
        let lex = Lexicon::builtin();
        for unit in [
            "pack", "bottle", "box", "bag", "can", "pound", "kilogram", "ounce", "liter", "gallon",
        ] {
            assert!(
                lex.units.iter().any(|u| &*u.name == unit && u.slot),
                "{unit}"
            );
        }
        for attr in [
            "organic",
            "gluten-free",
            "vegan",
            "dairy-free",
            "sugar-free",
            "fair-trade",
            "wireless",
            "waterproof",
            "noise-cancelling",
            "refurbished",
        ] {
            assert!(lex.attributes.iter().any(|a| &**a == attr), "{attr}");
        }
        for class in [
            "cart",
            "det",
            "of",
            "in",
            "list",
            "avoid_noise",
            "percent",
            "size_link",
            "range",
        ] {
            assert_ne!(lex.class_bit(class), 0, "@{class} is used by the code");
        }
    }

    #[test]
    fn extra_brands_and_products_extend_a_copy() {
        let lex = Lexicon::builtin();
        assert!(!lex.knows_brand("Zorblax"));
        let more = lex.with_extra_brands(["Zorblax".to_string()]);
        assert!(more.knows_brand("zorblax"));
        assert!(!lex.knows_brand("zorblax"));
        let more = more.with_extra_products(["flux capacitor".to_string()]);
        assert!(more.knows_product("flux capacitors"));
        assert!(more.knows_brand("zorblax"), "extras accumulate");
    }

    #[test]
    fn plural_forms_cover_common_spellings() {
        assert!(plural_forms("berry").contains(&"berries".to_string()));
        assert!(plural_forms("box").contains(&"boxes".to_string()));
        assert!(plural_forms("loaf").contains(&"loaves".to_string()));
        assert!(plural_forms("knife").contains(&"knives".to_string()));
        assert!(plural_forms("tomato").contains(&"tomatoes".to_string()));
        assert!(plural_forms("egg").contains(&"eggs".to_string()));
    }
}
