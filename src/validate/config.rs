//! site.toml: site settings.

use crate::diag::{Diagnostics, SourceFile};
use crate::load::tree::{Node, NodeValue};
use crate::model::{ComplaintChannel, Footer, GradeBand, Lists, PublicationConfig, SiteConfig};

use super::fields::Fields;

const DEFAULT_COMMITMENT_CATEGORIES: &[&str] = &[
    "政务诚信承诺",
    "服务承诺",
    "招商引资承诺",
    "政策兑现承诺",
    "为民办实事",
    "其他",
];
const DEFAULT_DISCLOSURE_CATEGORIES: &[&str] = &[
    "政策文件",
    "政策解读",
    "规划计划",
    "财政预决算",
    "政府采购",
    "招标投标",
    "招商引资",
    "债务融资",
    "政府投资",
    "行政审批",
    "人事信息",
    "其他",
];
const DEFAULT_CRITICISM_CATEGORIES: &[&str] = &[
    "新官不理旧账",
    "招商不诚信",
    "政策承诺不兑现",
    "拖欠企业账款",
    "违约拖欠债务",
    "其他",
];

/// The national rules publish a criticism for 3 months to 3 years by
/// severity; 36 months is the upper bound and the default.
const DEFAULT_CRITICISM_MONTHS: u32 = 36;

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Reads site.toml. `base_url_override` is the `--base-url` option.
/// Returns the settings and whether they are complete: with a missing or
/// invalid title or base_url the rest (lists, grades) still serve to check
/// the records, but the site is not built.
pub fn read_config(
    file: &SourceFile,
    root: &Node,
    base_url_override: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> Option<(SiteConfig, bool)> {
    let mut fields = Fields::new(file, root, String::new(), diagnostics)?;
    let title = fields.required_string("title", "\"宣恩县政务诚信公示平台\"");
    let base_url_text = fields.required_string("base_url", "\"https://www.example.gov.cn/zwcx/\"");
    let base_url_node = fields.node("base_url");
    let language = fields
        .optional_string("language")
        .unwrap_or_else(|| "zh-CN".to_string());
    let sample_data = fields.bool("sample_data").unwrap_or(false);
    let footer = read_footer(&mut fields);
    let complaints = read_complaints(&mut fields);
    let publication = read_publication(&mut fields);
    let grades = read_grades(&mut fields);
    let lists = read_lists(&mut fields);

    let base_url = match base_url_override {
        Some(url) => check_base_url(url).map_err(|problem| {
            fields.diagnostics.push(crate::diag::Diagnostic::error(
                None,
                format!("--base-url 的值“{url}”无效：{problem}"),
                "写成以 http:// 或 https:// 开头的完整地址，例如 https://www.example.gov.cn/zwcx/",
            ));
        }),
        None => match (&base_url_text, base_url_node) {
            (Some(url), Some(node)) => check_base_url(url).map_err(|problem| {
                let message = format!("base_url“{url}”无效：{problem}");
                fields.error_at(node.span.start, message, "写成以 http:// 或 https:// 开头的完整地址，例如 \"https://www.example.gov.cn/zwcx/\"");
            }),
            _ => Err(()),
        },
    };
    fields.finish();

    let complete = title.is_some() && base_url.is_ok();
    let (base_url, base_path) =
        base_url.unwrap_or_else(|()| ("https://example.invalid/".into(), "/".into()));
    let config = SiteConfig {
        title: title.unwrap_or_default(),
        base_url,
        base_path,
        language,
        sample_data,
        footer,
        complaints,
        publication,
        grades,
        lists,
    };
    Some((config, complete))
}

/// Settings used to validate the records when site.toml itself is
/// missing or invalid, so that one run still reports every file's
/// problems. A site is never built with them.
pub fn fallback_config() -> SiteConfig {
    SiteConfig {
        title: String::new(),
        base_url: "https://example.invalid/".into(),
        base_path: "/".into(),
        language: "zh-CN".into(),
        sample_data: false,
        footer: Footer::default(),
        complaints: Vec::new(),
        publication: PublicationConfig {
            criticism_months: DEFAULT_CRITICISM_MONTHS,
            require_review: false,
        },
        grades: default_grades(),
        lists: default_lists(),
    }
}

fn default_grades() -> Vec<GradeBand> {
    vec![
        GradeBand {
            name: "优秀".into(),
            min_score: 90.0,
        },
        GradeBand {
            name: "良好".into(),
            min_score: 80.0,
        },
        GradeBand {
            name: "合格".into(),
            min_score: 60.0,
        },
        GradeBand {
            name: "不合格".into(),
            min_score: 0.0,
        },
    ]
}

fn default_lists() -> Lists {
    Lists {
        commitment_categories: strings(DEFAULT_COMMITMENT_CATEGORIES),
        disclosure_categories: strings(DEFAULT_DISCLOSURE_CATEGORIES),
        criticism_categories: strings(DEFAULT_CRITICISM_CATEGORIES),
    }
}

/// Checks a base URL and returns it with a trailing slash, and its path.
pub fn check_base_url(url: &str) -> Result<(String, String), &'static str> {
    let lower = url.to_ascii_lowercase();
    let scheme = if lower.starts_with("https://") {
        "https://"
    } else if lower.starts_with("http://") {
        "http://"
    } else {
        return Err("必须以 http:// 或 https:// 开头");
    };
    let rest = &url[scheme.len()..];
    if rest
        .split('/')
        .skip(1)
        .any(|segment| segment == "." || segment == "..")
    {
        return Err("路径中不能有 . 或 .. 段");
    }
    if rest.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '?' | '#')
    }) {
        return Err("不能含有空格、引号、尖括号、反斜杠、? 或 #");
    }
    let (host, path) = match rest.find('/') {
        Some(index) => (&rest[..index], &rest[index..]),
        None => (rest, "/"),
    };
    if host.is_empty() {
        return Err("缺少域名");
    }
    let path = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    Ok((format!("{scheme}{}{path}", host.to_ascii_lowercase()), path))
}

