//! The human-readable suite report, as one HTML file or as Markdown.
//!
//! Takes: the runner's [`CaseResult`]s and [`Summary`]. Produces, in this
//! order:
//! - the summary (cases, WER, intent accuracy, slot F1, pass rate, latency
//!   p50 and p95), as the runner computed it;
//! - a per-tag breakdown (cases, WER, intent accuracy, slot F1, pass rate for
//!   every tag, augmentation tags included, then untagged cases and all
//!   cases), tallied with [`crate::score::IntentTally`] and
//!   [`crate::score::WerTally`], the same tallies the runner's summary uses;
//! - a confusion matrix of intents (rows expected, columns predicted, only
//!   intents that occur; an empty prediction shows as "(none)");
//! - precision, recall and F1 per slot (from [`IntentTally::per_slot`]);
//! - latency percentiles (p50, p90, p95, max) by [`percentile`];
//! - every failing case with its reference, transcript, expected and got.
//!
//! The HTML is a single self-contained file: inline CSS, no scripts, no
//! external resources, so it can be archived by CI and opened anywhere.
//! Every value that comes from data (ids, tags, transcripts, intents, slot
//! names and values, error messages) is escaped with `html-escape`; the
//! Markdown escapes the same values for Markdown and for the HTML that
//! Markdown renderers pass through.
//!
//! Must never: score by other rules than [`crate::score`] (it only adds up
//! the runner's per-case scores); fetch or link anything; log transcripts
//! (they go only into the report the tester asked for).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::score::{IntentTally, SlotCounts, WerTally};

use super::{CaseResult, Summary};

/// The report's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// One self-contained HTML page.
    Html,
    /// GitHub-flavoured Markdown (tables).
    Markdown,
}

impl ReportFormat {
    /// The format named by a file's extension, ignoring case: `.html` and
    /// `.htm` are HTML, `.md` and `.markdown` Markdown; anything else (or
    /// no extension) is `None`.
    pub fn from_path(path: &Path) -> Option<ReportFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "html" | "htm" => Some(ReportFormat::Html),
            "md" | "markdown" => Some(ReportFormat::Markdown),
            _ => None,
        }
    }
}

/// The `p`th percentile (`p` in percent, 0 to 100) of values sorted in
/// ascending order, by the nearest-rank method: the value at rank
/// `ceil(p / 100 × n)`, counting from 1, with the rank kept within
/// `1..=n`. It is always one of the values, never an interpolation, so
/// p50 of `[10, 20, 30, 40]` is 20 and p100 is the maximum; p0 (and a NaN
/// `p`) gives the minimum. An empty slice gives 0, as the tallies in
/// [`crate::score`] do for empty sets. The caller sorts (e.g. with
/// `f64::total_cmp`); unsorted input gives a meaningless but safe answer.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return 0.0;
    }
    let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 100.0) };
    let rank = (p / 100.0 * n as f64).ceil() as usize;
    sorted[rank.clamp(1, n) - 1]
}

/// Writes the report for `results` to `out`. The document is built in
/// memory and written in one go, so the only I/O error is the writer's.
pub fn write_report(
    results: &[CaseResult],
    summary: &Summary,
    format: ReportFormat,
    out: &mut impl io::Write,
) -> io::Result<()> {
    let figures = Figures::new(results);
    let document = match format {
        ReportFormat::Html => html(summary, &figures),
        ReportFormat::Markdown => markdown(summary, &figures),
    };
    out.write_all(document.as_bytes())
}

/// Intent, slot and word-error counts for a set of cases.
#[derive(Debug, Clone, Default)]
struct Tally {
    intents: IntentTally,
    words: WerTally,
    /// Cases with a reference transcript (WER is undefined without one).
    with_reference: usize,
}

