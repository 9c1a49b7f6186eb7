//! Stage 2b: task tables flattened to text, re-laid as numbered items.
//!
//! A 任务分工 table (序号 | 重点任务 | 牵头单位 | 责任单位 | 配合单位 | 完成时限) reaches us
//! flattened in one of three ways:
//! - **pipe or tab rows**: `1 | 内容 | 市发改委 | 市财政局 |`, one row per line;
//! - **one cell per line**: the header's cells on lines of their own (`序号`, `内容与要求`,
//!   `责任单位` …, a trailing ` |` allowed), then each row's cells, a row opening with its
//!   number on a line of its own.
//!
//! - **one cell per line without a 序号 column** (项目名称 / 项目内容 / 责任单位 / 进展情况,
//!   rows grouped under `（一）` lines): each cell that is a list of unit names becomes the
//!   labelled clause of its role column (`（责任单位：X、Y）`) in place, so the row's content
//!   cell before it is a task with that clause.
//!
//! Each numbered row becomes one line `N．内容。其他单元格。（牵头单位：X；责任单位：Y；
//! 配合单位：Z）` in the place of the row's first line; the row's other lines become blank,
//! so every line keeps its number. The outline then reads the row as the item numbered N
//! with one task, and the clause grammar reads the roles of its columns. No cell text is
//! dropped; the labels added are the header's own column names.
//!
//! ## Columns
//! A header cell naming 牵头/主办 is the lead column; 配合/协同/协办/参与/协助 support;
//! 责任/负责/承办 responsible (support where a lead column is filled, as the clause grammar
//! reads `牵头单位：X；责任单位：Y`). The first other column naming 任务/内容/项目/事项/措施/
//! 目标 is the task's text; the remaining columns (progress, deadline, a person) follow it.
//! Where a one-cell-per-line row has fewer cells than the header (a merged or empty cell),
//! role columns take the cells that read as unit lists, in order.

use crate::duty::Lexicon;
use crate::scan::is_space;
use crate::scan::Words;
use std::sync::LazyLock;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Number,
    Content,
    Lead,
    Responsible,
    Support,
    Other,
}

impl Column {
    /// Whether a cell is the 序号 column's header (spaces aside), without building the
    /// spaceless name: asked of every line of a text that mentions a role column.
    fn is_number(name: &str) -> bool {
        let mut n = name.chars().filter(|c| !is_space(*c));
        let two = (n.next(), n.next(), n.next());
        matches!(
            two,
            (Some('序'), Some('号' | '號'), None) | (Some('编'), Some('号'), None)
        )
    }

