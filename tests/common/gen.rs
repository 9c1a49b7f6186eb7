//! A generator of synthetic policy documents with known structure: a random tree of
//! sections in a valid heading scheme (full- or half-width), run-in leaf items holding
//! tasks with clauses of every common form, and optional hard wraps, PDF page numbers,
//! site boilerplate and traditional script. `render` gives the text and the expected
//! result; the property test parses the text and compares.

use proptest::prelude::*;

/// Expected clause roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roles {
    /// Lead units.
    pub lead: Vec<String>,
    /// Responsible units.
    pub responsible: Vec<String>,
    /// Support units.
    pub support: Vec<String>,
    /// Ends in 等.
    pub open_ended: bool,
}

/// A task to render.
#[derive(Clone, Debug)]
pub struct GTask {
    pub text: usize,
    pub clause: Option<(usize, Vec<usize>)>, // (form, unit indices)
}

/// A section to render.
#[derive(Clone, Debug)]
pub struct GSection {
    pub title: usize,
    pub tasks: Vec<GTask>,
    pub children: Vec<GSection>,
}

/// Document-wide options.
#[derive(Clone, Debug)]
pub struct GDoc {
    pub sections: Vec<GSection>,
    pub skip_paren_level: bool,
    pub full_width: bool,
    pub wrap: bool,
    pub pdf: bool,
    pub boilerplate: bool,
    pub traditional: bool,
    pub double_spaced: bool,
    pub encoding: usize, // 0 UTF-8, 1 GB18030, 2 UTF-16LE with BOM
}

/// What the parser must find for one section.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    pub id: String,
    pub title: String,
    pub tasks: Vec<(String, Option<Roles>)>, // (a snippet that must occur, roles)
}

const TITLES: &[&str] = &[
    "加强知识产权保护",
    "完善工作机制",
    "开展专项整治行动",
    "强化部门协作配合",
    "推进信用体系建设",
    "提升执法监管能力",
    "健全长效机制",
    "深化重点领域治理",
];
const TEXTS: &[&str] = &[
    "严厉打击侵权假冒违法行为",
    "加强线上线下一体化监管",
    "建立健全信息共享机制",
    "组织开展联合执法检查",
    "推动企业落实主体责任",
    "加大典型案件曝光力度",
];
const UNITS: &[&str] = &[
    "公安局",
    "商务局",
    "市场监管局",
    "农业农村局",
    "司法局",
    "财政局",
    "生态环境局",
    "交通运输局",
];

const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const CIRCLED: [&str; 10] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"];

fn trad(s: &str, on: bool) -> String {
    if !on {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '负' => '負',
            '责' => '責',
            '牵' => '牽',
            '头' => '頭',
            '职' => '職',
            '单' => '單',
            '务' => '務',
            '监' => '監',
            '场' => '場',
            '农' => '農',
            '业' => '業',
            '财' => '財',
            '态' => '態',
            '环' => '環',
            '输' => '輸',
            '交' => '交',
            '强' => '強',
            '机' => '機',
            '制' => '制',
            '开' => '開',
            '动' => '動',
            '协' => '協',
            '进' => '進',
            '体' => '體',
            '设' => '設',
            '执' => '執',
            '维' => '維',
            '长' => '長',
            '领' => '領',
            '域' => '域',
            '权' => '權',
            '护' => '護',
            '识' => '識',
            '产' => '產',
            '别' => '別',
            c => c,
        })
        .collect()
}

fn marker(level: usize, n: usize, doc: &GDoc) -> String {
    let cn = |n: usize| -> String {
        if n <= 10 {
            CN.get(n - 1).copied().unwrap_or("十").to_string()
        } else {
            format!("十{}", CN.get(n - 11).copied().unwrap_or("一"))
        }
    };
    let scheme: [&str; 4] = if doc.skip_paren_level {
        ["cn", "dot", "paren", "circled"]
    } else {
        ["cn", "pcn", "dot", "paren"]
    };
    let (lp, rp, dot) = if doc.full_width {
        ("（", "）", "．")
    } else {
        ("(", ")", ".")
    };
    match scheme.get(level).copied().unwrap_or("paren") {
        "cn" => format!("{}、", cn(n)),
        "pcn" => format!("{lp}{}{rp}", cn(n)),
        "dot" => format!("{n}{dot}"),
        "circled" => CIRCLED.get(n - 1).copied().unwrap_or("⑩").to_string(),
        _ => format!("{lp}{n}{rp}"),
    }
}

