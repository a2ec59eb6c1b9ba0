//! The build lock: one writer per output folder at a time.
//!
//! A build holds an exclusive OS advisory lock (`flock` on Unix,
//! `LockFileEx` on Windows, through `std::fs::File::try_lock`) on a file
//! beside the output folder during its write stage: from before it
//! recovers what a killed build left until the new output is in place. The operating system releases the lock when the
//! process ends in any way, SIGKILL and power loss included, so a crashed
//! build never leaves it stuck. The holder writes its PID into the file
//! so that the build it blocks can name it.
//!
//! The file itself is never deleted: a process that deleted it while
//! another one had it open would let a third build lock a new file of the
//! same name, and two builds would write at once.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{WriteError, sibling};

/// Returns the lock file of `output`: `.public.gongshi-lock` beside `public/`.
pub fn lock_path(output: &Path) -> PathBuf {
    sibling(output, "lock")
}

/// An exclusive lock on an output folder, released when dropped or when
/// the process ends.
#[derive(Debug)]
pub struct BuildLock {
    file: File,
    path: PathBuf,
}

impl BuildLock {
    /// Takes the lock of `output` without waiting. Fails when another
    /// process holds it, with a message naming the lock file and that
    /// process's PID.
    pub fn acquire(output: &Path) -> Result<BuildLock, WriteError> {
        let path = lock_path(output);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| WriteError::io("创建文件夹", parent, e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| WriteError::io("打开生成锁文件", &path, e))?;

        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = read_holder(&mut file);
                return Err(WriteError {
                    message: format!(
                        "另一个 gongshi 生成进程（{holder}）正在写入同一个输出文件夹 {}，它持有生成锁 {}",
                        output.display(),
                        path.display()
                    ),
                    fix: "等那个进程结束后再生成；两个生成同时写入会让网站混杂。锁由操作系统管理，进程结束（包括被强制终止）时自动释放，不要手工删除锁文件".into(),
                });
            }
            Err(TryLockError::Error(error)) => {
                return Err(WriteError::io("锁定生成锁文件", &path, error));
            }
        }

        let pid = std::process::id();
        let written = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{pid}"))
            .and_then(|()| file.flush());
        written.map_err(|e| WriteError::io("写入生成锁文件", &path, e))?;
        Ok(BuildLock { file, path })
    }

    /// Returns the path of the lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Clear the PID while still holding the lock, so that the file
        // never names a finished process; closing the file releases it.
        let _ = self.file.set_len(0);
    }
}

/// Reads the holder's PID for the message: `PID 1234`, or a note when the
/// holder has not written its PID yet.
fn read_holder(file: &mut File) -> String {
    let mut text = String::new();
    let pid = file
        .read_to_string(&mut text)
        .ok()
        .and_then(|_| text.trim().parse::<u32>().ok());
    match pid {
        Some(pid) => format!("PID {pid}"),
        None => "PID 未知：锁文件中还没有进程号".into(),
    }
}
