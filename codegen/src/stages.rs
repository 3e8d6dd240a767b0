//! Where a regeneration's time goes: every stage of [`crate::generate`] run once, one after the
//! other on one thread, each timed on its own (`cargo xtask bench codegen` prints the medians).
//!
//! The stages are the ones [`crate::generate`] runs, called the same way; only the threading
//! differs (`generate` emits and formats on every core), so the sum is a one-core regeneration.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::load::source::SourceTree;
use crate::{emit, ir, load, on_large_stack, write, GenerateError};

/// The stages in pipeline order, as [`time_stages`] names them.
pub const STAGES: [&str; 9] = [
    "parse (YAML/JSON)",
    "keyword audit",
    "resolve and model",
    "name checks and classify",
    "IR",
    "emit (quote)",
    "format: syn::parse2",
    "format: doc sanitise",
    "format: prettyplease and macro layout",
];

/// The time of each of [`STAGES`], in that order, for one regeneration of `data_dir`, and the
/// number of generated files and lines.
pub fn time_stages(
    data_dir: &Path,
    provenance: &write::Provenance,
) -> Result<(Vec<Duration>, usize, usize), GenerateError> {
    on_large_stack("stage timing", || {
        let mut times = Vec::with_capacity(STAGES.len());
        let mut clock = Instant::now();
        let mut lap = |times: &mut Vec<Duration>| {
            let now = Instant::now();
            times.push(now - clock);
            clock = now;
        };
        let tree = SourceTree::read(data_dir)?;
        lap(&mut times);
        load::check_audit(&tree)?;
        lap(&mut times);
        let spec = load::model_audited_tree(&tree)?;
        lap(&mut times);
        ir::naming::check_spec_names(&spec)?;
        let warnings = ir::classify::warnings(&spec);
        lap(&mut times);
        let ir = ir::build(&spec, &provenance.tag)?;
        lap(&mut times);
        let jobs = emit::jobs(&ir).map_err(GenerateError::Emit)?;
        let files: Vec<emit::EmittedFile> = jobs.iter().map(|job| emit::emit_job(&ir, job)).collect();
        lap(&mut times);
        let mut parsed = Vec::with_capacity(files.len());
        for file in files {
            parsed.push(write::parse_file(file).map_err(GenerateError::Emit)?);
        }
        lap(&mut times);
        for syntax in &mut parsed {
            write::docs::sanitise(syntax);
        }
        lap(&mut times);
        let preamble = write::preamble(provenance);
        let texts: Vec<String> = parsed.iter().map(|syntax| write::print_file(syntax, &preamble)).collect();
        lap(&mut times);
        drop(warnings);
        Ok((times, texts.len(), texts.iter().map(|text| text.lines().count()).sum()))
    })
}
