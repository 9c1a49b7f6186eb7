//! Whole-document snapshots: a readable tree dump for every fixture and seed, and the
//! full JSON for the seeds (locks the schema). Review changes with `cargo insta review`.

use fengong::{emit, parse_bytes, Options};

fn parse(path: &std::path::Path) -> fengong::Document {
    let bytes = std::fs::read(path).expect("read fixture");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string);
    parse_bytes(&bytes, name.as_deref(), &Options::default()).expect("parse")
}

#[test]
fn fixture_trees() {
    insta::glob!("../fixtures", "{outline,duty,meta}/*.txt", |path| {
        let doc = parse(path);
        insta::assert_snapshot!(emit::tree::tree(&doc));
    });
}

#[test]
fn seed_trees() {
    insta::glob!("../seeds", "*.txt", |path| {
        let doc = parse(path);
        insta::assert_snapshot!(emit::tree::tree(&doc));
    });
}

#[test]
fn seed_json() {
    insta::glob!("../seeds", "*.txt", |path| {
        let doc = parse(path);
        insta::assert_json_snapshot!(doc);
    });
}

#[test]
fn json_round_trips_into_the_model() {
    insta::glob!("../seeds", "*.txt", |path| {
        let doc = parse(path);
        let json = serde_json::to_string(&doc).expect("json");
        let back: fengong::Document = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, doc);
    });
}
