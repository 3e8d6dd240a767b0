//! `cargo xtask diff A B [--json]`: the semantic changelog between two pinned versions;
//! `cargo xtask diff --since REV`: the committed generated code at `REV` against a regeneration.

use codegen::diff;

use crate::args::Flags;
use crate::spec;

/// `cargo xtask diff A B [--json]` or `cargo xtask diff --since REV`.
pub fn diff_command(rest: &[&str]) -> Result<(), String> {
    let flags = Flags::parse(rest, &["since"], &["json", "semver"])?;
    if let Some(rev) = flags.value("since") {
        flags.no_positional()?;
        return crate::semver::since(rev);
    }
    let [old, new] = flags.positional.as_slice() else {
        return Err("usage: cargo xtask diff OLD_VERSION NEW_VERSION [--json] [--semver] | cargo xtask diff --since REV".to_string());
    };
    let log = changelog(old, new)?;
    if flags.switch("json") {
        let json = serde_json::to_string_pretty(&log).map_err(|e| e.to_string())?;
        println!("{json}");
    } else {
        print!("{}", codegen::changelog::markdown(&log, old, new));
    }
    if flags.switch("semver") {
        // What `cargo xtask test` checks: the generated crates agree with the hint.
        crate::semver::check_pair(old, new)?;
    }
    Ok(())
}

/// The changelog between two pinned versions.
pub fn changelog(old: &str, new: &str) -> Result<codegen::changelog::Changelog, String> {
    Ok(codegen::changelog::changelog(&load(old)?, &load(new)?))
}

/// The spec of a pinned version, from its verified snapshot.
fn load(version: &str) -> Result<codegen::load::model::Spec, String> {
    let data = spec::ensure_available(version)?;
    codegen::load::load_spec(&data).map_err(|e| format!("{version}: {e}"))
}

/// The diff between two pinned versions, each loaded from its verified snapshot.
pub fn compute(old: &str, new: &str) -> Result<diff::SpecDiff, String> {
    Ok(diff::diff(&load(old)?, &load(new)?))
}
