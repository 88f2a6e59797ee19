//! The tensor set of a whisper.cpp model, the one place that knows it.
//!
//! Takes validated hyper-parameters; produces, for every tensor the
//! whisper.cpp loader allocates, its ggml name, its `ne` (innermost first),
//! its dtype class, and the CTranslate2 variable (and row slice of a fused
//! variable) it comes from, plus the key-bias slices that must be zero. Both
//! the converter and [`super::inspect_ggml`] use this table, so what one
//! writes is what the other demands. Must never be given unvalidated
//! hyper-parameters (see [`check_hparams`]).

use super::Hparams;

/// Largest accepted vocabulary (Whisper: 51864..51866).
pub(crate) const MAX_VOCAB: i64 = 1 << 20;
/// Largest accepted context length (Whisper: 1500 and 448).
pub(crate) const MAX_CTX: i64 = 1 << 16;
/// Largest accepted model width (Whisper large: 1280).
pub(crate) const MAX_STATE: i64 = 1 << 16;
/// Largest accepted layer count (Whisper large: 32).
pub(crate) const MAX_LAYERS: i64 = 256;
/// Largest accepted mel band count (Whisper: 80 or 128).
pub(crate) const MAX_MELS: i64 = 1024;

/// Which dtype whisper.cpp allocates for a tensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Always f32: positional embeddings, norms, biases.
    F32,
    /// Conv weights: f16 unless the whole file is f32.
    Conv,
    /// 2-D projection weights and the token embedding: the file's weight type.
    Weight,
}

/// Where a ggml tensor comes from in the CTranslate2 model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    /// CTranslate2 variable name.
    pub(crate) var: String,
    /// The full shape that variable must have (outermost first).
    pub(crate) shape: Vec<u64>,
    /// Which of `parts` equal slices along the outermost axis is taken.
    pub(crate) part: u64,
    /// Into how many slices the variable is split (1 = whole).
    pub(crate) parts: u64,
}

/// One tensor of the ggml file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TensorSpec {
    pub(crate) name: String,
    /// ggml ne, innermost first.
    pub(crate) ne: Vec<u64>,
    pub(crate) class: Class,
    pub(crate) source: Source,
}

#[cfg(test)]
impl TensorSpec {
    /// Element count.
    pub(crate) fn elements(&self) -> u64 {
        self.ne.iter().product()
    }
}

/// The whole layout for one set of hyper-parameters.
#[derive(Debug)]
pub(crate) struct Layout {
    pub(crate) tensors: Vec<TensorSpec>,
    /// Fused bias slices that hold the (absent in whisper.cpp) key bias.
    pub(crate) zero_key_biases: Vec<Source>,
}

