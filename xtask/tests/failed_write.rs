//! `cargo xtask codegen --out DIR` when the write fails part-way: the output is the old crate or
//! the complete new one, never a mix, and the exit code says which (0 new, 1 unchanged, 2 new
//! with the old tree left beside it).
//!
//! The failures are injected through the writer's test seam (`CODEGEN_WRITE_FAULT`), because
//! these tests may run as root, whom read-only directories do not stop; the read-only case is
//! refused by the writer's own mode check, which binds root too.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(out: &Path, fault: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(["codegen", "--out", out.to_str().expect("utf-8 path")]);
    match fault {
        Some(fault) => command.env("CODEGEN_WRITE_FAULT", fault),
        None => command.env_remove("CODEGEN_WRITE_FAULT"),
    };
    command.output().expect("xtask runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-failed-write-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Every file below `dir` with its bytes, sorted.
fn files_below(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).expect("lists") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.strip_prefix(dir).expect("below").to_path_buf(), fs::read(&path).expect("reads")));
            }
        }
    }
    out.sort();
    out
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).expect("lists").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A hand edit, so that the next run has something to write.
fn edit(out: &Path) {
    let file = out.join("src/generated/client-n/client_server/rooms.rs");
    let mut text = fs::read_to_string(&file).expect("rooms.rs is generated");
    text.push_str("// a hand edit\n");
    fs::write(&file, text).expect("edit");
}

#[test]
fn a_failed_write_leaves_the_old_crate_or_the_complete_new_one_and_the_exit_code_says_which() {
    let root = temp_dir("crate");
    let out = root.join("crate");

    // A fresh --out that fails part-way leaves nothing at all.
    let failed = xtask(&out, Some("write:5"));
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed));
    assert!(text(&failed).contains("the output is unchanged"), "{}", text(&failed));
    assert!(names_in(&root).is_empty(), "a partial crate is left: {:?}", names_in(&root));

    let written = xtask(&out, None);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written));
    let new = files_below(&out);
    fs::create_dir_all(out.join("target")).expect("target");
    fs::write(out.join("target/artifact"), "kept").expect("target file");

    // Failing the swap's second rename puts the old crate back, hand edit and build output included.
    edit(&out);
    let old = files_below(&out);
    let failed = xtask(&out, Some("rename:2"));
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed));
    assert_eq!(files_below(&out), old, "the old crate is not intact");
    assert_eq!(names_in(&root), ["crate"]);

    // Failing the removal of the old crate leaves the complete new one, and says so.
    let failed = xtask(&out, Some("remove:0"));
    assert_eq!(failed.status.code(), Some(2), "{}", text(&failed));
    assert!(text(&failed).contains("the new tree is complete and in place"), "{}", text(&failed));
    let mut expected_new = new.clone();
    expected_new.push((PathBuf::from("target/artifact"), b"kept".to_vec()));
    expected_new.sort();
    assert_eq!(files_below(&out), expected_new, "the new crate is not complete");
    assert_eq!(names_in(&root), [".crate.old", "crate"]);
    let settled = xtask(&out, None);
    assert_eq!(settled.status.code(), Some(0), "{}", text(&settled));
    assert_eq!(names_in(&root), ["crate"], "the next run removes the leftover");

    // A read-only directory in the crate is refused before anything is written, even as root.
    edit(&out);
    let before = files_below(&out);
    let events = out.join("src/generated/core/events");
    fs::set_permissions(&events, fs::Permissions::from_mode(0o555)).expect("chmod");
    let refused = xtask(&out, None);
    fs::set_permissions(&events, fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("is read-only"), "{}", text(&refused));
    assert_eq!(files_below(&out), before, "a refused write changed the crate");
    assert_eq!(names_in(&root), ["crate"]);
    println!("failed writes: fresh (exit 1, nothing left), swap (exit 1, old intact), cleanup (exit 2, new complete), read-only (exit 1, old intact)");
    fs::remove_dir_all(&root).expect("cleanup");
}
