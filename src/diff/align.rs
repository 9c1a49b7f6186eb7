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

/// A text's character bigrams with their counts, sorted by bigram: similarity is a merge
/// of two sorted lists, no hashing, and a bag is built once per text, not once per pair.
#[derive(Clone, Debug, Default)]
pub struct Bag {
    grams: Vec<(u64, u32)>,
    total: u32,
}

impl Bag {
    /// The bag of a normalised key (a one-character key is its own bigram).
    pub fn of(key: &str) -> Bag {
        let cs: Vec<char> = key.chars().collect();
        let pack = |x: char, y: char| (u64::from(x) << 32) | u64::from(y);
        let mut grams: Vec<u64> = match cs.as_slice() {
            [c] => vec![pack(*c, *c)],
            _ => cs
                .windows(2)
                .filter_map(|w| match w {
                    [x, y] => Some(pack(*x, *y)),
                    _ => None,
                })
                .collect(),
        };
        grams.sort_unstable();
        let total = u32::try_from(grams.len()).unwrap_or(u32::MAX);
        let mut counted: Vec<(u64, u32)> = Vec::with_capacity(grams.len());
        for g in grams {
            match counted.last_mut() {
                Some((last, n)) if *last == g => *n += 1,
                _ => counted.push((g, 1)),
            }
        }
        Bag {
            grams: counted,
            total,
        }
    }

    /// Distinct bigrams.
    pub fn distinct(&self) -> usize {
        self.grams.len()
    }

    /// Dice coefficient with multiplicity.
    pub fn dice(&self, other: &Bag) -> f64 {
        if self.total + other.total == 0 {
            return 1.0;
        }
        let (mut i, mut j, mut common) = (0, 0, 0u32);
        while let (Some(&(ga, na)), Some(&(gb, nb))) = (self.grams.get(i), other.grams.get(j)) {
            match ga.cmp(&gb) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += na.min(nb);
                    i += 1;
                    j += 1;
                }
            }
        }
        2.0 * f64::from(common) / f64::from(self.total + other.total)
    }
}

/// Dice coefficient over character bigrams (with multiplicity).
pub fn similarity(a: &str, b: &str) -> f64 {
    Bag::of(&normalize_text(a)).dice(&Bag::of(&normalize_text(b)))
}

