//! Shared parts of every page family: URLs under the base path, the site
//! context (header, menu, footer), unit links and the page job that the
//! renderer consumes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

use super::Dependency;
use super::format::{self, TextPart};
use super::slugs;
use crate::model::publish::Published;
use crate::model::{Date, Unit, UnitOrName};

/// The record kinds with a list, in menu order: URL segment and name.
pub const KINDS: [(&str, &str); 4] = [
    ("commitments", "公开承诺"),
    ("disclosures", "政务公开"),
    ("criticisms", "通报批评"),
    ("evaluations", "评价结果"),
];

/// Number of page jobs per batch. Up to this many pages' contexts are in
/// memory at once. At 100,000 records, the contexts of all list pages
/// took 1.9 GB, and those of all record pages 1.4 GB.
pub const JOB_BATCH: usize = 1024;

/// The receiver of a page family's jobs: it passes them on in batches of
/// [`JOB_BATCH`], so that each batch is rendered and its contexts freed
/// before the family makes the next.
pub struct JobBatches<'f> {
    batch: Vec<PageJob>,
    hand_on: &'f mut dyn FnMut(Vec<PageJob>),
}

impl<'f> JobBatches<'f> {
    pub fn new(hand_on: &'f mut dyn FnMut(Vec<PageJob>)) -> Self {
        JobBatches {
            batch: Vec::new(),
            hand_on,
        }
    }

    pub fn push(&mut self, job: PageJob) {
        self.batch.push(job);
        if self.batch.len() >= JOB_BATCH {
            self.flush();
        }
    }

    pub fn extend(&mut self, jobs: impl IntoIterator<Item = PageJob>) {
        for job in jobs {
            self.push(job);
        }
    }

    /// Passes on the jobs received since the last batch.
    pub fn flush(&mut self) {
        if !self.batch.is_empty() {
            (self.hand_on)(std::mem::take(&mut self.batch));
        }
    }
}

/// One page to render: the template, its context and what it was made from.
pub struct PageJob {
    /// Output path: the URL path plus `index.html`.
    pub path: String,
    /// Template name inside `templates/`.
    pub template: &'static str,
    pub context: tera::Context,
    pub deps: BTreeSet<Dependency>,
    /// Listed in sitemap.xml, with the date it last changed when known.
    pub sitemap: Option<Option<Date>>,
    /// Description of the page, for the message when two pages claim one path.
    pub origin: String,
    /// The content file the page shows, where the message about a path
    /// claimed twice points.
    pub source: Option<PathBuf>,
    /// Outside the [`super::Scope`] of an incremental rebuild: the context
    /// is left empty and the previous build's file is kept.
    pub reused: bool,
}

impl PageJob {
    pub fn depend(&mut self, dependency: Dependency) -> &mut Self {
        self.deps.insert(dependency);
        self
    }

    /// Marks the page as showing a content file, named in messages.
    pub fn shows(&mut self, description: &str, source: &std::path::Path) -> &mut Self {
        self.origin = format!("{description} {}", crate::diag::display_path(source));
        self.source = Some(source.to_path_buf());
        self
    }

