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

mod support;

use support::{hand_written_crate, provenance, target_dir, write_files};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evolution/data")
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
    let any = generated.tree.get("core/events/any.rs").map(String::as_str).unwrap_or_default();
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

/// The hand-written `generated-api` crate with `tree` as its generated code, the workspace's
/// lock, and the round-trip program as an example.
fn write_crate(crate_dir: &Path, tree: &BTreeMap<String, String>) {
    let mut files = hand_written_crate();
    for (path, text) in tree {
        files.insert(format!("src/generated/{path}"), text.clone().into_bytes());
    }
    let round_trip = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evolution/crate/round_trip.rs");
    files.insert("examples/round_trip.rs".into(), fs::read(round_trip).expect("the round-trip program"));
    write_files(crate_dir, &files);
}
