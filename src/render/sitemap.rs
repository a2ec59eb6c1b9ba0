//! sitemap.xml and robots.txt, made from the page jobs, so that they list
//! exactly the published pages.

use super::env::{Env, PageJob};
use super::format::{self, xml_escape};
use super::{Contents, Dependency, OutputFile};

pub fn files(env: &Env, jobs: &[PageJob]) -> Vec<OutputFile> {
    let mut entries: Vec<(String, Option<String>)> = jobs
        .iter()
        .filter_map(|job| {
            let lastmod = job.sitemap?;
            let relative = job.path.strip_suffix("index.html").unwrap_or(&job.path);
            Some((env.absolute_url(relative), lastmod.map(format::date)))
        })
        .collect();
    entries.sort();

    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in &entries {
        xml.push_str("<url><loc>");
        xml.push_str(&xml_escape(url));
        xml.push_str("</loc>");
        if let Some(lastmod) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(lastmod);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");

    // Crawlers read robots.txt only at the root of a host. Under a
    // sub-path this file is for the webmaster to merge into the root one.
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        env.absolute_url("sitemap.xml")
    );

    let kinds = [
        "commitments",
        "disclosures",
        "criticisms",
        "evaluations",
        "pages",
    ];
    let mut sitemap_deps = vec![Dependency::Config];
    sitemap_deps.extend(kinds.iter().map(|kind| Dependency::Kind(kind)));
    sitemap_deps.extend(
        env.published
            .units
            .iter()
            .map(|unit| Dependency::Unit(unit.id.clone())),
    );
    vec![
        OutputFile {
            path: "sitemap.xml".to_string(),
            contents: Contents::Bytes(xml.into_bytes()),
            deps: sitemap_deps,
        },
        OutputFile {
            path: "robots.txt".to_string(),
            contents: Contents::Bytes(robots.into_bytes()),
            deps: vec![Dependency::Config],
        },
    ]
}
