//! Test helpers: synthetic tones, WAV files written with hound, hand-built
//! (and deliberately broken) RIFF headers, fixture loading.

use std::f32::consts::PI;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::PathBuf;

/// `frames` samples of a sine of `freq` Hz at `rate` Hz, peak `amp`, phase 0.
pub(crate) fn sine(freq: f32, rate: u32, frames: usize, amp: f32) -> Vec<f32> {
    (0..frames)
        .map(|i| amp * (2.0 * PI * freq * i as f32 / rate as f32).sin())
        .collect()
}

/// Sign changes, ignoring exact zeros (a sine of f Hz over t s has ~2·f·t).
pub(crate) fn zero_crossings(samples: &[f32]) -> usize {
    let mut last = 0.0f32;
    let mut count = 0;
    for &s in samples {
        if s == 0.0 {
            continue;
        }
        if last != 0.0 && (s > 0.0) != (last > 0.0) {
            count += 1;
        }
        last = s;
    }
    count
}

/// Peak absolute value.
pub(crate) fn peak(samples: &[f32]) -> f32 {
    samples.iter().fold(0.0f32, |m, &s| m.max(s.abs()))
}

/// Root mean square.
pub(crate) fn rms(samples: &[f32]) -> f32 {
    if samples.is_empty() {
        return 0.0;
    }
    (samples.iter().map(|&s| s * s).sum::<f32>() / samples.len() as f32).sqrt()
}

/// Asserts equal length and every sample within `tolerance`. Reports only
/// an index, never dumps the buffers.
pub(crate) fn assert_close(actual: &[f32], expected: &[f32], tolerance: f32) {
    assert_eq!(actual.len(), expected.len(), "length differs");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tolerance,
            "sample {i} off by {}",
            (a - e).abs()
        );
    }
}

/// Sample encodings hound can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pcm {
    I16,
    I24,
    I32,
    F32,
}

impl Pcm {
    pub(crate) const ALL: [Pcm; 4] = [Pcm::I16, Pcm::I24, Pcm::I32, Pcm::F32];
}

/// A WAV file written by hound: `channels` channels at `rate` Hz, channel
/// `c` of frame `i` is `frame(i, c)` (in [-1, 1]).
pub(crate) fn hound_wav(
    channels: u16,
    rate: u32,
    pcm: Pcm,
    frames: usize,
    frame: impl Fn(usize, u16) -> f32,
) -> Vec<u8> {
    let (bits, format) = match pcm {
        Pcm::I16 => (16, hound::SampleFormat::Int),
        Pcm::I24 => (24, hound::SampleFormat::Int),
        Pcm::I32 => (32, hound::SampleFormat::Int),
        Pcm::F32 => (32, hound::SampleFormat::Float),
    };
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format: format,
    };
    let mut out = Cursor::new(Vec::new());
    {
        let mut writer = hound::WavWriter::new(&mut out, spec).unwrap();
        for i in 0..frames {
            for c in 0..channels {
                let x = frame(i, c).clamp(-1.0, 1.0);
                match pcm {
                    Pcm::I16 => writer.write_sample((x * 32767.0).round() as i16),
                    Pcm::I24 => writer.write_sample((x * 8_388_607.0).round() as i32),
                    Pcm::I32 => {
                        writer.write_sample((f64::from(x) * 2_147_483_647.0).round() as i32)
                    }
                    Pcm::F32 => writer.write_sample(x),
                }
                .unwrap();
            }
        }
        writer.finalize().unwrap();
    }
    out.into_inner()
}

/// A tone of `freq` Hz at half scale on every channel.
pub(crate) fn tone_wav(channels: u16, rate: u32, pcm: Pcm, frames: usize, freq: f32) -> Vec<u8> {
    let tone = sine(freq, rate, frames, 0.5);
    hound_wav(channels, rate, pcm, frames, |i, _| tone[i])
}

/// A RIFF chunk with its real size, padded to even length.
pub(crate) fn chunk(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
    chunk_declaring(id, body.len() as u32, body)
}

