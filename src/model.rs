//! The owned output tree. Its serde shape *is* the JSON/YAML contract
//! (`../shared/spec/contract.md`); field names are fixed by `SCHEMA_VERSION`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the output schema; bumped when a contract field is renamed or dropped.
pub const SCHEMA_VERSION: u32 = 1;

/// One parsed document.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Document {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Where the text came from and how it was decoded.
    pub source: Source,
    /// The title block.
    pub meta: Meta,
    /// Text after the title block and before the first heading.
    pub preamble: String,
    /// The 印发 notice, when the plan was published inside one.
    pub cover: Option<Cover>,
    /// The plan's section tree.
    pub sections: Vec<Section>,
    /// Signature and date cut from the end of the last item's text, where a flattened
    /// document ran them on (`…落地见效。国务院办公厅2020年7月15日（此件公开发布）`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub back_matter: String,
    /// Every unit named in a responsibility clause, once.
    pub units: Vec<Unit>,
    /// What was dropped, repaired or guessed.
    pub warnings: Vec<Warning>,
}

impl Document {
    /// Tasks in the whole section tree.
    #[must_use]
    pub fn task_count(&self) -> usize {
        fn count(secs: &[Section]) -> usize {
            secs.iter()
                .map(|s| s.tasks.len() + count(&s.children))
                .sum()
        }
        count(&self.sections)
    }
}

/// Provenance of the decoded text.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Source {
    /// The input path as given, or `-` for standard input.
    pub path: Option<String>,
    /// Encoding name (`UTF-8`, `GB18030`, `Big5`, `UTF-16LE`, `UTF-16BE`).
    pub encoding: String,
    /// Size of the input in bytes.
    pub bytes: usize,
    /// Whether a byte-order mark was present.
    pub bom: bool,
    /// Why that encoding was chosen (`bom`, `utf8`, `gb18030`, `big5`, `utf16_no_bom`, `lossy`, `forced`).
    pub via: String,
    /// Number of U+FFFD replacement characters the decoder had to insert.
    pub replacements: usize,
}

/// The document's identity, read from its title block.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Meta {
    /// Title of the plan, layout spaces removed.
    pub title: Option<String>,
    /// Title of the 印发 notice carrying the plan.
    pub cover_title: Option<String>,
    /// 发文字号, e.g. `信打假办〔2023〕3号`.
    pub doc_number: Option<String>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// 成文日期, ISO 8601 when fully written.
    pub date: Option<String>,
    /// 主送机关.
    pub recipients: Vec<String>,
    /// Documents cited with 《》 in the preamble or cover.
    pub references: Vec<Reference>,
    /// 抄送 (copied-to) bodies.
    pub cc: Vec<String>,
    /// 附件说明: titles of the attachments listed.
    pub attachments: Vec<String>,
}

/// A cited document.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Reference {
    /// The title inside 《》.
    pub title: String,
    /// Its 发文字号 when written right after it.
    pub doc_number: Option<String>,
}

/// The 印发 notice around a plan.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Cover {
    /// 关于印发《X》的通知.
    pub title: String,
    /// The notice's text.
    pub text: String,
    /// Numbered items of the notice itself.
    pub sections: Vec<Section>,
}

/// A numbered item and its subtree.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Section {
    /// Dotted path of ordinals from the top (`2.3.4`).
    pub id: String,
    /// Depth in this document's tree, 1 = top.
    pub level: u32,
    /// The marker as written (`（三）`).
    pub marker: String,
    /// Numbering style (`chinese_comma`, `paren_chinese`, …).
    pub style: String,
    /// The number as written.
    pub ordinal: u32,
    /// 1-based line of the marker in the decoded input.
    pub line: u32,
    /// Heading text: the heading line or the item's first sentence.
    pub title: String,
    /// The item's full text after the marker, children excluded, wraps joined.
    pub text: String,
    /// Tasks of this item.
    pub tasks: Vec<Task>,
    /// Sub-items.
    pub children: Vec<Section>,
}

