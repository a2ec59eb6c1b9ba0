//! Readers for each record kind: keys, value lists and per-record rules.

use jiff::ToSpan;

use super::fields::Fields;
use super::record::{
    Context, check_unit_ref, read_attachments, read_meta, read_unit_or_name, read_units,
    resolve_attachment,
};
use super::rules::docno::{DocNoCheck, check_doc_no};
use super::rules::uscc::check_uscc;
use crate::load::Document;
use crate::load::tree::Node;
use crate::model::*;

/// Reads an enumerated value written in Chinese or as its English alias.
fn read_enum<T: Copy>(
    fields: &mut Fields<'_>,
    key: &'static str,
    parse: fn(&str) -> Option<T>,
    allowed: String,
) -> Option<T> {
    let (text, node) = fields.string(key)?;
    match parse(text.trim()) {
        Some(value) => Some(value),
        None => {
            let message = format!("{} 的值“{text}”不在允许的范围内", fields.key_path(key));
            fields.error_at(node.span.start, message, format!("可用的值：{allowed}"));
            None
        }
    }
}

/// Reads a value that must be one of a configurable list.
fn read_listed(
    fields: &mut Fields<'_>,
    key: &'static str,
    list: &[String],
    list_name: &str,
) -> Option<String> {
    if fields.node(key).is_none() {
        fields.missing(
            key,
            &format!("\"{}\"", list.first().map(String::as_str).unwrap_or("其他")),
        );
        return None;
    }
    let (text, node) = fields.string(key)?;
    let text = text.trim().to_string();
    if list.contains(&text) {
        return Some(text);
    }
    let message = format!("{} 的值“{text}”不在{list_name}中", fields.key_path(key));
    let fix = format!(
        "可用的值：{}（类别可在 site.toml 的 [lists] 中修改）",
        list.join("、")
    );
    fields.error_at(node.span.start, message, fix);
    None
}

fn read_doc_no(fields: &mut Fields<'_>) -> Option<String> {
    let (text, node) = fields.string("doc_no")?;
    let text = text.trim().to_string();
    if text.is_empty() {
        return None;
    }
    if let DocNoCheck::Corrected { corrected, reasons } = check_doc_no(&text) {
        let message = format!(
            "文号“{text}”不合 GB/T 9704-2012 的写法：{}",
            reasons.join("；")
        );
        fields.warning_at(
            node.span.start,
            message,
            format!("改为 doc_no = \"{corrected}\""),
        );
    }
    Some(text)
}

/// Reads the body of a record: the Markdown after the front matter, or the
/// `body` key of a `.toml` record.
fn read_body(fields: &mut Fields<'_>, document: &Document) -> SharedText {
    match &document.body {
        Some(range) => {
            // `body` is not offered as a known key in a Markdown record, so it
            // is reported by `finish` as unknown unless written here.
            if fields.has("body") {
                let offset = fields.node("body").map(|n| n.span.start).unwrap_or(0);
                fields.error_at(
                    offset,
                    "Markdown 记录的正文写在第二个 +++ 之后，不能再用 body 键",
                    "删除 body 键，把内容移到 +++ 之后",
                );
            }
            SharedText::slice(&document.file.text, range.clone())
        }
        None => fields.optional_string("body").unwrap_or_default().into(),
    }
}

pub fn read_unit(
    fields: &mut Fields<'_>,
    document: &Document,
    context: &Context<'_>,
) -> Option<Unit> {
    let id = super::record::record_id(&document.content_path);
    let id = id.strip_prefix("units/").unwrap_or(&id).to_string();
    let id_ok = !id.contains('/') && super::rules::slug::check_slug(&id).is_ok();
    if !id_ok {
        fields.error_at(
            fields.table_offset(),
            format!("单位文件名“{id}”不能作为单位编号"),
            "单位文件直接放在 content/units/ 下，文件名只用英文字母、数字、- 和 _，例如 content/units/fgj.toml",
        );
    }

    let name = fields.required_string("name", "\"宣恩县发展和改革局\"");
    let kind = match fields.node("kind") {
        Some(_) => read_enum(fields, "kind", UnitKind::parse, UnitKind::allowed()),
        None => {
            fields.missing("kind", "\"党政机关\"");
            None
        }
    };
    let short_name = fields.optional_string("short_name");
    let uscc_pending = fields.bool("uscc_pending").unwrap_or(false);
    let uscc = read_uscc(fields, uscc_pending);
    let parent = read_unit_id(fields, context, "parent");
    let aliases = fields
        .string_list("aliases")
        .unwrap_or_default()
        .into_iter()
        .map(|(a, _)| a)
        .filter(|a| !a.is_empty())
        .collect();
    let address = fields.optional_string("address");
    let phone = fields.optional_string("phone");
    let website = read_website(fields);
    let successor = read_unit_id(fields, context, "successor");
    let dissolved_on = fields.date("dissolved_on");
    if parent.as_deref() == Some(id.as_str()) || successor.as_deref() == Some(id.as_str()) {
        fields.error_at(
            fields.table_offset(),
            "单位的 parent 或 successor 不能是它自己",
            "填写另一个单位的编号",
        );
    }

    Some(Unit {
        id,
        source: document.file.path.clone(),
        name: name?,
        kind: kind?,
        short_name,
        uscc: uscc?,
        uscc_pending,
        parent,
        aliases,
        address,
        phone,
        website,
        successor,
        dissolved_on,
    })
    .filter(|_| id_ok)
}

