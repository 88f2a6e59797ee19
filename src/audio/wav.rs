//! WAV: the RIFF container is walked and validated here; the samples are
//! converted by symphonia's PCM decoder.
//!
//! Both hound and symphonia's own WAV reader trust header fields more than
//! hostile input deserves (overflowing arithmetic on channel counts,
//! refusing or misreading odd-sized chunks, refusing a data size larger
//! than the RIFF size), and neither lets a cut-short file be decoded up to
//! where it really ends. So the container is parsed here, every size is
//! checked against the real input length, and only validated PCM bytes
//! are handed to the decoder, a packet at a time.

use std::io::{Read, Seek, SeekFrom};

use symphonia::core::audio::Channels;
use symphonia::core::codecs::audio::well_known::{
    CODEC_ID_PCM_ALAW, CODEC_ID_PCM_F32LE, CODEC_ID_PCM_F64LE, CODEC_ID_PCM_MULAW,
    CODEC_ID_PCM_S16LE, CODEC_ID_PCM_S24LE, CODEC_ID_PCM_S32LE, CODEC_ID_PCM_U8,
};
use symphonia::core::codecs::audio::{AudioCodecId, AudioCodecParameters, AudioDecoderOptions};
use symphonia::core::packet::PacketRef;
use symphonia::core::units::{Duration as TbDuration, Timestamp};

use super::convert::{io_error, MonoSink};
use super::{
    frames_to_duration, max_frames_for, AudioError, Container, DecodeLimits, Decoded, Origin,
    SampleFormat, SourceInfo, MAX_CHANNELS, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE,
};

/// Frames handed to the PCM decoder at a time.
const PACKET_FRAMES: u64 = 4096;

/// Chunks allowed before the data chunk. Real files have a handful
/// (fmt, fact, LIST, bext, JUNK...); a long run of tiny chunks is junk, and
/// walking it chunk by chunk from disk would be slow.
const MAX_CHUNKS_BEFORE_DATA: u32 = 1024;

/// Bytes of the fmt chunk looked at (WAVE_FORMAT_EXTENSIBLE is 40 bytes;
/// anything beyond is skipped).
const FMT_BYTES_USED: u32 = 40;

const WAVE_FORMAT_PCM: u16 = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT: u16 = 0x0003;
const WAVE_FORMAT_ALAW: u16 = 0x0006;
const WAVE_FORMAT_MULAW: u16 = 0x0007;
const WAVE_FORMAT_EXTENSIBLE: u16 = 0xFFFE;

/// Bytes 2..16 shared by the standard `KSDATAFORMAT_SUBTYPE_*` GUIDs; bytes
/// 0..2 hold the format code (1 = PCM, 3 = float...).
const KSDATAFORMAT_GUID_TAIL: [u8; 14] = [
    0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
];

/// How samples are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    /// Little-endian integer in a container of this many bits (8 is unsigned).
    Int(u16),
    /// Little-endian IEEE float of this many bits (32 or 64).
    Float(u16),
    ALaw,
    MuLaw,
}

/// The validated fmt chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WavFormat {
    encoding: Encoding,
    channels: u16,
    sample_rate: u32,
    /// Meaningful bits per sample (<= the container size).
    valid_bits: u16,
}

impl WavFormat {
    fn bytes_per_sample(&self) -> u64 {
        match self.encoding {
            Encoding::Int(bits) | Encoding::Float(bits) => u64::from(bits / 8),
            Encoding::ALaw | Encoding::MuLaw => 1,
        }
    }

    fn frame_bytes(&self) -> u64 {
        self.bytes_per_sample() * u64::from(self.channels)
    }

    fn codec_id(&self) -> AudioCodecId {
        match self.encoding {
            Encoding::Int(8) => CODEC_ID_PCM_U8,
            Encoding::Int(16) => CODEC_ID_PCM_S16LE,
            Encoding::Int(24) => CODEC_ID_PCM_S24LE,
            Encoding::Int(_) => CODEC_ID_PCM_S32LE,
            Encoding::Float(32) => CODEC_ID_PCM_F32LE,
            Encoding::Float(_) => CODEC_ID_PCM_F64LE,
            Encoding::ALaw => CODEC_ID_PCM_ALAW,
            Encoding::MuLaw => CODEC_ID_PCM_MULAW,
        }
    }

