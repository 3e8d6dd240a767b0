//! Requests and responses as `http` 1.x messages, in both directions, for every generated
//! operation: clients turn a `Request` into an `http::Request` and an `http::Response` into a
//! `Response`; servers do the reverse. No HTTP client or server is involved.
//!
//! The generated code says, per operation, which field goes where ([`Endpoint`],
//! [`EndpointResponse`]); everything about the wire (percent-encoding, query strings, headers,
//! JSON and media bodies, authentication, path matching) lives here, driven by the operation's
//! [`Metadata`], the single source of its method, path and authentication.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::identity_assertion::AssertIdentity;

mod error_response;

pub use error_response::{ErrorBody, ErrorResponse, ResponseError};
use crate::percent;
use crate::runtime::{AuthScheme, JsonValue, Metadata, Method};

/// Why a message could not be built or read.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The base URL or the built URI is not valid.
    InvalidUri(String),
    /// The request's path does not match the operation's path template.
    PathMismatch {
        /// The template.
        template: &'static str,
        /// The path received.
        path: String,
    },
    /// The request's method is not the operation's.
    MethodMismatch,
    /// A required parameter is missing.
    MissingParameter(&'static str),
    /// A parameter's value does not fit its type.
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// A parameter cannot be written into a URL or header (e.g. a nested object).
    UnsupportedParameter(&'static str),
    /// A path parameter is `.` or `..` (after percent-decoding): URL normalisation (RFC 3986
    /// §5.2.4, the `url` crate, reverse proxies) removes such a segment or steps up one, and no
    /// escape survives it (`%2E` is a dot too), so the request would reach another endpoint.
    DotSegment {
        /// The parameter.
        name: &'static str,
    },
    /// A header value holds a byte no header may hold (CR, LF, another control character); the
    /// value itself is not repeated here, as it may be an access token.
    InvalidHeaderValue {
        /// The header (`authorization` for the access token).
        name: &'static str,
    },
    /// A body is not valid JSON of its type.
    Json(serde_json::Error),
    /// A response status the operation does not document.
    UnknownStatus(u16),
    /// A documented body is missing.
    MissingBody,
    /// The operation needs an access token and none was given.
    MissingAccessToken,
    /// Building the message failed.
    Http(http::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidUri(uri) => write!(f, "invalid URI: {uri}"),
            Error::PathMismatch { template, path } => write!(f, "path {path:?} does not match {template}"),
            Error::MethodMismatch => f.write_str("the method is not the operation's"),
            Error::MissingParameter(name) => write!(f, "missing parameter `{name}`"),
            Error::InvalidParameter { name, reason } => write!(f, "invalid parameter `{name}`: {reason}"),
            Error::UnsupportedParameter(name) => write!(f, "parameter `{name}` cannot be written as text"),
            Error::DotSegment { name } => {
                write!(f, "path parameter `{name}` is `.` or `..`, a segment URL normalisation would remove")
            }
            Error::InvalidHeaderValue { name } => {
                write!(f, "header `{name}` holds a control character (CR, LF, ...) no header value may hold")
            }
            Error::Json(e) => write!(f, "invalid JSON body: {e}"),
            Error::UnknownStatus(status) => write!(f, "status {status} is not documented for this operation"),
            Error::MissingBody => f.write_str("the documented body is missing"),
            Error::MissingAccessToken => f.write_str("the operation needs an access token"),
            Error::Http(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Json(e)
    }
}

impl From<http::Error> for Error {
    fn from(e: http::Error) -> Error {
        Error::Http(e)
    }
}

/// How a client sends its access token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AccessToken {
    /// No token.
    #[default]
    None,
    /// `Authorization: Bearer <token>` (the spec's preferred way).
    Bearer(String),
    /// The deprecated `access_token` query parameter, where the operation offers it.
    Query(String),
}

/// Client-side options of a request.
#[derive(Clone, Debug, Default)]
pub struct SendOptions {
    /// The access token.
    pub access_token: AccessToken,
    /// An application service asserting a user (and device) identity.
    pub assert_identity: Option<AssertIdentity>,
}

/// A non-JSON body: media bytes with their content type and disposition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MediaBody {
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Content-Disposition`.
    pub content_disposition: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A bodiless redirect (`307`/`308` to a media download, an SSO `302`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redirect {
    /// `Location`.
    pub location: String,
}

/// The parts of a request, by location, as text (the wire form without the base URL).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestParts {
    /// Path parameter values, by template name.
    pub path: BTreeMap<&'static str, String>,
    /// Query pairs, in order (arrays repeat their key).
    pub query: Vec<(String, String)>,
    /// Header values.
    pub headers: Vec<(&'static str, String)>,
    /// The body, if any, and its content type.
    pub body: Option<(Vec<u8>, String)>,
}

impl RequestParts {
    /// Writes a path parameter. Any text is allowed and stays inside its segment, except `.`
    /// and `..`, which building the request refuses ([`Error::DotSegment`]).
    pub fn path<T: Serialize>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        let text = scalar_text(name, value)?;
        self.path.insert(name, text);
        Ok(())
    }

    /// Writes a query parameter: arrays as repeated keys, objects spread into their keys,
    /// booleans and numbers as text; `None` writes nothing.
    pub fn query<T: Serialize>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        match serde_json::to_value(value)? {
            JsonValue::Null => {}
            JsonValue::Array(items) => {
                for item in items {
                    self.query.push((name.to_string(), value_text(name, item)?));
                }
            }
            JsonValue::Object(fields) => {
                for (key, item) in fields {
                    self.query.push((key, value_text(name, item)?));
                }
            }
            other => self.query.push((name.to_string(), value_text(name, other)?)),
        }
        Ok(())
    }

    /// Writes a header; `None` writes nothing.
    pub fn header<T: Serialize>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        match serde_json::to_value(value)? {
            JsonValue::Null => Ok(()),
            other => {
                self.headers.push((name, value_text(name, other)?));
                Ok(())
            }
        }
    }

    /// Writes a JSON body.
    pub fn json_body<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        self.body = Some((serde_json::to_vec(body)?, "application/json".to_string()));
        Ok(())
    }

    /// Writes a raw body (uploads); its content type comes from the `Content-Type` parameter.
    pub fn bytes_body(&mut self, bytes: &[u8]) {
        self.body = Some((bytes.to_vec(), String::new()));
    }

    /// The request line's path and query for `metadata`, percent-encoded.
    ///
    /// A path parameter of `.` or `..` is refused ([`Error::DotSegment`]): every other value
    /// stays inside its segment, so the request reaches exactly the operation's path.
    pub fn path_and_query(&self, metadata: &Metadata) -> Result<String, Error> {
        let mut out = String::new();
        for segment in metadata.path.split('/').skip(1) {
            out.push('/');
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let value = self.path.get(name).ok_or(Error::MissingParameter(static_name(metadata, name)))?;
                    refuse_dot_segment(static_name(metadata, name), value)?;
                    percent::encode_segment(value, &mut out);
                }
                None => out.push_str(segment),
            }
        }
        let mut query = String::new();
        for (key, value) in &self.query {
            query.push(if query.is_empty() { '?' } else { '&' });
            percent::encode_into(key, &mut query);
            query.push('=');
            percent::encode_into(value, &mut query);
        }
        Ok(out + &query)
    }

    /// The client's `http::Request` for `metadata`, against `base_url` (e.g.
    /// `https://matrix.example.org`).
    pub fn into_http_request(
        mut self,
        metadata: &Metadata,
        base_url: &str,
        options: &SendOptions,
    ) -> Result<http::Request<Vec<u8>>, Error> {
        let bearer = match &options.access_token {
            AccessToken::Bearer(token) => Some(token.clone()),
            AccessToken::Query(token) => {
                let name = metadata.auth_schemes.iter().find_map(|s| match s {
                    AuthScheme::QueryParameter(name) => Some(*name),
                    _ => None,
                });
                match name {
                    Some(name) => self.query.push((name.to_string(), token.clone())),
                    None => {
                        return Err(Error::InvalidParameter {
                            name: "access_token",
                            reason: "not offered in the query here".into(),
                        })
                    }
                }
                None
            }
            AccessToken::None if metadata.auth == crate::runtime::AuthRequirement::Required => {
                return Err(Error::MissingAccessToken);
            }
            AccessToken::None => None,
        };
        if let Some(assertion) = &options.assert_identity {
            self.query.extend(assertion.query_pairs().into_iter().map(|(k, v)| (k.to_string(), v)));
        }
        let uri = format!("{}{}", base_url.trim_end_matches('/'), self.path_and_query(metadata)?);
        let mut builder = http::Request::builder().method(http_method(metadata.method)).uri(&uri);
        if let Some(token) = bearer {
            let value = header_value("authorization", &format!("Bearer {token}"))?;
            builder = builder.header(http::header::AUTHORIZATION, value);
        }
        for (name, value) in &self.headers {
            builder = builder.header(*name, header_value(name, value)?);
        }
        let body = match self.body {
            Some((bytes, content_type)) => {
                if !content_type.is_empty() && !self.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                {
                    builder = builder.header(http::header::CONTENT_TYPE, content_type);
                }
                bytes
            }
            None => Vec::new(),
        };
        builder.body(body).map_err(|e| Error::InvalidUri(format!("{uri}: {e}")))
    }
}

