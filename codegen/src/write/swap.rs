//! Writing a tree so that the output is always either the old tree or the complete new one.
//!
//! The new tree is built beside the output (`.NAME.new`), then swapped in with two renames
//! (`NAME` → `.NAME.old`, `.NAME.new` → `NAME`), and the old tree is removed. Every step that
//! fails before the second rename is undone, so the output is left exactly as it was; a failure
//! of the last step leaves the complete new tree in place and the old one beside it. The
//! [`OnDisk`] of a [`WriteError`] says which, so a caller (the exit code of `cargo xtask
//! codegen`) can tell the user.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::fs_ops::WriteFs;
use super::{compare, RenderedTree, WriteReport};

/// What is on disk after a failed write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnDisk {
    /// The output is exactly as it was before the write: the old tree, or nothing if there was
    /// none (a fresh `--out`).
    Unchanged,
    /// The complete new tree is in place, but the old tree could not be removed from this path.
    /// The next write removes it.
    NewWithLeftover(PathBuf),
    /// Neither tree is at the output path (two steps failed in a row): the old tree is complete
    /// at this path, and the next write puts it back before anything else.
    Interrupted(PathBuf),
}

/// A failed write: what went wrong, and what the disk holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    /// The state of the output.
    pub on_disk: OnDisk,
    /// What went wrong, naming the path.
    pub message: String,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.on_disk {
            OnDisk::Unchanged => write!(f, "{}; the output is unchanged", self.message),
            OnDisk::NewWithLeftover(old) => write!(
                f,
                "{}; the new tree is complete and in place, but the old tree is left at {} (the next run removes it)",
                self.message,
                old.display()
            ),
            OnDisk::Interrupted(saved) => write!(
                f,
                "{}; the old tree is saved at {} and the next run puts it back",
                self.message,
                saved.display()
            ),
        }
    }
}

impl std::error::Error for WriteError {}

fn unchanged(what: &str, path: &Path, error: impl fmt::Display) -> WriteError {
    WriteError { on_disk: OnDisk::Unchanged, message: format!("cannot {what} {}: {error}", path.display()) }
}

/// Writes `tree` to `dir` through `fs`, atomically (see the module docs).
///
/// Unchanged files are hard-linked into the new tree, so they keep their inode and timestamps;
/// if nothing changed, nothing is touched. The top-level entries of `dir` named in `keep` (a
/// crate copy's `target/`) are not part of the tree: they are moved into the new tree as they
/// are. A tree with a read-only entry is refused before anything is written: the owner marked it
/// not to change, and root would write through the mode bits.
pub fn write_tree_with(
    fs: &dyn WriteFs,
    dir: &Path,
    tree: &RenderedTree,
    keep: &[&str],
) -> Result<WriteReport, WriteError> {
    let swap = Swap::new(fs, dir)?;
    swap.recover_interrupted()?;
    let existing = super::read_tree_except(dir, keep).map_err(|e| unchanged("read", dir, e))?;
    let report = compare(&existing, tree);
    if report.changed.is_empty() && report.removed.is_empty() && dir.exists() {
        return Ok(report);
    }
    swap.ensure_parent()?;
    refuse_read_only(dir, keep)?;
    swap.stage(tree, &existing)?;
    let moved = swap.move_kept(keep)?;
    swap.swap_in(&moved)?;
    swap.remove_old()?;
    Ok(report)
}

/// The paths of one write.
struct Swap<'f> {
    fs: &'f dyn WriteFs,
    dir: PathBuf,
    staging: PathBuf,
    old: PathBuf,
}

impl<'f> Swap<'f> {
    fn new(fs: &'f dyn WriteFs, dir: &Path) -> Result<Swap<'f>, WriteError> {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| WriteError {
            on_disk: OnDisk::Unchanged,
            message: format!("cannot write to {}: the output must be a named directory", dir.display()),
        })?;
        let sibling = |suffix: &str| dir.with_file_name(format!(".{name}.{suffix}"));
        Ok(Swap { fs, dir: dir.to_path_buf(), staging: sibling("new"), old: sibling("old") })
    }

