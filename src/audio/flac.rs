//! FLAC: the STREAMINFO block is validated here, then symphonia's FLAC
//! reader and decoder do the work. Packet timestamps are checked so that a
//! damaged frame the reader skipped becomes an error, not a silent gap.

use std::io::{Read, Seek, SeekFrom};

use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSource, MediaSourceStream, MediaSourceStreamOptions};
use symphonia::default::formats::FlacReader;

use super::convert::{io_error, read_up_to, MonoSink};
use super::{
    frames_to_duration, max_frames_for, AudioError, Container, DecodeLimits, Decoded, Origin,
    SampleFormat, SourceInfo, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE,
};

/// Length of the STREAMINFO block body.
const STREAMINFO_LEN: usize = 34;

/// What the STREAMINFO block declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StreamInfo {
    sample_rate: u32,
    channels: u16,
    bits_per_sample: u16,
    /// Total frames, `None` when the encoder did not know (0 in the file).
    total_frames: Option<u64>,
}

/// Decodes a FLAC stream of `len` bytes (already sniffed as `fLaC`).
pub(crate) fn decode<'a, S: MediaSource + 'a>(
    mut src: S,
    len: u64,
    limits: &DecodeLimits,
    origin: &Origin,
) -> Result<Decoded, AudioError> {
    let info = read_stream_info(&mut src, len, origin)?;
    let rate = info.sample_rate;
    let max_frames = max_frames_for(limits.max_duration, rate);
    let too_long = |frames: u64| AudioError::TooLong {
        origin: origin.clone(),
        duration: frames_to_duration(frames.max(info.total_frames.unwrap_or(0)), rate),
        max: limits.max_duration,
    };

    let mss = MediaSourceStream::new(Box::new(src), MediaSourceStreamOptions::default());
    let mut reader = FlacReader::try_new(mss, FormatOptions::default()).map_err(|e| {
        symphonia_error(
            origin,
            e,
            "the file ends in the FLAC header or before its first audio frame",
        )
    })?;
    let track = reader
        .default_track(TrackType::Audio)
        .ok_or_else(|| corrupt(origin, "no audio stream"))?;
    let track_id = track.id;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .cloned()
        .ok_or_else(|| corrupt(origin, "no audio stream parameters"))?;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&params, &AudioDecoderOptions::default())
        .map_err(|e| symphonia_error(origin, e, "the FLAC header ends early"))?;

    // No pre-allocation from the declared length: FLAC headers can claim
    // billions of samples in a tiny file.
    let mut sink = MonoSink::new(max_frames, None);
    // Frame timestamp the next packet must start at; a jump means the reader
    // skipped data it could not parse. (The first packet sets it: a stream
    // cut from a longer one may not start at 0.)
    let mut expected_pts: Option<u64> = None;
    // A packet that failed to decode. Fine if it was the last one (the file
    // was cut inside it), an error if more audio follows.
    let mut damaged: Option<String> = None;
    let mut ended_early = false;
    loop {
        let packet = match reader.next_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) => break,
            Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                ended_early = true;
                break;
            }
            Err(e) => return Err(symphonia_error(origin, e, "the audio data is cut short")),
        };
        if packet.track_id != track_id {
            continue;
        }
        if let Some(detail) = damaged.take() {
            return Err(corrupt(origin, &detail));
        }
        let pts = u64::try_from(packet.pts.get()).unwrap_or(u64::MAX);
        if expected_pts.is_some_and(|expected| expected != pts) {
            return Err(corrupt(origin, "part of the audio data is damaged"));
        }
        match decoder.decode(&packet) {
            Ok(buf) => {
                if buf.spec().rate() != rate {
                    return Err(corrupt(origin, "the sample rate changes mid-stream"));
                }
                let frames = buf.frames() as u64;
                sink.push(&buf)
                    .map_err(|e| too_long(e.frames_so_far + frames))?;
                expected_pts = Some(pts.saturating_add(frames));
            }
            Err(SymphoniaError::DecodeError(msg)) => damaged = Some(msg.to_string()),
            Err(SymphoniaError::IoError(e)) => damaged = Some(e.to_string()),
            Err(e) => return Err(symphonia_error(origin, e, "the audio data is cut short")),
        }
    }

    let frames = sink.frames();
    let truncated =
        ended_early || damaged.is_some() || info.total_frames.is_some_and(|total| frames < total);
    if frames == 0 {
        return Err(if truncated {
            AudioError::Truncated {
                origin: origin.clone(),
                what: "the audio data is missing",
            }
        } else {
            AudioError::NoSamples {
                origin: origin.clone(),
            }
        });
    }
    if truncated {
        tracing::debug!(
            %origin,
            declared_frames = info.total_frames,
            decoded_frames = frames,
            "FLAC data ends before its header says"
        );
    }

    Ok(Decoded {
        mono: sink.into_samples(),
        info: SourceInfo {
            container: Container::Flac,
            codec: "FLAC",
            sample_format: SampleFormat::Int,
            bits_per_sample: info.bits_per_sample,
            sample_rate: rate,
            channels: info.channels,
            frames,
        },
        truncated,
    })
}

