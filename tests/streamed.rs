//! A large input is written as its sections are assembled (`parse_streaming`): the bytes
//! must be those of the whole-document path, for every document and every format that
//! streams, and the batch's counts the same.

use fengong::batch::{self, sink, BatchConfig, Summary};
use std::path::{Path, PathBuf};

mod common;

/// Every document the tests can read: the repository's, and `../shared`'s cases and
/// devset when they are beside it.
fn inputs() -> Vec<PathBuf> {
    let mut v = common::documents();
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    for dir in ["cases/raw", "devset/raw"] {
        if let Ok(rd) = std::fs::read_dir(shared.join(dir)) {
            let mut more: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
            more.sort();
            v.extend(more);
        }
    }
    v
}

fn run(sink: &dyn sink::Sink, inputs: &[PathBuf], large: Option<u64>) -> (Vec<u8>, Summary) {
    let mut out = Vec::new();
    let cfg = BatchConfig { jobs: 2, large };
    let opts = fengong::Options::default();
    let sum = batch::run(inputs, &opts, &cfg, sink, &mut out, &mut |_| {}).expect("run");
    (out, sum)
}

fn same_either_way(sink: &dyn sink::Sink, inputs: &[PathBuf]) {
    let (whole, sum_whole) = run(sink, inputs, None);
    let (streamed, sum_streamed) = run(sink, inputs, Some(0));
    assert_eq!(sum_whole, sum_streamed);
    if whole != streamed {
        let a = String::from_utf8_lossy(&whole);
        let b = String::from_utf8_lossy(&streamed);
        let at = a
            .char_indices()
            .zip(b.chars())
            .find(|((_, x), y)| x != y)
            .map_or(a.len().min(b.len()), |((i, _), _)| i);
        let from = at.saturating_sub(200);
        panic!(
            "streamed output differs at byte {at}:\nwhole:    {}\nstreamed: {}",
            a.get(from..(at + 200).min(a.len())).unwrap_or(""),
            b.get(from..(at + 200).min(b.len())).unwrap_or("")
        );
    }
    assert!(sum_whole.ok > 0);
}

#[test]
fn json_lines_streamed_are_the_whole_documents_records() {
    let all = inputs();
    assert!(all.len() > 20, "{} documents", all.len());
    same_either_way(&sink::Jsonl, &all);
}

#[test]
fn a_json_array_streamed_is_the_whole_documents_array() {
    same_either_way(&sink::Json { array: true }, &inputs());
}

#[test]
fn csv_rows_streamed_are_the_whole_documents_rows() {
    same_either_way(&sink::Csv { bom: false }, &inputs());
}

#[test]
fn a_yaml_sequence_streamed_is_the_whole_documents_sequence() {
    same_either_way(&sink::Yaml { array: true }, &inputs());
}

#[test]
fn one_json_object_or_yaml_mapping_streamed_is_the_whole_documents() {
    for p in common::seeds() {
        same_either_way(&sink::Json { array: false }, std::slice::from_ref(&p));
        same_either_way(&sink::Yaml { array: false }, &[p]);
    }
}

/// An item longer than a megabyte has its tasks written as they are cut (its title read
/// first, by a search stopped at its first clause): the bytes are still the whole
/// document's, with clauses that join the task before them, labelled lines, brackets
/// that are not clauses and text after the last clause.
#[test]
fn an_item_of_many_clauses_streamed_is_the_whole_documents() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut text = String::from("某市知识产权保护工作要点\n\n一、重点任务\n（一）加强统筹。\n");
    let mut k = 0;
    while text.len() < 1_200_000 {
        k += 1;
        text.push_str(&format!(
            "推进第{k}项工作，完善工作机制（市商务局牵头，市公安局配合）（市财政局负责）。\n\
             说明（含负责事项的说明）继续推进，强化协同配合。\n牵头单位：市农业农村局\n"
        ));
    }
    text.push_str("其余工作持续推进。\n（二）做好督促检查（市检察院负责）。\n");
    let long = dir.path().join("long.txt");
    std::fs::write(&long, &text).expect("write");
    let doc = fengong::parse_text(&text, &fengong::Options::default());
    let first = doc.sections.first().and_then(|s| s.children.first());
    let tasks = first.map_or(0, |s| s.tasks.len());
    assert!(tasks > 10_000, "{tasks} tasks in the long item");
    for sink in [
        &sink::Jsonl as &dyn sink::Sink,
        &sink::Json { array: true },
        &sink::Yaml { array: true },
        &sink::Csv { bom: false },
    ] {
        same_either_way(sink, std::slice::from_ref(&long));
    }
}

