//! fengong turns Chinese policy documents — work plans (工作要点), implementation opinions
//! (实施意见), task-division plans (任务分工方案) — into a task tree: sections, tasks, and
//! who leads, who is responsible, who supports.
//!
//! # Brief overview
//!
//! The pipeline reads in order:
//!
//! 1. [`decode`] — bytes to UTF-8 by a documented cascade (BOM, UTF-8, GB18030/Big5 by
//!    plausibility, lossy with a count);
//! 2. [`normalize`] — line breaks and control characters, never adding or removing a line;
//!    [`table`] — task tables flattened to text re-laid as numbered items, line for line;
//! 3. [`lines`] — lines with positions; [`clean`] drops site text, footers, second
//!    copies and PDF page furniture (each counted in `warnings`);
//! 4. [`meta`] — the title block and the cover notice; [`outline`] — the section tree;
//! 5. [`tasks`] and [`duty`] — tasks and responsibility clauses;
//! 6. [`emit`] — JSON, YAML, JSON Lines, CSV, and the human tree dump.
//!
//! ```
//! let doc = fengong::parse_text(
//!     "2024年某市工作要点\n一、加强保护\n（一）开展专项行动。（市公安局牵头，市商务局负责）\n",
//!     &fengong::Options::default(),
//! );
//! let task = &doc.sections[0].children[0].tasks[0];
//! assert_eq!(task.responsibility.as_ref().map(|r| r.lead.clone()), Some(vec!["市公安局".to_string()]));
//! assert_eq!(doc.meta.title.as_deref(), Some("2024年某市工作要点"));
//! ```
#![deny(missing_docs)]
// No panics on input: no unwrap/expect/indexing in library code (tests may use them).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod assemble;
pub mod batch;
pub mod clean;
pub mod decode;
pub mod diff;
pub mod duty;
pub mod emit;
pub mod error;
pub mod fate;
pub mod lines;
pub mod meta;
pub mod model;
pub mod normalize;
pub mod outline;
pub mod scan;
pub mod table;
pub mod tasks;
pub mod text;

pub use error::Error;
pub use model::{Document, Section, Task, Warning, WarningCode};

pub use assemble::Streamed;
use assemble::{Assembler, Prepared};
use clean::Keep;
use duty::Lexicon;
use fate::{Fates, LineFate};
use model::{Cover, Source, SCHEMA_VERSION};
use outline::Node;
use std::sync::Arc;

/// Options for the whole pipeline.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Decoding.
    pub decode: decode::DecodeOptions,
    /// Extra unit lexicon (added to `data/units.txt`); `None` uses the built-in one.
    pub lexicon: Option<Arc<Lexicon>>,
}

impl Options {
    fn lex(&self) -> &Lexicon {
        self.lexicon
            .as_deref()
            .unwrap_or_else(|| Lexicon::builtin())
    }
}

/// What this build reads and writes: the crate version, the output's `schema_version`, and
/// the versions of the built-in tables (`data/units.txt`, `data/renames.txt`) — the first
/// 12 hex digits of a hash of each, so two builds with the same tables say the same.
pub fn version_text() -> String {
    fn short_hash(text: &str) -> String {
        // FNV-1a: stable across builds and platforms (std's hasher is not)
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}").chars().take(12).collect()
    }
    format!(
        "{} (schema {}, units {}, renames {})",
        env!("CARGO_PKG_VERSION"),
        SCHEMA_VERSION,
        short_hash(duty::lexicon::BUILTIN),
        short_hash(diff::BUILTIN_RENAMES)
    )
}

/// The JSON Schema of `fengong parse --format json` (one document), derived from the
/// same types that serialize it.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Document)).unwrap_or(serde_json::Value::Null)
}

/// The JSON Schema of `fengong diff --format json`.
pub fn diff_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(diff::Report)).unwrap_or(serde_json::Value::Null)
}

/// The JSON Schema of one line of `parse --format jsonl`: a document record or an error
/// record.
pub fn record_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(batch::sink::JsonlRecord))
        .unwrap_or(serde_json::Value::Null)
}

