//! Shared plumbing: down-mixing decoded buffers to mono under the duration
//! limit, resampling to 16 kHz, frame energies, and I/O error mapping.

use std::io::{self, Read};

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler, WindowFunction};
use symphonia::core::audio::GenericAudioBufferRef;

use super::{AudioError, Origin, ASR_SAMPLE_RATE, ENERGY_FLOOR_DBFS};

/// Target FFT block on the input side of the resampler, in frames. About
/// 45 ms at 44.1 kHz: long enough for a steep anti-aliasing filter (cut-off
/// within a few percent of 8 kHz), short enough to stay cheap.
const RESAMPLER_CHUNK: usize = 2048;

/// Reads until `buf` is full or the source ends; returns the bytes read.
pub(crate) fn read_up_to<R: Read + ?Sized>(src: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match src.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Maps an I/O error while reading `origin`. An unexpected end of input
/// means the file shrank or lied about its size: that is `Truncated`.
pub(crate) fn io_error(origin: &Origin, source: io::Error) -> AudioError {
    if source.kind() == io::ErrorKind::UnexpectedEof {
        AudioError::Truncated {
            origin: origin.clone(),
            what: "the file ends earlier than expected",
        }
    } else {
        AudioError::Io {
            origin: origin.clone(),
            source,
        }
    }
}

/// NaN becomes 0, everything else is clamped to `[-1, 1]` (infinities too).
pub(crate) fn sanitize(x: f32) -> f32 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(-1.0, 1.0)
    }
}

/// Applies [`sanitize`] to every sample.
pub(crate) fn sanitize_in_place(samples: &mut [f32]) {
    for s in samples {
        *s = sanitize(*s);
    }
}

/// The sink would exceed its frame limit: the recording is too long.
#[derive(Debug)]
pub(crate) struct LimitExceeded {
    /// Frames accepted before the buffer that would have crossed the limit.
    pub(crate) frames_so_far: u64,
}

/// Collects decoded buffers as mono samples, refusing to grow past
/// `max_frames` source frames.
pub(crate) struct MonoSink {
    mono: Vec<f32>,
    scratch: Vec<f32>,
    max_frames: u64,
}

impl MonoSink {
    /// A sink accepting at most `max_frames` frames. `present_frames`, when
    /// the input is known to really hold that many frames (not merely a
    /// header's claim), pre-sizes the output, capped at `max_frames`.
    pub(crate) fn new(max_frames: u64, present_frames: Option<u64>) -> MonoSink {
        let reserve = present_frames.unwrap_or(0).min(max_frames);
        let reserve = usize::try_from(reserve).unwrap_or(0);
        MonoSink {
            mono: Vec::with_capacity(reserve),
            scratch: Vec::new(),
            max_frames,
        }
    }

    /// Frames accepted so far.
    pub(crate) fn frames(&self) -> u64 {
        self.mono.len() as u64
    }

    /// Averages the channels of `buf` into the output. Fails, without
    /// copying anything, if the buffer would take the total over the limit.
    pub(crate) fn push(&mut self, buf: &GenericAudioBufferRef<'_>) -> Result<(), LimitExceeded> {
        let frames = buf.frames();
        let channels = buf.num_planes();
        if frames == 0 || channels == 0 {
            return Ok(());
        }
        if self.frames().saturating_add(frames as u64) > self.max_frames {
            return Err(LimitExceeded {
                frames_so_far: self.frames(),
            });
        }
        buf.copy_to_vec_interleaved(&mut self.scratch);
        let scale = 1.0 / channels as f32;
        self.mono.extend(
            self.scratch
                .chunks_exact(channels)
                .map(|frame| sanitize(frame.iter().map(|&s| sanitize(s)).sum::<f32>() * scale)),
        );
        Ok(())
    }

    /// The mono samples collected.
    pub(crate) fn into_samples(self) -> Vec<f32> {
        self.mono
    }
}

/// Resamples mono audio at `rate` Hz to [`ASR_SAMPLE_RATE`] with rubato's
/// synchronous FFT resampler (band-limited, startup delay trimmed, output
/// length `ceil(len * 16000 / rate)`), then clamps to `[-1, 1]` because a
/// band-limited signal may overshoot slightly. 16 kHz input is returned as is.
pub(crate) fn resample_to_asr_rate(mono: Vec<f32>, rate: u32) -> Result<Vec<f32>, String> {
    if rate == ASR_SAMPLE_RATE || mono.is_empty() {
        return Ok(mono);
    }
    let rate_in = usize::try_from(rate).map_err(|e| e.to_string())?;
    let rate_out = ASR_SAMPLE_RATE as usize;
    let mut resampler = Fft::<f32>::new_custom(
        rate_in,
        rate_out,
        RESAMPLER_CHUNK,
        1,
        1,
        WindowFunction::BlackmanHarris2,
        FixedSync::Both,
    )
    .map_err(|e| e.to_string())?;
    let input = InterleavedSlice::new(&mono[..], 1, mono.len()).map_err(|e| e.to_string())?;
    let output = resampler
        .process_all(&input, mono.len(), None)
        .map_err(|e| e.to_string())?;
    let mut samples = output.take_data();
    sanitize_in_place(&mut samples);
    Ok(samples)
}

