//! Where things live in the workspace, and which spec versions are pinned.
//!
//! No version number is written in code: `spec-snapshot/TARGET` names the version that
//! `generated-api` is generated from, and every `spec-snapshot/<version>.lock` pins one version.

use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's manifest directory).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `spec-snapshot/`: the locks, and the fetched (git-ignored) spec files.
pub fn snapshot_root() -> PathBuf {
    workspace_root().join("spec-snapshot")
}

/// The lock file that pins `version`.
pub fn lock_path(version: &str) -> PathBuf {
    snapshot_root().join(format!("{version}.lock"))
}

/// The fetched `data/` tree of `version`.
pub fn data_dir(version: &str) -> PathBuf {
    snapshot_root().join(version).join("data")
}

/// The version named in `spec-snapshot/TARGET`.
pub fn target_version() -> Result<String, String> {
    let path = snapshot_root().join("TARGET");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let version = text.trim();
    if version.is_empty() {
        return Err(format!("{} is empty", path.display()));
    }
    Ok(version.to_string())
}

/// Every pinned version (one `<version>.lock` each), sorted.
pub fn pinned_versions() -> Result<Vec<String>, String> {
    let root = snapshot_root();
    let entries = std::fs::read_dir(&root).map_err(|e| format!("cannot read {}: {e}", root.display()))?;
    let mut versions: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().to_str()?.strip_suffix(".lock").map(str::to_string))
        .collect();
    versions.sort();
    Ok(versions)
}

/// `--version V` if given, else the target version.
pub fn version_or_target(version: Option<&str>) -> Result<String, String> {
    match version {
        Some(v) => Ok(v.to_string()),
        None => target_version(),
    }
}

/// The environment variable naming a local copy of the spec (`DIR/<V>/data`, `DIR/<V>/content`).
pub const SPEC_SOURCE_ENV: &str = "MATRIX_SPEC_SOURCE";

/// Makes a relative `$MATRIX_SPEC_SOURCE` absolute, against `start`: the directory the command
/// was started in. Called once, first thing: the README's `MATRIX_SPEC_SOURCE=../shared/matrix-spec`
/// means "beside the workspace where I typed it", but `cargo test` runs each test binary in its
/// own crate's directory, where the same relative path points elsewhere. The absolute value is
/// put back into this process's environment, so every child (cargo test, clippy, ...) inherits it.
pub fn absolutize_spec_source(start: &Path) {
    if let Some(absolute) = absolute_spec_source(std::env::var_os(SPEC_SOURCE_ENV), start) {
        // Single-threaded here (before any command runs), so changing the environment is sound.
        std::env::set_var(SPEC_SOURCE_ENV, absolute);
    }
}

/// The absolute form of a relative, non-empty `value`, joined to `start`; `None` to leave the
/// variable as it is (unset, empty, or already absolute).
fn absolute_spec_source(value: Option<std::ffi::OsString>, start: &Path) -> Option<PathBuf> {
    let path = PathBuf::from(value.filter(|v| !v.is_empty())?);
    path.is_relative().then(|| start.join(path))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::absolute_spec_source;

    #[test]
    fn a_relative_spec_source_is_joined_to_the_start_directory() {
        let start = Path::new("/work/main");
        let relative = absolute_spec_source(Some("../shared/matrix-spec".into()), start);
        assert_eq!(relative, Some(PathBuf::from("/work/main/../shared/matrix-spec")));
        assert_eq!(absolute_spec_source(Some("/abs/spec".into()), start), None);
        assert_eq!(absolute_spec_source(Some("".into()), start), None);
        assert_eq!(absolute_spec_source(None, start), None);
    }
}