    pub fn depend_on_units<'u>(&mut self, ids: impl IntoIterator<Item = &'u str>) -> &mut Self {
        self.deps
            .extend(ids.into_iter().map(|id| Dependency::Unit(id.to_string())));
        self
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// A unit named by a record: a link to its archive when it is a unit of
/// the portal, plain text for bodies outside it.
#[derive(Debug, Clone, Serialize)]
pub struct NameRef {
    pub href: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    pub href: String,
    pub text: String,
    /// Value of `aria-current`: `page` on the page itself, `true` inside
    /// its section, absent elsewhere.
    pub current: Option<&'static str>,
}

/// Site-wide values every template receives as `site`.
#[derive(Debug, Clone, Serialize)]
struct SiteView {
    title: String,
    /// Base path, `/` or `/zwcx/`; every link starts with it.
    base: String,
    /// The as-of date (数据截至).
    as_of: String,
    sample_data: bool,
    search_href: String,
    footer: FooterView,
    /// URL of each theme file under `static/` (by its name there),
    /// relative to the base path, with a query naming its content.
    assets: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
struct FooterView {
    sponsor: String,
    contact: Vec<TextPart>,
    site_code: String,
    icp: String,
    police_record: String,
    /// Query page of the public-security filing, when the record number has digits.
    police_href: Option<String>,
}

/// Page-specific values every template receives as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// The h1 and the first part of `<title>`.
    pub title: String,
    /// Absolute URL, for the canonical link.
    pub url: String,
    pub menu: Vec<MenuItem>,
    /// Ancestors of this page, home first; the page itself is not included.
    pub breadcrumbs: Vec<Link>,
    /// 我为政府网站找错 link carrying the site code and this page's URL.
    pub report_error_href: Option<String>,
    /// Keeps search engines from indexing notice and error pages.
    pub noindex: bool,
    /// Atom feeds linked from the head, the whole portal's first; `text`
    /// is the feed's title.
    pub feeds: Vec<Link>,
    /// The JSON file of the record or unit the page shows.
    pub data_href: Option<String>,
}

pub struct Env<'a> {
    pub published: &'a Published<'a>,
    /// Base path: `/` or `/zwcx/`.
    pub base: &'a str,
    units: BTreeMap<&'a str, &'a Unit>,
    site_value: tera::Value,
    menu: Vec<(String, String)>,
    /// Category path segments per kind (`commitments` → 政策文件 → `zcwj`).
    category_slugs: BTreeMap<&'static str, BTreeMap<String, String>>,
    /// The files to make again in an incremental rebuild; `None` makes all.
    scope: Option<&'a super::Scope<'a>>,
    cache: Option<&'a super::RenderCache>,
}

impl<'a> Env<'a> {
    pub fn new(
        published: &'a Published<'a>,
        assets: BTreeMap<String, String>,
        scope: Option<&'a super::Scope<'a>>,
        cache: Option<&'a super::RenderCache>,
    ) -> Self {
        let config = &published.site.config;
        let base = config.base_path.as_str();

        let mut menu = vec![(String::new(), "首页".to_string())];
        menu.extend(
            KINDS
                .iter()
                .map(|(kind, label)| (format!("{kind}/"), label.to_string())),
        );
        menu.push(("units/".to_string(), "信用档案".to_string()));
        menu.push((super::stats::PATH.to_string(), "数据统计".to_string()));
        menu.extend(
            published
                .pages
                .iter()
                .filter(|page| page.menu.is_some())
                .map(|page| (page.url_path.clone(), page.title.clone())),
        );

        let police_digits: String = config
            .footer
            .police_record
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let site = SiteView {
            title: config.title.clone(),
            base: base.to_string(),
            as_of: format::date(published.as_of),
            sample_data: config.sample_data,
            search_href: format!("{base}search/"),
            footer: FooterView {
                sponsor: config.footer.sponsor.clone(),
                contact: format::telephone_parts(&config.footer.contact),
                site_code: config.footer.site_code.clone(),
                icp: config.footer.icp.clone(),
                police_record: config.footer.police_record.clone(),
                police_href: (!police_digits.is_empty()).then(|| {
                    format!("https://beian.mps.gov.cn/#/query/webSearch?code={police_digits}")
                }),
            },
            assets,
        };

        let mut category_slugs = BTreeMap::new();
        let lists = &config.lists;
        let commitment_names = lists
            .commitment_categories
            .iter()
            .map(String::as_str)
            .chain(published.commitments.iter().map(|c| c.category.as_str()));
        category_slugs.insert("commitments", slugs::category_slugs(commitment_names));
        let disclosure_names = lists
            .disclosure_categories
            .iter()
            .map(String::as_str)
            .chain(published.disclosures.iter().map(|d| d.category.as_str()));
        category_slugs.insert("disclosures", slugs::category_slugs(disclosure_names));
        let criticism_names = lists
            .criticism_categories
            .iter()
            .map(String::as_str)
            .chain(published.criticisms.iter().map(|c| c.category.as_str()));
        category_slugs.insert("criticisms", slugs::category_slugs(criticism_names));

        Env {
            published,
            base,
            units: published
                .units
                .iter()
                .map(|unit| (unit.id.as_str(), *unit))
                .collect(),
            site_value: tera::Value::from_serializable(&site),
            menu,
            category_slugs,
            scope,
            cache,
        }
    }

