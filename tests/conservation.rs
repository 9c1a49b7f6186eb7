//! Conservation: every character of the decoded text is accounted for exactly once — in
//! the preamble, the cover, a section's marker and text, the title block, or a line that a
//! warning says was dropped — and every item's text is exactly its tasks and clauses.

mod common;

#[test]
fn fixtures_and_seeds_conserve_their_text() {
    let mut problems = Vec::new();
    let docs = common::documents();
    assert!(docs.len() > 20);
    for p in docs {
        let bytes = std::fs::read(&p).expect("read");
        problems.extend(common::check(&p.display().to_string(), &bytes));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
