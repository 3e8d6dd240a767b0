//! The loader's documented limits on nesting: past them a spec is refused with the file and
//! pointer where the limit was crossed, instead of overflowing a stack in a later stage.
//!
//! Every stage after the loader recurses over the resolved documents (the model, the IR, the
//! emitted tokens, `syn` and `prettyplease`), so bounding the resolved documents here bounds
//! them all; `crate::generate` runs the stages on threads with [`STACK_SIZE`] bytes of stack,
//! which is ample for documents at these limits.

/// The deepest nesting of objects and arrays a resolved document may have: 128 levels, the limit
/// `serde_json` and `serde_yaml` already apply to each file as written, now also applied after
/// `$ref`s are inlined. The spec's deepest resolved document (`client-server/search.yaml`) has
/// 27 levels.
pub const MAX_DEPTH: usize = 128;

/// The most `$ref`s being resolved inside one another at once: a chain `a → b → c` counts each
/// step, as does a `$ref` inside an inlined target. Loading the spec has at most 5 in progress
/// at once (fewer than its longest chains, because resolved targets are cached).
pub const MAX_REF_DEPTH: usize = 64;

/// The deepest the keyword audit walks, counting both nesting and `$ref` steps: anything the
/// resolver accepts fits.
pub const MAX_AUDIT_DEPTH: usize = MAX_DEPTH + MAX_REF_DEPTH;

/// The stack of each thread that loads, builds, emits or formats (bytes). Only the pages a
/// thread touches are committed, so this costs nothing for the ordinary spec.
pub const STACK_SIZE: usize = 256 * 1024 * 1024;
