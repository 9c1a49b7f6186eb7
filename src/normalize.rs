//! Stage 2: normalise the decoded text without adding or removing a line.
//!
//! Line breaks become `\n` (`\r\n`, lone `\r`, U+2028, U+2029, U+0085 each count as one
//! break, as an editor shows them); NUL and other control characters (except tab), a BOM
//! in the middle, zero-width spaces and soft hyphens are removed. Nothing else changes:
//! the document keeps its own script, brackets and spaces.

/// Normalise `text`; the number of lines is preserved.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{AD}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_kept_one_for_one() {
        let s = "a\r\nb\rc\u{2028}d\ne";
        assert_eq!(normalize(s), "a\nb\nc\nd\ne");
    }

    #[test]
    fn junk_is_removed() {
        assert_eq!(
            normalize("一\u{0}、\u{FEFF}总体\u{200B}要求\u{c}"),
            "一、总体要求"
        );
    }
}
