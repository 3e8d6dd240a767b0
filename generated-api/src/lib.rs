//! Strongly typed Matrix API types, generated from the Matrix specification.
//!
//! Everything under `generated/` is written by `cargo xtask codegen` and must not be edited
//! by hand; the hand-written runtime (traits, errors, identifiers) sits beside it.
