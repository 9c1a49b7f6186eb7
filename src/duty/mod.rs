//! Stage 6: responsibility clauses — who leads, who is responsible, who supports.
//!
//! ## Grammar
//! A clause is a bracketed group (`（）` `()` `〔〕` `［］` `【】`, or a bracket left open at
//! the end of a paragraph) or a labelled line, whose whole content reads as
//! comma/semicolon-separated segments of this form:
//!
//! ```text
//! segment  := label "：" units                       牵头单位：X、Y / 责任单位：Z / 配合单位：W
//!           | ["由"] units ["会同" units] role-word    X、Y按职责分工分别负责 / X牵头 / Y配合
//!           | units                                  a bare list; takes the next segment's role
//! units    := unit ("、" unit)* ["等"]               等 marks the list open-ended
//! role-word:= [共同]牵头[负责]  → lead
//!           | [按职责分工][分别]负责[落实]   → responsible (support when the clause has a lead)
//!           | 配合 | 参与 | 协助 | 协同      → support
//! ```
//!
//! A **bare** bracket holding only units （市商务粮食局） is a clause only where it closes
//! a sentence (after `。`/`；`). Every unit must look like a unit — end in a suffix of
//! `data/units.txt` (局, 厅, 委, 办, 海关, 支行, 单位 …) — so （管理区、开发区）, （含化妆品、
//! 医疗器械）, （2021—2035 年）, （备案） are not clauses. Traditional script (牽頭, 負責,
//! 按職責分工) reads the same.
//!
//! ## Unit names
//! The clause's jurisdiction prefix (省, 市, 信阳市 …) is carried to listed names that are
//! bare department stems (`省公安厅、农业厅` → `省农业厅`); names qualified by a place or
//! body (郑州海关, 河南出入境检验检疫局, 人行郑州中心支行) are kept. Two stems run together
//! without 、 (`烟草专卖局盐务管理局`) are split, and the repair is reported.
//!
//! ## Diagnostics
//! `duty_unparsed` (a bracket with 负责/牵头 that does not read as a clause),
//! `duty_repaired` (unclosed bracket, missing 、), `duty_convention`.

//!
//! ## Rooms
//! - [`vocab`] — the words the parser knows (labels, role words, notes, jurisdiction
//!   words): one home, from which the regexes and prefilters are built;
//! - [`lexicon`] — the unit lexicon (`data/units.txt`) and traditional-script folding;
//! - this module — the clause grammar ([`parse`]);
//! - [`units`] — unit lists inside a clause (separators, 等, 和/及, open names);
//! - [`find`] — where clauses stand in an item's text (brackets, labelled lines,
//!   responsibility lines). Task splitting is [`crate::tasks`].

pub mod find;
pub mod lexicon;
pub mod units;
pub mod vocab;

pub use find::{find, find_each, first_clause_at, Found, Unparsed};
use lexicon::Names;
pub use lexicon::{fold, fold_char, Lexicon};

use crate::model::Responsibility;
use find::bracket_groups;
use std::borrow::Cow;
use units::unit_list;
use vocab::*;

/// Where in `text` the document declares "the first listed unit leads", if anywhere.
pub fn convention_at(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    // The phrase holds 第一位 or 首位, which no folding changes: most documents lack both.
    if !["第一位", "首位"]
        .iter()
        .any(|w| memchr::memmem::find(b, w.as_bytes()).is_some())
    {
        return None;
    }
    // It ends in 牵头 and never spans a line: only lines holding 牵头 (or 牽頭) are folded
    // and searched.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    for w in ["牵头", "牽頭"] {
        // each line once, however many times it says 牵头: the scan stays linear
        let mut line_end = 0;
        for at in memchr::memmem::find_iter(b, w.as_bytes()) {
            if at < line_end {
                continue;
            }
            let before = b.get(..at).unwrap_or_default();
            let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
            let after = b.get(at..).unwrap_or_default();
            line_end = memchr::memchr(b'\n', after).map_or(b.len(), |i| at + i);
            lines.push((start, line_end));
        }
    }
    lines.sort_unstable();
    lines.dedup();
    lines.into_iter().find_map(|(start, end)| {
        let line = text.get(start..end)?;
        CONVENTION.find(&fold(line)).map(|m| start + m.start())
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Lead,
    Responsible,
    Support,
}

/// A clause read from text, with the spellings of its units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Duty {
    /// The contract's responsibility object.
    pub resp: Responsibility,
    /// `(normalized name, as written)` for each unit.
    pub spellings: Vec<(String, String)>,
    /// The clause had no role word (a bare list of units).
    pub bare: bool,
    /// Repairs made (missing 、 …).
    pub repairs: Vec<String>,
    /// Names the lexicon does not know, taken as units because a role word or label
    /// marks the list.
    pub doubtful: Vec<String>,
    /// For each unit, the rule that gave its role (`--explain`): one per entry of
    /// `spellings`, in the same order (the name is the spelling's first).
    pub reasons: Vec<&'static str>,
}

