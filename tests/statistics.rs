//! The statistics page, the evaluation pages' score charts and the unit
//! archives' charts of scores over time, checked against numbers worked
//! out here from the content files themselves. The expected numbers come
//! from the TOML front matter and the rules as the statistics page states
//! them, not from gongshi's model. Two sites are checked: the statistics
//! fixture (every state, every withholding rule) and the example site in
//! content/.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::Date;
use support::*;

// ---------------------------------------------------------------------------
// Records read from the content files
// ---------------------------------------------------------------------------

/// Default value lists of site.toml `[lists]`.
const COMMITMENT_CATEGORIES: [&str; 6] = [
    "政务诚信承诺",
    "服务承诺",
    "招商引资承诺",
    "政策兑现承诺",
    "为民办实事",
    "其他",
];
const CRITICISM_CATEGORIES: [&str; 6] = [
    "新官不理旧账",
    "招商不诚信",
    "政策承诺不兑现",
    "拖欠企业账款",
    "违约拖欠债务",
    "其他",
];
/// The statistics page's states, in its column order.
const COMMITMENT_STATES: [&str; 5] = [
    "已兑现",
    "部分兑现（未逾期）",
    "推进中（未逾期）",
    "已逾期",
    "未兑现",
];
const CRITICISM_STATES: [&str; 3] = ["已整改", "整改中（未逾期）", "逾期未整改"];

/// A record: its id (path under content/ without extension) and keys.
struct Record {
    id: String,
    keys: toml::Table,
}

impl Record {
    fn text(&self, key: &str) -> Option<String> {
        match self.keys.get(key)? {
            toml::Value::String(text) => Some(text.clone()),
            toml::Value::Datetime(date) => Some(date.to_string()),
            other => panic!("{}: {key} is {other:?}", self.id),
        }
    }

    fn date(&self, key: &str) -> Option<Date> {
        let text = self.text(key)?;
        Some(
            text.parse()
                .unwrap_or_else(|error| panic!("{}: {key} {text}: {error}", self.id)),
        )
    }

    fn nested_date(&self, table: &str, key: &str) -> Option<Date> {
        let value = self.keys.get(table)?.get(key)?;
        Some(
            value
                .to_string()
                .trim_matches('"')
                .parse()
                .unwrap_or_else(|error| panic!("{}: {table}.{key}: {error}", self.id)),
        )
    }

    fn units(&self) -> Vec<String> {
        match self.keys.get("units") {
            Some(toml::Value::String(unit)) => vec![unit.clone()],
            Some(toml::Value::Array(units)) => units
                .iter()
                .map(|unit| unit.as_str().expect("unit ids are strings").to_string())
                .collect(),
            other => panic!("{}: units is {other:?}", self.id),
        }
    }
}

/// Site settings the statistics depend on.
struct Settings {
    require_review: bool,
    criticism_months: i64,
    commitment_categories: Vec<String>,
    criticism_categories: Vec<String>,
    /// Grade bands, highest lowest-score first.
    grades: Vec<(String, f64)>,
}

