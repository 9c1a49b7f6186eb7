//! The last step of a parse: the outline's items become sections with their tasks and
//! clauses, and the units the clauses name are indexed.
//!
//! A document is assembled whole ([`Assembler::section`], for [`crate::parse_bytes`]) or
//! while it is written ([`Streamed`]): then each item becomes a section just before it is
//! serialised and is gone just after, so a large document's memory is its outline's, not
//! its outline's plus its sections' plus its serialised text. Both ways run the same code
//! in the same order (an item's tasks, then its children), so they give the same bytes.

use crate::duty::Lexicon;
use crate::fate::Fates;
use crate::model::{
    Cover, Meta, Section, Source, Task, Unit, Warning, WarningCode, SCHEMA_VERSION,
};
use crate::outline::Node;
use crate::{scan, tasks, text};
use rustc_hash::FxHashMap;
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};

/// Turns outline items into sections, gathering the warnings, the unit index and (for
/// `--explain`) line fates and clause explanations as it goes.
pub(crate) struct Assembler<'o> {
    lex: &'o Lexicon,
    convention_line: Option<u32>,
    /// Warnings: those it was given, then the items'.
    pub warnings: Vec<Warning>,
    /// The spellings of the item being assembled (emptied into `units` after each item).
    spellings: tasks::Spellings,
    units: UnitIndex,
    /// Line fates (recorded only when explaining).
    pub fates: Fates,
    /// Clause explanations (`--explain`).
    pub clauses: Vec<String>,
    /// Tasks assembled so far.
    pub tasks: usize,
}

/// A section without its children: what an item gives before its sub-items are read. Its
/// text is borrowed from the outline when the item is one paragraph (most are): a
/// document written while it is assembled holds its long items' text once, not twice.
pub(crate) struct Item<'n> {
    id: String,
    level: u32,
    marker: String,
    style: &'static str,
    ordinal: u32,
    line: u32,
    title: String,
    /// The item's paragraphs joined (its text, and where each piece came from).
    text: Cow<'n, text::Para>,
    tasks: Vec<Task>,
}

impl<'n> Item<'n> {
    fn new(
        n: &Node,
        id: String,
        marker: String,
        joined: Cow<'n, text::Para>,
        first_clause: Option<usize>,
        tasks: Vec<Task>,
    ) -> Item<'n> {
        Item {
            // (the dots of an id, counted as bytes: a few, not worth a searcher)
            level: u32::try_from(id.bytes().filter(|&b| b == b'.').count() + 1).unwrap_or(u32::MAX),
            title: title_of(n, &joined.text, first_clause),
            id,
            marker,
            style: n.style.name(),
            ordinal: n.ordinal,
            line: n.line,
            text: joined,
            tasks,
        }
    }

    /// The section of this item without its text, tasks and children (what a row of a
    /// task needs of it).
    fn head(&self) -> Section {
        Section {
            id: self.id.clone(),
            level: self.level,
            marker: self.marker.clone(),
            style: self.style.to_string(),
            ordinal: self.ordinal,
            line: self.line,
            title: self.title.clone(),
            text: String::new(),
            tasks: Vec::new(),
            children: Vec::new(),
        }
    }

    fn with_children(self, children: Vec<Section>) -> Section {
        Section {
            id: self.id,
            level: self.level,
            marker: self.marker,
            style: self.style.to_string(),
            ordinal: self.ordinal,
            line: self.line,
            title: self.title,
            text: match self.text {
                Cow::Borrowed(p) => p.text.clone(),
                Cow::Owned(p) => p.text,
            },
            tasks: self.tasks,
            children,
        }
    }
}

