//! Helpers shared by integration tests.
#![allow(dead_code)]

pub mod gen;

/// Every document shipped in the repository: seeds and fixtures (not diff pairs' twins).
pub fn documents() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v = Vec::new();
    for dir in [
        "seeds",
        "fixtures/outline",
        "fixtures/duty",
        "fixtures/meta",
        "fixtures/diff",
    ] {
        for e in std::fs::read_dir(root.join(dir))
            .expect("fixture dir")
            .flatten()
        {
            v.push(e.path());
        }
    }
    v.sort();
    v
}

/// The seed documents (`seeds/*.txt`), sorted.
pub fn seeds() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut v: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .expect("seeds")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

use std::collections::BTreeMap;

fn tally(s: &str, sign: i64, into: &mut BTreeMap<char, i64>) {
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        *into.entry(c).or_insert(0) += sign;
    }
}

fn alnum(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn sections(secs: &[fengong::Section], out: &mut BTreeMap<char, i64>, problems: &mut Vec<String>) {
    for s in secs {
        tally(&s.marker, -1, out);
        tally(&s.text, -1, out);
        if !s.tasks.is_empty() {
            let mut parts = String::new();
            for t in &s.tasks {
                assert!(!t.text.trim().is_empty(), "task {} has empty text", t.id);
                parts.push_str(&t.text);
                if let Some(r) = &t.responsibility {
                    parts.push_str(&r.raw);
                }
            }
            // an item with children may end in a lead-in to them, which is no task
            let adds_up = if s.children.is_empty() {
                alnum(&parts) == alnum(&s.text)
            } else {
                alnum(&s.text).starts_with(&alnum(&parts))
            };
            if !adds_up {
                problems.push(format!(
                    "section {}: tasks and clauses do not add up to its text",
                    s.id
                ));
            }
        }
        sections(&s.children, out, problems);
    }
}

/// Conservation check of one input; returns what is unaccounted for (empty: all good).
pub fn check(name: &str, bytes: &[u8]) -> Vec<String> {
    let an = match fengong::analyze(bytes, Some(name), &fengong::Options::default()) {
        Ok(a) => a,
        Err(_) => return Vec::new(), // refused inputs are reported as errors, not lost
    };
    let mut balance = BTreeMap::new();
    for (_, fate, text) in &an.lines {
        if !fate.outside_body() {
            tally(text, 1, &mut balance);
        }
    }
    let doc = &an.document;
    let title = doc.meta.title.as_deref().unwrap_or("");
    let title_line = an
        .lines
        .iter()
        .any(|l| l.1 == fengong::fate::LineFate::Head(fengong::meta::Role::Title));
    if !title_line && !doc.preamble.contains(title) {
        // flattened text: the title was cut from the start of the one long line
        tally(title, -1, &mut balance);
    }
    tally(&doc.preamble, -1, &mut balance);
    tally(&doc.back_matter, -1, &mut balance);
    if let Some(c) = &doc.cover {
        tally(&c.text, -1, &mut balance);
    }
    let mut problems = Vec::new();
    sections(&doc.sections, &mut balance, &mut problems);
    // every dropped line is in some warning's range
    let dropped: Vec<u32> = an
        .lines
        .iter()
        .filter(|l| l.1.dropped())
        .map(|l| l.0)
        .collect();
    for no in dropped {
        let covered = doc.warnings.iter().any(|w| {
            let first = w.line.unwrap_or(0);
            let last = w
                .message
                .split("lines ")
                .nth(1)
                .and_then(|r| r.split(['–', ':']).nth(1))
                .and_then(|x| x.trim().parse::<u32>().ok())
                .unwrap_or(first);
            (first..=last).contains(&no)
        });
        if !covered {
            problems.push(format!("{name}: line {no} dropped without a warning"));
        }
    }
    let off: Vec<(char, i64)> = balance.into_iter().filter(|(_, n)| *n != 0).collect();
    if !off.is_empty() {
        problems.push(format!(
            "{name}: characters not accounted for exactly once: {off:?}"
        ));
    }
    problems
}

/// The `"type"` of every JSON Lines record in `stdout`, in order.
pub fn record_types(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON record");
            v["type"].as_str().unwrap_or("").to_string()
        })
        .collect()
}
