//! `$ref` and `allOf` resolution, the way the spec site renders the data.
//!
//! The site (Hugo `json-schema/resolve-refs` and `resolve-allof`, and `scripts/helpers.py`)
//! defines what a spec file means, so the loader follows it rather than plain JSON Schema:
//!
//! - a `$ref` is joined to the path of the file that contains it (URI join), its fragment is a
//!   JSON pointer into any YAML file (not only OpenAPI components), and its target may be any
//!   value (an array, for `invite_room_state.json`);
//! - keys beside a `$ref` override the target *shallowly*: target first, then each sibling
//!   replaces its top-level key (JSON Schema 2020-12 would AND them instead);
//! - `allOf` deep-merges its entries left to right and then the schema's own keys on top: maps
//!   merge, lists are replaced, `required` is the union. The site applies this to whole
//!   documents, examples included (the server-server PDU examples are `allOf` documents).
//!
//! Identity is kept: every object that was inlined from a `$ref` in a schema position carries
//! the key [`ORIGIN_KEY`] (`file#pointer` of its definition), which the model stage turns into
//! [`crate::load::model::Schema::origin`] and removes. Data positions (examples, defaults,
//! enums) never get the key, so examples stay exactly as written.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::error::{ErrorKind, LoadError, Location, Result};
use super::limits::{MAX_DEPTH, MAX_REF_DEPTH};
use super::pointer;
use super::source::SourceTree;

/// Internal annotation naming the definition an inlined schema came from.
pub const ORIGIN_KEY: &str = "$origin";

/// Keys whose values are data (examples and literal values), not schema or OpenAPI structure.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// Keys whose values are maps from names (property names, paths, status codes, media types,
/// component names) to structure: their keys are never keywords.
const NAME_MAP_KEYS: &[&str] = &[
    "properties",
    "patternProperties",
    "paths",
    "responses",
    "content",
    "headers",
    "schemas",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "variables",
    "x-changedInMatrixVersion",
];

/// What kind of value a position holds, which decides how its keys are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// OpenAPI or JSON Schema structure: keys are keywords.
    Structure,
    /// A map from names to structure (`properties`, `paths`, ...).
    NameMap,
    /// Example or literal data: `$ref`s are still followed (the site does), nothing is annotated.
    Data,
}

impl Context {
    /// The context of the value under `key` of an object in this context.
    pub fn of_child(self, key: &str) -> Context {
        match self {
            Context::Data => Context::Data,
            Context::NameMap => Context::Structure,
            Context::Structure if DATA_KEYS.contains(&key) => Context::Data,
            Context::Structure if NAME_MAP_KEYS.contains(&key) => Context::NameMap,
            Context::Structure => Context::Structure,
        }
    }

    /// The context of an array element: arrays pass their context through.
    fn of_item(self) -> Context {
        match self {
            Context::NameMap => Context::Structure,
            other => other,
        }
    }
}

/// Joins a `$ref` to the file that contains it, giving the target file and pointer.
pub fn join_ref(base_file: &str, reference: &str) -> std::result::Result<Location, String> {
    let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if path.contains("://") {
        return Err(format!("absolute $ref {reference:?} is not supported: the spec's refs are relative"));
    }
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Err(format!("$ref fragment {fragment:?} is not a JSON pointer"));
    }
    let file = if path.is_empty() { base_file.to_string() } else { join_path(base_file, path)? };
    Ok(Location { file, pointer: fragment.to_string() })
}

/// URI-style join of a relative path to the directory of `base_file`, normalising `.` and `..`.
fn join_path(base_file: &str, relative: &str) -> std::result::Result<String, String> {
    let mut parts: Vec<&str> = base_file.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("$ref {relative:?} climbs out of the data directory"));
                }
            }
            other => parts.push(other),
        }
    }
    Ok(parts.join("/"))
}

/// A resolved value and its height: how many levels of objects and arrays it nests (0 for a
/// scalar), so that inlining a cached target can be checked against [`MAX_DEPTH`].
#[derive(Clone)]
struct Resolved {
    value: Value,
    height: usize,
}

