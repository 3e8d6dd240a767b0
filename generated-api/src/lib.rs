//! Strongly typed Matrix API types, generated from the Matrix specification.
//!
//! - [`generated`]: every schema and operation of the spec, written by `cargo xtask codegen`
//!   (never edited by hand); one module per operation, e.g.
//!   [`generated::client_server::create_room::create_room`], with its `Request`, its `Response`
//!   (one variant per documented status) and their body types;
//! - [`http`]: how a `Request` becomes an `http::Request` and an `http::Response` a `Response`
//!   (the [`http::Endpoint`] and [`http::EndpointResponse`] traits), on both sides;
//! - [`identifiers`]: the identifier newtypes the generated code uses for the spec's `mx-*`
//!   formats;
//! - [`relations`]: the typed `m.relates_to` of event contents (replies, threads, edits,
//!   reactions, references);
//! - [`runtime`]: the support the generated code is built on (serde helpers, open-enum
//!   catch-all, numbers, operation metadata).
//! - [`attachments`], [`device_lists`], [`query_json`]: shapes the spec defines in prose only
//!   (`EncryptedFile`, `DeviceLists`, the JSON-encoded `filter` query parameters), which the
//!   generated code uses where the schemas say only `object` or `string`.
//!
//! The crate does no I/O: it speaks the [`http`](https://docs.rs/http) crate's types, so any
//! HTTP client or server that does (ureq, reqwest, hyper, axum, ...) carries them.
//!
//! # Quick start: client side
//!
//! Build the operation's `Request` with `new(required…)` and set optional fields by assignment
//! (every generated struct is `#[non_exhaustive]`, so a later spec version adding an optional
//! field breaks no code), turn it into an `http::Request`, send that with any client, and read
//! the answer through the operation's `Response`:
//!
//! ```rust
//! use generated_api::generated::client_server::create_room::create_room::{
//!     Request, RequestBody, RequestBodyPreset, Response,
//! };
//! use generated_api::http::{AccessToken, Endpoint, EndpointResponse, SendOptions};
//!
//! let mut body = RequestBody::new();
//! body.name = Some("Team room".to_string());
//! body.preset = Some(RequestBodyPreset::PrivateChat);
//! let request = Request::new(body);
//! let options = SendOptions { access_token: AccessToken::Bearer("syt_token".into()), assert_identity: None };
//! let http_request = request.try_into_http_request("https://matrix.example.org", &options)?;
//! assert_eq!(http_request.method(), "POST");
//! assert_eq!(http_request.uri(), "https://matrix.example.org/_matrix/client/v3/createRoom");
//!
//! // Send `http_request` with any HTTP client; here, the server's answer is made up.
//! let http_response = http::Response::builder()
//!     .status(200)
//!     .body(br#"{"room_id": "!abc:example.org"}"#.to_vec())?;
//! match Response::try_from_http_response(http_response)? {
//!     Response::Status200(created) => assert_eq!(created.room_id, "!abc:example.org"),
//!     other => return Err(format!("createRoom failed: {:?}", other.error()).into()),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! An error answer is a variant too; [`http::EndpointResponse::error`] reads any of them the
//! same way (status, `errcode`, message, the retry delay of a 429):
//!
//! ```rust
//! use generated_api::generated::client_server::create_room::create_room::Response;
//! use generated_api::http::EndpointResponse;
//! use generated_api::ErrorCode;
//!
//! let http_response = http::Response::builder()
//!     .status(429)
//!     .body(br#"{"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests", "retry_after_ms": 2000}"#.to_vec())?;
//! let response = Response::try_from_http_response(http_response)?;
//! let error = response.error().ok_or("a 429 is an error")?;
//! assert_eq!(error.status, 429);
//! assert_eq!(error.errcode, Some(ErrorCode::LimitExceeded));
//! assert_eq!(error.retry_after, Some(std::time::Duration::from_millis(2000)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Quick start: server side
//!
//! The same types, the other way round: parse the incoming `http::Request` into the operation's
//! `Request` (path parameters, query, headers and body, all checked), and answer with a
//! `Response` turned into an `http::Response`:
//!
//! ```rust
//! use generated_api::generated::client_server::create_room::create_room::{Request, Response, Response200};
//! use generated_api::http::{Endpoint, EndpointResponse};
//!
//! let incoming = http::Request::builder()
//!     .method("POST")
//!     .uri("/_matrix/client/v3/createRoom")
//!     .header("authorization", "Bearer syt_token")
//!     .body(br#"{"name": "Team room", "preset": "private_chat"}"#.to_vec())?;
//! let request = Request::try_from_http_request(incoming)?;
//! assert_eq!(request.body.name.as_deref(), Some("Team room"));
//!
//! let answer = Response::Status200(Response200::new("!abc:example.org"));
//! let http_response = answer.try_into_http_response()?;
//! assert_eq!(http_response.status(), 200);
//! assert_eq!(http_response.body(), br#"{"room_id":"!abc:example.org"}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every operation's `Request` and `Response` documentation has such an example, built from the
//! spec's own examples of that operation; `examples/bot.rs` is a whole client (log in, create a
//! room, send, sync).

// The hand-written runtime lives in `generated-api-core` (with the shared generated types), so
// that the per-API crates can build on it: its modules and root items, at the same paths. Its
// `generated` (the shared part only) is shadowed by this crate's, which holds every API.
pub use generated_api_core::*;
// Formatted by the generator (prettyplease), not by rustfmt: `cargo fmt` must not touch it.
#[rustfmt::skip]
pub mod generated;
