//! The HTML class report in a real headless browser: it renders, its tables and charts
//! are in the page the browser built, and the browser reports no error (nothing
//! blocked by the page's content security policy, nothing fetched).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::class_report::{class, mlpath};

/// The browser to use: MLPATH_BROWSER, else Chromium or Chrome on the PATH.
fn browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MLPATH_BROWSER") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Runs the browser headless on `page` with `extra` arguments; returns stdout and
/// stderr. Killed after two minutes.
fn run_browser(browser: &Path, profile: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let mut child = Command::new(browser)
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
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the browser starts");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            panic!("the browser did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_html_report_renders_in_a_headless_browser_without_errors() {
    let Some(browser) = browser() else {
        // CI installs Chromium: there, a missing browser is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install Chromium (apt-get install chromium) for the HTML report test"
        );
        eprintln!("SKIPPED the_html_report_renders_in_a_headless_browser: no Chromium found");
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let (lessons, exports) = class(root.path());
    let page = root.path().join("report.html");
    mlpath(root.path())
        .args(["class", "report"])
        .arg(&exports)
        .arg("--lessons")
        .arg(&lessons)
        .arg("--html")
        .arg(&page)
        .assert()
        .success()
        .stdout("");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing fetched"
    );

    let profile = root.path().join("profile");
    let (dom, log) = run_browser(&browser, &profile, &page, &["--dump-dom".to_string()]);
    // The DOM the browser built, not the file's text: the tables parsed as tables.
    assert!(dom.contains("<table id=\"lessons\">"), "{dom}");
    assert_eq!(dom.matches("<tr class=\"flagged\">").count(), 2, "{dom}");
    assert_eq!(
        dom.matches("<svg class=\"bar\"").count(),
        1 + 2 * 5,
        "{dom}"
    );
    assert!(dom.contains("30 learners from 30 files"));
    assert!(dom.contains("Accuracy, since it counts every row"));
    for line in log.lines() {
        let lower = line.to_lowercase();
        let console_error = lower.contains("console") && lower.contains("error");
        let blocked = lower.contains("content security policy");
        let uncaught = lower.contains("uncaught");
        assert!(
            !(console_error || blocked || uncaught),
            "the browser reported: {line}"
        );
    }

    let shot = root.path().join("report.png");
    run_browser(
        &browser,
        &profile,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,900".to_string(),
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG"), "a PNG image");
    if let Some(dir) = std::env::var_os("MLPATH_KEEP_REPORT") {
        std::fs::copy(&page, Path::new(&dir).join("report.html")).unwrap();
        std::fs::copy(&shot, Path::new(&dir).join("report.png")).unwrap();
    }
}
