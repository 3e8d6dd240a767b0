//! A semantic changelog between two loaded specs: what changed for users of the generated API,
//! each change classified as breaking or not (a semver hint).
//!
//! It compares the models, not the text: operations by `(API, operationId)`, schemas by their
//! place (`file#pointer`, after `$ref` inlining, so a definition is compared once where it is
//! defined), and event types. Changes to descriptions and examples are reported apart.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::load::model::{AdditionalProperties, Api, JsonType, Operation, Schema, Spec};

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// An operation appeared.
    OperationAdded,
    /// An operation disappeared.
    OperationRemoved,
    /// Its method or full path changed.
    OperationMoved,
    /// A parameter appeared.
    ParameterAdded,
    /// A parameter disappeared.
    ParameterRemoved,
    /// A parameter became required or optional.
    ParameterRequiredChanged,
    /// A parameter's type changed.
    ParameterRetyped,
    /// A request body appeared or disappeared, or became required or optional.
    RequestBodyChanged,
    /// A documented response status appeared.
    StatusAdded,
    /// A documented response status disappeared.
    StatusRemoved,
    /// Authentication changed (requirement or schemes).
    AuthChanged,
    /// The operation or a field was deprecated or undeprecated.
    DeprecationChanged,
    /// A field appeared in an object.
    FieldAdded,
    /// A field disappeared from an object.
    FieldRemoved,
    /// A field's type changed.
    FieldRetyped,
    /// A field became required or optional.
    FieldRequiredChanged,
    /// What an object allows beside its fields (`additionalProperties`, `patternProperties`)
    /// changed: its map of extra keys is retyped.
    ExtraFieldsChanged,
    /// An enum gained a value.
    EnumValueAdded,
    /// An enum lost a value.
    EnumValueRemoved,
    /// A schema file (a definition, event or standalone schema) appeared.
    TypeAdded,
    /// A schema file disappeared.
    TypeRemoved,
    /// An event type appeared.
    EventTypeAdded,
    /// An event type disappeared.
    EventTypeRemoved,
    /// A description, summary or title changed.
    DocChanged,
    /// An example changed.
    ExampleChanged,
}

impl ChangeKind {
    /// Whether the change is about documentation or examples only.
    pub fn is_doc_only(self) -> bool {
        matches!(self, ChangeKind::DocChanged | ChangeKind::ExampleChanged)
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// Where: `{Api}/{operationId}`, a schema place `file#pointer`, or an event type.
    pub subject: String,
    /// The detail: the field, parameter, status or value concerned, and how.
    pub detail: String,
    /// Whether code written against the old generated API may stop compiling or decoding.
    /// (Adding an optional field counts as compatible: it decodes as before, though a struct
    /// literal must then name it. Response and event enums are `#[non_exhaustive]`, so new
    /// statuses and event types are compatible.)
    pub breaking: bool,
}

/// The changes between two specs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpecDiff {
    /// Changes to what the generated API can express, sorted.
    pub structural: Vec<Change>,
    /// Changes to descriptions and examples only, sorted.
    pub documentation: Vec<Change>,
}

impl SpecDiff {
    /// Whether any structural change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.structural.iter().any(|c| c.breaking)
    }
}

/// Compares `old` with `new`.
pub fn diff(old: &Spec, new: &Spec) -> SpecDiff {
    let mut changes = Vec::new();
    diff_operations(old, new, &mut changes);
    diff_schemas(&schemas_by_place(old), &schemas_by_place(new), &mut changes);
    diff_schema_files(old, new, &mut changes);
    diff_event_types(old, new, &mut changes);
    changes.sort();
    changes.dedup();
    let (documentation, structural) = changes.into_iter().partition(|c| c.kind.is_doc_only());
    SpecDiff { structural, documentation }
}

fn change(kind: ChangeKind, subject: &str, detail: impl Into<String>, breaking: bool) -> Change {
    Change { kind, subject: subject.to_string(), detail: detail.into(), breaking }
}

fn operations(spec: &Spec) -> BTreeMap<(Api, &str), &Operation> {
    spec.documents.iter().flat_map(|d| &d.operations).map(|op| ((op.api, op.operation_id.as_str()), op)).collect()
}

