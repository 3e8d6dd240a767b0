//! A spec release the overrides do not fully know still regenerates: a hand-written fixture spec
//! (`evolution/data/`) with one known event (`m.room.topic`), one new event the overrides do not
//! classify (`m.fixture.beacon`, placed by its example's `state_key`) and one whose `type` has no
//! `enum` (`m.fixture.untyped`, typed from its file name, in no event enum: the fallback).
//!
//! It generates with warnings naming both, `--strict` refuses it naming both, the crate compiles,
//! and every example round-trips through the event enums: typed where classified, kept whole as
//! an unknown event where not.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::warning::{Warning, WarningKind};
use codegen::write::Provenance;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evolution/data")
}

fn provenance() -> Provenance {
    Provenance { tag: "v0.0-fixture".into(), repository: "fixture".into(), commit: "0".repeat(40) }
}

fn generated() -> codegen::Generated {
    match codegen::generate_with_warnings(&fixture(), &provenance()) {
        Ok(generated) => generated,
        Err(error) => panic!("the fixture spec does not generate: {error}"),
    }
}

fn kinds_of(warnings: &[Warning], event_type: &str) -> Vec<WarningKind> {
    warnings.iter().filter(|w| w.event_type == event_type).map(|w| w.kind).collect()
}

#[test]
fn unknown_events_generate_with_warnings_naming_them() {
    let generated = generated();
    for warning in &generated.warnings {
        println!("warning: {warning}");
    }
    assert_eq!(kinds_of(&generated.warnings, "m.room.topic"), []);
    assert_eq!(kinds_of(&generated.warnings, "m.fixture.beacon"), [WarningKind::UnclassifiedEvent]);
    assert_eq!(
        kinds_of(&generated.warnings, "m.fixture.untyped"),
        [WarningKind::EventTypeFromFileName, WarningKind::UnclassifiedEvent]
    );
    let beacon = generated.warnings.iter().find(|w| w.event_type == "m.fixture.beacon").map(|w| w.fix.as_str());
    assert_eq!(
        beacon,
        Some(
            "add `(\"m.fixture.beacon\", &[EventClass::State], \"<why, from the spec's prose>\"),` to EVENT_CLASSES \
             in codegen/src/ir/overrides.rs"
        )
    );
    let any = generated.tree.get("events/any.rs").map(String::as_str).unwrap_or_default();
    assert!(any.contains("FixtureBeacon"), "the beacon is not in the state enums");
    assert!(!any.contains("FixtureUntyped"), "the fallback event is in an enum");
}

#[test]
fn strict_refuses_naming_both_events() {
    let generated = generated();
    let error = match codegen::warning::refuse_any(&generated.warnings) {
        Ok(()) => panic!("--strict accepted a spec with unclassified events"),
        Err(error) => error.to_string(),
    };
    println!("{error}");
    assert!(error.contains("m.fixture.beacon") && error.contains("m.fixture.untyped"), "{error}");
    assert!(error.starts_with("3 warnings (--strict)"), "{error}");
}

/// The enum each fixture example decodes through, and the status it must get there: the
/// classified events typed, the fallback event kept whole as unknown.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("m.room.topic", "AnyStateEvent", "Typed"),
    ("m.fixture.beacon", "AnyStateEvent", "Typed"),
    ("m.fixture.untyped", "AnyToDeviceEvent", "Unknown"),
    ("m.dummy", "AnyToDeviceEvent", "Typed"),
    ("m.direct", "AnyGlobalAccountDataEvent", "Typed"),
    ("m.tag", "AnyRoomAccountDataEvent", "Typed"),
    ("m.typing", "AnyEphemeralEvent", "Typed"),
];

