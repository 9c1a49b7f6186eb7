//! `fengong diff`: what changed between two plans — tasks added, removed, reworded,
//! moved to another section, or handed to other units — paired by content, not position.
//!
//! ## Alignment (see [`align`])
//! 1. Exact: tasks whose normalised text (no spaces or punctuation) is identical pair up,
//!    in order — so a task renumbered because another was inserted is `unchanged`.
//! 2. Similar: the rest pair one-to-one by a similarity of character bigrams (Chinese has
//!    no spaces), nudged by section titles and owners, best pairs first, above `threshold`.
//!    Candidates come from shared bigrams only (bigrams in more than `MAX_POSTING` tasks are
//!    skipped), and the number of scored pairs is capped; hitting a cap is a warning.
//! 3. A pair whose parent sections are not paired with each other is `moved`.
//!
//! ## Units
//! Owners are compared through [`Renames`] (`data/renames.txt`): 省工商局 in 2017 and
//! 省市场监管局 in 2023 are the same owner, reported in `renamed`, not as a change of hands.

pub mod align;
pub mod folder;
pub mod html;
pub mod render;

use crate::duty::Lexicon;
use crate::model::{Document, Responsibility, Section};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The built-in rename table, `data/renames.txt`.
pub const BUILTIN_RENAMES: &str = include_str!("../../data/renames.txt");

/// The table of institutional renames.
#[derive(Clone, Debug, Default)]
pub struct Renames {
    map: HashMap<String, String>,
}

static DEFAULT_RENAMES: LazyLock<Renames> = LazyLock::new(|| {
    let mut r = Renames::default();
    let unread = r.extend(BUILTIN_RENAMES);
    debug_assert!(unread.is_empty(), "data/renames.txt: {unread:?}");
    r
});

impl Renames {
    /// The table shipped in `data/renames.txt`.
    pub fn builtin() -> &'static Renames {
        &DEFAULT_RENAMES
    }

    /// Add `OLD => NEW` and `A = B` lines (names as users write them, with or without a
    /// level prefix: `市邮政管理局 => 市商务局`, `农业厅 => 农业农村厅`). Returns the lines it
    /// could not read, numbered from 1, so that the caller can report them.
    pub fn extend(&mut self, text: &str) -> Vec<(usize, String)> {
        let mut unread = Vec::new();
        for (no, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            // `=>` a reform; `=` two spellings of one body (both map to the right-hand side)
            let pair = line.split_once("=>").or_else(|| line.split_once('='));
            match pair.map(|(a, b)| (a.trim(), b.trim())) {
                Some((a, b)) if !a.is_empty() && !b.is_empty() && !b.contains(['=', '>']) => {
                    self.map.insert(a.to_string(), b.to_string());
                }
                _ => unread.push((no + 1, raw.to_string())),
            }
        }
        unread
    }

    /// The current name of a unit: the whole name followed through the table when the
    /// table names it (`市邮政管理局 => 市商务局`), else its stem, its level prefix kept.
    pub fn current(&self, unit: &str, lex: &Lexicon) -> String {
        if self.map.contains_key(unit) {
            let mut name = unit.to_string();
            for _ in 0..8 {
                match self.map.get(&name) {
                    Some(next) if *next != name => name = next.clone(),
                    _ => break,
                }
            }
            return name;
        }
        let prefix = lex.prefix_of(unit).unwrap_or("");
        let mut stem = unit.get(prefix.len()..).unwrap_or("").to_string();
        for _ in 0..8 {
            match self.map.get(&stem) {
                Some(next) if *next != stem => stem = next.clone(),
                _ => break,
            }
        }
        format!("{prefix}{stem}")
    }
}

/// Options for a diff.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// Minimum similarity for two different task texts to be one task reworded.
    pub threshold: f64,
    /// The rename table.
    pub renames: Renames,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            threshold: 0.5,
            renames: Renames::builtin().clone(),
        }
    }
}

/// One side of the report header.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Side {
    /// Input path.
    pub path: Option<String>,
    /// Document title.
    pub title: Option<String>,
}

/// Counts per kind.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Summary {
    /// Same text, same section, same owners.
    pub unchanged: usize,
    /// Reworded or changed hands.
    pub modified: usize,
    /// Under another section.
    pub moved: usize,
    /// Only in NEW.
    pub added: usize,
    /// Only in OLD.
    pub removed: usize,
}

