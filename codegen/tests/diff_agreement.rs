//! `codegen::diff` against an independent structural diff of the raw YAML trees (serde_yaml
//! values and plain set arithmetic, none of the loader's resolution): for the pinned pair of
//! versions they must list the same operations, statuses, parameters, event types, fields and
//! enum values, and every structurally changed file must be explained by the model diff and the
//! other way round.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::diff::{self, ChangeKind};
use codegen::load::model::Spec;
use serde_yaml::Value;

fn data_dir(version: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec-snapshot").join(version).join("data");
    assert!(dir.is_dir(), "{} is missing: run `cargo xtask spec fetch --version {version}` first", dir.display());
    dir
}

/// Every YAML/JSON file of a tree, parsed as plain YAML values.
fn raw_tree(dir: &Path) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("lists") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path.strip_prefix(dir).expect("below").to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("reads");
            out.insert(relative, serde_yaml::from_str(&text).expect("parses"));
        }
    }
    out
}

fn get<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.as_mapping()?.get(Value::String(key.to_string()))
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// A `$ref` in the same file (`#/a/b`) or another (`x.yaml#/a`), followed once.
fn follow<'t>(tree: &'t BTreeMap<String, Value>, file: &str, value: &'t Value) -> &'t Value {
    let Some(reference) = get(value, "$ref").and_then(Value::as_str) else { return value };
    let (path, pointer) = reference.split_once('#').unwrap_or((reference, ""));
    let target_file = if path.is_empty() {
        file.to_string()
    } else {
        let mut parts: Vec<&str> = file.split('/').collect();
        parts.pop();
        for segment in path.split('/') {
            match segment {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                other => parts.push(other),
            }
        }
        parts.join("/")
    };
    let mut node = &tree[&target_file];
    for token in pointer.split('/').filter(|t| !t.is_empty()) {
        node = get(node, &token.replace("~1", "/").replace("~0", "~")).expect("ref target exists");
    }
    node
}

/// The comparable facts of a raw tree, as strings.
fn facts(tree: &BTreeMap<String, Value>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (file, root) in tree {
        if let Some(paths) = get(root, "paths").and_then(Value::as_mapping) {
            let api = file.split('/').nth(1).unwrap_or_default();
            for (_path, item) in paths {
                for (_method, op) in item.as_mapping().into_iter().flatten() {
                    let Some(id) = get(op, "operationId").and_then(Value::as_str) else { continue };
                    let subject = format!("{api}/{id}");
                    out.insert(format!("operation {subject}"));
                    for status in
                        get(op, "responses").and_then(Value::as_mapping).into_iter().flatten().map(|(k, _)| key_text(k))
                    {
                        out.insert(format!("status {subject} {status}"));
                    }
                    let params = get(item, "parameters").into_iter().chain(get(op, "parameters"));
                    for param in params.filter_map(Value::as_sequence).flatten() {
                        let param = follow(tree, file, param);
                        let name = get(param, "name").and_then(Value::as_str).unwrap_or_default();
                        let place = get(param, "in").and_then(Value::as_str).unwrap_or_default();
                        let required =
                            get(param, "required").and_then(Value::as_bool).unwrap_or(false) || place == "path";
                        out.insert(format!("parameter {subject} {place} {name} required={required}"));
                    }
                }
            }
        }
        if file.starts_with("event-schemas/schema/") && !file["event-schemas/schema/".len()..].contains('/') {
            let types = get(root, "properties").and_then(|p| get(p, "type")).and_then(|t| get(t, "enum"));
            for event_type in types.and_then(Value::as_sequence).into_iter().flatten().filter_map(Value::as_str) {
                out.insert(format!("event-type {event_type}"));
            }
        }
        let is_definition =
            file.contains("/definitions/") || file.starts_with("schemas/") || file.starts_with("event-schemas/schema/");
        if is_definition && get(root, "allOf").is_none() && get(root, "$ref").is_none() {
            let required: BTreeSet<&str> = get(root, "required")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            for (name, property) in get(root, "properties").and_then(Value::as_mapping).into_iter().flatten() {
                let name = key_text(name);
                out.insert(format!("field {file}# {name} required={}", required.contains(name.as_str())));
                for value in
                    get(property, "enum").and_then(Value::as_sequence).into_iter().flatten().filter_map(Value::as_str)
                {
                    out.insert(format!("enum {file}#/properties/{name} {value}"));
                }
            }
        }
    }
    out
}

