//! The statistics page (`stats/`): commitment fulfilment by category and
//! by unit, criticisms by category and rectification state, and the grade
//! distribution of each evaluation. Each chart is drawn at build time and
//! followed by a table with the same numbers.
//!
//! Everything is counted from the published view at the as-of date, so
//! withheld records never count. Each record is counted in exactly one
//! state, so the states of a row add up to its total. The lists and the
//! home page's figures file a record under every state that applies
//! (their 已逾期 includes 未兑现 commitments past their deadline, their
//! 整改中 includes 逾期未整改), so the page reconciles the two in words.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use serde::Serialize;

use super::Dependency;
use super::chart::{self, Chart, Row, Scale, Series, Tone};
use super::env::{Env, Link, PageJob};
use super::slugs::pinyin_sort_key;
use crate::model::derive::{commitment_overdue, criticism_overdue};
use crate::model::{Commitment, CommitmentStatus, Criticism, Evaluation, Rectification};

/// URL path of the statistics page.
pub const PATH: &str = "stats/";

/// A state a record is counted in: its label and how the chart draws it.
struct State {
    label: &'static str,
    tone: Tone,
}

/// Commitment states in chart order. 已逾期 takes the commitments in
/// progress or partly fulfilled whose deadline has passed; a commitment
/// recorded as 未兑现 stays 未兑现 after its deadline. The states that
/// exclude overdue records are labelled （未逾期）, because the list pages'
/// 推进中 and 部分兑现 include them.
const COMMITMENT_STATES: [State; 5] = [
    State {
        label: "已兑现",
        tone: Tone::Ok,
    },
    State {
        label: "部分兑现（未逾期）",
        tone: Tone::Warn,
    },
    State {
        label: "推进中（未逾期）",
        tone: Tone::Info,
    },
    State {
        label: "已逾期",
        tone: Tone::Alert,
    },
    State {
        label: "未兑现",
        tone: Tone::Bad,
    },
];

/// Criticism states in chart order. 逾期未整改 takes the criticisms under
/// rectification whose rectification deadline has passed. The label
/// 整改中（未逾期） marks the difference from the list page's 整改中, which
/// includes them.
const CRITICISM_STATES: [State; 3] = [
    State {
        label: "已整改",
        tone: Tone::Ok,
    },
    State {
        label: "整改中（未逾期）",
        tone: Tone::Warn,
    },
    State {
        label: "逾期未整改",
        tone: Tone::Alert,
    },
];

/// Returns the index in [`COMMITMENT_STATES`] of a commitment's state.
fn commitment_state(commitment: &Commitment, env: &Env) -> usize {
    match commitment.status {
        CommitmentStatus::Fulfilled => 0,
        CommitmentStatus::Broken => 4,
        _ if commitment_overdue(commitment, env.as_of()) => 3,
        CommitmentStatus::Partial => 1,
        CommitmentStatus::InProgress => 2,
    }
}

/// Returns the index in [`CRITICISM_STATES`] of a criticism's state.
fn criticism_state(criticism: &Criticism, env: &Env) -> usize {
    match criticism.rectification {
        Rectification::Rectified => 0,
        Rectification::Rectifying if criticism_overdue(criticism, env.as_of()) => 2,
        Rectification::Rectifying => 1,
    }
}

#[derive(Serialize)]
struct StatsView {
    sections: Vec<Section>,
}

/// The statistics of one record kind.
#[derive(Serialize)]
struct Section {
    /// Anchor of the section, which the home page's figures link to.
    id: &'static str,
    heading: &'static str,
    /// The totals in one sentence, or that nothing is published.
    summary: String,
    /// Notes on the counting rules of the states.
    notes: Vec<&'static str>,
    /// Ties the states counted here to an overlapping state of the lists,
    /// when the two counts differ.
    reconcile: Option<Reconcile>,
    blocks: Vec<ChartBlock>,
}

#[derive(Serialize)]
struct Reconcile {
    text: String,
    link: Link,
}

/// A chart and the table with its numbers.
#[derive(Serialize)]
struct ChartBlock {
    /// Prefix of the ids inside the block.
    id: String,
    heading: String,
    svg: String,
    /// The chart in words, shown as its caption.
    summary: String,
    table: Table,
}

#[derive(Serialize)]
struct Table {
    caption: String,
    /// Heading of the first column: 类别, 单位, 评价.
    row_heading: &'static str,
    columns: Vec<String>,
    rows: Vec<TableRow>,
    /// The 合计 row, when the rows do not overlap.
    total: Option<TableRow>,
    note: Option<&'static str>,
}

