//! Typed library errors. Heuristic stages never fail; only decoding and I/O can.

use std::fmt;
use std::path::PathBuf;

/// What can go wrong in the library.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Reading a file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `--encoding` named a label the WHATWG Encoding Standard does not know.
    UnknownEncoding {
        /// The label given.
        label: String,
    },
    /// The input is binary (NUL-heavy, or an executable/archive), not text.
    Binary {
        /// Why it was judged binary.
        reason: String,
    },
    /// The input holds no text at all (empty, or only white space).
    Empty,
    /// No encoding in the cascade produced plausible text.
    Undecodable {
        /// Why.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            Error::UnknownEncoding { label } => write!(f, "unknown encoding label {label:?}"),
            Error::Binary { reason } => write!(f, "not a text file ({reason})"),
            Error::Empty => write!(f, "empty file: no text to parse"),
            Error::Undecodable { reason } => write!(f, "cannot decode as text ({reason})"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
