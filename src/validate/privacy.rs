//! Privacy check: personal information (resident ID numbers, personal
//! mobile numbers, bank card numbers) anywhere in a file is reported
//! where it sits, before anything can be published.
//!
//! The whole decoded file is scanned, not only its values, so a number in
//! a TOML comment or a key is found too: comments are not published, but
//! the content folder is shared and archived.
//!
//! File names, folder names and slugs are scanned as well, because they
//! become part of the published URLs.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use super::rules::privacy::{Finding, FindingKind, find_personal_info, find_personal_info_in_name};
use crate::diag::{Diagnostic, Diagnostics, Location, SourceFile};
use crate::load::LoadedSite;
use crate::load::tree::NodeValue;

/// Scans the whole text of a file.
pub fn scan_file(file: &SourceFile, diagnostics: &mut Diagnostics) {
    for finding in find_personal_info(&file.text) {
        report(
            file,
            finding.range.start,
            finding.kind,
            &finding.matched,
            diagnostics,
        );
    }
}

/// Scans one file name, folder name or slug and reports each number in it
/// at line 1, column 1 of `path_for_messages`.
pub fn scan_path(path_for_messages: &Path, name: &str, diagnostics: &mut Diagnostics) {
    report_in_name(
        path_for_messages,
        name,
        &find_personal_info_in_name(name),
        &[],
        diagnostics,
    );
}

/// Scans the names of every file under content/ (records, attachments and
/// files that failed to parse), the folders they are in, and every record's
/// `slug`. A folder is reported once, on the first file in it by content
/// path.
pub fn scan_names(loaded: &LoadedSite, diagnostics: &mut Diagnostics) {
    let documents = loaded
        .documents
        .iter()
        .map(|d| (d.content_path.clone(), d.file.path.as_path()));
    let assets = loaded
        .assets
        .iter()
        .map(|a| (a.content_path.clone(), a.source.as_path()));
    let unparsed = loaded.unparsed.iter().filter_map(|file| {
        let under_content = file.path.strip_prefix("content").ok()?;
        Some((
            crate::diag::display_path(under_content),
            file.path.as_path(),
        ))
    });
    let mut files: Vec<(String, &Path)> = documents.chain(assets).chain(unparsed).collect();
    files.sort();
    files.dedup();

    let mut scanned_folders: BTreeSet<String> = BTreeSet::new();
    for (content_path, source) in &files {
        let (folders, file_name) = content_path
            .rsplit_once('/')
            .unwrap_or(("", content_path.as_str()));
        let mut folder_path = String::new();
        for folder in folders.split('/').filter(|f| !f.is_empty()) {
            folder_path.push_str(folder);
            folder_path.push('/');
            if scanned_folders.insert(folder_path.clone()) {
                scan_path(source, folder, diagnostics);
            }
        }
        scan_path(source, file_name, diagnostics);
    }

    for document in &loaded.documents {
        if let Some(slug) = slug_of(&document.table.value) {
            scan_slug(&document.file.path, slug, diagnostics);
        }
    }
}

/// Collects the names [`scan_names`] reads: every content path, and the
/// slug of each document that has one.
pub fn scanned_names(loaded: &LoadedSite) -> (HashSet<String>, HashMap<String, String>) {
    let mut paths: HashSet<String> = loaded
        .documents
        .iter()
        .map(|d| d.content_path.clone())
        .chain(loaded.assets.iter().map(|a| a.content_path.clone()))
        .collect();
    paths.extend(loaded.unparsed.iter().filter_map(unparsed_content_path));
    let slugs = loaded
        .documents
        .iter()
        .filter_map(|d| Some((d.content_path.clone(), slug_of(&d.table.value)?.to_string())))
        .collect();
    (paths, slugs)
}

/// Returns whether a content path is among the files of `loaded`.
pub fn is_present(loaded: &LoadedSite, content_path: &str) -> bool {
    loaded
        .documents
        .iter()
        .any(|d| d.content_path == content_path)
        || loaded.assets.iter().any(|a| a.content_path == content_path)
        || loaded
            .unparsed
            .iter()
            .any(|file| unparsed_content_path(file).as_deref() == Some(content_path))
}

