//! The conversion itself: CTranslate2 variables → ggml tensors.
//!
//! Takes a parsed `model.bin` and `vocabulary.txt`; produces the ggml file on a
//! caller-supplied writer, one tensor at a time (a fused tensor is split by
//! writing the row slices of the borrowed source; at most a small chunk of
//! converted values is held at once). Before anything is written, every tensor
//! the layout needs is resolved and shape-checked, key-bias slices are checked
//! to be zero, the output projection is checked to be tied to the token
//! embedding, every weight variable is accounted for, and the vocabulary is
//! decoded. Must never write a partial file because of an input problem
//! (only an I/O error can stop it midway), and never copy the model.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::ct2::{Ct2Model, Dtype, Variable};
use super::error::ConvertError;
use super::ggml::{self, GgmlType};
use super::layout::{check_hparams, whisper_layout, Class, Source};
use super::mel::mel_filters;
use super::quant::{quantize_q8_0, QK8_0};
use super::vocab::decode_vocabulary;
use super::{ConvertReport, Hparams, WeightType};

/// Largest `model.bin` [`convert_dir`] reads (large-v3 in f32 is ~6.2 GB).
const MAX_MODEL_BIN: u64 = 8 << 30;
/// Largest `vocabulary.txt` [`convert_dir`] reads (real ones: ~0.4 MB).
const MAX_VOCABULARY: u64 = 64 << 20;
/// Most `model.bin.partN` files joined.
const MAX_PARTS: u32 = 64;
/// Values converted per chunk when a tensor is not a byte copy.
const CHUNK: usize = QK8_0 * 2048;

/// A row slice of one variable, validated against its data.
struct Slice<'m> {
    var: &'m Variable<'m>,
    dtype: Dtype,
    /// First element (in the variable's row-major order).
    start: usize,
    /// Number of elements.
    len: usize,
    /// Elements per outermost row of the variable.
    row_len: usize,
    /// Per-row scales of an int8 variable.
    scales: Option<Vec<f32>>,
}

impl Slice<'_> {
    fn out_of_range(&self) -> ConvertError {
        ConvertError::Malformed {
            what: format!("variable '{}'", self.var.name),
            offset: 0,
            reason: "a slice lies outside its data".into(),
        }
    }

    /// The raw bytes of the slice.
    fn bytes(&self) -> Result<&[u8], ConvertError> {
        let size = usize::try_from(self.dtype.size()).unwrap_or(usize::MAX);
        let a = self.start.checked_mul(size);
        let b = self
            .start
            .checked_add(self.len)
            .and_then(|e| e.checked_mul(size));
        match (a, b) {
            (Some(a), Some(b)) => self.var.data.get(a..b).ok_or_else(|| self.out_of_range()),
            _ => Err(self.out_of_range()),
        }
    }

    /// Decodes `buf.len()` values starting `from` elements into the slice.
    fn fill_f32(&self, from: usize, buf: &mut [f32]) -> Result<(), ConvertError> {
        let all = self.bytes()?;
        let size = usize::try_from(self.dtype.size()).unwrap_or(usize::MAX);
        let a = from.checked_mul(size);
        let b = from
            .checked_add(buf.len())
            .and_then(|e| e.checked_mul(size));
        let bytes = match (a, b) {
            (Some(a), Some(b)) => all.get(a..b).ok_or_else(|| self.out_of_range())?,
            _ => return Err(self.out_of_range()),
        };
        match self.dtype {
            Dtype::F32 => {
                for (o, c) in buf.iter_mut().zip(bytes.as_chunks::<4>().0) {
                    *o = f32::from_le_bytes(*c);
                }
            }
            Dtype::F16 => {
                for (o, c) in buf.iter_mut().zip(bytes.as_chunks::<2>().0) {
                    *o = half::f16::from_le_bytes(*c).to_f32();
                }
            }
            Dtype::Bf16 => {
                for (o, c) in buf.iter_mut().zip(bytes.as_chunks::<2>().0) {
                    *o = half::bf16::from_le_bytes(*c).to_f32();
                }
            }
            Dtype::I8 => {
                let scales = self.scales.as_deref().unwrap_or_default();
                let first = self.start.saturating_add(from);
                let row_len = self.row_len.max(1);
                for (k, (o, b)) in buf.iter_mut().zip(bytes).enumerate() {
                    let row = first.saturating_add(k) / row_len;
                    let scale = scales
                        .get(row)
                        .copied()
                        .ok_or_else(|| self.out_of_range())?;
                    *o = f32::from(i8::from_le_bytes([*b])) / scale;
                }
            }
            Dtype::I16 | Dtype::I32 => {
                return Err(ConvertError::UnsupportedDtype {
                    name: self.var.name.into(),
                    dtype: self.var.dtype_id,
                })
            }
        }
        Ok(())
    }
}

/// Reusable buffers for chunked conversion.
#[derive(Default)]
struct Scratch {
    values: Vec<f32>,
    bytes: Vec<u8>,
}

/// A `Write` that counts what passes through it.
struct Counting<'w, W: Write> {
    inner: &'w mut W,
    bytes: u64,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes = self
            .bytes
            .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Looks a variable up by name (following aliases).
fn get<'m>(model: &'m Ct2Model<'m>, name: &str) -> Result<(usize, &'m Variable<'m>), ConvertError> {
    model
        .lookup(name)
        .and_then(|i| model.variables.get(i).map(|v| (i, v)))
        .ok_or_else(|| ConvertError::MissingVariable(name.into()))
}

/// Dims of a variable that must have rank `N`.
fn dims<const N: usize>(model: &Ct2Model<'_>, name: &str) -> Result<[u64; N], ConvertError> {
    let (_, v) = get(model, name)?;
    <[u64; N]>::try_from(v.dims.as_slice()).map_err(|_| ConvertError::ShapeMismatch {
        name: name.into(),
        expected: vec![0; N],
        found: v.dims.clone(),
    })
}

/// An integer config scalar.
fn scalar(model: &Ct2Model<'_>, name: &str) -> Result<i64, ConvertError> {
    let (_, v) = get(model, name)?;
    let bad = |reason: &str| ConvertError::BadScalar {
        name: name.into(),
        reason: reason.into(),
    };
    if !v.dims.is_empty() {
        return Err(bad("it is not a scalar"));
    }
    match (v.dtype, v.data) {
        (Some(Dtype::I8), [a]) => Ok(i8::from_le_bytes([*a]).into()),
        (Some(Dtype::I16), [a, b]) => Ok(i16::from_le_bytes([*a, *b]).into()),
        (Some(Dtype::I32), [a, b, c, d]) => Ok(i32::from_le_bytes([*a, *b, *c, *d]).into()),
        _ => Err(bad("it is not an integer")),
    }
}

