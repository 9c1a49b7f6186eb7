//! Where a batch's output goes, and how it is never left half-written.
//!
//! - `-` or nothing: standard output.
//! - A regular file (or a path that does not exist yet): written to a temporary file in
//!   the same directory and renamed over the target when complete ([`Target::commit`]);
//!   a run that fails or writes nothing leaves the target as it was. The temporary file
//!   is removed on every exit path: dropped on error or panic, and by
//!   [`remove_pending`] when a signal ends the process (the CLI calls it from its
//!   SIGINT/SIGTERM handler).
//! - A symbolic link: the same, at the file it points to; the link stays a link.
//! - Anything else (a FIFO, `/dev/stdout`, a terminal, a character device): opened and
//!   written in place, never replaced.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files in flight, for the signal handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Remove every temporary output file still in flight. Safe to call from a signal
/// handler thread (`ctrlc` runs handlers on a thread of their own), before exiting.
pub fn remove_pending() {
    for p in pending().drain(..) {
        let _ = std::fs::remove_file(p);
    }
}

/// An output being written.
pub enum Target {
    /// Standard output.
    Stdout(io::StdoutLock<'static>),
    /// A FIFO, a device or another special file, written in place.
    InPlace(std::fs::File),
    /// A regular file, written to a temporary file renamed over `dest` at the end.
    Atomic {
        /// The temporary file (removed when dropped uncommitted).
        tmp: tempfile::NamedTempFile,
        /// The file it replaces.
        dest: PathBuf,
    },
}

impl Target {
    /// Open the output for `path` (`None` or `-`: standard output).
    ///
    /// ## Errors
    /// The directory cannot hold a temporary file, or a special file cannot be opened.
    pub fn open(path: Option<&Path>) -> io::Result<Target> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Target::Stdout(io::stdout().lock()));
        };
        // a link is followed to the file it names, which is replaced; the link stays
        let dest = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).or_else(|_| {
                // a dangling link: write the file it points to
                std::fs::read_link(path).map(|t| path.parent().unwrap_or(Path::new("")).join(t))
            })?,
            _ => path.to_path_buf(),
        };
        match std::fs::metadata(&dest) {
            Ok(m) if !m.is_file() && !m.is_dir() => {
                return std::fs::OpenOptions::new()
                    .write(true)
                    .open(&dest)
                    .map(Target::InPlace);
            }
            _ => {}
        }
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = dest.file_name().map_or_else(
            || "output".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".fengong-tmp")
            .tempfile_in(dir)?;
        pending().push(tmp.path().to_path_buf());
        Ok(Target::Atomic { tmp, dest })
    }

    /// The temporary file being written, if any (a walk must never read it).
    #[must_use]
    pub fn temporary(&self) -> Option<&Path> {
        match self {
            Target::Atomic { tmp, .. } => Some(tmp.path()),
            _ => None,
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Target::Stdout(s) => s,
            Target::InPlace(f) => f,
            Target::Atomic { tmp, .. } => tmp.as_file_mut(),
        }
    }

    /// Finish: rename a temporary file over its destination (keeping the destination's
    /// permissions when it existed).
    ///
    /// ## Errors
    /// Flushing or renaming failed; the temporary file is removed.
    pub fn commit(mut self) -> io::Result<()> {
        self.writer().flush()?;
        if let Target::Atomic { tmp, dest } = self {
            let path = tmp.path().to_path_buf();
            if let Ok(m) = std::fs::metadata(&dest) {
                let _ = std::fs::set_permissions(&path, m.permissions());
            }
            let persisted = tmp.persist(&dest).map(drop).map_err(|e| e.error);
            pending().retain(|p| p != &path);
            persisted?;
        }
        Ok(())
    }

    /// Give up: the destination stays as it was.
    pub fn abandon(self) {
        if let Target::Atomic { tmp, .. } = self {
            let path = tmp.path().to_path_buf();
            drop(tmp);
            pending().retain(|p| p != &path);
        }
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer().write_all(buf)
    }

    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        self.writer().write_vectored(bufs)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_abandon_keeps() {
        let dir = tempfile::tempdir().expect("dir");
        let dest = dir.path().join("out.json");
        std::fs::write(&dest, "old").expect("write");
        let mut t = Target::open(Some(&dest)).expect("open");
        t.write_all(b"new").expect("write");
        let tmp = t.temporary().expect("tmp").to_path_buf();
        t.abandon();
        assert!(!tmp.exists());
        assert_eq!(std::fs::read_to_string(&dest).expect("read"), "old");
        let mut t = Target::open(Some(&dest)).expect("open");
        t.write_all(b"new").expect("write");
        t.commit().expect("commit");
        assert_eq!(std::fs::read_to_string(&dest).expect("read"), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_link_to_the_new_content() {
        let dir = tempfile::tempdir().expect("dir");
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::fs::write(&real, "old").expect("write");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        let mut t = Target::open(Some(&link)).expect("open");
        t.write_all(b"new").expect("write");
        t.commit().expect("commit");
        assert!(std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
    }
}
