//! The analyst's ledger (台账): the flat rows that the CSV formats and the Excel workbook
//! share — one row per task, one row per unit × role × task (who does what), one row per
//! input file. A document without tasks and an input that failed still leave a row, so
//! that a ledger accounts for every input.

use crate::model::{Document, Responsibility, Section, Task};
use crate::scan::{pattern, Pattern};
use serde::{Deserialize, Serialize};

/// The task table's columns: the contract's CSV columns first, in their order, then the
/// ledger's.
pub const TASK_COLUMNS: [&str; 15] = [
    "file",
    "task_id",
    "section_path",
    "section_titles",
    "text",
    "lead",
    "responsible",
    "support",
    "line",
    "title",
    "doc_number",
    "open_ended",
    "deadline",
    "raw_clause",
    "status",
];

/// Chinese headers of the same columns, for the workbook.
pub const TASK_HEADERS_ZH: [&str; 15] = [
    "文件",
    "任务编号",
    "章节编号",
    "所属章节",
    "任务内容",
    "牵头单位",
    "责任单位",
    "配合单位",
    "行号",
    "文件标题",
    "文号",
    "单位列表未尽（等）",
    "完成时限",
    "责任分工原文",
    "状态",
];

/// One task (or, with an empty `task_id`, a document that has none or an input that
/// failed: `status` says which).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct TaskRow {
    /// The input.
    pub file: String,
    /// Task id (`1.2/3`); empty on a status row.
    pub task_id: String,
    /// Id of the section holding the task.
    pub section_path: String,
    /// Ancestor section titles joined with ` > `.
    pub section_titles: String,
    /// Task text.
    pub text: String,
    /// Lead units joined with `、`.
    pub lead: String,
    /// Responsible units joined with `、`.
    pub responsible: String,
    /// Supporting units joined with `、`.
    pub support: String,
    /// Line of the task (0 on a status row).
    pub line: u32,
    /// The document's title.
    pub title: String,
    /// The document's 文号.
    pub doc_number: String,
    /// The unit list ended in 等.
    pub open_ended: bool,
    /// A deadline written with the task (完成时限：2024年底, 2023年6月底前).
    pub deadline: String,
    /// The clause as written.
    pub raw_clause: String,
    /// `ok`; `no_tasks` for a document without tasks; `error: …` for an input that failed.
    pub status: String,
}

/// The who-does-what table's columns.
pub const UNIT_COLUMNS: [&str; 8] = [
    "file",
    "title",
    "unit",
    "role",
    "as_written",
    "task_id",
    "section_titles",
    "text",
];

/// Chinese headers of the same columns.
pub const UNIT_HEADERS_ZH: [&str; 8] = [
    "文件",
    "文件标题",
    "单位",
    "角色",
    "原文写法",
    "任务编号",
    "所属章节",
    "任务内容",
];

/// One unit in one role on one task.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct UnitRow {
    /// The input.
    pub file: String,
    /// The document's title.
    pub title: String,
    /// The unit, as the clause names it.
    pub unit: String,
    /// `lead`, `responsible` or `support`.
    pub role: String,
    /// The unit's spellings across the document (from the units index), joined with `、`.
    pub as_written: String,
    /// The task.
    pub task_id: String,
    /// Ancestor section titles joined with ` > `.
    pub section_titles: String,
    /// Task text.
    pub text: String,
}

/// The file table's columns.
pub const FILE_COLUMNS: [&str; 11] = [
    "file",
    "title",
    "doc_number",
    "issuer",
    "date",
    "sections",
    "tasks",
    "tasks_with_clause",
    "units",
    "warnings",
    "error",
];

/// Chinese headers of the same columns.
pub const FILE_HEADERS_ZH: [&str; 11] = [
    "文件",
    "标题",
    "文号",
    "发文机关",
    "日期",
    "章节数",
    "任务数",
    "有分工的任务数",
    "单位数",
    "提示数",
    "错误",
];

