//! `cargo xtask spec fetch|verify|lock`: the pinned Matrix specification snapshot.
//!
//! `spec-snapshot/<V>.lock` (committed) pins every file of the spec's `data/` tree by sha256;
//! `spec-snapshot/<V>/` (git-ignored) holds the fetched files. Nothing reads a snapshot that
//! does not verify against its lock, so generated code always comes from exactly the pinned spec.
//!
//! The snapshot root is `spec-snapshot/` unless the environment variable `XTASK_SNAPSHOT_ROOT`
//! names another directory: tests use that to work in temporary directories.

mod download;
mod fetch;
mod lockfile;
mod tree;

use std::fs;
use std::path::{Path, PathBuf};

use crate::args::Flags;
use crate::paths;
use lockfile::Lock;
pub use lockfile::Origin;

/// Environment variable overriding the snapshot root (for tests).
const ROOT_OVERRIDE: &str = "XTASK_SNAPSHOT_ROOT";

/// `cargo xtask spec fetch [--version V] [--from DIR]`.
pub fn fetch_command(rest: &[&str]) -> Result<(), String> {
    let flags = Flags::parse(rest, &["version", "from"], &[])?;
    flags.no_positional()?;
    let snapshot = Snapshot::from_env();
    let version = snapshot.version(flags.value("version"))?;
    let source = fetch::Source::choose(flags.value("from").map(Path::new), &version);
    let count = fetch::fetch(&snapshot, &version, &source)?;
    println!(
        "{version}: fetched {count} files from {} into {}, verified against {}",
        source.describe(),
        shown(&snapshot.version_dir(&version)),
        shown(&snapshot.lock_path(&version)),
    );
    Ok(())
}

/// `cargo xtask spec verify [--version V]`.
pub fn verify_command(rest: &[&str]) -> Result<(), String> {
    let flags = Flags::parse(rest, &["version"], &[])?;
    flags.no_positional()?;
    let snapshot = Snapshot::from_env();
    let version = snapshot.version(flags.value("version"))?;
    let count = verify(&version)?;
    println!("{version}: {count} files verified against {}", shown(&snapshot.lock_path(&version)));
    Ok(())
}

/// `cargo xtask spec lock --version V --from DIR [--repository R] [--tag T] [--commit C]`.
pub fn lock_command(rest: &[&str]) -> Result<(), String> {
    let flags = Flags::parse(rest, &["version", "from", "repository", "tag", "commit"], &[])?;
    flags.no_positional()?;
    // Pinning is deliberate: no defaulting to TARGET, so a new lock never silently replaces the target's.
    let version = flags.value("version").ok_or("spec lock needs --version V (the release to pin)")?;
    check_version(version)?;
    let from =
        flags.value("from").ok_or("spec lock needs --from DIR (a directory holding DIR/V/data and DIR/V/SOURCE)")?;
    let source_dir = Path::new(from).join(version);
    let origin = lock_origin(&flags, &source_dir, version)?;
    let data = source_dir.join("data");
    if !data.is_dir() {
        return Err(format!("{} is not a directory", data.display()));
    }
    let files = tree::hash_files(&data, "data")?;
    if files.is_empty() {
        return Err(format!("{} holds no files", data.display()));
    }
    let lock = Lock { origin, files };
    let snapshot = Snapshot::from_env();
    let status = write_lock(&snapshot, version, &lock)?;
    println!(
        "{version}: pinned {} files from {} (tag {}, commit {}) in {} ({status})",
        lock.files.len(),
        data.display(),
        lock.origin.tag,
        lock.origin.commit,
        shown(&snapshot.lock_path(version)),
    );
    Ok(())
}

/// Checks the fetched snapshot of `version` against its lock; returns how many files it holds.
pub fn verify(version: &str) -> Result<usize, String> {
    check_version(version)?;
    verify_in(&Snapshot::from_env(), version)
}

