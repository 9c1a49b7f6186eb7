//! Stage 5: split an item's text into tasks at its responsibility clauses.
//!
//! An item holds as many tasks as it has clauses: each task is the run of text before a
//! clause. Text after the last clause is one more task (without a clause). A leaf item
//! without any clause is one task; an item with children and no clause holds none (its
//! text is a heading for the tasks below). Task text never is empty: a clause with no
//! text before it (two clauses back to back, or a labelled `配合单位：` line after
//! `牵头单位：`) adds its units to the task before it.

use crate::duty::{self, Lexicon};
use crate::model::{Responsibility, Task, Warning, WarningCode};
use crate::text::Para;
use std::ops::ControlFlow;

/// `(normalized name, as written)` for every unit read in an item's clauses.
pub type Spellings = Vec<(String, String)>;

/// What task splitting reports besides the tasks: warnings, the spellings of units, and
/// (for `--explain`) one line per clause saying which rule gave each unit its role.
pub struct Report<'a> {
    /// Doubts and repairs.
    pub warnings: &'a mut Vec<Warning>,
    /// `(normalized name, as written)` of every unit named.
    pub spellings: &'a mut Spellings,
    /// Clause explanations, when explaining.
    pub clauses: Option<&'a mut Vec<String>>,
}

fn trim_task(s: &str) -> (usize, &str) {
    let t = s.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '。' | '；' | ';' | '，' | ',' | '、' | '\u{3000}')
    });
    (s.len() - t.len(), t.trim_end())
}

fn has_content(s: &str) -> bool {
    // (an ideograph of the main CJK block, every one a letter, answered without the
    // Unicode table)
    s.chars()
        .any(|c| matches!(c as u32, 0x4E00..=0x9FFF) || c.is_alphanumeric())
}

fn merge(into: &mut Responsibility, from: &Responsibility) {
    for (a, b) in [
        (&mut into.lead, &from.lead),
        (&mut into.responsible, &from.responsible),
        (&mut into.support, &from.support),
    ] {
        for u in b {
            if !a.contains(u) {
                a.push(u.clone());
            }
        }
    }
    if !into.lead.is_empty() {
        // 牵头单位：X / 责任单位：Y on separate lines: Y works under the lead
        let moved: Vec<String> = std::mem::take(&mut into.responsible);
        for u in moved {
            if !into.support.contains(&u) {
                into.support.push(u);
            }
        }
    }
    into.open_ended |= from.open_ended;
    if !from.raw.is_empty() {
        into.raw.push_str(&from.raw);
    }
}

/// `clause （…） at L3 in 1.2: 市X lead (its label); 市Y support (…)`.
fn explain_clause(id: &str, line: u32, d: &crate::duty::Duty) -> String {
    let role_of = |name: &str| {
        if d.resp.lead.iter().any(|u| u == name) {
            "lead"
        } else if d.resp.support.iter().any(|u| u == name) {
            "support"
        } else {
            "responsible"
        }
    };
    let units: Vec<String> = d
        .spellings
        .iter()
        .zip(&d.reasons)
        .map(|((name, _), why)| format!("{name} {} ({why})", role_of(name)))
        .collect();
    format!(
        "clause {} at L{line} in {id}: {}",
        d.resp.raw,
        units.join("; ")
    )
}

/// Split the item `id` (its paragraphs joined by [`crate::text::join`]) into tasks.
/// Also returns the byte offset of the item's first clause, where a run-in title ends.
pub fn split(
    id: &str,
    item: &Para,
    leaf: bool,
    lex: &Lexicon,
    convention_line: Option<u32>,
    report: &mut Report<'_>,
) -> (Vec<Task>, Option<usize>) {
    let mut tasks = Vec::new();
    let first_clause = split_each(id, item, leaf, lex, convention_line, report, &mut |t, _| {
        tasks.push(t);
    });
    (tasks, first_clause)
}

/// [`split`], giving each task to `emit` as soon as it is complete (when the next task
/// starts: a clause without text before it still joins the task before it), with the
/// spellings read so far (`emit` may drain them; those it leaves stay in the report).
/// An item of many clauses never holds its tasks.
pub fn split_each(
    id: &str,
    item: &Para,
    leaf: bool,
    lex: &Lexicon,
    convention_line: Option<u32>,
    report: &mut Report<'_>,
    emit: &mut dyn FnMut(Task, &mut Spellings),
) -> Option<usize> {
    let mut unparsed = Vec::new();
    let mut cut = Cutter {
        id,
        item,
        pending: None,
        given: 0,
        pos: 0,
        first_clause: None,
        warnings: Vec::new(),
        spellings: &mut *report.spellings,
        clauses: report.clauses.as_deref_mut(),
        emit,
    };
    // each clause is taken as it is read (an item of many clauses never holds them all)
    let first_leads_from = first_leads_from(item, convention_line);
    duty::find_each(&item.text, lex, first_leads_from, &mut unparsed, &mut |f| {
        cut.take(f);
        ControlFlow::Continue(())
    });
    cut.finish(leaf);
    let first_clause = cut.first_clause;
    let clause_warnings = std::mem::take(&mut cut.warnings);
    // the brackets that are not clauses are reported before the clauses' own warnings
    let warnings = &mut *report.warnings;
    for u in unparsed {
        warnings.push(Warning {
            code: WarningCode::DutyUnparsed,
            message: format!(
                "bracket mentions 负责/牵头 but is not a clause: （{}）: {}",
                u.content, u.why
            ),
            line: Some(item.line_at(u.start)),
        });
    }
    warnings.extend(clause_warnings);
    first_clause
}

