//! The words the clause parser knows, in one place: labels, role words and their
//! endings, deadlines, conventions, notes, jurisdiction words and bare suffixes. The
//! regexes and the cheap prefilters are built from here; nothing else lists them.

use crate::scan::{pattern, Pattern, Words};
use std::sync::LazyLock;

/// What a label's name ends in (`牵头单位`, `责任部门`), in either script: a line without
/// one of these and a colon holds no label.
pub const LABEL_SUFFIXES: &[&str] = &[
    "单位", "部门", "机关", "机构", "單位", "部門", "機關", "機構",
];

/// The role words a label opens with (`牵头单位：`), simplified.
const LABEL_ROLES: &[&str] = &[
    "牵头", "主办", "主责", "责任", "负责", "实施", "承办", "执行", "配合", "协办", "协助", "参与",
    "支持", "协同",
];

/// Role words that make a bracket worth a `duty_unparsed` warning when it is no clause.
pub const CORE_ROLE_WORDS: &[&str] = &["负责", "牵头", "負責", "牽頭"];

/// Endings of a line that only names who does the task before it (`市人社局牵头落实`).
pub const ROLE_LINE_ENDS: &[&str] = &[
    "牵头落实",
    "负责落实",
    "分别牵头",
    "牵头负责",
    "牵头",
    "负责",
    "配合",
    "牽頭",
    "負責",
];

/// A label opening a segment (folded text): built from [`LABEL_ROLES`] and the simplified
/// [`LABEL_SUFFIXES`]. Searched through [`opening_label`] and [`opens_with_label`].
static LABEL: Pattern = pattern!(|| {
    crate::scan::static_regex(&format!(
        r"^(?P<l>(?:{})(?:{}))\s*[:：]\s*",
        LABEL_ROLES.join("|"),
        LABEL_SUFFIXES.get(..4).unwrap_or(&[]).join("|")
    ))
});

pub(super) static INLINE_LABEL: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"[。；;][ \u{3000}]*(?:牵头单位|牵头部门|责任单位|责任部门|主办单位)\s*[:：]",
    )
});

/// A role word directly followed by 、 or a space: a segment boundary.
pub(super) static ROLE_THEN_SEP: Pattern =
    pattern!(|| crate::scan::static_regex(r"(?:牵头|负责|配合|参与|协助|落实)[、 \u{3000}]"));

/// Every role ending closes on one of these characters.
/// The characters [`LEAD_END`], [`SUPPORT_END`] and [`RESP_END`] close on: a segment
/// that ends otherwise is not tried against that pattern (a bare list, …局, against none).
pub(super) const LEAD_END_CHARS: &[char] = &['头', '责', '总', '位', '门', '实', '施', '进'];
pub(super) const SUPPORT_END_CHARS: &[char] = &[
    '合', '与', '加', '助', '作', '同', '办', '持', '位', '门', '实', '施',
];
pub(super) const RESP_END_CHARS: &[char] = &['责', '实', '担', '导', '位', '门', '施'];

/// The characters any role ending closes on.
pub(super) static ROLE_END: LazyLock<crate::scan::CharSet> = LazyLock::new(|| {
    crate::scan::CharSet::from_chars([LEAD_END_CHARS, SUPPORT_END_CHARS, RESP_END_CHARS].concat())
});

pub(super) static LEAD_END: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"(?:按照?职责分工|按职责)?(?:共同|分别)?(?:牵头(?:负责|抓总)?|负责牵头|为牵头单位|为牵头部门)(?:落实|实施|推进)?$",
    )
});

pub(super) static SUPPORT_END: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"(?:按照?职责分工|按职责|根据职责|按各自职责|依职责)?(?:分别|共同)?(?:配合|参与|参加|协助|协作|协同|协办|支持|为配合单位|为配合部门)(?:落实|实施)?$",
    )
});

