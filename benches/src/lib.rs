//! Benchmarks of generated-api against ruma and serde_json's floors (see `BENCHMARKS.md`).
//!
//! - [`sync_gen`]: a deterministic generator of realistic `/sync` responses;
//! - [`cases`]: what each benchmark row does (decode and encode, fully typed).

pub mod cases;
pub mod sync_gen;
