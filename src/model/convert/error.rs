//! Error types of the converter ([`ConvertError`]) and of the ggml reader
//! ([`GgmlError`]).
//!
//! Takes nothing; produces messages meant for a user who handed us a wrong or
//! damaged file: each says which file, what was expected and what was found.
//! Must never carry borrowed input data (all fields are owned and small).

use std::fmt::Write as _;
use std::path::PathBuf;

/// Why a CTranslate2 model could not be converted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The file ends before a structure it announces.
    #[error(
        "model.bin is truncated: {what} at byte {offset} needs {needed} bytes, but only {remaining} remain"
    )]
    Truncated {
        /// The item being read.
        what: String,
        /// Byte offset where the item starts.
        offset: u64,
        /// Bytes the item needs.
        needed: u64,
        /// Bytes left in the file at that offset.
        remaining: u64,
    },
    /// The binary version field is not 6.
    #[error(
        "not a CTranslate2 model.bin this converter can read: the binary version field is {0} (expected 6, as written by ctranslate2 4.x)"
    )]
    UnsupportedVersion(u32),
    /// The model is a CTranslate2 model, but not a Whisper one.
    #[error("model.bin holds a '{0}' model, not a Whisper model ('WhisperSpec')")]
    NotWhisper(String),
    /// A structural field is invalid (bad string, rank, name, alias, ...).
    #[error("model.bin is malformed: {what} at byte {offset}: {reason}")]
    Malformed {
        /// The item being read.
        what: String,
        /// Byte offset where the item starts.
        offset: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A count or size is beyond what any Whisper model can have.
    #[error("model.bin is not plausible: {what} is {value}, above the limit of {limit}")]
    TooLarge {
        /// The count or size.
        what: String,
        /// Its value in the file.
        value: u64,
        /// The largest accepted value.
        limit: u64,
    },
    /// A variable the conversion needs has a dtype it cannot convert.
    #[error("variable '{name}' has dtype {} (id {dtype}), which cannot be converted here", dtype_name(*.dtype))]
    UnsupportedDtype {
        /// Variable name.
        name: String,
        /// CTranslate2 dtype id.
        dtype: u8,
    },
    /// A variable's byte count does not match its shape and dtype.
    #[error(
        "variable '{name}' stores {found} bytes, but its shape {shape:?} and dtype need {expected}"
    )]
    ByteCountMismatch {
        /// Variable name.
        name: String,
        /// Its dims, outermost first.
        shape: Vec<u64>,
        /// Bytes the shape and dtype imply.
        expected: u64,
        /// Bytes the file declares.
        found: u64,
    },
    /// Two variables (or an alias and a variable) share a name.
    #[error("model.bin names '{0}' twice")]
    DuplicateVariable(String),
    /// An alias points to a name that does not exist.
    #[error("alias '{alias}' points to '{target}', which is not in model.bin")]
    BadAlias {
        /// Alias name.
        alias: String,
        /// The missing target.
        target: String,
    },
    /// Bytes follow the last alias.
    #[error("model.bin has {remaining} unexpected bytes after its end at byte {offset}")]
    TrailingBytes {
        /// Where the model's structure ends.
        offset: u64,
        /// Extra bytes after it.
        remaining: u64,
    },
    /// A variable a Whisper model must have is absent.
    #[error("model.bin lacks the variable '{0}' that every Whisper model has")]
    MissingVariable(String),
    /// A variable has a shape inconsistent with the rest of the model.
    #[error("variable '{name}' has shape {found:?}, expected {expected:?}")]
    ShapeMismatch {
        /// Variable name.
        name: String,
        /// Shape implied by the model's other variables.
        expected: Vec<u64>,
        /// Shape in the file.
        found: Vec<u64>,
    },
    /// The key slice of a fused attention bias is not all zeros, so dropping it
    /// (whisper.cpp has no key bias) would change the model.
    #[error(
        "the key-bias slice of '{name}' is not zero (element {index} is {value}); whisper.cpp has no key bias, so this model cannot be converted faithfully"
    )]
    NonZeroKeyBias {
        /// The fused bias variable.
        name: String,
        /// Element index within the key slice.
        index: u64,
        /// Its value.
        value: f32,
    },
    /// A config scalar is missing its expected form.
    #[error("config scalar '{name}' is unusable: {reason}")]
    BadScalar {
        /// Variable name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// A derived hyper-parameter is out of range.
    #[error("model.bin gives {name} = {value}, which is not plausible: {reason}")]
    BadHparam {
        /// Hyper-parameter name.
        name: &'static str,
        /// Its value.
        value: i64,
        /// Why it is refused.
        reason: String,
    },
    /// A weight variable the conversion does not know what to do with; it
    /// would be silently dropped.
    #[error("model.bin has the variable '{0}', which has no place in a whisper.cpp model")]
    UnexpectedVariable(String),
    /// The decoder output projection is not tied to the token embedding.
    #[error(
        "'decoder/projection/weight' differs from 'decoder/embeddings/weight'; whisper.cpp needs them tied"
    )]
    UntiedProjection,
    /// An int8 weight has an unusable per-row scale.
    #[error("int8 scale '{name}' row {row} is {value}; it must be finite and non-zero")]
    BadScale {
        /// Scale variable name.
        name: String,
        /// Row index.
        row: u64,
        /// Its value.
        value: f32,
    },
    /// A weight cannot be quantized to q8_0 because its rows do not divide into
    /// blocks of 32.
    #[error("'{name}' has rows of {row_len} values, not a multiple of 32, so it cannot be stored as q8_0")]
    NotQuantizable {
        /// ggml tensor name.
        name: String,
        /// Row length.
        row_len: u64,
    },
    /// A vocabulary line cannot be decoded.
    #[error("vocabulary.txt line {line}: {reason}")]
    Vocabulary {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The vocabulary has no `<|endoftext|>` line.
    #[error("vocabulary.txt has no '<|endoftext|>' line, so the ordinary tokens cannot be told from the special ones")]
    NoEndOfText,
    /// The vocabulary has more ordinary tokens than the model has rows.
    #[error("vocabulary.txt has {tokens} ordinary tokens, more than the model's {n_vocab} embedding rows")]
    TooManyTokens {
        /// Ordinary tokens in the vocabulary.
        tokens: usize,
        /// Rows of the token embedding.
        n_vocab: i32,
    },
    /// A file of the model folder does not exist.
    #[error("the CTranslate2 model folder has no '{}'", .path.display())]
    MissingFile {
        /// The missing path.
        path: PathBuf,
    },
    /// A file of the model folder is larger than any model file can be.
    #[error("'{}' is {size} bytes, above the limit of {limit}", .path.display())]
    FileTooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The largest accepted size.
        limit: u64,
    },
    /// A file of the model folder could not be read.
    #[error("cannot read '{}': {source}", .path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Writing the output failed.
    #[error("writing the ggml file failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Why a ggml file is not a whisper.cpp model this project can load.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GgmlError {
    /// The file does not start with the ggml magic.
    #[error("not a ggml whisper model: the file starts with {} instead of 'lmgg'", show_bytes(.found))]
    BadMagic {
        /// The first four bytes.
        found: [u8; 4],
    },
    /// The file ends before a structure it announces.
    #[error(
        "model file is truncated: {what} needs {needed} bytes, {remaining} remain (at byte {offset})"
    )]
    Truncated {
        /// The item being read.
        what: String,
        /// Byte offset where the item starts.
        offset: u64,
        /// Bytes the item needs.
        needed: u64,
        /// Bytes that were left.
        remaining: u64,
    },
    /// A hyper-parameter is out of range.
    #[error("model file has an implausible hyper-parameter {name} = {value}: {reason}")]
    BadHparam {
        /// Hyper-parameter name.
        name: &'static str,
        /// Its value.
        value: i64,
        /// Why it is refused.
        reason: String,
    },
    /// The mel filter table is inconsistent.
    #[error("model file has a bad mel filter table: {0}")]
    BadMelTable(String),
    /// The vocabulary section is inconsistent.
    #[error("model file has a bad vocabulary: {0}")]
    BadVocabulary(String),
    /// A tensor header is invalid.
    #[error("model file has a bad header for tensor #{index} at byte {offset}: {reason}")]
    BadTensorHeader {
        /// 0-based tensor index in file order.
        index: usize,
        /// Byte offset of the header.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A tensor name whisper.cpp does not know (it refuses the file).
    #[error("unknown tensor '{0}' in model file")]
    UnknownTensor(String),
    /// A tensor appears twice.
    #[error("tensor '{0}' appears twice in model file")]
    DuplicateTensor(String),
    /// A tensor's shape differs from the one whisper.cpp allocates.
    #[error(
        "tensor '{name}' has wrong shape in model file: expected ne {expected:?}, found {found:?}"
    )]
    WrongShape {
        /// Tensor name.
        name: String,
        /// ne whisper.cpp expects (innermost first).
        expected: Vec<u64>,
        /// ne in the file.
        found: Vec<u64>,
    },
    /// A tensor's type differs from the one whisper.cpp allocates.
    #[error("tensor '{name}' has type {found} in model file, but whisper.cpp needs {expected}")]
    WrongType {
        /// Tensor name.
        name: String,
        /// Type whisper.cpp allocates.
        expected: &'static str,
        /// Type in the file.
        found: &'static str,
    },
    /// The file ends before all tensors.
    #[error("not all tensors in model file: expected {expected}, found {found} (first missing: '{first_missing}')")]
    MissingTensors {
        /// Tensors whisper.cpp needs.
        expected: usize,
        /// Tensors present.
        found: usize,
        /// One missing name.
        first_missing: String,
    },
    /// Bytes follow the last tensor.
    #[error("model file has {extra} unexpected bytes after the last tensor (at byte {offset})")]
    TrailingBytes {
        /// Where the last tensor ends.
        offset: u64,
        /// Extra bytes after it.
        extra: u64,
    },
    /// Reading failed.
    #[error("reading the model file failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Human name of a CTranslate2 dtype id.