pub(super) static RESP_END: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"(?:按照?职责分工|按照?职责|根据职责|按各自职责|依职责|依据职责)?(?:分别|共同|具体)?(?:负责|落实|承担|指导|为责任单位|为责任部门)(?:落实|实施)?$",
    )
});

/// The labels that open a deadline (`完成时限：2024年底`).
const DEADLINE_LABELS: &[&str] = &[
    "完成时限",
    "完成时间",
    "时间节点",
    "时限要求",
    "完成期限",
    "时限",
    "进度安排",
];

/// The words that end a deadline (`2024年6月底前`, `持续推进`); `\d{4}\s*年`, a year,
/// is the pattern's own.
const DEADLINE_ENDS: &[&str] = &[
    "底前",
    "前完成",
    "月底",
    "年底",
    "季度",
    "持续推进",
    "长期坚持",
    "持续实施",
    "长期任务",
    "持续开展",
];

/// A deadline segment: a deadline label then a colon, or a text ending in a year or a
/// deadline word. Searched through [`is_deadline`].
static DEADLINE: Pattern = pattern!(|| {
    crate::scan::static_regex(&format!(
        r"^(?:(?:{})\s*[:：].*|.*(?:\d{{4}}\s*年|{}))$",
        DEADLINE_LABELS.join("|"),
        DEADLINE_ENDS.join("|")
    ))
});

/// Is the segment `f` (folded) a deadline ([`DEADLINE`])? A segment that opens with no
/// deadline label and ends neither in 年 nor in the last character of a deadline word
/// cannot match, and most segments are unit lists: they are spared the search.
pub(super) fn is_deadline(f: &str) -> bool {
    let may_end = f
        .chars()
        .next_back()
        .is_some_and(|last| last == '年' || DEADLINE_ENDS.iter().any(|w| w.ends_with(last)));
    (may_end || DEADLINE_LABELS.iter().any(|w| f.starts_with(w))) && DEADLINE.is_match(f)
}

/// The label opening the segment `f` (folded), `牵头单位：` with its colon and the spaces
/// after it ([`LABEL`]). A label opens with a role word of [`LABEL_ROLES`]: a segment that
/// opens otherwise is spared the search.
pub(super) fn opening_label(f: &str) -> Option<regex::Match<'_>> {
    LABEL_ROLES
        .iter()
        .any(|w| f.starts_with(w))
        .then(|| LABEL.find(f))
        .flatten()
}

/// Does a label open `f` (folded)? See [`opening_label`].
pub(super) fn opens_with_label(f: &str) -> bool {
    opening_label(f).is_some()
}

/// A label inside a clause without a separator before it: `牵头单位：X 责任单位：Y`.
pub(super) static LABEL_AFTER_SPACE: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"([^ \t\u{3000}])[ \t\u{3000}]*((?:牵头|主办|责任|配合|协办|参与|协助)(?:单位|部门|机关)|完成时限|完成时间)\s*([:：])",
    )
});

pub(super) static CONVENTION: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"(?:列|排|位)(?:在|于)?(?:第一|首)位的?(?:者|单位|部门)?(?:为|是)牵头",
    )
});

/// A word that makes a bracket worth reading as a clause (one pass for all of them).
/// A label in lenticular brackets (`【牵头单位】`), folded text: built from the same lists.
pub(super) static BRACKET_LABEL: Pattern = pattern!(|| {
    crate::scan::static_regex(&format!(
        r"【((?:{})(?:{}))】",
        LABEL_ROLES.join("|"),
        LABEL_SUFFIXES.get(..4).unwrap_or(&[]).join("|")
    ))
});

/// Words that give a list a role, in either script (the label roles are among them).
const ROLE_WORDS: &[&str] = &[
    "负责", "牵头", "配合", "参与", "參與", "参加", "协助", "协作", "协同", "落实", "指导", "指導",
    "会同", "會同", "負責", "牽頭", "主办", "主责", "承办", "协办",
];

