//! Command-line parsing (clap derive) and the batch driver. Exit codes live here:
//! parse — 0 all inputs ok, 1 some failed (others written), 2 usage error or nothing
//! processed; `--stdin-records` always exits 0 once it has started (errors are records).

use anyhow::{bail, Context, Result};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use fengong::batch::sink::{self, Sink};
use fengong::batch::{self, output, walk, Event};
use fengong::diff::render;
use fengong::emit::Format;
use fengong::{Document, Options};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Exit code: every input was processed.
pub const OK: u8 = 0;
/// Exit code: some inputs failed, the others were written.
pub const SOME_FAILED: u8 = 1;
/// Exit code: usage error, or nothing could be processed.
pub const TROUBLE: u8 = 2;

/// `--version`: the crate, the output schema and the built-in tables.
fn version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(fengong::version_text)
}

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
    /// Print the JSON Schema of `parse --format json` (one document).
    Schema(SchemaArgs),
    /// Generate shell completions or the man page.
    #[command(hide = true)]
    Generate {
        /// `man`, or a shell: bash, zsh, fish, elvish, powershell.
        what: String,
    },
}

#[derive(clap::Args, Debug)]
struct SchemaArgs {
    /// The schema of `diff --format json` instead.
    #[arg(long, conflicts_with_all = ["record", "filter_record"])]
    diff: bool,
    /// The schema of one `--format jsonl` line (a document record or an error record).
    #[arg(long, conflicts_with = "filter_record")]
    record: bool,
    /// The schema of one `--stdin-records` output line.
    #[arg(long)]
    filter_record: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum FormatArg {
    Json,
    Yaml,
    Jsonl,
    Csv,
    /// One row per unit × role × task (who does what).
    UnitsCsv,
    /// An Excel workbook (任务, 单位, 文件 sheets); needs -o FILE.xlsx or a pipe.
    Xlsx,
    Tree,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum DiffFormat {
    Text,
    Json,
    Md,
    Csv,
    /// One self-contained page for people.
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum LangArg {
    /// Chinese labels.
    Zh,
    /// English labels.
    En,
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
    /// Language of the Markdown and HTML reports.
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
    /// Write to this file (atomically), or `-` for standard output.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Start CSV output with a UTF-8 BOM (for spreadsheets on Windows).
    #[arg(long)]
    csv_bom: bool,
    /// JSON and CSV: leave out tasks that did not change.
    #[arg(long)]
    only_changes: bool,
}

#[derive(clap::Args, Debug)]
struct ParseArgs {
    /// Files or directories (walked recursively, sorted); `-` or nothing reads standard input.
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "json")]
    format: FormatArg,
    /// Write to this file (atomically: a temporary file renamed when complete; a FIFO or
    /// device is written in place; `-` is standard output).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// JSON/YAML: always a list, even for one input (several inputs, a directory or
    /// --files-from give a list anyway).
    #[arg(long)]
    array: bool,
    /// Parallel jobs (default: all cores; at most 8 per core). Output order never depends on it.
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Inside directories, read files with these extensions (repeatable or comma-separated;
    /// `*` for every file). Default: txt, text, md, markdown, htm, html, shtml, xhtml —
    /// or only what --glob selects when it is given.
    #[arg(long = "ext", value_name = "EXT", value_delimiter = ',')]
    exts: Vec<String>,
    /// Only files (inside directories) whose path matches this glob; repeatable.
    #[arg(long = "glob", value_name = "GLOB")]
    globs: Vec<String>,
    /// Leave out files and directories (not entered) whose name or path matches this
    /// glob; repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    excludes: Vec<String>,
    /// Also walk hidden files and directories.
    #[arg(long)]
    hidden: bool,
    /// Follow symbolic links inside directories (loops are reported, not entered).
    #[arg(long = "follow", short = 'L')]
    follow: bool,
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
        Command::Parse(a) => parse(&a),
        Command::Diff(d) => diff(&d),
        Command::Schema(s) => {
            let schema = if s.diff {
                fengong::diff_schema()
            } else if s.record {
                fengong::record_schema()
            } else if s.filter_record {
                fengong::filter_record_schema()
            } else {
                fengong::json_schema()
            };
            let mut out = io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &schema).map_err(fengong::emit::json_io)?;
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
        let b = batch::read_input(p)?;
        fengong::parse_bytes(&b, Some(&batch::path_name(p).0), &opts)
            .with_context(|| p.display().to_string())
    };
    let mut dopts = fengong::diff::DiffOptions {
        threshold: d.threshold,
        ..Default::default()
    };
    if let Some(p) = &d.renames {
        let t = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        for (no, line) in dopts.renames.extend(&t) {
            eprintln!(
                "fengong: warning: {}:{no}: cannot read {line:?} (want OLD => NEW, or A = B for two spellings)",
                p.display()
            );
        }
    }
    if d.old.is_dir() && d.new.is_dir() {
        return diff_folders(d, &opts, &dopts);
    }
    let (old, new) = (load(&d.old)?, load(&d.new)?);
    let mut report = fengong::diff::diff(&old, &new, &dopts, fengong::duty::Lexicon::builtin());
    let differs = report.differs();
    if d.only_changes && matches!(d.format, DiffFormat::Json | DiffFormat::Csv) {
        report
            .changes
            .retain(|c| c.kind != fengong::diff::Kind::Unchanged);
    }
    write_diff(d, |out, color, lang| match d.format {
        DiffFormat::Text => render::text(&report, out, color),
        DiffFormat::Json => render::json(&report, out),
        DiffFormat::Md => render::markdown(&report, out, lang),
        DiffFormat::Csv => render::csv(&report, out),
        DiffFormat::Html => fengong::diff::html::html(&report, out, lang),
    })?;
    Ok(if differs { 1 } else { OK })
}

/// Write a diff report to `-o` (atomically) or standard output, with the colour and
/// language the flags ask for; `--csv-bom` before CSV.
fn write_diff(
    d: &DiffArgs,
    render_to: impl FnOnce(&mut dyn Write, bool, render::Lang) -> io::Result<()>,
) -> Result<()> {
    let to_stdout = d.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
    let color = match d.color.as_str() {
        "always" => true,
        "never" => false,
        _ => {
            to_stdout
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let lang = match d.lang {
        LangArg::Zh => render::Lang::Zh,
        LangArg::En => render::Lang::En,
    };
    let mut target = output::Target::open(d.output.as_deref()).context("opening the output")?;
    let written = (|| -> io::Result<()> {
        let mut out = BufWriter::new(&mut target);
        if d.csv_bom && matches!(d.format, DiffFormat::Csv) {
            out.write_all("\u{FEFF}".as_bytes())?;
        }
        render_to(&mut out, color, lang)?;
        out.flush()
    })();
    match written {
        Ok(()) => target.commit().context("writing output"),
        Err(e) => {
            target.abandon();
            Err(e).context("writing output")
        }
    }
}

/// `diff OLD_DIR NEW_DIR`: parse both folders, pair their documents, diff each pair, one
/// report. A file that cannot be parsed is reported and left out.
fn diff_folders(d: &DiffArgs, opts: &Options, dopts: &fengong::diff::DiffOptions) -> Result<u8> {
    let load_dir = |dir: &Path| {
        let (docs, problems) = fengong::diff::folder::load(dir, opts);
        for p in problems {
            eprintln!("fengong: error: {p}");
        }
        docs
    };
    let (old, new) = (load_dir(&d.old), load_dir(&d.new));
    let mut report =
        fengong::diff::folder::diff_folders(&old, &new, dopts, fengong::duty::Lexicon::builtin());
    let differs = report.differs();
    if d.only_changes && matches!(d.format, DiffFormat::Json | DiffFormat::Csv) {
        for p in &mut report.pairs {
            p.report
                .changes
                .retain(|c| c.kind != fengong::diff::Kind::Unchanged);
        }
    }
    write_diff(d, |out, color, lang| match d.format {
        DiffFormat::Text => render::folder_text(&report, out, color),
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
            out.write_all(b"\n")
        }
        DiffFormat::Md => render::folder_markdown(&report, out, lang),
        DiffFormat::Csv => render::folder_csv(&report, out),
        DiffFormat::Html => fengong::diff::html::folder_html(&report, out, lang),
    })?;
    Ok(if differs { 1 } else { OK })
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

/// The library's options from the flags.
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

/// The files a parse reads: the inputs and `--files-from`, directories walked.
fn expand(a: &ParseArgs, never: Vec<PathBuf>) -> Result<walk::Walked> {
    let mut given = a.inputs.clone();
    if let Some(list) = &a.files_from {
        given.extend(files_from(list, a.null)?);
    }
    if given.is_empty() && a.files_from.is_none() {
        given.push(PathBuf::from("-"));
    }
    let cfg = walk::WalkConfig {
        follow_links: a.follow,
        hidden: a.hidden,
        extensions: a.exts.clone(),
        globs: a.globs.clone(),
        excludes: a.excludes.clone(),
        never,
    };
    Ok(walk::walk(&given, &cfg)?)
}

/// Paths listed in a file, one per line (or NUL-separated): bytes, not text, so that a
/// GBK file name reaches the file system as it is.
fn files_from(list: &Path, null: bool) -> Result<Vec<PathBuf>> {
    let raw = if list.as_os_str() == "-" {
        let mut raw = Vec::new();
        io::stdin()
            .read_to_end(&mut raw)
            .context("reading --files-from from standard input")?;
        raw
    } else {
        std::fs::read(list).with_context(|| format!("reading {}", list.display()))?
    };
    let sep = if null { b'\0' } else { b'\n' };
    Ok(raw
        .split(|b| *b == sep)
        .map(|item| item.strip_suffix(b"\r").unwrap_or(item))
        .filter(|item| !item.is_empty())
        .map(path_from_bytes)
        .collect())
}

#[cfg(unix)]
fn path_from_bytes(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn path_from_bytes(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

fn format_of(f: FormatArg) -> Format {
    match f {
        FormatArg::Json => Format::Json,
        FormatArg::Yaml => Format::Yaml,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
        FormatArg::UnitsCsv => Format::UnitsCsv,
        FormatArg::Xlsx => Format::Xlsx,
        FormatArg::Tree => Format::Tree,
    }
}

/// JSON and YAML are a list whenever more than one document could have been asked for
/// (several inputs, a directory, `--files-from`, `--array`), however many succeed.
fn wants_array(a: &ParseArgs) -> bool {
    a.array
        || a.files_from.is_some()
        || a.inputs.len() > 1
        || a.inputs.iter().any(|p| p.as_os_str() != "-" && p.is_dir())
}

fn parse(a: &ParseArgs) -> Result<u8> {
    let opts = options(a)?;
    let to_stdout = a.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
    if matches!(a.format, FormatArg::Xlsx) && to_stdout && io::stdout().is_terminal() {
        bail!("--format xlsx writes a binary workbook: give -o FILE.xlsx (or redirect standard output)");
    }
    let mut target = output::Target::open(a.output.as_deref()).with_context(|| {
        format!(
            "opening the output {}",
            a.output.as_deref().unwrap_or(Path::new("-")).display()
        )
    })?;
    // the output being written is never read, whatever the patterns say
    let never: Vec<PathBuf> = a
        .output
        .iter()
        .cloned()
        .chain(target.temporary().map(Path::to_path_buf))
        .collect();
    let walked = expand(a, never)?;
    let inputs = &walked.files;
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        bail!("standard input (-) can be read only once");
    }
    if inputs.is_empty() && walked.problems.is_empty() && !wants_array(a) {
        bail!("no input files");
    }
    let sink: Box<dyn Sink> = if a.explain {
        Box::new(sink::Explain)
    } else {
        sink::for_format(format_of(a.format), wants_array(a), a.csv_bom)
            .context("starting the output")?
    };
    let unreadable = report_walk(&walked, &*sink, &mut target, a.quiet)?;
    let started = Instant::now();
    let bar = progress(a, inputs.len(), a.output.as_deref());
    let cfg = batch::BatchConfig {
        jobs: a.jobs.unwrap_or(0),
        large: None,
    };
    let mut on_event = |e: Event<'_>| match e {
        Event::Large { .. } => crate::allocator::return_freed_memory_at_once(),
        Event::Written { .. } => {
            if let Some(b) = &bar {
                b.inc(1);
            }
        }
        Event::Failed { path, error } => {
            if let Some(b) = &bar {
                b.inc(1);
            }
            let msg = format!("fengong: error: {}: {error}", path.display());
            match &bar {
                Some(b) => b.println(msg),
                None => eprintln!("{msg}"),
            }
        }
    };
    let run = batch::run(inputs, &opts, &cfg, &*sink, &mut target, &mut on_event);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let summary = match run {
        Ok(s) => s,
        Err(e) => {
            target.abandon();
            return Err(e).context("writing output");
        }
    };
    let wrote_something = summary.ok > 0 || (inputs.is_empty() && summary.failed == 0);
    if wrote_something {
        target.commit().context("writing output")?;
    } else {
        // nothing parsed: an earlier output stays as it was
        target.abandon();
    }
    if !a.quiet && (inputs.len() > 1 || summary.failed > 0 || unreadable > 0) {
        print_summary(&summary, started);
    }
    if !a.quiet {
        print_skipped(&walked);
    }
    Ok(if !wrote_something {
        TROUBLE
    } else if summary.failed > 0 || unreadable > 0 {
        SOME_FAILED
    } else {
        OK
    })
}

/// Say what the walk met: unreadable directories (failures: their files are missing;
/// an error record each in JSON Lines) and symbolic link loops. Returns the failures.
fn report_walk(
    walked: &walk::Walked,
    sink: &dyn Sink,
    out: &mut dyn Write,
    quiet: bool,
) -> Result<usize> {
    let mut failures = 0;
    for p in &walked.problems {
        if let walk::Problem::Unreadable { path, error } = p {
            failures += 1;
            sink.failed(out, &batch::path_name(path).0, error)
                .context("writing output")?;
            eprintln!("fengong: error: {p}");
        } else if !quiet {
            eprintln!("fengong: warning: {p}");
        }
    }
    Ok(failures)
}

fn print_summary(summary: &batch::Summary, started: Instant) {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let mb = summary.bytes as f64 / 1e6;
    eprintln!(
        "fengong: {} documents, {} tasks, {} warnings, {} failed, {mb:.1} MB in {secs:.2} s ({:.1} MB/s)",
        summary.ok,
        summary.tasks,
        summary.warnings,
        summary.failed,
        mb / secs
    );
}

/// What the walk left out on purpose, so that nothing is skipped silently.
fn print_skipped(walked: &walk::Walked) {
    if walked.links_not_followed > 0 {
        eprintln!(
            "fengong: {} symbolic link(s) not followed (-L follows them)",
            walked.links_not_followed
        );
    }
    if walked.not_text > 0 {
        eprintln!(
            "fengong: {} file(s) in directories skipped as not text-like (--ext '*' reads every file)",
            walked.not_text
        );
    }
}

fn progress(a: &ParseArgs, n: usize, output: Option<&Path>) -> Option<ProgressBar> {
    if a.quiet || n < 2 || !io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::new(n as u64);
    let style = ProgressStyle::with_template(
        "{spinner} {pos}/{len} files {rate} [{elapsed_precise} eta {eta}] {wide_bar} {msg}",
    )
    .ok()?
    .with_key(
        "rate",
        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} files/s", state.per_sec());
        },
    );
    pb.set_style(style);
    if let Some(o) = output {
        pb.set_message(format!("writing {}", o.display()));
    }
    Some(pb)
}

/// Filter mode for cluster engines: one JSON record in, one JSON record out, in order;
/// errors are records; exit 0.
fn records(a: &ParseArgs) -> Result<u8> {
    let opts = options(a)?;
    let mut out = BufWriter::new(io::stdout().lock());
    batch::records::filter(
        &mut io::stdin().lock(),
        &mut out,
        &opts,
        a.jobs.unwrap_or(0),
    )
    .context("filtering records")?;
    Ok(OK)
}
