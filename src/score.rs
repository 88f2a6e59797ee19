//! Scoring: how close a transcript is to its reference.
//!
//! Implements the transcript rule of `spec/intents.md`: word error rate after
//! normalising both sides (lower case, no punctuation, number words and
//! digits folded to one form, "$5" = "five dollars"). The suite runner and
//! the benchmarks use this one implementation.
//!
//! Pure functions; must never log the texts it compares (they are what
//! shoppers said).

/// Normalise a transcript for scoring: lower case, punctuation removed
/// (hyphens and slashes split words, apostrophes vanish), currency symbols
/// spoken ("$5" -> "5 dollars"), and numbers written as digits whether they
/// came as digits or as words ("twenty-five" -> "25").
pub fn normalize(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for raw in text.split_whitespace() {
        let lower = raw.to_lowercase();
        let (dollar, rest) = match lower.strip_prefix('$') {
            Some(rest) => (true, rest.to_string()),
            None => (false, lower),
        };
        let mut cleaned = String::with_capacity(rest.len());
        let chars: Vec<char> = rest.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let between_digits = i > 0
                && i + 1 < chars.len()
                && chars[i - 1].is_ascii_digit()
                && chars[i + 1].is_ascii_digit();
            if c.is_alphanumeric() {
                cleaned.push(c);
            } else if (c == '.' || c == ',') && between_digits {
                // "5.99" keeps its point; "1,000" loses its comma.
                if c == '.' {
                    cleaned.push(c);
                }
            } else if c == '\'' || c == '\u{2019}' {
                // "what's" -> "whats"
            } else {
                cleaned.push(' ');
            }
        }
        words.extend(cleaned.split_whitespace().map(str::to_string));
        if dollar {
            words.push("dollars".to_string());
        }
    }
    fold_numbers(&words)
}

fn small_number(word: &str) -> Option<u64> {
    let n = match word {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    };
    Some(n)
}

fn tens(word: &str) -> Option<u64> {
    let n = match word {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(n)
}

/// Replace runs of number words by their value in digits.
fn fold_numbers(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let (value, used) = parse_number_words(&words[i..]);
        if used > 0 {
            out.push(value.to_string());
            i += used;
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    out
}

/// Parse a leading run of number words; returns (value, words used), with
/// 0 words used when the run does not start with a number word.
fn parse_number_words(words: &[String]) -> (u64, usize) {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut used = 0;
    let mut last_was_unit = false;
    for word in words {
        let w = word.as_str();
        if let Some(n) = small_number(w) {
            if last_was_unit {
                break; // "two three" is two numbers
            }
            current = current.saturating_add(n);
            last_was_unit = true;
        } else if let Some(n) = tens(w) {
            if last_was_unit || !current.is_multiple_of(100) {
                break;
            }
            current = current.saturating_add(n);
            last_was_unit = false;
        } else if w == "hundred" && used > 0 {
            current = current.max(1).saturating_mul(100);
            last_was_unit = false;
        } else if w == "thousand" && used > 0 {
            total = total.saturating_add(current.max(1).saturating_mul(1000));
            current = 0;
            last_was_unit = false;
        } else {
            break;
        }
        used += 1;
        // A tens word followed by a unit continues ("twenty five").
        if tens(w).is_some() {
            last_was_unit = false;
        }
    }
    (total.saturating_add(current), used)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> String {
        normalize(text).join(" ")
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
}