/// A header value, checked here so a CR or LF (header injection) is named as such instead of
/// surfacing later as a failed build of the whole request.
fn header_value(name: &'static str, text: &str) -> Result<http::HeaderValue, Error> {
    http::HeaderValue::from_str(text).map_err(|_| Error::InvalidHeaderValue { name })
}

/// Whether a decoded segment is one RFC 3986 normalisation treats as a relative step.
fn is_dot_segment(decoded: &str) -> bool {
    matches!(decoded, "." | "..")
}

/// Refuses a path parameter that is a dot segment: percent-encoding cannot protect it, since
/// normalisers decode `%2E` before removing dot segments.
fn refuse_dot_segment(name: &'static str, decoded: &str) -> Result<(), Error> {
    if is_dot_segment(decoded) {
        return Err(Error::DotSegment { name });
    }
    Ok(())
}

fn static_name(metadata: &Metadata, name: &str) -> &'static str {
    metadata
        .path
        .split('/')
        .find_map(|s| s.strip_prefix('{')?.strip_suffix('}').filter(|n| *n == name))
        .unwrap_or("path")
}

/// A scalar as URL or header text.
fn scalar_text<T: Serialize>(name: &'static str, value: &T) -> Result<String, Error> {
    value_text(name, serde_json::to_value(value)?)
}

