//! Errors returned while turning a recording into a [`Clip`](super::Clip).
//!
//! Every message is written for a shopper or a tester: it says what is wrong
//! with the recording in plain words and names the file when one is known.
//! No message ever contains audio content (sample values or raw bytes).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::{MAX_CHANNELS, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE};

/// Where the audio being decoded came from, so that errors can name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Bytes handed to [`decode_bytes`](super::decode_bytes).
    Memory,
    /// A file opened by [`decode_file`](super::decode_file).
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Memory => f.write_str("the recording"),
            Origin::File(path) => write!(f, "the file \"{}\"", path.display()),
        }
    }
}

/// Why a recording could not be turned into a [`Clip`](super::Clip).
///
/// There is one variant per condition a caller may want to tell apart. Every
/// variant carries the [`Origin`], so `Display` names the file when there is one.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    /// The input has no bytes at all.
    #[error("{origin} is empty (0 bytes)")]
    Empty {
        /// Where the audio came from.
        origin: Origin,
    },

    /// The content is neither a WAV nor a FLAC file (the extension is not
    /// looked at, only the bytes).
    #[error("{origin} is not a WAV or FLAC file")]
    NotAudio {
        /// Where the audio came from.
        origin: Origin,
    },

    /// The file stops before its header is complete, or before any audio
    /// data, so nothing can be decoded. (A file whose *audio data* is cut
    /// short is decoded up to where it stops; see
    /// [`SourceInfo::truncated`](super::SourceInfo::truncated).)
    #[error("{origin} is cut short: {what}")]
    Truncated {
        /// Where the audio came from.
        origin: Origin,
        /// What is missing, in plain words.
        what: &'static str,
    },

    /// A valid file in an encoding this module does not decode.
    ///
    /// Decoded: WAV with 8-bit unsigned, 16/24/32-bit signed integer,
    /// 32/64-bit float, A-law and µ-law samples (plain or
    /// `WAVE_FORMAT_EXTENSIBLE`), and FLAC. Not decoded, for example: ADPCM
    /// or MP3 inside WAV, big-endian `RIFX`, 64-bit `RF64`/`BW64`, and
    /// integer sample widths other than 8/16/24/32 bits.
    #[error("{origin} uses {what}, which is not supported")]
    Unsupported {
        /// Where the audio came from.
        origin: Origin,
        /// The unsupported feature, in plain words.
        what: String,
    },

    /// The file is well formed but holds no audio samples.
    #[error("{origin} contains no audio")]
    NoSamples {
        /// Where the audio came from.
        origin: Origin,
    },

    /// The sample rate is outside the accepted range.
    #[error(
        "{origin} has a sample rate of {rate} Hz; only {MIN_SAMPLE_RATE} to {MAX_SAMPLE_RATE} Hz \
         is accepted"
    )]
    BadSampleRate {
        /// Where the audio came from.
        origin: Origin,
        /// The rate the file declares, in Hz.
        rate: u32,
    },

    /// The channel count is zero or larger than [`MAX_CHANNELS`].
    #[error("{origin} declares {channels} audio channels; 1 to {MAX_CHANNELS} are accepted")]
    BadChannels {
        /// Where the audio came from.
        origin: Origin,
        /// The channel count the file declares.
        channels: u32,
    },

    /// The recording is longer than [`DecodeLimits::max_duration`](super::DecodeLimits).
    ///
    /// Decoding stops as soon as this is known; nothing is ever cut off
    /// silently. `duration` is the length the file declares, or, when it
    /// declares none (some FLAC files), the length decoded when decoding
    /// stopped, which is then a lower bound.
    #[error("{origin} is too long: {duration:.1?} of audio, the limit is {max:.1?}")]
    TooLong {
        /// Where the audio came from.
        origin: Origin,
        /// How long the recording is (see above).
        duration: Duration,
        /// The limit that was applied.
        max: Duration,
    },

    /// The input is larger than [`DecodeLimits::max_file_bytes`](super::DecodeLimits).
    /// Checked before any audio is read.
    #[error("{origin} is too big: {bytes} bytes, the limit is {max} bytes")]
    TooBig {
        /// Where the audio came from.
        origin: Origin,
        /// The size of the input in bytes.
        bytes: u64,
        /// The limit that was applied.
        max: u64,
    },

    /// The header or the audio data contradicts itself or the format rules,
    /// so the audio cannot be decoded reliably.
    #[error("{origin} is damaged and cannot be decoded ({detail})")]
    Corrupt {
        /// Where the audio came from.
        origin: Origin,
        /// What is wrong, in plain words (never audio content).
        detail: String,
    },

    /// Reading the file failed (missing file, no permission, disk error...).
    #[error("could not read {origin}: {source}")]
    Io {
        /// Where the audio came from (in practice always a file).
        origin: Origin,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },

    /// Converting the decoded audio to 16 kHz failed. This indicates a bug
    /// rather than a bad file; the detail comes from the resampler.
    #[error("could not convert {origin} to 16 kHz: {detail}")]
    Resample {
        /// Where the audio came from.
        origin: Origin,
        /// The resampler's description of the failure.
        detail: String,
    },
}

impl AudioError {
    /// The [`Origin`] of the audio the error is about.
    pub fn origin(&self) -> &Origin {
        match self {
            AudioError::Empty { origin }
            | AudioError::NotAudio { origin }
            | AudioError::Truncated { origin, .. }
            | AudioError::Unsupported { origin, .. }
            | AudioError::NoSamples { origin }
            | AudioError::BadSampleRate { origin, .. }
            | AudioError::BadChannels { origin, .. }
            | AudioError::TooLong { origin, .. }
            | AudioError::TooBig { origin, .. }
            | AudioError::Corrupt { origin, .. }
            | AudioError::Io { origin, .. }
            | AudioError::Resample { origin, .. } => origin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_when_a_path_is_known() {
        let err = AudioError::NotAudio {
            origin: Origin::File(PathBuf::from("/tmp/list.mp3")),
        };
        assert_eq!(
            err.to_string(),
            "the file \"/tmp/list.mp3\" is not a WAV or FLAC file"
        );
        let err = AudioError::Empty {
            origin: Origin::Memory,
        };
        assert_eq!(err.to_string(), "the recording is empty (0 bytes)");
    }

    #[test]
    fn too_long_message_gives_both_durations_in_seconds() {
        let err = AudioError::TooLong {
            origin: Origin::Memory,
            duration: Duration::from_millis(61_500),
            max: Duration::from_secs(30),
        };
        assert_eq!(
            err.to_string(),
            "the recording is too long: 61.5s of audio, the limit is 30.0s"
        );
    }

    #[test]
    fn rate_and_channel_messages_state_the_accepted_range() {
        let err = AudioError::BadSampleRate {
            origin: Origin::Memory,
            rate: 0,
        };
        assert!(err.to_string().contains("8000 to 192000 Hz"), "{err}");
        let err = AudioError::BadChannels {
            origin: Origin::Memory,
            channels: 0,
        };
        assert!(err.to_string().contains("1 to 32"), "{err}");
    }
}