/// Number of `<prefix>N/` scopes (the largest N plus one).
fn layer_count(model: &Ct2Model<'_>, prefix: &str) -> u64 {
    model
        .variables
        .iter()
        .filter_map(|v| {
            let rest = v.name.strip_prefix(prefix)?;
            let (n, _) = rest.split_once('/')?;
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            n.parse::<u64>().ok().map(|n| n.saturating_add(1))
        })
        .max()
        .unwrap_or(0)
}

fn hparam(name: &'static str, v: impl TryInto<i64> + Copy) -> Result<i32, ConvertError> {
    let wide: i64 = v.try_into().unwrap_or(i64::MAX);
    i32::try_from(wide).map_err(|_| ConvertError::BadHparam {
        name,
        value: wide,
        reason: "it does not fit a 32-bit integer".into(),
    })
}

/// Derives the hyper-parameters from the model's variables (model.md §7).
fn derive_hparams(model: &Ct2Model<'_>, weight_type: WeightType) -> Result<Hparams, ConvertError> {
    let [n_audio_ctx, n_audio_state] = dims::<2>(model, "encoder/position_encodings/encodings")?;
    let [n_text_ctx, n_text_state] = dims::<2>(model, "decoder/position_encodings/encodings")?;
    let [n_vocab, _] = dims::<2>(model, "decoder/embeddings/weight")?;
    let [_, n_mels, _] = dims::<3>(model, "encoder/conv1/weight")?;
    Ok(Hparams {
        n_vocab: hparam("n_vocab", n_vocab)?,
        n_audio_ctx: hparam("n_audio_ctx", n_audio_ctx)?,
        n_audio_state: hparam("n_audio_state", n_audio_state)?,
        n_audio_head: hparam("n_audio_head", scalar(model, "encoder/num_heads")?)?,
        n_audio_layer: hparam("n_audio_layer", layer_count(model, "encoder/layer_"))?,
        n_text_ctx: hparam("n_text_ctx", n_text_ctx)?,
        n_text_state: hparam("n_text_state", n_text_state)?,
        n_text_head: hparam("n_text_head", scalar(model, "decoder/num_heads")?)?,
        n_text_layer: hparam("n_text_layer", layer_count(model, "decoder/layer_"))?,
        n_mels: hparam("n_mels", n_mels)?,
        ftype: weight_type.ftype(),
    })
}

/// Resolves a layout source to a validated slice, marking what it uses.
fn resolve<'m>(
    model: &'m Ct2Model<'m>,
    source: &Source,
    used: &mut [bool],
) -> Result<Slice<'m>, ConvertError> {
    let (idx, var) = get(model, &source.var)?;
    if var.dims != source.shape {
        return Err(ConvertError::ShapeMismatch {
            name: source.var.clone(),
            expected: source.shape.clone(),
            found: var.dims.clone(),
        });
    }
    let unsupported = || ConvertError::UnsupportedDtype {
        name: var.name.into(),
        dtype: var.dtype_id,
    };
    let dtype = var.dtype.ok_or_else(unsupported)?;
    let rows = var.dims.first().copied().unwrap_or(1).max(1);
    let scales = match dtype {
        Dtype::F32 | Dtype::F16 | Dtype::Bf16 => None,
        Dtype::I8 => Some(int8_scales(model, var, rows, used)?),
        Dtype::I16 | Dtype::I32 => return Err(unsupported()),
    };
    let elements = var.elements();
    let row_len = elements / rows;
    let part_rows = rows / source.parts.max(1);
    let to_usize = |v: Option<u64>| {
        v.and_then(|v| usize::try_from(v).ok())
            .ok_or_else(|| ConvertError::TooLarge {
                what: format!("variable '{}'", var.name),
                value: elements,
                limit: u64::try_from(usize::MAX).unwrap_or(u64::MAX),
            })
    };
    let start = to_usize(
        source
            .part
            .checked_mul(part_rows)
            .and_then(|r| r.checked_mul(row_len)),
    )?;
    let len = to_usize(part_rows.checked_mul(row_len))?;
    if let Some(u) = used.get_mut(idx) {
        *u = true;
    }
    Ok(Slice {
        var,
        dtype,
        start,
        len,
        row_len: to_usize(Some(row_len))?,
        scales,
    })
}

/// The per-row scales of an int8 variable (`<name>_scale`, float, one per
/// outermost row); the real value is the int8 value divided by the scale.
fn int8_scales(
    model: &Ct2Model<'_>,
    var: &Variable<'_>,
    rows: u64,
    used: &mut [bool],
) -> Result<Vec<f32>, ConvertError> {
    let name = format!("{}_scale", var.name);
    let (idx, sv) = get(model, &name)?;
    if sv.dims != [rows] {
        return Err(ConvertError::ShapeMismatch {
            name,
            expected: vec![rows],
            found: sv.dims.clone(),
        });
    }
    let dtype = match sv.dtype {
        Some(d @ (Dtype::F32 | Dtype::F16 | Dtype::Bf16)) => d,
        _ => {
            return Err(ConvertError::UnsupportedDtype {
                name,
                dtype: sv.dtype_id,
            })
        }
    };
    let len = usize::try_from(rows).map_err(|_| ConvertError::TooLarge {
        what: name.clone(),
        value: rows,
        limit: u64::try_from(usize::MAX).unwrap_or(u64::MAX),
    })?;
    let slice = Slice {
        var: sv,
        dtype,
        start: 0,
        len,
        row_len: 1,
        scales: None,
    };
    // `len` rows of `dtype` exist in the data (checked when parsing).
    let mut scales = vec![0.0f32; len];
    slice.fill_f32(0, &mut scales)?;
    for (row, s) in scales.iter().enumerate() {
        if !s.is_finite() || *s == 0.0 {
            return Err(ConvertError::BadScale {
                name,
                row: u64::try_from(row).unwrap_or(u64::MAX),
                value: *s,
            });
        }
    }
    if let Some(u) = used.get_mut(idx) {
        *u = true;
    }
    Ok(scales)
}

/// Calls `f` on the slice's values, one chunk at a time.
fn for_each_chunk(
    src: &Slice<'_>,
    scratch: &mut Vec<f32>,
    mut f: impl FnMut(usize, &[f32]) -> Result<(), ConvertError>,
) -> Result<(), ConvertError> {
    let mut done = 0;
    while done < src.len {
        let n = (src.len - done).min(CHUNK);
        scratch.clear();
        scratch.resize(n, 0.0);
        src.fill_f32(done, scratch)?;
        f(done, scratch)?;
        done += n;
    }
    Ok(())
}

/// Fails unless every value of the slice is zero.
fn check_zero(src: &Slice<'_>, scratch: &mut Vec<f32>) -> Result<(), ConvertError> {
    for_each_chunk(src, scratch, |at, values| {
        match values.iter().position(|v| *v != 0.0) {
            Some(i) => Err(ConvertError::NonZeroKeyBias {
                name: src.var.name.into(),
                index: u64::try_from(at.saturating_add(i)).unwrap_or(u64::MAX),
                value: values.get(i).copied().unwrap_or(f32::NAN),
            }),
            None => Ok(()),
        }
    })
}

