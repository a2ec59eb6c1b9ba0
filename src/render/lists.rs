//! Record lists: one per kind, newest first, and browse pages by unit,
//! year, category and status, all paginated and usable without
//! JavaScript.
//!
//! URL scheme, for kind `commitments`:
//! - `commitments/`, `commitments/page/2/` …
//! - `commitments/status/`, an index of the statuses with counts, and
//!   `commitments/status/overdue/` (English alias of the status);
//! - `commitments/year/2024/`;
//! - `commitments/category/zcwj/` (pinyin initials, see `slugs`);
//! - `commitments/unit/fgj/` (unit id).
//!
//! Each of these is paginated the same way (`…/page/2/`).

use std::cell::OnceCell;
use std::collections::BTreeSet;

use serde::Serialize;

use super::Dependency;
use super::env::{Env, JobBatches, Link};
use super::items::{self, ListItem, StatusDef};
use super::paginate::{self, Pager};
use super::slugs::pinyin_sort_key;

/// A list entry with the facts the browse pages filter by.
struct Entry<'a> {
    /// The record's id, for the `Item` dependency of the pages showing it.
    id: &'a str,
    /// Makes the list item on first use: an incremental rebuild renders
    /// only some pages, and needs the items of those alone.
    make_item: Box<dyn Fn() -> ListItem + 'a>,
    item: OnceCell<ListItem>,
    year: i16,
    units: Vec<String>,
    category_slug: Option<String>,
    statuses: Vec<&'static str>,
}

/// One way to browse a kind: status, year, category or unit.
struct Facet {
    /// URL segment and key: `status`, `year`, `category`, `unit`.
    slug: &'static str,
    label: &'static str,
    /// Value URL segment and display text, in display order.
    values: Vec<(String, String)>,
}

impl Entry<'_> {
    fn item(&self) -> &ListItem {
        self.item.get_or_init(|| (self.make_item)())
    }
}

impl Facet {
    fn matches(&self, entry: &Entry, value: &str) -> bool {
        match self.slug {
            "status" => entry.statuses.contains(&value),
            "year" => value.parse::<i16>() == Ok(entry.year),
            "category" => entry.category_slug.as_deref() == Some(value),
            _ => entry.units.iter().any(|unit| unit == value),
        }
    }

    /// Collects the entries with each value, in the order of `values`.
    fn entries_by_value<'e, 'a>(&self, entries: &'e [Entry<'a>]) -> Vec<Vec<&'e Entry<'a>>> {
        self.values
            .iter()
            .map(|(value, _)| {
                entries
                    .iter()
                    .filter(|entry| self.matches(entry, value))
                    .collect()
            })
            .collect()
    }
}

struct KindList<'a> {
    kind: &'static str,
    label: &'static str,
    entries: Vec<Entry<'a>>,
    facets: Vec<Facet>,
    /// For each facet, the number of entries with each of its values, in
    /// the order of `values`. Every browse block shows these counts, so
    /// they are counted once per list rather than once per page.
    counts: Vec<Vec<usize>>,
}

#[derive(Serialize)]
struct ListView {
    kind: &'static str,
    kind_label: &'static str,
    kind_href: String,
    /// The kind's Atom feed.
    feed_href: String,
    /// The value browsed by, when this is a browse page (已逾期, 2024年 …).
    filter: Option<String>,
    total: usize,
    /// "第 21–40 条，共 45 条" on a paginated list.
    range: Option<String>,
    items: Vec<ListItem>,
    pager: Option<Pager>,
    browse: Vec<FacetGroup>,
}

#[derive(Clone, Serialize)]
struct FacetGroup {
    label: &'static str,
    href: String,
    /// Empty for the unit facet, which has too many values to list beside
    /// every page; its index page lists them.
    values: Vec<FacetValue>,
}