impl Tally {
    fn add(&mut self, case: &CaseResult) {
        self.intents.add(&case.score);
        if let Some(reference) = &case.expected_transcript {
            self.words.add(reference, &case.transcript);
            self.with_reference += 1;
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.intents.merge(&other.intents);
        // `WerTally` is two counters; pooling them is what `add` does too.
        self.words.errors += other.words.errors;
        self.words.words += other.words.words;
        self.with_reference += other.with_reference;
    }

    fn wer(&self) -> Option<f64> {
        (self.with_reference > 0).then(|| self.words.wer())
    }
}

/// One row of the per-tag table.
#[derive(Debug, Clone)]
struct TagRow {
    /// The tag, or a label in parentheses for the untagged and total rows.
    label: String,
    tally: Tally,
}

/// Everything the report shows beyond the runner's summary.
#[derive(Debug)]
struct Figures<'a> {
    tags: Vec<TagRow>,
    all: Tally,
    /// Expected intents that occur (confusion rows), sorted.
    expected_intents: Vec<String>,
    /// Predicted intents that occur (confusion columns), sorted, with no
    /// prediction last.
    predicted_intents: Vec<String>,
    /// (expected, predicted) -> cases.
    confusion: BTreeMap<(String, String), usize>,
    /// Finite latencies, ascending.
    latencies: Vec<f64>,
    failing: Vec<&'a CaseResult>,
}

const UNTAGGED: &str = "(no tags)";
const ALL_CASES: &str = "(all cases)";
const NO_INTENT: &str = "(none)";

impl<'a> Figures<'a> {
    fn new(results: &'a [CaseResult]) -> Figures<'a> {
        // Each case is tallied once, in the group of cases with exactly its
        // tags; a tag's row merges every group that has the tag, and the
        // total merges them all. Tags overlap, so tag rows are not merged
        // into each other.
        let mut groups: BTreeMap<BTreeSet<&str>, Tally> = BTreeMap::new();
        for case in results {
            let tags: BTreeSet<&str> = case.tags.iter().map(String::as_str).collect();
            groups.entry(tags).or_default().add(case);
        }
        let mut by_tag: BTreeMap<&str, Tally> = BTreeMap::new();
        let mut untagged = Tally::default();
        let mut all = Tally::default();
        for (tags, tally) in &groups {
            for &tag in tags {
                by_tag.entry(tag).or_default().merge(tally);
            }
            if tags.is_empty() {
                untagged.merge(tally);
            }
            all.merge(tally);
        }
        let mut tags: Vec<TagRow> = by_tag
            .into_iter()
            .map(|(tag, tally)| TagRow {
                label: tag.to_string(),
                tally,
            })
            .collect();
        if untagged.intents.cases > 0 {
            tags.push(TagRow {
                label: UNTAGGED.to_string(),
                tally: untagged,
            });
        }
        tags.push(TagRow {
            label: ALL_CASES.to_string(),
            tally: all.clone(),
        });

        let mut confusion = BTreeMap::new();
        let mut expected_intents = BTreeSet::new();
        let mut predicted_intents = BTreeSet::new();
        for case in results {
            let expected = intent_label(&case.expected_intent);
            let predicted = intent_label(&case.intent);
            expected_intents.insert(expected.clone());
            predicted_intents.insert(predicted.clone());
            *confusion.entry((expected, predicted)).or_insert(0) += 1;
        }
        let mut predicted_intents: Vec<String> = predicted_intents.into_iter().collect();
        if let Some(i) = predicted_intents.iter().position(|p| p == NO_INTENT) {
            let none = predicted_intents.remove(i);
            predicted_intents.push(none);
        }

        let mut latencies: Vec<f64> = results
            .iter()
            .map(|c| c.latency_ms)
            .filter(|l| l.is_finite())
            .collect();
        latencies.sort_by(f64::total_cmp);

        Figures {
            tags,
            all,
            expected_intents: expected_intents.into_iter().collect(),
            predicted_intents,
            confusion,
            latencies,
            failing: results
                .iter()
                .filter(|c| !c.passed || c.error.is_some())
                .collect(),
        }
    }

    fn confusion(&self, expected: &str, predicted: &str) -> usize {
        self.confusion
            .get(&(expected.to_string(), predicted.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// (label, milliseconds) for the latency table.
    fn latency_rows(&self) -> [(&'static str, f64); 4] {
        let l = &self.latencies;
        [
            ("p50", percentile(l, 50.0)),
            ("p90", percentile(l, 90.0)),
            ("p95", percentile(l, 95.0)),
            ("max", percentile(l, 100.0)),
        ]
    }

    /// Per-slot rows, then the pooled (micro-averaged) row.
    fn slot_rows(&self) -> Vec<(String, SlotCounts)> {
        let mut rows: Vec<(String, SlotCounts)> = self
            .all
            .intents
            .per_slot
            .iter()
            .map(|(name, counts)| (name.clone(), *counts))
            .collect();
        rows.push(("(all slots)".to_string(), self.all.intents.slot_counts()));
        rows
    }
}

fn intent_label(intent: &str) -> String {
    if intent.is_empty() {
        NO_INTENT.to_string()
    } else {
        intent.to_string()
    }
}

fn percent(fraction: f64) -> String {
    if fraction.is_finite() {
        format!("{:.1}%", fraction * 100.0)
    } else {
        "—".to_string()
    }
}

fn optional_percent(fraction: Option<f64>) -> String {
    fraction.map_or_else(|| "—".to_string(), percent)
}

fn decimal(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.3}")
    } else {
        "—".to_string()
    }
}

fn millis(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.0} ms")
    } else {
        "—".to_string()
    }
}

fn slots_json(map: &serde_json::Map<String, serde_json::Value>) -> String {
    serde_json::to_string(map).unwrap_or_else(|_| "{}".to_string())
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "(none)".to_string()
    } else {
        list.join(", ")
    }
}

