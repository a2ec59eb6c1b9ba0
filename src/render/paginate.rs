//! Pagination of lists: 20 entries a page, the first page at the list's
//! own URL and page N at `<list>/page/N/`.

use serde::Serialize;

pub const PER_PAGE: usize = 20;

#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total_pages: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Page links around the current page, with the first and last page;
    /// `href` is `None` for a gap (…).
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub href: Option<String>,
    pub current: bool,
}

/// Returns the URL path of page `number` of the list at `list_path` (`commitments/`).
pub fn page_path(list_path: &str, number: usize) -> String {
    if number <= 1 {
        list_path.to_string()
    } else {
        format!("{list_path}page/{number}/")
    }
}

/// Splits entries into pages. An empty list still gets one empty page, so
/// that its URL exists and shows that there is nothing yet.
pub fn chunks<T>(entries: &[T]) -> Vec<&[T]> {
    if entries.is_empty() {
        vec![entries]
    } else {
        entries.chunks(PER_PAGE).collect()
    }
}

/// Builds the pager of page `current` of `total_pages`, or `None` for a
/// one-page list. `href` turns a URL path into a link.
pub fn pager(
    list_path: &str,
    current: usize,
    total_pages: usize,
    href: impl Fn(&str) -> String,
) -> Option<Pager> {
    if total_pages <= 1 {
        return None;
    }
    let link = |number: usize| href(&page_path(list_path, number));

    let mut pages = Vec::new();
    let mut last_shown = 0;
    for number in 1..=total_pages {
        let near = number.abs_diff(current) <= 2;
        if number == 1 || number == total_pages || near {
            if last_shown != 0 && number > last_shown + 1 {
                pages.push(PageLink {
                    number: 0,
                    href: None,
                    current: false,
                });
            }
            pages.push(PageLink {
                number,
                href: Some(link(number)),
                current: number == current,
            });
            last_shown = number;
        }
    }

    Some(Pager {
        current,
        total_pages,
        prev: (current > 1).then(|| link(current - 1)),
        next: (current < total_pages).then(|| link(current + 1)),
        pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_one_at_list_url() {
        assert_eq!(page_path("commitments/", 1), "commitments/");
        assert_eq!(page_path("commitments/", 2), "commitments/page/2/");
    }

    #[test]
    fn gaps_between_far_pages() {
        let pager = pager("a/", 6, 10, |p| format!("/{p}")).unwrap();
        let numbers: Vec<usize> = pager.pages.iter().map(|p| p.number).collect();
        assert_eq!(numbers, vec![1, 0, 4, 5, 6, 7, 8, 0, 10]);
        assert_eq!(pager.prev.as_deref(), Some("/a/page/5/"));
        assert_eq!(pager.next.as_deref(), Some("/a/page/7/"));
    }

    #[test]
    fn no_pager_for_one_page() {
        assert!(pager("a/", 1, 1, |p| p.to_string()).is_none());
    }
}