    /// Words that name a content column.
    const CONTENT_WORDS: &'static [&'static str] = &[
        "任务", "任務", "内容", "內容", "项目", "項目", "事项", "措施", "目标", "工作",
    ];

    /// Can `name` be [`Column::Content`]'s? Only if it holds the first character of one
    /// of its words: a test that spares most lines the full reading.
    fn may_be_content(name: &str) -> bool {
        name.chars()
            .any(|c| Column::CONTENT_WORDS.iter().any(|w| w.starts_with(c)))
    }

    /// The words that name each kind of column, in the order a name is judged by: a name
    /// holding words of two kinds is the earlier kind's (`牵头配合单位` is support's).
    const KIND_WORDS: [(Column, &'static [&'static str]); 4] = [
        (
            Column::Support,
            &["配合", "协同", "協同", "协办", "参与", "參與", "协助"],
        ),
        (Column::Lead, &["牵头", "牽頭", "主办"]),
        (
            Column::Responsible,
            &[
                "责任单位",
                "责任部门",
                "责任主体",
                "責任單位",
                "负责单位",
                "承办",
                "实施单位",
            ],
        ),
        (Column::Content, Column::CONTENT_WORDS),
    ];

    fn of(name: &str) -> Column {
        // (asked of every short line of a text that mentions a role column: the name is
        // copied only when it has spaces to take out)
        let n: std::borrow::Cow<'_, str> = if name.contains(is_space) {
            name.chars()
                .filter(|c| !is_space(*c))
                .collect::<String>()
                .into()
        } else {
            name.into()
        };
        if n == "序号" || n == "序號" || n == "编号" {
            return Column::Number;
        }
        // every kind's words in one automaton, read once over the name (not a search set
        // up for each of two dozen words); the earliest kind among its words wins
        // (each word's kind is kept as its place in KIND_WORDS: the least place found wins)
        static WORDS: LazyLock<Option<(aho_corasick::AhoCorasick, Vec<usize>)>> =
            LazyLock::new(|| {
                let (places, words): (Vec<usize>, Vec<&str>) = Column::KIND_WORDS
                    .iter()
                    .enumerate()
                    .flat_map(|(place, (_, words))| words.iter().map(move |w| (place, *w)))
                    .unzip();
                aho_corasick::AhoCorasick::new(words)
                    .ok()
                    .map(|a| (a, places))
            });
        let Some((words, places)) = &*WORDS else {
            return Column::of_words_searched(&n);
        };
        words
            .find_overlapping_iter(&*n)
            .filter_map(|m| places.get(m.pattern().as_usize()).copied())
            .min()
            .and_then(|place| Column::KIND_WORDS.get(place))
            .map_or(Column::Other, |(kind, _)| *kind)
    }

    /// [`Column::of`]'s reading of a spaceless name, each word searched for in turn (where
    /// the automaton could not be built).
    fn of_words_searched(n: &str) -> Column {
        Column::KIND_WORDS
            .iter()
            .find(|(_, words)| words.iter().any(|w| n.contains(w)))
            .map_or(Column::Other, |(kind, _)| *kind)
    }

    fn label(self) -> Option<&'static str> {
        match self {
            Column::Lead => Some("牵头单位"),
            Column::Responsible => Some("责任单位"),
            Column::Support => Some("配合单位"),
            _ => None,
        }
    }
}

/// How the table was flattened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// One row per line, cells separated by `|` or tabs.
    Rows,
    /// One cell per line.
    Cells,
}

/// The cells of a pipe- or tab-separated line, or None when it is not one.
fn split_row(t: &str) -> Option<Vec<&str>> {
    // (two separators are enough: counted with memchr and memmem up to two, where
    // `matches` over a set of characters decodes every one of a long line)
    let bytes = t.as_bytes();
    let at_least_two = |ascii: u8, wide: Option<&str>| {
        let wide = wide.map_or(0, |w| memchr::memmem::find_iter(bytes, w).take(2).count());
        wide + memchr::memchr_iter(ascii, bytes).take(2).count() >= 2
    };
    let sep: &[char] = if at_least_two(b'|', Some("｜")) {
        &['|', '｜']
    } else if at_least_two(b'\t', None) {
        &['\t']
    } else {
        return None;
    };
    let mut cells: Vec<&str> = t.split(sep).map(|c| c.trim_matches(is_space)).collect();
    if cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    if cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    Some(cells)
}

/// A cell on a line of its own, without the ` |` a converter left after it.
fn lone_cell(t: &str) -> &str {
    t.trim_matches(is_space)
        .trim_end_matches(['|', '｜'])
        .trim_matches(is_space)
}

fn row_number(cell: &str) -> Option<u32> {
    let c = cell.trim_end_matches(['.', '．', '、']);
    (!c.is_empty() && c.len() <= 3 && c.chars().all(|ch| ch.is_ascii_digit()))
        .then(|| c.parse().ok())
        .flatten()
}

/// A header found at line `at`: its columns, its layout, the line after it.
struct Header {
    columns: Vec<Column>,
    layout: Layout,
    after: usize,
}

fn header_at(lines: &[&str], at: usize) -> Option<Header> {
    let first = lines.get(at)?;
    // a header starts with its number column (序号, 序號, 编号) in either layout: a line
    // without 序 or 编 is none (most lines, tested before any cell is cut)
    if !crate::scan::has_any(first, &['序', '编']) {
        return None;
    }
    let columns_ok = |cols: &[Column]| {
        cols.first() == Some(&Column::Number)
            && cols
                .iter()
                .any(|c| matches!(c, Column::Lead | Column::Responsible | Column::Support))
    };
    if let Some(cells) = split_row(first) {
        let cols: Vec<Column> = cells.iter().map(|c| Column::of(c)).collect();
        return columns_ok(&cols).then_some(Header {
            columns: cols,
            layout: Layout::Rows,
            after: at + 1,
        });
    }
    if !Column::is_number(lone_cell(first)) {
        return None;
    }
    let mut cols = vec![Column::Number];
    let mut k = at + 1;
    while let Some(t) = lines.get(k) {
        let cell = lone_cell(t);
        if !cell.is_empty() {
            if row_number(cell).is_some() || cell.chars().count() > 12 || cols.len() >= 16 {
                break;
            }
            cols.push(Column::of(cell));
        }
        k += 1;
    }
    columns_ok(&cols).then_some(Header {
        columns: cols,
        layout: Layout::Cells,
        after: k,
    })
}

