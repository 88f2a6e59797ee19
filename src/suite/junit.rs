//! JUnit XML for CI systems (`hushcart suite run --junit FILE`).
//!
//! Takes: the runner's [`CaseResult`]s and [`Summary`]. Produces: one
//! `<testsuites>` document holding one `<testsuite>` (tests, failures,
//! errors, time), one `<testcase>` per case, and the summary figures as
//! suite `<properties>`, written by `quick-junit`, the serializer
//! cargo-nextest uses, so every value is escaped by the XML writer and
//! never by hand.
//!
//! Mapping:
//! - `name` is the case id (augmented ids included); `classname` is
//!   `SUITE.EXPECTED_INTENT`, so CI test browsers group cases by intent.
//! - `time` is the case latency in seconds; the suite's `time` is the sum of
//!   case latencies (work time: with `--jobs` the wall clock is shorter).
//! - A case with an `error` gets `<error message=ERROR>`; any other case
//!   that did not pass gets `<failure message=ONE-LINE-SUMMARY>`. Both carry
//!   a text body showing expected against got: intent, slots as JSON,
//!   missed and spurious slots, transcript against reference, WER, tags.
//! - XML 1.0 cannot hold most control characters; `quick-junit` drops them
//!   (and ANSI escapes). Every other character, markup and non-ASCII
//!   included, comes back exactly.
//!
//! Must never: write a file itself (the caller owns the writer); score
//! anything (pass, fail and figures come from the runner, which scores with
//! [`crate::score`]); log transcripts.

use std::io;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::{CaseResult, Summary};

/// Writes `results` as JUnit XML to `out`. The document is built in memory
/// first, so a failing writer is the only I/O error and no half-written
/// element is ever left behind by a serializer error.
pub fn write_junit(
    results: &[CaseResult],
    summary: &Summary,
    suite_name: &str,
    out: &mut impl io::Write,
) -> io::Result<()> {
    let mut suite = TestSuite::new(suite_name);
    suite.add_properties(summary_properties(summary));
    let mut total = Duration::ZERO;
    for result in results {
        let time = seconds(result.latency_ms);
        total = total.saturating_add(time);
        suite.add_test_case(test_case(result, suite_name, time));
    }
    suite.set_time(total);
    let mut report = Report::new(suite_name);
    report.set_time(total);
    report.add_test_suite(suite);
    let mut xml = Vec::new();
    report.serialize(&mut xml).map_err(io::Error::other)?;
    out.write_all(&xml)
}

/// A latency in milliseconds as a duration; NaN, negative and absurd values
/// become zero rather than a panic.
fn seconds(latency_ms: f64) -> Duration {
    Duration::try_from_secs_f64(latency_ms / 1000.0).unwrap_or_default()
}

fn summary_properties(summary: &Summary) -> Vec<Property> {
    let mut properties = vec![Property::new("cases", summary.cases.to_string())];
    if let Some(wer) = summary.wer {
        properties.push(Property::new("wer", format!("{wer:.4}")));
    }
    for (name, value) in [
        ("intent_accuracy", summary.intent_accuracy),
        ("slot_f1", summary.slot_f1),
        ("pass_rate", summary.pass_rate),
        ("latency_ms_p50", summary.latency_ms_p50),
        ("latency_ms_p95", summary.latency_ms_p95),
    ] {
        properties.push(Property::new(name, format!("{value:.4}")));
    }
    properties
}

fn test_case(result: &CaseResult, suite_name: &str, time: Duration) -> TestCase {
    let status = if let Some(error) = &result.error {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_message(one_line(error))
            .set_description(format!("{error}\n\n{}", details(result)));
        status
    } else if !result.passed {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_message(failure_summary(result))
            .set_description(details(result));
        status
    } else {
        TestCaseStatus::success()
    };
    let mut case = TestCase::new(result.id.as_str(), status);
    let intent = if result.expected_intent.is_empty() {
        "unlabelled"
    } else {
        &result.expected_intent
    };
    case.set_classname(format!("{suite_name}.{intent}"))
        .set_time(time);
    case
}

/// Attribute values are normalised by XML readers (a newline becomes a
/// space), so the message is kept to one line; the body has the rest.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `intent: expected "add_to_cart", got "search"; slots missed: quantity;
/// spurious: color`, leaving out what matched.
fn failure_summary(result: &CaseResult) -> String {
    let mut parts = Vec::new();
    if !result.score.intent_correct {
        parts.push(format!(
            "intent: expected {:?}, got {:?}",
            result.expected_intent, result.intent
        ));
    }
    if !result.score.missed.is_empty() {
        parts.push(format!("slots missed: {}", result.score.missed.join(", ")));
    }
    if !result.score.spurious.is_empty() {
        parts.push(format!("spurious: {}", result.score.spurious.join(", ")));
    }
    if parts.is_empty() {
        parts.push("the case did not pass".to_string());
    }
    one_line(&parts.join("; "))
}

