//! Keys shared by every record kind, references to units and attachments.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::Fields;
use super::rules::{slug::check_slug, suggest::closest};
use crate::load::tree::Node;
use crate::load::{Asset, Document};
use crate::model::{Attachment, Meta, Review, SiteConfig, UnitOrName};

/// Facts about the rest of the site that every record reader needs.
pub struct Context<'a> {
    pub config: &'a SiteConfig,
    pub unit_ids: &'a BTreeSet<String>,
    /// Files under content/ that are not records, by content path.
    pub assets: &'a BTreeMap<String, &'a Asset>,
}

/// Reads the keys every record carries and derives its id and URL.
/// Returns `None` when a required key is missing or invalid.
pub fn read_meta(
    fields: &mut Fields<'_>,
    document: &Document,
    body: crate::model::SharedText,
) -> Option<Meta> {
    let title = fields.required_string("title", "\"标题\"");
    let date = fields.required_date("date");
    let updated = fields.date("updated");
    let draft = fields.bool("draft").unwrap_or(false);
    let review = read_review(fields);
    let url_path = read_url_path(fields, &document.content_path);

    if let (Some(date), Some(updated), Some(node)) = (date, updated, fields.node("updated"))
        && updated < date
    {
        fields.error_at(
            node.span.start,
            format!("更新日期 updated（{updated}）早于发布日期 date（{date}）"),
            "改正其中一个日期：updated 应不早于 date",
        );
    }

    Some(Meta {
        id: record_id(&document.content_path),
        url_path: url_path?,
        source: document.file.path.clone(),
        title: title?,
        date: date?,
        updated,
        draft,
        review,
        body,
    })
}

/// Returns the record id: the content path without its extension.
pub fn record_id(content_path: &str) -> String {
    match content_path.rsplit_once('.') {
        Some((stem, _)) => stem.to_string(),
        None => content_path.to_string(),
    }
}

/// `[review]`: 先审后发 approval, never published.
pub fn read_review(fields: &mut Fields<'_>) -> Option<Review> {
    let mut table = fields.table("review")?;
    let approved_by = table.required_string("approved_by", "\"审核人职务或科室\"");
    let approved_on = table.required_date("approved_on");
    table.finish();
    Some(Review {
        approved_by: approved_by?,
        approved_on: approved_on?,
    })
}

/// Folder names directly under a kind's folder that the browse and
/// pagination pages use.
pub const RESERVED_FOLDERS: [&str; 5] = ["page", "unit", "year", "category", "status"];

/// Computes the URL path: the content path with the file stem replaced
/// by `slug` when given. Every segment must be URL-safe, because county
/// web servers and old browsers mangle other characters.
pub fn read_url_path(fields: &mut Fields<'_>, content_path: &str) -> Option<String> {
    let id = record_id(content_path);
    let (folder, stem) = match id.rsplit_once('/') {
        Some((folder, stem)) => (folder.to_string(), stem.to_string()),
        None => (String::new(), id.clone()),
    };

    let mut ok = true;
    // The list pages of each kind live at <kind>/page/, <kind>/unit/ …;
    // a record folder of that name would collide with them.
    let has_browse_pages = !folder.starts_with("pages");
    if let Some(reserved) = folder
        .split('/')
        .nth(1)
        .filter(|s| has_browse_pages && RESERVED_FOLDERS.contains(s))
    {
        let offset = fields.table_offset();
        fields.error_at(
            offset,
            format!("文件夹名“{reserved}”已被网站的分类浏览页面占用"),
            format!(
                "把记录移到其他文件夹，例如按年份放在 {}/2024/ 下；保留的名称：{}",
                folder.split('/').next().unwrap_or(""),
                RESERVED_FOLDERS.join("、")
            ),
        );
        ok = false;
    }
    for segment in folder.split('/').filter(|s| !s.is_empty()) {
        if let Err(error) = check_slug(segment) {
            let offset = fields.table_offset();
            fields.error_at(
                offset,
                format!(
                    "文件夹名“{}”不能用于网址：{}",
                    mask_digits(segment),
                    name_problem(&error)
                ),
                "把文件夹改为只含英文字母、数字、- 和 _ 的名称，例如用拼音",
            );
            ok = false;
        }
    }

    let slug = match fields.string("slug") {
        Some((slug, node)) => match check_slug(&slug) {
            Ok(()) => Some(slug),
            Err(error) => {
                fields.error_at(
                    node.span.start,
                    format!("slug“{slug}”无效：{}", error.message()),
                    error.fix(),
                );
                return None;
            }
        },
        None => None,
    };
    let last = match slug {
        Some(slug) => slug,
        None => {
            if let Err(error) = check_slug(&stem) {
                let offset = fields.table_offset();
                fields.error_at(
                    offset,
                    format!("文件名“{}”不能直接用作网址：{}", mask_digits(&stem), name_problem(&error)),
                    "加一行 slug = \"english-or-pinyin\" 指定网址，或把文件改名为英文字母、数字、- 和 _ 组成的名称",
                );
                ok = false;
            }
            stem
        }
    };
    if !ok {
        return None;
    }
    Some(if folder.is_empty() {
        format!("{last}/")
    } else {
        format!("{folder}/{last}/")
    })
}