    fn codec_name(&self) -> &'static str {
        match self.encoding {
            Encoding::Int(8) => "8-bit unsigned integer PCM",
            Encoding::Int(16) => "16-bit integer PCM",
            Encoding::Int(24) => "24-bit integer PCM",
            Encoding::Int(_) => "32-bit integer PCM",
            Encoding::Float(32) => "32-bit float PCM",
            Encoding::Float(_) => "64-bit float PCM",
            Encoding::ALaw => "A-law",
            Encoding::MuLaw => "µ-law",
        }
    }

    fn sample_format(&self) -> SampleFormat {
        match self.encoding {
            Encoding::Int(_) => SampleFormat::Int,
            Encoding::Float(_) => SampleFormat::Float,
            Encoding::ALaw => SampleFormat::ALaw,
            Encoding::MuLaw => SampleFormat::MuLaw,
        }
    }
}

/// Where the audio is, once the header has been validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WavLayout {
    format: WavFormat,
    /// Offset of the first audio byte.
    data_start: u64,
    /// Audio bytes actually present and to be decoded.
    data_len: u64,
    /// The data chunk's declared size (`None` for the "unknown" marker
    /// `0xFFFF_FFFF` written by streaming encoders).
    declared_len: Option<u32>,
    /// The declared size is larger than what the input holds.
    truncated: bool,
}