/// Writes the data of one tensor in `ty`.
fn write_data(
    out: &mut impl Write,
    name: &str,
    src: &Slice<'_>,
    ty: GgmlType,
    scratch: &mut Scratch,
) -> Result<(), ConvertError> {
    if (ty == ggml::F32 && src.dtype == Dtype::F32) || (ty == ggml::F16 && src.dtype == Dtype::F16)
    {
        out.write_all(src.bytes()?)?;
        return Ok(());
    }
    let Scratch { values, bytes } = scratch;
    for_each_chunk(src, values, |_, chunk| {
        bytes.clear();
        if ty == ggml::F32 {
            bytes.extend(chunk.iter().flat_map(|v| v.to_le_bytes()));
        } else if ty == ggml::F16 {
            bytes.extend(
                chunk
                    .iter()
                    .flat_map(|v| half::f16::from_f32(*v).to_le_bytes()),
            );
        } else if ty == ggml::Q8_0 {
            if !quantize_q8_0(chunk, bytes) {
                return Err(ConvertError::NotQuantizable {
                    name: name.into(),
                    row_len: u64::try_from(src.row_len).unwrap_or(u64::MAX),
                });
            }
        } else {
            return Err(ConvertError::Malformed {
                what: format!("tensor '{name}'"),
                offset: 0,
                reason: format!("no writer for ggml type {}", ty.name),
            });
        }
        out.write_all(bytes)?;
        Ok(())
    })
}

/// Converts a CTranslate2 Whisper model, given the bytes of its `model.bin`
/// and `vocabulary.txt`, to a whisper.cpp ggml model written to `out`.
///
/// The whole input is validated before the first byte is written, so an input
/// error never leaves a partial file behind (an I/O error on `out` can).
/// `out` is flushed at the end; wrap a file in a [`std::io::BufWriter`].
pub fn convert(
    model_bin: &[u8],
    vocabulary_txt: &[u8],
    weight_type: WeightType,
    out: &mut impl Write,
) -> Result<ConvertReport, ConvertError> {
    let model = Ct2Model::parse(model_bin)?;
    if model.spec_revision != 3 {
        tracing::warn!(
            revision = model.spec_revision,
            "unexpected WhisperSpec revision (3 was tested); converting anyway"
        );
    }
    let hparams = derive_hparams(&model, weight_type)?;
    check_hparams(&hparams).map_err(|(name, value, reason)| ConvertError::BadHparam {
        name,
        value,
        reason,
    })?;
    let layout = whisper_layout(&hparams);
    let wtype = match weight_type {
        WeightType::F16 => ggml::F16,
        WeightType::Q8_0 => ggml::Q8_0,
    };

    // Resolve and check everything before writing.
    let mut used = vec![false; model.variables.len()];
    let mut plan = Vec::with_capacity(layout.tensors.len());
    for spec in &layout.tensors {
        let slice = resolve(&model, &spec.source, &mut used)?;
        let ty = match spec.class {
            Class::F32 => ggml::F32,
            Class::Conv => ggml::F16,
            Class::Weight => wtype,
        };
        let row = spec.ne.first().copied().unwrap_or(0);
        if ggml::tensor_bytes(ty, &spec.ne).is_none() {
            return Err(ConvertError::NotQuantizable {
                name: spec.name.clone(),
                row_len: row,
            });
        }
        plan.push((spec, slice, ty));
    }
    let mut scratch = Scratch::default();
    for source in &layout.zero_key_biases {
        check_zero(&resolve(&model, source, &mut used)?, &mut scratch.values)?;
    }
    let (emb_idx, emb) = get(&model, "decoder/embeddings/weight")?;
    if let Some(idx) = model.lookup("decoder/projection/weight") {
        let tied = match model.variables.get(idx) {
            _ if idx == emb_idx => true,
            Some(p) => {
                !model.is_alias("decoder/projection/weight")
                    && p.dims == emb.dims
                    && p.dtype_id == emb.dtype_id
                    && p.data == emb.data
            }
            None => false,
        };
        if !tied {
            return Err(ConvertError::UntiedProjection);
        }
        if let Some(u) = used.get_mut(idx) {
            *u = true;
        }
    }
    for (v, u) in model.variables.iter().zip(&used) {
        let ignorable = v.dims.is_empty() || v.dtype.is_some_and(Dtype::is_integer);
        if !u && !ignorable {
            return Err(ConvertError::UnexpectedVariable(v.name.into()));
        }
    }
    let vocab = decode_vocabulary(vocabulary_txt)?;
    if i64::try_from(vocab.len()).unwrap_or(i64::MAX) > i64::from(hparams.n_vocab) {
        return Err(ConvertError::TooManyTokens {
            tokens: vocab.len(),
            n_vocab: hparams.n_vocab,
        });
    }
    let mel = mel_filters(usize::try_from(hparams.n_mels).unwrap_or(0));

    let mut w = Counting {
        inner: out,
        bytes: 0,
    };
    ggml::write_header(&mut w, &hparams)?;
    ggml::write_mel(&mut w, &mel)?;
    ggml::write_vocab(&mut w, &vocab)?;
    for (spec, slice, ty) in &plan {
        ggml::write_tensor_header(&mut w, &spec.name, &spec.ne, *ty)?;
        write_data(&mut w, &spec.name, slice, *ty, &mut scratch)?;
    }
    w.flush()?;
    tracing::debug!(
        tensors = plan.len(),
        bytes = w.bytes,
        ?weight_type,
        "converted CTranslate2 Whisper model to ggml"
    );
    Ok(ConvertReport {
        hparams,
        tensors: plan.len(),
        vocab_tokens: vocab.len(),
        bytes_written: w.bytes,
    })
}

/// Opens a file of the model folder, naming it in every error.
fn open(path: &Path) -> Result<(File, u64), ConvertError> {
    let file = File::open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            ConvertError::MissingFile {
                path: path.to_path_buf(),
            }
        } else {
            ConvertError::ReadFile {
                path: path.to_path_buf(),
                source: e,
            }
        }
    })?;
    let len = file
        .metadata()
        .map_err(|e| ConvertError::ReadFile {
            path: path.to_path_buf(),
            source: e,
        })?
        .len();
    Ok((file, len))
}

/// Appends the file at `path` to `buf`, keeping `buf` within `limit` bytes.
fn read_bounded_into(path: &Path, limit: u64, buf: &mut Vec<u8>) -> Result<(), ConvertError> {
    let (file, len) = open(path)?;
    let have = u64::try_from(buf.len()).unwrap_or(u64::MAX);
    let room = limit.saturating_sub(have);
    let too_large = |size| ConvertError::FileTooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if len > room {
        return Err(too_large(have.saturating_add(len)));
    }
    buf.reserve(usize::try_from(len).unwrap_or(0));
    // Read at most one byte more than allowed, to notice a file that grew.
    file.take(room.saturating_add(1))
        .read_to_end(buf)
        .map_err(|e| ConvertError::ReadFile {
            path: path.to_path_buf(),
            source: e,
        })?;
    let total = u64::try_from(buf.len()).unwrap_or(u64::MAX);
    if total > limit {
        return Err(too_large(total));
    }
    Ok(())
}