#[derive(Clone, Serialize)]
struct FacetValue {
    text: String,
    href: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct FacetIndexView {
    kind_label: &'static str,
    kind_href: String,
    facet_label: &'static str,
    values: Vec<FacetValue>,
    browse: Vec<FacetGroup>,
}

pub fn jobs(env: &Env, out: &mut JobBatches) {
    for list in kind_lists(env) {
        list_jobs(env, &list, out);
    }
}

fn kind_lists<'a>(env: &'a Env) -> Vec<KindList<'a>> {
    let published = env.published;
    let config = &published.site.config;
    let as_of = env.as_of();

    // When no output path can appear or go, a kind's lists change only
    // if the list item of one of its records did.
    let needed = |kind: &str| !env.paths_kept() || env.items_changed_in(kind);
    let mut lists = Vec::new();
    if needed("commitments") {
        let commitments = published
            .commitments
            .iter()
            .map(|c| Entry {
                id: c.meta.id.as_str(),
                make_item: Box::new(move || items::commitment_item(env, c)),
                item: OnceCell::new(),
                year: c.meta.date.year(),
                units: c.units.clone(),
                category_slug: Some(env.category_slug("commitments", &c.category)),
                statuses: items::commitment_statuses(c, as_of),
            })
            .collect();
        lists.push(with_facets(
            env,
            "commitments",
            "公开承诺",
            commitments,
            Some(items::COMMITMENT_STATUSES),
            Some((
                &config.lists.commitment_categories,
                published
                    .commitments
                    .iter()
                    .map(|c| c.category.as_str())
                    .collect(),
            )),
        ));
    }
    if needed("disclosures") {
        let disclosures = published
            .disclosures
            .iter()
            .map(|d| Entry {
                id: d.meta.id.as_str(),
                make_item: Box::new(move || items::disclosure_item(env, d)),
                item: OnceCell::new(),
                year: d.meta.date.year(),
                units: d.units.clone(),
                category_slug: Some(env.category_slug("disclosures", &d.category)),
                statuses: vec![d.validity.en()],
            })
            .collect();
        lists.push(with_facets(
            env,
            "disclosures",
            "政务公开",
            disclosures,
            Some(items::DISCLOSURE_STATUSES),
            Some((
                &config.lists.disclosure_categories,
                published
                    .disclosures
                    .iter()
                    .map(|d| d.category.as_str())
                    .collect(),
            )),
        ));
    }
    if needed("criticisms") {
        let criticisms = published
            .criticisms
            .iter()
            .map(|c| Entry {
                id: c.meta.id.as_str(),
                make_item: Box::new(move || items::criticism_item(env, c)),
                item: OnceCell::new(),
                year: c.meta.date.year(),
                units: c.units.clone(),
                category_slug: Some(env.category_slug("criticisms", &c.category)),
                statuses: items::criticism_statuses(c, as_of),
            })
            .collect();
        lists.push(with_facets(
            env,
            "criticisms",
            "通报批评",
            criticisms,
            Some(items::CRITICISM_STATUSES),
            Some((
                &config.lists.criticism_categories,
                published
                    .criticisms
                    .iter()
                    .map(|c| c.category.as_str())
                    .collect(),
            )),
        ));
    }
    if needed("evaluations") {
        let evaluations = published
            .evaluations
            .iter()
            .map(|e| Entry {
                id: e.meta.id.as_str(),
                make_item: Box::new(move || items::evaluation_item(env, e)),
                item: OnceCell::new(),
                year: e.meta.date.year(),
                units: e.results.iter().map(|r| r.unit.clone()).collect(),
                category_slug: None,
                statuses: Vec::new(),
            })
            .collect();
        lists.push(with_facets(
            env,
            "evaluations",
            "评价结果",
            evaluations,
            None,
            None,
        ));
    }
    // Status is listed first (the question citizens ask most), unit last.
    for list in &mut lists {
        list.facets.sort_by_key(|facet| {
            ["status", "year", "category", "unit"]
                .iter()
                .position(|slug| *slug == facet.slug)
        });
        list.counts = list
            .facets
            .iter()
            .map(|facet| {
                facet
                    .entries_by_value(&list.entries)
                    .iter()
                    .map(Vec::len)
                    .collect()
            })
            .collect();
    }
    lists
}

