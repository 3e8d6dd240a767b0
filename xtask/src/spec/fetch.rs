//! `spec fetch`: fill a temporary directory from a source, verify it, then swap it into place.
//!
//! The existing `spec-snapshot/<V>/` is only replaced by a tree that already verified, so a
//! failed or interrupted fetch never leaves a half-written or unpinned snapshot behind.

use std::fs;
use std::path::{Path, PathBuf};

use super::lockfile::Origin;
use super::{download, shown, tree, Snapshot};

/// Environment variable naming a local directory laid out as `DIR/<V>/data` (made absolute at
/// startup: [`crate::paths::absolutize_spec_source`]).
pub const SOURCE_ENV: &str = crate::paths::SPEC_SOURCE_ENV;

/// Where the files of a fetch come from.
#[derive(Debug)]
pub enum Source {
    /// A local copy: the directory `DIR/<V>` (holding `data/` and maybe `SOURCE`).
    Dir(PathBuf),
    /// The upstream tag archive at this URL.
    Archive(String),
}

impl Source {
    /// `--from DIR`, else `$MATRIX_SPEC_SOURCE`, else the upstream archive.
    pub fn choose(from: Option<&Path>, version: &str) -> Source {
        let env = std::env::var_os(SOURCE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
        match from.map(Path::to_path_buf).or(env) {
            Some(dir) => Source::Dir(dir.join(version)),
            None => Source::Archive(download::archive_url(version)),
        }
    }

    /// For messages: the directory or URL.
    pub fn describe(&self) -> String {
        match self {
            Source::Dir(dir) => dir.display().to_string(),
            Source::Archive(url) => url.clone(),
        }
    }
}

/// Fetches `version` from `source` into the snapshot; returns the number of verified files.
pub fn fetch(snapshot: &Snapshot, version: &str, source: &Source) -> Result<usize, String> {
    // Read the lock first: without it nothing could be verified, so there is no point downloading.
    let lock = snapshot.read_lock(version)?;
    let root = snapshot.root();
    fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let staging = Staging::create(&root, version)?;
    fill(source, version, &staging.path, &lock.origin)?;
    let found = tree::hash_files(&staging.path.join("data"), "data")?;
    let diff = tree::compare(&lock.files, &found);
    if !diff.is_empty() {
        return Err(format!(
            "files from {} do not match {} ({}); {} left as it was:\n{}",
            source.describe(),
            shown(&snapshot.lock_path(version)),
            diff.summary(),
            shown(&snapshot.version_dir(version)),
            diff.listing(),
        ));
    }
    staging.install(&snapshot.version_dir(version))?;
    Ok(found.len())
}

/// Writes `staging/data/**` (and `staging/SOURCE`) from the source.
fn fill(source: &Source, version: &str, staging: &Path, origin: &Origin) -> Result<(), String> {
    match source {
        Source::Dir(dir) => fill_from_dir(dir, staging),
        Source::Archive(url) => {
            download::download_data(url, version, &staging.join("data"))?;
            // The archive has no SOURCE file; record the pin and the URL the files came from.
            let text = format!(
                "repository: {}\ntag: {}\ncommit: {}\npaths: data/ (from {url})\n",
                origin.repository, origin.tag, origin.commit
            );
            let path = staging.join("SOURCE");
            fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
    }
}

fn fill_from_dir(dir: &Path, staging: &Path) -> Result<(), String> {
    let data = dir.join("data");
    if !data.is_dir() {
        return Err(format!(
            "{} is not a directory: --from DIR (or ${SOURCE_ENV}) must hold DIR/<version>/data",
            data.display()
        ));
    }
    tree::copy_tree(&data, &staging.join("data"))?;
    // SOURCE is informational (not pinned), so it is copied when present and never required.
    let source_file = dir.join("SOURCE");
    if source_file.is_file() {
        tree::copy_contents(&source_file, &staging.join("SOURCE"))?;
    }
    Ok(())
}

/// A temporary sibling of `spec-snapshot/<V>/`, removed on drop unless installed.
struct Staging {
    path: PathBuf,
    installed: bool,
}

impl Staging {
    fn create(root: &Path, version: &str) -> Result<Staging, String> {
        let path = tree::unique_sibling(root, version, "fetch");
        fs::create_dir(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(Staging { path, installed: false })
    }

    /// Puts the staged tree at `target`, replacing what was there.
    ///
    /// `rename` cannot replace a non-empty directory, so the old tree is first renamed aside
    /// and only deleted once the new one is in place; if the second rename fails, it is put back.
    fn install(mut self, target: &Path) -> Result<(), String> {
        let parent = target.parent().unwrap_or(Path::new("."));
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let aside = target.exists().then(|| tree::unique_sibling(parent, &name, "old"));
        if let Some(aside) = &aside {
            fs::rename(target, aside).map_err(|e| format!("cannot move {} aside: {e}", target.display()))?;
        }
        if let Err(e) = fs::rename(&self.path, target) {
            if let Some(aside) = &aside {
                // Best effort: restoring the previous snapshot matters more than reporting this.
                let _ = fs::rename(aside, target);
            }
            return Err(format!("cannot move {} to {}: {e}", self.path.display(), target.display()));
        }
        self.installed = true;
        if let Some(aside) = &aside {
            if let Err(e) = fs::remove_dir_all(aside) {
                eprintln!("warning: could not remove the previous snapshot {}: {e}", aside.display());
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.installed {
            // Best effort cleanup on every failure path; nothing useful to do if it fails.
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}