/// One row: its number, the line its cells start on, its cells, and the lines it spans.
struct Row<'a> {
    number: u32,
    first_line: usize,
    cells: Vec<&'a str>,
    last_line: usize,
}

fn is_elision(t: &str) -> bool {
    let t = t.trim_matches(is_space);
    t.starts_with(['[', '［']) && t.contains('…')
}

fn rows<'a>(lines: &[&'a str], h: &Header) -> Vec<Row<'a>> {
    let mut out: Vec<Row<'a>> = Vec::new();
    match h.layout {
        Layout::Rows => {
            for (k, t) in lines.iter().enumerate().skip(h.after) {
                if t.trim_matches(is_space).is_empty() {
                    continue;
                }
                let Some(cells) = split_row(t) else { break };
                let Some(n) = cells.first().copied().and_then(row_number) else {
                    break;
                };
                out.push(Row {
                    number: n,
                    first_line: k,
                    cells: cells.get(1..).unwrap_or(&[]).to_vec(),
                    last_line: k,
                });
            }
        }
        Layout::Cells => {
            for (k, t) in lines.iter().enumerate().skip(h.after) {
                if is_elision(t) {
                    break;
                }
                let cell = lone_cell(t);
                if cell.is_empty() {
                    continue;
                }
                let next = out.last().map_or(0, |r| r.number + 1);
                match row_number(cell) {
                    Some(n) if out.is_empty() || n == next => out.push(Row {
                        number: n,
                        first_line: k,
                        cells: Vec::new(),
                        last_line: k,
                    }),
                    _ => match out.last_mut() {
                        Some(r) => {
                            r.cells.push(cell);
                            r.last_line = k;
                        }
                        None => break,
                    },
                }
                if out.is_empty() {
                    break;
                }
            }
        }
    }
    out
}

/// Does `cell` read as a list of unit names?
fn unit_cell(cell: &str, lex: &Lexicon) -> bool {
    let items: Vec<&str> = cell
        .split(['、', '，', ',', '；', ';'])
        .map(|s| s.trim_matches(is_space))
        .filter(|s| !s.is_empty())
        .collect();
    // every item a short name, one of them at least a known kind of unit
    !items.is_empty()
        && items.iter().all(|s| {
            s.chars().count() <= 20
                && !crate::scan::has_any(s, &['。', '：', ':'])
                && !s.chars().any(|c| c.is_ascii_digit())
        })
        && items
            .iter()
            .any(|s| lex.looks_like_unit(s.trim_end_matches('等')))
}