/// One input.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct FileRow {
    /// The input.
    pub file: String,
    /// Title.
    pub title: String,
    /// 文号.
    pub doc_number: String,
    /// Issuer.
    pub issuer: String,
    /// Date (ISO).
    pub date: String,
    /// Sections in the tree.
    pub sections: usize,
    /// Tasks.
    pub tasks: usize,
    /// Tasks with a responsibility clause.
    pub tasks_with_clause: usize,
    /// Units in the units index.
    pub units: usize,
    /// Warnings.
    pub warnings: usize,
    /// Why the input failed (empty when it parsed).
    pub error: String,
}

/// A deadline at the end of a task's text, when its clause gives none: `2023年底前完成`,
/// `6月底前`, `长期坚持`, `持续推进`.
static DEADLINE_IN_TEXT: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"(?:(?:\d{4}年)?(?:\d{1,2}月)?(?:底|末|上旬|中旬|下旬|上半年|下半年|年底|年内)?前(?:完成|全面完成|基本完成)?|长期坚持|持续推进|长期推进)[。；;]?$",
    )
});

/// A task's deadline: the one its clause gives, or one at the end of its text.
#[must_use]
pub fn deadline(task: &Task) -> String {
    if let Some(d) = task
        .responsibility
        .as_ref()
        .and_then(|r| r.deadline.clone())
    {
        return d;
    }
    DEADLINE_IN_TEXT
        .find(&task.text)
        .map(|m| m.as_str().trim_end_matches(['。', '；', ';']).to_string())
        .filter(|d| d.chars().count() > 1)
        .unwrap_or_default()
}

fn file_of(doc: &Document) -> String {
    file_name(doc.source.path.as_deref())
}

/// A row's file: the document's path, `-` for standard input.
fn file_name(path: Option<&str>) -> String {
    path.unwrap_or("-").to_string()
}

fn walk<'a>(
    secs: &'a [Section],
    titles: &mut Vec<&'a str>,
    f: &mut dyn FnMut(&Section, &str, &Task),
) {
    for s in secs {
        titles.push(&s.title);
        let joined = titles.join(" > ");
        for t in &s.tasks {
            f(s, &joined, t);
        }
        walk(&s.children, titles, f);
        titles.pop();
    }
}

/// What every task row of a document repeats: its file, title and 文号.
#[derive(Clone, Debug, Default)]
pub struct RowKey {
    file: String,
    title: String,
    doc_number: String,
}

impl RowKey {
    /// The key of a document with this source path and title block.
    #[must_use]
    pub fn new(path: Option<&str>, meta: &crate::model::Meta) -> RowKey {
        RowKey {
            file: file_name(path),
            title: meta.title.clone().unwrap_or_default(),
            doc_number: meta.doc_number.clone().unwrap_or_default(),
        }
    }

    /// The row of task `t` of section `s`, under the section titles `titles`.
    #[must_use]
    pub fn task_row(&self, s: &Section, titles: &str, t: &Task) -> TaskRow {
        let r = t.responsibility.as_ref();
        let join =
            |f: fn(&Responsibility) -> &Vec<String>| r.map(|r| f(r).join("、")).unwrap_or_default();
        TaskRow {
            file: self.file.clone(),
            task_id: t.id.clone(),
            section_path: s.id.clone(),
            section_titles: titles.to_string(),
            text: t.text.clone(),
            lead: join(|r| &r.lead),
            responsible: join(|r| &r.responsible),
            support: join(|r| &r.support),
            line: t.line,
            title: self.title.clone(),
            doc_number: self.doc_number.clone(),
            open_ended: r.is_some_and(|r| r.open_ended),
            deadline: deadline(t),
            raw_clause: r.map(|r| r.raw.clone()).unwrap_or_default(),
            status: "ok".into(),
        }
    }