/// Where a value being resolved sits: a [`Location`] built only when something needs it (an
/// error, a `$ref`), not one allocation per value of the spec.
#[derive(Clone, Copy)]
enum Here<'a> {
    /// A location itself.
    At(&'a Location),
    /// Member `key` of an object.
    Key(&'a Here<'a>, &'a str),
    /// Element `index` of an array.
    Index(&'a Here<'a>, usize),
}

impl Here<'_> {
    /// The file the value is in.
    fn file(&self) -> &str {
        match self {
            Here::At(location) => &location.file,
            Here::Key(parent, _) | Here::Index(parent, _) => parent.file(),
        }
    }

    /// The location, built.
    fn location(&self) -> Location {
        match self {
            Here::At(location) => (*location).clone(),
            Here::Key(parent, key) => parent.location().child(key),
            Here::Index(parent, index) => parent.location().child(&index.to_string()),
        }
    }
}

/// Resolves `$ref`s across one [`SourceTree`], caching each resolved target.
///
/// A document that would nest deeper than [`MAX_DEPTH`] after inlining, or `$ref`s nested more
/// than [`MAX_REF_DEPTH`] deep, is refused at the place the limit is crossed (see
/// [`super::limits`]).
pub struct Resolver<'t> {
    tree: &'t SourceTree,
    cache: HashMap<(Location, Context), Resolved>,
    /// The `$ref` targets being resolved right now, outermost first: a repeat is a cycle.
    in_progress: Vec<Location>,
}

impl<'t> Resolver<'t> {
    /// A resolver over `tree`.
    pub fn new(tree: &'t SourceTree) -> Resolver<'t> {
        Resolver { tree, cache: HashMap::new(), in_progress: Vec::new() }
    }

    /// The whole of `file`, with every `$ref` inlined and every `allOf` merged.
    pub fn resolve_document(&mut self, file: &str, context: Context) -> Result<Value> {
        let mut value = self.resolve_refs_at(&Location::root(file), context)?;
        merge_all_of(&mut value, context);
        Ok(value)
    }

    /// The value at `location` with every `$ref` inlined (no `allOf` merge): how the site
    /// treats event examples.
    pub fn resolve_refs_at(&mut self, location: &Location, context: Context) -> Result<Value> {
        Ok(self.resolve_at(location, context, 0)?.value)
    }

    /// The value at `location`, to be placed `depth` levels deep in the output.
    fn resolve_at(&mut self, location: &Location, context: Context, depth: usize) -> Result<Resolved> {
        let key = (location.clone(), context);
        if let Some(done) = self.cache.get(&key) {
            return Ok(done.clone());
        }
        if let Some(start) = self.in_progress.iter().position(|l| l == location) {
            let chain: Vec<String> = self.in_progress[start..].iter().map(Location::to_string).collect();
            return Err(LoadError::new(
                ErrorKind::RefCycle,
                location,
                format!("$ref cycle: {} -> {location}", chain.join(" -> ")),
            ));
        }
        let raw = self.raw_value(location)?;
        self.in_progress.push(location.clone());
        let resolved = self.resolve_value(raw, &Here::At(location), context, depth);
        self.in_progress.pop();
        let resolved = resolved?;
        self.cache.insert(key, resolved.clone());
        Ok(resolved)
    }

    fn raw_value(&self, location: &Location) -> Result<&'t Value> {
        let file = self.tree.get(&location.file).ok_or_else(|| {
            LoadError::new(ErrorKind::DanglingRef, location, format!("no such file {:?}", location.file))
        })?;
        pointer::get(file, &location.pointer).ok_or_else(|| {
            LoadError::new(ErrorKind::DanglingRef, location, format!("no value at pointer {:?}", location.pointer))
        })
    }

