//! `cargo xtask bench ...`: the benchmarks of `BENCHMARKS.md`.
//!
//! - `bench compile [--only full|client]`: clean debug builds of generated-api and of a scratch
//!   crate depending on ruma, one after the other, each in a fresh target directory under
//!   `target/bench-compile/`; wall time, CPU time (user + sys) and peak RSS, as a Markdown table.
//! - `bench decode [ARGS]`: the `/sync` decode/encode benchmark (`cargo run --release` in
//!   `benches/`, its own workspace), ARGS passed on (`--min-time SECS`, `--sizes small,medium`);
//!   then `serde_json::Value` decode of the 1 MB input with and without `preserve_order`
//!   (`benches/value-order`, built both ways).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::args::Flags;
use crate::paths;

/// The ruma release compared against (crates.io).
const RUMA_VERSION: &str = "0.17.2";

/// ruma's features for the whole-API build: every API generated-api covers, and the events.
const RUMA_FULL_FEATURES: &[&str] =
    &["client-api-c", "federation-api", "appservice-api-c", "identity-service-api", "push-gateway-api", "events"];

/// ruma's features for the client-only build.
const RUMA_CLIENT_FEATURES: &[&str] = &["client-api-c"];

/// `/usr/bin/time`: CPU time and peak RSS of a command and all its children.
const TIME: &str = "/usr/bin/time";

/// Runs `cargo xtask bench <what> ...`.
pub fn bench_command(rest: &[&str]) -> Result<(), String> {
    match rest {
        ["compile", flags @ ..] => compile_command(flags),
        ["decode", args @ ..] => decode_command(args),
        _ => Err("usage: cargo xtask bench compile [--only full|client] | cargo xtask bench decode [--min-time SECS] [--sizes small,medium,large]".to_string()),
    }
}

/// `bench decode`: the `/sync` benchmark of `benches/` (release build, its own workspace).
fn decode_command(args: &[&str]) -> Result<(), String> {
    let dir = paths::workspace_root().join("benches");
    let status = Command::new(cargo())
        .args(["run", "--release", "--", "decode"])
        .args(args)
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("cannot run cargo in {}: {e}", dir.display()))?;
    if !status.success() {
        return Err(format!("the decode benchmark failed ({status})"));
    }
    value_order(&dir)
}

/// How many times each `value-order` build runs, alternately (the two cannot share a binary,
/// so alternating is what keeps a slow moment of the machine from favouring one).
const VALUE_ORDER_ROUNDS: usize = 3;

/// `serde_json::Value` decode of the 1 MB input without and with serde_json's `preserve_order`:
/// what a dependant's unrelated `Value` decode pays when a crate in its graph turns the feature
/// on (generated-api's `preserve-order` does; it is off by default).
fn value_order(benches: &Path) -> Result<(), String> {
    let input = benches.join("target").join("sync-1mb.json");
    let dump = cargo_run_release(benches, &["--", "dump", "medium"], "dumping the 1 MB input")?;
    std::fs::write(&input, dump).map_err(|e| format!("cannot write {}: {e}", input.display()))?;
    println!("\n### `serde_json::Value` decode of the 1 MB input, without and with `preserve_order`\n");
    println!("Two builds of `benches/value-order` (features unify, so one binary cannot hold both), run alternately, {VALUE_ORDER_ROUNDS} rounds of 1 s each:\n");
    let input_arg = input.to_string_lossy().into_owned();
    for round in 1..=VALUE_ORDER_ROUNDS {
        for features in [&[][..], &["--features", "preserve-order"][..]] {
            let args: Vec<&str> =
                ["-p", "value-order"].into_iter().chain(features.iter().copied()).chain(["--", &input_arg, "1"]).collect();
            let line = cargo_run_release(benches, &args, "value-order")?;
            print!("- round {round}: {}", String::from_utf8_lossy(&line));
        }
    }
    Ok(())
}

/// `cargo run --quiet --release ARGS` in `dir`: its standard output (`what` names it in errors).
fn cargo_run_release(dir: &Path, args: &[&str], what: &str) -> Result<Vec<u8>, String> {
    let output = Command::new(cargo())
        .args(["run", "--quiet", "--release"])
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo in {}: {e}", dir.display()))?;
    if !output.status.success() {
        return Err(format!("{what} failed ({})", output.status));
    }
    Ok(output.stdout)
}

/// One build to measure.
struct Build {
    /// The row's name.
    name: String,
    /// The directory cargo runs in.
    dir: PathBuf,
    /// cargo's arguments after `build`.
    args: Vec<String>,
    /// The fresh target directory.
    target: PathBuf,
}

