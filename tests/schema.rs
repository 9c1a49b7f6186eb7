//! `fengong schema` describes what `parse --format json` writes: every seed and fixture
//! validates against it.

mod common;

#[test]
fn every_output_validates_against_the_schema() {
    let schema = fengong::json_schema();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut n = 0;
    for p in common::documents() {
        let bytes = std::fs::read(&p).expect("read");
        let doc = fengong::parse_bytes(&bytes, None, &fengong::Options::default()).expect("parse");
        let v = serde_json::to_value(&doc).expect("json");
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", p.display());
        n += 1;
    }
    assert!(n >= 15);
    // and the schema names the contract's fields
    let s = schema.to_string();
    for field in [
        "schema_version",
        "sections",
        "responsibility",
        "open_ended",
        "as_written",
        "warnings",
    ] {
        assert!(s.contains(field), "schema lacks {field}");
    }
}

fn validate(schema: &serde_json::Value, v: &serde_json::Value, what: &str) {
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

/// `schema --record`: every JSON Lines record, document or error, validates; so does a
/// record of another type not.
#[test]
fn json_lines_records_validate_against_the_record_schema() {
    use fengong::batch::{self, sink};
    let schema = fengong::record_schema();
    let mut inputs = common::seeds();
    let dir = tempfile::tempdir().expect("tmp");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    inputs.push(empty);
    let mut out = Vec::new();
    let cfg = batch::BatchConfig {
        jobs: 1,
        large: None,
    };
    let opts = fengong::Options::default();
    let sum = batch::run(&inputs, &opts, &cfg, &sink::Jsonl, &mut out, &mut |_| {}).expect("run");
    assert_eq!((sum.ok, sum.failed), (inputs.len() - 1, 1));
    let lines: Vec<&[u8]> = out
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), inputs.len());
    for line in lines {
        let v: serde_json::Value = serde_json::from_slice(line).expect("json");
        validate(&schema, &v, &v["type"].to_string());
    }
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    assert!(!validator.is_valid(&serde_json::json!({"type": "other", "path": "x"})));
}

/// `schema --diff` and `schema --filter-record` describe what `diff --format json` and
/// `--stdin-records` write.
#[test]
fn diff_and_filter_outputs_validate_against_their_schemas() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let load = |name: &str| {
        let b = std::fs::read(root.join("fixtures/diff").join(name)).expect("read");
        fengong::parse_bytes(&b, Some(name), &fengong::Options::default()).expect("parse")
    };
    let report = fengong::diff::diff(
        &load("report_old.txt"),
        &load("report_new.txt"),
        &fengong::diff::DiffOptions::default(),
        fengong::duty::Lexicon::builtin(),
    );
    let v = serde_json::to_value(&report).expect("json");
    validate(&fengong::diff_schema(), &v, "diff");
    let opts = fengong::Options::default();
    for line in [
        r#"{"key":"a","text":"一、加强保护\n（一）开展行动。（市公安局负责）"}"#.as_bytes(),
        b"not json",
    ] {
        let r = fengong::batch::records::record(1, line, &opts);
        let v = serde_json::to_value(&r).expect("json");
        validate(&fengong::filter_record_schema(), &v, "filter record");
    }
}