/// Rewords a slug error's message for a file or folder name, which the
/// editor did not write as a slug.
fn name_problem(error: &super::rules::slug::SlugError) -> String {
    error
        .message()
        .replacen("slug 的", "", 1)
        .replacen("slug ", "", 1)
}

/// Masks the middle of every run of seven or more digits, so a message
/// about a file name does not repeat a phone or ID number it contains.
fn mask_digits(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut index = 0;
    while index < chars.len() {
        if !chars[index].is_ascii_digit() {
            out.push(chars[index]);
            index += 1;
            continue;
        }
        let start = index;
        while index < chars.len() && chars[index].is_ascii_digit() {
            index += 1;
        }
        let run = &chars[start..index];
        if run.len() >= 7 {
            out.extend(&run[..3]);
            out.extend(std::iter::repeat_n('*', run.len() - 7));
            out.extend(&run[run.len() - 4..]);
        } else {
            out.extend(run);
        }
    }
    out
}

/// Reads `units`: a unit id or an array of them, each of which must exist.
pub fn read_units(
    fields: &mut Fields<'_>,
    context: &Context<'_>,
    required: bool,
) -> Option<Vec<String>> {
    let present = fields.node("units").is_some();
    if !present {
        if required {
            fields.missing(
                "units",
                "[\"fgj\"]（单位文件 content/units/fgj.toml 的文件名）",
            );
            return None;
        }
        return Some(Vec::new());
    }
    let values = fields.string_list("units")?;
    let mut units = Vec::new();
    let mut any_missing = false;
    for (id, node) in values {
        if !check_unit_ref(fields, context, &id, node, "units") {
            any_missing = true;
        } else if !units.contains(&id) {
            units.push(id);
        }
    }
    if any_missing {
        return None;
    }
    if units.is_empty() && required && !any_missing {
        let offset = fields.node("units").map(|n| n.span.start).unwrap_or(0);
        fields.error_at(
            offset,
            "units 不能为空",
            "至少列出一个单位编号，例如 units = [\"fgj\"]",
        );
        return None;
    }
    Some(units)
}

/// Reports a reference to a unit that does not exist; returns whether it exists.
pub fn check_unit_ref(
    fields: &mut Fields<'_>,
    context: &Context<'_>,
    id: &str,
    node: &Node,
    key: &str,
) -> bool {
    if context.unit_ids.contains(id) {
        return true;
    }
    let message = format!("{} 引用的单位“{id}”不存在", fields.key_path(key));
    let same_but_case = context
        .unit_ids
        .iter()
        .find(|known| known.eq_ignore_ascii_case(id))
        .map(String::as_str);
    let fix = match same_but_case
        .or_else(|| closest(id, context.unit_ids.iter().map(String::as_str)))
    {
        Some(near) => format!("是否想写 \"{near}\"？单位编号是 content/units/ 下单位文件的文件名"),
        None => format!("先建立单位文件 content/units/{id}.toml，或改用已有的单位编号"),
    };
    fields.error_at(node.span.start, message, fix);
    false
}

