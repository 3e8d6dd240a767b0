//! `cargo xtask ...`: the maintainers' commands.
//!
//! A small dispatcher: each command lives in its own module.

mod args;
mod bench;
mod bench_codegen;
mod codegen;
mod crate_copy;
mod diff;
mod fuzz;
mod paths;
mod semver;
mod spec;
mod stats;
mod synapse;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  spec fetch  [--version V] [--from DIR]   fill spec-snapshot/V/ (from DIR/V/data, $MATRIX_SPEC_SOURCE/V/data, or the upstream tag archive)
  spec verify [--version V]                check every fetched file against spec-snapshot/V.lock
  spec lock   --version V --from DIR       pin a new release: write spec-snapshot/V.lock from DIR/V/data
  spec stats  [--version V]                load the snapshot and print what it holds
  spec audit  [--version V]                list every keyword of every file: modelled, ignored, or unknown
  codegen [--check] [--strict] [--version V] [--out DIR]
                                           regenerate generated-api, or write a complete copy of the crate for V into DIR
                                           (--check: fail with a diff if the generated tree is stale;
                                           --strict: fail on any warning, e.g. an event missing from EVENT_CLASSES)
  diff A B [--json] [--semver]             what changed for users of the generated API between two pinned versions
                                           (--semver: also compare the two generated crates' public items with the hint)
  diff --since REV                         the committed generated code at git REV against a regeneration (public items)
  bench compile|decode|codegen             benchmarks against ruma and the physical limits (see BENCHMARKS.md)
  fuzz [--cases N] [--seed S] [--seconds T] [--release]
                                           fuzz every example-registry binding and event enum with mutated spec
                                           examples (stable Rust; stops at N cases or T seconds; seeded)
  test                                     what CI runs: verify (and fetch) every pinned snapshot, tests, clippy, rustdoc

V defaults to the version in spec-snapshot/TARGET. With no network, point MATRIX_SPEC_SOURCE at a local
copy of the spec (a directory holding V/data), e.g. MATRIX_SPEC_SOURCE=../shared/matrix-spec.";

fn main() -> ExitCode {
    // Before anything else: a relative MATRIX_SPEC_SOURCE is relative to where the user typed
    // the command (cargo xtask keeps that directory as ours; child cargo tests do not).
    match std::env::current_dir() {
        Ok(start) => paths::absolutize_spec_source(&start),
        Err(error) => eprintln!("warning: cannot read the current directory ({error}); MATRIX_SPEC_SOURCE used as given"),
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match words.as_slice() {
        ["spec", "fetch", rest @ ..] => spec::fetch_command(rest),
        ["spec", "verify", rest @ ..] => spec::verify_command(rest),
        ["spec", "lock", rest @ ..] => spec::lock_command(rest),
        ["spec", "stats", rest @ ..] => stats::stats_command(rest),
        ["spec", "audit", rest @ ..] => stats::audit_command(rest),
        ["codegen", rest @ ..] => codegen::codegen_command(rest),
        ["diff", rest @ ..] => diff::diff_command(rest),
        ["bench", "codegen"] => bench_codegen::bench_codegen_command(),
        ["bench", "codegen-phase", phase] => bench_codegen::phase_command(phase),
        ["bench", rest @ ..] => bench::bench_command(rest),
        ["fuzz", rest @ ..] => fuzz::fuzz_command(rest),
        ["test", rest @ ..] => test::test_command(rest),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown command: {}\n\n{USAGE}", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