fn diff_operations(old: &Spec, new: &Spec, out: &mut Vec<Change>) {
    let (old_ops, new_ops) = (operations(old), operations(new));
    for (key, op) in &new_ops {
        let subject = format!("{:?}/{}", key.0, key.1);
        match old_ops.get(key) {
            None => out.push(change(
                ChangeKind::OperationAdded,
                &subject,
                format!("{} {}", op.method.as_str(), op.path),
                false,
            )),
            Some(before) => diff_operation(&subject, before, op, out),
        }
    }
    for (key, op) in &old_ops {
        if !new_ops.contains_key(key) {
            let subject = format!("{:?}/{}", key.0, key.1);
            out.push(change(
                ChangeKind::OperationRemoved,
                &subject,
                format!("{} {}", op.method.as_str(), op.path),
                true,
            ));
        }
    }
}

fn diff_operation(subject: &str, old: &Operation, new: &Operation, out: &mut Vec<Change>) {
    if (old.method, &old.path) != (new.method, &new.path) {
        let detail = format!("{} {} → {} {}", old.method.as_str(), old.path, new.method.as_str(), new.path);
        out.push(change(ChangeKind::OperationMoved, subject, detail, true));
    }
    diff_parameters(subject, old, new, out);
    let body = |op: &Operation| op.request_body.as_ref().map(|b| b.required);
    if body(old) != body(new) {
        let breaking = body(new) == Some(true) || body(old).is_some();
        out.push(change(
            ChangeKind::RequestBodyChanged,
            subject,
            format!("{:?} → {:?}", body(old), body(new)),
            breaking,
        ));
    }
    let statuses = |op: &Operation| op.responses.iter().map(|r| r.status.to_string()).collect::<BTreeSet<_>>();
    let (old_statuses, new_statuses) = (statuses(old), statuses(new));
    for status in new_statuses.difference(&old_statuses) {
        out.push(change(ChangeKind::StatusAdded, subject, status.clone(), false));
    }
    for status in old_statuses.difference(&new_statuses) {
        out.push(change(ChangeKind::StatusRemoved, subject, status.clone(), true));
    }
    let auth = |op: &Operation| {
        (op.security.requirement, op.security.schemes.iter().map(|s| s.name.clone()).collect::<Vec<_>>())
    };
    if auth(old) != auth(new) {
        let detail = format!("{:?} → {:?}", auth(old), auth(new));
        out.push(change(ChangeKind::AuthChanged, subject, detail, new.security.requirement > old.security.requirement));
    }
    if old.deprecated != new.deprecated {
        out.push(change(ChangeKind::DeprecationChanged, subject, format!("deprecated: {}", new.deprecated), false));
    }
    if (&old.summary, &old.description) != (&new.summary, &new.description) {
        out.push(change(ChangeKind::DocChanged, subject, "summary or description", false));
    }
    for response in &new.responses {
        let Some(before) = old.responses.iter().find(|r| r.status == response.status) else { continue };
        if before.description != response.description {
            out.push(change(ChangeKind::DocChanged, subject, format!("{} description", response.status), false));
        }
        let examples = |r: &crate::load::model::Response| {
            r.content
                .iter()
                .map(|m| (m.example.clone(), m.examples.iter().map(|e| e.value.clone()).collect::<Vec<_>>()))
                .collect::<Vec<_>>()
        };
        if examples(before) != examples(response) {
            out.push(change(ChangeKind::ExampleChanged, subject, format!("{} example", response.status), false));
        }
    }
}

fn diff_parameters(subject: &str, old: &Operation, new: &Operation, out: &mut Vec<Change>) {
    let (old_params, new_params) = (parameters(old), parameters(new));
    for ((place, name), param) in &new_params {
        let detail = format!("{place} parameter `{name}`");
        match old_params.get(&(place.clone(), name.clone())) {
            None => out.push(change(
                ChangeKind::ParameterAdded,
                subject,
                format!("{detail} (required: {})", param.required),
                param.required,
            )),
            Some(before) => {
                if before.required != param.required {
                    let how = format!("{detail}: required {} → {}", before.required, param.required);
                    out.push(change(ChangeKind::ParameterRequiredChanged, subject, how, true));
                }
                if signature(&before.schema) != signature(&param.schema) {
                    let how = format!("{detail}: {} → {}", signature(&before.schema), signature(&param.schema));
                    out.push(change(ChangeKind::ParameterRetyped, subject, how, true));
                }
                if before.description != param.description {
                    out.push(change(ChangeKind::DocChanged, subject, format!("{detail} description"), false));
                }
            }
        }
    }
    for (place, name) in old_params.keys() {
        if !new_params.contains_key(&(place.clone(), name.clone())) {
            out.push(change(ChangeKind::ParameterRemoved, subject, format!("{place} parameter `{name}`"), true));
        }
    }
}