    /// Returns whether the output file at `path` is to be made, which is
    /// always true outside an incremental rebuild.
    pub fn wants(&self, path: &str) -> bool {
        self.scope.is_none_or(|scope| scope.wants(path))
    }

    /// Returns whether the only inputs changed since the previous build
    /// are records, each in its body alone (see `build::incremental`).
    pub fn only_records_changed(&self) -> bool {
        self.scope.is_some_and(super::Scope::only_records_changed)
    }

    /// Returns the plain text of a Markdown body.
    pub fn body_text(&self, body: &str) -> String {
        match self.cache {
            Some(cache) => cache.texts.text(body),
            None => super::markdown::to_text(body),
        }
    }

    /// Returns the datasets kept between the rebuilds of a session, if any.
    pub fn data_cache(&self) -> Option<&'a super::data::DataCache> {
        self.cache.map(|cache| &cache.data)
    }

    /// Returns whether no output path can appear or go in this rebuild
    /// (see [`super::Scope::paths_kept`]); false for a full build.
    pub fn paths_kept(&self) -> bool {
        self.scope.is_some_and(super::Scope::paths_kept)
    }

    /// Returns whether a record of `kind` (a content folder such as
    /// `commitments`) changed; true for a full build.
    pub fn records_changed_in(&self, kind: &str) -> bool {
        self.changed_in(kind, |dep| match dep {
            Dependency::Record(id) => Some(id),
            _ => None,
        })
    }

    /// Returns whether the list item of a record of `kind` changed; true
    /// for a full build.
    pub fn items_changed_in(&self, kind: &str) -> bool {
        self.changed_in(kind, |dep| match dep {
            Dependency::Item(id) => Some(id),
            _ => None,
        })
    }

    /// Returns whether a changed input names a record of `kind` by the id
    /// that `id_of` takes from it.
    fn changed_in(&self, kind: &str, id_of: fn(&Dependency) -> Option<&String>) -> bool {
        let Some(scope) = self.scope else {
            return true;
        };
        scope.changed.iter().filter_map(id_of).any(|id| {
            id.strip_prefix(kind)
                .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    /// Returns whether the page at `relative` (a URL path ending in `/`)
    /// is to be rendered.
    pub fn wants_page(&self, relative: &str) -> bool {
        self.scope.is_none() || self.wants(&format!("{relative}index.html"))
    }

    pub fn as_of(&self) -> Date {
        self.published.as_of
    }

    /// Returns the link target of a path relative to the site root.
    pub fn href(&self, relative: &str) -> String {
        format!("{}{}", self.base, relative)
    }

    pub fn absolute_url(&self, relative: &str) -> String {
        format!("{}{}", self.published.site.config.base_url, relative)
    }

    pub fn unit(&self, id: &str) -> Option<&'a Unit> {
        self.units.get(id).copied()
    }

    pub fn unit_href(&self, id: &str) -> String {
        self.href(&format!("units/{id}/"))
    }

    /// Returns a link to a unit's archive, named by its short name.
    pub fn unit_link(&self, id: &str) -> Link {
        let text = self
            .unit(id)
            .map_or(id, |unit| unit.display_name())
            .to_string();
        Link {
            href: self.unit_href(id),
            text,
        }
    }

    pub fn unit_links(&self, ids: &[String]) -> Vec<Link> {
        ids.iter().map(|id| self.unit_link(id)).collect()
    }

    pub fn name_ref(&self, reference: &UnitOrName) -> NameRef {
        match reference {
            UnitOrName::Unit(id) => {
                let link = self.unit_link(id);
                NameRef {
                    href: Some(link.href),
                    text: link.text,
                }
            }
            UnitOrName::Name(name) => NameRef {
                href: None,
                text: name.clone(),
            },
        }
    }

    pub fn category_slug(&self, kind: &str, category: &str) -> String {
        self.category_slugs
            .get(kind)
            .and_then(|slugs| slugs.get(category))
            .cloned()
            .unwrap_or_else(|| category.to_string())
    }

    /// Page values for the page at `relative`, with its ancestors.
    pub fn page_view(
        &self,
        relative: &str,
        title: impl Into<String>,
        breadcrumbs: Vec<Link>,
    ) -> PageView {
        let menu = self
            .menu
            .iter()
            .map(|(path, text)| {
                let current = if path == relative {
                    Some("page")
                } else if !path.is_empty() && relative.starts_with(path.as_str()) {
                    Some("true")
                } else {
                    None
                };
                MenuItem {
                    href: self.href(path),
                    text: text.clone(),
                    current,
                }
            })
            .collect();
        let url = self.absolute_url(relative);
        let site_code = &self.published.site.config.footer.site_code;
        let report_error_href = (!site_code.is_empty()).then(|| {
            format!(
                "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={}&url={}",
                format::query_value(site_code),
                format::query_value(&url)
            )
        });
        PageView {
            title: title.into(),
            url,
            menu,
            breadcrumbs,
            report_error_href,
            noindex: false,
            feeds: super::feeds::page_feeds(self, relative),
            data_href: None,
        }
    }

    /// Returns the home link that starts every breadcrumb trail.
    pub fn home_crumb(&self) -> Link {
        Link {
            href: self.href(""),
            text: "首页".to_string(),
        }
    }

    /// Makes the job of the page at `relative` (a URL path ending in `/`,
    /// or empty for the home page), with `data` in the context under `key`.
    /// Every page depends on site.toml and on the free pages, which make
    /// up part of the menu.
    pub fn job<T: Serialize>(
        &self,
        relative: &str,
        template: &'static str,
        page: PageView,
        key: &'static str,
        data: &T,
    ) -> PageJob {
        self.job_at(format!("{relative}index.html"), template, page, key, data)
    }

    /// Makes a page job written at an explicit output path, such as 404.html.
    pub fn job_at<T: Serialize>(
        &self,
        path: String,
        template: &'static str,
        page: PageView,
        key: &'static str,
        data: &T,
    ) -> PageJob {
        let reused = !self.wants(&path);
        let mut context = tera::Context::new();
        // Serialising the context is most of the cost of a job, so a page
        // that is kept from the previous build skips it.
        if !reused {
            context.insert_value("site", self.site_value.clone());
            context.insert("page", &page);
            context.insert(key, data);
        }
        let deps = BTreeSet::from([Dependency::Config, Dependency::Kind("pages")]);
        PageJob {
            path,
            template,
            context,
            deps,
            sitemap: Some(None),
            origin: "网站自动生成的页面".to_string(),
            source: None,
            reused,
        }
    }

    /// Makes the job of a page an incremental rebuild keeps from the
    /// previous build: it carries the path for the sitemap and for the
    /// check that no two files share a path, and is not rendered.
    pub fn kept_job(&self, path: String) -> PageJob {
        PageJob {
            path,
            template: "",
            context: tera::Context::new(),
            deps: BTreeSet::new(),
            sitemap: Some(None),
            origin: "网站自动生成的页面".to_string(),
            source: None,
            reused: true,
        }
    }

    /// For each attachment output path, the published records that list it.
    pub fn attachment_records(&self) -> BTreeMap<&'a str, BTreeSet<&'a str>> {
        let mut listed: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let published = self.published;
        let mut add = |id: &'a str, attachments: &'a [crate::model::Attachment]| {
            for attachment in attachments {
                listed
                    .entry(attachment.url_path.as_str())
                    .or_default()
                    .insert(id);
            }
        };
        for commitment in &published.commitments {
            add(&commitment.meta.id, &commitment.attachments);
            for progress in &commitment.progress {
                add(&commitment.meta.id, progress.attachment.as_slice());
            }
        }
        for disclosure in &published.disclosures {
            add(&disclosure.meta.id, &disclosure.attachments);
        }
        for criticism in &published.criticisms {
            add(&criticism.meta.id, &criticism.attachments);
        }
        for evaluation in &published.evaluations {
            add(&evaluation.meta.id, &evaluation.attachments);
        }
        listed
    }
}
