//! The semver check: the public API of the generated crate for two pinned versions (or the
//! committed tree and a regeneration), compared item by item with [`codegen::api_surface`], and
//! checked against the changelog's semver hint.

use std::process::Command;

use codegen::api_surface::{self, Surface, SurfaceDiff};
use codegen::write::RenderedTree;

use crate::{codegen as generate, diff, paths};

/// How many breaking items to print before "... and N more".
const SHOWN: usize = 12;

/// Compares the generated crates of `old` and `new` and fails unless the comparison agrees with
/// the changelog's hint: breaking items in the code ⇔ a breaking change in the diff.
pub fn check_pair(old: &str, new: &str) -> Result<(), String> {
    let old_surface = surface_of(old, &generate::generate_with_warnings(old)?.tree)?;
    let new_surface = surface_of(new, &generate::generate_with_warnings(new)?.tree)?;
    let compared = api_surface::compare(&old_surface, &new_surface);
    print_comparison(&format!("{old} → {new}"), &old_surface, &new_surface, &compared);
    let log = diff::changelog(old, new)?;
    let hint_breaking = log.diff.is_breaking();
    println!(
        "semver {old} → {new}: the diff's hint is {} ({} breaking changes); the generated code {}",
        log.semver_hint(),
        log.entries.iter().filter(|e| e.change.breaking).count(),
        if compared.is_breaking() { "breaks" } else { "does not break" }
    );
    if hint_breaking != compared.is_breaking() {
        return Err(format!(
            "semver {old} → {new}: the diff says {} but the generated public API {}: the diff misses a change or \
             marks one wrongly",
            log.semver_hint(),
            if compared.is_breaking() { "breaks" } else { "does not break" }
        ));
    }
    println!("semver {old} → {new}: the generated API agrees with the diff's hint");
    Ok(())
}

/// `cargo xtask diff --since REV`: the committed `generated-api/src/generated/` at `REV` against
/// a regeneration from the target version's spec.
pub fn since(rev: &str) -> Result<(), String> {
    let target = paths::target_version()?;
    let committed = surface_of(rev, &committed_tree(rev)?)?;
    let regenerated = surface_of(&target, &generate::generate_with_warnings(&target)?.tree)?;
    let compared = api_surface::compare(&committed, &regenerated);
    print_comparison(&format!("{rev} (committed) → {target} (regenerated)"), &committed, &regenerated, &compared);
    let hint = if compared.is_breaking() { "major" } else if compared.added.is_empty() { "none" } else { "minor" };
    println!("semver hint from the generated code: {hint}");
    Ok(())
}

fn surface_of(what: &str, tree: &RenderedTree) -> Result<Surface, String> {
    let surface = api_surface::surface(tree);
    if !surface.unparsed.is_empty() {
        return Err(format!("{what}: {} generated files do not parse: {:?}", surface.unparsed.len(), surface.unparsed));
    }
    Ok(surface)
}

fn print_comparison(title: &str, old: &Surface, new: &Surface, compared: &SurfaceDiff) {
    println!(
        "semver {title}: compared {} public items (structs, fields, enums, variants, aliases, constants, functions) \
         with {}: {} removed or changed, {} new required fields, {} added",
        old.items.len(),
        new.items.len(),
        compared.removed.len(),
        compared.new_required.len(),
        compared.added.len()
    );
    for (label, items) in [("removed or changed", &compared.removed), ("new required field", &compared.new_required)] {
        for item in items.iter().take(SHOWN) {
            println!("  breaking ({label}): {item}");
        }
        if items.len() > SHOWN {
            println!("  ... and {} more {label}", items.len() - SHOWN);
        }
    }
}

/// The generated tree as committed at `rev` (paths relative to `src/generated/`).
fn committed_tree(rev: &str) -> Result<RenderedTree, String> {
    const DIR: &str = "generated-api/src/generated/";
    let listing = git(&["ls-tree", "-r", "--name-only", rev, "--", DIR])?;
    let mut tree = RenderedTree::new();
    for path in listing.lines().filter(|p| p.ends_with(".rs")) {
        let text = git(&["show", &format!("{rev}:{path}")])?;
        tree.insert(path.trim_start_matches(DIR).to_string(), text);
    }
    if tree.is_empty() {
        return Err(format!("no generated files at {rev}"));
    }
    Ok(tree)
}

fn git(args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(paths::workspace_root())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("git {}: not UTF-8: {e}", args.join(" ")))
}