    /// `raw` resolved; it sits `depth` levels deep in the output.
    fn resolve_value(&mut self, raw: &Value, here: &Here<'_>, context: Context, depth: usize) -> Result<Resolved> {
        if matches!(raw, Value::Object(_) | Value::Array(_)) && depth >= MAX_DEPTH {
            return Err(too_deep(&here.location()));
        }
        match raw {
            Value::Object(map) if context != Context::NameMap && map.contains_key("$ref") => {
                self.resolve_ref(map, here, context, depth)
            }
            Value::Object(map) => {
                let mut out = Map::with_capacity(map.len());
                let mut height = 1;
                for (key, child) in map {
                    let resolved = self.resolve_value(child, &Here::Key(here, key), context.of_child(key), depth + 1)?;
                    height = height.max(resolved.height + 1);
                    out.insert(key.clone(), resolved.value);
                }
                Ok(Resolved { value: Value::Object(out), height })
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut height = 1;
                for (index, item) in items.iter().enumerate() {
                    let resolved = self.resolve_value(item, &Here::Index(here, index), context.of_item(), depth + 1)?;
                    height = height.max(resolved.height + 1);
                    out.push(resolved.value);
                }
                Ok(Resolved { value: Value::Array(out), height })
            }
            scalar => Ok(Resolved { value: scalar.clone(), height: 0 }),
        }
    }

    /// Inlines the target of `{ "$ref": ..., siblings... }`, then lets each sibling replace its
    /// top-level key (the site's shallow override).
    fn resolve_ref(
        &mut self,
        map: &Map<String, Value>,
        here: &Here<'_>,
        context: Context,
        depth: usize,
    ) -> Result<Resolved> {
        let ref_location = || here.location().child("$ref");
        let reference = map["$ref"]
            .as_str()
            .ok_or_else(|| LoadError::new(ErrorKind::WrongType, &ref_location(), "$ref must be a string"))?;
        let target = join_ref(here.file(), reference)
            .map_err(|message| LoadError::new(ErrorKind::DanglingRef, &ref_location(), message))?;
        if self.in_progress.len() >= MAX_REF_DEPTH {
            return Err(LoadError::new(
                ErrorKind::TooDeep,
                &ref_location(),
                format!(
                    "more than {MAX_REF_DEPTH} $refs nested inside one another (the documented limit, \
                     codegen/src/load/limits.rs), starting at {}",
                    self.in_progress[0]
                ),
            ));
        }
        let resolved = self.resolve_at(&target, context, depth).map_err(|mut error| {
            if error.kind == ErrorKind::DanglingRef && error.location == target {
                error.message = format!("$ref {reference:?} at {} is dangling: {}", here.location(), error.message);
            }
            error
        })?;
        // A cached target was checked where it was first inlined; here it may sit deeper.
        if depth + resolved.height > MAX_DEPTH {
            return Err(too_deep(&here.location()));
        }
        let Resolved { value: mut resolved, mut height } = resolved;
        if context != Context::Data {
            if let Value::Object(target_map) = &mut resolved {
                // The innermost definition names the type: a file that only re-exports another
                // by `$ref` keeps the identity of what it points at.
                if !target_map.contains_key(ORIGIN_KEY) {
                    target_map.insert(ORIGIN_KEY.to_string(), Value::String(target.to_string()));
                }
            }
        }
        let siblings: Vec<(&String, &Value)> = map.iter().filter(|(key, _)| *key != "$ref").collect();
        if siblings.is_empty() {
            return Ok(Resolved { value: resolved, height });
        }
        let Value::Object(target_map) = &mut resolved else {
            return Err(LoadError::new(
                ErrorKind::Invalid,
                &here.location(),
                format!("$ref {reference:?} points at a non-object, so its sibling keys cannot override it"),
            ));
        };
        for (key, child) in siblings {
            let sibling = self.resolve_value(child, &Here::Key(here, key), context.of_child(key), depth + 1)?;
            height = height.max(sibling.height + 1);
            target_map.insert(key.clone(), sibling.value);
        }
        Ok(Resolved { value: resolved, height })
    }
}

fn too_deep(location: &Location) -> LoadError {
    LoadError::new(
        ErrorKind::TooDeep,
        location,
        format!(
            "the resolved document nests objects and arrays more than {MAX_DEPTH} levels deep here \
             (the documented limit, codegen/src/load/limits.rs)"
        ),
    )
}

/// Merges every `allOf` in `value`, innermost first, the way the site does.
pub fn merge_all_of(value: &mut Value, context: Context) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                merge_all_of(child, context.of_child(key));
            }
            if context == Context::NameMap {
                return;
            }
            if matches!(map.get("allOf"), Some(Value::Array(_))) {
                if let Some(Value::Array(parts)) = map.remove("allOf") {
                    *value = merge_parts(parts, std::mem::take(map));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| merge_all_of(item, context.of_item())),
        _ => {}
    }
}