fn transcript_text(transcript: &str) -> &str {
    if transcript.is_empty() {
        "(no speech)"
    } else {
        transcript
    }
}

/// The summary rows: (label, value), values formatted.
fn summary_rows(summary: &Summary) -> [(&'static str, String); 7] {
    [
        ("Cases", summary.cases.to_string()),
        ("Word error rate", optional_percent(summary.wer)),
        ("Intent accuracy", percent(summary.intent_accuracy)),
        ("Slot F1", decimal(summary.slot_f1)),
        ("Pass rate", percent(summary.pass_rate)),
        ("Latency p50", millis(summary.latency_ms_p50)),
        ("Latency p95", millis(summary.latency_ms_p95)),
    ]
}

const TAG_HEADERS: [&str; 6] = [
    "Tag",
    "Cases",
    "WER",
    "Intent accuracy",
    "Slot F1",
    "Pass rate",
];

fn tag_cells(row: &TagRow) -> [String; 5] {
    let t = &row.tally;
    [
        t.intents.cases.to_string(),
        optional_percent(t.wer()),
        percent(t.intents.intent_accuracy()),
        decimal(t.intents.slot_f1()),
        percent(t.intents.pass_rate()),
    ]
}

const SLOT_HEADERS: [&str; 7] = ["Slot", "TP", "FP", "FN", "Precision", "Recall", "F1"];

fn slot_cells(counts: &SlotCounts) -> [String; 6] {
    [
        counts.true_positives.to_string(),
        counts.false_positives.to_string(),
        counts.false_negatives.to_string(),
        decimal(counts.precision()),
        decimal(counts.recall()),
        decimal(counts.f1()),
    ]
}

/// What a failing case shows: (label, value) pairs, values unescaped.
fn failing_rows(case: &CaseResult) -> Vec<(&'static str, String)> {
    let mut rows = vec![("Tags", names(&case.tags))];
    if let Some(error) = &case.error {
        rows.push(("Error", error.clone()));
    }
    rows.push((
        "Reference",
        case.expected_transcript
            .clone()
            .unwrap_or_else(|| "(none in the manifest)".to_string()),
    ));
    rows.push(("Transcript", transcript_text(&case.transcript).to_string()));
    if let Some(wer) = case.wer {
        rows.push(("WER", percent(wer)));
    }
    rows.push(("Intent expected", intent_label(&case.expected_intent)));
    rows.push(("Intent got", intent_label(&case.intent)));
    rows.push(("Slots expected", slots_json(&case.expected_slots)));
    rows.push(("Slots got", slots_json(&case.slots)));
    rows.push(("Slots missed", names(&case.score.missed)));
    rows.push(("Slots spurious", names(&case.score.spurious)));
    rows
}

// ---------------------------------------------------------------- HTML

const CSS: &str = "\
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1d2330;background:#fff}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #d8dce3;padding-bottom:.2em}\
h3{font-size:1.05em;margin:1.5em 0 .4em;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #d8dce3;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f2f4f7;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}\
tr.total td{font-weight:600;background:#fafbfc}\
table.confusion th.col{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}\
table.confusion td.hit{background:#dff3e4}table.confusion td.miss{background:#fbe3e1}table.confusion td.zero{color:#b8bec9}\
table.case th{width:11em;font-weight:500}table.case td{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word}\
p.note{color:#5b6475}";

/// Escapes a data value for HTML text (and, since `"` and `'` are escaped
/// too, for quoted attributes).
fn h(text: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(text)
}

fn html(summary: &Summary, figures: &Figures<'_>) -> String {
    let mut d = String::new();
    d.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>hushcart suite report</title>\n<style>",
    );
    d.push_str(CSS);
    d.push_str("</style>\n</head>\n<body>\n<h1>hushcart suite report</h1>\n");

    d.push_str("<h2>Summary</h2>\n<table class=\"summary\">\n");
    for (label, value) in summary_rows(summary) {
        let _ = writeln!(d, "<tr><th>{label}</th><td class=\"n\">{value}</td></tr>");
    }
    d.push_str("</table>\n");

    d.push_str("<h2>By tag</h2>\n<table class=\"tags\">\n<tr>");
    for header in TAG_HEADERS {
        let _ = write!(d, "<th>{header}</th>");
    }
    d.push_str("</tr>\n");
    for row in &figures.tags {
        let class = if row.label == ALL_CASES {
            " class=\"total\""
        } else {
            ""
        };
        let _ = write!(d, "<tr{class}><td>{}</td>", h(&row.label));
        for cell in tag_cells(row) {
            let _ = write!(d, "<td class=\"n\">{cell}</td>");
        }
        d.push_str("</tr>\n");
    }
    d.push_str("</table>\n");

    d.push_str(
        "<h2>Intent confusion</h2>\n<p class=\"note\">Rows: expected intent; \
         columns: predicted intent.</p>\n<table class=\"confusion\">\n<tr><th></th>",
    );
    for predicted in &figures.predicted_intents {
        let _ = write!(d, "<th class=\"col\">{}</th>", h(predicted));
    }
    d.push_str("</tr>\n");
    for expected in &figures.expected_intents {
        let _ = write!(d, "<tr><th>{}</th>", h(expected));
        for predicted in &figures.predicted_intents {
            let n = figures.confusion(expected, predicted);
            let class = match (n, expected == predicted) {
                (0, _) => "zero",
                (_, true) => "hit",
                (_, false) => "miss",
            };
            let _ = write!(d, "<td class=\"n {class}\">{n}</td>");
        }
        d.push_str("</tr>\n");
    }
    d.push_str("</table>\n");

    d.push_str("<h2>Slots</h2>\n<table class=\"slots\">\n<tr>");
    for header in SLOT_HEADERS {
        let _ = write!(d, "<th>{header}</th>");
    }
    d.push_str("</tr>\n");
    for (name, counts) in figures.slot_rows() {
        let class = if name == "(all slots)" {
            " class=\"total\""
        } else {
            ""
        };
        let _ = write!(d, "<tr{class}><td>{}</td>", h(&name));
        for cell in slot_cells(&counts) {
            let _ = write!(d, "<td class=\"n\">{cell}</td>");
        }
        d.push_str("</tr>\n");
    }
    d.push_str("</table>\n");

    let _ = writeln!(
        d,
        "<h2>Latency</h2>\n<p class=\"note\">Decode start to intent, over {} cases; \
         nearest-rank percentiles.</p>\n<table class=\"latency\">",
        figures.latencies.len()
    );
    for (label, value) in figures.latency_rows() {
        let _ = writeln!(
            d,
            "<tr><th>{label}</th><td class=\"n\">{}</td></tr>",
            millis(value)
        );
    }
    d.push_str("</table>\n");

    let _ = writeln!(d, "<h2>Failing cases ({})</h2>", figures.failing.len());
    if figures.failing.is_empty() {
        d.push_str("<p>None.</p>\n");
    }
    for case in &figures.failing {
        let _ = writeln!(d, "<h3>{}</h3>\n<table class=\"case\">", h(&case.id));
        for (label, value) in failing_rows(case) {
            let _ = writeln!(d, "<tr><th>{label}</th><td>{}</td></tr>", h(&value));
        }
        d.push_str("</table>\n");
    }
    d.push_str("</body>\n</html>\n");
    d
}

