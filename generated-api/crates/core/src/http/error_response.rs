//! Error responses whatever the status: what a server sends for a status the spec does not list
//! for an operation, or for a documented error status, is kept whole (status, headers, body), and
//! one accessor reads its errcode, message and retry delay.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use super::{Error, ResponseParts};
use crate::error_codes::{ErrorCode, MatrixError};
use crate::runtime::JsonValue;

/// Headers that describe the transport of one message rather than the response: not kept.
const TRANSPORT_HEADERS: &[&str] = &["content-length", "transfer-encoding", "connection", "keep-alive"];

/// The body of an [`ErrorResponse`].
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorBody {
    /// A standard Matrix error (`{"errcode": ..., "error": ...}`, every other field kept).
    Matrix(MatrixError),
    /// JSON that is not a Matrix error (no `errcode`, or not an object), as received.
    Json(JsonValue),
    /// A body that is not JSON (an HTML page from a proxy, say), as received.
    Bytes(Vec<u8>),
    /// No body.
    Empty,
}

/// A response kept whole: its status, the headers that describe it and its body. It is the
/// payload of every documented error status whose body is the standard error (or none), and of
/// the `Other` variant every `Response` enum has for what the spec does not document.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    /// The status code.
    pub status: u16,
    /// The headers received (`Content-Type`, `Retry-After`, `WWW-Authenticate`, ...), without
    /// the transport's own (`Content-Length`, ...).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: ErrorBody,
}

impl ErrorResponse {
    /// A Matrix error with `status` (server side).
    pub fn matrix(status: u16, error: MatrixError) -> ErrorResponse {
        ErrorResponse { status, headers: Vec::new(), body: ErrorBody::Matrix(error) }
    }

    /// Reads a received response: a JSON object with a string `errcode` is a [`MatrixError`],
    /// other JSON is kept as a value, anything else as bytes.
    pub fn from_parts(parts: &ResponseParts) -> ErrorResponse {
        let headers = parts
            .headers
            .iter()
            .filter(|(name, _)| !TRANSPORT_HEADERS.iter().any(|t| name.eq_ignore_ascii_case(t)))
            .cloned()
            .collect();
        ErrorResponse { status: parts.status, headers, body: read_body(&parts.body) }
    }

    /// The response to send (server side), or to compare with what was received.
    pub fn to_parts(&self) -> Result<ResponseParts, Error> {
        let mut headers = self.headers.clone();
        let has_content_type = headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        let body = match &self.body {
            ErrorBody::Matrix(error) => serde_json::to_vec(error)?,
            ErrorBody::Json(value) => serde_json::to_vec(value)?,
            ErrorBody::Bytes(bytes) => bytes.clone(),
            ErrorBody::Empty => Vec::new(),
        };
        if !has_content_type && matches!(self.body, ErrorBody::Matrix(_) | ErrorBody::Json(_)) {
            headers.push(("content-type".to_string(), "application/json".to_string()));
        }
        Ok(ResponseParts { status: self.status, headers, body })
    }

    /// The Matrix error of the body, if it is one.
    pub fn matrix_error(&self) -> Option<&MatrixError> {
        match &self.body {
            ErrorBody::Matrix(error) => Some(error),
            _ => None,
        }
    }

    /// The header `name`, if received.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The error, for a status of 400 or above; `None` for a success or redirect status the
    /// spec does not document.
    pub fn error(&self) -> Option<ResponseError> {
        if self.status < 400 {
            return None;
        }
        let matrix = self.matrix_error();
        let message = match &self.body {
            ErrorBody::Matrix(error) => error.error.clone(),
            // Some servers send `{"error": "..."}` without an errcode.
            ErrorBody::Json(value) => value.get("error").and_then(JsonValue::as_str).map(str::to_string),
            ErrorBody::Bytes(_) | ErrorBody::Empty => None,
        };
        Some(ResponseError {
            status: self.status,
            errcode: matrix.map(|e| e.errcode.clone()),
            message,
            retry_after: retry_delay(self.header("retry-after"), matrix.and_then(MatrixError::retry_after_ms)),
        })
    }
}