/// The JSON Schema of one output line of `parse --stdin-records`.
pub fn filter_record_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(batch::records::Record))
        .unwrap_or(serde_json::Value::Null)
}

/// A parsed document plus a per-line account of how each line was read.
#[derive(Debug)]
pub struct Analysis {
    /// The document.
    pub document: Document,
    /// One entry per input line: (line number, how it was read, the line's text).
    pub lines: Vec<(u32, LineFate, String)>,
    /// One entry per clause: where it stands and which rule gave each unit its role.
    pub clauses: Vec<String>,
}

/// Parse raw bytes (any supported encoding).
///
/// ## Errors
/// Only decoding can fail: see [`decode::decode`].
pub fn parse_bytes(bytes: &[u8], path: Option<&str>, opts: &Options) -> Result<Document, Error> {
    let decoded = decoded_text(bytes, opts)?;
    Ok(run(decoded, bytes.len(), path, opts, false).document)
}

/// Parse raw bytes (any supported encoding) for writing: the sections are assembled as
/// the document is serialised, so that neither the whole document nor its whole output is
/// ever held — what `fengong parse` does with a large input. The bytes are taken: UTF-8
/// becomes the text without a copy.
///
/// ```
/// let opts = fengong::Options::default();
/// let text = "某市工作要点\n一、加强保护\n（一）开展专项行动。（市公安局牵头）\n";
/// let doc = fengong::parse_streaming(text.into(), None, &opts).unwrap();
/// let json = serde_json::to_string(&doc).unwrap();
/// assert!(json.contains(r#""lead":["市公安局"]"#));
/// assert_eq!(doc.task_count(), 1);
/// ```
///
/// ## Errors
/// Only decoding can fail: see [`decode::decode`].
pub fn parse_streaming<'o>(
    bytes: Vec<u8>,
    path: Option<&str>,
    opts: &'o Options,
) -> Result<Streamed<'o>, Error> {
    let nbytes = bytes.len();
    let decoded = refuse_empty(decode::decode_owned(bytes, &opts.decode)?)?;
    let (prepared, _, _) = prepare(decoded, nbytes, path, opts, false);
    Ok(Streamed::new(prepared))
}

/// Decode, refusing input without any text.
fn decoded_text(bytes: &[u8], opts: &Options) -> Result<decode::Decoded, Error> {
    refuse_empty(decode::decode(bytes, &opts.decode)?)
}

fn refuse_empty(d: decode::Decoded) -> Result<decode::Decoded, Error> {
    if d.text
        .chars()
        .all(|c| c.is_whitespace() || c.is_control() || c == '\u{FEFF}')
    {
        return Err(Error::Empty);
    }
    Ok(d)
}

/// Parse text that is already UTF-8. Never fails.
pub fn parse_text(text: &str, opts: &Options) -> Document {
    let decoded = decode::Decoded {
        text: text.to_string(),
        encoding: "UTF-8",
        bom: false,
        via: "utf8",
        replacements: 0,
        better: None,
    };
    run(decoded, text.len(), None, opts, false).document
}

/// Parse raw bytes and keep the per-line explanation (`fengong parse --explain`).
///
/// ## Errors
/// Only decoding can fail: see [`decode::decode`].
pub fn analyze(bytes: &[u8], path: Option<&str>, opts: &Options) -> Result<Analysis, Error> {
    let decoded = decoded_text(bytes, opts)?;
    Ok(run(decoded, bytes.len(), path, opts, true))
}

/// The pipeline after decoding, assembled whole: the document, and for `--explain` the
/// account of every line and clause.
fn run(
    decoded: decode::Decoded,
    nbytes: usize,
    path: Option<&str>,
    opts: &Options,
    explain: bool,
) -> Analysis {
    let (mut prepared, fates, account) = prepare(decoded, nbytes, path, opts, explain);
    let mut asm = Assembler::new(
        prepared.lex,
        prepared.convention_line,
        prepared.warnings,
        fates,
    );
    let sections: Vec<Section> = (prepared.body.iter_mut())
        .map(|n| asm.section(n, ""))
        .collect();
    let units = asm.finish(sections.is_empty());
    asm.warnings.sort_by_key(assemble::line_order);
    let lines = account
        .into_iter()
        .enumerate()
        .map(|(i, a)| a.read(asm.fates.get(i)))
        .collect();
    let document = Document {
        schema_version: SCHEMA_VERSION,
        source: prepared.source,
        meta: prepared.meta,
        preamble: prepared.preamble,
        cover: prepared.cover,
        sections,
        back_matter: prepared.back_matter,
        units,
        warnings: asm.warnings,
    };
    Analysis {
        document,
        lines,
        clauses: asm.clauses,
    }
}

