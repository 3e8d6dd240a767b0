//! A complete, standalone copy of the `generated-api` crate for `cargo xtask codegen --out DIR`:
//! the hand-written files are copied and the manifest's workspace inheritance is written out, so
//! the copy builds on its own (its generated tree comes from the version asked for).

use std::fs;
use std::path::{Path, PathBuf};

use codegen::write::RenderedTree;

use crate::paths;

/// The crate the generator writes into by default.
pub fn home_crate() -> PathBuf {
    paths::workspace_root().join("generated-api")
}

/// The whole crate for `--out`: every hand-written file of `generated-api` (all but
/// `src/generated/`), with a manifest that no longer inherits from the workspace, the
/// workspace's lock, and `generated` below `src/generated/`.
///
/// The crate is one tree, so the writer replaces it as a whole: a failure part-way leaves the
/// previous copy (or nothing), never a mix.
pub fn crate_tree(generated: &RenderedTree) -> Result<RenderedTree, String> {
    let home = home_crate();
    let mut tree = RenderedTree::new();
    read_hand_written(&home, "", &home.join("src/generated"), &mut tree)?;
    let manifest = fs::read_to_string(home.join("Cargo.toml")).map_err(|e| format!("cannot read the manifest: {e}"))?;
    let workspace = fs::read_to_string(paths::workspace_root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read the workspace manifest: {e}"))?;
    tree.insert("Cargo.toml".to_string(), standalone_manifest(&manifest, &workspace)?);
    let lock = paths::workspace_root().join("Cargo.lock");
    // The workspace's lock pins the same dependency versions for the copy.
    let lock_text = fs::read_to_string(&lock).map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    tree.insert("Cargo.lock".to_string(), lock_text);
    for (path, text) in generated {
        tree.insert(format!("src/generated/{path}"), text.clone());
    }
    Ok(tree)
}

/// The files below `dir` (as `prefix/...`), except `skip` and build output.
fn read_hand_written(dir: &Path, prefix: &str, skip: &Path, tree: &mut RenderedTree) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path == skip || name == "target" {
            continue;
        }
        let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        if path.is_dir() {
            read_hand_written(&path, &relative, skip, tree)?;
        } else {
            let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            tree.insert(relative, text);
        }
    }
    Ok(())
}

/// The lines of `[section]` in a TOML text (a small reader: the manifests are ours and simple).
fn section<'t>(toml: &'t str, name: &str) -> Vec<&'t str> {
    let header = format!("[{name}]");
    toml.lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .collect()
}

/// `key = value` of `[section]`.
fn entry<'t>(toml: &'t str, section_name: &str, key: &str) -> Option<&'t str> {
    section(toml, section_name).into_iter().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then_some(v.trim())
    })
}

/// The crate manifest with every `x.workspace = true` replaced by the workspace's value, and a
/// `[workspace]` table of its own.
pub fn standalone_manifest(manifest: &str, workspace: &str) -> Result<String, String> {
    let root = paths::workspace_root();
    let mut out = String::new();
    let mut lines = manifest.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "[lints]" && lines.peek().map(|l| l.trim()) == Some("workspace = true") {
            lines.next();
            for table in ["rust", "clippy"] {
                out.push_str(&format!("[lints.{table}]\n"));
                for lint in section(workspace, &format!("workspace.lints.{table}")) {
                    out.push_str(lint);
                    out.push('\n');
                }
            }
            continue;
        }
        match trimmed.strip_suffix(".workspace = true") {
            Some(key) => {
                let value = entry(workspace, "workspace.package", key)
                    .or_else(|| entry(workspace, "workspace.dependencies", key))
                    .ok_or_else(|| format!("the workspace does not define {key}"))?;
                let value = value.replace("path = \"", &format!("path = \"{}/", root.display()));
                out.push_str(&format!("{key} = {value}\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str("\n# A standalone copy, generated by `cargo xtask codegen --out`.\n[workspace]\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_inheritance_is_written_out() {
        let workspace = "[workspace.package]\nedition = \"2021\"\n\n[workspace.dependencies]\nserde = { version = \"1\" }\ncodegen = { path = \"codegen\" }\n\n[workspace.lints.rust]\nmissing_docs = \"warn\"\n\n[workspace.lints.clippy]\nunwrap_used = \"warn\"\n";
        let manifest = "[package]\nedition.workspace = true\n\n[dependencies]\nserde.workspace = true\ncodegen.workspace = true\n\n[lints]\nworkspace = true\n";
        let out = standalone_manifest(manifest, workspace).expect("rewrites");
        assert!(out.contains("edition = \"2021\"\n"), "{out}");
        assert!(out.contains("serde = { version = \"1\" }\n"), "{out}");
        assert!(
            out.contains(&format!("codegen = {{ path = \"{}/codegen\" }}", paths::workspace_root().display())),
            "{out}"
        );
        assert!(
            out.contains("[lints.rust]\nmissing_docs = \"warn\"\n[lints.clippy]\nunwrap_used = \"warn\"\n"),
            "{out}"
        );
        assert!(out.trim_end().ends_with("[workspace]"), "{out}");
        assert!(!out.contains(".workspace = true"), "{out}");
    }
}
