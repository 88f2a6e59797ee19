//! Scoring: how close a transcript is to its reference, and a parsed
//! intent to its label.
//!
//! Implements the scoring rules of `spec/intents.md`: word error rate after
//! normalising both sides (lower case, no punctuation, number words and
//! digits folded to one form, "$5" = "five dollars"); intent accuracy;
//! per-slot precision, recall and F1 with the spec's product rule; and the
//! exact pass. The suite runner, the corpus tests and the benchmarks use
//! this one implementation. Slots are compared as JSON values, so labels
//! from any manifest can be scored.
//!
//! Pure functions; must never log the texts it compares (they are what
//! shoppers said).

/// Normalise a transcript for scoring: lower case, punctuation removed
/// (hyphens and slashes split words, apostrophes vanish), currency symbols
/// spoken ("$5" -> "5 dollars"), numbers written as digits whether they
/// came as digits or as words ("twenty-five" -> "25", "a hundred" ->
/// "100"), and money in two parts as one amount ("four dollars and fifty
/// cents" -> "4.5 dollars", like "$4.50"). This is the intent parser's own
/// normalisation ([`crate::intent::normalize_for_scoring`]) without its
/// length caps: one implementation of the spec's rule.
pub fn normalize(text: &str) -> Vec<String> {
    crate::intent::normalize_for_scoring(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(canonical_number)
        .collect()
}

/// Digits in one spelling: "4.50" -> "4.5", "007" -> "7" (words folded
/// into numbers already come out this way).
fn canonical_number(word: &str) -> String {
    let numeric = !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && word.bytes().filter(|&b| b == b'.').count() <= 1
        && word.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && word.bytes().last().is_some_and(|b| b.is_ascii_digit());
    match word.parse::<f64>() {
        Ok(v) if numeric && v.is_finite() && v < 1e15 => format!("{v}"),
        _ => word.to_string(),
    }
}

/// Word-level edit distance between two normalised word lists.
pub fn edit_distance(reference: &[String], hypothesis: &[String]) -> usize {
    let mut prev: Vec<usize> = (0..=hypothesis.len()).collect();
    let mut cur = vec![0usize; hypothesis.len() + 1];
    for (i, r) in reference.iter().enumerate() {
        cur[0] = i + 1;
        for (j, h) in hypothesis.iter().enumerate() {
            let substitution = prev[j] + usize::from(r != h);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[hypothesis.len()]
}

/// Accumulates word errors over many utterances (corpus-level WER: total
/// edits over total reference words).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WerTally {
    /// Word edits (substitutions, insertions, deletions).
    pub errors: usize,
    /// Reference words.
    pub words: usize,
}

impl WerTally {
    /// Add one utterance; returns its own WER (insertions count when the
    /// reference is empty: any word then is an error rate of 1).
    pub fn add(&mut self, reference: &str, hypothesis: &str) -> f64 {
        let r = normalize(reference);
        let h = normalize(hypothesis);
        let errors = edit_distance(&r, &h);
        self.errors += errors;
        self.words += r.len();
        utterance_wer(errors, r.len())
    }

    /// The corpus WER so far (0 when no words were scored).
    pub fn wer(&self) -> f64 {
        utterance_wer(self.errors, self.words)
    }
}

fn utterance_wer(errors: usize, words: usize) -> f64 {
    if words == 0 {
        if errors == 0 {
            0.0
        } else {
            1.0
        }
    } else {
        errors as f64 / words as f64
    }
}

/// WER of one utterance.
pub fn wer(reference: &str, hypothesis: &str) -> f64 {
    WerTally::default().add(reference, hypothesis)
}

/// A crude English singular, applied to both sides of a product comparison
/// ("towels" = "towel", "boxes" = "box", "berries" = "berry").
pub fn singular(word: &str) -> String {
    let w = word.to_lowercase();
    if w.len() > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for suffix in ["sses", "xes", "ches", "shes", "zes"] {
        if w.len() > suffix.len() + 1 && w.ends_with(suffix) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return w[..w.len() - 1].to_string();
    }
    w
}

fn words_of(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(s) => normalize(s).iter().map(|w| singular(w)).collect(),
        serde_json::Value::Array(items) => items.iter().flat_map(words_of).collect(),
        _ => Vec::new(),
    }
}

/// Whether a predicted slot value matches the expected one, per the spec.
/// `predicted` is the whole predicted slot map (the product rule also looks
/// at the brand and attributes).
pub fn slot_matches(
    name: &str,
    expected: &serde_json::Value,
    predicted: &serde_json::Map<String, serde_json::Value>,
) -> bool {
    use serde_json::Value;
    let Some(got) = predicted.get(name) else {
        return false;
    };
    if name == "product" {
        let got_product = words_of(got);
        if got_product.is_empty() {
            return false;
        }
        let mut available = got_product;
        for other in ["brand", "attributes"] {
            if let Some(v) = predicted.get(other) {
                available.extend(words_of(v));
            }
        }
        return words_of(expected).iter().all(|w| available.contains(w));
    }
    match (expected, got) {
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            _ => false,
        },
        (Value::String(a), Value::String(b)) => normalize(a) == normalize(b),
        (Value::Array(_), Value::Array(_)) => {
            let mut a: Vec<String> = list_items(expected);
            let mut b: Vec<String> = list_items(got);
            a.sort();
            b.sort();
            a == b
        }
        _ => expected == got,
    }
}