/// A role word, or a label's suffix: a bracket holding none is tried as a clause only if
/// it ends like a unit name.
static ROLE_WORD: LazyLock<Words> =
    LazyLock::new(|| Words::new([ROLE_WORDS, LABEL_SUFFIXES].concat()));

/// A role word proper, or a whole label (`实施单位`, not 实施 alone): where one marks a
/// list, names the lexicon does not know are units.
static MARKING_WORD: LazyLock<Words> = LazyLock::new(|| {
    let labels = LABEL_ROLES.iter().flat_map(|r| {
        LABEL_SUFFIXES
            .iter()
            .take(4)
            .map(move |s| format!("{r}{s}"))
    });
    Words::new(ROLE_WORDS.iter().map(|w| w.to_string()).chain(labels))
});

/// Is the bracket worth reading as a clause (a role word or a label's suffix)?
pub(super) fn has_role_word(s: &str) -> bool {
    ROLE_WORD.is_match(s)
}

/// Does a role word mark the clause's lists?
pub(super) fn marks_lists(s: &str) -> bool {
    MARKING_WORD.is_match(s)
}

/// Does `s` hold a colon (`：` or `:`)? memchr/memmem rather than a walk over characters.
pub(super) fn has_colon(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr(b':', b).is_some() || WIDE_COLON.find(b).is_some()
}

/// The search for `：`, built once.
static WIDE_COLON: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("："));

/// Does a label suffix ([`LABEL_SUFFIXES`]) stand before a colon of `t`, spaces between
/// them aside, as every label's does? Only the few colons are looked at, not the whole
/// paragraph for each suffix.
pub(super) fn label_before_colon(t: &str) -> bool {
    let b = t.as_bytes();
    let narrow = memchr::memchr_iter(b':', b);
    narrow.chain(WIDE_COLON.find_iter(b)).any(|at| {
        let before = t.get(..at).unwrap_or("").trim_end();
        LABEL_SUFFIXES.iter().any(|w| before.ends_with(w))
    })
}

/// A segment of a clause that is a note, not units: `以下简称X`, `下同`, `以下不再列出`,
/// `列第一位者为牵头单位`.
pub(super) fn is_note(f: &str) -> bool {
    const NOTES: &[&str] = &[
        "以下简称",
        "以下称",
        "下同",
        "以下不再",
        "以下均",
        "不再列出",
        "不再做分工",
        "不再分工",
        "列第一位",
        "列在第一位",
        "排在第一位",
        "排在首位",
        "排第一位",
        "第一个为",
        "具体任务",
        "简称",
        "以下",
        "除标注",
        "适用范围",
        "适用于",
    ];
    NOTES.iter().any(|w| f.starts_with(w)) || other_label(f)
}

/// A segment opening with a label that names no role (`适用范围：…`, `备注：…`).
pub(super) fn other_label(f: &str) -> bool {
    f.char_indices()
        .take(7)
        .find(|(_, c)| matches!(c, '：' | ':'))
        .is_some_and(|_| !opens_with_label(f) && !is_deadline(f))
}

/// A jurisdiction word of a 各 list: 区, 县, 县级市, 市, 乡镇, 街道 …
pub(super) fn is_jurisdiction_word(s: &str) -> bool {
    matches!(
        s,
        "省" | "市"
            | "县"
            | "区"
            | "州"
            | "盟"
            | "旗"
            | "县级市"
            | "县区"
            | "市区"
            | "乡"
            | "镇"
            | "乡镇"
            | "街道"
            | "开发区"
            | "功能区"
            | "管委会"
            | "自治区"
            | "直辖市"
            | "地"
    )
}

/// A bare suffix word is never a unit by itself: `各有关部门和单位` is one unit.
pub(super) fn is_bare_suffix(s: &str) -> bool {
    matches!(s, "单位" | "部门" | "机构" | "机关" | "单位等" | "部门等")
}