#[test]
fn the_fixture_crate_compiles_and_its_examples_round_trip() {
    let spec = codegen::load::load_spec(&fixture()).expect("the fixture loads");
    let mut cases = Vec::new();
    for example in spec.event_examples.iter().filter(|e| e.is_whole_event()) {
        let Some((_, name, status)) = EXPECTED.iter().find(|(name, _, _)| *name == example.name) else {
            panic!("no expectation for the example {}", example.name);
        };
        cases.push(serde_json::json!([name, status, example.value]));
    }
    assert_eq!(cases.len(), EXPECTED.len(), "an expected example is missing");
    let crate_dir = std::env::temp_dir().join(format!("codegen-evolution-{}", std::process::id()));
    let _ = fs::remove_dir_all(&crate_dir);
    write_crate(&crate_dir, &generated().tree);
    let cases_file = crate_dir.join("cases.json");
    fs::write(&cases_file, serde_json::Value::Array(cases).to_string()).expect("writes the cases");
    let output = Command::new(env!("CARGO"))
        .args(["run", "--offline", "--quiet", "--example", "round_trip", "--"])
        .arg(&cases_file)
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", target_dir().join("evolution-check"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    let tally = stdout.lines().find(|l| l.starts_with("round trips: ")).unwrap_or_default();
    println!("fixture events: {} typed, {} fallback", stdout.matches(": Typed").count(), stdout.matches(": Unknown").count());
    assert!(output.status.success(), "the fixture crate failed:\n{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(tally, format!("round trips: {} passed, 0 failed", EXPECTED.len()));
    fs::remove_dir_all(&crate_dir).expect("cleanup");
}

// ---- a copy of the crate around a generated tree (as codegen/tests/malformed.rs does) ----------

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target directory this test was built in (`target/debug/deps/evolution-…` → `target`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("test executable");
        exe.ancestors().nth(3).expect("target/<profile>/deps/exe").to_path_buf()
    })
}

/// The hand-written `generated-api` crate with `tree` as its generated code, the workspace's
/// lock, and the round-trip program as an example.
fn write_crate(crate_dir: &Path, tree: &BTreeMap<String, String>) {
    let home = workspace().join("generated-api");
    let mut files = files_below(&home.join("src"), "src");
    files.retain(|path, _| !path.starts_with("src/generated/"));
    for (path, text) in tree {
        files.insert(format!("src/generated/{path}"), text.clone().into_bytes());
    }
    files.insert("Cargo.toml".into(), manifest(&home).into_bytes());
    files.insert("Cargo.lock".into(), fs::read(workspace().join("Cargo.lock")).expect("the workspace lock"));
    let round_trip = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evolution/crate/round_trip.rs");
    files.insert("examples/round_trip.rs".into(), fs::read(round_trip).expect("the round-trip program"));
    for (path, bytes) in files {
        let target = crate_dir.join(path);
        fs::create_dir_all(target.parent().expect("a parent")).expect("creates");
        fs::write(&target, bytes).expect("writes");
    }
}

/// Every file below `dir`, keyed `prefix/relative/path`.
fn files_below(dir: &Path, prefix: &str) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).expect("lists") {
        let path = entry.expect("entry").path();
        let key = format!("{prefix}/{}", path.file_name().expect("a name").to_string_lossy());
        if path.is_dir() {
            out.extend(files_below(&path, &key));
        } else {
            out.insert(key, fs::read(&path).expect("reads"));
        }
    }
    out
}

/// A standalone manifest: the crate's dependencies (workspace ones written out) and features.
fn manifest(home: &Path) -> String {
    let manifest = fs::read_to_string(home.join("Cargo.toml")).expect("the crate manifest");
    let workspace = fs::read_to_string(workspace().join("Cargo.toml")).expect("the workspace manifest");
    let shared = section(&workspace, "workspace.dependencies");
    let mut out = String::from("[package]\nname = \"generated-api\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n");
    for line in section(&manifest, "dependencies") {
        let line = match line.trim().strip_suffix(".workspace = true") {
            Some(name) => shared
                .iter()
                .find(|l| l.split('=').next().map(str::trim) == Some(name))
                .cloned()
                .expect("a workspace dependency"),
            None => line,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("\n[features]\n");
    for line in section(&manifest, "features") {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("\n[workspace]\n");
    out
}

/// The non-empty, non-comment lines of the TOML section `[name]`.
fn section(text: &str, name: &str) -> Vec<String> {
    let header = format!("[{name}]");
    text.lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map(str::to_string)
        .collect()
}
