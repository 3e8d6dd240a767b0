//! The operations of the client-server API whose modules are named `n`…`z` (the others are in
//! `generated-api-client-a`; the API's `definitions` are shared, in `generated-api-core`). Depend on
//! `generated-api` with its `client` feature instead, which re-exports all of it at the same
//! paths.

// The generated code names the runtime by `crate::...` paths (`crate::runtime`,
// `crate::MatrixError`, ...), as in the core crate; its own `generated` shadows the core one.
#[doc(no_inline)]
pub use generated_api_core::*;
// This crate's part of the facade's generated tree (one tree, replaced in one atomic swap).
// Formatted by the generator (prettyplease), not by rustfmt: `cargo fmt` must not touch it.
#[rustfmt::skip]
#[path = "../../../src/generated/client-n/mod.rs"]
pub mod generated;
