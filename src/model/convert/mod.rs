//! CTranslate2 Whisper → whisper.cpp ggml model converter, and a validating
//! reader of ggml model files.
//!
//! **Takes:** the two files of a CTranslate2 Whisper model folder, `model.bin`
//! (binary version 6, as written by ctranslate2 4.x) and `vocabulary.txt`,
//! either as in-memory bytes ([`convert`]) or from a folder ([`convert_dir`]).
//!
//! **Produces:** a ggml model file exactly as the whisper.cpp loader vendored in
//! whisper-rs-sys expects it: magic, hyper-parameters, the Slaney mel filter
//! bank, the GPT-2 byte-level vocabulary, and the tensor set of the model with
//! fused attention projections split, key biases dropped, conv biases reshaped
//! and every tensor in the one dtype whisper.cpp allocates for it. The 2-D
//! projection weights and the token embedding are f16 or q8_0
//! ([`WeightType`]); conv weights are f16; everything else is f32.
//! [`inspect_ggml`] walks any such file (streaming, without loading it) and
//! checks it the way the loader does, and more strictly.
//!
//! **Must never:** panic, allocate by a count or length read from the input
//! before checking it against the bytes that are actually there, or write a
//! file whisper.cpp would refuse or mis-read. Every input is treated as
//! untrusted: all sizes use checked arithmetic, ranks, names and counts are
//! capped, and a file must end exactly where its structure says it ends.
//! Nothing is validated lazily: the whole source model and vocabulary are
//! checked before the first output byte is written.

mod ct2;
mod driver;
mod error;
mod ggml;
mod layout;
mod mel;
mod quant;
mod vocab;

use serde::Serialize;

pub use driver::{convert, convert_dir};
pub use error::{ConvertError, GgmlError};
pub use ggml::{inspect_ggml, GgmlInfo};

/// Weight type of the 2-D projection weights and the token embedding.
///
/// Conv weights are always f16 and every other tensor is f32, whatever is
/// chosen here (whisper.cpp requires exactly that).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightType {
    /// IEEE half precision; `ftype` 1. A byte copy of float16 sources.
    F16,
    /// ggml q8_0: blocks of 32 values with one f16 scale; `ftype` 2007.
    Q8_0,
}

impl WeightType {
    /// The `ftype` hyper-parameter written for this weight type
    /// (quantized types carry 1000 × the quantization version, 2).
    pub fn ftype(self) -> i32 {
        match self {
            WeightType::F16 => 1,
            WeightType::Q8_0 => 2007,
        }
    }
}

/// The eleven hyper-parameters at the start of a whisper.cpp ggml file, in
/// file order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hparams {
    /// Vocabulary size including special and timestamp tokens (51864 for `.en`).
    pub n_vocab: i32,
    /// Encoder positions (1500).
    pub n_audio_ctx: i32,
    /// Encoder width.
    pub n_audio_state: i32,
    /// Encoder attention heads.
    pub n_audio_head: i32,
    /// Encoder layers (4 for tiny, 6 for base, ...).
    pub n_audio_layer: i32,
    /// Decoder positions (448).
    pub n_text_ctx: i32,
    /// Decoder width.
    pub n_text_state: i32,
    /// Decoder attention heads.
    pub n_text_head: i32,
    /// Decoder layers.
    pub n_text_layer: i32,
    /// Mel bands of the input spectrogram (80, or 128 for large-v3).
    pub n_mels: i32,
    /// Weight type code: 1 = mostly f16; quantized types add 1000 × the
    /// quantization version (2007 = q8_0).
    pub ftype: i32,
}

/// What [`convert`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConvertReport {
    /// The hyper-parameters written to the file header.
    pub hparams: Hparams,
    /// Number of tensors written.
    pub tensors: usize,
    /// Number of vocabulary entries written (the ordinary tokens, before
    /// `<|endoftext|>`).
    pub vocab_tokens: usize,
    /// Total size of the ggml file in bytes.
    pub bytes_written: u64,
}
