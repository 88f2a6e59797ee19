//! The privacy contract, end to end: the binary is pointed at a capture
//! server (a real TLS server on loopback that records every byte) through
//! its configuration file, and driven with utterances full of personal data.

mod util;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use util::capture::{self, Behaviour, CaptureServer, Pki};
use util::{json_lines, stderr, TempHome};

/// One utterance of `tests/fixtures/privacy/personal.jsonl` (written blind).
struct Case {
    id: String,
    text: String,
    secrets: Vec<String>,
}

/// A case and the connections its request made.
struct Sent {
    case: Case,
    connections: Vec<capture::Connection>,
}

fn personal_cases() -> Vec<Case> {
    let path = util::root().join("tests/fixtures/privacy/personal.jsonl");
    std::fs::read_to_string(&path)
        .expect("personal-data fixtures")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("fixture line");
            Case {
                id: v["id"].as_str().expect("id").to_string(),
                text: v["text"].as_str().expect("text").to_string(),
                secrets: v["secrets"]
                    .as_array()
                    .expect("secrets")
                    .iter()
                    .map(|s| s.as_str().expect("secret").to_string())
                    .collect(),
            }
        })
        .collect()
}

/// A home whose configuration points at `server` with the given extra
/// lines in the retailer table and the `[catalog]` table.
fn configure(
    home: &TempHome,
    server_url: &str,
    pki: &Pki,
    retailer: &str,
    catalog: &str,
) -> PathBuf {
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[catalog]\nretailer = \"capture\"\n{catalog}\n\n[retailers.capture]\nurl = \"{server_url}\"\n\
             ca_file = \"{}\"\ntimeout_seconds = 3\nconnect_timeout_seconds = 2\n{retailer}\n",
            pki.ca_pem.display()
        ),
    )
    .unwrap();
    config
}

/// Put the published vocabulary in the retailer's cache, so that a test of
/// a misbehaving search is not stopped by the vocabulary download first.
fn cache_vocabulary(home: &TempHome) {
    let dir = home.data_dir().join("retailers/capture");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        util::asset("catalog/vocabulary.json"),
        dir.join("vocabulary.json"),
    )
    .unwrap();
}

fn ask(home: &TempHome, config: &Path, text: &str) -> Output {
    home.hushcart()
        .args(["ask", "--json", "--text", text, "--config"])
        .arg(config)
        .output()
        .expect("run hushcart")
}

/// What the server decrypted from `connections`, with the configured
/// host value blanked: the port number is chosen by the test, not said by
/// the shopper.
fn haystack(server: &CaptureServer, connections: &[capture::Connection]) -> Vec<u8> {
    let host = format!("127.0.0.1:{}", server.addr.port());
    let plain: Vec<u8> = connections
        .iter()
        .flat_map(|c| {
            let mut p = c.plaintext.clone();
            p.push(0);
            p
        })
        .collect();
    String::from_utf8_lossy(&plain)
        .replace(&host, "<host>")
        .into_bytes()
}