/// RMS energy in dBFS of consecutive `frame_len`-sample frames; a last
/// partial frame counts when it has at least half of `frame_len` samples.
pub(crate) fn frame_energies_dbfs(samples: &[f32], frame_len: usize) -> Vec<f32> {
    if frame_len == 0 {
        return Vec::new();
    }
    samples
        .chunks(frame_len)
        .filter(|frame| frame.len() * 2 >= frame_len)
        .map(|frame| {
            let sum_sq: f64 = frame.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
            let rms = (sum_sq / frame.len() as f64).sqrt();
            if rms > 0.0 {
                ((20.0 * rms.log10()) as f32).max(ENERGY_FLOOR_DBFS)
            } else {
                ENERGY_FLOOR_DBFS
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::test_support::{rms, sine, zero_crossings};

    #[test]
    fn sanitize_maps_nan_to_zero_and_clamps_infinities() {
        assert_eq!(sanitize(f32::NAN), 0.0);
        assert_eq!(sanitize(f32::INFINITY), 1.0);
        assert_eq!(sanitize(f32::NEG_INFINITY), -1.0);
        assert_eq!(sanitize(1.5), 1.0);
        assert_eq!(sanitize(-0.25), -0.25);
    }

    #[test]
    fn resampling_16k_input_is_a_no_op() {
        let input = sine(440.0, 16_000, 1600, 0.5);
        let out = resample_to_asr_rate(input.clone(), 16_000).unwrap();
        assert_eq!(out, input);
    }

    #[test]
    fn resampling_keeps_duration_frequency_and_amplitude() {
        for rate in [8_000u32, 11_025, 22_050, 44_100, 48_000, 96_000, 192_000] {
            let input = sine(1000.0, rate, rate as usize, 0.5);
            let out = resample_to_asr_rate(input, rate).unwrap();
            assert!(
                out.len().abs_diff(16_000) <= 1,
                "{rate} Hz: {} samples",
                out.len()
            );
            // 1 kHz for 1 s crosses zero about 2000 times.
            let zc = zero_crossings(&out);
            assert!(zc.abs_diff(2000) <= 4, "{rate} Hz: {zc} zero crossings");
            let peak = out[1000..15_000]
                .iter()
                .fold(0.0f32, |m, &s| m.max(s.abs()));
            assert!((peak - 0.5).abs() < 0.02, "{rate} Hz: peak {peak}");
        }
    }

    #[test]
    fn resampling_removes_tones_above_the_new_nyquist_instead_of_aliasing() {
        // A 12 kHz tone cannot exist at 16 kHz; a naive decimator would fold
        // it to 4 kHz, right in the speech band.
        let input = sine(12_000.0, 48_000, 48_000, 0.5);
        let out = resample_to_asr_rate(input, 48_000).unwrap();
        let db = 20.0 * rms(&out[800..15_200]).log10();
        assert!(db < -60.0, "12 kHz tone leaked through at {db} dBFS");
    }

    #[test]
    fn resampling_an_odd_coprime_rate_works() {
        // 44101 and 16000 share no factor: the worst case for block sizes.
        let input = sine(500.0, 44_101, 44_101, 0.5);
        let out = resample_to_asr_rate(input, 44_101).unwrap();
        assert!(out.len().abs_diff(16_000) <= 1, "{}", out.len());
        assert!(zero_crossings(&out).abs_diff(1000) <= 4);
    }

    #[test]
    fn frame_energies_include_a_last_frame_only_if_at_least_half_full() {
        let samples = vec![0.5f32; 16 * 10 * 3 + 80]; // 3 frames of 10 ms + half a frame
        assert_eq!(frame_energies_dbfs(&samples, 160).len(), 4);
        let samples = vec![0.5f32; 16 * 10 * 3 + 79];
        assert_eq!(frame_energies_dbfs(&samples, 160).len(), 3);
    }

    #[test]
    fn frame_energy_of_constant_half_scale_is_minus_6_dbfs_and_silence_hits_the_floor() {
        let mut samples = vec![0.5f32; 160];
        samples.extend(vec![0.0f32; 160]);
        let e = frame_energies_dbfs(&samples, 160);
        assert!((e[0] - (-6.0206)).abs() < 0.01, "{}", e[0]);
        assert_eq!(e[1], ENERGY_FLOOR_DBFS);
        assert!(frame_energies_dbfs(&samples, 0).is_empty());
    }
}
