//! Pairing sections and tasks by content: exact first, then bounded similarity.

use super::{normalize_text, Flat, SectionChange};
use crate::model::{Document, Section};
use std::collections::{HashMap, HashSet};

/// Bigrams shared by more tasks than this say nothing about which task is which.
const MAX_POSTING: usize = 200;
/// At most this many candidate pairs are scored; more is reported in `warnings`.
const MAX_SCORED: usize = 4_000_000;

/// A paired task: indices into OLD and NEW, and their similarity.
#[derive(Clone, Copy, Debug)]
pub struct Pair {
    /// Index in OLD's flattened tasks.
    pub old: usize,
    /// Index in NEW's flattened tasks.
    pub new: usize,
    /// Text similarity in 0..=1.
    pub similarity: f64,
}

fn bigrams(key: &str) -> HashMap<(char, char), u32> {
    let cs: Vec<char> = key.chars().collect();
    let mut m = HashMap::new();
    if cs.len() == 1 {
        if let Some(&c) = cs.first() {
            m.insert((c, c), 1);
        }
    }
    for w in cs.windows(2) {
        if let [x, y] = w {
            *m.entry((*x, *y)).or_insert(0) += 1;
        }
    }
    m
}

/// Dice coefficient over character bigrams (with multiplicity).
pub fn similarity(a: &str, b: &str) -> f64 {
    dice(&bigrams(&normalize_text(a)), &bigrams(&normalize_text(b)))
}

fn dice(a: &HashMap<(char, char), u32>, b: &HashMap<(char, char), u32>) -> f64 {
    let (na, nb): (u32, u32) = (a.values().sum(), b.values().sum());
    if na + nb == 0 {
        return 1.0;
    }
    let common: u32 = a
        .iter()
        .map(|(k, v)| (*v).min(b.get(k).copied().unwrap_or(0)))
        .sum();
    2.0 * f64::from(common) / f64::from(na + nb)
}

/// Sections in document order: (unique key, title). Keys are ids, made unique (see
/// [`super::Keys`]) because an odd document can repeat an id.
fn flat_sections(doc: &Document) -> Vec<(String, String)> {
    fn walk(ss: &[Section], keys: &mut super::Keys, out: &mut Vec<(String, String)>) {
        for s in ss {
            out.push((keys.next(&s.id), s.title.clone()));
            walk(&s.children, keys, out);
        }
    }
    let mut v = Vec::new();
    walk(&doc.sections, &mut super::Keys::default(), &mut v);
    v
}

/// Headings only: sections that hold sub-items, or no task.
fn heading_ids(doc: &Document) -> HashSet<String> {
    fn walk(ss: &[Section], keys: &mut super::Keys, out: &mut HashSet<String>) {
        for s in ss {
            let k = keys.next(&s.id);
            if !s.children.is_empty() || s.tasks.is_empty() {
                out.insert(k);
            }
            walk(&s.children, keys, out);
        }
    }
    let mut v = HashSet::new();
    walk(&doc.sections, &mut super::Keys::default(), &mut v);
    v
}

/// Pair sections by title: exact (normalised) first, in order, then by similarity ≥ 0.5.
/// Returns OLD id → NEW id.
pub fn pair_sections(
    old: &Document,
    new: &Document,
    _w: &mut Vec<String>,
) -> HashMap<String, String> {
    let (a, b) = (flat_sections(old), flat_sections(new));
    let keys_b: Vec<String> = b.iter().map(|s| normalize_text(&s.1)).collect();
    let mut used_b = vec![false; b.len()];
    let mut out = HashMap::new();
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, k) in keys_b.iter().enumerate() {
        by_key.entry(k.as_str()).or_default().push(j);
    }
    let mut rest = Vec::new();
    for (i, s) in a.iter().enumerate() {
        let k = normalize_text(&s.1);
        let hit = by_key.get(k.as_str()).and_then(|js| {
            js.iter()
                .copied()
                .find(|&j| !used_b.get(j).copied().unwrap_or(true))
        });
        match hit {
            Some(j) => {
                if let (Some(u), Some(t)) = (used_b.get_mut(j), b.get(j)) {
                    *u = true;
                    out.insert(s.0.clone(), t.0.clone());
                }
            }
            None => rest.push(i),
        }
    }
    let mut cands = Vec::new();
    for &i in &rest {
        let Some(s) = a.get(i) else { continue };
        for (j, t) in b.iter().enumerate() {
            if used_b.get(j).copied().unwrap_or(true) {
                continue;
            }
            let sim = similarity(&s.1, &t.1);
            if sim >= 0.5 {
                cands.push((sim, i, j));
            }
        }
        if cands.len() > MAX_SCORED {
            break;
        }
    }
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut used_a: HashSet<usize> = HashSet::new();
    for (_, i, j) in cands {
        if used_a.contains(&i) || used_b.get(j).copied().unwrap_or(true) {
            continue;
        }
        if let (Some(s), Some(t), Some(u)) = (a.get(i), b.get(j), used_b.get_mut(j)) {
            *u = true;
            used_a.insert(i);
            out.insert(s.0.clone(), t.0.clone());
        }
    }
    out
}

