//! `cargo xtask spec lock|fetch|verify`, run as the built binary against temporary trees.
//!
//! Every test has its own temporary snapshot root (`XTASK_SNAPSHOT_ROOT`) and fixture source,
//! and passes environment variables to the child process only, so tests can run in parallel
//! and never touch the real `spec-snapshot/` or the network.

#![allow(clippy::unwrap_used, missing_docs)]

use std::fs;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

const VERSION: &str = "v9.1";
const COMMIT: &str = "ce5ae4d371718f8798c4e1f8961bf9533a8048e2";

/// The fixture's files, relative to `DIR/v9.1/`: deliberately tiny, and not spec files.
const FILES: &[(&str, &str)] = &[
    ("data/api/client-server/rooms.yaml", "openapi: 3.1.0\n"),
    ("data/event-schemas/schema/m.room.message$m.text.yaml", "type: object\n"),
    ("data/string-formats.yaml", "mx-user-id: {}\n"),
];

/// A temporary snapshot root and a source directory laid out as `DIR/v9.1/{data,SOURCE}`.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let fixture = Fixture { dir: tempfile::tempdir().unwrap() };
        fs::create_dir(fixture.root()).unwrap();
        write_tree(&fixture.source().join(VERSION), FILES);
        let source = format!("repository: https://example.org/spec\ntag: {VERSION}\ncommit: {COMMIT}\npaths: data/\n");
        fs::write(fixture.source().join(VERSION).join("SOURCE"), source).unwrap();
        fixture
    }

    /// The snapshot root (stands for `spec-snapshot/`).
    fn root(&self) -> PathBuf {
        self.dir.path().join("snapshot")
    }

    /// The `--from` directory.
    fn source(&self) -> PathBuf {
        self.dir.path().join("source")
    }

    fn snapshot_file(&self, relative: &str) -> PathBuf {
        self.root().join(VERSION).join(relative)
    }

    /// Runs `xtask spec <args>` with this fixture's root and only the given extra environment.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command
            .arg("spec")
            .args(args)
            .env("XTASK_SNAPSHOT_ROOT", self.root())
            .env_remove("MATRIX_SPEC_SOURCE")
            .env_remove("MATRIX_SPEC_ARCHIVE_BASE");
        for (key, value) in env {
            command.env(key, value);
        }
        command.output().unwrap()
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args, &[]);
        assert!(output.status.success(), "{args:?} failed: {}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command that must fail; returns its stderr.
    fn fails(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let output = self.run(args, env);
        assert!(!output.status.success(), "{args:?} succeeded: {}", String::from_utf8_lossy(&output.stdout));
        stderr(&output)
    }

    fn lock_and_fetch(&self) {
        let from = self.source();
        self.ok(&["lock", "--version", VERSION, "--from", from.to_str().unwrap()]);
        self.ok(&["fetch", "--version", VERSION, "--from", from.to_str().unwrap()]);
    }

    /// Entries of the root other than the lock and the snapshot: leftovers of a failed fetch.
    fn leftovers(&self) -> Vec<String> {
        let expected = [format!("{VERSION}.lock"), VERSION.to_string()];
        fs::read_dir(self.root())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| !expected.contains(name))
            .collect()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    for (relative, contents) in files {
        let path = dir.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn lock_then_fetch_then_verify() {
    let fixture = Fixture::new();
    let from = fixture.source();
    let out = fixture.ok(&["lock", "--version", VERSION, "--from", from.to_str().unwrap()]);
    assert!(out.starts_with("v9.1: pinned 3 files from "), "{out}");

    let lock = fs::read_to_string(fixture.root().join("v9.1.lock")).unwrap();
    let mut expected = format!(
        "# Matrix specification snapshot pinned by `cargo xtask spec lock`. Do not edit by hand.\n\
         # repository: https://example.org/spec\n# tag: v9.1\n# commit: {COMMIT}\n"
    );
    // FILES is listed in path order, which is the lock's order.
    for (path, contents) in FILES {
        expected.push_str(&format!("{}  {path}\n", sha256_hex(contents.as_bytes())));
    }
    assert_eq!(lock, expected);

    let out = fixture.ok(&["fetch", "--version", VERSION, "--from", from.to_str().unwrap()]);
    assert!(out.starts_with("v9.1: fetched 3 files from "), "{out}");
    for (path, contents) in FILES {
        assert_eq!(fs::read_to_string(fixture.snapshot_file(path)).unwrap(), *contents);
    }
    // SOURCE travels along (not pinned), and nothing else is left in the root.
    assert!(fs::read_to_string(fixture.snapshot_file("SOURCE")).unwrap().contains(COMMIT));
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());

    let out = fixture.ok(&["verify", "--version", VERSION]);
    let lock_path = fixture.root().join("v9.1.lock");
    assert_eq!(out, format!("v9.1: 3 files verified against {}\n", lock_path.display()));
}

#[test]
fn the_lock_is_accepted_by_sha256sum() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    // Only where coreutils is installed; the format is the point, not the tool.
    let Ok(output) = Command::new("sha256sum")
        .args(["--check", "--strict", "../v9.1.lock"])
        .current_dir(fixture.root().join(VERSION))
        .output()
    else {
        return;
    };
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().filter(|l| l.ends_with(": OK")).count(), 3);
}