/// The line a row is re-laid as.
fn relay_row(row: &Row<'_>, columns: &[Column], lex: &Lexicon) -> String {
    // columns after 序号, against the cells
    let cols = columns.get(1..).unwrap_or(&[]);
    let mut assigned: Vec<(Column, &str)> = Vec::new();
    if row.cells.len() == cols.len() {
        assigned.extend(cols.iter().copied().zip(row.cells.iter().copied()));
    } else {
        // a merged or empty cell: the first cell is the content, role columns take the
        // cells that read as unit lists, in order
        let mut roles = cols
            .iter()
            .copied()
            .filter(|c| c.label().is_some())
            .peekable();
        for (k, &cell) in row.cells.iter().enumerate() {
            let col = if k == 0 {
                Column::Content
            } else if roles.peek().is_some() && unit_cell(cell, lex) {
                roles.next().unwrap_or(Column::Other)
            } else {
                Column::Other
            };
            assigned.push((col, cell));
        }
    }
    let mut text = String::new();
    let mut push_text = |t: &str| {
        if t.is_empty() {
            return;
        }
        if !text.is_empty() && !text.ends_with(['。', '；', '！', '？', '.']) {
            text.push('。');
        }
        text.push_str(t);
    };
    let content: Vec<&str> = assigned
        .iter()
        .filter(|(c, _)| *c == Column::Content)
        .map(|(_, t)| *t)
        .collect();
    let content_first = content.first().copied();
    if let Some(c) = content_first {
        push_text(c);
    }
    for (c, t) in &assigned {
        if matches!(c, Column::Content | Column::Other) && Some(*t) != content_first {
            push_text(t);
        }
    }
    if !text.ends_with(['。', '；', '！', '？']) && !text.is_empty() {
        text.push('。');
    }
    let clause: Vec<String> = assigned
        .iter()
        .filter_map(|(c, t)| {
            let t = t.trim_matches(is_space);
            (!t.is_empty()).then(|| c.label().map(|l| format!("{l}：{t}")))?
        })
        .collect();
    let mut line = format!("{}．{text}", row.number);
    if !clause.is_empty() {
        line.push('（');
        line.push_str(&clause.join("；"));
        line.push('）');
    }
    line
}

/// Text with its task tables re-laid.
#[derive(Debug)]
pub struct Relaid {
    /// The text, with exactly as many lines as before.
    pub text: String,
    /// 0-based indices of the lines that now hold a whole row: one item each, never split
    /// at a marker inside a cell (`…。2.8月底前…`).
    pub rows: Vec<usize>,
}

/// A header without a 序号 column, one cell per line: at least three short cells, a
/// content column and a role column among them. Returns the role column's label and the
/// line after the header.
fn unnumbered_header_at(lines: &[&str], at: usize) -> Option<(&'static str, usize)> {
    let first = lone_cell(lines.get(at)?);
    if first.chars().nth(8).is_some()
        || !Column::may_be_content(first)
        || Column::of(first) != Column::Content
    {
        return None;
    }
    let mut cols = vec![Column::Content];
    let mut k = at + 1;
    while let Some(t) = lines.get(k) {
        let cell = lone_cell(t);
        if !cell.is_empty() {
            if cell.chars().count() > 8
                || crate::scan::has_any(cell, &['：', ':', '。', '，'])
                || cols.len() >= 8
                || crate::scan::scan_marker(cell).is_some()
            {
                break;
            }
            cols.push(Column::of(cell));
        }
        k += 1;
    }
    let label = cols.iter().find_map(|c| c.label())?;
    (cols.len() >= 3).then_some((label, k))
}

