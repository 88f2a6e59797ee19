//! The short-utterance mode's decisions, as pure functions.
//!
//! whisper.cpp encodes a fixed 30 s window (1500 encoder frames of 20 ms)
//! however short the audio is, so a two-second command costs as much as
//! thirty seconds of speech. This module decides how large an encoder window
//! an utterance gets, how many tokens its decode may produce, and whether a
//! decode went into a repetition loop (the failure a shrunken window causes),
//! in which case the caller decodes again with the full window.
//!
//! Takes: durations and decoded words. Produces: [`WindowPlan`] and loop
//! verdicts. Must never: touch audio, the model or the clock; everything
//! here is deterministic and unit-tested.

use std::time::Duration;

/// Encoder frames in whisper's full 30 s window.
pub const FULL_WINDOW_FRAMES: u32 = 1500;

/// Encoder frames per second of audio (one frame is 20 ms).
pub const FRAMES_PER_SECOND: f64 = 50.0;

/// The smallest window the short mode uses (5.12 s). Measured on the
/// bundled and the held-out recordings (README "Performance"): with 256
/// frames the word error rate was no worse than the full window's (better,
/// in fact), about one decode in five looped and was caught, and a 1 to 3 s
/// command decoded in under 150 ms on 2 cores.
pub const MIN_SHORT_WINDOW_FRAMES: u32 = 256;

/// The window a distrusted short decode is retried with before the full
/// window (10.24 s): no decode looped at this size in the measurements,
/// and it costs about a quarter of the full window.
pub const RETRY_WINDOW_FRAMES: u32 = 512;

/// Silence the window keeps after the end of the audio, in frames (1.28 s).
/// The model was trained on speech followed by padding, and a window that
/// ends right at the last word makes it invent a continuation.
pub const WINDOW_MARGIN_FRAMES: u32 = 64;

/// Window sizes are rounded up to a multiple of this (whisper.cpp pads its
/// cross-attention to 256; 64 keeps the graph shapes few).
pub const WINDOW_GRANULE_FRAMES: u32 = 64;

/// Tokens a second of speech may produce, with headroom: fast speech is about
/// 3.5 words (4.5 tokens) a second.
pub const TOKENS_PER_SECOND: f64 = 7.0;

/// Tokens every decode may produce on top of the per-second budget.
pub const TOKEN_BUDGET_BASE: u32 = 10;

/// Faster than anyone speaks, in words a second; a transcript denser than
/// this over the audio's duration is a loop.
pub const MAX_WORDS_PER_SECOND: f64 = 5.0;

/// How one decode pass is configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowPlan {
    /// Encoder frames (`audio_ctx`); [`FULL_WINDOW_FRAMES`] is the full window.
    pub audio_ctx: u32,
    /// The most tokens the decode may produce (0 = whisper's own limit).
    pub max_tokens: u32,
}

impl WindowPlan {
    /// The full 30 s window with no token cap beyond the duration budget.
    pub fn full(duration: Duration) -> WindowPlan {
        WindowPlan {
            audio_ctx: FULL_WINDOW_FRAMES,
            max_tokens: token_budget(duration),
        }
    }

    /// The plan to retry with after this one was not trusted:
    /// [`RETRY_WINDOW_FRAMES`] after a smaller window, else the full window;
    /// `None` after the full window.
    pub fn retry(&self, duration: Duration) -> Option<WindowPlan> {
        if self.is_full() {
            return None;
        }
        let audio_ctx = if self.audio_ctx < RETRY_WINDOW_FRAMES {
            RETRY_WINDOW_FRAMES
        } else {
            FULL_WINDOW_FRAMES
        };
        Some(WindowPlan {
            audio_ctx,
            max_tokens: token_budget(duration),
        })
    }

    /// True when this plan encodes the whole 30 s window.
    pub fn is_full(&self) -> bool {
        self.audio_ctx >= FULL_WINDOW_FRAMES
    }
}