    /// The status row of a document without tasks.
    #[must_use]
    pub fn no_tasks_row(&self) -> TaskRow {
        TaskRow {
            file: self.file.clone(),
            title: self.title.clone(),
            doc_number: self.doc_number.clone(),
            status: "no_tasks".into(),
            ..TaskRow::default()
        }
    }
}

/// One row per task; a `no_tasks` row for a document without any.
#[must_use]
pub fn task_rows(doc: &Document) -> Vec<TaskRow> {
    let key = RowKey::new(doc.source.path.as_deref(), &doc.meta);
    let mut rows = Vec::new();
    walk(&doc.sections, &mut Vec::new(), &mut |s, titles, t| {
        rows.push(key.task_row(s, titles, t));
    });
    if rows.is_empty() {
        rows.push(key.no_tasks_row());
    }
    rows
}

/// The status row of an input that failed.
#[must_use]
pub fn failed_task_row(file: &str, error: &str) -> TaskRow {
    TaskRow {
        file: file.to_string(),
        status: format!("error: {error}"),
        ..TaskRow::default()
    }
}

/// One row per unit per role per task.
#[must_use]
pub fn unit_rows(doc: &Document) -> Vec<UnitRow> {
    let (file, title) = (file_of(doc), doc.meta.title.clone().unwrap_or_default());
    let spellings = |name: &str| {
        doc.units
            .iter()
            .find(|u| u.name == name)
            .map(|u| u.as_written.join("、"))
            .unwrap_or_else(|| name.to_string())
    };
    let mut rows = Vec::new();
    walk(&doc.sections, &mut Vec::new(), &mut |_, titles, t| {
        let Some(r) = &t.responsibility else { return };
        for (role, names) in [
            ("lead", &r.lead),
            ("responsible", &r.responsible),
            ("support", &r.support),
        ] {
            for n in names {
                rows.push(UnitRow {
                    file: file.clone(),
                    title: title.clone(),
                    unit: n.clone(),
                    role: role.into(),
                    as_written: spellings(n),
                    task_id: t.id.clone(),
                    section_titles: titles.to_string(),
                    text: t.text.clone(),
                });
            }
        }
    });
    rows
}

/// The file row of a parsed document.
#[must_use]
pub fn file_row(doc: &Document) -> FileRow {
    fn count(secs: &[Section]) -> (usize, usize) {
        secs.iter().fold((0, 0), |(n, c), s| {
            let (a, b) = count(&s.children);
            let with = s
                .tasks
                .iter()
                .filter(|t| t.responsibility.is_some())
                .count();
            (n + 1 + a, c + with + b)
        })
    }
    let (sections, with_clause) = count(&doc.sections);
    FileRow {
        file: file_of(doc),
        title: doc.meta.title.clone().unwrap_or_default(),
        doc_number: doc.meta.doc_number.clone().unwrap_or_default(),
        issuer: doc.meta.issuer.clone().unwrap_or_default(),
        date: doc.meta.date.clone().unwrap_or_default(),
        sections,
        tasks: doc.task_count(),
        tasks_with_clause: with_clause,
        units: doc.units.len(),
        warnings: doc.warnings.len(),
        error: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        crate::parse_text(text, &crate::Options::default())
    }

    #[test]
    fn every_task_a_row_and_a_document_without_tasks_one_status_row() {
        let d = doc("某市工作要点\n一、加强保护\n（一）开展专项行动，2023年底前完成。（市公安局牵头，市商务局等按职责分工负责）\n（二）完善机制。（市司法局负责）\n");
        let rows = task_rows(&d);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].lead, "市公安局");
        assert!(rows[0].open_ended);
        assert_eq!(rows[0].deadline, "2023年底前完成");
        assert_eq!(rows[1].responsible, "市司法局");
        let units = unit_rows(&d);
        assert_eq!(units.len(), 3, "{units:?}");
        let empty = task_rows(&doc("今天天气很好。"));
        assert_eq!(empty.len(), 1);
        assert_eq!(empty[0].status, "no_tasks");
    }
}
