//! Content files kept between the rebuilds of `gongshi serve`, so that a
//! rebuild reads and parses only the files that changed since the last.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Document, Kind, Listing, LoadFailure, LoadedSite, load_document, load_with};
use crate::diag::Diagnostics;

/// File metadata that shows whether a file changed. A save changes its
/// size, modification time or change time, and an atomic save (a
/// temporary file renamed over the original) also changes its inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            changed: (metadata.ctime(), metadata.ctime_nsec()),
            #[cfg(unix)]
            inode: metadata.ino(),
        })
    }
}

/// The parsed content files of the previous load, by content path: the
/// stamp of each, and its parse, which [`LoadCache::put_back`] returns
/// after a rebuild, so that no document is copied.
#[derive(Default)]
pub struct LoadCache {
    entries: HashMap<String, (Stamp, Option<Result<Document, LoadFailure>>)>,
    /// The files under content/ of the last walk that reported no problem.
    listing: Option<Listing>,
}

impl LoadCache {
    /// Takes back the documents of a load, for the next one to reuse.
    pub fn put_back(&mut self, loaded: LoadedSite) {
        for document in loaded.documents {
            if let Some((_, parse)) = self.entries.get_mut(&document.content_path) {
                *parse = Some(Ok(document));
            }
        }
    }
}

impl LoadCache {
    /// Returns whether a content file of the last load has changed or
    /// gone since, by its stamp. Files added since are not looked for.
    pub fn any_changed(&self, site_dir: &Path) -> bool {
        let content = site_dir.join("content");
        self.entries
            .iter()
            .any(|(path, (stamp, _))| Stamp::of(&content.join(path)) != Some(*stamp))
    }
}

/// Loads a site folder like [`super::load`], reusing the parse of every
/// content file whose [`Stamp`] is unchanged and whose document was put
/// back. Returns the content paths that were added, removed or changed
/// since the previous call.
///
/// `changed_files`, the paths file events named since the last load, lets
/// the load skip the walk of content/ and the stat of every file when
/// they show that no file came or went: see [`reusable_listing`].
///
/// A file rewritten with the same size within the file system's time
/// resolution keeps its stamp. ext4 records nanoseconds and NTFS 100 ns,
/// so an editor's save is not missed there. site.toml is read afresh
/// each time.
pub fn load_cached(
    site_dir: &Path,
    cache: &mut LoadCache,
    changed_files: Option<&[PathBuf]>,
) -> (LoadedSite, Diagnostics, BTreeSet<String>) {
    let listing = cache.listing.take();
    let hinted = match (changed_files, &listing) {
        (Some(files), Some(listing)) => reusable_listing(site_dir, listing, files),
        _ => None,
    };
    let listing = listing.filter(|_| hinted.is_some());

    // A few changed files parse faster on this thread than the cached
    // rest can be handed between threads.
    let parallel = hinted
        .as_ref()
        .is_none_or(|hinted| hinted.len() > FEW_FILES);
    let capacity = cache.entries.len();
    let previous = Mutex::new(std::mem::take(&mut cache.entries));
    let fresh: Mutex<HashMap<String, (Stamp, Option<Result<Document, LoadFailure>>)>> =
        Mutex::new(HashMap::with_capacity(capacity));
    let changed: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

    let (loaded, diagnostics, listing) = load_with(
        site_dir,
        listing,
        parallel,
        |site_dir, kind: Kind, content_path| {
            let mut kept = lock(&previous).remove(content_path);
            // With a reused listing, only the files the events named can have
            // changed, so the others keep their stamps without a stat.
            let stamp = match (&hinted, &kept) {
                (Some(hinted), Some((stamp, _))) if !hinted.contains(content_path) => Some(*stamp),
                _ => Stamp::of(&site_dir.join("content").join(content_path)),
            };
            kept = kept.filter(|(old, _)| stamp.is_some_and(|stamp| stamp == *old));
            let result = match kept {
                Some((_, Some(result))) => result,
                Some((_, None)) => load_document(site_dir, kind, content_path),
                None => {
                    lock(&changed).insert(content_path.to_string());
                    load_document(site_dir, kind, content_path)
                }
            };
            if let Some(stamp) = stamp {
                // A document comes back through `put_back`; a failure, which
                // the load splits into diagnostics and text, is kept here.
                let kept = result.as_ref().err().map(|failure| Err(failure.clone()));
                lock(&fresh).insert(content_path.to_string(), (stamp, kept));
            }
            result
        },
    );

    // What is left of the previous entries are files that are gone.
    let previous = previous
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let fresh = fresh
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut changed = changed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    changed.extend(
        previous
            .into_keys()
            .filter(|path| !fresh.contains_key(path)),
    );
    cache.entries = fresh;
    cache.listing = listing;
    (loaded, diagnostics, changed)
}

/// The most changed files [`load_cached`] parses on one thread.
const FEW_FILES: usize = 16;

/// Returns the content paths of the changed files when the last listing
/// is still true, or `None` when content/ must be walked again.
///
/// The listing is still true when each path is one of three things. It
/// may be outside content/, since site.toml and the theme are read afresh
/// anyway. It may be a listed record that is still a regular file. Or it
/// may no longer exist and be neither listed nor a folder of listed
/// files: an editor's temporary file, made and removed within one burst. A new file, a removed or replaced record, a
/// changed attachment or any folder event means a walk.
fn reusable_listing(
    site_dir: &Path,
    listing: &Listing,
    files: &[PathBuf],
) -> Option<BTreeSet<String>> {
    let content = site_dir.join("content");
    let (records, assets) = listing;
    let mut hinted = BTreeSet::new();
    for path in files {
        let Ok(relative) = path.strip_prefix(&content) else {
            if path.starts_with(site_dir) {
                continue;
            }
            return None;
        };
        let content_path = relative.to_str()?.replace('\\', "/");
        if content_path.is_empty() {
            return None;
        }
        let listed = records.iter().any(|(_, listed)| *listed == content_path);
        match std::fs::symlink_metadata(path) {
            Ok(metadata) if metadata.is_file() && listed => {
                hinted.insert(content_path);
            }
            Ok(_) => return None,
            Err(_) => {
                let folder = format!("{content_path}/");
                let inside = |listed: &str| listed == content_path || listed.starts_with(&folder);
                if records.iter().any(|(_, listed)| inside(listed))
                    || assets.iter().any(|asset| inside(&asset.content_path))
                {
                    return None;
                }
            }
        }
    }
    Some(hinted)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
