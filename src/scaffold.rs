//! `gongshi new`: writes a new record whose every key is present or
//! commented with its meaning in Chinese, dated today, so that an editor
//! fills in blanks instead of looking up key names.
//!
//! The record passes `gongshi check` as soon as its title is filled in:
//! required keys get valid placeholders (the first unit id of the site,
//! the first category of the configured list).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::load::Kind;
use crate::model::Date;

/// A failure of `new`, with a Chinese message and fix; nothing was written.
#[derive(Debug)]
pub struct ScaffoldError {
    pub message: String,
    pub fix: String,
}

/// Parses the KIND argument: the English folder or kind name, or Chinese.
pub fn parse_kind(text: &str) -> Option<Kind> {
    let kind = match text.trim() {
        "unit" | "units" | "单位" => Kind::Unit,
        "commitment" | "commitments" | "承诺" | "公开承诺" => Kind::Commitment,
        "disclosure" | "disclosures" | "公开" | "政务公开" => Kind::Disclosure,
        "criticism" | "criticisms" | "通报" | "通报批评" => Kind::Criticism,
        "evaluation" | "evaluations" | "评价" | "评价结果" => Kind::Evaluation,
        "page" | "pages" | "页面" => Kind::Page,
        _ => return None,
    };
    Some(kind)
}

/// The file a new record goes to: PATH under `content/<kind>/`, or under
/// the site folder when it starts with `content/`; `.md` is added when
/// there is no extension (`.toml` for units).
pub fn target_path(site_dir: &Path, kind: Kind, path: &Path) -> Result<PathBuf, ScaffoldError> {
    let text = path.to_string_lossy().replace('\\', "/");
    let relative = match text.strip_prefix("content/") {
        Some(rest) => PathBuf::from("content").join(rest),
        None => PathBuf::from("content").join(kind.folder()).join(&text),
    };
    let escapes = relative
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)));
    if text.is_empty() || path.is_absolute() || escapes {
        return Err(ScaffoldError {
            message: format!("路径“{text}”无效"),
            fix: format!(
                "写相对于 content/{}/ 的路径，例如 2025/new-record",
                kind.folder()
            ),
        });
    }
    let under_kind: PathBuf = ["content", kind.folder()].iter().collect();
    let Ok(inside) = relative.strip_prefix(&under_kind) else {
        return Err(ScaffoldError {
            message: format!("路径“{text}”不在 content/{}/ 中", kind.folder()),
            fix: format!(
                "{}放在 content/{}/ 下；写相对于该文件夹的路径，例如 2025/new-record",
                kind.zh(),
                kind.folder()
            ),
        });
    };
    if kind == Kind::Unit && inside.components().count() > 1 {
        return Err(ScaffoldError {
            message: format!("单位文件不能放在子文件夹中：{text}"),
            fix: "只写单位编号，例如 gongshi new unit fgj".into(),
        });
    }
    // The templates are Markdown with front matter, except the unit's.
    let extension = if kind == Kind::Unit { "toml" } else { "md" };
    match relative
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
    {
        None => Ok(site_dir.join(relative.with_extension(extension))),
        Some(given) if given == extension => Ok(site_dir.join(relative)),
        Some(given) => Err(ScaffoldError {
            message: format!("路径“{text}”的扩展名 .{given} 不对"),
            fix: format!("{}文件的扩展名应为 .{extension}，或不写扩展名", kind.zh()),
        }),
    }
}

/// Writes the new record and returns its path. Never overwrites.
pub fn create(
    site_dir: &Path,
    kind: Kind,
    path: &Path,
    today: Date,
) -> Result<PathBuf, ScaffoldError> {
    let target = target_path(site_dir, kind, path)?;
    let first_unit = first_unit_id(site_dir);
    let text = template(kind, today, &first_unit);
    let text = use_site_lists(site_dir, kind, text);

    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|error| ScaffoldError {
            message: format!("无法创建文件夹 {}：{error}", parent.display()),
            fix: "检查文件夹权限".into(),
        })?;
    }
    // create_new refuses an existing file atomically, so two editors
    // running `new` at once cannot overwrite each other either.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::AlreadyExists {
                ScaffoldError {
                    message: format!("文件 {} 已经存在，没有覆盖它", target.display()),
                    fix: "换一个文件名，或直接编辑已有的文件".into(),
                }
            } else {
                ScaffoldError {
                    message: format!("无法创建 {}：{error}", target.display()),
                    fix: "检查文件夹权限".into(),
                }
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|error| ScaffoldError {
            message: format!("写入 {} 失败：{error}", target.display()),
            fix: "检查磁盘空间后重试".into(),
        })?;
    Ok(target)
}

