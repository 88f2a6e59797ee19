//! Turning recorded audio files into what the speech recogniser takes.
//!
//! **Takes** a WAV or FLAC recording, as a file ([`decode_file`]) or as bytes
//! already in memory ([`decode_bytes`]). The format is recognised from the
//! content, never from the file name. WAV may be 8-bit unsigned, 16/24/32-bit
//! signed integer, 32/64-bit float, A-law or µ-law, plain or
//! `WAVE_FORMAT_EXTENSIBLE`, with 1 to [`MAX_CHANNELS`] channels at
//! [`MIN_SAMPLE_RATE`] to [`MAX_SAMPLE_RATE`] Hz; FLAC any bit depth within
//! the same rate range.
//!
//! **Produces** a [`Clip`]: mono `f32` samples in `[-1, 1]` at
//! [`ASR_SAMPLE_RATE`] (16 kHz), plus a [`SourceInfo`] describing what the
//! file was. Channels are averaged; other rates are converted with rubato's
//! FFT resampler (band-limited, so nothing above 8 kHz folds back into the
//! speech band); 16 kHz input is passed through untouched.
//!
//! **Runs on the caller's thread.** All functions here are plain blocking
//! code (file reads and CPU work, a few milliseconds for a short recording);
//! from async code call them through `spawn_blocking` or a worker thread.
//!
//! **Never**:
//! - logs, prints or puts in an error message any audio content (sample
//!   values or raw bytes) — recordings are personal data. `Clip`'s `Debug`
//!   shows only rate, channels, duration and the [`SourceInfo`]. Logs carry
//!   sizes, rates and file names only;
//! - truncates silently: a recording longer than
//!   [`DecodeLimits::max_duration`] is an [`AudioError::TooLong`] error, and
//!   decoding stops as soon as that is known (for WAV, before any sample is
//!   read);
//! - panics, hangs or allocates in proportion to what a header *claims* on
//!   hostile input: sizes are checked against [`DecodeLimits`] and against
//!   the real input length, and headers are validated here before any
//!   decoder library sees the data.
//!
//! **Damaged input policy.** A file whose audio data stops earlier than its
//! header says (a recorder that crashed, a copy cut short, a data size of
//! "gigabytes") is an [`AudioError::Truncated`] error, as is a file whose
//! header itself is incomplete: a command cut short is not the command the
//! shopper gave, so it is never transcribed as if it were. The streaming
//! marker (a data size of `0xFFFFFFFF`, "read to the end") is not a lie
//! and is accepted. Data that is present but
//! undecodable (a FLAC frame failing its checks in the middle of the stream)
//! is an [`AudioError::Corrupt`] error rather than a silent gap.

#![warn(missing_docs)]

mod convert;
mod error;
mod flac;
mod wav;

#[cfg(test)]
mod test_support;

use std::fmt;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::time::Duration;

use symphonia::core::io::MediaSource;

pub use error::{AudioError, Origin};

/// Sample rate the speech recogniser takes, in Hz.
pub const ASR_SAMPLE_RATE: u32 = 16_000;

/// Lowest source sample rate accepted, in Hz (telephone quality). Anything
/// lower cannot carry intelligible speech and is most likely a broken header.
pub const MIN_SAMPLE_RATE: u32 = 8_000;

/// Highest source sample rate accepted, in Hz (studio recorders go up to
/// 192 kHz). Higher values are refused as implausible.
pub const MAX_SAMPLE_RATE: u32 = 192_000;

/// Largest channel count accepted. Covers stereo, surround layouts and
/// microphone arrays; larger counts are refused as implausible.
pub const MAX_CHANNELS: u32 = 32;

/// Default for [`DecodeLimits::max_duration`]: 30 seconds, the window the
/// speech recogniser works on. A shopping request is much shorter.
pub const DEFAULT_MAX_DURATION: Duration = Duration::from_secs(30);

/// Default for [`DecodeLimits::max_file_bytes`]: 256 MiB. Generous enough for
/// 30 s of 32-channel 96 kHz 24-bit audio; small enough that a mistaken
/// multi-gigabyte file is refused before it is read.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The value [`Clip::frame_energies_dbfs`] reports for digital silence,
/// in dBFS, instead of minus infinity.
pub const ENERGY_FLOOR_DBFS: f32 = -120.0;