/// Every secret of each case, in every encoding `capture::leaks` knows,
/// checked against what the server decrypted from that case's own
/// connections (another request may rightly search "green tea"), and its
/// plain form against the raw TCP bytes of every connection (the TLS
/// handshake travels in the clear).
fn assert_no_leaks(server: &CaptureServer, sent: &[Sent]) {
    let raw: Vec<u8> = server
        .connections()
        .iter()
        .flat_map(|c| c.raw.clone())
        .collect();
    let mut leaks = Vec::new();
    for Sent { case, connections } in sent {
        let plain = haystack(server, connections);
        for secret in &case.secrets {
            for found in capture::leaks(&plain, secret) {
                leaks.push(format!("{}: {secret:?} as {found:?}", case.id));
            }
            let plain_form = secret.to_lowercase();
            if plain_form.len() >= 8 && capture::contains(&raw, plain_form.as_bytes()) {
                leaks.push(format!(
                    "{}: {secret:?} in the clear on the socket",
                    case.id
                ));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "personal data reached the retailer:\n{}",
        leaks.join("\n")
    );
}

/// The fixed header set, in order; `content-*` only with a body.
fn assert_fixed_shape(server: &CaptureServer) {
    let agent = format!("user-agent: hushcart/{}", env!("CARGO_PKG_VERSION_MAJOR"));
    for connection in server.connections() {
        assert!(!connection.resumed, "a TLS session was resumed");
        assert_eq!(connection.version.as_deref(), Some("TLSv1_3"));
        let requests = capture::requests(&connection.plaintext);
        assert_eq!(requests.len(), 1, "one request per connection");
        let (head, body) = &requests[0];
        let names: Vec<String> = head[1..]
            .iter()
            .map(|l| l.split(':').next().unwrap_or("").to_string())
            .collect();
        for line in &head[1..] {
            assert!(
                !line.to_lowercase().starts_with("cookie"),
                "a cookie was sent: {line}"
            );
        }
        assert!(head.contains(&agent), "{head:?}");
        if head[0].starts_with("POST ") {
            assert_eq!(
                names,
                [
                    "host",
                    "user-agent",
                    "accept",
                    "content-type",
                    "content-length",
                    "connection"
                ]
            );
            assert_eq!(body.len(), 1024, "every body is padded to one size");
            assert!(head.contains(&"content-length: 1024".to_string()));
        } else {
            assert_eq!(names, ["host", "user-agent", "accept", "connection"]);
            assert!(body.is_empty());
        }
    }
}

#[test]
fn personal_data_from_typed_requests_never_reaches_the_retailer() {
    let pki = Pki::new();
    let server = CaptureServer::start(Behaviour::Catalog, &pki);
    let home = TempHome::new();
    let config = configure(&home, &server.url(), &pki, "consent = true", "");
    let cases = personal_cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    // The first request of a fresh home downloads the vocabulary: do it
    // apart, so every case's connections are its own.
    let warm = ask(&home, &config, "help");
    assert_eq!(warm.status.code(), Some(0), "{}", stderr(&warm));
    let mut searched = 0;
    let mut sent_by_case = Vec::new();
    for case in cases {
        let before = server.connections().len();
        let output = ask(&home, &config, &case.text);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {}",
            case.id,
            stderr(&output)
        );
        let line = &json_lines(&output)[0];
        if line["sent"].is_array() {
            searched += 1;
            // `sent` is exactly what arrived.
            let sent: Vec<String> = line["sent"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["request"].as_str().unwrap().to_string())
                .collect();
            let arrived: Vec<String> = server
                .connections()
                .iter()
                .rev()
                .take(sent.len())
                .rev()
                .map(|c| String::from_utf8_lossy(&c.plaintext).into_owned())
                .collect();
            assert_eq!(sent, arrived, "{}", case.id);
        }
        let connections = server.connections()[before..].to_vec();
        sent_by_case.push(Sent { case, connections });
    }
    let total = sent_by_case.len();
    assert!(
        searched >= total / 2,
        "only {searched} of {total} asked the store"
    );
    assert_no_leaks(&server, &sent_by_case);
    assert_fixed_shape(&server);

    // The ledger holds every request, byte for byte, in order.
    let log = home
        .hushcart()
        .args(["privacy", "log", "--json", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(log.status.code(), Some(0), "{}", stderr(&log));
    let logged: Vec<String> = json_lines(&log)
        .iter()
        .map(|e| e["request"].as_str().unwrap().to_string())
        .collect();
    let arrived: Vec<String> = server
        .connections()
        .iter()
        .map(|c| String::from_utf8_lossy(&c.plaintext).into_owned())
        .collect();
    assert_eq!(logged, arrived);
}

#[test]
fn personal_data_from_recordings_never_reaches_the_retailer() {
    let Some(model) = util::real_model() else {
        return;
    };
    let dir = util::root().join("tests/fixtures/privacy/audio");
    let secrets: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(util::root().join("tests/fixtures/privacy/spoken_secrets.json"))
            .unwrap(),
    )
    .unwrap();
    let pki = Pki::new();
    let server = CaptureServer::start(Behaviour::Catalog, &pki);
    let home = TempHome::new();
    let config = configure(&home, &server.url(), &pki, "consent = true", "");
    let mut sent_by_case = Vec::new();
    cache_vocabulary(&home);
    for (id, list) in secrets.as_object().unwrap() {
        let before = server.connections().len();
        let wav = dir.join(format!("{id}.wav"));
        let output = home
            .hushcart()
            .args(["ask", "--json", "--config"])
            .arg(&config)
            .arg(&wav)
            .env("HUSHCART_MODEL", &model)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{id}: {}", stderr(&output));
        let line = &json_lines(&output)[0];
        eprintln!(
            "{id}: heard {:?}, sent {}",
            line["transcript"],
            !line["sent"].is_null()
        );
        // What the recogniser wrote is the shopper's words too: none of it
        // beyond product words may leave.
        let mut case_secrets: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        case_secrets.extend(
            line["transcript"]
                .as_str()
                .unwrap()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 5 && w.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string),
        );
        let case = Case {
            id: id.clone(),
            text: String::new(),
            secrets: case_secrets,
        };
        let connections = server.connections()[before..].to_vec();
        sent_by_case.push(Sent { case, connections });
    }
    assert!(!sent_by_case.is_empty());
    assert_no_leaks(&server, &sent_by_case);
    assert_fixed_shape(&server);
}

#[test]
fn two_identical_requests_are_identical_on_the_wire() {
    let pki = Pki::new();
    let server = CaptureServer::start(Behaviour::Catalog, &pki);
    let home = TempHome::new();
    let config = configure(&home, &server.url(), &pki, "consent = true", "");
    cache_vocabulary(&home);
    let text = "find organic almond milk under 5 dollars for maria gonzalez";
    for _ in 0..2 {
        let output = ask(&home, &config, text);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let connections = server.connections();
    assert_eq!(connections.len(), 2);
    assert_eq!(connections[0].plaintext, connections[1].plaintext);
    assert_ne!(
        connections[0].raw, connections[1].raw,
        "TLS randomness differs"
    );
}

#[test]
fn nothing_is_sent_offline_or_without_consent() {
    let pki = Pki::new();
    let server = CaptureServer::start(Behaviour::Catalog, &pki);
    let text = "find running shoes size 10";

    // Offline in the configuration: the embedded catalog answers.
    let home = TempHome::new();
    let config = configure(
        &home,
        &server.url(),
        &pki,
        "consent = true",
        "offline = true",
    );
    let output = ask(&home, &config, text);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let line = &json_lines(&output)[0];
    assert!(line["sent"].is_null());
    assert!(!line["results"].as_array().unwrap().is_empty());

    // Offline from the command line.
    let config = configure(&home, &server.url(), &pki, "consent = true", "");
    let output = home
        .hushcart()
        .args(["ask", "--json", "--offline", "--text", text, "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(json_lines(&output)[0]["sent"].is_null());

    // A retailer without consent is never contacted.
    for retailer in ["consent = false", ""] {
        let config = configure(&home, &server.url(), &pki, retailer, "");
        let output = ask(&home, &config, text);
        util::assert_fails_with(&output, &["consent"]);
    }
    assert!(
        server.connections().is_empty(),
        "something reached the retailer"
    );

    let log = home
        .hushcart()
        .args(["privacy", "log", "--json"])
        .output()
        .unwrap();
    assert_eq!(log.status.code(), Some(0));
    assert!(
        json_lines(&log).is_empty(),
        "the ledger records nothing sent"
    );
}

/// Run `ask` against a misbehaving server; it must fail with a clear
/// message, well within the configured limits (3 s an exchange, 2 retries).
fn assert_clear_failure(behaviour: Behaviour, needles: &[&str]) -> usize {
    let pki = Pki::new();
    let server = CaptureServer::start(behaviour, &pki);
    let home = TempHome::new();
    let config = configure(&home, &server.url(), &pki, "consent = true", "");
    cache_vocabulary(&home);
    let started = Instant::now();
    let output = ask(&home, &config, "find paper towels");
    let elapsed = started.elapsed();
    util::assert_fails_with(&output, needles);
    // A guard against hanging, not a speed target: three attempts of at
    // most 3 s each plus backoff.
    assert!(
        elapsed < Duration::from_secs(30),
        "{behaviour:?} took {elapsed:?}"
    );
    assert!(!server.connections().is_empty());
    server.connections().len()
}

#[test]
fn a_slow_drip_reply_times_out() {
    let _ = assert_clear_failure(
        Behaviour::SlowDrip,
        &["capture", "did not answer within 3.0 s"],
    );
}

#[test]
fn a_silent_server_times_out() {
    let _ = assert_clear_failure(Behaviour::Silent, &["capture", "did not answer"]);
}

#[test]
fn a_huge_reply_is_refused_without_reading_it() {
    assert_clear_failure(
        Behaviour::HugeReply,
        &["capture", "more than the 1048576 allowed"],
    );
}

#[test]
fn a_malformed_reply_is_an_invalid_reply() {
    let _ = assert_clear_failure(Behaviour::MalformedJson, &["capture sent an invalid reply"]);
}

#[test]
fn http_errors_are_reported_with_their_status() {
    assert_clear_failure(
        Behaviour::HttpError(500),
        &["capture answered HTTP 500", "internal"],
    );
    assert_clear_failure(Behaviour::HttpError(429), &["capture answered HTTP 429"]);
}

#[test]
fn a_reset_connection_is_reported() {
    let _ = assert_clear_failure(Behaviour::Reset, &["capture"]);
}

#[test]
fn a_server_with_a_certificate_from_another_ca_is_refused() {
    let trusted = Pki::new();
    let other = Pki::new();
    let server = CaptureServer::start(Behaviour::Catalog, &other);
    let home = TempHome::new();
    let config = configure(&home, &server.url(), &trusted, "consent = true", "");
    cache_vocabulary(&home);
    let output = ask(&home, &config, "find paper towels");
    util::assert_fails_with(&output, &["cannot reach capture", "certificate"]);
    for connection in server.connections() {
        assert!(
            connection.plaintext.is_empty(),
            "nothing is sent before the certificate is verified"
        );
    }
}

#[test]
fn a_cookie_set_by_the_retailer_is_never_sent_back() {
    let pki = Pki::new();
    let server = CaptureServer::start(Behaviour::SetsCookie, &pki);
    let home = TempHome::new();
    let config = configure(&home, &server.url(), &pki, "consent = true", "");
    for text in ["find paper towels", "find paper towels", "show me dog food"] {
        let output = ask(&home, &config, text);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    assert!(server.connections().len() >= 3);
    assert_fixed_shape(&server);
}

#[test]
fn a_checkout_is_never_retried_but_a_search_is() {
    use hushcart::catalog::https::{HttpsCatalog, HttpsOptions};
    use hushcart::catalog::{CartLine, Catalog, Vocabulary};
    use hushcart::privacy::ledger::{Ledger, MemoryLedger};
    use hushcart::privacy::{CatalogQuery, Sort};
    use std::sync::Arc;

    let pki = Pki::new();
    let server = CaptureServer::start(Behaviour::HttpError(503), &pki);
    let ledger = Arc::new(MemoryLedger::default());
    let catalog = HttpsCatalog::new(
        "capture",
        &server.url(),
        Some(&pki.ca_pem),
        ledger.clone(),
        HttpsOptions {
            timeout: Duration::from_secs(3),
            ..HttpsOptions::default()
        },
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let lines = [CartLine {
        id: "p00001".into(),
        quantity: 1,
    }];
    let err = runtime.block_on(catalog.checkout(&lines)).unwrap_err();
    assert!(err.to_string().contains("HTTP 503"), "{err}");
    assert_eq!(
        server.connections().len(),
        1,
        "a checkout is not idempotent"
    );

    let query =
        CatalogQuery::from_published_terms(&["milk"], Vocabulary::embedded(), Sort::Relevance)
            .unwrap();
    let err = runtime.block_on(catalog.search(&query)).unwrap_err();
    assert!(err.to_string().contains("HTTP 503"), "{err}");
    assert_eq!(
        server.connections().len(),
        1 + 3,
        "a search is retried twice"
    );
    // Every attempt is in the ledger, with the size of its answer.
    let entries = ledger.read().unwrap().entries;
    assert_eq!(entries.len(), 4);
    assert!(entries.iter().all(|e| e.reply_bytes.is_some()));
}
