//! Files of a `data/` tree: listing, hashing, copying, and comparing with a lock.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

/// Relative path (`data/...`, always with `/`) → lowercase hex sha256.
pub type Hashes = BTreeMap<String, String>;

/// Every regular file under `dir`, as (`prefix/relative/path`, path on disk), sorted by relative path.
/// An empty `prefix` gives paths relative to `dir` itself.
///
/// Directories are walked in sorted order; symlinks and other special files are refused because
/// a lock pins plain files, and following links could leave the tree or loop.
pub fn list_files(dir: &Path, prefix: &str) -> Result<Vec<(String, PathBuf)>, String> {
    let mut files = Vec::new();
    walk(dir, prefix, &mut files)?;
    // Whole-path order, not walk order ("a-b/x" sorts before "a/x"), as the lock is sorted by path.
    files.sort();
    Ok(files)
}

fn walk(dir: &Path, relative: &str, files: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut entries: Vec<fs::DirEntry> =
        entries.collect::<Result<_, _>>().map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name =
            entry.file_name().into_string().map_err(|_| format!("{}: file name is not UTF-8", path.display()))?;
        check_name(&name, &path)?;
        let child = if relative.is_empty() { name } else { format!("{relative}/{name}") };
        let kind = entry.file_type().map_err(|e| format!("cannot stat {}: {e}", path.display()))?;
        if kind.is_dir() {
            walk(&path, &child, files)?;
        } else if kind.is_file() {
            files.push((child, path));
        } else {
            return Err(format!("{}: not a plain file or directory (symlinks are not supported)", path.display()));
        }
    }
    Ok(())
}

/// `sha256sum` escapes names holding `\` or a newline, which would break `sha256sum -c` on the lock.
fn check_name(name: &str, path: &Path) -> Result<(), String> {
    if name.contains(['\\', '\n', '\r']) {
        return Err(format!("{}: file names with `\\` or line breaks cannot be pinned", path.display()));
    }
    Ok(())
}

/// The sha256 of every file under `dir`, keyed by `prefix/relative/path`.
pub fn hash_files(dir: &Path, prefix: &str) -> Result<Hashes, String> {
    list_files(dir, prefix)?.into_iter().map(|(relative, path)| Ok((relative, hash_file(&path)?))).collect()
}

/// The lowercase hex sha256 of one file, streamed so large files need no memory.
pub fn hash_file(path: &Path) -> Result<String, String> {
    let mut file = fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Copies every file under `from` to the same relative place under `to`; returns the count.
///
/// Contents only: permissions are not copied, so a read-only source still gives a snapshot
/// that can be replaced later.
pub fn copy_tree(from: &Path, to: &Path) -> Result<usize, String> {
    let files = list_files(from, "")?;
    for (relative, source) in &files {
        let target = to.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        copy_contents(source, &target)?;
    }
    Ok(files.len())
}

/// Copies one file's bytes (no metadata).
pub fn copy_contents(from: &Path, to: &Path) -> Result<(), String> {
    let mut source = fs::File::open(from).map_err(|e| format!("cannot open {}: {e}", from.display()))?;
    let mut target = fs::File::create(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    io::copy(&mut source, &mut target)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))?;
    Ok(())
}

/// How a tree differs from its lock.
#[derive(Debug, Default, PartialEq)]
pub struct Diff {
    /// In both, with different contents.
    pub changed: Vec<String>,
    /// In the lock, not on disk.
    pub missing: Vec<String>,
    /// On disk, not in the lock.
    pub extra: Vec<String>,
}

impl Diff {
    /// Whether the tree matches the lock exactly.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// E.g. `1 changed, 0 missing, 2 extra`.
    pub fn summary(&self) -> String {
        format!("{} changed, {} missing, {} extra", self.changed.len(), self.missing.len(), self.extra.len())
    }

    /// One indented line per differing file, every one of them (the reader needs them all to act).
    pub fn listing(&self) -> String {
        let groups = [("changed", &self.changed), ("missing", &self.missing), ("extra", &self.extra)];
        let lines: Vec<String> = groups
            .iter()
            .flat_map(|(label, paths)| paths.iter().map(move |path| format!("  {label}: {path}")))
            .collect();
        lines.join("\n")
    }
}

/// Compares the pinned hashes with the ones found on disk.
pub fn compare(pinned: &Hashes, found: &Hashes) -> Diff {
    let mut diff = Diff::default();
    for (path, hash) in pinned {
        match found.get(path) {
            Some(actual) if actual == hash => {}
            Some(_) => diff.changed.push(path.clone()),
            None => diff.missing.push(path.clone()),
        }
    }
    diff.extra = found.keys().filter(|path| !pinned.contains_key(*path)).cloned().collect();
    diff
}

/// A fresh hidden name beside the real one in `dir`: `.NAME.TAG-PID-NANOS-N`.
///
/// Hidden and in the same directory so that a rename into place stays on one file system,
/// and unique so that concurrent runs never share a temporary.
pub fn unique_sibling(dir: &Path, name: &str, tag: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{tag}-{}-{nanos}-{n}", std::process::id()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn hashes(pairs: &[(&str, &str)]) -> Hashes {
        pairs.iter().map(|(p, h)| (p.to_string(), h.to_string())).collect()
    }

    #[test]
    fn compare_names_changed_missing_and_extra_files() {
        let pinned = hashes(&[("data/a", "1"), ("data/b", "2"), ("data/c", "3")]);
        let found = hashes(&[("data/a", "1"), ("data/b", "x"), ("data/d", "4")]);
        let diff = compare(&pinned, &found);
        assert_eq!(diff.changed, ["data/b"]);
        assert_eq!(diff.missing, ["data/c"]);
        assert_eq!(diff.extra, ["data/d"]);
        assert_eq!(diff.summary(), "1 changed, 1 missing, 1 extra");
        assert_eq!(diff.listing(), "  changed: data/b\n  missing: data/c\n  extra: data/d");
        assert!(compare(&pinned, &pinned).is_empty());
    }

    #[test]
    fn hashes_are_sha256_and_paths_use_slashes_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a/deep")).unwrap();
        fs::create_dir_all(dir.path().join("a-b")).unwrap();
        fs::write(dir.path().join("a/deep/x.yaml"), "abc").unwrap();
        fs::write(dir.path().join("a-b/y.yaml"), "").unwrap();
        let found = hash_files(dir.path(), "data").unwrap();
        let keys: Vec<&str> = found.keys().map(String::as_str).collect();
        assert_eq!(keys, ["data/a-b/y.yaml", "data/a/deep/x.yaml"]);
        // Well-known digests of "abc" and of the empty string.
        assert_eq!(found["data/a/deep/x.yaml"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(found["data/a-b/y.yaml"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("real"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link")).unwrap();
        let err = list_files(dir.path(), "data").unwrap_err();
        assert!(err.contains("link") && err.contains("symlink"), "{err}");
    }
}