/// The same facts' changes, as the model diff reports them.
fn model_changes(
    diff: &diff::SpecDiff,
    old: &Spec,
    new: &Spec,
    scoped: &BTreeSet<String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let api_dir = |subject: &str| {
        let (api, id) = subject.split_once('/').unwrap_or_default();
        let dir = match api {
            "ClientServer" => "client-server",
            "ServerServer" => "server-server",
            "ApplicationService" => "application-service",
            "Identity" => "identity",
            _ => "push-gateway",
        };
        format!("{dir}/{id}")
    };
    let required_of = |spec: &Spec, subject: &str, detail: &str| {
        let op = spec
            .documents
            .iter()
            .flat_map(|d| &d.operations)
            .find(|o| format!("{:?}/{}", o.api, o.operation_id) == subject)?;
        let name = detail.split('`').nth(1)?;
        op.parameters
            .iter()
            .find(|p| p.name == name)
            .map(|p| (format!("{:?}", p.location).to_lowercase(), name.to_string(), p.required))
    };
    let (mut added, mut removed) = (BTreeSet::new(), BTreeSet::new());
    for change in &diff.structural {
        let subject = &change.subject;
        match change.kind {
            ChangeKind::OperationAdded => drop(added.insert(format!("operation {}", api_dir(subject)))),
            ChangeKind::OperationRemoved => drop(removed.insert(format!("operation {}", api_dir(subject)))),
            ChangeKind::StatusAdded => drop(added.insert(format!("status {} {}", api_dir(subject), change.detail))),
            ChangeKind::StatusRemoved => drop(removed.insert(format!("status {} {}", api_dir(subject), change.detail))),
            ChangeKind::TypeAdded | ChangeKind::TypeRemoved if scoped.contains(subject) => {
                let (spec, into) =
                    if change.kind == ChangeKind::TypeAdded { (new, &mut added) } else { (old, &mut removed) };
                let file = spec.schema_files.iter().find(|f| format!("{}#", f.file) == *subject).expect("the file");
                for (name, property) in &file.schema.properties {
                    into.insert(format!("field {subject} {name} required={}", file.schema.required.contains(name)));
                    for value in property.enum_values.iter().filter_map(|v| v.as_str()) {
                        into.insert(format!("enum {subject}/properties/{name} {value}"));
                    }
                }
            }
            ChangeKind::EventTypeAdded => drop(added.insert(format!("event-type {subject}"))),
            ChangeKind::EventTypeRemoved => drop(removed.insert(format!("event-type {subject}"))),
            ChangeKind::ParameterAdded | ChangeKind::ParameterRemoved | ChangeKind::ParameterRequiredChanged => {
                let line = |(place, name, required): (String, String, bool)| {
                    format!("parameter {} {place} {name} required={required}", api_dir(subject))
                };
                if let Some(fact) = required_of(new, subject, &change.detail) {
                    added.insert(line(fact));
                }
                if let Some(fact) = required_of(old, subject, &change.detail) {
                    removed.insert(line(fact));
                }
            }
            ChangeKind::FieldAdded | ChangeKind::FieldRemoved | ChangeKind::FieldRequiredChanged
                if scoped.contains(subject) =>
            {
                let name = change.detail.split('`').nth(1).unwrap_or_default();
                let find = |spec: &Spec| {
                    let file = spec.schema_files.iter().find(|f| format!("{}#", f.file) == *subject)?;
                    file.schema.properties.contains_key(name).then(|| file.schema.required.iter().any(|r| r == name))
                };
                if let Some(required) = find(new) {
                    added.insert(format!("field {subject} {name} required={required}"));
                }
                if let Some(required) = find(old) {
                    removed.insert(format!("field {subject} {name} required={required}"));
                }
            }
            ChangeKind::EnumValueAdded | ChangeKind::EnumValueRemoved => {
                let value = change.detail.trim_matches('`');
                let fact = format!("enum {subject} {value}");
                let in_scope = subject
                    .split_once("#/properties/")
                    .is_some_and(|(file, rest)| scoped.contains(&format!("{file}#")) && !rest.contains('/'));
                if in_scope {
                    if change.kind == ChangeKind::EnumValueAdded {
                        added.insert(fact);
                    } else {
                        removed.insert(fact);
                    }
                }
            }
            _ => {}
        }
    }
    (added, removed)
}

