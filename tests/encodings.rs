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

fn seed_names() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("seeds")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

/// BOM-less UTF-16 of Chinese text has NUL bytes only where it has ASCII: found by
/// what the code units are, on every seed, in both byte orders.
#[test]
fn every_seed_in_bomless_utf16_le_and_be() {
    for name in seed_names() {
        let text = seed(&name);
        let (_, want) = without_source(text.as_bytes());
        for le in [true, false] {
            let bytes = utf16(&text, le);
            let (enc, got) = without_source(&bytes[2..]);
            let order = if le { "UTF-16LE" } else { "UTF-16BE" };
            assert_eq!(enc, order, "{name}");
            assert!(got == want, "{name} in BOM-less {order} parsed differently");
        }
    }
}

/// Chinese UTF-16 without a single ASCII byte (no NULs at all) is still UTF-16.
#[test]
fn bomless_utf16_without_any_ascii() {
    let text = "一、总体要求。（一）加强组织领导。各地区各部门要高度重视，认真落实。".repeat(20);
    let bytes = utf16(&text, true);
    let doc = parse_bytes(&bytes[2..], None, &Options::default()).expect("parse");
    assert_eq!(doc.source.encoding, "UTF-16LE");
}

/// A damaged character (a lone surrogate) in BOM-less UTF-16 is counted and warned.
#[test]
fn damaged_bomless_utf16_is_counted() {
    let text = seed(&seed_names()[0]);
    let mut bytes = utf16(&text, true)[2..].to_vec();
    // a high surrogate followed by an ordinary character
    bytes.splice(40..42, [0x00, 0xD8]);
    let doc = parse_bytes(&bytes, None, &Options::default()).expect("parse");
    assert_eq!(doc.source.encoding, "UTF-16LE");
    assert_eq!(doc.source.replacements, 1);
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.code == fengong::WarningCode::LossyDecode),
        "{:?}",
        doc.warnings
    );
}

/// Random bytes decode as GB18030 more often than not; they are not a document.
#[test]
fn random_binary_is_an_error_naming_what_it_looks_like() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..20_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let e = parse_bytes(&bytes, None, &Options::default()).expect_err("binary");
    let msg = e.to_string();
    assert!(
        matches!(e, fengong::Error::Binary { .. }) && msg.contains("binary data"),
        "{msg}"
    );
}

/// Office files and PDFs are refused with what to do about them.
#[test]
fn pdf_and_office_files_say_how_to_get_text() {
    let mut docx = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
    docx.extend_from_slice(b"[Content_Types].xml ... word/document.xml ...");
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
    xlsx.extend_from_slice(b"[Content_Types].xml ... xl/workbook.xml ...");
    let cases: [(&[u8], &str); 4] = [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdftotext -layout"),
        (&docx, "Word"),
        (&xlsx, "Excel"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00",
            "save it as text",
        ),
    ];
    for (bytes, hint) in cases {
        let msg = parse_bytes(bytes, None, &Options::default())
            .expect_err("refused")
            .to_string();
        assert!(msg.contains(hint), "{msg}");
    }
}

/// A forced encoding that does not fit says which one does.
#[test]
fn forced_encoding_with_many_replacements_suggests_the_fitting_one() {
    let text = seed(&seed_names()[0]);
    let mut opts = Options::default();
    opts.decode.encoding = Some("big5".into());
    let doc = parse_bytes(&encode(GB18030, &text), None, &opts).expect("parse");
    let w = doc
        .warnings
        .iter()
        .find(|w| w.code == fengong::WarningCode::LossyDecode)
        .expect("a lossy-decode warning");
    assert!(w.message.contains("--encoding gb18030"), "{}", w.message);
}
