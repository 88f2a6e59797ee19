//! Robustness variants of a recording without re-recording it: added noise
//! at a chosen signal-to-noise ratio, faster or slower speech, louder or
//! quieter speech.
//!
//! Takes: an [`Augment`] (parsed from the CLI syntax `noise:SNR_DB[:white|pink|brown]`,
//! `speed:FACTOR`, `gain:DB`) and a clip's 16 kHz mono `f32` samples.
//! Produces: the variant's samples, plus a [`tag`](Augment::tag) for
//! reports (`aug:noise-10db-pink`) and an [`id_suffix`](Augment::id_suffix)
//! that keeps augmented case ids unique (`s-001+noise-10db-pink`).
//!
//! Pure, CPU-bound functions that run on the caller's thread (a speed
//! change, the costliest, takes milliseconds per second of audio).
//!
//! # Determinism
//!
//! The same input, augmentation and seed give bit-identical output on
//! every run and platform:
//! - the noise comes from [`ChaCha8Rng`] (a portable, value-stable
//!   generator seeded with [`SeedableRng::seed_from_u64`], never `StdRng`,
//!   whose algorithm may change between `rand` releases);
//! - the transcendental functions (`ln`, `cos`, `sin`, `pow`) come from the
//!   pure-Rust [`libm`] rather than the platform's C library, whose last bits
//!   differ between systems;
//! - sums run in a fixed order in `f64`, and Rust never fuses a multiply and
//!   an add behind our back.
//!
//! Speed changes resample with rubato's *scalar* sinc interpolator, driven
//! here sample by sample: rubato's ready-made resamplers pick AVX, SSE or
//! NEON kernels at run time, whose fused multiply-adds round differently
//! from one CPU to the next. The one thing left to the platform is the
//! `f64` `sin`/`cos` rubato uses once to build its filter table, which agree
//! on every mainstream platform in practice; speed takes no seed.
//!
//! # Tags and id suffixes
//!
//! `kind-VALUE[db][-colour]`: the value is the shortest decimal that reads
//! back as the same `f32` (`10`, `1.1`, `0.75`), a minus sign is spelt
//! `minus` so the tag is safe in file names and CSS classes, `db` follows a
//! decibel value, and noise always names its colour:
//!
//! | augmentation | [`tag`](Augment::tag) | [`id_suffix`](Augment::id_suffix) |
//! |---|---|---|
//! | `noise:10:pink` | `aug:noise-10db-pink` | `+noise-10db-pink` |
//! | `noise:-5` | `aug:noise-minus5db-white` | `+noise-minus5db-white` |
//! | `speed:1.1` | `aug:speed-1.1` | `+speed-1.1` |
//! | `gain:-6` | `aug:gain-minus6db` | `+gain-minus6db` |
//! | `gain:6` | `aug:gain-6db` | `+gain-6db` |
//!
//! Must never: panic on any input (empty clips, silence, out-of-range
//! parameters built by hand all come back as values or errors); draw
//! randomness from anything but the seed it is given; log the audio.

use std::fmt;
use std::str::FromStr;

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rubato::interpolation::{get_nearest_times_4, interp_cubic};
use rubato::sinc_interpolator::{ScalarInterpolator, SincInterpolator};
use rubato::{calculate_cutoff, WindowFunction};
use sha2::{Digest, Sha256};

/// The accepted syntax, shown in every parse error.
pub const SYNTAX: &str = "noise:SNR_DB[:white|pink|brown], speed:FACTOR or gain:DB";
const NOISE_SYNTAX: &str = "noise:SNR_DB[:white|pink|brown]";
const SPEED_SYNTAX: &str = "speed:FACTOR";
const GAIN_SYNTAX: &str = "gain:DB";

/// Lowest accepted signal-to-noise ratio, dB (noise ten times the speech power).
pub const MIN_SNR_DB: f32 = -10.0;
/// Highest accepted signal-to-noise ratio, dB (noise all but inaudible).
pub const MAX_SNR_DB: f32 = 60.0;
/// Slowest accepted speed factor (twice as long).
pub const MIN_SPEED: f32 = 0.5;
/// Fastest accepted speed factor (half as long).
pub const MAX_SPEED: f32 = 2.0;
/// Largest accepted gain, either way, dB.
pub const MAX_GAIN_DB: f32 = 40.0;

/// Noise level added to a silent clip (all samples zero), whose power gives
/// no reference for an SNR: an RMS of -60 dBFS (0.001), quiet but well
/// above the 16-bit floor, whatever SNR was asked for.
pub const SILENT_CLIP_NOISE_DBFS: f64 = -60.0;

/// Brown noise is leaky-integrated white noise; the leak puts its corner
/// here, below the speech band, so the noise does not wander into a
/// DC offset over a long clip. Above the corner the spectrum falls as 1/f².
pub const BROWN_CORNER_HZ: f64 = 20.0;

/// Samples the pink filter runs before its output is used: its slowest pole
/// needs about this long to forget the zero initial state (the filter
/// designer's T60 estimate).
const PINK_WARMUP: usize = 1430;

