//! Command-line parsing (clap derive) and the batch driver. Exit codes live here:
//! parse — 0 all inputs ok, 1 some failed (others written), 2 usage error or nothing
//! processed; `--stdin-records` always exits 0 once it has started (errors are records).

use anyhow::{bail, Context, Result};
use base64::Engine as _;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use fengong::emit::{self, Format};
use fengong::{Document, Options};
use globset::{Glob, GlobSet, GlobSetBuilder};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Exit code: every input was processed.
pub const OK: u8 = 0;
/// Exit code: some inputs failed, the others were written.
pub const SOME_FAILED: u8 = 1;
/// Exit code: usage error, or nothing could be processed.
pub const TROUBLE: u8 = 2;

/// Files parsed in parallel per chunk; output is written chunk by chunk, so memory is
/// bounded by the chunk, not the archive.
const CHUNK: usize = 64;
/// `--version`: the crate, the output schema and the built-in tables.
fn version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(fengong::version_text)
}

/// Chunks parsed ahead of the writer in batch mode (the bound on memory).
const AHEAD: usize = 3;

#[derive(Parser, Debug)]
#[command(
    name = "fengong",
    version = version(),
    about = "Turn Chinese policy documents into a task tree (sections, tasks, lead / responsible / support units)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse documents and print their task tree.
    Parse(ParseArgs),
    /// Compare two plans: tasks added, removed, reworded, moved, or handed to other units.
    Diff(DiffArgs),
    /// Print the JSON Schema of `parse --format json`.
    Schema,
    /// Generate shell completions or the man page.
    #[command(hide = true)]
    Generate {
        /// `man`, or a shell: bash, zsh, fish, elvish, powershell.
        what: String,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum FormatArg {
    Json,
    Yaml,
    Jsonl,
    Csv,
    Tree,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum DiffFormat {
    Text,
    Json,
    Md,
    Csv,
}

#[derive(clap::Args, Debug)]
struct DiffArgs {
    /// The older plan (any input `parse` accepts; `-` for standard input).
    old: PathBuf,
    /// The newer plan.
    new: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    format: DiffFormat,
    /// Minimum similarity (0–1) for a changed task to count as the same task reworded.
    #[arg(long, default_value_t = 0.5)]
    threshold: f64,
    /// Extra rename table (same format as data/renames.txt).
    #[arg(long)]
    renames: Option<PathBuf>,
    /// Force an input encoding for both sides.
    #[arg(long)]
    encoding: Option<String>,
    /// Colour: auto (terminal and NO_COLOR unset), always, never.
    #[arg(long, default_value = "auto")]
    color: String,
}

#[derive(clap::Args, Debug)]
struct ParseArgs {
    /// Files or directories (walked recursively, sorted); `-` or nothing reads standard input.
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "json")]
    format: FormatArg,
    /// Write to this file (atomically: a temporary file renamed when complete).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Parallel jobs (default: all cores). Output order never depends on it.
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Only files (inside directories) whose path matches this glob; repeatable.
    #[arg(long = "glob", value_name = "GLOB")]
    globs: Vec<String>,
    /// Skip files (inside directories) whose path matches this glob; repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    excludes: Vec<String>,
    /// Also walk hidden files and directories.
    #[arg(long)]
    hidden: bool,
    /// Read input paths from this file (`-`: standard input), one per line.
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// With --files-from: paths are NUL-separated.
    #[arg(short = '0', long = "null", requires = "files_from")]
    null: bool,
    /// Filter mode: read JSON Lines records {"key", "text"} (or base64 "bytes") on
    /// standard input and write one output record per input record, in order.
    #[arg(long, conflicts_with_all = ["inputs", "files_from", "output"])]
    stdin_records: bool,
    /// Force an input encoding (a WHATWG label: gbk, gb18030, big5, utf-16le …); a BOM still wins.
    #[arg(long)]
    encoding: Option<String>,
    /// Extra unit lexicon file (same format as data/units.txt).
    #[arg(long)]
    units: Option<PathBuf>,
    /// Print every line with how it was read (heading, text, dropped, joined …).
    #[arg(long)]
    explain: bool,
    /// Start CSV output with a UTF-8 BOM (for spreadsheets on Windows).
    #[arg(long)]
    csv_bom: bool,
    /// No progress bar, no summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// Run the command line; returns the exit code.
pub fn run() -> Result<u8> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { TROUBLE } else { OK };
            let _ = e.print();
            return Ok(code);
        }
    };
    match cli.command {
        Command::Parse(a) if a.stdin_records => records(&a),
        Command::Parse(a) => parse(a),
        Command::Diff(d) => diff(&d),
        Command::Schema => {
            let mut out = io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &fengong::json_schema())?;
            writeln!(out)?;
            Ok(OK)
        }
        Command::Generate { what } => generate(&what),
    }
}