/// Limits applied while decoding, so that an unexpected or hostile input
/// cannot make decoding slow or memory-hungry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// Longest recording accepted. Longer ones give
    /// [`AudioError::TooLong`]; they are never cut. Default
    /// [`DEFAULT_MAX_DURATION`].
    pub max_duration: Duration,
    /// Largest input accepted, in bytes, checked before reading. Larger ones
    /// give [`AudioError::TooBig`]. Default [`DEFAULT_MAX_FILE_BYTES`].
    pub max_file_bytes: u64,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_duration: DEFAULT_MAX_DURATION,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// The container a clip was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// RIFF WAVE.
    Wav,
    /// Native FLAC.
    Flac,
    /// No container: samples handed to [`Clip::from_samples_16k`].
    Raw,
}

/// How the source stored each sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleFormat {
    /// Linear integer PCM (8-bit WAV is unsigned, wider is signed; FLAC
    /// decodes to signed integers).
    Int,
    /// IEEE floating point.
    Float,
    /// G.711 A-law (8-bit logarithmic, telephony).
    ALaw,
    /// G.711 µ-law (8-bit logarithmic, telephony).
    MuLaw,
}

/// What a decoded clip originally was. Contains no audio content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The container the audio was read from.
    pub container: Container,
    /// Human-readable name of the encoding, e.g. `"16-bit integer PCM"`,
    /// `"32-bit float PCM"`, `"A-law"`, `"FLAC"`.
    pub codec: &'static str,
    /// How each sample was stored.
    pub sample_format: SampleFormat,
    /// Bits per sample as stored (the valid bits for
    /// `WAVE_FORMAT_EXTENSIBLE`; 8 for A-law and µ-law).
    pub bits_per_sample: u16,
    /// The source sample rate, in Hz.
    pub sample_rate: u32,
    /// The source channel count (the clip itself is always mono).
    pub channels: u16,
    /// Number of source frames (samples per channel) decoded.
    pub frames: u64,
}

/// A recording ready for the speech recogniser: mono `f32` samples in
/// `[-1, 1]` at [`ASR_SAMPLE_RATE`], plus a description of the source.
///
/// `Debug` deliberately prints only rate, channels, length and source
/// format, never sample values: the audio is personal data.
#[derive(Clone, PartialEq)]
pub struct Clip {
    samples: Vec<f32>,
    source: SourceInfo,
}

impl Clip {
    /// Wraps samples that are already 16 kHz mono (tests, and the live
    /// microphone later). Values are made safe: NaN becomes 0 and everything
    /// else is clamped to `[-1, 1]`.
    pub fn from_samples_16k(samples: Vec<f32>) -> Clip {
        let mut samples = samples;
        convert::sanitize_in_place(&mut samples);
        let frames = samples.len() as u64;
        Clip {
            samples,
            source: SourceInfo {
                container: Container::Raw,
                codec: "32-bit float samples",
                sample_format: SampleFormat::Float,
                bits_per_sample: 32,
                sample_rate: ASR_SAMPLE_RATE,
                channels: 1,
                frames,
            },
        }
    }

    /// The samples: mono, [`ASR_SAMPLE_RATE`], each in `[-1, 1]`.
    pub fn samples(&self) -> &[f32] {
        &self.samples
    }

    /// Length of the clip (number of samples / 16 kHz).
    pub fn duration(&self) -> Duration {
        frames_to_duration(self.samples.len() as u64, ASR_SAMPLE_RATE)
    }

    /// What the clip was decoded from.
    pub fn source(&self) -> &SourceInfo {
        &self.source
    }

    /// RMS energy, in dBFS, of consecutive frames of `frame_ms` milliseconds.
    ///
    /// 0 dBFS is the RMS of a full-scale square wave (RMS 1.0); a full-scale
    /// sine reads about -3 dBFS. Silence reads [`ENERGY_FLOOR_DBFS`] (never
    /// minus infinity). A last partial frame is included when it holds at
    /// least half a frame. `frame_ms == 0`, or a frame shorter than one
    /// sample, gives an empty vector.
    pub fn frame_energies_dbfs(&self, frame_ms: u32) -> Vec<f32> {
        let frame_len = u64::from(ASR_SAMPLE_RATE) * u64::from(frame_ms) / 1000;
        let frame_len = usize::try_from(frame_len).unwrap_or(usize::MAX);
        convert::frame_energies_dbfs(&self.samples, frame_len)
    }
}