fn read_settings(site: &Path) -> Settings {
    let text = fs::read_to_string(site.join("site.toml")).expect("read site.toml");
    let config: toml::Table = toml::from_str(&text).expect("site.toml is TOML");
    let publication = config.get("publication");
    let list = |key: &str, default: &[&str]| -> Vec<String> {
        config
            .get("lists")
            .and_then(|lists| lists.get(key))
            .and_then(toml::Value::as_array)
            .map(|values| {
                values
                    .iter()
                    .map(|v| v.as_str().expect("list values are strings").to_string())
                    .collect()
            })
            .unwrap_or_else(|| default.iter().map(|s| s.to_string()).collect())
    };
    let mut grades: Vec<(String, f64)> = match config.get("grades").and_then(toml::Value::as_table)
    {
        Some(bands) => bands
            .iter()
            .map(|(name, min)| {
                let min = min
                    .as_float()
                    .or_else(|| min.as_integer().map(|i| i as f64))
                    .expect("grade bands are numbers");
                (name.clone(), min)
            })
            .collect(),
        None => vec![
            ("优秀".into(), 90.0),
            ("良好".into(), 80.0),
            ("合格".into(), 60.0),
            ("不合格".into(), 0.0),
        ],
    };
    grades.sort_by(|a, b| b.1.total_cmp(&a.1));
    Settings {
        require_review: publication
            .and_then(|p| p.get("require_review"))
            .and_then(toml::Value::as_bool)
            .unwrap_or(false),
        criticism_months: publication
            .and_then(|p| p.get("criticism_months"))
            .and_then(toml::Value::as_integer)
            .unwrap_or(36),
        commitment_categories: list("commitment_categories", &COMMITMENT_CATEGORIES),
        criticism_categories: list("criticism_categories", &CRITICISM_CATEGORIES),
        grades,
    }
}

/// Reads every record of a kind: the front matter of `.md` files, or the
/// whole of `.toml` files.
fn read_records(site: &Path, kind: &str) -> Vec<Record> {
    let content = site.join("content");
    let mut records = Vec::new();
    for entry in walkdir::WalkDir::new(content.join(kind)).sort_by_file_name() {
        let entry = entry.expect("walk content");
        let path = entry.path();
        let extension = path.extension().and_then(|e| e.to_str());
        if !matches!(extension, Some("md" | "toml")) {
            continue;
        }
        let text = fs::read_to_string(path).expect("read record");
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        let front = if extension == Some("md") {
            let rest = text
                .strip_prefix("+++\n")
                .expect("front matter opens with +++");
            &rest[..rest.find("\n+++").expect("front matter closes with +++")]
        } else {
            text.as_str()
        };
        let keys: toml::Table =
            toml::from_str(front).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let id = path
            .strip_prefix(&content)
            .expect("under content")
            .with_extension("")
            .to_string_lossy()
            .into_owned();
        records.push(Record { id, keys });
    }
    records
}

/// Applies the publication rules of every record kind: drafts, records
/// dated after the as-of date and, with review required, records without
/// an approval dated on or before it are withheld.
fn is_published(record: &Record, settings: &Settings) -> bool {
    let as_of = as_of();
    if record.keys.get("draft").and_then(toml::Value::as_bool) == Some(true) {
        return false;
    }
    if record.date("date").expect("records have a date") > as_of {
        return false;
    }
    if settings.require_review {
        return record
            .nested_date("review", "approved_on")
            .is_some_and(|approved| approved <= as_of);
    }
    true
}

/// Applies the criticisms' own rules on top: revoked, repaired on or
/// before the as-of date, or past the last day of publication.
fn criticism_is_published(record: &Record, settings: &Settings) -> bool {
    if !is_published(record, settings) || record.keys.contains_key("revoked") {
        return false;
    }
    if record
        .nested_date("repair", "date")
        .is_some_and(|repaired| repaired <= as_of())
    {
        return false;
    }
    let until = record.date("publish_until").unwrap_or_else(|| {
        let date = record.date("date").expect("records have a date");
        date.checked_add(settings.criticism_months.months())
            .expect("publish_until in range")
    });
    until >= as_of()
}

fn as_of() -> Date {
    AS_OF
}

/// Display names of the units: the short name, else the full name.
fn unit_names(site: &Path) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for entry in fs::read_dir(site.join("content/units")).expect("read units") {
        let path = entry.expect("unit entry").path();
        let keys: toml::Table =
            toml::from_str(&fs::read_to_string(&path).expect("read unit")).expect("unit TOML");
        let name = keys
            .get("short_name")
            .or_else(|| keys.get("name"))
            .and_then(toml::Value::as_str)
            .expect("unit name")
            .to_string();
        let id = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        names.insert(id, name);
    }
    names
}

// ---------------------------------------------------------------------------
// Expected numbers
// ---------------------------------------------------------------------------