/// The token budget for audio of `duration`.
pub fn token_budget(duration: Duration) -> u32 {
    let budget = (duration.as_secs_f64() * TOKENS_PER_SECOND).ceil();
    // Clamp before converting: the float is finite and non-negative here.
    let budget = budget.clamp(0.0, 400.0) as u32;
    budget + TOKEN_BUDGET_BASE
}

/// The window for an utterance of `duration` in the short-utterance mode:
/// the audio's frames plus a margin, rounded up, at least
/// [`MIN_SHORT_WINDOW_FRAMES`] and at most the full window.
pub fn short_plan(duration: Duration, min_frames: u32) -> WindowPlan {
    let frames = (duration.as_secs_f64() * FRAMES_PER_SECOND).ceil();
    let frames = frames.clamp(0.0, f64::from(FULL_WINDOW_FRAMES)) as u32 + WINDOW_MARGIN_FRAMES;
    let rounded = frames.div_ceil(WINDOW_GRANULE_FRAMES) * WINDOW_GRANULE_FRAMES;
    WindowPlan {
        audio_ctx: rounded.clamp(min_frames.min(FULL_WINDOW_FRAMES), FULL_WINDOW_FRAMES),
        max_tokens: token_budget(duration),
    }
}

/// Why a short-window decode is not trusted, so that the full window is
/// decoded instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FallbackReason {
    /// The decode used its whole token budget without ending.
    HitTokenBudget,
    /// A phrase of two or more words follows itself, or one word stands
    /// three times in a row.
    RepeatedPhrase,
    /// More words than anyone could say in the audio's duration.
    TooManyWords,
}

impl FallbackReason {
    /// A stable snake_case name, for JSON and logs.
    pub fn name(self) -> &'static str {
        match self {
            FallbackReason::HitTokenBudget => "hit_token_budget",
            FallbackReason::RepeatedPhrase => "repeated_phrase",
            FallbackReason::TooManyWords => "too_many_words",
        }
    }
}

/// Judge a short-window decode: `words` are the transcript's words,
/// `tokens` how many text tokens it produced, `plan` the plan it ran with.
pub fn fallback_reason(
    words: &[&str],
    tokens: u32,
    plan: &WindowPlan,
    duration: Duration,
) -> Option<FallbackReason> {
    if plan.max_tokens > 0 && tokens >= plan.max_tokens {
        return Some(FallbackReason::HitTokenBudget);
    }
    if has_repeated_phrase(words) {
        return Some(FallbackReason::RepeatedPhrase);
    }
    let allowed = (duration.as_secs_f64() * MAX_WORDS_PER_SECOND).ceil() + 2.0;
    if words.len() as f64 > allowed {
        return Some(FallbackReason::TooManyWords);
    }
    None
}