/// Sections added, removed, renamed.
pub fn section_changes(
    old: &Document,
    new: &Document,
    pairs: &HashMap<String, String>,
) -> Vec<SectionChange> {
    let (ha, hb) = (heading_ids(old), heading_ids(new));
    let a: Vec<(String, String)> = flat_sections(old)
        .into_iter()
        .filter(|s| ha.contains(&s.0))
        .collect();
    let b: Vec<(String, String)> = flat_sections(new)
        .into_iter()
        .filter(|s| hb.contains(&s.0))
        .collect();
    let paired_new: HashSet<&String> = pairs.values().collect();
    let title_b: HashMap<&String, &String> = b.iter().map(|(i, t)| (i, t)).collect();
    let mut out = Vec::new();
    for (id, title) in &a {
        match pairs.get(id) {
            None => out.push(SectionChange {
                kind: "removed".into(),
                old: Some((id.clone(), title.clone())),
                new: None,
            }),
            Some(nid) => {
                let nt = title_b.get(nid).map(|s| s.to_string()).unwrap_or_default();
                if normalize_text(&nt) != normalize_text(title) {
                    out.push(SectionChange {
                        kind: "renamed".into(),
                        old: Some((id.clone(), title.clone())),
                        new: Some((nid.clone(), nt)),
                    });
                }
            }
        }
    }
    for (id, title) in &b {
        if !paired_new.contains(id) {
            out.push(SectionChange {
                kind: "added".into(),
                old: None,
                new: Some((id.clone(), title.clone())),
            });
        }
    }
    out
}

fn owners(f: &Flat) -> HashSet<String> {
    f.view
        .responsibility
        .as_ref()
        .map(|r| {
            r.lead
                .iter()
                .chain(&r.responsible)
                .chain(&r.support)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Do two tasks sit under paired headings?
pub fn same_home(o: &Flat, n: &Flat, secs: &HashMap<String, String>) -> bool {
    if o.home.is_empty() || n.home.is_empty() {
        return o.home.is_empty() && n.home.is_empty();
    }
    secs.get(&o.home).is_some_and(|s| *s == n.home)
}

/// Pair tasks one-to-one: identical text in order first, then by similarity.
pub fn pair_tasks(
    a: &[Flat],
    b: &[Flat],
    secs: &HashMap<String, String>,
    threshold: f64,
    warnings: &mut Vec<String>,
) -> Vec<Pair> {
    let mut pairs = Vec::new();
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    // 1. identical normalised text, preferring the same (paired) section
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in a.iter().enumerate() {
        by_key.entry(t.key.as_str()).or_default().push(i);
    }
    for (j, t) in b.iter().enumerate() {
        let Some(is) = by_key.get(t.key.as_str()) else {
            continue;
        };
        let free = |i: &usize| !used_a.get(*i).copied().unwrap_or(true);
        let same = is
            .iter()
            .copied()
            .filter(free)
            .find(|i| a.get(*i).is_some_and(|o| same_home(o, t, secs)));
        if let Some(i) = same.or_else(|| is.iter().copied().find(free)) {
            if let (Some(ua), Some(ub)) = (used_a.get_mut(i), used_b.get_mut(j)) {
                *ua = true;
                *ub = true;
            }
            pairs.push(Pair {
                old: i,
                new: j,
                similarity: 1.0,
            });
        }
    }
    // 2. similar text among the rest
    let grams_b: Vec<HashMap<(char, char), u32>> = b.iter().map(|t| bigrams(&t.key)).collect();
    let mut posting: HashMap<(char, char), Vec<usize>> = HashMap::new();
    for (j, g) in grams_b.iter().enumerate() {
        if used_b.get(j).copied().unwrap_or(true) {
            continue;
        }
        for k in g.keys() {
            posting.entry(*k).or_default().push(j);
        }
    }
    let mut cands: Vec<(f64, f64, usize, usize)> = Vec::new();
    let mut scored = 0usize;
    let mut capped = false;
    'outer: for (i, t) in a.iter().enumerate() {
        if used_a.get(i).copied().unwrap_or(true) {
            continue;
        }
        let ga = bigrams(&t.key);
        let mut shared: HashMap<usize, u32> = HashMap::new();
        for k in ga.keys() {
            if let Some(js) = posting.get(k) {
                if js.len() > MAX_POSTING {
                    continue;
                }
                for &j in js {
                    *shared.entry(j).or_insert(0) += 1;
                }
            }
        }
        let oa = owners(t);
        for (j, n) in shared {
            if n < 2 && ga.len() > 2 {
                continue;
            }
            scored += 1;
            if scored > MAX_SCORED {
                capped = true;
                break 'outer;
            }
            let (Some(gb), Some(tb)) = (grams_b.get(j), b.get(j)) else {
                continue;
            };
            let sim = dice(&ga, gb);
            if sim < threshold {
                continue;
            }
            let mut rank = sim;
            if same_home(t, tb, secs) {
                rank += 0.1;
            }
            if !oa.is_empty() && !oa.is_disjoint(&owners(tb)) {
                rank += 0.03;
            }
            cands.push((rank, sim, i, j));
        }
    }
    if capped {
        warnings.push(format!("similarity pairing stopped after {MAX_SCORED} candidate pairs; some reworded tasks may show as removed + added"));
    }
    cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.2.cmp(&y.2)).then(x.3.cmp(&y.3)));
    for (_, sim, i, j) in cands {
        if used_a.get(i).copied().unwrap_or(true) || used_b.get(j).copied().unwrap_or(true) {
            continue;
        }
        if let (Some(ua), Some(ub)) = (used_a.get_mut(i), used_b.get_mut(j)) {
            *ua = true;
            *ub = true;
        }
        pairs.push(Pair {
            old: i,
            new: j,
            similarity: sim,
        });
    }
    pairs.sort_by_key(|p| p.new);
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_of_chinese_text() {
        assert!((similarity("加强知识产权保护", "加强知识产权保护") - 1.0).abs() < 1e-9);
        assert!(similarity("加强知识产权保护工作", "进一步加强知识产权保护") > 0.6);
        assert!(similarity("加强知识产权保护", "开展食品安全检查") < 0.2);
    }
}
