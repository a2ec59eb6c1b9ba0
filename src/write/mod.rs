//! Write stage: puts the rendered site into the output folder atomically.
//!
//! Files are written into a staging folder beside the output folder. Only
//! when every file was written is it swapped in, with two renames. So a
//! failed build leaves the previous output exactly as it was, and no file
//! of an earlier build survives a successful one. A marker file records
//! that gongshi made the folder, so gongshi never replaces someone else's.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

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
/// The caller holds `_lock`, the build lock of `output`, so that no other
/// build recovers, stages or swaps the same folder meanwhile.
pub fn write_site(
    site_dir: &Path,
    output: &Path,
    files: &[OutputFile],
    _lock: &BuildLock,
) -> Result<WriteReport, WriteError> {
    check_output_dir(site_dir, output)?;
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| WriteError::io("创建文件夹", parent, e))?;
    }
    recover(output)?;

    let staging = sibling(output, "staging");
    fs::create_dir_all(&staging).map_err(|e| WriteError::io("创建临时文件夹", &staging, e))?;
    let written = write_files(site_dir, &staging, files);
    let bytes = match written {
        Ok(bytes) => bytes,
        Err(error) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    fs::write(
        staging.join(MARKER),
        "此文件夹由 gongshi 生成，请勿手工修改；下次生成时会整体替换。\n",
    )
    .map_err(|e| WriteError::io("写入", &staging.join(MARKER), e))?;

    swap_in(&staging, output)?;
    Ok(WriteReport {
        files: files.len(),
        bytes,
    })
}

fn write_files(site_dir: &Path, staging: &Path, files: &[OutputFile]) -> Result<u64, WriteError> {
    // Folders first, sequentially, so parallel writers never race to create them.
    let mut folders: Vec<PathBuf> = Vec::new();
    for file in files {
        let target = safe_join(staging, &file.path)?;
        if let Some(parent) = target.parent() {
            folders.push(parent.to_path_buf());
        }
    }
    folders.sort();
    folders.dedup();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| WriteError::io("创建文件夹", folder, e))?;
    }

    let sizes: Result<Vec<u64>, WriteError> = files
        .par_iter()
        .map(|file| {
            let target = safe_join(staging, &file.path)?;
            match &file.contents {
                Contents::Bytes(bytes) => {
                    fs::write(&target, bytes).map_err(|e| WriteError::io("写入", &target, e))?;
                    Ok(bytes.len() as u64)
                }
                Contents::CopyFrom(source) => {
                    let source = site_dir.join(source);
                    fs::copy(&source, &target).map_err(|e| WriteError::io("复制附件", &source, e))
                }
            }
        })
        .collect();
    Ok(sizes?.iter().sum())
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

/// Replaces `output` with `staging` by two renames. Between them a killed
/// process leaves the old site parked beside the output; `recover` puts
/// it back on the next run.
fn swap_in(staging: &Path, output: &Path) -> Result<(), WriteError> {
    let parked = sibling(output, "old");
    let had_output = output.exists();
    if had_output {
        fs::rename(output, &parked).map_err(|e| WriteError::io("移开旧的输出文件夹", output, e))?;
    }
    if let Err(error) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(&parked, output);
        }
        return Err(WriteError::io("启用新生成的网站", output, error));
    }
    if had_output {
        fs::remove_dir_all(&parked)
            .map_err(|e| WriteError::io("删除旧的输出文件夹", &parked, e))?;
    }
    Ok(())
}
