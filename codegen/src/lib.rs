//! Turns the Matrix specification into Rust.
//!
//! Stages, each its own module with plain-data output; no stage reaches back into an earlier one:
//!
//! 1. [`load`]: reads every YAML/JSON file of a snapshot, resolves `$ref` and `allOf` the way the
//!    spec site does, audits every keyword, and builds the [`load::model::Spec`].
//! 2. [`ir`]: the type space and operations, every Rust name decided once.
//! 3. [`emit`]: IR → `proc_macro2` tokens, one stream per generated file.
//! 4. [`write`]: tokens → `prettyplease`-formatted files with a preamble, written atomically.

pub mod api_surface;
pub mod changelog;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod load;
pub mod stages;
pub mod warning;
pub mod write;

use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use load::limits::STACK_SIZE;

/// Why a generation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenerateError {
    /// The spec does not load: the error names the file and JSON pointer.
    Load(load::LoadError),
    /// The spec loads but cannot be mapped to Rust: the error names the file and pointer (or
    /// the module) in its `location`.
    Ir(ir::IrError),
    /// Emitting or formatting failed, or a stage's thread panicked: a generator bug.
    Emit(String),
}

impl GenerateError {
    /// `file#pointer` of the spec value at fault, if the error has one.
    pub fn location(&self) -> Option<String> {
        match self {
            GenerateError::Load(error) => Some(error.location.to_string()),
            GenerateError::Ir(error) if error.location.contains('#') => Some(error.location.clone()),
            GenerateError::Ir(_) | GenerateError::Emit(_) => None,
        }
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Load(error) => error.fmt(f),
            GenerateError::Ir(error) => error.fmt(f),
            GenerateError::Emit(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<load::LoadError> for GenerateError {
    fn from(error: load::LoadError) -> GenerateError {
        GenerateError::Load(error)
    }
}

impl From<ir::IrError> for GenerateError {
    fn from(error: ir::IrError) -> GenerateError {
        GenerateError::Ir(error)
    }
}

/// Runs every stage on the snapshot at `data_dir`: the rendered files of `generated/`.
///
/// Every stage recurses over the spec's nesting, so each runs on a thread with
/// [`STACK_SIZE`] bytes of stack: deep but accepted specs (up to [`load::limits`]) are
/// generated, never a stack overflow, whatever the caller's own stack.
pub fn generate(data_dir: &Path, provenance: &write::Provenance) -> Result<write::RenderedTree, GenerateError> {
    generate_with_warnings(data_dir, provenance).map(|generated| generated.tree)
}

/// A generated tree and what the generator had to decide on its own to produce it.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The rendered files of `generated/`.
    pub tree: write::RenderedTree,
    /// Every guess (an unclassified event, an event type from a file name), in file order; empty
    /// for a spec the overrides fully cover. `--strict` refuses a tree with any.
    pub warnings: Vec<warning::Warning>,
}

/// [`generate`], with the warnings of every stage.
pub fn generate_with_warnings(data_dir: &Path, provenance: &write::Provenance) -> Result<Generated, GenerateError> {
    let (ir, warnings) = on_large_stack("load and IR", || {
        let spec = load::load_spec(data_dir)?;
        ir::naming::check_spec_names(&spec)?;
        let mut warnings = spec.warnings.clone();
        warnings.extend(ir::classify::warnings(&spec));
        Ok((ir::build(&spec, &provenance.tag)?, warnings))
    })?;
    let tree = emit_and_render(&ir, provenance).map_err(GenerateError::Emit)?;
    Ok(Generated { tree, warnings })
}

/// Per operation of the snapshot at `data_dir`, by `{Api}/{operationId}`: why it has no
/// request doc example and why no response doc example (`None`: it has one); see
/// [`emit::examples`].
pub fn doc_example_coverage(data_dir: &Path, tag: &str) -> Result<Vec<emit::examples::Coverage>, GenerateError> {
    let ir = on_large_stack("load and IR", || Ok(ir::build(&load::load_spec(data_dir)?, tag)?))?;
    Ok(emit::examples::coverage(&ir))
}

/// Runs `work` on a thread of its own with [`STACK_SIZE`] bytes of stack.
fn on_large_stack<T: Send>(
    what: &str,
    work: impl FnOnce() -> Result<T, GenerateError> + Send,
) -> Result<T, GenerateError> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name(format!("codegen {what}"))
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, work)
            .map_err(|e| GenerateError::Emit(format!("cannot start the {what} thread: {e}")))?;
        handle.join().unwrap_or_else(|_| Err(GenerateError::Emit(format!("the {what} stage panicked"))))
    })
}

/// Emits and formats every file, on every core: formatting (`syn` + `prettyplease`) is most of a
/// regeneration's time. Tokens are not `Send`, so each thread emits the files it formats. The
/// threads take the next job from one shared counter, the largest jobs first (by a
/// rough weight), so no core idles while another still has a queue; the result is the same
/// whatever the split, and the first error in path order is the one reported. Each thread has
/// [`STACK_SIZE`] bytes of stack: `syn` recurses deeply on nested types.
pub fn emit_and_render(ir: &ir::Ir, provenance: &write::Provenance) -> Result<write::RenderedTree, String> {
    let jobs = emit::jobs(ir)?;
    let preamble = write::preamble(provenance);
    // Job indices (path order) by weight, heaviest first; ties keep path order.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(job_weight(ir, &jobs[index])));
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(jobs.len().max(1));
    type Rendered = Vec<(usize, Result<(String, String), String>)>;
    let results: Vec<Result<Rendered, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (preamble, jobs, order, next) = (&preamble, &jobs, &order, &next);
                std::thread::Builder::new().stack_size(STACK_SIZE).spawn_scoped(scope, move || {
                    let mut done = Vec::new();
                    while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        done.push((index, write::render_file(emit::emit_job(ir, &jobs[index]), preamble)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle {
                Ok(handle) => handle.join().map_err(|_| "a code generation thread panicked".to_string()),
                Err(e) => Err(format!("cannot start a code generation thread: {e}")),
            })
            .collect()
    });
    let mut rendered = Vec::with_capacity(jobs.len());
    for done in results {
        rendered.extend(done?);
    }
    rendered.sort_by_key(|(index, _)| *index);
    let mut tree = write::RenderedTree::new();
    for (_, file) in rendered {
        let (path, text) = file?;
        tree.insert(path, text);
    }
    Ok(tree)
}

/// A rough measure of how long a job takes to emit and format, to start the largest first: the
/// registry (a line per binding, struct and operation) above all, then modules by their types
/// and operations (an operation is a request, a response and their impls); a directory's
/// `mod.rs` is a few lines.
fn job_weight(ir: &ir::Ir, job: &emit::Job) -> usize {
    match job {
        emit::Job::Registry => usize::MAX,
        emit::Job::Module(_, path) => {
            ir.modules.get(path).map_or(0, |module| {
                let nested: usize = module.operations.iter().map(|op| op.types.len()).sum();
                module.types.len() + nested + 4 * module.operations.len()
            })
        }
        emit::Job::Directory(..) | emit::Job::Facade(..) => 0,
    }
}
