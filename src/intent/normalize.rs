//! Text normalisation: the one form every later step of the parser reads.
//!
//! Lower case; punctuation removed (hyphens and other marks split words,
//! apostrophes vanish: "what's" -> "whats"); currency symbols spoken
//! ("$5" -> "5 dollars"); numbers written in words become digits
//! ("twenty-five" -> "25", "a hundred" -> "100", "a dozen" -> "12",
//! "a couple of" -> "2", "two and a half" -> "2.5", "half a" -> "0.5");
//! money in two parts becomes one amount ("four dollars and fifty cents" ->
//! "4.5 dollars"). The number words, symbols and currency words come from
//! the lexicon (`numbers.tsv`, `symbols.tsv`, `prices.tsv`).
//!
//! Work is capped: only the first [`MAX_INPUT_CHARS`] characters are read,
//! and at most [`MAX_WORDS`] words and [`MAX_INPUT_CHARS`] characters are
//! written. The result is idempotent: normalising it again changes nothing.

use super::lexicon::{NumKind, Numbers, SymbolRole};

/// Only this many characters of the input are read.
pub const MAX_INPUT_CHARS: usize = 1_000;

/// At most this many words are produced (and so parsed).
pub const MAX_WORDS: usize = 64;

/// Largest number folded from words or digits; larger runs are capped here.
const MAX_NUMBER: f64 = 1e12;

/// A normalised text and whether the caps cut something off.
pub(crate) struct Normalized {
    /// Words separated by single spaces.
    pub(crate) text: String,
    /// True when input beyond the caps was ignored.
    pub(crate) truncated: bool,
}

/// Normalise `text` with the number words and symbols of `numbers`.
pub(crate) fn normalize_with(text: &str, numbers: &Numbers) -> Normalized {
    normalize_capped(text, numbers, MAX_INPUT_CHARS, MAX_WORDS)
}

/// [`normalize_with`] with other caps (scoring reads whole references).
pub(crate) fn normalize_capped(
    text: &str,
    numbers: &Numbers,
    max_chars: usize,
    max_words: usize,
) -> Normalized {
    let (head, cut) = match text.char_indices().nth(max_chars) {
        Some((at, _)) => (&text[..at], true),
        None => (text, false),
    };
    let mut cleaned = String::with_capacity(head.len() + 16);
    clean_into(head, numbers, &mut cleaned);
    let words: Vec<&str> = cleaned.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = String::with_capacity(cleaned.len());
    let caps = (max_chars, max_words);
    let capped = fold_into(&words, numbers, &mut out, caps);
    if capped {
        // The cap can end the text inside a phrase that folds differently
        // at the end of a text ("... 32 dollars 22" then reads as
        // "32.22 dollars"); folding the capped text once more makes the
        // result a fixed point, so normalising is idempotent.
        let again: Vec<&str> = out.split(' ').filter(|w| !w.is_empty()).collect();
        let mut refolded = String::with_capacity(out.len());
        fold_into(&again, numbers, &mut refolded, caps);
        out = refolded;
    }
    Normalized {
        text: out,
        truncated: cut || capped,
    }
}

/// True for a token made of ASCII digits with at most one inner point.
pub(crate) fn is_numeric(token: &str) -> bool {
    let bytes = token.as_bytes();
    let mut points = 0;
    !bytes.is_empty()
        && bytes[0].is_ascii_digit()
        && bytes[bytes.len() - 1].is_ascii_digit()
        && bytes.iter().all(|&b| {
            if b == b'.' {
                points += 1;
                true
            } else {
                b.is_ascii_digit()
            }
        })
        && points <= 1
}

/// The value of a numeric token ("4.50" -> 4.5), when it is one.
pub(crate) fn numeric_value(token: &str) -> Option<f64> {
    if is_numeric(token) {
        token.parse::<f64>().ok().filter(|v| v.is_finite())
    } else {
        None
    }
}

/// Splits characters into space-separated lower-case tokens.
struct Cleaner<'o> {
    out: &'o mut String,
    in_token: bool,
    token_start: usize,
    /// A currency word waiting for the number that follows its symbol.
    pending: Option<&'o str>,
}

impl<'o> Cleaner<'o> {
    fn push_char(&mut self, c: char) {
        if !self.in_token {
            if !self.out.is_empty() {
                self.out.push(' ');
            }
            self.token_start = self.out.len();
            self.in_token = true;
        }
        self.out.push(c);
    }