/// Returns the index of a commitment's state on the statistics page:
/// 已兑现 and 未兑现 as recorded, 已逾期 for the others past a dated
/// deadline.
fn commitment_state(record: &Record) -> usize {
    let status = record.text("status").unwrap_or_else(|| "推进中".into());
    let past_deadline = match record.text("deadline") {
        Some(deadline) if deadline != "持续实施" => {
            deadline.parse::<Date>().expect("deadline date") < as_of()
        }
        _ => false,
    };
    match status.as_str() {
        "已兑现" | "fulfilled" => 0,
        "未兑现" | "broken" => 4,
        _ if past_deadline => 3,
        "部分兑现" | "partial" => 1,
        "推进中" | "in_progress" => 2,
        other => panic!("{}: status {other}", record.id),
    }
}

/// Returns whether the lists file a commitment under 已逾期: past a dated
/// deadline and not fulfilled, 未兑现 included.
fn commitment_past_deadline(record: &Record) -> bool {
    let fulfilled = matches!(
        record.text("status").as_deref(),
        Some("已兑现" | "fulfilled")
    );
    let past = record
        .text("deadline")
        .filter(|deadline| deadline != "持续实施")
        .is_some_and(|deadline| deadline.parse::<Date>().expect("deadline") < as_of());
    past && !fulfilled
}

fn criticism_state(record: &Record) -> usize {
    let rectified = matches!(
        record.text("rectification").as_deref(),
        Some("已整改" | "rectified")
    );
    let past_deadline = record.date("rectify_by").is_some_and(|by| by < as_of());
    if rectified {
        0
    } else if past_deadline {
        2
    } else {
        1
    }
}

/// Table rows as the page shows them: the row heading, then the cells.
type Rows = Vec<Vec<String>>;

/// Makes the rows of a per-state table: counts, 合计 and, when asked,
/// 兑现率 (the first state's share, a whole percentage).
fn tally_rows(order: &[String], tallies: &BTreeMap<String, Vec<usize>>, with_rate: bool) -> Rows {
    order
        .iter()
        .filter_map(|name| tallies.get(name).map(|counts| (name, counts)))
        .map(|(name, counts)| tally_row(name, counts, with_rate))
        .collect()
}

fn tally_row(name: &str, counts: &[usize], with_rate: bool) -> Vec<String> {
    let total: usize = counts.iter().sum();
    let mut row = vec![name.to_string()];
    row.extend(counts.iter().map(usize::to_string));
    row.push(total.to_string());
    if with_rate {
        let rate = (counts[0] as f64 * 100.0 / total as f64).round();
        row.push(format!("{rate}%"));
    }
    row
}

/// Everything the statistics page should show, worked out from the files.
struct Expected {
    commitments_by_category: Rows,
    commitments_total: Vec<String>,
    /// By unit name; the page orders them by total, most first.
    commitments_by_unit: BTreeMap<String, Vec<String>>,
    commitments_published: usize,
    commitments_past_deadline: usize,
    commitments_broken_past_deadline: usize,
    criticisms_by_category: Rows,
    criticisms_total: Vec<String>,
    criticisms_rectifying: usize,
    /// Grade columns, then one row per evaluation, newest first.
    grade_columns: Vec<String>,
    grades_by_evaluation: Rows,
    /// Per unit id, its scores in published evaluations, oldest first.
    unit_scores: BTreeMap<String, Vec<f64>>,
    /// Per evaluation URL path, its scores, highest first.
    evaluation_scores: BTreeMap<String, Vec<f64>>,
}

