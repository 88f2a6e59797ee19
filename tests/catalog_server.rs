//! The reference catalog server (`catalog::server`, `hushcart catalog
//! serve`) and the endpoint checker (`catalog::check`, `hushcart catalog
//! check`), end to end over real TLS on loopback: the reference server passes
//! every check; servers that set cookies, ignore padding, resume sessions or
//! present a certificate from another CA fail the right check with the
//! reason; the server refuses oversize bodies before reading them and cuts
//! off slow clients.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hushcart::catalog::check::{self, CheckOutcome, CHECKS};
use hushcart::catalog::local::{derive_vocabulary, LocalCatalog};
use hushcart::catalog::protocol::{
    self, CheckoutReply, ErrorCode, ProductReply, SearchReply, SearchRequest, REPLY_BUCKET_BYTES,
    REQUEST_BODY_BYTES, VERSION,
};
use hushcart::catalog::server::{self, ServerHandle, ServerOptions};
use hushcart::catalog::{CartLine, Offer};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::client::TlsStream;

/// How long anything in these tests may take before it counts as hung.
const DEADLINE: Duration = Duration::from_secs(30);

/// The checker's per-request timeout in these tests.
const CHECK_TIMEOUT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------- fixtures

/// A CA and a server certificate for `localhost` and 127.0.0.1, as PEM files.
struct Pki {
    /// Holds the files; removed on drop.
    _dir: tempfile::TempDir,
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

impl Pki {
    fn new() -> Pki {
        Pki::with_ca_name("hushcart catalog test CA")
    }

    /// A PKI whose CA has the common name `ca_name`.
    fn with_ca_name(ca_name: &str) -> Pki {
        let dir = tempfile::tempdir().expect("temp dir");
        let ca_key = rcgen::KeyPair::generate().expect("key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, ca_name);
        ca_params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        let ca_cert = ca_params.self_signed(&ca_key).expect("CA");
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let leaf_key = rcgen::KeyPair::generate().expect("key");
        let leaf = rcgen::CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()])
            .expect("params")
            .signed_by(&leaf_key, &issuer)
            .expect("leaf");
        let (ca, cert, key) = (
            dir.path().join("ca.pem"),
            dir.path().join("cert.pem"),
            dir.path().join("key.pem"),
        );
        std::fs::write(&ca, ca_cert.pem()).expect("write");
        std::fs::write(&cert, leaf.pem()).expect("write");
        std::fs::write(&key, leaf_key.serialize_pem()).expect("write");
        Pki {
            _dir: dir,
            ca,
            cert,
            key,
        }
    }

    /// The reference server's TLS config for this certificate.
    fn server_tls(&self) -> Arc<rustls::ServerConfig> {
        server::tls_config(&self.cert, &self.key).expect("TLS config")
    }

    /// A client config trusting this CA (resumption off).
    fn client_tls(&self) -> Arc<rustls::ClientConfig> {
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_file_iter(&self.ca).expect("CA") {
            roots.add(cert.expect("CA")).expect("CA");
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.resumption = rustls::client::Resumption::disabled();
        Arc::new(config)
    }
}

fn offer(id: &str, title: &str, brand: &str, category: &str, product: &str, price: f64) -> Offer {
    Offer {
        id: id.into(),
        title: title.into(),
        brand: Some(brand.into()),
        category: category.into(),
        product: product.into(),
        attributes: vec!["organic".into()],
        size: Some("1 l".into()),
        color: None,
        price,
        rating: Some(4.5),
        reviews: 12,
    }
}

/// A small catalog, the same for every test.
fn offers() -> Vec<Offer> {
    vec![
        offer(
            "p00001",
            "Organic Whole Milk",
            "dairyland",
            "groceries",
            "milk",
            3.49,
        ),
        offer(
            "p00002",
            "Oat Milk Barista",
            "oatly",
            "groceries",
            "oat milk",
            4.99,
        ),
        offer("p00003", "Green Tea", "leafco", "groceries", "tea", 6.0),
        offer("p00004", "Dish Soap", "cleanco", "household", "soap", 2.5),
    ]
}

fn catalog() -> Arc<LocalCatalog> {
    let offers = offers();
    let vocabulary = derive_vocabulary(&offers, "test shop");
    Arc::new(LocalCatalog::from_offers(offers, vocabulary).expect("catalog"))
}

/// The reference server on 127.0.0.1, port 0.
async fn start_reference(pki: &Pki, options: ServerOptions) -> ServerHandle {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    server::spawn(catalog(), listener, pki.server_tls(), options).expect("spawn")
}

fn url(addr: SocketAddr) -> String {
    format!("https://127.0.0.1:{}", addr.port())
}

fn outcome<'a>(outcomes: &'a [CheckOutcome], check: &str) -> &'a CheckOutcome {
    outcomes
        .iter()
        .find(|o| o.check == check)
        .unwrap_or_else(|| panic!("no {check} outcome in {outcomes:#?}"))
}