/// A name the lexicon does not know but that reads as one: words (quotes and balanced
/// brackets allowed), no sentence punctuation, no figures, not a clause of a sentence.
pub(super) fn plausible_name(name: &str) -> bool {
    let n = name.chars().count();
    (2..=30).contains(&n)
        && !name.chars().any(|c| {
            c.is_ascii_digit()
                || matches!(c, '。' | '，' | ',' | '；' | ';' | '：' | ':' | '《' | '》')
        })
        && crate::text::open_depth(name) == 0
        && ![
            "含", "如", "包括", "其中", "以下", "下同", "按照", "根据", "负责", "要", "在",
        ]
        .iter()
        .any(|w| name.starts_with(w))
        // words of a sentence, not of a name: 各地要…, 由X…, 确保…
        && !["由", "要", "应当", "须", "将", "把", "确保", "加强", "推进", "开展", "做好", "进一步"]
            .iter()
            .any(|w| name.contains(w))
        && name.chars().filter(|c| crate::scan::is_han(*c)).count() * 10
            >= name
                .chars()
                .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | '〔' | '〕' | '、' | '“' | '”'))
                .count()
                * 7
}

/// Phrases of a standing note (`以下均需试点城市政府落实，不再列出`): it speaks for later
/// clauses without naming them, and adds no unit to any.
const STANDING_NOTES: &[&str] = &[
    "不再列出",
    "不再一一列出",
    "不再做分工",
    "不再分工",
    "不再逐一列出",
];