/// Returns the slug of the document at a content path, if it has one.
pub fn slug_at<'a>(loaded: &'a LoadedSite, content_path: &str) -> Option<&'a str> {
    loaded
        .documents
        .iter()
        .find(|d| d.content_path == content_path)
        .and_then(|d| slug_of(&d.table.value))
}

fn unparsed_content_path(file: &crate::diag::SourceFile) -> Option<String> {
    let under_content = file.path.strip_prefix("content").ok()?;
    Some(crate::diag::display_path(under_content))
}

/// Returns the `slug` string of a record's root table.
fn slug_of(table: &NodeValue) -> Option<&str> {
    let NodeValue::Table(entries) = table else {
        return None;
    };
    entries
        .iter()
        .find(|entry| entry.key == "slug")
        .and_then(|entry| match &entry.node.value {
            NodeValue::String(slug) => Some(slug.as_str()),
            _ => None,
        })
}

/// Scans a slug, leaving out the numbers that the scan of the file text
/// already reports where the slug is written.
fn scan_slug(path_for_messages: &Path, slug: &str, diagnostics: &mut Diagnostics) {
    let in_text: Vec<Range<usize>> = find_personal_info(slug)
        .into_iter()
        .map(|f| f.range)
        .collect();
    report_in_name(
        path_for_messages,
        slug,
        &find_personal_info_in_name(slug),
        &in_text,
        diagnostics,
    );
}

/// Reports each finding in `name` whose range is not in `skip`. The
/// message shows the name with every finding masked.
fn report_in_name(
    path_for_messages: &Path,
    name: &str,
    findings: &[Finding],
    skip: &[Range<usize>],
    diagnostics: &mut Diagnostics,
) {
    let masked_name = mask_findings(name, findings);
    for finding in findings.iter().filter(|f| !skip.contains(&f.range)) {
        let location = Some(Location {
            file: path_for_messages.to_path_buf(),
            line: 1,
            column: 1,
        });
        let message = format!(
            "文件名、文件夹名或 slug“{masked_name}”中有{}。这个名称会成为网址的一部分，随网站公开",
            name_finding(finding.kind)
        );
        let fix = "给文件或文件夹改名（slug 则修改其值），去掉其中的号码，例如改用拼音、日期或事项名称；附件改名后，记录的 attachments 中也要改成新名称";
        let diagnostic = if finding.kind.is_error() {
            Diagnostic::error(location, message, fix)
        } else {
            Diagnostic::warning(location, message, fix)
        };
        diagnostics.push(diagnostic);
    }
}

/// Returns the Chinese name of a finding, for messages about file names,
/// folder names and slugs.
fn name_finding(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::ResidentId => "一个居民身份证号码",
        FindingKind::ResidentIdOld => "一个 15 位旧版居民身份证号码",
        FindingKind::Mobile => "一个个人手机号码",
        FindingKind::BankCard => "一串可能是个人银行卡号的数字（通过 Luhn 校验）",
    }
}

fn report(
    file: &SourceFile,
    offset: usize,
    kind: FindingKind,
    matched: &str,
    diagnostics: &mut Diagnostics,
) {
    let location = Some(file.location(offset));
    let message = format!("{}：{}", kind.message(), mask(matched));
    let diagnostic = if kind.is_error() {
        Diagnostic::error(location, message, kind.fix())
    } else {
        Diagnostic::warning(location, message, kind.fix())
    };
    diagnostics.push(diagnostic);
}

/// Returns `name` with the middle of every finding masked. `findings` must
/// be in order of position and must not overlap.
fn mask_findings(name: &str, findings: &[Finding]) -> String {
    let mut masked = String::new();
    let mut copied_to = 0;
    for finding in findings {
        masked.push_str(name.get(copied_to..finding.range.start).unwrap_or_default());
        masked.push_str(&mask(&finding.matched));
        copied_to = finding.range.end;
    }
    masked.push_str(name.get(copied_to..).unwrap_or_default());
    masked
}

/// Masks the middle of a number so the message itself does not spread it
/// further (terminal logs, CI output).
fn mask(matched: &str) -> String {
    let chars: Vec<char> = matched.chars().collect();
    if chars.len() <= 7 {
        return matched.to_string();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}
