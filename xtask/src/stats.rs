//! `cargo xtask spec stats` and `cargo xtask spec audit`: what the loader reads from a snapshot.

use codegen::load::{self, keywords, source::SourceTree};

use crate::args::Flags;
use crate::{paths, spec};

/// `cargo xtask spec stats [--version V]`.
pub fn stats_command(rest: &[&str]) -> Result<(), String> {
    let data_dir = data_dir_from(rest)?;
    let tree = SourceTree::read(&data_dir).map_err(|e| e.to_string())?;
    let spec = load::load_tree(&tree).map_err(|e| e.to_string())?;
    println!("{}", load::stats::SpecStats::of(&spec));
    // The resolved count above is per resolved place (a core-event property merged into 40
    // events counts 40 times); this is the number of `example` keywords written in schemas.
    let audit = load::audit::audit(&tree);
    let written = audit.seen.get(&(keywords::Kind::Schema, "example".to_string())).copied().unwrap_or(0);
    println!("  schema-level, as written: {written} (`example` keywords in schema objects of the files)");
    Ok(())
}

/// `cargo xtask spec audit [--version V]`: every keyword seen, with its status.
pub fn audit_command(rest: &[&str]) -> Result<(), String> {
    let data_dir = data_dir_from(rest)?;
    let tree = SourceTree::read(&data_dir).map_err(|e| e.to_string())?;
    let report = load::audit::audit(&tree);
    for ((kind, key), count) in &report.seen {
        let status = match keywords::lookup(*kind, key).map(|k| k.status) {
            Some(keywords::Status::Modelled) => "modelled".to_string(),
            Some(keywords::Status::Ignored(reason)) => format!("ignored: {reason}"),
            None => "unknown".to_string(),
        };
        println!("{:<16} {:<26} {:>5}  {status}", format!("{kind:?}"), key, count);
    }
    for finding in &report.findings {
        println!("UNACCOUNTED {finding}");
    }
    println!(
        "audit: {} files, {} keyword occurrences modelled, {} ignored, {} unaccounted",
        report.files,
        report.modelled(),
        report.ignored(),
        report.findings.len()
    );
    if report.findings.is_empty() {
        Ok(())
    } else {
        Err(format!("{} unaccounted keywords", report.findings.len()))
    }
}

/// The verified `data/` directory of `--version V` (default: the target version).
fn data_dir_from(rest: &[&str]) -> Result<std::path::PathBuf, String> {
    let flags = Flags::parse(rest, &["version"], &[])?;
    flags.no_positional()?;
    let version = paths::version_or_target(flags.value("version"))?;
    spec::ensure_fetched(&version)
}
