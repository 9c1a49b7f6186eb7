//! Batch runs left unattended: what the walk takes and leaves, outputs never lost or left
//! half-written, shapes decided by what was asked, one record per input line.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fengong"))
}

mod common;

fn seed(n: usize) -> PathBuf {
    common::seeds().swap_remove(n)
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tmp")
}

fn copy_seed(n: usize, to: &Path) {
    if let Some(d) = to.parent() {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::copy(seed(n), to).expect("copy");
}

fn stdout_json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn jsonl_paths(out: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("record");
            let p = v["source"]["path"].as_str().or(v["path"].as_str());
            p.unwrap_or("").to_string()
        })
        .collect()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// An unreadable subdirectory is reported and the rest is written (exit 1). Root reads
/// any directory, so as root the run drops to the `nobody` user.
#[cfg(unix)]
#[test]
fn an_unreadable_subdirectory_is_reported_and_the_batch_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    copy_seed(0, &d.path().join("a.txt"));
    copy_seed(1, &d.path().join("locked/b.txt"));
    let locked = d.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_fengong"));
        c
    } else {
        bin()
    };
    let out = cmd
        .args(["parse", "--format", "jsonl"])
        .arg(d.path())
        .output()
        .expect("run");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("locked") && stderr.contains("cannot read"),
        "{stderr}"
    );
    let paths = jsonl_paths(&out);
    assert_eq!(paths.len(), 2, "an error record and a document: {paths:?}");
    assert!(
        paths[0].ends_with("locked") && paths[1].ends_with("a.txt"),
        "{paths:?}"
    );
}

/// SIGTERM or SIGINT in the middle of a run: no temporary file is left beside `-o`, and
/// the earlier output is as it was.
#[cfg(unix)]
#[test]
fn a_signal_mid_run_leaves_no_temporary_file() {
    let d = tmp();
    let input = d.path().join("in");
    for i in 0..400 {
        copy_seed(i % 5, &input.join(format!("{i:03}.txt")));
    }
    for signal in ["-TERM", "-INT"] {
        let out = d.path().join("out.json");
        std::fs::write(&out, "earlier").expect("write");
        let mut child = bin()
            .args(["parse", "-q", "-j1", "-o"])
            .arg(&out)
            .arg(&input)
            .spawn()
            .expect("spawn");
        let temporary = || {
            std::fs::read_dir(d.path())
                .expect("dir")
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".fengong-tmp"))
        };
        let started = std::time::Instant::now();
        while !temporary() && started.elapsed().as_secs() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(temporary(), "the run writes through a temporary file");
        let killed = Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .expect("kill");
        assert!(killed.success());
        let status = child.wait().expect("wait");
        assert!(!status.success(), "{signal}: {status:?}");
        assert!(!temporary(), "{signal}: temporary file left behind");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "earlier");
    }
}

/// `-o` onto a symbolic link writes the file it names; the link stays a link.
#[cfg(unix)]
#[test]
fn output_onto_a_symlink_keeps_the_link() {
    let d = tmp();
    let real = d.path().join("real.json");
    let link = d.path().join("link.json");
    std::fs::write(&real, "old").expect("write");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    let status = bin()
        .args(["parse", "-o"])
        .arg(&link)
        .arg(seed(0))
        .status()
        .expect("run");
    assert!(status.success());
    let meta = std::fs::symlink_metadata(&link).expect("meta");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&real).expect("read")).expect("json");
    assert_eq!(v["schema_version"], 1);
}

/// `-o` onto a FIFO writes into it (a reader gets the output); it stays a FIFO.
#[cfg(unix)]
#[test]
fn output_onto_a_fifo_writes_into_it() {
    use std::os::unix::fs::FileTypeExt;
    let d = tmp();
    let fifo = d.path().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).expect("read fifo"))
    };
    let status = bin()
        .args(["parse", "-o"])
        .arg(&fifo)
        .arg(seed(0))
        .status()
        .expect("run");
    assert!(status.success());
    let got = reader.join().expect("reader");
    let v: serde_json::Value = serde_json::from_slice(&got).expect("json through the fifo");
    assert_eq!(v["schema_version"], 1);
    let kind = std::fs::symlink_metadata(&fifo).expect("meta").file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced");
}

