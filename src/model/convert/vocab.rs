//! Decoding of CTranslate2's `vocabulary.txt` into the raw token bytes a
//! whisper.cpp model file stores.
//!
//! Takes the file's bytes (one GPT-2 byte-level BPE token per line, in id
//! order, split on `\n` only); produces the raw bytes of every ordinary token,
//! i.e. of the lines before `<|endoftext|>` (special and timestamp tokens are
//! not stored: whisper.cpp makes its own). Every character of a token stands
//! for one byte under GPT-2's byte↔unicode table, which is inverted here. Must
//! never accept a character outside that table (it would silently corrupt the
//! token) and never allocate more than the input's size.

use super::error::ConvertError;

/// The line that ends the ordinary tokens.
const END_OF_TEXT: &[u8] = b"<|endoftext|>";

/// True for the bytes GPT-2 maps to the code point of the same value.
const fn is_printable(b: u8) -> bool {
    matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF)
}

/// The 68 non-printable byte values in increasing order; the one at index `n`
/// is written as the code point `256 + n`.
const HIGH: [u8; 68] = high_table();

const fn high_table() -> [u8; 68] {
    let mut table = [0u8; 68];
    let mut b: u8 = 0;
    let mut n = 0;
    loop {
        if !is_printable(b) {
            table[n] = b;
            n += 1;
        }
        if b == u8::MAX {
            break;
        }
        b += 1;
    }
    table
}

/// The byte a GPT-2 byte-level character stands for, if any.
///
/// Printable bytes stand for themselves; the other 68 byte values, in
/// increasing order, are mapped to the code points 256, 257, ....
pub(crate) fn byte_of_char(c: char) -> Option<u8> {
    let cp = u32::from(c);
    match u8::try_from(cp) {
        Ok(b) => is_printable(b).then_some(b),
        Err(_) => {
            let n = usize::try_from(cp.checked_sub(256)?).ok()?;
            HIGH.get(n).copied()
        }
    }
}

/// The ordinary tokens, stored back to back.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    bytes: Vec<u8>,
    /// End offset in `bytes` of each token.
    ends: Vec<usize>,
}

impl Vocab {
    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The tokens in id order.
    pub(crate) fn tokens(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(s, e)| self.bytes.get(s..e).unwrap_or_default())
    }
}

/// Decodes the lines of `vocabulary.txt` before `<|endoftext|>`.
pub(crate) fn decode_vocabulary(text: &[u8]) -> Result<Vocab, ConvertError> {
    let mut vocab = Vocab::default();
    for (i, line) in text.split(|b| *b == b'\n').enumerate() {
        if line == END_OF_TEXT {
            return Ok(vocab);
        }
        let lineno = i.saturating_add(1);
        let s = std::str::from_utf8(line).map_err(|_| ConvertError::Vocabulary {
            line: lineno,
            reason: "the token is not UTF-8".into(),
        })?;
        for c in s.chars() {
            let b = byte_of_char(c);
            let Some(b) = b else {
                let hint = if c == '\r' {
                    " (the file has Windows line endings)"
                } else {
                    ""
                };
                return Err(ConvertError::Vocabulary {
                    line: lineno,
                    reason: format!(
                        "{c:?} (U+{:04X}) is not a GPT-2 byte-level character{hint}",
                        u32::from(c)
                    ),
                });
            };
            vocab.bytes.push(b);
        }
        vocab.ends.push(vocab.bytes.len());
    }
    Err(ConvertError::NoEndOfText)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Vec<Vec<u8>> {
        decode_vocabulary(text.as_bytes())
            .unwrap()
            .tokens()
            .map(<[u8]>::to_vec)
            .collect()
    }

    #[test]
    fn space_and_newline_characters_decode_to_their_bytes() {
        assert_eq!(byte_of_char('Ġ'), Some(b' '));
        assert_eq!(byte_of_char('Ċ'), Some(b'\n'));
        assert_eq!(byte_of_char('ĉ'), Some(b'\t'));
        assert_eq!(byte_of_char('Ā'), Some(0));
        assert_eq!(byte_of_char('ł'), Some(0xA0));
        assert_eq!(byte_of_char('Ń'), Some(0xAD));
        assert_eq!(byte_of_char('a'), Some(b'a'));
        assert_eq!(byte_of_char('é'), Some(0xE9));
        assert_eq!(byte_of_char('ń'), None, "only 68 code points above 255");
        assert_eq!(byte_of_char(' '), None, "a raw space never appears");
    }

    #[test]
    fn table_is_a_bijection_over_all_256_bytes() {
        let mut seen = [false; 256];
        for cp in 0..400u32 {
            if let Some(b) = char::from_u32(cp).and_then(byte_of_char) {
                assert!(!seen[usize::from(b)], "byte {b} twice");
                seen[usize::from(b)] = true;
            }
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn only_tokens_before_endoftext_are_kept() {
        let toks = decode("!\nĠthe\nĊ\n<|endoftext|>\n<|startoftranscript|>\n");
        assert_eq!(toks, vec![b"!".to_vec(), b" the".to_vec(), b"\n".to_vec()]);
    }

    #[test]
    fn multibyte_tokens_decode_to_utf8_bytes() {
        // "é" is the UTF-8 bytes C3 A9, which GPT-2 writes as 'Ã' '©'.
        let toks = decode("Ã©\n<|endoftext|>");
        assert_eq!(toks, vec![vec![0xC3, 0xA9]]);
        assert_eq!(std::str::from_utf8(&toks[0]).unwrap(), "é");
    }

    #[test]
    fn empty_line_is_an_empty_token() {
        let toks = decode("a\n\n<|endoftext|>");
        assert_eq!(toks, vec![b"a".to_vec(), Vec::new()]);
    }

    #[test]
    fn missing_endoftext_is_an_error() {
        assert!(matches!(
            decode_vocabulary(b"a\nb\n"),
            Err(ConvertError::NoEndOfText)
        ));
    }

    #[test]
    fn crlf_and_foreign_characters_are_errors_with_line_numbers() {
        let e = decode_vocabulary(b"a\r\n<|endoftext|>").unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
        assert!(e.to_string().contains("Windows"), "{e}");
        let e = decode_vocabulary("a\nb c\n<|endoftext|>".as_bytes()).unwrap_err();
        assert!(matches!(e, ConvertError::Vocabulary { line: 2, .. }), "{e}");
        let e = decode_vocabulary(b"\xff\n<|endoftext|>").unwrap_err();
        assert!(matches!(e, ConvertError::Vocabulary { line: 1, .. }), "{e}");
    }
}
