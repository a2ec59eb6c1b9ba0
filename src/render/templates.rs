//! The theme's tera templates: compiling them, rendering page jobs, and
//! turning tera's errors into diagnostics located in the template file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use tera::{ErrorKind, Tera};

use super::env::PageJob;
use super::template_messages;
use super::{Contents, Dependency, OutputFile};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::theme::ThemeFiles;

const PREFIX: &str = "templates/";

pub struct Templates {
    tera: Tera,
    /// For each template name, the theme files a page rendered with it
    /// reads: itself, the templates it extends or includes, transitively,
    /// and every template that defines components.
    uses: BTreeMap<String, BTreeSet<String>>,
    minify: minify_html::Cfg,
}

/// A page that failed to render.
pub struct RenderFailure {
    page: String,
    template: &'static str,
    error: tera::Error,
}

impl Templates {
    /// Compiles every file under `templates/`, reporting the syntax errors
    /// of all files together. Each template is parsed alone first, because
    /// tera stops at the first file that does not parse.
    pub fn compile(theme: &ThemeFiles) -> Result<Templates, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let mut sources: BTreeMap<String, String> = BTreeMap::new();
        for (key, file) in &theme.files {
            let Some(name) = key.strip_prefix(PREFIX) else {
                continue;
            };
            match String::from_utf8(file.bytes.clone()) {
                Ok(text) => {
                    sources.insert(name.to_string(), text);
                }
                Err(error) => diagnostics.push(not_utf8(
                    theme,
                    key,
                    &file.bytes,
                    error.utf8_error().valid_up_to(),
                )),
            }
        }

        for (name, source) in &sources {
            let mut probe = Tera::new();
            if let Err(error) = probe.add_raw_template(name, source)
                && matches!(error.kind(), ErrorKind::SyntaxError(_))
            {
                for diagnostic in error_diagnostics(&error, theme, name) {
                    diagnostics.push(diagnostic);
                }
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }

        let mut tera = Tera::new();
        if let Err(error) = tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, source)| (name.as_str(), source.as_str())),
        ) {
            let fallback = sources
                .keys()
                .next()
                .map(String::as_str)
                .unwrap_or("base.html");
            for diagnostic in error_diagnostics(&error, theme, fallback) {
                diagnostics.push(diagnostic);
            }
            return Err(diagnostics);
        }

        let mut minify = minify_html::Cfg::new();
        minify.minify_css = true;
        minify.minify_js = false;
        // Optional tags are kept: the output stays valid for the Nu HTML
        // Checker and readable when a webmaster views the source.
        minify.keep_closing_tags = true;
        minify.keep_html_and_head_opening_tags = true;

        Ok(Templates {
            tera,
            uses: template_uses(&sources),
            minify,
        })
    }

    pub fn render_job(&self, job: &PageJob) -> Result<OutputFile, RenderFailure> {
        let html = self
            .tera
            .render(job.template, &job.context)
            .map_err(|error| RenderFailure {
                page: job.path.clone(),
                template: job.template,
                error,
            })?;
        let bytes = if job.path.ends_with(".html") {
            minify_html::minify(html.as_bytes(), &self.minify)
        } else {
            html.into_bytes()
        };

        let mut deps = job.deps.clone();
        if let Some(uses) = self.uses.get(job.template) {
            deps.extend(uses.iter().map(|key| Dependency::Template(key.clone())));
        }
        Ok(OutputFile {
            path: job.path.clone(),
            contents: Contents::Bytes(bytes),
            deps: deps.into_iter().collect(),
        })
    }
}

/// Turns render failures into diagnostics, one per distinct error: a
/// mistake in base.html fails every page, and is reported once with the
/// number of pages it broke.
pub fn failures_to_diagnostics(failures: Vec<RenderFailure>, theme: &ThemeFiles) -> Diagnostics {
    let mut grouped: BTreeMap<(Option<Location>, String, String), (String, usize)> =
        BTreeMap::new();
    for failure in failures {
        for diagnostic in error_diagnostics(&failure.error, theme, failure.template) {
            let entry = grouped
                .entry((diagnostic.location, diagnostic.message, diagnostic.fix))
                .or_insert((failure.page.clone(), 0));
            entry.1 += 1;
        }
    }

    let mut diagnostics = Diagnostics::new();
    for ((location, message, fix), (first_page, count)) in grouped {
        let pages = if count == 1 {
            format!("渲染 {first_page} 时")
        } else {
            format!("渲染 {first_page} 等 {count} 个页面时")
        };
        diagnostics.push(Diagnostic::error(
            location,
            format!("{message}（{pages}）"),
            fix,
        ));
    }
    diagnostics
}