/// Reads `model.bin`, or, if it is absent, the concatenation of
/// `model.bin.part1`, `model.bin.part2`, ... (how some packages split it).
fn read_model_bin(dir: &Path) -> Result<Vec<u8>, ConvertError> {
    let mut buf = Vec::new();
    let whole = dir.join("model.bin");
    match read_bounded_into(&whole, MAX_MODEL_BIN, &mut buf) {
        Err(ConvertError::MissingFile { .. }) if dir.join("model.bin.part1").is_file() => {
            buf.clear();
            for i in 1..=MAX_PARTS {
                let part: PathBuf = dir.join(format!("model.bin.part{i}"));
                match read_bounded_into(&part, MAX_MODEL_BIN, &mut buf) {
                    Ok(()) => {}
                    Err(ConvertError::MissingFile { .. }) if i > 1 => break,
                    Err(e) => return Err(e),
                }
            }
            Ok(buf)
        }
        Err(ConvertError::MissingFile { .. }) => Err(ConvertError::MissingFile { path: whole }),
        Err(e) => Err(e),
        Ok(()) => Ok(buf),
    }
}

/// Converts the CTranslate2 Whisper model in folder `dir` (its `model.bin`,
/// or `model.bin.part1`, `.part2`, ... joined, and `vocabulary.txt`) to a
/// whisper.cpp ggml model written to `out`. File reads are bounded (8 GiB for
/// the model, 64 MiB for the vocabulary); a missing file is named in the
/// error. See [`convert`].
pub fn convert_dir(
    dir: &Path,
    weight_type: WeightType,
    out: &mut impl Write,
) -> Result<ConvertReport, ConvertError> {
    let mut vocab = Vec::new();
    read_bounded_into(&dir.join("vocabulary.txt"), MAX_VOCABULARY, &mut vocab)?;
    let model = read_model_bin(dir)?;
    convert(&model, &vocab, weight_type, out)
}

#[cfg(test)]
mod tests {
    use super::super::ct2::tests::Ct2Builder;
    use super::super::ggml::inspect_ggml;
    use super::super::quant::tests::dequantize_q8_0;
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// Shape of a synthetic model.
    #[derive(Clone, Copy)]
    struct Shape {
        d: u32,
        heads: i16,
        enc_layers: u32,
        dec_layers: u32,
        n_vocab: u32,
        mels: u32,
        actx: u32,
        tctx: u32,
    }

    const SMALL: Shape = Shape {
        d: 64,
        heads: 2,
        enc_layers: 1,
        dec_layers: 1,
        n_vocab: 40,
        mels: 80,
        actx: 8,
        tctx: 4,
    };

    /// Deterministic pseudo-random values in [-1, 1).
    fn values(seed: &mut u64, n: u32) -> Vec<f32> {
        (0..n)
            .map(|_| {
                *seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let bits = u32::try_from(*seed >> 40).unwrap();
                f32::from(u16::try_from(bits & 0xffff).unwrap()) / 32768.0 - 1.0
            })
            .collect()
    }

    /// Stored values of every float variable, before encoding.
    type Truth = HashMap<String, Vec<f32>>;

    /// Generates variables, recording their values in `truth` and encoding
    /// them with `put` (which receives the builder, name, dims and values).
    struct Gen<P> {
        b: Ct2Builder,
        truth: Truth,
        seed: u64,
        put: P,
    }

    impl<P: FnMut(&mut Ct2Builder, &str, &[u32], &[f32])> Gen<P> {
        /// A variable; elements `zero.0..zero.1` are set to zero.
        fn var(&mut self, name: &str, dims: &[u32], zero: Option<(u32, u32)>) {
            let mut v = values(&mut self.seed, dims.iter().product());
            if let Some((from, to)) = zero {
                let (from, to) = (usize::try_from(from).unwrap(), usize::try_from(to).unwrap());
                v[from..to].fill(0.0);
            }
            // Keep values exactly representable in f16 so all encodings agree.
            for x in &mut v {
                *x = half::f16::from_f32(*x).to_f32();
            }
            (self.put)(&mut self.b, name, dims, &v);
            self.truth.insert(name.to_string(), v);
        }

        fn lin(&mut self, p: &str, o: u32, i: u32, zero: Option<(u32, u32)>) {
            self.var(&format!("{p}/weight"), &[o, i], None);
            self.var(&format!("{p}/bias"), &[o], zero);
        }

        fn norm(&mut self, p: &str, d: u32) {
            self.var(&format!("{p}/gamma"), &[d], None);
            self.var(&format!("{p}/beta"), &[d], None);
        }
    }

    /// A Whisper model in CTranslate2 layout with the given shape, every float
    /// variable encoded by `put`; key-bias slices are zero.
    fn synth_with(
        s: Shape,
        put: impl FnMut(&mut Ct2Builder, &str, &[u32], &[f32]),
    ) -> (Ct2Builder, Truth) {
        let mut g = Gen {
            b: Ct2Builder::default(),
            truth: Truth::new(),
            seed: 1,
            put,
        };
        let d = s.d;
        g.var("encoder/conv1/weight", &[d, s.mels, 3], None);
        g.var("encoder/conv1/bias", &[d], None);
        g.var("encoder/conv2/weight", &[d, d, 3], None);
        g.var("encoder/conv2/bias", &[d], None);
        g.var("encoder/position_encodings/encodings", &[s.actx, d], None);
        g.norm("encoder/layer_norm", d);
        for l in 0..s.enc_layers {
            let p = format!("encoder/layer_{l}");
            g.norm(&format!("{p}/self_attention/layer_norm"), d);
            g.lin(
                &format!("{p}/self_attention/linear_0"),
                3 * d,
                d,
                Some((d, 2 * d)),
            );
            g.lin(&format!("{p}/self_attention/linear_1"), d, d, None);
            g.norm(&format!("{p}/ffn/layer_norm"), d);
            g.lin(&format!("{p}/ffn/linear_0"), 4 * d, d, None);
            g.lin(&format!("{p}/ffn/linear_1"), d, 4 * d, None);
        }
        g.var("decoder/embeddings/weight", &[s.n_vocab, d], None);
        g.var("decoder/position_encodings/encodings", &[s.tctx, d], None);
        g.norm("decoder/layer_norm", d);
        for l in 0..s.dec_layers {
            let p = format!("decoder/layer_{l}");
            g.norm(&format!("{p}/self_attention/layer_norm"), d);
            g.lin(
                &format!("{p}/self_attention/linear_0"),
                3 * d,
                d,
                Some((d, 2 * d)),
            );
            g.lin(&format!("{p}/self_attention/linear_1"), d, d, None);
            g.norm(&format!("{p}/attention/layer_norm"), d);
            g.lin(&format!("{p}/attention/linear_0"), d, d, None);
            g.lin(&format!("{p}/attention/linear_1"), 2 * d, d, Some((0, d)));
            g.lin(&format!("{p}/attention/linear_2"), d, d, None);
            g.norm(&format!("{p}/ffn/layer_norm"), d);
            g.lin(&format!("{p}/ffn/linear_0"), 4 * d, d, None);
            g.lin(&format!("{p}/ffn/linear_1"), d, 4 * d, None);
        }
        let mut b = g.b;
        b.i16_scalar("encoder/num_heads", s.heads);
        b.i16_scalar("decoder/num_heads", s.heads);
        b.raw("decoder/activation", &[], 1, vec![3]);
        b.raw("decoder/alignment_layer", &[], 2, vec![0xff, 0xff]);
        b.alias("decoder/projection/weight", "decoder/embeddings/weight");
        (b, g.truth)
    }