fn expected_statistics(site: &Path) -> Expected {
    let settings = read_settings(site);
    let names = unit_names(site);

    let commitments: Vec<Record> = read_records(site, "commitments")
        .into_iter()
        .filter(|record| is_published(record, &settings))
        .collect();
    let mut by_category: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_unit: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut overall = vec![0; COMMITMENT_STATES.len()];
    for record in &commitments {
        let state = commitment_state(record);
        overall[state] += 1;
        let category = record.text("category").expect("category");
        by_category
            .entry(category)
            .or_insert_with(|| vec![0; COMMITMENT_STATES.len()])[state] += 1;
        for unit in record.units() {
            by_unit
                .entry(names[&unit].clone())
                .or_insert_with(|| vec![0; COMMITMENT_STATES.len()])[state] += 1;
        }
    }
    let past_deadline = commitments
        .iter()
        .filter(|r| commitment_past_deadline(r))
        .count();
    let broken_past_deadline = commitments
        .iter()
        .filter(|r| commitment_past_deadline(r) && commitment_state(r) == 4)
        .count();

    let criticisms: Vec<Record> = read_records(site, "criticisms")
        .into_iter()
        .filter(|record| criticism_is_published(record, &settings))
        .collect();
    let mut criticism_categories: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut criticism_overall = vec![0; CRITICISM_STATES.len()];
    for record in &criticisms {
        let state = criticism_state(record);
        criticism_overall[state] += 1;
        criticism_categories
            .entry(record.text("category").expect("category"))
            .or_insert_with(|| vec![0; CRITICISM_STATES.len()])[state] += 1;
    }

    let mut evaluations: Vec<Record> = read_records(site, "evaluations")
        .into_iter()
        .filter(|record| is_published(record, &settings))
        .collect();
    evaluations.sort_by(|a, b| (b.date("date"), &b.id).cmp(&(a.date("date"), &a.id)));
    let grade_of = |result: &toml::Value| -> String {
        if let Some(grade) = result.get("grade").and_then(toml::Value::as_str) {
            return grade.to_string();
        }
        let score = score_of(result).expect("a result has a score or a grade");
        settings
            .grades
            .iter()
            .find(|(_, min)| score >= *min)
            .map_or_else(|| "未定等次".to_string(), |(name, _)| name.clone())
    };
    let mut grade_columns: Vec<String> = settings.grades.iter().map(|(n, _)| n.clone()).collect();
    let results_of = |record: &Record| -> Vec<toml::Value> {
        record.keys["results"]
            .as_array()
            .expect("results array")
            .clone()
    };
    if evaluations
        .iter()
        .flat_map(results_of)
        .any(|result| grade_of(&result) == "未定等次")
    {
        grade_columns.push("未定等次".to_string());
    }
    let grades_by_evaluation: Rows = evaluations
        .iter()
        .map(|record| {
            let results = results_of(record);
            let mut row = vec![record.text("title").expect("title")];
            for column in &grade_columns {
                let count = results.iter().filter(|r| &grade_of(r) == column).count();
                row.push(count.to_string());
            }
            row.push(results.len().to_string());
            row
        })
        .collect();

    let mut unit_scores: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut evaluation_scores = BTreeMap::new();
    for record in evaluations.iter().rev() {
        let mut scores = Vec::new();
        for result in results_of(record) {
            let unit = result["unit"].as_str().expect("result unit").to_string();
            if let Some(score) = score_of(&result) {
                unit_scores.entry(unit).or_default().push(score);
                scores.push(score);
            }
        }
        scores.sort_by(|a, b| b.total_cmp(a));
        evaluation_scores.insert(format!("{}/", record.id), scores);
    }

    Expected {
        commitments_by_category: tally_rows(&settings.commitment_categories, &by_category, true),
        commitments_total: tally_row("合计", &overall, true),
        commitments_by_unit: by_unit
            .iter()
            .map(|(name, counts)| (name.clone(), tally_row(name, counts, true)))
            .collect(),
        commitments_published: commitments.len(),
        commitments_past_deadline: past_deadline,
        commitments_broken_past_deadline: broken_past_deadline,
        criticisms_by_category: tally_rows(
            &settings.criticism_categories,
            &criticism_categories,
            false,
        ),
        criticisms_total: tally_row("合计", &criticism_overall, false),
        criticisms_rectifying: criticism_overall[1] + criticism_overall[2],
        grade_columns,
        grades_by_evaluation,
        unit_scores,
        evaluation_scores,
    }
}