/// `diff(1)` exit codes: 0 no differences, 1 differences, 2 trouble.
fn diff(d: &DiffArgs) -> Result<u8> {
    if !(0.0..=1.0).contains(&d.threshold) {
        bail!("--threshold must be between 0 and 1");
    }
    let mut opts = Options::default();
    if let Some(label) = &d.encoding {
        fengong::decode::encoding_for_label(label).context("--encoding")?;
    }
    opts.decode.encoding = d.encoding.clone();
    let load = |p: &Path| -> Result<Document> {
        let b = read_input(p)?;
        fengong::parse_bytes(&b, Some(&p.to_string_lossy()), &opts)
            .with_context(|| p.display().to_string())
    };
    let (old, new) = (load(&d.old)?, load(&d.new)?);
    let mut dopts = fengong::diff::DiffOptions {
        threshold: d.threshold,
        ..Default::default()
    };
    if let Some(p) = &d.renames {
        let t = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        dopts.renames.extend(&t);
    }
    let report = fengong::diff::diff(&old, &new, &dopts, fengong::duty::Lexicon::builtin());
    let mut out = BufWriter::new(io::stdout().lock());
    let color = match d.color.as_str() {
        "always" => true,
        "never" => false,
        _ => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    use fengong::diff::render;
    match d.format {
        DiffFormat::Text => render::text(&report, &mut out, color)?,
        DiffFormat::Json => render::json(&report, &mut out)?,
        DiffFormat::Md => render::markdown(&report, &mut out)?,
        DiffFormat::Csv => render::csv(&report, &mut out)?,
    }
    out.flush()?;
    Ok(if report.differs() { 1 } else { OK })
}

fn generate(what: &str) -> Result<u8> {
    let mut cmd = Cli::command();
    let mut out = io::stdout().lock();
    if what == "man" {
        clap_mangen::Man::new(cmd).render(&mut out)?;
        return Ok(OK);
    }
    let shell: clap_complete::Shell = what.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    clap_complete::generate(shell, &mut cmd, "fengong", &mut out);
    Ok(OK)
}

/// Worker threads for `-j N`: 0 means all cores; more than eight per core only adds
/// threads that wait, so `-j` is bounded there (and at 256).
fn jobs(asked: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    asked.unwrap_or(0).min((cores * 8).min(256))
}

fn options(a: &ParseArgs) -> Result<Options> {
    let mut opts = Options::default();
    if let Some(label) = &a.encoding {
        // a bad label is a usage error, said once, before any file is read
        fengong::decode::encoding_for_label(label).with_context(|| {
            "--encoding takes a label such as utf-8, gbk (cp936), gb18030, big5 (cp950), big5-hkscs, utf-16le".to_string()
        })?;
    }
    opts.decode.encoding = a.encoding.clone();
    if let Some(p) = &a.units {
        let text = std::fs::read_to_string(p)
            .with_context(|| format!("reading unit lexicon {}", p.display()))?;
        let mut lex = fengong::duty::Lexicon::builtin().clone();
        lex.extend(&text);
        opts.lexicon = Some(Arc::new(lex));
    }
    Ok(opts)
}

fn globset(patterns: &[String]) -> Result<Option<GlobSet>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).with_context(|| format!("bad glob {p:?}"))?);
    }
    Ok(Some(b.build()?))
}

