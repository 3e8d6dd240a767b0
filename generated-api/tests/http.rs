//! Every operation as `http` messages, both directions: requests built from the spec's
//! examples (or generated values) survive server decode → client encode → server decode;
//! every response example survives client decode → server encode → client decode unchanged;
//! nasty strings stay inside their path segment; every error example decodes to `MatrixError`
//! with its extras intact.

mod common;

use std::collections::BTreeMap;

use codegen::load::model::{MediaType, Operation, ParameterLocation};
use generated_api::generated::registry::{OperationChecks, OPERATIONS};
use generated_api::http::match_path;
use serde_json::{json, Value};

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The JSON body the spec shows for a request: its example, else composed from property
/// examples, else `{}`.
fn body_example(media: &MediaType) -> Value {
    media
        .examples
        .first()
        .map(|e| e.value.clone())
        .or_else(|| media.example.clone())
        .or_else(|| media.schema.as_ref().and_then(|s| s.example.clone()))
        .or_else(|| media.schema.as_ref().and_then(|s| common::compose(s, true)))
        .unwrap_or_else(|| json!({}))
}

/// The request the spec describes for `op`, with `overrides` for some path parameters.
fn synthesize(op: &Operation, overrides: &BTreeMap<&str, String>) -> http::Request<Vec<u8>> {
    let mut path = String::new();
    for segment in op.path.split('/').skip(1) {
        path.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let param = op.parameters.iter().find(|p| p.name == name).expect("path parameter");
                let value = overrides.get(name).cloned().unwrap_or_else(|| {
                    text(
                        &param
                            .example
                            .clone()
                            .or_else(|| param.schema.example.clone())
                            .unwrap_or_else(|| common::generated_value(&param.schema)),
                    )
                });
                path.push_str(&encode(&value));
            }
            None => path.push_str(segment),
        }
    }
    let mut query = Vec::new();
    let mut builder = http::Request::builder().method(op.method.as_str());
    for param in &op.parameters {
        // An example that breaks its own parameter's description is not sent.
        let example_id = format!("{} {} parameter {}", op.method.as_str(), op.path, param.name);
        let value = param.example.clone().or_else(|| param.schema.example.clone());
        let value = value.filter(|_| common::known_invalid(&example_id).is_none());
        let value = match (value, param.required) {
            (Some(value), _) => value,
            (None, true) => common::generated_value(&param.schema),
            (None, false) => continue,
        };
        match (param.location, &value) {
            (ParameterLocation::Query, Value::Array(items)) => {
                query.extend(items.iter().map(|i| format!("{}={}", encode(&param.name), encode(&text(i)))))
            }
            (ParameterLocation::Query, Value::Object(fields)) => {
                query.extend(fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(&text(v)))))
            }
            (ParameterLocation::Query, other) => {
                query.push(format!("{}={}", encode(&param.name), encode(&text(other))))
            }
            (ParameterLocation::Header, other) => builder = builder.header(param.name.as_str(), text(other)),
            (ParameterLocation::Path, _) => {}
        }
    }
    let uri = if query.is_empty() { path } else { format!("{path}?{}", query.join("&")) };
    let body = match op.request_body.as_ref().and_then(|b| b.content.first()) {
        Some(media) if media.mime == "application/json" => {
            serde_json::to_vec(&body_example(media)).expect("serializes")
        }
        Some(_) => b"some bytes".to_vec(),
        None => Vec::new(),
    };
    builder.uri(uri).body(body).expect("a valid request")
}

fn checks() -> BTreeMap<&'static str, OperationChecks> {
    OPERATIONS.iter().copied().collect()
}

#[test]
fn every_request_survives_both_sides() {
    let spec = common::spec();
    let checks = checks();
    let (mut passed, mut failed) = (0, Vec::new());
    for op in spec.documents.iter().flat_map(|d| &d.operations) {
        let key = format!("{:?}/{}", op.api, op.operation_id);
        let check = checks.get(key.as_str()).unwrap_or_else(|| panic!("no checks for {key}"));
        match (check.request)(synthesize(op, &BTreeMap::new())) {
            Ok(_) => passed += 1,
            Err(error) => failed.push(format!("{key}: {error}")),
        }
    }
    println!("http requests: {passed} passed, {} failed (operations)", failed.len());
    failed.iter().for_each(|f| println!("  FAILED {f}"));
    assert!(failed.is_empty());
}

