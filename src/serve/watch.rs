//! The editors' loop of `gongshi serve`: build once, serve, watch the site
//! folder and rebuild on every change, keeping the last good site served
//! while a change has errors.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::http::Server;
use super::live::{PreviewState, Snapshot};
use super::rebuild::{Message, Rebuilder};
use crate::build::{BuildOptions, today_in_china};
use crate::model::Date;

/// A burst of file events ends after this much quiet. Editors' atomic
/// saves (write a temporary file, rename it over the original) and
/// "save all" produce several events within a few milliseconds.
const QUIET_PERIOD: Duration = Duration::from_millis(120);

/// A burst never delays a rebuild longer than this, even while events
/// keep coming (a folder being copied in).
const MAX_BURST: Duration = Duration::from_secs(2);

/// How long serve waits without file events before it checks whether a
/// file changed anyway, which means the file system sends no events.
const MISSED_EVENTS_CHECK: Duration = Duration::from_secs(10);

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site_dir: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Fixed as-of date; `None` takes today in China at every rebuild.
    pub as_of: Option<Date>,
    pub drafts: bool,
    pub poll: bool,
    pub quiet: bool,
    /// Also reports when the search index is updated after a rebuild.
    pub verbose: bool,
}

/// Reads the path part of site.toml's base_url, so the preview keeps the
/// site's sub-path (`/zwcx/`). Returns `/` when it cannot be read.
fn base_path(site_dir: &Path) -> String {
    let text = std::fs::read_to_string(site_dir.join("site.toml")).unwrap_or_default();
    let url = text.parse::<toml::Table>().ok().and_then(|table| {
        table
            .get("base_url")
            .and_then(|v| v.as_str())
            .map(str::to_string)
    });
    url.and_then(|url| crate::validate::config::check_base_url(&url).ok())
        .map_or_else(|| "/".to_string(), |(_, path)| path)
}

