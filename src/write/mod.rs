//! Write stage: puts the rendered site into the output folder atomically.
//!
//! Files are written into a staging folder beside the output folder. Only
//! when every file was written is it swapped in. So a failed build leaves
//! the previous output exactly as it was, and no file of an earlier build
//! survives a successful one. A marker file records that gongshi made the
//! folder, so gongshi never replaces someone else's.
//!
//! On Linux the swap is one `renameat2(RENAME_EXCHANGE)` call, so a build
//! killed at any moment leaves the output folder holding the complete old
//! site or the complete new one. Elsewhere, and on file systems without
//! the exchange, it takes two renames. A build killed between them leaves
//! the old site parked beside the output, and the next build puts it back.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use rayon::prelude::*;

use crate::render::{Contents, OutputFile};

mod lock;

pub use lock::{BuildLock, lock_path};

/// The file gongshi leaves in every output folder it makes.
pub const MARKER: &str = ".gongshi-output";

/// A failure to write the output, with a Chinese message and fix.
#[derive(Debug)]
pub struct WriteError {
    pub message: String,
    pub fix: String,
}

impl WriteError {
    fn io(what: &str, path: &Path, error: io::Error) -> Self {
        WriteError {
            message: format!("{what} {} 失败：{error}", path.display()),
            fix: "检查磁盘空间和文件夹权限后重试；原有的输出文件夹保持不变".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct WriteReport {
    pub files: usize,
    pub bytes: u64,
}

/// Refuses output folders that would destroy the user's own files: the
/// site folder or anything holding it, content/ or themes/, and existing
/// non-empty folders that gongshi did not make.
pub fn check_output_dir(site_dir: &Path, output: &Path) -> Result<(), WriteError> {
    let output = absolute(output);
    let site_dir = absolute(site_dir);
    let refuse = |why: &str| {
        WriteError {
        message: format!("不能把网站输出到 {}：{why}", output.display()),
        fix: "用 --output 指定一个新的文件夹，或 gongshi 以前生成的文件夹（默认是站点文件夹下的 public/）".into(),
    }
    };
    if site_dir.starts_with(&output) {
        return Err(refuse(
            "它是站点文件夹本身或其上级，生成时会替换掉整个文件夹",
        ));
    }
    for protected in ["content", "themes"] {
        if output.starts_with(site_dir.join(protected)) {
            return Err(refuse(&format!(
                "它在 {protected}/ 之中，那里是编辑写的文件"
            )));
        }
    }
    if output.is_file() {
        return Err(refuse("这是一个文件，不是文件夹"));
    }
    if output.is_dir() && !output.join(MARKER).is_file() {
        let empty = fs::read_dir(&output)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(refuse(
                "这个文件夹不是 gongshi 生成的，且不是空的；为免误删，不会替换它",
            ));
        }
    }
    Ok(())
}

/// Makes a path absolute without requiring it to exist, and removes `.`
/// and `..` lexically so that comparisons between paths hold.
fn absolute(path: &Path) -> PathBuf {
    let base = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut result = PathBuf::new();
    for component in base.join(path).components() {
        match component {
            Component::ParentDir => {
                result.pop();
            }
            Component::CurDir => {}
            other => result.push(other),
        }
    }
    // Resolve symbolic links in the part that exists, e.g. /tmp on macOS.
    match result.canonicalize() {
        Ok(canonical) => canonical,
        Err(_) => match (result.parent(), result.file_name()) {
            (Some(parent), Some(name)) => parent
                .canonicalize()
                .map(|p| p.join(name))
                .unwrap_or(result),
            _ => result,
        },
    }
}

/// Names of the temporary folders beside `output`.
fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.gongshi-{suffix}"))
}

/// Restores the state a killed build left: if the output folder is gone
/// but the previous one is still parked beside it, it is put back. Stale
/// staging folders are removed.
pub fn recover(output: &Path) -> Result<(), WriteError> {
    let parked = sibling(output, "old");
    if !output.exists() && parked.is_dir() {
        fs::rename(&parked, output)
            .map_err(|e| WriteError::io("恢复上次的输出文件夹", output, e))?;
    }
    for leftover in [parked, sibling(output, "staging")] {
        if leftover.exists() {
            fs::remove_dir_all(&leftover)
                .map_err(|e| WriteError::io("清理上次中断留下的文件夹", &leftover, e))?;
        }
    }
    Ok(())
}

/// Writes the files into a staging folder and swaps it in for `output`.
/// `site_dir` is the folder that `Contents::CopyFrom` paths are relative to.
/// The caller holds `lock`, the build lock of `output`, so that no other
/// build recovers, stages or swaps the same folder meanwhile.
pub fn write_site(
    site_dir: &Path,
    output: &Path,
    files: &[OutputFile],
    lock: &BuildLock,
) -> Result<WriteReport, WriteError> {
    let staging = Staging::begin(site_dir, output, lock)?;
    files.par_iter().try_for_each(|file| staging.put(file))?;
    staging.finish()
}

/// A staging folder beside the output folder, filled while the build
/// makes its files, so that no file waits in memory for the others.
/// Dropped without [`Staging::finish`] (a later stage failed), it is
/// removed and the output folder stays as it was.
pub struct Staging<'a> {
    site_dir: PathBuf,
    output: PathBuf,
    staging: PathBuf,
    /// Folders made so far inside the staging folder.
    folders: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    finished: bool,
    _lock: &'a BuildLock,
}