/// Does a clause carry a standing note? (Every note says 不再: one search for it spares
/// the five.)
pub fn has_standing_note(raw: &str) -> bool {
    static NO_MORE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("不再"));
    NO_MORE.find(raw.as_bytes()).is_some() && STANDING_NOTES.iter().any(|w| raw.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_for_no_more_finds_every_standing_note() {
        // (besides each note, texts that say 不再 or part of a note and are none)
        let mut texts = vec![String::new(), "不再".to_string(), "不再开展".to_string()];
        for w in STANDING_NOTES {
            for (before, after) in [
                ("", ""),
                ("牵头", "：市商务局"),
                ("以下", "。"),
                ("不", "再"),
            ] {
                texts.push(format!("{before}{w}{after}"));
                // the word cut in two by a character between its halves
                let mid = w.char_indices().nth(1).map_or(0, |(i, _)| i);
                texts.push(format!("{before}{}、{}{after}", &w[..mid], &w[mid..]));
            }
        }
        for t in &texts {
            assert_eq!(
                has_standing_note(t),
                STANDING_NOTES.iter().any(|w| t.contains(w)),
                "{t}"
            );
        }
    }

    /// Every ending each role pattern reads (all its alternatives, spelled out) closes on
    /// one of that pattern's characters, and is read by the pattern.
    #[test]
    fn each_role_ending_closes_on_its_patterns_characters() {
        let duty = [
            "按职责分工",
            "按照职责分工",
            "按职责",
            "按照职责",
            "根据职责",
            "按各自职责",
            "依职责",
            "依据职责",
        ];
        // (pattern, its closing characters, its modifiers, its role words, what may follow)
        type Ending<'a> = (
            &'a Pattern,
            &'a [char],
            &'a [&'a str],
            &'a [&'a str],
            &'a [&'a str],
        );
        let cases: [Ending<'_>; 3] = [
            (
                &LEAD_END,
                LEAD_END_CHARS,
                &["共同", "分别"],
                &[
                    "牵头",
                    "牵头负责",
                    "牵头抓总",
                    "负责牵头",
                    "为牵头单位",
                    "为牵头部门",
                ],
                &["落实", "实施", "推进"],
            ),
            (
                &SUPPORT_END,
                SUPPORT_END_CHARS,
                &["分别", "共同"],
                &[
                    "配合",
                    "参与",
                    "参加",
                    "协助",
                    "协作",
                    "协同",
                    "协办",
                    "支持",
                    "为配合单位",
                    "为配合部门",
                ],
                &["落实", "实施"],
            ),
            (
                &RESP_END,
                RESP_END_CHARS,
                &["分别", "共同", "具体"],
                &["负责", "落实", "承担", "指导", "为责任单位", "为责任部门"],
                &["落实", "实施"],
            ),
        ];
        for (re, ends, ways, cores, after) in cases {
            for pre in std::iter::once("").chain(duty) {
                for way in std::iter::once("").chain(ways.iter().copied()) {
                    for core in cores {
                        for post in std::iter::once("").chain(after.iter().copied()) {
                            let t = format!("市商务局{pre}{way}{core}{post}");
                            let last = t.chars().next_back().unwrap_or(' ');
                            assert!(re.is_match(&t), "{t}");
                            assert!(ends.contains(&last), "{t}: {last} missing");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_tests_before_the_label_and_deadline_searches_turn_away_nothing_they_match() {
        // every word of the lists, in segments around it, each as a whole segment, with
        // text before it, after it, and both; the searches with and without the tests agree
        let words = LABEL_ROLES
            .iter()
            .flat_map(|r| LABEL_SUFFIXES.iter().map(move |s| format!("{r}{s}")))
            .chain(DEADLINE_LABELS.iter().map(|w| w.to_string()))
            .chain(DEADLINE_ENDS.iter().map(|w| w.to_string()))
            .chain(["2024年", "2024 年", "２０２４年", "年", "前", "底"].map(String::from));
        let mut matched = (0, 0);
        for w in words {
            for (before, after) in [
                ("", ""),
                ("", "："),
                ("", " ： 2024年底"),
                ("", "：市商务局"),
                ("", "：\n市商务局"),
                ("市商务局", ""),
                ("今年", "完成"),
                (" ", ""),
            ] {
                let f = format!("{before}{w}{after}");
                assert_eq!(opens_with_label(&f), LABEL.is_match(&f), "{f}");
                assert_eq!(
                    opening_label(&f).map(|m| m.range()),
                    LABEL.find(&f).map(|m| m.range()),
                    "{f}"
                );
                assert_eq!(is_deadline(&f), DEADLINE.is_match(&f), "{f}");
                matched.0 += usize::from(LABEL.is_match(&f));
                matched.1 += usize::from(DEADLINE.is_match(&f));
            }
        }
        // (the cases hold matches of both, not only texts both turn away)
        assert!(matched.0 > 50 && matched.1 > 50, "{matched:?}");
    }

    #[test]
    fn the_word_lists_agree_with_the_patterns_built_from_them() {
        for r in LABEL_ROLES {
            for suffix in LABEL_SUFFIXES.iter().take(4) {
                let label = format!("{r}{suffix}：市商务局");
                assert!(LABEL.is_match(&label), "{label}");
                assert!(has_role_word(&label), "{label}: the prefilter must see it");
            }
        }
        // the traditional suffixes fold to the simplified ones the pattern holds
        for (t, s) in LABEL_SUFFIXES.iter().skip(4).zip(LABEL_SUFFIXES) {
            assert_eq!(super::super::fold(t), *s);
        }
        // every role-line ending is a role ending the grammar reads
        for e in ROLE_LINE_ENDS {
            let f = super::super::fold(e);
            let last = f.chars().next_back().unwrap_or(' ');
            assert!(
                [LEAD_END_CHARS, SUPPORT_END_CHARS, RESP_END_CHARS]
                    .iter()
                    .any(|cs| cs.contains(&last)),
                "{e}"
            );
            assert!(
                LEAD_END.is_match(&f) || RESP_END.is_match(&f) || SUPPORT_END.is_match(&f),
                "{e}"
            );
        }
        for w in CORE_ROLE_WORDS {
            assert!(has_role_word(w) && marks_lists(w), "{w}");
        }
        for r in LABEL_ROLES {
            assert!(
                marks_lists(&format!("{r}单位：X")),
                "{r}: a label marks its list"
            );
        }
        assert!(!marks_lists("实施方案另行制定"));
    }
}
