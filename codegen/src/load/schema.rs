//! Resolved JSON → [`Schema`].

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::error::{ErrorKind, LoadError, Location, Result};
use super::model::{AdditionalProperties, Bounds, JsonType, Schema};
use super::read::Reader;
use super::resolve::ORIGIN_KEY;

/// Builds the schema at `value`, which sits at `location` in its resolved document.
///
/// A node inlined from a `$ref` takes its definition's location, so the positions of everything
/// below it do not depend on who references it.
pub fn build_schema(value: &Value, location: &Location) -> Result<Schema> {
    let map = match value {
        Value::Object(map) => map,
        // 2020-12 boolean schemas: `true` accepts anything.
        Value::Bool(true) => {
            return Ok(Schema { location: location.clone(), site: location.clone(), ..Schema::default() })
        }
        _ => return Err(LoadError::new(ErrorKind::WrongType, location, "a schema must be an object or `true`")),
    };
    let origin = origin_of(map, location)?;
    let site = location.clone();
    let location = origin.clone().unwrap_or_else(|| location.clone());
    let read = Reader { map, location: &location };
    if map.contains_key("allOf") {
        return Err(LoadError::new(
            ErrorKind::Invalid,
            &location,
            "allOf left after merging: its entries must be objects",
        ));
    }
    Ok(Schema {
        title: read.string("title")?,
        description: read.string("description")?,
        types: types(&read)?,
        format: read.string("format")?,
        pattern: read.string("pattern")?,
        enum_values: string_enum(&read)?,
        const_value: read.data("const"),
        properties: named_schemas(&read, "properties")?,
        required: read.strings("required")?,
        additional_properties: additional_properties(&read)?,
        pattern_properties: named_schemas(&read, "patternProperties")?,
        pattern_format: read.string("x-pattern-format")?,
        items: map.get("items").map(|items| build_schema(items, &location.child("items")).map(Box::new)).transpose()?,
        one_of: schema_list(&read, "oneOf")?,
        any_of: schema_list(&read, "anyOf")?,
        bounds: bounds(&read)?,
        example: read.data("example"),
        examples: data_list(&read, "examples")?,
        default: read.data("default"),
        deprecated: read.flag("deprecated")?,
        added_in: read.string("x-addedInMatrixVersion")?,
        changed_in: read.changed_in()?,
        weight: read.integer("x-weight")?,
        origin,
        location,
        site,
    })
}

/// The `$origin` annotation the resolver left on an inlined definition.
fn origin_of(map: &Map<String, Value>, location: &Location) -> Result<Option<Location>> {
    let Some(origin) = map.get(ORIGIN_KEY) else { return Ok(None) };
    let text = origin.as_str().unwrap_or_default();
    let (file, pointer) = text
        .split_once('#')
        .ok_or_else(|| LoadError::new(ErrorKind::Invalid, location, format!("malformed origin annotation {origin}")))?;
    Ok(Some(Location { file: file.to_string(), pointer: pointer.to_string() }))
}

fn types(read: &Reader<'_>) -> Result<Vec<JsonType>> {
    let names = match read.map.get("type") {
        None => return Ok(Vec::new()),
        Some(Value::String(name)) => vec![name.clone()],
        Some(_) => read.strings("type")?,
    };
    names.iter().map(|name| json_type(name, read.location)).collect()
}

fn json_type(name: &str, location: &Location) -> Result<JsonType> {
    Ok(match name {
        "null" => JsonType::Null,
        "boolean" => JsonType::Boolean,
        "integer" => JsonType::Integer,
        "number" => JsonType::Number,
        "string" => JsonType::String,
        "array" => JsonType::Array,
        "object" => JsonType::Object,
        other => {
            return Err(LoadError::new(ErrorKind::Invalid, &location.child("type"), format!("unknown type {other:?}")))
        }
    })
}

fn data_list(read: &Reader<'_>, key: &str) -> Result<Vec<Value>> {
    match read.map.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items.clone()),
        Some(_) => {
            Err(LoadError::new(ErrorKind::WrongType, &read.location.child(key), format!("{key} must be a list")))
        }
    }
}

/// `enum`, whose values must be strings: the generator maps an enum to a Rust enum of its
/// string values, and would silently drop a `42`, `null` or `{a: 1}` (the spec has none).
fn string_enum(read: &Reader<'_>) -> Result<Vec<Value>> {
    let values = data_list(read, "enum")?;
    if let Some(index) = values.iter().position(|value| !value.is_string()) {
        return Err(LoadError::new(
            ErrorKind::WrongType,
            &read.location.child("enum").child(&index.to_string()),
            format!("enum value {} is not a string; the generator models string enums only", values[index]),
        ));
    }
    Ok(values)
}

fn named_schemas(read: &Reader<'_>, key: &str) -> Result<IndexMap<String, Schema>> {
    let Some(map) = read.object(key)? else { return Ok(IndexMap::new()) };
    let base = read.location.child(key);
    map.iter().map(|(name, value)| Ok((name.clone(), build_schema(value, &base.child(name))?))).collect()
}

fn schema_list(read: &Reader<'_>, key: &str) -> Result<Vec<Schema>> {
    let base = read.location.child(key);
    match read.map.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            items.iter().enumerate().map(|(index, item)| build_schema(item, &base.child(&index.to_string()))).collect()
        }
        Some(_) => Err(LoadError::new(ErrorKind::WrongType, &base, format!("{key} must be a list of schemas"))),
    }
}

fn additional_properties(read: &Reader<'_>) -> Result<Option<AdditionalProperties>> {
    const KEY: &str = "additionalProperties";
    Ok(match read.map.get(KEY) {
        None => None,
        Some(Value::Bool(true)) => Some(AdditionalProperties::Any),
        Some(Value::Bool(false)) => Some(AdditionalProperties::Forbidden),
        Some(value) => Some(AdditionalProperties::Schema(Box::new(build_schema(value, &read.location.child(KEY))?))),
    })
}

fn bounds(read: &Reader<'_>) -> Result<Bounds> {
    Ok(Bounds {
        minimum: read.number("minimum")?,
        maximum: read.number("maximum")?,
        exclusive_minimum: read.number("exclusiveMinimum")?,
        exclusive_maximum: read.number("exclusiveMaximum")?,
        min_length: read.count("minLength")?,
        max_length: read.count("maxLength")?,
        min_items: read.count("minItems")?,
        max_items: read.count("maxItems")?,
        min_properties: read.count("minProperties")?,
        max_properties: read.count("maxProperties")?,
        unique_items: read.flag("uniqueItems")?,
    })
}

/// The named schemas under `components/schemas` of a resolved object, if any.
pub fn component_schemas(root: &Value, location: &Location) -> Result<IndexMap<String, Schema>> {
    let Some(components) = root.get("components") else { return Ok(IndexMap::new()) };
    let components_location = location.child("components");
    let read = Reader::new(components, &components_location)?;
    named_schemas(&read, "schemas")
}
