//! Load stage: finds the site's files, reads and decodes them, splits
//! front matter from body and parses TOML into span-keeping trees.
//!
//! Loading does no validation of keys or values; it reports only files it
//! cannot read or parse. Every problem becomes a diagnostic, and the files
//! that did load are returned beside them, so one run reports everything.

pub mod cache;
pub mod frontmatter;
pub mod theme;
pub mod tree;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Location, SourceFile};
use tree::{Node, NodeValue};

/// The kind of a content file, from the folder it sits in under content/.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Unit,
    Commitment,
    Disclosure,
    Criticism,
    Evaluation,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Unit,
        Kind::Commitment,
        Kind::Disclosure,
        Kind::Criticism,
        Kind::Evaluation,
        Kind::Page,
    ];

    /// The folder under content/, also the first segment of the URL.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Unit => "units",
            Kind::Commitment => "commitments",
            Kind::Disclosure => "disclosures",
            Kind::Criticism => "criticisms",
            Kind::Evaluation => "evaluations",
            Kind::Page => "pages",
        }
    }

    /// The Chinese name, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Unit => "单位",
            Kind::Commitment => "公开承诺",
            Kind::Disclosure => "政务公开",
            Kind::Criticism => "通报批评",
            Kind::Evaluation => "评价结果",
            Kind::Page => "页面",
        }
    }

    fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.folder() == folder)
    }
}

/// One parsed TOML or Markdown file.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: Kind,
    pub file: SourceFile,
    /// Path under content/ with its extension, `/`-separated.
    pub content_path: String,
    /// The root table: the front matter of a `.md` file, the whole `.toml` file.
    pub table: Node,
    /// Byte range of the Markdown body of a `.md` file in its text. `None`
    /// for `.toml` files, whose body is the `body` key.
    pub body: Option<std::ops::Range<usize>>,
}

/// A file under content/ that is not a record: a possible attachment.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path under content/, `/`-separated.
    pub content_path: String,
    /// Path relative to the site folder.
    pub source: PathBuf,
    pub size: u64,
}

/// Everything read from a site folder.
#[derive(Debug, Clone, Default)]
pub struct LoadedSite {
    /// Absolute, canonical path of the site folder.
    pub site_dir: PathBuf,
    /// site.toml, when it exists and parsed.
    pub config: Option<(SourceFile, Node)>,
    /// Records, units and pages, sorted by content path.
    pub documents: Vec<Document>,
    /// Other files under content/, sorted by content path.
    pub assets: Vec<Asset>,
    /// Files that decoded but did not parse: still scanned for personal
    /// information, which does not wait for the syntax to be fixed.
    pub unparsed: Vec<SourceFile>,
}

/// Returns true for files editors and operating systems leave beside real
/// ones: Vim swap files, Emacs backups and locks, Office lock files
/// (`~$`), downloads in progress, Finder and Explorer metadata.
pub fn is_ignored_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

/// Loads a site folder.
pub fn load(site_dir: &Path) -> (LoadedSite, Diagnostics) {
    let (loaded, diagnostics, _) =
        load_with(site_dir, None, true, |site_dir, kind, content_path| {
            load_document(site_dir, kind, content_path)
        });
    (loaded, diagnostics)
}

/// The content files of a site: records, units and pages with their
/// kind, and possible attachments, each sorted by content path.
pub type Listing = (Vec<(Kind, String)>, Vec<Asset>);

/// Loads a site folder, reading each content file with `load_file`, which
/// [`cache::load_cached`] replaces to skip files that did not change.
/// Uses `listing` in place of walking content/ when given, and returns
/// the listing used when the walk reported no problem. `parallel` reads
/// the files on every core. A load that parses only a few of them and
/// takes the rest from a cache is faster on one thread.
fn load_with(
    site_dir: &Path,
    listing: Option<Listing>,
    parallel: bool,
    load_file: impl Fn(&Path, Kind, &str) -> Result<Document, LoadFailure> + Sync,
) -> (LoadedSite, Diagnostics, Option<Listing>) {
    let mut diagnostics = Diagnostics::new();
    let site_dir = match site_dir.canonicalize() {
        Ok(dir) if dir.is_dir() => dir,
        _ => {
            diagnostics.push(Diagnostic::error(
                None,
                format!("找不到站点文件夹 {}", site_dir.display()),
                "用 --site 指定含有 site.toml 和 content/ 的文件夹",
            ));
            return (LoadedSite::default(), diagnostics, None);
        }
    };

    let mut unparsed = Vec::new();
    let config = load_config(&site_dir, &mut diagnostics, &mut unparsed);
    // A listing with problems is never reused, so that each rebuild
    // reports them again.
    let (paths, assets, reusable) = match listing {
        Some((paths, assets)) => (paths, assets, true),
        None => {
            let mut walk_diagnostics = Diagnostics::new();
            let (paths, assets) = list_content(&site_dir, &mut walk_diagnostics);
            let clean = walk_diagnostics.is_empty();
            diagnostics.extend(walk_diagnostics);
            (paths, assets, clean)
        }
    };
    finish_load(
        site_dir,
        config,
        unparsed,
        diagnostics,
        paths,
        assets,
        (parallel, load_file),
        reusable,
    )
}