/// Pink (1/f) filter on white noise: Julius O. Smith's 3-pole, 3-zero
/// approximation ("Spectral Audio Signal Processing", *Example: Synthesis of
/// 1/f Noise*). Its response is within ±0.6 dB of 1/f from a thousandth of
/// the Nyquist frequency (8 Hz at 16 kHz) upwards, at any sample rate.
const PINK_B: [f64; 4] = [0.049922035, -0.095993537, 0.050612699, -0.004408786];
const PINK_A: [f64; 4] = [1.0, -2.494956002, 2.017265875, -0.522189400];

/// Length of rubato's windowed-sinc filter for speed changes (rubato's
/// recommended starting point).
const SINC_LEN: usize = 256;
/// Intermediate sinc phases between two input samples; positions in between
/// are interpolated cubically (rubato's default scheme).
const SINC_OVERSAMPLING: usize = 256;
const SINC_WINDOW: WindowFunction = WindowFunction::BlackmanHarris2;

/// The colour of added noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NoiseColor {
    /// Flat spectrum (equal power per hertz): hiss.
    #[default]
    White,
    /// 1/f spectrum (equal power per octave): rain, a busy room.
    Pink,
    /// 1/f² spectrum: rumble, traffic, a fan.
    Brown,
}

impl NoiseColor {
    /// The name used in the CLI syntax and in tags.
    pub fn as_str(self) -> &'static str {
        match self {
            NoiseColor::White => "white",
            NoiseColor::Pink => "pink",
            NoiseColor::Brown => "brown",
        }
    }
}

impl fmt::Display for NoiseColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One robustness variant of a recording.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Augment {
    /// Add noise so that signal power over noise power is `snr_db`.
    Noise {
        /// Signal-to-noise ratio, dB, in `MIN_SNR_DB..=MAX_SNR_DB`.
        snr_db: f32,
        /// The noise's spectrum.
        color: NoiseColor,
    },
    /// Play faster (> 1) or slower (< 1), tempo and pitch together like
    /// `sox speed`; factor in `MIN_SPEED..=MAX_SPEED`.
    Speed(f32),
    /// Amplify (> 0) or attenuate (< 0) by this many dB, clipping at full
    /// scale; at most `MAX_GAIN_DB` either way.
    Gain(f32),
}

/// Why an augmentation could not be parsed or applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AugmentError {
    /// Nothing was given.
    #[error("an empty augmentation; expected {SYNTAX}")]
    Empty,
    /// The part before the first `:` is not a known augmentation.
    #[error("unknown augmentation '{kind}'; expected {SYNTAX}")]
    UnknownKind {
        /// What was given.
        kind: String,
    },
    /// A kind without its value (`noise`, `speed:`).
    #[error("'{spec}' lacks a value; expected {syntax}")]
    MissingValue {
        /// The whole augmentation as given.
        spec: String,
        /// The syntax of that kind.
        syntax: &'static str,
    },
    /// More `:`-separated parts than the kind takes.
    #[error("'{extra}' in '{spec}' is one part too many; expected {syntax}")]
    TooManyParts {
        /// The whole augmentation as given.
        spec: String,
        /// The first part too many.
        extra: String,
        /// The syntax of that kind.
        syntax: &'static str,
    },
    /// A value that is not a finite number (`abc`, `inf`, `NaN`).
    #[error("{what} '{part}' is not a finite number; expected {syntax}")]
    NotANumber {
        /// Which value ("SNR", "speed factor", "gain").
        what: &'static str,
        /// The offending part.
        part: String,
        /// The syntax of that kind.
        syntax: &'static str,
    },
    /// A number outside the accepted range.
    #[error("{what} {value} is outside {range}; expected {syntax}")]
    OutOfRange {
        /// Which value ("SNR", "speed factor", "gain").
        what: &'static str,
        /// The value given.
        value: f32,
        /// The accepted range, in words.
        range: &'static str,
        /// The syntax of that kind.
        syntax: &'static str,
    },
    /// A noise colour other than white, pink or brown.
    #[error("unknown noise colour '{part}'; expected {NOISE_SYNTAX}")]
    UnknownColor {
        /// The offending part.
        part: String,
    },
    /// A sample rate of 0 Hz was passed to [`Augment::apply`].
    #[error("cannot augment audio with a sample rate of 0 Hz")]
    ZeroSampleRate,
}

impl Augment {
    /// Checks the parameters against the accepted ranges (the fields are
    /// public, so a hand-built value may be out of range).
    pub fn validate(&self) -> Result<(), AugmentError> {
        match *self {
            Augment::Noise { snr_db, .. } => check_range(
                "SNR",
                snr_db,
                MIN_SNR_DB,
                MAX_SNR_DB,
                "-10..=60 dB",
                NOISE_SYNTAX,
            ),
            Augment::Speed(factor) => check_range(
                "speed factor",
                factor,
                MIN_SPEED,
                MAX_SPEED,
                "0.5..=2",
                SPEED_SYNTAX,
            ),
            Augment::Gain(db) => check_range(
                "gain",
                db,
                -MAX_GAIN_DB,
                MAX_GAIN_DB,
                "-40..=40 dB",
                GAIN_SYNTAX,
            ),
        }
    }

    /// The report tag, `aug:` followed by the scheme in the module docs
    /// (`aug:noise-10db-pink`, `aug:speed-1.1`, `aug:gain-minus6db`).
    pub fn tag(&self) -> String {
        format!("aug:{}", self.slug())
    }