/// The pipeline after decoding up to the outline: normalize → (task tables re-laid) →
/// lines → clean → title block → outline, then the preamble, the cover notice and the
/// back matter. What is left — each item's tasks and clauses — is assembled from the
/// outline alone, whole or while it is written (`assemble`). The decoded text and its
/// lines are dropped here.
fn prepare<'o>(
    mut decoded: decode::Decoded,
    nbytes: usize,
    path: Option<&str>,
    opts: &'o Options,
    explain: bool,
) -> (Prepared<'o>, Fates, Vec<AccountLine>) {
    let mut warnings: Vec<Warning> = decode_warning(&decoded).into_iter().collect();
    let text = normalize::normalize(std::mem::take(&mut decoded.text));
    let (text, table_rows) = match table::relay(&text, opts.lex()) {
        Some(r) => {
            drop(text); // (not kept to the end of the scope beside its re-laid copy)
            (r.text, r.rows)
        }
        None => (text, Vec::new()),
    };
    let lines = lines::split(&text);
    let keep = clean::clean(&text, &lines, &mut warnings);
    let head = meta::read(&lines, &keep, &mut warnings);
    // Per-line fates cost allocations: only recorded for `--explain`.
    let mut fates = Fates::new(lines.len(), explain);
    let mut meta_out = head.meta.clone();
    let split = Split::of(&lines, &keep, &head, &mut meta_out, &mut fates);
    let mut body = outline::build(
        &lines,
        &split.body,
        split.double_spaced,
        &table_rows,
        &mut warnings,
        &mut fates,
    );
    if pdf_like(&lines) {
        squeeze_layout_spaces(&mut body);
    }
    let back_matter = meta::glued_back_matter(&mut body.sections, &mut meta_out);
    let lex = opts.lex();
    let convention_line = convention(&text, &lines, &mut warnings);
    let pre_paras = preamble_paras(
        body.preamble,
        &lines,
        &head,
        split.double_spaced,
        &mut meta_out,
    );
    let preamble = join_paras(&pre_paras, &mut fates);
    let cover = cover_of(&lines, &split, &table_rows, lex, &mut meta_out, &mut fates);
    references(&preamble, cover.as_ref(), &mut meta_out);
    let account = if explain {
        line_account(&lines, &keep, &head, &split)
    } else {
        Vec::new()
    };
    let prepared = Prepared {
        lex,
        source: Source {
            path: path.map(str::to_string),
            encoding: decoded.encoding.to_string(),
            bytes: nbytes,
            bom: decoded.bom,
            via: decoded.via.to_string(),
            replacements: decoded.replacements,
        },
        meta: meta_out,
        preamble,
        cover,
        body: body.sections,
        back_matter,
        convention_line,
        warnings,
    };
    (prepared, fates, account)
}

/// The warning for characters the decoder replaced (naming the encoding that fits, when
/// a forced one did not).
fn decode_warning(decoded: &decode::Decoded) -> Option<Warning> {
    (decoded.replacements > 0).then(|| Warning {
        code: WarningCode::LossyDecode,
        message: match decoded.better {
            Some(fit) => format!(
                "{} undecodable byte sequence(s) replaced with U+FFFD under the forced \
                 encoding {}; the bytes fit {fit} (try --encoding {})",
                decoded.replacements,
                decoded.encoding,
                fit.to_ascii_lowercase()
            ),
            None => format!(
                "{} undecodable byte sequence(s) replaced with U+FFFD ({})",
                decoded.replacements, decoded.encoding
            ),
        },
        line: None,
    })
}