#[derive(Serialize)]
struct TableRow {
    text: String,
    href: Option<String>,
    cells: Vec<String>,
}

/// Counts per state of one row of a table.
struct Tally {
    label: String,
    href: Option<String>,
    counts: Vec<usize>,
}

impl Tally {
    fn new(label: String, href: Option<String>, states: usize) -> Self {
        Tally {
            label,
            href,
            counts: vec![0; states],
        }
    }

    fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

pub fn jobs(env: &Env) -> Vec<PageJob> {
    let view = StatsView {
        sections: vec![
            commitment_section(env),
            criticism_section(env),
            evaluation_section(env),
        ],
    };
    let page = env.page_view(PATH, "数据统计", vec![env.home_crumb()]);
    let mut job = env.job(PATH, "stats.html", page, "stats", &view);
    for kind in ["commitments", "criticisms", "evaluations"] {
        job.depend(Dependency::Kind(kind));
    }
    let published = env.published;
    let named = published
        .commitments
        .iter()
        .flat_map(|c| c.units.iter())
        .chain(
            published
                .evaluations
                .iter()
                .flat_map(|e| e.results.iter().map(|r| &r.unit)),
        );
    job.depend_on_units(named.map(String::as_str));
    // The grade tallies are titled by their evaluations.
    job.deps.extend(
        published
            .evaluations
            .iter()
            .map(|e| Dependency::Item(e.meta.id.clone())),
    );
    vec![job]
}

/// Lists the categories in use: the configured ones in their order, then
/// any others records carry, by name.
fn categories_in_use<'a>(configured: &'a [String], used: &[&'a str]) -> Vec<&'a str> {
    let mut names: Vec<&str> = configured
        .iter()
        .map(String::as_str)
        .filter(|name| used.contains(name))
        .collect();
    let mut others: Vec<&str> = used
        .iter()
        .copied()
        .filter(|name| !configured.iter().any(|c| c == name))
        .collect();
    others.sort();
    others.dedup();
    names.extend(others);
    names
}

/// Formats the states of a tally as a sentence part: 已兑现 3 项，推进中 2 项.
fn state_counts(states: &[State], counts: &[usize]) -> String {
    states
        .iter()
        .zip(counts)
        .map(|(state, count)| format!("{} {count} 项", state.label))
        .collect::<Vec<_>>()
        .join("，")
}

fn commitment_section(env: &Env) -> Section {
    let published = env.published;
    let states = COMMITMENT_STATES.len();
    let mut overall = Tally::new("合计".to_string(), None, states);
    let mut by_category: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_unit: BTreeMap<&str, Tally> = BTreeMap::new();
    for commitment in &published.commitments {
        let state = commitment_state(commitment, env);
        overall.counts[state] += 1;
        by_category
            .entry(commitment.category.as_str())
            .or_insert_with(|| Tally::new(commitment.category.clone(), None, states))
            .counts[state] += 1;
        for unit in &commitment.units {
            let link = env.unit_link(unit);
            by_unit
                .entry(unit.as_str())
                .or_insert_with(|| Tally::new(link.text, Some(link.href), states))
                .counts[state] += 1;
        }
    }

    let total = published.commitments.len();
    let mut section = Section {
        id: "commitments",
        heading: "公开承诺兑现情况",
        summary: if total == 0 {
            "暂无公开承诺。".to_string()
        } else {
            format!(
                "共 {total} 项公开承诺：{}。",
                state_counts(&COMMITMENT_STATES, &overall.counts)
            )
        },
        notes: vec![
            "每项承诺只计入一种状态：已逾期指兑现期限已过、仍在推进或部分兑现的承诺；已认定未兑现的承诺计入“未兑现”，不论期限是否已过；“持续实施”的承诺没有期限，不会逾期。“公开承诺”栏目按状态筛选时，一项承诺可同时列在几种状态下，例如已逾期的承诺也列在“推进中”或“部分兑现”下。",
            "兑现率是已兑现的承诺占全部承诺的比例，四舍五入到整数。",
        ],
        reconcile: None,
        blocks: Vec::new(),
    };
    if total == 0 {
        return section;
    }

    let past_deadline = published
        .commitments
        .iter()
        .filter(|c| commitment_overdue(c, env.as_of()))
        .count();
    let broken_past_deadline = past_deadline.saturating_sub(overall.counts[3]);
    if broken_past_deadline > 0 {
        section.reconcile = Some(Reconcile {
            text: format!(
                "兑现期限已过仍未兑现的承诺共 {past_deadline} 项，其中 {broken_past_deadline} 项已认定未兑现，计入“未兑现”。"
            ),
            link: Link {
                href: env.href("commitments/status/overdue/"),
                text: "查看期限已过仍未兑现的承诺".to_string(),
            },
        });
    }

    let configured = &published.site.config.lists.commitment_categories;
    let used: Vec<&str> = by_category.keys().copied().collect();
    let category_rows: Vec<Tally> = categories_in_use(configured, &used)
        .into_iter()
        .filter_map(|name| by_category.remove(name))
        .collect();
    section.blocks.push(commitment_block(
        "commitments-category",
        "按类别",
        "类别",
        category_rows,
        Some(overall),
        None,
        |title, tallies| stacked_summary(title, &COMMITMENT_STATES, tallies, "项"),
    ));

    let mut unit_rows: Vec<Tally> = by_unit.into_values().collect();
    unit_rows.sort_by_cached_key(|row| (Reverse(row.total()), pinyin_sort_key(&row.label)));
    section.blocks.push(commitment_block(
        "commitments-unit",
        "按单位",
        "单位",
        unit_rows,
        None,
        Some("一项承诺由几个单位共同负责的，计入每个单位，所以各单位的数字加起来可能多于承诺总数。单位按承诺数从多到少排列。"),
        unit_summary,
    ));
    section
}

/// Formats a share as a whole percentage, rounded half up: `46%`.
fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    format!("{}%", (part * 200 + whole) / (whole * 2))
}

/// Makes the chart and table of commitments counted one way (`by`, such
/// as 按类别). `overall` is the 合计 row, for rows that do not overlap, and
/// `describe` writes the chart's summary from its title and rows.
fn commitment_block(
    id: &str,
    by: &str,
    row_heading: &'static str,
    tallies: Vec<Tally>,
    overall: Option<Tally>,
    note: Option<&'static str>,
    describe: fn(&str, &[Tally]) -> String,
) -> ChartBlock {
    let cells = |tally: &Tally| {
        let mut cells: Vec<String> = tally.counts.iter().map(usize::to_string).collect();
        cells.push(tally.total().to_string());
        cells.push(percent(tally.counts[0], tally.total()));
        cells
    };
    let mut columns: Vec<String> = COMMITMENT_STATES
        .iter()
        .map(|state| state.label.to_string())
        .collect();
    columns.push("合计".to_string());
    columns.push("兑现率".to_string());

    let title = format!("公开承诺兑现情况（{by}）");
    let summary = describe(&title, &tallies);
    let table = Table {
        caption: format!("公开承诺兑现情况{by}统计表"),
        row_heading,
        columns,
        rows: tallies.iter().map(|t| table_row(t, cells(t))).collect(),
        total: overall.as_ref().map(|t| table_row(t, cells(t))),
        note,
    };
    stacked_block(
        id,
        by,
        &title,
        &summary,
        &COMMITMENT_STATES,
        &tallies,
        table,
    )
}

fn criticism_section(env: &Env) -> Section {
    let published = env.published;
    let states = CRITICISM_STATES.len();
    let mut overall = Tally::new("合计".to_string(), None, states);
    let mut by_category: BTreeMap<&str, Tally> = BTreeMap::new();
    for criticism in &published.criticisms {
        let state = criticism_state(criticism, env);
        overall.counts[state] += 1;
        by_category
            .entry(criticism.category.as_str())
            .or_insert_with(|| Tally::new(criticism.category.clone(), None, states))
            .counts[state] += 1;
    }

    let total = published.criticisms.len();
    let mut section = Section {
        id: "criticisms",
        heading: "通报批评整改情况",
        summary: if total == 0 {
            "暂无在公示期内的通报批评。".to_string()
        } else {
            format!(
                "在公示期内的通报批评共 {total} 项：{}。",
                state_counts(&CRITICISM_STATES, &overall.counts)
            )
        },
        notes: vec![
            "每项通报只计入一种状态：逾期未整改指整改期限已过仍未整改完成的通报，不再计入“整改中（未逾期）”，而“通报批评”栏目按状态筛选时，“整改中”也包括逾期未整改的通报。公示期满、完成信用修复或经核实撤销的通报依照规定不再公示，也不计入统计。",
        ],
        reconcile: None,
        blocks: Vec::new(),
    };
    if total == 0 {
        return section;
    }

    let overdue = overall.counts[2];
    if overdue > 0 {
        section.reconcile = Some(Reconcile {
            text: format!(
                "尚未整改完成的通报共 {} 项，其中 {overdue} 项已过整改期限，计入“逾期未整改”。",
                overall.counts[1] + overdue
            ),
            link: Link {
                href: env.href("criticisms/status/rectifying/"),
                text: "查看整改中的通报批评".to_string(),
            },
        });
    }

    let configured = &published.site.config.lists.criticism_categories;
    let used: Vec<&str> = by_category.keys().copied().collect();
    let rows: Vec<Tally> = categories_in_use(configured, &used)
        .into_iter()
        .filter_map(|name| by_category.remove(name))
        .collect();
    let cells = |tally: &Tally| {
        let mut cells: Vec<String> = tally.counts.iter().map(usize::to_string).collect();
        cells.push(tally.total().to_string());
        cells
    };
    let mut columns: Vec<String> = CRITICISM_STATES
        .iter()
        .map(|state| state.label.to_string())
        .collect();
    columns.push("合计".to_string());

    let title = "通报批评整改情况（按失信类型）";
    let summary = stacked_summary(title, &CRITICISM_STATES, &rows, "项");
    let table = Table {
        caption: "通报批评按失信类型和整改状态统计表".to_string(),
        row_heading: "失信类型",
        columns,
        rows: rows.iter().map(|t| table_row(t, cells(t))).collect(),
        total: Some(table_row(&overall, cells(&overall))),
        note: None,
    };
    section.blocks.push(stacked_block(
        "criticisms-category",
        "按失信类型",
        title,
        &summary,
        &CRITICISM_STATES,
        &rows,
        table,
    ));
    section
}

fn evaluation_section(env: &Env) -> Section {
    let published = env.published;
    let bands = &published.site.config.grades;
    let mut section = Section {
        id: "evaluations",
        heading: "评价结果等次分布",
        summary: String::new(),
        notes: vec![
            "等次按 site.toml 中 [grades] 的分数段评定，评价结果给出等次的以给出的为准。每次评价各单位的得分图见该次评价的页面。",
        ],
        reconcile: None,
        blocks: Vec::new(),
    };
    if published.evaluations.is_empty() {
        section.summary = "暂无评价结果。".to_string();
        return section;
    }

    // One state per grade band, best first, then 未定等次 for a score
    // below every band, when there is one.
    let ungraded = published
        .evaluations
        .iter()
        .flat_map(|e| e.results.iter())
        .any(|result| result.grade.is_none());
    let mut states: Vec<Series> = bands
        .iter()
        .enumerate()
        .map(|(index, band)| Series {
            label: band.name.clone(),
            tone: grade_tone(index, bands.len()),
        })
        .collect();
    if ungraded {
        states.push(Series {
            label: "未定等次".to_string(),
            tone: Tone::Muted,
        });
    }

    let rows: Vec<Tally> = published
        .evaluations
        .iter()
        .map(|evaluation| grade_tally(env, evaluation, &states))
        .collect();
    let results: usize = rows.iter().map(Tally::total).sum();
    section.summary = format!(
        "共 {} 次评价，{results} 个单位次参评。",
        published.evaluations.len()
    );

    let mut columns: Vec<String> = states.iter().map(|s| s.label.clone()).collect();
    columns.push("参评单位".to_string());
    let title = "各次评价的等次分布";
    let chart_rows: Vec<Row> = rows
        .iter()
        .map(|row| Row {
            label: row.label.clone(),
            values: row.counts.iter().map(|&c| c as f64).collect(),
            value_text: row.total().to_string(),
        })
        .collect();
    let largest = rows.iter().map(Tally::total).max().unwrap_or(0);
    let description = format!(
        "{title}堆积条形图，每次评价一条，按发布日期从新到旧：{}。",
        rows.iter()
            .map(|row| {
                let parts: Vec<String> = states
                    .iter()
                    .zip(&row.counts)
                    .map(|(state, count)| format!("{} {count} 个", state.label))
                    .collect();
                format!("{}，{}", row.label, parts.join("，"))
            })
            .collect::<Vec<_>>()
            .join("；")
    );
    let svg = chart::draw(&Chart {
        id: "evaluations-grade",
        title,
        description: &description,
        series: &states,
        rows: &chart_rows,
        scale: Scale::counts(largest as f64),
        unit: "个",
    });
    let table = Table {
        caption: "各次评价等次分布统计表".to_string(),
        row_heading: "评价",
        columns,
        rows: rows
            .iter()
            .map(|row| {
                let mut cells: Vec<String> = row.counts.iter().map(usize::to_string).collect();
                cells.push(row.total().to_string());
                table_row(row, cells)
            })
            .collect(),
        total: None,
        note: None,
    };
    section.blocks.push(ChartBlock {
        id: "evaluations-grade".to_string(),
        heading: "按等次".to_string(),
        svg,
        summary: description,
        table,
    });
    section
}

/// Picks the tone of the grade band at `index` of `count`, best first:
/// the best band is ok, the lowest bad, and those between info, warn and
/// alert in turn.
fn grade_tone(index: usize, count: usize) -> Tone {
    const MIDDLE: [Tone; 3] = [Tone::Info, Tone::Warn, Tone::Alert];
    if index == 0 {
        Tone::Ok
    } else if index + 1 == count {
        Tone::Bad
    } else {
        MIDDLE[(index - 1) % MIDDLE.len()]
    }
}

/// Counts the results of an evaluation per grade, in the order of `states`.
fn grade_tally(env: &Env, evaluation: &Evaluation, states: &[Series]) -> Tally {
    let mut tally = Tally::new(
        evaluation.meta.title.clone(),
        Some(env.href(&evaluation.meta.url_path)),
        states.len(),
    );
    for result in &evaluation.results {
        let label = result.grade.as_deref().unwrap_or("未定等次");
        if let Some(index) = states.iter().position(|state| state.label == label) {
            tally.counts[index] += 1;
        }
    }
    tally
}

fn table_row(tally: &Tally, cells: Vec<String>) -> TableRow {
    TableRow {
        text: tally.label.clone(),
        href: tally.href.clone(),
        cells,
    }
}

/// Describes a stacked chart in words: each row with its total and its
/// non-zero states.
fn stacked_summary(title: &str, states: &[State], tallies: &[Tally], unit: &str) -> String {
    let rows: Vec<String> = tallies
        .iter()
        .map(|tally| {
            let parts: Vec<String> = states
                .iter()
                .zip(&tally.counts)
                .filter(|(_, count)| **count > 0)
                .map(|(state, count)| format!("{} {count}", state.label))
                .collect();
            format!(
                "{} {} {unit}（{}）",
                tally.label,
                tally.total(),
                parts.join("，")
            )
        })
        .collect();
    format!(
        "{title}堆积条形图，共 {} 条：{}。具体数字见下表。",
        tallies.len(),
        rows.join("；")
    )
}

/// Describes the chart of commitments by unit in words. The chart has a
/// bar for every unit with commitments, too many to read out one by one.
/// So the description names the units with the most commitments and
/// those with commitments overdue or not fulfilled, and the table lists
/// every unit.
fn unit_summary(title: &str, tallies: &[Tally]) -> String {
    let max_total = tallies.iter().map(Tally::total).max().unwrap_or(0);
    let busiest: Vec<&str> = tallies
        .iter()
        .filter(|tally| tally.total() == max_total)
        .map(|tally| tally.label.as_str())
        .collect();
    let flagged: Vec<&str> = tallies
        .iter()
        .filter(|tally| tally.counts[3] + tally.counts[4] > 0)
        .map(|tally| tally.label.as_str())
        .collect();
    let flagged = if flagged.is_empty() {
        "没有单位有已逾期或未兑现的承诺。".to_string()
    } else {
        format!("有已逾期或未兑现承诺的单位：{}。", flagged.join("、"))
    };
    format!(
        "{title}堆积条形图，共 {} 个单位，按承诺数从多到少排列。承诺最多的是{}，{max_total} 项。{flagged}各单位的具体数字见下表。",
        tallies.len(),
        busiest.join("、"),
    )
}

fn stacked_block(
    id: &str,
    heading: &str,
    title: &str,
    summary: &str,
    states: &[State],
    tallies: &[Tally],
    table: Table,
) -> ChartBlock {
    let series: Vec<Series> = states
        .iter()
        .map(|state| Series {
            label: state.label.to_string(),
            tone: state.tone,
        })
        .collect();
    let rows: Vec<Row> = tallies
        .iter()
        .map(|tally| Row {
            label: tally.label.clone(),
            values: tally.counts.iter().map(|&c| c as f64).collect(),
            value_text: tally.total().to_string(),
        })
        .collect();
    let largest = tallies.iter().map(Tally::total).max().unwrap_or(0);
    let svg = chart::draw(&Chart {
        id,
        title,
        description: summary,
        series: &series,
        rows: &rows,
        scale: Scale::counts(largest as f64),
        unit: "项",
    });
    ChartBlock {
        id: id.to_string(),
        heading: heading.to_string(),
        svg,
        summary: summary.to_string(),
        table,
    }
}