/// True when a run of two or more words is immediately repeated, or a
/// single word stands three times in a row. Words are compared without case
/// and surrounding punctuation.
pub fn has_repeated_phrase(words: &[&str]) -> bool {
    let norm: Vec<String> = words
        .iter()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let n = norm.len();
    // A single word three times in a row.
    if norm.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return true;
    }
    // A phrase of k >= 2 words followed by itself.
    for k in 2..=n / 2 {
        for start in 0..=(n - 2 * k) {
            if norm[start..start + k] == norm[start + k..start + 2 * k] {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn short_commands_get_the_minimum_window() {
        for s in [0.3, 1.0, 2.0, 3.8] {
            let plan = short_plan(secs(s), MIN_SHORT_WINDOW_FRAMES);
            assert_eq!(plan.audio_ctx, MIN_SHORT_WINDOW_FRAMES, "{s} s");
            assert!(!plan.is_full());
        }
    }

    #[test]
    fn retries_widen_the_window_until_the_full_one() {
        let first = short_plan(secs(2.0), MIN_SHORT_WINDOW_FRAMES);
        let second = first.retry(secs(2.0)).unwrap();
        assert_eq!(second.audio_ctx, RETRY_WINDOW_FRAMES);
        let third = second.retry(secs(2.0)).unwrap();
        assert!(third.is_full());
        assert_eq!(third.retry(secs(2.0)), None);
        assert_eq!(third.max_tokens, first.max_tokens);
        // A long utterance whose window is already past the retry size
        // goes straight to the full window.
        let long = short_plan(secs(12.0), MIN_SHORT_WINDOW_FRAMES);
        assert!(long.retry(secs(12.0)).unwrap().is_full());
    }

    #[test]
    fn window_grows_with_the_audio_and_keeps_a_margin() {
        let plan = short_plan(secs(10.0), MIN_SHORT_WINDOW_FRAMES); // 500 frames + 64 margin -> 576
        assert_eq!(plan.audio_ctx, 576);
        assert!(plan.audio_ctx >= 500 + WINDOW_MARGIN_FRAMES);
        assert_eq!(plan.audio_ctx % WINDOW_GRANULE_FRAMES, 0);
    }

    #[test]
    fn long_audio_gets_the_full_window() {
        assert!(short_plan(secs(29.0), MIN_SHORT_WINDOW_FRAMES).is_full());
        assert_eq!(
            short_plan(secs(29.0), MIN_SHORT_WINDOW_FRAMES).audio_ctx,
            FULL_WINDOW_FRAMES
        );
        assert_eq!(
            short_plan(secs(1e9), MIN_SHORT_WINDOW_FRAMES).audio_ctx,
            FULL_WINDOW_FRAMES
        );
    }

    #[test]
    fn token_budget_scales_with_duration() {
        assert_eq!(token_budget(secs(0.0)), TOKEN_BUDGET_BASE);
        assert_eq!(token_budget(secs(2.0)), 14 + TOKEN_BUDGET_BASE);
        assert!(token_budget(secs(3.0)) > token_budget(secs(2.0)));
        // Bounded for absurd input rather than overflowing.
        assert!(token_budget(secs(1e12)) <= 400 + TOKEN_BUDGET_BASE);
    }

    #[test]
    fn repeated_first_phrase_is_a_loop() {
        let w: Vec<&str> = "Add two packs of paper towels. Add two packs of paper towels."
            .split_whitespace()
            .collect();
        assert!(has_repeated_phrase(&w));
        let w: Vec<&str> = "checkout checkout checkout".split_whitespace().collect();
        assert!(has_repeated_phrase(&w));
        let w: Vec<&str> = "find the milk, the milk".split_whitespace().collect();
        assert!(has_repeated_phrase(&w));
    }

    #[test]
    fn ordinary_commands_are_not_loops() {
        for text in [
            "Find organic almond milk under five dollars.",
            "Add a dozen eggs.",
            "Bye bye.",
            "What's in my cart?",
            "Order the same as last time.",
            "",
        ] {
            let w: Vec<&str> = text.split_whitespace().collect();
            assert!(!has_repeated_phrase(&w), "{text}");
            let plan = short_plan(secs(2.5), MIN_SHORT_WINDOW_FRAMES);
            assert_eq!(fallback_reason(&w, 12, &plan, secs(2.5)), None, "{text}");
        }
    }

    #[test]
    fn exhausting_the_token_budget_is_a_loop() {
        let plan = short_plan(secs(2.0), MIN_SHORT_WINDOW_FRAMES);
        let w = ["fine"];
        assert_eq!(
            fallback_reason(&w, plan.max_tokens, &plan, secs(2.0)),
            Some(FallbackReason::HitTokenBudget)
        );
    }

    #[test]
    fn too_many_words_for_the_duration_is_a_loop() {
        let plan = WindowPlan {
            audio_ctx: 384,
            max_tokens: 0,
        };
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let w: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(
            fallback_reason(&w, 20, &plan, secs(1.0)),
            Some(FallbackReason::TooManyWords)
        );
        assert_eq!(fallback_reason(&w, 20, &plan, secs(4.0)), None);
    }
}
