//! Stage 2, IR: one typed model of the operations and types to generate, with every Rust name
//! decided here and nowhere else.

mod build;
pub mod classify;
pub mod docs;
mod events;
mod features;
pub mod model;
pub mod naming;
pub mod overrides;
mod prose;
pub mod titles;

pub use build::{build, IrError};
pub use model::*;

#[cfg(test)]
mod tests;