/// Pairs of texts at least `threshold` alike, found through an index from bigram to the
/// texts of `b` that hold it — each text of `a` meets only the texts it shares bigrams
/// with, so the work grows with the input, not with its square. A bigram held by more
/// than [`MAX_POSTING`] texts is too common to say which text is which and is not
/// followed. Returns `(similarity, i, j)` and whether [`MAX_SCORED`] stopped the search.
pub(crate) fn candidates(
    a: &[Bag],
    b: &[Bag],
    skip_a: &[bool],
    skip_b: &[bool],
    threshold: f64,
) -> (Vec<(f64, usize, usize)>, bool) {
    let mut posting: rustc_hash::FxHashMap<u64, Vec<usize>> = rustc_hash::FxHashMap::default();
    for (j, g) in b.iter().enumerate() {
        if skip_b.get(j).copied().unwrap_or(true) {
            continue;
        }
        for (k, _) in &g.grams {
            posting.entry(*k).or_default().push(j);
        }
    }
    let mut shared = vec![0u32; b.len()];
    let mut touched: Vec<usize> = Vec::new();
    let (mut out, mut scored) = (Vec::new(), 0usize);
    for (i, ga) in a.iter().enumerate() {
        if skip_a.get(i).copied().unwrap_or(true) {
            continue;
        }
        for (k, _) in &ga.grams {
            let Some(js) = posting.get(k).filter(|js| js.len() <= MAX_POSTING) else {
                continue;
            };
            for &j in js {
                if let Some(n) = shared.get_mut(j) {
                    if *n == 0 {
                        touched.push(j);
                    }
                    *n += 1;
                }
            }
        }
        touched.sort_unstable();
        for j in touched.drain(..) {
            let n = shared.get_mut(j).map_or(0, std::mem::take);
            if n < 2 && ga.distinct() > 2 {
                continue;
            }
            scored += 1;
            if scored > MAX_SCORED {
                return (out, true);
            }
            let sim = b.get(j).map_or(0.0, |gb| ga.dice(gb));
            if sim >= threshold {
                out.push((sim, i, j));
            }
        }
    }
    (out, false)
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
    let bags_a: Vec<Bag> = a.iter().map(|s| Bag::of(&normalize_text(&s.1))).collect();
    let bags_b: Vec<Bag> = keys_b.iter().map(|k| Bag::of(k)).collect();
    let mut skip_a = vec![true; a.len()];
    for &i in &rest {
        if let Some(s) = skip_a.get_mut(i) {
            *s = false;
        }
    }
    let (mut cands, _) = candidates(&bags_a, &bags_b, &skip_a, &used_b, 0.5);
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
    // 2. similar text among the rest, ranked: same (paired) section, then shared owners
    let bags_a: Vec<Bag> = a.iter().map(|t| Bag::of(&t.key)).collect();
    let bags_b: Vec<Bag> = b.iter().map(|t| Bag::of(&t.key)).collect();
    let (found, capped) = candidates(&bags_a, &bags_b, &used_a, &used_b, threshold);
    let owners_a: Vec<HashSet<String>> = a.iter().map(owners).collect();
    let owners_b: Vec<HashSet<String>> = b.iter().map(owners).collect();
    let mut cands: Vec<(f64, f64, usize, usize)> = found
        .into_iter()
        .filter_map(|(sim, i, j)| {
            let (t, tb) = (a.get(i)?, b.get(j)?);
            let mut rank = sim;
            if same_home(t, tb, secs) {
                rank += 0.1;
            }
            let (oa, ob) = (owners_a.get(i)?, owners_b.get(j)?);
            if !oa.is_empty() && !oa.is_disjoint(ob) {
                rank += 0.03;
            }
            Some((rank, sim, i, j))
        })
        .collect();
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

    /// The bigram index finds exactly the pairs that comparing every pair finds (while no
    /// bigram is too common to follow).
    #[test]
    fn candidates_equal_brute_force() {
        let words = [
            "加强", "保护", "知识", "产权", "市场", "监管", "执法", "网络", "平台", "专项",
        ];
        let mut x: u32 = 12345;
        let mut text = |n: usize| {
            (0..n)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    words[(x >> 16) as usize % words.len()]
                })
                .collect::<String>()
        };
        let a: Vec<Bag> = (0..60).map(|i| Bag::of(&text(2 + i % 5))).collect();
        let b: Vec<Bag> = (0..60).map(|i| Bag::of(&text(2 + i % 4))).collect();
        let (skip_a, skip_b) = (vec![false; a.len()], vec![false; b.len()]);
        let (mut found, capped) = candidates(&a, &b, &skip_a, &skip_b, 0.5);
        assert!(!capped);
        let mut brute = Vec::new();
        for (i, ga) in a.iter().enumerate() {
            for (j, gb) in b.iter().enumerate() {
                let sim = ga.dice(gb);
                if sim >= 0.5 {
                    brute.push((sim, i, j));
                }
            }
        }
        let order = |v: &mut Vec<(f64, usize, usize)>| v.sort_by_key(|p| (p.1, p.2));
        order(&mut found);
        order(&mut brute);
        assert!(!brute.is_empty());
        assert_eq!(found, brute);
    }

    #[test]
    fn similarity_of_chinese_text() {
        assert!((similarity("加强知识产权保护", "加强知识产权保护") - 1.0).abs() < 1e-9);
        assert!(similarity("加强知识产权保护工作", "进一步加强知识产权保护") > 0.6);
        assert!(similarity("加强知识产权保护", "开展食品安全检查") < 0.2);
    }
}
