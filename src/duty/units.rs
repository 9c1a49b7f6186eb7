//! Unit lists inside a clause: `X、Y等和Z`, `X等Y及Z`, `各区、县级市`, open names.

use super::vocab::*;
use super::{split_top, Names};

/// Split a list of units on 、 (and on 和/及/与 between two whole unit names, and after
/// 等 before more units: `X、Y等和Z`). Returns the units as written and whether a list
/// ended in 等. With `doubtful`, a name the lexicon does not know is still a unit when
/// it reads as a name (the caller's role word or label marks the list); it is recorded.
pub(super) fn unit_list<'a>(
    list: &'a str,
    names: Names<'_>,
    mut doubtful: Option<&mut Vec<String>>,
) -> Option<(Vec<&'a str>, bool)> {
    let mut out = Vec::new();
    let mut open_ended = false;
    let mut items = split_top(list, |c| matches!(c, '、' | '，' | ',' | '/' | '／')).peekable();
    while let Some((a, mut b)) = items.next() {
        let item = list.get(a..b).unwrap_or("").trim();
        if item.is_empty() {
            continue;
        }
        // 各区、县级市 / 各县、市、区: a 各-jurisdiction list is one group
        if item.starts_with('各') && is_jurisdiction_word(item.trim_start_matches('各')) {
            while let Some(&(c, d)) = items.peek() {
                let sep = list.get(b..c).unwrap_or("");
                if sep == "、" && is_jurisdiction_word(list.get(c..d).unwrap_or("").trim()) {
                    b = d;
                    items.next();
                } else {
                    break;
                }
            }
        }
        let item = list.get(a..b).unwrap_or("").trim().trim_start_matches('由');
        split_item(
            item,
            names,
            &mut out,
            &mut open_ended,
            doubtful.as_deref_mut(),
        )?;
    }
    (!out.is_empty()).then_some((out, open_ended))
}

/// One item of a unit list: `X`, `X等`, `X等Y`, `X等和Y`, `X和Y`, `X及Y`.
fn split_item<'a>(
    item: &'a str,
    names: Names<'_>,
    out: &mut Vec<&'a str>,
    open_ended: &mut bool,
    doubtful: Option<&mut Vec<String>>,
) -> Option<()> {
    let mut item = item;
    if let Some(s) = item.strip_suffix('等') {
        *open_ended = true;
        item = s;
    }
    let unit_like = |s: &str| names.looks_like_unit(s);
    let [etc, joiners @ ..] = first_of(item, ['等', '和', '及', '与']);
    // X等Y / X等和Y: 市生态环境局等领导小组有关成员单位
    if let Some(p) = etc {
        let l = item.get(..p).unwrap_or("");
        let r = item
            .get(p + '等'.len_utf8()..)
            .unwrap_or("")
            .trim_start_matches(['和', '及', '与']);
        if unit_like(l) && is_bare_suffix(r) {
            // 区水务局等部门: the bare suffix after 等 is no unit
            *open_ended = true;
            out.push(l);
            return Some(());
        }
        if unit_like(l) && !r.is_empty() {
            *open_ended = true;
            out.push(l);
            return split_item(r, names, out, open_ended, doubtful);
        }
    }
    // 市公安局和市市场监管局 (but not 工业和信息化委, nor 各有关部门和单位)
    for (sep, at) in ['和', '及', '与'].into_iter().zip(joiners) {
        if let Some(p) = at {
            let (l, r) = (
                item.get(..p).unwrap_or(""),
                item.get(p + sep.len_utf8()..).unwrap_or(""),
            );
            if unit_like(l) && unit_like(r) && !is_bare_suffix(r) && !names.is_stem(item) {
                out.push(l);
                return split_item(r, names, out, open_ended, doubtful);
            }
        }
    }
    if !unit_like(item) {
        let d = doubtful?;
        if !plausible_name(item) {
            return None;
        }
        d.push(item.to_string());
    }
    out.push(item);
    Some(())
}

/// Where each of `chars` first stands in `t`, in one pass over its characters (an item is
/// a few characters: setting up a search for each costs more than reading them).
fn first_of<const N: usize>(t: &str, chars: [char; N]) -> [Option<usize>; N] {
    let mut at = [None; N];
    for (i, c) in t.char_indices() {
        for (slot, want) in at.iter_mut().zip(chars) {
            if slot.is_none() && c == want {
                *slot = Some(i);
            }
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::first_of;

    #[test]
    fn the_one_pass_finds_each_character_where_find_does() {
        let wanted = ['等', '和', '及', '与'];
        for t in [
            "",
            "市公安局",
            "市公安局等",
            "市生态环境局等领导小组有关成员单位",
            "市公安局和市市场监管局及市商务局与等和",
            "工业和信息化委和市财政局",
            "a等b",
        ] {
            let by_find = wanted.map(|c| t.find(c));
            assert_eq!(first_of(t, wanted), by_find, "{t}");
        }
    }
}