    fn synth(s: Shape) -> (Ct2Builder, Truth) {
        synth_with(s, |b, n, d, v| b.f16(n, d, v))
    }

    /// 30 ordinary tokens, then the special ones.
    fn vocab_txt() -> Vec<u8> {
        let mut s = String::new();
        for c in "abcdefghijklmnopqrstuvwxyz".chars() {
            s.push(c);
            s.push('\n');
        }
        s.push_str("Ġthe\nĊ\n\nÃ©\n<|endoftext|>\n<|startoftranscript|>\n<|notimestamps|>\n");
        s.into_bytes()
    }

    fn run(model: &[u8], wt: WeightType) -> Result<(ConvertReport, Vec<u8>), ConvertError> {
        let mut out = Vec::new();
        let r = convert(model, &vocab_txt(), wt, &mut out)?;
        Ok((r, out))
    }

    /// Test-only walk of a ggml file: tensor name → (type id, ne, data).
    fn tensors(bytes: &[u8]) -> HashMap<String, (i32, Vec<u64>, Vec<u8>)> {
        let i32_at = |p: usize| i32::from_le_bytes(bytes[p..p + 4].try_into().unwrap());
        let usz = |v: i32| usize::try_from(v).unwrap();
        let n_mel = usz(i32_at(48));
        let bins = usz(i32_at(52));
        let mut p = 56 + n_mel * bins * 4;
        let count = usz(i32_at(p));
        p += 4;
        for _ in 0..count {
            p += 4 + usz(i32_at(p));
        }
        let mut map = HashMap::new();
        while p < bytes.len() {
            let n_dims = usz(i32_at(p));
            let name_len = usz(i32_at(p + 4));
            let ty = i32_at(p + 8);
            p += 12;
            let ne: Vec<u64> = (0..n_dims)
                .map(|k| u64::try_from(i32_at(p + 4 * k)).unwrap())
                .collect();
            p += 4 * n_dims;
            let name = String::from_utf8(bytes[p..p + name_len].to_vec()).unwrap();
            p += name_len;
            let elements: u64 = ne.iter().product();
            let size = usize::try_from(match ty {
                0 => elements * 4,
                1 => elements * 2,
                8 => elements / 32 * 34,
                _ => panic!("type {ty}"),
            })
            .unwrap();
            map.insert(name, (ty, ne, bytes[p..p + size].to_vec()));
            p += size;
        }
        map
    }

    fn f32s(bytes: &[u8]) -> Vec<f32> {
        bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect()
    }

    fn f16s(bytes: &[u8]) -> Vec<f32> {
        bytes
            .chunks_exact(2)
            .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
            .collect()
    }

    #[test]
    fn good_model_converts_and_inspect_accepts_it() {
        let (b, _) = synth(SMALL);
        let model = b.build();
        for (wt, name, ftype) in [
            (WeightType::F16, "f16", 1),
            (WeightType::Q8_0, "q8_0", 2007),
        ] {
            let (report, out) = run(&model, wt).unwrap();
            assert_eq!(report.tensors, 7 + 15 + 4 + 24);
            assert_eq!(report.vocab_tokens, 30);
            assert_eq!(report.bytes_written, u64::try_from(out.len()).unwrap());
            let hp = &report.hparams;
            assert_eq!(
                (
                    hp.n_vocab,
                    hp.n_audio_ctx,
                    hp.n_audio_state,
                    hp.n_audio_head,
                    hp.n_audio_layer
                ),
                (40, 8, 64, 2, 1)
            );
            assert_eq!(
                (
                    hp.n_text_ctx,
                    hp.n_text_state,
                    hp.n_text_head,
                    hp.n_text_layer,
                    hp.n_mels,
                    hp.ftype
                ),
                (4, 64, 2, 1, 80, ftype)
            );
            let info = inspect_ggml(&out[..]).unwrap();
            assert_eq!(&info.hparams, hp);
            assert_eq!(info.tensors, report.tensors);
            assert_eq!(info.vocab_tokens, 30);
            assert_eq!(info.weight_type, name);
            assert_eq!(info.bytes, report.bytes_written);
        }
    }

    #[test]
    fn two_layer_model_converts() {
        let s = Shape {
            enc_layers: 2,
            dec_layers: 3,
            ..SMALL
        };
        let (b, _) = synth(s);
        let (report, out) = run(&b.build(), WeightType::Q8_0).unwrap();
        assert_eq!(report.tensors, 7 + 2 * 15 + 4 + 3 * 24);
        assert_eq!(inspect_ggml(&out[..]).unwrap().tensors, report.tensors);
    }

    #[test]
    fn fused_projections_are_split_q_k_v_and_tensors_have_the_listed_dtypes() {
        let (b, truth) = synth(SMALL);
        let (_, out) = run(&b.build(), WeightType::F16).unwrap();
        let t = tensors(&out);
        let d = 64usize;
        let qkv = &truth["encoder/layer_0/self_attention/linear_0/weight"];
        for (k, name) in ["query", "key", "value"].iter().enumerate() {
            let (ty, ne, data) = &t[&format!("encoder.blocks.0.attn.{name}.weight")];
            assert_eq!((*ty, ne.clone()), (1, vec![64, 64]));
            assert_eq!(f16s(data), qkv[k * d * d..(k + 1) * d * d]);
        }
        let bias = &truth["encoder/layer_0/self_attention/linear_0/bias"];
        let (ty, ne, data) = &t["encoder.blocks.0.attn.value.bias"];
        assert_eq!((*ty, ne.clone()), (0, vec![64]));
        assert_eq!(f32s(data), bias[2 * d..]);
        assert_eq!(f32s(&t["encoder.blocks.0.attn.query.bias"].2), bias[..d]);
        assert!(!t.contains_key("encoder.blocks.0.attn.key.bias"));
        assert!(!t.contains_key("decoder.blocks.0.cross_attn.key.bias"));

        let kv = &truth["decoder/layer_0/attention/linear_1/weight"];
        assert_eq!(
            f16s(&t["decoder.blocks.0.cross_attn.key.weight"].2),
            kv[..d * d]
        );
        assert_eq!(
            f16s(&t["decoder.blocks.0.cross_attn.value.weight"].2),
            kv[d * d..]
        );
        let kvb = &truth["decoder/layer_0/attention/linear_1/bias"];
        assert_eq!(
            f32s(&t["decoder.blocks.0.cross_attn.value.bias"].2),
            kvb[d..]
        );

        let (ty, ne, data) = &t["encoder.conv1.bias"];
        assert_eq!((*ty, ne.clone()), (0, vec![1, 64]));
        assert_eq!(f32s(data), truth["encoder/conv1/bias"]);
        let (ty, ne, _) = &t["encoder.conv1.weight"];
        assert_eq!((*ty, ne.clone()), (1, vec![3, 80, 64]));
        let (ty, ne, data) = &t["encoder.positional_embedding"];
        assert_eq!((*ty, ne.clone()), (0, vec![64, 8]));
        assert_eq!(f32s(data), truth["encoder/position_encodings/encodings"]);
        let (ty, ne, _) = &t["decoder.token_embedding.weight"];
        assert_eq!((*ty, ne.clone()), (1, vec![64, 40]));
        assert_eq!(t["decoder.ln.weight"].0, 0);
        assert_eq!(t.len(), 50);
    }

