//! Intent parsing: what the shopper asked for, from what they said.
//!
//! Takes: the text of one utterance, as on-device speech recognition
//! (whisper tiny.en) wrote it: capitals, punctuation, digits or number
//! words, "$5", fillers, and the recogniser's typical mis-hearings.
//! Produces: an [`Intent`]: one of the 13 [`IntentKind`]s of
//! `spec/intents.md`, its [`Slots`] normalised as the spec says, and a
//! confidence in 0..=1 that tells the caller when to confirm before acting
//! ([`Intent::needs_confirmation`]).
//!
//! How: a rule engine over data. [`normalize`] the text (lower case, no
//! punctuation, numbers as digits); drop fillers and politeness ("um",
//! "hey, can you", "please"); repair spelling variants and mis-hearings,
//! each only in the context its rule names ("card" is the cart in "to my
//! card", not in "my credit card"); pick the intent whose cue phrase
//! matches best (each cue carries a weight: how sure that phrase makes us);
//! let the statistical classifier (`classify`, logistic regression over
//! word and character n-grams, trained on `assets/intents/dev.jsonl` when
//! the lexicon is compiled) decide where no cue matched or a weak cue is
//! contradicted by a sure classification; extract the slots from what the
//! cue did not consume; score confidence. Every word list, cue and rule is
//! a file of `assets/lexicon/` (see its `README.md`), embedded at build
//! time and compiled once ([`Lexicon`]); words that the labelled corpus
//! only ever uses around slots ("scrap the peaches") are learnt as frame
//! words and kept out of the product.
//!
//! Runs on: the caller's thread; pure and deterministic, about 10
//! microseconds per utterance, no I/O (the lexicons are compiled and the
//! classifier trained on first use: about 0.1 s, once per process).
//!
//! Limits: only the first 1,000 characters and, after normalisation, the
//! first 64 words of an utterance are read ([`MAX_INPUT_CHARS`],
//! [`MAX_WORDS`]); one product per utterance.
//!
//! Must never: log the text or any slot value (they are what the shopper
//! said; `Intent` and `Slots` derive `Debug` for tests and must not be
//! logged at `info` or above); panic on any input; act on anything itself
//! (it only says what was understood).

mod classify;
mod lexicon;
mod normalize;
mod pattern;
mod slots;
mod summary;

use serde::{Deserialize, Serialize};

pub use lexicon::Lexicon;
pub use normalize::{MAX_INPUT_CHARS, MAX_WORDS};

use lexicon::{flag, FillerPos, WordId};
use pattern::{match_at, Match, Target};

/// State-changing intents whose confidence is below this need the
/// shopper's confirmation before anything happens. Clean commands with a
/// strong cue score 0.85 to 0.97 (a little less with unknown words);
/// every repaired mis-hearing costs 0.2, so "care account" -> checkout
/// (0.97 - 0.2) asks; an intent guessed without any cue scores 0.55 to 0.6.
pub const CONFIRM_BELOW: f32 = 0.8;

/// Confidence of a search inferred from product words alone (no cue).
const FALLBACK_SEARCH: f32 = 0.55;
/// Confidence of an add inferred from a quantity and product alone
/// ("two jars of peanut butter please").
const FALLBACK_ADD: f32 = 0.6;
/// Confidence lost in proportion to the share of words no lexicon knows.
const UNKNOWN_WORD_WEIGHT: f32 = 0.15;
/// Confidence lost when the brand was guessed from an unknown word.
const BRAND_GUESS_PENALTY: f32 = 0.05;
/// Confidence lost when the input was longer than the caps.
const TRUNCATED_PENALTY: f32 = 0.1;
/// Confidence lost when a cue of another intent scored almost as well.
const AMBIGUITY_PENALTY: f32 = 0.1;
/// Confidence that numbers with nothing to buy ("add five and seven") are
/// off-topic.
const OFF_TOPIC_ARITHMETIC: f32 = 0.6;
/// How close (in cue weight) a rival intent must be to count as ambiguity.
const AMBIGUITY_MARGIN: f32 = 0.03;

/// The 13 intents of `spec/intents.md`; serialised with the spec's
/// snake_case names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentKind {
    /// Find products.
    Search,
    /// Put a product in the cart.
    AddToCart,
    /// Take a product out of the cart.
    RemoveFromCart,
    /// Hear what is in the cart.
    ViewCart,
    /// Start buying what is in the cart (always confirmed explicitly).
    Checkout,
    /// Buy again something bought before.
    Reorder,
    /// Where an order is.
    TrackOrder,
    /// A lasting preference, kept on the device only.
    SetPreference,
    /// What is kept and what was sent.
    PrivacyReport,
    /// Delete everything kept about the shopper.
    ForgetHistory,
    /// Abandon the current request.
    Cancel,
    /// What can be said.
    Help,
    /// Anything outside shopping.
    Unknown,
}

impl IntentKind {
    /// Every intent, in the spec's order.
    pub const ALL: [IntentKind; 13] = [
        IntentKind::Search,
        IntentKind::AddToCart,
        IntentKind::RemoveFromCart,
        IntentKind::ViewCart,
        IntentKind::Checkout,
        IntentKind::Reorder,
        IntentKind::TrackOrder,
        IntentKind::SetPreference,
        IntentKind::PrivacyReport,
        IntentKind::ForgetHistory,
        IntentKind::Cancel,
        IntentKind::Help,
        IntentKind::Unknown,
    ];

    /// The spec's name ("add_to_cart").
    pub fn name(self) -> &'static str {
        match self {
            IntentKind::Search => "search",
            IntentKind::AddToCart => "add_to_cart",
            IntentKind::RemoveFromCart => "remove_from_cart",
            IntentKind::ViewCart => "view_cart",
            IntentKind::Checkout => "checkout",
            IntentKind::Reorder => "reorder",
            IntentKind::TrackOrder => "track_order",
            IntentKind::SetPreference => "set_preference",
            IntentKind::PrivacyReport => "privacy_report",
            IntentKind::ForgetHistory => "forget_history",
            IntentKind::Cancel => "cancel",
            IntentKind::Help => "help",
            IntentKind::Unknown => "unknown",
        }
    }

    /// The intent with the spec's name `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        IntentKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// True for intents that change the cart, orders or stored data:
    /// add_to_cart, remove_from_cart, checkout, reorder, forget_history.
    pub fn changes_state(self) -> bool {
        matches!(
            self,
            IntentKind::AddToCart
                | IntentKind::RemoveFromCart
                | IntentKind::Checkout
                | IntentKind::Reorder
                | IntentKind::ForgetHistory
        )
    }

    /// Intents whose slots describe a product.
    fn has_product_slots(self) -> bool {
        matches!(
            self,
            IntentKind::Search
                | IntentKind::AddToCart
                | IntentKind::RemoveFromCart
                | IntentKind::Reorder
                | IntentKind::SetPreference
                | IntentKind::TrackOrder
        )
    }
}

