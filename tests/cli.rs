//! The built binary: formats, exit codes, errors naming the file, batches that go on.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fengong"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory, removed when the returned guard drops.
fn tmpdir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("fengong-cli-{name}-"))
        .tempdir()
        .expect("tmp")
}

#[test]
fn parse_json_of_a_seed() {
    let out = bin()
        .args(["parse", "seeds/003_7fc39129a9cc46fe.txt"])
        .current_dir(root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["meta"]["doc_number"], "信打假办〔2023〕3号");
    assert_eq!(v["sections"].as_array().map(Vec::len), Some(7));
}

#[test]
fn batch_goes_on_after_a_bad_file_and_exits_1() {
    let tmp = tmpdir("batch");
    let d = tmp.path().to_path_buf();
    std::fs::copy(
        root().join("seeds/003_7fc39129a9cc46fe.txt"),
        d.join("a.txt"),
    )
    .expect("copy");
    std::fs::write(d.join("b.pdf"), b"%PDF-1.7 binary").expect("write");
    let out = bin()
        .args(["parse", "--format", "jsonl", "--ext", "*"])
        .arg(&d)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "one record per input, in order");
    let err: serde_json::Value = serde_json::from_str(lines[1]).expect("error record");
    assert_eq!(err["type"], "error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("b.pdf") && stderr.contains("not a text file"),
        "{stderr}"
    );
}

