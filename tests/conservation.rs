//! Conservation: every character of the decoded text is accounted for exactly once — in
//! the preamble, the cover, a section's marker and text, the title block, or a line that a
//! warning says was dropped — and every item's text is exactly its tasks and clauses.

mod common;

use std::path::Path;

#[test]
fn fixtures_and_seeds_conserve_their_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut n = 0;
    for dir in [
        "seeds",
        "fixtures/outline",
        "fixtures/duty",
        "fixtures/meta",
        "fixtures/diff",
    ] {
        for e in std::fs::read_dir(root.join(dir)).expect("dir").flatten() {
            let bytes = std::fs::read(e.path()).expect("read");
            problems.extend(common::check(&e.path().display().to_string(), &bytes));
            n += 1;
        }
    }
    assert!(n > 20);
    assert!(problems.is_empty(), "{problems:#?}");
}