/// The fetched `data/` directory of `version`, once it verifies against the lock: the entry
/// point for commands that read the snapshot.
pub fn ensure_fetched(version: &str) -> Result<PathBuf, String> {
    check_version(version)?;
    let snapshot = Snapshot::from_env();
    verify_in(&snapshot, version)?;
    Ok(snapshot.data_dir(version))
}

/// The verified `data/` directory of `version`, fetching it first (from `MATRIX_SPEC_SOURCE`,
/// else the upstream archive) when it was never fetched. A snapshot that was fetched but no
/// longer verifies is an error, never silently replaced.
pub fn ensure_available(version: &str) -> Result<PathBuf, String> {
    check_version(version)?;
    let snapshot = Snapshot::from_env();
    if !snapshot.version_dir(version).exists() {
        let source = fetch::Source::choose(None, version);
        let count = fetch::fetch(&snapshot, version, &source)?;
        println!("{version}: fetched {count} files from {}", source.describe());
    }
    ensure_fetched(version)
}

/// The repository, tag and commit `version` is pinned to.
pub fn pinned_origin(version: &str) -> Result<Origin, String> {
    check_version(version)?;
    Ok(Lock::read(&Snapshot::from_env().lock_path(version))?.origin)
}

/// Where locks and fetched trees live: `spec-snapshot/` (via `paths`) unless overridden.
struct Snapshot {
    /// The override root, if `XTASK_SNAPSHOT_ROOT` is set.
    root: Option<PathBuf>,
}

impl Snapshot {
    fn from_env() -> Snapshot {
        let root = std::env::var_os(ROOT_OVERRIDE).filter(|v| !v.is_empty()).map(PathBuf::from);
        Snapshot { root }
    }

    fn root(&self) -> PathBuf {
        self.root.clone().unwrap_or_else(paths::snapshot_root)
    }

    fn lock_path(&self, version: &str) -> PathBuf {
        match &self.root {
            Some(root) => root.join(format!("{version}.lock")),
            None => paths::lock_path(version),
        }
    }

    fn version_dir(&self, version: &str) -> PathBuf {
        self.root().join(version)
    }

    fn data_dir(&self, version: &str) -> PathBuf {
        match &self.root {
            Some(root) => root.join(version).join("data"),
            None => paths::data_dir(version),
        }
    }

    /// `--version V` if given, else the version named in the root's `TARGET`.
    fn version(&self, flag: Option<&str>) -> Result<String, String> {
        let version = match (&self.root, flag) {
            (None, _) | (Some(_), Some(_)) => paths::version_or_target(flag)?,
            (Some(root), None) => {
                let path = root.join("TARGET");
                let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                text.trim().to_string()
            }
        };
        check_version(&version)?;
        Ok(version)
    }

    /// The lock of `version`, or an error that says how to pin or which versions are pinned.
    fn read_lock(&self, version: &str) -> Result<Lock, String> {
        let path = self.lock_path(version);
        if !path.exists() {
            return Err(format!(
                "{version} is not pinned: {} does not exist (pinned: {}); pin it with \
                 `cargo xtask spec lock --version {version} --from DIR`",
                shown(&path),
                self.pinned().join(", "),
            ));
        }
        Lock::read(&path)
    }

    /// The versions that have a lock, for error messages.
    fn pinned(&self) -> Vec<String> {
        let listed = match &self.root {
            None => paths::pinned_versions(),
            Some(root) => fs::read_dir(root).map_err(|e| e.to_string()).map(|entries| {
                let mut versions: Vec<String> = entries
                    .filter_map(|entry| entry.ok())
                    .filter_map(|e| e.file_name().to_str()?.strip_suffix(".lock").map(str::to_string))
                    .collect();
                versions.sort();
                versions
            }),
        };
        match listed {
            Ok(versions) if !versions.is_empty() => versions,
            _ => vec!["none".to_string()],
        }
    }
}