fn parameters(op: &Operation) -> BTreeMap<(String, String), &crate::load::model::Parameter> {
    op.parameters.iter().map(|p| ((format!("{:?}", p.location).to_lowercase(), p.name.clone()), p)).collect()
}

/// A short text of a schema's shape, to tell whether a field was retyped.
pub fn signature(schema: &Schema) -> String {
    if let Some(origin) = &schema.origin {
        return format!("ref {origin}");
    }
    let types: Vec<String> = schema.types.iter().map(|t| format!("{t:?}").to_lowercase()).collect();
    let mut text = if types.is_empty() { "any".to_string() } else { types.join("|") };
    if let Some(format) = &schema.format {
        text.push_str(&format!("({format})"));
    }
    if let Some(items) = &schema.items {
        text.push_str(&format!("<{}>", signature(items)));
    }
    if let Some(AdditionalProperties::Schema(value)) = &schema.additional_properties {
        text.push_str(&format!("{{string: {}}}", signature(value)));
    }
    for (pattern, value) in &schema.pattern_properties {
        text.push_str(&format!("{{{pattern}: {}}}", signature(value)));
    }
    let variants: Vec<String> = schema.one_of.iter().chain(&schema.any_of).map(signature).collect();
    if !variants.is_empty() {
        text.push_str(&format!("[{}]", variants.join(" | ")));
    }
    if schema.types.contains(&JsonType::Object) && !schema.properties.is_empty() {
        text.push_str(" {…}");
    }
    text
}

/// Every distinct schema node of a spec, by its place.
pub fn schemas_by_place(spec: &Spec) -> BTreeMap<String, &Schema> {
    let mut out = BTreeMap::new();
    for op in spec.documents.iter().flat_map(|d| &d.operations) {
        op.parameters.iter().for_each(|p| collect(&p.schema, &mut out));
        let bodies =
            op.request_body.iter().flat_map(|b| &b.content).chain(op.responses.iter().flat_map(|r| &r.content));
        bodies.filter_map(|m| m.schema.as_ref()).for_each(|s| collect(s, &mut out));
    }
    for file in &spec.schema_files {
        collect(&file.schema, &mut out);
        file.components.values().for_each(|s| collect(s, &mut out));
    }
    out
}

fn collect<'s>(schema: &'s Schema, out: &mut BTreeMap<String, &'s Schema>) {
    if out.insert(schema.location.to_string(), schema).is_some() {
        return;
    }
    let children = schema
        .properties
        .values()
        .chain(schema.pattern_properties.values())
        .chain(schema.items.as_deref())
        .chain(&schema.one_of)
        .chain(&schema.any_of);
    for child in children {
        collect(child, out);
    }
    if let Some(AdditionalProperties::Schema(child)) = &schema.additional_properties {
        collect(child, out);
    }
}

fn diff_schemas(old: &BTreeMap<String, &Schema>, new: &BTreeMap<String, &Schema>, out: &mut Vec<Change>) {
    for (place, schema) in new {
        if let Some(before) = old.get(place) {
            diff_schema(place, before, schema, out);
        }
    }
}

fn diff_schema(place: &str, old: &Schema, new: &Schema, out: &mut Vec<Change>) {
    for (name, property) in &new.properties {
        let required = new.required.contains(name);
        match old.properties.get(name) {
            None => {
                out.push(change(ChangeKind::FieldAdded, place, format!("`{name}` (required: {required})"), required))
            }
            Some(before) => {
                if signature(before) != signature(property) {
                    let how = format!("`{name}`: {} → {}", signature(before), signature(property));
                    out.push(change(ChangeKind::FieldRetyped, place, how, true));
                }
                if old.required.contains(name) != required {
                    out.push(change(
                        ChangeKind::FieldRequiredChanged,
                        place,
                        format!("`{name}`: required → {required}"),
                        true,
                    ));
                }
                if before.deprecated != property.deprecated {
                    out.push(change(
                        ChangeKind::DeprecationChanged,
                        place,
                        format!("`{name}` deprecated: {}", property.deprecated),
                        false,
                    ));
                }
            }
        }
    }
    if extra_fields(old) != extra_fields(new) {
        let detail = format!("now {} (before: {})", extra_fields_words(new), extra_fields_words(old));
        // Unspecified and an untyped schema both give any JSON value: only a typed map breaks.
        let breaking = extra_value_type(old) != extra_value_type(new);
        out.push(change(ChangeKind::ExtraFieldsChanged, place, detail, breaking));
    }
    for name in old.properties.keys().filter(|n| !new.properties.contains_key(*n)) {
        out.push(change(ChangeKind::FieldRemoved, place, format!("`{name}`"), true));
    }
    let values =
        |s: &Schema| s.enum_values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect::<BTreeSet<_>>();
    let (old_values, new_values) = (values(old), values(new));
    for value in new_values.difference(&old_values) {
        out.push(change(ChangeKind::EnumValueAdded, place, format!("`{value}`"), false));
    }
    for value in old_values.difference(&new_values) {
        out.push(change(ChangeKind::EnumValueRemoved, place, format!("`{value}`"), true));
    }
    if (&old.description, &old.title) != (&new.description, &new.title) {
        out.push(change(ChangeKind::DocChanged, place, "description or title", false));
    }
    if (&old.example, &old.examples) != (&new.example, &new.examples) {
        out.push(change(ChangeKind::ExampleChanged, place, "example", false));
    }
}

