//! The batch engine: many inputs parsed in parallel, written in input order through one
//! [`Sink`], a panic on one file reported as that file's error, memory bounded by a few
//! chunks of files however large the archive. The directory walk ([`walk`]), the safe
//! output file ([`output`]) and the filter protocol for cluster engines ([`records`])
//! live beside it.

pub mod output;
pub mod records;
pub mod sink;
pub mod walk;

use crate::model::{Warning, WarningCode};
use crate::{Error, Options};
use rayon::prelude::*;
use sink::{Rendered, Sink};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Files parsed in parallel per chunk; output is written chunk by chunk.
const CHUNK: usize = 64;
/// Chunks parsed ahead of the writer (the bound on memory).
const AHEAD: usize = 3;
/// Inputs larger than this (8 MiB) are parsed by the writer in their turn and written as
/// their sections are assembled, when the format allows (JSON, JSON Lines, YAML, CSV): a
/// large plan's memory is then under four times its size, where rendering it whole took
/// over twenty times (docs/performance.md).
pub const LARGE: u64 = 8 << 20;

/// How a batch runs.
#[derive(Clone, Debug, Default)]
pub struct BatchConfig {
    /// Worker threads; 0 means one per core. Output order never depends on it.
    pub jobs: usize,
    /// Inputs larger than this many bytes are written as they are assembled (formats
    /// that allow it); `None` means [`LARGE`]. The output is the same either way.
    pub large: Option<u64>,
}

/// Worker threads for `jobs`: 0 means all cores; more than eight per core only adds
/// threads that wait, so it is bounded there (and at 256).
#[must_use]
pub fn threads(jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let most = (cores * 8).min(256);
    if jobs == 0 {
        cores
    } else {
        jobs.min(most)
    }
}

/// What a batch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs parsed and written.
    pub ok: usize,
    /// Inputs that failed (reported through the events, and by sinks that record errors).
    pub failed: usize,
    /// Tasks in the documents written.
    pub tasks: usize,
    /// Warnings in the documents written.
    pub warnings: usize,
    /// Bytes read.
    pub bytes: u64,
}

/// What the batch tells its caller as it goes, in input order.
#[derive(Debug)]
pub enum Event<'a> {
    /// An input was parsed and written.
    Written {
        /// The input.
        path: &'a Path,
        /// Its size.
        bytes: u64,
    },
    /// An input over the size limit is about to be parsed as it is written (the writer
    /// parses it, one at a time): a caller may prepare for one document's large memory.
    Large {
        /// The input.
        path: &'a Path,
        /// Its size.
        bytes: u64,
    },
    /// An input failed; the batch goes on.
    Failed {
        /// The input.
        path: &'a Path,
        /// What went wrong (the file is named by the caller).
        error: &'a str,
    },
}

/// The name a document's `source.path` carries for `path`: the path itself when it is
/// UTF-8; otherwise (a GBK name unzipped from a Windows archive) the name decoded as
/// GB18030 when that works, else with `\xNN` for each byte that is not UTF-8 — and a
/// warning that gives the bytes on disk.
#[must_use]
pub fn path_name(path: &Path) -> (String, Option<Warning>) {
    let raw = path.as_os_str().as_encoded_bytes();
    if let Ok(s) = std::str::from_utf8(raw) {
        return (s.to_string(), None);
    }
    let escaped: String = raw
        .utf8_chunks()
        .flat_map(|c| {
            let bad = c.invalid().iter().map(|b| format!("\\x{b:02X}"));
            std::iter::once(c.valid().to_string()).chain(bad)
        })
        .collect();
    let (name, how) =
        match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(raw) {
            Some(s) => (s.into_owned(), "shown decoded as GB18030"),
            None => (
                escaped.clone(),
                "shown with \\xNN for bytes that are not UTF-8",
            ),
        };
    let warning = Warning {
        code: WarningCode::PathNotUtf8,
        message: format!("the file name is not UTF-8 ({how}); on disk it is {escaped}"),
        line: None,
    };
    (name, Some(warning))
}

