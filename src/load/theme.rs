//! Theme loading: the built-in default theme, with any file the site
//! overrides under `<site>/themes/default/`.
//!
//! The default theme is compiled into the binary so that a site folder
//! needs nothing but site.toml and content/. A site file replaces the
//! built-in file of the same relative path, and a site file with a new
//! path (an extra template or image) is added.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};

/// Every file of the theme, keyed by path relative to the theme root,
/// `/`-separated: `templates/base.html`, `static/style.css`.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    pub files: BTreeMap<String, ThemeFile>,
}

#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    /// Path relative to the site folder when the site overrides the file,
    /// `None` for a built-in file.
    pub source: Option<PathBuf>,
}

impl ThemeFiles {
    /// Returns the path that messages about a theme file show: the site's
    /// file when overridden, else where the file sits in the default theme.
    pub fn display_path(&self, key: &str) -> PathBuf {
        match self.files.get(key).and_then(|file| file.source.clone()) {
            Some(source) => source,
            None => Path::new(OVERRIDE_DIR).join(key),
        }
    }
}

/// Folder of a site that contains its overrides of the default theme.
pub const OVERRIDE_DIR: &str = "themes/default";

macro_rules! builtin_files {
    ($($path:literal),+ $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),+]
    };
}

/// The files of themes/default/ in this repository. A test checks that
/// this list and the folder agree, so a new theme file cannot be forgotten.
const BUILTIN: &[(&str, &[u8])] = builtin_files![
    "static/conac-badge.svg",
    "static/favicon.svg",
    "static/print.css",
    "static/search.js",
    "static/style.css",
    "templates/404.html",
    "templates/base.html",
    "templates/components.html",
    "templates/data.html",
    "templates/evaluation.html",
    "templates/facet_index.html",
    "templates/home.html",
    "templates/list.html",
    "templates/notice.html",
    "templates/page.html",
    "templates/record.html",
    "templates/search.html",
    "templates/stats.html",
    "templates/unit.html",
    "templates/units.html",
];

/// Returns the built-in theme without any site override.
pub fn builtin_theme() -> ThemeFiles {
    let files = BUILTIN
        .iter()
        .map(|(path, bytes)| {
            (
                path.to_string(),
                ThemeFile {
                    bytes: bytes.to_vec(),
                    source: None,
                },
            )
        })
        .collect();
    ThemeFiles { files }
}