/// `-o -` and `-o /dev/stdout` are standard output.
#[cfg(unix)]
#[test]
fn output_dash_and_dev_stdout_are_standard_output() {
    for target in ["-", "/dev/stdout"] {
        let out = bin()
            .args(["parse", "-o", target])
            .arg(seed(0))
            .output()
            .expect("run");
        assert!(out.status.success(), "{target}");
        assert_eq!(stdout_json(&out)["schema_version"], 1, "{target}");
        assert!(!Path::new("-").exists());
    }
}

/// Symbolic links are not followed by default (and said so); `-L` follows them, and a
/// link back up the tree is reported once, not walked again and again.
#[cfg(unix)]
#[test]
fn symlinked_directories_follow_rg_conventions() {
    let d = tmp();
    copy_seed(0, &d.path().join("docs/a.txt"));
    copy_seed(1, &d.path().join("elsewhere/b.txt"));
    std::os::unix::fs::symlink(d.path().join("elsewhere"), d.path().join("docs/link"))
        .expect("link");
    std::os::unix::fs::symlink(d.path().join("docs"), d.path().join("docs/loop")).expect("loop");
    let run = |follow: bool| {
        let mut c = bin();
        c.args(["parse", "--format", "jsonl"]);
        if follow {
            c.arg("-L");
        }
        c.arg(d.path().join("docs")).output().expect("run")
    };
    let plain = run(false);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(jsonl_paths(&plain).len(), 1);
    assert!(String::from_utf8_lossy(&plain.stderr).contains("2 symbolic link(s) not followed"));
    let followed = run(true);
    let paths = jsonl_paths(&followed);
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("link/b.txt")), "{paths:?}");
    let stderr = String::from_utf8_lossy(&followed.stderr);
    assert!(stderr.contains("loop"), "{stderr}");
}

/// GBK file names (from archives unzipped off Windows) are read by the walk and by
/// `--files-from`; the document shows the name decoded and keeps its bytes in a warning.
#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_read() {
    use std::os::unix::ffi::OsStrExt;
    let d = tmp();
    let name = std::ffi::OsStr::from_bytes(b"\xb9\xa4\xd7\xf7.txt"); // 工作.txt in GBK
    copy_seed(0, &d.path().join(name));
    let walked = bin()
        .args(["parse", "--format", "jsonl"])
        .arg(d.path())
        .output()
        .expect("run");
    assert_eq!(walked.status.code(), Some(0));
    let rec: serde_json::Value = serde_json::from_slice(&walked.stdout).expect("record");
    assert!(rec["source"]["path"]
        .as_str()
        .is_some_and(|p| p.ends_with("工作.txt")));
    assert!(rec["warnings"]
        .as_array()
        .is_some_and(|w| w.iter().any(|w| w["code"] == "path_not_utf8")));
    let list = d.path().join("list");
    let mut bytes = d.path().as_os_str().as_bytes().to_vec();
    bytes.extend_from_slice(b"/\xb9\xa4\xd7\xf7.txt\n");
    std::fs::write(&list, bytes).expect("list");
    let listed = bin()
        .args(["parse", "--format", "jsonl", "--files-from"])
        .arg(&list)
        .output()
        .expect("run");
    assert_eq!(
        listed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
}

/// A directory walk takes text-like files only, never the run's own output, and
/// `--exclude` prunes a directory by name.
#[test]
fn the_walk_takes_text_and_never_its_own_output() {
    let d = tmp();
    copy_seed(0, &d.path().join("a.txt"));
    copy_seed(1, &d.path().join("drafts/b.txt"));
    std::fs::write(d.path().join("META.json"), "{\"k\": 1}").expect("write");
    let out = bin()
        .args(["parse", "--format", "jsonl"])
        .arg(d.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "META.json is not read");
    assert_eq!(jsonl_paths(&out).len(), 2);
    let pruned = bin()
        .args(["parse", "--format", "jsonl", "--exclude", "drafts"])
        .arg(d.path())
        .output()
        .expect("run");
    assert_eq!(jsonl_paths(&pruned).len(), 1);
    // every file, twice, writing into the walked directory: the output is never an input
    let target = d.path().join("all.txt");
    for _ in 0..2 {
        let status = bin()
            .args([
                "parse",
                "-q",
                "--format",
                "tree",
                "--ext",
                "*",
                "--exclude",
                "*.json",
                "-o",
            ])
            .arg(&target)
            .arg(d.path())
            .status()
            .expect("run");
        assert!(status.success());
    }
    let text = std::fs::read_to_string(&target).expect("read");
    assert_eq!(text.matches("\n== ").count() + 1, 2, "{}", &text[..200]);
}

