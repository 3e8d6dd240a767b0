//! `cargo xtask fuzz [--cases N] [--seed S] [--seconds T] [--release]`: the seeded fuzzer over
//! every example-registry binding and every event enum (`generated-api/tests/fuzz.rs`), on
//! stable Rust: no `cargo-fuzz`, no nightly. The run stops at `N` cases or `T` seconds,
//! whichever comes first; each case depends only on the seed and its index, so a reported case
//! comes back with the same seed.

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::args::Flags;
use crate::paths;

/// The bounds of one fuzz run.
pub struct Bounds {
    /// The most cases to run.
    pub cases: u64,
    /// The seed every case derives from.
    pub seed: u64,
    /// The most seconds to spend fuzzing (the spec is loaded before the clock starts).
    pub seconds: u64,
    /// Whether to build the harness optimised (more cases per second, a long first build).
    pub release: bool,
}

impl Bounds {
    /// The brief run of `cargo xtask test`: a few seconds, a fixed seed (so CI is
    /// reproducible), and enough cases that every binding is reached (the harness gives half of
    /// the cases to the bindings, round-robin, and the spec has about 1,700).
    pub const BRIEF: Bounds = Bounds { cases: 4_000, seed: 1, seconds: 20, release: false };
}

/// `cargo xtask fuzz ...`.
pub fn fuzz_command(rest: &[&str]) -> Result<(), String> {
    let flags = Flags::parse(rest, &["cases", "seed", "seconds"], &["release"])?;
    flags.no_positional()?;
    let number = |name: &str, default: u64| -> Result<u64, String> {
        flags.value(name).map_or(Ok(default), |text| text.parse().map_err(|e| format!("--{name} {text}: {e}")))
    };
    let bounds = Bounds {
        cases: number("cases", 1_000_000)?,
        seed: number("seed", time_seed())?,
        seconds: number("seconds", 60)?,
        release: flags.switch("release"),
    };
    run(&bounds)
}

/// A seed for an exploratory run when none is given: printed, so the run can be repeated.
fn time_seed() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_secs())
}

/// Runs the fuzz harness within `bounds`; it prints `fuzz: N cases, P panics, ...` and every
/// finding with its input, and fails if there is any.
pub fn run(bounds: &Bounds) -> Result<(), String> {
    let mut args = vec!["test", "-p", "generated-api", "--test", "fuzz"];
    if bounds.release {
        args.push("--release");
    }
    args.extend(["--", "--ignored", "--nocapture"]);
    println!(
        "==> cargo {} (FUZZ_CASES={} FUZZ_SEED={} FUZZ_SECONDS={})",
        args.join(" "),
        bounds.cases,
        bounds.seed,
        bounds.seconds
    );
    let status = Command::new("cargo")
        .args(&args)
        .env("FUZZ_CASES", bounds.cases.to_string())
        .env("FUZZ_SEED", bounds.seed.to_string())
        .env("FUZZ_SECONDS", bounds.seconds.to_string())
        .current_dir(paths::workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the fuzz run failed ({status}); repeat it with --seed {}", bounds.seed))
    }
}