fn read_body(body: &[u8]) -> ErrorBody {
    if body.is_empty() {
        return ErrorBody::Empty;
    }
    match serde_json::from_slice::<JsonValue>(body) {
        Ok(value) if value.get("errcode").is_some_and(JsonValue::is_string) => {
            match serde_json::from_value::<MatrixError>(value.clone()) {
                Ok(error) => ErrorBody::Matrix(error),
                Err(_) => ErrorBody::Json(value),
            }
        }
        Ok(value) => ErrorBody::Json(value),
        Err(_) => ErrorBody::Bytes(body.to_vec()),
    }
}

/// The retry delay: the `Retry-After` header (in seconds; the spec's preferred form since
/// v1.10) if it is a number, else the body's deprecated `retry_after_ms`. An HTTP-date
/// `Retry-After` is left to the caller ([`ErrorResponse::header`]).
fn retry_delay(header: Option<&str>, retry_after_ms: Option<u64>) -> Option<Duration> {
    header
        .and_then(|value| value.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .or(retry_after_ms.map(Duration::from_millis))
}

/// What went wrong, read from any error response: the status, the errcode and message where the
/// body is a Matrix error, and the retry delay (`Retry-After` or `retry_after_ms`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    /// The status code.
    pub status: u16,
    /// The errcode, if the body is a Matrix error.
    pub errcode: Option<ErrorCode>,
    /// The message, if the body has one.
    pub message: Option<String>,
    /// How long to wait before retrying, if the server said.
    pub retry_after: Option<Duration>,
}

impl ResponseError {
    /// Reads the error of a documented error body of another type than the standard error (a
    /// user-interactive auth 401, an error with extra fields): its `errcode`, `error` and
    /// `retry_after_ms` fields, where present.
    pub fn from_body<T: Serialize>(status: u16, body: &T) -> ResponseError {
        let value = serde_json::to_value(body).unwrap_or(JsonValue::Null);
        let text = |key: &str| value.get(key).and_then(JsonValue::as_str).map(str::to_string);
        ResponseError {
            status,
            errcode: text("errcode").map(ErrorCode::from),
            message: text("error"),
            retry_after: retry_delay(None, value.get("retry_after_ms").and_then(JsonValue::as_u64)),
        }
    }
}

impl fmt::Display for ResponseError {
    /// `M_FORBIDDEN: message`; without a Matrix error body, `HTTP 502`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.errcode, &self.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}"),
            (Some(code), None) => write!(f, "{code}"),
            (None, Some(message)) => write!(f, "HTTP {}: {message}", self.status),
            (None, None) => write!(f, "HTTP {}", self.status),
        }
    }
}

impl std::error::Error for ResponseError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(status: u16, headers: &[(&str, &str)], body: &str) -> ResponseParts {
        ResponseParts {
            status,
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_matrix_error_reads_its_code_message_and_delay() {
        let received = parts(429, &[("Retry-After", "3")], r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow","retry_after_ms":500}"#);
        let error = ErrorResponse::from_parts(&received).error().expect("an error status");
        assert_eq!(error.errcode, Some(ErrorCode::LimitExceeded));
        assert_eq!(error.retry_after, Some(Duration::from_secs(3)), "the header wins over the body");
        assert_eq!(error.to_string(), "M_LIMIT_EXCEEDED: slow");
        let without_header = parts(429, &[], r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":500}"#);
        let error = ErrorResponse::from_parts(&without_header).error().expect("an error status");
        assert_eq!(error.retry_after, Some(Duration::from_millis(500)));
    }

    #[test]
    fn bodies_that_are_not_matrix_errors_are_kept() {
        let html = ErrorResponse::from_parts(&parts(502, &[("content-type", "text/html")], "<html>bad gateway</html>"));
        assert_eq!(html.body, ErrorBody::Bytes(b"<html>bad gateway</html>".to_vec()));
        assert_eq!(html.error().map(|e| e.to_string()).as_deref(), Some("HTTP 502"));
        assert_eq!(html.to_parts().expect("encodes").body, b"<html>bad gateway</html>");
        let no_errcode = ErrorResponse::from_parts(&parts(500, &[], r#"{"error":"Internal server error"}"#));
        assert!(matches!(no_errcode.body, ErrorBody::Json(_)));
        assert_eq!(no_errcode.error().map(|e| e.status), Some(500));
    }
}
