//! A private nginx for one test, configured from docs/nginx/gongshi.conf.
//!
//! The test copy of the published configuration differs in two places
//! only: the listen port (a free port on 127.0.0.1) and the folder behind
//! /zwcx/. Everything else nginx needs at run time (pid file, logs, lock
//! and temporary folders) lives in the test's own prefix folder, and the
//! process is stopped by its PID when the [`Nginx`] value is dropped, a
//! failed test included.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::{http, repo_root, require_file, require_program};

/// The published configuration, relative to the repository root.
pub const CONF_PATH: &str = "docs/nginx/gongshi.conf";
/// The listen line in the published configuration that tests replace.
pub const CONF_LISTEN: &str = "listen 80;";
/// The site folder in the published configuration that tests replace.
pub const CONF_FOLDER: &str = "/var/www/zwcx/public/";
/// The sub-path the published configuration serves the site under.
pub const SUB_PATH: &str = "/zwcx/";

const START_TIMEOUT: Duration = Duration::from_secs(15);
const STOP_TIMEOUT: Duration = Duration::from_secs(5);
const PORT_ATTEMPTS: usize = 5;

/// Returns a port on 127.0.0.1 that was free a moment ago.
///
/// Another process can take it before nginx binds it. [`Nginx::serve`] then
/// retries with another port, and [`Nginx::start`] returns [`StartError::PortInUse`].
pub fn free_port() -> u16 {
    let listener =
        TcpListener::bind(("127.0.0.1", 0)).expect("failed to bind a free port on 127.0.0.1");
    listener
        .local_addr()
        .expect("bound socket has no address")
        .port()
}

/// Returns docs/nginx/gongshi.conf with its listen port set to
/// 127.0.0.1:`port` and its site folder set to `public_dir`.
pub fn site_conf(port: u16, public_dir: &Path) -> String {
    let path = repo_root().join(CONF_PATH);
    let conf = fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()));

    assert_eq!(
        conf.matches(CONF_LISTEN).count(),
        1,
        "{CONF_PATH} must contain `{CONF_LISTEN}` exactly once, because the tests replace it with a local port"
    );
    assert!(
        conf.contains(CONF_FOLDER),
        "{CONF_PATH} no longer contains the folder {CONF_FOLDER}, which the tests replace with the built site"
    );

    let folder = format!(
        "{}/",
        public_dir.display().to_string().trim_end_matches('/')
    );
    conf.replace(CONF_LISTEN, &format!("listen 127.0.0.1:{port};"))
        .replace(CONF_FOLDER, &folder)
}

/// Why nginx did not start.
#[derive(Debug)]
pub enum StartError {
    /// Another process took the port; pick another one.
    PortInUse,
    /// Anything else, with nginx's messages.
    Failed(String),
}

/// A running nginx master process that this test started.
pub struct Nginx {
    child: Child,
    port: u16,
    prefix: PathBuf,
}

impl Nginx {
    /// Starts nginx serving `public_dir` under /zwcx/ on any free port, or fails the test.
    pub fn serve(prefix: &Path, public_dir: &Path) -> Nginx {
        for _ in 0..PORT_ATTEMPTS {
            match Nginx::start(prefix, public_dir, free_port()) {
                Ok(nginx) => return nginx,
                Err(StartError::PortInUse) => continue,
                Err(StartError::Failed(message)) => panic!("{message}"),
            }
        }
        panic!("nginx found no free port on 127.0.0.1 in {PORT_ATTEMPTS} attempts");
    }

