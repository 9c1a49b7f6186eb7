//! The numbering state machine: given the headings accepted so far, does a marker fit?
//!
//! A *level* is a numbering style (for decimal outlines, a style and a component count).
//! The machine keeps the stack of open sections and, per level, the last ordinal used.
//!
//! - A level already open continues its own sequence (`ordinal = previous + 1`); the
//!   marker closes everything opened below it.
//! - A level not open starts under the innermost open section of a higher conventional
//!   rank (GB/T 9704-2012 §7.3.3: 一、 → （一） → 1. → （1）), wherever that level stood
//!   before: depth is decided by the parent, never by first appearance. It starts at 1
//!   or continues the numbering it had elsewhere (`（四）` under `三、`, `1.`–`45.` running
//!   through a whole document).
//! - A decimal marker (`2.1.3`) opens under the open section its prefix names (`2.1`).
//! - A number its parent has already given to another child is refused: section ids
//!   are unique.
//! - A marker that skips at most two numbers is *suspect*: the caller accepts it only
//!   with evidence (the next marker of its level continues from it).

use crate::scan::{Marker, Style};
use rustc_hash::FxHashMap as HashMap;

/// A numbering level: a style, and for decimal outlines the number of components.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Level {
    /// The style.
    pub style: Style,
    /// Components of a decimal marker; 1 otherwise.
    pub depth: u8,
}

impl Level {
    /// The level of a marker.
    pub fn of(m: &Marker) -> Level {
        Level {
            style: m.style,
            depth: m.depth,
        }
    }

    /// Conventional rank: smaller is higher. Deeper decimal components rank lower.
    fn rank(self) -> u16 {
        u16::from(self.style.rank()) * 8 + u16::from(self.depth)
    }
}

/// Why a marker was refused or doubted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// An open level's next number is not this one.
    Discontinues,
    /// It skips one or two numbers of an open level.
    SkipsNumber,
    /// A new level that neither starts at 1 nor continues its earlier numbering.
    NotFromOne,
    /// A new level that starts at 2 or 3, or continues with a gap.
    NearlyFromOne,
    /// A decimal marker whose prefix names no open section.
    NoParent,
    /// The parent already has a child with this number.
    Repeats,
    /// The first heading of a fragment (a page that starts at 十九、).
    OpensFragment,
}

impl Why {
    /// Human wording for warnings and `--explain`.
    pub fn text(self) -> &'static str {
        match self {
            Why::Discontinues => "does not continue the numbering of its level",
            Why::SkipsNumber => "skips a number",
            Why::NotFromOne => "does not start at 1 or continue its numbering",
            Why::NearlyFromOne => "does not start at 1",
            Why::NoParent => "its decimal prefix names no open section",
            Why::Repeats => "repeats the number of an earlier section under the same parent",
            Why::OpensFragment => "opens the document without starting at 1",
        }
    }
}

/// The machine's answer for one marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Fits; opens at this depth (0 = top).
    Accept(usize),
    /// Would open at this depth, but needs evidence.
    Suspect(usize, Why),
    /// Does not fit.
    Reject(Why),
}

#[derive(Clone, Debug)]
struct Open {
    level: Level,
    ordinal: u32,
    /// Ordinals of this section's children so far.
    children: Vec<u32>,
}

/// Open sections and the numbering seen so far.
#[derive(Clone, Debug, Default)]
pub struct Numbering {
    stack: Vec<Open>,
    last: HashMap<Level, u32>,
    /// Ordinals of the top-level sections.
    roots: Vec<u32>,
}

impl Numbering {
    /// Nothing open yet.
    pub fn is_empty(&self) -> bool {
        self.last.is_empty()
    }

    /// The level of the outermost open section.
    pub fn top(&self) -> Option<Level> {
        self.stack.first().map(|o| o.level)
    }

    /// The ordinal the level would take next, if it was used before.
    pub fn was_used(&self, level: Level) -> bool {
        self.last.contains_key(&level)
    }

    /// Is `level` open, with `ordinal` as its current number?
    pub fn is_open_at(&self, level: Level, ordinal: u32) -> bool {
        self.stack
            .iter()
            .any(|o| o.level == level && o.ordinal == ordinal)
    }

    /// Depth of the innermost open section.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Judge a marker against the open sections.
    pub fn judge(&self, m: &Marker) -> Verdict {
        let level = Level::of(m);
        if let Some(pos) = self.stack.iter().rposition(|o| o.level == level) {
            if m.style == Style::Decimal && m.depth > 1 {
                let parent_ok = pos
                    .checked_sub(1)
                    .and_then(|p| self.stack.get(p))
                    .is_some_and(|o| o.ordinal == m.parent_ordinal);
                if !parent_ok {
                    return self.judge_new(m, level);
                }
            }
            let exp = self.stack.get(pos).map_or(1, |o| o.ordinal + 1);
            return if m.ordinal == exp {
                self.unique(pos, m, Verdict::Accept(pos))
            } else if m.ordinal > exp && m.ordinal <= exp + 2 {
                self.unique(pos, m, Verdict::Suspect(pos, Why::SkipsNumber))
            } else {
                Verdict::Reject(Why::Discontinues)
            };
        }
        self.judge_new(m, level)
    }