impl<'o> Assembler<'o> {
    pub(crate) fn new(
        lex: &'o Lexicon,
        convention_line: Option<u32>,
        warnings: Vec<Warning>,
        fates: Fates,
    ) -> Assembler<'o> {
        Assembler {
            lex,
            convention_line,
            warnings,
            spellings: Vec::new(),
            units: UnitIndex::default(),
            fates,
            clauses: Vec::new(),
            tasks: 0,
        }
    }

    /// The item `n` under the section `parent` (empty at the top), children included.
    /// The node's text and marker are moved into the section, not copied: an outline is
    /// not read again once assembled.
    pub(crate) fn section(&mut self, n: &mut Node, parent: &str) -> Section {
        let item = self.item_taking(n, parent);
        let children = n
            .children
            .iter_mut()
            .map(|c| self.section(c, &item.id))
            .collect();
        item.with_children(children)
    }

    /// [`Assembler::item`] of a node given up: its paragraphs and marker are taken.
    fn item_taking(&mut self, n: &mut Node, parent: &str) -> Item<'static> {
        let id = self.id_of(n, parent);
        crate::note_joins(&n.paras, &mut self.fates);
        let joined = match n.paras.len() {
            1 => n.paras.pop().unwrap_or_default(),
            _ => text::join_owned(std::mem::take(&mut n.paras)),
        };
        let mut tasks = Vec::new();
        let first_clause = self.tasks_of(&id, &joined, n.children.is_empty(), &mut |t| {
            tasks.push(t);
        });
        let marker = std::mem::take(&mut n.marker);
        Item::new(n, id, marker, Cow::Owned(joined), first_clause, tasks)
    }

    /// The item `n` with its tasks, without its children.
    fn item<'n>(&mut self, n: &'n Node, parent: &str) -> Item<'n> {
        let (id, joined) = self.begin(n, parent);
        let mut tasks = Vec::new();
        let first_clause = self.tasks_of(&id, &joined, n.children.is_empty(), &mut |t| {
            tasks.push(t);
        });
        Item::new(n, id, n.marker.clone(), joined, first_clause, tasks)
    }

    /// The item `n` without its tasks (they are to come from [`Assembler::tasks_of`]): its
    /// title is read up to its first clause, without reading the clauses after it.
    fn item_head<'n>(&mut self, n: &'n Node, parent: &str) -> Item<'n> {
        let (id, joined) = self.begin(n, parent);
        let first_clause = tasks::first_clause(&joined, self.lex, self.convention_line);
        Item::new(n, id, n.marker.clone(), joined, first_clause, Vec::new())
    }

    /// An item's id and its paragraphs joined into one.
    fn begin<'n>(&mut self, n: &'n Node, parent: &str) -> (String, Cow<'n, text::Para>) {
        let id = self.id_of(n, parent);
        crate::note_joins(&n.paras, &mut self.fates);
        let joined = match n.paras.as_slice() {
            [one] => Cow::Borrowed(one),
            more => Cow::Owned(text::join(more)),
        };
        (id, joined)
    }

    /// The id of the item `n` under the section `parent`.
    fn id_of(&self, n: &Node, parent: &str) -> String {
        if parent.is_empty() {
            n.ordinal.to_string()
        } else {
            child_id(parent, '.', n.ordinal)
        }
    }

    /// The tasks of the item `id` (its text `joined`), each given to `emit` as it is cut
    /// and counted in the unit index; returns where its first clause starts.
    fn tasks_of(
        &mut self,
        id: &str,
        joined: &text::Para,
        leaf: bool,
        emit: &mut dyn FnMut(Task),
    ) -> Option<usize> {
        let (lex, convention_line) = (self.lex, self.convention_line);
        let recording = self.fates.recording();
        let mut report = tasks::Report {
            warnings: &mut self.warnings,
            spellings: &mut self.spellings,
            clauses: recording.then_some(&mut self.clauses),
        };
        let (units, count) = (&mut self.units, &mut self.tasks);
        let first_clause = tasks::split_each(
            id,
            joined,
            leaf,
            lex,
            convention_line,
            &mut report,
            &mut |t, spellings| {
                units.count(std::slice::from_ref(&t));
                units.spelled(spellings);
                *count += 1;
                emit(t);
            },
        );
        self.units.spelled(&mut self.spellings);
        first_clause
    }

    /// After the last item: the warning for a document without sections, and the unit
    /// index. The warnings stay in the order they were made (see [`line_order`]).
    pub(crate) fn finish(&mut self, no_sections: bool) -> Vec<Unit> {
        if no_sections {
            self.warnings.push(Warning {
                code: WarningCode::NoSections,
                message: "no numbered headings found: not a policy document, or one without structure; its text is the preamble".into(),
                line: None,
            });
        }
        self.units.finish()
    }
}

/// The key a document's warnings are sorted by, stably (the order they were made breaks
/// ties): their line, those without one first.
pub(crate) fn line_order(w: &Warning) -> u32 {
    w.line.unwrap_or(0)
}

