//! The whisper.cpp ggml model format: low-level writers used by the converter,
//! and [`inspect_ggml`], a streaming validator of whole files.
//!
//! Takes hyper-parameters, tables and tensor headers to write; or any byte
//! stream to check. [`inspect_ggml`] produces a [`GgmlInfo`] summary only for a
//! file the vendored whisper.cpp loader would accept *and* that has nothing the
//! loader tolerates but this project never writes (bad mel table, duplicate
//! tensors, trailing bytes). Must never load the file into memory, allocate by
//! a length read from it, or trust a length before reading (or skipping) that
//! many bytes: tensor data is skipped through a fixed buffer and its size is
//! derived from the shape only after the shape is checked.

use std::io::{self, BufRead, BufReader, Read, Write};

use serde::Serialize;

use super::error::{ConvertError, GgmlError};
use super::layout::{check_hparams, whisper_layout, Class};
use super::mel::N_BINS;
use super::vocab::Vocab;
use super::Hparams;

/// The file magic, `0x67676d6c` (bytes `lmgg`).
pub(crate) const MAGIC: u32 = 0x6767_6d6c;
/// Longest tensor name accepted by the reader.
const MAX_TENSOR_NAME: i32 = 256;
/// Longest vocabulary entry accepted by the reader.
const MAX_TOKEN_BYTES: u32 = 4096;
/// Largest rank in a tensor header (ggml's limit).
const MAX_DIMS: i32 = 4;

/// A ggml tensor type: id, name, values per block, bytes per block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GgmlType {
    pub(crate) id: i32,
    pub(crate) name: &'static str,
    pub(crate) block: u64,
    pub(crate) block_bytes: u64,
}

pub(crate) const F32: GgmlType = GgmlType {
    id: 0,
    name: "f32",
    block: 1,
    block_bytes: 4,
};
pub(crate) const F16: GgmlType = GgmlType {
    id: 1,
    name: "f16",
    block: 1,
    block_bytes: 2,
};
pub(crate) const Q8_0: GgmlType = GgmlType {
    id: 8,
    name: "q8_0",
    block: 32,
    block_bytes: 34,
};

/// The tensor types a whisper.cpp file can hold.
const TYPES: [GgmlType; 12] = [
    F32,
    F16,
    GgmlType {
        id: 2,
        name: "q4_0",
        block: 32,
        block_bytes: 18,
    },
    GgmlType {
        id: 3,
        name: "q4_1",
        block: 32,
        block_bytes: 20,
    },
    GgmlType {
        id: 6,
        name: "q5_0",
        block: 32,
        block_bytes: 22,
    },
    GgmlType {
        id: 7,
        name: "q5_1",
        block: 32,
        block_bytes: 24,
    },
    Q8_0,
    GgmlType {
        id: 10,
        name: "q2_k",
        block: 256,
        block_bytes: 84,
    },
    GgmlType {
        id: 11,
        name: "q3_k",
        block: 256,
        block_bytes: 110,
    },
    GgmlType {
        id: 12,
        name: "q4_k",
        block: 256,
        block_bytes: 144,
    },
    GgmlType {
        id: 13,
        name: "q5_k",
        block: 256,
        block_bytes: 176,
    },
    GgmlType {
        id: 14,
        name: "q6_k",
        block: 256,
        block_bytes: 210,
    },
];

fn type_by_id(id: i32) -> Option<GgmlType> {
    TYPES.iter().copied().find(|t| t.id == id)
}

/// The weight type for `ftype % 1000` (ggml's `ggml_ftype_to_ggml_type`).
fn weight_type_of_ftype(ftype: i32) -> Option<GgmlType> {
    let id = match ftype {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        7 => 8,
        8 => 6,
        9 => 7,
        10..=14 => ftype,
        _ => return None,
    };
    type_by_id(id)
}

/// Bytes of a tensor of this type and `ne`, or `None` if the rows do not
/// divide into blocks or the size overflows.
pub(crate) fn tensor_bytes(ty: GgmlType, ne: &[u64]) -> Option<u64> {
    let first = *ne.first()?;
    if first % ty.block != 0 {
        return None;
    }
    let elements = ne.iter().try_fold(1u64, |acc, d| acc.checked_mul(*d))?;
    (elements / ty.block).checked_mul(ty.block_bytes)
}