/// Converts a tera error into diagnostics. `template` is the template
/// being compiled or rendered, used when tera names no file.
fn error_diagnostics(error: &tera::Error, theme: &ThemeFiles, template: &str) -> Vec<Diagnostic> {
    let at_start = |name: &str| {
        Some(Location {
            file: template_path(theme, name),
            line: 1,
            column: 1,
        })
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) => {
            let name = if report.filename().is_empty() {
                template
            } else {
                report.filename()
            };
            let location = report_location(
                theme,
                name,
                report.span().start_line,
                report.span().start_col + 1,
            );
            vec![Diagnostic::error(
                location,
                format!("模板语法错误：{}", template_messages::zh(report.message())),
                fix_for(report.message()),
            )]
        }
        ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() {
                template
            } else {
                report.filename()
            };
            let location = report_location(
                theme,
                name,
                report.span().start_line,
                report.span().start_col + 1,
            );
            vec![Diagnostic::error(
                location,
                format!("模板渲染出错：{}", template_messages::zh(report.message())),
                fix_for(report.message()),
            )]
        }
        ErrorKind::Msg(text) => {
            let reports = parse_reports(text);
            if reports.is_empty() {
                return vec![Diagnostic::error(
                    at_start(template),
                    format!("模板出错：{}", template_messages::zh(text)),
                    fix_for(text),
                )];
            }
            reports
                .into_iter()
                .map(|(message, name, line, column)| {
                    Diagnostic::error(
                        report_location(theme, &name, line, column),
                        format!("模板出错：{}", template_messages::zh(&message)),
                        fix_for(&message),
                    )
                })
                .collect()
        }
        ErrorKind::MissingParent { current, parent } => vec![Diagnostic::error(
            at_start(current),
            format!("模板 {current} 继承的父模板 {parent} 不存在（{error}）"),
            "检查 {% extends \"…\" %} 中的文件名；模板名从 templates/ 之下算起，如 \"base.html\"",
        )],
        ErrorKind::CircularExtend { tpl, .. } => vec![Diagnostic::error(
            at_start(tpl),
            format!("模板循环继承：{error}"),
            "去掉造成循环的 {% extends %}，让继承链最终停在 base.html",
        )],
        ErrorKind::CircularInclude { tpl, .. } => {
            vec![Diagnostic::error(
                at_start(tpl),
                format!("模板循环引用：{error}"),
                "去掉造成循环的 {% include %}",
            )]
        }
        _ => vec![Diagnostic::error(
            at_start(template),
            format!("模板出错：{error}"),
            "对照默认主题中的同名模板检查写法",
        )],
    }
}

fn report_location(theme: &ThemeFiles, name: &str, line: usize, column: usize) -> Option<Location> {
    Some(Location {
        file: template_path(theme, name),
        line: line.max(1),
        column: column.max(1),
    })
}

/// Returns the file a message names: the site's override or the built-in path.
fn template_path(theme: &ThemeFiles, name: &str) -> PathBuf {
    theme.display_path(&format!("{PREFIX}{name}"))
}