fn unit(i: usize) -> String {
    format!(
        "市{}",
        UNITS.get(i % UNITS.len()).copied().unwrap_or("公安局")
    )
}

/// Render a clause of form `form` over units `us`: (text, roles).
fn clause(form: usize, us: &[usize], full: bool) -> (String, Roles) {
    let (lp, rp) = if full { ("（", "）") } else { ("(", ")") };
    let mut ids: Vec<usize> = Vec::new();
    for u in us {
        if !ids.iter().any(|x| x % UNITS.len() == u % UNITS.len()) {
            ids.push(*u);
        }
    }
    let names: Vec<String> = ids.iter().map(|i| unit(*i)).collect();
    let a = names.first().cloned().unwrap_or_else(|| unit(0));
    let rest: Vec<String> = names.iter().skip(1).cloned().collect();
    let r = |lead: Vec<String>,
             responsible: Vec<String>,
             support: Vec<String>,
             open_ended: bool| Roles {
        lead,
        responsible,
        support,
        open_ended,
    };
    match (form % 10, rest.is_empty()) {
        (8, false) => (
            format!("\n牵头单位：{a}\n配合单位：{}", rest.join("、")),
            r(vec![a], vec![], rest, false),
        ),
        (9, _) => (
            format!("{lp}{a}负责，2024年底前完成{rp}"),
            r(vec![], vec![a], vec![], false),
        ),
        (0, _) | (_, true) => (
            format!("{lp}{a}负责{rp}"),
            r(vec![], vec![a], vec![], false),
        ),
        (1, _) => {
            let all = names.join("、");
            (
                format!("{lp}{all}按职责分工负责{rp}"),
                r(vec![], names.clone(), vec![], false),
            )
        }
        (2, _) => (
            format!("{lp}{a}牵头，{}按职责分工负责{rp}", rest.join("、")),
            r(vec![a], vec![], rest, false),
        ),
        (3, _) => (
            format!("{lp}{a}牵头，{}配合{rp}", rest.join("、")),
            r(vec![a], vec![], rest, false),
        ),
        (4, _) => (
            format!("{lp}牵头单位：{a}；配合单位：{}{rp}", rest.join("、")),
            r(vec![a], vec![], rest, false),
        ),
        (5, _) => (
            format!("{lp}责任单位：{}{rp}", names.join("、")),
            r(vec![], names.clone(), vec![], false),
        ),
        (6, _) => (
            format!("{lp}{}等按职责分工负责{rp}", names.join("、")),
            r(vec![], names.clone(), vec![], true),
        ),
        _ => {
            // 市A、B负责: the prefix of the clause carries to the bare stem
            let bare: Vec<String> = ids
                .iter()
                .skip(1)
                .map(|i| {
                    UNITS
                        .get(i % UNITS.len())
                        .copied()
                        .unwrap_or("")
                        .to_string()
                })
                .collect();
            (
                format!("{lp}{a}、{}负责{rp}", bare.join("、")),
                r(vec![], names.clone(), vec![], false),
            )
        }
    }
}

fn render_section(
    s: &GSection,
    level: usize,
    n: usize,
    parent: &str,
    doc: &GDoc,
    lines: &mut Vec<String>,
    exp: &mut Vec<Expected>,
) {
    let id = if parent.is_empty() {
        n.to_string()
    } else {
        format!("{parent}.{n}")
    };
    let title = TITLES
        .get(s.title % TITLES.len())
        .copied()
        .unwrap_or("加强保护")
        .to_string();
    let m = marker(level, n, doc);
    let t = |x: &str| trad(x, doc.traditional);
    if !s.children.is_empty() {
        lines.push(t(&format!("{m}{title}")));
        exp.push(Expected {
            id: id.clone(),
            title: t(&title),
            tasks: Vec::new(),
        });
        for (k, c) in s.children.iter().enumerate() {
            render_section(c, level + 1, k + 1, &id, doc, lines, exp);
        }
        return;
    }
    let mut line = format!("{m}{title}。");
    let mut tasks = Vec::new();
    if s.tasks.is_empty() {
        tasks.push((t(&title), None));
    }
    for (k, g) in s.tasks.iter().enumerate() {
        let text = TEXTS
            .get(g.text % TEXTS.len())
            .copied()
            .unwrap_or("加强监管");
        line.push_str(text);
        line.push('。');
        let snippet = if k == 0 {
            format!("{title}。{text}")
        } else {
            text.to_string()
        };
        match &g.clause {
            Some((form, us)) => {
                let (c, roles) = clause(*form, us, doc.full_width);
                line.push_str(&c);
                if c.starts_with('\n') {
                    line.push('\n');
                }
                let roles = Roles {
                    lead: roles.lead.iter().map(|x| t(x)).collect(),
                    responsible: roles.responsible.iter().map(|x| t(x)).collect(),
                    support: roles.support.iter().map(|x| t(x)).collect(),
                    open_ended: roles.open_ended,
                };
                tasks.push((t(&snippet), Some(roles)));
            }
            None => tasks.push((t(&snippet), None)),
        }
    }
    // text after the last clause is one more task; a clause-less task must be last
    for l in line.split('\n').filter(|l| !l.is_empty()) {
        lines.push(t(l));
    }
    exp.push(Expected {
        id,
        title: t(&title),
        tasks,
    });
}

