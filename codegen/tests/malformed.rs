//! The malformed-spec suite: small broken spec trees (`malformed/cases.rs`), each generated into
//! an output directory that already holds a previous tree, in a child process of its own so that
//! a crash (a stack overflow aborts the process) is counted rather than taking the suite down.
//!
//! Every refusal must name exactly the expected `file#pointer` and leave the previous tree
//! byte-identical. The cases the generator accepts must produce a crate that compiles: the
//! generated tree is put into a copy of the hand-written `generated-api` crate and `cargo check`ed
//! (offline, in a target directory of its own, so only the first run builds the dependencies).

#[path = "malformed/cases.rs"]
mod cases;
mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use cases::{Case, Expect};
use codegen::write;
use support::{files_below, hand_written_crate, provenance, target_dir, write_files};

/// Set for the child: the directory of the case to run.
const CASE_VARIABLE: &str = "MALFORMED_CASE_DIR";
/// The child's one line of result.
const OUTCOME: &str = "MALFORMED-OUTCOME";


/// The tree of a case: the base with its changes.
fn case_tree(case: &Case) -> BTreeMap<String, Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = cases::base().into_iter().collect();
    for (path, change) in &case.changes {
        match change {
            Some(bytes) => files.insert(path.clone(), bytes.clone()),
            None => files.remove(path),
        };
    }
    files
}

/// What a child reported.
enum Outcome {
    Generated,
    Refused { location: String, message: String },
    /// The child died or printed no outcome.
    Crashed(String),
}

/// Runs one case in a child process: `dir/data` is the spec, `dir/out` the output.
fn run_child(dir: &Path) -> Outcome {
    let output = Command::new(std::env::current_exe().expect("test executable"))
        .args(["--exact", "child_runs_one_case", "--ignored", "--nocapture", "--test-threads", "1"])
        .env(CASE_VARIABLE, dir)
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // libtest may print `test child_runs_one_case ... ` before the line.
    let line = stdout.lines().find_map(|line| line.split_once(OUTCOME).map(|(_, rest)| rest));
    match line.map(|l| l.trim_start().splitn(3, '\t').collect::<Vec<_>>()).as_deref() {
        Some(["generated"]) if output.status.success() => Outcome::Generated,
        Some(["refused", location, message]) if output.status.success() => {
            Outcome::Refused { location: location.to_string(), message: message.to_string() }
        }
        _ => Outcome::Crashed(format!(
            "{}\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr).lines().rev().take(15).collect::<Vec<_>>().join("\n")
        )),
    }
}

/// The child: generates the case into its output and prints the outcome.
#[test]
#[ignore = "run by `malformed_specs_are_refused_or_generate_crates_that_compile`, once per case, in a child process"]
fn child_runs_one_case() {
    let dir = PathBuf::from(std::env::var_os(CASE_VARIABLE).expect("run by the suite, with the case directory set"));
    match codegen::generate(&dir.join("data"), &provenance()) {
        Ok(tree) => {
            write::write_tree(&dir.join("out"), &tree).expect("writes");
            println!("{OUTCOME} generated");
        }
        Err(error) => {
            let location = error.location().unwrap_or_default();
            println!("{OUTCOME} refused\t{location}\t{}", error.to_string().replace(['\n', '\t'], " "));
        }
    }
}

/// The previous tree every case's output starts from: the base spec's.
fn previous_tree(root: &Path) -> write::RenderedTree {
    let data = root.join("base-data");
    write_files(&data, &cases::base().into_iter().collect());
    let tree = codegen::generate(&data, &provenance()).expect("the base spec generates");
    assert!(tree.len() >= 4, "the base generates only {} files", tree.len());
    tree
}