/// The longest bracket content read as a clause, in characters.
pub(super) const MAX_CLAUSE_CHARS: usize = 100_000;
/// The longest bracket content without a role word that is still tried as a clause.
pub(super) const MAX_BARE_CHARS: usize = 600;

/// Byte ranges of `s` between separators that stand outside round brackets, in order,
/// found as they are asked for (a clause's segments are read until one fails, and most
/// texts are split once: no list of them is made).
pub(crate) fn split_top<'a>(
    s: &'a str,
    is_sep: impl Fn(char) -> bool + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut chars = s.char_indices();
    let mut depth = 0i32;
    let mut start = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        for (i, c) in chars.by_ref() {
            match c {
                '（' | '(' | '〔' | '“' => depth += 1,
                '）' | ')' | '〕' | '”' => depth -= 1,
                _ => {}
            }
            if depth <= 0 && is_sep(c) {
                let piece = (start, i);
                start = i + c.len_utf8();
                return Some(piece);
            }
        }
        done = true;
        Some((start, s.len()))
    })
}

fn trim_range(s: &str, (a, b): (usize, usize)) -> (usize, usize) {
    let t = s.get(a..b).unwrap_or("");
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    (a + lead, b.saturating_sub(trail).max(a + lead))
}

/// One list of units in a clause, with the role its words give it.
struct UnitGroup<'a> {
    /// None: a bare list, which takes its role from its neighbours.
    role: Option<Role>,
    units: Vec<&'a str>,
    /// The list follows a label (`配合单位：…`).
    labelled: bool,
    /// The rule that gave (or will give) the role.
    why: &'static str,
}

/// What a clause's segments say, before roles are settled and names completed.
#[derive(Default)]
struct Reading<'a> {
    groups: Vec<UnitGroup<'a>>,
    open_ended: bool,
    any_role: bool,
    deadline: Option<String>,
    doubtful: Vec<String>,
}

/// Read the content of a bracket (or a labelled line) as a clause, in four steps:
/// [`prepare`] the text, read its segments ([`Reading::segment`]), settle the roles of
/// bare lists ([`Reading::settle_roles`]), and complete the unit names ([`name_units`]).
///
/// `first_leads`: the document declared that the first listed unit leads.
pub fn parse(content: &str, lex: &Lexicon, first_leads: bool) -> Option<Duty> {
    parse_as(content, lex, first_leads, true)
}

/// [`parse`]. With `trust_plain`, a clause found to have nothing to fold is not searched
/// again for characters to fold, nor are the names cut from it (false only to test that
/// this changes nothing).
fn parse_as(content: &str, lex: &Lexicon, first_leads: bool, trust_plain: bool) -> Option<Duty> {
    let (prepared, plain) = prepare(content);
    // A note after a sentence end inside the clause (…负责。列第一位者为牵头单位，下同)
    // ends the unit list.
    let content: &str = match prepared.find('。') {
        Some(p) if p > 0 => prepared.get(..p).unwrap_or(&prepared),
        _ => &prepared,
    };
    // (a part of a text with nothing to fold has nothing to fold)
    let folded = if trust_plain && plain {
        Cow::Borrowed(content)
    } else {
        fold(content)
    };
    if folded.trim().is_empty() {
        return None;
    }
    let names = Names::new(lex, trust_plain && matches!(folded, Cow::Borrowed(_)));
    let mut reading = Reading::default();
    // A role word or a label marks the lists: names the lexicon does not know are
    // still units there.
    let marked = marks_lists(&folded);
    for seg in split_top(&folded, |c| matches!(c, '，' | ',' | '；' | ';')) {
        let (a, b) = trim_range(&folded, seg);
        let f = folded.get(a..b).unwrap_or("");
        let o = content.get(a..b).unwrap_or("");
        reading.segment(f, o, names, marked)?;
    }
    if reading.groups.is_empty() {
        return None;
    }
    reading.settle_roles();
    Some(name_units(reading, names, first_leads))
}

