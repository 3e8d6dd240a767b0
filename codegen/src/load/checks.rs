//! Rules the later stages rely on, checked on the whole loaded spec. A spec that breaks one
//! loads fine as YAML but would generate a wrong crate, so each is an error naming the file and
//! pointer:
//!
//! - every `required` name is one of the schema's `properties` (after its `allOf` is merged; a
//!   schema used as an `allOf` entry is a mixin whose properties may come from a sibling entry,
//!   so it is checked where it is merged, not alone), except the named slips of
//!   [`super::spec_fixes::REQUIRED_FIXES`];
//! - `operationId`s are ASCII identifiers, unique within an API (the example registry and the
//!   operation modules are keyed by them);
//! - a path template is a plain absolute path (no `?`, `#`, dot segments or characters a URI
//!   path cannot hold), its `{parameters}` are exactly the operation's `in: path` parameters, and
//!   no parameter is defined twice;
//! - event schemas share an event type only as one family: `X` and its `X$variant` files.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use super::error::{ErrorKind, LoadError, Location, Result};
use super::model::*;
use super::resolve::join_ref;
use super::source::SourceTree;
use super::spec_fixes::{RequiredFix, REQUIRED_FIXES};

/// Runs every check on `spec`, loaded from `tree`.
pub fn check_spec(tree: &SourceTree, spec: &Spec) -> Result<()> {
    for document in &spec.documents {
        check_base_path(document)?;
        for operation in &document.operations {
            check_operation(operation)?;
        }
    }
    unique_operation_ids(spec)?;
    event_type_families(spec)?;
    RequiredCheck::new(tree).run(spec)
}

// ---- required ----------------------------------------------------------------------------

/// The `required` check over every schema of the spec.
struct RequiredCheck {
    /// The targets of `$ref`s used as `allOf` entries: mixins, checked only where merged.
    mixins: HashSet<Location>,
    /// The fixes that matched, by index in [`REQUIRED_FIXES`].
    used: BTreeSet<usize>,
}

impl RequiredCheck {
    fn new(tree: &SourceTree) -> RequiredCheck {
        let mut mixins = HashSet::new();
        for (file, root) in &tree.files {
            collect_mixins(file, root, &mut mixins);
        }
        RequiredCheck { mixins, used: BTreeSet::new() }
    }

    fn run(mut self, spec: &Spec) -> Result<()> {
        for file in &spec.schema_files {
            self.schema(&file.schema)?;
            for component in file.components.values() {
                self.schema(component)?;
            }
        }
        for operation in spec.documents.iter().flat_map(|d| &d.operations) {
            for schema in operation_schemas(operation) {
                self.schema(schema)?;
            }
        }
        self.no_stale_fixes(spec)
    }

    fn schema(&mut self, schema: &Schema) -> Result<()> {
        if !self.mixins.contains(&schema.location) {
            for name in schema.required.iter().filter(|name| !schema.properties.contains_key(*name)) {
                self.undeclared(schema, name)?;
            }
        }
        for child in children(schema) {
            self.schema(child)?;
        }
        Ok(())
    }

    fn undeclared(&mut self, schema: &Schema, name: &str) -> Result<()> {
        let at = schema.location.to_string();
        if let Some(index) = REQUIRED_FIXES.iter().position(|fix| fix.schema == at && fix.property == name) {
            self.used.insert(index);
            return Ok(());
        }
        Err(LoadError::new(
            ErrorKind::Undeclared,
            &schema.location.child("required"),
            format!(
                "`required` names {name:?}, which is not one of the schema's `properties` (after merging its \
                 allOf), so no field would carry it; declare it, or, where the spec itself does this, add an entry \
                 with its reason to REQUIRED_FIXES in codegen/src/load/spec_fixes.rs"
            ),
        ))
    }

    /// A fix whose file is in the spec but no longer has the slip must go: the spec fixed it.
    fn no_stale_fixes(&self, spec: &Spec) -> Result<()> {
        for (index, fix) in REQUIRED_FIXES.iter().enumerate() {
            let (file, _) = fix.schema.split_once('#').unwrap_or((fix.schema, ""));
            let loaded = spec.schema_files.iter().any(|f| f.file == file);
            if loaded && !self.used.contains(&index) {
                return Err(stale_fix(fix));
            }
        }
        Ok(())
    }
}

fn stale_fix(fix: &RequiredFix) -> LoadError {
    let (file, pointer) = fix.schema.split_once('#').unwrap_or((fix.schema, ""));
    let location = Location { file: file.to_string(), pointer: format!("{pointer}/required") };
    LoadError::new(
        ErrorKind::Invalid,
        &location,
        format!(
            "the spec fix for the undeclared required property {:?} is no longer needed (the spec declares it or \
             no longer requires it): remove its entry from REQUIRED_FIXES in codegen/src/load/spec_fixes.rs",
            fix.property
        ),
    )
}

