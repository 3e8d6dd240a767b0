//! Stage 1, load: reads a snapshot's `data/` tree into the plain-data [`model::Spec`].
//!
//! 1. [`source`] parses every file (YAML quirks included);
//! 2. [`audit`] checks every key of every file against [`keywords`];
//! 3. [`resolve`] inlines `$ref`s and merges `allOf`s the way the spec site does;
//! 4. [`document`] and [`schema`] turn the resolved JSON into the model;
//! 5. [`checks`] refuses what the model holds but the later stages cannot generate correctly.
//!
//! Nesting is bounded by [`limits`].

pub mod audit;
pub mod checks;
pub mod document;
pub mod error;
pub mod keywords;
pub mod limits;
pub mod model;
pub mod pointer;
mod read;
pub mod resolve;
pub mod role;
pub mod schema;
pub mod source;
pub mod spec_fixes;
pub mod strict;
pub mod stats;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

pub use error::{ErrorKind, LoadError, Location, Result};
use model::*;
use resolve::{Context, Resolver};
use role::FileRole;
use source::SourceTree;

use crate::warning::{Warning, WarningKind};

/// Reads, audits, resolves and models the snapshot whose `data/` directory is `data_dir`.
pub fn load_spec(data_dir: &Path) -> Result<Spec> {
    load_tree(&SourceTree::read(data_dir)?)
}

/// Audits, resolves and models an already-parsed tree.
pub fn load_tree(tree: &SourceTree) -> Result<Spec> {
    check_audit(tree)?;
    model_audited_tree(tree)
}

/// Resolves and models a tree [`audit::audit`] found nothing in: [`load_tree`] without the
/// audit (the stage timing of `cargo xtask bench codegen` times the two apart).
pub fn model_audited_tree(tree: &SourceTree) -> Result<Spec> {
    let mut resolver = Resolver::new(tree);
    let mut resolved_documents = Vec::new();
    let mut spec = Spec {
        documents: Vec::new(),
        schema_files: Vec::new(),
        events: Vec::new(),
        event_examples: Vec::new(),
        string_formats: BTreeMap::new(),
        warnings: Vec::new(),
    };
    for (path, raw) in &tree.files {
        let role = FileRole::of(path, raw);
        match role {
            FileRole::ApiDocument => {
                resolved_documents.push((path, resolver.resolve_document(path, Context::Structure)?))
            }
            FileRole::EventSchema | FileRole::Schema => {
                let resolved = resolver.resolve_document(path, Context::Structure)?;
                let root = Location::root(path);
                let schema = schema::build_schema(&resolved, &root)?;
                if role == FileRole::EventSchema {
                    if let Some((event, warning)) = event_schema(path, raw, &schema)? {
                        spec.events.push(event);
                        spec.warnings.extend(warning);
                    }
                }
                let components = schema::component_schemas(&resolved, &root)?;
                spec.schema_files.push(SchemaFile { file: path.clone(), schema, components });
            }
            FileRole::EventExample => {
                let value = resolver.resolve_refs_at(&Location::root(path), Context::Data)?;
                spec.event_examples.push(EventExample {
                    file: path.clone(),
                    name: role::file_stem(path).to_string(),
                    value,
                });
            }
            FileRole::StringFormats => spec.string_formats = string_formats(path, raw)?,
            // Reached only through `$ref`s from API documents, where they are inlined.
            FileRole::ApiExample | FileRole::SecuritySchemes => {}
        }
    }
    let mut registry = document::SchemeRegistry::new();
    let mut skeletons = Vec::with_capacity(resolved_documents.len());
    for (path, resolved) in &resolved_documents {
        let skeleton = document::read_skeleton(path, resolved)?;
        for scheme in document::defined_schemes(path, &skeleton)? {
            registry.entry(scheme.name.clone()).or_default().push(scheme);
        }
        skeletons.push(skeleton);
    }
    for ((path, resolved), skeleton) in resolved_documents.iter().zip(skeletons) {
        spec.documents.push(document::build_document(path, resolved, skeleton, &registry)?);
    }
    checks::check_spec(tree, &spec)?;
    Ok(spec)
}

/// Fails with every unaccounted keyword if the audit found any.
pub fn check_audit(tree: &SourceTree) -> Result<()> {
    let report = audit::audit(tree);
    let Some(first) = report.findings.first() else { return Ok(()) };
    let mut error = first.clone();
    if report.findings.len() > 1 {
        let all: Vec<String> = report.findings.iter().map(LoadError::to_string).collect();
        error.message =
            format!("{} (and {} more findings)\n{}", first.message, report.findings.len() - 1, all.join("\n"));
    }
    Err(error)
}

/// The event schema of a file of `event-schemas/schema/`, or `None` for a helper schema that
/// defines no event type (`m.key.verification.m.relates_to`: no `content`, no `type` enum), with
/// a warning where the type had to come from the file name.
fn event_schema(path: &str, raw: &Value, schema: &Schema) -> Result<Option<(EventSchema, Option<Warning>)>> {
    let name = role::file_stem(path).to_string();
    let Some((event_types, warning)) = event_types(path, &name, schema) else { return Ok(None) };
    let core = raw
        .pointer("/allOf/0/$ref")
        .and_then(Value::as_str)
        .map(|reference| resolve::join_ref(path, reference).map(|target| target.file))
        .transpose()
        .map_err(|message| LoadError::new(ErrorKind::DanglingRef, &Location::root(path).child("allOf"), message))?;
    let event = EventSchema { file: path.to_string(), name, event_types, core, schema: schema.clone() };
    Ok(Some((event, warning)))
}

/// The event types of an event schema: its `type` enum; else, for a schema with `content` (an
/// event, not a helper), its file name up to any `$` (the spec's own slip in a release: the type
/// only in the file name and the example), with a warning.
fn event_types(path: &str, name: &str, schema: &Schema) -> Option<(Vec<String>, Option<Warning>)> {
    let from_enum: Vec<String> = schema
        .properties
        .get("type")
        .map(|t| t.enum_values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    if !from_enum.is_empty() {
        return Some((from_enum, None));
    }
    if !schema.properties.contains_key("content") {
        return None;
    }
    let event_type = name.split_once('$').map_or(name, |(base, _)| base).to_string();
    let warning = Warning {
        kind: WarningKind::EventTypeFromFileName,
        file: path.to_string(),
        event_type: event_type.clone(),
        message: format!("the schema's `type` has no `enum`; the event type {event_type:?} is taken from the file name"),
        fix: format!("give `properties.type` of {path} `enum: [{event_type}]` (a spec fix upstream)"),
    };
    Some((vec![event_type], Some(warning)))
}

fn string_formats(path: &str, raw: &Value) -> Result<BTreeMap<String, StringFormat>> {
    let root = Location::root(path);
    let map =
        raw.as_object().ok_or_else(|| LoadError::new(ErrorKind::WrongType, &root, "expected a map of formats"))?;
    map.iter()
        .map(|(name, entry)| {
            let at = root.child(name);
            let read = read::Reader::new(entry, &at)?;
            Ok((name.clone(), StringFormat { title: read.required_string("title")?, url: read.string("url")? }))
        })
        .collect()
}
#[cfg(test)]
mod tests;