/// Builds a kind's browse facets from its entries. `categories` contains
/// the configured list and the categories records use, so that a category
/// no longer configured still gets a page while records carry it.
fn with_facets<'a>(
    env: &Env,
    kind: &'static str,
    label: &'static str,
    entries: Vec<Entry<'a>>,
    statuses: Option<&[StatusDef]>,
    categories: Option<(&Vec<String>, BTreeSet<&str>)>,
) -> KindList<'a> {
    let mut facets = Vec::new();
    if let Some(statuses) = statuses {
        let values = statuses
            .iter()
            .map(|s| (s.slug.to_string(), s.label.to_string()))
            .collect();
        facets.push(Facet {
            slug: "status",
            label: "按状态",
            values,
        });
    }

    let years: BTreeSet<i16> = entries.iter().map(|e| e.year).collect();
    let values = years
        .iter()
        .rev()
        .map(|year| (year.to_string(), format!("{year}年")))
        .collect();
    facets.push(Facet {
        slug: "year",
        label: "按年份",
        values,
    });

    if let Some((configured, used)) = categories {
        let mut names: Vec<&str> = configured.iter().map(String::as_str).collect();
        names.extend(
            used.into_iter()
                .filter(|name| !configured.iter().any(|c| c == name)),
        );
        let values = names
            .into_iter()
            .map(|name| (env.category_slug(kind, name), name.to_string()))
            .collect();
        facets.push(Facet {
            slug: "category",
            label: "按类别",
            values,
        });
    }

    let mut unit_ids: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.units.iter().map(String::as_str))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    unit_ids.sort_by_key(|id| pinyin_sort_key(&env.unit_link(id).text));
    let values = unit_ids
        .into_iter()
        .map(|id| (id.to_string(), env.unit_link(id).text))
        .collect();
    facets.push(Facet {
        slug: "unit",
        label: "按单位",
        values,
    });

    KindList {
        kind,
        label,
        entries,
        facets,
        counts: Vec::new(),
    }
}

fn list_jobs(env: &Env, list: &KindList, out: &mut JobBatches) {
    let kind_path = format!("{}/", list.kind);
    let kind_crumb = Link {
        href: env.href(&kind_path),
        text: list.label.to_string(),
    };
    let all: Vec<&Entry> = list.entries.iter().collect();
    paginated(
        env,
        list,
        &kind_path,
        None,
        &all,
        vec![env.home_crumb()],
        out,
    );

    for (facet_index, facet) in list.facets.iter().enumerate() {
        let facet_path = format!("{kind_path}{}/", facet.slug);
        let facet_title = format!("{}：{}浏览", list.label, facet.label);
        let index = FacetIndexView {
            kind_label: list.label,
            kind_href: env.href(&kind_path),
            facet_label: facet.label,
            values: facet_values(env, list, facet_index, None),
            browse: browse_groups(env, list, None),
        };
        let page = env.page_view(
            &facet_path,
            facet_title.clone(),
            vec![env.home_crumb(), kind_crumb.clone()],
        );
        let mut job = env.job(&facet_path, "facet_index.html", page, "facet", &index);
        job.depend(Dependency::Kind(list.kind));
        if facet.slug == "unit" {
            job.depend_on_units(facet.values.iter().map(|(id, _)| id.as_str()));
        }
        out.push(job);

        let facet_crumb = Link {
            href: env.href(&facet_path),
            text: facet.label.to_string(),
        };
        let entries_by_value = facet.entries_by_value(&list.entries);
        for ((value, text), entries) in facet.values.iter().zip(entries_by_value) {
            let value_path = format!("{facet_path}{value}/");
            let crumbs = vec![env.home_crumb(), kind_crumb.clone(), facet_crumb.clone()];
            let filter = Some((facet.slug, value.as_str(), text.as_str()));
            paginated(env, list, &value_path, filter, &entries, crumbs, out);
        }
    }
}

