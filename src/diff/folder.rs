//! Two folders of plans compared at once: each year's document paired with its
//! successor, then each pair diffed.
//!
//! Pairing, in order, each step among the documents still unpaired:
//! 1. the same issuer and the same title once years are taken out
//!    (`2023年信阳市…工作要点` and `2024年信阳市…工作要点`);
//! 2. the same 文号 series (`信打假办〔2023〕3号` and `信打假办〔2024〕5号`: 机关代字 alike),
//!    when the series holds one document on each side;
//! 3. titles alike (bigram Dice ≥ 0.8 once years are out), best first;
//! 4. the same file name, held by one document on each side (a document without a title
//!    has nothing else to go by).
//!
//! Documents left over are listed as only in OLD or only in NEW.

use super::align::{candidates, Bag};
use super::{diff, normalize_text, DiffOptions, Report};
use crate::duty::Lexicon;
use crate::model::Document;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// How a pair was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PairedBy {
    /// Issuer and title, years taken out.
    Title,
    /// The 文号 series.
    DocNumber,
    /// Similar titles.
    SimilarTitle,
    /// The same file name, for documents the steps above left (a document without a title).
    FileName,
}

/// One document of a folder, as the report names it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Entry {
    /// Its path.
    pub path: String,
    /// Its title.
    pub title: Option<String>,
}

/// One pair and its diff.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Pair {
    /// How the pair was found.
    pub paired_by: PairedBy,
    /// The diff of the two documents.
    pub report: Report,
}

/// The whole folder report (`diff OLD_DIR NEW_DIR --format json`).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FolderReport {
    /// Always 1.
    pub schema_version: u32,
    /// Pairs, in OLD's order.
    pub pairs: Vec<Pair>,
    /// Documents of OLD without a successor.
    pub only_old: Vec<Entry>,
    /// Documents of NEW without a predecessor.
    pub only_new: Vec<Entry>,
}

impl FolderReport {
    /// Whether anything differs: a pair that differs, or a document on one side only.
    #[must_use]
    pub fn differs(&self) -> bool {
        !self.only_old.is_empty()
            || !self.only_new.is_empty()
            || self.pairs.iter().any(|p| p.report.differs())
    }
}

/// Years written in a title: `2023年`, `2023—2025年`, `二〇二三年`, `（2021-2025年）`.
static YEARS: LazyLock<regex::Regex> = LazyLock::new(|| {
    crate::scan::static_regex(
        r"[（(]?(?:19|20)\d{2}\s*(?:年?\s*[—–\-~～至到]\s*(?:19|20)?\d{2,4})?\s*年?(?:度)?[）)]?|[〇零一二三四五六七八九]{4}年(?:度)?",
    )
});

/// A 文号's series: the 机关代字 without year and number.
static SERIES: LazyLock<regex::Regex> =
    LazyLock::new(|| crate::scan::static_regex(r"^\s*([\p{Han}A-Za-z]{1,16})\s*[〔\[［【（(]"));

/// A title with its years taken out, normalised for comparing.
#[must_use]
pub fn title_key(title: &str) -> String {
    normalize_text(&YEARS.replace_all(title, ""))
}

