//! `cargo xtask codegen [--check] [--strict] [--version V] [--out DIR]`: regenerate
//! `generated-api`, or write a complete copy of the crate for any pinned version into `DIR`.
//!
//! The generator's warnings (an event the overrides do not classify, an event type taken from a
//! file name) are printed; `--strict` makes any of them an error before anything is written.
//!
//! The output is always either the old tree or the complete new one, and the exit code says
//! which:
//!
//! - 0: the new tree is complete and in place;
//! - 1: nothing was written: the output is exactly as before (the old tree, or no `DIR`);
//! - 2 ([`EXIT_NEW_WITH_LEFTOVER`]): the new tree is complete and in place, but the old one could
//!   not be removed from beside it (the message names it; the next run removes it);
//! - 3 ([`EXIT_INTERRUPTED`]): two steps of the swap failed in a row and the output path is
//!   empty; the old tree is complete beside it (named) and the next run puts it back.
//!
//! Test seam: `CODEGEN_WRITE_FAULT=KIND:N` makes the N-th (from 0) file-system change of that
//! kind fail (see [`codegen::write::Fault::parse`]), so the failed-write tests can fail a write
//! part-way even as root, for whom read-only directories are no obstacle.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use codegen::write::{self, OnDisk, Provenance, WriteError, WriteFs};

/// Exit code: the new tree is in place, the old one is left beside it.
pub const EXIT_NEW_WITH_LEFTOVER: i32 = 2;
/// Exit code: the swap was interrupted; the old tree is saved beside the output.
pub const EXIT_INTERRUPTED: i32 = 3;

/// The environment variable of the failed-write test seam.
const FAULT_VARIABLE: &str = "CODEGEN_WRITE_FAULT";

use crate::args::Flags;
use crate::{crate_copy, paths, spec};

/// The generated tree of a crate directory.
fn generated_tree(crate_dir: &Path) -> PathBuf {
    crate_dir.join("src").join("generated")
}

/// `cargo xtask codegen`: regenerates (or, with `--check`, compares) the generated tree.
pub fn codegen_command(rest: &[&str]) -> Result<(), String> {
    let flags = Flags::parse(rest, &["version", "out"], &["check", "strict"])?;
    flags.no_positional()?;
    let version = paths::version_or_target(flags.value("version"))?;
    let crate_dir = flags.value("out").map_or_else(crate_copy::home_crate, PathBuf::from);
    let out = generated_tree(&crate_dir);
    let generated = generate_with_warnings(&version)?;
    report_warnings(&version, &generated.warnings, flags.switch("strict"))?;
    let tree = generated.tree;
    if flags.switch("check") {
        check(&out, &tree, &version)
    } else if crate_dir != crate_copy::home_crate() {
        // A copy is replaced as a whole crate; its build output is kept.
        write_out(&crate_dir, &crate_copy::crate_tree(&tree)?, &["target"], &version)
    } else {
        write_out(&out, &tree, &[], &version)
    }
}

/// Writes `tree` to `dir` atomically, exiting with the code of what is on disk if that fails.
fn write_out(dir: &Path, tree: &write::RenderedTree, keep: &[&str], version: &str) -> Result<(), String> {
    let fault = std::env::var(FAULT_VARIABLE).ok().map(|text| write::Fault::parse(&text)).transpose()?;
    let faulty = fault.map(write::FaultyFs::new);
    let fs: &dyn WriteFs = match &faulty {
        Some(faulty) => faulty,
        None => &write::RealFs,
    };
    match write::write_tree_with(fs, dir, tree, keep) {
        Ok(report) => {
            println!(
                "{version}: {} files in {}: {} changed, {} removed, {} unchanged",
                tree.len(),
                dir.display(),
                report.changed.len(),
                report.removed.len(),
                report.unchanged
            );
            Ok(())
        }
        Err(error) => fail_write(dir, &error),
    }
}

/// Reports a failed write; exits with the code of a state other than "unchanged" (which is the
/// ordinary error, exit 1).
fn fail_write(dir: &Path, error: &WriteError) -> Result<(), String> {
    let message = format!("cannot write {}: {error}", dir.display());
    let code = match error.on_disk {
        OnDisk::Unchanged => return Err(message),
        OnDisk::NewWithLeftover(_) => EXIT_NEW_WITH_LEFTOVER,
        OnDisk::Interrupted(_) => EXIT_INTERRUPTED,
    };
    eprintln!("error: {message}");
    let _ = std::io::stdout().flush();
    // `main` maps every error to exit 1, which means "unchanged"; these states need their own.
    std::process::exit(code)
}

/// The rendered tree for `version`, from its verified snapshot, and the generator's warnings.
pub fn generate_with_warnings(version: &str) -> Result<codegen::Generated, String> {
    let data_dir = spec::ensure_available(version)?;
    let origin = spec::pinned_origin(version)?;
    let provenance = Provenance { tag: origin.tag, repository: origin.repository, commit: origin.commit };
    codegen::generate_with_warnings(&data_dir, &provenance).map_err(|e| e.to_string())
}

/// Prints every warning on stderr; with `strict`, fails naming them all.
fn report_warnings(version: &str, warnings: &[codegen::warning::Warning], strict: bool) -> Result<(), String> {
    if strict {
        return codegen::warning::refuse_any(warnings).map_err(|e| format!("{version}: {e}"));
    }
    for warning in warnings {
        eprintln!("warning: {version}: {warning}");
    }
    Ok(())
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