fn failed(outcomes: &[CheckOutcome]) -> Vec<&'static str> {
    outcomes
        .iter()
        .filter(|o| !o.passed)
        .map(|o| o.check)
        .collect()
}

/// A TLS connection to `addr` trusting the test CA.
async fn tls_connect(pki: &Pki, addr: SocketAddr) -> TlsStream<TcpStream> {
    let tcp = TcpStream::connect(addr).await.expect("connect");
    let connector = tokio_rustls::TlsConnector::from(pki.client_tls());
    let name = ServerName::try_from("localhost").expect("name");
    connector.connect(name, tcp).await.expect("TLS handshake")
}

/// Write `request` on a fresh TLS connection and read until the server
/// closes (or [`DEADLINE`]); returns what it answered.
async fn raw_exchange(pki: &Pki, addr: SocketAddr, request: &[u8]) -> String {
    let mut tls = tls_connect(pki, addr).await;
    tls.write_all(request).await.expect("write");
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(DEADLINE, tls.read_to_end(&mut reply))
        .await
        .expect("the server did not close the connection");
    String::from_utf8_lossy(&reply).into_owned()
}

fn header_present(reply: &str, name: &str) -> bool {
    let head = reply.split("\r\n\r\n").next().unwrap_or("");
    head.lines()
        .any(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")))
}

// ------------------------------------------- a misbehaving server of our own

/// How the test server misbehaves.
#[derive(Debug, Clone, Copy, Default)]
struct Misbehaviour {
    /// `set-cookie` on every reply.
    set_cookie: bool,
    /// Accept unpadded bodies and send unpadded replies.
    ignore_padding: bool,
    /// Issue TLS 1.3 session tickets (resumption on).
    resumption: bool,
}

/// A protocol server written independently of `catalog::server`, correct
/// except for `how`, with the test certificate.
async fn start_misbehaving(pki: &Pki, how: Misbehaviour) -> SocketAddr {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&pki.cert)
        .expect("cert")
        .collect::<Result<_, _>>()
        .expect("cert");
    let key = PrivateKeyDer::from_pem_file(&pki.key).expect("key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("config");
    if how.resumption {
        config.ticketer = rustls::crypto::ring::Ticketer::new().expect("ticketer");
    } else {
        config.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
        config.send_tls13_tickets = 0;
    }
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let catalog = catalog();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                continue;
            };
            let acceptor = acceptor.clone();
            let catalog = catalog.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = hyper::service::service_fn(move |request| {
                    let catalog = catalog.clone();
                    async move {
                        Ok::<_, std::convert::Infallible>(misbehave(&catalog, how, request).await)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    addr
}

async fn misbehave(
    catalog: &LocalCatalog,
    how: Misbehaviour,
    request: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let body = Limited::new(request.into_body(), 4 << 20)
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let error = |code: ErrorCode| (code.status(), protocol::error_body(code, "refused"));
    let pad = |bare: Vec<u8>, padded: Vec<u8>| if how.ignore_padding { bare } else { padded };
    let (status, reply) = match (method.as_str(), path.as_str()) {
        ("GET", "/v1/vocabulary") => (
            200,
            serde_json::to_vec(catalog.published_vocabulary()).expect("vocabulary"),
        ),
        ("POST", "/v1/search") if body.len() > REQUEST_BODY_BYTES => error(ErrorCode::TooLarge),
        ("POST", "/v1/search") => {
            let parsed = if how.ignore_padding {
                serde_json::from_slice::<SearchRequest>(&body)
                    .map_err(|_| ErrorCode::BadRequest)
                    .and_then(|r| {
                        if r.v == VERSION {
                            Ok(r)
                        } else {
                            Err(ErrorCode::UnsupportedVersion)
                        }
                    })
            } else {
                protocol::parse_search(&body).map_err(|r| r.code)
            };
            match parsed {
                Ok(search) => {
                    let offers = catalog.find(&search).expect("find");
                    let make = |pad: String| SearchReply {
                        v: VERSION,
                        offers: offers.clone(),
                        pad,
                    };
                    let bare = serde_json::to_vec(&make(String::new())).expect("json");
                    (200, pad(bare, protocol::padded_reply(make)))
                }
                Err(code) => error(code),
            }
        }
        ("GET", p) if p.starts_with("/v1/products/") => {
            match catalog.get(&p["/v1/products/".len()..]) {
                Some(offer) => {
                    let make = |pad: String| ProductReply {
                        v: VERSION,
                        offer: offer.clone(),
                        pad,
                    };
                    let bare = serde_json::to_vec(&make(String::new())).expect("json");
                    (200, pad(bare, protocol::padded_reply(make)))
                }
                None => error(ErrorCode::NotFound),
            }
        }
        ("POST", "/v1/checkout") => match protocol::parse_checkout(&body) {
            Ok(_) => {
                let make = |pad: String| CheckoutReply {
                    v: VERSION,
                    cart_url: "https://localhost/cart/0123abcd".into(),
                    pad,
                };
                let bare = serde_json::to_vec(&make(String::new())).expect("json");
                (200, pad(bare, protocol::padded_reply(make)))
            }
            Err(refusal) => error(refusal.code),
        },
        _ => error(ErrorCode::NotFound),
    };
    let mut response = Response::new(Full::new(Bytes::from(reply)));
    *response.status_mut() = StatusCode::from_u16(status).expect("status");
    let headers = response.headers_mut();
    headers.insert("content-type", "application/json".parse().expect("header"));
    if how.set_cookie {
        headers.insert(
            "set-cookie",
            "session=4f2a9c; Path=/; HttpOnly".parse().expect("header"),
        );
    }
    response
}

// ------------------------------------------------------------ the binary

/// `hushcart` with a home of its own, so no developer file is read.
fn hushcart(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hushcart"));
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("HUSHCART_DATA_DIR", home.join("data"))
        .env_remove("HUSHCART_MODEL")
        .env_remove("RUST_LOG");
    cmd
}

/// Kills the child process when the test ends, however it ends.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Run `hushcart catalog check` off the async threads (the server under test
/// runs on them).
async fn run_check(home: &Path, args: Vec<String>) -> Output {
    let mut cmd = hushcart(home);
    cmd.arg("catalog").arg("check").args(args);
    tokio::task::spawn_blocking(move || cmd.output().expect("run hushcart"))
        .await
        .expect("join")
}

fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

// ------------------------------------------------------------------ tests

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_server_passes_every_check() {
    let pki = Pki::new();
    let mut server = start_reference(&pki, ServerOptions::default()).await;
    let outcomes = check::check(&url(server.local_addr), Some(&pki.ca), CHECK_TIMEOUT).await;
    assert_eq!(
        outcomes.iter().map(|o| o.check).collect::<Vec<_>>(),
        CHECKS.to_vec()
    );
    assert!(failed(&outcomes).is_empty(), "{outcomes:#?}");
    assert!(outcome(&outcomes, "tls").detail.starts_with("TLS 1.3"));
    let resumption = &outcome(&outcomes, "no_resumption").detail;
    assert!(!resumption.contains("warning"), "{resumption}");
    server.shutdown();
    tokio::time::timeout(DEADLINE, server)
        .await
        .expect("the server did not stop")
        .expect("server");
}

#[test]
fn catalog_serve_and_catalog_check_pass_end_to_end() {
    let pki = Pki::new();
    let home = tempfile::tempdir().expect("home");
    let products = home.path().join("products.jsonl");
    let lines: Vec<String> = offers()
        .iter()
        .map(|o| serde_json::to_string(o).expect("json"))
        .collect();
    std::fs::write(&products, lines.join("\n") + "\n").expect("write");
    // A free port: bind, note, release. Another process could take it in
    // between; the poll below would then fail with the server's error.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut serve = KillOnDrop(
        hushcart(home.path())
            .args(["catalog", "serve", "--catalog"])
            .arg(&products)
            .args(["--addr", &addr, "--tls-cert"])
            .arg(&pki.cert)
            .arg("--tls-key")
            .arg(&pki.key)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start hushcart catalog serve"),
    );
    let started = Instant::now();
    loop {
        if std::net::TcpStream::connect(&addr).is_ok() {
            break;
        }
        if let Some(status) = serve.0.try_wait().expect("wait") {
            let mut stderr = String::new();
            if let Some(mut pipe) = serve.0.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
            }
            panic!("catalog serve exited with {status}: {stderr}");
        }
        assert!(
            started.elapsed() < DEADLINE,
            "catalog serve did not start listening"
        );
        std::thread::yield_now();
    }

    let url = format!("https://{addr}");
    let output = hushcart(home.path())
        .args(["catalog", "check", &url, "--ca-file"])
        .arg(&pki.ca)
        .output()
        .expect("run catalog check");
    let lines = stdout_lines(&output);
    assert!(
        output.status.success(),
        "{}\n{}",
        lines.join("\n"),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(lines.len(), CHECKS.len(), "{lines:#?}");
    for (line, check) in lines.iter().zip(CHECKS) {
        assert!(line.starts_with(&format!("PASS {check}  ")), "{line}");
    }

    let output = hushcart(home.path())
        .args(["catalog", "check", &url, "--json", "--ca-file"])
        .arg(&pki.ca)
        .output()
        .expect("run catalog check --json");
    assert!(output.status.success());
    for (line, check) in stdout_lines(&output).iter().zip(CHECKS) {
        let value: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        assert_eq!(value["check"], check);
        assert_eq!(value["passed"], true, "{line}");
        assert!(value["detail"].is_string());
    }
}

#[test]
fn catalog_serve_names_a_missing_or_empty_tls_file() {
    let pki = Pki::new();
    let home = tempfile::tempdir().expect("home");
    let missing = home.path().join("nowhere.pem");
    let output = hushcart(home.path())
        .args(["catalog", "serve", "--addr", "127.0.0.1:0", "--tls-cert"])
        .arg(&missing)
        .arg("--tls-key")
        .arg(&pki.key)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nowhere.pem"), "{stderr}");

    // A key file that holds only a certificate.
    let output = hushcart(home.path())
        .args(["catalog", "serve", "--addr", "127.0.0.1:0", "--tls-cert"])
        .arg(&pki.cert)
        .arg("--tls-key")
        .arg(&pki.cert)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no private key in") && stderr.contains("cert.pem"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_check_fails_no_cookies_against_a_server_that_sets_one() {
    let pki = Pki::new();
    let addr = start_misbehaving(
        &pki,
        Misbehaviour {
            set_cookie: true,
            ..Misbehaviour::default()
        },
    )
    .await;
    let home = tempfile::tempdir().expect("home");
    let args = vec![url(addr), "--ca-file".into(), pki.ca.display().to_string()];
    let output = run_check(home.path(), args).await;
    assert_eq!(output.status.code(), Some(1));
    let lines = stdout_lines(&output);
    let cookie = lines
        .iter()
        .find(|l| l.contains(" no_cookies "))
        .expect("a no_cookies line");
    assert!(
        cookie.starts_with("FAIL no_cookies  set-cookie on GET /v1/vocabulary"),
        "{cookie}"
    );
    // Everything else about that server is right.
    let others: Vec<&String> = lines
        .iter()
        .filter(|l| !l.starts_with("PASS") && !l.contains(" no_cookies "))
        .collect();
    assert!(others.is_empty(), "{lines:#?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 of 15 checks failed"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_check_fails_padding_checks_against_a_server_that_ignores_padding() {
    let pki = Pki::new();
    let addr = start_misbehaving(
        &pki,
        Misbehaviour {
            ignore_padding: true,
            ..Misbehaviour::default()
        },
    )
    .await;
    let outcomes = check::check(&url(addr), Some(&pki.ca), CHECK_TIMEOUT).await;
    assert_eq!(
        failed(&outcomes),
        vec!["reply_padded", "requires_padding"],
        "{outcomes:#?}"
    );
    let requires = &outcome(&outcomes, "requires_padding").detail;
    assert!(
        requires.contains("unpadded") && requires.contains("was accepted (HTTP 200)"),
        "{requires}"
    );
    let reply = &outcome(&outcomes, "reply_padded").detail;
    assert!(
        reply.contains("the search reply is") && reply.contains("not a multiple of 16384"),
        "{reply}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_check_warns_when_a_server_resumes_sessions() {
    let pki = Pki::new();
    let addr = start_misbehaving(
        &pki,
        Misbehaviour {
            resumption: true,
            ..Misbehaviour::default()
        },
    )
    .await;
    let outcomes = check::check(&url(addr), Some(&pki.ca), CHECK_TIMEOUT).await;
    assert!(failed(&outcomes).is_empty(), "{outcomes:#?}");
    let detail = &outcome(&outcomes, "no_resumption").detail;
    assert!(
        detail.starts_with("warning: the server resumed a TLS session"),
        "{detail}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_check_fails_tls_for_a_certificate_from_another_ca() {
    let trusted = Pki::new();
    let other = Pki::with_ca_name("some other CA");
    let server = start_reference(&other, ServerOptions::default()).await;
    let outcomes = check::check(&url(server.local_addr), Some(&trusted.ca), CHECK_TIMEOUT).await;
    let tls = outcome(&outcomes, "tls");
    assert!(!tls.passed);
    assert!(
        tls.detail.contains("invalid peer certificate") && tls.detail.contains("UnknownIssuer"),
        "{}",
        tls.detail
    );
    for o in outcomes.iter().skip(2) {
        assert!(
            !o.passed && o.detail == "skipped: no TLS connection",
            "{o:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_check_fails_tls_with_the_reason_when_nothing_listens() {
    let pki = Pki::new();
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let url = format!("https://127.0.0.1:{port}");
    let outcomes = check::check(&url, Some(&pki.ca), Duration::from_secs(5)).await;
    let tls = outcome(&outcomes, "tls");
    assert!(
        !tls.passed && tls.detail.contains("cannot connect to 127.0.0.1"),
        "{tls:?}"
    );
    assert!(outcomes
        .iter()
        .skip(2)
        .all(|o| o.detail.starts_with("skipped:")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_check_survives_a_server_that_answers_garbage_or_nothing() {
    let pki = Pki::new();
    let acceptor = tokio_rustls::TlsAcceptor::from(pki.server_tls());
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut n = 0u32;
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                continue;
            };
            n += 1;
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = [0u8; 4096];
                let _ = tls.read(&mut buf).await;
                if n.is_multiple_of(2) {
                    let _ = tls.write_all(&[0xff; 8192]).await;
                } else {
                    // Say nothing and hold the connection open.
                    std::future::pending::<()>().await;
                }
            });
        }
    });
    let started = Instant::now();
    let outcomes = check::check(&url(addr), Some(&pki.ca), Duration::from_millis(500)).await;
    assert!(started.elapsed() < DEADLINE);
    assert!(outcome(&outcomes, "tls").passed);
    assert!(!outcome(&outcomes, "vocabulary").passed);
    assert!(!outcome(&outcomes, "no_cookies").passed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_bodies_are_refused_with_413_before_they_are_read() {
    let pki = Pki::new();
    let server = start_reference(&pki, ServerOptions::default()).await;
    // Declares 2 MB, sends 1 KiB and waits: the answer must come anyway.
    let mut request = b"POST /v1/search HTTP/1.1\r\nhost: localhost\r\n\
        content-type: application/json\r\ncontent-length: 2000000\r\n\r\n"
        .to_vec();
    request.extend_from_slice(&[b' '; 1024]);
    let reply = raw_exchange(&pki, server.local_addr, &request).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply:.200}");
    assert!(reply.contains("\"too_large\""), "{reply:.300}");

    // Chunked, no length: cut off as soon as it passes the limit.
    let mut request = b"POST /v1/search HTTP/1.1\r\nhost: localhost\r\n\
        transfer-encoding: chunked\r\n\r\n7d0\r\n"
        .to_vec();
    request.extend_from_slice(&[b' '; 2000]);
    request.extend_from_slice(b"\r\n");
    let reply = raw_exchange(&pki, server.local_addr, &request).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply:.200}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_by_the_timeouts() {
    let pki = Pki::new();
    let short = Duration::from_millis(300);
    let options = ServerOptions {
        handshake_timeout: short,
        header_read_timeout: short,
        body_timeout: short,
        ..ServerOptions::default()
    };
    let server = start_reference(&pki, options).await;
    let addr = server.local_addr;

    // No TLS handshake at all: closed.
    let mut tcp = TcpStream::connect(addr).await.expect("connect");
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(DEADLINE, tcp.read(&mut buf))
        .await
        .expect("not cut off during the handshake");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");

    // The head dripped a byte at a time: closed without an answer.
    let reply = drip(
        &pki,
        addr,
        b"POST /v1/search HTTP/1.1\r\nhost: localhost\r\nx-slow: ",
        b"a",
    )
    .await;
    assert!(!reply.contains("200 OK"), "{reply}");

    // The body dripped a byte at a time: refused and closed.
    let head = format!(
        "POST /v1/search HTTP/1.1\r\nhost: localhost\r\ncontent-length: {REQUEST_BODY_BYTES}\r\n\r\n"
    );
    let reply = drip(&pki, addr, head.as_bytes(), b" ").await;
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply:.200}");
    assert!(reply.contains("did not arrive within"), "{reply:.300}");
}

/// Send `head`, then one `byte` every 50 ms until the server closes the
/// connection; fails after [`DEADLINE`]. Returns what the server answered.
async fn drip(pki: &Pki, addr: SocketAddr, head: &[u8], byte: &[u8]) -> String {
    let tls = tls_connect(pki, addr).await;
    let (mut reader, mut writer) = tokio::io::split(tls);
    writer.write_all(head).await.expect("write");
    let reading = tokio::spawn(async move {
        let mut reply = Vec::new();
        let _ = reader.read_to_end(&mut reply).await;
        reply
    });
    let started = Instant::now();
    let dripping = async {
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if writer.write_all(byte).await.is_err() || writer.flush().await.is_err() {
                // Closed by the server: keep waiting for the reader.
                std::future::pending::<()>().await;
            }
        }
    };
    let reply = tokio::select! {
        reply = reading => reply.expect("reader"),
        _ = dripping => unreachable!(),
        _ = tokio::time::sleep(DEADLINE) => panic!("a slow client was not cut off"),
    };
    assert!(started.elapsed() < DEADLINE);
    String::from_utf8_lossy(&reply).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_set_no_cookie_ignore_the_clients_and_forbid_caching() {
    let pki = Pki::new();
    let server = start_reference(&pki, ServerOptions::default()).await;
    let reply = raw_exchange(
        &pki,
        server.local_addr,
        b"GET /v1/vocabulary HTTP/1.1\r\nhost: localhost\r\ncookie: session=abc\r\n\
          connection: close\r\n\r\n",
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply:.200}");
    assert!(!header_present(&reply, "set-cookie"), "{reply:.400}");
    assert!(reply
        .to_ascii_lowercase()
        .contains("cache-control: no-store"));
    assert!(reply
        .to_ascii_lowercase()
        .contains("content-type: application/json"));

    // Wrong method: 405 with the allowed one; unknown path: 404; both are
    // protocol error bodies, padded like every reply.
    let reply = raw_exchange(
        &pki,
        server.local_addr,
        b"GET /v1/search HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 405"), "{reply:.200}");
    assert!(
        reply.to_ascii_lowercase().contains("allow: post"),
        "{reply:.300}"
    );
    let reply = raw_exchange(
        &pki,
        server.local_addr,
        b"GET /admin HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 404"), "{reply:.200}");
    let body = reply.split("\r\n\r\n").nth(1).unwrap_or("");
    assert_eq!(body.len() % REPLY_BUCKET_BYTES, 0);
    assert!(
        protocol::error_message(body.as_bytes()).is_some(),
        "{body:.200}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_links_are_https_opaque_and_the_same_for_the_same_cart() {
    let pki = Pki::new();
    let server = start_reference(&pki, ServerOptions::default()).await;
    let lines = [CartLine {
        id: "p00002".into(),
        quantity: 2,
    }];
    let body = protocol::checkout_body(&lines).expect("body");
    let mut links = Vec::new();
    for _ in 0..2 {
        let reply = post(&pki, server.local_addr, "/v1/checkout", &body).await;
        assert_eq!(reply.0, 200);
        links.push(protocol::parse_checkout_reply(&reply.1).expect("a checkout reply"));
    }
    let prefix = format!("https://localhost:{}/cart/", server.local_addr.port());
    assert!(links[0].starts_with(&prefix), "{}", links[0]);
    assert!(!links[0].contains("p00002"));
    assert_eq!(links[0], links[1]);

    // An unknown product is not put in a cart.
    let body = protocol::checkout_body(&[CartLine {
        id: "p99999".into(),
        quantity: 1,
    }])
    .expect("body");
    let reply = post(&pki, server.local_addr, "/v1/checkout", &body).await;
    assert_eq!(reply.0, 404);
}

/// POST `body` with hyper over a fresh TLS connection: status and body.
async fn post(pki: &Pki, addr: SocketAddr, path: &str, body: &[u8]) -> (u16, Bytes) {
    let tls = tls_connect(pki, addr).await;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    let request = Request::post(path)
        .header("host", format!("localhost:{}", addr.port()))
        .header("content-type", "application/json")
        .header("connection", "close")
        .body(Full::new(Bytes::copy_from_slice(body)))
        .expect("request");
    let response = tokio::time::timeout(DEADLINE, sender.send_request(request))
        .await
        .expect("timely")
        .expect("response");
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_idle_connections_and_stops_the_server() {
    let pki = Pki::new();
    let mut server = start_reference(&pki, ServerOptions::default()).await;
    let mut idle = tls_connect(&pki, server.local_addr).await;
    server.shutdown();
    tokio::time::timeout(DEADLINE, server)
        .await
        .expect("the server did not stop")
        .expect("server");
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(DEADLINE, idle.read(&mut buf))
        .await
        .expect("the idle connection was not closed");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_limit_wait_until_a_slot_is_free() {
    let pki = Pki::new();
    let options = ServerOptions {
        max_connections: 1,
        ..ServerOptions::default()
    };
    let server = start_reference(&pki, options).await;
    let first = tls_connect(&pki, server.local_addr).await;
    let second = tokio::spawn({
        let config = pki.client_tls();
        let addr = server.local_addr;
        async move {
            let tcp = TcpStream::connect(addr).await.expect("connect");
            let name = ServerName::try_from("localhost").expect("name");
            tokio_rustls::TlsConnector::from(config)
                .connect(name, tcp)
                .await
        }
    });
    // The second is not served while the first holds the only slot...
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!second.is_finished());
    // ...and is as soon as it is released.
    drop(first);
    let second = tokio::time::timeout(DEADLINE, second)
        .await
        .expect("the waiting connection was never served")
        .expect("join");
    assert!(second.is_ok(), "{second:?}");
}
