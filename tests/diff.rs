//! `fengong diff`: fixture pairs with known edits, a seed with generated edits, encodings,
//! renderings (snapshots) and exit codes.

use fengong::diff::{diff, render, DiffOptions, Kind, Report};
use fengong::duty::Lexicon;
use fengong::{parse_bytes, parse_text, Document, Options};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(p: &Path) -> Document {
    let b = std::fs::read(p).expect("read");
    parse_bytes(
        &b,
        p.file_name().and_then(|n| n.to_str()),
        &Options::default(),
    )
    .expect("parse")
}

fn run(old: &Document, new: &Document) -> Report {
    diff(old, new, &DiffOptions::default(), Lexicon::builtin())
}

fn counts(r: &Report) -> [usize; 5] {
    let s = &r.summary;
    [s.unchanged, s.modified, s.moved, s.added, s.removed]
}

#[test]
fn fixture_pairs_report_exactly_their_edit() {
    let cases: [(&str, [usize; 5]); 8] = [
        ("insert_top", [7, 0, 0, 1, 0]),
        ("delete", [6, 0, 0, 0, 1]),
        ("reword", [6, 1, 0, 0, 0]),
        ("move", [6, 0, 1, 0, 0]),
        ("reorder", [7, 0, 0, 0, 0]),
        ("owner", [6, 1, 0, 0, 0]),
        ("rename", [7, 0, 0, 0, 0]),
        ("identical", [7, 0, 0, 0, 0]),
    ];
    for (case, want) in cases {
        let dir = root().join("fixtures/diff");
        let r = run(
            &load(&dir.join(format!("{case}_old.txt"))),
            &load(&dir.join(format!("{case}_new.txt"))),
        );
        assert_eq!(counts(&r), want, "{case}");
    }
    let dir = root().join("fixtures/diff");
    let r = run(
        &load(&dir.join("rename_old.txt")),
        &load(&dir.join("rename_new.txt")),
    );
    assert_eq!(r.renames.len(), 1, "市工商局 → 市市场监管局 is one rename");
    assert!(!r.differs());
    let r = run(
        &load(&dir.join("owner_old.txt")),
        &load(&dir.join("owner_new.txt")),
    );
    let c = r
        .changes
        .iter()
        .find(|c| c.kind == Kind::Modified)
        .expect("modified");
    assert_eq!(c.units_added, ["市市场监管局"]);
}

#[test]
fn renderings() {
    insta::glob!("../fixtures/diff", "*_old.txt", |old| {
        let new = old.with_file_name(
            old.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .replace("_old", "_new"),
        );
        let r = run(&load(old), &load(&new));
        let mut text = Vec::new();
        render::text(&r, &mut text, false).expect("text");
        let mut md = Vec::new();
        render::markdown(&r, &mut md, render::Lang::Zh).expect("md");
        insta::assert_snapshot!(format!(
            "{}\n---\n{}",
            String::from_utf8_lossy(&text),
            String::from_utf8_lossy(&md)
        ));
    });
}

#[test]
fn same_document_in_two_encodings_has_no_differences() {
    let text =
        std::fs::read_to_string(root().join("seeds/003_7fc39129a9cc46fe.txt")).expect("seed");
    let gb = encoding_rs::GB18030.encode(&text).0.into_owned();
    let a = parse_bytes(text.as_bytes(), Some("a"), &Options::default()).expect("utf8");
    let b = parse_bytes(&gb, Some("b"), &Options::default()).expect("gb");
    let r = run(&a, &b);
    assert!(!r.differs(), "{:?}", r.summary);
}

/// Take a seed, apply known edits, and check that exactly those are reported.
#[test]
fn generated_edits_on_a_seed() {
    let text =
        std::fs::read_to_string(root().join("seeds/003_7fc39129a9cc46fe.txt")).expect("seed");
    let old = parse_text(&text, &Options::default());
    let mut edited = text.clone();
    // 1. delete 1.2.3 (and renumber what follows)
    edited = edited.replace(
        "3. 开展种业监管执法年活动，严厉打击假冒伪劣、套牌侵权违法行为。（市农业农村局负责）\n\n",
        "",
    );
    edited = edited.replace(
        "4. 以网售种苗和种苗交易市场为重点",
        "3. 以网售种苗和种苗交易市场为重点",
    );
    edited = edited.replace(
        "5. 依法从严惩治农资、种子制假售假",
        "4. 依法从严惩治农资、种子制假售假",
    );
    // 2. reword 3.1.2
    edited = edited.replace(
        "强化大要案件侦办，推进重点领域、重点地区治理。",
        "强化大要案件侦办，深入推进重点领域、重点地区综合治理。",
    );
    // 3. change hands of 3.2.1
    edited = edited.replace(
        "积极参与社会综合治理。（市检察院负责）",
        "积极参与社会综合治理。（市检察院牵头，市法院配合）",
    );
    // 4. insert a task at the top of 1.1
    edited = edited.replace("4. 集中清理网上", "5. 集中清理网上");
    edited = edited.replace("3. 开展网售药品", "4. 开展网售药品");
    edited = edited.replace("2. 聚焦电商", "3. 聚焦电商");
    edited = edited.replace(
        "1. 开展“剑网 2023”专项行动",
        "1. 开展数据知识产权保护试点。（市市场监管局负责）\n\n2. 开展“剑网 2023”专项行动",
    );
    let new = parse_text(&edited, &Options::default());
    let r = run(&old, &new);
    let n = old.sections.iter().map(count).sum::<usize>();
    assert_eq!(
        counts(&r),
        [n - 3, 2, 0, 1, 1],
        "{:#?}",
        r.changes
            .iter()
            .filter(|c| c.kind != Kind::Unchanged)
            .collect::<Vec<_>>()
    );
    let removed = r
        .changes
        .iter()
        .find(|c| c.kind == Kind::Removed)
        .and_then(|c| c.old.as_ref())
        .map(|t| t.id.clone());
    assert_eq!(removed.as_deref(), Some("1.2.3/1"));
    let added = r
        .changes
        .iter()
        .find(|c| c.kind == Kind::Added)
        .and_then(|c| c.new.as_ref())
        .map(|t| t.text.clone());
    assert_eq!(added.as_deref(), Some("开展数据知识产权保护试点。"));
    let hands = r
        .changes
        .iter()
        .find(|c| c.units_added == ["市法院"])
        .expect("owner change");
    assert_eq!(hands.kind, Kind::Modified);
}