/// A task as the report shows it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct TaskView {
    /// Task id (`1.2/3`).
    pub id: String,
    /// Ancestor section titles joined with ` > `.
    pub section_titles: String,
    /// Task text.
    pub text: String,
    /// Its clause.
    pub responsibility: Option<Responsibility>,
}

/// A unit whose role changed.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct RoleChange {
    /// The unit (its current name).
    pub unit: String,
    /// Role in OLD.
    pub old: String,
    /// Role in NEW.
    pub new: String,
}

/// A unit known under its old name in OLD and its new name in NEW.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Rename {
    /// As written in OLD.
    pub old: String,
    /// As written in NEW.
    pub new: String,
}

/// Kinds of change.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Same text, same section, same owners (renames aside).
    Unchanged,
    /// Reworded, or owners changed.
    Modified,
    /// In another section.
    Moved,
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Removed,
}

/// One paired (or unpaired) task.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// What happened.
    pub kind: Kind,
    /// Text similarity, 1.0 for identical text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// The task in OLD.
    pub old: Option<TaskView>,
    /// The task in NEW.
    pub new: Option<TaskView>,
    /// Owners in NEW that OLD did not have (after renames).
    pub units_added: Vec<String>,
    /// Owners in OLD that NEW does not have (after renames).
    pub units_removed: Vec<String>,
    /// Same owner, other role.
    pub role_changes: Vec<RoleChange>,
    /// Owners renamed by a reform.
    pub renamed: Vec<Rename>,
}

/// A section added, removed or renamed.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SectionChange {
    /// `added`, `removed` or `renamed`.
    pub kind: String,
    /// Section in OLD (id and title).
    pub old: Option<(String, String)>,
    /// Section in NEW.
    pub new: Option<(String, String)>,
}

/// The whole report (`diff --format json`).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// Always 1.
    pub schema_version: u32,
    /// OLD.
    pub old: Side,
    /// NEW.
    pub new: Side,
    /// Counts.
    pub summary: Summary,
    /// Every task, paired or not, in NEW's order (removed ones where they stood).
    pub changes: Vec<Change>,
    /// Sections added, removed, renamed (headings: items that hold sub-items or no task;
    /// a leaf item's change is its tasks' change).
    pub sections: Vec<SectionChange>,
    /// Every unit rename seen between the two plans, with how many task pairs show it.
    pub renames: Vec<(Rename, usize)>,
    /// Bounds hit and other doubts.
    pub warnings: Vec<String>,
}

impl Report {
    /// Whether anything differs (the exit code of `fengong diff`).
    pub fn differs(&self) -> bool {
        self.summary.modified + self.summary.moved + self.summary.added + self.summary.removed > 0
            || !self.sections.is_empty()
    }
}

/// A task flattened out of the tree, with what alignment needs.
#[derive(Clone, Debug)]
pub struct Flat {
    /// Section id of its item.
    pub section: String,
    /// Its heading: the item itself when it holds sub-items, else the item's parent
    /// (`""` at the top). A task whose heading changes is `moved`.
    pub home: String,
    /// Ancestor titles.
    pub titles: Vec<String>,
    /// The task.
    pub view: TaskView,
    /// Normalised text: no white space, no punctuation.
    pub key: String,
}