/// Reads and validates the mandatory first metadata block, STREAMINFO, then
/// rewinds. Checks what the decoder library would otherwise trust.
fn read_stream_info<S: Read + Seek>(
    src: &mut S,
    len: u64,
    origin: &Origin,
) -> Result<StreamInfo, AudioError> {
    let mut head = [0u8; 8 + STREAMINFO_LEN];
    let got = read_up_to(src, &mut head).map_err(|e| io_error(origin, e))?;
    src.seek(SeekFrom::Start(0))
        .map_err(|e| io_error(origin, e))?;
    if got < head.len() || len < head.len() as u64 {
        return Err(AudioError::Truncated {
            origin: origin.clone(),
            what: "the FLAC header ends early",
        });
    }
    // head[0..4] is "fLaC"; then the block header: last-block flag and
    // 7-bit type, 24-bit big-endian length.
    let block_type = head[4] & 0x7F;
    let block_len = u32::from_be_bytes([0, head[5], head[6], head[7]]);
    if block_type != 0 || block_len as usize != STREAMINFO_LEN {
        return Err(corrupt(origin, "the FLAC stream information is missing"));
    }
    let si = &head[8..];
    // Bytes 10..18: sample rate (20 bits), channels - 1 (3 bits),
    // bits per sample - 1 (5 bits), total samples (36 bits).
    let packed = u64::from_be_bytes([
        si[10], si[11], si[12], si[13], si[14], si[15], si[16], si[17],
    ]);
    let sample_rate = (packed >> 44) as u32;
    let channels = ((packed >> 41) & 0x7) as u16 + 1;
    let bits_per_sample = ((packed >> 36) & 0x1F) as u16 + 1;
    let total = packed & 0xF_FFFF_FFFF;

    if !(MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&sample_rate) {
        return Err(AudioError::BadSampleRate {
            origin: origin.clone(),
            rate: sample_rate,
        });
    }
    if bits_per_sample < 4 {
        return Err(corrupt(origin, "it declares fewer than 4 bits per sample"));
    }
    Ok(StreamInfo {
        sample_rate,
        channels,
        bits_per_sample,
        total_frames: (total > 0).then_some(total),
    })
}

fn corrupt(origin: &Origin, detail: &str) -> AudioError {
    AudioError::Corrupt {
        origin: origin.clone(),
        detail: detail.to_string(),
    }
}