/// The heading text: the heading line, or the first sentence of a run-in item (ending at
/// the item's first clause, `first_clause`, if that comes sooner).
fn title_of(n: &Node, text: &str, first_clause: Option<usize>) -> String {
    // (the first paragraph is the joined text's first line: a paragraph holds no line
    // break, and paragraphs are joined with one)
    let t = memchr::memchr(b'\n', text.as_bytes()).map_or(text, |k| text.get(..k).unwrap_or(text));
    let mut end = t.len();
    if !n.standalone {
        // (the title ends at the first clause in any case)
        if let Some(at) = run_in_title_end(t, first_clause.unwrap_or(t.len())) {
            end = at;
        }
        if let Some(c) = first_clause {
            end = end.min(c);
        }
    }
    t.get(..end)
        .unwrap_or("")
        .trim_end_matches(|c: char| {
            scan::is_space(c) || matches!(c, '。' | '；' | ';' | '：' | ':' | '，' | ',' | '、')
        })
        .to_string()
}

/// Where a run-in title ends in `t`: the first sentence end outside brackets and quotes
/// before byte `limit`.
fn run_in_title_end(t: &str, limit: usize) -> Option<usize> {
    // Every character that matters is ASCII or has the lead byte E2 (“”), E3 (《》。) or
    // EF (（）；！？): a Han character (lead byte E4–E9, three bytes) is stepped over
    // without decoding it.
    let bytes = t.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    while i < limit {
        let Some(&b) = bytes.get(i) else { break };
        if (0xE4..=0xE9).contains(&b) {
            i += 3;
            continue;
        }
        let Some(c) = t.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        match c {
            '（' | '(' | '“' | '《' => depth += 1,
            '）' | ')' | '”' | '》' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && scan::is_sentence_end(c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// The "who does what" index, built item by item: units in order of first mention in
/// the tasks (lead, then responsible, then support of each), with their counts, and the
/// distinct spellings of each in the order they were met.
#[derive(Default)]
struct UnitIndex {
    units: Vec<Unit>,
    at: FxHashMap<String, usize>,
    written: FxHashMap<String, Vec<String>>,
}

impl UnitIndex {
    fn count(&mut self, tasks: &[Task]) {
        for r in tasks.iter().filter_map(|t| t.responsibility.as_ref()) {
            for (list, role) in [(&r.lead, 0), (&r.responsible, 1), (&r.support, 2)] {
                for u in list {
                    let k = match self.at.get(u.as_str()) {
                        Some(&k) => k,
                        None => {
                            self.units.push(Unit {
                                name: u.clone(),
                                as_written: Vec::new(),
                                lead: 0,
                                responsible: 0,
                                support: 0,
                            });
                            self.at.insert(u.clone(), self.units.len() - 1);
                            self.units.len() - 1
                        }
                    };
                    let Some(e) = self.units.get_mut(k) else {
                        continue;
                    };
                    match role {
                        0 => e.lead += 1,
                        1 => e.responsible += 1,
                        _ => e.support += 1,
                    }
                }
            }
        }
    }

    fn spelled(&mut self, spellings: &mut tasks::Spellings) {
        for (name, written) in spellings.drain(..) {
            let seen = self.written.entry(name).or_default();
            if !seen.contains(&written) {
                seen.push(written);
            }
        }
    }

    /// The units (a spelling counts only for a unit some task names).
    fn finish(&mut self) -> Vec<Unit> {
        let mut units = std::mem::take(&mut self.units);
        for u in &mut units {
            if let Some(w) = self.written.remove(&u.name) {
                u.as_written = w;
            }
        }
        units
    }
}

/// A document read up to its outline: everything but its sections. The decoded text and
/// its lines are gone; the outline's items hold their own text.
pub(crate) struct Prepared<'o> {
    pub lex: &'o Lexicon,
    pub source: Source,
    pub meta: Meta,
    pub preamble: String,
    pub cover: Option<Cover>,
    pub body: Vec<Node>,
    pub back_matter: String,
    pub convention_line: Option<u32>,
    pub warnings: Vec<Warning>,
}

/// A parsed document whose sections are assembled as it is serialised (with `serde`,
/// field for field what [`crate::Document`] serialises to), so that writing a large
/// document never holds all its sections, or all its output, at once.
///
/// Each serialisation assembles the sections anew; [`Streamed::task_count`] and
/// [`Streamed::warning_count`] tell what the last one wrote.
pub struct Streamed<'o> {
    doc: Prepared<'o>,
    /// Warnings added after parsing, written after the document's own.
    extra: Vec<Warning>,
    tasks: Cell<usize>,
    warnings: Cell<usize>,
}

impl<'o> Streamed<'o> {
    pub(crate) fn new(mut doc: Prepared<'o>) -> Streamed<'o> {
        join_long_items(&mut doc.body);
        Streamed {
            doc,
            extra: Vec::new(),
            tasks: Cell::new(0),
            warnings: Cell::new(0),
        }
    }

    /// Add warnings after the document's own (as a batch adds one about a file name).
    pub fn push_warnings(&mut self, w: impl IntoIterator<Item = Warning>) {
        self.extra.extend(w);
    }

    /// Where the text came from and how it was decoded.
    #[must_use]
    pub fn source(&self) -> &Source {
        &self.doc.source
    }

    /// The title block.
    #[must_use]
    pub fn meta(&self) -> &Meta {
        &self.doc.meta
    }

    /// Visit every task in document order, each with its section (given without its
    /// text, tasks and children) and the titles of the section and its ancestors joined by
    /// ` > `. Sections are assembled when their turn comes; a long item's tasks are
    /// given as they are cut. Sets the counts as serialising does.
    ///
    /// ## Errors
    /// The first error `f` returns; the visit stops there.
    pub fn each_task<E>(
        &self,
        f: &mut dyn FnMut(&Section, &str, &Task) -> Result<(), E>,
    ) -> Result<(), E> {
        let d = &self.doc;
        let mut asm = self.assembler();
        visit(&mut asm, &d.body, "", &mut Vec::new(), f)?;
        asm.finish(d.body.is_empty());
        self.tasks.set(asm.tasks);
        self.warnings
            .set(d.warnings.len() + asm.warnings.len() + self.extra.len());
        Ok(())
    }

    /// An assembler for one pass over the items: it makes only the items' warnings (the
    /// document's are not copied for each pass).
    fn assembler(&self) -> Assembler<'o> {
        let d = &self.doc;
        Assembler::new(d.lex, d.convention_line, Vec::new(), Fates::default())
    }

    /// Tasks written by the last serialisation.
    #[must_use]
    pub fn task_count(&self) -> usize {
        self.tasks.get()
    }

    /// Warnings written by the last serialisation.
    #[must_use]
    pub fn warning_count(&self) -> usize {
        self.warnings.get()
    }
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = &self.doc;
        let asm = RefCell::new(self.assembler());
        let fields = if d.back_matter.is_empty() { 8 } else { 9 };
        let mut out = s.serialize_struct("Document", fields)?;
        out.serialize_field("schema_version", &SCHEMA_VERSION)?;
        out.serialize_field("source", &d.source)?;
        out.serialize_field("meta", &d.meta)?;
        out.serialize_field("preamble", &d.preamble)?;
        out.serialize_field("cover", &d.cover)?;
        out.serialize_field(
            "sections",
            &Items {
                nodes: &d.body,
                parent: "",
                asm: &asm,
            },
        )?;
        if d.back_matter.is_empty() {
            out.skip_field("back_matter")?;
        } else {
            out.serialize_field("back_matter", &d.back_matter)?;
        }
        let mut asm = asm.into_inner();
        let units = asm.finish(d.body.is_empty());
        out.serialize_field("units", &units)?;
        let mut warnings: Vec<&Warning> = d.warnings.iter().chain(&asm.warnings).collect();
        warnings.sort_by_key(|w| line_order(w));
        warnings.extend(&self.extra);
        out.serialize_field("warnings", &warnings)?;
        self.tasks.set(asm.tasks);
        self.warnings.set(warnings.len());
        out.end()
    }
}

fn visit<E>(
    asm: &mut Assembler<'_>,
    nodes: &[Node],
    parent: &str,
    titles: &mut Vec<String>,
    f: &mut dyn FnMut(&Section, &str, &Task) -> Result<(), E>,
) -> Result<(), E> {
    for n in nodes {
        let long = is_long(n);
        let mut item = if long {
            asm.item_head(n, parent)
        } else {
            asm.item(n, parent)
        };
        let tasks = std::mem::take(&mut item.tasks);
        let section = item.head();
        titles.push(section.title.clone());
        let path = titles.join(" > ");
        if long {
            let mut failed = None;
            asm.tasks_of(&item.id, &item.text, n.children.is_empty(), &mut |t| {
                if failed.is_none() {
                    failed = f(&section, &path, &t).err();
                }
            });
            if let Some(e) = failed {
                return Err(e);
            }
        } else {
            for t in &tasks {
                f(&section, &path, t)?;
            }
        }
        visit(asm, &n.children, &section.id, titles, f)?;
        titles.pop();
    }
    Ok(())
}

/// Is this item long enough to have its tasks written as they are cut?
fn is_long(n: &Node) -> bool {
    n.paras.iter().map(|p| p.text.len()).sum::<usize>() > STREAM_TASKS_OVER
}

/// Join each long item's paragraphs into one, once and giving them up, so that writing
/// the item holds its text once (`Assembler::begin` borrows a lone paragraph) rather
/// than as paragraphs and as their join. Its title is still read from its first
/// paragraph, the joined text's first line (`title_of`).
fn join_long_items(nodes: &mut [Node]) {
    for n in nodes {
        if n.paras.len() > 1 && is_long(n) {
            let paras = std::mem::take(&mut n.paras);
            n.paras = vec![text::join_owned(paras)];
        }
        join_long_items(&mut n.children);
    }
}

/// A list of items, each assembled when its turn to be written comes.
struct Items<'a, 'o> {
    nodes: &'a [Node],
    parent: &'a str,
    asm: &'a RefCell<Assembler<'o>>,
}

impl Serialize for Items<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.nodes.len()))?;
        for n in self.nodes {
            // (a long item's title is read before its tasks, which takes a second look
            // for its first clause; a short one is assembled whole)
            let long = is_long(n);
            let item = if long {
                self.asm.borrow_mut().item_head(n, self.parent)
            } else {
                self.asm.borrow_mut().item(n, self.parent)
            };
            seq.serialize_element(&ItemOut {
                item: &item,
                tasks: TaskStream {
                    item: &item,
                    leaf: n.children.is_empty(),
                    asm: long.then_some(self.asm),
                },
                children: Items {
                    nodes: &n.children,
                    parent: &item.id,
                    asm: self.asm,
                },
            })?;
        }
        seq.end()
    }
}