/// Reads the listed files and makes the loaded site; returns the listing
/// too when `reusable`.
#[allow(clippy::too_many_arguments)]
fn finish_load(
    site_dir: PathBuf,
    config: Option<(SourceFile, Node)>,
    mut unparsed: Vec<SourceFile>,
    mut diagnostics: Diagnostics,
    paths: Vec<(Kind, String)>,
    assets: Vec<Asset>,
    (parallel, load_file): (
        bool,
        impl Fn(&Path, Kind, &str) -> Result<Document, LoadFailure> + Sync,
    ),
    reusable: bool,
) -> (LoadedSite, Diagnostics, Option<Listing>) {
    let load = |(kind, content_path): &(Kind, String)| load_file(&site_dir, *kind, content_path);
    let results: Vec<Result<Document, LoadFailure>> = if parallel {
        paths.par_iter().map(load).collect()
    } else {
        paths.iter().map(load).collect()
    };
    let mut documents = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(document) => documents.push(document),
            Err((problems, file)) => {
                problems.into_iter().for_each(|d| diagnostics.push(d));
                unparsed.extend(file);
            }
        }
    }

    let listing = reusable.then(|| (paths, assets.clone()));
    (
        LoadedSite {
            site_dir,
            config,
            documents,
            assets,
            unparsed,
        },
        diagnostics,
        listing,
    )
}

fn load_config(
    site_dir: &Path,
    diagnostics: &mut Diagnostics,
    unparsed: &mut Vec<SourceFile>,
) -> Option<(SourceFile, Node)> {
    let path = site_dir.join("site.toml");
    if !path.is_file() {
        diagnostics.push(Diagnostic::error(
            Some(Location { file: "site.toml".into(), line: 1, column: 1 }),
            "找不到站点配置文件 site.toml",
            "在站点文件夹中新建 site.toml，至少写上 title = \"网站名称\" 和 base_url = \"https://…/\"",
        ));
        return None;
    }
    match read_source(site_dir, Path::new("site.toml")) {
        Ok(file) => match tree::parse(&file.text, 0) {
            Ok(node) => Some((file, node)),
            Err(errors) => {
                for error in &errors {
                    diagnostics.push(syntax_diagnostic(&file, error));
                }
                unparsed.push(file);
                None
            }
        },
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// Walks content/ and sorts its files into documents to parse and assets.
fn list_content(
    site_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> (Vec<(Kind, String)>, Vec<Asset>) {
    let content_dir = site_dir.join("content");
    let mut documents = Vec::new();
    let mut assets = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(Diagnostic::error(
            None,
            "找不到内容文件夹 content/",
            "在站点文件夹中新建 content/，按类型放入 units/、commitments/ 等子文件夹",
        ));
        return (documents, assets);
    }

    let walker = walkdir::WalkDir::new(&content_dir)
        .sort_by_file_name()
        .follow_links(false);
    for entry in walker
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let file = error
                    .path()
                    .map(|p| relative_to(site_dir, p))
                    .unwrap_or_else(|| "content".into());
                diagnostics.push(Diagnostic::error(
                    Some(Location {
                        file,
                        line: 1,
                        column: 1,
                    }),
                    format!("无法读取：{error}"),
                    "检查文件权限，或删除损坏的文件后重试",
                ));
                continue;
            }
        };
        let relative = relative_to(site_dir, entry.path());
        let file_type = entry.file_type();
        if file_type.is_symlink() && !symlink_inside(site_dir, entry.path(), &relative, diagnostics)
        {
            continue;
        }
        // Only a link needs a stat to find what it points to, because the
        // listing already distinguishes files from folders.
        let is_file = if file_type.is_symlink() {
            entry.path().is_file()
        } else {
            file_type.is_file()
        };
        if !is_file {
            continue;
        }
        let Ok(under_content) = entry.path().strip_prefix(&content_dir) else {
            continue;
        };
        let Some(content_path) = under_content.to_str().map(|s| s.replace('\\', "/")) else {
            diagnostics.push(Diagnostic::error(
                Some(Location {
                    file: relative,
                    line: 1,
                    column: 1,
                }),
                "文件名不是有效的 UTF-8 文本",
                "把文件重命名为只含汉字、字母、数字、- 和 _ 的名称",
            ));
            continue;
        };

        let extension = content_path
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase());
        let is_record = matches!(extension.as_deref(), Some("md") | Some("toml"));
        let kind = content_path.split('/').next().and_then(Kind::from_folder);
        match (is_record, kind) {
            (true, Some(kind)) => documents.push((kind, content_path)),
            (true, None) => diagnostics.push(Diagnostic::error(
                Some(Location { file: relative, line: 1, column: 1 }),
                format!("内容文件不在任何类型文件夹中：{content_path}"),
                "把记录放进 content/ 下的 units/、commitments/、disclosures/、criticisms/、evaluations/ 或 pages/",
            )),
            (false, _) => {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                assets.push(Asset { content_path, source: relative, size });
            }
        }
    }
    (documents, assets)
}