/// Replaces the default category and grade placeholders with the first
/// value of the site's own `[lists]` and `[grades]`, so that a site with
/// its own lists gets a record that passes `check`.
fn use_site_lists(site_dir: &Path, kind: Kind, text: String) -> String {
    let Ok(config) = fs::read_to_string(site_dir.join("site.toml")) else {
        return text;
    };
    let Ok(table) = config.parse::<toml::Table>() else {
        return text;
    };
    let first_in = |list: &str| -> Option<String> {
        table
            .get("lists")?
            .get(list)?
            .as_array()?
            .first()?
            .as_str()
            .map(str::to_string)
    };
    let replace_value = |text: String, key: &str, default: &str, value: Option<String>| match value
    {
        Some(value) => text.replacen(
            &format!("{key} = \"{default}\""),
            &format!("{key} = \"{value}\""),
            1,
        ),
        None => text,
    };
    match kind {
        Kind::Commitment => replace_value(
            text,
            "category",
            "政务诚信承诺",
            first_in("commitment_categories"),
        ),
        Kind::Disclosure => replace_value(
            text,
            "category",
            "政策文件",
            first_in("disclosure_categories"),
        ),
        Kind::Criticism => {
            replace_value(text, "category", "其他", first_in("criticism_categories"))
        }
        Kind::Evaluation => {
            let grade = table
                .get("grades")
                .and_then(|g| g.as_table())
                .and_then(|g| g.keys().next().cloned());
            replace_value(text, "grade", "合格", grade)
        }
        Kind::Unit | Kind::Page => text,
    }
}

/// The first unit id in content/units/, for placeholders that must name an
/// existing unit.
fn first_unit_id(site_dir: &Path) -> String {
    let mut ids: Vec<String> = fs::read_dir(site_dir.join("content/units"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".toml"))
                        .map(str::to_string)
                })
                .filter(|n| !crate::load::is_ignored_name(n))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids.into_iter()
        .next()
        .unwrap_or_else(|| "单位编号".to_string())
}