fn list_items(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => normalize(s).join(" "),
                other => other.to_string(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// One case's intent and slot outcome.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseScore {
    /// The intent matched.
    pub intent_correct: bool,
    /// The intent and every expected slot matched.
    pub passed: bool,
    /// Expected slots that were predicted right.
    pub matched: Vec<String>,
    /// Expected slots that were missing or wrong.
    pub missed: Vec<String>,
    /// Predicted slots that were not expected, or were wrong.
    pub spurious: Vec<String>,
}

/// Score one parse against its label. Slot maps are JSON objects as in the
/// manifest; empty values count as absent.
pub fn score_case(
    expected_intent: &str,
    expected_slots: &serde_json::Map<String, serde_json::Value>,
    predicted_intent: &str,
    predicted_slots: &serde_json::Map<String, serde_json::Value>,
) -> CaseScore {
    let present = |v: &serde_json::Value| match v {
        serde_json::Value::Null => false,
        serde_json::Value::String(s) => !s.trim().is_empty(),
        serde_json::Value::Array(a) => !a.is_empty(),
        _ => true,
    };
    let predicted: serde_json::Map<String, serde_json::Value> = predicted_slots
        .iter()
        .filter(|(_, v)| present(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut matched = Vec::new();
    let mut missed = Vec::new();
    let mut spurious = Vec::new();
    for (name, want) in expected_slots.iter().filter(|(_, v)| present(v)) {
        if slot_matches(name, want, &predicted) {
            matched.push(name.clone());
        } else {
            missed.push(name.clone());
            if predicted.contains_key(name) {
                spurious.push(name.clone());
            }
        }
    }
    for name in predicted.keys() {
        if !expected_slots.get(name).is_some_and(present) {
            spurious.push(name.clone());
        }
    }
    let intent_correct = expected_intent == predicted_intent;
    CaseScore {
        intent_correct,
        passed: intent_correct && missed.is_empty(),
        matched,
        missed,
        spurious,
    }
}

/// Precision, recall and F1 counts of one slot (or all slots together).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlotCounts {
    /// Right predictions.
    pub true_positives: usize,
    /// Wrong or unexpected predictions.
    pub false_positives: usize,
    /// Expected slots missed or wrong.
    pub false_negatives: usize,
}

impl SlotCounts {
    /// Precision (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Recall (1 when nothing was expected).
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Accumulates intent accuracy, slot F1 (overall and per slot) and the
/// exact pass rate over many cases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IntentTally {
    /// Cases scored.
    pub cases: usize,
    /// Cases whose intent matched.
    pub intent_correct: usize,
    /// Cases that passed.
    pub passed: usize,
    /// Counts per slot name.
    pub per_slot: std::collections::BTreeMap<String, SlotCounts>,
}

impl IntentTally {
    /// Add one case's score.
    pub fn add(&mut self, score: &CaseScore) {
        self.cases += 1;
        self.intent_correct += usize::from(score.intent_correct);
        self.passed += usize::from(score.passed);
        for name in &score.matched {
            self.per_slot
                .entry(name.clone())
                .or_default()
                .true_positives += 1;
        }
        for name in &score.missed {
            self.per_slot
                .entry(name.clone())
                .or_default()
                .false_negatives += 1;
        }
        for name in &score.spurious {
            self.per_slot
                .entry(name.clone())
                .or_default()
                .false_positives += 1;
        }
    }

    /// Add another tally's counts (for pooling per-worker or per-fold
    /// tallies).
    pub fn merge(&mut self, other: &IntentTally) {
        self.cases += other.cases;
        self.intent_correct += other.intent_correct;
        self.passed += other.passed;
        for (name, c) in &other.per_slot {
            let mine = self.per_slot.entry(name.clone()).or_default();
            mine.true_positives += c.true_positives;
            mine.false_positives += c.false_positives;
            mine.false_negatives += c.false_negatives;
        }
    }

    /// Share of cases with the right intent (0..1; 0 when empty).
    pub fn intent_accuracy(&self) -> f64 {
        if self.cases == 0 {
            0.0
        } else {
            self.intent_correct as f64 / self.cases as f64
        }
    }

    /// Share of cases that passed (0..1; 0 when empty).
    pub fn pass_rate(&self) -> f64 {
        if self.cases == 0 {
            0.0
        } else {
            self.passed as f64 / self.cases as f64
        }
    }

    /// All slots pooled (micro-averaged).
    pub fn slot_counts(&self) -> SlotCounts {
        self.per_slot
            .values()
            .fold(SlotCounts::default(), |acc, c| SlotCounts {
                true_positives: acc.true_positives + c.true_positives,
                false_positives: acc.false_positives + c.false_positives,
                false_negatives: acc.false_negatives + c.false_negatives,
            })
    }

    /// Micro-averaged slot F1.
    pub fn slot_f1(&self) -> f64 {
        self.slot_counts().f1()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> String {
        normalize(text).join(" ")
    }

    #[test]
    fn normalisation_folds_numbers_and_money_but_not_counting_idioms() {
        let n = |t: &str| normalize(t).join(" ");
        assert_eq!(n("over a hundred dollars"), n("over $100."));
        assert_eq!(n("four dollars and fifty cents"), n("$4.50"));
        assert_eq!(n("$4.50"), "4.5 dollars");
        assert_eq!(
            n("between two hundred and four hundred"),
            "between 200 and 400"
        );
        assert_eq!(n("007 apples"), "7 apples");
        assert_eq!(n("add a dozen eggs"), "add a dozen eggs");
        assert_eq!(n("a couple of avocados"), "a couple of avocados");
        let long = "one ".repeat(200);
        assert_eq!(
            normalize(&long).len(),
            200,
            "scoring reads whole transcripts"
        );
    }

    #[test]
    fn case_and_punctuation_do_not_count() {
        assert_eq!(
            n("Find Organic almond-milk, please!"),
            "find organic almond milk please"
        );
        assert_eq!(n("What's in my cart?"), "whats in my cart");
        assert_eq!(wer("what's in my cart", "What's in my cart?"), 0.0);
    }

    #[test]
    fn numbers_fold_whether_words_or_digits() {
        assert_eq!(n("under five dollars"), "under 5 dollars");
        assert_eq!(n("under $5"), "under 5 dollars");
        assert_eq!(n("twenty-five"), "25");
        assert_eq!(n("twenty five bottles"), "25 bottles");
        assert_eq!(n("one hundred fifty"), "150");
        assert_eq!(n("two thousand"), "2000");
        assert_eq!(n("size ten"), "size 10");
        assert_eq!(n("$5.99"), "5.99 dollars");
        assert_eq!(n("1,000"), "1000");
        assert_eq!(n("two three"), "2 3");
        assert_eq!(
            wer(
                "add two packs of paper towels",
                "Add 2 packs of paper towels."
            ),
            0.0
        );
    }

    #[test]
    fn word_errors_are_counted() {
        assert_eq!(wer("add eggs to my cart", "add eggs to my car"), 0.2);
        assert_eq!(wer("add eggs", "add the eggs"), 0.5);
        assert_eq!(wer("add eggs", "eggs"), 0.5);
        assert_eq!(wer("", ""), 0.0);
        assert_eq!(wer("", "thank you"), 1.0);
    }

    #[test]
    fn corpus_wer_weights_by_reference_length() {
        let mut t = WerTally::default();
        t.add("a b c d", "a b c d");
        t.add("a b", "a x");
        assert_eq!(t.errors, 1);
        assert_eq!(t.words, 6);
        assert!((t.wer() - 1.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn normalisation_is_idempotent() {
        for text in ["Find $5 organic-milk!", "twenty five", "What's 1,000.5?"] {
            let once = n(text);
            assert_eq!(n(&once), once, "{text}");
        }
    }

    fn map(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn singular_forms() {
        for (plural, one) in [
            ("towels", "towel"),
            ("boxes", "box"),
            ("berries", "berry"),
            ("shoes", "shoe"),
            ("glass", "glass"),
            ("eggs", "egg"),
            ("peaches", "peach"),
            ("hummus", "hummus"),
        ] {
            assert_eq!(singular(plural), one);
        }
    }

    #[test]
    fn product_matches_when_every_expected_word_is_in_product_brand_or_attributes() {
        let want = serde_json::json!("paper towels");
        let got = map(serde_json::json!({"product": "organic paper towel"}));
        assert!(slot_matches("product", &want, &got));
        let want = serde_json::json!("sony headphones");
        let got = map(serde_json::json!({"product": "headphones", "brand": "sony"}));
        assert!(slot_matches("product", &want, &got));
        let got = map(serde_json::json!({"product": "towels"}));
        assert!(!slot_matches(
            "product",
            &serde_json::json!("paper towels"),
            &got
        ));
        // An empty predicted product never matches, even if the words are elsewhere.
        let got = map(serde_json::json!({"product": "", "brand": "paper towels"}));
        assert!(!slot_matches(
            "product",
            &serde_json::json!("paper towels"),
            &got
        ));
    }

    #[test]
    fn other_slots_match_exactly_after_normalisation() {
        let got = map(
            serde_json::json!({"quantity": 2, "max_price": 5, "attributes": ["vegan", "organic"], "brand": "Sony", "size": "ten"}),
        );
        assert!(slot_matches("quantity", &serde_json::json!(2), &got));
        assert!(slot_matches("max_price", &serde_json::json!(5.0), &got));
        assert!(slot_matches(
            "attributes",
            &serde_json::json!(["organic", "vegan"]),
            &got
        ));
        assert!(slot_matches("brand", &serde_json::json!("sony"), &got));
        assert!(slot_matches("size", &serde_json::json!("10"), &got));
        assert!(!slot_matches("quantity", &serde_json::json!(3), &got));
        assert!(!slot_matches(
            "attributes",
            &serde_json::json!(["organic"]),
            &got
        ));
        assert!(!slot_matches("color", &serde_json::json!("red"), &got));
    }

    #[test]
    fn a_case_passes_on_intent_and_expected_slots_and_extra_slots_cost_precision() {
        let expected = map(serde_json::json!({"product": "eggs", "quantity": 12}));
        let predicted = map(
            serde_json::json!({"product": "eggs", "quantity": 12, "color": "brown", "unit": ""}),
        );
        let score = score_case("add_to_cart", &expected, "add_to_cart", &predicted);
        assert!(score.passed);
        assert_eq!(score.spurious, vec!["color".to_string()]);
        let wrong = score_case("add_to_cart", &expected, "search", &predicted);
        assert!(!wrong.passed && !wrong.intent_correct);
        let missing = score_case(
            "add_to_cart",
            &expected,
            "add_to_cart",
            &map(serde_json::json!({"product": "eggs", "quantity": 6})),
        );
        assert!(!missing.passed);
        assert_eq!(missing.missed, vec!["quantity".to_string()]);
        assert_eq!(missing.spurious, vec!["quantity".to_string()]);
    }

    #[test]
    fn tally_computes_accuracy_pass_rate_and_f1() {
        let mut tally = IntentTally::default();
        let e = map(serde_json::json!({"product": "milk"}));
        tally.add(&score_case(
            "search",
            &e,
            "search",
            &map(serde_json::json!({"product": "milk"})),
        ));
        tally.add(&score_case(
            "search",
            &e,
            "search",
            &map(serde_json::json!({"product": "bread", "sort": "rating"})),
        ));
        tally.add(&score_case(
            "help",
            &map(serde_json::json!({})),
            "unknown",
            &map(serde_json::json!({})),
        ));
        assert_eq!(tally.cases, 3);
        assert!((tally.intent_accuracy() - 2.0 / 3.0).abs() < 1e-12);
        assert!((tally.pass_rate() - 1.0 / 3.0).abs() < 1e-12);
        let c = tally.slot_counts();
        assert_eq!(
            (c.true_positives, c.false_positives, c.false_negatives),
            (1, 2, 1)
        );
        assert!((tally.slot_f1() - 0.4).abs() < 1e-12);
        assert!((tally.per_slot["product"].f1() - 0.5).abs() < 1e-12);
    }
}