#[test]
fn every_response_example_survives_both_sides() {
    let spec = common::spec();
    let checks = checks();
    let (mut passed, mut failed, mut known) = (0, Vec::new(), 0);
    for op in spec.documents.iter().flat_map(|d| &d.operations) {
        let key = format!("{:?}/{}", op.api, op.operation_id);
        for response in &op.responses {
            let Ok(status) = response.status.to_string().parse::<u16>() else { continue };
            for media in response.content.iter().filter(|m| m.mime == "application/json") {
                let examples = media.examples.iter().map(|e| (format!("examples/{}", e.name), e.value.clone()));
                let single = media.example.clone().or_else(|| media.schema.as_ref().and_then(|s| s.example.clone()));
                let id_of = |suffix: &str| format!("{} {} {} {suffix}", op.method.as_str(), op.path, response.status);
                let all: Vec<(String, Value)> = if media.examples.is_empty() {
                    single
                        .map(|v| (if media.example.is_some() { "example" } else { "schema.example" }.to_string(), v))
                        .into_iter()
                        .collect()
                } else {
                    examples.collect()
                };
                for (suffix, value) in all {
                    let id = id_of(&suffix);
                    let body = serde_json::to_vec(&value).expect("serializes");
                    let outcome = (checks[key.as_str()].response)(status, &body)
                        .and_then(|sent| serde_json::from_slice::<Value>(&sent).map_err(|e| e.to_string()))
                        .and_then(|back| if back == value { Ok(()) } else { Err(format!("changed: {back}")) });
                    match (outcome, common::known_invalid(&id)) {
                        (Ok(()), _) => passed += 1,
                        (Err(_), Some(_)) => known += 1,
                        (Err(error), None) => failed.push(format!("{id}: {error}")),
                    }
                }
            }
        }
    }
    println!("http responses: {passed} passed, {} failed, {known} known-invalid", failed.len());
    failed.iter().for_each(|f| println!("  FAILED {f}"));
    assert!(failed.is_empty());
    assert!(passed >= 370);
}

/// Strings that must each stay inside one path segment and decode back to themselves.
const NASTY: &[&str] = &[
    "/",
    "//",
    "?",
    "#",
    "%",
    "%2F",
    "%2f",
    "%%",
    "%zz",
    // `.` and `..` are refused (`Error::DotSegment`): tests/path_traversal.rs.
    "",
    " ",
    "a b",
    "a/b/c",
    "../../etc/passwd",
    "?x=1&y=2",
    "#fragment",
    "+",
    "&",
    "=",
    ";",
    ",",
    "\\",
    "\"",
    "'",
    "<>",
    "\t",
    "ü",
    "日本語",
    "🎉",
    "%00",
    "\0",
    "@user:example.org/x",
    "!room:example.org?via=x",
    "$event/..%2F",
    "a%20b",
    "..;/",
    "\u{202e}rtl",
];

#[test]
fn nasty_strings_stay_inside_their_path_segment() {
    let spec = common::spec();
    let checks = checks();
    let (mut trials, mut escapes, mut parameters) = (0, Vec::new(), 0);
    for op in spec.documents.iter().flat_map(|d| &d.operations) {
        let key = format!("{:?}/{}", op.api, op.operation_id);
        let segments = op.path.split('/').count();
        for param in op.parameters.iter().filter(|p| p.location == ParameterLocation::Path) {
            parameters += 1;
            for nasty in NASTY {
                trials += 1;
                let overrides = BTreeMap::from([(param.name.as_str(), nasty.to_string())]);
                let outcome = (checks[key.as_str()].request)(synthesize(op, &overrides)).and_then(|sent| {
                    let path = sent.uri().path().to_string();
                    if path.split('/').count() != segments {
                        return Err(format!("{path} has {} segments, not {segments}", path.split('/').count()));
                    }
                    let values =
                        match_path(Box::leak(op.path.clone().into_boxed_str()), &path).map_err(|e| e.to_string())?;
                    match values.get(&param.name) {
                        Some(value) if value == nasty => Ok(()),
                        other => Err(format!("recovered {other:?}")),
                    }
                });
                if let Err(error) = outcome {
                    escapes.push(format!("{key} {{{}}} = {nasty:?}: {error}", param.name));
                }
            }
        }
    }
    println!(
        "path parameters: {parameters}, nasty strings: {}, trials: {trials}; {} passed, {} failed (escapes)",
        NASTY.len(),
        trials - escapes.len(),
        escapes.len()
    );
    escapes.iter().take(20).for_each(|e| println!("  ESCAPE {e}"));
    assert!(NASTY.len() >= 30);
    assert!(escapes.is_empty());
}

#[test]
fn every_error_example_is_a_matrix_error_with_its_extras() {
    let spec = common::spec();
    let (mut passed, mut failed) = (0, Vec::new());
    for op in spec.documents.iter().flat_map(|d| &d.operations) {
        for response in op.responses.iter().filter(|r| r.status.to_string().parse::<u16>().is_ok_and(|s| s >= 400)) {
            for media in &response.content {
                let values = media.examples.iter().map(|e| e.value.clone()).chain(media.example.clone());
                for value in values.filter(|v| v.get("errcode").is_some()) {
                    let decoded = serde_json::from_value::<generated_api::MatrixError>(value.clone());
                    match decoded.map(|e| serde_json::to_value(&e)) {
                        Ok(Ok(back)) if back == value => passed += 1,
                        other => {
                            failed.push(format!("{} {} {}: {other:?}", op.method.as_str(), op.path, response.status))
                        }
                    }
                }
            }
        }
    }
    println!("error examples: {passed} passed, {} failed", failed.len());
    failed.iter().for_each(|f| println!("  FAILED {f}"));
    assert!(failed.is_empty());
    assert!(passed >= 200);
}
