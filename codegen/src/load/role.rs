//! What each file of `data/` is, decided in one place from its path and root.

use serde_json::Value;

/// The role a file plays in the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileRole {
    /// An OpenAPI document (its root has `openapi`).
    ApiDocument,
    /// An event schema of `event-schemas/schema/` (not a core or component schema).
    EventSchema,
    /// Any other file whose root is a schema: definitions, core event schemas, components,
    /// `schemas/`, and the standalone definitions the prose renders.
    Schema,
    /// A map of security schemes (`definitions/security.yaml`).
    SecuritySchemes,
    /// An event example of `event-schemas/examples/`.
    EventExample,
    /// An example referenced by API documents (`api/*/examples/`).
    ApiExample,
    /// `string-formats.yaml`.
    StringFormats,
}

impl FileRole {
    /// The role of the file at `path` (relative to `data/`) whose parsed root is `root`.
    pub fn of(path: &str, root: &Value) -> FileRole {
        let file_name = path.rsplit('/').next().unwrap_or(path);
        if path == "string-formats.yaml" {
            FileRole::StringFormats
        } else if path.starts_with("event-schemas/examples/") {
            FileRole::EventExample
        } else if path.starts_with("api/") && path.contains("/examples/") {
            FileRole::ApiExample
        } else if root.get("openapi").is_some() {
            FileRole::ApiDocument
        } else if path.starts_with("api/") && file_name == "security.yaml" {
            FileRole::SecuritySchemes
        } else if is_event_schema_path(path) {
            FileRole::EventSchema
        } else {
            FileRole::Schema
        }
    }
}

/// `event-schemas/schema/<name>.yaml`, directly in that directory (core and component schemas
/// sit in subdirectories).
fn is_event_schema_path(path: &str) -> bool {
    path.strip_prefix("event-schemas/schema/").is_some_and(|rest| !rest.contains('/'))
}

/// The file stem: the name without directory and extension (`m.room.message$m.text`).
pub fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn roles_by_path_and_root() {
        let empty = json!({});
        assert_eq!(FileRole::of("api/x/a.yaml", &json!({"openapi": "3.1.0"})), FileRole::ApiDocument);
        assert_eq!(FileRole::of("api/x/definitions/security.yaml", &empty), FileRole::SecuritySchemes);
        assert_eq!(FileRole::of("api/x/definitions/a.yaml", &empty), FileRole::Schema);
        assert_eq!(FileRole::of("api/x/examples/a.json", &empty), FileRole::ApiExample);
        assert_eq!(FileRole::of("event-schemas/schema/m.a.yaml", &empty), FileRole::EventSchema);
        assert_eq!(FileRole::of("event-schemas/schema/core-event-schema/event.yaml", &empty), FileRole::Schema);
        assert_eq!(FileRole::of("event-schemas/examples/m.a$b.yaml", &empty), FileRole::EventExample);
        assert_eq!(FileRole::of("string-formats.yaml", &empty), FileRole::StringFormats);
        assert_eq!(file_stem("event-schemas/schema/m.room.message$m.text.yaml"), "m.room.message$m.text");
    }
}
