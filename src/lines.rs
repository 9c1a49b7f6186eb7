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
    let mut from = 0usize;
    for (i, raw) in crate::scan::split_lines(text).enumerate() {
        let body = raw.trim_start_matches(is_space);
        let mut lead = raw.len() - body.len();
        lead += markdown_heading_prefix(body);
        let trimmed = raw.get(lead..).unwrap_or("").trim_matches(is_space);
        out.push(Line {
            no: u32::try_from(i + 1).unwrap_or(u32::MAX),
            start: from + lead,
            text: trimmed,
        });
        from += raw.len() + 1;
    }
    out
}

/// Bytes of a Markdown ATX heading prefix (`## ` in `## 第一章  总则`) at the start of a
/// line, spaces after it included: documents converted to Markdown mark their headings so,
/// and the marks are layout, not text.
fn markdown_heading_prefix(t: &str) -> usize {
    let hashes = t.len() - t.trim_start_matches('#').len();
    if hashes == 0 || hashes > 6 {
        return 0;
    }
    let rest = t.get(hashes..).unwrap_or("");
    let after = rest.trim_start_matches([' ', '\t']);
    if after.len() == rest.len() || after.is_empty() {
        return 0;
    }
    t.len() - after.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_for_every_piece_between_breaks() {
        for t in ["", "a", "a\n", "\n\n", "a\nb", "\u{3000}甲\n 乙 \n"] {
            let got: Vec<&str> = split(t).iter().map(|l| l.text).collect();
            let want: Vec<&str> = t.split('\n').map(|r| r.trim_matches(is_space)).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn positions_are_bytes_into_the_text() {
        let t = "标题\n\u{3000}\u{3000}（一）好\n";
        let ls = split(t);
        assert_eq!(ls.len(), 3);
        let l = ls[1];
        assert_eq!((l.no, l.text), (2, "（一）好"));
        assert_eq!(&t[l.start..l.start + l.text.len()], "（一）好");
    }

    #[test]
    fn markdown_heading_marks_are_layout() {
        let t = "# 某市条例\n## 第一章  总则\n#不是标题\n####### 七个\n";
        let ls = split(t);
        assert_eq!(ls[0].text, "某市条例");
        assert_eq!(ls[1].text, "第一章  总则");
        assert_eq!(
            &t[ls[1].start..ls[1].start + ls[1].text.len()],
            "第一章  总则"
        );
        assert_eq!(ls[2].text, "#不是标题");
        assert_eq!(ls[3].text, "####### 七个");
    }
}
