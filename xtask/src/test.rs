//! `cargo xtask test`: everything CI checks, in the order a failure is cheapest to see.

use std::process::Command;

use crate::{diff, fuzz, paths, semver, spec, synapse};

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
        // Semver in CI: the generated crates' public items must agree with the diff's hint.
        semver::check_pair(&pair[0], &pair[1])?;
    }
    // `--show-output` so the counts the tests print ("N passed, M failed") reach the CI log.
    // `--all-targets`: every target but the doc tests, which are the next step.
    let (passed, failed) = run_tests(&["test", "--workspace", "--all-targets", "--", "--show-output"])?;
    let (doc_passed, doc_failed) = doc_examples_step(versions.last().map_or("", String::as_str))?;
    let (passed, failed) = (passed + doc_passed, failed + doc_failed);
    // A real homeserver: Synapse on loopback (or $MATRIX_INTEROP_SERVER), driven through the
    // generated types by the interop test (ignored in the plain run above) and the example bot.
    let (interop_passed, interop_failed) = synapse::interop_step(run_tests)?;
    let (passed, failed) = (passed + interop_passed, failed + interop_failed);
    // The benchmark's own checks (both crates type every generated event, the census finds a
    // catch-all, the input is shaped like Synapse's): `benches/` is a workspace of its own, so
    // the run above does not reach it, and a change that breaks it would otherwise show only at
    // the next `cargo xtask bench decode`. A debug build: the checks, not the speed.
    let (bench_passed, bench_failed) = run_tests_in(&paths::workspace_root().join("benches"), &["test"])?;
    let (passed, failed) = (passed + bench_passed, failed + bench_failed);
    // A few seconds of the fuzzer (ignored in the plain run above), with a fixed seed.
    fuzz::run(&fuzz::Bounds::BRIEF)?;
    run("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    run("cargo", &["doc", "-p", "generated-api", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    // Each API alone must build: a client-only user compiles only what the client API needs.
    for feature in SINGLE_FEATURES {
        run("cargo", &["check", "-p", "generated-api", "--no-default-features", "--features", feature], &[])?;
    }
    println!("xtask test: all checks passed (cargo test, clippy, rustdoc, feature builds)");
    println!("tests: {passed} passed, {failed} failed");
    Ok(())
}

/// The doc tests of `generated-api` and its crates (every operation's request and response
/// example from the spec, the crate's quick start), one merged binary per crate (edition 2024);
/// then which operations have no example and why. Fails unless every generated example ran and passed.
fn doc_examples_step(version: &str) -> Result<(usize, usize), String> {
    // The facade and every crate it is split into: the operations' examples sit in the
    // operations crates.
    let mut packages = vec!["generated-api".to_string()];
    packages.extend(codegen::emit::Crate::all().into_iter().map(codegen::emit::Crate::package));
    let mut args = vec!["test", "--doc"];
    for package in &packages {
        args.extend(["-p", package.as_str()]);
    }
    let (passed, failed) = run_tests(&args)?;
    println!("doc examples: {passed} passed, {failed} failed");
    let data_dir = spec::ensure_available(version)?;
    let tag = spec::pinned_origin(version)?.tag;
    let coverage = codegen::doc_example_coverage(&data_dir, &tag).map_err(|e| e.to_string())?;
    let with_request = coverage.iter().filter(|(_, request, _)| request.is_none()).count();
    let with_response = coverage.iter().filter(|(_, _, response)| response.is_none()).count();
    println!(
        "doc examples: {} operations; {with_request} with a request example, {with_response} with a response example",
        coverage.len()
    );
    for (side, reasons) in [
        ("request", coverage.iter().filter_map(|(op, r, _)| r.map(|r| (op, r))).collect::<Vec<_>>()),
        ("response", coverage.iter().filter_map(|(op, _, r)| r.map(|r| (op, r))).collect::<Vec<_>>()),
    ] {
        let mut by_reason: std::collections::BTreeMap<&str, Vec<&String>> = std::collections::BTreeMap::new();
        for (op, reason) in reasons {
            by_reason.entry(reason).or_default().push(op);
        }
        for (reason, ops) in by_reason {
            let names: Vec<&str> = ops.iter().map(|op| op.as_str()).collect();
            println!("  no {side} example: {} ({reason}): {}", ops.len(), names.join(", "));
        }
    }
    if passed < with_request + with_response {
        return Err(format!(
            "doc examples: {passed} passed, fewer than the {} generated ones",
            with_request + with_response
        ));
    }
    Ok((passed, failed))
}

/// Runs `cargo test ...` with its output passed through, and adds up the `test result:` lines
/// of every test binary, so one closing line counts the whole run.
fn run_tests(args: &[&str]) -> Result<(usize, usize), String> {
    run_tests_in(&paths::workspace_root(), args)
}

/// [`run_tests`] in the workspace at `dir`.
fn run_tests_in(dir: &std::path::Path, args: &[&str]) -> Result<(usize, usize), String> {
    use std::io::{BufRead, BufReader};
    println!("==> cargo {} (in {})", args.join(" "), dir.display());
    let mut child = Command::new("cargo")
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let (mut passed, mut failed) = (0, 0);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| e.to_string())?;
            println!("{line}");
            if let Some((p, f)) = test_result_counts(&line) {
                passed += p;
                failed += f;
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok((passed, failed))
    } else {
        Err(format!("cargo test failed ({status}): {passed} passed, {failed} failed"))
    }
}

/// `test result: ok. 12 passed; 0 failed; ...` → (12, 0).
fn test_result_counts(line: &str) -> Option<(usize, usize)> {
    let rest = line.strip_prefix("test result: ")?;
    let number_before = |word: &str| -> Option<usize> {
        let end = rest.find(word)?;
        rest[..end].trim_end().rsplit(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    };
    Some((number_before(" passed")?, number_before(" failed")?))
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

#[cfg(test)]
mod tests {
    #[test]
    fn reads_test_result_lines() {
        let line = "test result: ok. 43 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.04s";
        assert_eq!(super::test_result_counts(line), Some((43, 2)));
        assert_eq!(super::test_result_counts("running 4 tests"), None);
    }
}
