//! The generated metadata against the loader: every operation of the pinned spec, with its
//! method and full path template, and nothing else.

mod common;

use std::collections::BTreeSet;

use codegen::load::model::Api;
use generated_api::runtime;

fn api_name(api: Api) -> &'static str {
    match api {
        Api::ClientServer => "ClientServer",
        Api::ServerServer => "ServerServer",
        Api::ApplicationService => "ApplicationService",
        Api::Identity => "Identity",
        Api::PushGateway => "PushGateway",
    }
}

#[test]
fn generated_metadata_lists_every_operation_of_the_spec() {
    let spec = common::spec();
    let from_spec: BTreeSet<(String, String, String, String)> = spec
        .documents
        .iter()
        .flat_map(|d| &d.operations)
        .map(|op| {
            (api_name(op.api).to_string(), op.operation_id.clone(), op.method.as_str().to_string(), op.path.clone())
        })
        .collect();
    let generated = generated_api::generated::OPERATIONS;
    let from_code: BTreeSet<(String, String, String, String)> = generated
        .iter()
        .map(|m| {
            let method = format!("{:?}", m.method).to_uppercase();
            (format!("{:?}", m.api), m.operation_id.to_string(), method, m.path.to_string())
        })
        .collect();
    let missing: Vec<_> = from_spec.difference(&from_code).collect();
    let extra: Vec<_> = from_code.difference(&from_spec).collect();
    let matched = from_spec.intersection(&from_code).count();
    println!(
        "operations: {} in the spec, {} in the generated metadata; {matched} passed, {} failed",
        from_spec.len(),
        generated.len(),
        missing.len() + extra.len()
    );
    assert!(missing.is_empty(), "missing from the generated code: {missing:#?}");
    assert!(extra.is_empty(), "generated but not in the spec: {extra:#?}");
    assert_eq!(generated.len(), from_spec.len(), "every operation once");
    if common::is_target() {
        assert_eq!(generated.len(), 230);
    }
    assert!(generated.iter().all(|m| m.path.starts_with('/') && !m.path.ends_with(' ')));
}

#[test]
fn metadata_carries_auth_and_versions() {
    let all = generated_api::generated::OPERATIONS;
    let find = |id: &str, api: runtime::Api| all.iter().find(|m| m.operation_id == id && m.api == api).copied();
    let sync = find("sync", runtime::Api::ClientServer).expect("sync");
    assert_eq!((sync.method, sync.path), (runtime::Method::Get, "/_matrix/client/v3/sync"));
    assert_eq!(sync.auth, runtime::AuthRequirement::Required);
    assert!(sync.auth_schemes.contains(&runtime::AuthScheme::Bearer));
    let versions = find("getVersions", runtime::Api::ClientServer).expect("versions");
    assert_eq!(versions.auth, runtime::AuthRequirement::Optional);
    let summary = find("getRoomSummary", runtime::Api::ClientServer).expect("room summary");
    assert_eq!(summary.added_in, Some("1.15"));
    let timestamp = find("getEventByTimestamp", runtime::Api::ServerServer).expect("timestamp_to_event");
    assert_eq!(timestamp.auth_schemes, [runtime::AuthScheme::Authorization("X-Matrix")]);
    assert!(all.iter().filter(|m| m.rate_limited).count() >= 60);
    assert!(all.iter().any(|m| m.deprecated));
}