    fn end_token(&mut self) {
        if !self.in_token {
            return;
        }
        self.in_token = false;
        if let Some(word) = self.pending.take() {
            if is_numeric(&self.out[self.token_start..]) {
                self.push_word(word);
            }
        }
    }

    fn push_word(&mut self, word: &str) {
        if self.in_token {
            self.in_token = false;
        }
        for c in word.chars() {
            self.push_char(c);
        }
        self.in_token = false;
    }

    fn current_is_numeric(&self) -> bool {
        self.in_token && is_numeric(&self.out[self.token_start..])
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`')
}

fn clean_into<'o>(text: &str, numbers: &'o Numbers, out: &'o mut String) {
    let mut cleaner = Cleaner {
        out,
        in_token: false,
        token_start: 0,
        pending: None,
    };
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let digits_around =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                if lower.is_alphanumeric() {
                    cleaner.push_char(lower);
                } else {
                    cleaner.end_token();
                }
            }
        } else if is_apostrophe(c) {
            // "what's" -> "whats": the word goes on.
        } else if c == '.' && digits_around && cleaner.current_is_numeric() {
            cleaner.push_char('.');
        } else if c == ',' && digits_around && cleaner.current_is_numeric() {
            // "1,000" -> "1000"
        } else if let Some((word, role)) = numbers.symbol(c) {
            match role {
                SymbolRole::Currency => {
                    if cleaner.current_is_numeric() {
                        // "5$": the amount came first.
                        cleaner.end_token();
                        cleaner.push_word(word);
                    } else {
                        cleaner.end_token();
                        cleaner.pending = Some(word);
                    }
                }
                SymbolRole::Word => {
                    cleaner.end_token();
                    cleaner.push_word(word);
                }
            }
        } else {
            cleaner.end_token();
        }
        prev = Some(c);
    }
    cleaner.end_token();
}

/// One unit of output of the number folding.
enum Folded<'w> {
    /// A word kept as it was.
    Word(&'w str),
    /// A number computed from words.
    Number(f64),
    /// An amount and its currency word.
    Money(f64, &'w str),
}

/// Fold number words and money into `out`; true when the caps cut words off.
fn fold_into(
    words: &[&str],
    numbers: &Numbers,
    out: &mut String,
    (max_chars, max_words): (usize, usize),
) -> bool {
    let mut i = 0;
    let mut written_words = 0;
    let mut written_chars: usize = 0;
    let mut emit = |piece: &str, out: &mut String| -> bool {
        let len = piece.chars().count();
        let extra = if out.is_empty() { len } else { len + 1 };
        if written_words >= max_words || written_chars.saturating_add(extra) > max_chars {
            return false;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece);
        written_words += 1;
        written_chars += extra;
        true
    };
    let mut buf = String::new();
    while i < words.len() {
        let (folded, used) = fold_at(words, i, numbers);
        let fits = match folded {
            Folded::Word(w) => emit(w, out),
            Folded::Number(v) => {
                buf.clear();
                write_number(v, &mut buf);
                emit(&buf, out)
            }
            Folded::Money(v, currency) => {
                buf.clear();
                write_number(v, &mut buf);
                emit(&buf, out) && emit(currency, out)
            }
        };
        if !fits {
            return true;
        }
        i += used.max(1);
    }
    false
}

fn write_number(v: f64, buf: &mut String) {
    use std::fmt::Write;
    // Two decimals at most, without trailing zeros: 2.5, 4.99, 1.
    let cents = (v.clamp(0.0, MAX_NUMBER) * 100.0).round() as u64;
    let (whole, frac) = (cents / 100, cents % 100);
    let _ = if frac == 0 {
        write!(buf, "{whole}")
    } else if frac % 10 == 0 {
        write!(buf, "{whole}.{}", frac / 10)
    } else {
        write!(buf, "{whole}.{frac:02}")
    };
}

/// Round to cents, the precision numbers are written with.
fn to_cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn fold_at<'w>(words: &[&'w str], i: usize, numbers: &Numbers) -> (Folded<'w>, usize) {
    let Some((value, used, plain)) = read_number(words, i, numbers) else {
        return (Folded::Word(words[i]), 1);
    };
    // "4 dollars and 50 cents", "4 dollars 50 cents" -> "4.5 dollars";
    // not at the number cap, where the cents would be lost to it (and a
    // second pass would then read the capped text differently).
    if value.fract() == 0.0 && value < MAX_NUMBER {
        let mut j = i + used;
        if let Some(currency) = words.get(j).copied().filter(|w| numbers.is_currency(w)) {
            j += 1;
            let joined = words
                .get(j)
                .is_some_and(|w| numbers.kind(w) == Some(NumKind::Joiner));
            if joined {
                j += 1;
            }
            if let Some((cents, used_cents, _)) = read_number(words, j, numbers) {
                let k = j + used_cents;
                let has_cents_word = words.get(k).is_some_and(|w| numbers.is_cents(w));
                // "$2 and 50%": the 50 is a percentage, not cents.
                let followed_by_currency = words
                    .get(k)
                    .is_some_and(|w| numbers.is_currency(w) || numbers.is_symbol_word(w));
                let whole_cents = cents.fract() == 0.0 && (1.0..100.0).contains(&cents);
                if whole_cents
                    && !followed_by_currency
                    && (has_cents_word || joined || k == words.len())
                {
                    let total = k + usize::from(has_cents_word) - i;
                    return (Folded::Money(value + cents / 100.0, currency), total);
                }
            }
        }
    }
    if plain {
        (Folded::Word(words[i]), 1)
    } else {
        (Folded::Number(value), used)
    }
}

/// Read a number at `words[i]`: (value, words used, plain) where plain means
/// a single digit token left as written.
fn read_number(words: &[&str], i: usize, numbers: &Numbers) -> Option<(f64, usize, bool)> {
    let first = *words.get(i)?;
    let (mut value, mut used, digits) = if let Some((value, used)) = numbers.phrase_at(words, i) {
        (value, used, false)
    } else if let Some(v) = numeric_value(first) {
        (v, 1, true)
    } else {
        let (v, used) = read_number_words(words, i, numbers)?;
        (v, used, false)
    };
    // Scales and dozens after any number: "5 hundred", "a couple hundred",
    // "a dozen hundred". The same limits as for number words keep this
    // idempotent: "150 hundred" and "0 thousand" stay as they are.
    while value.fract() == 0.0 {
        match words.get(i + used).and_then(|w| numbers.word(w)) {
            Some((NumKind::Scale, scale)) if value > 0.0 && value < scale.min(1000.0) => {
                value = (value * scale).min(MAX_NUMBER);
                used += 1;
            }
            Some((NumKind::Dozen, dozen)) if value > 0.0 => {
                value = (value * dozen).min(MAX_NUMBER);
                used += 1;
            }
            _ => break,
        }
    }
    if value.fract() == 0.0 {
        if let Some((half, n)) = numbers.suffix_at(words, i + used) {
            value += half;
            used += n;
        }
    }
    Some((value, used, digits && used == 1))
}

#[derive(Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    Small,
    Tens,
    Scale,
}

/// Runs of number words: "two hundred and fifty", "a thousand", "nine and a
/// half", "four point five", "two dozen".
fn read_number_words(words: &[&str], i: usize, numbers: &Numbers) -> Option<(f64, usize)> {
    let mut total = 0.0f64;
    let mut current = 0.0f64;
    let mut used = 0usize;
    let mut last = Last::Nothing;
    // "a hundred", "a dozen": the article counts as one.
    if numbers.kind(words[i]) == Some(NumKind::Article) {
        match words.get(i + 1).and_then(|w| numbers.kind(w)) {
            Some(NumKind::Scale) | Some(NumKind::Dozen) => {
                current = 1.0;
                used = 1;
                last = Last::Small;
            }
            _ => return None,
        }
    }
    while let Some(&w) = words.get(i + used) {
        let Some((kind, n)) = numbers.word(w) else {
            break;
        };
        match kind {
            NumKind::Small => {
                if last == Last::Small || (last == Last::Tens && n >= 10.0) {
                    break;
                }
                current += n;
                last = Last::Small;
            }
            NumKind::Tens => {
                if matches!(last, Last::Small | Last::Tens) {
                    break;
                }
                current += n;
                last = Last::Tens;
            }
            NumKind::Scale => {
                if last == Last::Nothing {
                    break;
                }
                if n < 1000.0 {
                    // "two hundred"; not "two hundred hundred".
                    if last == Last::Scale || current >= 100.0 {
                        break;
                    }
                    current *= n;
                } else {
                    // "two thousand", "one hundred thousand".
                    if current == 0.0 {
                        break;
                    }
                    total = (total + current * n).min(MAX_NUMBER);
                    current = 0.0;
                }
                last = Last::Scale;
            }
            NumKind::Dozen => {
                if last == Last::Nothing {
                    break;
                }
                used += 1;
                return Some((((total + current) * n).min(MAX_NUMBER), used));
            }
            NumKind::Joiner => {
                if last == Last::Nothing {
                    break;
                }
                if let Some((half, n)) = numbers.suffix_at(words, i + used) {
                    return Some(((total + current + half).min(MAX_NUMBER), used + n));
                }
                // "two hundred and fifty" goes on; "two hundred and four
                // hundred" is two numbers.
                if last != Last::Scale || !continues_after_joiner(words, i + used + 1, numbers) {
                    break;
                }
            }
            NumKind::Point => {
                if last == Last::Nothing || last == Last::Scale {
                    break;
                }
                let mut scale = 0.1;
                let mut fraction = 0.0;
                let mut digits = 0;
                while let Some((NumKind::Small, d)) = words
                    .get(i + used + 1 + digits)
                    .and_then(|w| numbers.word(w))
                {
                    if d >= 10.0 || digits >= 4 {
                        break;
                    }
                    fraction += d * scale;
                    scale /= 10.0;
                    digits += 1;
                }
                if digits == 0 {
                    break;
                }
                return Some((to_cents(total + current + fraction), used + 1 + digits));
            }
            NumKind::Article => break,
        }
        used += 1;
        if current > MAX_NUMBER {
            current = MAX_NUMBER;
        }
    }
    if last == Last::Nothing || used == 0 {
        return None;
    }
    if let Some((half, n)) = numbers.suffix_at(words, i + used) {
        return Some(((total + current + half).min(MAX_NUMBER), used + n));
    }
    Some(((total + current).min(MAX_NUMBER), used))
}

/// After "hundred and": does a small number follow that is not itself the
/// start of another hundred?
fn continues_after_joiner(words: &[&str], at: usize, numbers: &Numbers) -> bool {
    let mut j = at;
    let mut saw = false;
    while let Some((kind, _)) = words.get(j).and_then(|w| numbers.word(w)) {
        match kind {
            NumKind::Small | NumKind::Tens => {
                saw = true;
                j += 1;
            }
            NumKind::Scale => return false,
            _ => break,
        }
    }
    saw
}

#[cfg(test)]
mod tests {
    use super::super::{normalize, Lexicon};
    use super::*;

    #[test]
    fn normalize_lowercases_and_drops_punctuation() {
        let table = [
            ("What's in my card?", "whats in my card"),
            (
                "Show me running shoes, size 10.",
                "show me running shoes size 10",
            ),
            ("gluten-free pasta", "gluten free pasta"),
            ("  lots   of\tspace\n", "lots of space"),
            ("I'm allergic to peanuts!", "im allergic to peanuts"),
            ("", ""),
        ];
        for (input, expected) in table {
            assert_eq!(normalize(input), expected, "{input:?}");
        }
    }

    #[test]
    fn normalize_speaks_currency_symbols() {
        let table = [
            ("under $5", "under 5 dollars"),
            ("under $4.50.", "under 4.50 dollars"),
            ("$1,000 laptops", "1000 dollars laptops"),
            ("5$ please", "5 dollars please"),
            ("$ alone", "alone"),
        ];
        for (input, expected) in table {
            assert_eq!(normalize(input), expected, "{input:?}");
        }
    }

    #[test]
    fn normalize_turns_number_words_into_digits() {
        let table = [
            ("twenty-five", "25"),
            ("twenty five apples", "25 apples"),
            ("a hundred dollars", "100 dollars"),
            ("one hundred and fifty", "150"),
            ("two hundred fifty", "250"),
            (
                "between two hundred and four hundred dollars",
                "between 200 and 400 dollars",
            ),
            (
                "between one hundred and two hundred fifty dollars",
                "between 100 and 250 dollars",
            ),
            ("a thousand dollars", "1000 dollars"),
            ("two thousand five hundred", "2500"),
            ("a dozen eggs", "12 eggs"),
            ("two dozen eggs", "24 eggs"),
            ("half a dozen eggs", "6 eggs"),
            ("a couple of avocados", "2 avocados"),
            ("a couple bags", "2 bags"),
            ("two and a half pounds", "2.5 pounds"),
            ("a pound and a half", "a pound and a half"),
            ("half a gallon", "0.5 gallon"),
            ("size nine and a half", "size 9.5"),
            ("four point five", "4.5"),
            ("two three", "2 3"),
            ("five ninety nine", "5 99"),
            ("3 dozen", "36"),
            ("2 hundred", "200"),
            ("one", "1"),
            ("a", "a"),
            ("the best one", "the best 1"),
        ];
        for (input, expected) in table {
            assert_eq!(normalize(input), expected, "{input:?}");
        }
    }

    #[test]
    fn normalize_joins_dollars_and_cents() {
        let table = [
            ("four dollars and fifty cents", "4.5 dollars"),
            ("4 dollars and 99 cents", "4.99 dollars"),
            ("ten dollars fifty", "10.5 dollars"),
            ("3 dollars and 4 dollars", "3 dollars and 4 dollars"),
            ("99 cents", "99 cents"),
        ];
        for (input, expected) in table {
            assert_eq!(normalize(input), expected, "{input:?}");
        }
    }

    #[test]
    fn normalize_caps_words_and_characters() {
        let long = "apple ".repeat(500);
        let n = normalize(&long);
        assert_eq!(n.split(' ').count(), MAX_WORDS);
        let huge = "x".repeat(5_000);
        assert!(normalize(&huge).chars().count() <= MAX_INPUT_CHARS);
        let lex = Lexicon::builtin();
        assert!(normalize_with(&long, &lex.numbers).truncated);
        assert!(!normalize_with("add milk", &lex.numbers).truncated);
    }

    #[test]
    fn normalize_is_idempotent_on_tricky_inputs() {
        for input in [
            "$5 organic almond milk under $5.",
            "two hundred and four hundred",
            "İstanbul ǅemal ß ﬁ",
            "1.2.3 4..5 .5 5. $$5",
            "a a dozen half a half a dozen",
            "four dollars and fifty cents and a half",
            "one hundred and twenty five thousand and a half",
            "٣ apples ①",
        ] {
            let once = normalize(input);
            assert_eq!(normalize(&once), once, "{input:?}");
        }
    }

    #[test]
    fn normalize_is_idempotent_when_the_word_cap_cuts_a_price() {
        // Found by the intent_parse fuzz target: the 64-word cap ended the
        // text on "32 dollars 22", which a second pass folded to "32.22
        // dollars".
        let filler = "3 ".repeat(MAX_WORDS - 3);
        for input in [
            format!("{filler}32 dollars 22 and more words after"),
            format!("{filler}x 4 dollars 50 packs"),
            format!("{filler}two dollars fifty cents"),
            String::from_utf8_lossy(include_bytes!(
                "../../fuzz/regressions/intent_parse-price-at-cap.bin"
            ))
            .into_owned(),
            // Also found by the fuzz target: cents joined to an amount at
            // the number cap were lost to it, and a second pass joined them.
            String::from_utf8_lossy(include_bytes!(
                "../../fuzz/regressions/intent_parse-cents-at-number-cap.bin"
            ))
            .into_owned(),
            "$33333333333333 & 3 31".to_string(),
        ] {
            let once = normalize(&input);
            assert_eq!(normalize(&once), once, "{input:?}");
        }
    }

    #[test]
    fn a_percentage_after_an_amount_is_not_its_cents() {
        assert_eq!(normalize("$2 and 50%"), "2 dollars and 50 percent");
        assert_eq!(normalize("$2 and 50 cents"), "2.5 dollars");
        assert_eq!(normalize("two dollars and fifty cents"), "2.5 dollars");
    }

    #[test]
    fn numeric_tokens_are_strict() {
        assert!(is_numeric("4.50"));
        assert!(is_numeric("12"));
        assert!(!is_numeric("1.2.3"));
        assert!(!is_numeric("5e3"));
        assert!(!is_numeric("5."));
        assert!(!is_numeric(""));
        assert_eq!(numeric_value("4.50"), Some(4.5));
        assert_eq!(numeric_value("ten"), None);
    }
}