// ------------------------------------------------------------ Markdown

/// Escapes a data value for a Markdown table cell or list item: Markdown
/// punctuation gets a backslash, `&`, `<` and `>` become entities (so no
/// renderer passes markup through), and line breaks become spaces.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    if out.trim().is_empty() {
        // An empty cell or bullet would collapse; keep the column visible.
        "—".to_string()
    } else {
        out
    }
}

fn md_row(d: &mut String, cells: impl IntoIterator<Item = impl AsRef<str>>) {
    d.push('|');
    for cell in cells {
        let _ = write!(d, " {} |", cell.as_ref());
    }
    d.push('\n');
}

/// A header row and its separator; `numeric` columns are right-aligned.
fn md_header(d: &mut String, headers: &[&str], numeric_from: usize) {
    md_row(d, headers.iter().map(|h| md(h)));
    md_row(
        d,
        (0..headers.len()).map(|i| if i >= numeric_from { "---:" } else { "---" }),
    );
}

fn markdown(summary: &Summary, figures: &Figures<'_>) -> String {
    let mut d = String::from("# hushcart suite report\n\n## Summary\n\n");
    md_header(&mut d, &["Figure", "Value"], 1);
    for (label, value) in summary_rows(summary) {
        md_row(&mut d, [label.to_string(), value]);
    }

    d.push_str("\n## By tag\n\n");
    md_header(&mut d, &TAG_HEADERS, 1);
    for row in &figures.tags {
        let label = if row.label == ALL_CASES {
            format!("**{}**", md(&row.label))
        } else {
            md(&row.label)
        };
        md_row(&mut d, std::iter::once(label).chain(tag_cells(row)));
    }

    d.push_str("\n## Intent confusion\n\nRows: expected intent; columns: predicted intent.\n\n");
    let mut headers = vec!["expected \\ predicted".to_string()];
    headers.extend(figures.predicted_intents.iter().map(|i| md(i)));
    md_row(&mut d, &headers);
    md_row(
        &mut d,
        (0..headers.len()).map(|i| if i == 0 { "---" } else { "---:" }),
    );
    for expected in &figures.expected_intents {
        let cells = figures.predicted_intents.iter().map(|predicted| {
            let n = figures.confusion(expected, predicted);
            if n > 0 && expected == predicted {
                format!("**{n}**")
            } else {
                n.to_string()
            }
        });
        md_row(&mut d, std::iter::once(md(expected)).chain(cells));
    }

    d.push_str("\n## Slots\n\n");
    md_header(&mut d, &SLOT_HEADERS, 1);
    for (name, counts) in figures.slot_rows() {
        md_row(
            &mut d,
            std::iter::once(md(&name)).chain(slot_cells(&counts)),
        );
    }

    let _ = write!(
        d,
        "\n## Latency\n\nDecode start to intent, over {} cases; nearest-rank percentiles.\n\n",
        figures.latencies.len()
    );
    md_header(&mut d, &["Percentile", "Latency"], 1);
    for (label, value) in figures.latency_rows() {
        md_row(&mut d, [label.to_string(), millis(value)]);
    }

    let _ = writeln!(d, "\n## Failing cases ({})\n", figures.failing.len());
    if figures.failing.is_empty() {
        d.push_str("None.\n");
    }
    for case in &figures.failing {
        let _ = writeln!(d, "### {}\n", md(&case.id));
        for (label, value) in failing_rows(case) {
            let _ = writeln!(d, "- {label}: {}", md(&value));
        }
        d.push('\n');
    }
    d
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
        tags: &[&str],
        reference: Option<&str>,
        transcript: &str,
        expected: (&str, serde_json::Value),
        got: (&str, serde_json::Value),
        latency_ms: f64,
    ) -> CaseResult {
        let (expected_slots, slots) = (map(expected.1), map(got.1));
        let score = score_case(expected.0, &expected_slots, got.0, &slots);
        CaseResult {
            id: id.to_string(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            expected_transcript: reference.map(str::to_string),
            transcript: transcript.to_string(),
            expected_intent: expected.0.to_string(),
            intent: got.0.to_string(),
            expected_slots,
            slots,
            passed: score.passed,
            wer: reference.map(|r| crate::score::wer(r, transcript)),
            latency_ms,
            score,
            error: None,
        }
    }

    /// Six cases whose figures are worked out by hand in the tests.
    ///
    /// | id | tags | reference -> transcript | word errors / words | intent | passed |
    /// |---|---|---|---|---|---|
    /// | a | tts, quiet | add eggs -> add eggs | 0 / 2 | add_to_cart -> add_to_cart | yes |
    /// | b | tts | find milk please -> find silk please | 1 / 3 | search -> search, product wrong | no |
    /// | c | human, quiet | checkout -> check out | 2 / 1 | checkout -> checkout | yes |
    /// | d | human, noref | (none) | - | view_cart -> unknown | no |
    /// | e | (none) | help -> help | 0 / 1 | help -> help | yes |
    /// | f | human | (none), decoder error | - | search -> "" | no |
    fn hand_made() -> Vec<CaseResult> {
        let mut f = case(
            "f",
            &["human"],
            None,
            "",
            ("search", json!({})),
            ("", json!({})),
            0.0,
        );
        f.error = Some("decoder failed".to_string());
        vec![
            case(
                "a",
                &["tts", "quiet"],
                Some("add eggs"),
                "add eggs",
                ("add_to_cart", json!({"product": "eggs"})),
                ("add_to_cart", json!({"product": "eggs"})),
                100.0,
            ),
            case(
                "b",
                &["tts"],
                Some("find milk please"),
                "find silk please",
                ("search", json!({"product": "milk"})),
                ("search", json!({"product": "silk"})),
                200.0,
            ),
            case(
                "c",
                &["human", "quiet"],
                Some("checkout"),
                "check out",
                ("checkout", json!({})),
                ("checkout", json!({})),
                300.0,
            ),
            case(
                "d",
                &["human", "noref"],
                None,
                "show my basket",
                ("view_cart", json!({})),
                ("unknown", json!({})),
                400.0,
            ),
            case(
                "e",
                &[],
                Some("help"),
                "help",
                ("help", json!({})),
                ("help", json!({})),
                500.0,
            ),
            f,
        ]
    }

    fn summary() -> Summary {
        Summary {
            cases: 6,
            wer: Some(3.0 / 7.0),
            intent_accuracy: 4.0 / 6.0,
            slot_f1: 0.5,
            pass_rate: 0.5,
            latency_ms_p50: 200.0,
            latency_ms_p95: 500.0,
        }
    }

    fn render(results: &[CaseResult], format: ReportFormat) -> String {
        let mut out = Vec::new();
        write_report(results, &summary(), format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn row<'f>(figures: &'f Figures<'_>, label: &str) -> &'f Tally {
        &figures
            .tags
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
            .tally
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn per_tag_figures_match_the_hand_computed_ones() {
        let results = hand_made();
        let figures = Figures::new(&results);
        let labels: Vec<&str> = figures.tags.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            ["human", "noref", "quiet", "tts", UNTAGGED, ALL_CASES]
        );
        // (label, cases, WER, intent accuracy, pass rate)
        let want = [
            ("tts", 2, Some(1.0 / 5.0), 1.0, 0.5),
            ("quiet", 2, Some(2.0 / 3.0), 1.0, 1.0),
            ("human", 3, Some(2.0), 1.0 / 3.0, 1.0 / 3.0),
            ("noref", 1, None, 0.0, 0.0),
            (UNTAGGED, 1, Some(0.0), 1.0, 1.0),
            (ALL_CASES, 6, Some(3.0 / 7.0), 4.0 / 6.0, 3.0 / 6.0),
        ];
        for (label, cases, wer, accuracy, pass_rate) in want {
            let t = row(&figures, label);
            assert_eq!(t.intents.cases, cases, "{label}");
            match (t.wer(), wer) {
                (Some(got), Some(want)) => assert!(close(got, want), "{label}: {got}"),
                (got, want) => assert_eq!(got, want, "{label}"),
            }
            assert!(close(t.intents.intent_accuracy(), accuracy), "{label}");
            assert!(close(t.intents.pass_rate(), pass_rate), "{label}");
        }
        // The rendered table shows the same figures.
        let markdown = render(&results, ReportFormat::Markdown);
        for line in [
            "| tts | 2 | 20.0% | 100.0% | 0.500 | 50.0% |",
            "| human | 3 | 200.0% | 33.3% | 1.000 | 33.3% |",
            "| noref | 1 | — | 0.0% | 1.000 | 0.0% |",
            "| **(all cases)** | 6 | 42.9% | 66.7% | 0.500 | 50.0% |",
        ] {
            assert!(
                markdown.lines().any(|l| l == line),
                "{line} not in:\n{markdown}"
            );
        }
    }

    #[test]
    fn confusion_matrix_counts_expected_against_predicted() {
        let mut results = hand_made();
        // One more search heard as add_to_cart, so a row has two columns.
        results.push(case(
            "g",
            &["tts"],
            None,
            "add milk",
            ("search", json!({})),
            ("add_to_cart", json!({})),
            50.0,
        ));
        let figures = Figures::new(&results);
        // Rows: only intents that were expected; columns: only intents
        // that were predicted, no prediction last.
        assert_eq!(
            figures.expected_intents,
            ["add_to_cart", "checkout", "help", "search", "view_cart"]
        );
        assert_eq!(
            figures.predicted_intents,
            [
                "add_to_cart",
                "checkout",
                "help",
                "search",
                "unknown",
                NO_INTENT
            ]
        );
        let total: usize = figures.confusion.values().sum();
        assert_eq!(total, results.len());
        for (expected, predicted, n) in [
            ("add_to_cart", "add_to_cart", 1),
            ("search", "search", 1),
            ("search", "add_to_cart", 1),
            ("search", NO_INTENT, 1),
            ("view_cart", "unknown", 1),
            ("checkout", "checkout", 1),
            ("help", "help", 1),
            ("unknown", "unknown", 0),
            ("help", "search", 0),
        ] {
            assert_eq!(
                figures.confusion(expected, predicted),
                n,
                "{expected} -> {predicted}"
            );
        }
        let markdown = render(&results, ReportFormat::Markdown);
        for line in [
            "| expected \\ predicted | add\\_to\\_cart | checkout | help | search | unknown | (none) |",
            "| search | 1 | 0 | 0 | **1** | 0 | 1 |",
            "| view\\_cart | 0 | 0 | 0 | 0 | 1 | 0 |",
        ] {
            assert!(markdown.lines().any(|l| l == line), "{line} not in:\n{markdown}");
        }
        assert!(!markdown.contains("| unknown | 0"), "{markdown}");
        let html = render(&results, ReportFormat::Html);
        assert!(html.contains(
            "<tr><th>view_cart</th><td class=\"n zero\">0</td><td class=\"n zero\">0</td>\
             <td class=\"n zero\">0</td><td class=\"n zero\">0</td>\
             <td class=\"n miss\">1</td><td class=\"n zero\">0</td></tr>"
        ));
    }

    #[test]
    fn slot_scores_come_from_the_tally() {
        let results = hand_made();
        let figures = Figures::new(&results);
        let rows = figures.slot_rows();
        // product: a right (TP), b wrong (FP and FN).
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, "product");
        let c = rows[0].1;
        assert_eq!(
            (c.true_positives, c.false_positives, c.false_negatives),
            (1, 1, 1)
        );
        let markdown = render(&results, ReportFormat::Markdown);
        assert!(markdown
            .lines()
            .any(|l| l == "| product | 1 | 1 | 1 | 0.500 | 0.500 | 0.500 |"));
    }

    #[test]
    fn latency_percentiles_use_nearest_rank() {
        let results = hand_made();
        let figures = Figures::new(&results);
        // Sorted: 0, 100, 200, 300, 400, 500.
        assert_eq!(
            figures.latency_rows(),
            [
                ("p50", 200.0),
                ("p90", 500.0),
                ("p95", 500.0),
                ("max", 500.0)
            ]
        );
    }

    #[test]
    fn percentile_edge_cases() {
        assert_eq!(percentile(&[], 50.0), 0.0);
        assert_eq!(percentile(&[], 100.0), 0.0);
        for p in [0.0, 1.0, 50.0, 95.0, 100.0, -5.0, 250.0, f64::NAN] {
            assert_eq!(percentile(&[7.5], p), 7.5, "p{p}");
        }
        let v = [10.0, 20.0, 30.0, 40.0];
        assert_eq!(percentile(&v, 0.0), 10.0);
        assert_eq!(percentile(&v, 25.0), 10.0);
        assert_eq!(percentile(&v, 25.1), 20.0);
        assert_eq!(percentile(&v, 50.0), 20.0);
        assert_eq!(percentile(&v, 75.0), 30.0);
        assert_eq!(percentile(&v, 95.0), 40.0);
        assert_eq!(percentile(&v, 100.0), 40.0);
        let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&hundred, 50.0), 50.0);
        assert_eq!(percentile(&hundred, 95.0), 95.0);
        assert_eq!(percentile(&hundred, 99.5), 100.0);
    }

    fn hostile() -> Vec<CaseResult> {
        let mut evil = case(
            "x-<img src=x onerror=alert(1)>&\"'",
            &["<b>tag</b>", "aug:noise-10db-pink"],
            Some("add <script>alert('ref')</script> eggs | * _ # é 🧀"),
            "add <script>alert(\"hyp\")</script> eggs",
            ("add_to_cart", json!({"product": "eggs </td><script>"})),
            ("<i>search</i>", json!({"<slot>": "v&lt;"})),
            10.0,
        );
        evil.error = Some("</table><script>boom()</script>".to_string());
        vec![evil]
    }

    #[test]
    fn html_escapes_every_data_value_and_has_no_script_or_external_resource() {
        let html = render(&hostile(), ReportFormat::Html);
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(!lower.contains("<img"), "{html}");
        assert!(!lower.contains("<b>tag"), "{html}");
        assert!(!lower.contains("<i>search"), "{html}");
        assert!(!lower.contains("</td><script"), "{html}");
        // Data never produces a tag: every tag is one the report writes,
        // and none of them loads anything.
        for tag in html
            .split('<')
            .skip(1)
            .map(|t| t.split('>').next().unwrap_or(""))
        {
            let name = tag.split([' ', '/']).find(|n| !n.is_empty()).unwrap_or("");
            assert!(
                [
                    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3",
                    "p", "table", "tr", "th", "td"
                ]
                .contains(&name),
                "unexpected tag <{tag}>"
            );
            assert!(!tag.contains("src=") && !tag.contains("href="), "<{tag}>");
        }
        for external in ["http:", "https:", "@import", "url("] {
            assert!(!lower.contains(external), "{external} in report");
        }
        for escaped in [
            "x-&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#x27;",
            "add &lt;script&gt;alert(&quot;hyp&quot;)&lt;&#x2F;script&gt; eggs",
            "&lt;b&gt;tag&lt;&#x2F;b&gt;",
            "&lt;i&gt;search&lt;&#x2F;i&gt;",
            "&lt;&#x2F;table&gt;&lt;script&gt;boom()&lt;&#x2F;script&gt;",
            "v&amp;lt;",
            "é 🧀",
        ]
        .map(|s| s.replace("&#x2F;", "/"))
        {
            assert!(html.contains(&escaped), "{escaped} not in:\n{html}");
        }
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.trim_end().ends_with("</html>"));
    }

    #[test]
    fn markdown_escapes_markup_and_table_syntax() {
        let markdown = render(&hostile(), ReportFormat::Markdown);
        assert!(!markdown.contains("<script"), "{markdown}");
        assert!(!markdown.contains("<b>"), "{markdown}");
        assert!(markdown.contains(
            "- Reference: add &lt;script&gt;alert('ref')&lt;/script&gt; eggs \\| \\* \\_ \\# é 🧀"
        ), "{markdown}");
        assert!(markdown.contains("### x-&lt;img src=x onerror=alert(1)&gt;&amp;\"'"));
        // Every table row has as many cells as its header.
        for table in markdown.split("\n\n").filter(|b| b.starts_with('|')) {
            let widths: BTreeSet<usize> = table.lines().map(|l| l.matches(" |").count()).collect();
            assert_eq!(widths.len(), 1, "ragged table:\n{table}");
        }
    }

    #[test]
    fn failing_cases_show_reference_transcript_expected_and_got() {
        let results = hand_made();
        let markdown = render(&results, ReportFormat::Markdown);
        assert!(markdown.contains("## Failing cases (3)"));
        for line in [
            "### b",
            "- Reference: find milk please",
            "- Transcript: find silk please",
            "- Intent expected: search",
            "- Slots expected: {\"product\":\"milk\"}",
            "- Slots got: {\"product\":\"silk\"}",
            "- Slots missed: product",
            "- Error: decoder failed",
            "- Intent got: (none)",
            "- Transcript: (no speech)",
            "- Reference: (none in the manifest)",
        ] {
            assert!(
                markdown.lines().any(|l| l == line),
                "{line} not in:\n{markdown}"
            );
        }
        assert!(!markdown.contains("### a\n"));
    }

    #[test]
    fn an_empty_run_renders_without_panicking() {
        for format in [ReportFormat::Html, ReportFormat::Markdown] {
            let text = render(&[], format);
            assert!(text.contains("Failing cases (0)"));
        }
    }

    #[test]
    fn format_follows_the_file_extension() {
        for (path, want) in [
            ("report.html", Some(ReportFormat::Html)),
            ("out/REPORT.HTM", Some(ReportFormat::Html)),
            ("report.md", Some(ReportFormat::Markdown)),
            ("a.b/report.Markdown", Some(ReportFormat::Markdown)),
            ("report.txt", None),
            ("report", None),
            ("html", None),
            (".md", None),
        ] {
            assert_eq!(ReportFormat::from_path(Path::new(path)), want, "{path}");
        }
    }
}