/// Read an input: a file, or standard input for `-`.
///
/// ## Errors
/// `Io`, naming the file.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if path.as_os_str() == "-" {
        let mut b = Vec::new();
        io::stdin().read_to_end(&mut b).map_err(io_error)?;
        Ok(b)
    } else {
        std::fs::read(path).map_err(io_error)
    }
}

/// Run `f`, turning a panic into an error: a bug met on one file of an archive is
/// reported for that file and the batch goes on.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!(
            "internal error (a bug in fengong; please report it with this file): {what}"
        ))
    })
}

/// What every input of a batch is parsed with.
#[derive(Clone, Copy)]
struct Job<'a> {
    sink: &'a dyn Sink,
    opts: &'a Options,
    /// Inputs larger than this are parsed by the writer (when the sink streams).
    large: u64,
}

/// What a worker did with one input.
enum Done {
    /// Parsed and rendered, to be written in its turn.
    Rendered(Rendered),
    /// Larger than the limit ([`LARGE`] unless configured; its bytes, when they were read
    /// from standard input): the writer parses it in its turn and writes it as it is
    /// assembled.
    Large(Option<Vec<u8>>),
}

/// Read, parse and render one input in a worker; a large one is left to the writer when
/// the format streams.
fn one(path: &Path, job: &Job<'_>) -> (Result<Done, String>, u64) {
    let Job { sink, opts, large } = *job;
    let limit = sink.streams().then_some(large);
    let bytes = match read_unless_larger(path, limit) {
        Ok(Input::Read(b)) => b,
        Ok(Input::Larger(size)) => return (Ok(Done::Large(None)), size),
        Err(e) => return (Err(error_text(&e)), 0),
    };
    let size = bytes.len() as u64;
    if limit.is_some_and(|l| size > l) {
        return (Ok(Done::Large(Some(bytes))), size);
    }
    let (name, note) = path_name(path);
    let done = guarded(|| {
        sink.parse(&name, &bytes, opts, note)
            .map_err(|e| error_text(&e))
    });
    (done.map(Done::Rendered), size)
}

/// An input read, or left unread for being larger than a limit.
enum Input {
    Read(Vec<u8>),
    Larger(u64),
}

/// Read an input unless it is a file larger than `limit` (standard input is always read).
fn read_unless_larger(path: &Path, limit: Option<u64>) -> Result<Input, Error> {
    let Some(limit) = limit.filter(|_| path.as_os_str() != "-") else {
        return read_input(path).map(Input::Read);
    };
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > limit {
        return Ok(Input::Larger(size));
    }
    let size = usize::try_from(size).unwrap_or(0);
    read_sized(&mut file, size)
        .map(Input::Read)
        .map_err(io_error)
}

