//! The HTML diff report opened in a real browser: headless Chromium loads the page from
//! disk and the test reads what it shows — the summary counts, a highlighted word, the
//! owners of an added task — and that the browser logged no console error.
//! `.ci/run` installs Debian's chromium and sets FENGONG_REQUIRE_CHROMIUM, so there the
//! test cannot skip.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// Load `page` headless; the DOM after load and what the browser logged.
fn render(browser: &str, page: &Path, profile: &Path) -> (String, String) {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_report_shows_counts_highlights_and_owners_in_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("FENGONG_REQUIRE_CHROMIUM").is_none(),
            "chromium is required here (.ci/run installs it)"
        );
        eprintln!("skipped: chromium is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let page = dir.path().join("report.html");
    let (old, new) = (
        root().join("fixtures/diff/report_old.txt"),
        root().join("fixtures/diff/report_new.txt"),
    );
    let status = Command::new(env!("CARGO_BIN_EXE_fengong"))
        .args(["diff", "--format", "html", "-o"])
        .arg(&page)
        .arg(&old)
        .arg(&new)
        .status()
        .expect("run");
    assert_eq!(status.code(), Some(1), "the plans differ");
    let json = Command::new(env!("CARGO_BIN_EXE_fengong"))
        .args(["diff", "--format", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let (dom, log) = render(browser, &page, &dir.path().join("profile"));
    assert!(dom.contains("<h1>变化对比</h1>"), "{dom}");
    for kind in ["unchanged", "modified", "moved", "added", "removed"] {
        let want = format!("id=\"count-{kind}\">{}<", report["summary"][kind]);
        assert!(dom.contains(&want), "{want} in {dom}");
    }
    assert!(
        dom.contains("<ins>和商标侵权</ins>"),
        "a highlighted insertion: {dom}"
    );
    assert!(
        dom.contains("牵头 市市场监管局；配合 市司法局"),
        "owners of the added task"
    );
    assert!(
        dom.contains("市工商局 → 市市场监管局"),
        "the rename called out"
    );
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(errors.is_empty(), "console messages: {errors:?}");
}
