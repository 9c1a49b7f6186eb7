//! JSON Lines output goes through sonic-rs (SIMD string escaping) for speed; everything
//! else through serde_json. The two must write the same bytes: checked here on every
//! shipped document, on generated ones, and on text full of characters that need escaping.

mod common;

use proptest::prelude::*;

fn same_as_serde_json(doc: &fengong::Document) -> Result<(), String> {
    let mut ours = Vec::new();
    fengong::emit::jsonl(doc, &mut ours).map_err(|e| e.to_string())?;
    // a JSON Lines document record opens with "type":"document", then the object's fields
    let object = serde_json::to_vec(doc).map_err(|e| e.to_string())?;
    let mut reference = br#"{"type":"document","#.to_vec();
    reference.extend_from_slice(object.get(1..).unwrap_or_default());
    reference.push(b'\n');
    if ours == reference {
        return Ok(());
    }
    let at = ours
        .iter()
        .zip(&reference)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(reference.len()));
    let show = |v: &[u8]| {
        String::from_utf8_lossy(&v[at.saturating_sub(40)..(at + 40).min(v.len())]).into_owned()
    };
    Err(format!(
        "jsonl differs from serde_json at byte {at}:\n ours: {}\n serde_json: {}",
        show(&ours),
        show(&reference)
    ))
}

#[test]
fn shipped_documents_serialise_as_serde_json_does() {
    for p in common::documents() {
        let bytes = std::fs::read(&p).expect("read");
        let Ok(doc) = fengong::parse_bytes(&bytes, p.to_str(), &fengong::Options::default()) else {
            continue;
        };
        if let Err(e) = same_as_serde_json(&doc) {
            panic!("{}: {e}", p.display());
        }
    }
}

#[test]
fn escapes_match_serde_json() {
    let text = "一、总体要求\u{1}\u{1f}\u{7f}\n（一）\"引号\" \\反斜杠\\ \t制表\u{2028}\u{2029}😀（市“商务”局牵头）\n\
                （二）</script> &amp; \u{0} \u{8}\u{c}\r（市公安局负责）\n";
    same_as_serde_json(&fengong::parse_text(text, &fengong::Options::default())).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_text_serialises_as_serde_json_does(body in "\\PC{0,40}", odd in "[\\x00-\\x1f\"\\\\\u{2028}\u{7f}]{0,6}") {
        let text = format!("一、{odd}{body}\n（一）{body}{odd}（市{odd}局牵头）\n");
        let doc = fengong::parse_text(&text, &fengong::Options::default());
        prop_assert!(same_as_serde_json(&doc).is_ok(), "{:?}", same_as_serde_json(&doc));
    }
}