    /// What the runner appends to an augmented case's id:
    /// `+` followed by the scheme in the module docs (`+noise-10db-pink`).
    pub fn id_suffix(&self) -> String {
        format!("+{}", self.slug())
    }

    fn slug(&self) -> String {
        match *self {
            Augment::Noise { snr_db, color } => {
                format!("noise-{}db-{}", slug_number(snr_db), color)
            }
            Augment::Speed(factor) => format!("speed-{}", slug_number(factor)),
            Augment::Gain(db) => format!("gain-{}db", slug_number(db)),
        }
    }

    /// The augmented copy of `samples` (mono, `sample_rate` Hz, normally
    /// 16 kHz). `seed` drives the noise and nothing else; see the module
    /// docs for what stays bit-identical. Non-finite input samples are read
    /// as 0 and the input is clamped to `[-1, 1]`, like decoded audio.
    /// Empty input gives empty output.
    ///
    /// - Noise: white Gaussian noise, filtered for pink or brown, normalised
    ///   to unit power over the clip, then scaled so that the clip's power
    ///   (measured over the whole clip, pauses included) over the noise's
    ///   power is exactly the SNR; a silent clip gets noise at
    ///   [`SILENT_CLIP_NOISE_DBFS`]. Should speech plus noise exceed full
    ///   scale, the whole mix is scaled down to peak at 1.0 instead of
    ///   clipping, which keeps the SNR exact.
    /// - Speed: band-limited resampling as if the clip had been recorded at
    ///   `factor × sample_rate`; the output has `round(len / factor)`
    ///   samples, and a factor above 1 first filters out what would alias.
    /// - Gain: multiply by 10^(dB/20) and clip to `[-1, 1]`.
    pub fn apply(
        &self,
        samples: &[f32],
        sample_rate: u32,
        seed: u64,
    ) -> Result<Vec<f32>, AugmentError> {
        self.validate()?;
        if sample_rate == 0 {
            return Err(AugmentError::ZeroSampleRate);
        }
        if samples.is_empty() {
            return Ok(Vec::new());
        }
        let input: Vec<f64> = samples.iter().map(|&s| f64::from(sanitize(s))).collect();
        let output = match *self {
            Augment::Noise { snr_db, color } => {
                add_noise(&input, f64::from(snr_db), color, sample_rate, seed)
            }
            Augment::Speed(factor) => change_speed(&input, f64::from(factor)),
            Augment::Gain(db) => {
                let factor = db_to_amplitude(f64::from(db));
                input
                    .iter()
                    .map(|&s| (s * factor).clamp(-1.0, 1.0))
                    .collect()
            }
        };
        Ok(output.into_iter().map(|s| s as f32).collect())
    }
}

/// A stable per-case noise seed for the runner: the first 8 bytes of the
/// SHA-256 of the case id, little-endian. Every case gets its own noise,
/// the same on every run; the seed deliberately ignores the augmentation,
/// so `noise:0` and `noise:20` of one case differ only in level and the
/// pink and brown variants are filtered from the same white noise.
pub fn seed_for(case_id: &str) -> u64 {
    let digest = Sha256::digest(case_id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

impl FromStr for Augment {
    type Err = AugmentError;

    /// Parses `noise:SNR_DB[:white|pink|brown]`, `speed:FACTOR` or
    /// `gain:DB`. Kinds and colours are matched without regard to case,
    /// surrounding spaces are ignored, and decibel values may carry a `dB`
    /// suffix (`noise:10dB:pink`, `gain:-6db`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let spec = s.trim();
        if spec.is_empty() {
            return Err(AugmentError::Empty);
        }
        let mut parts = spec.split(':').map(str::trim);
        let kind = parts.next().unwrap_or_default().to_ascii_lowercase();
        let (syntax, max_parts) = match kind.as_str() {
            "noise" => (NOISE_SYNTAX, 2),
            "speed" => (SPEED_SYNTAX, 1),
            "gain" => (GAIN_SYNTAX, 1),
            _ => return Err(AugmentError::UnknownKind { kind }),
        };
        let values: Vec<&str> = parts.collect();
        let Some(&value) = values.first().filter(|v| !v.is_empty()) else {
            return Err(AugmentError::MissingValue {
                spec: spec.to_string(),
                syntax,
            });
        };
        if let Some(extra) = values.get(max_parts) {
            return Err(AugmentError::TooManyParts {
                spec: spec.to_string(),
                extra: (*extra).to_string(),
                syntax,
            });
        }
        let augment = match kind.as_str() {
            "noise" => {
                let color = match values.get(1).map(|c| c.to_ascii_lowercase()) {
                    None => NoiseColor::White,
                    Some(c) => match c.as_str() {
                        "white" => NoiseColor::White,
                        "pink" => NoiseColor::Pink,
                        "brown" => NoiseColor::Brown,
                        _ => {
                            return Err(AugmentError::UnknownColor {
                                part: values[1].to_string(),
                            })
                        }
                    },
                };
                Augment::Noise {
                    snr_db: parse_number("SNR", strip_db(value), value, syntax)?,
                    color,
                }
            }
            "speed" => Augment::Speed(parse_number("speed factor", value, value, syntax)?),
            _ => Augment::Gain(parse_number("gain", strip_db(value), value, syntax)?),
        };
        augment.validate()?;
        Ok(augment)
    }
}

impl fmt::Display for Augment {
    /// The canonical CLI syntax, which parses back to the same value
    /// (`noise:10:pink`, `speed:1.1`, `gain:-6`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Augment::Noise { snr_db, color } => write!(f, "noise:{}:{color}", plain(snr_db)),
            Augment::Speed(factor) => write!(f, "speed:{}", plain(factor)),
            Augment::Gain(db) => write!(f, "gain:{}", plain(db)),
        }
    }
}

