//! The keyword audit: every key of every file is either modelled or on the ignore list of
//! [`super::keywords`]; anything else is reported with its file and JSON pointer.
//!
//! The audit walks the raw files (before resolution), so each finding points at a place a
//! maintainer can open. Each file is walked from its root by its [`FileRole`], and every `$ref`
//! is followed with the kind of the place it is used in, so a fragment used as, say, a
//! parameter is audited as one.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use super::error::{ErrorKind, LoadError, Location};
use super::keywords::{self, Child, Kind, Status};
use super::limits::MAX_AUDIT_DEPTH;
use super::resolve::join_ref;
use super::role::FileRole;
use super::source::SourceTree;

/// What the audit found.
#[derive(Debug, Clone, Default)]
pub struct AuditReport {
    /// Files walked.
    pub files: usize,
    /// Every keyword seen: (kind, keyword) → occurrences.
    pub seen: BTreeMap<(Kind, String), usize>,
    /// Keys that are neither modelled nor ignored (and other structural problems), in order.
    pub findings: Vec<LoadError>,
}

impl AuditReport {
    /// Occurrences of keywords the model carries.
    pub fn modelled(&self) -> usize {
        self.count(|status| status == Status::Modelled)
    }

    /// Occurrences of keywords on the ignore list.
    pub fn ignored(&self) -> usize {
        self.count(|status| status != Status::Modelled)
    }

    fn count(&self, want: impl Fn(Status) -> bool) -> usize {
        self.seen
            .iter()
            .filter(|((kind, key), _)| keywords::lookup(*kind, key).is_some_and(|k| want(k.status)))
            .map(|(_, count)| count)
            .sum()
    }
}

/// Audits every file of `tree`.
pub fn audit(tree: &SourceTree) -> AuditReport {
    let mut walker = Walker { tree, visited: HashSet::new(), report: AuditReport::default() };
    for (path, root) in &tree.files {
        walker.report.files += 1;
        let location = Location::root(path);
        match FileRole::of(path, root) {
            FileRole::ApiDocument => walker.walk(root, &location, Kind::Document, 0),
            FileRole::EventSchema | FileRole::Schema => walker.walk(root, &location, Kind::Schema, 0),
            FileRole::SecuritySchemes => walker.walk_child(root, &location, Child::MapOf(Kind::SecurityScheme), 0),
            FileRole::StringFormats => walker.walk_child(root, &location, Child::MapOf(Kind::StringFormat), 0),
            // Examples are data; the `$ref`s inside them are followed by the resolver.
            FileRole::EventExample | FileRole::ApiExample => {}
        }
    }
    walker.report
}

struct Walker<'t> {
    tree: &'t SourceTree,
    visited: HashSet<(Location, Kind)>,
    report: AuditReport,
}

impl Walker<'_> {
    /// Walks `value`, `depth` steps (nesting and `$ref`s) below the file it started from.
    fn walk(&mut self, value: &Value, location: &Location, kind: Kind, depth: usize) {
        if !self.visited.insert((location.clone(), kind)) {
            return;
        }
        if depth > MAX_AUDIT_DEPTH {
            self.report.findings.push(LoadError::new(
                ErrorKind::TooDeep,
                location,
                format!(
                    "more than {MAX_AUDIT_DEPTH} levels of nesting and $refs below the file the walk started from \
                     (the documented limit, codegen/src/load/limits.rs)"
                ),
            ));
            return;
        }
        match value {
            Value::Object(map) => self.walk_object(map, location, kind, depth),
            // JSON Schema allows `true`/`false` as schemas (e.g. `additionalProperties: false`).
            Value::Bool(_) if kind == Kind::Schema => {}
            other => self.report.findings.push(LoadError::new(
                ErrorKind::WrongType,
                location,
                format!("expected an object ({kind:?}), found {}", type_name(other)),
            )),
        }
    }

    fn walk_object(&mut self, map: &Map<String, Value>, location: &Location, kind: Kind, depth: usize) {
        if let Some(reference) = map.get("$ref") {
            self.follow_ref(reference, location, kind, depth);
        }
        for (key, child) in map {
            if key == "$ref" {
                continue;
            }
            let child_location = location.child(key);
            let Some(keyword) = keywords::lookup(kind, key) else {
                self.report.findings.push(LoadError::new(
                    ErrorKind::UnknownKeyword,
                    &child_location,
                    format!("unknown keyword {key:?} in a {kind:?} object: model it or add it to the ignore list in codegen/src/load/keywords.rs"),
                ));
                continue;
            };
            *self.report.seen.entry((kind, key.clone())).or_default() += 1;
            self.walk_child(child, &child_location, keyword.child, depth + 1);
        }
    }

    fn walk_child(&mut self, value: &Value, location: &Location, child: Child, depth: usize) {
        match (child, value) {
            (Child::Scalar | Child::Data, _) => {}
            (Child::One(kind), value) => self.walk(value, location, kind, depth),
            (Child::ListOf(kind), Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    self.walk(item, &location.child(&index.to_string()), kind, depth + 1);
                }
            }
            (Child::MapOf(kind), Value::Object(map)) => {
                for (name, item) in map {
                    self.walk(item, &location.child(name), kind, depth + 1);
                }
            }
            (_, other) => self.report.findings.push(LoadError::new(
                ErrorKind::WrongType,
                location,
                format!("expected {child:?}, found {}", type_name(other)),
            )),
        }
    }

    fn follow_ref(&mut self, reference: &Value, location: &Location, kind: Kind, depth: usize) {
        let ref_location = location.child("$ref");
        let target = reference
            .as_str()
            .ok_or_else(|| "$ref must be a string".to_string())
            .and_then(|text| join_ref(&location.file, text));
        let target = match target {
            Ok(target) => target,
            Err(message) => {
                self.report.findings.push(LoadError::new(ErrorKind::DanglingRef, &ref_location, message));
                return;
            }
        };
        let value = self.tree.get(&target.file).and_then(|file| super::pointer::get(file, &target.pointer));
        match value {
            Some(value) => self.walk(value, &target, kind, depth + 1),
            None => self.report.findings.push(LoadError::new(
                ErrorKind::DanglingRef,
                &ref_location,
                format!("$ref target {target} does not exist"),
            )),
        }
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
