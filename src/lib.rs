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
//!                        intent::parse ──► intent::Intent
//!                                               │ privacy::minimize (the only way to build one)
//!                                               ▼
//!                                     privacy::CatalogQuery ──► catalog (local | https + ledger)
//!                                                                     │
//!        respond::Answer ◄── personalize::rank ◄── catalog::Offers ◄──┘
//!        (the reply)         (on the device)
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
//! - [`hear`]: audio to intent, with a second decode for a command whose
//!   first transcript does not read clearly.
//! - [`intent`]: transcript to [`intent::Intent`] (rules over lexicons, plus a
//!   classifier trained on the labelled corpus).
//! - [`privacy`]: intent to [`privacy::CatalogQuery`], the only thing that
//!   may leave the device; personal-data detectors; the transparency ledger.
//! - [`catalog`]: the [`catalog::Catalog`] trait and its adapters (the
//!   embedded tantivy index, the https protocol client), the protocol's wire
//!   types, the reference server and the endpoint checker.
//! - [`personalize`]: the shopper's local profile and [`personalize::rank`]:
//!   exact limits, the avoid list, preferences.
//! - [`respond`]: one request from intent to reply.
//! - [`score`]: the spec's scoring rules (WER, intent accuracy, slot F1,
//!   exact pass), one implementation for every caller.
//! - [`manifest`]: recorded-audio test-suite manifests, validated whole.
//! - [`suite`]: the test-suite runner (real pipeline, parallel workers,
//!   augmentation, JUnit and HTML/Markdown reports).
//! - [`settings`]: the TOML configuration and default paths.
//! - [`cli`] and [`commands`]: the command line and one function per command.
//! - [`error`]: the top-level [`Error`] and its exit statuses.
//!
//! Stages still to come: `history` (cart, orders and history encrypted at
//! rest; it will implement `personalize::ProfileStore` and `privacy::ledger::Ledger`)
//! and `daemon` (microphone, control socket).

pub mod asr;
pub mod audio;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod error;
pub mod hear;
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
pub use catalog::{Catalog, Offer};
pub use error::Error;
pub use intent::Intent;
pub use personalize::Ranked;
pub use privacy::CatalogQuery;