fn check_range(
    what: &'static str,
    value: f32,
    min: f32,
    max: f32,
    range: &'static str,
    syntax: &'static str,
) -> Result<(), AugmentError> {
    if !value.is_finite() {
        return Err(AugmentError::NotANumber {
            what,
            part: value.to_string(),
            syntax,
        });
    }
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(AugmentError::OutOfRange {
            what,
            value,
            range,
            syntax,
        })
    }
}

/// `"10dB"` -> `"10"`; anything else unchanged.
fn strip_db(value: &str) -> &str {
    let n = value.len();
    if n >= 2 && value.is_char_boundary(n - 2) && value[n - 2..].eq_ignore_ascii_case("db") {
        value[..n - 2].trim_end()
    } else {
        value
    }
}

fn parse_number(
    what: &'static str,
    number: &str,
    part: &str,
    syntax: &'static str,
) -> Result<f32, AugmentError> {
    match number.parse::<f32>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(AugmentError::NotANumber {
            what,
            part: part.to_string(),
            syntax,
        }),
    }
}

/// The shortest decimal that reads back as `value`, with `-0` as `0`.
fn plain(value: f32) -> String {
    if value == 0.0 {
        "0".to_string()
    } else {
        value.to_string()
    }
}

/// [`plain`], with the minus sign spelt out.
fn slug_number(value: f32) -> String {
    let text = plain(value);
    match text.strip_prefix('-') {
        Some(magnitude) => format!("minus{magnitude}"),
        None => text,
    }
}

/// NaN as 0, everything else clamped to `[-1, 1]` (infinities too).
fn sanitize(x: f32) -> f32 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(-1.0, 1.0)
    }
}

fn db_to_amplitude(db: f64) -> f64 {
    libm::pow(10.0, db / 20.0)
}

fn mean_square(samples: &[f64]) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.iter().map(|&s| s * s).sum::<f64>() / samples.len() as f64
}

/// Standard normal samples by the Box–Muller transform, from 53-bit
/// uniforms, with `libm` for the transcendental functions.
struct Gaussian {
    rng: ChaCha8Rng,
    spare: Option<f64>,
}

