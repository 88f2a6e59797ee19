//! `cargo bench --bench ask`: time from transcript to ranked results, the
//! part of `hushcart ask` after speech recognition: parse, minimize, search,
//! filter and re-rank.
//!
//! - **local**: the embedded demo catalog in process;
//! - **reference server**: `catalog serve`'s server on loopback over TLS,
//!   through the https adapter (a fresh TLS connection per query, as in
//!   production), with an in-memory ledger.
//!
//! The transcripts are the search and add_to_cart utterances of the blind
//! test split (`assets/intents/test.jsonl`), run once untimed to warm up,
//! then `ROUNDS` times. Prints the median, p95 and max per request.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hushcart::catalog::https::{HttpsCatalog, HttpsOptions};
use hushcart::catalog::local::LocalCatalog;
use hushcart::catalog::server::{self, ServerOptions};
use hushcart::catalog::{Catalog, Vocabulary};
use hushcart::intent::{self, IntentKind};
use hushcart::personalize::Profile;
use hushcart::privacy::ledger::MemoryLedger;
use hushcart::privacy::Policy;
use hushcart::respond;

const ROUNDS: usize = 3;

fn transcripts() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/intents/test.jsonl"
    ))
    .expect("the test split");
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| matches!(v["intent"].as_str(), Some("search" | "add_to_cart")))
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

async fn measure(label: &str, catalog: &dyn Catalog, vocabulary: &Vocabulary, texts: &[String]) {
    let profile = Profile::default();
    let mut times = Vec::new();
    let mut answered = 0usize;
    let mut results = 0usize;
    for round in 0..=ROUNDS {
        for text in texts {
            let started = Instant::now();
            let parsed = intent::parse(text);
            let answer = respond::answer(
                text,
                &parsed,
                catalog,
                vocabulary,
                Policy::default(),
                &profile,
            )
            .await;
            let elapsed = started.elapsed();
            if round == 0 {
                continue;
            }
            times.push(elapsed);
            if let Ok(answer) = answer {
                if let Some(ranked) = answer.ranked {
                    answered += 1;
                    results += ranked.items.len();
                }
            }
        }
    }
    times.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{label:<18} {:>5} requests ({} searched, {:.1} results each): median {:>8.0} µs  p95 {:>8.0} µs  max {:>8.0} µs",
        times.len(),
        answered,
        results as f64 / answered.max(1) as f64,
        us(percentile(&times, 0.5)),
        us(percentile(&times, 0.95)),
        us(*times.last().unwrap_or(&Duration::ZERO)),
    );
}

fn main() {
    let texts = transcripts();
    let kinds = texts
        .iter()
        .filter(|t| intent::parse(t).kind == IntentKind::Search)
        .count();
    println!(
        "{} transcripts ({kinds} parsed as search), {ROUNDS} rounds after a warm-up",
        texts.len()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let local = Arc::new(LocalCatalog::embedded().expect("embedded catalog"));
    let vocabulary = local.published_vocabulary().clone();
    runtime.block_on(measure("local", local.as_ref(), &vocabulary, &texts));

    // The reference server on loopback with a throw-away certificate.
    let dir = tempfile::tempdir().expect("temp dir");
    let key = rcgen::KeyPair::generate().expect("key");
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .expect("params")
        .self_signed(&key)
        .expect("certificate");
    let (cert_pem, key_pem) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_pem, cert.pem()).expect("write");
    std::fs::write(&key_pem, key.serialize_pem()).expect("write");
    let tls = server::tls_config(&cert_pem, &key_pem).expect("tls");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let handle =
            server::spawn(local.clone(), listener, tls, ServerOptions::default()).expect("server");
        let url = format!("https://localhost:{}", handle.local_addr.port());
        let catalog = HttpsCatalog::new(
            "reference",
            &url,
            Some(&cert_pem),
            Arc::new(MemoryLedger::default()),
            HttpsOptions::default(),
        )
        .expect("client");
        measure("reference server", &catalog, &vocabulary, &texts).await;
        drop(handle);
    });
}
