//! The whole pipeline on arbitrary bytes: must never panic; every emitter must succeed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = fengong::Options::default();
    if let Ok(an) = fengong::analyze(data, Some("fuzz"), &opts) {
        let doc = &an.document;
        let mut sink = Vec::new();
        let _ = fengong::emit::json(std::slice::from_ref(doc), &mut sink);
        let _ = fengong::emit::yaml(std::slice::from_ref(doc), &mut sink);
        let _ = fengong::emit::csv::Writer::new(&mut sink, true, false).and_then(|mut w| w.document(doc));
        let _ = fengong::emit::tree::tree(doc);
        // diff against itself: never a difference
        let r = fengong::diff::diff(doc, doc, &Default::default(), fengong::duty::Lexicon::builtin());
        assert!(!r.differs(), "a document differs from itself");
    }
});