/// Runs `gongshi serve` until the process is stopped; returns the exit
/// status when it cannot start.
pub fn run(options: ServeOptions) -> i32 {
    let site_dir = match options.site_dir.canonicalize() {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!(
                "错误：找不到站点文件夹 {}：{error}",
                options.site_dir.display()
            );
            return crate::cli::EXIT_USAGE;
        }
    };
    let base_path = base_path(&site_dir);
    let state = PreviewState::new(waiting_snapshot(&site_dir), base_path.clone());
    let server = match Server::start(options.bind, options.port, state.clone()) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("错误：{}", error.message());
            return crate::cli::EXIT_USAGE;
        }
    };
    let address = server.local_addr();
    let base_url = format!("http://{address}{base_path}");

    let (sender, receiver) = mpsc::channel();
    let mut rebuilder = Rebuilder::new(
        BuildOptions {
            site_dir: site_dir.clone(),
            output: None,
            base_url: Some(base_url.clone()),
            as_of: options.as_of.unwrap_or_else(today_in_china),
            drafts: options.drafts,
            write: false,
        },
        state,
        options.as_of,
        (options.quiet, options.verbose),
        sender.clone(),
    );

    rebuilder.rebuild("已生成", None);
    eprintln!(
        "预览地址：{base_url}（只供本机预览；正式发布请用 gongshi build 和县政府网站服务器）"
    );
    eprintln!("正在监视 site.toml、content/ 和 themes/，保存后自动重新生成；按 Ctrl+C 停止");
    if !options.poll && on_network_file_system(&site_dir) {
        eprintln!(
            "提示：站点文件夹在网络或共享文件夹上，系统可能不通知文件修改；如果保存后页面不更新，请加 --poll 重新运行"
        );
    }

    let file_events = move |event| {
        let _ = sender.send(Message::File(event));
    };
    let watcher: notify::Result<Box<dyn Watcher>> = if options.poll {
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        notify::PollWatcher::new(file_events, config).map(|w| Box::new(w) as Box<dyn Watcher>)
    } else {
        notify::recommended_watcher(file_events).map(|w| Box::new(w) as Box<dyn Watcher>)
    };
    let mut watcher = match watcher {
        Ok(watcher) => watcher,
        Err(error) => {
            eprintln!(
                "错误：无法监视文件修改：{error}\n    修改方法：加 --poll 重新运行，改为定时检查文件"
            );
            server.stop();
            return crate::cli::EXIT_USAGE;
        }
    };
    // The site folder itself is watched without recursion: site.toml is
    // replaced by atomic saves, and content/ or themes/ may appear later.
    let _ = watcher.watch(&site_dir, RecursiveMode::NonRecursive);
    for folder in ["content", "themes"] {
        let path = site_dir.join(folder);
        if path.is_dir() {
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
    }

    let mut suggested_poll = options.poll;
    loop {
        let message = match receiver.recv_timeout(MISSED_EVENTS_CHECK) {
            Ok(message) => message,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            // Some shared folders report no change at all. A file that
            // changed without an event means the watcher receives nothing.
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if suggested_poll || !rebuilder.content_changed() {
                    continue;
                }
                // The event of a save made just now may still be on its way.
                match receiver.recv_timeout(Duration::from_secs(1)) {
                    Ok(message) => message,
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        suggested_poll = true;
                        eprintln!(
                            "提示：文件已修改，但系统没有发出修改通知（网络盘、共享文件夹常见）；请按 Ctrl+C 停止，加 --poll 重新运行 gongshi serve"
                        );
                        rebuilder.rebuild("已重新生成（发现未通知的修改）", None);
                        continue;
                    }
                }
            }
        };
        let first = match message {
            Message::File(event) => event,
            Message::Index(result) => {
                rebuilder.index_done(result);
                continue;
            }
            Message::IndexFailed => {
                rebuilder.index_failed();
                continue;
            }
        };
        let mut changed: Vec<PathBuf> = event_paths(first);
        let burst_started = Instant::now();
        while burst_started.elapsed() < MAX_BURST {
            match receiver.recv_timeout(QUIET_PERIOD) {
                Ok(Message::File(event)) => changed.extend(event_paths(event)),
                Ok(Message::Index(result)) => rebuilder.index_done(result),
                Ok(Message::IndexFailed) => rebuilder.index_failed(),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        let relevant: Vec<&PathBuf> = changed
            .iter()
            .filter(|path| is_relevant(&site_dir, path))
            .collect();
        if relevant.is_empty() {
            continue;
        }
        // A content/ or themes/ folder made after start is watched from now on.
        for folder in ["content", "themes"] {
            let path = site_dir.join(folder);
            if relevant.iter().any(|p| **p == path) && path.is_dir() {
                let _ = watcher.watch(&path, RecursiveMode::Recursive);
            }
        }
        // Name the files that exist after the burst, once each: an atomic
        // save's temporary file is gone by now.
        let mut names: Vec<String> = Vec::new();
        for path in relevant.iter().filter(|p| p.exists()) {
            let name = crate::diag::display_path(path.strip_prefix(&site_dir).unwrap_or(path));
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if names.is_empty() {
            names.push("删除了文件".to_string());
        }
        names.truncate(3);
        let changed_files: Vec<PathBuf> = relevant.iter().map(|path| (*path).clone()).collect();
        rebuilder.rebuild(
            &format!("已重新生成（{}）", names.join("、")),
            Some(&changed_files),
        );
    }
    server.stop();
    crate::cli::EXIT_OK
}

/// Makes the snapshot served before the first good build: a home page and
/// a 404 page, on which the error overlay appears while the content has errors.
fn waiting_snapshot(site_dir: &Path) -> Snapshot {
    let page = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>网站尚未生成</title></head>\
                <body><h1>网站尚未生成成功</h1><p>请按页面上或命令行窗口中的错误说明改正内容，保存后会自动重新生成。</p></body></html>";
    let mut files = HashMap::new();
    for path in ["index.html", "404.html"] {
        files.insert(
            path.to_string(),
            Arc::new(crate::render::Contents::Bytes(page.as_bytes().to_vec())),
        );
    }
    Snapshot {
        files: files.into_iter().collect(),
        site_dir: site_dir.to_path_buf(),
    }
}

fn event_paths(event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    match event {
        Ok(event) if !matches!(event.kind, notify::EventKind::Access(_)) => event.paths,
        _ => Vec::new(),
    }
}

/// Returns whether a changed path matters: site.toml or a file under
/// content/ or themes/ that is not an editor's temporary or backup file.
fn is_relevant(site_dir: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(site_dir) else {
        return false;
    };
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if crate::load::is_ignored_name(&name) {
        return false;
    }
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first == "site.toml" || first == "content" || first == "themes"
}

/// True when the folder is on a file system that may not report changes:
/// network shares and virtual-machine shared folders.
fn on_network_file_system(dir: &Path) -> bool {
    let Ok(mounts) = std::fs::read_to_string("/proc/mounts") else {
        return false;
    };
    let mut best: Option<(usize, String)> = None;
    for line in mounts.lines() {
        let mut parts = line.split_whitespace();
        let (Some(_), Some(mount_point), Some(fs_type)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if dir.starts_with(mount_point)
            && best
                .as_ref()
                .is_none_or(|(len, _)| mount_point.len() > *len)
        {
            best = Some((mount_point.len(), fs_type.to_string()));
        }
    }
    let network = [
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "9p",
        "vboxsf",
        "drvfs",
        "fuse.rclone",
    ];
    best.is_some_and(|(_, fs_type)| network.contains(&fs_type.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_paths() {
        let site = Path::new("/site");
        assert!(is_relevant(site, Path::new("/site/site.toml")));
        assert!(is_relevant(
            site,
            Path::new("/site/content/commitments/a.md")
        ));
        assert!(is_relevant(
            site,
            Path::new("/site/themes/default/templates/base.html")
        ));
        assert!(!is_relevant(site, Path::new("/site/public/index.html")));
        assert!(!is_relevant(
            site,
            Path::new("/site/content/commitments/.a.md.swp")
        ));
        assert!(!is_relevant(
            site,
            Path::new("/site/content/commitments/a.md~")
        ));
        assert!(!is_relevant(site, Path::new("/site/content/~$报告.docx")));
        assert!(!is_relevant(site, Path::new("/other/content/a.md")));
    }
}