/// An item with its tasks and children to come: serialised as [`Section`] is.
struct ItemOut<'a, 'o> {
    item: &'a Item<'a>,
    tasks: TaskStream<'a, 'o>,
    children: Items<'a, 'o>,
}

impl Serialize for ItemOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let i = self.item;
        let mut out = s.serialize_struct("Section", 10)?;
        out.serialize_field("id", &i.id)?;
        out.serialize_field("level", &i.level)?;
        out.serialize_field("marker", &i.marker)?;
        out.serialize_field("style", i.style)?;
        out.serialize_field("ordinal", &i.ordinal)?;
        out.serialize_field("line", &i.line)?;
        out.serialize_field("title", &i.title)?;
        out.serialize_field("text", &i.text.text)?;
        out.serialize_field("tasks", &self.tasks)?;
        out.serialize_field("children", &self.children)?;
        out.end()
    }
}

/// Items longer than this (bytes) have their tasks written as they are cut, not held:
/// an item's tasks take several times its size.
const STREAM_TASKS_OVER: usize = 1 << 20;

/// An item's tasks: those it holds, or (given the assembler) each cut and written in
/// turn and gone after, so that an item of many clauses never holds its tasks.
struct TaskStream<'a, 'o> {
    item: &'a Item<'a>,
    leaf: bool,
    asm: Option<&'a RefCell<Assembler<'o>>>,
}