/// The kept lines of the cover notice and of the body, and whether the body's text is
/// double-spaced (a blank line between paragraphs).
struct Split {
    cover_range: (usize, usize),
    cover: Vec<usize>,
    body: Vec<usize>,
    double_spaced: bool,
}

impl Split {
    fn of(
        lines: &[lines::Line<'_>],
        keep: &[Keep],
        head: &meta::Head,
        meta_out: &mut model::Meta,
        fates: &mut Fates,
    ) -> Split {
        let usable = |i: usize| {
            keep.get(i) == Some(&Keep::Yes)
                && lines.get(i).is_some_and(|l| !l.is_blank())
                && head.roles.get(i).copied().flatten().is_none()
        };
        let cover_range = head.cover.unwrap_or((0, 0));
        let cover: Vec<usize> = (cover_range.0..cover_range.1)
            .filter(|&i| usable(i))
            .collect();
        let mut body: Vec<usize> = (head.body_from..lines.len())
            .filter(|&i| usable(i))
            .collect();
        meta::back_matter(lines, &mut body, &cover, meta_out, fates);
        let spaced: Vec<bool> = body
            .windows(2)
            .map(|w| matches!(w, [a, b] if *b > *a + 1))
            .collect();
        Split {
            cover_range,
            cover,
            body,
            double_spaced: text::double_spaced(&spaced),
        }
    }
}

/// Page numbers seen: a PDF extraction, whose spaces between Han characters are layout.
fn pdf_like(lines: &[lines::Line<'_>]) -> bool {
    lines
        .iter()
        .filter(|l| clean::is_page_number(l.text))
        .count()
        >= 2
}

fn squeeze_layout_spaces(body: &mut outline::Outline) {
    fn walk(nodes: &mut [Node]) {
        for n in nodes {
            n.paras.iter_mut().for_each(text::squeeze_han_spaces);
            walk(&mut n.children);
        }
    }
    body.preamble.iter_mut().for_each(text::squeeze_han_spaces);
    walk(&mut body.sections);
}

/// The line where the document declares that the first unit listed leads (one search over
/// the whole text: the phrase never spans lines), with a warning saying so.
fn convention(text: &str, lines: &[lines::Line<'_>], warnings: &mut Vec<Warning>) -> Option<u32> {
    let at = duty::convention_at(text)?;
    let k = lines.partition_point(|l| l.start <= at);
    let line = lines.get(k.checked_sub(1)?).map(|l| l.no)?;
    warnings.push(Warning {
        code: WarningCode::DutyConvention,
        message: "the document says the first listed unit leads; from here on a plain list of units reads as lead + support".into(),
        line: Some(line),
    });
    Some(line)
}

/// The preamble's paragraphs: text above the title (a decree's promulgation …) first,
/// then the text before the first heading — less the title where a flattened document
/// runs it into the preamble's line.
fn preamble_paras(
    mut pre_paras: Vec<text::Para>,
    lines: &[lines::Line<'_>],
    head: &meta::Head,
    double_spaced: bool,
    meta_out: &mut model::Meta,
) -> Vec<text::Para> {
    if !head.above_title.is_empty() {
        let pieces: Vec<text::Piece<'_>> = head
            .above_title
            .iter()
            .filter_map(|&i| lines.get(i))
            .map(|l| text::Piece {
                line: l.no,
                text: l.text,
                blank_before: true,
                heading: false,
            })
            .collect();
        let mut above = text::paragraphs(&pieces, double_spaced);
        above.append(&mut pre_paras);
        pre_paras = above;
    }
    if meta_out.title.is_none()
        && pre_paras
            .first()
            .is_some_and(|p| meta::genre_title(&p.text))
    {
        // flattened text: the title is the first piece of the one long line
        let t = pre_paras.remove(0);
        meta_out.title = Some(meta::squeeze(&t.text));
    } else if let (Some(title), None, Some(first)) = (
        meta_out.title.as_deref(),
        head.roles
            .iter()
            .flatten()
            .find(|r| **r == meta::Role::Title),
        pre_paras.first_mut(),
    ) {
        // the head of a flattened document: the title opens the preamble's line
        if let Some(rest) = first.text.strip_prefix(title) {
            let cut = first.text.len() - rest.len();
            first.text = rest.to_string();
            for o in &mut first.origins {
                o.0 = o.0.saturating_sub(cut);
            }
        }
    }
    pre_paras
}

/// The 印发 notice carrying the plan: its text and its own numbered items (their clauses
/// are read, their warnings are not the plan's). No cover title, no cover.
fn cover_of(
    lines: &[lines::Line<'_>],
    split: &Split,
    table_rows: &[usize],
    lex: &Lexicon,
    meta_out: &mut model::Meta,
    fates: &mut Fates,
) -> Option<Cover> {
    let title = meta_out.cover_title.clone()?;
    let mut cv = outline::build(
        lines,
        &split.cover,
        split.double_spaced,
        table_rows,
        &mut Vec::new(),
        fates,
    );
    // the notice's warnings and units are not the plan's; its lines' fates are kept
    let mut asm = Assembler::new(lex, None, Vec::new(), std::mem::take(fates));
    let sections: Vec<Section> = (cv.sections.iter_mut())
        .map(|n| asm.section(n, ""))
        .collect();
    *fates = asm.fates;
    let text: Vec<&str> = split
        .cover
        .iter()
        .filter_map(|&i| lines.get(i))
        .map(|l| l.text)
        .filter(|t| !t.is_empty())
        .collect();
    Some(Cover {
        title,
        text: text.join("\n"),
        sections,
    })
}

/// Documents cited in the preamble and the cover; the plan citing itself from its cover
/// is not a reference.
fn references(preamble: &str, cover: Option<&Cover>, meta_out: &mut model::Meta) {
    meta::references(preamble, &mut meta_out.references);
    if let Some(c) = cover {
        meta::references(&c.text, &mut meta_out.references);
        if let Some(t) = &meta_out.title {
            let plain = meta::squeeze(t);
            meta_out
                .references
                .retain(|r| meta::squeeze(&r.title) != plain);
        }
    }
}

/// `--explain`: how one line was read, as far as the lines alone tell (blank, dropped,
/// part of the title block), and what it is if assembling the items records nothing for it.
struct AccountLine {
    no: u32,
    settled: Option<LineFate>,
    otherwise: LineFate,
    text: String,
}

impl AccountLine {
    /// The line's entry, given the fate assembling recorded for it.
    fn read(self, recorded: Option<&LineFate>) -> (u32, LineFate, String) {
        let fate = match (self.settled, recorded) {
            (Some(f), _) => f,
            (None, Some(f)) => f.clone(),
            (None, None) => self.otherwise,
        };
        (self.no, fate, self.text)
    }
}

/// `--explain`: how every line was read, before the items are assembled.
fn line_account(
    lines: &[lines::Line<'_>],
    keep: &[Keep],
    head: &meta::Head,
    split: &Split,
) -> Vec<AccountLine> {
    let (cover_from, cover_to) = split.cover_range;
    let in_cover = |i: usize| (cover_from..cover_to).contains(&i);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let k = keep.get(i).copied().unwrap_or(Keep::Yes);
            let settled = if l.is_blank() {
                Some(LineFate::Blank)
            } else if k != Keep::Yes {
                Some(LineFate::Dropped(k))
            } else {
                head.roles.get(i).copied().flatten().map(LineFate::Head)
            };
            let otherwise = if i < head.body_from && !in_cover(i) {
                LineFate::BeforeTitle
            } else if in_cover(i) {
                LineFate::CoverText
            } else {
                LineFate::Text
            };
            AccountLine {
                no: l.no,
                settled,
                otherwise,
                text: l.text.to_string(),
            }
        })
        .collect()
}

fn join_paras(paras: &[text::Para], fates: &mut Fates) -> String {
    note_joins(paras, fates);
    paras
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn note_joins(paras: &[text::Para], fates: &mut Fates) {
    if !fates.recording() {
        return;
    }
    for p in paras {
        let first = p.origins.first().map_or(0, |x| x.1);
        for &(_, no) in p.origins.iter().skip(1) {
            if no != first {
                fates.set_if_none(
                    (no as usize).wrapping_sub(1),
                    LineFate::Joined { to: first },
                );
            }
        }
    }
}