/// Decodes a WAV stream of `len` bytes (already sniffed as `RIFF....WAVE`).
pub(crate) fn decode<S: Read + Seek>(
    mut src: S,
    len: u64,
    limits: &DecodeLimits,
    origin: &Origin,
) -> Result<Decoded, AudioError> {
    let layout = parse_layout(&mut src, len, origin)?;
    let format = layout.format;
    let frame_bytes = format.frame_bytes();
    let frames = layout.data_len / frame_bytes;

    if frames == 0 {
        return Err(if layout.truncated {
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
    if layout.truncated {
        tracing::debug!(
            %origin,
            declared_bytes = layout.declared_len.map(u64::from),
            present_bytes = layout.data_len,
            "WAV data is shorter than its header says"
        );
    }

    // The real length is known before decoding: refuse long files without
    // reading their audio.
    let max_frames = max_frames_for(limits.max_duration, format.sample_rate);
    if frames > max_frames {
        return Err(AudioError::TooLong {
            origin: origin.clone(),
            duration: frames_to_duration(frames, format.sample_rate),
            max: limits.max_duration,
        });
    }

    let mut params = AudioCodecParameters::new();
    params
        .for_codec(format.codec_id())
        .with_sample_rate(format.sample_rate)
        .with_channels(Channels::Discrete(format.channels))
        .with_max_frames_per_packet(PACKET_FRAMES);
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&params, &AudioDecoderOptions::default())
        .map_err(|e| AudioError::Unsupported {
            origin: origin.clone(),
            what: format!("{} ({e})", format.codec_name()),
        })?;

    src.seek(SeekFrom::Start(layout.data_start))
        .map_err(|e| io_error(origin, e))?;
    let mut sink = MonoSink::new(max_frames, Some(frames));
    let mut packet = Vec::new();
    let mut done: u64 = 0;
    while done < frames {
        let n = (frames - done).min(PACKET_FRAMES);
        // n * frame_bytes <= 4096 * 32 * 8 bytes, so this is a small buffer.
        let n_bytes = usize::try_from(n * frame_bytes).map_err(|_| AudioError::Corrupt {
            origin: origin.clone(),
            detail: "packet size overflow".to_string(),
        })?;
        packet.resize(n_bytes, 0);
        src.read_exact(&mut packet)
            .map_err(|e| io_error(origin, e))?;
        let pts = Timestamp::from(i64::try_from(done).unwrap_or(i64::MAX));
        let buf = decoder
            .decode_ref(&PacketRef::new(0, pts, TbDuration::from(n), &packet))
            .map_err(|e| AudioError::Corrupt {
                origin: origin.clone(),
                detail: e.to_string(),
            })?;
        sink.push(&buf).map_err(|_| AudioError::TooLong {
            origin: origin.clone(),
            duration: frames_to_duration(frames, format.sample_rate),
            max: limits.max_duration,
        })?;
        done += n;
    }

    Ok(Decoded {
        mono: sink.into_samples(),
        info: SourceInfo {
            container: Container::Wav,
            codec: format.codec_name(),
            sample_format: format.sample_format(),
            bits_per_sample: format.valid_bits,
            sample_rate: format.sample_rate,
            channels: format.channels,
            frames,
        },
        truncated: layout.truncated,
    })
}

/// Walks the RIFF chunks up to the data chunk, checking every size against
/// the real input length `len`. Reads only chunk headers and the fmt chunk.
fn parse_layout<S: Read + Seek>(
    src: &mut S,
    len: u64,
    origin: &Origin,
) -> Result<WavLayout, AudioError> {
    let truncated = |what| AudioError::Truncated {
        origin: origin.clone(),
        what,
    };
    let corrupt = |detail: &str| AudioError::Corrupt {
        origin: origin.clone(),
        detail: detail.to_string(),
    };

    // "RIFF", size, "WAVE" were checked by the sniffer. The RIFF size is
    // ignored: it is often wrong, and the real length is known.
    let mut pos: u64 = 12;
    let mut format: Option<WavFormat> = None;
    let mut chunks = 0u32;
    loop {
        if pos.saturating_add(8) > len {
            return Err(truncated(if format.is_none() {
                "the WAV header ends before the format description"
            } else {
                "the WAV header ends before the audio data"
            }));
        }
        chunks += 1;
        if chunks > MAX_CHUNKS_BEFORE_DATA {
            return Err(corrupt("too many chunks before the audio data"));
        }
        let mut header = [0u8; 8];
        src.seek(SeekFrom::Start(pos))
            .map_err(|e| io_error(origin, e))?;
        src.read_exact(&mut header)
            .map_err(|e| io_error(origin, e))?;
        let id = [header[0], header[1], header[2], header[3]];
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let body = pos + 8;

        match &id {
            b"fmt " => {
                if format.is_some() {
                    return Err(corrupt("it has two format descriptions"));
                }
                if size < 16 {
                    return Err(corrupt("the format description is too short"));
                }
                let used = size.min(FMT_BYTES_USED);
                if body + u64::from(used) > len {
                    return Err(truncated(
                        "the WAV header ends inside the format description",
                    ));
                }
                let mut fmt = [0u8; FMT_BYTES_USED as usize];
                let fmt = &mut fmt[..used as usize];
                src.read_exact(fmt).map_err(|e| io_error(origin, e))?;
                format = Some(parse_fmt(fmt, origin)?);
            }
            b"data" => {
                let Some(format) = format else {
                    return Err(corrupt(
                        "the audio data comes before the format description",
                    ));
                };
                let present = len - body;
                let declared_len = (size != u32::MAX).then_some(size);
                let (data_len, truncated) = match declared_len {
                    Some(declared) if u64::from(declared) <= present => {
                        (u64::from(declared), false)
                    }
                    Some(_) => (present, true),
                    // Streaming writers that never learnt the length: read to the end.
                    None => (present, false),
                };
                return Ok(WavLayout {
                    format,
                    data_start: body,
                    data_len,
                    declared_len,
                    truncated,
                });
            }
            _ => {}
        }
        // Chunks are padded to an even size.
        pos = body + u64::from(size) + u64::from(size & 1);
    }
}

/// Validates the fmt chunk body (16 to 40 bytes).
fn parse_fmt(fmt: &[u8], origin: &Origin) -> Result<WavFormat, AudioError> {
    let u16_at = |i: usize| u16::from_le_bytes([fmt[i], fmt[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes([fmt[i], fmt[i + 1], fmt[i + 2], fmt[i + 3]]);
    let unsupported = |what: String| AudioError::Unsupported {
        origin: origin.clone(),
        what,
    };
    let corrupt = |detail: &str| AudioError::Corrupt {
        origin: origin.clone(),
        detail: detail.to_string(),
    };

    let tag = u16_at(0);
    let channels = u16_at(2);
    let sample_rate = u32_at(4);
    let block_align = u16_at(12);
    let bits = u16_at(14);

    let (code, valid_bits) = if tag == WAVE_FORMAT_EXTENSIBLE {
        if fmt.len() < 40 {
            return Err(corrupt("the extensible format description is too short"));
        }
        if fmt[26..40] != KSDATAFORMAT_GUID_TAIL {
            return Err(unsupported(
                "an unknown WAVE_FORMAT_EXTENSIBLE sub-format".to_string(),
            ));
        }
        (u16_at(24), u16_at(18))
    } else {
        (tag, bits)
    };

    let encoding = match code {
        WAVE_FORMAT_PCM => match bits {
            8 | 16 | 24 | 32 => Encoding::Int(bits),
            0 => return Err(corrupt("it declares 0 bits per sample")),
            other => return Err(unsupported(format!("{other}-bit integer samples"))),
        },
        WAVE_FORMAT_IEEE_FLOAT => match bits {
            32 | 64 => Encoding::Float(bits),
            other => return Err(unsupported(format!("{other}-bit float samples"))),
        },
        WAVE_FORMAT_ALAW if bits == 8 => Encoding::ALaw,
        WAVE_FORMAT_MULAW if bits == 8 => Encoding::MuLaw,
        WAVE_FORMAT_ALAW | WAVE_FORMAT_MULAW => {
            return Err(corrupt("A-law and µ-law samples must be 8 bits"))
        }
        other => return Err(unsupported(format_code_name(other))),
    };

    if channels == 0 || u32::from(channels) > MAX_CHANNELS {
        return Err(AudioError::BadChannels {
            origin: origin.clone(),
            channels: u32::from(channels),
        });
    }
    if !(MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&sample_rate) {
        return Err(AudioError::BadSampleRate {
            origin: origin.clone(),
            rate: sample_rate,
        });
    }

    let format = WavFormat {
        encoding,
        channels,
        sample_rate,
        // 0 or more than the container is a sloppy writer: use the container.
        valid_bits: if valid_bits == 0 || valid_bits > bits {
            bits
        } else {
            valid_bits
        },
    };
    if u64::from(block_align) != format.frame_bytes() {
        // Frequent in the wild and harmless: the frame size follows from
        // the sample size and channel count.
        tracing::debug!(
            block_align,
            expected = format.frame_bytes(),
            "WAV block align disagrees with the format; using the computed frame size"
        );
    }
    Ok(format)
}

/// A plain-words name for a WAV format code that is not decoded.
fn format_code_name(code: u16) -> String {
    let name = match code {
        0x0002 => "Microsoft ADPCM compression",
        0x0011 => "IMA ADPCM compression",
        0x0031 => "GSM 6.10 compression",
        0x0050 => "MPEG audio compression",
        0x0055 => "MP3 compression",
        0x00FF | 0x1610 => "AAC compression",
        0x0161..=0x0163 => "Windows Media Audio compression",
        0x2000 => "AC-3 compression",
        _ => return format!("WAV format code 0x{code:04X}"),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::time::Duration;

    use super::*;
    use crate::audio::test_support::*;

    fn layout_of(bytes: &[u8]) -> Result<WavLayout, AudioError> {
        parse_layout(&mut Cursor::new(bytes), bytes.len() as u64, &Origin::Memory)
    }

    fn decode_wav(bytes: &[u8]) -> Result<Decoded, AudioError> {
        decode(
            Cursor::new(bytes),
            bytes.len() as u64,
            &DecodeLimits::default(),
            &Origin::Memory,
        )
    }

    #[test]
    fn layout_finds_data_after_skipping_odd_sized_chunks_with_padding() {
        let data = pcm16_bytes(&[0.0; 10]);
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 16)),
            chunk(b"LIST", b"INFOabc"), // 7 bytes + 1 pad byte
            chunk(b"data", &data),
        ]);
        let layout = layout_of(&bytes).unwrap();
        assert_eq!(layout.data_len, 20);
        assert!(!layout.truncated);
        assert_eq!(&bytes[layout.data_start as usize..], &data[..]);
    }

    #[test]
    fn data_size_claiming_gigabytes_is_clamped_to_what_is_present() {
        let data = pcm16_bytes(&sine(440.0, 16_000, 800, 0.5));
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 16)),
            chunk_declaring(b"data", 0xF000_0000, &data),
        ]);
        let layout = layout_of(&bytes).unwrap();
        assert_eq!(layout.data_len, 1600);
        assert!(layout.truncated);
        let decoded = decode_wav(&bytes).unwrap();
        assert_eq!(decoded.mono.len(), 800);
        assert!(decoded.truncated);
    }

    #[test]
    fn streaming_unknown_data_size_reads_to_the_end_without_flagging_truncation() {
        let data = pcm16_bytes(&[0.25; 100]);
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 16)),
            chunk_declaring(b"data", u32::MAX, &data),
        ]);
        let decoded = decode_wav(&bytes).unwrap();
        assert_eq!(decoded.mono.len(), 100);
        assert!(!decoded.truncated);
    }

    #[test]
    fn declared_data_smaller_than_the_rest_of_the_file_ignores_trailing_chunks() {
        let data = pcm16_bytes(&[0.25; 100]);
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 16)),
            chunk(b"data", &data),
            chunk(b"LIST", b"INFOtrailing metadata"),
        ]);
        let decoded = decode_wav(&bytes).unwrap();
        assert_eq!(decoded.mono.len(), 100);
        assert!(decoded.mono.iter().all(|&s| (s - 0.25).abs() < 1e-3));
    }

    #[test]
    fn a_partial_last_frame_is_dropped() {
        let mut data = pcm16_bytes(&[0.5, 0.5, 0.5, 0.5]);
        data.push(0x12); // half a sample
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 2, 16_000, 16)),
            chunk(b"data", &data),
        ]);
        assert_eq!(decode_wav(&bytes).unwrap().mono.len(), 2);
    }

    #[test]
    fn header_without_data_chunk_is_truncated() {
        let bytes = riff_wave(&[chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 16))]);
        assert!(matches!(
            layout_of(&bytes),
            Err(AudioError::Truncated { .. })
        ));
    }

    #[test]
    fn data_chunk_before_fmt_is_corrupt() {
        let bytes = riff_wave(&[
            chunk(b"data", &[0, 0]),
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 16)),
        ]);
        assert!(matches!(layout_of(&bytes), Err(AudioError::Corrupt { .. })));
    }

    #[test]
    fn too_many_chunks_before_data_is_refused_quickly() {
        let mut chunks = vec![chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 16))];
        chunks.extend((0..2000).map(|_| chunk(b"junk", &[])));
        chunks.push(chunk(b"data", &[0, 0]));
        let bytes = riff_wave(&chunks);
        assert!(matches!(layout_of(&bytes), Err(AudioError::Corrupt { .. })));
    }

    #[test]
    fn a_skipped_chunk_claiming_gigabytes_is_truncated_not_a_huge_read() {
        let mut junk = chunk(b"junk", &[1, 2, 3, 4]);
        junk[4..8].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 16)),
            junk,
            chunk(b"data", &[0, 0]),
        ]);
        assert!(matches!(
            layout_of(&bytes),
            Err(AudioError::Truncated { .. })
        ));
    }

    #[test]
    fn extensible_with_unknown_guid_is_unsupported() {
        let mut body = fmt_extensible_body(KSDATAFORMAT_PCM_CODE, 2, 16_000, 16, 16);
        body[30] ^= 0xFF;
        let bytes = riff_wave(&[chunk(b"fmt ", &body), chunk(b"data", &[0; 8])]);
        assert!(matches!(
            layout_of(&bytes),
            Err(AudioError::Unsupported { .. })
        ));
    }

    #[test]
    fn compressed_wav_formats_are_unsupported_and_named() {
        for (code, name) in [(0x0002u16, "ADPCM"), (0x0055, "MP3"), (0x1234, "0x1234")] {
            let bytes = riff_wave(&[
                chunk(b"fmt ", &fmt_body(code, 1, 16_000, 4)),
                chunk(b"data", &[0; 8]),
            ]);
            match layout_of(&bytes) {
                Err(AudioError::Unsupported { what, .. }) => assert!(what.contains(name), "{what}"),
                other => panic!("0x{code:04x}: {other:?}"),
            }
        }
    }

    #[test]
    fn odd_integer_widths_are_unsupported_and_zero_bits_is_corrupt() {
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 12)),
            chunk(b"data", &[0; 8]),
        ]);
        assert!(
            matches!(layout_of(&bytes), Err(AudioError::Unsupported { what, .. }) if what.contains("12-bit"))
        );
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 0)),
            chunk(b"data", &[0; 8]),
        ]);
        assert!(matches!(layout_of(&bytes), Err(AudioError::Corrupt { .. })));
    }

    #[test]
    fn plain_24_bit_and_plain_float_headers_decode() {
        // hound writes these as WAVE_FORMAT_EXTENSIBLE; build the plain forms by hand.
        let tone = sine(440.0, 16_000, 1600, 0.5);
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 16_000, 24)),
            chunk(b"data", &pcm24_bytes(&tone)),
        ]);
        let decoded = decode_wav(&bytes).unwrap();
        assert_eq!(decoded.info.codec, "24-bit integer PCM");
        assert_close(&decoded.mono, &tone, 1e-4);

        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_IEEE_FLOAT, 1, 16_000, 32)),
            chunk(b"data", &f32_bytes(&tone)),
        ]);
        let decoded = decode_wav(&bytes).unwrap();
        assert_eq!(decoded.info.sample_format, SampleFormat::Float);
        assert_close(&decoded.mono, &tone, 1e-6);
    }

    #[test]
    fn float_64_decodes() {
        let tone = sine(440.0, 8_000, 800, 0.5);
        let data: Vec<u8> = tone
            .iter()
            .flat_map(|&s| f64::from(s).to_le_bytes())
            .collect();
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_IEEE_FLOAT, 1, 8_000, 64)),
            chunk(b"data", &data),
        ]);
        let decoded = decode_wav(&bytes).unwrap();
        assert_eq!(decoded.info.codec, "64-bit float PCM");
        assert_close(&decoded.mono, &tone, 1e-6);
    }

    #[test]
    fn alaw_mulaw_and_unsigned_8_bit_files_made_by_sox_decode() {
        // 0.25 s of a 440 Hz sine at half scale, see tests/fixtures/audio/README.md.
        for (name, rate, codec) in [
            ("tone_440hz_8k_alaw.wav", 8_000, "A-law"),
            ("tone_440hz_8k_mulaw.wav", 8_000, "µ-law"),
            (
                "tone_440hz_11k_u8.wav",
                11_025,
                "8-bit unsigned integer PCM",
            ),
        ] {
            let bytes = fixture(name);
            let decoded = decode_wav(&bytes).unwrap();
            assert_eq!(decoded.info.codec, codec);
            assert_eq!(decoded.info.sample_rate, rate);
            assert_eq!(decoded.mono.len() as u32, rate / 4, "{name}");
            // 440 Hz for 0.25 s: 220 zero crossings.
            let zc = zero_crossings(&decoded.mono);
            assert!(zc.abs_diff(220) <= 2, "{name}: {zc}");
            let peak = decoded.mono.iter().fold(0.0f32, |m, &s| m.max(s.abs()));
            assert!((peak - 0.5).abs() < 0.03, "{name}: peak {peak}");
        }
    }

    #[test]
    fn extensible_24_bits_in_32_bit_containers_decode() {
        let tone = sine(440.0, 16_000, 1600, 0.5);
        let bytes = riff_wave(&[
            chunk(
                b"fmt ",
                &fmt_extensible_body(KSDATAFORMAT_PCM_CODE, 1, 16_000, 32, 24),
            ),
            chunk(b"data", &pcm32_bytes(&tone)),
        ]);
        let decoded = decode_wav(&bytes).unwrap();
        assert_eq!(decoded.info.bits_per_sample, 24);
        assert_close(&decoded.mono, &tone, 1e-4);
    }

    #[test]
    fn float_nan_and_out_of_range_samples_are_made_safe() {
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_IEEE_FLOAT, 1, 16_000, 32)),
            chunk(
                b"data",
                &f32_bytes(&[f32::NAN, 2.0, -3.0, f32::INFINITY, 0.5]),
            ),
        ]);
        let decoded = decode_wav(&bytes).unwrap();
        assert_eq!(decoded.mono, vec![0.0, 1.0, -1.0, 1.0, 0.5]);
    }

    #[test]
    fn too_long_is_judged_on_the_data_present_not_the_declared_size() {
        // One hour declared, 16 samples present: fine, and flagged.
        let data = pcm16_bytes(&[0.0; 16]);
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 8_000, 16)),
            chunk_declaring(b"data", 8_000 * 3600 * 2, &data),
        ]);
        let decoded = decode_wav(&bytes).unwrap();
        assert_eq!(decoded.mono.len(), 16);
        assert!(decoded.truncated);
    }

    #[test]
    fn too_long_is_refused_from_the_header_before_reading_samples() {
        let data = vec![0u8; 8_000 * 31 * 2];
        let bytes = riff_wave(&[
            chunk(b"fmt ", &fmt_body(WAVE_FORMAT_PCM, 1, 8_000, 16)),
            chunk(b"data", &data),
        ]);
        let mut reader = CountingReader::new(&bytes);
        let result = decode(
            &mut reader,
            bytes.len() as u64,
            &DecodeLimits::default(),
            &Origin::Memory,
        );
        match result {
            Err(AudioError::TooLong { duration, max, .. }) => {
                assert_eq!(duration, Duration::from_secs(31));
                assert_eq!(max, Duration::from_secs(30));
            }
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("31 s accepted"),
        }
        assert!(
            reader.bytes_read() < 100,
            "read {} bytes",
            reader.bytes_read()
        );
    }
}