    #[test]
    fn q8_0_output_quantizes_weights_only() {
        let (b, truth) = synth(SMALL);
        let (_, out) = run(&b.build(), WeightType::Q8_0).unwrap();
        let t = tensors(&out);
        let (ty, _, data) = &t["decoder.token_embedding.weight"];
        assert_eq!(*ty, 8);
        let back = dequantize_q8_0(data);
        let src = &truth["decoder/embeddings/weight"];
        for (x, y) in src.iter().zip(&back) {
            assert!((x - y).abs() <= 1.0 / 127.0 * 0.6, "{x} vs {y}");
        }
        assert_eq!(t["encoder.blocks.0.mlp.2.weight"].0, 8);
        assert_eq!(t["encoder.conv2.weight"].0, 1, "conv weights stay f16");
        assert_eq!(t["decoder.positional_embedding"].0, 0);
    }

    #[test]
    fn f32_and_bf16_sources_give_the_same_file_as_f16() {
        let (b16, _) = synth(SMALL);
        let (_, want) = run(&b16.build(), WeightType::F16).unwrap();
        let (b32, _) = synth_with(SMALL, |b, n, d, v| b.f32(n, d, v));
        let (_, got) = run(&b32.build(), WeightType::F16).unwrap();
        assert!(got == want, "f32 source differs");
        let (bbf, _) = synth_with(SMALL, |b, n, d, v| {
            // bf16 keeps 8 mantissa bits: round the truth first.
            let v: Vec<u8> = v
                .iter()
                .flat_map(|x| half::bf16::from_f32(*x).to_le_bytes())
                .collect();
            b.raw(n, d, 5, v);
        });
        let (_, out) = run(&bbf.build(), WeightType::F16).unwrap();
        assert!(inspect_ggml(&out[..]).is_ok());
        assert_eq!(out.len(), want.len());
    }

    #[test]
    fn int8_weights_are_divided_by_their_row_scale() {
        // Same model, with every 2-D linear weight stored as int8 + scale.
        let mut expect: HashMap<String, Vec<f32>> = HashMap::new();
        let (bi, _) = synth_with(SMALL, |b, n, d, v| {
            if n.ends_with("linear_0/weight") || n.ends_with("linear_1/weight") {
                let rows = d[0];
                let cols = usize::try_from(d[1]).unwrap();
                let mut q = Vec::new();
                let mut scales = Vec::new();
                let mut real = Vec::new();
                for (r, row) in v.chunks(cols).enumerate() {
                    let s = 127.0 / (1.0 + f32::from(u8::try_from(r % 7).unwrap()));
                    scales.push(s);
                    for x in row {
                        let qi = (x * s).round().clamp(-127.0, 127.0) as i8;
                        q.push(qi.to_le_bytes()[0]);
                        real.push(f32::from(qi) / s);
                    }
                }
                b.raw(n, d, 1, q);
                b.f32(&format!("{n}_scale"), &[rows], &scales);
                expect.insert(n.to_string(), real);
            } else {
                b.f16(n, d, v);
            }
        });
        let (_, out) = run(&bi.build(), WeightType::F16).unwrap();
        assert!(inspect_ggml(&out[..]).is_ok());
        let t = tensors(&out);
        let ffn = &expect["encoder/layer_0/ffn/linear_0/weight"];
        let got = f16s(&t["encoder.blocks.0.mlp.0.weight"].2);
        for (x, y) in ffn.iter().zip(&got) {
            assert_eq!(half::f16::from_f32(*x).to_f32(), *y);
        }
        let qkv = &expect["encoder/layer_0/self_attention/linear_0/weight"];
        let v = f16s(&t["encoder.blocks.0.attn.value.weight"].2);
        assert_eq!(v[0], half::f16::from_f32(qkv[2 * 64 * 64]).to_f32());
    }

    #[test]
    fn int8_weight_without_scale_is_a_missing_variable() {
        let (mut b, _) = synth(SMALL);
        let v = b.get_mut("encoder/layer_0/ffn/linear_0/weight");
        v.2 = 1;
        v.3.truncate(v.3.len() / 2);
        assert!(matches!(
            run(&b.build(), WeightType::F16),
            Err(ConvertError::MissingVariable(n)) if n == "encoder/layer_0/ffn/linear_0/weight_scale"
        ));
    }

    #[test]
    fn truncated_model_bin_is_an_error_not_a_panic_at_every_prefix() {
        let s = Shape {
            d: 32,
            mels: 8,
            n_vocab: 31,
            ..SMALL
        };
        let (b, _) = synth(s);
        let model = b.build();
        assert!(run(&model, WeightType::Q8_0).is_ok());
        for n in 0..model.len() {
            match run(&model[..n], WeightType::Q8_0) {
                Err(ConvertError::Truncated { .. }) => {}
                other => panic!("prefix {n}: {:?}", other.map(|r| r.0)),
            }
        }
    }

    #[test]
    fn trailing_bytes_after_the_aliases_are_an_error() {
        let (b, _) = synth(SMALL);
        let mut model = b.build();
        model.extend_from_slice(b"junk");
        assert!(matches!(
            run(&model, WeightType::F16),
            Err(ConvertError::TrailingBytes { remaining: 4, .. })
        ));
    }

    /// Byte offset of the header (name string) of variable `name`.
    fn var_offset(model: &[u8], name: &str) -> usize {
        let mut needle = u16::try_from(name.len() + 1)
            .unwrap()
            .to_le_bytes()
            .to_vec();
        needle.extend_from_slice(name.as_bytes());
        needle.push(0);
        model
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    }

