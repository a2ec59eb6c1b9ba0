//! The data page (`data/`): the download list with row counts and sizes,
//! the feeds, how to open the files, and the data dictionary.

use serde::Serialize;

use super::{OpenData, values};
use crate::render::Dependency;
use crate::render::env::{Env, KINDS, Link, PageJob};
use crate::render::feeds;
use crate::render::format;
use crate::render::slugs::pinyin_sort_key;

#[derive(Serialize)]
struct DataPageView {
    as_of: String,
    downloads: Vec<Download>,
    /// The whole portal's feed, then one per kind.
    feeds: Vec<Link>,
    unit_feeds: Vec<Link>,
    feed_limit: usize,
    list_separator: &'static str,
    uscc_pending: &'static str,
    /// A published record's page and JSON file, as an example of the
    /// per-record files; `None` on a site without records.
    example: Option<Example>,
    dictionary: Vec<Section>,
}

#[derive(Serialize)]
struct Download {
    title: &'static str,
    count: usize,
    json: FileLink,
    csv: Vec<FileLink>,
    /// Anchor of the dataset's section in the dictionary.
    anchor: String,
}

#[derive(Serialize)]
struct FileLink {
    href: String,
    name: String,
    size: String,
}

#[derive(Serialize)]
struct Example {
    page: String,
    json: String,
}

#[derive(Serialize)]
struct Section {
    anchor: String,
    title: &'static str,
    json_file: String,
    tables: Vec<TableDoc>,
    json_only: Vec<FieldRow>,
}

#[derive(Serialize)]
struct TableDoc {
    file: String,
    row_meaning: &'static str,
    fields: Vec<FieldRow>,
}

#[derive(Serialize)]
struct FieldRow {
    header: String,
    key: String,
    meaning: String,
}

fn file_link(env: &Env, name: String, bytes: usize) -> FileLink {
    FileLink {
        href: env.href(&format!("data/{name}")),
        size: format::file_size(bytes as u64),
        name,
    }
}

fn field_rows(fields: &[super::FieldDoc]) -> Vec<FieldRow> {
    fields
        .iter()
        .map(|field| FieldRow {
            header: field.header.clone(),
            key: field.key.unwrap_or_default().to_string(),
            meaning: field.meaning.clone(),
        })
        .collect()
}

pub fn job(env: &Env, open_data: &OpenData) -> PageJob {
    let site_title = &env.published.site.config.title;
    let downloads = open_data
        .datasets
        .iter()
        .map(|dataset| Download {
            title: dataset.title,
            count: dataset.count,
            json: file_link(env, format!("{}.json", dataset.name), dataset.json_size),
            csv: dataset
                .tables
                .iter()
                .map(|table| file_link(env, table.file.clone(), table.csv_size))
                .collect(),
            anchor: format!("fields-{}", dataset.name),
        })
        .collect();

    let mut feed_links = vec![Link {
        href: env.href(feeds::SITE_FEED),
        text: format!("全部栏目（{site_title}）"),
    }];
    feed_links.extend(KINDS.iter().map(|(kind, label)| Link {
        href: env.href(&feeds::kind_feed_path(kind)),
        text: label.to_string(),
    }));
    let mut units = env.published.units.clone();
    units.sort_by_key(|unit| pinyin_sort_key(&unit.name));
    let unit_feeds = units
        .iter()
        .map(|unit| Link {
            href: env.href(&feeds::unit_feed_path(&unit.id)),
            text: unit.name.clone(),
        })
        .collect();

    let published = env.published;
    let example = published
        .commitments
        .first()
        .map(|c| &c.meta)
        .or_else(|| published.disclosures.first().map(|d| &d.meta))
        .or_else(|| published.criticisms.first().map(|c| &c.meta))
        .or_else(|| published.evaluations.first().map(|e| &e.meta))
        .map(|meta| Example {
            page: env.absolute_url(&meta.url_path),
            json: env.absolute_url(&super::record_json_path(&meta.url_path)),
        });

    let dictionary = open_data
        .datasets
        .iter()
        .map(|dataset| Section {
            anchor: format!("fields-{}", dataset.name),
            title: dataset.title,
            json_file: format!("{}.json", dataset.name),
            tables: dataset
                .tables
                .iter()
                .map(|table| TableDoc {
                    file: table.file.clone(),
                    row_meaning: table.row_meaning,
                    fields: field_rows(&table.columns),
                })
                .collect(),
            json_only: field_rows(&dataset.json_only),
        })
        .collect();

    let view = DataPageView {
        as_of: format::date(env.as_of()),
        downloads,
        feeds: feed_links,
        unit_feeds,
        feed_limit: feeds::ENTRY_LIMIT,
        list_separator: values::LIST_SEPARATOR,
        uscc_pending: values::USCC_PENDING,
        example,
        dictionary,
    };
    let page = env.page_view("data/", "开放数据", vec![env.home_crumb()]);
    let mut job = env.job("data/", "data.html", page, "data", &view);
    for (kind, _) in KINDS {
        job.depend(Dependency::Kind(kind));
    }
    job.depend(Dependency::Bodies);
    job.depend_on_units(published.units.iter().map(|unit| unit.id.as_str()));
    job
}
