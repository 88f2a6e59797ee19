//! `cargo bench --bench catalog`: the local catalog's index build time,
//! memory and search latency, for the embedded demo catalog and for a
//! generated catalog of 1,000,000 products (100,000 with `--quick`, i.e.
//! `cargo bench --bench catalog -- --quick`, or `HUSHCART_BENCH_QUICK=1`).
//!
//! The generated catalog clones the demo products with new ids
//! (`g0000001`...), prices scaled by 0.5 to 1.5 and a varied first title
//! word, all from a fixed-seed generator, so every run builds the same
//! catalog.
//!
//! Memory is the process's resident set (`VmRSS`) before and after each
//! step, and the peak (`VmHWM`) at the end; the allocator may keep freed
//! memory, so the differences are approximate.
//!
//! Search latency: 200 queries of 1 to 3 published terms (some with a
//! price limit, some with a sort) through `LocalCatalog::find`, after one
//! untimed pass; median, p95 and max in microseconds.

use std::time::{Duration, Instant};

use hushcart::catalog::local::LocalCatalog;
use hushcart::catalog::protocol::{SearchRequest, VERSION};
use hushcart::catalog::{Offer, Vocabulary};
use hushcart::privacy::{Sort, PAGE_SIZE, PRICE_BUCKETS};

/// Products in the generated catalog (full run, quick run).
const GENERATED: usize = 1_000_000;
const GENERATED_QUICK: usize = 100_000;

/// Queries per latency run.
const QUERIES: usize = 200;

/// Title words the generated products start with.
const TITLE_WORDS: [&str; 16] = [
    "classic",
    "deluxe",
    "value",
    "family",
    "select",
    "premium",
    "everyday",
    "fresh",
    "signature",
    "essential",
    "original",
    "ultra",
    "compact",
    "smart",
    "daily",
    "choice",
];

/// A small fixed-seed generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number from 0 up to (not including) `n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number from 0 to 1.
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}

/// Resident memory of this process (`VmRSS`), in bytes.
fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn mib(bytes: Option<u64>) -> String {
    bytes.map_or("?".into(), |b| {
        format!("{:.0} MiB", b as f64 / (1024.0 * 1024.0))
    })
}

fn delta(before: Option<u64>, after: Option<u64>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => format!("{:+.0} MiB", (a as f64 - b as f64) / (1024.0 * 1024.0)),
        _ => "?".into(),
    }
}

/// `count` products cloned from `base` with new ids, varied prices and a
/// varied first title word.
fn generate(base: &[Offer], count: usize) -> Vec<Offer> {
    let mut rng = Lcg(0x5eed);
    (0..count)
        .map(|i| {
            let mut offer = base[i % base.len()].clone();
            offer.id = format!("g{:07}", i + 1);
            let scale = 0.5 + rng.unit();
            offer.price = (offer.price * scale * 100.0).round() / 100.0;
            let word = TITLE_WORDS[rng.below(TITLE_WORDS.len())];
            offer.title = format!("{word} {}", offer.title);
            offer.reviews = rng.below(5_000) as u32;
            offer
        })
        .collect()
}

/// The benchmark's queries: 1 to 3 of the vocabulary's terms; every third
/// with a price limit, every fourth sorted by something other than
/// relevance.
fn queries(vocabulary: &Vocabulary) -> Vec<SearchRequest> {
    let terms: Vec<&String> = vocabulary.terms.iter().collect();
    let mut rng = Lcg(42);
    let sorts = [Sort::PriceAsc, Sort::PriceDesc, Sort::Rating];
    (0..QUERIES)
        .map(|i| SearchRequest {
            v: VERSION,
            terms: (0..=rng.below(3))
                .map(|_| terms[rng.below(terms.len())].clone())
                .collect(),
            category: None,
            price_min: None,
            price_max: (i % 3 == 0).then(|| PRICE_BUCKETS[rng.below(PRICE_BUCKETS.len())]),
            size: None,
            color: None,
            sort: if i % 4 == 0 {
                sorts[rng.below(sorts.len())]
            } else {
                Sort::Relevance
            },
            limit: PAGE_SIZE,
            pad: String::new(),
        })
        .collect()
}

/// Time every query through `find`, after an untimed pass.
fn latency(name: &str, catalog: &LocalCatalog, requests: &[SearchRequest]) {
    for request in requests {
        std::hint::black_box(catalog.find(request).expect("search"));
    }
    let mut times: Vec<Duration> = Vec::with_capacity(requests.len());
    let mut results = 0;
    let mut empty = 0;
    for request in requests {
        let started = Instant::now();
        let found = catalog.find(std::hint::black_box(request)).expect("search");
        times.push(started.elapsed());
        results += found.len();
        empty += usize::from(found.is_empty());
    }
    times.sort();
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    let p95 = times[(times.len() * 95).div_ceil(100).saturating_sub(1)];
    println!(
        "{name}: search ({} queries): median {:.0} µs, p95 {:.0} µs, max {:.0} µs \
         ({:.1} offers a query, {empty} with none)",
        times.len(),
        micros(times[times.len() / 2]),
        micros(p95),
        micros(times[times.len() - 1]),
        results as f64 / times.len() as f64,
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick")
        || std::env::var("HUSHCART_BENCH_QUICK").is_ok_and(|v| v == "1");
    let generated = if quick { GENERATED_QUICK } else { GENERATED };

    let before = rss_bytes();
    let started = Instant::now();
    let demo = LocalCatalog::embedded().expect("the embedded catalog");
    let seconds = started.elapsed().as_secs_f64();
    let after = rss_bytes();
    println!(
        "embedded: {} products, built in {seconds:.3} s; resident memory {} before, {} after ({})",
        demo.len(),
        mib(before),
        mib(after),
        delta(before, after),
    );
    let requests = queries(demo.published_vocabulary());
    latency("embedded", &demo, &requests);

    let base: Vec<Offer> = demo.offers().to_vec();
    let vocabulary = demo.published_vocabulary().clone();
    drop(demo);
    let before_products = rss_bytes();
    let offers = generate(&base, generated);
    let before = rss_bytes();
    println!(
        "generated: {generated} products made; resident memory {} before, {} after ({})",
        mib(before_products),
        mib(before),
        delta(before_products, before),
    );
    let started = Instant::now();
    let big = LocalCatalog::from_offers(offers, vocabulary).expect("the generated catalog");
    let seconds = started.elapsed().as_secs_f64();
    let after = rss_bytes();
    println!(
        "generated: {} products, built in {seconds:.1} s; resident memory {} before, {} after \
         ({}: the index; the products were moved in, not copied)",
        big.len(),
        mib(before),
        mib(after),
        delta(before, after),
    );
    latency("generated", &big, &requests);
    println!(
        "peak resident memory (VmHWM): {}",
        mib(hushcart::commands::peak_rss_bytes())
    );
}
