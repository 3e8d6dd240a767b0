//! The Synapse interop step of `cargo xtask test`: a real homeserver on 127.0.0.1, driven by
//! `generated-api/tests/synapse_interop.rs` and by the example bot through the generated types.
//!
//! Synapse comes from PyPI into a virtual environment under `target/` (kept between runs while the
//! pinned version matches); every run writes a fresh config into a new temporary directory, starts
//! the server on a free loopback port, and stops it by PID whatever happens (SIGTERM, then SIGKILL).
//! `MATRIX_INTEROP_SERVER=http://127.0.0.1:PORT` points the step at a Synapse already running
//! instead (configured like [`config`]: open registration, the login rate limits the scenario
//! expects).

use std::fs;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::paths;

/// The Synapse release the step installs: pinned, so a new release cannot change the results.
pub const SYNAPSE_VERSION: &str = "1.163.2";

/// The environment variable naming a running server to use instead of starting one.
pub const SERVER_ENV: &str = "MATRIX_INTEROP_SERVER";

/// How long the server may take to answer `/_matrix/client/versions` after it was started.
const STARTUP_BOUND: Duration = Duration::from_secs(90);

/// How long the server gets to exit after SIGTERM before it is killed.
const STOP_BOUND: Duration = Duration::from_secs(15);

/// The bot's account: registered by its first run, logged into again by the second.
const BOT_USER: &str = "interop-bot";
const BOT_PASSWORD: &str = "interop-bot-password";

/// What one `cargo test` of the interop test counted.
pub type Counts = (usize, usize);

/// Runs the interop test and the example bot against Synapse; `run_tests` is the caller's
/// `cargo test` runner (it passes the output through and adds up the `test result:` lines), so
/// the interop test's counts join the closing line.
pub fn interop_step(run_tests: fn(&[&str]) -> Result<Counts, String>) -> Result<Counts, String> {
    let started = Instant::now();
    // Build first, so the server's lifetime (and the bot's login window) holds no compilation.
    cargo(&["test", "-p", "generated-api", "--test", "synapse_interop", "--no-run"])?;
    cargo(&["build", "-p", "generated-api", "--example", "bot"])?;
    let server = match std::env::var(SERVER_ENV) {
        Ok(url) if !url.trim().is_empty() => Server::External(check_loopback(url.trim())?),
        _ => Server::Local(start_local()?),
    };
    let result = drive(server.url(), run_tests);
    if result.is_err() {
        server.print_log_tail();
    }
    let stopped = server.stop();
    let counts = result?;
    stopped?;
    println!("synapse interop step: {:.1} s", started.elapsed().as_secs_f64());
    Ok(counts)
}

/// The interop test, then the bot twice: its second login within the rate-limit window meets a
/// real 429, which it must wait out with the crate's retry delay.
fn drive(url: &str, run_tests: fn(&[&str]) -> Result<Counts, String>) -> Result<Counts, String> {
    let test_started = Instant::now();
    // The test reads the server from the environment it inherits.
    std::env::set_var(SERVER_ENV, url);
    let counts =
        run_tests(&["test", "-p", "generated-api", "--test", "synapse_interop", "--", "--ignored", "--nocapture"])?;
    println!("synapse interop test: {:.1} s", test_started.elapsed().as_secs_f64());
    let bot_started = Instant::now();
    let first = run_bot(url, true)?;
    check_bot_output(&first, false)?;
    let second = run_bot(url, false)?;
    check_bot_output(&second, true)?;
    println!("example bot: two runs checked, {:.1} s", bot_started.elapsed().as_secs_f64());
    Ok(counts)
}