    #[test]
    fn lying_lengths_are_errors_without_huge_allocation() {
        let (b, _) = synth(SMALL);
        let model = b.build();
        let count_at = 4 + 2 + 12 + 4;
        let name = "encoder/conv1/weight";
        let at = var_offset(&model, name);
        let rank_at = at + 2 + name.len() + 1;
        let cases: Vec<(usize, Vec<u8>)> = vec![
            // Variable count of 4 billion, and one just under the cap.
            (count_at, u32::MAX.to_le_bytes().to_vec()),
            (count_at, 99_999u32.to_le_bytes().to_vec()),
            // Name length of 65535.
            (at, u16::MAX.to_le_bytes().to_vec()),
            // Rank 200.
            (rank_at, vec![200]),
            // Huge first dim.
            (rank_at + 1, u32::MAX.to_le_bytes().to_vec()),
            // Byte count of 4 GB (after 3 dims and the dtype).
            (rank_at + 1 + 12 + 1, u32::MAX.to_le_bytes().to_vec()),
        ];
        for (off, patch) in cases {
            let mut m = model.clone();
            m[off..off + patch.len()].copy_from_slice(&patch);
            let e = run(&m, WeightType::F16).unwrap_err();
            assert!(
                matches!(
                    e,
                    ConvertError::TooLarge { .. }
                        | ConvertError::Truncated { .. }
                        | ConvertError::Malformed { .. }
                        | ConvertError::ByteCountMismatch { .. }
                ),
                "patch at {off}: {e}"
            );
        }
    }

    #[test]
    fn weight_with_wrong_dtype_is_unsupported() {
        for dtype in [3u8, 2, 9] {
            let (mut b, _) = synth(SMALL);
            let v = b.get_mut("decoder/layer_0/attention/linear_2/weight");
            v.2 = dtype;
            if dtype == 3 {
                let n = v.3.len();
                v.3.resize(2 * n, 0);
            }
            let e = run(&b.build(), WeightType::F16).unwrap_err();
            assert!(
                matches!(&e, ConvertError::UnsupportedDtype { name, dtype: d } if name == "decoder/layer_0/attention/linear_2/weight" && *d == dtype),
                "{e}"
            );
        }
    }

    #[test]
    fn missing_tensor_is_named() {
        for name in [
            "decoder/layer_0/attention/linear_2/bias",
            "encoder/conv2/weight",
            "decoder/num_heads",
        ] {
            let (mut b, _) = synth(SMALL);
            b.remove(name);
            let e = run(&b.build(), WeightType::F16).unwrap_err();
            assert!(
                matches!(&e, ConvertError::MissingVariable(n) if n == name),
                "{e}"
            );
        }
        // A gap in the layer numbering shows as a missing layer.
        let s = Shape {
            enc_layers: 3,
            ..SMALL
        };
        let (mut b, _) = synth(s);
        for v in [
            "self_attention/layer_norm/gamma",
            "self_attention/layer_norm/beta",
        ] {
            b.remove(&format!("encoder/layer_1/{v}"));
        }
        assert!(matches!(
            run(&b.build(), WeightType::F16),
            Err(ConvertError::MissingVariable(n)) if n.starts_with("encoder/layer_1/")
        ));
    }

    #[test]
    fn non_zero_key_bias_is_refused_and_nothing_is_written() {
        for (name, at) in [
            ("encoder/layer_0/self_attention/linear_0/bias", 64 + 5),
            ("decoder/layer_0/attention/linear_1/bias", 3),
            ("decoder/layer_0/self_attention/linear_0/bias", 127),
        ] {
            let (mut b, _) = synth(SMALL);
            let v = b.get_mut(name);
            v.3[2 * at..2 * at + 2].copy_from_slice(&half::f16::from_f32(0.5).to_le_bytes());
            let mut out = Vec::new();
            let e = convert(&b.build(), &vocab_txt(), WeightType::F16, &mut out).unwrap_err();
            assert!(
                matches!(&e, ConvertError::NonZeroKeyBias { name: n, value, .. } if n == name && *value == 0.5),
                "{e}"
            );
            assert!(out.is_empty(), "no partial output");
        }
    }

    #[test]
    fn wrong_shapes_are_errors() {
        let (mut b, _) = synth(SMALL);
        let v = b.get_mut("encoder/layer_0/ffn/linear_0/weight");
        v.1 = vec![64, 256];
        assert!(matches!(
            run(&b.build(), WeightType::F16),
            Err(ConvertError::ShapeMismatch { name, expected, found })
                if name == "encoder/layer_0/ffn/linear_0/weight" && expected == vec![256, 64] && found == vec![64, 256]
        ));
        // Position table of rank 3.
        let (mut b, _) = synth(SMALL);
        let v = b.get_mut("decoder/position_encodings/encodings");
        v.1 = vec![4, 64, 1];
        assert!(matches!(
            run(&b.build(), WeightType::F16),
            Err(ConvertError::ShapeMismatch { .. })
        ));
        // Heads that do not divide the width.
        let (mut b, _) = synth(SMALL);
        b.get_mut("encoder/num_heads").3 = 3i16.to_le_bytes().to_vec();
        assert!(matches!(
            run(&b.build(), WeightType::F16),
            Err(ConvertError::BadHparam {
                name: "n_audio_head",
                ..
            })
        ));
    }

    #[test]
    fn q8_0_needs_rows_of_a_multiple_of_32() {
        let s = Shape { d: 48, ..SMALL };
        let (b, _) = synth(s);
        let model = b.build();
        assert!(run(&model, WeightType::F16).is_ok());
        assert!(matches!(
            run(&model, WeightType::Q8_0),
            Err(ConvertError::NotQuantizable { row_len: 48, .. })
        ));
    }

    #[test]
    fn untied_projection_is_refused_and_a_tied_copy_accepted() {
        let (mut b, truth) = synth(SMALL);
        let emb = truth["decoder/embeddings/weight"].clone();
        b.remove_alias("decoder/projection/weight");
        b.f16("decoder/projection/weight", &[40, 64], &emb);
        let (_, tied) = run(&b.build(), WeightType::F16).unwrap();
        let (_, reference) = run(&synth(SMALL).0.build(), WeightType::F16).unwrap();
        assert_eq!(tied, reference);

        let mut other = emb;
        other[0] += 1.0;
        b.remove("decoder/projection/weight");
        b.f16("decoder/projection/weight", &[40, 64], &other);
        assert!(matches!(
            run(&b.build(), WeightType::F16),
            Err(ConvertError::UntiedProjection)
        ));

        b.remove("decoder/projection/weight");
        b.alias("decoder/projection/weight", "decoder/layer_norm/gamma");
        assert!(matches!(
            run(&b.build(), WeightType::F16),
            Err(ConvertError::UntiedProjection)
        ));
    }

