//! Word matching for personalisation: lower-case word tokens, singular and
//! plural forms treated alike, phrases matched word by word.
//!
//! Pure functions over short strings; no allocation beyond the tokens.

/// Lower-case word tokens of `text`: runs of letters and digits.
/// Apostrophes are dropped first ("annie's" -> "annies"); every other
/// character, hyphens included, separates words ("dairy-free" -> "dairy",
/// "free").
pub(super) fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c == '\'' || c == '\u{2019}' {
            continue;
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A label compared as a whole (colour, size): lower case, words separated
/// by single spaces; `None` when it is blank.
pub(super) fn label(text: &str) -> Option<String> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then(|| joined.to_lowercase())
}

/// An attribute in canonical form: lower-case words joined by hyphens
/// ("Gluten Free" -> "gluten-free"); `None` when it has no words.
pub(super) fn canonical_attribute(text: &str) -> Option<String> {
    let words = tokens(text);
    (!words.is_empty()).then(|| words.join("-"))
}

/// The singular forms a word may be the plural of: "berries" -> "berry",
/// "boxes" -> "box", "knives" -> "knife". Only words of four letters or more
/// that end in "s" (but not "ss") have any; a candidate that is not a real
/// word is harmless because it only ever matches itself.
fn singulars(word: &str) -> impl Iterator<Item = String> + '_ {
    let plural = word.len() >= 4 && word.ends_with('s') && !word.ends_with("ss");
    let stem = |suffix: &str, add: &'static str| {
        word.strip_suffix(suffix)
            .filter(|_| plural)
            .map(move |s| format!("{s}{add}"))
    };
    [
        stem("s", ""),
        stem("es", ""),
        stem("ies", "y"),
        stem("ves", "f"),
        stem("ves", "fe"),
    ]
    .into_iter()
    .flatten()
}

/// True when two lower-case words are the same word, singular or plural
/// ("peanut" ~ "peanuts", "berry" ~ "berries"); "nut" is not "peanut".
pub(super) fn same_word(a: &str, b: &str) -> bool {
    a == b || singulars(a).any(|s| s == b) || singulars(b).any(|s| s == a)
}

/// True when two word sequences are the same, word for word.
pub(super) fn same_words(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_word(x, y))
}

/// Start indexes where `phrase` occurs in `words`, word for word.
pub(super) fn occurrences<'a>(
    words: &'a [String],
    phrase: &'a [String],
) -> impl Iterator<Item = usize> + 'a {
    let n = phrase.len();
    let last = if n == 0 || n > words.len() {
        0
    } else {
        words.len() - n + 1
    };
    (0..last).filter(move |&i| same_words(&words[i..i + n], phrase))
}

/// Words that, right before a mention, say the product is without it
/// ("non-dairy", "no sugar", "without nuts").
const NEGATING_BEFORE: [&str; 3] = ["non", "no", "without"];

/// True when the mention of a phrase at `words[start..end]` says the
/// product is free of it: followed by "free" ("dairy-free", "gluten free"),
/// preceded by "non", "no" or "without", or by "free of" / "free from".
pub(super) fn negated(words: &[String], start: usize, end: usize) -> bool {
    let before = |k: usize| start.checked_sub(k).map(|i| words[i].as_str());
    words.get(end).is_some_and(|w| w == "free")
        || before(1).is_some_and(|w| NEGATING_BEFORE.contains(&w))
        || (before(2) == Some("free") && matches!(before(1), Some("of" | "from")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        tokens(text)
    }

    #[test]
    fn tokens_split_on_everything_but_letters_and_digits() {
        let rows: [(&str, &[&str]); 6] = [
            ("Dairy-Free Oat Milk", &["dairy", "free", "oat", "milk"]),
            ("Annie's Mac & Cheese", &["annies", "mac", "cheese"]),
            ("  size 10.5 ", &["size", "10", "5"]),
            ("CAFÉ au lait", &["café", "au", "lait"]),
            ("", &[]),
            ("--", &[]),
        ];
        for (text, want) in rows {
            assert_eq!(tokens(text), want, "{text:?}");
        }
    }

    #[test]
    fn singular_and_plural_are_the_same_word() {
        let rows = [
            ("peanut", "peanuts", true),
            ("peanuts", "peanut", true),
            ("berry", "berries", true),
            ("shoe", "shoes", true),
            ("box", "boxes", true),
            ("tomato", "tomatoes", true),
            ("cookie", "cookies", true),
            ("knife", "knives", true),
            ("loaf", "loaves", true),
            ("glass", "glasses", true),
            ("egg", "eggs", true),
            ("nut", "peanut", false),
            ("berry", "strawberry", false),
            ("glass", "glas", false),
            ("gas", "ga", false),
            ("10", "10s", false),
        ];
        for (a, b, want) in rows {
            assert_eq!(same_word(a, b), want, "{a} ~ {b}");
        }
    }

    #[test]
    fn phrases_match_word_by_word() {
        let rows = [
            ("Creamy Peanut Butter", "peanut butter", vec![1]),
            ("peanuts and peanut butters", "peanut butter", vec![2]),
            ("Peanut Free Sunflower Butter", "peanut butter", vec![]),
            ("tree nut mix", "tree nuts", vec![0]),
            ("milk", "whole milk", vec![]),
            ("milk", "", vec![]),
        ];
        for (text, phrase, want) in rows {
            let (words, phrase) = (w(text), w(phrase));
            let got: Vec<usize> = occurrences(&words, &phrase).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn free_of_mentions_are_negated() {
        // (text, mention start, mention end, negated)
        let rows = [
            ("dairy-free oat milk", 0, 1, true),
            ("gluten free bread", 0, 1, true),
            ("non-dairy creamer", 1, 2, true),
            ("no sugar added", 1, 2, true),
            ("made without nuts", 2, 3, true),
            ("crackers free from gluten", 3, 4, true),
            ("bread free of gluten", 3, 4, true),
            ("salted dairy butter", 1, 2, false),
            ("dairy and gluten free", 0, 1, false),
            ("peanut butter free", 0, 1, false),
            ("peanut butter free", 0, 2, true),
        ];
        for (text, start, end, want) in rows {
            assert_eq!(negated(&w(text), start, end), want, "{text:?}");
        }
    }

    #[test]
    fn labels_and_attributes_are_normalised() {
        assert_eq!(label("  Navy   Blue "), Some("navy blue".into()));
        assert_eq!(label("   "), None);
        assert_eq!(
            canonical_attribute("Gluten Free"),
            Some("gluten-free".into())
        );
        assert_eq!(
            canonical_attribute("gluten-free"),
            Some("gluten-free".into())
        );
        assert_eq!(canonical_attribute(" - "), None);
    }
}