/// Summary of a valid whisper.cpp ggml model file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GgmlInfo {
    /// The header's hyper-parameters.
    pub hparams: Hparams,
    /// Vocabulary entries stored in the file (whisper.cpp adds placeholders up
    /// to `n_vocab`).
    pub vocab_tokens: usize,
    /// Number of tensors.
    pub tensors: usize,
    /// Type of the projection weights and token embedding: `"f16"`, `"q8_0"`,
    /// `"f32"`, `"q5_0"`, ...
    pub weight_type: String,
    /// Total file size in bytes.
    pub bytes: u64,
}

// ---------------------------------------------------------------- writing

fn to_i32(what: &str, v: u64) -> Result<i32, ConvertError> {
    i32::try_from(v).map_err(|_| ConvertError::TooLarge {
        what: what.into(),
        value: v,
        limit: u64::try_from(i32::MAX).unwrap_or(u64::MAX),
    })
}

fn usize_to_u64(v: usize) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// Writes the magic and the eleven hyper-parameters.
pub(crate) fn write_header(out: &mut impl Write, hp: &Hparams) -> io::Result<()> {
    out.write_all(&MAGIC.to_le_bytes())?;
    for v in [
        hp.n_vocab,
        hp.n_audio_ctx,
        hp.n_audio_state,
        hp.n_audio_head,
        hp.n_audio_layer,
        hp.n_text_ctx,
        hp.n_text_state,
        hp.n_text_head,
        hp.n_text_layer,
        hp.n_mels,
        hp.ftype,
    ] {
        out.write_all(&v.to_le_bytes())?;
    }
    Ok(())
}

/// Writes the mel filter table (`n_mel`, bin count, values).
pub(crate) fn write_mel(out: &mut impl Write, filters: &[f32]) -> Result<(), ConvertError> {
    let bins = to_i32("the mel bin count", usize_to_u64(N_BINS))?;
    let n_mel = to_i32("the mel band count", usize_to_u64(filters.len() / N_BINS))?;
    out.write_all(&n_mel.to_le_bytes())?;
    out.write_all(&bins.to_le_bytes())?;
    let bytes: Vec<u8> = filters.iter().flat_map(|v| v.to_le_bytes()).collect();
    out.write_all(&bytes)?;
    Ok(())
}

/// Writes the vocabulary section.
pub(crate) fn write_vocab(out: &mut impl Write, vocab: &Vocab) -> Result<(), ConvertError> {
    let count = to_i32("the vocabulary size", usize_to_u64(vocab.len()))?;
    out.write_all(&count.to_le_bytes())?;
    for token in vocab.tokens() {
        let len = u32::try_from(token.len()).map_err(|_| ConvertError::TooLarge {
            what: "a vocabulary token".into(),
            value: usize_to_u64(token.len()),
            limit: u32::MAX.into(),
        })?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(token)?;
    }
    Ok(())
}

/// Writes one tensor header (`n_dims`, name length, type, `ne`, name).
pub(crate) fn write_tensor_header(
    out: &mut impl Write,
    name: &str,
    ne: &[u64],
    ty: GgmlType,
) -> Result<(), ConvertError> {
    let n_dims = to_i32("a tensor rank", usize_to_u64(ne.len()))?;
    let name_len = to_i32("a tensor name length", usize_to_u64(name.len()))?;
    out.write_all(&n_dims.to_le_bytes())?;
    out.write_all(&name_len.to_le_bytes())?;
    out.write_all(&ty.id.to_le_bytes())?;
    for d in ne {
        out.write_all(&to_i32("a tensor dimension", *d)?.to_le_bytes())?;
    }
    out.write_all(name.as_bytes())?;
    Ok(())
}

// ---------------------------------------------------------------- reading

/// A byte stream with a position, for error messages.
struct Stream<R> {
    r: BufReader<R>,
    pos: u64,
}