fn count(s: &fengong::Section) -> usize {
    s.tasks.len() + s.children.iter().map(count).sum::<usize>()
}

#[test]
fn large_plans_stay_fast() {
    let mk = |shift: usize| {
        let mut s = String::from("某市工作要点\n");
        for i in 1..=40 {
            s.push_str(&format!("{}. 第{i}部分重点工作\n", i));
            for k in 1..=50 {
                let n = i * 100 + k + shift * (k % 7 == 0) as usize;
                s.push_str(&format!("（{k}）推进第{n}号任务落实，完善第{}项配套措施，加强督促检查。（市公安局负责）\n", n * 3));
            }
        }
        parse_text(&s, &Options::default())
    };
    let (a, b) = (mk(0), mk(1));
    let t = std::time::Instant::now();
    let r = run(&a, &b);
    let took = t.elapsed();
    assert!(r.summary.unchanged >= 1700, "{:?}", r.summary);
    assert!(r.summary.modified >= 250, "{:?}", r.summary);
    assert!(
        took.as_secs_f64() < 20.0,
        "2,000 × 2,000 tasks took {took:?}"
    );
    eprintln!("2,000 × 2,000 tasks: {took:?}, {:?}", r.summary);
}

#[test]
fn role_changes_are_real_changes_of_hands_only() {
    let doc = |clause: &str| {
        parse_text(
            &format!("某市工作要点\n一、任务\n（一）开展专项行动。（{clause}）\n"),
            &Options::default(),
        )
    };
    let r = run(&doc("市公安局负责"), &doc("市公安局牵头，市商务局配合"));
    let c = r
        .changes
        .iter()
        .find(|c| c.kind == Kind::Modified)
        .expect("modified");
    assert!(
        c.role_changes.is_empty(),
        "a sole owner that now leads did not change hands: {:?}",
        c.role_changes
    );
    assert_eq!(c.units_added, ["市商务局"]);
    let r = run(
        &doc("市公安局牵头，市商务局配合"),
        &doc("市商务局牵头，市公安局配合"),
    );
    let c = r
        .changes
        .iter()
        .find(|c| c.kind == Kind::Modified)
        .expect("modified");
    let mut roles: Vec<(String, String, String)> = c
        .role_changes
        .iter()
        .map(|x| (x.unit.clone(), x.old.clone(), x.new.clone()))
        .collect();
    roles.sort();
    assert_eq!(
        roles,
        [
            (
                "市公安局".to_string(),
                "lead".to_string(),
                "support".to_string()
            ),
            (
                "市商务局".to_string(),
                "support".to_string(),
                "lead".to_string()
            )
        ]
    );
}

/// Two folders: documents paired by title with the year taken out, the rest listed,
/// one report in every format.
#[test]
fn folders_pair_documents_and_report_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let (old, new) = (dir.path().join("2023"), dir.path().join("2024"));
    std::fs::create_dir_all(&old).expect("mkdir");
    std::fs::create_dir_all(&new).expect("mkdir");
    std::fs::copy(
        root().join("fixtures/diff/report_old.txt"),
        old.join("a.txt"),
    )
    .expect("copy");
    std::fs::copy(
        root().join("fixtures/diff/report_new.txt"),
        new.join("b.txt"),
    )
    .expect("copy");
    std::fs::write(
        new.join("c.txt"),
        "某市数据资源管理办法\n一、总则\n（一）统筹数据资源。（市数据局负责）\n",
    )
    .expect("write");
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_fengong"))
            .args(["diff", "--format", format])
            .arg(&old)
            .arg(&new)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{format}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let v: serde_json::Value = serde_json::from_str(&run("json")).expect("json");
    assert_eq!(v["pairs"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["pairs"][0]["paired_by"], "title");
    assert_eq!(v["pairs"][0]["report"]["summary"]["added"], 1);
    assert_eq!(v["only_new"][0]["title"], "某市数据资源管理办法");
    assert!(run("md").contains("## 仅新文件夹有"));
    assert!(run("html").contains("id=\"pair-0\""));
    let csv = run("csv");
    assert!(
        csv.lines()
            .any(|l| l.contains("only_new") && l.contains("c.txt")),
        "{csv}"
    );
    assert!(run("text").starts_with("pair: "));
}