/// What an object allows beside its fields, as text.
fn extra_fields(schema: &Schema) -> String {
    let additional = match &schema.additional_properties {
        None => "unspecified".to_string(),
        Some(AdditionalProperties::Any) => "any".to_string(),
        Some(AdditionalProperties::Forbidden) => "none".to_string(),
        Some(AdditionalProperties::Schema(value)) => signature(value),
    };
    let patterns: Vec<String> =
        schema.pattern_properties.iter().map(|(p, v)| format!("{p}: {}", signature(v))).collect();
    format!("additional {additional}; patterns [{}]", patterns.join(", "))
}

/// What an object allows beside its fields, in words: "accepts any additional property".
fn extra_fields_words(schema: &Schema) -> String {
    let mut text = match &schema.additional_properties {
        None => "declares nothing about additional properties".to_string(),
        Some(AdditionalProperties::Any) => "accepts any additional property".to_string(),
        Some(AdditionalProperties::Schema(value)) if signature(value) == "any" => {
            "accepts any additional property".to_string()
        }
        Some(AdditionalProperties::Forbidden) => "accepts no additional property".to_string(),
        Some(AdditionalProperties::Schema(value)) => format!("accepts additional properties of type {}", signature(value)),
    };
    for (pattern, value) in &schema.pattern_properties {
        text.push_str(&format!(", and properties matching `{pattern}` of type {}", signature(value)));
    }
    text
}

/// The type extra keys' values get: `any` unless a typed schema or a pattern says otherwise.
fn extra_value_type(schema: &Schema) -> String {
    let patterns: Vec<String> = schema.pattern_properties.values().map(signature).collect();
    match &schema.additional_properties {
        Some(AdditionalProperties::Schema(value)) if signature(value) != "any" || !patterns.is_empty() => {
            format!("{} {patterns:?}", signature(value))
        }
        _ if !patterns.is_empty() => format!("{patterns:?}"),
        _ => "any".to_string(),
    }
}

fn diff_schema_files(old: &Spec, new: &Spec, out: &mut Vec<Change>) {
    let files = |spec: &Spec| spec.schema_files.iter().map(|f| f.file.clone()).collect::<BTreeSet<_>>();
    let (old_files, new_files) = (files(old), files(new));
    for file in new_files.difference(&old_files) {
        out.push(change(ChangeKind::TypeAdded, &format!("{file}#"), "schema file", false));
    }
    for file in old_files.difference(&new_files) {
        out.push(change(ChangeKind::TypeRemoved, &format!("{file}#"), "schema file", true));
    }
}

fn diff_event_types(old: &Spec, new: &Spec, out: &mut Vec<Change>) {
    let types = |spec: &Spec| spec.events.iter().flat_map(|e| e.event_types.iter().cloned()).collect::<BTreeSet<_>>();
    let (old_types, new_types) = (types(old), types(new));
    for event_type in new_types.difference(&old_types) {
        out.push(change(ChangeKind::EventTypeAdded, event_type, "event type", false));
    }
    for event_type in old_types.difference(&new_types) {
        out.push(change(ChangeKind::EventTypeRemoved, event_type, "event type", true));
    }
}

