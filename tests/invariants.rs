//! Invariants over arbitrary marker soups: whatever order and numbering the headings come
//! in — repeated numbers, levels skipped, styles mixed, a document flattened onto one
//! line — section ids are unique and every section's id is its parent's id plus its
//! ordinal.

use proptest::prelude::*;

const FORMS: &[fn(u32) -> String] = &[
    |n| format!("{}、", cn(n)),
    |n| format!("（{}）", cn(n)),
    |n| format!("{n}."),
    |n| format!("（{n}）"),
    |n| format!("第{}章", cn(n)),
    |n| format!("第{}条", cn(n)),
    |n| format!("{n}.{}　", n % 3 + 1),
    |n| format!("{n}　"),
];

fn cn(n: u32) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七"][(n as usize - 1) % 7]
}

fn render(items: &[(usize, u32, bool)], flat: bool) -> String {
    let mut out = String::from("某市2024年工作要点\n");
    for (k, (form, n, clause)) in items.iter().enumerate() {
        let f = FORMS[*form % FORMS.len()];
        out.push_str(&f(*n));
        out.push_str(&format!("推进第{k}项重点工作任务"));
        if *clause {
            out.push_str("。（市发展改革委牵头，市财政局负责）");
        } else {
            out.push('。');
        }
        out.push(if flat { '　' } else { '\n' });
    }
    out
}

fn walk(secs: &[fengong::Section], parent: &str, ids: &mut Vec<String>) -> Result<(), String> {
    for s in secs {
        let want = if parent.is_empty() {
            s.ordinal.to_string()
        } else {
            format!("{parent}.{}", s.ordinal)
        };
        if s.id != want {
            return Err(format!(
                "section {} under {parent:?} has ordinal {}",
                s.id, s.ordinal
            ));
        }
        ids.push(s.id.clone());
        walk(&s.children, &s.id, ids)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn section_ids_are_unique(
        items in prop::collection::vec((0usize..8, 1u32..6, any::<bool>()), 1..40),
        flat in any::<bool>(),
    ) {
        let text = render(&items, flat);
        let doc = fengong::parse_text(&text, &fengong::Options::default());
        let mut ids = Vec::new();
        if let Err(e) = walk(&doc.sections, "", &mut ids) {
            prop_assert!(false, "{e}\n{text}");
        }
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(sorted.len(), ids.len(), "duplicate ids in {:?}\n{}", ids, text);
    }
}
