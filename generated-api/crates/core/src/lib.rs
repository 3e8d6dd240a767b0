//! The runtime and the shared types of `generated-api`: depend on `generated-api`, which
//! re-exports every module of this crate at the same path.
//!
//! - the hand-written runtime: [`http`] (the `Endpoint` traits, errors), [`identifiers`],
//!   [`runtime`] (serde support, the event decoder), [`relations`], and the shapes the spec
//!   defines in prose only;
//! - [`generated`]: the generated types every API shares: the events, the schemas and each
//!   API's `definitions`.
//!
//! The operations of each API are in their own crates (`generated-api-client-a`,
//! `generated-api-client-n`, `generated-api-federation`, ...), built on this one: separate crates compile as separate rustc processes, in parallel and each in a
//! fraction of the memory one crate of everything needs.

pub mod attachments;
pub mod auth_types;
pub mod device_lists;
pub mod error_codes;
// The generated tree is one directory of the facade crate (`generated-api/src/generated/`), so
// that the generator replaces all of it in one atomic swap and `--check` compares one tree;
// this crate's part of it is `core/`.
// Formatted by the generator (prettyplease), not by rustfmt: `cargo fmt` must not touch it.
#[rustfmt::skip]
#[path = "../../../src/generated/core/mod.rs"]
pub mod generated;
pub mod http;
pub mod identifiers;
pub mod identity_assertion;
pub mod json_limits;
mod percent;
pub mod query_json;
pub mod redaction;
pub mod relations;
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
pub use relations::Relation;