/// Records the target of every `$ref` that is an `allOf` entry in `value` (a raw file).
fn collect_mixins(file: &str, value: &Value, out: &mut HashSet<Location>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(entries)) = map.get("allOf") {
                let targets = entries.iter().filter_map(|entry| entry.get("$ref")?.as_str());
                out.extend(targets.filter_map(|reference| join_ref(file, reference).ok()));
            }
            map.values().for_each(|child| collect_mixins(file, child, out));
        }
        Value::Array(items) => items.iter().for_each(|item| collect_mixins(file, item, out)),
        _ => {}
    }
}

/// The schemas directly below `schema`.
fn children(schema: &Schema) -> impl Iterator<Item = &Schema> {
    let additional = match &schema.additional_properties {
        Some(AdditionalProperties::Schema(value)) => Some(value.as_ref()),
        _ => None,
    };
    schema
        .properties
        .values()
        .chain(schema.pattern_properties.values())
        .chain(additional)
        .chain(schema.items.as_deref())
        .chain(&schema.one_of)
        .chain(&schema.any_of)
}

/// The top-level schemas of an operation: parameters, bodies, headers.
fn operation_schemas(operation: &Operation) -> impl Iterator<Item = &Schema> {
    let parameters = operation.parameters.iter().map(|p| &p.schema);
    let request = operation.request_body.iter().flat_map(|b| &b.content).filter_map(|m| m.schema.as_ref());
    let responses = operation.responses.iter().flat_map(|r| {
        r.content.iter().filter_map(|m| m.schema.as_ref()).chain(r.headers.iter().map(|h| &h.schema))
    });
    parameters.chain(request).chain(responses)
}

// ---- operations ----------------------------------------------------------------------------

fn unique_operation_ids(spec: &Spec) -> Result<()> {
    let mut seen: BTreeMap<(Api, &str), &Location> = BTreeMap::new();
    for operation in spec.documents.iter().flat_map(|d| &d.operations) {
        let id = &operation.operation_id;
        if !id.starts_with(|c: char| c.is_ascii_alphabetic()) || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(LoadError::new(
                ErrorKind::Invalid,
                &operation.location.child("operationId"),
                format!(
                    "operationId {id:?} is not an ASCII identifier (a letter, then letters, digits and `_`); it names \
                     the operation's Rust module, and other characters would be dropped"
                ),
            ));
        }
        if let Some(first) = seen.insert((operation.api, &operation.operation_id), &operation.location) {
            return Err(LoadError::new(
                ErrorKind::Conflict,
                &operation.location.child("operationId"),
                format!(
                    "operationId {:?} is also used by {first} in the same API; operation modules and the example \
                     registry are keyed by it",
                    operation.operation_id
                ),
            ));
        }
    }
    Ok(())
}

fn check_base_path(document: &ApiDocument) -> Result<()> {
    let location = Location::root(&document.file)
        .child("servers")
        .child("0")
        .child("variables")
        .child("basePath")
        .child("default");
    let base = &document.base_path;
    // The site writes the `/.well-known` base path with paths that start with `/`: an empty base is fine.
    let problem = if base.is_empty() { None } else { path_problem(base) };
    match problem {
        Some(problem) => Err(LoadError::new(ErrorKind::Invalid, &location, format!("base path {base:?} {problem}"))),
        None => Ok(()),
    }
}

/// The pointer of the path item that holds `operation` (its location without the method).
fn path_item(operation: &Operation) -> Location {
    let pointer = operation.location.pointer.rsplit_once('/').map_or("", |(item, _)| item);
    Location { file: operation.location.file.clone(), pointer: pointer.to_string() }
}

fn check_operation(operation: &Operation) -> Result<()> {
    let item = path_item(operation);
    let path = &operation.path;
    if let Some(problem) = path_problem(path) {
        return Err(LoadError::new(ErrorKind::Invalid, &item, format!("path template {path:?} {problem}")));
    }
    let template = template_parameters(path).map_err(|problem| {
        LoadError::new(ErrorKind::Invalid, &item, format!("path template {path:?}: {problem}"))
    })?;
    let mut defined: BTreeMap<(ParameterLocation, &str), &Location> = BTreeMap::new();
    for parameter in &operation.parameters {
        let at = &parameter.location_in_spec;
        if let Some(first) = defined.insert((parameter.location, &parameter.name), at) {
            return Err(LoadError::new(
                ErrorKind::Conflict,
                at,
                format!("parameter {:?} ({:?}) is also defined at {first}", parameter.name, parameter.location),
            ));
        }
        if parameter.location == ParameterLocation::Path && !template.contains(parameter.name.as_str()) {
            return Err(LoadError::new(
                ErrorKind::Undeclared,
                at,
                format!(
                    "path parameter {:?} is not in the path template {path:?}: a server could never decode it",
                    parameter.name
                ),
            ));
        }
    }
    for name in &template {
        if !defined.contains_key(&(ParameterLocation::Path, name)) {
            return Err(LoadError::new(
                ErrorKind::Undeclared,
                &item,
                format!("the path template {path:?} has {{{name}}}, but the operation defines no `in: path` parameter {name:?}"),
            ));
        }
    }
    Ok(())
}