fn value_text(name: &'static str, value: JsonValue) -> Result<String, Error> {
    match value {
        JsonValue::String(text) => Ok(text),
        JsonValue::Number(number) => Ok(number.to_string()),
        JsonValue::Bool(flag) => Ok(flag.to_string()),
        _ => Err(Error::UnsupportedParameter(name)),
    }
}

fn http_method(method: Method) -> http::Method {
    match method {
        Method::Get => http::Method::GET,
        Method::Put => http::Method::PUT,
        Method::Post => http::Method::POST,
        Method::Delete => http::Method::DELETE,
        Method::Head => http::Method::HEAD,
        Method::Options => http::Method::OPTIONS,
        Method::Patch => http::Method::PATCH,
    }
}

/// A received request, taken apart for one operation (server side).
#[derive(Clone, Debug, Default)]
pub struct IncomingRequest {
    path: BTreeMap<String, String>,
    query: Vec<(String, String)>,
    headers: http::HeaderMap,
    body: Vec<u8>,
    /// Query keys read by a named parameter, so an object parameter takes only the rest.
    claimed: Vec<String>,
}

impl IncomingRequest {
    /// Matches `request` against `metadata`'s method and path template and decodes its parts.
    pub fn from_http(metadata: &Metadata, request: http::Request<Vec<u8>>) -> Result<IncomingRequest, Error> {
        if request.method() != http_method(metadata.method) {
            return Err(Error::MethodMismatch);
        }
        let path = match_path(metadata.path, request.uri().path())?;
        let mut query = Vec::new();
        for pair in request.uri().query().unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode =
                |s| percent::decode(s, true).map_err(|reason| Error::InvalidParameter { name: "query", reason });
            query.push((decode(key)?, decode(value)?));
        }
        let (parts, body) = request.into_parts();
        Ok(IncomingRequest { path, query, headers: parts.headers, body, claimed: Vec::new() })
    }

    /// A path parameter.
    pub fn path<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, Error> {
        let text = self.path.get(name).ok_or(Error::MissingParameter(name))?;
        from_texts(name, std::slice::from_ref(text))
    }

    /// A required query parameter.
    pub fn query<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, Error> {
        self.optional_query(name)?.ok_or(Error::MissingParameter(name))
    }

    /// An optional query parameter (repeated keys make an array).
    pub fn optional_query<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<Option<T>, Error> {
        self.claimed.push(name.to_string());
        let values: Vec<String> = self.query.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect();
        if values.is_empty() {
            return Ok(None);
        }
        from_texts(name, &values).map(Some)
    }

    /// A query parameter whose object is spread into the query: every key no other parameter
    /// reads (call it after the named ones).
    pub fn query_object<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<Option<T>, Error> {
        let rest: serde_json::Map<String, JsonValue> = self
            .query
            .iter()
            .filter(|(k, _)| {
                !self.claimed.contains(k) && !matches!(k.as_str(), "access_token" | "user_id" | "device_id")
            })
            .map(|(k, v)| (k.clone(), JsonValue::String(v.clone())))
            .collect();
        if rest.is_empty() {
            return Ok(None);
        }
        serde_json::from_value(JsonValue::Object(rest))
            .map(Some)
            .map_err(|e| Error::InvalidParameter { name, reason: e.to_string() })
    }

    /// A required header.
    pub fn header<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, Error> {
        self.optional_header(name)?.ok_or(Error::MissingParameter(name))
    }

    /// An optional header.
    pub fn optional_header<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<Option<T>, Error> {
        let Some(value) = self.headers.get(name) else { return Ok(None) };
        let text = value.to_str().map_err(|e| Error::InvalidParameter { name, reason: e.to_string() })?.to_string();
        from_texts(name, &[text]).map(Some)
    }

    /// The JSON body.
    pub fn json_body<T: DeserializeOwned>(&mut self) -> Result<T, Error> {
        let body = if self.body.is_empty() { b"{}".as_slice() } else { &self.body };
        json_from_bytes(body)
    }

    /// The JSON body of an operation whose body is optional.
    pub fn optional_json_body<T: DeserializeOwned>(&mut self) -> Result<Option<T>, Error> {
        if self.body.is_empty() {
            return Ok(None);
        }
        json_from_bytes(&self.body).map(Some)
    }

    /// The raw body (uploads).
    pub fn bytes_body(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.body)
    }
}