/// Where the first clause of an item starts: what [`split`] returns beside the tasks,
/// found without reading the clauses after it.
pub fn first_clause(item: &Para, lex: &Lexicon, convention_line: Option<u32>) -> Option<usize> {
    duty::first_clause_at(&item.text, lex, first_leads_from(item, convention_line))
}

/// Where in the item a declared convention applies from: the line that declares it on
/// (its own clause included).
fn first_leads_from(item: &Para, convention_line: Option<u32>) -> Option<usize> {
    convention_line.and_then(|c| item.origins.iter().find(|(_, l)| *l >= c).map(|(o, _)| *o))
}

/// An item's tasks as its clauses come: the text before each clause is a task (or the
/// clause joins the task before it). The last task is held until the next one starts.
struct Cutter<'a, 'r> {
    id: &'a str,
    item: &'a Para,
    /// The last task, which a clause without text before it may still join.
    pending: Option<Task>,
    /// Tasks given to `emit` so far.
    given: usize,
    /// Where the text not yet taken starts.
    pos: usize,
    first_clause: Option<usize>,
    /// The clauses' warnings, in order.
    warnings: Vec<Warning>,
    spellings: &'r mut Spellings,
    clauses: Option<&'r mut Vec<String>>,
    emit: &'r mut dyn FnMut(Task, &mut Spellings),
}

impl Cutter<'_, '_> {
    fn take(&mut self, f: duty::Found) {
        self.first_clause.get_or_insert(f.start);
        if f.start < self.pos {
            return;
        }
        let (id, item) = (self.id, self.item);
        let line = item.line_at(f.start);
        self.warn_clause(&f.duty, line);
        if let Some(c) = self.clauses.as_deref_mut() {
            c.push(explain_clause(id, line, &f.duty));
        }
        self.spellings.extend(f.duty.spellings);
        let run = item.text.get(self.pos..f.start).unwrap_or("");
        let (skip, t) = trim_task(run);
        if has_content(t) {
            self.start(Task {
                id: String::new(),
                line: item.line_at(self.pos + skip),
                text: t.to_string(),
                responsibility: Some(f.duty.resp),
            });
        } else if let Some(last) = self.pending.as_mut() {
            match &mut last.responsibility {
                Some(r) => merge(r, &f.duty.resp),
                None => last.responsibility = Some(f.duty.resp),
            }
        } else {
            self.warnings.push(Warning {
                code: WarningCode::DutyUnparsed,
                message: format!(
                    "clause {} has no task text before it in item {id}",
                    f.duty.resp.raw
                ),
                line: Some(line),
            });
        }
        self.pos = f.end;
    }

    /// A new task: the one before it is complete and given out, numbered.
    fn start(&mut self, task: Task) {
        if let Some(done) = self.pending.replace(task) {
            self.give(done);
        }
    }

    /// Number a complete task and give it out with the spellings read so far.
    fn give(&mut self, mut done: Task) {
        self.given += 1;
        done.id = crate::assemble::child_id(self.id, '/', self.given);
        (self.emit)(done, self.spellings);
    }

    /// After the last clause: the text after it is one more task (in a leaf item: in an
    /// item with children it leads in to them), and the last task is given out.
    fn finish(&mut self, leaf: bool) {
        let item = self.item;
        let (skip, tail) = trim_task(item.text.get(self.pos..).unwrap_or(""));
        if has_content(tail) && leaf {
            self.start(Task {
                id: String::new(),
                line: item.line_at(self.pos + skip),
                text: tail.to_string(),
                responsibility: None,
            });
        }
        if let Some(done) = self.pending.take() {
            self.give(done);
        }
    }

