//! `cargo xtask diff A B [--json]`: the semantic changelog between two pinned versions.

use codegen::diff;

use crate::args::Flags;
use crate::spec;

/// `cargo xtask diff A B [--json]`.
pub fn diff_command(rest: &[&str]) -> Result<(), String> {
    let flags = Flags::parse(rest, &[], &["json"])?;
    let [old, new] = flags.positional.as_slice() else {
        return Err("usage: cargo xtask diff OLD_VERSION NEW_VERSION [--json]".to_string());
    };
    let changes = compute(old, new)?;
    if flags.switch("json") {
        let json = serde_json::to_string_pretty(&changes).map_err(|e| e.to_string())?;
        println!("{json}");
    } else {
        print!("{}", diff::markdown(&changes, old, new));
    }
    Ok(())
}

/// The diff between two pinned versions, each loaded from its verified snapshot.
pub fn compute(old: &str, new: &str) -> Result<diff::SpecDiff, String> {
    let load = |version: &str| -> Result<_, String> {
        let data = spec::ensure_available(version)?;
        codegen::load::load_spec(&data).map_err(|e| format!("{version}: {e}"))
    };
    Ok(diff::diff(&load(old)?, &load(new)?))
}