fn score_of(result: &toml::Value) -> Option<f64> {
    let score = result.get("score")?;
    score
        .as_float()
        .or_else(|| score.as_integer().map(|i| i as f64))
}

// ---------------------------------------------------------------------------
// What the pages show
// ---------------------------------------------------------------------------

/// Returns the text between `open` (the start of a tag) and `close` for
/// every occurrence, with the rest of the opening tag cut off.
fn inner<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let body = &after[tag_end + 1..];
        let Some(end) = body.find(close) else { break };
        found.push(&body[..end]);
        rest = &body[end + close.len()..];
    }
    found
}

/// Removes tags and decodes the entities the minifier leaves.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A table of the statistics page: header cells, body rows, 合计 row.
struct PageTable {
    columns: Vec<String>,
    rows: Rows,
    total: Option<Vec<String>>,
}

/// Returns the text of each `<th>` and `<td>` cell of a table row.
fn row_cells(row: &str) -> Vec<String> {
    let is_cell = |tag: &str| {
        ["<th ", "<th>", "<td ", "<td>"]
            .iter()
            .any(|open| tag.starts_with(open))
    };
    let mut cells = Vec::new();
    let mut rest = row;
    while let Some(start) = rest
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| is_cell(&rest[i..]))
    {
        let after = &rest[start..];
        let close = if after.starts_with("<th") {
            "</th>"
        } else {
            "</td>"
        };
        let Some(end) = after.find(close) else { break };
        let tag_end = after.find('>').expect("tag end");
        cells.push(text_of(&after[tag_end + 1..end]).trim().to_string());
        rest = &after[end + close.len()..];
    }
    cells
}

/// Reads the tables of the statistics page, by the id of their block
/// (`commitments-category` …), found through the caption's id.
fn page_tables(html: &str) -> BTreeMap<String, PageTable> {
    let mut tables = BTreeMap::new();
    for table in inner(html, "<table class=stats-table", "</table>") {
        let caption_id = table
            .split("<caption id=")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .expect("stats table has a caption with an id");
        let id = caption_id
            .trim_matches('"')
            .strip_suffix("-caption")
            .expect("caption id ends with -caption")
            .to_string();
        let head = inner(table, "<thead", "</thead>");
        let body = inner(table, "<tbody", "</tbody>");
        let foot = inner(table, "<tfoot", "</tfoot>");
        let columns = row_cells(head.first().expect("thead"));
        let rows = inner(body.first().expect("tbody"), "<tr", "</tr>")
            .into_iter()
            .map(row_cells)
            .collect();
        let total = foot.first().map(|foot| row_cells(foot));
        tables.insert(
            id,
            PageTable {
                columns,
                rows,
                total,
            },
        );
    }
    tables
}

/// Returns the `<svg>` element whose ids start with `id`.
fn chart<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("<title id={id}-title>");
    let title = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no chart {id} on the page"));
    let start = html[..title].rfind("<svg").expect("svg start");
    let end = title + html[title..].find("</svg>").expect("svg end");
    &html[start..end]
}

/// Reads the segments of a stacked chart from their tooltips: row label
/// and state to value.
fn chart_segments(svg: &str) -> BTreeMap<(String, String), String> {
    inner(svg, "<rect class=chart-segment", "</rect>")
        .into_iter()
        .map(|segment| {
            let title = text_of(segment);
            let (row, rest) = title.split_once('：').expect("tooltip row：state value");
            let (state, value) = rest.split_once(' ').expect("tooltip state value");
            let value = value.trim_end_matches(|c: char| !c.is_ascii_digit());
            ((row.to_string(), state.to_string()), value.to_string())
        })
        .collect()
}

