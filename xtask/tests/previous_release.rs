//! Every pinned version other than the target generates a complete crate that builds, and the
//! example, event and operation tests pass against it without code changes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn other_pinned_versions() -> Vec<String> {
    let snapshot = workspace().join("spec-snapshot");
    let target = std::fs::read_to_string(snapshot.join("TARGET")).expect("TARGET");
    let mut versions: Vec<String> = std::fs::read_dir(&snapshot)
        .expect("spec-snapshot")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".lock").map(str::to_string))
        .filter(|v| v != target.trim())
        .collect();
    versions.sort();
    versions
}

fn cargo(dir: &Path, args: &[&str], version: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target/previous-release"))
        .env("SPEC_VERSION", version)
        .env("SPEC_SNAPSHOT_ROOT", workspace().join("spec-snapshot"))
        .output()
        .expect("cargo runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[test]
fn other_pinned_versions_generate_crates_that_build_and_pass_the_harness() {
    let versions = other_pinned_versions();
    assert!(!versions.is_empty(), "no pinned version besides the target");
    for version in versions {
        let out = std::env::temp_dir().join(format!("generated-api-{version}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let generate = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["codegen", "--version", &version, "--out", out.to_str().expect("utf-8 path")])
            .output()
            .expect("xtask runs");
        assert!(generate.status.success(), "{}", String::from_utf8_lossy(&generate.stderr));
        let (checked, log) = cargo(&out, &["check"], &version);
        assert!(checked, "cargo check of the {version} crate failed:\n{log}");
        let (passed, log) = cargo(
            &out,
            &["test", "--test", "examples", "--test", "events", "--test", "operations", "--", "--nocapture"],
            &version,
        );
        for line in log.lines().filter(|l| l.contains(" passed, ") && !l.starts_with("test result")) {
            println!("{version}: {line}");
        }
        assert!(passed, "the harness failed against {version}:\n{log}");
        std::fs::remove_dir_all(&out).expect("cleanup");
    }
}