fn template(kind: Kind, today: Date, unit: &str) -> String {
    match kind {
        Kind::Unit => format!(
            r#"# 单位（信用档案）。文件名就是单位编号，只用英文字母、数字、- 和 _。
name = ""                 # 必填：单位全称，例如 "宣恩县发展和改革局"
kind = "党政机关"          # 必填：党政机关、事业单位、乡镇人民政府、人民团体、其他
# short_name = ""         # 简称，例如 "县发改局"
uscc_pending = true       # 尚未取得统一社会信用代码；取得后删除这一行，改写下一行
# uscc = ""               # 统一社会信用代码，18 位
# aliases = []            # 群众常用的其他名称，例如 ["县发改委"]
# parent = ""             # 上级单位的编号
# address = ""            # 办公地址
# phone = ""              # 办公电话（不要写个人手机）
# website = ""            # 网站，以 https:// 开头
# successor = ""          # 合并或撤销后承接其职责的单位编号
# dissolved_on = {today}  # 撤销或合并的日期
"#
        ),
        Kind::Commitment => format!(
            r#"+++
title = ""                # 必填：承诺事项的标题
date = {today}            # 必填：作出承诺的日期
units = ["{unit}"]        # 必填：承诺单位的编号，可写多个
category = "政务诚信承诺"   # 必填：政务诚信承诺、服务承诺、招商引资承诺、政策兑现承诺、为民办实事、其他
# deadline = {today}      # 兑现期限：日期，或 "持续实施"
status = "推进中"          # 推进中、已兑现、部分兑现、未兑现
# attachments = []        # 附件，相对于本文件的路径，例如 ["附件.pdf"]
# draft = true            # 草稿：不发布
# updated = {today}       # 最近更新日期
# slug = ""               # 网址名称，不写则用文件名

# 每条进展写一段 [[progress]]：
# [[progress]]
# date = {today}
# text = "进展情况"
# attachment = "进展材料.pdf"
+++
在这里写承诺的内容。
"#
        ),
        Kind::Disclosure => format!(
            r#"+++
title = ""                # 必填：文件标题
date = {today}            # 必填：发布日期
units = ["{unit}"]        # 必填：发布机构的单位编号
category = "政策文件"       # 必填：主题分类，见 site.toml 的 [lists]
# doc_no = ""             # 文号，例如 "宣信用办〔2024〕3号"（年份用六角括号〔〕）
# index_no = ""           # 索引号
# written_date = {today}  # 成文日期
# stage = "决策"           # 五公开：决策、执行、管理、服务、结果
validity = "有效"          # 有效、失效、废止
# attachments = []        # 附件，相对于本文件的路径
# draft = true            # 草稿：不发布
# updated = {today}       # 最近更新日期
# slug = ""               # 网址名称，不写则用文件名
+++
在这里写文件正文。
"#
        ),
        Kind::Criticism => format!(
            r#"+++
title = ""                # 必填：通报标题
date = {today}            # 必填：通报日期
units = ["{unit}"]        # 必填：被通报单位的编号
issuer = "{unit}"         # 必填：通报机关的单位编号，或机关全称
category = "其他"          # 必填：新官不理旧账、招商不诚信、政策承诺不兑现、拖欠企业账款、违约拖欠债务、其他
# doc_no = ""             # 文号
# rectify_by = {today}    # 整改期限
rectification = "整改中"   # 整改中、已整改
# rectified_on = {today}  # 整改完成日期（已整改时必填）
# rectification_note = "" # 整改情况说明
# publish_until = {today} # 公示截止日期，不写则按 site.toml 的公示期计算
# attachments = []        # 附件
# draft = true            # 草稿：不发布

# 信用修复后（修复日期起不再公示）：
# [repair]
# date = {today}
# note = "修复情况"

# 经异议核实撤销后（不再公示）：
# [revoked]
# date = {today}
# reason = "撤销原因"
+++
在这里写通报内容。只写单位，不写个人姓名和证件号码。
"#
        ),
        Kind::Evaluation => format!(
            r#"+++
title = ""                # 必填：评价结果的标题
date = {today}            # 必填：发布日期
period = "{year}年度"      # 必填：评价期
evaluator = "{unit}"      # 必填：评价机关的单位编号，或第三方机构全称
# method = ""             # 评价方法（可写 Markdown）
# attachments = []        # 附件
# draft = true            # 草稿：不发布

# 每个单位一段 [[results]]，写分数 score 或等次 grade（至少一项）：
[[results]]
unit = "{unit}"           # 单位编号
grade = "合格"             # 等次；写了 score 时可不写，按 site.toml 的 [grades] 评定
# score = 90.5            # 分数，0 到 100
# note = ""               # 说明
# [results.scores]        # 分项得分
# "守信践诺" = 30
+++
在这里写评价结果的说明。
"#,
            year = today.year()
        ),
        Kind::Page => format!(
            r#"+++
title = ""                # 必填：页面标题
# menu = 5                # 在主菜单中的位置，不写则不进菜单
# date = {today}          # 发布日期
# draft = true            # 草稿：不发布
+++
在这里写页面内容。
"#
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_paths() {
        let site = Path::new("/site");
        assert_eq!(
            target_path(site, Kind::Commitment, Path::new("2025/a")).unwrap(),
            PathBuf::from("/site/content/commitments/2025/a.md")
        );
        assert_eq!(
            target_path(site, Kind::Unit, Path::new("fgj")).unwrap(),
            PathBuf::from("/site/content/units/fgj.toml")
        );
        assert_eq!(
            target_path(site, Kind::Page, Path::new("content/pages/x.md")).unwrap(),
            PathBuf::from("/site/content/pages/x.md")
        );
        assert!(target_path(site, Kind::Page, Path::new("../x")).is_err());
        assert!(target_path(site, Kind::Evaluation, Path::new("2025/pj.toml")).is_err());
        assert!(target_path(site, Kind::Unit, Path::new("sub/abc")).is_err());
        assert!(target_path(site, Kind::Commitment, Path::new("content/pages/x")).is_err());
        assert!(target_path(site, Kind::Commitment, Path::new("2025/a.txt")).is_err());
        assert!(target_path(site, Kind::Page, Path::new("/etc/x")).is_err());
    }
}