/// Checks the hyper-parameters are in the ranges this module supports.
/// Returns the offending name, value and reason.
pub(crate) fn check_hparams(hp: &Hparams) -> Result<(), (&'static str, i64, String)> {
    let ranges: [(&'static str, i32, i64); 9] = [
        ("n_vocab", hp.n_vocab, MAX_VOCAB),
        ("n_audio_ctx", hp.n_audio_ctx, MAX_CTX),
        ("n_audio_state", hp.n_audio_state, MAX_STATE),
        ("n_audio_layer", hp.n_audio_layer, MAX_LAYERS),
        ("n_text_ctx", hp.n_text_ctx, MAX_CTX),
        ("n_text_state", hp.n_text_state, MAX_STATE),
        ("n_text_layer", hp.n_text_layer, MAX_LAYERS),
        ("n_mels", hp.n_mels, MAX_MELS),
        ("n_audio_head", hp.n_audio_head, MAX_STATE),
    ];
    for (name, v, max) in ranges {
        let v = i64::from(v);
        if v < 1 || v > max {
            return Err((name, v, format!("it must be between 1 and {max}")));
        }
    }
    for (name, heads, state) in [
        ("n_audio_head", hp.n_audio_head, hp.n_audio_state),
        ("n_text_head", hp.n_text_head, hp.n_text_state),
    ] {
        if heads < 1 || heads > state || state % heads != 0 {
            return Err((
                name,
                heads.into(),
                format!("it must be at least 1 and divide the width {state}"),
            ));
        }
    }
    Ok(())
}

/// Non-negative i32 → u64 (0 for negatives, which [`check_hparams`] excludes).
fn u(v: i32) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

struct Builder {
    tensors: Vec<TensorSpec>,
    zero_key_biases: Vec<Source>,
}

impl Builder {
    fn add(&mut self, name: String, ne: &[u64], class: Class, var: String, shape: &[u64]) {
        self.split(name, ne, class, var, shape, 0, 1);
    }

    #[allow(clippy::too_many_arguments)]
    fn split(
        &mut self,
        name: String,
        ne: &[u64],
        class: Class,
        var: String,
        shape: &[u64],
        part: u64,
        parts: u64,
    ) {
        self.tensors.push(TensorSpec {
            name,
            ne: ne.to_vec(),
            class,
            source: Source {
                var,
                shape: shape.to_vec(),
                part,
                parts,
            },
        });
    }

    /// LayerNorm `weight`/`bias` from `gamma`/`beta`.
    fn norm(&mut self, ggml: &str, ct2: &str, d: u64) {
        self.add(
            format!("{ggml}.weight"),
            &[d],
            Class::F32,
            format!("{ct2}/gamma"),
            &[d],
        );
        self.add(
            format!("{ggml}.bias"),
            &[d],
            Class::F32,
            format!("{ct2}/beta"),
            &[d],
        );
    }

    /// A linear layer (out × in in CTranslate2) with its bias.
    fn linear(&mut self, ggml: &str, ct2: &str, d_in: u64, d_out: u64) {
        self.add(
            format!("{ggml}.weight"),
            &[d_in, d_out],
            Class::Weight,
            format!("{ct2}/weight"),
            &[d_out, d_in],
        );
        self.add(
            format!("{ggml}.bias"),
            &[d_out],
            Class::F32,
            format!("{ct2}/bias"),
            &[d_out],
        );
    }

    /// One slice of a fused linear layer; the bias only if `bias`.
    #[allow(clippy::too_many_arguments)]
    fn fused(&mut self, ggml: &str, ct2: &str, d: u64, part: u64, parts: u64, bias: bool) {
        self.split(
            format!("{ggml}.weight"),
            &[d, d],
            Class::Weight,
            format!("{ct2}/weight"),
            &[parts * d, d],
            part,
            parts,
        );
        if bias {
            self.split(
                format!("{ggml}.bias"),
                &[d],
                Class::F32,
                format!("{ct2}/bias"),
                &[parts * d],
                part,
                parts,
            );
        }
    }

    /// Self-attention and MLP of one block (shared by encoder and decoder).
    fn block_common(&mut self, g: &str, p: &str, d: u64) {
        self.norm(&format!("{g}.mlp_ln"), &format!("{p}/ffn/layer_norm"), d);
        self.linear(
            &format!("{g}.mlp.0"),
            &format!("{p}/ffn/linear_0"),
            d,
            4 * d,
        );
        self.linear(
            &format!("{g}.mlp.2"),
            &format!("{p}/ffn/linear_1"),
            4 * d,
            d,
        );
        self.norm(
            &format!("{g}.attn_ln"),
            &format!("{p}/self_attention/layer_norm"),
            d,
        );
        let qkv = format!("{p}/self_attention/linear_0");
        self.fused(&format!("{g}.attn.query"), &qkv, d, 0, 3, true);
        self.fused(&format!("{g}.attn.key"), &qkv, d, 1, 3, false);
        self.fused(&format!("{g}.attn.value"), &qkv, d, 2, 3, true);
        self.zero_key_biases.push(Source {
            var: format!("{qkv}/bias"),
            shape: vec![3 * d],
            part: 1,
            parts: 3,
        });
        self.linear(
            &format!("{g}.attn.out"),
            &format!("{p}/self_attention/linear_1"),
            d,
            d,
        );
    }
}

/// The tensor set whisper.cpp expects for these hyper-parameters, in the
/// order the converter writes it. `hp` must have passed [`check_hparams`].
pub(crate) fn whisper_layout(hp: &Hparams) -> Layout {
    let a = u(hp.n_audio_state);
    let t = u(hp.n_text_state);
    let mut b = Builder {
        tensors: Vec::new(),
        zero_key_biases: Vec::new(),
    };

    b.add(
        "encoder.positional_embedding".into(),
        &[a, u(hp.n_audio_ctx)],
        Class::F32,
        "encoder/position_encodings/encodings".into(),
        &[u(hp.n_audio_ctx), a],
    );
    let mels = u(hp.n_mels);
    for (i, d_in) in [(1, mels), (2, a)] {
        b.add(
            format!("encoder.conv{i}.weight"),
            &[3, d_in, a],
            Class::Conv,
            format!("encoder/conv{i}/weight"),
            &[a, d_in, 3],
        );
        b.add(
            format!("encoder.conv{i}.bias"),
            &[1, a],
            Class::F32,
            format!("encoder/conv{i}/bias"),
            &[a],
        );
    }
    b.norm("encoder.ln_post", "encoder/layer_norm", a);
    for l in 0..u(hp.n_audio_layer) {
        let p = format!("encoder/layer_{l}");
        b.block_common(&format!("encoder.blocks.{l}"), &p, a);
    }

    b.add(
        "decoder.positional_embedding".into(),
        &[t, u(hp.n_text_ctx)],
        Class::F32,
        "decoder/position_encodings/encodings".into(),
        &[u(hp.n_text_ctx), t],
    );
    b.add(
        "decoder.token_embedding.weight".into(),
        &[t, u(hp.n_vocab)],
        Class::Weight,
        "decoder/embeddings/weight".into(),
        &[u(hp.n_vocab), t],
    );
    b.norm("decoder.ln", "decoder/layer_norm", t);
    for l in 0..u(hp.n_text_layer) {
        let g = format!("decoder.blocks.{l}");
        let p = format!("decoder/layer_{l}");
        b.block_common(&g, &p, t);
        b.norm(
            &format!("{g}.cross_attn_ln"),
            &format!("{p}/attention/layer_norm"),
            t,
        );
        b.linear(
            &format!("{g}.cross_attn.query"),
            &format!("{p}/attention/linear_0"),
            t,
            t,
        );
        let kv = format!("{p}/attention/linear_1");
        b.fused(&format!("{g}.cross_attn.key"), &kv, t, 0, 2, false);
        b.fused(&format!("{g}.cross_attn.value"), &kv, t, 1, 2, true);
        b.linear(
            &format!("{g}.cross_attn.out"),
            &format!("{p}/attention/linear_2"),
            t,
            t,
        );
        b.zero_key_biases.push(Source {
            var: format!("{kv}/bias"),
            shape: vec![2 * t],
            part: 0,
            parts: 2,
        });
    }
    Layout {
        tensors: b.tensors,
        zero_key_biases: b.zero_key_biases,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashSet;

    pub(crate) fn tiny_en(ftype: i32) -> Hparams {
        Hparams {
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
            ftype,
        }
    }

    #[test]
    fn tensor_count_matches_whisper_cpp_formula() {
        let l = whisper_layout(&tiny_en(1));
        assert_eq!(l.tensors.len(), 167);
        let mut base = tiny_en(1);
        base.n_audio_layer = 6;
        base.n_text_layer = 6;
        base.n_audio_state = 512;
        base.n_text_state = 512;
        assert_eq!(whisper_layout(&base).tensors.len(), 245);
        let names: HashSet<_> = l.tensors.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names.len(), 167, "names are unique");
        assert!(!names.contains("encoder.blocks.0.attn.key.bias"));
        assert!(names.contains("decoder.blocks.3.cross_attn.value.bias"));
        // Self-attention in all 8 blocks, cross-attention in the 4 decoder ones.
        assert_eq!(l.zero_key_biases.len(), 12);
    }

    #[test]
    fn ggml_shapes_are_the_reverse_of_the_sliced_sources() {
        for t in whisper_layout(&tiny_en(1)).tensors {
            let src: u64 = t.source.shape.iter().product();
            assert_eq!(t.elements() * t.source.parts, src, "{}", t.name);
            if t.name.contains("conv") && t.name.ends_with("bias") {
                assert_eq!(t.ne, vec![1, 384]);
            } else {
                let mut rev = t.ne.clone();
                rev.reverse();
                let mut sliced = t.source.shape.clone();
                sliced[0] /= t.source.parts;
                assert_eq!(rev, sliced, "{}", t.name);
            }
        }
    }

    #[test]
    fn dtype_classes_follow_the_loader() {
        let l = whisper_layout(&tiny_en(1));
        let count = |c| l.tensors.iter().filter(|t| t.class == c).count();
        assert_eq!(count(Class::Weight), 65);
        assert_eq!(count(Class::Conv), 2);
        let emb = l
            .tensors
            .iter()
            .find(|t| t.name == "decoder.token_embedding.weight")
            .unwrap();
        assert_eq!(emb.ne, vec![384, 51864]);
    }

    #[test]
    fn hparam_ranges_are_enforced() {
        assert!(check_hparams(&tiny_en(1)).is_ok());
        let mut hp = tiny_en(1);
        hp.n_audio_head = 5;
        assert_eq!(check_hparams(&hp).unwrap_err().0, "n_audio_head");
        let mut hp = tiny_en(1);
        hp.n_text_layer = 0;
        assert_eq!(check_hparams(&hp).unwrap_err().0, "n_text_layer");
        let mut hp = tiny_en(1);
        hp.n_vocab = i32::MAX;
        assert_eq!(check_hparams(&hp).unwrap_err().0, "n_vocab");
        let mut hp = tiny_en(1);
        hp.n_text_head = -6;
        assert_eq!(check_hparams(&hp).unwrap_err().0, "n_text_head");
    }
}