/// Decodes a parameter from its text form(s): tried as a string first, then as the JSON
/// scalar the text spells (`12`, `true`), so a string parameter that looks like a number stays a
/// string; several values make an array.
fn from_texts<T: DeserializeOwned>(name: &'static str, texts: &[String]) -> Result<T, Error> {
    let as_value = |text: &String| JsonValue::String(text.clone());
    let as_scalar = |text: &String| {
        serde_json::from_str::<JsonValue>(text)
            .ok()
            .filter(|v| !v.is_object() && !v.is_array())
            .unwrap_or_else(|| as_value(text))
    };
    let candidates = if texts.len() == 1 {
        vec![
            as_value(&texts[0]),
            as_scalar(&texts[0]),
            JsonValue::Array(vec![as_value(&texts[0])]),
            JsonValue::Array(vec![as_scalar(&texts[0])]),
        ]
    } else {
        vec![
            JsonValue::Array(texts.iter().map(as_value).collect()),
            JsonValue::Array(texts.iter().map(as_scalar).collect()),
        ]
    };
    let mut last = None;
    for candidate in candidates {
        match serde_json::from_value(candidate) {
            Ok(value) => return Ok(value),
            Err(e) => last = Some(e.to_string()),
        }
    }
    Err(Error::InvalidParameter { name, reason: last.unwrap_or_default() })
}