/// Reads the USCC. `Some(None)` means validly absent (pending).
fn read_uscc(fields: &mut Fields<'_>, pending: bool) -> Option<Option<String>> {
    let Some((code, node)) = fields.string("uscc") else {
        if !pending && fields.node("uscc").is_none() {
            fields.missing(
                "uscc",
                "\"11422825XXXXXXXXXX\"（统一社会信用代码；尚未赋码时改写 uscc_pending = true）",
            );
            return None;
        }
        return if pending { Some(None) } else { None };
    };
    let code = code.trim().to_string();
    if pending {
        fields.error_at(
            node.span.start,
            "已填写 uscc，又写了 uscc_pending = true",
            "已有代码就删除 uscc_pending 这一行",
        );
        return None;
    }
    match check_uscc(&code) {
        Ok(check) => {
            if let Some((expected, found)) = check.org_code_check_mismatch {
                fields.warning_at(
                    node.span.start,
                    format!("统一社会信用代码“{code}”中组织机构代码（第 9–17 位）的校验码为 {found}，按 GB 11714 应为 {expected}"),
                    "核对代码原件；部分早期赋码不符合该校验，确认无误可保留",
                );
            }
            Some(Some(code))
        }
        Err(error) => {
            fields.error_at(
                node.span.start,
                format!("统一社会信用代码“{code}”无效：{}", error.message()),
                error.fix(),
            );
            None
        }
    }
}

/// A unit's website must be an absolute http(s) address; anything else
/// would become a broken link relative to the portal.
fn read_website(fields: &mut Fields<'_>) -> Option<String> {
    let (text, node) = fields.string("website")?;
    let text = text.trim().to_string();
    if text.is_empty() {
        return None;
    }
    if (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(char::is_whitespace)
    {
        return Some(text);
    }
    fields.error_at(
        node.span.start,
        format!("website“{text}”不是完整的网址"),
        "写成以 http:// 或 https:// 开头的地址，例如 \"https://www.example.gov.cn/\"",
    );
    None
}

fn read_unit_id(
    fields: &mut Fields<'_>,
    context: &Context<'_>,
    key: &'static str,
) -> Option<String> {
    let (id, node) = fields.string(key)?;
    let id = id.trim().to_string();
    if check_unit_ref(fields, context, &id, node, key) {
        Some(id)
    } else {
        None
    }
}

pub fn read_commitment(
    fields: &mut Fields<'_>,
    document: &Document,
    context: &Context<'_>,
) -> Option<Commitment> {
    let body = read_body(fields, document);
    let meta = read_meta(fields, document, body);
    let units = read_units(fields, context, true);
    let category = read_listed(
        fields,
        "category",
        &context.config.lists.commitment_categories,
        "承诺类别",
    );
    let deadline = read_deadline(fields);
    let status = match fields.node("status") {
        Some(_) => read_enum(
            fields,
            "status",
            CommitmentStatus::parse,
            CommitmentStatus::allowed(),
        ),
        None => Some(CommitmentStatus::InProgress),
    };
    let mut progress = Vec::new();
    for (index, node) in fields
        .table_array("progress")
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        if let Some(entry) = read_progress(fields, node, index, document, context) {
            progress.push(entry);
        }
    }
    progress.sort_by_key(|p: &Progress| p.date);
    let attachments = read_attachments(fields, context, &document.content_path);

    let meta = meta?;
    Some(Commitment {
        meta,
        units: units?,
        category: category?,
        deadline,
        status: status?,
        progress,
        attachments,
    })
}

