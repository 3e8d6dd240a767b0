//! `cargo xtask codegen [--check] [--version V] [--out DIR]`: regenerate `generated-api`, or
//! write a complete copy of the crate for any pinned version into `DIR`.

use std::path::{Path, PathBuf};

use codegen::write::{self, Provenance};

use crate::args::Flags;
use crate::{crate_copy, paths, spec};

/// The generated tree of a crate directory.
fn generated_tree(crate_dir: &Path) -> PathBuf {
    crate_dir.join("src").join("generated")
}

/// `cargo xtask codegen`: regenerates (or, with `--check`, compares) the generated tree.
pub fn codegen_command(rest: &[&str]) -> Result<(), String> {
    let flags = Flags::parse(rest, &["version", "out"], &["check"])?;
    flags.no_positional()?;
    let version = paths::version_or_target(flags.value("version"))?;
    let crate_dir = flags.value("out").map_or_else(crate_copy::home_crate, PathBuf::from);
    let out = generated_tree(&crate_dir);
    let tree = generate(&version)?;
    if flags.switch("check") {
        check(&out, &tree, &version)
    } else {
        if crate_dir != crate_copy::home_crate() {
            crate_copy::copy_hand_written(&crate_dir)?;
        }
        let report = write::write_tree(&out, &tree).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        println!(
            "{version}: {} files in {}: {} changed, {} removed, {} unchanged",
            tree.len(),
            out.display(),
            report.changed.len(),
            report.removed.len(),
            report.unchanged
        );
        Ok(())
    }
}

/// The rendered tree for `version`, from its verified snapshot.
pub fn generate(version: &str) -> Result<write::RenderedTree, String> {
    let data_dir = spec::ensure_available(version)?;
    let origin = spec::pinned_origin(version)?;
    let provenance = Provenance { tag: origin.tag, repository: origin.repository, commit: origin.commit };
    codegen::generate(&data_dir, &provenance)
}

/// `--check`: fails with a unified diff if `out` is not exactly what the generator writes.
fn check(out: &std::path::Path, tree: &write::RenderedTree, version: &str) -> Result<(), String> {
    let existing = write::read_tree(out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    let diff = write::diff(&existing, tree);
    if diff.is_empty() {
        println!("{version}: {} generated files are up to date", tree.len());
        return Ok(());
    }
    print!("{diff}");
    let report = write::compare(&existing, tree);
    Err(format!(
        "{} differs from what the generator writes ({} changed, {} to remove); run `cargo xtask codegen` to fix it",
        out.display(),
        report.changed.len(),
        report.removed.len()
    ))
}
