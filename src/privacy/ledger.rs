//! The transparency ledger: every request that leaves the device, with its
//! exact bytes (`spec/privacy.md`, "The ledger").
//!
//! A request is written to the ledger *before* it is sent (write-ahead); if
//! that write fails, the request is not sent. When the answer comes, its size
//! is appended as a second record. `hushcart privacy log` joins the two.
//!
//! [`FileLedger`] is an append-only JSON Lines file in the data directory,
//! readable only by its owner. It holds what the retailers saw anyway (the
//! minimized queries); it gains encryption with the history store.
//!
//! Must never: rewrite or drop records, or record anything that was not sent.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The ledger's file name in the data directory.
pub const LEDGER_FILE: &str = "ledger.jsonl";

/// Why the ledger could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The file could not be opened, written or synced.
    #[error("cannot write the transparency ledger {path}: {source}")]
    Write {
        /// The ledger file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file could not be read.
    #[error("cannot read the transparency ledger {path}: {source}")]
    Read {
        /// The ledger file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// One request that left the device, as `privacy log` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// When it was sent (RFC 3339, UTC).
    pub time: String,
    /// The retailer's configured name.
    pub retailer: String,
    /// The exact bytes sent, as text.
    pub request: String,
    /// The size of the answer; `None` when no answer was recorded (the
    /// exchange failed or the process ended first).
    pub reply_bytes: Option<u64>,
}

/// What a ledger read found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LedgerContents {
    /// The entries, oldest first.
    pub entries: Vec<LedgerEntry>,
    /// Line numbers (1-based) that are not ledger records: a torn last line
    /// after a crash, or a file edited by hand. They are reported, never
    /// dropped from the file.
    pub bad_lines: Vec<usize>,
}

/// A handle on a recorded request, to add its answer's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt(String);

/// Where requests are recorded. Implementations append and never rewrite.
pub trait Ledger: Send + Sync {
    /// Record a request about to be sent to `retailer`. An error means the
    /// caller must not send it.
    fn record_request(&self, retailer: &str, request: &[u8]) -> Result<Receipt, LedgerError>;
    /// Record the size of the answer to a recorded request.
    fn record_reply(&self, receipt: &Receipt, reply_bytes: u64) -> Result<(), LedgerError>;
    /// Everything recorded, oldest first.
    fn read(&self) -> Result<LedgerContents, LedgerError>;
}

/// The two kinds of line in the file.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Line {
    Request {
        id: String,
        time: String,
        retailer: String,
        request: String,
    },
    Reply {
        id: String,
        reply_bytes: u64,
    },
}

/// A unique id for a record: time in nanoseconds and the process id.
fn new_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}-{:x}", std::process::id())
}

fn now_rfc3339() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

/// Join request and reply lines into entries.
fn assemble(lines: impl Iterator<Item = (usize, Result<Line, ()>)>) -> LedgerContents {
    let mut contents = LedgerContents::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (number, line) in lines {
        match line {
            Ok(Line::Request {
                id,
                time,
                retailer,
                request,
            }) => {
                index.insert(id, contents.entries.len());
                contents.entries.push(LedgerEntry {
                    time,
                    retailer,
                    request,
                    reply_bytes: None,
                });
            }
            Ok(Line::Reply { id, reply_bytes }) => match index.get(&id) {
                Some(&i) => contents.entries[i].reply_bytes = Some(reply_bytes),
                None => contents.bad_lines.push(number),
            },
            Err(()) => contents.bad_lines.push(number),
        }
    }
    contents
}

/// The append-only ledger file (`ledger.jsonl` in the data directory).
#[derive(Debug)]
pub struct FileLedger {
    path: PathBuf,
    // Serialises appends from the tasks of one process; appends from several
    // processes rely on O_APPEND and one write per line.
    lock: Mutex<()>,
}

impl FileLedger {
    /// The ledger in `data_dir` (created on first write, owner-only).
    pub fn in_data_dir(data_dir: &Path) -> FileLedger {
        FileLedger::at(data_dir.join(LEDGER_FILE))
    }

