//! The mel filter bank stored in a whisper.cpp model file.
//!
//! Takes the number of mel bands; produces the `n_mels × 201` Slaney-scale,
//! Slaney-normalised triangular filter bank for 16 kHz audio and a 400-point
//! FFT (fmin 0, fmax 8000), computed in f64 and rounded once to f32, row-major
//! (mel band, FFT bin). This is the recipe librosa's `filters.mel` and
//! openai-whisper's `mel_filters.npz` follow. Must never depend on anything
//! but `n_mels` (the table is a pure function).

/// Sample rate whisper works at.
const SAMPLE_RATE: f64 = 16_000.0;
/// FFT size.
const N_FFT: usize = 400;
/// Number of FFT bins stored per filter (`N_FFT / 2 + 1`).
pub(crate) const N_BINS: usize = N_FFT / 2 + 1;

/// Width of one mel in the linear region, Hz.
const F_SP: f64 = 200.0 / 3.0;
/// Start of the logarithmic region, Hz.
const MIN_LOG_HZ: f64 = 1000.0;
/// Start of the logarithmic region, mel.
const MIN_LOG_MEL: f64 = MIN_LOG_HZ / F_SP;

fn log_step() -> f64 {
    6.4f64.ln() / 27.0
}

/// Hz → mel on the Slaney scale.
fn hz_to_mel(f: f64) -> f64 {
    if f >= MIN_LOG_HZ {
        MIN_LOG_MEL + (f / MIN_LOG_HZ).ln() / log_step()
    } else {
        f / F_SP
    }
}

/// mel → Hz on the Slaney scale.
fn mel_to_hz(m: f64) -> f64 {
    if m >= MIN_LOG_MEL {
        MIN_LOG_HZ * (log_step() * (m - MIN_LOG_MEL)).exp()
    } else {
        F_SP * m
    }
}

/// `n` points from `start` to `stop` inclusive, as NumPy's `linspace`
/// computes them (`start + i * step`, the last one exactly `stop`).
fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    let steps = n.saturating_sub(1).max(1) as f64;
    let step = (stop - start) / steps;
    (0..n)
        .map(|i| {
            if i + 1 == n && n > 1 {
                stop
            } else {
                start + i as f64 * step
            }
        })
        .collect()
}

/// The filter bank: `n_mels` rows of [`N_BINS`] values, row-major.
pub(crate) fn mel_filters(n_mels: usize) -> Vec<f32> {
    let fmax = SAMPLE_RATE / 2.0;
    let fft_freqs = linspace(0.0, fmax, N_BINS);
    let hz: Vec<f64> = linspace(hz_to_mel(0.0), hz_to_mel(fmax), n_mels + 2)
        .into_iter()
        .map(mel_to_hz)
        .collect();
    let mut out = Vec::with_capacity(n_mels.saturating_mul(N_BINS));
    for w in hz.windows(3) {
        let &[lo, mid, hi] = w else { continue };
        let norm = 2.0 / (hi - lo);
        for &f in &fft_freqs {
            let rising = (f - lo) / (mid - lo);
            let falling = (hi - f) / (hi - mid);
            let v = rising.min(falling).max(0.0) * norm;
            out.push(v as f32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(t: &[f32], i: usize) -> &[f32] {
        &t[i * N_BINS..(i + 1) * N_BINS]
    }

    #[test]
    fn table_has_n_mels_rows_of_201_bins() {
        assert_eq!(mel_filters(80).len(), 80 * 201);
        assert_eq!(mel_filters(128).len(), 128 * 201);
    }

    #[test]
    fn every_filter_is_non_negative_and_not_empty() {
        for n in [80, 128] {
            let t = mel_filters(n);
            assert!(t.iter().all(|v| v.is_finite() && *v >= 0.0));
            for i in 0..n {
                assert!(row(&t, i).iter().any(|v| *v > 0.0), "row {i} of {n}");
            }
        }
    }

    #[test]
    fn filter_0_peaks_at_bin_1() {
        let t = mel_filters(80);
        let r = row(&t, 0);
        assert_eq!(r[0], 0.0);
        let peak = (0..N_BINS).max_by(|&a, &b| r[a].total_cmp(&r[b])).unwrap();
        assert_eq!(peak, 1);
        // The triangle spans 0..74.5 Hz: only bin 1 (40 Hz) lies inside it.
        assert!(r[2..].iter().all(|v| *v == 0.0));
    }

    #[test]
    fn rows_have_slaney_area_normalisation() {
        // Each triangle has height 2/(hi-lo), so its continuous area is 1; the
        // sampled sum × 40 Hz bin spacing is close to 1 (within 8 % for the
        // narrow low filters, 2 % for the wide high ones).
        let t = mel_filters(80);
        for i in 0..80 {
            let area: f64 = row(&t, i).iter().map(|v| f64::from(*v) * 40.0).sum();
            let tol = if i >= 50 { 0.02 } else { 0.08 };
            assert!((area - 1.0).abs() < tol, "row {i}: area {area}");
        }
        // A filter's peak never exceeds its normalisation factor.
        let hz: Vec<f64> = linspace(0.0, hz_to_mel(8000.0), 82)
            .into_iter()
            .map(mel_to_hz)
            .collect();
        for i in 0..80 {
            let max = row(&t, i).iter().copied().fold(0.0f32, f32::max);
            assert!(f64::from(max) <= 2.0 / (hz[i + 2] - hz[i]) * (1.0 + 1e-6));
        }
    }

    #[test]
    fn known_reference_values() {
        // Derived independently (pure-Python f64 evaluation of the same
        // formulas, librosa's `filters.mel(sr=16000, n_fft=400, n_mels=80)`).
        let t = mel_filters(80);
        let cases: [(usize, usize, f64); 6] = [
            (0, 1, 0.024_862_593_984_176_09),
            (1, 1, 0.001_990_821_888_098_07),
            (1, 2, 0.022_871_772_096_078_016),
            (40, 43, 0.014_735_565_741_439_09),
            (79, 193, 0.003_141_313_193_123_513_5),
            (79, 199, 0.000_448_759_027_589_055_84),
        ];
        for (m, bin, want) in cases {
            let got = f64::from(row(&t, m)[bin]);
            assert!(
                (got - want).abs() <= want.abs() * 1e-6 + 1e-12,
                "mel {m} bin {bin}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn slaney_scale_is_continuous_at_1khz() {
        assert!((hz_to_mel(1000.0) - 15.0).abs() < 1e-12);
        assert!((mel_to_hz(15.0) - 1000.0).abs() < 1e-9);
        assert!((mel_to_hz(hz_to_mel(5000.0)) - 5000.0).abs() < 1e-9);
    }
}
