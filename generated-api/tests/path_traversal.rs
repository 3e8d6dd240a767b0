//! Path traversal, both directions, over every path parameter of every operation.
//!
//! Client side: each hostile value is written into the parameter, the request is built, and its
//! URI is normalised the way clients and reverse proxies do (RFC 3986 §5.2.4, via the `url`
//! crate). No normalised path may differ from the template in segment count or in a literal
//! segment (an escape); a value that is itself a dot segment (`.`, `..`) must be refused with
//! [`Error::DotSegment`], since no percent-encoding survives normalisation (`%2E` is a dot too).
//!
//! Server side: a received path whose parameter segment is, or decodes to, `.` or `..` is
//! refused the same way, and look-alikes that are not dot segments are accepted unchanged.

use generated_api::generated::OPERATIONS;
use generated_api::http::{match_path, AccessToken, Error, IncomingRequest, RequestParts, SendOptions};
use generated_api::runtime::{Metadata, Method};

/// Values a client might be handed for a path parameter. Only `.` and `..` are dot segments as
/// text; the rest are look-alikes (escaped dots, which we escape again; separators, which we
/// escape; characters the `url` crate strips or turns into `/`) that must stay in their segment.
const CLIENT_VALUES: &[&str] = &[
    ".",
    "..",
    "%2e",
    "%2E",
    "%2e%2e",
    "%2E%2e",
    "%2E%2E",
    ".%2e",
    "%2e.",
    "%252e%252e",
    "./..",
    "../",
    "/..",
    "../..",
    "a/../b",
    "..\\",
    "\\..",
    ".\\.",
    "...",
    "....",
    " ..",
    ".. ",
    "..\t",
    "\t..",
    "\n..",
    "..\r\n",
    ".\u{0}.",
    "..%00",
    "..;",
    "..;/",
    "..?",
    "..#",
    "?..",
    "#..",
    "%2e%2e%2f",
    "%c0%ae%c0%ae",
    "\u{FF0E}\u{FF0E}",
    "\u{2024}\u{2024}",
    ".\u{200B}.",
    "",
    "/",
    "//",
];

/// Whether a client value must be refused: the exact dot segments, nothing else.
fn is_dot_segment(value: &str) -> bool {
    matches!(value, "." | "..")
}

/// The `{name}`s of a template, in order.
fn parameters(template: &'static str) -> Vec<&'static str> {
    template.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect()
}

/// Every (operation, path parameter) pair of the crate.
fn path_parameters() -> Vec<(&'static Metadata, &'static str)> {
    OPERATIONS.iter().flat_map(|m| parameters(m.path).into_iter().map(move |p| (*m, p))).collect()
}

/// What one trial came to.
enum Outcome {
    /// Refused with `DotSegment` naming the parameter.
    Refused,
    /// Built, normalised unchanged in shape, and the value read back exactly.
    Survived,
    /// The normalised path has another shape than the template.
    Escaped(String),
    /// Anything else (a wrong error, a value read back differently).
    Failed(String),
}

/// Builds the client request for `metadata` with `value` in `target` (other parameters get a
/// plain value) and checks its normalised URI.
fn client_trial(metadata: &'static Metadata, target: &'static str, value: &str) -> Outcome {
    let mut parts = RequestParts::default();
    for name in parameters(metadata.path) {
        let text = if name == target { value.to_string() } else { "plain".to_string() };
        if let Err(e) = parts.path(name, &text) {
            return Outcome::Failed(format!("writing the parameter: {e}"));
        }
    }
    let options = SendOptions { access_token: AccessToken::Bearer("token".into()), assert_identity: None };
    match parts.into_http_request(metadata, "https://example.org", &options) {
        Err(Error::DotSegment { name }) if name == target => Outcome::Refused,
        Err(e) => Outcome::Failed(format!("build: {e}")),
        Ok(request) => check_normalised(metadata.path, target, value, &request.uri().to_string()),
    }
}

/// Normalises `uri` and compares its path with `template`, segment by segment.
fn check_normalised(template: &'static str, target: &str, value: &str, uri: &str) -> Outcome {
    let url = match url::Url::parse(uri) {
        Ok(url) => url,
        Err(e) => return Outcome::Failed(format!("{uri} does not parse as a URL: {e}")),
    };
    let normalised = url.path();
    let (expected, actual): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), normalised.split('/').collect());
    if expected.len() != actual.len() {
        return Outcome::Escaped(format!(
            "{normalised}: {} segments, the template has {}",
            actual.len(),
            expected.len()
        ));
    }
    let literal_differs = expected.iter().zip(&actual).any(|(e, a)| !e.starts_with('{') && e != a);
    if literal_differs {
        return Outcome::Escaped(format!("{normalised} leaves the template's literal segments"));
    }
    match match_path(template, normalised) {
        Ok(values) if values.get(target).map(String::as_str) == Some(value) => Outcome::Survived,
        Ok(values) => Outcome::Failed(format!("{normalised} reads back {:?}", values.get(target))),
        Err(e) => Outcome::Failed(format!("{normalised} does not match on the server: {e}")),
    }
}