/// All of `file`, which held `size` bytes when asked: read into a buffer of that size,
/// then to the end (a file that grew since is still read whole; one that shrank, as far as
/// it goes). Two reads for the usual file: `File::read_to_end` would first ask the file its
/// size and position again, two system calls more per file of an archive.
fn read_sized(file: &mut std::fs::File, size: usize) -> io::Result<Vec<u8>> {
    let mut bytes = vec![0u8; size];
    let mut filled = 0;
    while let Some(rest) = bytes.get_mut(filled..).filter(|r| !r.is_empty()) {
        match file.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    if filled == size {
        // (through `Take`, which does not ask the file its size: one read that finds the end)
        Read::take(file, u64::MAX).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// Parse a large input (`bytes`, or the file when it was left unread) and write it as
/// the `nth` document while its sections are assembled.
///
/// ## Errors
/// Writing failed (the input failing is an [`Outcome::Failed`]).
fn write_large(
    job: &Job<'_>,
    out: &mut dyn Write,
    nth: usize,
    path: &Path,
    bytes: Option<Vec<u8>>,
) -> io::Result<Outcome> {
    let bytes = match bytes.map_or_else(|| read_input(path), Ok) {
        Ok(b) => b,
        Err(e) => return Ok(Outcome::Failed(error_text(&e))),
    };
    let (name, note) = path_name(path);
    let parsed = guarded(|| {
        let mut doc =
            crate::parse_streaming(bytes, Some(&name), job.opts).map_err(|e| error_text(&e))?;
        doc.push_warnings(note);
        Ok(doc)
    });
    let doc = match parsed {
        Ok(d) => d,
        Err(e) => return Ok(Outcome::Failed(e)),
    };
    // A panic while assembling an item (a bug) fails the input; what was written of it
    // stays, cut short.
    match guarded(|| Ok(job.sink.write_streamed(out, nth, &doc))) {
        Ok(written) => written?,
        Err(e) => return Ok(Outcome::Failed(e)),
    }
    Ok(Outcome::Written {
        tasks: doc.task_count(),
        warnings: doc.warning_count(),
    })
}

/// An error's message without the path (the caller names the file).
fn error_text(e: &Error) -> String {
    match e {
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

type Chunk<'p> = Vec<(&'p PathBuf, Result<Done, String>, u64)>;

/// Parse `inputs` (files; `-` is standard input) with `jobs` threads and write them
/// through `sink` to `out`, in input order. An input that fails is an [`Event::Failed`]
/// and the batch goes on; only a write error stops it.
///
/// Pipeline: a producer hands chunks of files to the pool, up to a few chunks ahead of
/// the writer; this thread writes them back in input order. A worker done with its share
/// of one chunk starts on the next instead of waiting for the chunk's slowest file.
///
/// ## Errors
/// Writing to `out` failed, or the threads could not start.
pub fn run(
    inputs: &[PathBuf],
    opts: &Options,
    cfg: &BatchConfig,
    sink: &dyn Sink,
    out: &mut dyn Write,
    on_event: &mut dyn FnMut(Event<'_>),
) -> io::Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(cfg.jobs))
        .build()
        .map_err(io::Error::other)?;
    let mut sum = Summary::default();
    let job = &Job {
        sink,
        opts,
        large: cfg.large.unwrap_or(LARGE),
    };
    sink.begin(out)?;
    std::thread::scope(|scope| -> io::Result<()> {
        // The receivers belong to this closure: if writing fails, returning drops them,
        // the producer's next send fails and it stops, and the scope can end.
        let (res_tx, res_rx) = std::sync::mpsc::channel::<(usize, Chunk<'_>)>();
        let (slot_tx, slot_rx) = std::sync::mpsc::sync_channel::<()>(AHEAD);
        let pool = &pool;
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
                            .map(|p| {
                                let (r, size) = one(p, job);
                                (p, r, size)
                            })
                            .collect();
                        // a closed channel means the writer stopped; nothing to do
                        let _ = res_tx.send((k, results));
                    });
                }
            });
        });
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0usize;
        for (k, results) in res_rx {
            pending.insert(k, results);
            while let Some(results) = pending.remove(&next) {
                next += 1;
                // the chunk is out of memory once written: free its slot
                let _ = slot_rx.try_recv();
                write_chunk(job, out, &mut sum, results, on_event)?;
            }
        }
        Ok(())
    })?;
    sink.finish(out, sum.ok)?;
    out.flush()?;
    Ok(sum)
}

