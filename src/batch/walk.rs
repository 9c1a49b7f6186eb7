//! Which files a batch reads: the inputs as given, directories walked (by `walkdir`, the
//! files sorted by path), with the conventions of rg and fd — hidden entries skipped,
//! symbolic links not followed unless asked (and loops reported when they are), `exclude`
//! patterns pruning whole directories, and by default only text-like files taken from
//! inside directories.
//! Paths stay `PathBuf`s from start to end: a file name that is not UTF-8 (a GBK name
//! unzipped from a Windows archive) is read like any other.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// Extensions read from inside a directory when none are asked for: plain text,
/// Markdown, and saved web pages.
pub const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "htm", "html", "shtml", "xhtml",
];

/// How directories are walked. Files named on the command line are always read.
#[derive(Clone, Debug, Default)]
pub struct WalkConfig {
    /// Follow symbolic links (to directories and files); loops are reported, not entered.
    pub follow_links: bool,
    /// Walk hidden files and directories too.
    pub hidden: bool,
    /// File extensions (without the dot, any case) taken from directories; empty means
    /// [`TEXT_EXTENSIONS`] unless `globs` are given, `*` means every file.
    pub extensions: Vec<String>,
    /// Only files whose path (relative to the directory given, or whole) matches.
    pub globs: Vec<String>,
    /// Files and directories to leave out; a matching directory is not entered.
    pub excludes: Vec<String>,
    /// Files never read, whatever the patterns say (the output being written).
    pub never: Vec<PathBuf>,
}

/// Something met in the walk that is not a file to parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A directory or file that could not be read (permissions, vanished): its files are
    /// missing from the output.
    Unreadable {
        /// The path.
        path: PathBuf,
        /// The cause.
        error: String,
    },
    /// A symbolic link that leads back to a directory above it (with `follow_links`).
    Loop {
        /// The link.
        path: PathBuf,
        /// The directory it leads back to.
        ancestor: PathBuf,
    },
}

impl Problem {
    /// The path the problem is with.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Problem::Unreadable { path, .. } | Problem::Loop { path, .. } => path,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Unreadable { path, error } => {
                write!(f, "{}: cannot read: {error}", path.display())
            }
            Problem::Loop { path, ancestor } => write!(
                f,
                "{}: symbolic link loop (leads back to {}); not entered",
                path.display(),
                ancestor.display()
            ),
        }
    }
}

/// The files a batch reads, in order, and what the walk met on the way.
#[derive(Clone, Debug, Default)]
pub struct Walked {
    /// Files (and `-` for standard input), in the order given; each directory's files
    /// sorted by path.
    pub files: Vec<PathBuf>,
    /// Unreadable directories and symbolic link loops.
    pub problems: Vec<Problem>,
    /// Symbolic links left alone because `follow_links` was off.
    pub links_not_followed: usize,
    /// Files inside directories left out because their extension is not text-like.
    pub not_text: usize,
}

/// A walk's error in its configuration.
#[derive(Debug)]
pub struct BadPattern(pub String);

impl std::fmt::Display for BadPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad glob pattern: {}", self.0)
    }
}

impl std::error::Error for BadPattern {}

fn globset(patterns: &[String]) -> Result<Option<GlobSet>, BadPattern> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| BadPattern(format!("{p:?}: {e}")))?);
    }
    b.build().map(Some).map_err(|e| BadPattern(e.to_string()))
}

/// The compiled filters of one walk.
struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    extensions: Option<Vec<String>>,
    /// The files never read, canonical.
    never: Vec<PathBuf>,
    /// Their file names: an entry named otherwise, and not a link, is none of them.
    never_names: Vec<std::ffi::OsString>,
}

impl Filter {
    fn new(cfg: &WalkConfig) -> Result<Filter, BadPattern> {
        let extensions = if cfg.extensions.iter().any(|e| e == "*") {
            None
        } else if cfg.extensions.is_empty() {
            cfg.globs
                .is_empty()
                .then(|| TEXT_EXTENSIONS.iter().map(|e| (*e).to_string()).collect())
        } else {
            Some(
                cfg.extensions
                    .iter()
                    .map(|e| e.trim_start_matches('.').to_ascii_lowercase())
                    .collect(),
            )
        };
        // compared by identity: the output may be named by another path
        let never: Vec<PathBuf> = cfg
            .never
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        let never_names = never
            .iter()
            .filter_map(|p| p.file_name().map(std::ffi::OsStr::to_os_string))
            .collect();
        Ok(Filter {
            include: globset(&cfg.globs)?,
            exclude: globset(&cfg.excludes)?,
            extensions,
            never,
            never_names,
        })
    }

    /// A pattern matches the path relative to the directory given, the whole path, or
    /// the entry's own name (`--exclude drafts` prunes every directory called drafts).
    fn matches(set: &GlobSet, root: &Path, path: &Path) -> bool {
        let rel = path.strip_prefix(root).unwrap_or(path);
        set.is_match(rel) || set.is_match(path) || path.file_name().is_some_and(|n| set.is_match(n))
    }