/// The body of a failure or error: expected against got, one item a line.
fn details(result: &CaseResult) -> String {
    let json = |map: &serde_json::Map<String, serde_json::Value>| {
        serde_json::to_string(map).unwrap_or_else(|_| "{}".to_string())
    };
    let list = |names: &[String]| {
        if names.is_empty() {
            "(none)".to_string()
        } else {
            names.join(", ")
        }
    };
    let mut lines = vec![
        format!("intent expected: {}", result.expected_intent),
        format!("intent got:      {}", or_none(&result.intent)),
        format!("slots expected:  {}", json(&result.expected_slots)),
        format!("slots got:       {}", json(&result.slots)),
        format!("slots missed:    {}", list(&result.score.missed)),
        format!("slots spurious:  {}", list(&result.score.spurious)),
    ];
    match &result.expected_transcript {
        Some(reference) => lines.push(format!("reference:       {reference}")),
        None => lines.push("reference:       (none in the manifest)".to_string()),
    }
    lines.push(format!(
        "transcript:      {}",
        if result.transcript.is_empty() {
            "(no speech)"
        } else {
            &result.transcript
        }
    ));
    if let Some(wer) = result.wer {
        lines.push(format!("wer:             {wer:.3}"));
    }
    lines.push(format!("tags:            {}", list(&result.tags)));
    lines.join("\n")
}

