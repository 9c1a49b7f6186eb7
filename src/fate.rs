//! What became of each input line: one typed fate per line, for `--explain` and for the
//! conservation checks (every line is in the output or accounted for).

use crate::clean::Keep;
use crate::meta::Role;
use crate::outline::Fate as MarkerFate;
use std::fmt;

/// Back matter after the plan's last paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackMatter {
    /// 成文日期 (with or without 印发).
    Date,
    /// 抄送 list.
    Cc,
    /// The signature (issuer).
    Signature,
    /// An 附件 list (附件说明).
    Attachments,
    /// Another line of the closing block (`（此件公开发布）`).
    Other,
}

/// The fate of one input line.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum LineFate {
    /// Empty after trimming.
    Blank,
    /// Dropped by page cleaning (site text, page furniture, second copy, footer).
    Dropped(Keep),
    /// Part of the title block.
    Head(Role),
    /// Holds marker candidates; what the outline made of each.
    Markers(Vec<MarkerFate>),
    /// Joined to an earlier line of the same paragraph (a hard wrap).
    Joined {
        /// The paragraph's first line.
        to: u32,
    },
    /// Back matter, read into `meta`.
    Back(BackMatter),
    /// Before the title: neither title block nor body.
    BeforeTitle,
    /// The cover notice's text.
    CoverText,
    /// Body text.
    #[default]
    Text,
}

impl LineFate {
    /// Is the line's text accounted for outside the body (blank, dropped and counted in
    /// `warnings`, or read into `meta`)?
    pub fn outside_body(&self) -> bool {
        matches!(
            self,
            LineFate::Blank | LineFate::Dropped(_) | LineFate::Head(_) | LineFate::Back(_)
        )
    }

    /// Was the line dropped (and so must be named by a warning)?
    pub fn dropped(&self) -> bool {
        matches!(
            self,
            LineFate::Dropped(_) | LineFate::Head(Role::PageHeader)
        )
    }
}

impl fmt::Display for LineFate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineFate::Blank => write!(f, "blank"),
            LineFate::Dropped(k) => write!(f, "{}", k.label()),
            LineFate::Head(r) => write!(f, "{}", r.label()),
            LineFate::Markers(fates) => {
                for (k, m) in fates.iter().enumerate() {
                    if k > 0 {
                        write!(f, "; ")?;
                    }
                    write!(f, "{m}")?;
                }
                Ok(())
            }
            LineFate::Joined { to } => write!(f, "joined to line {to} (hard wrap)"),
            LineFate::Back(b) => write!(
                f,
                "{}",
                match b {
                    BackMatter::Date => "meta:date",
                    BackMatter::Cc => "meta:cc",
                    BackMatter::Signature => "meta:issuer (signature)",
                    BackMatter::Attachments => "meta:attachments (附件说明)",
                    BackMatter::Other => "back matter",
                }
            ),
            LineFate::BeforeTitle => write!(f, "before the title"),
            LineFate::CoverText => write!(f, "cover text"),
            LineFate::Text => write!(f, "text"),
        }
    }
}

/// Fates gathered while parsing, one slot per line; empty (and free) unless explaining.
#[derive(Debug, Default)]
pub struct Fates {
    slots: Vec<Option<LineFate>>,
}

impl Fates {
    /// Slots for `n` lines when `explain`, none otherwise.
    pub fn new(n: usize, explain: bool) -> Fates {
        Fates {
            slots: if explain { vec![None; n] } else { Vec::new() },
        }
    }

    /// Are fates being recorded?
    pub fn recording(&self) -> bool {
        !self.slots.is_empty()
    }

    /// Record the fate of line index `i`, replacing any earlier one.
    pub fn set(&mut self, i: usize, fate: LineFate) {
        if let Some(s) = self.slots.get_mut(i) {
            *s = Some(fate);
        }
    }

    /// Record a fate for line index `i` only where none is recorded yet.
    pub fn set_if_none(&mut self, i: usize, fate: LineFate) {
        if let Some(s) = self.slots.get_mut(i) {
            if s.is_none() {
                *s = Some(fate);
            }
        }
    }

    /// Add what the outline made of a marker candidate on line index `i`.
    pub fn marker(&mut self, i: usize, m: MarkerFate) {
        if let Some(s) = self.slots.get_mut(i) {
            match s {
                Some(LineFate::Markers(v)) => v.push(m),
                _ => *s = Some(LineFate::Markers(vec![m])),
            }
        }
    }

    /// The fate recorded for line index `i`.
    pub fn get(&self, i: usize) -> Option<&LineFate> {
        self.slots.get(i).and_then(Option::as_ref)
    }
}