    fn excluded(&self, root: &Path, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|g| Filter::matches(g, root, path))
    }

    fn is_text(&self, path: &Path) -> bool {
        let Some(exts) = &self.extensions else {
            return true;
        };
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        exts.contains(&ext)
    }

    fn included(&self, root: &Path, path: &Path) -> bool {
        self.include
            .as_ref()
            .is_none_or(|g| Filter::matches(g, root, path))
    }

    /// Is the file at `path` one never read? Resolved (a system call per path component)
    /// only when its name is one of theirs or the path is a link to follow.
    fn is_never(&self, path: &Path, is_link: bool) -> bool {
        let may_be = is_link
            || path
                .file_name()
                .is_some_and(|n| self.never_names.iter().any(|m| m == n));
        !self.never.is_empty()
            && may_be
            && std::fs::canonicalize(path).is_ok_and(|c| self.never.contains(&c))
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Expand `inputs` (files, directories, `-`) into the files to read.
///
/// ## Errors
/// A glob pattern that does not compile.
pub fn walk(inputs: &[PathBuf], cfg: &WalkConfig) -> Result<Walked, BadPattern> {
    let filter = Filter::new(cfg)?;
    let mut out = Walked::default();
    for root in inputs {
        if root.as_os_str() == "-" || !root.is_dir() {
            out.files.push(root.clone());
            continue;
        }
        walk_dir(root, cfg, &filter, &mut out);
    }
    Ok(out)
}

fn walk_dir(root: &Path, cfg: &WalkConfig, filter: &Filter, out: &mut Walked) {
    // Unsorted: the files are sorted once at the end (and the problems), in the order a
    // walk sorted by name gives, on keys made once per file (walkdir's sort parses both
    // names' paths again at each comparison: 1% of a batch of small files).
    let entries = walkdir::WalkDir::new(root)
        .follow_links(cfg.follow_links)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || ((cfg.hidden || !is_hidden(e.file_name())) && !filter.excluded(root, e.path()))
        });
    let mut files = Vec::new();
    let first_problem = out.problems.len();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.problems.push(problem(root, &e));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_symlink() {
            // only met when links are not followed
            out.links_not_followed += 1;
            continue;
        }
        if !kind.is_file() {
            continue; // directories, FIFOs, sockets, devices
        }
        let path = entry.path();
        if !filter.included(root, path) || filter.is_never(path, entry.path_is_symlink()) {
            continue;
        }
        if !filter.is_text(path) {
            out.not_text += 1;
            continue;
        }
        files.push(entry.into_path());
    }
    // sorted by path as a whole, component by component: a walk's order by name within
    // each directory, whatever order the directories listed their entries in
    files.sort_by_cached_key(|p| walk_order(p));
    out.files.extend(files);
    if let Some(problems) = out.problems.get_mut(first_problem..) {
        problems.sort_by_cached_key(|p| walk_order(p.path()));
    }
}

/// A key that orders paths found under one root as [`Path`] orders them, component by
/// component (`a/b/c.txt` before `a/b.txt`), compared as bytes: the components joined by
/// a NUL, which sorts below every byte a name can hold.
fn walk_order(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len());
    for (i, c) in path.components().enumerate() {
        if i > 0 {
            key.push(0);
        }
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
    }
    key
}

fn problem(root: &Path, e: &walkdir::Error) -> Problem {
    let path = e.path().unwrap_or(root).to_path_buf();
    match e.loop_ancestor() {
        Some(ancestor) => Problem::Loop {
            path,
            ancestor: ancestor.to_path_buf(),
        },
        None => Problem::Unreadable {
            path,
            error: e
                .io_error()
                .map_or_else(|| e.to_string(), ToString::to_string),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_gives_files_in_path_order_whatever_order_they_were_made_in() {
        // names that part at a separator, a dot, a dash, a digit, a Han character: a
        // directory's files come before a sibling file whose name extends the directory's
        let dir = tempfile::tempdir().expect("tempdir");
        let names = [
            "b.txt",
            "b/c.txt",
            "b/a/z.txt",
            "a-.txt",
            "a/x.txt",
            "b0.txt",
            "通知.txt",
            "通知/1.txt",
            "a.txt",
            "B.txt",
            "b/c/d.txt",
            "b/c.md",
        ];
        for n in names {
            let p = dir.path().join(n);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, "一、总体要求").expect("write");
        }
        let walked = walk(&[dir.path().to_path_buf()], &WalkConfig::default()).expect("walk");
        let mut want: Vec<PathBuf> = names.iter().map(|n| dir.path().join(n)).collect();
        want.sort();
        assert_eq!(walked.files, want);
        // and the key agrees with Path's order on each pair
        for a in &want {
            for b in &want {
                assert_eq!(walk_order(a).cmp(&walk_order(b)), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn default_extensions_only_without_globs() {
        let f = Filter::new(&WalkConfig::default()).expect("filter");
        assert!(f.is_text(Path::new("a/b.TXT")));
        assert!(!f.is_text(Path::new("a/META.json")));
        let f = Filter::new(&WalkConfig {
            globs: vec!["*.json".into()],
            ..Default::default()
        })
        .expect("filter");
        assert!(f.is_text(Path::new("a/META.json")));
        let f = Filter::new(&WalkConfig {
            extensions: vec!["*".into()],
            ..Default::default()
        })
        .expect("filter");
        assert!(f.is_text(Path::new("README")));
    }

    #[test]
    fn an_exclude_pattern_matches_a_directory_by_name() {
        let f = Filter::new(&WalkConfig {
            excludes: vec!["drafts".into()],
            ..Default::default()
        })
        .expect("filter");
        assert!(f.excluded(Path::new("root"), Path::new("root/x/drafts")));
        assert!(!f.excluded(Path::new("root"), Path::new("root/x/final")));
    }
}