#[test]
fn verify_names_a_changed_file() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    let path = fixture.snapshot_file("data/api/client-server/rooms.yaml");
    let mut bytes = fs::read(&path).unwrap();
    bytes[0] ^= 1;
    fs::write(&path, bytes).unwrap();
    let err = fixture.fails(&["verify", "--version", VERSION], &[]);
    assert!(err.contains("1 changed, 0 missing, 0 extra"), "{err}");
    assert!(err.contains("  changed: data/api/client-server/rooms.yaml\n"), "{err}");
    assert!(err.contains("cargo xtask spec fetch --version v9.1"), "{err}");
}

#[test]
fn verify_names_a_missing_file() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    fs::remove_file(fixture.snapshot_file("data/string-formats.yaml")).unwrap();
    let err = fixture.fails(&["verify", "--version", VERSION], &[]);
    assert!(err.contains("  missing: data/string-formats.yaml\n"), "{err}");
}

#[test]
fn verify_names_an_extra_file() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    fs::write(fixture.snapshot_file("data/api/extra.yaml"), "x").unwrap();
    let err = fixture.fails(&["verify", "--version", VERSION], &[]);
    assert!(err.contains("  extra: data/api/extra.yaml\n"), "{err}");
}

#[test]
fn verify_lists_every_problem_at_once() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    fs::write(fixture.snapshot_file("data/api/client-server/rooms.yaml"), "changed").unwrap();
    fs::remove_file(fixture.snapshot_file("data/string-formats.yaml")).unwrap();
    fs::write(fixture.snapshot_file("data/new.yaml"), "x").unwrap();
    let err = fixture.fails(&["verify", "--version", VERSION], &[]);
    assert!(err.contains("1 changed, 1 missing, 1 extra"), "{err}");
    for line in
        ["changed: data/api/client-server/rooms.yaml", "missing: data/string-formats.yaml", "extra: data/new.yaml"]
    {
        assert!(err.contains(line), "{line} not in {err}");
    }
}

#[test]
fn verify_says_how_to_fetch_when_nothing_was_fetched() {
    let fixture = Fixture::new();
    let from = fixture.source();
    fixture.ok(&["lock", "--version", VERSION, "--from", from.to_str().unwrap()]);
    let err = fixture.fails(&["verify", "--version", VERSION], &[]);
    assert!(err.contains("v9.1 is not fetched"), "{err}");
    assert!(err.contains("`cargo xtask spec fetch --version v9.1`"), "{err}");
}

#[test]
fn an_unpinned_version_is_refused() {
    let fixture = Fixture::new();
    let from = fixture.source();
    fixture.ok(&["lock", "--version", VERSION, "--from", from.to_str().unwrap()]);
    let err = fixture.fails(&["fetch", "--version", "v9.2", "--from", from.to_str().unwrap()], &[]);
    assert!(err.contains("v9.2 is not pinned") && err.contains("(pinned: v9.1)"), "{err}");
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());
}