/// Runs `cargo` in the workspace root with inherited output.
fn cargo(args: &[&str]) -> Result<(), String> {
    println!("==> cargo {}", args.join(" "));
    let status = Command::new("cargo")
        .args(args)
        .current_dir(paths::workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    status.success().then_some(()).ok_or_else(|| format!("cargo {} failed ({status})", args.join(" ")))
}

/// One run of `generated-api/examples/bot.rs`; returns what it printed.
fn run_bot(url: &str, register: bool) -> Result<String, String> {
    let mut args = vec!["run", "-q", "-p", "generated-api", "--example", "bot", "--"];
    args.extend(["--server", url, "--user", BOT_USER, "--password", BOT_PASSWORD, "--syncs", "5"]);
    if register {
        args.push("--register");
    }
    println!("==> cargo {}", args.join(" "));
    let output = Command::new("cargo")
        .args(&args)
        .current_dir(paths::workspace_root())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run the example bot: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    print!("{stdout}");
    if !output.status.success() {
        return Err(format!("the example bot failed ({})", output.status));
    }
    Ok(stdout)
}

/// The bot's output must show the whole round: its reply sent, and that reply seen again in a
/// sync; the second run must also have met the login rate limit and waited it out.
fn check_bot_output(stdout: &str, expect_backoff: bool) -> Result<(), String> {
    let has = |prefix: &str| stdout.lines().any(|line| line.starts_with(prefix));
    let mut missing = Vec::new();
    for prefix in ["bot: logged in as ", "bot: sent reply ", "bot: received own reply "] {
        if !has(prefix) {
            missing.push(prefix.trim_end());
        }
    }
    if expect_backoff && !has("bot: rate limited on login, retrying in ") {
        missing.push("bot: rate limited on login, retrying in");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("the example bot's output lacks: {}", missing.join("; ")))
    }
}

/// Only loopback is ever contacted: an external server elsewhere is refused.
fn check_loopback(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("{SERVER_ENV}={url}: expected http://127.0.0.1:PORT (plain HTTP on loopback)"))?;
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    if matches!(host, "127.0.0.1" | "localhost") {
        Ok(url.trim_end_matches('/').to_string())
    } else {
        Err(format!("{SERVER_ENV}={url}: only a loopback server (127.0.0.1) may be used"))
    }
}

/// The server the step talks to.
enum Server {
    /// Named by [`SERVER_ENV`]: used, never started or stopped.
    External(String),
    /// Started here.
    Local(LocalServer),
}

impl Server {
    fn url(&self) -> &str {
        match self {
            Server::External(url) => url,
            Server::Local(local) => &local.url,
        }
    }

    fn print_log_tail(&self) {
        if let Server::Local(local) = self {
            local.print_log_tail(60);
        }
    }

    fn stop(self) -> Result<(), String> {
        match self {
            Server::External(_) => Ok(()),
            Server::Local(local) => local.stop(),
        }
    }
}

/// A Synapse process started by this step, with its temporary directory; dropping it stops the
/// process (so a panic or an early return cannot leave it running) and removes the directory.
struct LocalServer {
    child: Option<Child>,
    pid: u32,
    url: String,
    dir: PathBuf,
}

impl LocalServer {
    fn log_path(&self) -> PathBuf {
        self.dir.join("homeserver.log")
    }

    fn print_log_tail(&self, lines: usize) {
        let text = fs::read_to_string(self.log_path()).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        eprintln!("---- last {lines} lines of {} ----", self.log_path().display());
        for line in &all[all.len().saturating_sub(lines)..] {
            eprintln!("{line}");
        }
        eprintln!("---- end of the Synapse log ----");
    }

    /// Stops the process, then checks that no process with its PID is left.
    fn stop(mut self) -> Result<(), String> {
        let how = self.terminate()?;
        if pid_alive(self.pid) {
            return Err(format!("synapse (pid {}) is still running after {how}", self.pid));
        }
        println!("synapse: stopped (pid {}, {how}); no process with that PID is left", self.pid);
        Ok(())
    }