/// Expand directories (recursively, sorted; hidden entries skipped unless asked).
fn expand(a: &ParseArgs) -> Result<Vec<PathBuf>> {
    let mut given = a.inputs.clone();
    if let Some(list) = &a.files_from {
        let mut raw = Vec::new();
        if list.as_os_str() == "-" {
            io::stdin()
                .read_to_end(&mut raw)
                .context("reading --files-from from standard input")?;
        } else {
            raw = std::fs::read(list).with_context(|| format!("reading {}", list.display()))?;
        }
        let sep = if a.null { b'\0' } else { b'\n' };
        for item in raw.split(|b| *b == sep) {
            let s = String::from_utf8_lossy(item);
            let s = s.trim_end_matches('\r');
            if !s.is_empty() {
                given.push(PathBuf::from(s));
            }
        }
    }
    if given.is_empty() && a.files_from.is_none() {
        given.push(PathBuf::from("-"));
    }
    let include = globset(&a.globs)?;
    let exclude = globset(&a.excludes)?;
    let mut out = Vec::new();
    for p in given {
        if p.as_os_str() == "-" || !p.is_dir() {
            out.push(p);
            continue;
        }
        let mut stack = vec![p.clone()];
        let mut files = Vec::new();
        while let Some(d) = stack.pop() {
            let rd = std::fs::read_dir(&d)
                .with_context(|| format!("reading directory {}", d.display()))?;
            for e in rd.flatten() {
                let path = e.path();
                if !a.hidden && e.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                // the entry's type comes with the listing; only a symlink needs a stat
                let is_dir = match e.file_type() {
                    Ok(t) if !t.is_symlink() => t.is_dir(),
                    _ => path.is_dir(),
                };
                if is_dir {
                    stack.push(path);
                    continue;
                }
                let rel = path.strip_prefix(&p).unwrap_or(&path);
                if include
                    .as_ref()
                    .is_some_and(|g| !g.is_match(rel) && !g.is_match(&path))
                {
                    continue;
                }
                if exclude
                    .as_ref()
                    .is_some_and(|g| g.is_match(rel) || g.is_match(&path))
                {
                    continue;
                }
                files.push(path);
            }
        }
        files.sort();
        out.extend(files);
    }
    Ok(out)
}

fn read_input(p: &Path) -> Result<Vec<u8>> {
    if p.as_os_str() == "-" {
        let mut b = Vec::new();
        io::stdin()
            .read_to_end(&mut b)
            .context("reading standard input")?;
        Ok(b)
    } else {
        std::fs::read(p).with_context(|| format!("reading {}", p.display()))
    }
}

fn parse(a: ParseArgs) -> Result<u8> {
    let opts = options(&a)?;
    let inputs = expand(&a)?;
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        bail!("standard input (-) can be read only once");
    }
    if inputs.is_empty() {
        bail!("no input files");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs(a.jobs))
        .build()
        .context("starting threads")?;
    let format = match a.format {
        FormatArg::Json => Format::Json,
        FormatArg::Yaml => Format::Yaml,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
        FormatArg::Tree => Format::Tree,
    };
    let tmp = a.output.as_ref().map(|p| temp_path(p));
    let mut dest: Box<dyn Write> = match &tmp {
        Some(t) => Box::new(BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(t).with_context(|| format!("creating {}", t.display()))?,
        )),
        // records are tens of KB: a large buffer turns many writes into few
        None => Box::new(BufWriter::with_capacity(1 << 20, io::stdout().lock())),
    };
    let started = Instant::now();
    let result = write_all(&a, format, &inputs, &opts, &pool, &mut *dest);
    let flushed = dest.flush().context("writing output");
    drop(dest);
    let summary = match (result, flushed) {
        (Ok(s), Ok(())) => s,
        (Err(e), _) | (_, Err(e)) => {
            if let Some(t) = &tmp {
                let _ = std::fs::remove_file(t);
            }
            return Err(e);
        }
    };
    if let (Some(t), Some(path)) = (&tmp, &a.output) {
        if summary.ok == 0 {
            // nothing parsed: an earlier output stays as it was
            let _ = std::fs::remove_file(t);
        } else {
            std::fs::rename(t, path)
                .with_context(|| format!("renaming {} to {}", t.display(), path.display()))?;
        }
    }
    if !a.quiet && (inputs.len() > 1 || summary.failed > 0) {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "fengong: {} documents, {} tasks, {} warnings, {} failed, {:.1} MB in {:.2} s ({:.1} MB/s)",
            summary.ok,
            summary.tasks,
            summary.warnings,
            summary.failed,
            summary.bytes as f64 / 1e6,
            secs,
            summary.bytes as f64 / 1e6 / secs
        );
    }
    Ok(if summary.ok == 0 {
        TROUBLE
    } else if summary.failed > 0 {
        SOME_FAILED
    } else {
        OK
    })
}

/// What a batch did; decides the exit code.
#[derive(Default)]
struct Summary {
    ok: usize,
    failed: usize,
    tasks: usize,
    warnings: usize,
    bytes: usize,
}