impl Gaussian {
    fn new(seed: u64) -> Gaussian {
        Gaussian {
            rng: ChaCha8Rng::seed_from_u64(seed),
            spare: None,
        }
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    fn uniform(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn sample(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        // 1 - u is in (0, 1], so the logarithm is finite.
        let radius = libm::sqrt(-2.0 * libm::log(1.0 - self.uniform()));
        let angle = 2.0 * std::f64::consts::PI * self.uniform();
        self.spare = Some(radius * libm::sin(angle));
        radius * libm::cos(angle)
    }
}

/// `len` samples of noise of `color`, normalised to unit mean power.
fn noise(color: NoiseColor, len: usize, sample_rate: u32, seed: u64) -> Vec<f64> {
    let mut white = Gaussian::new(seed);
    let mut out = Vec::with_capacity(len);
    match color {
        NoiseColor::White => out.extend((0..len).map(|_| white.sample())),
        NoiseColor::Pink => {
            // Direct form I: x and y hold the last three inputs and outputs.
            let mut x = [0.0f64; 3];
            let mut y = [0.0f64; 3];
            for i in 0..PINK_WARMUP + len {
                let input = white.sample();
                let output =
                    PINK_B[0] * input + PINK_B[1] * x[0] + PINK_B[2] * x[1] + PINK_B[3] * x[2]
                        - PINK_A[1] * y[0]
                        - PINK_A[2] * y[1]
                        - PINK_A[3] * y[2];
                x = [input, x[0], x[1]];
                y = [output, y[0], y[1]];
                if i >= PINK_WARMUP {
                    out.push(output);
                }
            }
        }
        NoiseColor::Brown => {
            // y[n] = leak * y[n-1] + x[n]; 1 - leak ≈ 2π f_c / f_s.
            let leak = (1.0
                - 2.0 * std::f64::consts::PI * BROWN_CORNER_HZ / f64::from(sample_rate))
            .clamp(0.0, 0.9999);
            // Ten time constants forget the zero start.
            let warmup = (10.0 / (1.0 - leak)).ceil() as usize;
            let mut y = 0.0f64;
            for i in 0..warmup + len {
                y = leak * y + white.sample();
                if i >= warmup {
                    out.push(y);
                }
            }
        }
    }
    let power = mean_square(&out);
    if power > 0.0 {
        let scale = 1.0 / libm::sqrt(power);
        for s in &mut out {
            *s *= scale;
        }
    }
    out
}

fn add_noise(
    input: &[f64],
    snr_db: f64,
    color: NoiseColor,
    sample_rate: u32,
    seed: u64,
) -> Vec<f64> {
    let signal_power = mean_square(input);
    let noise_power = if signal_power > 0.0 {
        signal_power / libm::pow(10.0, snr_db / 10.0)
    } else {
        libm::pow(10.0, SILENT_CLIP_NOISE_DBFS / 10.0)
    };
    let noise_scale = libm::sqrt(noise_power);
    let mut mix: Vec<f64> = input
        .iter()
        .zip(noise(color, input.len(), sample_rate, seed))
        .map(|(&s, n)| s + noise_scale * n)
        .collect();
    let peak = mix.iter().fold(0.0f64, |m, &s| m.max(s.abs()));
    if peak > 1.0 {
        let scale = 1.0 / peak;
        for s in &mut mix {
            *s = (*s * scale).clamp(-1.0, 1.0);
        }
    }
    mix
}

/// Reads `input` at positions `0, factor, 2·factor, ...` through rubato's
/// scalar sinc interpolator (cubic between its precomputed phases, as in
/// rubato's own asynchronous resampler), so a factor of 1.1 plays the clip
/// 1.1 times as fast in `1/1.1` of the samples.
fn change_speed(input: &[f64], factor: f64) -> Vec<f64> {
    if factor == 1.0 {
        return input.to_vec();
    }
    let out_len = ((input.len() as f64 / factor).round() as usize).max(1);
    // Reading faster than one sample per sample is downsampling: lower the
    // cut-off below the new Nyquist frequency so nothing aliases.
    let cutoff = calculate_cutoff::<f32>(SINC_LEN, SINC_WINDOW) * (1.0 / factor).min(1.0) as f32;
    let interpolator =
        ScalarInterpolator::<f64>::new(SINC_LEN, SINC_OVERSAMPLING, cutoff, SINC_WINDOW);
    let points = interpolator.nbr_points();
    let phases = interpolator.nbr_sincs();
    // Zero padding on both sides keeps every filter window inside the
    // buffer: positions run from 0 to about len - 1 + factor / 2, and the
    // filter reaches `points / 2 + 2` samples either way.
    let pad = points + 4;
    let mut wave = vec![0.0f64; input.len() + 2 * pad];
    wave[pad..pad + input.len()].copy_from_slice(input);
    // rubato's convention: the interpolator evaluated at (index, phase)
    // gives the wave at index + points/2 - 1 + (phase + 1)/phases.
    let shift = pad as f64 - (points / 2) as f64 + 1.0 - 1.0 / phases as f64;
    let last_index = wave.len().saturating_sub(points + 1);
    let mut nearest = [(0isize, 0isize); 4];
    let mut values = [0.0f64; 4];
    (0..out_len)
        .map(|k| {
            let t = k as f64 * factor + shift;
            get_nearest_times_4(t, phases as isize, &mut nearest);
            for (value, &(index, phase)) in values.iter_mut().zip(&nearest) {
                // The padding makes the clamp a no-op; it is there so that
                // no arithmetic slip can ever reach rubato's bounds assert.
                let index = usize::try_from(index).unwrap_or(0).min(last_index);
                let phase = usize::try_from(phase).unwrap_or(0).min(phases - 1);
                *value = interpolator.get_sinc_interpolated(&wave, index, phase);
            }
            let scaled = t * phases as f64;
            interp_cubic(scaled - scaled.floor(), &values).clamp(-1.0, 1.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 16_000;

    fn sine(freq: f64, len: usize, amplitude: f64) -> Vec<f32> {
        (0..len)
            .map(|i| {
                (amplitude * (2.0 * std::f64::consts::PI * freq * i as f64 / f64::from(RATE)).sin())
                    as f32
            })
            .collect()
    }

    /// A speech-like test signal: two tones and a slow envelope with a pause.
    fn speechy(len: usize) -> Vec<f32> {
        let a = sine(220.0, len, 0.25);
        let b = sine(1_370.0, len, 0.1);
        (0..len)
            .map(|i| {
                let envelope = if (len / 3..len / 2).contains(&i) {
                    0.0
                } else {
                    1.0
                };
                envelope * (a[i] + b[i])
            })
            .collect()
    }

    fn power(samples: &[f32]) -> f64 {
        samples
            .iter()
            .map(|&s| f64::from(s) * f64::from(s))
            .sum::<f64>()
            / samples.len() as f64
    }

    fn db(ratio: f64) -> f64 {
        10.0 * ratio.log10()
    }

    fn bits(samples: &[f32]) -> Vec<u32> {
        samples.iter().map(|s| s.to_bits()).collect()
    }

    fn zero_crossings(samples: &[f32]) -> usize {
        samples
            .windows(2)
            .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
            .count()
    }

    fn parse(s: &str) -> Augment {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn parse_err(s: &str) -> String {
        match s.parse::<Augment>() {
            Ok(a) => panic!("{s} parsed as {a:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn good_specs_parse() {
        let cases = [
            (
                "noise:10",
                Augment::Noise {
                    snr_db: 10.0,
                    color: NoiseColor::White,
                },
            ),
            (
                "noise:10:pink",
                Augment::Noise {
                    snr_db: 10.0,
                    color: NoiseColor::Pink,
                },
            ),
            (
                "noise:-5:brown",
                Augment::Noise {
                    snr_db: -5.0,
                    color: NoiseColor::Brown,
                },
            ),
            (
                "noise:20dB:white",
                Augment::Noise {
                    snr_db: 20.0,
                    color: NoiseColor::White,
                },
            ),
            (
                " Noise : 0 : PINK ",
                Augment::Noise {
                    snr_db: 0.0,
                    color: NoiseColor::Pink,
                },
            ),
            (
                "noise:60",
                Augment::Noise {
                    snr_db: 60.0,
                    color: NoiseColor::White,
                },
            ),
            (
                "noise:-10",
                Augment::Noise {
                    snr_db: -10.0,
                    color: NoiseColor::White,
                },
            ),
            ("speed:1.1", Augment::Speed(1.1)),
            ("speed:0.5", Augment::Speed(0.5)),
            ("speed:2", Augment::Speed(2.0)),
            ("gain:-6", Augment::Gain(-6.0)),
            ("gain:+6db", Augment::Gain(6.0)),
            ("gain:40", Augment::Gain(40.0)),
            ("gain:-40", Augment::Gain(-40.0)),
        ];
        for (spec, want) in cases {
            assert_eq!(parse(spec), want, "{spec}");
        }
    }

    #[test]
    fn bad_specs_name_the_bad_part_and_show_the_syntax() {
        let cases = [
            ("", "empty"),
            ("echo:3", "'echo'"),
            ("noise", "'noise' lacks a value"),
            ("speed:", "'speed:' lacks a value"),
            ("noise:loud", "SNR 'loud' is not a finite number"),
            ("noise:10:purple", "colour 'purple'"),
            ("noise:10:pink:extra", "'extra' in 'noise:10:pink:extra'"),
            ("speed:1.1:2", "'2' in 'speed:1.1:2'"),
            ("speed:fast", "speed factor 'fast'"),
            ("speed:NaN", "speed factor 'NaN' is not a finite number"),
            ("gain:inf", "gain 'inf' is not a finite number"),
            ("gain:-infdb", "gain '-infdb' is not a finite number"),
            ("speed:2.5", "speed factor 2.5 is outside 0.5..=2"),
            ("speed:0.4", "speed factor 0.4 is outside"),
            ("gain:41", "gain 41 is outside -40..=40 dB"),
            ("gain:-40.5", "gain -40.5 is outside"),
            ("noise:61", "SNR 61 is outside -10..=60 dB"),
            ("noise:-11:pink", "SNR -11 is outside"),
        ];
        for (spec, fragment) in cases {
            let message = parse_err(spec);
            assert!(message.contains(fragment), "{spec}: {message}");
            let kind = spec.split(':').next().unwrap_or_default();
            let syntax = match kind {
                "noise" => NOISE_SYNTAX,
                "speed" => SPEED_SYNTAX,
                "gain" => GAIN_SYNTAX,
                _ => SYNTAX,
            };
            assert!(message.contains(syntax), "{spec}: {message}");
        }
    }

    #[test]
    fn display_is_canonical_and_parses_back() {
        for spec in [
            "noise:10:pink",
            "noise:-2.5:brown",
            "speed:1.1",
            "gain:-6",
            "gain:0",
        ] {
            let augment = parse(spec);
            assert_eq!(augment.to_string(), spec);
            assert_eq!(parse(&augment.to_string()), augment);
        }
        assert_eq!(parse("noise:10").to_string(), "noise:10:white");
        assert_eq!(parse("gain:-0").to_string(), "gain:0");
    }

    #[test]
    fn tags_and_id_suffixes_follow_the_documented_scheme() {
        let cases = [
            ("noise:10:pink", "aug:noise-10db-pink", "+noise-10db-pink"),
            ("noise:10.0", "aug:noise-10db-white", "+noise-10db-white"),
            (
                "noise:-5",
                "aug:noise-minus5db-white",
                "+noise-minus5db-white",
            ),
            ("speed:1.1", "aug:speed-1.1", "+speed-1.1"),
            ("speed:0.75", "aug:speed-0.75", "+speed-0.75"),
            ("gain:-6", "aug:gain-minus6db", "+gain-minus6db"),
            ("gain:6dB", "aug:gain-6db", "+gain-6db"),
            ("gain:-0", "aug:gain-0db", "+gain-0db"),
        ];
        for (spec, tag, suffix) in cases {
            let augment = parse(spec);
            assert_eq!(augment.tag(), tag, "{spec}");
            assert_eq!(augment.id_suffix(), suffix, "{spec}");
        }
    }

    #[test]
    fn hand_built_out_of_range_values_are_refused_by_apply() {
        let clip = sine(440.0, 1600, 0.5);
        for augment in [
            Augment::Speed(10.0),
            Augment::Speed(f32::NAN),
            Augment::Gain(-100.0),
            Augment::Noise {
                snr_db: f32::INFINITY,
                color: NoiseColor::Pink,
            },
        ] {
            assert!(augment.apply(&clip, RATE, 1).is_err(), "{augment:?}");
        }
        assert_eq!(
            Augment::Gain(1.0).apply(&clip, 0, 1),
            Err(AugmentError::ZeroSampleRate)
        );
    }

    #[test]
    fn empty_input_gives_empty_output() {
        for spec in [
            "noise:0:white",
            "noise:0:pink",
            "noise:0:brown",
            "speed:0.5",
            "speed:2",
            "gain:6",
        ] {
            assert_eq!(parse(spec).apply(&[], RATE, 7), Ok(Vec::new()), "{spec}");
        }
    }

    #[test]
    fn tiny_and_odd_inputs_never_panic() {
        let odd = [f32::NAN, f32::INFINITY, -3.0, 0.5];
        for spec in [
            "noise:-10:white",
            "noise:60:pink",
            "noise:0:brown",
            "speed:0.5",
            "speed:2",
            "speed:1.37",
            "gain:40",
        ] {
            let augment = parse(spec);
            for len in 1..=odd.len() {
                let out = augment.apply(&odd[..len], RATE, 3).unwrap();
                assert!(
                    out.iter().all(|s| s.is_finite() && s.abs() <= 1.0),
                    "{spec}: {out:?}"
                );
            }
            // A very low sample rate must not break the filters either.
            assert!(augment.apply(&odd, 1, 3).is_ok(), "{spec}");
        }
    }

    #[test]
    fn same_seed_gives_the_same_bits_and_another_seed_other_noise() {
        let clip = speechy(8_000);
        for color in [NoiseColor::White, NoiseColor::Pink, NoiseColor::Brown] {
            let augment = Augment::Noise { snr_db: 5.0, color };
            let a = augment.apply(&clip, RATE, 42).unwrap();
            let b = augment.apply(&clip, RATE, 42).unwrap();
            let c = augment.apply(&clip, RATE, 43).unwrap();
            assert_eq!(bits(&a), bits(&b), "{color}");
            let differing = a.iter().zip(&c).filter(|(x, y)| x != y).count();
            assert!(
                differing > a.len() * 9 / 10,
                "{color}: {differing} samples differ"
            );
        }
        let speed = Augment::Speed(1.1);
        assert_eq!(
            bits(&speed.apply(&clip, RATE, 1).unwrap()),
            bits(&speed.apply(&clip, RATE, 2).unwrap())
        );
    }

    /// Pins the noise itself: a change here (a new ChaCha or libm release
    /// that altered values, or another platform) would silently change
    /// every noisy suite result, so it must fail loudly instead.
    #[test]
    fn noise_is_bit_identical_to_the_recorded_values() {
        let clip = speechy(4_000);
        let mut hasher = Sha256::new();
        for color in [NoiseColor::White, NoiseColor::Pink, NoiseColor::Brown] {
            let out = Augment::Noise { snr_db: 3.0, color }
                .apply(&clip, RATE, 2024)
                .unwrap();
            for s in out {
                hasher.update(s.to_le_bytes());
            }
        }
        let gain = Augment::Gain(-7.5).apply(&clip, RATE, 0).unwrap();
        for s in gain {
            hasher.update(s.to_le_bytes());
        }
        let digest: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            digest,
            "16ec6eed27eccecc676ee4c79839cc3c8e4f17d438e2fa555a70a14b7293d5c4"
        );
    }

    #[test]
    fn measured_snr_matches_the_request_for_every_colour() {
        // Quiet enough that even -10 dB SNR stays below full scale, so the
        // difference between output and input is exactly the noise.
        let clip: Vec<f32> = speechy(16_000).iter().map(|s| s * 0.2).collect();
        let signal = power(&clip);
        for color in [NoiseColor::White, NoiseColor::Pink, NoiseColor::Brown] {
            for snr_db in [-10.0f32, 0.0, 10.0, 30.0, 60.0] {
                let out = Augment::Noise { snr_db, color }
                    .apply(&clip, RATE, 9)
                    .unwrap();
                assert_eq!(out.len(), clip.len());
                let noise: Vec<f32> = out.iter().zip(&clip).map(|(o, c)| o - c).collect();
                let measured = db(signal / power(&noise));
                assert!(
                    (measured - f64::from(snr_db)).abs() < 0.5,
                    "{color} at {snr_db} dB measured {measured:.3} dB"
                );
            }
        }
    }

    #[test]
    fn a_mix_above_full_scale_is_scaled_down_whole_keeping_the_snr() {
        let clip = speechy(16_000);
        let input: Vec<f64> = clip.iter().map(|&s| f64::from(s)).collect();
        for color in [NoiseColor::White, NoiseColor::Pink, NoiseColor::Brown] {
            let out = Augment::Noise {
                snr_db: -10.0,
                color,
            }
            .apply(&clip, RATE, 9)
            .unwrap();
            let peak = out.iter().fold(0.0f32, |m, &s| m.max(s.abs()));
            assert!((peak - 1.0).abs() < 1e-6, "{color}: peak {peak}");
            // out = g * (signal + k * noise) with one g for the whole clip.
            let k = (mean_square(&input) * 10.0).sqrt();
            let unscaled: Vec<f64> = input
                .iter()
                .zip(noise(color, input.len(), RATE, 9))
                .map(|(s, n)| s + k * n)
                .collect();
            let g = 1.0 / unscaled.iter().fold(0.0f64, |m, &s| m.max(s.abs()));
            assert!(g < 1.0);
            for (o, u) in out.iter().zip(&unscaled) {
                assert!((f64::from(*o) - g * u).abs() < 1e-6, "{color}");
            }
        }
    }

    #[test]
    fn a_silent_clip_gets_noise_at_the_documented_level() {
        let silence = vec![0.0f32; 16_000];
        for color in [NoiseColor::White, NoiseColor::Pink, NoiseColor::Brown] {
            let out = Augment::Noise {
                snr_db: 10.0,
                color,
            }
            .apply(&silence, RATE, 5)
            .unwrap();
            let level = db(power(&out));
            assert!(
                (level - SILENT_CLIP_NOISE_DBFS).abs() < 0.01,
                "{color}: {level} dBFS"
            );
        }
    }

    /// Energy of the first difference over energy of the signal: 2 for
    /// white noise, less the more the power sits at low frequencies.
    fn difference_ratio(samples: &[f32]) -> f64 {
        let diff: Vec<f32> = samples.windows(2).map(|w| w[1] - w[0]).collect();
        power(&diff) / power(&samples[1..])
    }

    #[test]
    fn pink_and_brown_noise_tilt_towards_low_frequencies() {
        let silence = vec![0.0f32; 32_000];
        let ratio = |color| {
            difference_ratio(
                &Augment::Noise { snr_db: 0.0, color }
                    .apply(&silence, RATE, 11)
                    .unwrap(),
            )
        };
        let (white, pink, brown) = (
            ratio(NoiseColor::White),
            ratio(NoiseColor::Pink),
            ratio(NoiseColor::Brown),
        );
        assert!((white - 2.0).abs() < 0.05, "white {white}");
        assert!(pink < 0.7 * white && pink > 0.2, "pink {pink}");
        assert!(brown < 0.2 * pink, "brown {brown}, pink {pink}");
    }

    #[test]
    fn speed_changes_length_and_pitch_by_the_factor() {
        let clip = sine(500.0, 16_000, 0.5);
        for factor in [0.5f32, 0.8, 1.1, 1.25, 2.0] {
            let out = Augment::Speed(factor).apply(&clip, RATE, 0).unwrap();
            let want_len = (16_000.0 / f64::from(factor)).round() as usize;
            assert_eq!(out.len(), want_len, "speed {factor}");
            // 500 Hz for 1 s crosses zero 1000 times; played `factor` times
            // faster it crosses 1000·factor times per second, in 1/factor s.
            let zc = zero_crossings(&out);
            assert!(
                zc.abs_diff(1000) <= 3,
                "speed {factor}: {zc} zero crossings"
            );
            let middle = &out[out.len() / 4..out.len() * 3 / 4];
            let peak = middle.iter().fold(0.0f32, |m, &s| m.max(s.abs()));
            assert!((peak - 0.5).abs() < 0.01, "speed {factor}: peak {peak}");
        }
        assert_eq!(Augment::Speed(1.0).apply(&clip, RATE, 0).unwrap(), clip);
    }

    #[test]
    fn speed_reads_the_input_at_multiples_of_the_factor() {
        let clip = sine(300.0, 8_000, 0.5);
        let slow = Augment::Speed(0.5).apply(&clip, RATE, 0).unwrap();
        let fast = Augment::Speed(2.0).apply(&clip, RATE, 0).unwrap();
        for k in 1_000..3_000 {
            assert!((slow[2 * k] - clip[k]).abs() < 2e-3, "slow {k}");
            assert!((fast[k] - clip[2 * k]).abs() < 2e-3, "fast {k}");
        }
    }

    #[test]
    fn speeding_up_filters_what_would_alias() {
        // 6 kHz played twice as fast would be 12 kHz, above the 8 kHz
        // Nyquist frequency: it must vanish, not fold back to 4 kHz.
        let clip = sine(6_000.0, 16_000, 0.5);
        let out = Augment::Speed(2.0).apply(&clip, RATE, 0).unwrap();
        let level = db(power(&out[500..7_500]));
        assert!(level < -50.0, "aliased tone at {level} dBFS");
    }

    #[test]
    fn gain_changes_the_level_by_the_requested_decibels_and_clips() {
        let clip = speechy(16_000);
        for gain in [-40.0f32, -6.0, -0.5, 3.0, 6.0] {
            let out = Augment::Gain(gain).apply(&clip, RATE, 0).unwrap();
            let measured = db(power(&out) / power(&clip));
            assert!(
                (measured - f64::from(gain)).abs() < 0.01,
                "gain {gain}: {measured}"
            );
        }
        let loud = Augment::Gain(20.0).apply(&clip, RATE, 0).unwrap();
        assert!(loud.iter().all(|s| s.abs() <= 1.0));
        assert!(loud.contains(&1.0) && loud.contains(&-1.0));
    }

    #[test]
    fn seed_for_is_stable_and_distinguishes_cases() {
        assert_eq!(seed_for("s-001"), seed_for("s-001"));
        assert_ne!(seed_for("s-001"), seed_for("s-002"));
        // SHA-256("") begins e3 b0 c4 42 98 fc 1c 14.
        assert_eq!(seed_for(""), 0x141c_fc98_42c4_b0e3);
    }
}
