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
    emit_and_render(&ir, provenance)
}

/// Emits and formats every file, on every core: formatting (`syn` + `prettyplease`) is most of a
/// regeneration's time. Tokens are not `Send`, so each thread emits the files it formats; the
/// result is the same whatever the split.
pub fn emit_and_render(ir: &ir::Ir, provenance: &write::Provenance) -> Result<write::RenderedTree, String> {
    let jobs = emit::jobs(ir)?;
    let preamble = write::preamble(provenance);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk_size = jobs.len().div_ceil(threads).max(1);
    let results: Vec<Result<Vec<(String, String)>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk_size)
            .map(|chunk| {
                let preamble = &preamble;
                scope.spawn(move || {
                    chunk.iter().map(|job| write::render_file(&emit::emit_job(ir, job), preamble)).collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("a code generation thread panicked".to_string())))
            .collect()
    });
    let mut tree = write::RenderedTree::new();
    for chunk in results {
        tree.extend(chunk?);
    }
    Ok(tree)
}
