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