/// A chunk whose size field says `declared` whatever the body length.
pub(crate) fn chunk_declaring(id: &[u8; 4], declared: u32, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 9);
    out.extend_from_slice(id);
    out.extend_from_slice(&declared.to_le_bytes());
    out.extend_from_slice(body);
    if body.len() % 2 == 1 && declared as usize == body.len() {
        out.push(0);
    }
    out
}

/// `RIFF <size> WAVE` followed by the chunks.
pub(crate) fn riff_wave(chunks: &[Vec<u8>]) -> Vec<u8> {
    let body_len: usize = chunks.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(body_len + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&((body_len + 4) as u32).to_le_bytes());
    out.extend_from_slice(b"WAVE");
    for c in chunks {
        out.extend_from_slice(c);
    }
    out
}

/// A 16-byte WAVEFORMAT body with consistent block align and byte rate.
pub(crate) fn fmt_body(tag: u16, channels: u16, rate: u32, bits: u16) -> Vec<u8> {
    let block_align = channels.wrapping_mul(bits.div_ceil(8));
    let mut out = Vec::with_capacity(16);
    out.extend_from_slice(&tag.to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&rate.wrapping_mul(u32::from(block_align)).to_le_bytes());
    out.extend_from_slice(&block_align.to_le_bytes());
    out.extend_from_slice(&bits.to_le_bytes());
    out
}

/// Sub-format code of KSDATAFORMAT_SUBTYPE_PCM.
pub(crate) const KSDATAFORMAT_PCM_CODE: u16 = 1;

/// A 40-byte WAVE_FORMAT_EXTENSIBLE body with a standard sub-format GUID.
pub(crate) fn fmt_extensible_body(
    code: u16,
    channels: u16,
    rate: u32,
    container_bits: u16,
    valid_bits: u16,
) -> Vec<u8> {
    let mut out = fmt_body(0xFFFE, channels, rate, container_bits);
    out.extend_from_slice(&22u16.to_le_bytes());
    out.extend_from_slice(&valid_bits.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // channel mask: unspecified
    out.extend_from_slice(&code.to_le_bytes());
    out.extend_from_slice(&[
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ]);
    out
}

/// Little-endian signed 16-bit samples.
pub(crate) fn pcm16_bytes(samples: &[f32]) -> Vec<u8> {
    samples
        .iter()
        .flat_map(|&s| ((s * 32767.0).round() as i16).to_le_bytes())
        .collect()
}

/// Little-endian signed 24-bit samples.
pub(crate) fn pcm24_bytes(samples: &[f32]) -> Vec<u8> {
    samples
        .iter()
        .flat_map(|&s| {
            let v = ((s * 8_388_607.0).round() as i32).to_le_bytes();
            [v[0], v[1], v[2]]
        })
        .collect()
}

/// Little-endian signed 32-bit samples.
pub(crate) fn pcm32_bytes(samples: &[f32]) -> Vec<u8> {
    samples
        .iter()
        .flat_map(|&s| ((f64::from(s) * 2_147_483_647.0).round() as i32).to_le_bytes())
        .collect()
}

/// Little-endian 32-bit float samples (written as given, NaN included).
pub(crate) fn f32_bytes(samples: &[f32]) -> Vec<u8> {
    samples.iter().flat_map(|&s| s.to_le_bytes()).collect()
}

/// Path of a file under `tests/fixtures/audio/`.
pub(crate) fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/audio")
        .join(name)
}

/// Bytes of a file under `tests/fixtures/audio/`.
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

/// A seekable in-memory reader that counts the bytes actually read.
pub(crate) struct CountingReader<'a> {
    inner: Cursor<&'a [u8]>,
    read: u64,
}

impl<'a> CountingReader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        CountingReader {
            inner: Cursor::new(bytes),
            read: 0,
        }
    }

    pub(crate) fn bytes_read(&self) -> u64 {
        self.read
    }
}

impl Read for CountingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl Seek for CountingReader<'_> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}
