//! ggml q8_0 quantization.
//!
//! Takes f32 values whose count is a multiple of 32; produces q8_0 blocks of
//! 34 bytes: an f16 scale `d = max|x| / 127` followed by 32 signed bytes
//! `round(x / d)` (all zeros when `d = 0`), computed as ggml's reference
//! `quantize_row_q8_0` does (`x · (1/d)`, rounded half away from zero, with the
//! unrounded f32 `d`). Must never panic, whatever the values (NaN and
//! infinities included), and never emit a value outside -127..=127.

/// Values per q8_0 block.
pub(crate) const QK8_0: usize = 32;
/// Bytes per q8_0 block (f16 scale + 32 × i8).
pub(crate) const BLOCK_BYTES: usize = 2 + QK8_0;

/// Appends the q8_0 encoding of `values` to `out`. Returns `false` (and
/// appends nothing) if `values.len()` is not a multiple of 32.
pub(crate) fn quantize_q8_0(values: &[f32], out: &mut Vec<u8>) -> bool {
    let (blocks, rest) = values.as_chunks::<QK8_0>();
    if !rest.is_empty() {
        return false;
    }
    out.reserve(blocks.len().saturating_mul(BLOCK_BYTES));
    for block in blocks {
        let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let d = amax / 127.0;
        let id = if d != 0.0 { 1.0 / d } else { 0.0 };
        out.extend_from_slice(&half::f16::from_f32(d).to_le_bytes());
        for v in block {
            // Float-to-int `as` saturates (NaN → 0); the clamp makes the range
            // explicit.
            let q = (v * id).round().clamp(-127.0, 127.0) as i8;
            out.extend_from_slice(&q.to_le_bytes());
        }
    }
    true
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Inverse of [`quantize_q8_0`].
    pub(crate) fn dequantize_q8_0(bytes: &[u8]) -> Vec<f32> {
        let mut out = Vec::new();
        for block in bytes.chunks_exact(BLOCK_BYTES) {
            let d = half::f16::from_le_bytes([block[0], block[1]]).to_f32();
            out.extend(block[2..].iter().map(|q| f32::from(*q as i8) * d));
        }
        out
    }

    #[test]
    fn block_layout_is_scale_then_32_bytes() {
        let mut values = [0.0f32; 32];
        values[0] = 127.0;
        values[1] = -63.5;
        values[2] = 0.4;
        let mut out = Vec::new();
        assert!(quantize_q8_0(&values, &mut out));
        assert_eq!(out.len(), 34);
        assert_eq!(half::f16::from_le_bytes([out[0], out[1]]).to_f32(), 1.0);
        assert_eq!(out[2] as i8, 127);
        assert_eq!(out[3] as i8, -64, "half away from zero");
        assert_eq!(out[4] as i8, 0);
    }

    #[test]
    fn all_zero_block_has_zero_scale_and_values() {
        let mut out = Vec::new();
        assert!(quantize_q8_0(&[0.0; 64], &mut out));
        assert_eq!(out, vec![0u8; 68]);
    }

    #[test]
    fn length_not_multiple_of_32_is_refused() {
        let mut out = Vec::new();
        assert!(!quantize_q8_0(&[1.0; 33], &mut out));
        assert!(out.is_empty());
    }

    #[test]
    fn non_finite_values_do_not_panic() {
        let mut v = [1.0f32; 32];
        v[3] = f32::NAN;
        v[4] = f32::INFINITY;
        let mut out = Vec::new();
        assert!(quantize_q8_0(&v, &mut out));
        assert_eq!(out.len(), 34);
    }

    proptest! {
        #[test]
        fn q8_0_round_trip_is_within_half_a_step(
            values in proptest::collection::vec(-1000.0f32..1000.0, 32..=256)
        ) {
            let n = values.len() / 32 * 32;
            let values = &values[..n];
            let mut out = Vec::new();
            prop_assert!(quantize_q8_0(values, &mut out));
            prop_assert_eq!(out.len(), n / 32 * 34);
            let back = dequantize_q8_0(&out);
            for (block, got) in values.chunks(32).zip(back.chunks(32)) {
                let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                let d = amax / 127.0;
                let d16 = half::f16::from_f32(d).to_f32();
                // Half a step of the f32 scale, plus the error of storing the
                // scale as f16 (|q| ≤ 127), plus f32 rounding slack.
                let tol = d / 2.0 + 127.0 * (d16 - d).abs() + amax * 1e-6;
                for (x, y) in block.iter().zip(got) {
                    prop_assert!((x - y).abs() <= tol, "{} vs {} (d {})", x, y, d);
                }
            }
        }
    }
}