#[test]
fn the_model_diff_agrees_with_a_raw_structural_diff() {
    let (old_version, new_version) = ("v1.16", "v1.17");
    let (old_raw, new_raw) = (raw_tree(&data_dir(old_version)), raw_tree(&data_dir(new_version)));
    let (old_facts, new_facts) = (facts(&old_raw), facts(&new_raw));
    let raw_added: BTreeSet<String> = new_facts.difference(&old_facts).cloned().collect();
    let raw_removed: BTreeSet<String> = old_facts.difference(&new_facts).cloned().collect();
    let load = |version| codegen::load::load_spec(&data_dir(version)).expect("loads");
    let (old, new) = (load(old_version), load(new_version));
    let model_diff = diff::diff(&old, &new);
    let scoped: BTreeSet<String> = new_facts
        .iter()
        .chain(&old_facts)
        .filter_map(|f| {
            f.strip_prefix("field ").and_then(|rest| rest.split_once(' ')).map(|(subject, _)| subject.to_string())
        })
        .collect();
    let (model_added, model_removed) = model_changes(&model_diff, &old, &new, &scoped);
    println!(
        "raw diff: {} facts added, {} removed; model diff: {} structural changes",
        raw_added.len(),
        raw_removed.len(),
        model_diff.structural.len()
    );
    for fact in &raw_added {
        println!("  raw + {fact}");
    }
    for fact in &raw_removed {
        println!("  raw - {fact}");
    }
    assert_eq!(model_added, raw_added, "facts added");
    assert_eq!(model_removed, raw_removed, "facts removed");

    // Every file whose structure (all but descriptions, titles and examples) changed is
    // explained by a model change in it, and every model change is in such a file.
    let raw_changed: BTreeSet<String> = new_raw
        .keys()
        .chain(old_raw.keys())
        .filter(|file| !file.contains("/examples/"))
        .filter(|file| old_raw.get(*file).map(structure) != new_raw.get(*file).map(structure))
        .cloned()
        .collect();
    let op_file = |subject: &str| {
        [&new, &old].iter().find_map(|spec| {
            spec.documents
                .iter()
                .find(|d| d.operations.iter().any(|o| format!("{:?}/{}", o.api, o.operation_id) == subject))
                .map(|d| d.file.clone())
        })
    };
    let model_files: BTreeSet<String> = model_diff
        .structural
        .iter()
        .filter_map(|c| match c.subject.split_once('#') {
            Some((file, _)) => Some(file.to_string()),
            None => op_file(&c.subject),
        })
        .collect();
    println!("structurally changed files: raw {raw_changed:?}, model {model_files:?}");
    assert_eq!(model_files, raw_changed, "files with structural changes");
}

/// A file's value without the keys that only document (descriptions, titles, examples, version
/// notes).
fn structure(value: &Value) -> Value {
    const DOC_KEYS: &[&str] = &[
        "description",
        "summary",
        "title",
        "example",
        "examples",
        "x-changedInMatrixVersion",
        "x-addedInMatrixVersion",
    ];
    match value {
        Value::Mapping(map) => Value::Mapping(
            map.iter()
                .filter(|(k, _)| !k.as_str().is_some_and(|k| DOC_KEYS.contains(&k)))
                .map(|(k, v)| (k.clone(), structure(v)))
                .collect(),
        ),
        Value::Sequence(items) => Value::Sequence(items.iter().map(structure).collect()),
        other => other.clone(),
    }
}
