//! Stage 3: split normalised text into lines with positions.

use crate::scan::is_space;

/// One line of the normalised text. Borrows from it.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    /// 1-based line number.
    pub no: u32,
    /// Byte offset of the trimmed text in the normalised text.
    pub start: usize,
    /// The line with surrounding white space (incl. U+3000) trimmed.
    pub text: &'a str,
}

impl Line<'_> {
    /// Is the line empty after trimming?
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// Length in characters.
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }
}

/// Split `text` on `\n` (the normaliser made every break one).
pub fn split(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for (i, raw) in text.split('\n').enumerate() {
        let lead = raw.len() - raw.trim_start_matches(is_space).len();
        let trimmed = raw.trim_matches(is_space);
        out.push(Line {
            no: u32::try_from(i + 1).unwrap_or(u32::MAX),
            start: start + lead,
            text: trimmed,
        });
        start += raw.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_bytes_into_the_text() {
        let t = "标题\n\u{3000}\u{3000}（一）好\n";
        let ls = split(t);
        assert_eq!(ls.len(), 3);
        let l = ls[1];
        assert_eq!((l.no, l.text), (2, "（一）好"));
        assert_eq!(&t[l.start..l.start + l.text.len()], "（一）好");
    }
}