/// What one build cost.
struct Measured {
    wall: Duration,
    /// user + sys seconds, and peak RSS in KiB, from `/usr/bin/time` (None when it is missing).
    cpu_secs: Option<f64>,
    max_rss_kib: Option<u64>,
    crates: usize,
    load_before: String,
}

/// `bench compile`.
fn compile_command(words: &[&str]) -> Result<(), String> {
    let flags = Flags::parse(words, &["only"], &[])?;
    flags.no_positional()?;
    let (full, client) = match flags.value("only") {
        None => (true, true),
        Some("full") => (true, false),
        Some("client") => (false, true),
        Some(other) => return Err(format!("--only: expected full or client, got {other}")),
    };

    let root = paths::workspace_root();
    let out = root.join("target").join("bench-compile");
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let have_time = Path::new(TIME).is_file();
    if !have_time {
        eprintln!(
            "note: {TIME} is missing (apt-get install time): measuring wall time only; CPU time and peak RSS are not reported"
        );
    }

    let mut pairs: Vec<(&str, Build, Build)> = Vec::new();
    if full {
        let ruma_dir = scratch_ruma_crate(&out.join("ruma-crate"), RUMA_FULL_FEATURES)?;
        pairs.push((
            "whole API",
            Build {
                name: "generated-api (default features: every API + events)".to_string(),
                dir: root.clone(),
                args: vec!["-p".into(), "generated-api".into()],
                target: out.join("ours"),
            },
            Build {
                name: format!("ruma {RUMA_VERSION} ({})", RUMA_FULL_FEATURES.join(", ")),
                dir: ruma_dir,
                args: Vec::new(),
                target: out.join("ruma"),
            },
        ));
    }
    if client {
        let ruma_dir = scratch_ruma_crate(&out.join("ruma-client-crate"), RUMA_CLIENT_FEATURES)?;
        pairs.push((
            "client only",
            Build {
                name: "generated-api (--no-default-features --features client)".to_string(),
                dir: root.clone(),
                args: vec![
                    "-p".into(),
                    "generated-api".into(),
                    "--no-default-features".into(),
                    "--features".into(),
                    "client".into(),
                ],
                target: out.join("ours-client"),
            },
            Build {
                name: format!("ruma {RUMA_VERSION} ({})", RUMA_CLIENT_FEATURES.join(", ")),
                dir: ruma_dir,
                args: Vec::new(),
                target: out.join("ruma-client"),
            },
        ));
    }

    let mut rows = Vec::new();
    for (label, ours, ruma) in &pairs {
        let ours_cost = measure(ours, have_time, &out)?;
        let ruma_cost = measure(ruma, have_time, &out)?;
        rows.push((*label, ours, ours_cost, ruma, ruma_cost));
    }

    println!("| build | wall | CPU (user+sys) | peak RSS | crates compiled | load avg at start (1/5/15 min) |");
    println!("|---|---:|---:|---:|---:|---|");
    for (_, ours, ours_cost, ruma, ruma_cost) in &rows {
        for (build, cost) in [(ours, ours_cost), (ruma, ruma_cost)] {
            println!(
                "| {} | {:.1} s | {} | {} | {} | {} |",
                build.name,
                cost.wall.as_secs_f64(),
                cost.cpu_secs.map_or("n/a".to_string(), |s| format!("{s:.1} s")),
                cost.max_rss_kib.map_or("n/a".to_string(), |k| format!("{:.0} MB", k as f64 / 1024.0)),
                cost.crates,
                cost.load_before,
            );
        }
    }
    println!();
    for (label, _, ours_cost, _, ruma_cost) in &rows {
        let wall = ours_cost.wall.as_secs_f64() / ruma_cost.wall.as_secs_f64();
        let cpu = match (ours_cost.cpu_secs, ruma_cost.cpu_secs) {
            (Some(a), Some(b)) => format!("{:.2}×", a / b),
            _ => "n/a".to_string(),
        };
        let rss = match (ours_cost.max_rss_kib, ruma_cost.max_rss_kib) {
            (Some(a), Some(b)) => format!("{:.2}×", a as f64 / b as f64),
            _ => "n/a".to_string(),
        };
        println!("{label}: generated-api / ruma = wall {wall:.2}×, CPU {cpu}, peak RSS {rss} (targets: wall ≤ 0.4×, peak RSS ≤ 1×)");
    }
    println!();
    println!(
        "Clean debug builds (CARGO_INCREMENTAL=0, as when built as a dependency), each in a fresh target directory under target/bench-compile/, \
         dependencies included; peak RSS is that of the largest single process (one rustc). \
         The load average at start still holds the previous build's tail; above that, other work on the machine."
    );
    Ok(())
}

