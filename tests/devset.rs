//! The real documents of `../shared/devset/` (read in place, never copied into the repo):
//! - every line is in the output or counted in `warnings` (conservation, as for the seeds);
//! - section ids are unique;
//! - no clause is lost without a word: every bracket or labelled line in a section's text
//!   that holds a role word either became a task's clause or is named in `warnings`.
//!
//! Without `../shared/devset` beside the repo (a clone on its own) there is nothing to
//! read, and the test says so.

mod common;

use std::path::{Path, PathBuf};

fn devset() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devset/raw");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    Some(v)
}

const ROLE_WORDS: &[&str] = &["负责", "牵头", "配合", "協助", "协助", "負責", "牽頭"];

/// Bracket groups `（…）` / `(…)` of `t` holding a role word, by content.
fn role_brackets(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, c) in t.char_indices() {
        match c {
            '（' | '(' => stack.push(i + c.len_utf8()),
            '）' | ')' => {
                if let Some(a) = stack.pop() {
                    let inner = &t[a..i];
                    if stack.is_empty() && ROLE_WORDS.iter().any(|w| inner.contains(w)) {
                        out.push(inner);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn labelled_lines(t: &str) -> Vec<&str> {
    t.lines()
        .map(str::trim)
        .filter(|l| {
            ["牵头单位", "责任单位", "配合单位", "牽頭單位", "責任單位"]
                .iter()
                .any(|w| l.starts_with(w))
                && l.contains(['：', ':'])
        })
        .collect()
}

fn sections<'a>(secs: &'a [fengong::Section], out: &mut Vec<&'a fengong::Section>) {
    for s in secs {
        out.push(s);
        sections(&s.children, out);
    }
}

#[test]
fn devset_documents_keep_their_text_ids_and_clauses() {
    let Some(docs) = devset() else {
        eprintln!("../shared/devset not found: nothing to check");
        return;
    };
    assert!(docs.len() >= 40, "the devset holds 49 documents");
    let mut problems = Vec::new();
    for p in &docs {
        let name = p.display().to_string();
        let bytes = std::fs::read(p).expect("read");
        problems.extend(common::check(&name, &bytes));
        let doc = fengong::parse_bytes(&bytes, Some(&name), &fengong::Options::default())
            .expect("a devset document parses");
        let mut all = Vec::new();
        sections(&doc.sections, &mut all);
        let mut ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        if ids.len() != n {
            problems.push(format!("{name}: duplicate section ids"));
        }
        let said = |content: &str| {
            let key: String = content.chars().take(12).collect();
            all.iter().any(|s| {
                s.tasks.iter().any(|t| {
                    t.responsibility
                        .as_ref()
                        .is_some_and(|r| r.raw.contains(&key))
                })
            }) || doc.warnings.iter().any(|w| w.message.contains(&key))
        };
        for s in &all {
            for content in role_brackets(&s.text)
                .into_iter()
                .chain(labelled_lines(&s.text))
            {
                if !said(content) {
                    problems.push(format!(
                        "{name}: section {}: clause-like {content:?} neither read nor warned about",
                        s.id
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