/// What is wrong with a path (template), if anything: it must be an absolute URI path with no
/// query, fragment or dot segment, so that it means the same before and after normalisation.
fn path_problem(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return Some("does not start with `/`".to_string());
    }
    if let Some(c) = path.chars().find(|c| !is_template_char(*c)) {
        return Some(format!("has {c:?}, which a URI path cannot hold as is (a query, a fragment or an unencoded character)"));
    }
    let dot_segment = path.split('/').find(|segment| matches!(decode_dots(segment).as_str(), "." | ".."));
    if let Some(segment) = dot_segment {
        return Some(format!("has the dot segment {segment:?}, which URI normalisation removes"));
    }
    if path.contains("//") {
        return Some("has an empty segment (`//`)".to_string());
    }
    None
}

/// RFC 3986 `pchar` characters, `/`, and the braces of template parameters.
fn is_template_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%/{}".contains(c)
}

/// A segment with its percent-encoded dots decoded (`%2e%2E` is `..` to a normaliser).
fn decode_dots(segment: &str) -> String {
    segment.replace("%2e", ".").replace("%2E", ".")
}

/// The `{names}` of a path template; fails on unbalanced or empty braces and repeated names.
fn template_parameters(path: &str) -> std::result::Result<BTreeSet<&str>, String> {
    let mut names = BTreeSet::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("a `}` without its `{`".to_string());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("a `{` without its `}`")?;
        let name = &after[..close];
        if name.is_empty() || name.contains(['{', '/']) {
            return Err(format!("the parameter {{{name}}} is not a name"));
        }
        if !names.insert(name) {
            return Err(format!("{{{name}}} appears twice"));
        }
        rest = &after[close + 1..];
    }
    Ok(names)
}

// ---- events --------------------------------------------------------------------------------

/// The family of an event schema file: its name up to a `$` (`m.room.message$m.text` belongs to
/// `m.room.message`).
fn family(event: &EventSchema) -> &str {
    event.name.split_once('$').map_or(event.name.as_str(), |(base, _)| base)
}

fn event_type_families(spec: &Spec) -> Result<()> {
    let mut owners: BTreeMap<&str, &EventSchema> = BTreeMap::new();
    let mut family_types: BTreeMap<&str, &EventSchema> = BTreeMap::new();
    for event in &spec.events {
        let type_enum = event.schema.properties.get("type").map(|t| t.location.child("enum"));
        let type_enum = type_enum.unwrap_or_else(|| Location::root(&event.file));
        for (index, event_type) in event.event_types.iter().enumerate() {
            if let Some(other) = owners.insert(event_type, event).filter(|other| family(other) != family(event)) {
                return Err(LoadError::new(
                    ErrorKind::Conflict,
                    &type_enum.child(&index.to_string()),
                    format!(
                        "event type {event_type:?} is also defined by {}; event schemas share a type only as the \
                         `X` and `X$variant` files of one family",
                        other.file
                    ),
                ));
            }
        }
        let first = *family_types.entry(family(event)).or_insert(event);
        if first.event_types != event.event_types {
            return Err(LoadError::new(
                ErrorKind::Conflict,
                &type_enum,
                format!(
                    "the event types {:?} differ from {:?} of {}, in the same family",
                    event.event_types, first.event_types, first.file
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates() {
        assert_eq!(path_problem("/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}"), None);
        assert_eq!(path_problem("/_matrix/client/v3/pushrules/"), None);
        for bad in ["rooms", "/a/../b", "/a/./b", "/a/%2e%2E/b", "/a?x=1", "/a#f", "/a b", "/a//b", "/ä"] {
            assert!(path_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(template_parameters("/a/{x}/b/{y}").expect("parses"), BTreeSet::from(["x", "y"]));
        for bad in ["/a/{x", "/a/x}", "/a/{}", "/{x}/{x}", "/{a{b}}"] {
            assert!(template_parameters(bad).is_err(), "{bad}");
        }
    }
}