    /// SIGTERM, then SIGKILL once [`STOP_BOUND`] has passed; waits for (reaps) the process.
    fn terminate(&mut self) -> Result<String, String> {
        let Some(mut child) = self.child.take() else { return Ok("already stopped".into()) };
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            return Ok("it had already exited".into());
        }
        let started = Instant::now();
        // std only offers SIGKILL; SIGTERM lets Synapse shut down cleanly.
        let _ = Command::new("kill").args(["-TERM", &self.pid.to_string()]).status();
        while started.elapsed() < STOP_BOUND {
            if child.try_wait().map_err(|e| e.to_string())?.is_some() {
                return Ok(format!("SIGTERM, {:.1} s", started.elapsed().as_secs_f64()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        child.kill().map_err(|e| format!("cannot kill synapse (pid {}): {e}", self.pid))?;
        child.wait().map_err(|e| e.to_string())?;
        Ok(format!("SIGKILL after {} s of SIGTERM", STOP_BOUND.as_secs()))
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        if let Err(e) = self.terminate() {
            eprintln!("synapse: {e}");
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Whether a process with `pid` exists (Linux: `/proc/PID`; elsewhere `kill -0`).
fn pid_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Installs (or reuses) Synapse, writes a fresh config, starts the server and waits for it.
fn start_local() -> Result<LocalServer, String> {
    let python = ensure_venv(&paths::workspace_root().join("target").join("synapse-venv"))?;
    let dir = fresh_temp_dir()?;
    let port = free_port()?;
    let config_path = dir.join("homeserver.yaml");
    let text = serde_json::to_string_pretty(&config(&dir, port)).map_err(|e| e.to_string())?;
    fs::write(&config_path, text).map_err(|e| format!("cannot write {}: {e}", config_path.display()))?;
    generate_keys(&python, &config_path)?;
    let log = fs::File::create(dir.join("homeserver.log")).map_err(|e| e.to_string())?;
    let child = synapse_command(&python)
        .arg("--config-path")
        .arg(&config_path)
        .current_dir(&dir)
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start synapse: {e}"))?;
    let pid = child.id();
    let mut server = LocalServer { child: Some(child), pid, url: format!("http://127.0.0.1:{port}"), dir };
    println!("synapse {SYNAPSE_VERSION}: started, pid {pid}, {}", server.url);
    if let Err(e) = wait_until_up(&mut server, port) {
        server.print_log_tail(60);
        return Err(e);
    }
    Ok(server)
}

/// `python -m synapse.app.homeserver`, with every proxy variable removed: the server must reach
/// nothing but loopback, and a proxy would bypass its IP blocklist.
fn synapse_command(python: &Path) -> Command {
    let mut command = Command::new(python);
    command.args(["-m", "synapse.app.homeserver"]);
    for name in ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        command.env_remove(name);
    }
    command
}

/// The venv's python, after installing the pinned Synapse unless it is already there.
fn ensure_venv(venv: &Path) -> Result<PathBuf, String> {
    let python = venv.join("bin").join("python");
    if installed_version(&python).as_deref() == Some(SYNAPSE_VERSION) {
        println!("synapse {SYNAPSE_VERSION}: reusing {}", venv.display());
        return Ok(python);
    }
    let started = Instant::now();
    println!("synapse {SYNAPSE_VERSION}: installing into {} (python3 -m venv, pip)", venv.display());
    let made = Command::new("python3").arg("-m").arg("venv").arg("--clear").arg(venv).status();
    match made {
        Ok(status) if status.success() => {}
        Ok(status) => return Err(no_python(&format!("`python3 -m venv` failed ({status})"))),
        Err(e) => return Err(no_python(&format!("cannot run python3: {e}"))),
    }
    let requirement = format!("matrix-synapse[url-preview]=={SYNAPSE_VERSION}");
    let status = Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", &requirement])
        .status()
        .map_err(|e| no_python(&format!("cannot run pip: {e}")))?;
    if !status.success() {
        return Err(no_python(&format!("`pip install {requirement}` failed ({status})")));
    }
    match installed_version(&python) {
        Some(version) if version == SYNAPSE_VERSION => {
            println!("synapse {SYNAPSE_VERSION}: installed in {:.0} s", started.elapsed().as_secs_f64());
            Ok(python)
        }
        other => Err(no_python(&format!("after pip install, synapse reports version {other:?}"))),
    }
}

/// The failure message when Synapse cannot be installed: never a silent skip.
fn no_python(reason: &str) -> String {
    format!(
        "the Synapse interop step needs Python 3 with venv and pip, and PyPI: {reason}. \
         Install python3 (and python3-venv), or set {SERVER_ENV}=http://127.0.0.1:PORT to a running Synapse"
    )
}

/// The installed `matrix-synapse` distribution's version, if it is installed. (Not
/// `synapse.__version__`: inside a git checkout, as the venv under `target/` is, Synapse appends
/// the checkout's branch and commit to it.)
fn installed_version(python: &Path) -> Option<String> {
    let output = Command::new(python)
        .args(["-c", "import importlib.metadata as m; print(m.version('matrix-synapse'))"])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// A new, empty directory for this run's config, keys, database, media and log.
fn fresh_temp_dir() -> Result<PathBuf, String> {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("synapse-interop-{}-{nanos}", std::process::id()));
    fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// A port that was free on 127.0.0.1 a moment ago (the OS picks it).
pub fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Writes the server's signing key (`--generate-keys` writes the missing key files and exits).
fn generate_keys(python: &Path, config_path: &Path) -> Result<(), String> {
    let output = synapse_command(python)
        .arg("--config-path")
        .arg(config_path)
        .arg("--generate-keys")
        .output()
        .map_err(|e| format!("cannot run synapse --generate-keys: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("synapse --generate-keys failed: {}", String::from_utf8_lossy(&output.stderr)))
    }
}

/// Polls `/_matrix/client/versions` until it answers 200, the process exits, or
/// [`STARTUP_BOUND`] passes.
fn wait_until_up(server: &mut LocalServer, port: u16) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < STARTUP_BOUND {
        if let Some(child) = server.child.as_mut() {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                return Err(format!("synapse exited during startup ({status})"));
            }
        }
        if versions_status(port) == Some(200) {
            println!("synapse: answering after {:.1} s", started.elapsed().as_secs_f64());
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!("synapse did not answer /_matrix/client/versions within {} s", STARTUP_BOUND.as_secs()))
}

/// The status of one `GET /_matrix/client/versions` on loopback (plain HTTP/1.0, no client crate:
/// the readiness probe needs nothing more).
fn versions_status(port: u16) -> Option<u16> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    stream.write_all(b"GET /_matrix/client/versions HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    parse_status_line(&head)
}

/// `HTTP/1.x NNN` → NNN.
fn parse_status_line(head: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(head).ok()?;
    text.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()
}

/// The rate limits the scenario must never meet: far above anything it sends.
fn unlimited() -> Value {
    json!({ "per_second": 1000, "burst_count": 10000 })
}

/// The homeserver config, as JSON (which is YAML): everything in `dir`, one plain-HTTP listener on
/// `127.0.0.1:port` for the client, federation, media and key APIs.
///
/// Deliberately low: `rc_login.account` (one login per account per 10 s), which gives the
/// scenario (a second login of one user) and the bot's second run a real 429 with a retry delay.
/// Nothing leaves loopback: no trusted key servers, an empty federation whitelist, URL previews
/// only of 127.0.0.1, no statistics reporting.
pub fn config(dir: &Path, port: u16) -> Value {
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let base_url = format!("http://127.0.0.1:{port}/");
    let mut config = json!({
        "server_name": "localhost",
        "public_baseurl": base_url,
        "pid_file": path("homeserver.pid"),
        "listeners": [{
            "port": port,
            "bind_addresses": ["127.0.0.1"],
            "type": "http",
            "tls": false,
            "x_forwarded": false,
            "resources": [{ "names": ["client", "federation", "media", "keys"], "compress": false }]
        }],
        "database": { "name": "sqlite3", "args": { "database": path("homeserver.db") } },
        "media_store_path": path("media_store"),
        "signing_key_path": path("localhost.signing.key"),
        "report_stats": false,
        "enable_metrics": false,
        "registration_shared_secret": "interop-registration-shared-secret",
        "macaroon_secret_key": "interop-macaroon-secret-key",
        "form_secret": "interop-form-secret",
        "enable_registration": true,
        "enable_registration_without_verification": true,
        "refreshable_access_token_lifetime": "5m",
        "login_via_existing_session": { "enabled": true, "require_ui_auth": false },
        "trusted_key_servers": [],
        "suppress_key_server_warning": true,
        "federation_domain_whitelist": [],
        "enable_authenticated_media": false,
        // Outbound requests (identity servers, pushers, federation) may go nowhere at all.
        "ip_range_blacklist": ["0.0.0.0/0", "::/0"],
        "url_preview_enabled": true,
        "url_preview_ip_range_blacklist": ["0.0.0.0/0", "::/0"],
        "url_preview_ip_range_whitelist": ["127.0.0.1/32"],
        "max_upload_size": "10M",
        // Credentials for a TURN server that does not exist: Synapse only computes them.
        "turn_uris": ["turn:127.0.0.1:3478?transport=udp"],
        "turn_shared_secret": "interop-turn-secret",
        "user_directory": { "enabled": true, "search_all_users": true },
        // Synapse lets only admins publish to the room directory by default.
        "room_list_publication_rules": [{ "action": "allow" }],
    });
    if let (Some(config), Value::Object(limits)) = (config.as_object_mut(), rate_limits()) {
        config.extend(limits);
    }
    config
}

/// Every `rc_*` setting: unlimited, except `rc_login.account` (see [`config`]).
fn rate_limits() -> Value {
    json!({
        "rc_message": unlimited(),
        "rc_registration": unlimited(),
        "rc_registration_token_validity": unlimited(),
        "rc_login": {
            "address": unlimited(),
            "account": { "per_second": 0.1, "burst_count": 1 },
            "failed_attempts": unlimited(),
        },
        "rc_admin_redaction": unlimited(),
        "rc_joins": { "local": unlimited(), "remote": unlimited() },
        "rc_joins_per_room": unlimited(),
        "rc_key_requests": unlimited(),
        "rc_3pid_validation": unlimited(),
        "rc_invites": { "per_room": unlimited(), "per_user": unlimited(), "per_issuer": unlimited() },
        "rc_third_party_invite": unlimited(),
        "rc_media_create": unlimited(),
        "rc_presence": { "per_user": unlimited() },
        "rc_delayed_event_mgmt": unlimited(),
        "rc_room_creation": unlimited(),
        "rc_reports": unlimited(),
        "rc_user_directory": unlimited(),
        "rc_profile": unlimited(),
        "rc_federation": { "window_size": 1000, "sleep_limit": 1000, "sleep_delay": 1, "reject_limit": 1000, "concurrent": 100 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keeps_everything_in_its_directory_and_on_loopback() {
        let dir = Path::new("/tmp/interop-test-dir");
        let config = config(dir, 8123);
        assert_eq!(config["server_name"], "localhost");
        let listener = &config["listeners"][0];
        assert_eq!(listener["port"], 8123);
        assert_eq!(listener["bind_addresses"], json!(["127.0.0.1"]));
        let names = &listener["resources"][0]["names"];
        for name in ["client", "federation", "media", "keys"] {
            assert!(names.as_array().is_some_and(|n| n.contains(&json!(name))), "{name} listener");
        }
        for key in ["media_store_path", "signing_key_path", "pid_file"] {
            assert!(config[key].as_str().is_some_and(|p| p.starts_with("/tmp/interop-test-dir/")), "{key}");
        }
        assert_eq!(config["database"]["args"]["database"], "/tmp/interop-test-dir/homeserver.db");
        assert_eq!(config["trusted_key_servers"], json!([]));
        assert_eq!(config["federation_domain_whitelist"], json!([]));
        assert_eq!(config["report_stats"], false);
        assert_eq!(config["ip_range_blacklist"], json!(["0.0.0.0/0", "::/0"]));
        assert_eq!(config["url_preview_ip_range_blacklist"], json!(["0.0.0.0/0", "::/0"]));
        assert_eq!(config["url_preview_ip_range_whitelist"], json!(["127.0.0.1/32"]));
        assert_eq!(config["public_baseurl"], "http://127.0.0.1:8123/");
    }

    #[test]
    fn config_is_open_and_unlimited_except_the_login_limit() {
        let config = config(Path::new("/tmp/x"), 1);
        assert_eq!(config["enable_registration"], true);
        assert_eq!(config["enable_registration_without_verification"], true);
        assert!(config["registration_shared_secret"].as_str().is_some_and(|s| !s.is_empty()));
        assert_eq!(config["rc_login"]["account"], json!({ "per_second": 0.1, "burst_count": 1 }));
        assert_eq!(config["rc_message"]["burst_count"], 10000);
        assert_eq!(config["rc_presence"]["per_user"]["burst_count"], 10000);
        // JSON is YAML: the file Synapse reads is this text.
        let text = serde_json::to_string_pretty(&config).expect("serializes");
        assert!(text.starts_with('{'));
    }

    #[test]
    fn free_port_is_bindable_on_loopback() {
        let port = free_port().expect("a free port");
        assert_ne!(port, 0);
        TcpListener::bind((Ipv4Addr::LOCALHOST, port)).expect("still free");
    }

    #[test]
    fn reads_status_lines() {
        assert_eq!(parse_status_line(b"HTTP/1.1 200"), Some(200));
        assert_eq!(parse_status_line(b"HTTP/1.0 404"), Some(404));
        assert_eq!(parse_status_line(b"SSH-2.0-Open"), None);
    }

    #[test]
    fn refuses_servers_off_loopback() {
        assert_eq!(check_loopback("http://127.0.0.1:8008/").as_deref(), Ok("http://127.0.0.1:8008"));
        assert!(check_loopback("http://matrix.example.org:8008").is_err());
        assert!(check_loopback("https://127.0.0.1:8448").is_err());
    }

    #[test]
    fn bot_output_must_show_the_whole_round() {
        let good = "bot: logged in as @b:localhost\nbot: sent reply $e\nbot: received own reply $e\n";
        assert!(check_bot_output(good, false).is_ok());
        assert!(check_bot_output(good, true).is_err(), "the second run must have backed off");
        let backed_off = format!("bot: rate limited on login, retrying in 900 ms\n{good}");
        assert!(check_bot_output(&backed_off, true).is_ok());
        assert!(check_bot_output("bot: logged in as @b:localhost\n", false).is_err());
    }
}