/// `allOf` entries deep-merged left to right, then the schema's own keys on top.
///
/// The entries' own identities are dropped (the result is a new schema); the result keeps the
/// identity of the schema that holds the `allOf`, if it was inlined from a `$ref`. The one
/// exception is the spec's "ref + title/description" idiom, `allOf: [{$ref: X}]` with only
/// documentation beside it: that is `X` documented at its use site, so it keeps `X`'s identity
/// (one type per schema, not a copy per use).
fn merge_parts(parts: Vec<Value>, own: Map<String, Value>) -> Value {
    let doc_only_wrapper = parts.len() == 1 && !has_shape(&own) && !own.contains_key(ORIGIN_KEY);
    let wrapped_origin = match parts.first() {
        Some(Value::Object(part)) if doc_only_wrapper => part.get(ORIGIN_KEY).cloned(),
        _ => None,
    };
    let own_origin = own.get(ORIGIN_KEY).cloned().or(wrapped_origin);
    let mut merged = Value::Object(Map::new());
    for mut part in parts {
        if let Value::Object(part_map) = &mut part {
            part_map.remove(ORIGIN_KEY);
        }
        deep_merge(&mut merged, part);
    }
    deep_merge(&mut merged, Value::Object(own));
    if let Value::Object(map) = &mut merged {
        map.remove(ORIGIN_KEY);
        if let Some(origin) = own_origin {
            map.insert(ORIGIN_KEY.to_string(), origin);
        }
    }
    merged
}

/// Keys that describe a schema without changing its shape.
const DOC_ONLY_KEYS: &[&str] = &["title", "description", "example", "examples", "deprecated", ORIGIN_KEY];

fn has_shape(map: &Map<String, Value>) -> bool {
    map.keys().any(|key| !DOC_ONLY_KEYS.contains(&key.as_str()) && !key.starts_with("x-"))
}