    /// Starts nginx serving `public_dir` under /zwcx/ on 127.0.0.1:`port`,
    /// with its run-time files in `prefix`, and waits until it responds to HTTP.
    pub fn start(prefix: &Path, public_dir: &Path, port: u16) -> Result<Nginx, StartError> {
        let nginx = require_program("nginx", "the end-to-end tests");
        require_file(
            Path::new("/etc/nginx/mime.types"),
            "docs/nginx/gongshi.conf",
        );

        let run_dir = prefix.join(format!("nginx-{port}"));
        fs::create_dir_all(&run_dir).map_err(|error| {
            StartError::Failed(format!("failed to create {}: {error}", run_dir.display()))
        })?;
        let site_conf_path = run_dir.join("gongshi.conf");
        let main_conf_path = run_dir.join("nginx.conf");
        let write = |path: &Path, text: String| {
            fs::write(path, text).map_err(|error| {
                StartError::Failed(format!("failed to write {}: {error}", path.display()))
            })
        };
        write(&site_conf_path, site_conf(port, public_dir))?;
        write(&main_conf_path, main_conf(&run_dir, &site_conf_path))?;

        let stderr_path = run_dir.join("stderr.log");
        let stderr = fs::File::create(&stderr_path).map_err(|error| {
            StartError::Failed(format!(
                "failed to create {}: {error}",
                stderr_path.display()
            ))
        })?;
        let child = Command::new(&nginx)
            .arg("-p")
            .arg(&run_dir)
            .arg("-e")
            .arg(run_dir.join("error.log"))
            .arg("-c")
            .arg(&main_conf_path)
            .arg("-g")
            .arg("daemon off;")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|error| {
                StartError::Failed(format!("failed to start {}: {error}", nginx.display()))
            })?;

        let mut server = Nginx {
            child,
            port,
            prefix: run_dir,
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    /// Returns the port nginx listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Returns the site's base URL, e.g. `http://127.0.0.1:8123/zwcx/`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}{SUB_PATH}", self.port)
    }

    /// Returns nginx's error log and standard error, for failure messages.
    pub fn logs(&self) -> String {
        let read = |name: &str| fs::read_to_string(self.prefix.join(name)).unwrap_or_default();
        format!(
            "--- nginx error.log ---\n{}--- nginx stderr ---\n{}",
            read("error.log"),
            read("stderr.log")
        )
    }

    fn wait_until_ready(&mut self) -> Result<(), StartError> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                let logs = self.logs();
                return Err(if logs.contains("Address already in use") {
                    StartError::PortInUse
                } else {
                    StartError::Failed(format!("nginx exited at start ({status})\n{logs}"))
                });
            }
            if http::get(self.port, SUB_PATH, &[]).is_ok() {
                return Ok(());
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(StartError::Failed(format!(
                    "nginx did not answer on 127.0.0.1:{} within {} s\n{}",
                    self.port,
                    START_TIMEOUT.as_secs(),
                    self.logs()
                )));
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Nginx {
    /// Stops nginx with SIGTERM (fast shutdown, which also ends the workers),
    /// and with SIGKILL if it is still running after [`STOP_TIMEOUT`].
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }

        let pid = self.child.id().to_string();
        if let Err(error) = Command::new("kill").args(["-TERM", &pid]).status() {
            eprintln!("failed to run `kill -TERM {pid}` for nginx: {error}");
        }

        let started = Instant::now();
        while started.elapsed() < STOP_TIMEOUT {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }

        eprintln!(
            "nginx (PID {pid}) did not stop within {} s of SIGTERM; sending SIGKILL",
            STOP_TIMEOUT.as_secs()
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Returns the main nginx.conf of a test server: every run-time path inside
/// `run_dir`, and the site's server block included from `site_conf_path`.
fn main_conf(run_dir: &Path, site_conf_path: &Path) -> String {
    let dir = run_dir.display();
    format!(
        r#"# Written by tests/common/nginx.rs for one test; see docs/nginx/gongshi.conf.
worker_processes 1;
pid "{dir}/nginx.pid";
lock_file "{dir}/nginx.lock";
error_log "{dir}/error.log" warn;

events {{
    worker_connections 256;
}}

http {{
    access_log "{dir}/access.log";
    client_body_temp_path "{dir}/client_body_temp";
    proxy_temp_path "{dir}/proxy_temp";
    fastcgi_temp_path "{dir}/fastcgi_temp";
    uwsgi_temp_path "{dir}/uwsgi_temp";
    scgi_temp_path "{dir}/scgi_temp";

    include "{site_conf}";
}}
"#,
        site_conf = site_conf_path.display()
    )
}
