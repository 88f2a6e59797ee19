//! `hushcart parse`: arguments and stdin, JSON fields per spec/cli.md, and
//! hostile input handled without a panic or a hang.

mod util;

use std::io::Write;
use std::process::Stdio;

use util::{json_lines, stderr, TempHome};

#[test]
fn each_argument_is_one_utterance_with_the_spec_fields() {
    let home = TempHome::new();
    let out = home
        .hushcart()
        .args([
            "parse",
            "--json",
            "find organic almond milk under five dollars",
            "what's in my cart",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0]["text"],
        "find organic almond milk under five dollars"
    );
    assert_eq!(lines[0]["intent"], "search");
    assert_eq!(lines[0]["slots"]["product"], "almond milk");
    assert_eq!(lines[0]["slots"]["max_price"], 5.0);
    assert_eq!(
        lines[0]["slots"]["attributes"],
        serde_json::json!(["organic"])
    );
    assert_eq!(lines[1]["intent"], "view_cart");
    assert_eq!(lines[1]["slots"], serde_json::json!({}));
}

#[test]
fn every_stdin_line_gets_one_answer_so_outputs_line_up_with_inputs() {
    let home = TempHome::new();
    let mut child = home
        .hushcart()
        .args(["parse", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input
        .write_all(
            "add a dozen eggs\n\n\u{0}\u{fffd} garbage \u{202e}\nwhere is my order\n".as_bytes(),
        )
        .unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = json_lines(&out);
    // A blank line (a silent clip's empty transcript) is an utterance too.
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["intent"], "add_to_cart");
    assert_eq!(lines[0]["slots"]["quantity"], 12);
    assert_eq!(lines[1]["intent"], "unknown");
    assert_eq!(lines[1]["text"], "");
    assert_eq!(lines[3]["intent"], "track_order");
}

#[test]
fn an_endless_stdin_line_is_refused_not_buffered() {
    let home = TempHome::new();
    let mut child = home
        .hushcart()
        .args(["parse", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // 1 MiB without a newline; the command stops reading after 64 KiB, so
    // the write may fail with a broken pipe, which is fine.
    let _ = input.write_all(&vec![b'a'; 1 << 20]);
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("longer than"), "{}", stderr(&out));
}