#[test]
fn a_broken_lock_line_is_named() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    let lock_path = fixture.root().join("v9.1.lock");
    let text = fs::read_to_string(&lock_path).unwrap().replacen("  data/string", " data/string", 1);
    fs::write(&lock_path, text).unwrap();
    let err = fixture.fails(&["verify", "--version", VERSION], &[]);
    assert!(err.contains(&format!("{}:7: expected `<sha256>  <path>`", lock_path.display())), "{err}");
}

#[test]
fn fetch_from_a_bad_source_leaves_the_snapshot_untouched() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    let rooms = "data/api/client-server/rooms.yaml";
    fs::write(fixture.snapshot_file("marker"), "the old snapshot").unwrap();

    // A source whose file differs from the pin.
    let bad = fixture.dir.path().join("bad");
    let mut files = FILES.to_vec();
    files[0].1 = "openapi: 3.0.0\n";
    write_tree(&bad.join(VERSION), &files);
    let err = fixture.fails(&["fetch", "--version", VERSION, "--from", bad.to_str().unwrap()], &[]);
    assert!(err.contains(&format!("changed: {rooms}")), "{err}");
    assert!(err.contains("left as it was"), "{err}");

    // A source that does not exist at all.
    let err = fixture.fails(&["fetch", "--version", VERSION, "--from", "/nonexistent/spec"], &[]);
    assert!(err.contains("/nonexistent/spec/v9.1/data is not a directory"), "{err}");

    assert_eq!(fs::read_to_string(fixture.snapshot_file("marker")).unwrap(), "the old snapshot");
    assert_eq!(fs::read_to_string(fixture.snapshot_file(rooms)).unwrap(), "openapi: 3.1.0\n");
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());
    fixture.ok(&["verify", "--version", VERSION]);
}

#[test]
fn fetch_replaces_a_damaged_snapshot() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    fs::write(fixture.snapshot_file("data/string-formats.yaml"), "damaged").unwrap();
    fs::write(fixture.snapshot_file("data/extra.yaml"), "extra").unwrap();
    let from = fixture.source();
    fixture.ok(&["fetch", "--version", VERSION, "--from", from.to_str().unwrap()]);
    fixture.ok(&["verify", "--version", VERSION]);
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());
}

#[test]
fn fetch_reads_matrix_spec_source_when_no_from_is_given() {
    let fixture = Fixture::new();
    let from = fixture.source();
    fixture.ok(&["lock", "--version", VERSION, "--from", from.to_str().unwrap()]);
    let output = fixture.run(&["fetch", "--version", VERSION], &[("MATRIX_SPEC_SOURCE", from.to_str().unwrap())]);
    assert!(output.status.success(), "{}", stderr(&output));
    fixture.ok(&["verify", "--version", VERSION]);
}

#[test]
fn the_version_defaults_to_target() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    fs::write(fixture.root().join("TARGET"), "v9.1\n").unwrap();
    assert!(fixture.ok(&["verify"]).starts_with("v9.1: 3 files verified"));
}

#[test]
fn lock_needs_the_origin_from_source_or_flags() {
    let fixture = Fixture::new();
    let from = fixture.source();
    fs::remove_file(from.join(VERSION).join("SOURCE")).unwrap();
    let err = fixture.fails(&["lock", "--version", VERSION, "--from", from.to_str().unwrap()], &[]);
    assert!(err.contains("SOURCE does not exist; pass --repository"), "{err}");
    assert!(!fixture.root().join("v9.1.lock").exists());

    let flags = ["--repository", "https://example.org/spec", "--tag", VERSION, "--commit", COMMIT];
    let mut args = vec!["lock", "--version", VERSION, "--from", from.to_str().unwrap()];
    args.extend(flags);
    fixture.ok(&args);
    let lock = fs::read_to_string(fixture.root().join("v9.1.lock")).unwrap();
    assert!(lock.contains(&format!("# commit: {COMMIT}\n")), "{lock}");
}