/// Writes the scratch crate depending on ruma with `features` into `dir` (its own workspace),
/// and fetches its dependencies (not timed).
fn scratch_ruma_crate(dir: &Path, features: &[&str]) -> Result<PathBuf, String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let features: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    let manifest = format!(
        "# Written by `cargo xtask bench compile`: the ruma side of the compile-time comparison.\n\
         [package]\nname = \"ruma-compile-bench\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         # Not part of the repository's workspace.\n[workspace]\n\n\
         [dependencies]\nruma = {{ version = \"={RUMA_VERSION}\", features = [{}] }}\n",
        features.join(", ")
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    write(&src.join("lib.rs"), "//! Builds ruma, nothing else.\npub use ruma;\n")?;
    run_quiet(Command::new(cargo()).arg("fetch").current_dir(dir), "cargo fetch (ruma scratch crate)")?;
    Ok(dir.to_path_buf())
}

/// Builds `build` from scratch and measures it.
fn measure(build: &Build, have_time: bool, out: &Path) -> Result<Measured, String> {
    if build.target.exists() {
        std::fs::remove_dir_all(&build.target).map_err(|e| format!("cannot remove {}: {e}", build.target.display()))?;
    }
    // Resolve and download before timing.
    run_quiet(Command::new(cargo()).arg("fetch").current_dir(&build.dir), "cargo fetch")?;

    let stem = build.target.file_name().and_then(|n| n.to_str()).unwrap_or("build").to_string();
    let time_file = out.join(format!("{stem}.time"));
    let log_file = out.join(format!("{stem}.log"));
    let log = std::fs::File::create(&log_file).map_err(|e| format!("cannot create {}: {e}", log_file.display()))?;
    let mut command = if have_time {
        let mut c = Command::new(TIME);
        c.arg("-v").arg("-o").arg(&time_file).arg(cargo());
        c
    } else {
        Command::new(cargo())
    };
    command
        .arg("build")
        .args(&build.args)
        .arg("--target-dir")
        .arg(&build.target)
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(&build.dir)
        .stdout(Stdio::null())
        .stderr(log);

    let load_before = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".to_string());
    eprintln!("building {} into {} ...", build.name, build.target.display());
    let start = Instant::now();
    let status = command.status().map_err(|e| format!("cannot run cargo build for {}: {e}", build.name))?;
    let wall = start.elapsed();
    if !status.success() {
        return Err(format!("cargo build for {} failed ({status}); see {}", build.name, log_file.display()));
    }
    let log_text = std::fs::read_to_string(&log_file).unwrap_or_default();
    let crates = log_text.lines().filter(|l| l.trim_start().starts_with("Compiling ")).count();

    let (cpu_secs, max_rss_kib) = if have_time {
        let text =
            std::fs::read_to_string(&time_file).map_err(|e| format!("cannot read {}: {e}", time_file.display()))?;
        let user = time_field(&text, "User time (seconds)")?;
        let sys = time_field(&text, "System time (seconds)")?;
        let rss = time_field(&text, "Maximum resident set size (kbytes)")?;
        (Some(user + sys), Some(rss as u64))
    } else {
        (None, None)
    };
    eprintln!("  {:.1} s wall", wall.as_secs_f64());
    Ok(Measured { wall, cpu_secs, max_rss_kib, crates, load_before })
}

/// A numeric field of `/usr/bin/time -v`'s report.
fn time_field(text: &str, name: &str) -> Result<f64, String> {
    text.lines()
        .find_map(|line| line.trim().strip_prefix(name)?.trim().strip_prefix(':')?.trim().parse().ok())
        .ok_or(format!("no `{name}` in /usr/bin/time's report"))
}

/// cargo: the one running this xtask, else from `PATH`.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs `command`, showing its output only if it fails.
fn run_quiet(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("cannot run {what}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
        Err(format!("{what} failed ({}): {last}", output.status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_of_usr_bin_time() {
        let report = "\tCommand being timed: \"cargo build\"\n\tUser time (seconds): 101.25\n\tSystem time (seconds): 7.50\n\
                      \tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.03\n\tMaximum resident set size (kbytes): 812344\n";
        assert_eq!(time_field(report, "User time (seconds)"), Ok(101.25));
        assert_eq!(time_field(report, "System time (seconds)"), Ok(7.5));
        assert_eq!(time_field(report, "Maximum resident set size (kbytes)"), Ok(812_344.0));
        assert!(time_field(report, "Missing").is_err());
    }

    #[test]
    fn unknown_subcommands_are_one_line_errors() {
        let error = bench_command(&["nope"]).expect_err("unknown");
        assert!(!error.contains('\n'));
        assert!(bench_command(&["compile", "--only", "half"]).is_err());
    }
}
