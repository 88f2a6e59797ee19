//! `hushcart ask` and `hushcart privacy log` as a shopper uses them, against
//! the embedded catalog.

mod util;

use util::{json_lines, stderr, TempHome};

fn ask_text(home: &TempHome, text: &str) -> std::process::Output {
    home.hushcart()
        .args(["ask", "--json", "--text", text])
        .output()
        .expect("run hushcart")
}

#[test]
fn ask_on_a_bundled_recording_with_an_empty_data_dir_ranks_the_embedded_catalog() {
    let Some(model) = util::real_model() else {
        return;
    };
    let home = TempHome::new();
    let output = home
        .hushcart()
        .args(["ask", "--json", "assets/audio/clips/search-07.wav"])
        .env("HUSHCART_MODEL", &model)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let line = &json_lines(&output)[0];
    assert_eq!(line["intent"], "search", "{line}");
    assert!(line["sent"].is_null(), "the embedded catalog sends nothing");
    let results = line["results"].as_array().unwrap();
    assert!(!results.is_empty(), "{line}");
    for r in results {
        assert!(
            r["product"].as_str().unwrap().contains("protein bar"),
            "{r}"
        );
        assert!(
            r["price"].as_f64().unwrap() <= 3.0,
            "the exact limit is applied: {r}"
        );
    }
    assert!(
        line["reply"].as_str().unwrap().contains("protein bars"),
        "{line}"
    );
    assert!(
        !home.data_dir().exists(),
        "asking the embedded catalog writes nothing"
    );
}

#[test]
fn requests_answered_on_the_device_send_nothing_and_say_so() {
    let home = TempHome::new();
    for text in ["help", "what's in my cart", "cancel that", "tell me a joke"] {
        let output = ask_text(&home, text);
        assert_eq!(output.status.code(), Some(0), "{text}: {}", stderr(&output));
        let line = &json_lines(&output)[0];
        assert!(line["sent"].is_null(), "{text}");
        assert!(line["results"].as_array().unwrap().is_empty(), "{text}");
        assert!(!line["reply"].as_str().unwrap().is_empty());
    }
}

#[test]
fn the_local_profile_re_ranks_results() {
    let home = TempHome::new();
    let text = "show me protein bars";
    let plain = ask_text(&home, text);
    let top = |o: &std::process::Output| json_lines(o)[0]["results"][0]["brand"].clone();
    let before = top(&plain);
    // Prefer a brand that is not first without the profile.
    let brands: Vec<String> = json_lines(&plain)[0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["brand"].as_str().map(str::to_string))
        .filter(|b| serde_json::Value::String(b.clone()) != before)
        .collect();
    let preferred = &brands[0];
    std::fs::create_dir_all(home.data_dir()).unwrap();
    std::fs::write(
        home.data_dir().join("profile.toml"),
        format!("preferred_brands = [\"{preferred}\"]\n"),
    )
    .unwrap();
    let output = ask_text(&home, text);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(top(&output), serde_json::Value::String(preferred.clone()));
    assert!(json_lines(&output)[0]["sent"].is_null());
}

#[test]
fn a_broken_profile_is_an_error_naming_the_file_not_its_contents() {
    let home = TempHome::new();
    std::fs::create_dir_all(home.data_dir()).unwrap();
    std::fs::write(
        home.data_dir().join("profile.toml"),
        "avoid = [\"shellfish-x9\"\nnope",
    )
    .unwrap();
    let output = ask_text(&home, "find bread");
    util::assert_fails_with(&output, &["profile.toml"]);
    assert!(!stderr(&output).contains("shellfish-x9"));
}

#[test]
fn bad_ask_usage_exits_2() {
    let home = TempHome::new();
    for args in [
        vec!["ask"],
        vec!["ask", "--text", "milk", "--top", "0"],
        vec!["ask", "--text", "milk", "--retailer", "nobody"],
    ] {
        let output = home.hushcart().args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn the_ledger_is_empty_until_something_is_sent_and_a_damaged_one_is_reported() {
    let home = TempHome::new();
    let output = home.hushcart().args(["privacy", "log"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("Nothing has left this device"));

    std::fs::create_dir_all(home.data_dir()).unwrap();
    let ledger = home.data_dir().join("ledger.jsonl");
    let good = r#"{"id":"1","time":"2026-12-01T00:00:00.000Z","retailer":"acme","request":"POST /v1/search HTTP/1.1"}"#;
    std::fs::write(&ledger, format!("{good}\nnot json\n")).unwrap();
    let output = home
        .hushcart()
        .args(["privacy", "log", "--json"])
        .output()
        .unwrap();
    util::assert_fails_with(&output, &["ledger.jsonl", "[2]"]);
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1, "the good entry is still shown");
    assert_eq!(lines[0]["retailer"], "acme");
    assert_eq!(
        std::fs::read_to_string(&ledger).unwrap(),
        format!("{good}\nnot json\n"),
        "nothing is lost or rewritten"
    );
}