/// The clause text the grammar reads: pinyin residue and note brackets removed, labels
/// run together (`牵头单位：X 责任单位：Y`) and role words followed by 、 or a space
/// (`市商务局牵头、市公安局配合`) separated. Borrows when nothing changes. Also tells
/// whether the text was found to have nothing to fold (it is folded only where it holds
/// 、 or a space; the separators it puts in are never folded).
fn prepare(content: &str) -> (Cow<'_, str>, bool) {
    let mut text = strip_pinyin(content);
    if let Cow::Owned(s) = drop_note_brackets(&text) {
        text = Cow::Owned(s);
    }
    // (every label in LABEL_AFTER_SPACE ends in a colon)
    if has_colon(&text) && LABEL_AFTER_SPACE.is_match(&text) {
        text = Cow::Owned(LABEL_AFTER_SPACE.replace_all(&text, "$1;$2$3").into_owned());
    }
    if !crate::scan::has_any(&text, &['、', ' ', '\u{3000}']) {
        return (text, false);
    }
    let f = fold(&text);
    let plain = matches!(f, Cow::Borrowed(_));
    // Same-length replacements keep byte offsets aligned with the folded copy.
    if ROLE_THEN_SEP.is_match(&f) {
        let f = f.into_owned();
        let mut out = text.to_string();
        ROLE_THEN_SEP.with(|re| {
            for m in re.find_iter(&f) {
                let sep = m.as_str().chars().last().unwrap_or('、');
                let at = m.end() - sep.len_utf8();
                let repl = if sep.len_utf8() == 1 { "," } else { "，" };
                if out.is_char_boundary(at) && out.is_char_boundary(m.end()) {
                    out.replace_range(at..m.end(), repl);
                }
            }
        });
        text = Cow::Owned(out);
    }
    (text, plain)
}

/// The role a label gives (`牵头单位` → lead, `配合单位` → support, `责任单位` → responsible).
fn label_role(label: &str) -> Role {
    if ["牵头", "主办", "主责"]
        .iter()
        .any(|w| label.starts_with(w))
    {
        Role::Lead
    } else if ["配合", "协", "参与", "支持"]
        .iter()
        .any(|w| label.starts_with(w))
    {
        Role::Support
    } else {
        Role::Responsible
    }
}

/// The role word ending `s`, if any: (role, where the word starts).
fn role_ending(s: &str) -> Option<(Role, usize)> {
    // (most segments end in none of the characters: one test for all three)
    let last = s.chars().next_back().filter(|&c| ROLE_END.contains(c))?;
    [
        (&LEAD_END, LEAD_END_CHARS, Role::Lead),
        (&SUPPORT_END, SUPPORT_END_CHARS, Role::Support),
        (&RESP_END, RESP_END_CHARS, Role::Responsible),
    ]
    .into_iter()
    .filter(|(_, ends, _)| ends.contains(&last))
    .find_map(|(re, _, r)| re.find(s).map(|m| (r, m.start())))
}