    /// Creates the directory the output goes in (a fresh `--out` may name a new path).
    fn ensure_parent(&self) -> Result<(), WriteError> {
        match self.dir.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
            Some(parent) => self.fs.create_dir_all(parent).map_err(|e| unchanged("create", parent, e)),
            None => Ok(()),
        }
    }

    /// A write that died between its two renames leaves `dir` missing and the old tree
    /// complete; one whose last step failed leaves the old tree beside the new. Settle both
    /// before anything else.
    fn recover_interrupted(&self) -> Result<(), WriteError> {
        if !self.old.exists() {
            return Ok(());
        }
        if self.dir.exists() {
            self.fs.remove_dir_all(&self.old).map_err(|e| unchanged("remove the previous run's", &self.old, e))
        } else {
            self.fs.rename(&self.old, &self.dir).map_err(|e| WriteError {
                on_disk: OnDisk::Interrupted(self.old.clone()),
                message: format!("cannot restore {} from {}: {e}", self.dir.display(), self.old.display()),
            })
        }
    }

    /// Builds the complete new tree at the staging path; on failure removes it again.
    fn stage(&self, tree: &RenderedTree, existing: &RenderedTree) -> Result<(), WriteError> {
        let staged = self.try_stage(tree, existing);
        if staged.is_err() {
            // Best effort: the output is untouched either way, and the next write removes a
            // staging tree left by a failure here.
            let _ = self.fs.remove_dir_all(&self.staging);
        }
        staged
    }

    fn try_stage(&self, tree: &RenderedTree, existing: &RenderedTree) -> Result<(), WriteError> {
        if self.staging.exists() {
            self.fs.remove_dir_all(&self.staging).map_err(|e| unchanged("remove the stale", &self.staging, e))?;
        }
        self.fs.create_dir_all(&self.staging).map_err(|e| unchanged("create", &self.staging, e))?;
        for (path, text) in tree {
            let target = self.staging.join(path);
            if let Some(parent) = target.parent() {
                self.fs.create_dir_all(parent).map_err(|e| unchanged("create", parent, e))?;
            }
            let written = if existing.get(path) == Some(text) {
                self.fs.hard_link(&self.dir.join(path), &target)
            } else {
                self.fs.write(&target, text.as_bytes())
            };
            written.map_err(|e| unchanged("write", &target, e))?;
        }
        Ok(())
    }

    /// Moves the kept entries of the old tree into the staged one; on failure moves back what
    /// was moved and removes the staging tree.
    fn move_kept(&self, keep: &[&str]) -> Result<Vec<String>, WriteError> {
        let mut moved = Vec::new();
        for name in keep {
            let from = self.dir.join(name);
            if !from.exists() {
                continue;
            }
            if let Err(e) = self.fs.rename(&from, &self.staging.join(name)) {
                self.undo_staging(&moved);
                return Err(unchanged("move", &from, e));
            }
            moved.push(name.to_string());
        }
        Ok(moved)
    }

    /// Puts the kept entries back into the old tree and removes the staging tree.
    fn undo_staging(&self, moved: &[String]) {
        for name in moved {
            let _ = self.fs.rename(&self.staging.join(name), &self.dir.join(name));
        }
        let _ = self.fs.remove_dir_all(&self.staging);
    }

    /// The two renames. If the second fails, the first is undone.
    fn swap_in(&self, moved: &[String]) -> Result<(), WriteError> {
        let had_old = self.dir.exists();
        if had_old {
            if let Err(e) = self.fs.rename(&self.dir, &self.old) {
                self.undo_staging(moved);
                return Err(unchanged("move aside", &self.dir, e));
            }
        }
        let Err(e) = self.fs.rename(&self.staging, &self.dir) else { return Ok(()) };
        let message = format!("cannot move {} to {}: {e}", self.staging.display(), self.dir.display());
        if had_old {
            if let Err(back) = self.fs.rename(&self.old, &self.dir) {
                let _ = self.fs.remove_dir_all(&self.staging);
                return Err(WriteError {
                    on_disk: OnDisk::Interrupted(self.old.clone()),
                    message: format!("{message}, and cannot move the old tree back: {back}"),
                });
            }
        }
        self.undo_staging(moved);
        Err(WriteError { on_disk: OnDisk::Unchanged, message })
    }

    fn remove_old(&self) -> Result<(), WriteError> {
        if !self.old.exists() {
            return Ok(());
        }
        self.fs.remove_dir_all(&self.old).map_err(|e| WriteError {
            on_disk: OnDisk::NewWithLeftover(self.old.clone()),
            message: format!("cannot remove {}: {e}", self.old.display()),
        })
    }
}

/// Refuses to replace a tree that has a read-only entry, or whose parent (where the staging and
/// old trees go) is read-only.
fn refuse_read_only(dir: &Path, keep: &[&str]) -> Result<(), WriteError> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut pending = vec![parent.to_path_buf()];
    if dir.exists() {
        pending.push(dir.to_path_buf());
    }
    while let Some(path) = pending.pop() {
        let metadata = fs::symlink_metadata(&path).map_err(|e| unchanged("inspect", &path, e))?;
        if metadata.permissions().readonly() {
            return Err(WriteError {
                on_disk: OnDisk::Unchanged,
                message: format!(
                    "{} is read-only: the generator does not replace what is marked read-only (make it writable or write elsewhere)",
                    path.display()
                ),
            });
        }
        // The parent is checked for itself only; the tree's entries all the way down.
        let walk = metadata.is_dir() && path != parent;
        if walk {
            let skip: &[&str] = if path == dir { keep } else { &[] };
            pending.extend(entries(&path, skip).map_err(|e| unchanged("read", &path, e))?);
        }
    }
    Ok(())
}

fn entries(dir: &Path, skip: &[&str]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if skip.iter().any(|name| entry.file_name() == **name) {
            continue;
        }
        out.push(entry.path());
    }
    Ok(out)
}
