//! A capture server: a real TLS server on loopback that records every byte
//! it receives (the raw TCP stream and the decrypted plaintext, per
//! connection) and answers as a protocol-v1 catalog, or misbehaves on
//! purpose (slow drip, huge reply, malformed JSON, HTTP errors, connection
//! reset, cookies).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hushcart::catalog::local::LocalCatalog;
use hushcart::catalog::protocol::{self, SearchReply};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// A CA and a server certificate for `localhost` and 127.0.0.1.
pub struct Pki {
    /// Holds the PEM files.
    pub dir: tempfile::TempDir,
    /// The CA certificate (PEM) a client should trust.
    pub ca_pem: PathBuf,
    /// The server's certificate chain (PEM).
    pub cert_pem: PathBuf,
    /// The server's key (PEM).
    pub key_pem: PathBuf,
}

impl Pki {
    /// A fresh CA and a leaf signed by it.
    pub fn new() -> Pki {
        let dir = tempfile::tempdir().expect("temp dir");
        let ca_key = rcgen::KeyPair::generate().expect("key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "hushcart test CA");
        let ca_cert = ca_params.self_signed(&ca_key).expect("CA");
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let leaf_key = rcgen::KeyPair::generate().expect("key");
        let leaf_params =
            rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
                .expect("params");
        let leaf = leaf_params.signed_by(&leaf_key, &issuer).expect("leaf");
        let ca_pem = dir.path().join("ca.pem");
        let cert_pem = dir.path().join("cert.pem");
        let key_pem = dir.path().join("key.pem");
        std::fs::write(&ca_pem, ca_cert.pem()).expect("write");
        std::fs::write(&cert_pem, leaf.pem()).expect("write");
        std::fs::write(&key_pem, leaf_key.serialize_pem()).expect("write");
        Pki {
            dir,
            ca_pem,
            cert_pem,
            key_pem,
        }
    }

    /// A rustls server config for the leaf, resumption left ON (the
    /// server's default) so that a client that tried to resume would be seen.
    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&self.cert_pem)
            .expect("cert")
            .collect::<Result<_, _>>()
            .expect("cert");
        let key = PrivateKeyDer::from_pem_file(&self.key_pem).expect("key");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .expect("config");
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        config.ticketer = rustls::crypto::ring::Ticketer::new().expect("ticketer");
        Arc::new(config)
    }
}

impl Default for Pki {
    fn default() -> Self {
        Pki::new()
    }
}

/// How the server answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Behaviour {
    /// A correct protocol-v1 catalog over the embedded demo catalog.
    Catalog,
    /// Like `Catalog`, but every reply sets a cookie.
    SetsCookie,
    /// Headers, then one byte every 200 ms, never finishing.
    SlowDrip,
    /// Announces and streams a 64 MiB body.
    HugeReply,
    /// 200 with a body that is not JSON.
    MalformedJson,
    /// This HTTP status with a protocol error body.
    HttpError(u16),
    /// Reads the request, then resets the connection.
    Reset,
    /// Accepts the TCP connection and never answers anything.
    Silent,
}

/// What one connection carried.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// Every byte read from the socket (TLS records, encrypted).
    pub raw: Vec<u8>,
    /// The decrypted bytes (HTTP requests).
    pub plaintext: Vec<u8>,
    /// True when the TLS handshake resumed an earlier session.
    pub resumed: bool,
    /// The negotiated TLS version ("TLSv1_3"), if the handshake finished.
    pub version: Option<String>,
}

/// A running capture server; stops when dropped.
pub struct CaptureServer {
    /// Where it listens.
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<Arc<Mutex<Connection>>>>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl CaptureServer {
    /// Start on 127.0.0.1:0 with `pki`'s certificate.
    pub fn start(behaviour: Behaviour, pki: &Pki) -> CaptureServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let log: Arc<Mutex<Vec<Arc<Mutex<Connection>>>>> = Arc::default();
        let acceptor = tokio_rustls::TlsAcceptor::from(pki.server_config());
        let catalog = Arc::new(LocalCatalog::embedded().expect("embedded catalog"));
        let accept_log = log.clone();
        runtime.spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let record = Arc::new(Mutex::new(Connection::default()));
                accept_log.lock().unwrap().push(record.clone());
                let acceptor = acceptor.clone();
                let catalog = catalog.clone();
                tokio::spawn(async move {
                    let _ = serve_one(tcp, acceptor, behaviour, record, catalog).await;
                });
            }
        });
        CaptureServer {
            addr,
            log,
            runtime: Some(runtime),
        }
    }

    /// The base URL to configure.
    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.addr.port())
    }

    /// Every connection so far.
    pub fn connections(&self) -> Vec<Connection> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|c| c.lock().unwrap().clone())
            .collect()
    }

    /// Every byte received, raw and decrypted, all connections joined.
    pub fn all_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for c in self.connections() {
            out.extend_from_slice(&c.raw);
            out.push(0);
            out.extend_from_slice(&c.plaintext);
            out.push(0);
        }
        out
    }
}