/// Makes the pages of one list. `filter` is the facet, value and text of
/// a browse page.
fn paginated(
    env: &Env,
    list: &KindList,
    list_path: &str,
    filter: Option<(&str, &str, &str)>,
    entries: &[&Entry],
    breadcrumbs: Vec<Link>,
    out: &mut JobBatches,
) {
    // The unit a browse-by-unit page is about.
    let unit = filter
        .filter(|(facet, _, _)| *facet == "unit")
        .map(|(_, value, _)| value);
    let chunks = paginate::chunks(entries);
    let total_pages = chunks.len();
    // Counting every facet value scans every entry, so it waits for the
    // first page to render, which an incremental rebuild may not have.
    let browse = OnceCell::new();

    for (index, chunk) in chunks.into_iter().enumerate() {
        let number = index + 1;
        let path = paginate::page_path(list_path, number);
        if !env.wants_page(&path) {
            out.push(env.kept_job(format!("{path}index.html")));
            continue;
        }
        let base_title = match filter {
            Some((_, _, text)) => format!("{}：{text}", list.label),
            None => list.label.to_string(),
        };
        let title = if number > 1 {
            format!("{base_title}（第 {number} 页）")
        } else {
            base_title
        };
        let first = index * paginate::PER_PAGE + 1;
        let range = (total_pages > 1).then(|| {
            format!(
                "第 {first}–{} 条，共 {} 条",
                first + chunk.len() - 1,
                entries.len()
            )
        });

        let view = ListView {
            kind: list.kind,
            kind_label: list.label,
            kind_href: env.href(&format!("{}/", list.kind)),
            feed_href: env.href(&super::feeds::kind_feed_path(list.kind)),
            filter: filter.map(|(_, _, text)| text.to_string()),
            total: entries.len(),
            range,
            items: chunk.iter().map(|entry| entry.item().clone()).collect(),
            pager: paginate::pager(list_path, number, total_pages, |p| env.href(p)),
            browse: browse
                .get_or_init(|| {
                    browse_groups(env, list, filter.map(|(facet, value, _)| (facet, value)))
                })
                .clone(),
        };
        let page = env.page_view(&path, title, breadcrumbs.clone());
        let mut job = env.job(&path, "list.html", page, "list", &view);
        job.depend(Dependency::Kind(list.kind));
        job.deps.extend(
            chunk
                .iter()
                .map(|entry| Dependency::Item(entry.id.to_string())),
        );
        job.depend_on_units(
            chunk
                .iter()
                .flat_map(|entry| entry.units.iter().map(String::as_str)),
        );
        if let Some(unit) = unit {
            job.depend_on_units([unit]);
        }
        out.push(job);
    }
}

fn facet_values(
    env: &Env,
    list: &KindList,
    facet_index: usize,
    current: Option<&str>,
) -> Vec<FacetValue> {
    let facet = &list.facets[facet_index];
    let facet_path = format!("{}/{}/", list.kind, facet.slug);
    facet
        .values
        .iter()
        .zip(&list.counts[facet_index])
        .map(|((value, text), &count)| FacetValue {
            text: text.clone(),
            href: env.href(&format!("{facet_path}{value}/")),
            count,
            current: current == Some(value.as_str()),
        })
        .collect()
}

/// Builds the browse block beside a list. `current` marks the facet value
/// of the page it is shown on.
fn browse_groups(env: &Env, list: &KindList, current: Option<(&str, &str)>) -> Vec<FacetGroup> {
    list.facets
        .iter()
        .enumerate()
        .map(|(facet_index, facet)| {
            let current_value = current
                .filter(|(slug, _)| *slug == facet.slug)
                .map(|(_, value)| value);
            let values = if facet.slug == "unit" {
                Vec::new()
            } else {
                facet_values(env, list, facet_index, current_value)
            };
            FacetGroup {
                label: facet.label,
                href: env.href(&format!("{}/{}/", list.kind, facet.slug)),
                values,
            }
        })
        .collect()
}
