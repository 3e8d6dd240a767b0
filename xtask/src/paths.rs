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