fn read_deadline(fields: &mut Fields<'_>) -> Option<Deadline> {
    let node = fields.node("deadline")?;
    if let crate::load::tree::NodeValue::String(text) = &node.value
        && text.trim() == Deadline::ONGOING_TEXT
    {
        return Some(Deadline::Ongoing);
    }
    if let crate::load::tree::NodeValue::String(text) = &node.value
        && super::fields::parse_date_text(text.trim()).is_none()
    {
        let message = format!(
            "{} 应为日期（如 2024-12-31）或文字“持续实施”，实为“{text}”",
            fields.key_path("deadline")
        );
        fields.error_at(
            node.span.start,
            message,
            "写成 deadline = 2024-12-31，长期事项写 deadline = \"持续实施\"，没有期限就删除这一行",
        );
        return None;
    }
    let path = fields.key_path("deadline");
    let date = super::fields::node_date(node, &path, fields.file, fields.diagnostics);
    date.map(Deadline::Date)
}

fn read_progress(
    fields: &mut Fields<'_>,
    node: &Node,
    index: usize,
    document: &Document,
    context: &Context<'_>,
) -> Option<Progress> {
    let path = format!("progress[{}]", index + 1);
    let mut entry = Fields::new(fields.file, node, path, fields.diagnostics)?;
    let date = entry.required_date("date");
    let text = entry.required_string("text", "\"已完成……\"");
    let attachment = match entry.string("attachment") {
        Some((path, node)) => resolve_attachment(
            &mut entry,
            context,
            &document.content_path,
            path.trim(),
            node,
            "attachment",
        ),
        None => None,
    };
    entry.finish();
    Some(Progress {
        date: date?,
        text: text?,
        attachment,
    })
}

pub fn read_disclosure(
    fields: &mut Fields<'_>,
    document: &Document,
    context: &Context<'_>,
) -> Option<Disclosure> {
    let body = read_body(fields, document);
    let meta = read_meta(fields, document, body);
    let units = read_units(fields, context, true);
    let category = read_listed(
        fields,
        "category",
        &context.config.lists.disclosure_categories,
        "主题分类",
    );
    let doc_no = read_doc_no(fields);
    let index_no = fields.optional_string("index_no");
    let written_date = fields.date("written_date");
    let stage = match fields.node("stage") {
        Some(_) => read_enum(fields, "stage", Stage::parse, Stage::allowed()),
        None => None,
    };
    let validity = match fields.node("validity") {
        Some(_) => read_enum(fields, "validity", Validity::parse, Validity::allowed()),
        None => Some(Validity::Valid),
    };
    let attachments = read_attachments(fields, context, &document.content_path);
    Some(Disclosure {
        meta: meta?,
        units: units?,
        category: category?,
        doc_no,
        index_no,
        written_date,
        stage,
        validity: validity?,
        attachments,
    })
}