/// Loads the default theme and applies the site's overrides.
///
/// Rejects override files that are symbolic links resolving outside the
/// site folder, so a theme cannot make gongshi publish other files of the
/// machine. Every problem is reported, not only the first.
pub fn load_theme(site_dir: &Path) -> Result<ThemeFiles, Diagnostics> {
    let mut theme = builtin_theme();
    let override_dir = site_dir.join(OVERRIDE_DIR);
    if !override_dir.is_dir() {
        return Ok(theme);
    }

    let mut diagnostics = Diagnostics::new();
    let site_root = match site_dir.canonicalize() {
        Ok(root) => root,
        Err(error) => {
            diagnostics.push(Diagnostic::error(
                None,
                format!("无法读取站点文件夹 {}：{error}", site_dir.display()),
                "检查站点文件夹是否存在、是否有读取权限",
            ));
            return Err(diagnostics);
        }
    };

    // Links are followed so that a linked folder is checked file by file;
    // walkdir reports a link loop as an error instead of recursing forever.
    let walker = walkdir::WalkDir::new(&override_dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker.into_iter().filter_entry(|e| {
        e.depth() == 0 || !crate::load::is_ignored_name(&e.file_name().to_string_lossy())
    }) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let file = error
                    .path()
                    .map(|p| relative_to(site_dir, p))
                    .unwrap_or_else(|| OVERRIDE_DIR.into());
                diagnostics.push(file_error(
                    file,
                    format!("无法读取主题文件：{error}"),
                    "检查文件权限；如果是符号链接，确认它没有指回自己所在的文件夹",
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some((key, file)) = load_override(
            site_dir,
            &site_root,
            &override_dir,
            entry.path(),
            &mut diagnostics,
        ) {
            theme.files.insert(key, file);
        }
    }

    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(theme)
    }
}

/// Reads one override file, or records why it cannot be used.
fn load_override(
    site_dir: &Path,
    site_root: &Path,
    override_dir: &Path,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(String, ThemeFile)> {
    let relative = relative_to(site_dir, path);
    let under_theme = path.strip_prefix(override_dir).ok()?;
    let Some(key) = under_theme.to_str().map(|s| s.replace('\\', "/")) else {
        diagnostics.push(file_error(
            relative,
            "主题文件名不是有效的 UTF-8 文本",
            "把文件重命名为只含字母、数字、-、_ 和 . 的名称",
        ));
        return None;
    };

    match path.canonicalize() {
        Ok(target) if target.starts_with(site_root) => {}
        Ok(target) => {
            diagnostics.push(file_error(
                relative,
                format!(
                    "主题文件是指向站点文件夹之外的符号链接（{}），已拒绝使用",
                    target.display()
                ),
                "把文件本身复制到 themes/default/ 中，不要链接站点文件夹以外的文件",
            ));
            return None;
        }
        Err(error) => {
            diagnostics.push(file_error(
                relative,
                format!("无法解析主题文件的实际位置：{error}"),
                "删除失效的符号链接，或让它指向站点文件夹中存在的文件",
            ));
            return None;
        }
    }

    match fs::read(path) {
        Ok(bytes) => Some((
            key,
            ThemeFile {
                bytes,
                source: Some(relative),
            },
        )),
        Err(error) => {
            diagnostics.push(file_error(
                relative,
                format!("无法读取主题文件：{error}"),
                "检查文件是否存在、是否有读取权限",
            ));
            None
        }
    }
}

fn file_error(file: PathBuf, message: impl Into<String>, fix: impl Into<String>) -> Diagnostic {
    Diagnostic::error(
        Some(Location {
            file,
            line: 1,
            column: 1,
        }),
        message,
        fix,
    )
}

fn relative_to(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_matches_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let listed: Vec<String> = BUILTIN.iter().map(|(path, _)| path.to_string()).collect();
        assert_eq!(listed, on_disk);
    }

    #[test]
    fn override_replaces_builtin_file() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("themes/default/static");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("style.css"), "body{color:#000}").unwrap();
        fs::write(dir.join("logo.svg"), "<svg/>").unwrap();

        let theme = load_theme(site.path()).unwrap();
        let style = &theme.files["static/style.css"];
        assert_eq!(style.bytes, b"body{color:#000}");
        assert_eq!(
            style.source.as_deref(),
            Some(Path::new("themes/default/static/style.css"))
        );
        assert!(theme.files.contains_key("static/logo.svg"));
        assert!(theme.files["templates/base.html"].source.is_none());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_outside_site_rejected() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("themes/default/static");
        fs::create_dir_all(&dir).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.join("secret.txt"))
            .unwrap();

        let diagnostics = load_theme(site.path()).unwrap_err().sorted();
        assert_eq!(diagnostics.len(), 1);
        let location = diagnostics[0].location.as_ref().unwrap();
        assert_eq!(location.file, Path::new("themes/default/static/secret.txt"));
        assert!(
            diagnostics[0].message.contains("指向站点文件夹之外"),
            "{}",
            diagnostics[0].message
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_inside_site_accepted() {
        let site = tempfile::tempdir().unwrap();
        fs::write(site.path().join("shared.css"), "p{}").unwrap();
        let dir = site.path().join("themes/default/static");
        fs::create_dir_all(&dir).unwrap();
        std::os::unix::fs::symlink(site.path().join("shared.css"), dir.join("style.css")).unwrap();

        let theme = load_theme(site.path()).unwrap();
        assert_eq!(theme.files["static/style.css"].bytes, b"p{}");
    }
}