    /// A clause's repairs, its names the lexicon does not know, its standing note.
    fn warn_clause(&mut self, d: &duty::Duty, line: u32) {
        for r in &d.repairs {
            self.warnings.push(Warning {
                code: WarningCode::DutyRepaired,
                message: format!("clause {}: {r}", d.resp.raw),
                line: Some(line),
            });
        }
        for name in &d.doubtful {
            self.warnings.push(Warning {
                code: WarningCode::UnitUnknown,
                message: format!(
                    "{name:?} is not in the unit lexicon; read as a unit because the clause marks the list: {}",
                    d.resp.raw
                ),
                line: Some(line),
            });
        }
        if crate::duty::vocab::has_standing_note(&d.resp.raw) {
            self.warnings.push(Warning {
                code: WarningCode::DutyConvention,
                message: format!(
                    "clause {} carries a standing note for later tasks; it adds no unit to them, read the note yourself",
                    d.resp.raw
                ),
                line: Some(line),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ideograph_of_the_main_block_is_content() {
        for c in ('\u{4E00}'..='\u{9FFF}').chain(['a', '1', '。', ' ', '（', 'é']) {
            assert_eq!(has_content(&c.to_string()), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn item(s: &str) -> Para {
        crate::text::join(&[Para {
            text: s.to_string(),
            origins: vec![(0, 1)],
        }])
    }

    fn report<'a>(w: &'a mut Vec<Warning>, sp: &'a mut Spellings) -> Report<'a> {
        Report {
            warnings: w,
            spellings: sp,
            clauses: None,
        }
    }

    /// Tasks given out one at a time are the tasks `split` returns, numbered the same;
    /// the spellings drained as they come are those `split` leaves; the warnings and the
    /// first clause are the same; `first_clause` finds it without the tasks.
    #[test]
    fn tasks_given_out_as_they_are_cut_are_the_split_tasks() {
        let it = item(
            "加强统筹（市委办牵头）。（市政府办配合）推进整治（市公安局负责）（市检察院负责）\n\
             说明（含负责事项的说明）继续推进。\n牵头单位：市农业农村局\n其余工作。",
        );
        let lex = Lexicon::builtin();
        for leaf in [true, false] {
            let (mut w1, mut sp1) = (Vec::new(), Vec::new());
            let (all, first) = split("2.1", &it, leaf, lex, None, &mut report(&mut w1, &mut sp1));
            let (mut w2, mut sp2) = (Vec::new(), Vec::new());
            let (mut each, mut drained) = (Vec::new(), Vec::new());
            let first_each = split_each(
                "2.1",
                &it,
                leaf,
                lex,
                None,
                &mut report(&mut w2, &mut sp2),
                &mut |t, sp| {
                    each.push(t);
                    drained.append(sp);
                },
            );
            drained.append(&mut sp2);
            assert_eq!(all.len(), if leaf { 4 } else { 3 }, "{all:?}");
            assert_eq!(
                serde_json::to_value(&each).ok(),
                serde_json::to_value(&all).ok()
            );
            assert_eq!(drained, sp1);
            assert_eq!(
                serde_json::to_value(&w2).ok(),
                serde_json::to_value(&w1).ok()
            );
            assert_eq!(first_each, first);
            assert_eq!(first_clause(&it, lex, None), first);
        }
    }

    #[test]
    fn several_clauses_make_several_tasks() {
        let it = item("加强网络治理。(省质监局负责)完善机制(省工商局负责)加强监管。（省食品药品监管局负责）其他工作。");
        let mut w = Vec::new();
        let mut sp = Vec::new();
        let (ts, first) = split(
            "1.1",
            &it,
            true,
            Lexicon::builtin(),
            None,
            &mut report(&mut w, &mut sp),
        );
        assert_eq!(
            first,
            it.text.find("(省质监局"),
            "where a run-in title must end"
        );
        let texts: Vec<&str> = ts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            ["加强网络治理。", "完善机制", "加强监管。", "其他工作。"]
        );
        assert_eq!(ts[3].responsibility, None);
        assert_eq!(ts[1].id, "1.1/2");
    }

    #[test]
    fn branch_without_clause_has_no_task_and_leaf_has_one() {
        let mut w = Vec::new();
        let mut sp = Vec::new();
        assert!(split(
            "1",
            &item("总体要求"),
            false,
            Lexicon::builtin(),
            None,
            &mut report(&mut w, &mut sp)
        )
        .0
        .is_empty());
        assert_eq!(
            split(
                "1",
                &item("总体要求"),
                true,
                Lexicon::builtin(),
                None,
                &mut report(&mut w, &mut sp)
            )
            .0
            .len(),
            1
        );
    }

    #[test]
    fn labelled_lines_attach_to_the_task() {
        let it = crate::text::join(&[
            Para {
                text: "加强监管。".into(),
                origins: vec![(0, 1)],
            },
            Para {
                text: "牵头单位：市商务局".into(),
                origins: vec![(0, 2)],
            },
            Para {
                text: "配合单位：市公安局".into(),
                origins: vec![(0, 3)],
            },
        ]);
        let mut w = Vec::new();
        let mut sp = Vec::new();
        let (ts, _) = split(
            "2",
            &it,
            true,
            Lexicon::builtin(),
            None,
            &mut report(&mut w, &mut sp),
        );
        assert_eq!(ts.len(), 1);
        let r = ts[0].responsibility.clone().unwrap_or_default();
        assert_eq!((r.lead.len(), r.support.len()), (1, 1));
    }
}
