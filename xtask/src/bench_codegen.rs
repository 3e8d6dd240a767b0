//! `cargo xtask bench codegen`: full regeneration time (release build) against a bare YAML parse
//! of the same files, and the generator's peak memory.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use codegen::load::source::SourceTree;
use codegen::write::Provenance;

use crate::{paths, spec};

/// Runs the measurement in a release build of xtask (the debug build would measure the
/// compiler's debug code, not the generator).
pub fn bench_codegen_command() -> Result<(), String> {
    let version = paths::target_version()?;
    spec::ensure_available(&version)?;
    let root = paths::workspace_root();
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot build xtask in release: {e}"))?;
    if !status.success() {
        return Err("cargo build --release -p xtask failed".into());
    }
    let binary = root.join("target/release/xtask");
    // Each phase in a process of its own, so the peak memory is that phase's.
    let parse = run_phase(&binary, "parse")?;
    let generate = run_phase(&binary, "generate")?;
    println!("| phase | median time | peak RSS |");
    println!("|---|---|---|");
    println!("| bare YAML/JSON parse of data/ ({} files) | {:.0} ms | {} MB |", parse.2, parse.0, parse.1);
    println!("| full regeneration (load, IR, emit, format) | {:.0} ms | {} MB |", generate.0, generate.1);
    println!(
        "regeneration / parse: {:.2}x (target ≤ 3x); generator peak RSS {} MB (target ≤ 200 MB)",
        generate.0 / parse.0,
        generate.1
    );
    print_stages(&binary)?;
    let (files, lines) = count_lines(&root.join("generated-api/src/generated"))?;
    println!("generated code on disk: {lines} lines in {files} files (generated-api/src/generated)");
    Ok(())
}

/// `(files, lines)` of the `.rs` files under `dir`.
fn count_lines(dir: &Path) -> Result<(usize, usize), String> {
    let mut total = (0, 0);
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?.path();
        if path.is_dir() {
            let (files, lines) = count_lines(&path)?;
            total = (total.0 + files, total.1 + lines);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            total = (total.0 + 1, total.1 + text.lines().count());
        }
    }
    Ok(total)
}

/// (median milliseconds, peak RSS in MB, files) printed by `bench codegen-phase NAME`.
fn run_phase(binary: &Path, phase: &str) -> Result<(f64, u64, usize), String> {
    let output = Command::new(binary)
        .args(["bench", "codegen-phase", phase])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    match fields.as_slice() {
        [ms, rss, files] => Ok((
            ms.parse().map_err(|_| format!("bad output: {text}"))?,
            rss.parse().map_err(|_| format!("bad output: {text}"))?,
            files.parse().map_err(|_| format!("bad output: {text}"))?,
        )),
        _ => Err(format!("phase {phase} failed: {text}{}", String::from_utf8_lossy(&output.stderr))),
    }
}

/// Runs `bench codegen-phase stages` and prints its table: where one regeneration's time goes,
/// stage by stage, on one thread.
fn print_stages(binary: &Path) -> Result<(), String> {
    let output = Command::new(binary)
        .args(["bench", "codegen-phase", "stages"])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!("the stage timing failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    print!("{}", String::from_utf8_lossy(&output.stdout));
    Ok(())
}

/// Each stage of a regeneration timed apart, on one thread ([`codegen::stages`]): prints a
/// table of the medians (of ≥ 5 runs, ≥ 3 s) and their sum.
fn stages_command(data: &Path, provenance: &Provenance) -> Result<(), String> {
    let mut runs: Vec<Vec<Duration>> = Vec::new();
    let mut generated = (0, 0);
    let started = Instant::now();
    while runs.len() < 5 || (started.elapsed() < Duration::from_secs(3) && runs.len() < 50) {
        let (times, files, lines) = codegen::stages::time_stages(data, provenance).map_err(|e| e.to_string())?;
        runs.push(times);
        generated = (files, lines);
    }
    let medians: Vec<f64> = (0..codegen::stages::STAGES.len())
        .map(|stage| {
            let mut times: Vec<Duration> = runs.iter().map(|run| run[stage]).collect();
            times.sort();
            times[times.len() / 2].as_secs_f64() * 1000.0
        })
        .collect();
    let parse = medians[0];
    println!(
        "stage by stage, one thread (median of {} runs; {} files, {} lines generated):",
        runs.len(),
        generated.0,
        generated.1
    );
    println!("| stage | median time | × parse |");
    println!("|---|---|---|");
    for (name, ms) in codegen::stages::STAGES.iter().zip(&medians) {
        println!("| {name} | {ms:.1} ms | {:.2}x |", ms / parse);
    }
    let total: f64 = medians.iter().sum();
    println!("| sum of the stages | {total:.1} ms | {:.2}x |", total / parse);
    Ok(())
}

/// One phase, measured in this process: prints `median_ms peak_rss_mb files` (for `stages`, the
/// table of [`stages_command`]).
pub fn phase_command(phase: &str) -> Result<(), String> {
    let version = paths::target_version()?;
    let data = paths::data_dir(&version);
    let origin = spec::pinned_origin(&version)?;
    let provenance = Provenance { tag: origin.tag, repository: origin.repository, commit: origin.commit };
    if phase == "stages" {
        return stages_command(&data, &provenance);
    }
    let files = SourceTree::read(&data).map_err(|e| e.to_string())?.files.len();
    let run = || -> Result<(), String> {
        match phase {
            "parse" => SourceTree::read(&data).map(drop).map_err(|e| e.to_string()),
            "generate" => codegen::generate(&data, &provenance).map(drop).map_err(|e| e.to_string()),
            other => Err(format!("unknown phase {other}")),
        }
    };
    let mut times: Vec<Duration> = Vec::new();
    let started = Instant::now();
    while times.len() < 5 || (started.elapsed() < Duration::from_secs(3) && times.len() < 50) {
        let start = Instant::now();
        run()?;
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2].as_secs_f64() * 1000.0;
    println!("{median:.1} {} {files}", peak_rss_mb());
    Ok(())
}

/// The process's peak resident set (`VmHWM`), in MB.
fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}