/// Maps a symphonia error; `eof_what` says what an unexpected end means here.
fn symphonia_error(origin: &Origin, e: SymphoniaError, eof_what: &'static str) -> AudioError {
    match e {
        SymphoniaError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            AudioError::Truncated {
                origin: origin.clone(),
                what: eof_what,
            }
        }
        SymphoniaError::IoError(io) => io_error(origin, io),
        SymphoniaError::Unsupported(what) => AudioError::Unsupported {
            origin: origin.clone(),
            what: what.to_string(),
        },
        other => corrupt(origin, &other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::audio::test_support::*;

    const TONE: &str = "tone_440hz_48k_stereo_1500ms.flac";

    /// Offset of the first audio frame: after the last metadata block.
    fn end_of_metadata(bytes: &[u8]) -> usize {
        let mut pos = 4;
        loop {
            let header = &bytes[pos..pos + 4];
            let len = u32::from_be_bytes([0, header[1], header[2], header[3]]) as usize;
            pos += 4 + len;
            if header[0] & 0x80 != 0 {
                return pos;
            }
        }
    }

    fn decode_flac(bytes: &[u8], limits: &DecodeLimits) -> Result<Decoded, AudioError> {
        decode(
            Cursor::new(bytes),
            bytes.len() as u64,
            limits,
            &Origin::Memory,
        )
    }

    #[test]
    fn stream_info_of_the_fixture_is_read() {
        let bytes = fixture(TONE);
        let info = read_stream_info(
            &mut Cursor::new(&bytes[..]),
            bytes.len() as u64,
            &Origin::Memory,
        )
        .unwrap();
        assert_eq!(
            info,
            StreamInfo {
                sample_rate: 48_000,
                channels: 2,
                bits_per_sample: 16,
                total_frames: Some(72_000),
            }
        );
    }

    #[test]
    fn flac_fixture_decodes_to_mono_at_the_source_rate() {
        let decoded = decode_flac(&fixture(TONE), &DecodeLimits::default()).unwrap();
        assert_eq!(decoded.mono.len(), 72_000);
        assert_eq!(decoded.info.frames, 72_000);
        assert!(!decoded.truncated);
        // 440 Hz for 1.5 s: 1320 zero crossings; sox wrote it at half scale.
        assert!(zero_crossings(&decoded.mono).abs_diff(1320) <= 2);
        assert!((peak(&decoded.mono) - 0.5).abs() < 0.01);
    }

    #[test]
    fn flac_cut_short_keeps_the_complete_frames_and_is_flagged() {
        let bytes = fixture(TONE);
        let cut = &bytes[..bytes.len() * 2 / 3];
        let decoded = decode_flac(cut, &DecodeLimits::default()).unwrap();
        assert!(decoded.truncated);
        assert!(decoded.mono.len() > 30_000 && decoded.mono.len() < 72_000);
        assert!((peak(&decoded.mono) - 0.5).abs() < 0.01);
    }

    #[test]
    fn flac_cut_inside_the_header_is_truncated() {
        let bytes = fixture(TONE);
        for len in [5, 20, 41] {
            assert!(
                matches!(
                    decode_flac(&bytes[..len], &DecodeLimits::default()),
                    Err(AudioError::Truncated { .. })
                ),
                "{len}"
            );
        }
    }

    #[test]
    fn flac_cut_right_after_the_metadata_is_truncated() {
        // The first frame starts after the metadata blocks; keep only those.
        let bytes = fixture(TONE);
        let first_frame = end_of_metadata(&bytes);
        assert!(matches!(
            decode_flac(&bytes[..first_frame], &DecodeLimits::default()),
            Err(AudioError::Truncated { .. })
        ));
    }

    #[test]
    fn flac_with_a_damaged_frame_in_the_middle_is_corrupt_not_a_silent_gap() {
        let mut bytes = fixture(TONE);
        let middle = bytes.len() / 2;
        for b in &mut bytes[middle..middle + 64] {
            *b ^= 0x5A;
        }
        assert!(matches!(
            decode_flac(&bytes, &DecodeLimits::default()),
            Err(AudioError::Corrupt { .. })
        ));
    }

    #[test]
    fn flac_longer_than_the_limit_stops_early_with_too_long() {
        let limits = DecodeLimits {
            max_duration: std::time::Duration::from_millis(500),
            ..DecodeLimits::default()
        };
        match decode_flac(&fixture(TONE), &limits) {
            Err(AudioError::TooLong { duration, max, .. }) => {
                // STREAMINFO declares the full length, so that is reported.
                assert_eq!(duration, std::time::Duration::from_millis(1500));
                assert_eq!(max, limits.max_duration);
            }
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("1.5 s accepted with a 0.5 s limit"),
        }
    }

    #[test]
    fn flac_with_absurd_stream_info_rate_is_refused_before_decoding() {
        for rate in [0u32, 1, 4_000, 655_350, 0xF_FFFF] {
            let mut bytes = fixture(TONE);
            // Sample rate: the top 20 bits of STREAMINFO bytes 10..13.
            let si = 8;
            bytes[si + 10] = (rate >> 12) as u8;
            bytes[si + 11] = (rate >> 4) as u8;
            bytes[si + 12] = (bytes[si + 12] & 0x0F) | ((rate & 0xF) as u8) << 4;
            match decode_flac(&bytes, &DecodeLimits::default()) {
                Err(AudioError::BadSampleRate { rate: r, .. }) => assert_eq!(r, rate),
                other => panic!("{rate}: {:?}", other.map(|d| d.info)),
            }
        }
    }

    #[test]
    fn flac_without_stream_info_first_is_corrupt() {
        let mut bytes = fixture(TONE);
        bytes[4] = (bytes[4] & 0x80) | 4; // claim the first block is a comment
        assert!(matches!(
            decode_flac(&bytes, &DecodeLimits::default()),
            Err(AudioError::Corrupt { .. })
        ));
    }

    #[test]
    fn flac_header_followed_by_megabytes_of_garbage_ends_quickly() {
        let bytes = fixture(TONE);
        let first_frame = end_of_metadata(&bytes);
        // Pseudo-random bytes, and a run of false frame sync codes.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let noise = (0..4_000_000).map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        });
        for garbage in [noise.collect::<Vec<u8>>(), [0xFF, 0xF8].repeat(2_000_000)] {
            let mut hostile = bytes[..first_frame].to_vec();
            hostile.extend_from_slice(&garbage);
            let start = std::time::Instant::now();
            let result = decode_flac(&hostile, &DecodeLimits::default());
            let elapsed = start.elapsed();
            assert!(elapsed < std::time::Duration::from_secs(5), "{elapsed:?}");
            assert!(
                matches!(result, Err(AudioError::Truncated { .. })),
                "{:?}",
                result.map(|d| d.info)
            );
        }
    }
}