/// Verifies the fetched tree of `version` under `snapshot`.
fn verify_in(snapshot: &Snapshot, version: &str) -> Result<usize, String> {
    let lock = snapshot.read_lock(version)?;
    let data = snapshot.data_dir(version);
    if !data.is_dir() {
        return Err(format!(
            "{version} is not fetched: {} does not exist; run `cargo xtask spec fetch --version {version}` (with `--from DIR` when offline)",
            shown(&data)
        ));
    }
    let actual = tree::hash_files(&data, "data")?;
    let diff = tree::compare(&lock.files, &actual);
    if !diff.is_empty() {
        return Err(format!(
            "{version}: {} does not match {} ({}); restore it with `cargo xtask spec fetch --version {version}` (with `--from DIR` when offline):\n{}",
            shown(&snapshot.version_dir(version)),
            shown(&snapshot.lock_path(version)),
            diff.summary(),
            diff.listing(),
        ));
    }
    Ok(actual.len())
}

/// Repository, tag and commit for a new lock: flags win over `DIR/V/SOURCE`.
fn lock_origin(flags: &Flags, source_dir: &Path, version: &str) -> Result<Origin, String> {
    let source_file = source_dir.join("SOURCE");
    let recorded = if source_file.exists() { lockfile::read_source_file(&source_file)? } else { Default::default() };
    let pick = |key: &str| -> Result<String, String> {
        match flags.value(key).or(recorded.get(key).map(String::as_str)) {
            Some(value) => Ok(value.to_string()),
            None if source_file.exists() => {
                Err(format!("{} has no `{key}:` line; pass --{key}", source_file.display()))
            }
            None => Err(format!(
                "{} does not exist; pass --{key} (and the other of --repository/--tag/--commit)",
                source_file.display()
            )),
        }
    };
    let origin = Origin { repository: pick("repository")?, tag: pick("tag")?, commit: pick("commit")? };
    // A SOURCE naming another tag means --from points at the wrong release; --tag overrides on purpose.
    if flags.value("tag").is_none() && origin.tag != version {
        return Err(format!(
            "{} says tag {}, not {version}; pass --tag to pin it anyway",
            source_file.display(),
            origin.tag
        ));
    }
    origin.check().map_err(|e| format!("cannot pin {version}: {e}"))?;
    Ok(origin)
}

/// Writes the lock through a temporary file and a rename, so a lock is never half written.
fn write_lock(snapshot: &Snapshot, version: &str, lock: &Lock) -> Result<&'static str, String> {
    let path = snapshot.lock_path(version);
    let text = lock.render();
    let status = match fs::read_to_string(&path) {
        Ok(old) if old == text => return Ok("unchanged"),
        Ok(_) => "updated",
        Err(_) => "new",
    };
    let root = snapshot.root();
    fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let temp = tree::unique_sibling(&root, &format!("{version}.lock"), "tmp");
    let written = fs::write(&temp, text).and_then(|()| fs::rename(&temp, &path));
    if let Err(e) = written {
        // Best effort: the temp file is ours and useless now.
        let _ = fs::remove_file(&temp);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(status)
}

/// Rejects versions that could escape the snapshot root or make odd file names.
fn check_version(version: &str) -> Result<(), String> {
    let valid = !version.is_empty()
        && !version.starts_with('.')
        && version.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if valid {
        Ok(())
    } else {
        Err(format!("invalid version {version:?}: expected something like v1.17"))
    }
}

/// `path` relative to the workspace root when inside it (shorter messages), else as is.
fn shown(path: &Path) -> String {
    let root = paths::workspace_root();
    path.strip_prefix(&root).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_that_could_escape_the_root_are_rejected() {
        for bad in ["", "..", "../v1", "v1/x", ".hidden", "v1 17", "v1\\x"] {
            assert!(check_version(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["v1.17", "v1.16", "r0.6.1", "v1.18-rc_1"] {
            assert_eq!(check_version(good), Ok(()));
        }
    }

    #[test]
    fn paths_inside_the_workspace_are_shown_relative() {
        assert_eq!(shown(&paths::lock_path("v1.17")), "spec-snapshot/v1.17.lock");
        assert_eq!(shown(Path::new("/elsewhere/x")), "/elsewhere/x");
    }
}
