//! The filter protocol for cluster engines (Spark `RDD.pipe`, Ray, GNU parallel
//! `--pipe`): one JSON line in — `{"key": …, "text": "…"}` or `{"key": …, "bytes":
//! "<base64>"}` — gives exactly one JSON line out, in order, whatever the line held:
//! `{"key": …, "type": "document", "document": {…}}` or `{"key": …, "type": "error",
//! "line": N, "error": "…"}`. A line that is not UTF-8, not JSON or not a record is an
//! error record in its place; the stream goes on.

use super::{guarded, threads};
use crate::model::Document;
use crate::Options;
use base64::Engine as _;
use rayon::prelude::*;
use std::io::{self, BufRead, Write};

/// Input lines parsed in parallel at a time.
const BATCH: usize = 64;

/// One output record.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Record {
    /// The input record's `key`, as given (`null` when the line could not be read).
    pub key: serde_json::Value,
    /// `document` or `error`.
    #[serde(rename = "type")]
    pub kind: RecordType,
    /// The input line's number, from 1 (error records only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The parsed document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// What went wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a record holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RecordType {
    /// A parsed document.
    Document,
    /// An input that could not be parsed.
    Error,
}

/// Read records from `input` until its end, writing one record per line to `out`.
///
/// ## Errors
/// Reading `input` or writing `out` failed (a bad record is never an error here).
pub fn filter(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    opts: &Options,
    jobs: usize,
) -> io::Result<u64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(jobs))
        .build()
        .map_err(io::Error::other)?;
    let mut number = 0u64;
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let mut line = Vec::new();
            if input.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            number += 1;
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            batch.push((number, line));
        }
        if batch.is_empty() {
            break;
        }
        let records: Vec<Record> =
            pool.install(|| batch.par_iter().map(|(n, l)| record(*n, l, opts)).collect());
        for r in records {
            serde_json::to_writer(&mut *out, &r).map_err(crate::emit::json_io)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    Ok(number)
}

fn failure(line: u64, key: serde_json::Value, error: String) -> Record {
    Record {
        key,
        kind: RecordType::Error,
        line: Some(line),
        document: None,
        error: Some(error),
    }
}

/// The output record for input line `n`.
#[must_use]
pub fn record(n: u64, line: &[u8], opts: &Options) -> Record {
    let v: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) if std::str::from_utf8(line).is_err() => {
            return failure(
                n,
                serde_json::Value::Null,
                format!("line is not UTF-8 JSON ({e})"),
            )
        }
        Err(e) => return failure(n, serde_json::Value::Null, format!("bad record: {e}")),
    };
    let key = v.get("key").cloned().unwrap_or(serde_json::Value::Null);
    let bytes = if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
        t.as_bytes().to_vec()
    } else if let Some(b) = v.get("bytes").and_then(|t| t.as_str()) {
        match base64::engine::general_purpose::STANDARD.decode(b) {
            Ok(b) => b,
            Err(e) => return failure(n, key, format!("bad base64 in \"bytes\": {e}")),
        }
    } else {
        return failure(n, key, "record has neither \"text\" nor \"bytes\"".into());
    };
    let name = key.as_str().map_or_else(|| key.to_string(), str::to_string);
    match guarded(|| crate::parse_bytes(&bytes, Some(&name), opts).map_err(|e| e.to_string())) {
        Ok(doc) => Record {
            key,
            kind: RecordType::Document,
            line: None,
            document: Some(doc),
            error: None,
        },
        Err(e) => failure(n, key, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_gives_one_record_whatever_it_holds() {
        let input: &[u8] =
            b"{\"key\":\"a\",\"text\":\"\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\"}\n\
            \xb9\xa4\xd7\xf7 not utf-8\n\
            \n\
            not json\n\
            {\"key\":7,\"bytes\":\"!!\"}\n\
            {\"key\":\"b\"}";
        let mut out = Vec::new();
        let n = filter(&mut &input[..], &mut out, &Options::default(), 1).expect("filter");
        assert_eq!(n, 6);
        let recs: Vec<serde_json::Value> = out
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).expect("json"))
            .collect();
        let kinds: Vec<&str> = recs
            .iter()
            .map(|r| r["type"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(
            kinds,
            ["document", "error", "error", "error", "error", "error"]
        );
        assert_eq!(recs[1]["line"], 2);
        assert!(recs[1]["error"]
            .as_str()
            .unwrap_or("")
            .contains("not UTF-8"));
        assert_eq!(recs[4]["key"], 7);
    }
}