impl Serialize for TaskStream<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let item = self.item;
        let Some(asm) = self.asm else {
            return item.tasks.serialize(s);
        };
        let mut seq = s.serialize_seq(None)?;
        let mut failed = None;
        asm.borrow_mut()
            .tasks_of(&item.id, &item.text, self.leaf, &mut |t| {
                if failed.is_none() {
                    failed = seq.serialize_element(&t).err();
                }
            });
        match failed {
            Some(e) => Err(e),
            None => seq.end(),
        }
    }
}

/// The id of a child: the parent's id, `sep` and the child's number (`3.2`, `3.2/1`).
/// (Written directly: ids are made for every section and task, and `format!` costs
/// several times as much.)
pub(crate) fn child_id(parent: &str, sep: char, n: impl itoa::Integer) -> String {
    let mut digits = itoa::Buffer::new();
    let n = digits.format(n);
    let mut id = String::with_capacity(parent.len() + sep.len_utf8() + n.len());
    id.push_str(parent);
    id.push(sep);
    id.push_str(n);
    id
}

#[cfg(test)]
mod tests {
    use super::{child_id, run_in_title_end, Assembler};
    use crate::outline::Node;
    use crate::text::Para;

    fn node(marker: &str, ordinal: u32, paras: &[&str], children: Vec<Node>) -> Node {
        Node {
            marker: marker.to_string(),
            style: crate::scan::Style::ChineseComma,
            ordinal,
            line: ordinal,
            paras: paras
                .iter()
                .map(|t| Para {
                    text: t.to_string(),
                    origins: vec![(0, ordinal)],
                })
                .collect(),
            standalone: false,
            children,
        }
    }

