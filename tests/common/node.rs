//! Running the Node.js scripts under tests/e2e/ that drive Chromium.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::{repo_root, require_file, require_program};

/// How long a script may run before it is terminated. The scripts stop
/// themselves after 150 s (tests/e2e/browser.mjs), closing Chromium first.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(180);

/// Fails the test, naming the install script, unless Node.js,
/// playwright-core and /usr/bin/chromium are installed.
pub fn require_browser_tools() {
    require_program("node", "the end-to-end tests");
    require_file(
        &repo_root().join("node_modules/playwright-core/package.json"),
        "the end-to-end tests (npm package playwright-core)",
    );
    require_file(
        Path::new("/usr/bin/chromium"),
        "the end-to-end tests (Debian package chromium)",
    );
}

/// Exit status and output of a finished script.
pub struct ScriptOutput {
    pub success: bool,
    pub status: String,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `node tests/e2e/<script>` from the repository root with the
/// environment variables given, and returns what it printed.
pub fn run_script(script: &str, env: &[(&str, String)]) -> ScriptOutput {
    require_browser_tools();

    let script_path = repo_root().join("tests/e2e").join(script);
    let mut command = Command::new("node");
    command
        .arg(&script_path)
        .current_dir(repo_root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|error| panic!("failed to start node {}: {error}", script_path.display()));

    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let status = wait_or_terminate(&mut child, script);

    ScriptOutput {
        success: status.as_ref().is_some_and(|status| status.success()),
        status: match status {
            Some(status) => status.to_string(),
            None => format!("terminated after {} s", SCRIPT_TIMEOUT.as_secs()),
        },
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

fn read_in_background(stream: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut stream) = stream {
            let _ = stream.read_to_string(&mut text);
        }
        text
    })
}

/// Waits for the script. After [`SCRIPT_TIMEOUT`] it sends SIGTERM, which
/// playwright-core handles by closing Chromium, and SIGKILL 10 s later.
/// Returns `None` when the script had to be terminated.
fn wait_or_terminate(child: &mut Child, script: &str) -> Option<std::process::ExitStatus> {
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        if started.elapsed() > SCRIPT_TIMEOUT {
            break;
        }
        thread::sleep(Duration::from_millis(100));
    }

    eprintln!(
        "{script} still running after {} s; sending SIGTERM",
        SCRIPT_TIMEOUT.as_secs()
    );
    let pid = child.id().to_string();
    if let Err(error) = Command::new("kill").args(["-TERM", &pid]).status() {
        eprintln!("failed to run `kill -TERM {pid}` for {script}: {error}");
    }
    let grace = Instant::now();
    while grace.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return None;
        }
        thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}
