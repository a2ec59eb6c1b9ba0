//! Every HTML page of the built example site passes the Nu HTML Checker
//! (vnu.jar from the npm package vnu-jar) with no errors.

mod common;

use std::path::Path;
use std::process::Command;

use common::site::build_example_site;

/// vnu.jar inside node_modules, as the npm package vnu-jar 26.x ships it.
const VNU_JAR: &str = "node_modules/vnu-jar/build/dist/vnu.jar";

/// One error from the checker's JSON output.
struct CheckerError {
    file: String,
    line: Option<u64>,
    column: Option<u64>,
    message: String,
    extract: Option<String>,
}

/// Parses the checker's `--format json` output into its errors, relative to `site_dir`.
fn parse_errors(json: &str, site_dir: &Path) -> Vec<CheckerError> {
    let report: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|error| {
        panic!("the Nu HTML Checker printed no valid JSON ({error}):\n{json}")
    });
    let messages = report["messages"]
        .as_array()
        .unwrap_or_else(|| panic!("the Nu HTML Checker's JSON has no messages array:\n{json}"));

    let prefix = format!("file:{}/", site_dir.display());
    messages
        .iter()
        .filter(|message| message["type"] != "info")
        .map(|message| {
            let url = message["url"].as_str().unwrap_or("(no file)");
            CheckerError {
                file: url.strip_prefix(&prefix).unwrap_or(url).to_string(),
                line: message["lastLine"]
                    .as_u64()
                    .or_else(|| message["firstLine"].as_u64()),
                column: message["firstColumn"].as_u64(),
                message: message["message"]
                    .as_str()
                    .unwrap_or("(no message)")
                    .to_string(),
                extract: message["extract"]
                    .as_str()
                    .map(|text| text.replace('\n', "↵")),
            }
        })
        .collect()
}

#[test]
fn example_site_html_is_valid() {
    let java = common::require_program("java", "the HTML validity test");
    let jar = common::repo_root().join(VNU_JAR);
    common::require_file(&jar, "the HTML validity test (npm package vnu-jar)");

    let dir = common::temp_dir("gongshi-vnu-");
    let site_dir = dir.path().join("public");
    build_example_site(&site_dir, "https://www.example.gov.cn/zwcx/");

    let output = Command::new(&java)
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--skip-non-html"])
        .arg(&site_dir)
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "failed to run {} -jar {}: {error}",
                java.display(),
                jar.display()
            )
        });

    // The checker writes its report to standard error and exits with 1
    // when it found errors, so the report decides, not the exit status.
    let report = String::from_utf8_lossy(&output.stderr);
    let site_dir = site_dir
        .canonicalize()
        .expect("the built site folder exists");
    let mut errors = parse_errors(&report, &site_dir);
    errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));

    let listing: Vec<String> = errors
        .iter()
        .map(|error| {
            let position = match (error.line, error.column) {
                (Some(line), Some(column)) => format!(":{line}:{column}"),
                (Some(line), None) => format!(":{line}"),
                _ => String::new(),
            };
            let extract = error
                .extract
                .as_deref()
                .map(|text| format!("\n    «{text}»"))
                .unwrap_or_default();
            format!("{}{position}: {}{extract}", error.file, error.message)
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found {} errors:\n{}",
        errors.len(),
        listing.join("\n")
    );
    assert!(
        output.status.success(),
        "the Nu HTML Checker exited with {} and reported no error\n--- stdout ---\n{}--- stderr ---\n{report}",
        output.status,
        String::from_utf8_lossy(&output.stdout)
    );
}