/// Followed links are resolved before they are read: a link to the run's own output,
/// under another name, is not an input either.
#[cfg(unix)]
#[test]
fn a_followed_link_to_the_output_is_not_read() {
    let d = tmp();
    copy_seed(0, &d.path().join("a.txt"));
    let target = d.path().join("all.txt");
    std::fs::write(&target, "stale").expect("write");
    std::os::unix::fs::symlink(&target, d.path().join("zz-link.txt")).expect("link");
    let out = bin()
        .args(["parse", "-q", "-L", "--format", "tree", "-o"])
        .arg(&target)
        .arg(d.path())
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&target).expect("read");
    assert!(!text.contains("zz-link"), "{text}");
    assert!(!text.contains("stale"), "{text}");
}

/// JSON is a list whenever more than one document could have been asked for, however
/// many succeed; one file gives one object; `--array` forces a list.
#[test]
fn the_shape_follows_what_was_asked() {
    let d = tmp();
    copy_seed(0, &d.path().join("a.txt"));
    std::fs::write(d.path().join("b.txt"), b"").expect("empty");
    let dir = bin().arg("parse").arg(d.path()).output().expect("run");
    assert_eq!(dir.status.code(), Some(1));
    assert_eq!(stdout_json(&dir).as_array().map(Vec::len), Some(1));
    let two = bin()
        .arg("parse")
        .arg(d.path().join("a.txt"))
        .arg(d.path().join("b.txt"))
        .output()
        .expect("run");
    assert_eq!(stdout_json(&two).as_array().map(Vec::len), Some(1));
    let one = bin().arg("parse").arg(seed(0)).output().expect("run");
    assert!(stdout_json(&one).is_object());
    let forced = bin()
        .args(["parse", "--array"])
        .arg(seed(0))
        .output()
        .expect("run");
    assert_eq!(stdout_json(&forced).as_array().map(Vec::len), Some(1));
    let yaml = bin()
        .args(["parse", "--format", "yaml"])
        .arg(d.path())
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&yaml.stdout).starts_with("- schema_version: 1"));
}

/// `--stdin-records`: every input line gives one output line, whatever it holds.
#[test]
fn stdin_records_give_one_line_per_line() {
    use std::io::Write;
    let mut child = bin()
        .args(["parse", "--stdin-records"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = b"{\"key\":\"a\",\"text\":\"\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\"}\n".to_vec();
    input.extend_from_slice(b"\xff\xfe not utf-8\n{\"key\":\"c\",\"text\":\"x\"}\n");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    assert_eq!(
        common::record_types(&out.stdout),
        ["document", "error", "document"]
    );
}

/// Schemas are published for every JSON the tool writes.
#[test]
fn schemas_for_the_diff_and_the_records() {
    for (flag, field) in [
        ("--diff", "changes"),
        ("--record", "path"),
        ("--filter-record", "key"),
    ] {
        let out = bin().args(["schema", flag]).output().expect("run");
        assert!(out.status.success(), "{flag}");
        let v = stdout_json(&out);
        assert!(
            v.to_string().contains(&format!("\"{field}\"")),
            "{flag}: {v}"
        );
    }
}

/// An error record opens with its type, as a document record does.
#[test]
fn error_records_open_with_their_type() {
    let d = tmp();
    std::fs::write(d.path().join("empty.txt"), "").expect("write");
    let out = bin()
        .args(["parse", "-q", "--format", "jsonl"])
        .arg(d.path())
        .output()
        .expect("run");
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.starts_with("{\"type\":\"error\",\"path\":"), "{line}");
}

/// On a terminal the progress bar counts files per second (not "KiB/s") and says where it
/// writes. `script` gives the run a terminal; without it the test says it is skipped.
#[cfg(unix)]
#[test]
fn the_progress_bar_counts_files_and_shows_the_writing() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux script is not installed");
        return;
    }
    let d = tmp();
    for i in 0..40 {
        copy_seed(i % 5, &d.path().join(format!("in/{i:02}.txt")));
    }
    let out = d.path().join("out.jsonl");
    let cmd = format!(
        "{} parse --format jsonl -j1 -o {} {}",
        env!("CARGO_BIN_EXE_fengong"),
        out.display(),
        d.path().join("in").display()
    );
    let run = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .expect("script");
    let screen = String::from_utf8_lossy(&run.stdout);
    assert!(screen.contains("files/s"), "{screen}");
    assert!(!screen.contains("KiB/s"), "{screen}");
    assert!(
        screen.contains(&format!("writing {}", out.display())),
        "{screen}"
    );
}
