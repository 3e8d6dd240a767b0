//! The loader over the real pinned snapshots (fetched by `cargo xtask spec fetch`).
//!
//! These tests fail, rather than skip, when a snapshot is missing: CI fetches both pinned
//! versions before running them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::load::model::Api;
use codegen::load::stats::SpecStats;
use codegen::load::{audit, load_tree, source::SourceTree};

fn data_dir(version: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec-snapshot").join(version).join("data");
    assert!(
        dir.is_dir(),
        "{} is missing: run `cargo xtask spec fetch --version {version} --from ../shared/matrix-spec` first",
        dir.display()
    );
    dir
}

fn read(version: &str) -> SourceTree {
    SourceTree::read(&data_dir(version)).unwrap_or_else(|e| panic!("{version}: {e}"))
}

#[test]
fn v1_17_loads_with_the_counts_of_the_spec() {
    let tree = read("v1.17");
    let spec = load_tree(&tree).unwrap_or_else(|e| panic!("v1.17: {e}"));
    let stats = SpecStats::of(&spec);
    println!("v1.17:\n{stats}");
    assert_eq!(stats.documents, 110);
    assert_eq!(stats.total_operations(), 230);
    let expected = BTreeMap::from([
        (Api::ClientServer, 160),
        (Api::ServerServer, 37),
        (Api::ApplicationService, 9),
        (Api::Identity, 23),
        (Api::PushGateway, 1),
    ]);
    assert_eq!(stats.operations, expected);
    assert_eq!(stats.distinct_method_paths, 228);
    assert_eq!(stats.event_schemas, 71);
    assert_eq!(stats.event_examples, 76);
    assert_eq!(stats.parameter_examples, 317);
    assert_eq!(stats.response_examples_explicit(), 380);
}

#[test]
fn every_keyword_of_every_pinned_version_is_accounted_for() {
    for version in ["v1.16", "v1.17"] {
        let tree = read(version);
        let report = audit::audit(&tree);
        for finding in &report.findings {
            println!("{version}: UNACCOUNTED {finding}");
        }
        println!(
            "{version}: audit of {} files: {} keyword occurrences modelled, {} ignored, {} unaccounted",
            report.files,
            report.modelled(),
            report.ignored(),
            report.findings.len()
        );
        assert_eq!(report.files, tree.files.len());
        assert!(report.modelled() > 10_000, "the audit walked too little of {version}");
        assert_eq!(report.findings.len(), 0);
    }
}

#[test]
fn the_previous_release_loads_without_version_specific_code() {
    let spec = load_tree(&read("v1.16")).unwrap_or_else(|e| panic!("v1.16: {e}"));
    let stats = SpecStats::of(&spec);
    println!("v1.16:\n{stats}");
    assert!(stats.total_operations() > 200);
    assert!(stats.event_schemas > 60);
}

#[test]
fn the_two_operations_with_undefined_schemes_are_resolved() {
    let spec = load_tree(&read("v1.17")).unwrap_or_else(|e| panic!("v1.17: {e}"));
    for fix in codegen::load::spec_fixes::SECURITY_FIXES {
        let operation = spec
            .documents
            .iter()
            .flat_map(|d| &d.operations)
            .find(|o| o.api == fix.api && o.operation_id == fix.operation_id)
            .unwrap_or_else(|| panic!("{} is not in v1.17", fix.operation_id));
        let names: Vec<&str> = operation.security.schemes.iter().map(|s| s.name.as_str()).collect();
        let wanted: Vec<&str> = fix.replacement.iter().copied().filter(|n| !n.is_empty()).collect();
        assert_eq!(names, wanted, "{}", fix.operation_id);
    }
}
