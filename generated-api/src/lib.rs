//! Strongly typed Matrix API types, generated from the Matrix specification.
//!
//! - [`generated`]: every schema and operation of the spec, written by `cargo xtask codegen`
//!   (never edited by hand);
//! - [`identifiers`]: the identifier newtypes the generated code uses for the spec's `mx-*`
//!   formats;
//! - [`runtime`]: the support the generated code is built on (serde helpers, open-enum
//!   catch-all, numbers, operation metadata).
//! - [`attachments`], [`device_lists`], [`query_json`]: shapes the spec defines in prose only
//!   (`EncryptedFile`, `DeviceLists`, the JSON-encoded `filter` query parameters), which the
//!   generated code uses where the schemas say only `object` or `string`.

pub mod attachments;
pub mod auth_types;
pub mod device_lists;
pub mod error_codes;
// Formatted by the generator (prettyplease), not by rustfmt: `cargo fmt` must not touch it.
#[rustfmt::skip]
pub mod generated;
pub mod http;
pub mod identifiers;
pub mod identity_assertion;
pub mod json_limits;
mod percent;
pub mod query_json;
pub mod redaction;
pub mod runtime;

pub use identifiers::{
    DeviceId, Email, EventId, IdError, KeyId, MxcUri, RoomAlias, RoomId, RoomIdOrAlias, RoomIdOrAliasKind, ServerName,
    TransactionId, Url, UserId,
};

pub use attachments::{EncryptedFile, JsonWebKey};
pub use auth_types::AuthType;
pub use device_lists::DeviceLists;
pub use error_codes::{ErrorCode, MatrixError};
pub use query_json::{FilterParam, JsonParam};
