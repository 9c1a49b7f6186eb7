//! Property test: a random tree rendered as a policy document (random heading scheme,
//! full- or half-width, clauses of every form, hard wraps, page numbers, site text,
//! traditional script) parses back to the same tree, roles and all, and conserves its text.

mod common;

use common::gen::{self, Expected, Roles};
use proptest::prelude::*;

fn alnum(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn flatten<'a>(secs: &'a [fengong::Section], out: &mut Vec<&'a fengong::Section>) {
    for s in secs {
        out.push(s);
        flatten(&s.children, out);
    }
}

fn compare(bytes: &[u8], expected: &[Expected]) -> Result<(), String> {
    let doc = fengong::parse_bytes(bytes, None, &fengong::Options::default())
        .map_err(|e| e.to_string())?;
    let mut got = Vec::new();
    flatten(&doc.sections, &mut got);
    if got.len() != expected.len() {
        return Err(format!(
            "{} sections, expected {}: {:?}",
            got.len(),
            expected.len(),
            got.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()
        ));
    }
    for (g, e) in got.iter().zip(expected) {
        if g.id != e.id || !alnum(&g.title).starts_with(&alnum(&e.title)) {
            return Err(format!(
                "section {} {:?}, expected {} {:?}",
                g.id, g.title, e.id, e.title
            ));
        }
        if g.tasks.len() != e.tasks.len() {
            return Err(format!(
                "section {}: {} tasks, expected {}",
                g.id,
                g.tasks.len(),
                e.tasks.len()
            ));
        }
        for (t, (snippet, roles)) in g.tasks.iter().zip(&e.tasks) {
            if !alnum(&t.text).contains(&alnum(snippet)) {
                return Err(format!(
                    "task {}: {:?} does not contain {:?}",
                    t.id, t.text, snippet
                ));
            }
            let got_roles = t.responsibility.as_ref().map(|r| Roles {
                lead: r.lead.clone(),
                responsible: r.responsible.clone(),
                support: r.support.clone(),
                open_ended: r.open_ended,
            });
            if &got_roles != roles {
                return Err(format!(
                    "task {}: roles {got_roles:?}, expected {roles:?}",
                    t.id
                ));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn rendered_trees_parse_back(doc in gen::doc()) {
        let (text, expected) = gen::render(&doc);
        let bytes = gen::encode(&doc, &text);
        if let Err(e) = compare(&bytes, &expected) {
            prop_assert!(false, "{e}\n--- document ---\n{text}");
        }
        let problems = common::check("generated", &bytes);
        prop_assert!(problems.is_empty(), "{problems:?}\n--- document ---\n{text}");
    }
}