    #[test]
    fn a_section_taken_from_its_node_reads_as_one_borrowed_from_it() {
        let mut tree = node(
            "一、",
            1,
            &["加强监管。开展检查（市市场监管局牵头，市公安局配合）。"],
            vec![
                node(
                    "（一）",
                    1,
                    &["完善制度", "建立台账（市商务局负责）。"],
                    vec![],
                ),
                node("（二）", 2, &[], vec![]),
            ],
        );
        let kept = tree.clone();
        let lex = crate::duty::Lexicon::builtin();
        let mut borrowing = Assembler::new(lex, None, Vec::new(), Default::default());
        let mut taking = Assembler::new(lex, None, Vec::new(), Default::default());
        let section = taking.section(&mut tree, "");
        let mut check = |n: &Node, s: &crate::model::Section, parent: &str| {
            let item = borrowing.item(n, parent);
            let want = item.with_children(Vec::new());
            assert_eq!(
                (&s.id, &s.title, &s.marker, &s.text, &s.tasks),
                (&want.id, &want.title, &want.marker, &want.text, &want.tasks)
            );
        };
        check(&kept, &section, "");
        for (n, s) in kept.children.iter().zip(&section.children) {
            check(n, s, "1");
        }
        assert_eq!(
            section.children.first().map(|s| s.title.as_str()),
            Some("完善制度")
        );
        // the text and marker were moved out of the outline, not copied
        assert!(tree.paras.is_empty() && tree.marker.is_empty());
        assert!(tree.children.iter().all(|c| c.paras.is_empty()));
    }

    /// The old definition: every character decoded and looked at.
    fn title_end_char_by_char(t: &str, limit: usize) -> Option<usize> {
        let mut depth = 0i32;
        for (i, c) in t.char_indices() {
            if i >= limit {
                break;
            }
            match c {
                '（' | '(' | '“' | '《' => depth += 1,
                '）' | ')' | '”' | '》' => depth -= 1,
                _ => {}
            }
            if depth <= 0 && crate::scan::is_sentence_end(c) {
                return Some(i);
            }
        }
        None
    }

    #[test]
    fn a_run_in_title_ends_where_reading_every_character_ends_it() {
        let pieces = [
            "加强", "（", "）", "(", ")", "“", "”", "《", "》", "。", "；", ";", "！", "!", "？",
            "?", "，", "、", "a", "—", "…", "\u{3000}", "é", "𠀀", "龥", "一",
        ];
        let mut texts = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}甲{c}{a}"));
                }
            }
        }
        texts.push(pieces.concat());
        for t in &texts {
            for limit in [0, 3, 7, t.len(), usize::MAX] {
                assert_eq!(
                    run_in_title_end(t, limit),
                    title_end_char_by_char(t, limit),
                    "{t:?} up to {limit}"
                );
            }
        }
    }

    #[test]
    fn a_child_id_is_the_formatted_id() {
        for (parent, sep, n) in [
            ("3", '.', 2u32),
            ("3.2", '/', 1),
            ("", '.', 0),
            ("1.10", '/', 123_456),
        ] {
            assert_eq!(child_id(parent, sep, n), format!("{parent}{sep}{n}"));
        }
        assert_eq!(child_id("7", '/', usize::MAX), format!("7/{}", usize::MAX));
    }
}
