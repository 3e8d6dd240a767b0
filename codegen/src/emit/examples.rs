//! The doc examples of an operation, from the spec's own examples: on `Request`, the request
//! built with `new(..)` (sample path, query and header values, the spec's example body) and
//! turned into an `http::Request` whose method and path are asserted; on `Response`, the spec's
//! success example decoded from an `http::Response` and its variant asserted. Both run as doc
//! tests. An operation the spec gives nothing to show for gets a reason instead
//! ([`coverage`]).

use crate::ir::*;

/// The doc example of one side of an operation, or why there is none.
pub type Example = Result<String, &'static str>;

/// The request example of `op`, defined in the module at `path`.
pub fn request_example(op: &OperationIr, path: &ModulePath) -> Example {
    if let Some(reason) = overrides::invalid_doc_example(&format!("{}/{}", op.api, op.operation_id), "request") {
        return Err(reason);
    }
    let module = rust_path(path, op);
    let mut args = Vec::new();
    let mut values = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        let (literal, text) = sample(param)?;
        args.push(literal);
        values.push((param.wire_name.as_str(), text));
    }
    let imports = if op.auth == "None" { "Endpoint, SendOptions" } else { "AccessToken, Endpoint, SendOptions" };
    let mut lines =
        vec![format!("use {module}::Request;"), format!("use generated_api::http::{{{imports}}};"), String::new()];
    let mut optional_body = None;
    match &op.body {
        Some(body) if body.ty == TypeRef::Bytes && body.required => return Err("the request body is not JSON"),
        // An optional media body is left out.
        Some(body) if body.ty == TypeRef::Bytes => {}
        Some(body) => match (&body.example, body.required) {
            (Some(json), true) => {
                lines.push(format!("let body = serde_json::from_str({})?;", raw_string(json)));
                args.push("body".to_string());
            }
            (Some(json), false) => optional_body = Some(json),
            (None, true) => return Err("the spec gives no example of the request body"),
            (None, false) => {}
        },
        None => {}
    }
    let mutable = if optional_body.is_some() { "mut " } else { "" };
    lines.push(format!("let {mutable}request = Request::new({});", args.join(", ")));
    if let Some(json) = optional_body {
        lines.push(format!("request.body = Some(serde_json::from_str({})?);", raw_string(json)));
    }
    let options = if op.auth == "None" {
        "SendOptions::default()".to_string()
    } else {
        "SendOptions { access_token: AccessToken::Bearer(\"syt_token\".into()), assert_identity: None }".to_string()
    };
    lines.push(format!("let options = {options};"));
    lines.push("let http_request = request.try_into_http_request(\"https://matrix.example.org\", &options)?;".into());
    lines.push(format!("assert_eq!(http_request.method(), \"{}\");", op.method.to_uppercase()));
    lines.push(format!("assert_eq!(http_request.uri().path(), \"{}\");", fill_path(&op.path, &values)));
    lines.push("# Ok::<(), Box<dyn std::error::Error>>(())".into());
    Ok(code_block(&lines))
}

/// The response example of `op`: the first success status the spec documents, with its example
/// body.
pub fn response_example(op: &OperationIr, path: &ModulePath) -> Example {
    if let Some(reason) = overrides::invalid_doc_example(&format!("{}/{}", op.api, op.operation_id), "response") {
        return Err(reason);
    }
    let module = rust_path(path, op);
    let response = op
        .responses
        .iter()
        .find(|r| r.status.parse::<u16>().is_ok_and(|code| (200..300).contains(&code)))
        .ok_or("the spec documents no success status")?;
    let status = &response.status;
    let mut lines = vec![
        format!("use {module}::Response;"),
        "use generated_api::http::EndpointResponse;".to_string(),
        String::new(),
    ];
    let pattern = match (&response.body, &response.type_name) {
        (Some(body), _) if body.ty == TypeRef::Bytes => return Err("the success response is not JSON"),
        (Some(body), Some(_)) => {
            let json = body.example.as_ref().ok_or("the spec gives no example of the success response body")?;
            lines.push(format!("let body = {};", raw_string(json)));
            lines.push("let http_response = http::Response::builder()".into());
            lines.push(format!("    .status({status})"));
            lines.push("    .header(\"content-type\", \"application/json\")".into());
            lines.push("    .body(body.as_bytes().to_vec())?;".into());
            format!("Response::Status{status}(_)")
        }
        (Some(_), None) | (None, _) => {
            if response.headers.iter().any(|h| h.eq_ignore_ascii_case("location")) {
                return Err("the success response is a redirect");
            }
            lines.push(format!("let http_response = http::Response::builder().status({status}).body(Vec::new())?;"));
            format!("Response::Status{status}")
        }
    };
    lines.push("let response = Response::try_from_http_response(http_response)?;".into());
    lines.push(format!("assert!(matches!(response, {pattern}));"));
    lines.push("assert!(response.error().is_none());".into());
    lines.push("# Ok::<(), Box<dyn std::error::Error>>(())".into());
    Ok(code_block(&lines))
}

/// An operation (`{Api}/{operationId}`), why it has no request example, and why no response
/// example (`None`: it has one).
pub type Coverage = (String, Option<&'static str>, Option<&'static str>);

/// The [`Coverage`] of every operation.
pub fn coverage(ir: &Ir) -> Vec<Coverage> {
    let mut out = Vec::new();
    for (path, module) in &ir.modules {
        for op in &module.operations {
            out.push((
                format!("{}/{}", op.api, op.operation_id),
                request_example(op, path).err(),
                response_example(op, path).err(),
            ));
        }
    }
    out
}

/// `generated_api::generated::a::b::operation`.
fn rust_path(path: &ModulePath, op: &OperationIr) -> String {
    let mut segments = vec!["generated_api".to_string(), "generated".to_string()];
    segments.extend(path.iter().cloned());
    segments.push(op.module.clone());
    segments.join("::")
}

/// The argument of a required parameter in the example, and its text on the wire.
fn sample(param: &ParamIr) -> Result<(String, String), &'static str> {
    let text = match &param.ty {
        TypeRef::Identifier(name) => overrides::identifier_sample(name).to_string(),
        TypeRef::String => overrides::string_parameter_sample(&param.wire_name).to_string(),
        TypeRef::Integer => return Ok(("1".to_string(), "1".to_string())),
        TypeRef::Bool => return Ok(("true".to_string(), "true".to_string())),
        _ => return Err("a required parameter is not a string, number or boolean"),
    };
    Ok((format!("{text:?}"), text))
}

/// `template` with each `{name}` replaced by its value, percent-encoded as the runtime does
/// (every byte outside `A-Za-z0-9-._~`).
fn fill_path(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        let mut encoded = String::new();
        for byte in value.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                encoded.push(char::from(byte));
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        out = out.replace(&format!("{{{name}}}"), &encoded);
    }
    out
}

/// `text` as a raw string literal with enough `#`s, its lines indented to sit in the example.
fn raw_string(text: &str) -> String {
    let mut hashes = "#".to_string();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

fn code_block(lines: &[String]) -> String {
    let mut out = String::from("```rust\n");
    for line in lines {
        for part in line.split('\n') {
            out.push_str(part);
            out.push('\n');
        }
    }
    out.push_str("```");
    out
}