/// Matches a request path against a template, giving each `{name}` its decoded segment.
///
/// A parameter segment that is, or decodes to, `.` or `..` is refused ([`Error::DotSegment`]):
/// a client cannot send one safely (see [`RequestParts::path_and_query`]), and a proxy in front
/// of the server may already have resolved it against a different path.
pub fn match_path(template: &'static str, path: &str) -> Result<BTreeMap<String, String>, Error> {
    let mismatch = || Error::PathMismatch { template, path: path.to_string() };
    let (template_segments, path_segments): (Vec<&str>, Vec<&str>) =
        (template.split('/').collect(), path.split('/').collect());
    if template_segments.len() != path_segments.len() {
        return Err(mismatch());
    }
    let mut out = BTreeMap::new();
    for (expected, actual) in template_segments.iter().zip(&path_segments) {
        match expected.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let value = percent::decode(actual, false).map_err(|_| mismatch())?;
                refuse_dot_segment(name, &value)?;
                out.insert(name.to_string(), value);
            }
            None if expected == actual => {}
            None => return Err(mismatch()),
        }
    }
    Ok(out)
}

/// A response, taken apart (client side) or to be assembled (server side).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponseParts {
    /// The status code.
    pub status: u16,
    /// `Content-Type`, `Content-Disposition`, `Location`, `Retry-After`, as received or to send.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl ResponseParts {
    /// A JSON response.
    pub fn json<T: Serialize>(status: u16, body: &T) -> Result<ResponseParts, Error> {
        Ok(ResponseParts {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(body)?,
        })
    }

    /// A bodiless response.
    pub fn empty(status: u16) -> ResponseParts {
        ResponseParts { status, headers: Vec::new(), body: Vec::new() }
    }

    /// A media response.
    pub fn media(status: u16, media: &MediaBody) -> ResponseParts {
        let mut headers = Vec::new();
        if let Some(content_type) = &media.content_type {
            headers.push(("content-type".to_string(), content_type.clone()));
        }
        if let Some(disposition) = &media.content_disposition {
            headers.push(("content-disposition".to_string(), disposition.clone()));
        }
        ResponseParts { status, headers, body: media.bytes.clone() }
    }

    /// A redirect.
    pub fn redirect(status: u16, redirect: &Redirect) -> ResponseParts {
        ResponseParts { status, headers: vec![("location".to_string(), redirect.location.clone())], body: Vec::new() }
    }

    /// The header `name`, if received.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as JSON of type `T`.
    pub fn json_body<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let body = if self.body.is_empty() { b"{}".as_slice() } else { &self.body };
        json_from_bytes(body)
    }

    /// The body as media.
    pub fn media_body(&self) -> MediaBody {
        MediaBody {
            content_type: self.header("content-type").map(str::to_string),
            content_disposition: self.header("content-disposition").map(str::to_string),
            bytes: self.body.clone(),
        }
    }

    /// The `Location` of a redirect.
    pub fn redirect_body(&self) -> Redirect {
        Redirect { location: self.header("location").unwrap_or_default().to_string() }
    }

    /// `Retry-After` in seconds, where the server sent it (rate limits).
    pub fn retry_after(&self) -> Option<u64> {
        self.header("retry-after")?.trim().parse().ok()
    }

    /// Takes apart a received `http::Response`.
    pub fn from_http(response: http::Response<Vec<u8>>) -> ResponseParts {
        let (parts, body) = response.into_parts();
        let headers = parts
            .headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str().to_string(), value.to_str().ok()?.to_string())))
            .collect();
        ResponseParts { status: parts.status.as_u16(), headers, body }
    }

    /// Assembles the `http::Response` to send.
    pub fn into_http(self) -> Result<http::Response<Vec<u8>>, Error> {
        let mut builder = http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        Ok(builder.body(self.body)?)
    }
}