/// Reads a value that is a unit id when one exists by that name, and a
/// plain name otherwise (a provincial office, a third-party agency).
pub fn read_unit_or_name(
    fields: &mut Fields<'_>,
    context: &Context<'_>,
    key: &'static str,
    example: &str,
) -> Option<UnitOrName> {
    let text = fields.required_string(key, example)?;
    if context.unit_ids.contains(&text) {
        return Some(UnitOrName::Unit(text));
    }
    // A plain name is allowed (a provincial office, a third-party agency),
    // but ASCII text is almost always a mistyped unit id.
    if text.is_ascii()
        && let Some(node) = fields.node(key)
    {
        let message = format!(
            "{} 的值“{text}”不是已有的单位编号，将作为机关名称原样显示",
            fields.key_path(key)
        );
        let fix = match closest(&text, context.unit_ids.iter().map(String::as_str)) {
            Some(near) => format!("是否想写 \"{near}\"？单位外的机关请写全称"),
            None => "填写已有单位的编号，或机关的中文全称".to_string(),
        };
        fields.warning_at(node.span.start, message, fix);
    }
    Some(UnitOrName::Name(text))
}

/// Reads `attachments`, paths relative to the record's folder.
pub fn read_attachments(
    fields: &mut Fields<'_>,
    context: &Context<'_>,
    content_path: &str,
) -> Vec<Attachment> {
    let Some(values) = fields.string_list("attachments") else {
        return Vec::new();
    };
    let mut attachments: Vec<Attachment> = Vec::new();
    for (path, node) in values {
        let Some(attachment) =
            resolve_attachment(fields, context, content_path, &path, node, "attachments")
        else {
            continue;
        };
        if attachments
            .iter()
            .any(|a| a.url_path == attachment.url_path)
        {
            let message = format!("附件 {path} 列出了两次");
            fields.warning_at(node.span.start, message, "删除重复的一项");
            continue;
        }
        attachments.push(attachment);
    }
    attachments
}

/// The largest attachment accepted, 1 GiB. Copying is streamed, so memory
/// stays flat, but time grows with the size, and no county portal serves
/// files this big to citizens.
pub const MAX_ATTACHMENT_BYTES: u64 = 1 << 30;

/// Resolves an attachment path against the record's folder. The path must
/// stay inside content/ and name an existing file that is not a record.
pub fn resolve_attachment(
    fields: &mut Fields<'_>,
    context: &Context<'_>,
    content_path: &str,
    path: &str,
    node: &Node,
    key: &str,
) -> Option<Attachment> {
    let folder = content_path
        .rsplit_once('/')
        .map(|(folder, _)| folder)
        .unwrap_or("");
    let key_path = fields.key_path(key);
    let Some(resolved) = join_inside(folder, path) else {
        fields.error_at(
            node.span.start,
            format!("{key_path} 的路径“{path}”指向 content/ 之外，或不是相对路径"),
            "把附件放在记录旁边或 content/ 下的文件夹中，写相对于记录的路径，例如 \"附件.pdf\" 或 \"files/附件.pdf\"",
        );
        return None;
    };
    let Some(asset) = context.assets.get(&resolved) else {
        let lower = resolved.to_ascii_lowercase();
        let name = resolved.rsplit('/').next().unwrap_or(&resolved);
        if lower.ends_with(".md")
            || lower.ends_with(".toml")
            || name.starts_with('.')
            || crate::load::is_ignored_name(name)
        {
            let message = format!("{key_path} 列出的 content/{resolved} 不能作为附件");
            let fix = "附件不能是 .md 或 .toml 记录文件，也不能是隐藏文件或编辑器的临时文件；改列 PDF、图片等文件";
            fields.error_at(node.span.start, message, fix);
            return None;
        }
        let near = closest(&resolved, context.assets.keys().map(String::as_str))
            .filter(|near| *near != resolved);
        let fix = match near {
            Some(near) => format!("检查文件名；是否是 content/{near}？"),
            None => format!("把文件放到 content/{resolved}，或改正路径"),
        };
        fields.error_at(
            node.span.start,
            format!("{key_path} 列出的附件 content/{resolved} 不存在"),
            fix,
        );
        return None;
    };
    if asset.size > MAX_ATTACHMENT_BYTES {
        fields.error_at(
            node.span.start,
            format!(
                "{key_path} 列出的附件 content/{resolved} 有 {:.1} GB，超过 1 GB 的上限",
                asset.size as f64 / 1e9
            ),
            "这么大的文件访客难以下载；压缩或拆分成几个文件后分别列出，或在正文中写明到哪里查阅",
        );
        return None;
    }
    let file_name = resolved.rsplit('/').next().unwrap_or(&resolved).to_string();
    Some(Attachment {
        source: asset.source.clone(),
        url_path: resolved.clone(),
        type_label: type_label(&file_name),
        file_name,
        size: asset.size,
    })
}