#[test]
fn lock_refuses_a_source_of_another_release() {
    let fixture = Fixture::new();
    let from = fixture.source();
    let source = from.join(VERSION).join("SOURCE");
    fs::write(&source, format!("repository: r\ntag: v9.0\ncommit: {COMMIT}\n")).unwrap();
    let err = fixture.fails(&["lock", "--version", VERSION, "--from", from.to_str().unwrap()], &[]);
    assert!(err.contains("says tag v9.0, not v9.1"), "{err}");
    let err = fixture.fails(&["lock", "--version", "../escape", "--from", from.to_str().unwrap()], &[]);
    assert!(err.contains("invalid version"), "{err}");
}

/// A gzipped tar of the fixture files under one top directory, plus a file outside `data/`.
fn archive(top: &str) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut builder = tar::Builder::new(gz);
    let mut entries: Vec<(String, &str)> = FILES.iter().map(|(p, c)| (format!("{top}/{p}"), *c)).collect();
    entries.push((format!("{top}/README.md"), "not part of data/"));
    for (path, contents) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(contents.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, path, contents.as_bytes()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

/// Serves `body` to one HTTP/1.1 request on 127.0.0.1; the handle yields the request line.
///
/// Gives up after 30 s so a client that never connects cannot hang the test.
fn serve_once(body: Vec<u8>) -> (u16, thread::JoinHandle<Option<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let handle = thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(30);
        let (mut stream, _) = loop {
            match listener.accept() {
                Ok(connection) => break connection,
                Err(_) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
                Err(_) => return None,
            }
        };
        stream.set_nonblocking(false).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut request = Vec::new();
        let mut byte = [0u8; 1];
        while !request.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
            request.push(byte[0]);
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        // The client may hang up early (it rejects a bad body): that is its business, not a failure here.
        let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
        let request = String::from_utf8(request).unwrap();
        request.lines().next().map(str::to_string)
    });
    (port, handle)
}

#[test]
fn fetch_downloads_the_tag_archive() {
    let fixture = Fixture::new();
    let from = fixture.source();
    fixture.ok(&["lock", "--version", VERSION, "--from", from.to_str().unwrap()]);
    // The top directory's name is read from the archive, whatever it is.
    let (port, server) = serve_once(archive("spec-anything-9.1"));
    let base = format!("http://127.0.0.1:{port}/archive/");
    let output = fixture.run(&["fetch", "--version", VERSION], &[("MATRIX_SPEC_ARCHIVE_BASE", &base)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(server.join().unwrap().as_deref(), Some("GET /archive/v9.1.tar.gz HTTP/1.1"));

    for (path, contents) in FILES {
        assert_eq!(fs::read_to_string(fixture.snapshot_file(path)).unwrap(), *contents);
    }
    assert!(!fixture.snapshot_file("README.md").exists());
    let source = fs::read_to_string(fixture.snapshot_file("SOURCE")).unwrap();
    assert!(source.contains(&format!("commit: {COMMIT}")) && source.contains("/archive/v9.1.tar.gz"), "{source}");
    fixture.ok(&["verify", "--version", VERSION]);
}

#[test]
fn an_unreachable_archive_gives_one_line_naming_from() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    // A port that was just free: nothing listens there, so the connection is refused.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let err = fixture.fails(&["fetch", "--version", VERSION], &[("MATRIX_SPEC_ARCHIVE_BASE", &base)]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("error: could not download {base}/v9.1.tar.gz: ")), "{err}");
    assert!(err.contains("`cargo xtask spec fetch --version v9.1 --from DIR`"), "{err}");
    assert!(err.contains("MATRIX_SPEC_SOURCE"), "{err}");
    // The previous snapshot is still there and still good.
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());
    fixture.ok(&["verify", "--version", VERSION]);
}

#[test]
fn a_tampered_archive_is_not_installed() {
    let fixture = Fixture::new();
    fixture.lock_and_fetch();
    let (port, server) = serve_once(b"this is not gzip".to_vec());
    let base = format!("http://127.0.0.1:{port}");
    let err = fixture.fails(&["fetch", "--version", VERSION], &[("MATRIX_SPEC_ARCHIVE_BASE", &base)]);
    assert!(server.join().unwrap().is_some());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("could not download and unpack"), "{err}");
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());
    fixture.ok(&["verify", "--version", VERSION]);
}
