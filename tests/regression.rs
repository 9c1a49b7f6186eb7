//! One case per bug found (by the fuzzers or by hand), never edited: `fixtures/regress/`.

mod common;

use std::path::Path;

/// Every regression input parses (or is refused with an error), conserves its text, and a
/// diff of the document against itself finds nothing.
#[test]
fn regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/regress");
    for e in std::fs::read_dir(dir).expect("fixtures/regress").flatten() {
        let bytes = std::fs::read(e.path()).expect("read");
        let name = e.path().display().to_string();
        let problems = common::check(&name, &bytes);
        assert!(problems.is_empty(), "{problems:?}");
        if let Ok(doc) = fengong::parse_bytes(&bytes, None, &fengong::Options::default()) {
            let r = fengong::diff::diff(
                &doc,
                &doc,
                &Default::default(),
                fengong::duty::Lexicon::builtin(),
            );
            assert!(
                !r.differs(),
                "{name}: differs from itself: {:?} {:?}",
                r.summary,
                r.sections.first()
            );
        }
    }
}
