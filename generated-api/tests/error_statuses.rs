//! Errors whatever the status: every operation's `Response` reads what real servers send for
//! statuses its spec may or may not list (Synapse's 401 `M_UNKNOWN_TOKEN`, 403 `M_FORBIDDEN`, 404,
//! 429 with and without `Retry-After`, 500, a proxy's HTML 502) with errcode, message and retry
//! delay readable, and writes the same status and body back.

use std::time::Duration;

use generated_api::generated::registry::OPERATIONS;
use generated_api::http::ResponseParts;
use generated_api::ErrorCode;

/// One response a server might send, and what its error must read as.
struct Case {
    name: &'static str,
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    errcode: Option<ErrorCode>,
    message: Option<&'static str>,
    retry_after: Option<Duration>,
}

fn cases() -> Vec<Case> {
    let json = &[("content-type", "application/json")][..];
    vec![
        Case {
            name: "401 unknown token",
            status: 401,
            headers: json,
            body: r#"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed.","soft_logout":true}"#,
            errcode: Some(ErrorCode::UnknownToken),
            message: Some("Invalid access token passed."),
            retry_after: None,
        },
        Case {
            name: "403 forbidden",
            status: 403,
            headers: json,
            body: r#"{"errcode":"M_FORBIDDEN","error":"You are not allowed to send messages here."}"#,
            errcode: Some(ErrorCode::Forbidden),
            message: Some("You are not allowed to send messages here."),
            retry_after: None,
        },
        Case {
            name: "404 not found",
            status: 404,
            headers: json,
            body: r#"{"errcode":"M_NOT_FOUND","error":"Not found"}"#,
            errcode: Some(ErrorCode::NotFound),
            message: Some("Not found"),
            retry_after: None,
        },
        Case {
            name: "429 with Retry-After",
            status: 429,
            headers: &[("content-type", "application/json"), ("retry-after", "5")],
            body: r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":2000}"#,
            errcode: Some(ErrorCode::LimitExceeded),
            message: Some("Too Many Requests"),
            retry_after: Some(Duration::from_secs(5)),
        },
        Case {
            name: "429 without Retry-After",
            status: 429,
            headers: json,
            body: r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":2000}"#,
            errcode: Some(ErrorCode::LimitExceeded),
            message: Some("Too Many Requests"),
            retry_after: Some(Duration::from_millis(2000)),
        },
        Case {
            name: "500 without errcode",
            status: 500,
            headers: json,
            body: r#"{"error":"Internal server error"}"#,
            errcode: None,
            message: Some("Internal server error"),
            retry_after: None,
        },
        Case {
            name: "502 HTML from a proxy",
            status: 502,
            headers: &[("content-type", "text/html")],
            body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
            errcode: None,
            message: None,
            retry_after: None,
        },
    ]
}

fn parts(case: &Case) -> ResponseParts {
    ResponseParts {
        status: case.status,
        headers: case.headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        body: case.body.as_bytes().to_vec(),
    }
}

/// Where the error read from `case` differs from what the case says it must be.
fn mismatch(case: &Case, error: &generated_api::http::ResponseError) -> Option<String> {
    let expected = (case.status, case.errcode.as_ref(), case.message, case.retry_after);
    let actual = (error.status, error.errcode.as_ref(), error.message.as_deref(), error.retry_after);
    (expected != actual).then(|| format!("expected {expected:?}, read {actual:?}"))
}

#[test]
fn every_operation_reads_every_error_status() {
    let cases = cases();
    let (mut passed, mut failed) = (0, Vec::new());
    for (operation, checks) in OPERATIONS {
        for case in &cases {
            let outcome = match (checks.error)(&parts(case)) {
                Ok(Some(error)) => mismatch(case, &error),
                Ok(None) => Some("no error read".to_string()),
                Err(error) => Some(error),
            };
            match outcome {
                None => passed += 1,
                Some(why) => failed.push(format!("{operation} {}: {why}", case.name)),
            }
        }
    }
    for failure in &failed {
        println!("  FAILED {failure}");
    }
    println!(
        "error statuses: {passed} passed, {} failed ({} operations x {} statuses)",
        failed.len(),
        OPERATIONS.len(),
        cases.len()
    );
    assert_eq!(passed, OPERATIONS.len() * cases.len());
    assert!(failed.is_empty());
}

#[test]
fn the_error_displays_as_errcode_and_message() {
    let case = &cases()[1];
    let (_, checks) = OPERATIONS.iter().find(|(name, _)| *name == "ClientServer/sendMessage").expect("sendMessage");
    let error = (checks.error)(&parts(case)).expect("decodes").expect("an error");
    assert_eq!(error.to_string(), "M_FORBIDDEN: You are not allowed to send messages here.");
}