impl<'a> Reading<'a> {
    /// Read one segment (between `，` and `；`): `f` folded, `o` as written.
    fn segment(&mut self, f: &str, o: &'a str, names: Names<'_>, marked: bool) -> Option<()> {
        if f.is_empty() || (!self.groups.is_empty() && is_note(f)) {
            return Some(());
        }
        if !self.groups.is_empty() && is_deadline(f) {
            // 完成时限：2024年底 / 2024年6月底前完成: a deadline, not units
            self.deadline = Some(o.to_string());
            return Some(());
        }
        // LABEL is anchored at the start, so its match begins with the label word
        if let Some(m) = opening_label(f) {
            return self.labelled(m.as_str(), f, o, m.end(), names, marked);
        }
        let (mut fo, mut oo) = (f, o);
        if let (Some(a), Some(b)) = (fo.strip_prefix('由'), oo.strip_prefix('由')) {
            (fo, oo) = (a, b);
        }
        // Role words end a segment: look only at its last characters (the longest
        // form, 按照职责分工分别负责落实, has 12), which keeps long segments cheap.
        let mut w = fo.len().saturating_sub(72);
        while !fo.is_char_boundary(w) {
            w += 1;
        }
        let (role, cut) = match role_ending(fo.get(w..).unwrap_or("")) {
            Some((r, at)) => (Some(r), w + at),
            None => (None, fo.len()),
        };
        self.any_role |= role.is_some();
        let list_f = fo.get(..cut).unwrap_or("");
        let list_o = oo.get(..cut).unwrap_or("");
        let doubtful = marked.then_some(&mut self.doubtful);
        if list_f.trim().is_empty() {
            // 负责 alone after a bare list: （市公安局、市商务局，分别负责）
            let last = self.groups.last_mut()?;
            if last.role.is_none() {
                last.role = role;
            }
            return role.map(|_| ());
        }
        if let Some(p) = list_f.find("会同") {
            let l = list_o.get(..p).unwrap_or("");
            let r = list_o.get(p + "会同".len()..).unwrap_or("");
            let (lu, oe1) = unit_list(l, names, doubtful)?;
            let (ru, oe2) = unit_list(r, names, marked.then_some(&mut self.doubtful))?;
            self.open_ended |= oe1 || oe2;
            // X会同Y负责: X is responsible (lead is reserved for 牵头), Y supports
            self.push(
                Some(role.unwrap_or(Role::Responsible)),
                lu,
                false,
                "named before 会同",
            );
            self.push(Some(Role::Support), ru, false, "joined by 会同");
            self.any_role = true;
            return Some(());
        }
        let (units, oe) = unit_list(list_o, names, doubtful)?;
        self.open_ended |= oe;
        let why = if role.is_some() {
            "the role word ending its list"
        } else {
            ""
        };
        self.push(role, units, false, why);
        Some(())
    }

    /// A labelled segment: `牵头单位：X、Y`, or `责任单位：X、Y分别牵头` (a role word ending
    /// the list overrides the label).
    fn labelled(
        &mut self,
        label: &str,
        f: &str,
        o: &'a str,
        skip: usize,
        names: Names<'_>,
        marked: bool,
    ) -> Option<()> {
        self.any_role = true;
        let mut list = o.get(skip..).unwrap_or("");
        let lf = f.get(skip..).unwrap_or("");
        let (role, why) = match role_ending(lf).filter(|(_, at)| *at > 0) {
            Some((r, at)) => {
                list = list.get(..at).unwrap_or(list);
                (r, "the role word ending its labelled list")
            }
            None => (label_role(label), "its label"),
        };
        let (units, oe) = unit_list(list, names, marked.then_some(&mut self.doubtful))?;
        self.open_ended |= oe;
        self.push(Some(role), units, true, why);
        Some(())
    }

    fn push(&mut self, role: Option<Role>, units: Vec<&'a str>, labelled: bool, why: &'static str) {
        self.groups.push(UnitGroup {
            role,
            units,
            labelled,
            why,
        });
    }

    /// Bare lists take a role: right after a labelled list they continue it
    /// (`配合单位：X、Y，Z`); otherwise the role of the next list that has one, else
    /// responsible.
    fn settle_roles(&mut self) {
        for k in 1..self.groups.len() {
            let inherit = self
                .groups
                .get(k - 1)
                .filter(|g| g.labelled)
                .and_then(|g| g.role);
            if let (Some(r), Some(g)) = (inherit, self.groups.get_mut(k)) {
                if g.role.is_none() {
                    g.role = Some(r);
                    g.labelled = true;
                    g.why = "continues the labelled list before it";
                }
            }
        }
        let mut next_role: Option<Role> = None;
        for g in self.groups.iter_mut().rev() {
            match g.role {
                Some(r) => next_role = Some(r),
                None => {
                    g.role = Some(next_role.unwrap_or(Role::Responsible));
                    g.why = if next_role.is_some() {
                        "a bare list takes the role of the list after it"
                    } else {
                        "a bare list of units is responsible"
                    };
                }
            }
        }
    }
}

/// The members of a body named without its jurisdiction (`安委会各成员单位`,
/// `领导小组有关成员单位`): the clause's prefix is carried onto it as onto a bare stem.
fn bare_member_group(name: &str, names: Names<'_>) -> bool {
    let f = names.folded(name);
    let Some(body) = ["各成员单位", "有关成员单位", "成员单位"]
        .iter()
        .find_map(|end| f.strip_suffix(end))
    else {
        return false;
    };
    let n = body.chars().count();
    (2..=8).contains(&n)
        && !body.starts_with(['各', '有', '相', '省', '市', '县', '区'])
        && !body
            .chars()
            .any(|c| matches!(c, '省' | '市' | '县' | '区' | '州'))
}