/// An operation's request: implemented by every generated `Request`.
pub trait Endpoint: Sized {
    /// The operation's responses.
    type Response: EndpointResponse;
    /// What the spec says about the operation.
    const METADATA: &'static Metadata;

    /// The request's parts by location.
    fn to_parts(&self) -> Result<RequestParts, Error>;

    /// Reads the request from a received one (server side).
    fn from_incoming(incoming: &mut IncomingRequest) -> Result<Self, Error>;

    /// The client's `http::Request`.
    fn try_into_http_request(&self, base_url: &str, options: &SendOptions) -> Result<http::Request<Vec<u8>>, Error> {
        self.to_parts()?.into_http_request(Self::METADATA, base_url, options)
    }

    /// The server's view of a received `http::Request` (matched against the path template).
    fn try_from_http_request(request: http::Request<Vec<u8>>) -> Result<Self, Error> {
        let mut incoming = IncomingRequest::from_http(Self::METADATA, request)?;
        Self::from_incoming(&mut incoming)
    }
}

/// An operation's responses: implemented by every generated `Response` enum (one variant per
/// documented status).
pub trait EndpointResponse: Sized {
    /// The response's status, headers and body.
    fn to_parts(&self) -> Result<ResponseParts, Error>;

    /// Reads a response by its status. A status the operation does not document, or an error
    /// status whose body does not fit the documented one, is kept whole in the enum's `Other`
    /// variant ([`ErrorResponse`]); only a documented success whose body does not decode is an
    /// error.
    fn from_parts(parts: &ResponseParts) -> Result<Self, Error>;

    /// The error this response carries, whatever its status (documented or not): status,
    /// errcode, message and retry delay; `None` for a success.
    fn error(&self) -> Option<ResponseError>;

    /// The server's `http::Response`.
    fn try_into_http_response(&self) -> Result<http::Response<Vec<u8>>, Error> {
        self.to_parts()?.into_http()
    }

    /// The client's view of a received `http::Response`.
    fn try_from_http_response(response: http::Response<Vec<u8>>) -> Result<Self, Error> {
        Self::from_parts(&ResponseParts::from_http(response))
    }
}

/// For the tests: decodes `request` on the server side, encodes the result on the client side,
/// decodes that again, and checks the two decoded requests are equal; returns the re-encoded
/// request.
#[doc(hidden)]
pub fn check_request<R: Endpoint + PartialEq + fmt::Debug>(
    request: http::Request<Vec<u8>>,
) -> Result<http::Request<Vec<u8>>, String> {
    let first = R::try_from_http_request(request).map_err(|e| format!("server decode: {e}"))?;
    let options = SendOptions { access_token: AccessToken::Bearer("token".into()), assert_identity: None };
    let encoded =
        first.try_into_http_request("https://example.org", &options).map_err(|e| format!("client encode: {e}"))?;
    let (parts, body) = encoded.into_parts();
    let path_and_query = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let mut again = http::Request::builder().method(parts.method.clone()).uri(path_and_query);
    for (name, value) in &parts.headers {
        again = again.header(name, value);
    }
    let rebuilt = again.body(body).map_err(|e| e.to_string())?;
    let second =
        R::try_from_http_request(rebuilt.clone()).map_err(|e| format!("server decode of the client's request: {e}"))?;
    if first != second {
        return Err(format!("changed on the way: {first:?} != {second:?}"));
    }
    Ok(rebuilt)
}