fn read_footer(fields: &mut Fields<'_>) -> Footer {
    let Some(mut table) = fields.table("footer") else {
        return Footer::default();
    };
    let footer = Footer {
        sponsor: table.optional_string("sponsor").unwrap_or_default(),
        contact: table.optional_string("contact").unwrap_or_default(),
        site_code: table.optional_string("site_code").unwrap_or_default(),
        icp: table.optional_string("icp").unwrap_or_default(),
        police_record: table.optional_string("police_record").unwrap_or_default(),
    };
    table.finish();
    footer
}

/// `[complaints]`: channel name = how to reach it, in file order.
fn read_complaints(fields: &mut Fields<'_>) -> Vec<ComplaintChannel> {
    let Some(entries) = fields.free_table("complaints") else {
        return Vec::new();
    };
    let mut channels = Vec::new();
    for entry in entries {
        match &entry.node.value {
            NodeValue::String(contact) => channels.push(ComplaintChannel {
                name: entry.key.clone(),
                contact: contact.trim().to_string(),
            }),
            other => {
                // TOML puts every line after [complaints] into it, so a site
                // setting written below that header lands here.
                let misplaced =
                    ["title", "base_url", "language", "sample_data"].contains(&entry.key.as_str());
                let (message, fix) = if misplaced {
                    (
                        format!("{} 写在了 [complaints] 之下，被当成一个投诉渠道", entry.key),
                        "把这一行移到第一个 [表] 标题之前",
                    )
                } else {
                    (
                        format!(
                            "complaints.{} 应为文本，实为{}",
                            entry.key,
                            other.type_name()
                        ),
                        "写成 \"渠道名称\" = \"联系方式或说明\"",
                    )
                };
                fields.error_at(entry.node.span.start, message, fix);
            }
        }
    }
    channels
}