fn series(doc: &Document) -> Option<String> {
    let n = doc.meta.doc_number.as_deref()?;
    SERIES
        .captures(n)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

fn entry(doc: &Document) -> Entry {
    Entry {
        path: doc.source.path.clone().unwrap_or_else(|| "-".into()),
        title: doc.meta.title.clone(),
    }
}

/// Which documents of each side are paired so far.
struct Taken {
    a: Vec<bool>,
    b: Vec<bool>,
}

impl Taken {
    fn free_a(&self, i: usize) -> bool {
        self.a.get(i) == Some(&false)
    }

    fn free_b(&self, j: usize) -> bool {
        self.b.get(j) == Some(&false)
    }

    /// Pair the free documents whose `key` is held by exactly one free document on each
    /// side; the pairs made, in OLD's order.
    fn unique_by(
        &mut self,
        old: &[Document],
        new: &[Document],
        key: impl Fn(&Document) -> Option<String>,
    ) -> Vec<(usize, usize)> {
        let index = |docs: &[Document], free: &dyn Fn(usize) -> bool| {
            let mut m: HashMap<String, Vec<usize>> = HashMap::new();
            for (k, d) in docs.iter().enumerate().filter(|(k, _)| free(*k)) {
                if let Some(v) = key(d) {
                    m.entry(v).or_default().push(k);
                }
            }
            m
        };
        let a = index(old, &|i| self.free_a(i));
        let b = index(new, &|j| self.free_b(j));
        let mut found: Vec<(usize, usize)> = a
            .iter()
            .filter_map(
                |(v, is)| match (is.as_slice(), b.get(v).map(Vec::as_slice)) {
                    ([i], Some([j])) => Some((*i, *j)),
                    _ => None,
                },
            )
            .collect();
        found.sort_unstable();
        found.retain(|&(i, j)| self.take(i, j));
        found
    }

    /// Pair `i` with `j` when both are free.
    fn take(&mut self, i: usize, j: usize) -> bool {
        if !(self.free_a(i) && self.free_b(j)) {
            return false;
        }
        if let (Some(x), Some(y)) = (self.a.get_mut(i), self.b.get_mut(j)) {
            (*x, *y) = (true, true);
        }
        true
    }
}

/// Pair the documents of two folders: `(old index, new index, how)`, in OLD's order.
#[must_use]
pub fn pair_documents(old: &[Document], new: &[Document]) -> Vec<(usize, usize, PairedBy)> {
    let mut taken = Taken {
        a: vec![false; old.len()],
        b: vec![false; new.len()],
    };
    let mut pairs = Vec::new();
    let title_of = |d: &Document| d.meta.title.as_deref().map(title_key).unwrap_or_default();
    // 1. issuer + title without years
    let key = |d: &Document| (d.meta.issuer.clone().unwrap_or_default(), title_of(d));
    let mut by_key: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (j, d) in new.iter().enumerate() {
        if !title_of(d).is_empty() {
            by_key.entry(key(d)).or_default().push(j);
        }
    }
    for (i, d) in old.iter().enumerate() {
        let hit = by_key
            .get(&key(d))
            .and_then(|js| js.iter().copied().find(|&j| taken.free_b(j)));
        if let Some(j) = hit {
            if taken.take(i, j) {
                pairs.push((i, j, PairedBy::Title));
            }
        }
    }
    // 2. a 文号 series with one document left on each side
    for (i, j) in taken.unique_by(old, new, series) {
        pairs.push((i, j, PairedBy::DocNumber));
    }
    // 3. similar titles, best first
    let bags_a: Vec<Bag> = old.iter().map(|d| Bag::of(&title_of(d))).collect();
    let bags_b: Vec<Bag> = new.iter().map(|d| Bag::of(&title_of(d))).collect();
    let skip = |bags: &[Bag], free: &dyn Fn(usize) -> bool| -> Vec<bool> {
        bags.iter()
            .enumerate()
            .map(|(k, b)| !free(k) || b.distinct() == 0)
            .collect()
    };
    let skip_a = skip(&bags_a, &|i| taken.free_a(i));
    let skip_b = skip(&bags_b, &|j| taken.free_b(j));
    let (mut cands, _) = candidates(&bags_a, &bags_b, &skip_a, &skip_b, 0.8);
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in cands {
        if taken.take(i, j) {
            pairs.push((i, j, PairedBy::SimilarTitle));
        }
    }
    // 4. the same file name, one document on each side
    let file_name = |d: &Document| {
        let p = std::path::Path::new(d.source.path.as_deref()?);
        Some(p.file_name()?.to_string_lossy().into_owned())
    };
    for (i, j) in taken.unique_by(old, new, file_name) {
        pairs.push((i, j, PairedBy::FileName));
    }
    pairs.sort_by_key(|p| p.0);
    pairs
}

/// A folder's documents: every text-like file (the walk's defaults) parsed in parallel,
/// in path order, and a message for each file or directory that could not be read.
#[must_use]
pub fn load(dir: &std::path::Path, opts: &crate::Options) -> (Vec<Document>, Vec<String>) {
    use crate::batch::{self, walk};
    use rayon::prelude::*;
    let walked = match walk::walk(&[dir.to_path_buf()], &walk::WalkConfig::default()) {
        Ok(w) => w,
        Err(e) => return (Vec::new(), vec![e.to_string()]),
    };
    let mut problems: Vec<String> = walked.problems.iter().map(ToString::to_string).collect();
    let parsed: Vec<Result<Document, String>> = walked
        .files
        .par_iter()
        .map(|p| {
            batch::read_input(p)
                .and_then(|b| crate::parse_bytes(&b, Some(&batch::path_name(p).0), opts))
                .map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    let mut docs = Vec::with_capacity(parsed.len());
    for r in parsed {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => problems.push(e),
        }
    }
    (docs, problems)
}

/// Pair two folders' documents and diff every pair.
#[must_use]
pub fn diff_folders(
    old: &[Document],
    new: &[Document],
    opts: &DiffOptions,
    lex: &Lexicon,
) -> FolderReport {
    use rayon::prelude::*;
    let pairs = pair_documents(old, new);
    let reports: Vec<Pair> = pairs
        .par_iter()
        .filter_map(|&(i, j, by)| {
            Some(Pair {
                paired_by: by,
                report: diff(old.get(i)?, new.get(j)?, opts, lex),
            })
        })
        .collect();
    let (mut paired_a, mut paired_b) = (vec![false; old.len()], vec![false; new.len()]);
    for &(i, j, _) in &pairs {
        if let (Some(x), Some(y)) = (paired_a.get_mut(i), paired_b.get_mut(j)) {
            (*x, *y) = (true, true);
        }
    }
    let only = |docs: &[Document], paired: &[bool]| {
        docs.iter()
            .zip(paired)
            .filter(|(_, p)| !**p)
            .map(|(d, _)| entry(d))
            .collect()
    };
    FolderReport {
        schema_version: crate::model::SCHEMA_VERSION,
        pairs: reports,
        only_old: only(old, &paired_a),
        only_new: only(new, &paired_b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, text: &str) -> Document {
        let mut d = crate::parse_text(text, &crate::Options::default());
        d.source.path = Some(path.into());
        d
    }

    #[test]
    fn years_come_out_of_titles() {
        assert_eq!(
            title_key("2023年信阳市知识产权保护工作要点"),
            title_key("2024年信阳市知识产权保护工作要点")
        );
        assert_eq!(
            title_key("某省行动计划（2021—2025年）"),
            title_key("某省行动计划")
        );
        assert_eq!(title_key("二〇二三年工作要点"), title_key("工作要点"));
    }

    #[test]
    fn documents_pair_by_title_then_series_then_likeness() {
        let old = [
            doc(
                "a/plan.txt",
                "2023年某市知识产权保护工作要点\n一、加强保护\n（一）开展行动。（市公安局负责）\n",
            ),
            doc(
                "a/other.txt",
                "某市2023年农资打假工作方案\n一、重点\n（一）抽检。（市农业农村局负责）\n",
            ),
            doc(
                "a/gone.txt",
                "关于做好防汛工作的通知\n一、要求\n（一）值守。（市水利局负责）\n",
            ),
        ];
        let new = [
            doc(
                "b/plan.txt",
                "2024年某市知识产权保护工作要点\n一、加强保护\n（一）开展行动。（市公安局负责）\n",
            ),
            doc(
                "b/other.txt",
                "某市2024年农资打假专项工作方案\n一、重点\n（一）抽检。（市农业农村局负责）\n",
            ),
            doc(
                "b/new.txt",
                "某市数据资源管理办法\n一、总则\n（一）统筹。（市数据局负责）\n",
            ),
        ];
        let pairs = pair_documents(&old, &new);
        assert_eq!(
            pairs,
            [(0, 0, PairedBy::Title), (1, 1, PairedBy::SimilarTitle)]
        );
        let r = diff_folders(&old, &new, &DiffOptions::default(), Lexicon::builtin());
        assert_eq!(r.only_old.len(), 1);
        assert_eq!(r.only_new[0].path, "b/new.txt");
        assert!(r.differs());
    }

    #[test]
    fn documents_without_titles_pair_by_file_name() {
        let text = "一、加强保护\n（一）开展行动。（市公安局负责）\n";
        let old = [doc("a/x.txt", text), doc("a/y.txt", text)];
        let new = [doc("b/y.txt", text), doc("b/x.txt", text)];
        assert!(old.iter().all(|d| d.meta.title.is_none()));
        let pairs = pair_documents(&old, &new);
        assert_eq!(
            pairs,
            [(0, 1, PairedBy::FileName), (1, 0, PairedBy::FileName)]
        );
    }
}