    #[test]
    fn unknown_weight_variable_is_refused_but_unknown_scalars_ignored() {
        let (mut b, _) = synth(SMALL);
        b.raw("decoder/some_flag", &[], 0, 1.0f32.to_le_bytes().to_vec());
        b.raw("decoder/alignment_heads", &[2, 2], 3, vec![0; 16]);
        assert!(run(&b.build(), WeightType::F16).is_ok());
        b.f16("encoder/extra/weight", &[4], &[0.0; 4]);
        assert!(matches!(
            run(&b.build(), WeightType::F16),
            Err(ConvertError::UnexpectedVariable(n)) if n == "encoder/extra/weight"
        ));
    }

    #[test]
    fn too_many_tokens_and_bad_vocabulary_are_errors() {
        let (b, _) = synth(Shape {
            n_vocab: 20,
            ..SMALL
        });
        assert!(matches!(
            run(&b.build(), WeightType::F16),
            Err(ConvertError::TooManyTokens {
                tokens: 30,
                n_vocab: 20
            })
        ));
        let (b, _) = synth(SMALL);
        let mut out = Vec::new();
        assert!(matches!(
            convert(&b.build(), b"a\nb\n", WeightType::F16, &mut out),
            Err(ConvertError::NoEndOfText)
        ));
        assert!(out.is_empty());
    }

    #[test]
    fn write_errors_are_io_errors() {
        struct Fail(usize);
        impl Write for Fail {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::other("disk full"));
                }
                let n = buf.len().min(self.0);
                self.0 -= n;
                Ok(n)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let (b, _) = synth(SMALL);
        let model = b.build();
        for limit in [0, 10, 70_000, 200_000] {
            let e = convert(&model, &vocab_txt(), WeightType::Q8_0, &mut Fail(limit)).unwrap_err();
            assert!(matches!(e, ConvertError::Io(_)), "{e}");
        }
    }

    #[test]
    fn convert_dir_reads_files_and_names_missing_ones() {
        let (b, _) = synth(SMALL);
        let model = b.build();
        let dir = tempfile::tempdir().unwrap();
        let e = convert_dir(dir.path(), WeightType::F16, &mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("vocabulary.txt"), "{e}");
        std::fs::write(dir.path().join("vocabulary.txt"), vocab_txt()).unwrap();
        let e = convert_dir(dir.path(), WeightType::F16, &mut Vec::new()).unwrap_err();
        assert!(
            matches!(&e, ConvertError::MissingFile { path } if path.ends_with("model.bin")),
            "{e}"
        );
        // Split into parts, as the base model's package ships it.
        let (a, z) = model.split_at(model.len() / 3);
        std::fs::write(dir.path().join("model.bin.part1"), a).unwrap();
        std::fs::write(dir.path().join("model.bin.part2"), z).unwrap();
        let mut from_parts = Vec::new();
        convert_dir(dir.path(), WeightType::F16, &mut from_parts).unwrap();
        std::fs::write(dir.path().join("model.bin"), &model).unwrap();
        let mut whole = Vec::new();
        let r = convert_dir(dir.path(), WeightType::F16, &mut whole).unwrap();
        assert_eq!(from_parts, whole);
        assert_eq!(r.bytes_written, u64::try_from(whole.len()).unwrap());
        let (_, direct) = run(&model, WeightType::F16).unwrap();
        assert_eq!(direct, whole);
    }

    /// Converts the real model in `$HUSHCART_CT2_DIR` (skipped when unset).
    /// With `$HUSHCART_GGML_OUT_PREFIX` set, also keeps the outputs as
    /// `<prefix>-f16.bin` and `<prefix>-q8_0.bin`.
    #[test]
    fn real_ct2_model_converts_to_the_reference_sizes() {
        let Some(dir) = std::env::var_os("HUSHCART_CT2_DIR") else {
            eprintln!("skipped: HUSHCART_CT2_DIR is not set to a CTranslate2 model folder");
            return;
        };
        let dir = PathBuf::from(dir);
        let prefix = std::env::var_os("HUSHCART_GGML_OUT_PREFIX");
        for (wt, suffix, tiny_en_size) in [
            (WeightType::F16, "f16", 77_704_698u64),
            (WeightType::Q8_0, "q8_0", 43_550_778),
        ] {
            let file = tempfile::NamedTempFile::new().unwrap();
            let started = std::time::Instant::now();
            let report = {
                let mut w = io::BufWriter::new(file.as_file());
                convert_dir(&dir, wt, &mut w).unwrap()
            };
            let took = started.elapsed();
            eprintln!(
                "{suffix}: {} bytes, {} tensors, {} tokens in {took:.2?}",
                report.bytes_written, report.tensors, report.vocab_tokens
            );
            let info = inspect_ggml(File::open(file.path()).unwrap()).unwrap();
            assert_eq!(info.bytes, report.bytes_written);
            assert_eq!(info.hparams, report.hparams);
            assert_eq!(info.weight_type, suffix);
            let hp = &report.hparams;
            if hp.n_vocab == 51864 && hp.n_audio_layer == 4 && hp.n_audio_state == 384 {
                assert_eq!(report.bytes_written, tiny_en_size, "{suffix}");
                assert_eq!(report.tensors, 167);
                assert_eq!(report.vocab_tokens, 50256);
                let want = Hparams {
                    n_vocab: 51864,
                    n_audio_ctx: 1500,
                    n_audio_state: 384,
                    n_audio_head: 6,
                    n_audio_layer: 4,
                    n_text_ctx: 448,
                    n_text_state: 384,
                    n_text_head: 6,
                    n_text_layer: 4,
                    n_mels: 80,
                    ftype: wt.ftype(),
                };
                assert_eq!(hp, &want);
            } else {
                eprintln!("not tiny.en: exact sizes not checked");
            }
            if let Some(prefix) = &prefix {
                let mut dest = prefix.clone();
                dest.push(format!("-{suffix}.bin"));
                std::fs::copy(file.path(), &dest).unwrap();
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let _ = convert(&bytes, &bytes, WeightType::Q8_0, &mut io::sink());
            let _ = convert(&bytes, &vocab_txt(), WeightType::F16, &mut io::sink());
            // With a valid header, so the variable table is reached.
            let mut m = 6u32.to_le_bytes().to_vec();
            m.extend_from_slice(&12u16.to_le_bytes());
            m.extend_from_slice(b"WhisperSpec\0");
            m.extend_from_slice(&3u32.to_le_bytes());
            m.extend_from_slice(&bytes);
            let _ = convert(&m, &vocab_txt(), WeightType::Q8_0, &mut io::sink());
        }

        #[test]
        fn corrupted_models_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        ) {
            let (b, _) = synth(Shape { d: 32, mels: 8, n_vocab: 31, ..SMALL });
            let mut model = b.build();
            for (at, v) in edits {
                let i = at.index(model.len());
                model[i] = v;
            }
            let mut out = Vec::new();
            if convert(&model, &vocab_txt(), WeightType::Q8_0, &mut out).is_ok() {
                // Whatever got through must still be a valid file.
                prop_assert!(inspect_ggml(&out[..]).is_ok());
            }
        }
    }
}
