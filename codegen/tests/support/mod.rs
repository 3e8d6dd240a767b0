//! What the codegen tests share: the pinned target spec and its IR; and, for the tests that
//! generate a fixture crate, the workspace's paths, file trees as maps, and the hand-written
//! part of a copy of `generated-api` that `cargo check`s offline.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::write::Provenance;

/// The pinned target version's `data/` directory and the version (`spec-snapshot/TARGET`).
pub fn pinned_spec_dir() -> (PathBuf, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec-snapshot");
    let version = fs::read_to_string(root.join("TARGET")).expect("spec-snapshot/TARGET");
    let dir = root.join(version.trim()).join("data");
    assert!(dir.is_dir(), "{} is missing: run `cargo xtask spec fetch` first", dir.display());
    (dir, version.trim().to_string())
}

/// The IR of the pinned target version.
pub fn pinned_ir() -> codegen::ir::Ir {
    let (dir, version) = pinned_spec_dir();
    let spec = codegen::load::load_spec(&dir).expect("the pinned spec loads");
    codegen::ir::build(&spec, &version).expect("the IR builds")
}

/// The provenance every fixture crate is generated with.
pub fn provenance() -> Provenance {
    Provenance { tag: "v0.0-fixture".into(), repository: "fixture".into(), commit: "0".repeat(40) }
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target directory the running test was built in (`target/<profile>/deps/<test>-…` →
/// `target`), so fixture crates reuse its compiled dependencies.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("test executable");
        exe.ancestors().nth(3).expect("target/<profile>/deps/exe").to_path_buf()
    })
}

/// Every file below `dir` with its bytes (paths relative, with `/`).
pub fn files_below(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).expect("lists") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below").to_string_lossy().replace('\\', "/");
                out.insert(relative, fs::read(&path).expect("reads"));
            }
        }
    }
    out
}

/// Writes `files` (relative paths) below `root`.
pub fn write_files(root: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in files {
        let target = root.join(path);
        fs::create_dir_all(target.parent().expect("a parent")).expect("creates");
        fs::write(&target, bytes).expect("writes");
    }
}

/// The hand-written part of a copy of `generated-api` that `cargo check`s offline: the facade's
/// and each split crate's (`crates/*`) sources and standalone manifests, and the workspace's
/// lock. The caller adds the generated tree below `src/generated/`.
pub fn hand_written_crate() -> BTreeMap<String, Vec<u8>> {
    let home = workspace().join("generated-api");
    let mut files: BTreeMap<String, Vec<u8>> = files_below(&home.join("src"))
        .into_iter()
        .filter(|(path, _)| !path.starts_with("generated/"))
        .map(|(path, bytes)| (format!("src/{path}"), bytes))
        .collect();
    for entry in fs::read_dir(home.join("crates")).expect("generated-api/crates") {
        let dir = entry.expect("entry").path();
        let name = dir.file_name().expect("a name").to_string_lossy().into_owned();
        for (path, bytes) in files_below(&dir.join("src")) {
            files.insert(format!("crates/{name}/src/{path}"), bytes);
        }
        files.insert(format!("crates/{name}/Cargo.toml"), member_manifest(&dir).into_bytes());
    }
    let mut root = member_manifest(&home);
    root.push_str("\n[workspace]\n");
    files.insert("Cargo.toml".into(), root.into_bytes());
    files.insert("Cargo.lock".into(), fs::read(workspace().join("Cargo.lock")).expect("the workspace lock"));
    files
}

/// A manifest for a copy of the crate at `dir`: its name, edition, dependencies (workspace
/// ones written out) and features; dev-dependencies are not needed to check the library.
fn member_manifest(dir: &Path) -> String {
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).expect("the crate manifest");
    let workspace = fs::read_to_string(workspace().join("Cargo.toml")).expect("the workspace manifest");
    let shared = section(&workspace, "workspace.dependencies");
    let field = |key: &str| manifest.lines().find_map(|line| line.trim().strip_prefix(key).map(str::to_string));
    let name = field("name = ").expect("a package name");
    // The crate's own edition (2024: its runtime relies on the 2024 drop order of temporaries).
    let edition = field("edition = ").unwrap_or_else(|| "\"2021\"".to_string());
    let mut out = format!("[package]\nname = {name}\nversion = \"0.0.0\"\nedition = {edition}\n\n[dependencies]\n");
    for line in section(&manifest, "dependencies") {
        let line = match line.trim().strip_suffix(".workspace = true") {
            Some(name) => shared
                .iter()
                .find(|l| l.split('=').next().map(str::trim) == Some(name))
                .cloned()
                .expect("a workspace dependency"),
            None => line,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("\n[features]\n");
    for line in section(&manifest, "features") {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The non-empty, non-comment lines of the TOML section `[name]`.
pub fn section(text: &str, name: &str) -> Vec<String> {
    let header = format!("[{name}]");
    text.lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map(str::to_string)
        .collect()
}
