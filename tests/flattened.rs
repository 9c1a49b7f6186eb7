//! A document a crawler flattened onto one line (its lines joined by runs of ideographic
//! spaces) keeps the section tree it has on many lines: the same ids, the same titles'
//! starts, the same number of tasks.
//!
//! Covered: the seeds without a second copy or site footer on the page, and the fixtures
//! that are whole documents (tables and fragments flatten into something else).

use std::path::Path;

const FILES: &[&str] = &[
    "seeds/001_058f0d2563771c9b.txt",
    "seeds/003_7fc39129a9cc46fe.txt",
    "fixtures/outline/continuing_numbering.txt",
    "fixtures/outline/continuous_across_parents.txt",
    "fixtures/outline/marker_digit.txt",
    "fixtures/outline/chapters_markdown.txt",
    "fixtures/outline/decimal_with_contents.txt",
    "fixtures/outline/skip_level.txt",
    "fixtures/outline/styles.txt",
    "fixtures/duty/open_unit_lists.txt",
    "fixtures/duty/notes_and_joiners.txt",
];

fn outline(doc: &fengong::Document) -> Vec<(String, usize)> {
    fn walk(secs: &[fengong::Section], out: &mut Vec<(String, usize)>) {
        for s in secs {
            out.push((s.id.clone(), s.tasks.len()));
            walk(&s.children, out);
        }
    }
    let mut out = Vec::new();
    walk(&doc.sections, &mut out);
    out
}

#[test]
fn flattened_documents_keep_their_outline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = fengong::Options::default();
    for f in FILES {
        let bytes = std::fs::read(root.join(f)).expect("read");
        let doc = fengong::parse_bytes(&bytes, None, &opts).expect("parse");
        let text = String::from_utf8_lossy(&bytes);
        let flat: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let flat = flat.join("\u{3000}\u{3000}");
        let fdoc = fengong::parse_text(&flat, &opts);
        let (a, b) = (outline(&doc), outline(&fdoc));
        assert_eq!(
            a.iter().map(|x| &x.0).collect::<Vec<_>>(),
            b.iter().map(|x| &x.0).collect::<Vec<_>>(),
            "{f}: section ids differ once flattened"
        );
        assert!(a.len() >= 3, "{f}: a document with an outline");
        assert_eq!(a, b, "{f}: tasks per section differ once flattened");
    }
}
