//! The retailer's published vocabulary: the words, categories, sizes and
//! colours a catalog query may use. It is downloaded in bulk and is the same
//! file for every shopper, so fetching it reveals nothing.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The demo catalog's vocabulary, embedded in the binary.
const EMBEDDED: &str = include_str!("../../assets/catalog/vocabulary.json");

/// Most entries a vocabulary may hold in all (a hostile or broken retailer
/// cannot make the device hold an unbounded list).
pub const MAX_VOCABULARY_ENTRIES: usize = 500_000;

/// Longest entry (bytes).
pub const MAX_VOCABULARY_ENTRY_BYTES: usize = 48;

/// A published vocabulary (`GET /v1/vocabulary`, `assets/catalog/vocabulary.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Schema version (1).
    pub version: u32,
    /// The retailer's display name.
    pub retailer: String,
    /// Lower-case single words: product, brand and attribute terms.
    pub terms: BTreeSet<String>,
    /// Category names.
    #[serde(default)]
    pub categories: BTreeSet<String>,
    /// Sizes as the shop writes them ("10", "large", "64 fl oz").
    #[serde(default)]
    pub sizes: BTreeSet<String>,
    /// Colour names.
    #[serde(default)]
    pub colors: BTreeSet<String>,
}

impl Vocabulary {
    /// The embedded demo catalog's vocabulary.
    pub fn embedded() -> &'static Vocabulary {
        static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
            // The embedded file is checked by a unit test; an invalid one is
            // a build defect, and an empty vocabulary only makes queries
            // narrower (nothing extra can be sent).
            Vocabulary::from_json(EMBEDDED.as_bytes()).unwrap_or_else(|_| Vocabulary::empty())
        });
        &VOCABULARY
    }

    /// A vocabulary with no entries (every query is withheld).
    pub fn empty() -> Vocabulary {
        Vocabulary {
            version: 1,
            retailer: String::new(),
            terms: BTreeSet::new(),
            categories: BTreeSet::new(),
            sizes: BTreeSet::new(),
            colors: BTreeSet::new(),
        }
    }

    /// Read and check a published vocabulary: version 1, bounded size,
    /// entries lower case without control characters. Entries that are not
    /// lower case are refused rather than folded, so a retailer cannot
    /// smuggle in a case-variant "term".
    pub fn from_json(bytes: &[u8]) -> Result<Vocabulary, String> {
        let vocabulary: Vocabulary =
            serde_json::from_slice(bytes).map_err(|e| format!("not a vocabulary: {e}"))?;
        if vocabulary.version != 1 {
            return Err(format!(
                "vocabulary version {} is not supported (1 is)",
                vocabulary.version
            ));
        }
        let lists = [
            ("terms", &vocabulary.terms),
            ("categories", &vocabulary.categories),
            ("sizes", &vocabulary.sizes),
            ("colors", &vocabulary.colors),
        ];
        let total: usize = lists.iter().map(|(_, l)| l.len()).sum();
        if total > MAX_VOCABULARY_ENTRIES {
            return Err(format!(
                "the vocabulary has {total} entries, more than {MAX_VOCABULARY_ENTRIES}"
            ));
        }
        for (name, list) in lists {
            if let Some(bad) = list.iter().find(|e| !acceptable(e)) {
                return Err(format!(
                    "the vocabulary's {name} has an entry that is empty, longer than \
                     {MAX_VOCABULARY_ENTRY_BYTES} bytes, not lower case or has control characters ({} bytes)",
                    bad.len()
                ));
            }
        }
        if let Some(bad) = vocabulary.terms.iter().find(|t| t.contains(' ')) {
            return Err(format!(
                "the vocabulary's terms must be single words ({} bytes with a space)",
                bad.len()
            ));
        }
        Ok(vocabulary)
    }

    /// True when `term` is a published term.
    pub fn has_term(&self, term: &str) -> bool {
        self.terms.contains(term)
    }

    /// True when `category` is a published category.
    pub fn has_category(&self, category: &str) -> bool {
        self.categories.contains(category)
    }

    /// True when `size` is a published size.
    pub fn has_size(&self, size: &str) -> bool {
        self.sizes.contains(size)
    }

    /// True when `color` is a published colour.
    pub fn has_color(&self, color: &str) -> bool {
        self.colors.contains(color)
    }
}

fn acceptable(entry: &str) -> bool {
    !entry.is_empty()
        && entry.len() <= MAX_VOCABULARY_ENTRY_BYTES
        && entry.trim() == entry
        && !entry.chars().any(|c| c.is_control() || c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_vocabulary_is_valid_and_covers_the_demo_catalog() {
        let v = Vocabulary::from_json(EMBEDDED.as_bytes()).expect("embedded vocabulary");
        assert!(v.terms.len() > 500, "{} terms", v.terms.len());
        for category in crate::catalog::DEMO_CATEGORIES {
            assert!(v.has_category(category), "{category}");
        }
        assert!(v.has_term("milk") && v.has_term("shoes"));
    }

    #[test]
    fn a_vocabulary_of_another_version_is_refused() {
        let err = Vocabulary::from_json(br#"{"version":2,"retailer":"x","terms":[]}"#).unwrap_err();
        assert!(err.contains("version 2"), "{err}");
    }

    #[test]
    fn entries_that_are_not_lower_case_single_words_are_refused() {
        for bad in [
            r#"{"version":1,"retailer":"x","terms":["Milk"]}"#,
            r#"{"version":1,"retailer":"x","terms":["oat milk"]}"#,
            r#"{"version":1,"retailer":"x","terms":[""]}"#,
            r#"{"version":1,"retailer":"x","terms":["a\u0000b"]}"#,
            r#"{"version":1,"retailer":"x","terms":[],"colors":[" red"]}"#,
        ] {
            assert!(Vocabulary::from_json(bad.as_bytes()).is_err(), "{bad}");
        }
        let long = format!(
            r#"{{"version":1,"retailer":"x","terms":["{}"]}}"#,
            "a".repeat(49)
        );
        assert!(Vocabulary::from_json(long.as_bytes()).is_err());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bad in [&b""[..], b"{", b"[]", b"null", &[0xff, 0xfe, 0x00]] {
            assert!(Vocabulary::from_json(bad).is_err());
        }
    }
}