/// Reads the values written after the bars of a chart, top to bottom.
fn chart_values(svg: &str) -> Vec<String> {
    inner(svg, "<text class=chart-value", "</text>")
        .into_iter()
        .map(|value| value.to_string())
        .collect()
}

fn format_score(score: f64) -> String {
    format!("{score}")
}

/// Checks that each non-zero count of a table is a segment of its chart
/// with the same value, and that the chart has no other segment.
fn assert_chart_matches_table(html: &str, id: &str, table: &PageTable, states: &[String]) {
    let segments = chart_segments(chart(html, id));
    let mut expected = BTreeMap::new();
    for row in &table.rows {
        for (state, count) in states.iter().zip(&row[1..]) {
            if count != "0" {
                expected.insert((row[0].clone(), state.clone()), count.clone());
            }
        }
    }
    assert_eq!(
        segments, expected,
        "segments of chart {id} against its table"
    );
}

// ---------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------

fn build_site(site: &Path) -> (tempfile::TempDir, PathBuf) {
    let output = tempfile::tempdir().expect("temp dir");
    let public = output.path().join("public");
    let outcome = build(site, &public);
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    (output, public)
}

fn read_page(public: &Path, page: &str) -> String {
    fs::read_to_string(public.join(page)).unwrap_or_else(|_| panic!("{page} was not written"))
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

/// Checks every table, chart and summary of the statistics page against
/// the numbers worked out from the site's files.
fn check_statistics_page(site: &Path, public: &Path) -> Expected {
    let expected = expected_statistics(site);
    let html = read_page(public, "stats/index.html");
    let tables = page_tables(&html);

    let table = &tables["commitments-category"];
    let mut columns = strings(&["类别"]);
    columns.extend(strings(&COMMITMENT_STATES));
    columns.extend(strings(&["合计", "兑现率"]));
    assert_eq!(table.columns, columns, "columns of commitments by category");
    assert_eq!(
        table.rows, expected.commitments_by_category,
        "commitments by category"
    );
    assert_eq!(
        table.total.as_ref(),
        Some(&expected.commitments_total),
        "commitment totals"
    );
    assert_chart_matches_table(
        &html,
        "commitments-category",
        table,
        &strings(&COMMITMENT_STATES),
    );

    let table = &tables["commitments-unit"];
    let unit_rows: BTreeMap<String, Vec<String>> = table
        .rows
        .iter()
        .map(|row| (row[0].clone(), row.clone()))
        .collect();
    assert_eq!(table.rows.len(), unit_rows.len(), "a unit listed twice");
    assert_eq!(
        unit_rows, expected.commitments_by_unit,
        "commitments by unit"
    );
    let totals: Vec<usize> = table
        .rows
        .iter()
        .map(|row| row[6].parse().expect("合计 is a number"))
        .collect();
    assert!(
        totals.windows(2).all(|pair| pair[0] >= pair[1]),
        "units not ordered by total, most first: {totals:?}"
    );
    assert!(table.total.is_none(), "units overlap, so no 合计 row");
    assert_chart_matches_table(
        &html,
        "commitments-unit",
        table,
        &strings(&COMMITMENT_STATES),
    );

    let table = &tables["criticisms-category"];
    let mut columns = strings(&["失信类型"]);
    columns.extend(strings(&CRITICISM_STATES));
    columns.push("合计".to_string());
    assert_eq!(table.columns, columns, "columns of criticisms");
    assert_eq!(
        table.rows, expected.criticisms_by_category,
        "criticisms by category"
    );
    assert_eq!(
        table.total.as_ref(),
        Some(&expected.criticisms_total),
        "criticism totals"
    );
    assert_chart_matches_table(
        &html,
        "criticisms-category",
        table,
        &strings(&CRITICISM_STATES),
    );

    let table = &tables["evaluations-grade"];
    let mut columns = vec!["评价".to_string()];
    columns.extend(expected.grade_columns.clone());
    columns.push("参评单位".to_string());
    assert_eq!(table.columns, columns, "columns of the grade distribution");
    assert_eq!(
        table.rows, expected.grades_by_evaluation,
        "grades by evaluation"
    );
    assert_chart_matches_table(&html, "evaluations-grade", table, &expected.grade_columns);

    let summary = format!(
        "共 {} 项公开承诺：{}。",
        expected.commitments_published,
        COMMITMENT_STATES
            .iter()
            .zip(&expected.commitments_total[1..])
            .map(|(state, count)| format!("{state} {count} 项"))
            .collect::<Vec<_>>()
            .join("，")
    );
    assert!(html.contains(&summary), "summary «{summary}» missing");
    if expected.commitments_broken_past_deadline > 0 {
        let note = format!(
            "兑现期限已过仍未兑现的承诺共 {} 项，其中 {} 项已认定未兑现",
            expected.commitments_past_deadline, expected.commitments_broken_past_deadline
        );
        assert!(html.contains(&note), "note «{note}» missing");
    }
    expected
}

/// Checks that the home page's figures match the statistics and link to
/// sections of the statistics page that exist.
fn check_home_figures(public: &Path, expected: &Expected) {
    let home = read_page(public, "index.html");
    let stats = read_page(public, "stats/index.html");
    let figures = inner(&home, "<li class=figure", "</li>");
    let value = |label: &str| -> String {
        let figure = figures
            .iter()
            .find(|figure| figure.contains(label))
            .unwrap_or_else(|| panic!("no figure {label} on the home page"));
        text_of(inner(figure, "<span class=figure-value", "</span>")[0])
    };
    assert_eq!(
        value("已兑现的承诺"),
        expected.commitments_total[1],
        "figure 已兑现的承诺"
    );
    assert_eq!(
        value("已逾期的承诺"),
        expected.commitments_past_deadline.to_string(),
        "figure 已逾期的承诺"
    );
    assert_eq!(
        value("整改中的通报批评"),
        expected.criticisms_rectifying.to_string(),
        "figure 整改中的通报批评"
    );

    let links: Vec<&str> = home
        .split("class=figure-stats href=")
        .skip(1)
        .map(|rest| rest.split('>').next().expect("href"))
        .collect();
    assert_eq!(links.len(), 4, "statistics links of the figures: {links:?}");
    for link in links {
        let anchor = link
            .split_once("/stats/#")
            .map(|(_, anchor)| anchor)
            .unwrap_or_else(|| panic!("figure link {link} is not a section of stats/"));
        let has_id = [" ", ">"]
            .iter()
            .any(|end| stats.contains(&format!("id={anchor}{end}")));
        assert!(has_id, "the statistics page has no section {anchor}");
    }
}

/// Checks the score chart of every evaluation page and of every unit
/// archive against the scores in the files.
fn check_score_charts(public: &Path, expected: &Expected) {
    for (path, scores) in &expected.evaluation_scores {
        let html = read_page(public, &format!("{path}index.html"));
        if scores.is_empty() {
            assert!(
                !html.contains("<svg class=chart"),
                "{path}: chart without scores"
            );
            continue;
        }
        let actual = chart_values(chart(&html, "score-chart"));
        let scores: Vec<String> = scores.iter().copied().map(format_score).collect();
        assert_eq!(actual, scores, "score chart of {path}");
    }

    let unit_pages = fs::read_dir(public.join("units")).expect("units folder");
    let mut charted = 0;
    for entry in unit_pages {
        let entry = entry.expect("unit folder");
        if !entry.path().is_dir() {
            continue;
        }
        let id = entry.file_name().to_string_lossy().into_owned();
        let html = read_page(public, &format!("units/{id}/index.html"));
        match expected.unit_scores.get(&id) {
            Some(scores) => {
                let actual = chart_values(chart(&html, "unit-score-chart"));
                let scores: Vec<String> = scores.iter().copied().map(format_score).collect();
                assert_eq!(actual, scores, "scores over time on the archive of {id}");
                charted += 1;
            }
            None => assert!(
                !html.contains("unit-score-chart"),
                "archive of {id} has a score chart but no scored evaluation"
            ),
        }
    }
    assert_eq!(
        charted,
        expected.unit_scores.len(),
        "unit archives with a chart"
    );
}

#[test]
fn statistics_fixture_counts_match_files() {
    let site = fixture_path("statistics");
    let (_output, public) = build_site(&site);
    let expected = check_statistics_page(&site, &public);

    // The fixture has a record of every state and a withheld record of
    // every rule; these figures pin it, so a change to the fixture that
    // loses a case shows here.
    assert_eq!(
        expected.commitments_total,
        strings(&["合计", "1", "1", "2", "2", "2", "8", "13%"])
    );
    assert_eq!(
        expected.criticisms_total,
        strings(&["合计", "1", "2", "2", "5"])
    );
    assert_eq!(
        expected.grade_columns,
        strings(&["优秀", "良好", "合格", "未定等次"])
    );
    assert_eq!(
        expected.unit_scores["zhushan"],
        vec![88.0, 92.5, 70.0],
        "zhushan's scores, oldest first"
    );
    let html = read_page(&public, "stats/index.html");
    for withheld in ["草稿评价", ">其他<", "违约拖欠债务", "政策承诺不兑现"] {
        assert!(
            !html.contains(withheld),
            "withheld record counted: {withheld}"
        );
    }

    check_home_figures(&public, &expected);
    check_score_charts(&public, &expected);
}

#[test]
fn statistics_fixture_unit_chart_labels() {
    let site = fixture_path("statistics");
    let (_output, public) = build_site(&site);
    let html = read_page(&public, "units/zhushan/index.html");
    let labels: Vec<String> = inner(
        chart(&html, "unit-score-chart"),
        "<text class=chart-label",
        "</text>",
    )
    .into_iter()
    .map(text_of)
    .collect();
    // Two evaluations share the period 2024年度, so their titles name them.
    assert_eq!(
        labels,
        strings(&[
            "2023年度",
            "2024年度政务诚信评价结果",
            "2024年度乡镇专项评价结果"
        ])
    );
}

#[test]
fn example_site_counts_match_files() {
    let site = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_output, public) = build_site(site);
    let expected = check_statistics_page(site, &public);
    assert!(
        expected.commitments_published > 10,
        "the example site publishes only {} commitments",
        expected.commitments_published
    );
    check_home_figures(&public, &expected);
    check_score_charts(&public, &expected);
}

