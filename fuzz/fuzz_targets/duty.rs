//! The clause parser on arbitrary strings: never panics, and a found clause lies inside
//! the text on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let lex = fengong::duty::Lexicon::builtin();
    let _ = fengong::duty::parse(s, lex, false);
    let _ = fengong::duty::parse(s, lex, true);
    let mut unparsed = Vec::new();
    for f in fengong::duty::find(s, lex, Some(0), &mut unparsed) {
        assert!(f.start <= f.end && f.end <= s.len());
        assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
    }
});