/// A unit of work and who carries it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Task {
    /// Section id, `/`, 1-based index.
    pub id: String,
    /// 1-based line where the task text starts.
    pub line: u32,
    /// The task text, clause excluded; never empty.
    pub text: String,
    /// The responsibility clause, or null.
    pub responsibility: Option<Responsibility>,
}

/// A parsed responsibility clause.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Responsibility {
    /// The clause as written, brackets included.
    pub raw: String,
    /// Units marked 牵头.
    pub lead: Vec<String>,
    /// Units responsible where no unit leads.
    pub responsible: Vec<String>,
    /// Units named after a lead, or marked 配合 / 参与 / 协助.
    pub support: Vec<String>,
    /// The list ends in 等.
    pub open_ended: bool,
    /// A deadline written in the clause (完成时限：2024年底), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

/// One entry of the "who does what" index.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Unit {
    /// Normalised name.
    pub name: String,
    /// Spellings as written in clauses.
    pub as_written: Vec<String>,
    /// Tasks this unit leads.
    pub lead: u32,
    /// Tasks this unit is responsible for.
    pub responsible: u32,
    /// Tasks this unit supports.
    pub support: u32,
}

/// Something the tool dropped, repaired or was unsure of.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Warning {
    /// Stable machine-readable code.
    pub code: WarningCode,
    /// Human-readable explanation.
    pub message: String,
    /// 1-based line, when the warning is about one place.
    pub line: Option<u32>,
}

/// `message` in a string of its own length: `format!` grows its string by doubling and
/// can leave a third of it unused, and a document may hold a warning for most of its
/// lines (a long plan whose numbering breaks), which it keeps until it is written.
pub(crate) fn fitted(message: String) -> String {
    if message.capacity() > message.len() {
        message.as_str().to_owned()
    } else {
        message
    }
}

/// Stable warning codes.
#[derive(
    Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// The decoder replaced undecodable bytes.
    LossyDecode,
    /// Site navigation, share buttons, copyright or ICP lines dropped.
    BoilerplateDropped,
    /// Page numbers or running headers of a PDF extraction dropped.
    PageFurnitureDropped,
    /// A second copy of the document on the same page dropped.
    DuplicateBodyDropped,
    /// Everything after the end of the article (site footer) dropped.
    TailDropped,
    /// A marker was accepted although its ordinal skips a number.
    MarkerGap,
    /// A marker-like line start was not taken as a heading.
    MarkerRejected,
    /// A bracket that mentions 负责/牵头 could not be read as a clause.
    DutyUnparsed,
    /// A clause was repaired (missing bracket, missing 、).
    DutyRepaired,
    /// A name the unit lexicon does not know was read as a unit (its clause's role word
    /// or label marks the list).
    UnitUnknown,
    /// A convention declared by the document was applied (e.g. 列第一位者为牵头单位).
    DutyConvention,
    /// Title or other metadata guessed without a strong cue.
    MetaGuessed,
    /// The text has no numbered headings at all.
    NoSections,
    /// The file's name is not UTF-8 (a GBK name from a Windows archive): `source.path`
    /// shows it decoded, the warning gives the bytes on disk.
    PathNotUtf8,
}

#[cfg(test)]
mod tests {
    use super::fitted;

    #[test]
    fn a_fitted_message_is_the_same_text_in_its_own_room() {
        let opening = "九百九十九、第1000项重点工作";
        let grown =
            format!("{opening:?}: does not continue the numbering of its level; read as text");
        assert!(grown.capacity() > grown.len(), "format! leaves room here");
        let fitted = fitted(grown.clone());
        assert_eq!(fitted, grown);
        assert_eq!(fitted.capacity(), fitted.len());
        let exact = String::from("已是其长度");
        assert_eq!(fitted_len(&exact), exact.len());
    }

    fn fitted_len(s: &str) -> usize {
        fitted(s.to_owned()).capacity()
    }
}