#[test]
fn statistics_page_without_records() {
    let site = copy_fixture("minimal");
    for kind in ["commitments", "criticisms", "evaluations"] {
        fs::remove_dir_all(site.path().join("content").join(kind)).expect("remove records");
    }
    let (_output, public) = build_site(site.path());
    let html = read_page(&public, "stats/index.html");
    for text in [
        "暂无公开承诺。",
        "暂无在公示期内的通报批评。",
        "暂无评价结果。",
    ] {
        assert!(html.contains(text), "«{text}» missing");
    }
    assert!(!html.contains("<svg"), "a chart drawn without records");
    assert!(!html.contains("<table"), "a table drawn without records");
}

#[test]
fn statistics_follow_as_of_date() {
    // A day before the deadline of progress-late (2025-06-29), the
    // commitment is still 推进中 and its units count no 已逾期 for it.
    let site = fixture_path("statistics");
    let output = tempfile::tempdir().expect("temp dir");
    let public = output.path().join("public");
    let outcome = gongshi::build::run(&gongshi::build::BuildOptions {
        output: Some(public.clone()),
        write: true,
        as_of: Date::constant(2025, 6, 28),
        ..options(&site)
    });
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let tables = page_tables(&read_page(&public, "stats/index.html"));
    let total = tables["commitments-category"]
        .total
        .clone()
        .expect("合计 row");
    assert_eq!(
        total,
        strings(&["合计", "1", "1", "3", "1", "2", "8", "13%"])
    );
}