/// For the tests: reads a response with `status` and JSON `body` on the client side, writes it
/// on the server side, reads that again and checks both reads are equal; returns the body sent.
#[doc(hidden)]
pub fn check_response<R: EndpointResponse + PartialEq + fmt::Debug>(
    status: u16,
    body: &[u8],
) -> Result<Vec<u8>, String> {
    let parts = ResponseParts {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_vec(),
    };
    let first = R::from_parts(&parts).map_err(|e| format!("client decode: {e}"))?;
    let sent = first.try_into_http_response().map_err(|e| format!("server encode: {e}"))?;
    if sent.status().as_u16() != status {
        return Err(format!("status {status} became {}", sent.status()));
    }
    let second =
        R::try_from_http_response(sent.clone()).map_err(|e| format!("client decode of the server's response: {e}"))?;
    if first != second {
        return Err(format!("changed on the way: {first:?} != {second:?}"));
    }
    Ok(sent.into_body())
}

/// For the tests: reads a response of any status and body on the client side, takes its error
/// ([`EndpointResponse::error`]), writes it back on the server side and checks the status and
/// body survive (JSON compared as values, anything else byte for byte).
#[doc(hidden)]
pub fn check_error<R: EndpointResponse + fmt::Debug>(parts: &ResponseParts) -> Result<Option<ResponseError>, String> {
    let decoded = R::from_parts(parts).map_err(|e| format!("client decode: {e}"))?;
    let error = decoded.error();
    let sent = decoded.to_parts().map_err(|e| format!("server encode of {decoded:?}: {e}"))?;
    if sent.status != parts.status {
        return Err(format!("status {} became {}", parts.status, sent.status));
    }
    let as_json = |body: &[u8]| serde_json::from_slice::<JsonValue>(body).ok();
    let same = match (as_json(&parts.body), as_json(&sent.body)) {
        (Some(received), Some(written)) => received == written,
        _ => parts.body == sent.body,
    };
    if !same {
        return Err(format!(
            "body changed: {:?} became {:?}",
            String::from_utf8_lossy(&parts.body),
            String::from_utf8_lossy(&sent.body)
        ));
    }
    Ok(error)
}

/// A JSON body of type `T`: checked to be UTF-8 once, as a whole (JSON is UTF-8), then decoded
/// from the text, so the parser neither checks each string again nor compiles a second
/// (byte-slice) variant of every body type's decoder beside the one the events already use.
/// Bytes that are not UTF-8 get serde_json's own error, naming the line and column: the body
/// is read once more as a `JsonValue`, whose strings serde_json checks (`IgnoredAny` would skip
/// them unchecked).
fn json_from_bytes<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    match std::str::from_utf8(body) {
        Ok(text) => Ok(serde_json::from_str(text)?),
        Err(utf8) => Err(Error::Json(match serde_json::from_slice::<JsonValue>(body) {
            Err(error) => error,
            // Bytes that are not UTF-8 outside a string are a syntax error, inside one an
            // invalid code point: not reached, said anyway.
            Ok(_) => <serde_json::Error as serde::de::Error>::custom(format!("the body is not UTF-8: {utf8}")),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_is_not_utf8_is_serde_jsons_error_with_its_position() {
        let error = json_from_bytes::<JsonValue>(b"{\"name\": \"caf\xe9\"}").expect_err("not UTF-8");
        assert!(matches!(error, Error::Json(_)), "{error:?}");
        assert!(error.to_string().contains("line 1 column"), "{error}");
    }

    #[test]
    fn a_utf8_body_decodes_escapes_and_all() {
        let value: JsonValue = json_from_bytes("{\"name\": \"caf\\u00e9 ☕\"}".as_bytes()).expect("UTF-8 JSON");
        assert_eq!(value["name"], "café ☕");
    }
}