/// The slots of an intent, serialised as the spec says: absent slots are
/// left out (never empty), `attributes` and `avoid` sorted and unique.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Slots {
    /// The product phrase, lower case, without quantity, unit, brand,
    /// price, size, colour and known attributes ("almond milk").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Lower case as spoken ("sony").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// How many ("a dozen" = 12, "a couple of" = 2, "a" before a unit = 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// Singular unit from the spec's list ("pack", "pound").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Digits or lower-case words ("10", "9.5", "large", "2 liter").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// Lower case ("black", "navy blue").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Upper price bound, in the shopper's currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_price: Option<f64>,
    /// Lower price bound, in the shopper's currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_price: Option<f64>,
    /// Canonical attributes, lower case and hyphenated, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
    /// For set_preference: what to keep out of results, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub avoid: Vec<String>,
    /// "price_asc", "price_desc" or "rating".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
}

impl Slots {
    /// True when no slot is set.
    pub fn is_empty(&self) -> bool {
        *self == Slots::default()
    }
}

/// What was understood from one utterance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intent {
    /// Which intent.
    #[serde(rename = "intent")]
    pub kind: IntentKind,
    /// Its slots.
    pub slots: Slots,
    /// How sure the parser is, 0..=1.
    pub confidence: f32,
}

impl Intent {
    /// True for state-changing intents whose confidence is below
    /// [`CONFIRM_BELOW`]: the caller must ask before acting. (Checkout is
    /// always confirmed explicitly by the checkout flow, whatever this says.)
    pub fn needs_confirmation(&self) -> bool {
        self.kind.changes_state() && self.confidence < CONFIRM_BELOW
    }

    /// What was understood, in one sentence for the shopper ("Add 2 packs
    /// of paper towels to your cart?"); built only from the intent's kind
    /// and slots, never from the text.
    pub fn summary(&self) -> String {
        summary::summary(self)
    }
}

/// One token of a normalised utterance: its text, its id in the lexicon
/// (if known) and its value (if a number).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok<'a> {
    pub(crate) text: &'a str,
    pub(crate) id: Option<WordId>,
    pub(crate) num: Option<f64>,
}

impl<'a> Tok<'a> {
    pub(crate) fn new(text: &'a str, lex: &Lexicon) -> Tok<'a> {
        Tok {
            text,
            id: lex.id(text),
            num: normalize::numeric_value(text),
        }
    }
}

/// Text normalisation used by the parser: lower case, punctuation removed,
/// number words as digits ("twenty-five" -> "25", "a dozen" -> "12"),
/// "$5" -> "5 dollars". Idempotent. Reads at most [`MAX_INPUT_CHARS`]
/// characters and writes at most [`MAX_WORDS`] words.
pub fn normalize(text: &str) -> String {
    normalize::normalize_with(text, &Lexicon::builtin().numbers).text
}

/// The normalisation the scorer ([`crate::score::normalize`]) applies to
/// whole reference and recognised transcripts: [`normalize`]'s cleaning,
/// number and money folding ("$4.50", "four dollars and fifty cents" and
/// "4.5 dollars" are the same words), without its length caps and without
/// its counting idioms ("a dozen", "a couple of" stay words: they are what
/// was said, not a spelling of a numeral).
pub fn normalize_for_scoring(text: &str) -> String {
    static CARDINALS: std::sync::OnceLock<lexicon::Numbers> = std::sync::OnceLock::new();
    let numbers = CARDINALS.get_or_init(|| Lexicon::builtin().numbers.cardinals_only());
    normalize::normalize_capped(text, numbers, usize::MAX, usize::MAX).text
}

/// Parse an utterance with the built-in lexicons.
pub fn parse(text: &str) -> Intent {
    parse_with(text, Lexicon::builtin())
}

/// Parse an utterance with `lexicon` (for example the built-in one
/// extended with a retailer's brands).
pub fn parse_with(text: &str, lexicon: &Lexicon) -> Intent {
    parse_by(text, lexicon, classify::POLICY)
}

/// [`parse_with`] under a given way of combining cues and classifier.
fn parse_by(text: &str, lexicon: &Lexicon, policy: classify::Policy) -> Intent {
    let norm = normalize::normalize_with(text, &lexicon.numbers);
    let (toks, corrections) = prepare(&norm.text, lexicon);
    let mut intent = decide(&toks, lexicon, policy);
    let mut c = intent.confidence - corrections;
    if intent.kind != IntentKind::Unknown && !toks.is_empty() {
        // Words no lexicon knows make a shopping reading less certain (for
        // an off-topic reading they are no evidence either way).
        let known = toks
            .iter()
            .filter(|t| t.id.is_some() || t.num.is_some())
            .count();
        let unknown_share = 1.0 - known as f32 / toks.len() as f32;
        c -= UNKNOWN_WORD_WEIGHT * unknown_share;
    }
    if norm.truncated {
        c -= TRUNCATED_PENALTY;
    }
    intent.confidence = c.clamp(0.05, 0.99);
    intent
}

/// The tokens of a normalised text as the parser reads them: fillers
/// dropped, variants and mis-hearings repaired; and the confidence the
/// repairs cost.
fn prepare<'a>(normalized: &'a str, lex: &'a Lexicon) -> (Vec<Tok<'a>>, f32) {
    let mut toks: Vec<Tok<'_>> = normalized
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| Tok::new(w, lex))
        .collect();
    strip_fillers(&mut toks, lex);
    let corrections = apply_rules(&mut toks, lex);
    toks.truncate(MAX_WORDS);
    (toks, corrections)
}

/// [`prepare`] without the cost: the tokens the classifier learns from.
pub(crate) fn tokens<'a>(normalized: &'a str, lex: &'a Lexicon) -> Vec<Tok<'a>> {
    prepare(normalized, lex).0
}

/// Drop fillers: politeness and hesitations at the start ("um", "hey can
/// you", "please"), at the end ("please", "thank you") and anywhere ("uh").
fn strip_fillers(toks: &mut Vec<Tok<'_>>, lex: &Lexicon) {
    let at_start = |t: &[Tok<'_>]| {
        lex.fillers
            .matches(t, 0, 0)
            .find(|(_, pos)| matches!(pos, FillerPos::Start | FillerPos::Anywhere))
            .map(|(len, _)| len)
    };
    for _ in 0..MAX_WORDS {
        match at_start(toks) {
            Some(len) => {
                toks.drain(..len.min(toks.len()));
            }
            None => break,
        }
    }
    for _ in 0..MAX_WORDS {
        let n = toks.len();
        let longest = lex.fillers.longest.min(n);
        let cut = (1..=longest).rev().find(|&len| {
            lex.fillers
                .matches(toks, n - len, 0)
                .any(|(l, pos)| l == len && matches!(pos, FillerPos::End | FillerPos::Anywhere))
        });
        match cut {
            Some(len) => toks.truncate(n - len),
            None => break,
        }
    }
    let mut i = 0;
    while i < toks.len() {
        let anywhere = lex
            .fillers
            .matches(toks, i, 0)
            .find(|(_, pos)| *pos == FillerPos::Anywhere)
            .map(|(len, _)| len);
        match anywhere {
            Some(len) => {
                toks.drain(i..(i + len).min(toks.len()));
            }
            None => i += 1,
        }
    }
}

