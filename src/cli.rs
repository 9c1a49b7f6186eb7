//! Command-line parsing (clap derive) and the batch driver. Exit codes live here:
//! parse — 0 all inputs ok, 1 some failed (others written), 2 usage error or nothing processed.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use fengong::emit::{self, Format};
use fengong::{Document, Options};
use rayon::prelude::*;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Exit code: every input was processed.
pub const OK: u8 = 0;
/// Exit code: some inputs failed, the others were written.
pub const SOME_FAILED: u8 = 1;
/// Exit code: usage error, or nothing could be processed.
pub const TROUBLE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "fengong",
    version,
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
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum FormatArg {
    Json,
    Yaml,
    Jsonl,
    Csv,
    Tree,
}

#[derive(clap::Args, Debug)]
struct ParseArgs {
    /// Files or directories (walked recursively); `-` or nothing reads standard input.
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "json")]
    format: FormatArg,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Parallel jobs (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
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
        Command::Parse(a) => parse(a),
    }
}

fn options(a: &ParseArgs) -> Result<Options> {
    let mut opts = Options::default();
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

/// Expand directories (recursively, sorted, hidden entries skipped).
fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.as_os_str() == "-" || !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut stack = vec![p.clone()];
        let mut files = Vec::new();
        while let Some(d) = stack.pop() {
            let rd = std::fs::read_dir(&d)
                .with_context(|| format!("reading directory {}", d.display()))?;
            for e in rd.flatten() {
                let path = e.path();
                if e.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push(path);
                }
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
    let inputs = if a.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        expand(&a.inputs)?
    };
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        bail!("standard input (-) can be read only once");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.jobs.unwrap_or(0))
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
        Some(t) => Box::new(BufWriter::new(
            std::fs::File::create(t).with_context(|| format!("creating {}", t.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let result = write_all(&a, format, &inputs, &opts, &pool, &mut *dest);
    let flushed = dest.flush().context("writing output");
    drop(dest);
    let (ok, failed) = match (result, flushed) {
        (Ok(counts), Ok(())) => counts,
        (Err(e), _) | (_, Err(e)) => {
            if let Some(t) = &tmp {
                let _ = std::fs::remove_file(t);
            }
            return Err(e);
        }
    };
    if let (Some(t), Some(path)) = (&tmp, &a.output) {
        std::fs::rename(t, path)
            .with_context(|| format!("renaming {} to {}", t.display(), path.display()))?;
    }
    Ok(if ok == 0 {
        TROUBLE
    } else if failed > 0 {
        SOME_FAILED
    } else {
        OK
    })
}

fn write_all(
    a: &ParseArgs,
    format: Format,
    inputs: &[PathBuf],
    opts: &Options,
    pool: &rayon::ThreadPool,
    out: &mut dyn Write,
) -> Result<(usize, usize)> {
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut docs: Vec<Document> = Vec::new();
    let mut csv_rows: Vec<Document> = Vec::new();
    for chunk in inputs.chunks(64) {
        let results: Vec<(&PathBuf, Result<fengong::Analysis>)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|p| {
                    let r = read_input(p).and_then(|b| {
                        let name = p.to_string_lossy();
                        let an = if a.explain {
                            fengong::analyze(&b, Some(&name), opts)
                        } else {
                            fengong::parse_bytes(&b, Some(&name), opts)
                                .map(|document| fengong::Analysis { document, lines: Vec::new() })
                        };
                        an.map_err(anyhow::Error::from)
                    });
                    (p, r)
                })
                .collect()
        });
        for (p, r) in results {
            let an = match r {
                Ok(an) => an,
                Err(e) => {
                    failed += 1;
                    eprintln!("fengong: error: {}: {e:#}", p.display());
                    if format == Format::Jsonl && !a.explain {
                        let rec = serde_json::json!({"type": "error", "path": p.to_string_lossy(), "error": format!("{e:#}")});
                        writeln!(out, "{rec}")?;
                    }
                    continue;
                }
            };
            ok += 1;
            if a.explain {
                writeln!(out, "== {}", p.display())?;
                for (no, label, text) in &an.lines {
                    writeln!(out, "{no:>5} {label:<40} | {text}")?;
                }
                continue;
            }
            match format {
                Format::Jsonl => emit::jsonl(&an.document, out)?,
                Format::Tree => {
                    writeln!(out, "== {}", p.display())?;
                    out.write_all(emit::tree::tree(&an.document).as_bytes())?;
                }
                Format::Csv => csv_rows.push(an.document),
                Format::Json | Format::Yaml => docs.push(an.document),
            }
        }
        if format == Format::Csv && !a.explain {
            let first = ok + failed <= chunk.len();
            write_csv(&csv_rows, first, a.csv_bom, out)?;
            csv_rows.clear();
        }
    }
    if !a.explain && ok > 0 {
        match format {
            Format::Json => emit::json(&docs, out)?,
            Format::Yaml => emit::yaml(&docs, out)?,
            _ => {}
        }
    }
    Ok((ok, failed))
}

fn write_csv(docs: &[Document], header: bool, bom: bool, out: &mut dyn Write) -> Result<()> {
    let mut w = emit::csv::Writer::new(out, header, bom && header)?;
    for d in docs {
        w.document(d)?;
    }
    Ok(())
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