/// The site's deep merge: maps merge, lists are replaced, `required` is the union.
///
/// A merged map keeps an inlined identity only while one side alone gives it its shape: a
/// definition extended with new keys is a new schema, not the definition.
pub fn deep_merge(base: &mut Value, overlay: Value) {
    let Value::Object(base_map) = base else {
        *base = overlay;
        return;
    };
    let Value::Object(mut overlay_map) = overlay else {
        *base = overlay;
        return;
    };
    let base_origin = base_map.remove(ORIGIN_KEY);
    let overlay_origin = overlay_map.remove(ORIGIN_KEY);
    let base_shaped = has_shape(base_map);
    let overlay_shaped = has_shape(&overlay_map);
    for (key, value) in overlay_map {
        match (base_map.get_mut(&key), value) {
            (Some(Value::Array(existing)), Value::Array(more)) if key == "required" => {
                for name in more {
                    if !existing.contains(&name) {
                        existing.push(name);
                    }
                }
            }
            (Some(existing @ Value::Object(_)), value @ Value::Object(_)) => deep_merge(existing, value),
            (_, value) => {
                base_map.insert(key, value);
            }
        }
    }
    let origin = match (base_origin, overlay_origin) {
        (Some(a), Some(b)) if a == b => Some(a),
        (Some(a), _) if !overlay_shaped => Some(a),
        (_, Some(b)) if !base_shaped => Some(b),
        _ => None,
    };
    if let Some(origin) = origin {
        base_map.insert(ORIGIN_KEY.to_string(), origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tree(files: &[(&str, &str)]) -> SourceTree {
        SourceTree::from_texts(files.iter().copied()).expect("fixtures parse")
    }

    fn resolve(files: &[(&str, &str)], root: &str) -> Result<Value> {
        let tree = tree(files);
        Resolver::new(&tree).resolve_document(root, Context::Structure)
    }

    fn strip_origins(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove(ORIGIN_KEY);
                map.values_mut().for_each(strip_origins);
            }
            Value::Array(items) => items.iter_mut().for_each(strip_origins),
            _ => {}
        }
    }

    #[test]
    fn joins_refs_like_uris() {
        let at = |r| join_ref("api/cs/definitions/a.yaml", r).expect("joins");
        assert_eq!(at("b.yaml").to_string(), "api/cs/definitions/b.yaml#");
        assert_eq!(at("../../../event-schemas/x.yaml#/p/q").to_string(), "event-schemas/x.yaml#/p/q");
        assert_eq!(at("./c/d.json").to_string(), "api/cs/definitions/c/d.json#");
        assert_eq!(at("#/components/x").to_string(), "api/cs/definitions/a.yaml#/components/x");
        assert!(join_ref("a.yaml", "../../x.yaml").is_err());
        assert!(join_ref("a.yaml", "https://example.org/x.yaml").is_err());
        assert!(join_ref("a.yaml", "b.yaml#no-slash").is_err());
    }

    #[test]
    fn refs_are_relative_to_their_own_file_and_cross_trees() {
        let value = resolve(
            &[
                ("api/a.yaml", "schema: {$ref: defs/b.yaml}"),
                ("api/defs/b.yaml", "properties: {x: {$ref: ../../events/c.yaml#/definitions/C}}"),
                ("events/c.yaml", "definitions: {C: {type: integer}}"),
            ],
            "api/a.yaml",
        )
        .expect("resolves");
        assert_eq!(value["schema"]["properties"]["x"]["type"], json!("integer"));
        assert_eq!(value["schema"][ORIGIN_KEY], json!("api/defs/b.yaml#"));
        assert_eq!(value["schema"]["properties"]["x"][ORIGIN_KEY], json!("events/c.yaml#/definitions/C"));
    }

    #[test]
    fn refs_may_point_at_non_objects() {
        let value =
            resolve(&[("a.yaml", "example: {list: {$ref: 'l.json'}}"), ("l.json", "[1, {\"a\": 2}]")], "a.yaml")
                .expect("resolves");
        assert_eq!(value, json!({"example": {"list": [1, {"a": 2}]}}));
    }

    #[test]
    fn siblings_override_the_target_shallowly() {
        let mut value = resolve(
            &[
                ("a.yaml", "s: {$ref: t.yaml, title: Mine, properties: {y: {type: string}}}"),
                ("t.yaml", "title: Theirs\ntype: object\nproperties: {x: {type: integer}}"),
            ],
            "a.yaml",
        )
        .expect("resolves");
        strip_origins(&mut value);
        // `properties` is replaced wholesale, not merged: the site's SetInMap.
        assert_eq!(value["s"], json!({"title": "Mine", "type": "object", "properties": {"y": {"type": "string"}}}));
    }

    #[test]
    fn siblings_cannot_override_a_non_object() {
        let error =
            resolve(&[("a.yaml", "s: {$ref: l.json, title: x}"), ("l.json", "[1]")], "a.yaml").expect_err("invalid");
        assert_eq!(error.kind, ErrorKind::Invalid);
        assert_eq!(error.location.to_string(), "a.yaml#/s");
    }

    #[test]
    fn all_of_deep_merges_left_to_right() {
        let mut value = resolve(
            &[(
                "a.yaml",
                "allOf:\n\
                 - {type: object, required: [a], properties: {a: {type: string, enum: [x, y]}, n: {properties: {p: {type: integer}}}}}\n\
                 - {required: [b, a], properties: {a: {enum: [z]}, n: {properties: {q: {type: string}}}, b: {type: integer}}}\n\
                 description: own\n\
                 properties: {b: {description: own b}}\n",
            )],
            "a.yaml",
        )
        .expect("resolves");
        strip_origins(&mut value);
        assert_eq!(
            value,
            json!({
                "type": "object",
                // `required` is the union, in order of first appearance.
                "required": ["a", "b"],
                "properties": {
                    // Lists are replaced, not concatenated.
                    "a": {"type": "string", "enum": ["z"]},
                    // Maps merge recursively.
                    "n": {"properties": {"p": {"type": "integer"}, "q": {"type": "string"}}},
                    // The schema's own keys go on top.
                    "b": {"type": "integer", "description": "own b"},
                },
                "description": "own",
            })
        );
    }

    #[test]
    fn all_of_of_refs_merges_whole_documents_including_examples() {
        let value = resolve(
            &[
                ("doc.yaml", "example: {$ref: ex.json}"),
                ("ex.json", r#"{"allOf": [{"$ref": "base.json"}, {"b": 2}]}"#),
                ("base.json", r#"{"a": 1, "b": 1}"#),
            ],
            "doc.yaml",
        )
        .expect("resolves");
        assert_eq!(value, json!({"example": {"a": 1, "b": 2}}));
    }

    #[test]
    fn identity_is_kept_in_schemas_and_never_written_into_examples() {
        let value = resolve(
            &[
                ("a.yaml", "properties: {p: {$ref: t.yaml}}\nexample: {$ref: e.json}"),
                ("t.yaml", "type: object"),
                ("e.json", r#"{"k": {"nested": true}}"#),
            ],
            "a.yaml",
        )
        .expect("resolves");
        assert_eq!(value["properties"]["p"][ORIGIN_KEY], json!("t.yaml#"));
        assert_eq!(value["example"], json!({"k": {"nested": true}}));
    }

    #[test]
    fn extended_definitions_lose_their_identity() {
        let mut merged = json!({"type": "object", ORIGIN_KEY: "t.yaml#"});
        deep_merge(&mut merged, json!({"description": "docs only"}));
        assert_eq!(merged[ORIGIN_KEY], json!("t.yaml#"));
        deep_merge(&mut merged, json!({"properties": {"x": {}}}));
        assert_eq!(merged.get(ORIGIN_KEY), None);
    }

    #[test]
    fn property_names_are_not_keywords() {
        // A property called `allOf` or `$ref`-free `example` is a name, not a keyword.
        let value = resolve(
            &[("a.yaml", "properties: {allOf: {type: array}, example: {$ref: t.yaml}}"), ("t.yaml", "type: string")],
            "a.yaml",
        )
        .expect("resolves");
        assert_eq!(value["properties"]["allOf"], json!({"type": "array"}));
        assert_eq!(value["properties"]["example"][ORIGIN_KEY], json!("t.yaml#"));
    }

    #[test]
    fn cycles_are_errors_naming_the_chain() {
        let error = resolve(&[("a.yaml", "x: {$ref: b.yaml}"), ("b.yaml", "y: {$ref: 'a.yaml#/x'}")], "a.yaml")
            .expect_err("cycle");
        assert_eq!(error.kind, ErrorKind::RefCycle);
        assert!(error.message.contains("b.yaml# -> a.yaml#/x -> b.yaml#"), "{}", error.message);
    }

    #[test]
    fn dangling_refs_name_the_referring_place() {
        let error = resolve(&[("a.yaml", "x: {$ref: missing.yaml}")], "a.yaml").expect_err("dangling");
        assert_eq!(error.kind, ErrorKind::DanglingRef);
        assert!(error.message.contains("at a.yaml#/x"), "{}", error.message);
        let error =
            resolve(&[("a.yaml", "x: {$ref: 'b.yaml#/nope'}"), ("b.yaml", "{}")], "a.yaml").expect_err("dangling");
        assert_eq!(error.location.to_string(), "b.yaml#/nope");
        let error = resolve(&[("a.yaml", "x: {$ref: 7}")], "a.yaml").expect_err("not a string");
        assert_eq!((error.kind, error.location.to_string()), (ErrorKind::WrongType, "a.yaml#/x/$ref".to_string()));
    }

    #[test]
    fn event_examples_get_refs_without_all_of_merging() {
        let tree = tree(&[
            ("ex/m.a.yaml", r#"{"$ref": "core/state.json", "type": "m.a", "content": {"b": 1}}"#),
            ("ex/core/state.json", r#"{"$ref": "event.json", "state_key": "", "content": {"a": 1}}"#),
            ("ex/core/event.json", r#"{"origin_server_ts": 1, "unsigned": {"age": 1}}"#),
        ]);
        let value =
            Resolver::new(&tree).resolve_refs_at(&Location::root("ex/m.a.yaml"), Context::Data).expect("resolves");
        assert_eq!(
            value,
            json!({"origin_server_ts": 1, "unsigned": {"age": 1}, "state_key": "", "type": "m.a", "content": {"b": 1}})
        );
    }
}