impl<'a> Staging<'a> {
    /// Checks the output folder, puts back what a killed build left and
    /// makes an empty staging folder. The caller holds `lock`, the build
    /// lock of `output`.
    pub fn begin(
        site_dir: &Path,
        output: &Path,
        lock: &'a BuildLock,
    ) -> Result<Staging<'a>, WriteError> {
        check_output_dir(site_dir, output)?;
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| WriteError::io("创建文件夹", parent, e))?;
        }
        recover(output)?;
        pause_at("recovered");

        let staging = sibling(output, "staging");
        fs::create_dir_all(&staging).map_err(|e| WriteError::io("创建临时文件夹", &staging, e))?;
        pause_at("staging");
        Ok(Staging {
            site_dir: site_dir.to_path_buf(),
            output: output.to_path_buf(),
            staging,
            folders: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            finished: false,
            _lock: lock,
        })
    }

    /// Writes one file into the staging folder. Safe to call from many
    /// threads at once.
    pub fn put(&self, file: &OutputFile) -> Result<(), WriteError> {
        let target = safe_join(&self.staging, &file.path)?;
        if let Some(parent) = target.parent() {
            let known = lock(&self.folders).contains(parent);
            if !known {
                // create_dir_all succeeds when another thread makes the
                // same folder at the same time.
                fs::create_dir_all(parent).map_err(|e| WriteError::io("创建文件夹", parent, e))?;
                lock(&self.folders).insert(parent.to_path_buf());
            }
        }
        let size = match &file.contents {
            Contents::Bytes(bytes) => {
                fs::write(&target, bytes).map_err(|e| WriteError::io("写入", &target, e))?;
                bytes.len() as u64
            }
            Contents::CopyFrom(source) => {
                let source = self.site_dir.join(source);
                fs::copy(&source, &target).map_err(|e| WriteError::io("复制附件", &source, e))?
            }
        };
        self.bytes.fetch_add(size, Ordering::Relaxed);
        let done = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        if pause_target()
            .is_some_and(|t| t.strip_prefix("file:") == Some(done.to_string().as_str()))
        {
            pause_at(&format!("file:{done}"));
        }
        Ok(())
    }

    /// Marks the staging folder as gongshi's and swaps it in for the
    /// output folder.
    pub fn finish(mut self) -> Result<WriteReport, WriteError> {
        let marker = self.staging.join(MARKER);
        fs::write(
            &marker,
            "此文件夹由 gongshi 生成，请勿手工修改；下次生成时会整体替换。\n",
        )
        .map_err(|e| WriteError::io("写入", &marker, e))?;
        pause_at("marker");
        // From here the staging folder is either swapped in or, when the
        // swap fails, left for the next build's `recover` to remove.
        self.finished = true;
        swap_in(&self.staging, &self.output)?;
        Ok(WriteReport {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Joins a rendered path to the staging folder, refusing anything that
/// could leave it: absolute paths, `..`, drive prefixes, empty segments.
fn safe_join(root: &Path, relative: &str) -> Result<PathBuf, WriteError> {
    let unsafe_path = relative.is_empty()
        || relative.starts_with('/')
        || relative.contains('\\')
        || relative.contains('\0')
        || relative.split('/').any(|segment| {
            segment.is_empty() || segment == "." || segment == ".." || segment.contains(':')
        });
    if unsafe_path {
        return Err(WriteError {
            message: format!("内部错误：生成的文件路径“{relative}”不安全，已停止写入"),
            fix: "请把站点文件夹和这条消息报告给 gongshi 的维护者".into(),
        });
    }
    Ok(root.join(relative))
}

/// Replaces `output` with `staging`. After an atomic exchange the old site
/// is at the staging path until it is deleted. Without the exchange, two
/// renames park the old site beside the output, and a process killed
/// between them leaves it there for `recover` to put back on the next run.
fn swap_in(staging: &Path, output: &Path) -> Result<(), WriteError> {
    let had_output = output.exists();
    if had_output && exchange(staging, output)? {
        pause_at("swapped");
        return fs::remove_dir_all(staging)
            .map_err(|e| WriteError::io("删除旧的输出文件夹", staging, e));
    }

    let parked = sibling(output, "old");
    if had_output {
        fs::rename(output, &parked).map_err(|e| WriteError::io("移开旧的输出文件夹", output, e))?;
        pause_at("parked");
    }
    if let Err(error) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(&parked, output);
        }
        return Err(WriteError::io("启用新生成的网站", output, error));
    }
    if had_output {
        pause_at("swapped");
        fs::remove_dir_all(&parked)
            .map_err(|e| WriteError::io("删除旧的输出文件夹", &parked, e))?;
    }
    Ok(())
}

/// Swaps two existing folders in one atomic step. Returns false when the
/// system or the file system cannot (Linux before 3.15, some network and
/// FUSE file systems), so that the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(first: &Path, second: &Path) -> Result<bool, WriteError> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    let c_path = |path: &Path| {
        CString::new(path.as_os_str().as_bytes()).map_err(|_| WriteError {
            message: format!("输出文件夹的路径 {} 含有 NUL 字符", path.display()),
            fix: "用 --output 指定一个普通的文件夹路径".into(),
        })
    };
    let (first_c, second_c) = (c_path(first)?, c_path(second)?);
    // SAFETY: both pointers come from live CStrings, and AT_FDCWD makes
    // relative paths resolve against the working folder, as fs::rename does.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            first_c.as_ptr(),
            libc::AT_FDCWD,
            second_c.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(WriteError::io("启用新生成的网站", second, error)),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_first: &Path, _second: &Path) -> Result<bool, WriteError> {
    Ok(false)
}

/// Test hook for the crash-safety test (tests/crash_safety.rs). When the
/// environment variable `GONGSHI_TEST_PAUSE_AT` names this point
/// (`recovered`, `staging`, `file:N` after the N-th file, `marker`,
/// `parked`, `swapped`), the thread prints `GONGSHI_TEST_PAUSED <point>` to
/// stderr and sleeps until the process is killed. Not a user option, and
/// the only place the library prints.
fn pause_at(point: &str) {
    if pause_target() == Some(point) {
        eprintln!("GONGSHI_TEST_PAUSED {point}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

fn pause_target() -> Option<&'static str> {
    static TARGET: OnceLock<Option<String>> = OnceLock::new();
    TARGET
        .get_or_init(|| std::env::var("GONGSHI_TEST_PAUSE_AT").ok())
        .as_deref()
}