/// Accepts a symbolic link only when its target is inside the site
/// folder, so that no link can make gongshi read other files of the machine.
fn symlink_inside(
    site_dir: &Path,
    path: &Path,
    relative: &Path,
    diagnostics: &mut Diagnostics,
) -> bool {
    match path.canonicalize() {
        Ok(target) if target.starts_with(site_dir) => true,
        Ok(target) => {
            diagnostics.push(Diagnostic::error(
                Some(Location {
                    file: relative.to_path_buf(),
                    line: 1,
                    column: 1,
                }),
                format!("链接指向站点文件夹之外：{}", target.display()),
                "把文件本身复制到 content/ 中，不要使用指向站点外的链接",
            ));
            false
        }
        Err(_) => {
            diagnostics.push(Diagnostic::error(
                Some(Location {
                    file: relative.to_path_buf(),
                    line: 1,
                    column: 1,
                }),
                "链接指向的文件不存在，或链接形成循环",
                "删除这个链接，或让它指向 content/ 中存在的文件",
            ));
            false
        }
    }
}

pub(crate) fn relative_to(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The largest site.toml or content record read, 10 MiB: about three
/// million Chinese characters, far beyond any real record. Larger files
/// are rejected before they are read, which bounds the memory and time
/// of every later stage.
pub const MAX_SOURCE_BYTES: u64 = 10 << 20;

/// Reads a file and decodes it as UTF-8, naming the likely encoding when
/// it is not.
pub fn read_source(site_dir: &Path, relative: &Path) -> Result<SourceFile, Diagnostic> {
    let start = || {
        Some(Location {
            file: relative.to_path_buf(),
            line: 1,
            column: 1,
        })
    };
    let read_error = |error: std::io::Error| {
        Diagnostic::error(
            start(),
            format!("无法读取文件：{error}"),
            "检查文件是否存在、是否有读取权限；若文件刚被删除或移动，恢复它或重新生成",
        )
    };
    // Reads at most one byte more than the limit, so that a huge file, or
    // one that grows while it is read, never fills the memory.
    let mut bytes = Vec::new();
    fs::File::open(site_dir.join(relative))
        .and_then(|file| file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(Diagnostic::error(
            start(),
            "文件超过 10 MB 的上限，不是一条正常的记录",
            "把长文档转成 PDF 作为附件，在 attachments 中列出，正文只写摘要",
        ));
    }
    let text = decode(&bytes, relative)?;
    let file = SourceFile::new(relative.to_path_buf(), text);
    // TOML rejects NUL, and its parser's message would blame a quote.
    if let Some(offset) = file.text.find('\0') {
        return Err(Diagnostic::error(
            Some(file.location(offset)),
            "文件含有 NUL 字符（U+0000），它不是文本内容",
            "删除这个字符后保存；它常来自损坏的文件，或从 PDF、Word 复制来的文字",
        ));
    }
    Ok(file)
}

fn decode(bytes: &[u8], relative: &Path) -> Result<String, Diagnostic> {
    crate::validate::rules::encoding::decode_text(bytes).map_err(|error| {
        Diagnostic::error(
            Some(Location {
                file: relative.to_path_buf(),
                line: error.line,
                column: error.column,
            }),
            error.message(),
            error.fix(),
        )
    })
}

/// The problems of a file that did not load and, when it decoded, its text.
/// The diagnostics of a file that failed to load, and its text when it
/// decoded.
type LoadFailure = (Vec<Diagnostic>, Option<SourceFile>);

/// Reads and parses one content file.
fn load_document(site_dir: &Path, kind: Kind, content_path: &str) -> Result<Document, LoadFailure> {
    let relative = Path::new("content").join(content_path);
    let file = read_source(site_dir, &relative).map_err(|d| (vec![d], None))?;
    parse_document(kind, content_path, file)
}

fn parse_document(
    kind: Kind,
    content_path: &str,
    file: SourceFile,
) -> Result<Document, LoadFailure> {
    let is_markdown = content_path.to_ascii_lowercase().ends_with(".md");

    let (table, body) = if is_markdown {
        let parts = frontmatter::split(&file.text).map_err(|error| match error {
            frontmatter::SplitError::NoOpening(offset) => Diagnostic::error(
                Some(file.location(offset)),
                "Markdown 记录缺少开头的 +++ 行",
                "在文件第一行写 +++，接着写 title = \"…\" 等字段，再用一行 +++ 结束，其后是正文",
            ),
            frontmatter::SplitError::NoClosing => Diagnostic::error(
                Some(file.start()),
                "字段区没有结束的 +++ 行",
                "在最后一个字段之后、正文之前加一行 +++",
            ),
        });
        let parts = match parts {
            Ok(parts) => parts,
            Err(diagnostic) => return Err((vec![diagnostic], Some(file))),
        };
        let table = match tree::parse(
            &file.text[parts.front_matter.clone()],
            parts.front_matter.start,
        ) {
            Ok(table) => table,
            Err(errors) => return Err((syntax_diagnostics(&file, &errors), Some(file))),
        };
        (table, Some(parts.body))
    } else {
        let table = match tree::parse(&file.text, 0) {
            Ok(table) => table,
            Err(errors) => return Err((syntax_diagnostics(&file, &errors), Some(file))),
        };
        (table, None)
    };

    debug_assert!(matches!(table.value, NodeValue::Table(_)));
    Ok(Document {
        kind,
        file,
        content_path: content_path.to_string(),
        table,
        body,
    })
}

/// Turns the parser's errors into diagnostics, one per line: the parser
/// recovers from a mistake by reading on, and the errors it then finds on
/// the same line are consequences of the first, often with a wrong fix.
fn syntax_diagnostics(file: &SourceFile, errors: &[tree::SyntaxError]) -> Vec<Diagnostic> {
    let mut lines_seen = std::collections::BTreeSet::new();
    errors
        .iter()
        .map(|error| syntax_diagnostic(file, error))
        .filter(|diagnostic| {
            diagnostic
                .location
                .as_ref()
                .is_none_or(|location| lines_seen.insert(location.line))
        })
        .collect()
}

/// Turns a TOML parser error into a Chinese diagnostic, with a hint when
/// the line holds full-width punctuation typed by a Chinese input method.
pub fn syntax_diagnostic(file: &SourceFile, error: &tree::SyntaxError) -> Diagnostic {
    let location = file.location(error.span.start);
    if let Some(count) = error.message.strip_prefix(tree::HIDDEN_ERRORS_PREFIX) {
        return Diagnostic::error(
            Some(location),
            format!("这个文件还有 {count} 处语法错误未列出"),
            "改好上面列出的错误后再检查一次；后面的错误常常是前面错误的连带结果",
        );
    }
    let message = translate_toml_error(&error.message);
    let line_text = file
        .text
        .lines()
        .nth(location.line.saturating_sub(1))
        .unwrap_or("");
    let fix = match crate::validate::rules::punctuation::full_width_hint(line_text) {
        Some(hint) => hint,
        None => match unquoted_text(&file.text, error) {
            Some(value) => {
                format!("“{value}”不是日期：电话号码、编号等文字要加英文双引号，写成 \"{value}\"")
            }
            None => default_syntax_fix(&error.message).to_string(),
        },
    };
    Diagnostic::error(Some(location), message, fix)
}

/// Returns the value an "invalid date" error points at when it is not
/// shaped like a date at all (`0718-5822316`). TOML reads a bare value of
/// digits and hyphens as a date, so the editor meant text without quotes.
fn unquoted_text<'a>(text: &'a str, error: &tree::SyntaxError) -> Option<&'a str> {
    if !error.message.contains("invalid date") {
        return None;
    }
    let rest = text.get(error.span.start..)?;
    let value = rest
        .split(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == '#')
        .next()?;
    let bytes = value.as_bytes();
    let date_shaped = bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit);
    let digits_and_hyphens =
        !value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || c == '-');
    (digits_and_hyphens && !date_shaped).then_some(value)
}