/// Write one chunk's results in input order. Documents rendered in a row go out framed
/// in one vectored write: a system call or so per chunk, where writing each took one per
/// document, and nothing copied into a buffer first.
fn write_chunk(
    job: &Job<'_>,
    out: &mut dyn Write,
    sum: &mut Summary,
    results: Chunk<'_>,
    on_event: &mut dyn FnMut(Event<'_>),
) -> io::Result<()> {
    let framed = job.sink.frame(0).is_some();
    let mut row: Vec<(&Path, Rendered, u64)> = Vec::with_capacity(results.len());
    for (path, result, size) in results {
        match result {
            Ok(Done::Rendered(r)) if framed => row.push((path, r, size)),
            other => {
                write_row(job, out, sum, &mut row, on_event)?;
                write_one(job, out, sum, (path, other, size), on_event)?;
            }
        }
    }
    write_row(job, out, sum, &mut row, on_event)
}

/// Write documents rendered in a row, each in its frame, in one vectored write; then
/// count them.
fn write_row(
    job: &Job<'_>,
    out: &mut dyn Write,
    sum: &mut Summary,
    row: &mut Vec<(&Path, Rendered, u64)>,
    on_event: &mut dyn FnMut(Event<'_>),
) -> io::Result<()> {
    let mut slices = Vec::with_capacity(3 * row.len());
    for (k, (_, r, _)) in row.iter().enumerate() {
        let (before, after) = job.sink.frame(sum.ok + k).unwrap_or_default();
        slices.extend(
            [before, &r.bytes, after]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(io::IoSlice::new),
        );
    }
    write_all_vectored(out, &mut slices)?;
    for (path, r, size) in row.drain(..) {
        sum.bytes += size;
        sum.ok += 1;
        sum.tasks += r.tasks;
        sum.warnings += r.warnings;
        on_event(Event::Written { path, bytes: size });
    }
    Ok(())
}

/// All of `slices`, through as many vectored writes as the output takes.
fn write_all_vectored(out: &mut dyn Write, mut slices: &mut [io::IoSlice<'_>]) -> io::Result<()> {
    while !slices.is_empty() {
        match out.write_vectored(slices) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => io::IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// What became of one input at the writer.
enum Outcome {
    /// Written, with its counts.
    Written { tasks: usize, warnings: usize },
    /// Not parsed: the error.
    Failed(String),
}

/// Write one input's result in its turn (a large input is parsed here), and count it.
fn write_one(
    job: &Job<'_>,
    out: &mut dyn Write,
    sum: &mut Summary,
    (path, result, size): (&Path, Result<Done, String>, u64),
    on_event: &mut dyn FnMut(Event<'_>),
) -> io::Result<()> {
    let sink = job.sink;
    sum.bytes += size;
    let outcome = match result {
        Ok(Done::Rendered(r)) => {
            sink.write(out, sum.ok, &r.bytes)?;
            Outcome::Written {
                tasks: r.tasks,
                warnings: r.warnings,
            }
        }
        Ok(Done::Large(bytes)) => {
            on_event(Event::Large { path, bytes: size });
            write_large(job, out, sum.ok, path, bytes)?
        }
        Err(e) => Outcome::Failed(e),
    };
    match outcome {
        Outcome::Written { tasks, warnings } => {
            sum.ok += 1;
            sum.tasks += tasks;
            sum.warnings += warnings;
            on_event(Event::Written { path, bytes: size });
        }
        Outcome::Failed(error) => {
            sum.failed += 1;
            sink.failed(out, &path_name(path).0, &error)?;
            on_event(Event::Failed {
                path,
                error: &error,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_whatever_size_it_was_said_to_have() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        let text: Vec<u8> = (0..20_000u32).flat_map(|i| i.to_le_bytes()).collect();
        std::fs::write(&path, &text).expect("write");
        // the size as asked, a file that grew since (said smaller), one that shrank (said
        // larger), and an empty file
        for said in [
            text.len(),
            0,
            1,
            8192,
            text.len() - 1,
            text.len() + 1,
            3 * text.len(),
        ] {
            let mut f = std::fs::File::open(&path).expect("open");
            assert_eq!(read_sized(&mut f, said).expect("read"), text, "said {said}");
        }
        std::fs::write(&path, b"").expect("write");
        let mut f = std::fs::File::open(&path).expect("open");
        assert!(read_sized(&mut f, 0).expect("read").is_empty());
    }

    #[test]
    fn a_panic_on_one_file_becomes_that_files_error() {
        let r: Result<u8, String> = guarded(|| panic!("boom at line 7"));
        let msg = r.unwrap_err();
        assert!(
            msg.contains("internal error") && msg.contains("boom at line 7"),
            "{msg}"
        );
        assert_eq!(guarded(|| Ok(3u8)), Ok(3));
    }

    #[cfg(unix)]
    #[test]
    fn a_gbk_file_name_is_shown_decoded_and_its_bytes_kept_in_a_warning() {
        use std::os::unix::ffi::OsStrExt;
        let gbk = b"\xb9\xa4\xd7\xf7.txt"; // 工作.txt in GBK (not UTF-8; 通知 would be)
        let (name, warning) = path_name(Path::new(std::ffi::OsStr::from_bytes(gbk)));
        assert_eq!(name, "工作.txt");
        let w = warning.expect("warning");
        assert!(
            w.message.contains("\\xB9\\xA4\\xD7\\xF7.txt"),
            "{}",
            w.message
        );
        assert_eq!(
            path_name(Path::new("a/通知.txt")),
            ("a/通知.txt".into(), None)
        );
    }

    /// Counts the calls that reach the output.
    struct Calls {
        bytes: Vec<u8>,
        writes: usize,
        /// The most slices one vectored write takes (a short write, as a pipe may make).
        most: usize,
    }

    impl Write for Calls {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.writes += 1;
            self.bytes.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
            self.writes += 1;
            let taken: Vec<&[u8]> = bufs.iter().take(self.most).map(|b| &**b).collect();
            taken.iter().for_each(|b| self.bytes.extend_from_slice(b));
            Ok(taken.iter().map(|b| b.len()).sum())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn small_inputs(dir: &Path, files: usize) -> Vec<PathBuf> {
        (0..files)
            .map(|i| {
                let path = dir.join(format!("{i:04}.txt"));
                let text = format!("一、总体要求\n（一）第{i}项任务。（市发改委牵头）\n");
                std::fs::write(&path, text).expect("write");
                path
            })
            .collect()
    }

    #[test]
    fn a_chunks_records_reach_the_output_in_vectored_writes_whole_and_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = 3 * CHUNK;
        let mut inputs = small_inputs(dir.path(), files);
        // a failed input in the middle of a chunk: its error record in its place
        inputs.insert(CHUNK + 5, dir.path().join("missing.txt"));
        let cfg = BatchConfig {
            jobs: 2,
            large: None,
        };
        let opts = Options::default();
        for (sink, array, most) in [
            (&sink::Jsonl as &dyn Sink, false, usize::MAX),
            (&sink::Json { array: true }, true, usize::MAX),
            (&sink::Jsonl, false, 2),
            (&sink::Json { array: true }, true, 2),
        ] {
            let mut calls = Calls {
                bytes: Vec::new(),
                writes: 0,
                most,
            };
            let sum = run(&inputs, &opts, &cfg, sink, &mut calls, &mut |_| {}).expect("run");
            assert_eq!((sum.ok, sum.failed), (files, 1));
            // the same bytes as writing each document in its turn
            let mut each: Vec<u8> = Vec::new();
            sink.begin(&mut each).expect("begin");
            let mut nth = 0;
            for p in &inputs {
                match std::fs::read(p) {
                    Ok(bytes) => {
                        let name = path_name(p).0;
                        let r = sink.parse(&name, &bytes, &opts, None).expect("parse");
                        sink.write(&mut each, nth, &r.bytes).expect("write");
                        nth += 1;
                    }
                    Err(_) => sink
                        .failed(
                            &mut each,
                            &path_name(p).0,
                            "No such file or directory (os error 2)",
                        )
                        .expect("failed"),
                }
            }
            sink.finish(&mut each, nth).expect("finish");
            assert_eq!(
                String::from_utf8_lossy(&calls.bytes),
                String::from_utf8_lossy(&each),
                "array {array}, {most} slices a write"
            );
            if most == usize::MAX {
                // a write for each run of documents (the three chunks, the one cut in two
                // by the failed input), besides the error record's and the array's ends:
                // a quarter of the writes a write per document would take
                assert!(calls.writes < files / 4, "{} writes", calls.writes);
            }
        }
    }

    #[test]
    fn threads_are_bounded() {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        assert_eq!(threads(0), cores);
        assert_eq!(threads(1), 1);
        assert!(threads(100_000) <= 256);
    }
}