/// Complete the unit names (the clause's jurisdiction prefix carried to bare stems, two
/// stems run together split), apply the document's first-listed-leads convention, and
/// fill the roles.
fn name_units(reading: Reading<'_>, names: Names<'_>, first_leads: bool) -> Duty {
    let has_lead = reading.groups.iter().any(|g| g.role == Some(Role::Lead));
    let mut duty = Duty {
        bare: !reading.any_role,
        doubtful: reading.doubtful,
        ..Duty::default()
    };
    duty.resp.open_ended = reading.open_ended;
    duty.resp.deadline = reading.deadline;
    // The last jurisdiction prefix seen: carried to bare stems that follow.
    let mut prefix: Option<String> = None;
    // (role, normalized name, as written, why)
    let mut all: Vec<(Role, String, String, &'static str)> = Vec::new();
    for g in reading.groups {
        let mut role = g.role.unwrap_or(Role::Responsible);
        let mut why = g.why;
        if role == Role::Responsible && has_lead {
            role = Role::Support;
            why = "responsible where another unit leads: support";
        }
        let mut add = |w: String, own: Option<&str>| {
            if let Some(p) = own {
                prefix = Some(p.to_string());
                all.push((role, w.clone(), w, why));
            } else if names.is_bare(&w) || bare_member_group(&w, names) {
                let name = match &prefix {
                    Some(p) => [p.as_str(), w.as_str()].concat(),
                    None => w.clone(),
                };
                all.push((role, name, w, why));
            } else {
                all.push((role, w.clone(), w, why));
            }
        };
        for written in g.units {
            let own_prefix = names.prefix_of(written);
            let rest = own_prefix.map_or(written, |p| written.get(p.len()..).unwrap_or(""));
            match names.split_run(rest) {
                Some((l, r)) => {
                    duty.repairs
                        .push(format!("split {written:?} into {l:?} and {r:?}"));
                    let l = [own_prefix.unwrap_or(""), l.as_str()].concat();
                    let lp = names.prefix_of(&l).map(str::to_string);
                    add(l, lp.as_deref());
                    let rp = names.prefix_of(&r).map(str::to_string);
                    add(r, rp.as_deref());
                }
                None => add(written.to_string(), own_prefix),
            }
        }
    }
    if first_leads
        && !has_lead
        && all.iter().all(|(r, ..)| *r == Role::Responsible)
        && all.len() > 1
    {
        for (k, u) in all.iter_mut().enumerate() {
            u.0 = if k == 0 { Role::Lead } else { Role::Support };
            u.3 = "the document's convention: the first listed unit leads";
        }
    }
    for (role, name, w, why) in all {
        duty.reasons.push(why);
        let list = match role {
            Role::Lead => &mut duty.resp.lead,
            Role::Responsible => &mut duty.resp.responsible,
            Role::Support => &mut duty.resp.support,
        };
        // a name listed twice under one role is kept once
        if !list.contains(&name) {
            list.push(name.clone());
        }
        duty.spellings.push((name, w));
    }
    duty
}

/// Remove pinyin residue from web converters (`市經(jīng)貿(mào)委` → `市經貿委`): a bracket
/// holding one pinyin syllable right after a Han character. Borrows when there is none.
pub fn strip_pinyin(s: &str) -> Cow<'_, str> {
    if !crate::scan::has_any(s, &['(', '（']) || !s.bytes().any(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut changed = false;
    while let Some(p) = rest.find(['(', '（']) {
        let (head, tail) = rest.split_at(p);
        out.push_str(head);
        let open = tail.chars().next().map_or(1, char::len_utf8);
        let inner_end = tail.get(open..).and_then(|t| t.find([')', '）']));
        let after_han = out.chars().next_back().is_some_and(crate::scan::is_han);
        match inner_end {
            Some(e)
                if after_han && tail.get(open..open + e).is_some_and(crate::scan::is_pinyin) =>
            {
                let close = tail
                    .get(open + e..)
                    .and_then(|t| t.chars().next())
                    .map_or(1, char::len_utf8);
                rest = tail.get(open + e + close..).unwrap_or("");
                changed = true;
            }
            _ => {
                out.push_str(tail.get(..open).unwrap_or(""));
                rest = tail.get(open..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// Remove brackets inside a clause that hold a note rather than a nameplate
/// (`市卫生健康委（除标注“分别牵头”外，列第一位为牵头单位，下同）`): their content
/// mentions a role or opens like a note. `市科技局（知识产权局）` keeps its bracket.
fn drop_note_brackets(s: &str) -> Cow<'_, str> {
    if !crate::scan::has_any(s, &['(', '（']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut kept = 0usize;
    for (i, g) in bracket_groups(s) {
        if i < kept || !g.closed {
            continue;
        }
        let open = s
            .get(i..)
            .and_then(|t| t.chars().next())
            .map_or(1, char::len_utf8);
        let close = s
            .get(..g.end)
            .and_then(|t| t.chars().next_back())
            .map_or(1, char::len_utf8);
        let inner = s.get(i + open..g.end - close).unwrap_or("");
        let f = fold(inner);
        if has_role_word(&f) || is_note(&f) || f.starts_with('除') || f.starts_with('注') {
            out.push_str(s.get(kept..i).unwrap_or(""));
            kept = g.end;
        }
    }
    if kept == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(s.get(kept..).unwrap_or(""));
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`super::split_top`] must give: the text cut at its separators that stand
    /// outside brackets (the depth counted up to and with each character).
    fn split_top_listed(s: &str, is_sep: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
        let seps: Vec<(usize, usize)> = s
            .char_indices()
            .scan(0i32, |depth, (i, c)| {
                *depth += match c {
                    '（' | '(' | '〔' | '“' => 1,
                    '）' | ')' | '〕' | '”' => -1,
                    _ => 0,
                };
                Some((*depth <= 0 && is_sep(c)).then_some((i, c.len_utf8())))
            })
            .flatten()
            .collect();
        let starts = std::iter::once(0).chain(seps.iter().map(|&(i, w)| i + w));
        let ends = seps.iter().map(|&(i, _)| i).chain(std::iter::once(s.len()));
        starts.zip(ends).collect()
    }

    proptest::proptest! {
        // the pieces come as the list gives them, separators inside brackets (and after a
        // stray closer) included; the text's end closes the last piece, once
        #[test]
        fn split_top_gives_the_pieces_in_order(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "市商务局", "、", "，", ";", "（", "）", "(", ")", "〔", "〕", "“", "”", "a", "",
            ]), 0..30),
        ) {
            let t: String = pieces.concat();
            let seps = |c: char| matches!(c, '、' | '，' | ';');
            let got: Vec<(usize, usize)> = super::split_top(&t, seps).collect();
            proptest::prop_assert_eq!(got, split_top_listed(&t, seps));
        }
    }

    proptest::proptest! {
        // Names cut from a clause with nothing to fold are read as they are: the same
        // duties as when each is folded again, in either script.
        #[test]
        fn names_of_a_plain_clause_read_as_when_each_is_folded(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "市公安局", "市農業農村局", "省财政厅", "信阳市公安局", "市场监管局", "烟草专卖局",
                "盐务管理局", "各县（市、区）", "安委会各成员单位", "市商务局和市税务局",
                "牵头", "牽頭", "负责", "配合", "按职责分工负责", "会同", "、", "，", "；", "等",
                "牵头单位：", "责任单位：", "配合单位：", "各区政府", "市委宣传部（市新闻办）",
            ]), 1..10),
            first_leads in proptest::bool::ANY,
        ) {
            let content = pieces.concat();
            let lex = Lexicon::builtin();
            proptest::prop_assert_eq!(
                parse_as(&content, lex, first_leads, true),
                parse_as(&content, lex, first_leads, false),
                "{}", content
            );
        }
    }

    fn p(s: &str) -> Responsibility {
        parse(s, Lexicon::builtin(), false)
            .map(|d| d.resp)
            .unwrap_or_else(|| panic!("should parse {s}"))
    }

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn unknown_names_are_units_where_a_role_word_marks_the_list() {
        let d = parse("团中央、教育部负责", Lexicon::builtin(), false).expect("a clause");
        assert_eq!(d.resp.responsible, v(&["团中央", "教育部"]));
        assert_eq!(d.doubtful, v(&["团中央"]));
        let d = parse(
            "“智慧城市”专班、各县〔市、区〕人民政府按职责分工负责",
            Lexicon::builtin(),
            false,
        )
        .expect("a clause");
        assert_eq!(
            d.resp.responsible,
            v(&["“智慧城市”专班", "各县〔市、区〕人民政府"])
        );
        // words of a sentence are no name
        for s in [
            "各地要负责落实",
            "技工院校内由人力资源社会保障部门负责",
            "确保工作负责",
        ] {
            assert!(
                parse(s, Lexicon::builtin(), false).is_none_or(|d| d.doubtful.is_empty()),
                "{s}"
            );
        }
        // without a role word, a name must be known
        assert!(parse("团中央、新华社", Lexicon::builtin(), false).is_none());
    }

    #[test]
    fn notes_joiners_and_groups() {
        let r = p("市数据局、市财政局负责。排在首位的为牵头单位，下同");
        assert_eq!(r.responsible, v(&["市数据局", "市财政局"]));
        let r = p("市政务服务局、市司法局等和各区人民政府负责");
        assert_eq!(
            r.responsible,
            v(&["市政务服务局", "市司法局", "各区人民政府"])
        );
        assert!(r.open_ended);
        let r = p("区水务局等部门负责");
        assert_eq!(r.responsible, v(&["区水务局"]));
        let r = p("区直各部门和单位按职责分工负责");
        assert_eq!(r.responsible, v(&["区直各部门和单位"]));
        let r = p("牵头单位：市农业农村局，配合单位：市财政局，各区、县级市");
        assert_eq!(r.support, v(&["市财政局", "各区、县级市"]));
        let r = p("市安委办牵头，安委会各成员单位按职责分工负责");
        assert_eq!(r.support, v(&["市安委会各成员单位"]));
        let r = p("市政府办公室会同有关部门负责");
        assert_eq!(
            (r.responsible, r.support),
            (v(&["市政府办公室"]), v(&["有关部门"]))
        );
        let r = p("责任单位：市发改委、市经信局(除标注“分别牵头”外,列第一位为牵头单位,下同)");
        assert_eq!(r.responsible, v(&["市发改委", "市经信局"]));
        let r = p("责任单位:市人力社保局、市农业农村局分别牵头");
        assert_eq!(r.lead, v(&["市人力社保局", "市农业农村局"]));
        let r = p("牽頭單位:省發展改革委;責任單位:市經(jīng)貿(mào)委");
        assert_eq!(r.support, v(&["市經貿委"]));
        let r = p("负责部门：商务部、海关总署；适用范围：所有自贸试验区");
        assert_eq!(r.responsible, v(&["商务部", "海关总署"]));
        let r = p("生态环境部、国家发展改革委指导");
        assert_eq!(r.responsible, v(&["生态环境部", "国家发展改革委"]));
    }

    #[test]
    fn roles() {
        let r = p("市农业农村局牵头，市工信局、市检察院按职责分工负责");
        assert_eq!(
            (r.lead, r.responsible, r.support),
            (v(&["市农业农村局"]), v(&[]), v(&["市工信局", "市检察院"]))
        );
        let r = p("市委宣传部、市委网信办、市公安局、市文广旅局按职责分工负责");
        assert_eq!(r.responsible.len(), 4);
        let r = p("省工商局牵头负责");
        assert_eq!(r.lead, v(&["省工商局"]));
        let r = p("市公安局负责，市商务局配合");
        assert_eq!(
            (r.responsible, r.support),
            (v(&["市公安局"]), v(&["市商务局"]))
        );
        let r = p("牵头单位：市商务局；配合单位：市公安局、市市场监管局");
        assert_eq!((r.lead, r.support.len()), (v(&["市商务局"]), 2));
        let r = p("责任单位：市商务局、市公安局");
        assert_eq!(r.responsible.len(), 2);
        let r = p("市委宣传部、市司法局、市市场监管局等按职责分工负责");
        assert!(r.open_ended);
        let r = p("省發展改革委牽頭，省公安廳按職責分工負責");
        assert_eq!((r.lead.len(), r.support.len()), (1, 1));
        let r = p("市商务粮食局");
        assert_eq!(r.responsible, v(&["市商务粮食局"]));
    }

    #[test]
    fn prefixes_carry_and_qualified_names_stay() {
        let r = p("省公安厅、农业厅、卫生计生委、郑州海关、河南出入境检验检疫局按职责分工分别负责");
        assert_eq!(
            r.responsible,
            v(&[
                "省公安厅",
                "省农业厅",
                "省卫生计生委",
                "郑州海关",
                "河南出入境检验检疫局"
            ])
        );
        let r = p("市市场监管局牵头，市生态环境局等领导小组有关成员单位按职责分工负责");
        assert_eq!(r.support, v(&["市生态环境局", "市领导小组有关成员单位"]));
        let r = p("省打击侵权假冒工作领导小组办公室牵头负责,省公安厅、烟草专卖局盐务管理局按职责分工分别负责");
        assert_eq!(r.support, v(&["省公安厅", "省烟草专卖局", "省盐务管理局"]));
        let r = p("发展改革委、公安部负责");
        assert_eq!(r.responsible, v(&["发展改革委", "公安部"]));
    }

    #[test]
    fn deadlines_labels_and_bracketed_names() {
        let d = parse(
            "责任单位：市委宣传部、市文明办；完成时限：2024年底",
            Lexicon::builtin(),
            false,
        )
        .expect("clause with deadline");
        assert_eq!(d.resp.responsible, v(&["市委宣传部", "市文明办"]));
        assert_eq!(d.resp.deadline.as_deref(), Some("完成时限：2024年底"));
        let r = p("市发展改革委牵头，各县（市、区）人民政府负责，2024年6月底前完成");
        assert_eq!(
            (r.lead, r.support),
            (v(&["市发展改革委"]), v(&["各县（市、区）人民政府"]))
        );
        let r = p("省委宣传部（省版权局）牵头，省公安厅配合");
        assert_eq!(r.lead, v(&["省委宣传部（省版权局）"]));
        let r = p("牵头单位：市司法局 责任单位：市公安局、市检察院");
        assert_eq!((r.lead.len(), r.support.len()), (1, 2));
        let r = p("市商务局牵头、市公安局配合");
        assert_eq!((r.lead, r.support), (v(&["市商务局"]), v(&["市公安局"])));
        let r = p("市商务局牵头 市公安局、市财政局配合");
        assert_eq!(r.support, v(&["市公安局", "市财政局"]));
        let r = p("各县（市、区）负责");
        assert_eq!(r.responsible, v(&["各县（市、区）"]));
        let r = p("主辦機關：經濟部；協辦機關：法務部");
        assert_eq!((r.lead, r.support), (v(&["經濟部"]), v(&["法務部"])));
        let r = p("市司法局为牵头单位，市法院为配合单位");
        assert_eq!((r.lead, r.support), (v(&["市司法局"]), v(&["市法院"])));
        let mut un = Vec::new();
        let f = find(
            "开展普法宣传。责任单位：市委宣传部、市司法局",
            Lexicon::builtin(),
            None,
            &mut un,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].duty.resp.responsible.len(), 2);
    }

    #[test]
    fn not_clauses() {
        for s in [
            "IP地址",
            "管理区、开发区",
            "含化妆品、医疗器械",
            "备案",
            "2021—2035 年",
            "手机",
            "试行",
            "地、州、盟",
            "区、市",
            "chǎn",
        ] {
            assert!(
                parse(s, Lexicon::builtin(), false).is_none(),
                "should not parse {s}"
            );
        }
    }

    #[test]
    fn find_in_text() {
        let lex = Lexicon::builtin();
        let mut un = Vec::new();
        let t = "完善机制(省工商局负责)加强监管。在河南省市场监督管理局（河南省知识产权局）指导下工作。（市市场监管局负责）";
        let f = find(t, lex, None, &mut un);
        assert_eq!(f.len(), 2);
        let t = "推进工作。（市委宣传部牵头，市有关成员单位按职责分工负责";
        let f = find(t, lex, None, &mut un);
        assert_eq!(f.len(), 1);
        assert!(f[0].unclosed);
        let t = "加强监管。\n牵头单位：市商务局\n责任单位：市公安局";
        assert_eq!(find(t, lex, None, &mut un).len(), 2);
    }

    #[test]
    fn convention_is_found_in_either_script_and_only_there() {
        let t = "一、总体要求\n各项任务列第一位的为牵头单位，其他为配合单位。\n";
        assert_eq!(convention_at(t), t.find("列第一位"));
        let tr = "一、總體要求\n排在首位者為牽頭單位。\n";
        assert_eq!(convention_at(tr), tr.find("排在首位"));
        // 牵头 on many lines, but no convention phrase
        assert_eq!(
            convention_at("（市商务局牵头）\n（市公安局牵头）\n位居第一"),
            None
        );
    }

    #[test]
    fn first_listed_leads() {
        let d = parse("市商务局、市公安局", Lexicon::builtin(), true).map(|d| d.resp);
        assert_eq!(
            d.map(|r| (r.lead, r.support)),
            Some((v(&["市商务局"]), v(&["市公安局"])))
        );
    }
}