pub fn read_criticism(
    fields: &mut Fields<'_>,
    document: &Document,
    context: &Context<'_>,
) -> Option<Criticism> {
    let body = read_body(fields, document);
    let meta = read_meta(fields, document, body);
    let units = read_units(fields, context, true);
    let issuer = read_unit_or_name(
        fields,
        context,
        "issuer",
        "\"xyb\"（单位编号，或通报机关全称）",
    );
    let category = read_listed(
        fields,
        "category",
        &context.config.lists.criticism_categories,
        "失信类型",
    );
    let doc_no = read_doc_no(fields);
    let rectify_by = fields.date("rectify_by");
    let rectification = match fields.node("rectification") {
        Some(_) => read_enum(
            fields,
            "rectification",
            Rectification::parse,
            Rectification::allowed(),
        ),
        None => Some(Rectification::Rectifying),
    };
    let rectified_on = fields.date("rectified_on");
    let rectification_note = fields.optional_string("rectification_note");
    let publish_until = fields.date("publish_until");
    let repair = read_dated_note(fields, "repair", "note", "\"已完成信用修复……\"");
    let revoked = read_dated_note(fields, "revoked", "reason", "\"经异议核实……\"");
    let attachments = read_attachments(fields, context, &document.content_path);

    if rectification == Some(Rectification::Rectified) && rectified_on.is_none() {
        let offset = fields
            .node("rectification")
            .map(|n| n.span.start)
            .unwrap_or(0);
        fields.error_at(
            offset,
            "已整改的通报批评缺少整改完成日期 rectified_on",
            "添加一行：rectified_on = 2024-10-15",
        );
    }
    if rectified_on.is_some() && rectification == Some(Rectification::Rectifying) {
        let offset = fields
            .node("rectified_on")
            .map(|n| n.span.start)
            .unwrap_or(0);
        fields.error_at(
            offset,
            "填写了 rectified_on，但整改状态仍为整改中",
            "整改已完成就添加 rectification = \"已整改\"，否则删除 rectified_on",
        );
    }

    let meta = meta?;
    let months = context.config.publication.criticism_months as i32;
    // checked_add only fails past the year 9999; the date then stays as given.
    let default_until = meta.date.checked_add(months.months()).unwrap_or(meta.date);
    let latest_until = meta.date.checked_add(36.months()).unwrap_or(meta.date);
    for (key, value) in [
        ("rectify_by", rectify_by),
        ("rectified_on", rectified_on),
        ("publish_until", publish_until),
    ] {
        if let (Some(value), Some(node)) = (value, fields.node(key))
            && value < meta.date
        {
            let message = format!("{key}（{value}）早于通报日期 date（{}）", meta.date);
            fields.error_at(node.span.start, message, "改正日期：它应不早于通报日期");
        }
    }
    if let (Some(until), Some(node)) = (publish_until, fields.node("publish_until"))
        && until > latest_until
    {
        let message =
            format!("公示截止日期 publish_until（{until}）超过通报日期后 3 年（{latest_until}）");
        fields.error_at(node.span.start, message, "按国家规定，通报批评最长公示 3 年；改为不晚于该日期，或删除这一行按 site.toml 的公示期计算");
    }
    let publish_until = publish_until.unwrap_or(default_until);
    Some(Criticism {
        meta,
        units: units?,
        issuer: issuer?,
        category: category?,
        doc_no,
        rectify_by,
        rectification: rectification?,
        rectified_on,
        rectification_note,
        publish_until,
        repair: repair?,
        revoked: revoked?,
        attachments,
    })
}

/// Reads `[repair]` or `[revoked]`: `Some(None)` when absent, `None` when invalid.
fn read_dated_note(
    fields: &mut Fields<'_>,
    key: &'static str,
    text_key: &'static str,
    example: &str,
) -> Option<Option<DatedNote>> {
    if fields.node(key).is_none() {
        return Some(None);
    }
    let mut table = fields.table(key)?;
    let date = table.required_date("date");
    let text = table.required_string(text_key, example);
    table.finish();
    Some(Some(DatedNote {
        date: date?,
        text: text?,
    }))
}

pub fn read_evaluation(
    fields: &mut Fields<'_>,
    document: &Document,
    context: &Context<'_>,
) -> Option<Evaluation> {
    let body = read_body(fields, document);
    let meta = read_meta(fields, document, body);
    let period = fields.required_string("period", "\"2024年度\"");
    let evaluator = read_unit_or_name(
        fields,
        context,
        "evaluator",
        "\"dckpb\"（单位编号，或第三方机构全称）",
    );
    let method = fields.optional_string("method");
    let attachments = read_attachments(fields, context, &document.content_path);

    let mut results = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    match fields.table_array("results") {
        Some(nodes) if !nodes.is_empty() => {
            for (index, node) in nodes.into_iter().enumerate() {
                let Some((result, unit_offset)) = read_result(fields, node, index, context) else {
                    continue;
                };
                if seen.contains(&result.unit) {
                    let message = format!("单位“{}”在同一评价中出现了两次", result.unit);
                    fields.error_at(
                        unit_offset,
                        message,
                        "每个单位在一次评价中只能有一条结果，删除或合并重复的 [[results]]",
                    );
                    continue;
                }
                seen.push(result.unit.clone());
                results.push(result);
            }
        }
        Some(_) => {
            let offset = fields
                .node("results")
                .map(|node| node.span.start)
                .unwrap_or(0);
            fields.error_at(
                offset,
                "results 不能为空",
                "至少添加一段 [[results]]，写上 unit 和 score 或 grade",
            );
        }
        None => {
            if fields.node("results").is_none() {
                let offset = fields.table_offset();
                fields.error_at(
                    offset,
                    "评价结果缺少 [[results]]",
                    "至少添加一段：[[results]] unit = \"单位编号\" score = 92.5",
                );
            }
        }
    }
    if results.is_empty() {
        return None;
    }
    Some(Evaluation {
        meta: meta?,
        period: period?,
        evaluator: evaluator?,
        method,
        results,
        attachments,
    })
}

