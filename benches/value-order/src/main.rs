//! `value-order FILE SECS`: decodes FILE into a `serde_json::Value` for at least SECS seconds
//! and prints one line: the median MB/s, the fastest run, the number of runs, and whether
//! serde_json's `preserve_order` was on (this binary's `preserve-order` feature).
//!
//! `cargo xtask bench decode` builds it twice, without and with the feature (Cargo features
//! unify over a whole build, so one binary cannot hold both), and runs the two alternately.

use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, secs] = args.as_slice() else {
        eprintln!("usage: value-order FILE SECS");
        return std::process::ExitCode::FAILURE;
    };
    let (bytes, min_time) = match (std::fs::read(file), secs.parse::<f64>()) {
        (Ok(bytes), Ok(secs)) if secs > 0.0 => (bytes, Duration::from_secs_f64(secs)),
        (Err(e), _) => {
            eprintln!("cannot read {file}: {e}");
            return std::process::ExitCode::FAILURE;
        }
        _ => {
            eprintln!("SECS must be a positive number, not {secs}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        eprintln!("{file} is not JSON: {e}");
        return std::process::ExitCode::FAILURE;
    }
    let mut runs = Vec::new();
    let start = Instant::now();
    while start.elapsed() < min_time || runs.len() < 5 {
        let run = Instant::now();
        let value: serde_json::Value = serde_json::from_slice(black_box(&bytes)).unwrap_or_default();
        runs.push(run.elapsed());
        // Dropping is not timed, as in the main benchmark.
        drop(black_box(value));
    }
    runs.sort();
    let mb_per_s = |d: Duration| bytes.len() as f64 / 1e6 / d.as_secs_f64();
    let order = if cfg!(feature = "preserve-order") { "on" } else { "off" };
    println!(
        "preserve_order {order}: {:.0} MB/s (best {:.0}, n={})",
        mb_per_s(runs[runs.len() / 2]),
        mb_per_s(runs[0]),
        runs.len()
    );
    std::process::ExitCode::SUCCESS
}
