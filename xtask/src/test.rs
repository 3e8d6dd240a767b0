//! `cargo xtask test`: everything CI checks, in the order a failure is cheapest to see.

use std::process::Command;

use crate::{diff, paths, spec};

/// The features of `generated-api` that must each build on their own.
const SINGLE_FEATURES: &[&str] = &["client", "federation", "appservice", "identity", "push-gateway", "events"];

/// `cargo xtask test`: verify every pinned snapshot (fetching any that is missing), then run the
/// workspace's tests, clippy and rustdoc with warnings as errors.
pub fn test_command(rest: &[&str]) -> Result<(), String> {
    if let Some(word) = rest.first() {
        return Err(format!("unexpected argument: {word}"));
    }
    let versions = paths::pinned_versions()?;
    for version in &versions {
        spec::ensure_available(version)?;
        println!("{version}: snapshot verified against its lock");
    }
    // The changelog between the pinned versions must compute (a drift check of the diff itself).
    for pair in versions.windows(2) {
        let changes = diff::compute(&pair[0], &pair[1])?;
        println!(
            "diff {} → {}: {} structural changes ({} breaking), {} documentation/example changes",
            pair[0],
            pair[1],
            changes.structural.len(),
            changes.structural.iter().filter(|c| c.breaking).count(),
            changes.documentation.len()
        );
    }
    // `--show-output` so the counts the tests print ("N passed, M failed") reach the CI log.
    run("cargo", &["test", "--workspace", "--", "--show-output"], &[])?;
    run("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    run("cargo", &["doc", "-p", "generated-api", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    // Each API alone must build: a client-only user compiles only what the client API needs.
    for feature in SINGLE_FEATURES {
        run("cargo", &["check", "-p", "generated-api", "--no-default-features", "--features", feature], &[])?;
    }
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
