//! The changelog of the pinned pair reads like one: operations as `METHOD /path (operationId)`,
//! schema changes by Rust type, extra fields in words, each breaking change explained.

use std::path::PathBuf;

fn spec(version: &str) -> codegen::load::model::Spec {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec-snapshot").join(version).join("data");
    assert!(dir.is_dir(), "{} is missing: run `cargo xtask spec fetch --version {version}` first", dir.display());
    codegen::load::load_spec(&dir).expect("the pinned spec loads")
}

#[test]
fn v1_16_to_v1_17_names_operations_types_and_reasons() {
    let log = codegen::changelog::changelog(&spec("v1.16"), &spec("v1.17"));
    let text = codegen::changelog::markdown(&log, "v1.16", "v1.17");
    println!("{text}");
    let expected = [
        "- GET /_matrix/client/v3/events (peekEvents): query parameter `room_id`: required false → true\n  - breaking because",
        "- PUT /_matrix/client/v3/devices/{deviceId} (updateDevice): documents the response status 201",
        // Type names only up to the operation's module: the names themselves may be refined.
        "- `client_server::content_repo::get_url_preview::",
        "`: now accepts any additional property (before: declares nothing about additional properties)",
        "- `client_server::pusher::post_pusher::",
        // An open enum since the value set has its first value (overrides::OPEN_SINGLE_VALUES).
        "DataFormat`: accepts the new value `event_id_only`",
        "- new: `M_APPSERVICE_LOGIN_UNSUPPORTED`",
        "- new: `m.login.application_service`",
    ];
    let missing: Vec<&str> = expected.iter().copied().filter(|line| !text.contains(line)).collect();
    println!("changelog lines: {} passed, {} failed", expected.len() - missing.len(), missing.len());
    assert!(missing.is_empty(), "missing from the changelog: {missing:#?}");
    assert_eq!(log.semver_hint(), "major");
    assert!(log.entries.iter().all(|e| e.change.breaking == e.why_breaking.is_some()));
}