fn translate_toml_error(message: &str) -> String {
    // Messages of the toml crate 1.x; anything else is shown as it is.
    let known = [
        (
            "invalid date",
            "日期不存在或格式不对（应为 YYYY-MM-DD，如 2024-07-29）",
        ),
        ("invalid time", "时间格式不对；日期只写 YYYY-MM-DD"),
        (
            "missing opening quote",
            "文本值缺少开头的英文双引号 \"；数组中的逗号也要用英文逗号 ,",
        ),
        ("unclosed array table", "表数组标题缺少结尾的 ]]"),
        ("unclosed table", "表标题缺少结尾的 ]"),
        (
            "unclosed array",
            "方括号 [ 没有闭合，缺少结尾的 ]；后面几行的错误可能都是它引起的",
        ),
        ("unclosed inline table", "花括号 { 没有闭合，缺少结尾的 }"),
        ("unclosed", "括号或引号没有闭合"),
        (
            "missing comma between key-value pairs",
            "花括号内两项之间缺少英文逗号 ,",
        ),
        (
            "unexpected `=` in array",
            "数组中出现了等号：上一行的数组可能缺少结尾的 ]，后面各行被当成了数组的内容",
        ),
        ("duplicate key", "同一个键写了两次"),
        ("extra `=`", "多了一个等号 ="),
        (
            "string values must be quoted",
            "文本值必须用英文双引号 \" 括起来",
        ),
        (
            "invalid boolean",
            "文本值必须用英文双引号 \" 括起来（只有 true 和 false 可以不加引号）",
        ),
        (
            "key with no value",
            "键后面缺少等号 =（中文冒号“：”、全角等号“＝”不能代替）",
        ),
        (
            "missing comma between array elements",
            "数组的两项之间缺少英文逗号 ,",
        ),
        (
            "invalid basic string",
            "文本的引号没有配对：结尾缺少英文双引号 \"",
        ),
        (
            "invalid literal string",
            "文本的引号没有配对：结尾缺少英文单引号 '",
        ),
        (
            "invalid multi-line basic string",
            "多行文本没有用 \"\"\" 结束",
        ),
        (
            "unexpected key or value, expected newline",
            "这一行的值后面还有多余内容；文本中要用引号请用中文引号“”",
        ),
        (
            "invalid unquoted key",
            "键名只能用英文字母、数字、- 和 _；中文名称要加英文双引号",
        ),
        (
            "unicode value digits",
            "文本中的反斜杠 \\ 要写成 \\\\，或改用 /",
        ),
        (
            "missing escaped value",
            "文本中的反斜杠 \\ 要写成 \\\\，或改用 /",
        ),
        ("invalid escape", "文本中的反斜杠 \\ 要写成 \\\\，或改用 /"),
    ];
    for (english, chinese) in known {
        if message.contains(english) {
            return format!("TOML 语法错误：{chinese}（{message}）");
        }
    }
    format!("TOML 语法错误：{message}")
}

fn default_syntax_fix(message: &str) -> &'static str {
    if message.contains("invalid date") {
        "改成真实存在的日期，例如 2024-02-29；月份 01–12，日期不超过当月天数"
    } else if message.contains("extra `=`") {
        "每个键只写一个等号，例如 criticism_months = 36"
    } else if message.contains("duplicate key") {
        "删除重复的一行，或把两处内容合并"
    } else if message.contains("unclosed array") {
        "在这个数组的最后一项之后补上 ]"
    } else {
        "按 TOML 写法改正这一行：键 = 值，文本用英文双引号，数组用 [ ]，逗号、等号、引号都用半角"
    }
}