#[test]
fn no_path_parameter_value_leaves_its_segment_after_normalisation() {
    let pairs = path_parameters();
    let (mut passed, mut refused, mut escapes, mut failures) = (0, 0, Vec::new(), Vec::new());
    for (metadata, target) in &pairs {
        for value in CLIENT_VALUES {
            let outcome = client_trial(metadata, target, value);
            let label = format!("{} {{{target}}} = {value:?}", metadata.operation_id);
            match (outcome, is_dot_segment(value)) {
                (Outcome::Refused, true) => {
                    refused += 1;
                    passed += 1;
                }
                (Outcome::Survived, false) => passed += 1,
                (Outcome::Refused, false) => failures.push(format!("{label}: refused, but it is no dot segment")),
                (Outcome::Survived, true) => failures.push(format!("{label}: a dot segment was sent")),
                (Outcome::Escaped(why), _) => escapes.push(format!("{label}: {why}")),
                (Outcome::Failed(why), _) => failures.push(format!("{label}: {why}")),
            }
        }
    }
    let trials = pairs.len() * CLIENT_VALUES.len();
    println!(
        "path parameters: {}, values: {}, trials: {trials}; {passed} passed, {} failed, {refused} refused, {} escapes",
        pairs.len(),
        CLIENT_VALUES.len(),
        failures.len() + escapes.len(),
        escapes.len()
    );
    escapes.iter().take(20).for_each(|e| println!("  ESCAPE {e}"));
    failures.iter().take(20).for_each(|f| println!("  FAILED {f}"));
    // Every operation of the spec compiled in: v1.17 has 191 path parameters.
    assert!(pairs.len() >= 190, "only {} path parameters", pairs.len());
    assert_eq!(refused, pairs.len() * 2, "`.` and `..` must be refused for every parameter");
    assert!(escapes.is_empty() && failures.is_empty());
    assert_eq!(passed, trials);
}

/// Raw path segments a server may receive that are dot segments once decoded: RFC 3986 treats
/// `%2E` (either case) as `.`.
const SERVER_DOT_SEGMENTS: &[&str] =
    &[".", "..", "%2e", "%2E", "%2e%2e", "%2E%2E", "%2e%2E", ".%2e", "%2e.", ".%2E", "%2E."];

/// Raw segments that look like dot segments but are not: accepted, with their decoded value.
const SERVER_LOOKALIKES: &[(&str, &str)] = &[
    ("...", "..."),
    ("%2e%2e%2e", "..."),
    (".%2e.", "..."),
    ("%252e%252e", "%2e%2e"),
    ("%2e%2e%2f", "../"),
    ("..%00", "..\0"),
    ("%20..", " .."),
    ("..%5C", "..\\"),
];

/// The request path for `metadata` with `segment` (raw, already encoded) in `target`.
fn raw_path(metadata: &Metadata, target: &str, segment: &str) -> String {
    let segments = metadata.path.split('/').map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        Some(name) if name == target => segment,
        Some(_) => "plain",
        None => s,
    });
    segments.collect::<Vec<_>>().join("/")
}

fn http_method(method: Method) -> &'static str {
    match method {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
        Method::Delete => "DELETE",
        Method::Head => "HEAD",
        Method::Options => "OPTIONS",
        Method::Patch => "PATCH",
    }
}

/// What the server made of one raw segment.
enum Served {
    /// Both `match_path` and `IncomingRequest::from_http` accepted it, with this value.
    Accepted(String),
    /// Both refused it as a dot segment of the parameter.
    Refused,
    /// They disagree, or failed otherwise.
    Failed(String),
}

/// `match_path` and `IncomingRequest::from_http` on one raw segment in `target`.
fn server_trial(metadata: &'static Metadata, target: &'static str, segment: &str) -> Served {
    let path = raw_path(metadata, target, segment);
    let request = match http::Request::builder().method(http_method(metadata.method)).uri(&path).body(Vec::new()) {
        Ok(request) => request,
        Err(e) => return Served::Failed(format!("{path}: not a request: {e}")),
    };
    match (match_path(metadata.path, &path), IncomingRequest::from_http(metadata, request)) {
        (Err(Error::DotSegment { name: a }), Err(Error::DotSegment { name: b })) if a == target && b == target => {
            Served::Refused
        }
        (Ok(values), Ok(_)) => match values.get(target) {
            Some(value) => Served::Accepted(value.clone()),
            None => Served::Failed(format!("{path}: no value for {target}")),
        },
        (a, b) => Served::Failed(format!("{path}: match_path {a:?}, from_http {:?}", b.err())),
    }
}

#[test]
fn the_server_refuses_a_decoded_dot_segment() {
    let pairs = path_parameters();
    let (mut refused, mut accepted, mut failures) = (0, 0, Vec::new());
    for (metadata, target) in &pairs {
        let label = |segment: &str| format!("{} {{{target}}} = {segment}", metadata.operation_id);
        for segment in SERVER_DOT_SEGMENTS {
            match server_trial(metadata, target, segment) {
                Served::Refused => refused += 1,
                Served::Accepted(value) => failures.push(format!("{}: accepted as {value:?}", label(segment))),
                Served::Failed(why) => failures.push(why),
            }
        }
        for (segment, decoded) in SERVER_LOOKALIKES {
            match server_trial(metadata, target, segment) {
                Served::Accepted(value) if value == *decoded => accepted += 1,
                Served::Accepted(value) => failures.push(format!("{}: read as {value:?}", label(segment))),
                Served::Refused => failures.push(format!("{}: refused, but it is no dot segment", label(segment))),
                Served::Failed(why) => failures.push(why),
            }
        }
    }
    let trials = pairs.len() * (SERVER_DOT_SEGMENTS.len() + SERVER_LOOKALIKES.len());
    println!(
        "server path parameters: {}, segments: {}, trials: {trials}; {} passed, {} failed, {refused} refused, \
         {accepted} look-alikes accepted",
        pairs.len(),
        SERVER_DOT_SEGMENTS.len() + SERVER_LOOKALIKES.len(),
        refused + accepted,
        failures.len()
    );
    failures.iter().take(20).for_each(|f| println!("  FAILED {f}"));
    assert!(pairs.len() >= 190, "only {} path parameters", pairs.len());
    assert!(failures.is_empty());
    assert_eq!(refused, pairs.len() * SERVER_DOT_SEGMENTS.len());
    assert_eq!(refused + accepted, trials);
}
