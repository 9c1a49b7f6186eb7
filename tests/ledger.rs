//! What analysts hand on, opened the way they open it: the workbook read back by an
//! independent reader (calamine), the CSV tables through Python's csv module.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fengong"))
}

/// Two seeds, a text without tasks and an empty file (which fails).
fn folder() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tmp");
    for (i, p) in common::seeds().iter().take(2).enumerate() {
        std::fs::copy(p, d.path().join(format!("{i}-plan.txt"))).expect("copy");
    }
    std::fs::write(
        d.path().join("2-notes.txt"),
        "今天天气很好，我们去公园散步。",
    )
    .expect("w");
    std::fs::write(d.path().join("3-empty.txt"), "").expect("w");
    d
}

fn tasks_and_roles(dir: &Path) -> (usize, usize) {
    let out = bin()
        .args(["parse", "-q", "--format", "jsonl"])
        .arg(dir)
        .output()
        .expect("run");
    let (mut tasks, mut roles) = (0, 0);
    fn walk(secs: &serde_json::Value, tasks: &mut usize, roles: &mut usize) {
        for s in secs.as_array().into_iter().flatten() {
            for t in s["tasks"].as_array().into_iter().flatten() {
                *tasks += 1;
                for role in ["lead", "responsible", "support"] {
                    *roles += t["responsibility"][role].as_array().map_or(0, Vec::len);
                }
            }
            walk(&s["children"], tasks, roles);
        }
    }
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("record");
        walk(&v["sections"], &mut tasks, &mut roles);
    }
    (tasks, roles)
}

#[test]
fn the_workbook_reads_back_with_every_input_accounted_for() {
    let d = folder();
    let (tasks, roles) = tasks_and_roles(d.path());
    let out = d.path().join("ledger.xlsx");
    let status = bin()
        .args(["parse", "-q", "--format", "xlsx", "-o"])
        .arg(&out)
        .arg(d.path())
        .status()
        .expect("run");
    assert_eq!(
        status.code(),
        Some(1),
        "the empty file fails, the rest is written"
    );
    let mut book: Xlsx<_> = open_workbook(&out).expect("an xlsx calamine can open");
    assert_eq!(book.sheet_names(), ["任务", "单位", "文件"]);
    let sheet = book.worksheet_range("任务").expect("任务");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][4].to_string(), "任务内容");
    // every task, a status row for the text without tasks, one for the failed input
    assert_eq!(rows.len(), 1 + tasks + 2);
    let status: Vec<String> = rows.iter().skip(1).map(|r| r[14].to_string()).collect();
    assert!(status.iter().any(|s| s == "no_tasks"));
    assert!(status
        .iter()
        .any(|s| s.starts_with("error: ") && s.contains("empty")));
    assert!(
        rows.iter().skip(1).any(|r| !r[5].to_string().is_empty()),
        "a lead unit"
    );
    let units = book.worksheet_range("单位").expect("单位");
    assert_eq!(units.rows().count(), 1 + roles);
    let files = book.worksheet_range("文件").expect("文件");
    let files: Vec<&[Data]> = files.rows().collect();
    assert_eq!(files.len(), 1 + 4);
    assert!(files[4][10].to_string().contains("empty"), "{:?}", files[4]);
    assert_eq!(
        files[1][6],
        Data::Float(
            rows.iter()
                .filter(|r| r[0].to_string().ends_with("0-plan.txt"))
                .count() as f64
        )
    );
}

#[test]
fn csv_tables_read_through_pythons_csv_module() {
    let d = folder();
    let (tasks, roles) = tasks_and_roles(d.path());
    for (format, want, column) in [("csv", tasks + 2, "status"), ("units-csv", roles, "role")] {
        let out = d.path().join(format!("{format}.out"));
        let status = bin()
            .args(["parse", "-q", "--csv-bom", "--format", format, "-o"])
            .arg(&out)
            .arg(d.path())
            .status()
            .expect("run");
        assert_eq!(status.code(), Some(1));
        let script = format!(
            "import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1],encoding='utf-8-sig',newline='')))\nprint(len(rows)); print(sorted(set(r['{column}'] for r in rows)))"
        );
        let py = Command::new("python3")
            .args(["-c", &script])
            .arg(&out)
            .output()
            .expect("python3");
        let text = String::from_utf8_lossy(&py.stdout);
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(want.to_string().as_str()),
            "{format}: {text} {}",
            String::from_utf8_lossy(&py.stderr)
        );
        let values = lines.next().unwrap_or_default();
        if format == "csv" {
            assert!(
                values.contains("'no_tasks'")
                    && values.contains("'ok'")
                    && values.contains("error: "),
                "{values}"
            );
        } else {
            assert!(
                values.contains("'lead'") && values.contains("'support'"),
                "{values}"
            );
        }
    }
}
