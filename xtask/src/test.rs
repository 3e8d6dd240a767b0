//! `cargo xtask test`: everything CI checks, in the order a failure is cheapest to see.

use std::process::Command;

use crate::{paths, spec};

/// `cargo xtask test`: verify every pinned snapshot (fetching any that is missing), then run the
/// workspace's tests, clippy and rustdoc with warnings as errors.
pub fn test_command(rest: &[&str]) -> Result<(), String> {
    if let Some(word) = rest.first() {
        return Err(format!("unexpected argument: {word}"));
    }
    for version in paths::pinned_versions()? {
        spec::ensure_available(&version)?;
        println!("{version}: snapshot verified against its lock");
    }
    run("cargo", &["test", "--workspace"], &[])?;
    run("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    run("cargo", &["doc", "-p", "generated-api", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    println!("xtask test: all checks passed");
    Ok(())
}

/// Runs one step in the workspace root with inherited output; a failure names the step.
fn run(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let shown = format!("{program} {}", args.join(" "));
    println!("==> {shown}");
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(paths::workspace_root())
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}
