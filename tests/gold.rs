//! Score the parser against the hand-checked gold files (copied from `../shared/gold/` into
//! `fixtures/gold/`), the same way `shared/tools/eval.py` does, and fail below the bars the
//! issues set: sections F1 ≥ 0.98, tasks and duties F1 ≥ 0.97.

use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

fn norm(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    folded
        .trim_end_matches(|c: char| "。；;：:，,、.".contains(c))
        .to_string()
}

fn walk<'a>(secs: &'a [Value], out: &mut Vec<&'a Value>) {
    for s in secs {
        out.push(s);
        if let Some(c) = s["children"].as_array() {
            walk(c, out);
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }
    fn f1(&self) -> f64 {
        let p = if self.pred == 0 {
            if self.gold == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            self.tp as f64 / self.pred as f64
        };
        let r = if self.gold == 0 {
            1.0
        } else {
            self.tp as f64 / self.gold as f64
        };
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn score(gold: &Value, doc: &Value, misses: &mut Vec<String>) -> [Counts; 3] {
    let mut secs = Vec::new();
    walk(
        doc["sections"].as_array().map(Vec::as_slice).unwrap_or(&[]),
        &mut secs,
    );
    let mut pred: HashMap<String, &Value> = HashMap::new();
    let mut dups = 0;
    for s in &secs {
        let id = s["id"].as_str().unwrap_or("").to_string();
        match pred.entry(id) {
            std::collections::hash_map::Entry::Occupied(_) => dups += 1,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(s);
            }
        }
    }
    let gsecs = gold["sections"].as_array().cloned().unwrap_or_default();
    let mut sc = Counts {
        pred: pred.len() + dups,
        gold: gsecs.len(),
        tp: 0,
    };
    for g in &gsecs {
        let id = g["id"].as_str().unwrap_or("");
        let want = norm(g["title"].as_str().unwrap_or(""));
        let k = want.chars().count().min(12);
        let ok = pred.get(id).is_some_and(|p| {
            let got = norm(p["title"].as_str().unwrap_or(""));
            got.chars().take(k).eq(want.chars().take(k))
        });
        if ok {
            sc.tp += 1;
        } else {
            misses.push(format!("section {id} {want}"));
        }
    }
    let mut ptasks: HashMap<(String, usize), &Value> = HashMap::new();
    for s in &secs {
        let id = s["id"].as_str().unwrap_or("").to_string();
        for (i, t) in s["tasks"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            ptasks.entry((id.clone(), i + 1)).or_insert(t);
        }
    }
    let gtasks = gold["tasks"].as_array().cloned().unwrap_or_default();
    let mut tc = Counts {
        pred: ptasks.len(),
        gold: gtasks.len(),
        tp: 0,
    };
    let mut gtri = HashSet::new();
    let mut ptri = HashSet::new();
    let mut sole = HashSet::new();
    let roles = ["lead", "responsible", "support"];
    for t in &gtasks {
        let key = (
            t["at"].as_str().unwrap_or("").to_string(),
            t["n"].as_u64().unwrap_or(0) as usize,
        );
        let n = |r: &str| t[r].as_array().map_or(0, Vec::len);
        if n("lead") + n("responsible") == 1 && n("support") == 0 {
            sole.insert(key.clone());
        }
        let snip = norm(t["snippet"].as_str().unwrap_or(""));
        if ptasks
            .get(&key)
            .is_some_and(|p| norm(p["text"].as_str().unwrap_or("")).contains(&snip))
        {
            tc.tp += 1;
        } else {
            misses.push(format!("task {}/{} {snip}", key.0, key.1));
        }
        for r in roles {
            for u in t[r].as_array().map(Vec::as_slice).unwrap_or(&[]) {
                let role = if sole.contains(&key) && r != "support" {
                    "owner"
                } else {
                    r
                };
                gtri.insert((key.clone(), role, norm(u.as_str().unwrap_or(""))));
            }
        }
    }
    for (key, p) in &ptasks {
        for r in roles {
            for u in p["responsibility"][r]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                let role = if sole.contains(key) && r != "support" {
                    "owner"
                } else {
                    r
                };
                ptri.insert((key.clone(), role, norm(u.as_str().unwrap_or(""))));
            }
        }
    }
    for m in gtri.difference(&ptri) {
        misses.push(format!("missing duty {m:?}"));
    }
    for m in ptri.difference(&gtri) {
        misses.push(format!("wrong duty {m:?}"));
    }
    let dc = Counts {
        tp: gtri.intersection(&ptri).count(),
        pred: ptri.len(),
        gold: gtri.len(),
    };
    [sc, tc, dc]
}

#[test]
fn seeds_score_against_gold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut total = [Counts::default(); 3];
    let mut misses = Vec::new();
    let mut n = 0;
    for e in std::fs::read_dir(root.join("fixtures/gold")).expect("fixtures/gold") {
        let path = e.expect("entry").path();
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read gold"))
            .expect("gold json");
        let doc_path = root.join("seeds").join(gold["doc"].as_str().expect("doc"));
        let bytes = std::fs::read(&doc_path).expect("read seed");
        let doc = fengong::parse_bytes(&bytes, doc_path.to_str(), &fengong::Options::default())
            .expect("parse");
        let doc = serde_json::to_value(&doc).expect("to json");
        let s = score(&gold, &doc, &mut misses);
        for (t, x) in total.iter_mut().zip(s) {
            t.add(x);
        }
        n += 1;
    }
    assert!(n >= 5, "expected the five seed gold files");
    let [s, t, d] = total;
    eprintln!(
        "sections F1 {:.3}, tasks F1 {:.3}, duties F1 {:.3}",
        s.f1(),
        t.f1(),
        d.f1()
    );
    assert!(
        s.f1() >= 0.98,
        "sections F1 {:.3} < 0.98; misses: {misses:#?}",
        s.f1()
    );
    assert!(
        t.f1() >= 0.97,
        "tasks F1 {:.3} < 0.97; misses: {misses:#?}",
        t.f1()
    );
    assert!(
        d.f1() >= 0.97,
        "duties F1 {:.3} < 0.97; misses: {misses:#?}",
        d.f1()
    );
}