impl fmt::Debug for Clip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clip")
            .field("sample_rate", &ASR_SAMPLE_RATE)
            .field("channels", &1)
            .field("duration", &self.duration())
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// Decodes a WAV or FLAC file into a 16 kHz mono [`Clip`].
///
/// The format is recognised from the content, not the extension. The file
/// size is checked against `limits.max_file_bytes` before anything is read,
/// and the file is read incrementally: a recording longer than
/// `limits.max_duration` is refused without decoding it. A file whose
/// audio data is cut short is an error (see the module docs). Blocking.
pub fn decode_file(path: &Path, limits: &DecodeLimits) -> Result<Clip, AudioError> {
    let origin = Origin::File(path.to_path_buf());
    let io_error = |source: std::io::Error| AudioError::Io {
        origin: origin.clone(),
        source,
    };
    let file = File::open(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if !metadata.is_file() {
        return Err(io_error(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    decode_source(file, metadata.len(), limits, &origin)
}

/// Decodes a WAV or FLAC recording held in memory into a 16 kHz mono
/// [`Clip`]. Same rules as [`decode_file`]; `limits.max_file_bytes` applies
/// to `bytes.len()`.
pub fn decode_bytes(bytes: &[u8], limits: &DecodeLimits) -> Result<Clip, AudioError> {
    decode_source(
        Cursor::new(bytes),
        bytes.len() as u64,
        limits,
        &Origin::Memory,
    )
}

/// What the first bytes say the input is.
enum Kind {
    Wav,
    Flac,
}

/// Audio decoded to mono at the source rate, before resampling.
pub(crate) struct Decoded {
    /// Mono samples at `info.sample_rate`, each in `[-1, 1]`.
    pub(crate) mono: Vec<f32>,
    /// Description of the source (`frames` filled in).
    pub(crate) info: SourceInfo,
    /// The audio data ended before the length the header declares.
    pub(crate) truncated: bool,
}

fn decode_source<'a, S: MediaSource + 'a>(
    mut src: S,
    len: u64,
    limits: &DecodeLimits,
    origin: &Origin,
) -> Result<Clip, AudioError> {
    if len == 0 {
        return Err(AudioError::Empty {
            origin: origin.clone(),
        });
    }
    if len > limits.max_file_bytes {
        return Err(AudioError::TooBig {
            origin: origin.clone(),
            bytes: len,
            max: limits.max_file_bytes,
        });
    }

    let kind = sniff(&mut src, origin)?;
    let decoded = match kind {
        Kind::Wav => wav::decode(src, len, limits, origin)?,
        Kind::Flac => flac::decode(src, len, limits, origin)?,
    };
    let Decoded {
        mono,
        info,
        truncated,
    } = decoded;
    if truncated {
        return Err(AudioError::Truncated {
            origin: origin.clone(),
            what: "its audio data stops before the length its header declares",
        });
    }
    let samples = convert::resample_to_asr_rate(mono, info.sample_rate).map_err(|detail| {
        AudioError::Resample {
            origin: origin.clone(),
            detail,
        }
    })?;
    tracing::debug!(
        source_rate = info.sample_rate,
        source_channels = info.channels,
        source_frames = info.frames,
        output_samples = samples.len(),
        "decoded audio"
    );
    Ok(Clip {
        samples,
        source: info,
    })
}

/// Recognises WAV or FLAC from the first bytes and rewinds the source.
fn sniff<S: Read + Seek>(src: &mut S, origin: &Origin) -> Result<Kind, AudioError> {
    let mut head = [0u8; 12];
    let got = convert::read_up_to(src, &mut head).map_err(|e| convert::io_error(origin, e))?;
    src.seek(SeekFrom::Start(0))
        .map_err(|e| convert::io_error(origin, e))?;
    let head = &head[..got];
    let truncated = |what| AudioError::Truncated {
        origin: origin.clone(),
        what,
    };
    let not_audio = || AudioError::NotAudio {
        origin: origin.clone(),
    };

    if head.starts_with(b"fLaC") {
        return Ok(Kind::Flac);
    }
    if head.len() >= 4 {
        match &head[..4] {
            b"RIFF" if head.len() < 12 => return Err(truncated("the WAV header ends early")),
            b"RIFF" if &head[8..12] == b"WAVE" => return Ok(Kind::Wav),
            b"RIFF" => return Err(not_audio()),
            b"RIFX" if head.get(8..12) == Some(b"WAVE") => {
                return Err(AudioError::Unsupported {
                    origin: origin.clone(),
                    what: "big-endian WAV (RIFX)".to_string(),
                })
            }
            b"RF64" | b"BW64" => {
                return Err(AudioError::Unsupported {
                    origin: origin.clone(),
                    what: "64-bit WAV (RF64/BW64)".to_string(),
                })
            }
            _ => return Err(not_audio()),
        }
    }
    // Fewer than 4 bytes: the start of a WAV or FLAC signature is a cut-off
    // file, anything else is not audio.
    if b"RIFF".starts_with(head) || b"fLaC".starts_with(head) {
        Err(truncated("the file ends inside its signature"))
    } else {
        Err(not_audio())
    }
}

/// `frames` at `rate` Hz as a `Duration`, exact to the nanosecond (floored).
pub(crate) fn frames_to_duration(frames: u64, rate: u32) -> Duration {
    if rate == 0 {
        return Duration::ZERO;
    }
    let nanos = u128::from(frames) * 1_000_000_000 / u128::from(rate);
    let secs = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
    // The remainder is below 1e9, so it always fits in u32.
    let sub = u32::try_from(nanos % 1_000_000_000).unwrap_or(0);
    Duration::new(secs, sub)
}

/// Largest number of frames at `rate` Hz that fit in `max` (floored).
pub(crate) fn max_frames_for(max: Duration, rate: u32) -> u64 {
    let frames = max.as_nanos() * u128::from(rate) / 1_000_000_000;
    u64::try_from(frames).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::time::Instant;

    use proptest::prelude::*;

    use super::test_support::*;
    use super::*;

    fn decode(bytes: &[u8]) -> Result<Clip, AudioError> {
        decode_bytes(bytes, &DecodeLimits::default())
    }

    /// Checks the clip is `secs` long (±1 output sample), carries a 440 Hz
    /// tone (zero crossings) at the expected peak amplitude.
    fn assert_tone(clip: &Clip, secs: f64, expected_peak: f32, what: &str) {
        let expected_len = secs * f64::from(ASR_SAMPLE_RATE);
        assert!(
            (clip.samples().len() as f64 - expected_len).abs() <= 1.0,
            "{what}: {} samples, expected {expected_len}",
            clip.samples().len()
        );
        let zc = zero_crossings(clip.samples());
        let expected_zc = (2.0 * 440.0 * secs) as usize;
        assert!(zc.abs_diff(expected_zc) <= 4, "{what}: {zc} zero crossings");
        // Skip the edges, where the resampler's filter rings.
        let n = clip.samples().len();
        let p = peak(&clip.samples()[n / 10..n * 9 / 10]);
        assert!(
            (p - expected_peak).abs() < 0.02,
            "{what}: peak {p}, expected {expected_peak}"
        );
        assert!(clip.samples().iter().all(|s| (-1.0..=1.0).contains(s)));
    }

    // ---- formats, rates, channels -------------------------------------

    #[test]
    fn stereo_44k_wav_becomes_16k_mono_of_same_duration() {
        let clip = decode(&tone_wav(2, 44_100, Pcm::I16, 44_100, 440.0)).unwrap();
        assert_tone(&clip, 1.0, 0.5, "stereo 44.1k");
        assert_eq!(clip.duration(), Duration::from_secs(1));
        let source = clip.source();
        assert_eq!(source.container, Container::Wav);
        assert_eq!(source.sample_rate, 44_100);
        assert_eq!(source.channels, 2);
        assert_eq!(source.bits_per_sample, 16);
        assert_eq!(source.frames, 44_100);
    }

    #[test]
    fn every_rate_channel_count_and_sample_format_becomes_16k_mono_with_the_tone_intact() {
        for channels in [1u16, 2, 6] {
            for rate in [8_000u32, 16_000, 22_050, 44_100, 48_000] {
                for pcm in Pcm::ALL {
                    let frames = rate as usize * 3 / 4; // 0.75 s
                    let what = format!("{channels} ch, {rate} Hz, {pcm:?}");
                    let clip = decode(&tone_wav(channels, rate, pcm, frames, 440.0))
                        .unwrap_or_else(|e| panic!("{what}: {e}"));
                    assert_tone(&clip, 0.75, 0.5, &what);
                    let source = clip.source();
                    assert_eq!(source.sample_rate, rate, "{what}");
                    assert_eq!(source.channels, channels, "{what}");
                    let expected_format = if pcm == Pcm::F32 {
                        SampleFormat::Float
                    } else {
                        SampleFormat::Int
                    };
                    assert_eq!(source.sample_format, expected_format, "{what}");
                }
            }
        }
    }

    #[test]
    fn rates_above_48k_up_to_192k_are_accepted() {
        for rate in [88_200u32, 96_000, 192_000] {
            let clip = decode(&tone_wav(2, rate, Pcm::I24, rate as usize / 2, 440.0)).unwrap();
            assert_tone(&clip, 0.5, 0.5, &format!("{rate} Hz"));
        }
    }

    #[test]
    fn sixteen_khz_mono_input_passes_through_bit_exact() {
        let tone = sine(440.0, 16_000, 1600, 0.5);
        let bytes = hound_wav(1, 16_000, Pcm::F32, 1600, |i, _| tone[i]);
        let clip = decode(&bytes).unwrap();
        assert_eq!(clip.samples(), &tone[..]);
    }

    #[test]
    fn channels_are_averaged_not_just_the_first_one_taken() {
        let tone = sine(440.0, 16_000, 16_000, 0.5);
        // Tone on the left only: half the amplitude.
        let bytes = hound_wav(2, 16_000, Pcm::I16, 16_000, |i, c| {
            if c == 0 {
                tone[i]
            } else {
                0.0
            }
        });
        assert_tone(&decode(&bytes).unwrap(), 1.0, 0.25, "left only");
        // Opposite phases cancel out.
        let bytes = hound_wav(2, 16_000, Pcm::I16, 16_000, |i, c| {
            if c == 0 {
                tone[i]
            } else {
                -tone[i]
            }
        });
        assert!(peak(decode(&bytes).unwrap().samples()) < 1e-3);
        // Six channels, one carrying the tone: a sixth of the amplitude.
        let bytes = hound_wav(6, 16_000, Pcm::I24, 16_000, |i, c| {
            if c == 3 {
                tone[i]
            } else {
                0.0
            }
        });
        assert_tone(&decode(&bytes).unwrap(), 1.0, 0.5 / 6.0, "one of six");
    }

    #[test]
    fn full_scale_input_stays_within_minus_one_to_one_after_resampling() {
        // A full-scale square wave makes a band-limiting filter overshoot.
        let bytes = hound_wav(1, 44_100, Pcm::F32, 44_100, |i, _| {
            if (i / 50) % 2 == 0 {
                1.0
            } else {
                -1.0
            }
        });
        let clip = decode(&bytes).unwrap();
        assert!(clip.samples().iter().all(|s| (-1.0..=1.0).contains(s)));
        assert!(peak(clip.samples()) > 0.99);
    }

    #[test]
    fn flac_fixture_file_decodes_to_16k_mono() {
        let path = fixture_path("tone_440hz_48k_stereo_1500ms.flac");
        let clip = decode_file(&path, &DecodeLimits::default()).unwrap();
        assert_tone(&clip, 1.5, 0.5, "flac");
        assert_eq!(clip.source().container, Container::Flac);
        assert_eq!(clip.source().codec, "FLAC");
        assert_eq!(clip.source().sample_rate, 48_000);
        assert_eq!(clip.source().channels, 2);
    }

    #[test]
    fn speech_fixture_decodes_and_has_loud_and_quiet_frames() {
        let path = fixture_path("speech_oat_milk_22k_mono.flac");
        let clip = decode_file(&path, &DecodeLimits::default()).unwrap();
        assert_eq!(clip.source().sample_rate, 22_050);
        // 49718 frames at 22050 Hz.
        let expected = (49_718.0 * 16_000.0 / 22_050.0f64).ceil() as usize;
        assert!(clip.samples().len().abs_diff(expected) <= 1);
        let energies = clip.frame_energies_dbfs(20);
        assert!(energies.iter().any(|&e| e > -25.0), "no voiced frame");
        assert!(energies.iter().any(|&e| e < -50.0), "no pause");
    }

    #[test]
    fn format_is_recognised_by_content_not_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let wav_named_flac = dir.path().join("actually_wav.flac");
        std::fs::write(&wav_named_flac, tone_wav(1, 16_000, Pcm::I16, 8_000, 440.0)).unwrap();
        let clip = decode_file(&wav_named_flac, &DecodeLimits::default()).unwrap();
        assert_eq!(clip.source().container, Container::Wav);

        let flac_named_wav = dir.path().join("actually_flac.wav");
        std::fs::write(
            &flac_named_wav,
            fixture("tone_440hz_48k_stereo_1500ms.flac"),
        )
        .unwrap();
        let clip = decode_file(&flac_named_wav, &DecodeLimits::default()).unwrap();
        assert_eq!(clip.source().container, Container::Flac);
    }

    #[test]
    fn wav_cut_short_in_its_data_is_a_truncated_error() {
        let bytes = tone_wav(2, 44_100, Pcm::I16, 44_100, 440.0);
        let cut = &bytes[..bytes.len() / 2];
        let err = decode(cut).unwrap_err();
        assert!(matches!(err, AudioError::Truncated { .. }), "{err}");
        assert!(err.to_string().contains("cut short"), "{err}");
    }

    #[test]
    fn wav_whose_header_claims_gigabytes_is_a_truncated_error() {
        let mut bytes = tone_wav(1, 16_000, Pcm::I16, 16_000, 440.0);
        bytes[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        let data = bytes.windows(4).position(|w| w == b"data").unwrap();
        bytes[data + 4..data + 8].copy_from_slice(&(u32::MAX - 1).to_le_bytes());
        let err = decode(&bytes).unwrap_err();
        assert!(matches!(err, AudioError::Truncated { .. }), "{err}");
    }

    // ---- every error variant --------------------------------------------

    #[test]
    fn empty_input_is_empty() {
        assert!(matches!(decode(&[]), Err(AudioError::Empty { .. })));
        let file = tempfile::NamedTempFile::new().unwrap();
        let err = decode_file(file.path(), &DecodeLimits::default()).unwrap_err();
        assert!(matches!(err, AudioError::Empty { .. }), "{err:?}");
        assert!(err.to_string().contains(&file.path().display().to_string()));
    }

    #[test]
    fn random_text_other_riff_forms_and_mp3_are_not_audio() {
        for bytes in [
            &b"milk, eggs, bread"[..],
            b"ID3\x04\x00\x00\x00\x00\x00\x00",
            b"RIFF\x10\x00\x00\x00AVI LIST",
            b"\x00",
            b"OggS\x00\x02",
        ] {
            assert!(
                matches!(decode(bytes), Err(AudioError::NotAudio { .. })),
                "{:?}",
                decode(bytes).map(|c| c.source().clone())
            );
        }
    }

    #[test]
    fn every_truncation_inside_the_header_is_truncated() {
        let bytes = tone_wav(2, 44_100, Pcm::I24, 100, 440.0); // extensible header
        let data_start = bytes.windows(4).position(|w| w == b"data").unwrap() + 8;
        for len in 1..data_start {
            let err = decode(&bytes[..len]).unwrap_err();
            assert!(
                matches!(err, AudioError::Truncated { .. }),
                "prefix of {len} bytes: {err:?}"
            );
        }
        // Header complete, not one sample: also cut short.
        assert!(matches!(
            decode(&bytes[..data_start]),
            Err(AudioError::Truncated { .. })
        ));
    }

    #[test]
    fn wav_with_zero_samples_has_no_samples() {
        let bytes = tone_wav(1, 16_000, Pcm::I16, 0, 440.0);
        assert!(matches!(decode(&bytes), Err(AudioError::NoSamples { .. })));
    }

    #[test]
    fn absurd_sample_rates_are_refused_and_the_edges_accepted() {
        for rate in [0u32, 1, 7_999, 192_001, 4_000_000_000, u32::MAX] {
            let bytes = riff_wave(&[
                chunk(b"fmt ", &fmt_body(1, 1, rate, 16)),
                chunk(b"data", &[0; 64]),
            ]);
            match decode(&bytes) {
                Err(AudioError::BadSampleRate { rate: r, .. }) => assert_eq!(r, rate),
                other => panic!("{rate} Hz: {:?}", other.map(|c| c.source().clone())),
            }
        }
        for rate in [MIN_SAMPLE_RATE, MAX_SAMPLE_RATE] {
            let bytes = riff_wave(&[
                chunk(b"fmt ", &fmt_body(1, 1, rate, 16)),
                chunk(b"data", &[0; 64]),
            ]);
            assert!(decode(&bytes).is_ok(), "{rate} Hz");
        }
    }

    #[test]
    fn absurd_channel_counts_are_refused() {
        for channels in [0u16, 33, 255, u16::MAX] {
            let bytes = riff_wave(&[
                chunk(b"fmt ", &fmt_body(1, channels, 16_000, 16)),
                chunk(b"data", &[0; 64]),
            ]);
            match decode(&bytes) {
                Err(AudioError::BadChannels { channels: c, .. }) => {
                    assert_eq!(c, u32::from(channels))
                }
                other => panic!(
                    "{channels} channels: {:?}",
                    other.map(|c| c.source().clone())
                ),
            }
        }
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(1, 32, 16_000, 16)),
            chunk(b"data", &[0; 64]),
        ]);
        assert_eq!(decode(&bytes).unwrap().source().channels, 32);
    }

    #[test]
    fn longer_than_the_limit_is_too_long_and_exactly_the_limit_is_fine() {
        let limits = DecodeLimits {
            max_duration: Duration::from_secs(2),
            ..DecodeLimits::default()
        };
        let ok = tone_wav(1, 8_000, Pcm::I16, 16_000, 440.0);
        assert_eq!(
            decode_bytes(&ok, &limits).unwrap().duration(),
            Duration::from_secs(2)
        );
        let long = tone_wav(1, 8_000, Pcm::I16, 16_001, 440.0);
        match decode_bytes(&long, &limits) {
            Err(AudioError::TooLong { duration, max, .. }) => {
                assert_eq!(duration, Duration::from_nanos(2_000_125_000));
                assert_eq!(max, Duration::from_secs(2));
            }
            other => panic!("{:?}", other.map(|c| c.duration())),
        }
    }

    #[test]
    fn an_hour_long_wav_is_refused_quickly() {
        // One hour of 8 kHz mono: 57.6 MB, refused from its header.
        let mut bytes = riff_wave(&[chunk_declaring(b"fmt ", 16, &fmt_body(1, 1, 8_000, 16))]);
        bytes.extend_from_slice(b"data");
        bytes.extend_from_slice(&(8_000u32 * 3600 * 2).to_le_bytes());
        bytes.resize(bytes.len() + 8_000 * 3600 * 2, 0);
        let start = Instant::now();
        let err = decode(&bytes).unwrap_err();
        assert!(matches!(err, AudioError::TooLong { .. }), "{err:?}");
        assert!(start.elapsed() < Duration::from_millis(100));
    }

    #[test]
    fn larger_than_max_file_bytes_is_too_big_for_bytes_and_files() {
        let bytes = tone_wav(1, 16_000, Pcm::I16, 1_000, 440.0);
        let limits = DecodeLimits {
            max_file_bytes: 1_000,
            ..DecodeLimits::default()
        };
        match decode_bytes(&bytes, &limits) {
            Err(AudioError::TooBig { bytes: b, max, .. }) => {
                assert_eq!(b, bytes.len() as u64);
                assert_eq!(max, 1_000);
            }
            other => panic!("{:?}", other.map(|c| c.duration())),
        }
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&bytes).unwrap();
        assert!(matches!(
            decode_file(file.path(), &limits),
            Err(AudioError::TooBig { .. })
        ));
    }

    #[test]
    fn missing_files_and_directories_are_io_errors_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no_such_recording.wav");
        let err = decode_file(&missing, &DecodeLimits::default()).unwrap_err();
        match &err {
            AudioError::Io { origin, source } => {
                assert_eq!(origin, &Origin::File(missing.clone()));
                assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("no_such_recording.wav"), "{err}");
        assert!(matches!(
            decode_file(dir.path(), &DecodeLimits::default()),
            Err(AudioError::Io { .. })
        ));
    }

    #[test]
    fn rifx_rf64_and_adpcm_are_unsupported() {
        let mut rifx = tone_wav(1, 16_000, Pcm::I16, 100, 440.0);
        rifx[..4].copy_from_slice(b"RIFX");
        let mut rf64 = tone_wav(1, 16_000, Pcm::I16, 100, 440.0);
        rf64[..4].copy_from_slice(b"RF64");
        let adpcm = riff_wave(&[
            chunk(b"fmt ", &fmt_body(0x0002, 1, 16_000, 4)),
            chunk(b"data", &[0; 64]),
        ]);
        for bytes in [rifx, rf64, adpcm] {
            let err = decode(&bytes).unwrap_err();
            assert!(matches!(err, AudioError::Unsupported { .. }), "{err:?}");
        }
    }

    #[test]
    fn errors_from_files_name_the_file() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(b"not audio at all").unwrap();
        let err = decode_file(file.path(), &DecodeLimits::default()).unwrap_err();
        assert!(matches!(err, AudioError::NotAudio { .. }));
        assert_eq!(err.origin(), &Origin::File(file.path().to_path_buf()));
        assert!(err.to_string().contains(&file.path().display().to_string()));
    }

    // ---- Clip ------------------------------------------------------------

    #[test]
    fn clip_debug_shows_format_and_duration_but_no_sample_values() {
        let clip = Clip::from_samples_16k([0.123_456_7, -0.654_321, 0.5].repeat(16_000));
        let debug = format!("{clip:?}");
        assert!(debug.contains("sample_rate: 16000"), "{debug}");
        assert!(debug.contains("duration: 3s"), "{debug}");
        for leaked in ["0.123", "0.654", "0.5", "samples:"] {
            assert!(!debug.contains(leaked), "{leaked} in {debug}");
        }
        let decoded = decode(&tone_wav(1, 16_000, Pcm::F32, 1_000, 440.0)).unwrap();
        let debug = format!("{decoded:#?}");
        let first = format!("{}", decoded.samples()[1]);
        assert!(!debug.contains(&first[..5]), "{debug}");
    }

    #[test]
    fn from_samples_16k_sanitises_and_times_exactly() {
        let clip = Clip::from_samples_16k(vec![f32::NAN, 3.0, -3.0, 0.25]);
        assert_eq!(clip.samples(), &[0.0, 1.0, -1.0, 0.25]);
        assert_eq!(clip.duration(), Duration::from_micros(250));
        assert_eq!(clip.source().container, Container::Raw);
        assert_eq!(clip.source().sample_rate, ASR_SAMPLE_RATE);
    }

    #[test]
    fn frame_energies_follow_loudness() {
        let mut samples = sine(440.0, 16_000, 16_00, 1.0); // 100 ms full scale
        samples.extend(vec![0.0; 1_600]); // 100 ms silence
        let clip = Clip::from_samples_16k(samples);
        let e = clip.frame_energies_dbfs(10);
        assert_eq!(e.len(), 20);
        assert!(
            e[..10].iter().all(|&x| (x + 3.01).abs() < 0.1),
            "{:?}",
            &e[..10]
        );
        assert!(e[10..].iter().all(|&x| x == ENERGY_FLOOR_DBFS));
        assert!(clip.frame_energies_dbfs(0).is_empty());
    }

    #[test]
    fn default_limits_are_the_documented_constants() {
        let limits = DecodeLimits::default();
        assert_eq!(limits.max_duration, Duration::from_secs(30));
        assert_eq!(limits.max_file_bytes, 256 * 1024 * 1024);
    }

    // ---- hostile input -----------------------------------------------------

    /// Decodes, checking the result is sane and the call was quick.
    fn decode_hostile(bytes: &[u8]) {
        let start = Instant::now();
        if let Ok(clip) = decode(bytes) {
            assert!(clip.duration() <= DEFAULT_MAX_DURATION);
            assert!(clip.samples().iter().all(|s| (-1.0..=1.0).contains(s)));
        }
        let elapsed = start.elapsed();
        assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    }

    fn small_wav() -> Vec<u8> {
        tone_wav(2, 22_050, Pcm::I16, 2_205, 440.0)
    }

    fn small_extensible_wav() -> Vec<u8> {
        tone_wav(3, 8_000, Pcm::F32, 400, 440.0)
    }

    /// A prefix of `base` with some bytes replaced; replacements land in the
    /// first 80 bytes (the headers) half of the time.
    fn mutate(base: &[u8], keep: usize, flips: &[(usize, bool, u8)]) -> Vec<u8> {
        let mut bytes = base[..keep.min(base.len())].to_vec();
        for &(pos, in_header, value) in flips {
            if bytes.is_empty() {
                break;
            }
            let span = if in_header {
                bytes.len().min(80)
            } else {
                bytes.len()
            };
            let i = pos % span;
            bytes[i] = value;
        }
        bytes
    }

    proptest! {
        // 512 cases each by default; PROPTEST_CASES=<n> for a longer soak.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
            ..ProptestConfig::default()
        })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            decode_hostile(&bytes);
        }

        #[test]
        fn arbitrary_bytes_after_a_wav_or_flac_signature_never_panic(
            flac in any::<bool>(),
            tail in proptest::collection::vec(any::<u8>(), 0..4096),
        ) {
            let mut bytes = if flac { b"fLaC".to_vec() } else { b"RIFF\xff\xff\xff\xffWAVE".to_vec() };
            bytes.extend_from_slice(&tail);
            decode_hostile(&bytes);
        }

        #[test]
        fn truncated_and_byte_flipped_wavs_never_panic(
            extensible in any::<bool>(),
            keep in 0usize..10_000,
            flips in proptest::collection::vec((any::<usize>(), any::<bool>(), any::<u8>()), 0..8),
        ) {
            let base = if extensible { small_extensible_wav() } else { small_wav() };
            decode_hostile(&mutate(&base, keep, &flips));
        }

        #[test]
        fn truncated_and_byte_flipped_flacs_never_panic(
            keep in 0usize..40_000,
            flips in proptest::collection::vec((any::<usize>(), any::<bool>(), any::<u8>()), 0..8),
        ) {
            let base = fixture("tone_440hz_48k_stereo_1500ms.flac");
            decode_hostile(&mutate(&base, keep, &flips));
        }
    }

    /// Rough speed figure for the report: `cargo test --release --lib
    /// audio::tests::decode_speed -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing report, run by hand"]
    fn decode_speed_of_3s_stereo_44k_wav() {
        let bytes = tone_wav(2, 44_100, Pcm::I16, 3 * 44_100, 440.0);
        let flac = fixture("tone_440hz_48k_stereo_1500ms.flac");
        let _ = decode(&bytes).unwrap(); // warm up (FFT plans, registry)
        let runs = 50;
        let start = Instant::now();
        for _ in 0..runs {
            let _ = decode(&bytes).unwrap();
        }
        let wav_each = start.elapsed() / runs;
        let start = Instant::now();
        for _ in 0..runs {
            let _ = decode(&flac).unwrap();
        }
        let flac_each = start.elapsed() / runs;
        println!("3 s 44.1 kHz stereo 16-bit WAV: {wav_each:?} per decode+resample");
        println!("1.5 s 48 kHz stereo FLAC: {flac_each:?} per decode+resample");
    }
}