pub(crate) fn dtype_name(id: u8) -> &'static str {
    match id {
        0 => "float32",
        1 => "int8",
        2 => "int16",
        3 => "int32",
        4 => "float16",
        5 => "bfloat16",
        _ => "unknown",
    }
}

/// Quoted, escaped rendering of a few raw bytes: `'GGUF'`, `'\x00\x01..'`.
fn show_bytes(bytes: &[u8]) -> String {
    let mut s = String::from("'");
    for &b in bytes {
        if b.is_ascii_graphic() || b == b' ' {
            s.push(char::from(b));
        } else {
            let _ = write!(s, "\\x{b:02x}");
        }
    }
    s.push('\'');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_magic_message_shows_the_bytes_found() {
        let e = GgmlError::BadMagic { found: *b"GGUF" };
        assert_eq!(
            e.to_string(),
            "not a ggml whisper model: the file starts with 'GGUF' instead of 'lmgg'"
        );
        let e = GgmlError::BadMagic {
            found: [0, 1, b'a', 0xff],
        };
        assert!(e.to_string().contains("'\\x00\\x01a\\xff'"));
    }

    #[test]
    fn unsupported_dtype_message_names_the_dtype() {
        let e = ConvertError::UnsupportedDtype {
            name: "w".into(),
            dtype: 3,
        };
        assert_eq!(
            e.to_string(),
            "variable 'w' has dtype int32 (id 3), which cannot be converted here"
        );
    }
}