fn or_none(text: &str) -> &str {
    if text.is_empty() {
        "(none)"
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::score_case;
    use serde_json::json;

    fn map(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    fn case(
        id: &str,
        reference: &str,
        transcript: &str,
        expected: (&str, serde_json::Value),
        got: (&str, serde_json::Value),
        latency_ms: f64,
    ) -> CaseResult {
        let (expected_slots, slots) = (map(expected.1), map(got.1));
        let score = score_case(expected.0, &expected_slots, got.0, &slots);
        CaseResult {
            id: id.to_string(),
            tags: vec!["tts".to_string()],
            expected_transcript: Some(reference.to_string()),
            transcript: transcript.to_string(),
            expected_intent: expected.0.to_string(),
            intent: got.0.to_string(),
            expected_slots,
            slots,
            passed: score.passed,
            wer: Some(crate::score::wer(reference, transcript)),
            latency_ms,
            score,
            error: None,
        }
    }

    fn summary(cases: usize) -> Summary {
        Summary {
            cases,
            wer: Some(0.125),
            intent_accuracy: 2.0 / 3.0,
            slot_f1: 0.5,
            pass_rate: 1.0 / 3.0,
            latency_ms_p50: 250.0,
            latency_ms_p95: 900.0,
        }
    }

    /// One pass, one failure full of markup and non-ASCII, one error.
    fn results() -> Vec<CaseResult> {
        let passed = case(
            "s-001",
            "find organic almond milk",
            "find organic almond milk",
            (
                "search",
                json!({"product": "almond milk", "attributes": ["organic"]}),
            ),
            (
                "search",
                json!({"product": "almond milk", "attributes": ["organic"]}),
            ),
            250.0,
        );
        let failed = case(
            "s-<002>&\"crème\"+noise-10db-pink",
            "add <two> \"crème fraîche\" & 'brie' ]]> 🧀",
            "add to <script>alert('x')</script> crème & brie",
            (
                "add_to_cart",
                json!({"product": "crème fraîche", "quantity": 2}),
            ),
            ("search", json!({"product": "brie <b>", "color": "a&b"})),
            1234.6,
        );
        let mut errored = case(
            "s-003",
            "checkout",
            "",
            ("checkout", json!({})),
            ("", json!({})),
            0.0,
        );
        errored.error = Some("cannot decode audio/s-003.wav: <truncated>\nat byte 44".to_string());
        errored.passed = false;
        vec![passed, failed, errored]
    }

    fn render(results: &[CaseResult], suite_name: &str) -> String {
        let mut out = Vec::new();
        write_junit(results, &summary(results.len()), suite_name, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Structure, attributes and counts, read by `junit-parser`.
    fn parse(xml: &str) -> junit_parser::TestSuites {
        junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).unwrap()
    }

    /// The text bodies of `<failure>` and `<error>` elements, in document
    /// order, read with `quick-xml` directly: `junit-parser` 1.7 drops
    /// entity references (`&amp;`, `&lt;`, ...) from element text, because
    /// quick-xml 0.38+ reports them as separate events it does not handle.
    fn bodies(xml: &str) -> Vec<(String, String)> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut open: Option<(String, String)> = None;
        let mut found = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if matches!(e.name().0, "failure" | "error") => {
                    open = Some((e.name().0.to_string(), String::new()));
                }
                Event::Text(t) => {
                    if let Some((_, text)) = &mut open {
                        text.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some((_, text)) = &mut open {
                        let reference = format!("&{};", &*r);
                        text.push_str(&quick_xml::escape::unescape(&reference).unwrap());
                    }
                }
                Event::End(e) if matches!(e.name().0, "failure" | "error") => {
                    found.extend(open.take());
                }
                Event::Eof => break,
                _ => {}
            }
        }
        found
    }

    #[test]
    fn counts_and_times_match_the_results() {
        let results = results();
        let parsed = parse(&render(&results, "smoke"));
        assert_eq!(parsed.suites.len(), 1);
        let suite = &parsed.suites[0];
        assert_eq!(suite.name, "smoke");
        assert_eq!((suite.tests, suite.failures, suite.errors), (3, 1, 1));
        assert_eq!((parsed.tests, parsed.failures, parsed.errors), (3, 1, 1));
        assert!((suite.time - 1.485).abs() < 1e-9, "{}", suite.time);
        let times: Vec<f64> = suite.cases.iter().map(|c| c.time).collect();
        assert_eq!(times, vec![0.25, 1.235, 0.0]);
    }

    #[test]
    fn ids_transcripts_and_slots_with_markup_and_non_ascii_survive_a_round_trip() {
        let results = results();
        let xml = render(&results, "suite <é>");
        assert!(!xml.contains("<script>"), "unescaped markup in:\n{xml}");
        let parsed = parse(&xml);
        let suite = &parsed.suites[0];
        assert_eq!(suite.name, "suite <é>");
        let ids: Vec<&str> = suite
            .cases
            .iter()
            .map(|c| c.original_name.as_str())
            .collect();
        assert_eq!(
            ids,
            vec!["s-001", "s-<002>&\"crème\"+noise-10db-pink", "s-003"]
        );
        let classnames: Vec<_> = suite.cases.iter().map(|c| c.classname.as_deref()).collect();
        assert_eq!(
            classnames,
            vec![
                Some("suite <é>.search"),
                Some("suite <é>.add_to_cart"),
                Some("suite <é>.checkout")
            ]
        );

        assert!(suite.cases[0].status.is_success());

        let failure = suite.cases[1].status.failure_as_ref();
        assert_eq!(
            failure.message,
            "intent: expected \"add_to_cart\", got \"search\"; \
             slots missed: product, quantity; spurious: product, color"
        );
        let bodies = bodies(&xml);
        assert_eq!(bodies.len(), 2);
        let (element, text) = &bodies[0];
        assert_eq!(element, "failure");
        for line in [
            "intent expected: add_to_cart",
            "intent got:      search",
            r#"slots expected:  {"product":"crème fraîche","quantity":2}"#,
            r#"slots got:       {"color":"a&b","product":"brie <b>"}"#,
            "reference:       add <two> \"crème fraîche\" & 'brie' ]]> 🧀",
            "transcript:      add to <script>alert('x')</script> crème & brie",
            "tags:            tts",
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
        }

        let error = suite.cases[2].status.error_as_ref();
        assert_eq!(
            error.message,
            "cannot decode audio/s-003.wav: <truncated> at byte 44"
        );
        let (element, text) = &bodies[1];
        assert_eq!(element, "error");
        assert!(
            text.starts_with("cannot decode audio/s-003.wav: <truncated>\nat byte 44\n\n"),
            "{text}"
        );
        assert!(text.lines().any(|l| l == "intent expected: checkout"));
        assert!(text.lines().any(|l| l == "intent got:      (none)"));
        assert!(text.lines().any(|l| l == "transcript:      (no speech)"));
    }

    #[test]
    fn summary_figures_are_suite_properties() {
        let parsed = parse(&render(&results(), "smoke"));
        let properties = &parsed.suites[0].properties.hashmap;
        assert_eq!(properties["cases"], "3");
        assert_eq!(properties["wer"], "0.1250");
        assert_eq!(properties["intent_accuracy"], "0.6667");
        assert_eq!(properties["latency_ms_p95"], "900.0000");
    }

    #[test]
    fn an_empty_suite_is_still_a_valid_document() {
        let parsed = parse(&render(&[], "empty"));
        assert_eq!(parsed.suites[0].tests, 0);
        assert!(parsed.suites[0].cases.is_empty());
    }

    #[test]
    fn absurd_latencies_do_not_panic() {
        let mut results = results();
        results[0].latency_ms = f64::NAN;
        results[1].latency_ms = -5.0;
        results[2].latency_ms = f64::INFINITY;
        let parsed = parse(&render(&results, "smoke"));
        assert!(parsed.suites[0].cases.iter().all(|c| c.time == 0.0));
    }

    #[test]
    fn a_failing_writer_reports_its_error() {
        struct Broken;
        impl io::Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let err = write_junit(&results(), &summary(3), "smoke", &mut Broken).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }
}
