//! Validated records kept between the rebuilds of `gongshi serve`, so
//! that a rebuild validates again only the records whose files changed.

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use super::{Parsed, validate_record};
use crate::diag::Diagnostics;
use crate::load::{Document, Kind, LoadedSite};

/// The result of validating each record, by content path, and the key of
/// the context those results were made in.
#[derive(Default)]
pub struct Memo {
    context_key: Option<u64>,
    records: HashMap<String, (Option<Parsed>, Diagnostics)>,
    /// The last scan of file names and slugs for personal information.
    names: Option<NamesScan>,
}

/// The findings of a scan of names, and the names it read.
struct NamesScan {
    paths: HashSet<String>,
    slugs: HashMap<String, String>,
    findings: Diagnostics,
}

impl Memo {
    /// Scans file names and slugs for personal information like
    /// [`super::privacy::scan_names`], unless `changed` (the content paths
    /// added, changed or removed since the last load) shows that no name
    /// and no slug changed.
    pub(super) fn scan_names(
        &mut self,
        loaded: &LoadedSite,
        changed: &BTreeSet<String>,
    ) -> Diagnostics {
        if let Some(scan) = &self.names {
            let unchanged = changed.iter().all(|path| {
                super::privacy::is_present(loaded, path) == scan.paths.contains(path)
                    && super::privacy::slug_at(loaded, path)
                        == scan.slugs.get(path).map(String::as_str)
            });
            if unchanged {
                return scan.findings.clone();
            }
        }
        let mut findings = Diagnostics::new();
        super::privacy::scan_names(loaded, &mut findings);
        let (paths, slugs) = super::privacy::scanned_names(loaded);
        self.names = Some(NamesScan {
            paths,
            slugs,
            findings: findings.clone(),
        });
        findings
    }

    /// Validates the records of `loaded` that are not units, in content
    /// path order, reusing the kept result of each record whose file is
    /// not in `changed`. A new `context_key` (site.toml, the unit ids or
    /// the assets changed) discards every kept result.
    ///
    /// A kept result shares its record through an `Arc`, so reusing it
    /// copies nothing. Only the changed records are validated again.
    pub(super) fn validate(
        &mut self,
        loaded: &LoadedSite,
        context: &super::Context,
        context_key: u64,
        changed: &BTreeSet<String>,
    ) -> Vec<(Option<Parsed>, Diagnostics)> {
        if self.context_key != Some(context_key) {
            self.records.clear();
            self.context_key = Some(context_key);
        }
        // Removed files are among the changed paths, so their results go too.
        for path in changed {
            self.records.remove(path);
        }
        let records: Vec<&Document> = loaded
            .documents
            .iter()
            .filter(|d| d.kind != Kind::Unit)
            .collect();
        let missing: Vec<&Document> = records
            .iter()
            .copied()
            .filter(|d| !self.records.contains_key(&d.content_path))
            .collect();
        let fresh: Vec<(Option<Parsed>, Diagnostics)> = missing
            .par_iter()
            .map(|document| validate_record(document, context))
            .collect();
        for (document, result) in missing.iter().zip(fresh) {
            self.records.insert(document.content_path.clone(), result);
        }
        records
            .iter()
            .filter_map(|document| self.records.get(&document.content_path).cloned())
            .collect()
    }
}
