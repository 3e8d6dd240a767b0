//! Every operation's request can be built with `Request::new(required…)` alone: the registry
//! holds, per operation, a call of `new` with sample values generated from the IR (nested
//! bodies built with their own `new`), compiled with the crate; each request is sent through
//! its `Endpoint` and must reach its operation's method and path.

use generated_api::generated::registry::CONSTRUCTORS;
use generated_api::http::match_path;

/// `{Api}/{operationId}` → (method, path template), from the operations' metadata.
fn metadata(key: &str) -> Option<(&'static str, generated_api::runtime::Method)> {
    generated_api::generated::OPERATIONS
        .iter()
        .find(|m| format!("{:?}/{}", m.api, m.operation_id) == key)
        .map(|m| (m.path, m.method))
}

#[test]
fn every_operation_is_constructible_with_new() {
    let (mut passed, mut failed) = (0, Vec::new());
    for (key, construct) in CONSTRUCTORS {
        let outcome = match (construct(), metadata(key)) {
            (Ok(request), Some((path, method))) => {
                let method_matches = request.method().as_str().eq_ignore_ascii_case(&format!("{method:?}"));
                match match_path(path, request.uri().path()) {
                    Ok(_) if method_matches => Ok(()),
                    Ok(_) => Err(format!("method {} is not {method:?}", request.method())),
                    Err(error) => Err(error.to_string()),
                }
            }
            (Ok(_), None) => Err("no metadata".to_string()),
            (Err(error), _) => Err(error.to_string()),
        };
        match outcome {
            Ok(()) => passed += 1,
            Err(why) => failed.push(format!("{key}: {why}")),
        }
    }
    for failure in &failed {
        println!("  FAILED {failure}");
    }
    println!("constructors: {passed} passed, {} failed", failed.len());
    assert_eq!(CONSTRUCTORS.len(), 230, "one per operation");
    assert!(failed.is_empty());
}

#[test]
fn structs_without_required_fields_have_default() {
    use generated_api::generated::client_server::definitions::sync_filter::SyncFilter;
    let filter = SyncFilter::default();
    assert_eq!(serde_json::to_string(&filter).expect("encodes"), "{}");
}
