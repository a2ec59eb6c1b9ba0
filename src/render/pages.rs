//! Free pages, the search page, the 404 page and the notices left at the
//! URLs of criticisms withdrawn from publication.

use serde::Serialize;

use super::Dependency;
use super::env::{Env, KINDS, Link, PageJob};
use super::format;
use super::markdown;

#[derive(Serialize)]
struct ContentView {
    date: Option<String>,
    body_html: String,
}

#[derive(Serialize)]
struct SearchView {
    browse: Vec<Link>,
}

#[derive(Serialize)]
struct NoticeView {
    list: Link,
}

pub fn jobs(env: &Env) -> Vec<PageJob> {
    let mut jobs: Vec<PageJob> = env
        .published
        .pages
        .iter()
        .map(|page| free_page_job(env, page))
        .collect();
    jobs.push(search_job(env));
    jobs.push(not_found_job(env));
    jobs.extend(
        env.published
            .withdrawn_criticism_urls
            .iter()
            .map(|url| notice_job(env, url)),
    );
    jobs
}

fn free_page_job(env: &Env, page: &crate::model::Page) -> PageJob {
    let view = ContentView {
        date: page.date.map(format::date),
        // The body sits right under the page's h1.
        body_html: markdown::to_html(&page.body, env.base, 2),
    };
    let page_view = env.page_view(&page.url_path, page.title.clone(), vec![env.home_crumb()]);
    let mut job = env.job(&page.url_path, "page.html", page_view, "content", &view);
    job.depend(Dependency::Record(page.id.clone()));
    job.sitemap = Some(page.date);
    job.shows("页面", &page.source);
    job
}

/// Makes the search page. The search itself runs in the browser
/// (static/search.js reads the index under search/); the page also links
/// the browse pages, which work without JavaScript.
fn search_job(env: &Env) -> PageJob {
    let mut browse: Vec<Link> = KINDS
        .iter()
        .map(|(kind, label)| Link {
            href: env.href(&format!("{kind}/")),
            text: label.to_string(),
        })
        .collect();
    browse.push(Link {
        href: env.href("units/"),
        text: "信用档案".to_string(),
    });
    let view = SearchView { browse };
    let page = env.page_view("search/", "搜索", vec![env.home_crumb()]);
    let mut job = env.job("search/", "search.html", page, "search", &view);
    job.sitemap = None;
    job
}

fn not_found_job(env: &Env) -> PageJob {
    let mut page = env.page_view("404.html", "页面不存在", vec![env.home_crumb()]);
    page.noindex = true;
    // No 找错 link: the page's own URL is not the one the reader asked for.
    page.report_error_href = None;
    let mut job = env.job_at(
        "404.html".to_string(),
        "404.html",
        page,
        "search",
        &SearchView { browse: Vec::new() },
    );
    job.sitemap = None;
    job
}

/// Makes the notice at the URL of a criticism withheld after it was
/// public. It names only the rule and nothing of the record, not even its title.
fn notice_job(env: &Env, url_path: &str) -> PageJob {
    let mut page = env.page_view(url_path, "信息已不再公示", vec![env.home_crumb()]);
    page.noindex = true;
    let view = NoticeView {
        list: Link {
            href: env.href("criticisms/"),
            text: "通报批评".to_string(),
        },
    };
    let mut job = env.job(url_path, "notice.html", page, "notice", &view);
    job.depend(Dependency::Kind("criticisms"));
    job.sitemap = None;
    job.origin = "已撤下通报的提示页".to_string();
    job
}