    fn judge_new(&self, m: &Marker, level: Level) -> Verdict {
        let depth = if m.style == Style::Decimal && m.depth > 1 {
            let parent = Level {
                style: Style::Decimal,
                depth: m.depth - 1,
            };
            match self
                .stack
                .iter()
                .rposition(|o| o.level == parent && o.ordinal == m.parent_ordinal)
            {
                Some(j) => j + 1,
                None => return Verdict::Reject(Why::NoParent),
            }
        } else {
            let mut d = self.stack.len();
            while d > 0
                && self
                    .stack
                    .get(d - 1)
                    .is_some_and(|o| o.level.rank() >= level.rank())
            {
                d -= 1;
            }
            d
        };
        let cont = self.last.get(&level).map(|o| o + 1);
        let verdict = if m.ordinal == 1 || Some(m.ordinal) == cont {
            Verdict::Accept(depth)
        } else if m.ordinal > cont.unwrap_or(1) && m.ordinal <= cont.unwrap_or(1) + 2 {
            Verdict::Suspect(depth, Why::NearlyFromOne)
        } else {
            Verdict::Reject(Why::NotFromOne)
        };
        self.unique(depth, m, verdict)
    }

    /// Refuse a number the parent at `depth - 1` already gave to another child.
    fn unique(&self, depth: usize, m: &Marker, v: Verdict) -> Verdict {
        let used = match depth.checked_sub(1) {
            None => &self.roots,
            Some(p) => match self.stack.get(p) {
                Some(o) => &o.children,
                None => return v,
            },
        };
        if used.contains(&m.ordinal) {
            Verdict::Reject(Why::Repeats)
        } else {
            v
        }
    }

    /// Open a section for `m` at `depth`, closing everything at or below it.
    pub fn open(&mut self, depth: usize, m: &Marker) {
        self.stack.truncate(depth);
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(m.ordinal),
            None => self.roots.push(m.ordinal),
        }
        let level = Level::of(m);
        self.stack.push(Open {
            level,
            ordinal: m.ordinal,
            children: Vec::new(),
        });
        self.last.insert(level, m.ordinal);
    }

    /// Forget everything (the headings so far were not the document's outline).
    pub fn reset(&mut self) {
        *self = Numbering::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan_marker_any;

    fn m(s: &str) -> Marker {
        scan_marker_any(s).unwrap_or_else(|| panic!("marker {s}"))
    }

    /// Feed markers; return the depth each opened at (None = not accepted).
    fn run(ms: &[&str]) -> Vec<Option<usize>> {
        let mut n = Numbering::default();
        ms.iter()
            .map(|s| {
                let mk = m(s);
                match n.judge(&mk) {
                    Verdict::Accept(d) => {
                        n.open(d, &mk);
                        Some(d)
                    }
                    _ => None,
                }
            })
            .collect()
    }

    #[test]
    fn depth_is_decided_by_the_open_parent() {
        // 1. directly under 一、, later under （一）: a child of whichever is open
        assert_eq!(
            run(&[
                "一、a",
                "1.b",
                "二、c",
                "（一）d",
                "2.e",
                "3.f",
                "（二）g",
                "4.h",
                "三、i",
                "5.j"
            ]),
            vec![
                Some(0),
                Some(1),
                Some(0),
                Some(1),
                Some(2),
                Some(2),
                Some(1),
                Some(2),
                Some(0),
                Some(1)
            ]
        );
    }

    #[test]
    fn sequences_continue_restart_or_are_refused() {
        assert_eq!(
            run(&[
                "一、a",
                "（一）b",
                "（二）c",
                "二、d",
                "（三）e",
                "（五）f",
                "1.g",
                "1.h"
            ]),
            vec![
                Some(0),
                Some(1),
                Some(1),
                Some(0),
                Some(1),
                None,
                Some(2),
                None
            ]
        );
    }

    #[test]
    fn decimal_outline_nests_by_prefix() {
        assert_eq!(
            run(&[
                "1　总则",
                "1.1　目的",
                "1.2　分级",
                "1.2.1　一级",
                "1.3　范围",
                "（1）甲",
                "2　组织",
                "2.1　机构",
                "1.4　错"
            ]),
            vec![
                Some(0),
                Some(1),
                Some(1),
                Some(2),
                Some(1),
                Some(2),
                Some(0),
                Some(1),
                None
            ]
        );
    }

    #[test]
    fn articles_continue_across_chapters() {
        assert_eq!(
            run(&[
                "第一章 总则",
                "第一条 a",
                "第二条 b",
                "第二章 c",
                "第三条 d",
                "（一）e",
                "第四条 f"
            ]),
            vec![
                Some(0),
                Some(1),
                Some(1),
                Some(0),
                Some(1),
                Some(2),
                Some(1)
            ]
        );
    }

    #[test]
    fn suspects_are_not_accepted_by_the_machine_alone() {
        let mut n = Numbering::default();
        let a = m("一、a");
        n.open(0, &a);
        assert_eq!(n.judge(&m("三、c")), Verdict::Suspect(0, Why::SkipsNumber));
        assert_eq!(n.judge(&m("九、c")), Verdict::Reject(Why::Discontinues));
    }
}
