//! Turns the Matrix specification into Rust.
//!
//! Stages, each its own module with plain-data output; no stage reaches back into an earlier one:
//!
//! 1. [`load`]: reads every YAML/JSON file of a snapshot, resolves `$ref` and `allOf` the way the
//!    spec site does, audits every keyword, and builds the [`load::model::Spec`].
//! 2. [`ir`]: the type space and operations, every Rust name decided once.
//! 3. [`emit`]: IR → `proc_macro2` tokens, one stream per generated file.
//! 4. [`write`]: tokens → `prettyplease`-formatted files with a preamble, written atomically.

pub mod diff;
pub mod emit;
pub mod ir;
pub mod load;
pub mod write;

use std::path::Path;

/// Runs every stage on the snapshot at `data_dir`: the rendered files of `generated/`.
pub fn generate(data_dir: &Path, provenance: &write::Provenance) -> Result<write::RenderedTree, String> {
    let spec = load::load_spec(data_dir).map_err(|e| e.to_string())?;
    let ir = ir::build(&spec, &provenance.tag).map_err(|e| e.to_string())?;
    let files = emit::emit(&ir)?;
    write::render(&files, provenance)
}
