//! The same text in every supported encoding parses to the same document (apart from
//! `source`), and the decoder's decision is recorded.

use encoding_rs::{Encoding, BIG5, GB18030};
use fengong::{parse_bytes, Options};

fn seed(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name);
    std::fs::read_to_string(p).expect("seed")
}

fn encode(e: &'static Encoding, s: &str) -> Vec<u8> {
    let (b, _, unmappable) = e.encode(s);
    assert!(!unmappable, "text must be representable in {}", e.name());
    b.into_owned()
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in s.encode_utf16() {
        out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

fn without_source(bytes: &[u8]) -> (String, serde_json::Value) {
    let doc = parse_bytes(bytes, None, &Options::default()).expect("parse");
    let enc = doc.source.encoding.clone();
    let mut v = serde_json::to_value(&doc).expect("json");
    if let Some(o) = v.as_object_mut() {
        o.remove("source");
    }
    (enc, v)
}

#[test]
fn simplified_seed_in_every_encoding() {
    let text = seed("003_7fc39129a9cc46fe.txt");
    let (_, want) = without_source(text.as_bytes());
    let mut bom8 = vec![0xEF, 0xBB, 0xBF];
    bom8.extend_from_slice(text.as_bytes());
    for (bytes, enc) in [
        (encode(GB18030, &text), "GB18030"),
        (utf16(&text, true), "UTF-16LE"),
        (utf16(&text, false), "UTF-16BE"),
        (bom8, "UTF-8"),
    ] {
        let (got_enc, got) = without_source(&bytes);
        assert_eq!(got_enc, enc);
        assert!(got == want, "{enc} output differs from UTF-8");
    }
}

#[test]
fn traditional_text_in_big5() {
    let text = "智慧財產權保護行動方案\n\n壹、執行策略\n一、加強查緝仿冒。（經濟部智慧財產局牽頭，法務部調查局配合）\n二、強化教育宣導。（教育部負責）\n";
    let (_, want) = without_source(text.as_bytes());
    let (enc, got) = without_source(&encode(BIG5, text));
    assert_eq!(enc, "Big5");
    assert_eq!(got, want);
    let lead = &got["sections"][0]["children"][0]["tasks"][0]["responsibility"]["lead"][0];
    assert_eq!(lead, "經濟部智慧財產局");
}

#[test]
fn lossy_input_is_counted_not_silent() {
    let mut bytes = seed("003_7fc39129a9cc46fe.txt").into_bytes();
    bytes.insert(600, 0xFF);
    let doc = parse_bytes(&bytes, None, &Options::default()).expect("parse");
    assert_eq!(doc.source.replacements, 1);
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.code == fengong::WarningCode::LossyDecode));
}
