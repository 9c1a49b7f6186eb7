//! The GNU parallel recipe in docs/scale-out.md, run as written, on file names that a
//! `printf` recipe turns into invalid records: quotes, backslashes, newlines, GBK bytes.

mod common;

use std::path::Path;
use std::process::Command;

fn recipe() -> String {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scale-out.md"))
            .expect("docs/scale-out.md");
    let from = doc.find("## GNU parallel").expect("a GNU parallel section");
    let rest = &doc[from..];
    let start = rest.find("```sh\n").expect("a sh block") + "```sh\n".len();
    let len = rest[start..].find("```").expect("the block's end");
    rest[start..start + len].to_string()
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[cfg(unix)]
#[test]
fn gnu_parallel_recipe_as_written_gives_one_valid_record_per_file() {
    use std::os::unix::ffi::OsStrExt;
    if !have("parallel") {
        assert!(
            std::env::var_os("FENGONG_REQUIRE_PARALLEL").is_none(),
            "GNU parallel is required here (.ci/run installs it)"
        );
        eprintln!("skipped: GNU parallel is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(&archive).expect("mkdir");
    let sources = common::seeds();
    let names: [&[u8]; 5] = [
        b"plain.txt",
        b"with \"quotes\" and \\backslash.txt",
        b"new\nline.txt",
        b"\xb9\xa4\xd7\xf7.txt", // GBK, not UTF-8
        b"2024 \xe5\xb7\xa5\xe4\xbd\x9c.txt",
    ];
    for (name, src) in names.iter().zip(sources.iter().cycle()) {
        std::fs::copy(src, archive.join(std::ffi::OsStr::from_bytes(name))).expect("copy");
    }
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_fengong"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let status = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &recipe()])
        .current_dir(dir.path())
        .env("PATH", path)
        .status()
        .expect("bash");
    assert!(status.success(), "the recipe failed");
    let parsed = std::fs::read_to_string(dir.path().join("parsed.jsonl")).expect("parsed.jsonl");
    let mut keys: Vec<String> = parsed
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON record");
            assert_eq!(v["type"], "document", "{}", v["error"]);
            v["key"].as_str().expect("key").to_string()
        })
        .collect();
    keys.sort();
    assert_eq!(keys.len(), names.len(), "{keys:?}");
    assert!(
        keys.iter().any(|k| k.ends_with("new\nline.txt")),
        "{keys:?}"
    );
    assert!(
        keys.iter().any(|k| k.ends_with("\\xb9\\xa4\\xd7\\xf7.txt")),
        "{keys:?}"
    );
}
