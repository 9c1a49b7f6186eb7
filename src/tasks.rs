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
    s.chars().any(|c| c.is_alphanumeric())
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
    let text = &item.text;
    let mut unparsed = Vec::new();
    // the convention applies from the line that declares it on (its own clause included)
    let first_leads_from =
        convention_line.and_then(|c| item.origins.iter().find(|(_, l)| *l >= c).map(|(o, _)| *o));
    let mut cut = Cutter {
        id,
        item,
        tasks: Vec::new(),
        pos: 0,
        first_clause: None,
        warnings: Vec::new(),
        spellings: &mut *report.spellings,
        clauses: report.clauses.as_deref_mut(),
    };
    // each clause is taken as it is read (an item of many clauses never holds them all)
    duty::find_each(text, lex, first_leads_from, &mut unparsed, &mut |f| {
        cut.take(f)
    });
    let Cutter {
        mut tasks,
        pos,
        first_clause,
        warnings: clause_warnings,
        ..
    } = cut;
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
    let (skip, tail) = trim_task(text.get(pos..).unwrap_or(""));
    // text after the last clause of an item with children leads in to them: no task
    if has_content(tail) && leaf {
        tasks.push(Task {
            id: String::new(),
            line: item.line_at(pos + skip),
            text: tail.to_string(),
            responsibility: None,
        });
    }
    for (k, t) in tasks.iter_mut().enumerate() {
        t.id = crate::assemble::child_id(id, '/', k + 1);
    }
    (tasks, first_clause)
}

/// An item's tasks as its clauses come: the text before each clause is a task (or the
/// clause joins the task before it).
struct Cutter<'a, 'r> {
    id: &'a str,
    item: &'a Para,
    tasks: Vec<Task>,
    /// Where the text not yet taken starts.
    pos: usize,
    first_clause: Option<usize>,
    /// The clauses' warnings, in order.
    warnings: Vec<Warning>,
    spellings: &'r mut Spellings,
    clauses: Option<&'r mut Vec<String>>,
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
            self.tasks.push(Task {
                id: String::new(),
                line: item.line_at(self.pos + skip),
                text: t.to_string(),
                responsibility: Some(f.duty.resp),
            });
        } else if let Some(last) = self.tasks.last_mut() {
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