    /// The ledger at `path`.
    pub fn at(path: PathBuf) -> FileLedger {
        FileLedger {
            path,
            lock: Mutex::new(()),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn append(&self, line: &Line) -> Result<(), LedgerError> {
        let err = |source| LedgerError::Write {
            path: self.path.clone(),
            source,
        };
        let mut bytes = serde_json::to_vec(line).map_err(|e| err(e.into()))?;
        bytes.push(b'\n');
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(dir) = self.path.parent() {
            create_private_dir(dir).map_err(err)?;
        }
        let mut file = open_append(&self.path).map_err(err)?;
        file.write_all(&bytes).map_err(err)?;
        file.sync_data().map_err(err)
    }
}

#[cfg(unix)]
fn open_append(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn open_append(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

impl Ledger for FileLedger {
    fn record_request(&self, retailer: &str, request: &[u8]) -> Result<Receipt, LedgerError> {
        let id = new_id();
        self.append(&Line::Request {
            id: id.clone(),
            time: now_rfc3339(),
            retailer: retailer.to_string(),
            request: String::from_utf8_lossy(request).into_owned(),
        })?;
        Ok(Receipt(id))
    }

    fn record_reply(&self, receipt: &Receipt, reply_bytes: u64) -> Result<(), LedgerError> {
        self.append(&Line::Reply {
            id: receipt.0.clone(),
            reply_bytes,
        })
    }

    fn read(&self) -> Result<LedgerContents, LedgerError> {
        let text = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(LedgerContents::default())
            }
            Err(source) => {
                return Err(LedgerError::Read {
                    path: self.path.clone(),
                    source,
                })
            }
        };
        let lines = text
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
            .map(|(i, l)| (i + 1, serde_json::from_slice::<Line>(l).map_err(|_| ())));
        Ok(assemble(lines))
    }
}

/// A ledger in memory, for tests and for tools that must not write.
#[derive(Debug, Default)]
pub struct MemoryLedger {
    lines: Mutex<Vec<String>>,
}

impl Ledger for MemoryLedger {
    fn record_request(&self, retailer: &str, request: &[u8]) -> Result<Receipt, LedgerError> {
        let id = new_id() + &format!("-{}", self.lines.lock().map(|l| l.len()).unwrap_or(0));
        let line = Line::Request {
            id: id.clone(),
            time: now_rfc3339(),
            retailer: retailer.to_string(),
            request: String::from_utf8_lossy(request).into_owned(),
        };
        self.push(&line);
        Ok(Receipt(id))
    }

    fn record_reply(&self, receipt: &Receipt, reply_bytes: u64) -> Result<(), LedgerError> {
        self.push(&Line::Reply {
            id: receipt.0.clone(),
            reply_bytes,
        });
        Ok(())
    }

    fn read(&self) -> Result<LedgerContents, LedgerError> {
        let lines = self.lines.lock().unwrap_or_else(|p| p.into_inner()).clone();
        Ok(assemble(lines.iter().enumerate().map(|(i, l)| {
            (i + 1, serde_json::from_str::<Line>(l).map_err(|_| ()))
        })))
    }
}

impl MemoryLedger {
    fn push(&self, line: &Line) {
        if let Ok(text) = serde_json::to_string(line) {
            self.lines
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(text);
        }
    }
}

/// A ledger that writes through to another and also keeps this run's
/// records, so a command can show exactly what it sent (`ask --json`'s
/// `sent`) from the same records the ledger file holds.
pub struct TeeLedger {
    inner: std::sync::Arc<dyn Ledger>,
    this_run: MemoryLedger,
    receipts: Mutex<HashMap<String, Receipt>>,
}

impl TeeLedger {
    /// Write through to `inner`.
    pub fn new(inner: std::sync::Arc<dyn Ledger>) -> TeeLedger {
        TeeLedger {
            inner,
            this_run: MemoryLedger::default(),
            receipts: Mutex::new(HashMap::new()),
        }
    }

    /// What was recorded through this tee, oldest first.
    pub fn this_run(&self) -> Vec<LedgerEntry> {
        self.this_run.read().map(|c| c.entries).unwrap_or_default()
    }
}

impl Ledger for TeeLedger {
    fn record_request(&self, retailer: &str, request: &[u8]) -> Result<Receipt, LedgerError> {
        let receipt = self.inner.record_request(retailer, request)?;
        let mine = self.this_run.record_request(retailer, request)?;
        self.receipts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(receipt.0.clone(), mine);
        Ok(receipt)
    }

    fn record_reply(&self, receipt: &Receipt, reply_bytes: u64) -> Result<(), LedgerError> {
        self.inner.record_reply(receipt, reply_bytes)?;
        let mine = self
            .receipts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&receipt.0)
            .cloned();
        if let Some(mine) = mine {
            self.this_run.record_reply(&mine, reply_bytes)?;
        }
        Ok(())
    }

    fn read(&self) -> Result<LedgerContents, LedgerError> {
        self.inner.read()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_and_its_reply_size_read_back_as_one_entry() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = FileLedger::in_data_dir(&dir.path().join("data"));
        let r = ledger
            .record_request("acme", b"POST /v1/search HTTP/1.1\r\n\r\n{}")
            .unwrap();
        ledger.record_reply(&r, 16384).unwrap();
        ledger
            .record_request("acme", b"GET /v1/vocabulary HTTP/1.1\r\n\r\n")
            .unwrap();
        let read = ledger.read().unwrap();
        assert!(read.bad_lines.is_empty());
        assert_eq!(read.entries.len(), 2);
        assert_eq!(read.entries[0].retailer, "acme");
        assert_eq!(
            read.entries[0].request,
            "POST /v1/search HTTP/1.1\r\n\r\n{}"
        );
        assert_eq!(read.entries[0].reply_bytes, Some(16384));
        assert_eq!(read.entries[1].reply_bytes, None);
        assert!(
            read.entries[0].time.ends_with('Z'),
            "{}",
            read.entries[0].time
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_ledger_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ledger = FileLedger::in_data_dir(dir.path());
        ledger.record_request("acme", b"x").unwrap();
        let mode = std::fs::metadata(ledger.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_torn_or_edited_line_is_reported_and_the_rest_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = FileLedger::in_data_dir(dir.path());
        ledger.record_request("acme", b"one").unwrap();
        let mut f = open_append(ledger.path()).unwrap();
        f.write_all(b"garbage\n{\"id\":\"nobody\",\"reply_bytes\":3}\n")
            .unwrap();
        ledger.record_request("acme", b"two").unwrap();
        f.write_all(b"{\"id\":\"torn").unwrap();
        let read = ledger.read().unwrap();
        assert_eq!(read.entries.len(), 2);
        assert_eq!(read.bad_lines, vec![2, 3, 5]);
        let before = std::fs::read(ledger.path()).unwrap();
        ledger.read().unwrap();
        assert_eq!(
            std::fs::read(ledger.path()).unwrap(),
            before,
            "reading never rewrites"
        );
    }

    #[test]
    fn a_missing_ledger_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let read = FileLedger::in_data_dir(dir.path()).read().unwrap();
        assert_eq!(read, LedgerContents::default());
    }

    #[test]
    fn an_unwritable_ledger_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"").unwrap();
        let ledger = FileLedger::in_data_dir(&file);
        assert!(matches!(
            ledger.record_request("acme", b"x"),
            Err(LedgerError::Write { .. })
        ));
    }

    #[test]
    fn a_tee_writes_through_and_shows_this_runs_records_only() {
        let dir = tempfile::tempdir().unwrap();
        let file: std::sync::Arc<dyn Ledger> =
            std::sync::Arc::new(FileLedger::in_data_dir(dir.path()));
        file.record_request("acme", b"earlier").unwrap();
        let tee = TeeLedger::new(file.clone());
        let r = tee.record_request("acme", b"now").unwrap();
        tee.record_reply(&r, 5).unwrap();
        let run = tee.this_run();
        assert_eq!(run.len(), 1);
        assert_eq!(
            (run[0].request.as_str(), run[0].reply_bytes),
            ("now", Some(5))
        );
        let all = file.read().unwrap().entries;
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].reply_bytes, Some(5));
    }

    #[test]
    fn the_memory_ledger_joins_replies_too() {
        let ledger = MemoryLedger::default();
        let r = ledger.record_request("acme", b"q").unwrap();
        ledger.record_reply(&r, 7).unwrap();
        assert_eq!(ledger.read().unwrap().entries[0].reply_bytes, Some(7));
    }
}