#[test]
fn nothing_processed_exits_2() {
    let out = bin()
        .args(["parse", "/nonexistent/file.txt"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/file.txt"));
    let out = bin()
        .args(["parse", "--format", "nope"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn csv_has_the_contract_header_and_a_row_per_task() {
    let out = bin()
        .args(["parse", "--format", "csv", "fixtures/duty/convention.txt"])
        .current_dir(root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    let mut lines = s.lines();
    assert_eq!(
        lines.next(),
        Some("file,task_id,section_path,section_titles,text,lead,responsible,support,line,title,doc_number,open_ended,deadline,raw_clause,status")
    );
    let row = lines.next().unwrap_or_default();
    assert!(
        row.contains("1.1/1")
            && row.contains("重点任务 > 加强组织领导")
            && row.contains("市财政局、市审计局"),
        "{row}"
    );
    assert_eq!(lines.count(), 1);
}

#[test]
fn stdin_yaml_and_atomic_output_file() {
    use std::io::Write;
    let tmp = tmpdir("out");
    let d = tmp.path().to_path_buf();
    let target = d.join("out.yaml");
    let mut child = bin()
        .args(["parse", "--format", "yaml", "-o"])
        .arg(&target)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("某市工作要点\n一、加强保护\n（一）开展行动。（市公安局负责）\n".as_bytes())
        .expect("write");
    assert_eq!(child.wait().expect("wait").code(), Some(0));
    let y = std::fs::read_to_string(&target).expect("output file");
    assert!(
        y.contains("schema_version: 1") && y.contains("市公安局"),
        "{y}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&d)
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name() != "out.yaml")
        .collect();
    assert!(leftovers.is_empty(), "no temp file left behind");
}

#[test]
fn explain_says_why() {
    let out = bin()
        .args(["parse", "--explain", "fixtures/outline/rejections.txt"])
        .current_dir(root())
        .output()
        .expect("run");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("heading level 2 paren_chinese #1"), "{s}");
    assert!(s.contains("drop:site-footer"), "{s}");
    assert!(s.contains("meta:attachments"), "{s}");
}

#[test]
fn parallel_output_is_byte_identical_to_serial() {
    let tmp = tmpdir("par");
    let d = tmp.path().to_path_buf();
    for i in 0..40 {
        for e in std::fs::read_dir(root().join("seeds"))
            .expect("seeds")
            .flatten()
        {
            let name = format!("{i:02}_{}", e.file_name().to_string_lossy());
            std::fs::copy(e.path(), d.join(name)).expect("copy");
        }
    }
    let run = |j: &str| {
        bin()
            .args(["parse", "-q", "--format", "jsonl", "-j", j])
            .arg(&d)
            .output()
            .expect("run")
    };
    let (a, b) = (run("1"), run("4"));
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout.iter().filter(|c| **c == b'\n').count(), 200);
    assert!(a.stdout == b.stdout, "-j1 and -j4 differ");
    // 200 files are four chunks, parsed overlapping: the records still come in input order
    let paths: Vec<String> = String::from_utf8_lossy(&b.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["source"]["path"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert!(paths == sorted, "records out of input order");
}

#[test]
fn stdin_records_filter_mode() {
    use std::io::Write;
    let mut child = bin()
        .args(["parse", "--stdin-records"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let gb = encoding_rs::GB18030
        .encode("一、任务\n（一）开展行动。（市公安局负责）\n")
        .0
        .into_owned();
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, gb);
    let input = format!(
        "{{\"key\":\"a\",\"text\":\"一、加强\\n（一）开展。（市商务局负责）\"}}\nnot json\n{{\"key\":7,\"bytes\":\"{b64}\"}}\n"
    );
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    let recs: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(recs.len(), 3, "one output record per input record");
    assert_eq!(
        (recs[0]["key"].as_str(), recs[0]["type"].as_str()),
        (Some("a"), Some("document"))
    );
    assert_eq!(recs[1]["type"], "error");
    assert_eq!(recs[2]["key"], 7);
    assert_eq!(recs[2]["document"]["source"]["encoding"], "GB18030");
}

#[test]
fn files_from_globs_and_hidden_files() {
    let tmp = tmpdir("sel");
    let d = tmp.path().to_path_buf();
    std::fs::write(d.join("a.txt"), "一、甲\n").expect("w");
    std::fs::write(d.join("b.md"), "一、乙\n").expect("w");
    std::fs::write(d.join(".hidden.txt"), "一、丙\n").expect("w");
    let count = |args: &[&str]| {
        let out = bin()
            .args(["parse", "-q", "--format", "jsonl"])
            .args(args)
            .arg(&d)
            .output()
            .expect("run");
        out.stdout.iter().filter(|c| **c == b'\n').count()
    };
    assert_eq!(count(&[]), 2);
    assert_eq!(count(&["--hidden"]), 3);
    assert_eq!(count(&["--glob", "*.txt"]), 1);
    assert_eq!(count(&["--exclude", "*.txt"]), 1);
    let list = d.join("list");
    std::fs::write(
        &list,
        format!(
            "{}\0{}\0",
            d.join("a.txt").display(),
            d.join("b.md").display()
        ),
    )
    .expect("w");
    let out = bin()
        .args(["parse", "-q", "--format", "jsonl", "-0", "--files-from"])
        .arg(&list)
        .output()
        .expect("run");
    assert_eq!(out.stdout.iter().filter(|c| **c == b'\n').count(), 2);
}

#[test]
fn diff_exit_codes_follow_diff1() {
    let d = root().join("fixtures/diff");
    let code = |a: &str, b: &str, f: &str| {
        bin()
            .args(["diff", "--format", f])
            .arg(d.join(a))
            .arg(d.join(b))
            .output()
            .expect("run")
    };
    assert_eq!(
        code("identical_old.txt", "identical_new.txt", "text")
            .status
            .code(),
        Some(0)
    );
    let out = code("reword_old.txt", "reword_new.txt", "json");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["summary"]["modified"], 1);
    assert_eq!(v["changes"].as_array().map(Vec::len), Some(7));
    let out = code("owner_old.txt", "owner_new.txt", "csv");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("kind,similarity,old_id,new_id"));
    let out = bin()
        .args(["diff", "/nonexistent/a.txt"])
        .arg(d.join("base.txt"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_inputs_are_clear_errors_and_the_batch_goes_on() {
    let tmp = tmpdir("bad");
    let d = tmp.path().to_path_buf();
    std::fs::write(d.join("1-empty.txt"), b"").expect("w");
    std::fs::write(
        d.join("2-nul.bin"),
        [0u8, 1, 2, 0, 0, 0, 5, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0],
    )
    .expect("w");
    std::fs::write(
        d.join("3-notes.txt"),
        "今天天气很好，我们去公园散步。".as_bytes(),
    )
    .expect("w");
    std::fs::write(
        d.join("4-plan.txt"),
        "某市工作要点\n一、加强保护\n（一）开展行动。（市公安局负责）\n".as_bytes(),
    )
    .expect("w");
    let out = bin()
        .args(["parse", "-q", "--format", "jsonl", "--ext", "txt,bin"])
        .arg(&d)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1-empty.txt: empty file"), "{stderr}");
    assert!(stderr.contains("2-nul.bin: not a text file"), "{stderr}");
    let recs: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(recs.len(), 4);
    assert_eq!(recs[2]["sections"].as_array().map(Vec::len), Some(0));
    assert_eq!(recs[2]["warnings"][0]["code"], "no_sections");
    assert_eq!(recs[3]["sections"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let mut child = bin()
        .args(["parse", "-q", "--format", "jsonl", "-j", "1"])
        .arg(root().join("seeds"))
        .arg(root().join("seeds"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("read");
    // stdout is dropped here: the pipe closes while fengong still writes
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_bad_encoding_label_is_one_usage_error_and_aliases_are_accepted() {
    let tmp = tmpdir("encoding");
    let d = tmp.path().to_path_buf();
    for n in ["a", "b", "c"] {
        std::fs::copy(
            root().join("seeds/003_7fc39129a9cc46fe.txt"),
            d.join(format!("{n}.txt")),
        )
        .expect("copy");
    }
    let out = bin()
        .args(["parse", "--format", "jsonl", "--encoding", "nonsense"])
        .arg(&d)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("nonsense").count(), 1, "said once: {err}");
    assert!(out.stdout.is_empty());
    for alias in ["cp936", "gb2312", "big5-hkscs", "UTF-8"] {
        let out = bin()
            .args(["parse", "--format", "jsonl", "--encoding", alias])
            .arg(d.join("a.txt"))
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{alias}");
    }
}

#[test]
fn parallel_jobs_are_bounded() {
    let start = std::time::Instant::now();
    let out = bin()
        .args(["parse", "-q", "--format", "jsonl", "-j", "100000", "seeds"])
        .current_dir(root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5);
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
}

#[test]
fn json_lines_records_say_what_they_are() {
    let tmp = tmpdir("jsonl-type");
    let d = tmp.path().to_path_buf();
    std::fs::copy(
        root().join("seeds/003_7fc39129a9cc46fe.txt"),
        d.join("a.txt"),
    )
    .expect("copy");
    std::fs::write(d.join("b.txt"), [0u8; 64]).expect("write");
    let out = bin()
        .args(["parse", "-q", "--format", "jsonl"])
        .arg(&d)
        .output()
        .expect("run");
    assert_eq!(common::record_types(&out.stdout), ["document", "error"]);
}

#[test]
fn yaml_dates_are_strings() {
    let out = bin()
        .args(["parse", "--format", "yaml", "fixtures/meta/decree.txt"])
        .current_dir(root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let y = String::from_utf8_lossy(&out.stdout);
    assert!(y.contains("date: '2025-02-03'"), "the date is quoted");
    assert!(!y
        .lines()
        .any(|l| l.trim_end().ends_with("2025-02-03") && !l.contains('\'')));
}

#[test]
fn a_run_that_parses_nothing_leaves_the_earlier_output() {
    let tmp = tmpdir("keep-output");
    let d = tmp.path().to_path_buf();
    let out_file = d.join("out.jsonl");
    std::fs::write(&out_file, "earlier good output\n").expect("write");
    std::fs::write(d.join("bad.txt"), [0u8; 64]).expect("write");
    let out = bin()
        .args(["parse", "-q", "--format", "jsonl", "-o"])
        .arg(&out_file)
        .arg(d.join("bad.txt"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&out_file).expect("read"),
        "earlier good output\n"
    );
    let leftovers = std::fs::read_dir(&d).expect("dir").count();
    assert_eq!(leftovers, 2, "no temporary file left behind");
}

#[test]
fn zero_documents_give_an_empty_array() {
    let tmp = tmpdir("zero-docs");
    let d = tmp.path().to_path_buf();
    std::fs::write(d.join("bad.txt"), [0u8; 64]).expect("write");
    let out = bin()
        .args(["parse", "-q", "--format", "json"])
        .arg(&d)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn version_names_the_schema_and_the_tables() {
    let out = bin().arg("--version").output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    let v = String::from_utf8_lossy(&out.stdout);
    assert!(v.contains("schema 1"), "{v}");
    assert!(v.contains("units ") && v.contains("renames "), "{v}");
}

/// `diff` writes to `-o`, leaves unchanged tasks out with `--only-changes`, starts CSV
/// with a BOM on request, and speaks English with `--lang en`.
#[test]
fn diff_output_options() {
    let tmp = tmpdir("diffopts");
    let d = tmp.path().to_path_buf();
    let out = d.join("changes.csv");
    let status = bin()
        .args([
            "diff",
            "--format",
            "csv",
            "--only-changes",
            "--csv-bom",
            "-o",
        ])
        .arg(&out)
        .args([
            "fixtures/diff/report_old.txt",
            "fixtures/diff/report_new.txt",
        ])
        .current_dir(root())
        .status()
        .expect("run");
    assert_eq!(status.code(), Some(1));
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.starts_with('\u{FEFF}'));
    assert!(!text.contains("\nunchanged,"), "{text}");
    assert!(text.contains("\nmodified,"));
    let md = bin()
        .args(["diff", "--format", "md", "--lang", "en"])
        .args([
            "fixtures/diff/report_old.txt",
            "fixtures/diff/report_new.txt",
        ])
        .current_dir(root())
        .output()
        .expect("run");
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.starts_with("# Changes: ") && md.contains("**added**"),
        "{md}"
    );
}