fn count_tasks(secs: &[fengong::Section]) -> usize {
    secs.iter()
        .map(|s| s.tasks.len() + count_tasks(&s.children))
        .sum()
}

fn progress(a: &ParseArgs, n: usize) -> Option<ProgressBar> {
    if a.quiet || n < 2 || !io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::new(n as u64);
    let style = ProgressStyle::with_template(
        "{spinner} {pos}/{len} files {bytes_per_sec} [{elapsed_precise} eta {eta}] {wide_bar}",
    )
    .ok()?;
    pb.set_style(style);
    Some(pb)
}

/// What a worker hands back for one file: rendered bytes (streamed formats) or the
/// document (formats that need all documents at once).
struct Done {
    tasks: usize,
    warnings: usize,
    bytes: Vec<u8>,
    doc: Option<Document>,
}

/// Run `f`, turning a panic into an error: a bug met on one file of an archive is
/// reported for that file (on stderr and as an error record) and the batch goes on.
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(anyhow::anyhow!(
            "internal error (a bug in fengong; please report it with this file): {what}"
        ))
    })
}

/// Parse one file and, for streamed formats, render it — in the worker, so that output
/// serialisation scales with `-j` too.
fn work(p: &Path, b: &[u8], a: &ParseArgs, format: Format, opts: &Options) -> Result<Done> {
    let name = p.to_string_lossy();
    let mut bytes = Vec::new();
    if a.explain {
        let an = fengong::analyze(b, Some(&name), opts)?;
        writeln!(bytes, "== {}", p.display())?;
        for (no, fate, text) in &an.lines {
            let label = fate.to_string();
            writeln!(bytes, "{no:>5} {label:<40} | {text}")?;
        }
        for c in &an.clauses {
            writeln!(bytes, "      {c}")?;
        }
        let doc = an.document;
        return Ok(Done {
            tasks: count_tasks(&doc.sections),
            warnings: doc.warnings.len(),
            bytes,
            doc: None,
        });
    }
    let doc = fengong::parse_bytes(b, Some(&name), opts)?;
    let (tasks, warnings) = (count_tasks(&doc.sections), doc.warnings.len());
    let keep = match format {
        Format::Jsonl => {
            emit::jsonl(&doc, &mut bytes)?;
            None
        }
        Format::Tree => {
            writeln!(bytes, "== {}", p.display())?;
            bytes.extend_from_slice(emit::tree::tree(&doc).as_bytes());
            None
        }
        Format::Csv => {
            emit::csv::Writer::new(&mut bytes, false, false)?.document(&doc)?;
            None
        }
        Format::Json | Format::Yaml => Some(doc),
    };
    Ok(Done {
        tasks,
        warnings,
        bytes,
        doc: keep,
    })
}