/// Text without white space and punctuation, for comparing.
pub fn normalize_text(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Unique section keys: the id, or `id#k` for its k-th repeat (a document can repeat an
/// id when its numbering restarts under a new top-level style).
#[derive(Default)]
pub struct Keys {
    seen: HashMap<String, usize>,
}

impl Keys {
    /// The key of the next section with this id, in document order.
    pub fn next(&mut self, id: &str) -> String {
        let n = self.seen.entry(id.to_string()).or_insert(0);
        *n += 1;
        if *n == 1 {
            id.to_string()
        } else {
            format!("{id}#{n}")
        }
    }
}

/// Flatten a document's tasks in order.
pub fn flatten(doc: &Document) -> Vec<Flat> {
    fn walk(
        secs: &[Section],
        parent: &str,
        keys: &mut Keys,
        titles: &mut Vec<String>,
        out: &mut Vec<Flat>,
    ) {
        for s in secs {
            titles.push(s.title.clone());
            let key = keys.next(&s.id);
            let home = if s.children.is_empty() {
                parent
            } else {
                key.as_str()
            };
            for t in &s.tasks {
                out.push(Flat {
                    section: key.clone(),
                    home: home.to_string(),
                    titles: titles.clone(),
                    view: TaskView {
                        id: t.id.clone(),
                        section_titles: titles.join(" > "),
                        text: t.text.clone(),
                        responsibility: t.responsibility.clone(),
                    },
                    key: normalize_text(&t.text),
                });
            }
            walk(&s.children, &key, keys, titles, out);
            titles.pop();
        }
    }
    let mut out = Vec::new();
    walk(
        &doc.sections,
        "",
        &mut Keys::default(),
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// Compare two parsed documents.
pub fn diff(old: &Document, new: &Document, opts: &DiffOptions, lex: &Lexicon) -> Report {
    let a = flatten(old);
    let b = flatten(new);
    let mut warnings = Vec::new();
    let secs = align::pair_sections(old, new, &mut Vec::new());
    let pairs = align::pair_tasks(&a, &b, &secs, opts.threshold, &mut warnings);
    let mut changes = Vec::new();
    let mut summary = Summary::default();
    let mut b_to_a: HashMap<usize, (usize, f64)> = HashMap::new();
    for p in &pairs {
        b_to_a.insert(p.new, (p.old, p.similarity));
    }
    let paired_old: std::collections::HashSet<usize> = pairs.iter().map(|p| p.old).collect();
    // Removed tasks are shown where they stood: before the first new task paired with a
    // later old task.
    let mut next_old = 0usize;
    let emit_removed =
        |upto: usize, next_old: &mut usize, changes: &mut Vec<Change>, summary: &mut Summary| {
            while *next_old < upto {
                if !paired_old.contains(next_old) {
                    if let Some(t) = a.get(*next_old) {
                        summary.removed += 1;
                        changes.push(Change {
                            kind: Kind::Removed,
                            similarity: None,
                            old: Some(t.view.clone()),
                            new: None,
                            units_added: Vec::new(),
                            units_removed: Vec::new(),
                            role_changes: Vec::new(),
                            renamed: Vec::new(),
                        });
                    }
                }
                *next_old += 1;
            }
        };
    for (j, t) in b.iter().enumerate() {
        match b_to_a.get(&j).copied() {
            Some((i, sim)) => {
                if i >= next_old {
                    emit_removed(i, &mut next_old, &mut changes, &mut summary);
                    next_old = i + 1;
                }
                let Some(o) = a.get(i) else { continue };
                let mut c = compare_owners(o, t, &opts.renames, lex);
                c.similarity = Some((sim * 1000.0).round() / 1000.0);
                let same_section = align::same_home(o, t, &secs);
                let text_same = o.key == t.key;
                let owners_same = c.units_added.is_empty()
                    && c.units_removed.is_empty()
                    && c.role_changes.is_empty();
                c.kind = if !same_section {
                    Kind::Moved
                } else if text_same && owners_same {
                    Kind::Unchanged
                } else {
                    Kind::Modified
                };
                match c.kind {
                    Kind::Unchanged => summary.unchanged += 1,
                    Kind::Modified => summary.modified += 1,
                    Kind::Moved => summary.moved += 1,
                    _ => {}
                }
                changes.push(c);
            }
            None => {
                summary.added += 1;
                changes.push(Change {
                    kind: Kind::Added,
                    similarity: None,
                    old: None,
                    new: Some(t.view.clone()),
                    units_added: Vec::new(),
                    units_removed: Vec::new(),
                    role_changes: Vec::new(),
                    renamed: Vec::new(),
                });
            }
        }
    }
    emit_removed(a.len(), &mut next_old, &mut changes, &mut summary);
    let sections = align::section_changes(old, new, &secs);
    let mut renames: Vec<(Rename, usize)> = Vec::new();
    for r in changes.iter().flat_map(|c| c.renamed.iter()) {
        match renames.iter_mut().find(|(x, _)| x == r) {
            Some((_, n)) => *n += 1,
            None => renames.push((r.clone(), 1)),
        }
    }
    Report {
        schema_version: 1,
        old: Side {
            path: old.source.path.clone(),
            title: old.meta.title.clone(),
        },
        new: Side {
            path: new.source.path.clone(),
            title: new.meta.title.clone(),
        },
        summary,
        changes,
        sections,
        renames,
        warnings,
    }
}

fn roles(r: &Option<Responsibility>) -> Vec<(&'static str, String)> {
    let Some(r) = r else { return Vec::new() };
    let mut v = Vec::new();
    for (role, list) in [
        ("lead", &r.lead),
        ("responsible", &r.responsible),
        ("support", &r.support),
    ] {
        for u in list {
            v.push((role, u.clone()));
        }
    }
    v
}

/// Owners of a pair compared through renames. Lead and responsible for a sole owner are
/// the same thing and are not reported as a role change.
fn compare_owners(o: &Flat, n: &Flat, ren: &Renames, lex: &Lexicon) -> Change {
    let ro = roles(&o.view.responsibility);
    let rn = roles(&n.view.responsibility);
    let canon = |v: &[(&'static str, String)]| -> Vec<(&'static str, String, String)> {
        v.iter()
            .map(|(r, u)| (*r, ren.current(u, lex), u.clone()))
            .collect()
    };
    let (co, cn) = (canon(&ro), canon(&rn));
    let owner = |r: &str, all: &[(&'static str, String, String)]| {
        let sole = all.iter().filter(|x| x.0 != "support").count() == 1;
        if sole && r != "support" {
            "owner".to_string()
        } else {
            r.to_string()
        }
    };
    let mut c = Change {
        kind: Kind::Unchanged,
        similarity: None,
        old: Some(o.view.clone()),
        new: Some(n.view.clone()),
        units_added: Vec::new(),
        units_removed: Vec::new(),
        role_changes: Vec::new(),
        renamed: Vec::new(),
    };
    // the roles a unit holds on one side (a clause can name a unit twice)
    let role_set = |key: &str, all: &[(&'static str, String, String)]| -> Vec<&'static str> {
        let mut v: Vec<&'static str> = all.iter().filter(|x| x.1 == key).map(|x| x.0).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // lead and responsible mean the same for a unit that owns the task alone
    let same_roles = |before: &[&str], after: &[&str]| {
        let owns = |v: &[&str]| v.iter().all(|r| *r != "support");
        before == after
            || (owns(before)
                && owns(after)
                && (owner("lead", &co) == "owner" || owner("lead", &cn) == "owner"))
    };
    for (_, key, written) in &cn {
        match co.iter().find(|x| x.1 == *key) {
            None => {
                if !c.units_added.contains(written) {
                    c.units_added.push(written.clone());
                }
            }
            Some((_, _, w0)) => {
                let (before, after) = (role_set(key, &co), role_set(key, &cn));
                if !same_roles(&before, &after)
                    && !c.role_changes.iter().any(|x| x.unit == *written)
                {
                    c.role_changes.push(RoleChange {
                        unit: written.clone(),
                        old: before.join("+"),
                        new: after.join("+"),
                    });
                }
                if w0 != written && !c.renamed.iter().any(|x| x.new == *written) {
                    c.renamed.push(Rename {
                        old: w0.clone(),
                        new: written.clone(),
                    });
                }
            }
        }
    }
    for (_, key, written) in &co {
        if !cn.iter().any(|x| x.1 == *key) && !c.units_removed.contains(written) {
            c.units_removed.push(written.clone());
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_reforms_are_followed_to_the_current_body() {
        let (r, lex) = (Renames::builtin(), Lexicon::builtin());
        for (old, now) in [
            ("银监会", "金融监管总局"),
            ("中国保监会", "金融监管总局"),
            ("国务院扶贫办", "农业农村部"),
            ("国家工商总局", "市场监管总局"),
            ("国家质量监督检验检疫总局", "市场监管总局"),
            ("国家卫生计生委", "国家卫生健康委"),
            ("环境保护部", "生态环境部"),
            ("省扶贫办", "省农业农村局"),
            ("市工商局", "市市场监管局"),
        ] {
            assert_eq!(r.current(old, lex), now, "{old}");
        }
    }

    #[test]
    fn user_renames_take_whole_names_and_report_what_they_cannot_read() {
        let mut r = Renames::builtin().clone();
        let unread = r.extend("# mine\n市邮政管理局 => 市商务局\n\n这一行没有箭头\n => 市商务局\n");
        assert_eq!(r.current("市邮政管理局", Lexicon::builtin()), "市商务局");
        let lines: Vec<usize> = unread.iter().map(|(n, _)| *n).collect();
        assert_eq!(lines, [4, 5]);
    }
}