/// Reads one `[[results]]` entry; returns it with the byte offset of its unit.
fn read_result(
    fields: &mut Fields<'_>,
    node: &Node,
    index: usize,
    context: &Context<'_>,
) -> Option<(EvaluationResult, usize)> {
    let path = format!("results[{}]", index + 1);
    let mut entry = Fields::new(fields.file, node, path, fields.diagnostics)?;
    if entry.node("unit").is_none() {
        entry.missing("unit", "\"zhushan\"");
    }
    let unit = entry.string("unit");
    let unit_offset = unit
        .as_ref()
        .map(|(_, node)| node.span.start)
        .unwrap_or(node.span.start);
    let unit_ok = match &unit {
        Some((id, node)) => check_unit_ref(&mut entry, context, id.trim(), node, "unit"),
        None => false,
    };

    let score_present = entry.node("score").is_some();
    let score = match entry.number("score") {
        Some((score, node)) if !(0.0..=100.0).contains(&score) => {
            let message = format!(
                "{} 为 {score}，超出 0 到 100 的范围",
                entry.key_path("score")
            );
            entry.error_at(
                node.span.start,
                message,
                "填写 0 到 100 之间的分数，可带小数",
            );
            return None;
        }
        Some((score, _)) => Some(score),
        None => None,
    };
    let given_grade = entry
        .string("grade")
        .map(|(grade, node)| (grade.trim().to_string(), node));
    let bands = &context.config.grades;
    let grade = match (&given_grade, score) {
        (Some((grade, node)), _) if !bands.iter().any(|band| &band.name == grade) => {
            let names: Vec<&str> = bands.iter().map(|band| band.name.as_str()).collect();
            let message = format!("等次“{grade}”不在 site.toml 的 [grades] 中");
            entry.error_at(
                node.span.start,
                message,
                format!("可用的等次：{}", names.join("、")),
            );
            return None;
        }
        (Some((grade, node)), Some(score)) => {
            let band = crate::model::derive::grade_for_score(score, bands);
            if band != Some(grade.as_str()) {
                let message = format!(
                    "等次“{grade}”与分数 {score} 所在的档次“{}”不一致",
                    band.unwrap_or("无")
                );
                entry.warning_at(
                    node.span.start,
                    message,
                    "核对分数和等次；不写 grade 时按 [grades] 自动评定",
                );
            }
            Some(grade.clone())
        }
        (Some((grade, _)), None) => Some(grade.clone()),
        (None, Some(score)) => {
            crate::model::derive::grade_for_score(score, bands).map(str::to_string)
        }
        (None, None) => {
            // A present but invalid score was reported where it is.
            if !score_present {
                let offset = entry.table_offset();
                let message = format!("results[{}] 既没有 score 也没有 grade", index + 1);
                entry.error_at(offset, message, "至少填写分数 score 或等次 grade 之一");
            }
            return None;
        }
    };

    let mut scores = Vec::new();
    if let Some(entries) = entry.free_table("scores") {
        for item in entries {
            match &item.node.value {
                crate::load::tree::NodeValue::Integer(n) => {
                    scores.push((item.key.clone(), *n as f64))
                }
                crate::load::tree::NodeValue::Float(f) if f.is_finite() => {
                    scores.push((item.key.clone(), *f))
                }
                _ => {
                    let message = format!("分项得分 {} 应为数字", item.key);
                    entry.error_at(
                        item.node.span.start,
                        message,
                        format!("写成 \"{}\" = 25.5", item.key),
                    );
                }
            }
        }
    }
    let note = entry.optional_string("note");
    entry.finish();

    if !unit_ok {
        return None;
    }
    let unit = unit.map(|(id, _)| id.trim().to_string())?;
    Some((
        EvaluationResult {
            unit,
            score,
            grade,
            scores,
            note,
        },
        unit_offset,
    ))
}

pub fn read_page(fields: &mut Fields<'_>, document: &Document) -> Option<Page> {
    let body = read_body(fields, document);
    let title = fields.required_string("title", "\"关于本平台\"");
    let menu = fields.integer("menu").map(|(menu, _)| menu);
    let date = fields.date("date");
    let draft = fields.bool("draft").unwrap_or(false);
    let review = super::record::read_review(fields);
    let url_path = super::record::read_url_path(fields, &document.content_path);
    Some(Page {
        id: super::record::record_id(&document.content_path),
        url_path: url_path?,
        source: document.file.path.clone(),
        title: title?,
        menu,
        date,
        draft,
        review,
        body,
    })
}
