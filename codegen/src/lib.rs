//! Turns the Matrix specification into Rust.
//!
//! Stages, each its own module with plain-data output; no stage reaches back into an earlier one:
//!
//! 1. [`load`]: reads every YAML/JSON file of a snapshot, resolves `$ref` and `allOf` the way the
//!    spec site does, audits every keyword, and builds the [`load::model::Spec`].
pub mod load;