/// The diff as Markdown, for a release pull request.
pub fn markdown(diff: &SpecDiff, old: &str, new: &str) -> String {
    let mut out = format!("# Matrix specification {old} → {new}: changes to the generated API\n\n");
    let breaking: Vec<&Change> = diff.structural.iter().filter(|c| c.breaking).collect();
    let compatible: Vec<&Change> = diff.structural.iter().filter(|c| !c.breaking).collect();
    let hint = if breaking.is_empty() { "minor (no breaking change)" } else { "major (breaking changes)" };
    out.push_str(&format!(
        "Semver hint: **{hint}**. {} breaking, {} compatible, {} documentation/example changes.\n",
        breaking.len(),
        compatible.len(),
        diff.documentation.len()
    ));
    for (title, changes) in [("Breaking changes", &breaking), ("Compatible changes", &compatible)] {
        out.push_str(&format!("\n## {title} ({})\n\n", changes.len()));
        for c in changes.iter() {
            out.push_str(&format!("- {:?} `{}`: {}\n", c.kind, c.subject, c.detail));
        }
    }
    out.push_str(&format!("\n## Documentation and examples ({})\n\n", diff.documentation.len()));
    let mut by_kind: BTreeMap<ChangeKind, Vec<&str>> = BTreeMap::new();
    for c in &diff.documentation {
        by_kind.entry(c.kind).or_default().push(&c.subject);
    }
    for (kind, subjects) in by_kind {
        let unique: BTreeSet<&str> = subjects.into_iter().collect();
        out.push_str(&format!(
            "- {kind:?} ({}): {}\n",
            unique.len(),
            unique.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_tree, source::SourceTree};

    fn spec(definition: &str, parameter_required: bool, statuses: &[&str]) -> Spec {
        let responses: String = statuses.iter().map(|s| format!("        \"{s}\": {{description: d}}\n")).collect();
        let doc = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\nservers: [{{url: x, variables: {{basePath: {{default: /b}}}}}}]\n\
             paths:\n  /x:\n    post:\n      operationId: postX\n      parameters:\n        - {{in: query, name: q, required: {parameter_required}, schema: {{type: string}}}}\n\
             \x20     requestBody: {{content: {{application/json: {{schema: {{$ref: definitions/thing.yaml}}}}}}}}\n      responses:\n{responses}"
        );
        let files =
            [("api/client-server/x.yaml", doc.as_str()), ("api/client-server/definitions/thing.yaml", definition)];
        load_tree(&SourceTree::from_texts(files).expect("parses")).expect("loads")
    }

    const BASE: &str =
        "type: object\nrequired: [a]\nproperties:\n  a: {type: string}\n  kind: {type: string, enum: [x, y]}\n";

    fn only(diff: &SpecDiff) -> &Change {
        assert_eq!(diff.structural.len(), 1, "{:#?}", diff.structural);
        &diff.structural[0]
    }

    #[test]
    fn an_optional_field_is_compatible_a_required_one_breaking() {
        let old = spec(BASE, false, &["200"]);
        let optional = spec(&format!("{BASE}  b: {{type: integer}}\n"), false, &["200"]);
        let required =
            spec(&BASE.replace("[a]", "[a, b]").replace("kind:", "b: {type: integer}\n  kind:"), false, &["200"]);
        let added = only(&diff(&old, &optional)).clone();
        assert_eq!((added.kind, added.breaking), (ChangeKind::FieldAdded, false));
        let added = only(&diff(&old, &required)).clone();
        assert_eq!((added.kind, added.breaking), (ChangeKind::FieldAdded, true));
    }

    #[test]
    fn enum_values_statuses_parameters_and_types() {
        let old = spec(BASE, false, &["200"]);
        let value = only(&diff(&old, &spec(&BASE.replace("[x, y]", "[x, y, z]"), false, &["200"]))).clone();
        assert_eq!((value.kind, value.breaking, value.detail.as_str()), (ChangeKind::EnumValueAdded, false, "`z`"));
        let status = only(&diff(&old, &spec(BASE, false, &["200", "429"]))).clone();
        assert_eq!((status.kind, status.breaking), (ChangeKind::StatusAdded, false));
        let param = only(&diff(&old, &spec(BASE, true, &["200"]))).clone();
        assert_eq!((param.kind, param.breaking), (ChangeKind::ParameterRequiredChanged, true));
        let retyped =
            only(&diff(&old, &spec(&BASE.replace("a: {type: string}", "a: {type: integer}"), false, &["200"]))).clone();
        assert_eq!((retyped.kind, retyped.breaking), (ChangeKind::FieldRetyped, true));
        let removed = only(&diff(&spec(BASE, false, &["200", "404"]), &old)).clone();
        assert_eq!((removed.kind, removed.breaking), (ChangeKind::StatusRemoved, true));
    }

    #[test]
    fn documentation_changes_are_kept_apart() {
        let old = spec(BASE, false, &["200"]);
        let new = spec(&format!("description: now documented\n{BASE}"), false, &["200"]);
        let diff = diff(&old, &new);
        assert!(diff.structural.is_empty(), "{:#?}", diff.structural);
        assert_eq!(diff.documentation.len(), 1);
        assert!(!diff.is_breaking());
    }
}