/// Joins a relative path to a folder lexically; `None` when the result
/// would leave the content folder or the path is absolute.
pub fn join_inside(folder: &str, path: &str) -> Option<String> {
    let path = path.replace('\\', "/");
    if path.starts_with('/') || path.contains(':') || path.contains('\0') {
        return None;
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    }
}

/// Returns a reader's name for a file type.
pub fn type_label(file_name: &str) -> String {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => "PDF 文档".into(),
        "ofd" => "OFD 版式文档".into(),
        "doc" | "docx" | "wps" => "Word 文档".into(),
        "xls" | "xlsx" | "et" | "csv" => "表格".into(),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" => "图片".into(),
        "zip" | "rar" | "7z" => "压缩包".into(),
        "" => "文件".into(),
        other => format!("{} 文件", other.to_ascii_uppercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_stays_inside_content() {
        assert_eq!(
            join_inside("disclosures/2024", "a.pdf"),
            Some("disclosures/2024/a.pdf".into())
        );
        assert_eq!(
            join_inside("disclosures/2024", "../files/a.pdf"),
            Some("disclosures/files/a.pdf".into())
        );
        assert_eq!(join_inside("disclosures", "../../site.toml"), None);
        assert_eq!(join_inside("disclosures", "/etc/passwd"), None);
        assert_eq!(join_inside("disclosures", "C:\\x.pdf"), None);
    }
}

/// Reports Markdown or HTML that nests deeper than the renderers can
/// handle in bounded time: in the file as written, and in every TOML
/// string, whose `\n` escapes can hide line starts from the first scan.
/// Returns false when it reported an error.
pub fn check_nesting(document: &Document, diagnostics: &mut crate::diag::Diagnostics) -> bool {
    use super::rules::nesting::{MAX_DEPTH, find_too_deep};

    let found = find_too_deep(&document.file.text)
        .map(|deep| (deep.offset, deep.html))
        .or_else(|| find_in_strings(&document.table));
    let Some((offset, html)) = found else {
        return true;
    };
    let (what, fix) = if html {
        (
            "HTML 标签",
            "删除多余的开始标签，或给每个开始标签配上结束标签；正文通常不需要 HTML",
        )
    } else {
        (
            "引用（>）或列表（-、*、1.）",
            "检查这一行开头的 > 或 - 是否重复粘贴了；引用和列表一般不超过三四层",
        )
    };
    diagnostics.push(crate::diag::Diagnostic::error(
        Some(document.file.location(offset)),
        format!("{what}嵌套超过 {MAX_DEPTH} 层，无法生成页面"),
        fix,
    ));
    false
}

/// The first string value in a TOML tree that nests too deep: its span
/// start and whether the culprit is HTML.
fn find_in_strings(node: &Node) -> Option<(usize, bool)> {
    use super::rules::nesting::find_too_deep;
    use crate::load::tree::NodeValue;

    match &node.value {
        NodeValue::String(text) => find_too_deep(text).map(|deep| (node.span.start, deep.html)),
        NodeValue::Array(items) => items.iter().find_map(find_in_strings),
        NodeValue::Table(entries) => entries
            .iter()
            .find_map(|entry| find_in_strings(&entry.node)),
        _ => None,
    }
}