/// A long item's paragraphs are joined once, before it is written: its title is still
/// read from its first paragraph alone, here a heading line without a sentence end (the
/// title would otherwise run on into the item's text).
#[test]
fn a_long_items_title_is_its_first_paragraphs_when_streamed() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut text = String::from(
        "某市知识产权保护工作要点\n\n一、重点任务\n\
         （一）加强统筹协调\n",
    );
    let mut k = 0;
    while text.len() < 1_200_000 {
        k += 1;
        text.push_str(&format!(
            "推进第{k}项工作，完善工作机制。（市商务局牵头，市公安局配合）\n"
        ));
    }
    text.push_str("（二）做好督促检查（市检察院负责）。\n");
    let long = dir.path().join("long.txt");
    std::fs::write(&long, &text).expect("write");
    let doc = fengong::parse_text(&text, &fengong::Options::default());
    let first = doc.sections.first().and_then(|s| s.children.first());
    assert_eq!(first.map(|s| s.title.as_str()), Some("加强统筹协调"));
    for sink in [
        &sink::Jsonl as &dyn sink::Sink,
        &sink::Yaml { array: true },
        &sink::Csv { bom: false },
    ] {
        same_either_way(sink, std::slice::from_ref(&long));
    }
}

/// Streamed or not, a document that cannot be decoded is an error record in its place.
#[test]
fn an_input_that_fails_is_reported_in_its_place_when_streamed() {
    let dir = tempfile::tempdir().expect("tmp");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n\n").expect("write");
    let mut inputs = common::seeds();
    inputs.insert(1, empty);
    inputs.insert(2, dir.path().join("missing.txt"));
    let (out, sum) = run(&sink::Jsonl, &inputs, Some(0));
    assert_eq!((sum.ok, sum.failed), (inputs.len() - 2, 2));
    let types = common::record_types(&out);
    assert_eq!(
        types.get(1..3),
        Some(&["error".to_string(), "error".to_string()][..])
    );
    same_either_way(&sink::Jsonl, &inputs);
}

/// A file-name warning (a name that is not UTF-8) comes after the document's own warnings
/// in both paths.
#[cfg(unix)]
#[test]
fn a_file_name_warning_is_written_last_when_streamed() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tmp");
    let gbk = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"\xb9\xa4\xd7\xf7.txt"));
    std::fs::copy(&common::seeds()[0], &gbk).expect("copy");
    let (out, _) = run(&sink::Jsonl, std::slice::from_ref(&gbk), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let last = v["warnings"]
        .as_array()
        .and_then(|w| w.last())
        .expect("warning");
    assert_eq!(last["code"], "path_not_utf8");
    same_either_way(&sink::Jsonl, &[gbk]);
}

/// The batch reports each input it is about to parse as it writes it (`Event::Large`),
/// before that input's own `Written`, and none when every input is small.
#[test]
fn each_large_input_is_announced_before_it_is_written() {
    let docs = common::documents();
    let inputs: Vec<PathBuf> = docs.into_iter().take(3).collect();
    let events = |large: Option<u64>| {
        let mut seen: Vec<(&'static str, PathBuf)> = Vec::new();
        let cfg = BatchConfig { jobs: 2, large };
        let opts = fengong::Options::default();
        let mut out = Vec::new();
        batch::run(&inputs, &opts, &cfg, &sink::Jsonl, &mut out, &mut |e| {
            seen.push(match e {
                batch::Event::Large { path, .. } => ("large", path.to_path_buf()),
                batch::Event::Written { path, .. } => ("written", path.to_path_buf()),
                batch::Event::Failed { path, .. } => ("failed", path.to_path_buf()),
            });
        })
        .expect("run");
        seen
    };
    let streamed = events(Some(0));
    let want: Vec<(&str, PathBuf)> = inputs
        .iter()
        .flat_map(|p| [("large", p.clone()), ("written", p.clone())])
        .collect();
    assert_eq!(streamed, want);
    let whole = events(None);
    assert!(
        whole.iter().all(|(kind, _)| *kind == "written"),
        "{whole:?}"
    );
    assert_eq!(whole.len(), inputs.len());
}