impl<R: Read> Stream<R> {
    /// Reads until `buf` is full or the stream ends; returns the bytes read.
    fn fill(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while let Some(rest) = buf.get_mut(n..) {
            if rest.is_empty() {
                break;
            }
            match self.r.read(rest) {
                Ok(0) => break,
                Ok(k) => n = n.saturating_add(k),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.pos = self.pos.saturating_add(usize_to_u64(n));
        Ok(n)
    }

    fn exact(&mut self, buf: &mut [u8], what: impl FnOnce() -> String) -> Result<(), GgmlError> {
        let offset = self.pos;
        let n = self.fill(buf)?;
        if n < buf.len() {
            return Err(GgmlError::Truncated {
                what: what(),
                offset,
                needed: usize_to_u64(buf.len()),
                remaining: usize_to_u64(n),
            });
        }
        Ok(())
    }

    fn i32(&mut self, what: impl FnOnce() -> String) -> Result<i32, GgmlError> {
        let mut b = [0u8; 4];
        self.exact(&mut b, what)?;
        Ok(i32::from_le_bytes(b))
    }

    /// Skips exactly `n` bytes without storing them.
    fn skip(&mut self, n: u64, what: impl FnOnce() -> String) -> Result<(), GgmlError> {
        let offset = self.pos;
        let copied = io::copy(&mut (&mut self.r).take(n), &mut io::sink())?;
        self.pos = self.pos.saturating_add(copied);
        if copied < n {
            return Err(GgmlError::Truncated {
                what: what(),
                offset,
                needed: n,
                remaining: copied,
            });
        }
        Ok(())
    }

    fn at_eof(&mut self) -> Result<bool, GgmlError> {
        loop {
            match self.r.fill_buf() {
                Ok(b) => return Ok(b.is_empty()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// Walks a whole whisper.cpp ggml model file and checks it: the magic, the
/// hyper-parameters (plausible ranges, known `ftype`), the mel filter table
/// (`n_mels` × 201 finite non-negative values), the vocabulary (at most
/// `n_vocab` entries), and every tensor: a known name, not repeated, the
/// exact shape and dtype whisper.cpp allocates for it, and all its data
/// present. The tensor set must be exactly the one the loader expects for the
/// layer counts, and the file must end right after the last tensor.
///
/// The file is streamed through a small buffer; pass any [`Read`] (a
/// [`std::fs::File`] is fine, it does not need to be buffered).
pub fn inspect_ggml(reader: impl Read) -> Result<GgmlInfo, GgmlError> {
    let mut s = Stream {
        r: BufReader::with_capacity(1 << 16, reader),
        pos: 0,
    };

    let mut magic = [0u8; 4];
    let n = s.fill(&mut magic)?;
    if n < 4 && magic.get(..n) == MAGIC.to_le_bytes().get(..n) {
        return Err(GgmlError::Truncated {
            what: "the file magic".into(),
            offset: 0,
            needed: 4,
            remaining: usize_to_u64(n),
        });
    }
    if u32::from_le_bytes(magic) != MAGIC {
        return Err(GgmlError::BadMagic { found: magic });
    }

    let mut hv = [0i32; 11];
    for v in hv.iter_mut() {
        *v = s.i32(|| "the hyper-parameters".into())?;
    }
    let [n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype] =
        hv;
    let hparams = Hparams {
        n_vocab,
        n_audio_ctx,
        n_audio_state,
        n_audio_head,
        n_audio_layer,
        n_text_ctx,
        n_text_state,
        n_text_head,
        n_text_layer,
        n_mels,
        ftype,
    };
    check_hparams(&hparams).map_err(|(name, value, reason)| GgmlError::BadHparam {
        name,
        value,
        reason,
    })?;
    let qntvr = ftype.checked_div(1000).unwrap_or(-1);
    let wtype = if (0..=9).contains(&qntvr) {
        weight_type_of_ftype(ftype % 1000)
    } else {
        None
    };
    let Some(wtype) = wtype else {
        return Err(GgmlError::BadHparam {
            name: "ftype",
            value: ftype.into(),
            reason: "not a known ggml file type".into(),
        });
    };
    let conv_type = if wtype == F32 { F32 } else { F16 };

    // Mel filter table.
    let mel_n = s.i32(|| "the mel table size".into())?;
    let mel_bins = s.i32(|| "the mel table size".into())?;
    if mel_n != n_mels {
        return Err(GgmlError::BadMelTable(format!(
            "{mel_n} bands, but n_mels is {n_mels}"
        )));
    }
    if usize::try_from(mel_bins).ok() != Some(N_BINS) {
        return Err(GgmlError::BadMelTable(format!(
            "{mel_bins} FFT bins per band, expected {N_BINS}"
        )));
    }
    let mut remaining = u64::try_from(mel_n)
        .unwrap_or(0)
        .saturating_mul(usize_to_u64(N_BINS));
    let mut buf = [0u8; 4096];
    while remaining > 0 {
        let take = remaining.min(1024);
        let chunk = buf
            .get_mut(..usize::try_from(take * 4).unwrap_or(0))
            .unwrap_or_default();
        s.exact(chunk, || "the mel filter table".into())?;
        let (values, _) = chunk.as_chunks::<4>();
        if let Some(v) = values
            .iter()
            .map(|b| f32::from_le_bytes(*b))
            .find(|v| !v.is_finite() || *v < 0.0)
        {
            return Err(GgmlError::BadMelTable(format!(
                "a filter weight is {v}, expected a finite non-negative value"
            )));
        }
        remaining -= take;
    }

    // Vocabulary.
    let count = s.i32(|| "the vocabulary size".into())?;
    if count < 0 || count > n_vocab {
        return Err(GgmlError::BadVocabulary(format!(
            "{count} entries, expected 0 to n_vocab = {n_vocab}"
        )));
    }
    for i in 0..count {
        let mut lb = [0u8; 4];
        s.exact(&mut lb, || format!("the length of vocabulary entry {i}"))?;
        let len = u32::from_le_bytes(lb);
        if len > MAX_TOKEN_BYTES {
            return Err(GgmlError::BadVocabulary(format!(
                "entry {i} claims {len} bytes, above the limit of {MAX_TOKEN_BYTES}"
            )));
        }
        s.skip(len.into(), || format!("vocabulary entry {i}"))?;
    }

    // Tensors.
    let layout = whisper_layout(&hparams);
    let expected = layout.tensors.len();
    let by_name: std::collections::HashMap<&str, usize> = layout
        .tensors
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut seen = vec![false; expected];
    for index in 0..expected {
        let offset = s.pos;
        if s.at_eof()? {
            let first_missing = layout
                .tensors
                .iter()
                .zip(&seen)
                .find(|(_, seen)| !**seen)
                .map(|(t, _)| t.name.clone())
                .unwrap_or_default();
            return Err(GgmlError::MissingTensors {
                expected,
                found: index,
                first_missing,
            });
        }
        let bad = |reason: String| GgmlError::BadTensorHeader {
            index,
            offset,
            reason,
        };
        let header = || format!("the header of tensor #{index}");
        let n_dims = s.i32(header)?;
        let name_len = s.i32(header)?;
        let type_id = s.i32(header)?;
        if !(1..=MAX_DIMS).contains(&n_dims) {
            return Err(bad(format!(
                "{n_dims} dimensions (1 to {MAX_DIMS} allowed)"
            )));
        }
        if !(1..=MAX_TENSOR_NAME).contains(&name_len) {
            return Err(bad(format!(
                "a name of {name_len} bytes (1 to {MAX_TENSOR_NAME} allowed)"
            )));
        }
        let Some(ty) = type_by_id(type_id) else {
            return Err(bad(format!("unknown ggml type id {type_id}")));
        };
        let mut ne = Vec::with_capacity(4);
        for _ in 0..n_dims {
            let d = s.i32(header)?;
            let d = u64::try_from(d)
                .ok()
                .filter(|d| *d > 0)
                .ok_or_else(|| bad(format!("dimension {d} is not positive")))?;
            ne.push(d);
        }
        let mut name_buf = [0u8; MAX_TENSOR_NAME as usize];
        let name_bytes = name_buf
            .get_mut(..usize::try_from(name_len).unwrap_or(0))
            .unwrap_or_default();
        s.exact(name_bytes, || format!("the name of tensor #{index}"))?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        let Some(&slot) = by_name.get(name.as_str()) else {
            return Err(GgmlError::UnknownTensor(name));
        };
        let (Some(spec), Some(seen_slot)) = (layout.tensors.get(slot), seen.get_mut(slot)) else {
            return Err(GgmlError::UnknownTensor(name));
        };
        if std::mem::replace(seen_slot, true) {
            return Err(GgmlError::DuplicateTensor(name));
        }
        let pad = |v: &[u64]| {
            let mut p = [1u64; 4];
            for (d, s) in p.iter_mut().zip(v) {
                *d = *s;
            }
            p
        };
        if pad(&ne) != pad(&spec.ne) {
            return Err(GgmlError::WrongShape {
                name,
                expected: spec.ne.clone(),
                found: ne,
            });
        }
        let want = match spec.class {
            Class::F32 => F32,
            Class::Conv => conv_type,
            Class::Weight => wtype,
        };
        if ty != want {
            return Err(GgmlError::WrongType {
                name,
                expected: want.name,
                found: ty.name,
            });
        }
        let Some(size) = tensor_bytes(ty, &ne) else {
            return Err(bad(format!(
                "shape {ne:?} does not divide into {} blocks",
                ty.name
            )));
        };
        s.skip(size, || format!("tensor '{name}'"))?;
    }

    if !s.at_eof()? {
        let offset = s.pos;
        let extra = io::copy(&mut s.r, &mut io::sink())?;
        return Err(GgmlError::TrailingBytes { offset, extra });
    }
    Ok(GgmlInfo {
        hparams,
        vocab_tokens: usize::try_from(count).unwrap_or(0),
        tensors: expected,
        weight_type: wtype.name.into(),
        bytes: s.pos,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::layout::tests::tiny_en;
    use super::super::mel::mel_filters;
    use super::*;
    use proptest::prelude::*;

    /// Builds a complete, valid ggml file for `hp` with zero-filled tensors,
    /// letting a test tamper with tensor names, types and ne on the way.
    pub(crate) fn build_ggml(
        hp: &Hparams,
        mut tamper: impl FnMut(&mut String, &mut GgmlType, &mut Vec<u64>),
    ) -> Vec<u8> {
        let mut out = Vec::new();
        write_header(&mut out, hp).unwrap();
        write_mel(&mut out, &mel_filters(usize::try_from(hp.n_mels).unwrap())).unwrap();
        out.extend_from_slice(&3i32.to_le_bytes());
        for t in [&b"a"[..], b" b", b""] {
            out.extend_from_slice(&u32::try_from(t.len()).unwrap().to_le_bytes());
            out.extend_from_slice(t);
        }
        let wtype = weight_type_of_ftype(hp.ftype % 1000).unwrap();
        for spec in whisper_layout(hp).tensors {
            let mut ty = match spec.class {
                Class::F32 => F32,
                Class::Conv if wtype == F32 => F32,
                Class::Conv => F16,
                Class::Weight => wtype,
            };
            let mut name = spec.name.clone();
            let mut ne = spec.ne.clone();
            tamper(&mut name, &mut ty, &mut ne);
            write_tensor_header(&mut out, &name, &ne, ty).unwrap();
            let size = tensor_bytes(ty, &ne).unwrap();
            out.resize(out.len() + usize::try_from(size).unwrap(), 0);
        }
        out
    }

    pub(crate) fn tiny_hp(ftype: i32) -> Hparams {
        Hparams {
            n_vocab: 40,
            n_audio_ctx: 8,
            n_audio_state: 64,
            n_audio_head: 2,
            n_audio_layer: 1,
            n_text_ctx: 4,
            n_text_state: 64,
            n_text_head: 2,
            n_text_layer: 1,
            n_mels: 80,
            ftype,
        }
    }

    fn valid() -> Vec<u8> {
        build_ggml(&tiny_hp(1), |_, _, _| {})
    }

    #[test]
    fn valid_file_is_accepted_with_its_summary() {
        let bytes = valid();
        let info = inspect_ggml(&bytes[..]).unwrap();
        assert_eq!(info.hparams, tiny_hp(1));
        assert_eq!(info.tensors, 7 + 15 + 4 + 24);
        assert_eq!(info.vocab_tokens, 3);
        assert_eq!(info.weight_type, "f16");
        assert_eq!(info.bytes, u64::try_from(bytes.len()).unwrap());
        let q = build_ggml(&tiny_hp(2007), |_, _, _| {});
        assert_eq!(inspect_ggml(&q[..]).unwrap().weight_type, "q8_0");
        let f = build_ggml(&tiny_hp(0), |_, _, _| {});
        assert_eq!(inspect_ggml(&f[..]).unwrap().weight_type, "f32");
    }

    #[test]
    fn truncated_file_is_an_error_at_every_offset() {
        let bytes = valid();
        // Every offset through the header, mel table and vocabulary region
        // edges, then a stride through the tensors, plus the last bytes.
        let offsets = (0..200)
            .chain((200..bytes.len()).step_by(97))
            .chain(bytes.len() - 40..bytes.len());
        for n in offsets {
            match inspect_ggml(&bytes[..n]) {
                Err(GgmlError::Truncated { .. } | GgmlError::MissingTensors { .. }) => {}
                other => panic!("prefix {n}: {other:?}"),
            }
        }
    }

    #[test]
    fn wrong_magic_is_named() {
        let mut bytes = valid();
        bytes[..4].copy_from_slice(b"GGUF");
        let e = inspect_ggml(&bytes[..]).unwrap_err();
        assert!(matches!(e, GgmlError::BadMagic { found } if &found == b"GGUF"));
        assert!(e.to_string().contains("instead of 'lmgg'"));
        assert!(matches!(
            inspect_ggml(&b"xy"[..]),
            Err(GgmlError::BadMagic { .. })
        ));
        assert!(matches!(
            inspect_ggml(&b""[..]),
            Err(GgmlError::Truncated { .. })
        ));
    }

    #[test]
    fn unknown_tensor_name_is_an_error() {
        let bytes = build_ggml(&tiny_hp(1), |name, _, _| {
            if name == "encoder.blocks.0.attn.key.weight" {
                *name = "encoder.blocks.0.attn.key.bias".into();
            }
        });
        assert!(matches!(
            inspect_ggml(&bytes[..]),
            Err(GgmlError::UnknownTensor(n)) if n == "encoder.blocks.0.attn.key.bias"
        ));
    }

    #[test]
    fn duplicate_tensor_is_an_error() {
        let bytes = build_ggml(&tiny_hp(1), |name, _, _| {
            if name == "decoder.ln.bias" {
                *name = "decoder.ln.weight".into();
            }
        });
        assert!(matches!(
            inspect_ggml(&bytes[..]),
            Err(GgmlError::DuplicateTensor(_))
        ));
    }

    #[test]
    fn one_dimensional_conv_bias_is_a_wrong_shape() {
        let bytes = build_ggml(&tiny_hp(1), |name, _, ne| {
            if name == "encoder.conv1.bias" {
                *ne = vec![64];
            }
        });
        assert!(matches!(
            inspect_ggml(&bytes[..]),
            Err(GgmlError::WrongShape { .. })
        ));
    }

    #[test]
    fn f16_positional_embedding_is_a_wrong_type() {
        let bytes = build_ggml(&tiny_hp(1), |name, ty, _| {
            if name == "encoder.positional_embedding" {
                *ty = F16;
            }
        });
        let e = inspect_ggml(&bytes[..]).unwrap_err();
        assert!(
            matches!(
                e,
                GgmlError::WrongType {
                    expected: "f32",
                    found: "f16",
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn missing_tensor_is_an_error() {
        let mut hp = tiny_hp(1);
        let full = build_ggml(&hp, |_, _, _| {});
        // Drop the last tensor (decoder.blocks.0.cross_attn.out.bias, 64 f32).
        let cut = full.len() - (12 + 4 + "decoder.blocks.0.cross_attn.out.bias".len() + 256);
        let e = inspect_ggml(&full[..cut]).unwrap_err();
        assert!(
            matches!(&e, GgmlError::MissingTensors { expected: 50, found: 49, first_missing } if first_missing == "decoder.blocks.0.cross_attn.out.bias"),
            "{e}"
        );
        hp.n_text_layer = 2;
        assert!(inspect_ggml(&build_ggml(&hp, |_, _, _| {})[..]).is_ok());
    }

    #[test]
    fn trailing_bytes_are_an_error() {
        let mut bytes = valid();
        bytes.extend_from_slice(&[0; 5]);
        assert!(matches!(
            inspect_ggml(&bytes[..]),
            Err(GgmlError::TrailingBytes { extra: 5, .. })
        ));
    }

    #[test]
    fn implausible_hparams_and_ftype_are_errors() {
        for (i, v) in [(1, i32::MAX), (4, 0), (11, 5), (11, -1), (11, 1_000_001)] {
            let mut bytes = valid();
            bytes[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
            assert!(
                matches!(inspect_ggml(&bytes[..]), Err(GgmlError::BadHparam { .. })),
                "field {i} = {v}"
            );
        }
    }

    #[test]
    fn lying_lengths_in_vocab_and_tensor_headers_are_errors() {
        // Vocabulary count above n_vocab.
        let mut bytes = valid();
        let vocab_at = 48 + 8 + 80 * 201 * 4;
        bytes[vocab_at..vocab_at + 4].copy_from_slice(&i32::MAX.to_le_bytes());
        assert!(matches!(
            inspect_ggml(&bytes[..]),
            Err(GgmlError::BadVocabulary(_))
        ));
        // A token length of 4 GB.
        let mut bytes = valid();
        bytes[vocab_at + 4..vocab_at + 8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            inspect_ggml(&bytes[..]),
            Err(GgmlError::BadVocabulary(_))
        ));
        // First tensor header: huge name length, huge rank, huge dim.
        let t0 = vocab_at + 4 + (4 + 1) + (4 + 2) + 4;
        for (field, v) in [
            (1usize, i32::MAX),
            (0, 1000),
            (0, -1),
            (3, i32::MAX),
            (2, 99),
        ] {
            let mut bytes = valid();
            bytes[t0 + 4 * field..t0 + 4 * field + 4].copy_from_slice(&v.to_le_bytes());
            match inspect_ggml(&bytes[..]) {
                Err(GgmlError::BadTensorHeader { index: 0, .. } | GgmlError::WrongShape { .. }) => {
                }
                other => panic!("field {field} = {v}: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_mel_table_is_an_error() {
        let mut bytes = valid();
        bytes[52..56].copy_from_slice(&200i32.to_le_bytes());
        assert!(matches!(
            inspect_ggml(&bytes[..]),
            Err(GgmlError::BadMelTable(_))
        ));
        let mut bytes = valid();
        bytes[56..60].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(matches!(
            inspect_ggml(&bytes[..]),
            Err(GgmlError::BadMelTable(_))
        ));
    }

    #[test]
    fn quantized_tensor_sizes_follow_the_block_sizes() {
        assert_eq!(tensor_bytes(Q8_0, &[384, 51864]), Some(51864 * 12 * 34));
        assert_eq!(tensor_bytes(F16, &[3, 80, 384]), Some(3 * 80 * 384 * 2));
        assert_eq!(tensor_bytes(Q8_0, &[33, 2]), None);
        assert_eq!(tensor_bytes(F32, &[u64::MAX, 2]), None);
        for ftype in [2, 3, 8, 9, 10, 14] {
            let mut hp = tiny_hp(2000 + ftype);
            hp.n_audio_state = 256;
            hp.n_text_state = 256;
            let bytes = build_ggml(&hp, |_, _, _| {});
            assert!(inspect_ggml(&bytes[..]).is_ok(), "ftype {ftype}");
        }
    }

    #[test]
    fn tiny_en_layout_has_167_tensors() {
        assert_eq!(whisper_layout(&tiny_en(1)).tensors.len(), 167);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = inspect_ggml(&bytes[..]);
            let mut with_magic = b"lmgg".to_vec();
            with_magic.extend_from_slice(&bytes);
            let _ = inspect_ggml(&with_magic[..]);
        }

        #[test]
        fn corrupted_valid_files_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut bytes = valid();
            for (at, v) in edits {
                let i = at.index(bytes.len());
                bytes[i] = v;
            }
            let n = cut.index(bytes.len() + 1);
            let _ = inspect_ggml(&bytes[..n]);
            let _ = inspect_ggml(&bytes[..]);
        }
    }
}