/// Reads the reports tera joins into one message when it validates
/// templates together (unknown filter, unknown component …): blocks of
/// `error: MESSAGE` followed by ` --> NAME:LINE:COLUMN`, columns 1-based.
fn parse_reports(text: &str) -> Vec<(String, String, usize, usize)> {
    let mut reports = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(locus) = lines
            .peek()
            .and_then(|next| next.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let mut parts = locus.rsplitn(3, ':');
        let (Some(column), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if let (Ok(line), Ok(column)) = (line.parse(), column.parse()) {
            reports.push((message.to_string(), name.to_string(), line, column));
        }
    }
    reports
}

fn fix_for(message: &str) -> &'static str {
    if message.contains("end of input")
        || message.contains("Unexpected")
        || message.contains("but expected")
        || message.contains("but was expecting")
        || message.contains("Unknown tag")
        || message.contains("doesn't match opening tag")
    {
        "检查 {% if %}、{% for %}、{% block %} 等标签是否都有对应的 {% endif %}、{% endfor %}、{% endblock %}，变量是否写成 {{ 名称 }}"
    } else if message.contains("not found") || message.contains("undefined") {
        "检查变量名的拼写；各模板可用的变量见默认主题中的同名模板，可选的值先用 {% if 变量 %} 判断"
    } else if message.contains("Unknown filter") {
        "tera 2 没有这个过滤器；日期、大小、状态已在程序中格式化好，直接输出对应变量即可"
    } else {
        "对照默认主题中的同名模板检查这一处的写法"
    }
}

fn not_utf8(theme: &ThemeFiles, key: &str, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let valid = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let line = valid.matches('\n').count() + 1;
    let column = valid
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    Diagnostic::error(
        Some(Location {
            file: theme.display_path(key),
            line,
            column,
        }),
        "模板文件不是 UTF-8 编码",
        "用编辑器把文件另存为 UTF-8 编码（不是 GBK/ANSI）",
    )
}

/// Computes, for each template, the theme files it reads.
fn template_uses(sources: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let direct: BTreeMap<&str, Vec<String>> = sources
        .iter()
        .map(|(name, source)| (name.as_str(), referenced_templates(source)))
        .collect();
    let component_files: Vec<&str> = sources
        .iter()
        .filter(|(_, source)| tags(source).any(|tag| tag.starts_with("component ")))
        .map(|(name, _)| name.as_str())
        .collect();

    let mut uses = BTreeMap::new();
    for name in sources.keys() {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> = vec![name.clone()];
        stack.extend(component_files.iter().map(|file| file.to_string()));
        while let Some(next) = stack.pop() {
            if !seen.insert(next.clone()) {
                continue;
            }
            if let Some(children) = direct.get(next.as_str()) {
                stack.extend(children.iter().cloned());
            }
        }
        uses.insert(
            name.clone(),
            seen.into_iter()
                .map(|name| format!("{PREFIX}{name}"))
                .collect(),
        );
    }
    uses
}

/// Collects the names in `{% extends "…" %}` and `{% include "…" %}` tags.
fn referenced_templates(source: &str) -> Vec<String> {
    tags(source)
        .filter(|tag| tag.starts_with("extends ") || tag.starts_with("include "))
        .flat_map(|tag| {
            tag.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Yields the inside of each `{% … %}` tag, trimmed of whitespace-control dashes.
fn tags(source: &str) -> impl Iterator<Item = &str> {
    source.split("{%").skip(1).filter_map(|rest| {
        rest.split_once("%}")
            .map(|(tag, _)| tag.trim_matches('-').trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_parsed_from_message() {
        let text = "error: Unknown filter `x`\n --> list.html:3:11\n  |\n3 | {{ a | x }}\n  |        ^\n\nerror: Unknown function `f`\n --> home.html:12:4\n";
        let reports = parse_reports(text);
        assert_eq!(
            reports,
            vec![
                (
                    "Unknown filter `x`".to_string(),
                    "list.html".to_string(),
                    3,
                    11
                ),
                (
                    "Unknown function `f`".to_string(),
                    "home.html".to_string(),
                    12,
                    4
                ),
            ]
        );
    }

    #[test]
    fn uses_follow_extends_and_include() {
        let sources = BTreeMap::from([
            (
                "base.html".to_string(),
                "{% include \"nav.html\" %}".to_string(),
            ),
            ("nav.html".to_string(), "nav".to_string()),
            (
                "list.html".to_string(),
                "{%- extends \"base.html\" -%}".to_string(),
            ),
            (
                "components.html".to_string(),
                "{% component x() %}{% endcomponent x %}".to_string(),
            ),
            ("other.html".to_string(), "x".to_string()),
        ]);
        let uses = template_uses(&sources);
        let list: Vec<&str> = uses["list.html"].iter().map(String::as_str).collect();
        assert_eq!(
            list,
            vec![
                "templates/base.html",
                "templates/components.html",
                "templates/list.html",
                "templates/nav.html"
            ]
        );
    }
}