/// Render a document: its text and what the parser must find.
pub fn render(doc: &GDoc) -> (String, Vec<Expected>) {
    let mut body = Vec::new();
    let mut exp = Vec::new();
    for (k, s) in doc.sections.iter().enumerate() {
        render_section(s, 0, k + 1, "", doc, &mut body, &mut exp);
    }
    let t = |x: &str| trad(x, doc.traditional);
    let mut lines: Vec<String> = Vec::new();
    if doc.boilerplate {
        lines.push("当前位置：首页 > 政策文件 > 正文".into());
        lines.push("网站首页 新闻 政务 服务 互动".into());
    }
    lines.push(t("某市知识产权保护工作要点"));
    lines.push(String::new());
    lines.push(t("为加强知识产权保护工作，制定本要点。"));
    for l in body {
        if doc.wrap && !l.contains("单位：") {
            let cs: Vec<char> = l.chars().collect();
            for chunk in cs.chunks(28) {
                lines.push(chunk.iter().collect());
            }
        } else {
            lines.push(l);
        }
    }
    if doc.pdf {
        let mut out = Vec::new();
        for (k, l) in lines.into_iter().enumerate() {
            out.push(l);
            if k % 17 == 16 {
                out.push(format!("— {} —", k / 17 + 1));
            }
        }
        lines = out;
    }
    if doc.boilerplate {
        lines.push("版权所有：某市人民政府办公室 ICP备12345678号".into());
    }
    let sep = if doc.double_spaced { "\n\n" } else { "\n" };
    (lines.join(sep) + "\n", exp)
}

fn task_strategy() -> impl Strategy<Value = GTask> {
    (
        0usize..6,
        proptest::option::weighted(
            0.85,
            (0usize..10, proptest::collection::vec(0usize..8, 1..4)),
        ),
    )
        .prop_map(|(text, clause)| GTask { text, clause })
}

fn leaf() -> impl Strategy<Value = GSection> {
    (0usize..8, proptest::collection::vec(task_strategy(), 0..4)).prop_map(|(title, mut tasks)| {
        // a task without a clause can only be the last one (text after the last clause)
        let n = tasks.len();
        for (k, t) in tasks.iter_mut().enumerate() {
            if k + 1 < n && t.clause.is_none() {
                t.clause = Some((0, vec![k]));
            }
        }
        GSection {
            title,
            tasks,
            children: Vec::new(),
        }
    })
}

fn section(depth: u32) -> BoxedStrategy<GSection> {
    if depth == 0 {
        return leaf().boxed();
    }
    prop_oneof![
        leaf(),
        (
            0usize..8,
            proptest::collection::vec(section(depth - 1), 1..4)
        )
            .prop_map(|(title, children)| GSection {
                title,
                tasks: Vec::new(),
                children
            }),
    ]
    .boxed()
}

/// Random documents.
pub fn doc() -> impl Strategy<Value = GDoc> {
    let flags = proptest::collection::vec(any::<bool>(), 7);
    (
        proptest::collection::vec(section(2), 1..14),
        flags,
        0usize..3,
    )
        .prop_map(|(sections, f, encoding)| {
            let flag = |k: usize| f.get(k).copied().unwrap_or(false);
            GDoc {
                sections,
                skip_paren_level: flag(0),
                full_width: flag(1),
                wrap: flag(2),
                pdf: flag(3),
                boilerplate: flag(4),
                traditional: flag(5),
                double_spaced: flag(6),
                encoding,
            }
        })
}

/// The text in the document's encoding.
pub fn encode(doc: &GDoc, text: &str) -> Vec<u8> {
    match doc.encoding {
        1 => encoding_rs::GB18030.encode(text).0.into_owned(),
        2 => {
            let mut b = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }
        _ => text.as_bytes().to_vec(),
    }
}