/// Re-lay the unit cells after an unnumbered header as clauses; returns the line after
/// the table.
fn relay_unit_cells(
    lines: &[&str],
    from: usize,
    label: &str,
    lex: &Lexicon,
    out: &mut [std::borrow::Cow<'_, str>],
    rows: &mut Vec<usize>,
) -> usize {
    let mut k = from;
    while let Some(t) = lines.get(k) {
        if is_elision(t) || t.chars().count() > 300 {
            break;
        }
        let cell = lone_cell(t);
        if !cell.is_empty() && unit_cell(cell, lex) && crate::scan::scan_marker(cell).is_none() {
            if let Some(slot) = out.get_mut(k) {
                *slot = format!("（{label}：{cell}）").into();
                rows.push(k);
            }
        }
        k += 1;
    }
    k
}

/// A one-cell-per-line header (lines `from..to`) re-laid as one table row on its first line.
fn join_header(lines: &[&str], from: usize, to: usize, out: &mut [std::borrow::Cow<'_, str>]) {
    let cells: Vec<&str> = lines
        .get(from..to)
        .unwrap_or(&[])
        .iter()
        .map(|t| lone_cell(t))
        .filter(|c| !c.is_empty())
        .collect();
    for (j, slot) in out.iter_mut().enumerate().take(to).skip(from) {
        *slot = if j == from {
            cells.join(" | ").into()
        } else {
            "".into()
        };
    }
}

/// Re-lay every task table of `text` (see the module docs). None when there is none.
pub fn relay(text: &str, lex: &Lexicon) -> Option<Relaid> {
    // a header names 序号 (or 序號/编号) or a unit column: nothing to do without one
    // (one search for all six words)
    static HEADER_WORDS: LazyLock<Words> =
        LazyLock::new(|| Words::new(["序号", "序號", "编号", "责任单位", "牵头单位", "責任單位"]));
    if !HEADER_WORDS.is_match(text) {
        return None;
    }
    let lines: Vec<&str> = crate::scan::split_lines(text).collect();
    let mut out: Vec<std::borrow::Cow<'_, str>> = lines.iter().map(|l| (*l).into()).collect();
    let mut row_lines = Vec::new();
    let mut k = 0usize;
    while k < lines.len() {
        let Some(h) = header_at(&lines, k) else {
            if let Some((label, after)) = unnumbered_header_at(&lines, k) {
                join_header(&lines, k, after, &mut out);
                k = relay_unit_cells(&lines, after, label, lex, &mut out, &mut row_lines);
            } else {
                k += 1;
            }
            continue;
        };
        let rs = rows(&lines, &h);
        if rs.is_empty() {
            k = h.after;
            continue;
        }
        if h.layout == Layout::Cells {
            join_header(&lines, k, h.after, &mut out);
        }
        for r in &rs {
            if let Some(slot) = out.get_mut(r.first_line) {
                *slot = relay_row(r, &h.columns, lex).into();
                row_lines.push(r.first_line);
            }
            for j in r.first_line + 1..=r.last_line {
                if let Some(slot) = out.get_mut(j) {
                    *slot = "".into();
                }
            }
        }
        k = rs.last().map_or(h.after, |r| r.last_line + 1);
    }
    (!row_lines.is_empty()).then(|| Relaid {
        text: out.join("\n"),
        rows: row_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_split_where_counting_every_separator_splits_it() {
        // the definition the bounded counts replaced
        fn by_matches(t: &str) -> bool {
            t.matches(['|', '｜']).count() >= 2 || t.matches('\t').count() >= 2
        }
        let pieces = ["|", "｜", "\t", "序号", " ", "市公安局", "｜|", "a"];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let t = format!("{a}{b}{c}{d}");
                        assert_eq!(split_row(&t).is_some(), by_matches(&t), "{t:?}");
                    }
                }
            }
        }
        assert_eq!(
            split_row("序号｜工作任务|牵头单位"),
            Some(vec!["序号", "工作任务", "牵头单位"])
        );
    }

    proptest::proptest! {
        // the automaton reads a name as searching for each kind's words in turn does
        #[test]
        fn a_column_reads_as_its_words_searched_in_turn(
            pieces in proptest::collection::vec(proptest::sample::select(
                Column::KIND_WORDS
                    .iter()
                    .flat_map(|(_, ws)| ws.iter().copied())
                    .chain(["单位", "部门", "牵", "头", "责任", "序号", " ", "完成时限", "a"])
                    .collect::<Vec<&str>>(),
            ), 0..5),
        ) {
            let name: String = pieces.concat();
            let spaceless: String = name.chars().filter(|c| !is_space(*c)).collect();
            let want = match spaceless.as_str() {
                "序号" | "序號" | "编号" => Column::Number,
                n => Column::of_words_searched(n),
            };
            proptest::prop_assert_eq!(Column::of(&name), want, "{}", name);
        }
    }

    #[test]
    fn number_column_spaces_aside() {
        for cell in ["序号", "序 号", "序　　號", "编号"] {
            assert!(Column::is_number(cell), "{cell}");
            assert_eq!(Column::of(cell), Column::Number, "{cell}");
        }
        for cell in ["序号一", "号", "序", "责任单位"] {
            assert!(!Column::is_number(cell), "{cell}");
        }
        // the content test rules out no name that reads as content
        for cell in [
            "工作任务",
            "主要内容",
            "項目",
            "重点事项",
            "具体措施",
            "目标",
            "序号",
            "备注",
        ] {
            if Column::of(cell) == Column::Content {
                assert!(Column::may_be_content(cell), "{cell}");
            }
        }
        assert!(!Column::may_be_content("备注") && !Column::may_be_content("完成时限"));
        // the other columns read alike with spaces inside
        for (cell, col) in [
            ("牵 头 单 位", Column::Lead),
            ("责任　单位", Column::Responsible),
            ("配合 部门", Column::Support),
            ("工作 任务", Column::Content),
            ("备 注", Column::Other),
        ] {
            assert_eq!(Column::of(cell), col, "{cell}");
            assert_eq!(Column::of(&cell.replace([' ', '　'], "")), col, "{cell}");
        }
    }

    fn lex() -> &'static Lexicon {
        Lexicon::builtin()
    }

    #[test]
    fn pipe_rows_become_numbered_items_with_clauses() {
        let t = "公开方式 | 主动公开 |\n序号 | 重点任务 | 完成时限 | 牵头单位 | 配合单位 |\n\
                 1 | 新建幼儿园3所 | 6月底前 | 市教育局 | 市财政局、市住建局 |\n\
                 2 | 新增托位500个 | 年底前 | 市卫生健康委 | |\n结束语。";
        let out = relay(t, lex()).expect("a table");
        assert_eq!(out.rows, vec![2, 3]);
        let ls: Vec<&str> = out.text.split('\n').collect();
        assert_eq!(ls.len(), t.split('\n').count());
        assert_eq!(
            ls[2],
            "1．新建幼儿园3所。6月底前。（牵头单位：市教育局；配合单位：市财政局、市住建局）"
        );
        assert_eq!(
            ls[3],
            "2．新增托位500个。年底前。（牵头单位：市卫生健康委）"
        );
        assert_eq!(ls[4], "结束语。");
    }

    #[test]
    fn one_cell_per_line_rows() {
        let t = "序号\n\n内容与要求\n\n进展情况\n\n责任单位\n\n1\n\n确保增长7%左右\n\n已完成数据监测\n\n市发改委\n\n\
                 2 |\n推进项目攻坚 |\n投资下降 |\n市发改委、市统计局 |\n[…]\n";
        let out = relay(t, lex()).expect("a table");
        let ls: Vec<&str> = out.text.split('\n').collect();
        assert_eq!(ls.len(), t.split('\n').count());
        assert_eq!(
            ls[8],
            "1．确保增长7%左右。已完成数据监测。（责任单位：市发改委）"
        );
        assert!(ls[10].is_empty() && ls[14].is_empty());
        assert_eq!(
            ls[16],
            "2．推进项目攻坚。投资下降。（责任单位：市发改委、市统计局）"
        );
    }

    #[test]
    fn merged_cells_give_roles_to_unit_lists() {
        let t = "序号 |\n主要任务 |\n全年目标 |\n分管领导 |\n牵头单位 |\n协同单位 |\n进展 |\n\
                 24 |\n优化提升背街后巷交通组织。 |\n张三 |\n市城管局 |\n市政局、相关街道 |\n已施工。 |\n";
        let out = relay(t, lex()).expect("a table");
        let row = out.text.split('\n').nth(7).unwrap_or("");
        assert!(row.starts_with("24．优化提升背街后巷交通组织。"), "{row}");
        assert!(
            row.ends_with("（牵头单位：市城管局；配合单位：市政局、相关街道）"),
            "{row}"
        );
    }

    #[test]
    fn unit_cells_of_an_unnumbered_table_become_clauses() {
        let t = "项目名称\n\n项目内容\n\n责任单位\n\n进展情况\n\n(一)\n\n经济发展目标\n\n\
                 地区生产总值增长6.5%以上\n\n区发改局、各街道\n\n正常进行中\n\n\
                 财政收入与经济增长同步\n\n区财政局\n\n已完成\n";
        let out = relay(t, lex()).expect("a table");
        let ls: Vec<&str> = out.text.split('\n').collect();
        assert_eq!(ls.len(), t.split('\n').count());
        assert_eq!(ls[0], "项目名称 | 项目内容 | 责任单位 | 进展情况");
        assert_eq!(ls[14], "（责任单位：区发改局、各街道）");
        assert_eq!(ls[20], "（责任单位：区财政局）");
        assert_eq!(ls[12], "地区生产总值增长6.5%以上");
    }

    #[test]
    fn text_without_a_header_is_left_alone() {
        assert!(relay("一、总体要求\n（一）序号不是表头。", lex()).is_none());
    }
}