fn read_publication(fields: &mut Fields<'_>) -> PublicationConfig {
    let mut config = PublicationConfig {
        criticism_months: DEFAULT_CRITICISM_MONTHS,
        require_review: false,
    };
    let Some(mut table) = fields.table("publication") else {
        return config;
    };
    if let Some((months, node)) = table.integer("criticism_months") {
        if (3..=36).contains(&months) {
            config.criticism_months = months as u32;
        } else {
            let message =
                format!("publication.criticism_months 为 {months}，超出 3 到 36 个月的范围");
            table.error_at(
                node.span.start,
                message,
                "按国家规定，通报批评公示期为 3 个月至 3 年，填 3 到 36 之间的整数",
            );
        }
    }
    if let Some(require) = table.bool("require_review") {
        config.require_review = require;
    }
    table.finish();
    config
}

/// `[grades]`: grade name = lowest score. Defaults to 优秀 ≥ 90,
/// 良好 ≥ 80, 合格 ≥ 60, 不合格 below.
fn read_grades(fields: &mut Fields<'_>) -> Vec<GradeBand> {
    let default = default_grades();
    let Some(entries) = fields.free_table("grades") else {
        return default;
    };
    let mut bands = Vec::new();
    for entry in entries {
        let score = match &entry.node.value {
            NodeValue::Integer(n) => Some(*n as f64),
            NodeValue::Float(f) if f.is_finite() => Some(*f),
            _ => None,
        };
        match score {
            Some(score) if (0.0..=100.0).contains(&score) => bands.push(GradeBand {
                name: entry.key.clone(),
                min_score: score,
            }),
            _ => {
                let message = format!("grades.{} 应为 0 到 100 之间的分数", entry.key);
                let example = match &entry.node.value {
                    NodeValue::String(text)
                        if text
                            .trim()
                            .parse::<f64>()
                            .is_ok_and(|v| (0.0..=100.0).contains(&v)) =>
                    {
                        text.trim().to_string()
                    }
                    _ => "90".to_string(),
                };
                fields.error_at(
                    entry.node.span.start,
                    message,
                    format!(
                        "写成 \"{}\" = {example}（等次名称加英文双引号，分数不加引号）",
                        entry.key
                    ),
                );
            }
        }
    }
    if bands.is_empty() {
        return default;
    }
    bands.sort_by(|a, b| b.min_score.total_cmp(&a.min_score));
    bands
}

fn read_lists(fields: &mut Fields<'_>) -> Lists {
    let mut lists = default_lists();
    let Some(mut table) = fields.table("lists") else {
        return lists;
    };
    for (key, target) in [
        ("commitment_categories", &mut lists.commitment_categories),
        ("disclosure_categories", &mut lists.disclosure_categories),
        ("criticism_categories", &mut lists.criticism_categories),
    ] {
        if let Some(values) = table.string_list(key) {
            let values: Vec<String> = values
                .into_iter()
                .map(|(v, _)| v)
                .filter(|v| !v.is_empty())
                .collect();
            if values.is_empty() {
                let offset = table
                    .node(key)
                    .map(|node| node.span.start)
                    .unwrap_or_else(|| table.table_offset());
                table.error_at(
                    offset,
                    format!("lists.{key} 不能为空"),
                    "至少列出一个类别，或删除这一行以使用默认类别",
                );
            } else {
                *target = values;
            }
        }
    }
    table.finish();
    lists
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_slash_and_path() {
        assert_eq!(
            check_base_url("https://www.example.gov.cn/zwcx"),
            Ok((
                "https://www.example.gov.cn/zwcx/".to_string(),
                "/zwcx/".to_string()
            ))
        );
        assert_eq!(
            check_base_url("http://127.0.0.1:8080"),
            Ok(("http://127.0.0.1:8080/".to_string(), "/".to_string()))
        );
        assert!(check_base_url("www.example.gov.cn").is_err());
    }
}
