//! The crate's top-level error and the one place that maps errors to exit
//! statuses.
//!
//! Each stage has its own `thiserror` enum; [`Error`] gathers them for the
//! commands. Must never: carry audio, transcripts or other personal data in a
//! message; errors name files and conditions only.

use std::path::PathBuf;

use crate::asr::AsrError;
use crate::audio::AudioError;
use crate::catalog::CatalogError;
use crate::manifest::ManifestError;
use crate::model::ModelError;
use crate::personalize::ProfileError;
use crate::privacy::ledger::LedgerError;
use crate::settings::ConfigError;

/// Any failure a command reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Provisioning or inspecting the model failed.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// Speech recognition failed.
    #[error(transparent)]
    Asr(#[from] AsrError),
    /// An audio file could not be used (the error names the file).
    #[error(transparent)]
    Audio(#[from] AudioError),
    /// A suite manifest is invalid.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// A catalog call failed (the error names the retailer and the condition).
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The transparency ledger could not be written or read.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// The shopper's profile could not be read.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// No model is installed where one was expected.
    #[error("no speech model at {0}: run `hushcart model fetch` first, or pass --model FILE")]
    NoModel(PathBuf),
    /// Some inputs of a batch failed; each was reported as it happened.
    #[error("{failed} of {total} inputs failed")]
    PartialFailure {
        /// How many failed.
        failed: usize,
        /// How many there were.
        total: usize,
    },
    /// A suite run missed one or more of its thresholds.
    #[error("the suite missed its thresholds:\n  {}", .0.join("\n  "))]
    ThresholdsMissed(Vec<String>),
    /// A command-line value is out of range.
    #[error("{0}")]
    Usage(String),
    /// Input the command read (stdin, a predictions file) is unusable.
    #[error("{0}")]
    Input(String),
    /// Writing the output failed (for example a closed pipe).
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// The process exit status for this error: 2 for bad usage, 1 for
    /// everything else (spec/cli.md).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}