/// Rules whose first heard word occurs in `toks`, from rule `from` on.
fn rule_candidates(toks: &[Tok<'_>], lex: &Lexicon, from: u32) -> Vec<u32> {
    let mut out: Vec<u32> = toks
        .iter()
        .filter_map(|t| t.id.and_then(|id| lex.rule_index.get(&id)))
        .flatten()
        .copied()
        .filter(|&r| r >= from)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Apply the variant and mis-hearing rules in file order; returns the
/// confidence lost.
fn apply_rules<'a>(toks: &mut Vec<Tok<'a>>, lex: &'a Lexicon) -> f32 {
    let mut penalty = 0.0;
    let mut candidates = rule_candidates(toks, lex, 0);
    let mut k = 0;
    while k < candidates.len() {
        let r = candidates[k];
        let Some(rule) = lex.rules.get(r as usize) else {
            break;
        };
        let mut fired = false;
        let mut i = 0;
        while i < toks.len() {
            match rule.applies_at(toks, i, lex) {
                Some(len) => {
                    let meant = rule.meant.iter().map(|(w, id, num)| Tok {
                        text: w,
                        id: Some(*id),
                        num: *num,
                    });
                    toks.splice(i..i + len, meant);
                    toks.truncate(MAX_WORDS);
                    penalty += rule.penalty;
                    fired = true;
                    i += rule.meant.len();
                    if rule.meant.is_empty() && len == 0 {
                        i += 1;
                    }
                }
                None => i += 1,
            }
        }
        if fired {
            candidates = rule_candidates(toks, lex, r + 1);
            k = 0;
        } else {
            k += 1;
        }
    }
    penalty
}

/// The best cue: its intent, weight and match; and the best weight any
/// other intent reached.
fn best_cue(toks: &[Tok<'_>], lex: &Lexicon) -> Option<(IntentKind, f32, Match, f32)> {
    let mut best: Option<(IntentKind, f32, u8, u32, Match)> = None;
    let mut per_kind = [0.0f32; 13];
    lex.cues.candidates(toks, |p, pos| {
        let Target::Intent(kind) = p.target else {
            return;
        };
        let Some(m) = match_at(&p.items, toks, pos, 0, lex) else {
            return;
        };
        if let Some(slot) = IntentKind::ALL.iter().position(|k| *k == kind) {
            per_kind[slot] = per_kind[slot].max(p.weight);
        }
        let better = match &best {
            None => true,
            Some((_, w, lit, line, _)) => {
                p.weight > *w
                    || (p.weight == *w
                        && (p.literals > *lit || (p.literals == *lit && p.line < *line)))
            }
        };
        if better {
            best = Some((kind, p.weight, p.literals, p.line, m));
        }
    });
    best.map(|(kind, w, _, _, m)| {
        let rival = IntentKind::ALL
            .iter()
            .zip(per_kind)
            .filter(|(k, _)| **k != kind)
            .map(|(_, w)| w)
            .fold(0.0f32, f32::max);
        (kind, w, m, rival)
    })
}

/// "add five and seven": numbers and nothing to buy.
fn looks_like_arithmetic(toks: &[Tok<'_>], slots: &Slots) -> bool {
    let numbers = toks.iter().filter(|t| t.num.is_some()).count();
    numbers >= 2
        && slots.product.is_none()
        && slots.brand.is_none()
        && slots.unit.is_none()
        && slots.attributes.is_empty()
        && slots.max_price.is_none()
        && slots.min_price.is_none()
        && slots.size.is_none()
}

/// Confidence of an intent the classifier chose, per unit of its
/// probability: a sure classification (0.95 or more) of a state-changing
/// intent goes through without confirmation, a less sure one asks.
const CLASSIFIER_CONFIDENCE: f32 = 0.85;

/// Pick the intent and extract its slots.
fn decide(toks: &[Tok<'_>], lex: &Lexicon, policy: classify::Policy) -> Intent {
    if toks.is_empty() {
        return Intent {
            kind: IntentKind::Unknown,
            slots: Slots::default(),
            confidence: 0.9,
        };
    }
    let feats = classify::features(toks, lex);
    let (guess, prob) = lex.classifier.best(&feats);
    let classified = || {
        with_slots(
            toks,
            lex,
            guess,
            &Match::default(),
            CLASSIFIER_CONFIDENCE * prob,
        )
    };
    match best_cue(toks, lex) {
        Some((kind, weight, _, _))
            if guess != kind && prob >= policy.override_cue && weight < policy.firm_cue =>
        {
            classified()
        }
        Some((kind, weight, m, rival)) => {
            let mut confidence = weight;
            if rival > 0.0 && weight - rival < AMBIGUITY_MARGIN {
                confidence -= AMBIGUITY_PENALTY;
            }
            with_slots(toks, lex, kind, &m, confidence)
        }
        None => {
            let ex = slots::extract(toks, lex, IntentKind::Search, &Match::default());
            let shopping = ex.vocabulary && ex.slots.product.is_some();
            let threshold = if shopping {
                policy.without_cue
            } else {
                policy.over_unknown
            };
            if prob >= threshold {
                classified()
            } else if shopping {
                let (kind, confidence) = if ex.slots.quantity.is_some() {
                    (IntentKind::AddToCart, FALLBACK_ADD)
                } else {
                    (IntentKind::Search, FALLBACK_SEARCH)
                };
                Intent {
                    kind,
                    slots: ex.slots,
                    confidence,
                }
            } else {
                off_topic(toks, lex)
            }
        }
    }
}

/// Unknown: the less shopping vocabulary, the surer.
fn off_topic(toks: &[Tok<'_>], lex: &Lexicon) -> Intent {
    let shopping = toks
        .iter()
        .filter(|t| lex.has_flag(t.id, flag::SHOPPING))
        .count();
    let share = shopping as f32 / toks.len().max(1) as f32;
    Intent {
        kind: IntentKind::Unknown,
        slots: Slots::default(),
        confidence: 0.9 - 0.5 * share,
    }
}

/// The intent `kind` with the slots it carries, read from what the cue
/// match `m` did not consume.
fn with_slots(
    toks: &[Tok<'_>],
    lex: &Lexicon,
    kind: IntentKind,
    m: &Match,
    confidence: f32,
) -> Intent {
    if !kind.has_product_slots() {
        return Intent {
            kind,
            slots: Slots::default(),
            confidence,
        };
    }
    let ex = slots::extract(toks, lex, kind, m);
    if looks_like_arithmetic(toks, &ex.slots) {
        return Intent {
            kind: IntentKind::Unknown,
            slots: Slots::default(),
            confidence: OFF_TOPIC_ARITHMETIC,
        };
    }
    let mut confidence = confidence;
    if ex.brand_guessed {
        confidence -= BRAND_GUESS_PENALTY;
    }
    let mut slots = ex.slots;
    if kind == IntentKind::TrackOrder {
        slots = Slots {
            product: slots.product,
            brand: slots.brand,
            ..Slots::default()
        };
    }
    Intent {
        kind,
        slots,
        confidence,
    }
}

/// For tests and tuning: the tokens after fillers and rules, and the line
/// of `cues.tsv` that decided the intent.
#[cfg(test)]
pub(crate) fn explain(text: &str) -> String {
    let lex = Lexicon::builtin();
    let norm = normalize::normalize_with(text, &lex.numbers);
    let mut toks: Vec<Tok<'_>> = norm
        .text
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| Tok::new(w, lex))
        .collect();
    strip_fillers(&mut toks, lex);
    let penalty = apply_rules(&mut toks, lex);
    let words: Vec<&str> = toks.iter().map(|t| t.text).collect();
    let mut best: Option<(f32, u8, u32)> = None;
    lex.cues.candidates(&toks, |p, pos| {
        if match_at(&p.items, &toks, pos, 0, lex).is_some() {
            let key = (p.weight, p.literals, p.line);
            let better = best.is_none_or(|b| {
                key.0 > b.0 || (key.0 == b.0 && (key.1 > b.1 || (key.1 == b.1 && key.2 < b.2)))
            });
            if better {
                best = Some(key);
            }
        }
    });
    format!(
        "{words:?} penalty {penalty} cue line {:?}",
        best.map(|b| b.2)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// Parse and return (intent name, slots as JSON).
    fn run(text: &str) -> (&'static str, serde_json::Value) {
        let i = parse(text);
        (
            i.kind.name(),
            serde_json::to_value(&i.slots).expect("slots serialise"),
        )
    }

    fn check_table(table: &[(&str, &str, serde_json::Value)]) {
        let mut failures = Vec::new();
        for (text, kind, slots) in table {
            let (got_kind, got_slots) = run(text);
            if got_kind != *kind || got_slots != *slots {
                failures.push(format!(
                    "{text:?}: want {kind} {slots}, got {got_kind} {got_slots}"
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    fn check_intents(table: &[(&str, IntentKind)]) {
        let mut failures = Vec::new();
        for (text, kind) in table {
            let got = parse(text).kind;
            if got != *kind {
                failures.push(format!(
                    "{text:?}: want {}, got {}",
                    kind.name(),
                    got.name()
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    #[ignore]
    fn explain_env() {
        // EXPLAIN="text;text" cargo test --lib explain_env -- --ignored --nocapture
        if let Ok(t) = std::env::var("EXPLAIN") {
            for line in t.split(';') {
                eprintln!("{line:?} -> {} -> {:?}", explain(line), parse(line));
            }
        }
    }

    #[test]
    fn intent_names_round_trip_and_match_serde() {
        for kind in IntentKind::ALL {
            assert_eq!(IntentKind::from_name(kind.name()), Some(kind));
            let json = serde_json::to_value(kind).expect("serialise");
            assert_eq!(json, json!(kind.name()));
        }
        assert_eq!(IntentKind::from_name("buy"), None);
        let changing: Vec<_> = IntentKind::ALL
            .into_iter()
            .filter(|k| k.changes_state())
            .map(IntentKind::name)
            .collect();
        assert_eq!(
            changing,
            [
                "add_to_cart",
                "remove_from_cart",
                "checkout",
                "reorder",
                "forget_history"
            ]
        );
    }

    #[test]
    fn absent_slots_are_left_out_and_lists_sorted() {
        let i = parse("show me vegan organic gluten free bread");
        let v = serde_json::to_value(&i.slots).expect("serialise");
        assert_eq!(
            v,
            json!({"product": "bread", "attributes": ["gluten-free", "organic", "vegan"]})
        );
        assert_eq!(
            serde_json::to_value(Slots::default()).expect("serialise"),
            json!({})
        );
        let back: Slots = serde_json::from_value(json!({"product": "eggs"})).expect("deserialise");
        assert_eq!(back.product.as_deref(), Some("eggs"));
        let whole = serde_json::to_value(parse("help")).expect("serialise");
        assert_eq!(whole["intent"], json!("help"));
    }

    #[test]
    fn the_spec_examples_parse_as_labelled() {
        check_table(&[
            (
                "find organic almond milk under five dollars",
                "search",
                json!({"product": "almond milk", "max_price": 5.0, "attributes": ["organic"]}),
            ),
            (
                "show me running shoes size ten",
                "search",
                json!({"product": "running shoes", "size": "10"}),
            ),
            (
                "do you have gluten free pasta",
                "search",
                json!({"product": "pasta", "attributes": ["gluten-free"]}),
            ),
            (
                "add two packs of paper towels to my cart",
                "add_to_cart",
                json!({"product": "paper towels", "quantity": 2, "unit": "pack"}),
            ),
            (
                "add a dozen eggs",
                "add_to_cart",
                json!({"product": "eggs", "quantity": 12}),
            ),
            (
                "put the sony headphones in my basket",
                "add_to_cart",
                json!({"product": "headphones", "brand": "sony"}),
            ),
            (
                "remove the coffee filters from my cart",
                "remove_from_cart",
                json!({"product": "coffee filters"}),
            ),
            (
                "take the eggs out",
                "remove_from_cart",
                json!({"product": "eggs"}),
            ),
            ("what's in my cart", "view_cart", json!({})),
            ("read my basket", "view_cart", json!({})),
            ("checkout", "checkout", json!({})),
            ("place my order", "checkout", json!({})),
            (
                "reorder my usual coffee",
                "reorder",
                json!({"product": "coffee"}),
            ),
            (
                "buy the detergent again",
                "reorder",
                json!({"product": "detergent"}),
            ),
            ("order the same as last time", "reorder", json!({})),
            ("where is my order", "track_order", json!({})),
            ("when does my package arrive", "track_order", json!({})),
            (
                "i prefer organic",
                "set_preference",
                json!({"attributes": ["organic"]}),
            ),
            (
                "i'm allergic to peanuts",
                "set_preference",
                json!({"avoid": ["peanuts"]}),
            ),
            ("i like sony", "set_preference", json!({"brand": "sony"})),
            ("what do you know about me", "privacy_report", json!({})),
            (
                "what did you send to the store",
                "privacy_report",
                json!({}),
            ),
            ("forget my shopping history", "forget_history", json!({})),
            (
                "delete everything you know about me",
                "forget_history",
                json!({}),
            ),
            ("never mind", "cancel", json!({})),
            ("cancel that", "cancel", json!({})),
            ("what can you do", "help", json!({})),
            ("help", "help", json!({})),
            ("what's the weather tomorrow", "unknown", json!({})),
        ]);
    }

    #[test]
    fn search_phrasings_and_slots() {
        check_table(&[
            (
                "look up wireless earbuds",
                "search",
                json!({"product": "earbuds", "attributes": ["wireless"]}),
            ),
            (
                "i'm searching for a yoga mat under thirty dollars",
                "search",
                json!({"product": "yoga mat", "max_price": 30.0}),
            ),
            (
                "have you got any gluten free crackers",
                "search",
                json!({"product": "crackers", "attributes": ["gluten-free"]}),
            ),
            (
                "where can i buy a kettle",
                "search",
                json!({"product": "kettle"}),
            ),
            (
                "search for lego sets between twenty and fifty dollars",
                "search",
                json!({"product": "sets", "brand": "lego", "min_price": 20.0, "max_price": 50.0}),
            ),
            (
                "show me the highest rated coffee makers",
                "search",
                json!({"product": "coffee makers", "sort": "rating"}),
            ),
            (
                "find a black rain jacket in size large",
                "search",
                json!({"product": "rain jacket", "size": "large", "color": "black"}),
            ),
            (
                "show me fair trade dark chocolate most expensive first",
                "search",
                json!({"product": "dark chocolate", "attributes": ["fair-trade"], "sort": "price_desc"}),
            ),
            (
                "find refurbished laptops between two hundred and four hundred dollars",
                "search",
                json!({"product": "laptops", "min_price": 200.0, "max_price": 400.0, "attributes": ["refurbished"]}),
            ),
            (
                "search for dairy free ice cream less than four dollars and fifty cents",
                "search",
                json!({"product": "ice cream", "max_price": 4.5, "attributes": ["dairy-free"]}),
            ),
            (
                "i need noise cancelling headphones over a hundred dollars",
                "search",
                json!({"product": "headphones", "min_price": 100.0, "attributes": ["noise-cancelling"]}),
            ),
            (
                "Show me Samsung TVs over $500.",
                "search",
                json!({"product": "tvs", "brand": "samsung", "min_price": 500.0}),
            ),
            (
                "find leather boots for 80 bucks or less",
                "search",
                json!({"product": "leather boots", "max_price": 80.0}),
            ),
            (
                "find sneakers 50 dollars and up",
                "search",
                json!({"product": "sneakers", "min_price": 50.0}),
            ),
            (
                "find headphones from 20 to 50 dollars",
                "search",
                json!({"product": "headphones", "min_price": 20.0, "max_price": 50.0}),
            ),
            (
                "find shampoo under five ninety nine",
                "search",
                json!({"product": "shampoo", "max_price": 5.99}),
            ),
            (
                "find gum under 99 cents",
                "search",
                json!({"product": "gum", "max_price": 0.99}),
            ),
            (
                "frozen pizza sorted by rating",
                "search",
                json!({"product": "frozen pizza", "sort": "rating"}),
            ),
            (
                "show me blue jeans in size thirty two",
                "search",
                json!({"product": "jeans", "size": "32", "color": "blue"}),
            ),
            (
                "show me running shorts in size M",
                "search",
                json!({"product": "running shorts", "size": "medium"}),
            ),
            (
                "Show me black Puma hoodies in XL.",
                "search",
                json!({"product": "hoodies", "brand": "puma", "size": "extra large", "color": "black"}),
            ),
            (
                "show me 55 inch tvs",
                "search",
                json!({"product": "tvs", "size": "55 inch"}),
            ),
            (
                "what's on sale in coffee",
                "search",
                json!({"product": "coffee"}),
            ),
        ]);
    }

    #[test]
    fn add_to_cart_phrasings_and_slots() {
        check_table(&[
            (
                "add three cans of tomato soup",
                "add_to_cart",
                json!({"product": "tomato soup", "quantity": 3, "unit": "can"}),
            ),
            (
                "add a gallon of organic whole milk",
                "add_to_cart",
                json!({"product": "whole milk", "quantity": 1, "unit": "gallon", "attributes": ["organic"]}),
            ),
            (
                "add a couple of avocados",
                "add_to_cart",
                json!({"product": "avocados", "quantity": 2}),
            ),
            (
                "put two pounds of ground beef in my cart",
                "add_to_cart",
                json!({"product": "ground beef", "quantity": 2, "unit": "pound"}),
            ),
            (
                "add a bag of lavazza espresso beans",
                "add_to_cart",
                json!({"product": "espresso beans", "brand": "lavazza", "quantity": 1, "unit": "bag"}),
            ),
            (
                "add a white hoodie in size medium",
                "add_to_cart",
                json!({"product": "hoodie", "size": "medium", "color": "white"}),
            ),
            (
                "add milk to my shopping list",
                "add_to_cart",
                json!({"product": "milk"}),
            ),
            (
                "throw in a bag of chips",
                "add_to_cart",
                json!({"product": "chips", "quantity": 1, "unit": "bag"}),
            ),
            (
                "add another carton of eggs",
                "add_to_cart",
                json!({"product": "eggs", "quantity": 1}),
            ),
            (
                "add 3 more apples",
                "add_to_cart",
                json!({"product": "apples", "quantity": 3}),
            ),
            (
                "grab me some bananas",
                "add_to_cart",
                json!({"product": "bananas"}),
            ),
            (
                "i'd like two pounds of apples",
                "add_to_cart",
                json!({"product": "apples", "quantity": 2, "unit": "pound"}),
            ),
            (
                "add a bottle of red wine",
                "add_to_cart",
                json!({"product": "red wine", "quantity": 1, "unit": "bottle"}),
            ),
            ("add an orange", "add_to_cart", json!({"product": "orange"})),
            ("add an apple", "add_to_cart", json!({"product": "apple"})),
            (
                "add two jars of peanut butter",
                "add_to_cart",
                json!({"product": "peanut butter", "quantity": 2}),
            ),
            (
                "two jars of peanut butter please",
                "add_to_cart",
                json!({"product": "peanut butter", "quantity": 2}),
            ),
            (
                "add a 2 liter bottle of soda",
                "add_to_cart",
                json!({"product": "soda", "quantity": 1, "unit": "bottle", "size": "2 liter"}),
            ),
            (
                "add two and a half pounds of ground turkey",
                "add_to_cart",
                json!({"product": "ground turkey", "unit": "pound"}),
            ),
            (
                "add a pound and a half of deli turkey",
                "add_to_cart",
                json!({"product": "deli turkey", "unit": "pound"}),
            ),
            (
                "add half a gallon of chocolate milk",
                "add_to_cart",
                json!({"product": "chocolate milk", "unit": "gallon"}),
            ),
            (
                "add 2 percent milk",
                "add_to_cart",
                json!({"product": "2 percent milk"}),
            ),
            (
                "add an iphone 15",
                "add_to_cart",
                json!({"product": "iphone 15"}),
            ),
            (
                "add kerrygold butter",
                "add_to_cart",
                json!({"product": "butter", "brand": "kerrygold"}),
            ),
            (
                "add zorblax butter",
                "add_to_cart",
                json!({"product": "butter", "brand": "zorblax"}),
            ),
            (
                "buy two packs of toilet paper",
                "add_to_cart",
                json!({"product": "toilet paper", "quantity": 2, "unit": "pack"}),
            ),
        ]);
    }

    #[test]
    fn remove_view_checkout_reorder_track_phrasings() {
        check_table(&[
            (
                "remove one bottle of olive oil",
                "remove_from_cart",
                json!({"product": "olive oil", "quantity": 1, "unit": "bottle"}),
            ),
            (
                "delete the barilla spaghetti from my basket",
                "remove_from_cart",
                json!({"product": "spaghetti", "brand": "barilla"}),
            ),
            (
                "take the milk off my list",
                "remove_from_cart",
                json!({"product": "milk"}),
            ),
            (
                "cancel the eggs",
                "remove_from_cart",
                json!({"product": "eggs"}),
            ),
            (
                "i don't want the apples",
                "remove_from_cart",
                json!({"product": "apples"}),
            ),
            (
                "remove everything from my basket",
                "remove_from_cart",
                json!({}),
            ),
            ("empty my cart", "remove_from_cart", json!({})),
            ("how many items are in my cart", "view_cart", json!({})),
            ("show cart", "view_cart", json!({})),
            ("is there milk in my cart", "view_cart", json!({})),
            ("i'm ready to pay", "checkout", json!({})),
            ("i want to check out", "checkout", json!({})),
            ("buy everything in my cart", "checkout", json!({})),
            (
                "get me the same dog food as last week",
                "reorder",
                json!({"product": "dog food"}),
            ),
            ("repeat my previous order", "reorder", json!({})),
            (
                "get my regular coffee",
                "reorder",
                json!({"product": "coffee"}),
            ),
            ("has my order shipped yet", "track_order", json!({})),
            (
                "where's my amazon delivery",
                "track_order",
                json!({"brand": "amazon"}),
            ),
            (
                "when will the dell monitor arrive",
                "track_order",
                json!({"product": "monitor", "brand": "dell"}),
            ),
        ]);
    }

    #[test]
    fn preference_slots() {
        check_table(&[
            (
                "please keep dairy out of my results",
                "set_preference",
                json!({"avoid": ["dairy"]}),
            ),
            (
                "i'm vegan",
                "set_preference",
                json!({"attributes": ["vegan"]}),
            ),
            (
                "i don't eat shellfish",
                "set_preference",
                json!({"avoid": ["shellfish"]}),
            ),
            ("no dairy", "set_preference", json!({"avoid": ["dairy"]})),
            (
                "i'm allergic to shellfish and tree nuts",
                "set_preference",
                json!({"avoid": ["shellfish", "tree nuts"]}),
            ),
            (
                "please don't show me anything with peanuts",
                "set_preference",
                json!({"avoid": ["peanuts"]}),
            ),
            (
                "don't show me anything from nestle",
                "set_preference",
                json!({"avoid": ["nestle"]}),
            ),
            (
                "i'm lactose intolerant",
                "set_preference",
                json!({"avoid": ["lactose"]}),
            ),
            (
                "stop showing me pork",
                "set_preference",
                json!({"avoid": ["pork"]}),
            ),
            (
                "my shoe size is ten",
                "set_preference",
                json!({"product": "shoe", "size": "10"}),
            ),
            (
                "always sort by cheapest first",
                "set_preference",
                json!({"sort": "price_asc"}),
            ),
            (
                "i prefer fair trade coffee",
                "set_preference",
                json!({"product": "coffee", "attributes": ["fair-trade"]}),
            ),
            (
                "i never want to spend more than twenty dollars on sunglasses",
                "set_preference",
                json!({"product": "sunglasses", "max_price": 20.0}),
            ),
            (
                "my favorite brand is zorblax",
                "set_preference",
                json!({"brand": "zorblax"}),
            ),
        ]);
    }

    #[test]
    fn intents_of_clean_commands() {
        use IntentKind::*;
        check_intents(&[
            ("what information do you store about me", PrivacyReport),
            ("tell me what you know about me", PrivacyReport),
            ("who can see my data", PrivacyReport),
            ("show me everything you've saved about me", PrivacyReport),
            ("erase all my data", ForgetHistory),
            ("clear my order history", ForgetHistory),
            ("i want you to forget me", ForgetHistory),
            ("forget it", Cancel),
            ("forget about it", Cancel),
            ("wait, cancel", Cancel),
            ("no thanks", Cancel),
            ("cancel my order", Cancel),
            ("how do i use this", Help),
            ("how do i add things to my cart", Help),
            ("i don't know what to say", Help),
            ("help me find running shoes", Search),
            ("add a reminder to call the dentist", Unknown),
            ("cancel my alarm", Unknown),
            ("track my run", Unknown),
            ("play some jazz music", Unknown),
            ("set a timer for ten minutes", Unknown),
            ("tell me a joke", Unknown),
            ("what's the capital of france", Unknown),
            ("", Unknown),
            ("   ...   ", Unknown),
            ("Thank you.", Unknown),
        ]);
    }

    #[test]
    fn varied_phrasings_find_their_intent() {
        use IntentKind::*;
        check_intents(&[
            ("i'm in the market for a new laptop", Search),
            ("pull up the cheapest dog food", Search),
            ("can you show me some wireless waterproof speakers", Search),
            ("what's on sale in coffee", Search),
            ("i'll get three cans of tuna", AddToCart),
            ("i'm gonna need two gallons of milk", AddToCart),
            ("put four yogurts in there", AddToCart),
            ("coffee beans, add two bags", AddToCart),
            ("i don't want the sony headphones anymore", RemoveFromCart),
            ("take the black jeans out of the basket", RemoveFromCart),
            ("the red hoodie, remove it", RemoveFromCart),
            ("clear out my basket", RemoveFromCart),
            ("could you read me what's in my cart", ViewCart),
            ("what's the total on my cart", ViewCart),
            ("show me what i've got so far", ViewCart),
            ("time to check out", Checkout),
            ("i'm finished shopping", Checkout),
            ("buy it now", Checkout),
            ("get another bag of the coffee i had last time", Reorder),
            ("i'm out of coffee filters, order more", Reorder),
            ("coffee beans, reorder them", Reorder),
            ("could you tell me where my order is", TrackOrder),
            ("has the sony tv been delivered", TrackOrder),
            ("any update on my order", TrackOrder),
            ("i'm sensitive to gluten", SetPreference),
            ("i don't want any pork products", SetPreference),
            ("please remember that i'm allergic to soy", SetPreference),
            ("show me organic stuff first from now on", SetPreference),
            ("what does walmart know about me", PrivacyReport),
            ("can i see my data", PrivacyReport),
            ("is my data safe", PrivacyReport),
            ("erase what you know about me", ForgetHistory),
            ("i want my data deleted", ForgetHistory),
            ("get rid of my data", ForgetHistory),
            ("that's not what i meant", Cancel),
            ("forget i said that", Cancel),
            ("no don't", Cancel),
            ("cancel the request", Cancel),
            ("what do you understand", Help),
            ("i don't understand", Help),
            ("how do i get to the mall", Unknown),
            ("add five and seven", Unknown),
            ("find my phone", Unknown),
            ("I'm going to go to bed.", Unknown),
        ]);
    }

    #[test]
    fn fillers_and_politeness_are_ignored() {
        check_table(&[
            (
                "um, hey, can you please add a dozen eggs",
                "add_to_cart",
                json!({"product": "eggs", "quantity": 12}),
            ),
            (
                "could you search for philips light bulbs",
                "search",
                json!({"product": "light bulbs", "brand": "philips"}),
            ),
            (
                "I'd like to add three bottles of Heinz barbecue sauce.",
                "add_to_cart",
                json!({"product": "barbecue sauce", "brand": "heinz", "quantity": 3, "unit": "bottle"}),
            ),
            (
                "um add like two packs of gluten free english muffins",
                "add_to_cart",
                json!({"product": "english muffins", "quantity": 2, "unit": "pack", "attributes": ["gluten-free"]}),
            ),
            (
                "yes add five apples to the cart thank you",
                "add_to_cart",
                json!({"product": "apples", "quantity": 5}),
            ),
            (
                "okay so i think i'm ready to check out",
                "checkout",
                json!({}),
            ),
        ]);
    }

    #[test]
    fn quantities_in_every_form() {
        let table: &[(&str, u32)] = &[
            ("add 2 apples", 2),
            ("add two apples", 2),
            ("add twenty-five apples", 25),
            ("add twenty five apples", 25),
            ("add a dozen apples", 12),
            ("add two dozen apples", 24),
            ("add half a dozen apples", 6),
            ("add a couple of apples", 2),
            ("add a couple apples", 2),
            ("add one hundred apples", 100),
            ("add a hundred apples", 100),
            ("add a bag of apples", 1),
            ("add one bag of apples", 1),
            ("add 12 bags of apples", 12),
            ("please take out one of the avocados", 1),
        ];
        for (text, want) in table {
            assert_eq!(parse(text).slots.quantity, Some(*want), "{text}");
        }
        for text in [
            "add a few apples",
            "add some apples",
            "add apples",
            "add two and a half pounds of apples",
        ] {
            assert_eq!(parse(text).slots.quantity, None, "{text}");
        }
    }

    #[test]
    fn prices_in_every_form() {
        let table: &[(&str, Option<f64>, Option<f64>)] = &[
            ("find soap under $5", None, Some(5.0)),
            ("find soap under 5 dollars", None, Some(5.0)),
            ("find soap under five dollars", None, Some(5.0)),
            ("find soap under five bucks", None, Some(5.0)),
            ("find soap under 5", None, Some(5.0)),
            ("find soap below $4.99", None, Some(4.99)),
            (
                "find soap for less than four dollars and ninety nine cents",
                None,
                Some(4.99),
            ),
            ("find soap at most twenty", None, Some(20.0)),
            ("find soap cheaper than 10 dollars", None, Some(10.0)),
            ("find soap over 10 dollars", Some(10.0), None),
            ("find soap above $10", Some(10.0), None),
            ("find soap more than ten dollars", Some(10.0), None),
            ("find soap at least 10 bucks", Some(10.0), None),
            ("find soap between $10 and $20", Some(10.0), Some(20.0)),
            (
                "find soap between twenty and ten dollars",
                Some(10.0),
                Some(20.0),
            ),
            ("find soap under a thousand dollars", None, Some(1000.0)),
            ("$5 organic almond milk under $5.", None, Some(5.0)),
        ];
        for (text, min, max) in table {
            let s = parse(text).slots;
            assert_eq!((s.min_price, s.max_price), (*min, *max), "{text}");
            assert_eq!(
                s.product
                    .as_deref()
                    .map(|p| p.ends_with("soap") || p.ends_with("milk")),
                Some(true),
                "{text}"
            );
        }
    }

    #[test]
    fn sizes_in_every_form() {
        let table: &[(&str, &str)] = &[
            ("find shoes size 10", "10"),
            ("find shoes size ten", "10"),
            ("find shoes in size nine and a half", "9.5"),
            ("find a jacket in size large", "large"),
            ("find a large jacket", "large"),
            ("find a jacket in extra large", "extra large"),
            ("find a jacket in xl", "extra large"),
            ("find a jacket size m", "medium"),
            ("find a jacket in a small", "small"),
        ];
        for (text, want) in table {
            assert_eq!(parse(text).slots.size.as_deref(), Some(*want), "{text}");
        }
    }

    #[test]
    fn mishearings_are_repaired_in_context() {
        check_table(&[
            (
                "Add 2 packs of napkins to my card.",
                "add_to_cart",
                json!({"product": "napkins", "quantity": 2, "unit": "pack"}),
            ),
            (
                "Add a dozen eggs to my car, please.",
                "add_to_cart",
                json!({"product": "eggs", "quantity": 12}),
            ),
            ("What's in my card?", "view_cart", json!({})),
            ("care account", "checkout", json!({})),
            ("Care account, please.", "checkout", json!({})),
            ("or the order", "reorder", json!({})),
            (
                "Bye for the children again.",
                "reorder",
                json!({"product": "children"}),
            ),
            (
                "And do pack some paper towels to my cart.",
                "add_to_cart",
                json!({"product": "paper towels", "quantity": 2, "unit": "pack"}),
            ),
            (
                "and three kinds of tomato soup.",
                "add_to_cart",
                json!({"product": "tomato soup", "quantity": 3, "unit": "can"}),
            ),
            (
                "At a gallon of orange juice.",
                "add_to_cart",
                json!({"product": "orange juice", "quantity": 1, "unit": "gallon"}),
            ),
            (
                "But the Dell monitor in my basket.",
                "add_to_cart",
                json!({"product": "monitor", "brand": "dell"}),
            ),
            (
                "Add to bags of spinach to my cart.",
                "add_to_cart",
                json!({"product": "spinach", "quantity": 2, "unit": "bag"}),
            ),
            ("Truck my order.", "track_order", json!({})),
            ("Council that.", "cancel", json!({})),
            (
                "Do you have blue and free pasta?",
                "search",
                json!({"product": "pasta", "attributes": ["gluten-free"]}),
            ),
            (
                "Find the mistrated dish soap.",
                "search",
                json!({"product": "dish soap", "sort": "rating"}),
            ),
            (
                "I don't eat selfish.",
                "set_preference",
                json!({"avoid": ["shellfish"]}),
            ),
        ]);
    }

    #[test]
    fn card_and_car_are_left_alone_out_of_context() {
        check_table(&[
            ("I lost my credit card", "unknown", json!({})),
            (
                "add a gift card",
                "add_to_cart",
                json!({"product": "gift card"}),
            ),
            (
                "find a birthday card",
                "search",
                json!({"product": "birthday card"}),
            ),
            ("find a toy car", "search", json!({"product": "toy car"})),
            ("check my card balance", "unknown", json!({})),
            ("bye", "unknown", json!({})),
            ("and the the", "unknown", json!({})),
        ]);
        assert_eq!(normalize("I lost my credit card"), "i lost my credit card");
    }

    #[test]
    fn clean_commands_do_not_need_confirmation() {
        for text in [
            "add two packs of paper towels to my cart",
            "remove the coffee filters from my cart",
            "checkout",
            "place my order",
            "reorder my usual coffee",
            "buy the detergent again",
            "forget my shopping history",
            "add a dozen eggs",
            "put two pounds of ground beef in my cart",
        ] {
            let i = parse(text);
            assert!(i.kind.changes_state(), "{text}");
            assert!(
                !i.needs_confirmation(),
                "{text}: confidence {}",
                i.confidence
            );
            assert!(i.confidence >= CONFIRM_BELOW, "{text}");
        }
    }

    #[test]
    fn repaired_mishearings_need_confirmation() {
        for (text, kind) in [
            ("care account", IntentKind::Checkout),
            (
                "And do pack some paper towels to my cart.",
                IntentKind::AddToCart,
            ),
            ("Bye for the dungeon again.", IntentKind::Reorder),
            ("Add 2 packs of napkins to my card.", IntentKind::AddToCart),
            ("or the order", IntentKind::Reorder),
        ] {
            let i = parse(text);
            assert_eq!(i.kind, kind, "{text}");
            assert!(
                i.needs_confirmation(),
                "{text}: confidence {}",
                i.confidence
            );
        }
        // Guessed without any cue: asks too.
        let guessed = parse("two jars of peanut butter");
        assert_eq!(guessed.kind, IntentKind::AddToCart);
        assert!(guessed.needs_confirmation());
        // Not state-changing: never asks, however unsure.
        let unsure = parse("frozen pizza");
        assert_eq!(unsure.kind, IntentKind::Search);
        assert!(unsure.confidence < CONFIRM_BELOW);
        assert!(!unsure.needs_confirmation());
    }

    #[test]
    fn confidence_reflects_how_off_topic_unknown_is() {
        let off = parse("what's the capital of france");
        assert_eq!(off.kind, IntentKind::Unknown);
        let shoppy = parse("blue cheap large please organic");
        assert!(off.confidence > shoppy.confidence || shoppy.kind != IntentKind::Unknown);
        for text in ["", "x", "add", "care account", "I'll do do the next."] {
            let c = parse(text).confidence;
            assert!((0.0..=1.0).contains(&c), "{text}: {c}");
        }
        let clean = parse("add a dozen eggs").confidence;
        let repaired = parse("and a dozen eggs").confidence;
        assert!(clean > repaired);
    }

    #[test]
    fn extra_brands_reach_the_parser() {
        let text = "add frobnitz widgets";
        assert_eq!(parse(text).slots.brand, None, "two unknown words: no guess");
        let lex = Lexicon::builtin().with_extra_brands(["Frobnitz".to_string()]);
        let i = parse_with(text, &lex);
        assert_eq!(i.slots.brand.as_deref(), Some("frobnitz"));
        assert_eq!(i.slots.product.as_deref(), Some("widgets"));
        let lex = lex.with_extra_products(["widget".to_string()]);
        assert!(lex.knows_product("widgets"));
        let i = parse_with("find gizmo widgets", &lex);
        assert_eq!(i.kind, IntentKind::Search);
        assert_eq!(
            (i.slots.brand.as_deref(), i.slots.product.as_deref()),
            (Some("gizmo"), Some("widgets")),
            "an unknown word before a known product word is a brand"
        );
    }

    #[test]
    fn long_and_strange_inputs_are_capped_not_fatal() {
        let long = "add ".repeat(10_000) + "eggs";
        let i = parse(&long);
        assert!((0.0..=1.0).contains(&i.confidence));
        let huge_number = "add 99999999999999999999999999 apples";
        assert_eq!(parse(huge_number).slots.quantity, None);
        let weird = "\u{0}\u{200b}🛒 ADD ﬁve 🍎🍎 to my cart!!! $$$ 1.2.3 İ";
        let _ = parse(weird);
        let i = parse("remove the eggs from my cart ".repeat(20).as_str());
        assert_eq!(i.kind, IntentKind::RemoveFromCart);
    }

    #[test]
    fn summary_uses_only_the_intent() {
        let i = parse("um please add two packs of paper towels to my card");
        assert_eq!(i.summary(), "Add 2 packs of paper towels to your cart?");
        assert!(!i.summary().contains("um"));
        assert!(!i.summary().contains("card"));
    }

    /// The English words for 1..=99, for the property tests.
    fn words(n: u32) -> String {
        const SMALL: [&str; 20] = [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ];
        const TENS: [&str; 10] = [
            "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        ];
        match n {
            0..=19 => SMALL[n as usize].to_string(),
            _ if n.is_multiple_of(10) => TENS[(n / 10) as usize].to_string(),
            _ => format!("{}-{}", TENS[(n / 10) as usize], SMALL[(n % 10) as usize]),
        }
    }

    proptest! {
        // Failures are reported, not written into the source tree.
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn parse_never_panics_and_stays_in_range(text in any::<String>()) {
            let i = parse(&text);
            prop_assert!((0.0..=1.0).contains(&i.confidence));
            let _ = i.summary();
            let _ = i.needs_confirmation();
        }

        #[test]
        fn parse_never_panics_on_shopping_word_soup(words in proptest::collection::vec(prop::sample::select(vec![
            "add", "a", "the", "2", "two", "and", "half", "dozen", "of", "cans", "under", "$", "5", "dollars",
            "size", "large", "in", "my", "cart", "card", "to", "between", "from", "or", "less", "percent",
            "keep", "out", "no", "i'm", "allergic", "eggs", "sony", "black", "free", "gluten", "one", "hundred",
            "point", "cents", ",", ".", "-", "x", "bye", "for", "again", "^", "$5.99",
        ]), 0..40)) {
            let text = words.join(" ");
            let i = parse(&text);
            prop_assert!((0.0..=1.0).contains(&i.confidence));
        }

        #[test]
        fn normalize_is_idempotent(text in any::<String>()) {
            let once = normalize(&text);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalize_is_idempotent_on_number_talk(words in proptest::collection::vec(prop::sample::select(vec![
            "a", "an", "and", "half", "dozen", "couple", "of", "one", "two", "twenty", "hundred", "thousand",
            "point", "five", "dollars", "cents", "$5", "4.50", "12", "and a half", "million", "zero", "nine",
        ]), 0..30)) {
            let text = words.join(" ");
            let once = normalize(&text);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn quantities_in_digits_and_words_agree(n in 1u32..=99) {
            let digits = parse(&format!("add {n} apples"));
            let spoken = parse(&format!("add {} apples", words(n)));
            prop_assert_eq!(digits.slots.quantity, Some(n));
            prop_assert_eq!(&spoken.slots, &digits.slots);
            let units = parse(&format!("add {} bags of rice", words(n)));
            prop_assert_eq!(units.slots.quantity, Some(n));
        }

        #[test]
        fn prices_in_digits_and_words_agree(n in 1u32..=99, hundreds in 0u32..=9) {
            let value = hundreds * 100 + n;
            let spoken = if hundreds == 0 { words(n) } else { format!("{} hundred {}", words(hundreds), words(n)) };
            let digits = parse(&format!("find tea under {value} dollars"));
            let said = parse(&format!("find tea under {spoken} dollars"));
            let symbol = parse(&format!("find tea under ${value}"));
            prop_assert_eq!(digits.slots.max_price, Some(f64::from(value)));
            prop_assert_eq!(&said.slots, &digits.slots);
            prop_assert_eq!(&symbol.slots, &digits.slots);
        }

        #[test]
        fn parse_is_deterministic(text in "[a-z0-9 $.,']{0,80}") {
            prop_assert_eq!(parse(&text), parse(&text));
        }
    }
}