/// Prepares `root/<index>/{data,out}` for a case.
fn prepare(root: &Path, index: usize, case: &Case, previous: &write::RenderedTree) -> PathBuf {
    let dir = root.join(format!("case-{index:02}"));
    write_files(&dir.join("data"), &case_tree(case));
    if let Some(link) = case.symlink {
        std::os::unix::fs::symlink("/etc/passwd", dir.join("data").join(link)).expect("symlink");
    }
    write::write_tree(&dir.join("out"), previous).expect("the previous tree");
    dir
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).expect("lists").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[derive(Default)]
struct Tally {
    refused: usize,
    accepted: usize,
    crashed: usize,
    compiled: usize,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, case: &Case, dir: &Path, outcome: Outcome, before: &BTreeMap<String, Vec<u8>>) {
        let name = case.name;
        match (&case.expect, outcome) {
            (_, Outcome::Crashed(log)) => {
                self.crashed += 1;
                self.failures.push(format!("{name}: crashed: {log}"));
            }
            (Expect::Refused(expected), Outcome::Refused { location, message }) => {
                self.refused += 1;
                println!("  refused  {name}: {message}");
                let (file, pointer) = expected.split_once('#').expect("file#pointer");
                if location != *expected || !message.contains(file) {
                    self.failures.push(format!("{name}: refused at {location:?}, expected {expected:?}: {message}"));
                }
                if !message.contains(&format!("{file}#{pointer}")) {
                    self.failures.push(format!("{name}: the message does not name {expected}: {message}"));
                }
                if files_below(&dir.join("out")) != *before || names_in(dir) != ["data", "out"] {
                    self.failures.push(format!("{name}: the refusal changed the output tree"));
                }
            }
            (Expect::Refused(expected), Outcome::Generated) => {
                self.accepted += 1;
                self.failures.push(format!("{name}: accepted, expected a refusal at {expected}"));
            }
            (Expect::Compiles, Outcome::Refused { message, .. }) => {
                self.failures.push(format!("{name}: refused, expected a crate that compiles: {message}"));
            }
            (Expect::Compiles, Outcome::Generated) => match compiles(&dir.join("out"), name) {
                Ok(()) => {
                    self.compiled += 1;
                    println!("  compiles {name}");
                }
                Err(log) => self.failures.push(format!("{name}: the generated crate does not compile:\n{log}")),
            },
        }
    }
}

#[test]
fn malformed_specs_are_refused_or_generate_crates_that_compile() {
    let root = std::env::temp_dir().join(format!("codegen-malformed-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).expect("temp dir");
    let previous = previous_tree(&root);
    compiles_or_panic(&root, &previous);
    let cases = cases::cases();
    let mut tally = Tally::default();
    for (index, case) in cases.iter().enumerate() {
        let dir = prepare(&root, index, case, &previous);
        let before = files_below(&dir.join("out"));
        let outcome = run_child(&dir);
        tally.check(case, &dir, outcome, &before);
    }
    let expected_refusals = cases.iter().filter(|c| matches!(c.expect, Expect::Refused(_))).count();
    println!(
        "malformed specs: {} refused with file+pointer, {} accepted, {} crashed",
        tally.refused, tally.accepted, tally.crashed
    );
    println!("malformed specs: {} accepted cases generated crates that compile (cargo check)", tally.compiled);
    assert!(tally.failures.is_empty(), "{} failures:\n{}", tally.failures.len(), tally.failures.join("\n"));
    assert!(expected_refusals >= 25 && tally.refused == expected_refusals, "{} refusals", tally.refused);
    fs::remove_dir_all(&root).expect("cleanup");
}

/// The base spec's crate compiles: the check below is only meaningful if it does.
fn compiles_or_panic(root: &Path, previous: &write::RenderedTree) {
    let out = root.join("base-out");
    write::write_tree(&out, previous).expect("writes");
    if let Err(log) = compiles(&out, "base") {
        panic!("the base spec's crate does not compile:\n{log}");
    }
}

// ---- cargo check of a generated tree -------------------------------------------------------

/// `cargo check` of the hand-written `generated-api` crate with `generated` as its generated tree.
fn compiles(generated: &Path, name: &str) -> Result<(), String> {
    let crate_dir = generated.with_file_name(format!(
        "check-{}",
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>()
    ));
    let _ = fs::remove_dir_all(&crate_dir);
    let mut files = hand_written_crate();
    files.extend(files_below(generated).into_iter().map(|(p, b)| (format!("src/generated/{p}"), b)));
    write_files(&crate_dir, &files);
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet", "--all-features"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", target_dir().join("malformed-check"))
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cargo does not run: {e}"))?;
    if output.status.success() {
        fs::remove_dir_all(&crate_dir).map_err(|e| e.to_string())?;
        return Ok(());
    }
    Err(String::from_utf8_lossy(&output.stderr).lines().take(40).collect::<Vec<_>>().join("\n"))
}