impl Drop for CaptureServer {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// A socket reader that copies what it reads into the connection record.
struct Recording {
    inner: TcpStream,
    record: Arc<Mutex<Connection>>,
}

impl AsyncRead for Recording {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        if let std::task::Poll::Ready(Ok(())) = &poll {
            let new = buf.filled()[before..].to_vec();
            self.record.lock().unwrap().raw.extend_from_slice(&new);
        }
        poll
    }
}

impl tokio::io::AsyncWrite for Recording {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Read one HTTP/1.1 request (head and Content-Length body), recording the
/// plaintext. Returns (method, path, body).
async fn read_request<S: AsyncRead + Unpin>(
    stream: &mut S,
    record: &Arc<Mutex<Connection>>,
) -> Option<(String, String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        record
            .lock()
            .unwrap()
            .plaintext
            .extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let length: usize = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length.min(4 * 1024 * 1024) {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
        record
            .lock()
            .unwrap()
            .plaintext
            .extend_from_slice(&chunk[..n]);
    }
    Some((method, path, body))
}

fn response(status: u16, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra_headers}connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A correct protocol answer from the embedded catalog.
fn catalog_answer(method: &str, path: &str, body: &[u8], catalog: &LocalCatalog) -> (u16, Vec<u8>) {
    match (method, path) {
        ("GET", protocol::VOCABULARY_PATH) => (
            200,
            serde_json::to_vec(catalog.published_vocabulary()).unwrap(),
        ),
        ("POST", protocol::SEARCH_PATH) => match protocol::parse_search(body) {
            Ok(request) => {
                let offers = catalog.find(&request).unwrap_or_default();
                (
                    200,
                    protocol::padded_reply(|pad| SearchReply {
                        v: protocol::VERSION,
                        offers: offers.clone(),
                        pad,
                    }),
                )
            }
            Err(refusal) => (
                refusal.code.status(),
                protocol::error_body(refusal.code, &refusal.message),
            ),
        },
        _ => (
            404,
            protocol::error_body(protocol::ErrorCode::NotFound, "no such path"),
        ),
    }
}

async fn serve_one(
    tcp: TcpStream,
    acceptor: tokio_rustls::TlsAcceptor,
    behaviour: Behaviour,
    record: Arc<Mutex<Connection>>,
    catalog: Arc<LocalCatalog>,
) -> std::io::Result<()> {
    let recording = Recording {
        inner: tcp,
        record: record.clone(),
    };
    let mut tls = acceptor.accept(recording).await?;
    {
        let (_, conn) = tls.get_ref();
        let mut r = record.lock().unwrap();
        r.resumed = conn.handshake_kind() == Some(rustls::HandshakeKind::Resumed);
        r.version = conn.protocol_version().map(|v| format!("{v:?}"));
    }
    let Some((method, path, body)) = read_request(&mut tls, &record).await else {
        return Ok(());
    };
    match behaviour {
        Behaviour::Catalog | Behaviour::SetsCookie => {
            let (status, reply) = catalog_answer(&method, &path, &body, &catalog);
            let cookie = if behaviour == Behaviour::SetsCookie {
                "set-cookie: visitor=abc123; Path=/\r\n"
            } else {
                ""
            };
            tls.write_all(&response(status, cookie, &reply)).await?;
        }
        Behaviour::SlowDrip => {
            tls.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n")
                .await?;
            loop {
                tls.write_all(b" ").await?;
                tls.flush().await?;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        Behaviour::HugeReply => {
            let size = 64 * 1024 * 1024;
            tls.write_all(
                format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {size}\r\n\r\n")
                    .as_bytes(),
            )
            .await?;
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..(size / chunk.len()) {
                tls.write_all(&chunk).await?;
            }
        }
        Behaviour::MalformedJson => {
            tls.write_all(&response(200, "", b"{\"v\":1,\"offers\":[{\"id\":"))
                .await?;
        }
        Behaviour::HttpError(status) => {
            let body = protocol::error_body(protocol::ErrorCode::Internal, "deliberate failure");
            tls.write_all(&response(status, "", &body)).await?;
        }
        Behaviour::Reset => {
            let (io, _) = tls.into_inner();
            #[allow(deprecated)]
            io.inner.set_linger(Some(Duration::ZERO))?;
            drop(io);
            return Ok(());
        }
        Behaviour::Silent => {
            std::future::pending::<()>().await;
        }
    }
    tls.shutdown().await.ok();
    Ok(())
}

/// Ways a secret could be written on the wire: as is, upper case, digits
/// only, percent-encoded, base64, hex, JSON \u escapes, UTF-16.
pub fn encodings(secret: &str) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let lower = secret.to_lowercase();
    let forms = [
        lower.clone(),
        secret.to_uppercase(),
        capitalize(&lower),
        lower.replace(' ', "+"),
        lower.replace(' ', "%20"),
    ];
    for form in forms {
        if form.is_empty() {
            continue;
        }
        out.push(form.as_bytes().to_vec());
        out.push(base64(form.as_bytes()));
        out.push(hex(form.as_bytes()));
        out.push(
            form.chars()
                .map(|c| format!("\\u{:04x}", c as u32))
                .collect::<String>()
                .into_bytes(),
        );
        out.push(form.encode_utf16().flat_map(|u| u.to_le_bytes()).collect());
        out.push(
            form.bytes()
                .map(|b| format!("%{b:02X}"))
                .collect::<String>()
                .into_bytes(),
        );
    }
    out.sort();
    out.dedup();
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn hex(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .into_bytes()
}

fn base64(bytes: &[u8]) -> Vec<u8> {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(T[((n >> (18 - 6 * i)) & 63) as usize]);
        }
    }
    out
}

/// True when `haystack` holds `needle`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// True when `haystack` holds `needle` as a whole word: not inside a longer
/// run of letters and digits ("lin" is not in "linen").
pub fn contains_word(haystack: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() || needle.len() > haystack.len() {
        return false;
    }
    // `_` joins words too: "price" is not in the protocol field "price_max".
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    (0..=haystack.len() - needle.len()).any(|i| {
        &haystack[i..i + needle.len()] == needle
            && !word(i.checked_sub(1).and_then(|j| haystack.get(j)))
            && !word(haystack.get(i + needle.len()))
    })
}

/// The ways `secret` appears in `haystack`: its readable forms as whole
/// words; its encoded forms (base64, hex, \u escapes, UTF-16, percent
/// encoding) anywhere; and, for numbers of 7 or more digits, its digits
/// anywhere in the haystack's digits with separators removed.
pub fn leaks(haystack: &[u8], secret: &str) -> Vec<String> {
    let lower = secret.to_lowercase();
    let readable: Vec<Vec<u8>> = [
        lower.clone(),
        secret.to_uppercase(),
        capitalize(&lower),
        lower.replace(' ', "+"),
        lower.replace(' ', "%20"),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect();
    let mut found: Vec<String> = Vec::new();
    for e in encodings(secret) {
        let hit = if readable.contains(&e) {
            contains_word(haystack, &e)
        } else {
            e.len() >= 4 && contains(haystack, &e)
        };
        if hit {
            found.push(String::from_utf8_lossy(&e).into_owned());
        }
    }
    let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
    if digits.len() >= 7
        && digits.len()
            == lower
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .count()
    {
        let hay: Vec<u8> = haystack
            .iter()
            .copied()
            .filter(u8::is_ascii_digit)
            .collect();
        if contains(&hay, digits.as_bytes()) {
            found.push(format!("{digits} (digits with separators removed)"));
        }
    }
    found
}

/// The HTTP requests in a connection's plaintext: (head lines, body).
pub fn requests(plaintext: &[u8]) -> Vec<(Vec<String>, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = plaintext;
    while let Some(i) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&rest[..i]).into_owned();
        let lines: Vec<String> = head.split("\r\n").map(str::to_string).collect();
        let length: usize = lines
            .iter()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .unwrap_or(0);
        let body_end = (i + 4 + length).min(rest.len());
        out.push((lines, rest[i + 4..body_end].to_vec()));
        rest = &rest[body_end..];
    }
    out
}
