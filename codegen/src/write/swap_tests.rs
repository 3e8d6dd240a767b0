//! Failed writes: every single failing operation, and read-only trees, leave the old tree or
//! the complete new one, and the error says which.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::*;

fn tree(files: &[(&str, &str)]) -> RenderedTree {
    files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-swap-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The names in `root`: only the output itself, no staging or old tree beside it.
fn siblings(root: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(root).expect("lists").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

const KEEP: &[&str] = &["target"];

fn old_tree() -> RenderedTree {
    tree(&[("a.rs", "a"), ("x/b.rs", "b"), ("gone.rs", "g")])
}

fn new_tree() -> RenderedTree {
    tree(&[("a.rs", "a"), ("x/b.rs", "B"), ("y/z/c.rs", "c")])
}

/// A crate directory holding the old tree and a kept `target/`.
fn old_crate(root: &Path) -> PathBuf {
    let dir = root.join("crate");
    write_tree(&dir, &old_tree()).expect("old tree");
    fs::create_dir_all(dir.join("target/debug")).expect("target");
    fs::write(dir.join("target/debug/build"), "artifact").expect("target file");
    dir
}

fn kept_target_is_intact(dir: &Path) -> bool {
    fs::read_to_string(dir.join("target/debug/build")).ok().as_deref() == Some("artifact")
}

#[derive(Default, Debug)]
struct Outcomes {
    unchanged: usize,
    new_with_leftover: usize,
}

/// Writes the new tree with operation `index` failing; checks the disk against the error.
/// Returns `None` once the write needs fewer operations than `index` (it succeeded).
fn fail_at(index: usize, with_old: bool, outcomes: &mut Outcomes) -> Option<()> {
    let root = temp_dir(&format!("fault-{with_old}-{index}"));
    let dir = if with_old { old_crate(&root) } else { root.join("crate") };
    let fs = FaultyFs::new(Fault { operation: None, index });
    let result = write_tree_with(&fs, &dir, &new_tree(), KEEP);
    let new = new_tree();
    match result {
        Ok(_) => {
            assert!(!fs.fired(), "operation {index} failed but the write reported success");
            assert_eq!(read_tree_except(&dir, KEEP).expect("reads"), new);
            fs::remove_dir_all(&root).expect("cleanup");
            return None;
        }
        Err(error) => {
            assert!(fs.fired(), "the write failed without the injected fault: {error}");
            assert!(error.to_string().contains("injected failure"), "{error}");
            match &error.on_disk {
                OnDisk::Unchanged if with_old => {
                    assert_eq!(read_tree_except(&dir, KEEP).expect("reads"), old_tree(), "operation {index}: {error}");
                    assert!(kept_target_is_intact(&dir), "operation {index}: target/ lost: {error}");
                    outcomes.unchanged += 1;
                }
                OnDisk::Unchanged => {
                    assert!(!dir.exists(), "operation {index}: a partial fresh output is left: {error}");
                    outcomes.unchanged += 1;
                }
                OnDisk::NewWithLeftover(old) => {
                    assert_eq!(read_tree_except(&dir, KEEP).expect("reads"), new, "operation {index}: {error}");
                    assert!(kept_target_is_intact(&dir), "operation {index}: target/ lost: {error}");
                    assert!(old.exists(), "operation {index}: the named leftover does not exist");
                    // The next write settles it.
                    write_tree_with(&RealFs, &dir, &new, KEEP).expect("the next write");
                    outcomes.new_with_leftover += 1;
                }
                OnDisk::Interrupted(_) => panic!("operation {index}: one failure interrupted the swap: {error}"),
            }
        }
    }
    assert_eq!(siblings(&root), ["crate"].iter().filter(|_| dir.exists()).copied().collect::<Vec<_>>());
    fs::remove_dir_all(&root).expect("cleanup");
    Some(())
}

#[test]
fn every_single_failing_operation_leaves_the_old_tree_or_the_complete_new_one() {
    for with_old in [true, false] {
        let mut outcomes = Outcomes::default();
        let mut index = 0;
        while fail_at(index, with_old, &mut outcomes).is_some() {
            index += 1;
        }
        // Staging (directories, one link, three writes), moving target/, two renames, removal.
        assert!(index >= if with_old { 10 } else { 6 }, "only {index} operations: {outcomes:?}");
        assert!(outcomes.unchanged > 0, "{outcomes:?}");
        assert_eq!(outcomes.new_with_leftover > 0, with_old, "{outcomes:?}");
        println!("write with old tree {with_old}: {index} failure points, {outcomes:?}");
    }
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn read_only_entries_are_refused_before_anything_is_written() {
    // Root writes through read-only modes, so the writer checks the mode bits itself.
    for (entry, mode) in [("x", 0o555), ("x/b.rs", 0o444), ("", 0o555)] {
        let root = temp_dir("read-only");
        let dir = old_crate(&root);
        let path = if entry.is_empty() { root.clone() } else { dir.join(entry) };
        let before = fs::metadata(&path).expect("exists").permissions().mode();
        set_mode(&path, mode);
        let error = write_tree_with(&RealFs, &dir, &new_tree(), KEEP).expect_err("refused");
        set_mode(&path, before);
        assert_eq!(error.on_disk, OnDisk::Unchanged, "{error}");
        assert!(error.message.contains("read-only") && error.message.contains(&path.display().to_string()), "{error}");
        assert_eq!(read_tree_except(&dir, KEEP).expect("reads"), old_tree());
        assert_eq!(siblings(&root), ["crate"]);
        fs::remove_dir_all(&root).expect("cleanup");
    }
}

#[test]
fn an_up_to_date_read_only_tree_is_left_alone() {
    let root = temp_dir("read-only-current");
    let dir = old_crate(&root);
    set_mode(&dir.join("x"), 0o555);
    let report = write_tree_with(&RealFs, &dir, &old_tree(), KEEP).expect("nothing to write");
    set_mode(&dir.join("x"), 0o755);
    assert_eq!((report.changed.len(), report.removed.len(), report.unchanged), (0, 0, 3));
    fs::remove_dir_all(&root).expect("cleanup");
}