fn write_all(
    a: &ParseArgs,
    format: Format,
    inputs: &[PathBuf],
    opts: &Options,
    pool: &rayon::ThreadPool,
    out: &mut dyn Write,
) -> Result<Summary> {
    let mut sum = Summary::default();
    let mut docs: Vec<Document> = Vec::new();
    let bar = progress(a, inputs.len());
    if format == Format::Csv && !a.explain {
        emit::csv::Writer::new(out, true, a.csv_bom)?;
    }
    // Pipeline: a producer thread hands chunks to the pool as jobs, up to AHEAD chunks
    // ahead of the writer; this thread writes them back in input order. Chunks overlap, so
    // a worker done with its share of one chunk starts on the next instead of waiting for
    // the chunk's slowest file; at most AHEAD chunks are in memory, however large the
    // archive.
    type Chunk<'p> = Vec<(&'p PathBuf, Result<Done>, u64)>;
    std::thread::scope(|scope| -> Result<()> {
        // The receivers belong to this closure: if writing fails, returning drops them,
        // the producer's next send fails and it stops, and the scope can end.
        let (res_tx, res_rx) = std::sync::mpsc::channel::<(usize, Chunk<'_>)>();
        let (slot_tx, slot_rx) = std::sync::mpsc::sync_channel::<()>(AHEAD);
        scope.spawn(move || {
            pool.in_place_scope(|s| {
                for (k, chunk) in inputs.chunks(CHUNK).enumerate() {
                    if slot_tx.send(()).is_err() {
                        break; // the writer stopped (an output error): stop parsing
                    }
                    let res_tx = res_tx.clone();
                    s.spawn(move |_| {
                        let results: Chunk<'_> = chunk
                            .par_iter()
                            .map(|p| match read_input(p) {
                                Ok(b) => {
                                    (p, guarded(|| work(p, &b, a, format, opts)), b.len() as u64)
                                }
                                Err(e) => (p, Err(e), 0),
                            })
                            .collect();
                        // a closed channel means the writer stopped; nothing to do
                        let _ = res_tx.send((k, results));
                    });
                }
            });
        });
        let mut pending: std::collections::BTreeMap<usize, Chunk<'_>> =
            std::collections::BTreeMap::new();
        let mut next = 0usize;
        for (k, results) in res_rx {
            pending.insert(k, results);
            while let Some(results) = pending.remove(&next) {
                next += 1;
                // the chunk is out of memory once written: free its slot
                let _ = slot_rx.try_recv();
                for (p, r, size) in results {
                    sum.bytes += usize::try_from(size).unwrap_or(usize::MAX);
                    if let Some(b) = &bar {
                        b.inc(1);
                    }
                    match r {
                        Ok(done) => {
                            sum.ok += 1;
                            sum.tasks += done.tasks;
                            sum.warnings += done.warnings;
                            out.write_all(&done.bytes)?;
                            docs.extend(done.doc);
                        }
                        Err(e) => {
                            sum.failed += 1;
                            let msg = format!("fengong: error: {}: {e:#}", p.display());
                            match &bar {
                                Some(b) => b.println(msg),
                                None => eprintln!("{msg}"),
                            }
                            if format == Format::Jsonl && !a.explain {
                                let rec = serde_json::json!({"type": "error", "path": p.to_string_lossy(), "error": format!("{e:#}")});
                                writeln!(out, "{rec}")?;
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !a.explain {
        // zero documents is still an answer: `[]` (a reader of the output is never left
        // with nothing to parse)
        match format {
            Format::Json => emit::json(&docs, out)?,
            Format::Yaml => emit::yaml(&docs, out)?,
            _ => {}
        }
    }
    Ok(sum)
}

/// Filter mode for cluster engines (Spark `RDD.pipe`, Ray, GNU parallel `--pipe`): one
/// JSON record in, one JSON record out, in order; errors are records; exit 0.
fn records(a: &ParseArgs) -> Result<u8> {
    let opts = options(a)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs(a.jobs))
        .build()
        .context("starting threads")?;
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut lines = stdin.lines();
    loop {
        let mut batch = Vec::with_capacity(CHUNK);
        for l in lines.by_ref().take(CHUNK) {
            batch.push(l.context("reading standard input")?);
        }
        if batch.is_empty() {
            break;
        }
        let outs: Vec<Record> =
            pool.install(|| batch.par_iter().map(|l| record(l, &opts)).collect());
        for v in outs {
            serde_json::to_writer(&mut out, &v)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    Ok(OK)
}

/// One output record of the filter mode: `key` first, then the document or the error.
#[derive(serde::Serialize)]
struct Record {
    key: serde_json::Value,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<Document>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn record(line: &str, opts: &Options) -> Record {
    let fail = |key: serde_json::Value, e: String| Record {
        key,
        kind: "error",
        document: None,
        error: Some(e),
    };
    let v: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return fail(serde_json::Value::Null, format!("bad record: {e}")),
    };
    let key = v.get("key").cloned().unwrap_or(serde_json::Value::Null);
    let bytes = if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
        t.as_bytes().to_vec()
    } else if let Some(b) = v.get("bytes").and_then(|t| t.as_str()) {
        match base64::engine::general_purpose::STANDARD.decode(b) {
            Ok(b) => b,
            Err(e) => return fail(key, format!("bad base64 in \"bytes\": {e}")),
        }
    } else {
        return fail(key, "record has neither \"text\" nor \"bytes\"".into());
    };
    let name = key
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| key.to_string());
    match guarded(|| Ok(fengong::parse_bytes(&bytes, Some(&name), opts)?)) {
        Ok(doc) => Record {
            key,
            kind: "document",
            document: Some(doc),
            error: None,
        },
        Err(e) => fail(key, format!("{e:#}")),
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{}.fengong-tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_on_one_file_becomes_that_files_error() {
        let r: Result<u8> = guarded(|| panic!("boom at line 7"));
        let msg = format!("{:#}", r.unwrap_err());
        assert!(
            msg.contains("internal error") && msg.contains("boom at line 7"),
            "{msg}"
        );
        assert_eq!(guarded(|| Ok(3u8)).unwrap(), 3);
    }
}
