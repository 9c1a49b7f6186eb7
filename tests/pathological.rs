//! Pathological inputs: each must parse without panicking, in time roughly linear in its
//! size. The bounds are far above normal (generous for debug builds on a loaded machine);
//! they catch quadratic blow-ups, not slowness. Speed itself is measured by `benches/`.

use fengong::{parse_bytes, Options};
use std::time::{Duration, Instant};

fn check(name: &str, bytes: &[u8], bound: Duration) -> fengong::Document {
    let t = Instant::now();
    let doc = match parse_bytes(bytes, Some(name), &Options::default()) {
        Ok(d) => d,
        Err(e) => panic!("{name}: unexpected error {e}"),
    };
    let took = t.elapsed();
    assert!(
        took < bound,
        "{name}: {took:?} exceeds {bound:?} for {} bytes",
        bytes.len()
    );
    doc
}

const BOUND: Duration = Duration::from_secs(30);

#[test]
fn hundred_thousand_headings() {
    let mut s = String::from("某市工作要点\n");
    for i in 1..=100_000u32 {
        s.push_str(&format!("{i}. 开展第{i}项工作。（市公安局负责）\n"));
    }
    let doc = check("headings", s.as_bytes(), BOUND);
    assert_eq!(
        doc.sections.len(),
        999,
        "arabic ordinals stop at three digits"
    );
}

#[test]
fn ten_megabyte_line() {
    let s = "加强知识产权保护（含化妆品、医疗器械），".repeat(10 * 1024 * 1024 / 60);
    check("long line", s.as_bytes(), BOUND);
}

#[test]
fn deep_brackets_and_huge_clause() {
    let s = format!(
        "一、任务\n{}市公安局负责{}\n",
        "（".repeat(5000),
        "）".repeat(5000)
    );
    check("nested", s.as_bytes(), BOUND);
    let digit = |d: u32| {
        "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth(d as usize)
            .unwrap_or('甲')
    };
    let units: Vec<String> = (0..10_000u32)
        .map(|i| {
            format!(
                "{}{}{}{}管理局",
                digit(i / 1000),
                digit(i / 100 % 10),
                digit(i / 10 % 10),
                digit(i % 10)
            )
        })
        .collect();
    let s = format!(
        "一、任务\n开展工作。（{}按职责分工负责）\n",
        units.join("、")
    );
    let doc = check("huge clause", s.as_bytes(), BOUND);
    let n = doc.sections[0].tasks[0]
        .responsibility
        .as_ref()
        .map_or(0, |r| r.responsible.len());
    assert_eq!(n, 10_000);
    let s = format!("一、任务\n{}\n", "（市公安局".repeat(200_000));
    check("unclosed", s.as_bytes(), BOUND);
}

#[test]
fn degenerate_documents() {
    check(
        "only markers",
        "一、\n（一）\n1.\n（1）\n①\n".repeat(20_000).as_bytes(),
        BOUND,
    );
    for empty in [" \n\t\u{3000}\n".repeat(100_000).into_bytes(), Vec::new()] {
        let t = Instant::now();
        let r = parse_bytes(&empty, None, &Options::default());
        assert!(
            matches!(r, Err(fengong::Error::Empty)),
            "empty input is an error"
        );
        assert!(t.elapsed() < BOUND);
    }
    let mixed =
        "一、总体要求\r\n（一）加强领导。（市政府负责）\r（二）强化考核。\u{2028}二、保障\n";
    let doc = check("mixed line endings", mixed.as_bytes(), BOUND);
    assert_eq!(doc.sections.len(), 2);
    assert_eq!(doc.sections[0].children.len(), 2);
    let mut nul = "一、总体要求\n（一）加强领导。\0（市政府负责）\n"
        .as_bytes()
        .to_vec();
    nul.extend_from_slice(b"\xff\xfe bad \xc3 bytes\n");
    check("nul and bad utf8", &nul, BOUND);
    check(
        "bom in the middle",
        "一、要求\n\u{FEFF}（一）加强。\n".as_bytes(),
        BOUND,
    );
}

#[test]
fn thousand_copies_of_one_page() {
    let page = "某市知识产权保护工作要点\n一、加强保护\n（一）开展专项行动，严厉打击侵权假冒违法犯罪行为。（市公安局负责）\n（二）健全工作机制，加强部门协作配合，形成工作合力。（市市场监管局负责）\n";
    let doc = check("copies", page.repeat(1000).as_bytes(), BOUND);
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.code == fengong::WarningCode::DuplicateBodyDropped));
}
