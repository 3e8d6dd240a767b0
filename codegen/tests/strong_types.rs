//! Strong types over the IR of the pinned target: every field and parameter whose name says it
//! holds a Matrix identifier (room, event, user, device, transaction IDs, server names, aliases,
//! media URIs) has an identifier type, except the places the overrides list with their reasons;
//! maps the spec keys by identifiers have identifier keys; and the spec's doc-only `allOf`
//! wrappers are the type they wrap, not copies of it.

mod support;

use std::path::PathBuf;

use codegen::ir::overrides::{IDENTIFIER_NAMES, IDENTIFIER_NAME_EXCEPTIONS};
use codegen::ir::{Ir, TypeKind, TypeRef};
use serde_json::Value;
use support::{pinned_ir, pinned_spec_dir};


/// One field or parameter: where (in Rust, and the spec place it comes from), its wire name
/// and type.
struct Place {
    at: String,
    location: String,
    name: String,
    ty: TypeRef,
}

fn places(ir: &Ir) -> Vec<Place> {
    let mut out = Vec::new();
    for (path, module) in &ir.modules {
        let defs = module.types.iter().chain(module.operations.iter().flat_map(|op| op.types.iter()));
        for def in defs {
            let TypeKind::Struct(s) = &def.kind else { continue };
            for field in &s.fields {
                out.push(Place {
                    at: format!("{}::{}.{}", path.join("::"), def.name, field.wire_name),
                    location: def.source.clone(),
                    name: field.wire_name.clone(),
                    ty: field.ty.clone(),
                });
            }
        }
        for op in &module.operations {
            for param in &op.params {
                out.push(Place {
                    at: format!("{} {} ({}) parameter {}", op.method, op.path, op.operation_id, param.wire_name),
                    location: format!("{}#", module.source_file),
                    name: param.wire_name.clone(),
                    ty: param.ty.clone(),
                });
            }
        }
    }
    out
}

/// The type inside lists, `Option`s and boxes.
fn item(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Vec(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => item(inner),
        other => other,
    }
}

/// Whether the schema there is text, so an identifier type could hold it.
fn is_text(ty: &TypeRef) -> bool {
    matches!(item(ty), TypeRef::String | TypeRef::Identifier(_))
}

#[test]
fn identifier_fields_are_typed() {
    let ir = pinned_ir();
    let id_names: Vec<&str> = IDENTIFIER_NAMES.iter().flat_map(|rule| rule.names.iter().copied()).collect();
    let mut typed = 0;
    let mut excepted = Vec::new();
    let mut untyped = Vec::new();
    let candidates: Vec<Place> =
        places(&ir).into_iter().filter(|p| id_names.contains(&p.name.as_str()) && is_text(&p.ty)).collect();
    for place in &candidates {
        if matches!(item(&place.ty), TypeRef::Identifier(_)) {
            typed += 1;
        } else if let Some((_, _, reason)) =
            IDENTIFIER_NAME_EXCEPTIONS.iter().find(|(at, name, _)| *name == place.name && place.location.starts_with(at))
        {
            excepted.push(format!("{}: {reason}", place.at));
        } else {
            untyped.push(place.at.clone());
        }
    }
    let total = candidates.len();
    println!("identifier fields: {typed} typed of {total} ({:.1} %)", 100.0 * typed as f64 / total.max(1) as f64);
    for exception in &excepted {
        println!("  EXCEPTION {exception}");
    }
    for place in &untyped {
        println!("  UNTYPED {place}");
    }
    for name in ["room_id", "roomId", "event_id", "eventId", "sender", "user_id", "userId", "device_id", "txnId", "origin"] {
        assert!(candidates.iter().any(|p| p.name == name), "the count covers `{name}`");
    }
    assert!(untyped.is_empty(), "{} identifier fields are untyped without a listed reason", untyped.len());
    assert!(typed * 100 >= total * 95, "at least 95 % typed: {typed} of {total}");
}

#[test]
fn maps_keyed_by_identifiers_have_identifier_keys() {
    let ir = pinned_ir();
    let mut string_keyed = Vec::new();
    let mut identifier_keyed = 0;
    for place in places(&ir) {
        let mut ty = &place.ty;
        while let TypeRef::Nullable(inner) | TypeRef::Vec(inner) = ty {
            ty = inner;
        }
        if let TypeRef::Map(key, _) = ty {
            match &**key {
                TypeRef::Identifier(_) => identifier_keyed += 1,
                _ => string_keyed.push(place.at),
            }
        }
    }
    println!("maps keyed by identifiers (x-pattern-format): {identifier_keyed} typed");
    assert!(identifier_keyed >= 40, "v1.17 keys 40 distinct maps by identifiers (x-pattern-format): {identifier_keyed}");
}

/// The places (`file#pointer`) of `allOf: [{$ref: X}]` with nothing but documentation beside it.
fn doc_only_wrappers(file: &str, pointer: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let single_ref = match map.get("allOf") {
                Some(Value::Array(parts)) => parts.len() == 1 && parts[0].get("$ref").is_some(),
                _ => false,
            };
            let doc_only = map.keys().all(|k| {
                matches!(k.as_str(), "allOf" | "title" | "description" | "example" | "examples" | "deprecated")
                    || k.starts_with("x-")
            });
            if single_ref && doc_only {
                out.push(format!("{file}#{pointer}"));
            }
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                doc_only_wrappers(file, &format!("{pointer}/{escaped}"), child, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                doc_only_wrappers(file, &format!("{pointer}/{index}"), item, out);
            }
        }
        _ => {}
    }
}

#[test]
fn doc_only_all_of_wrappers_are_the_type_they_wrap() {
    let (dir, _) = pinned_spec_dir();
    let tree = codegen::load::source::SourceTree::read(&dir).expect("the pinned spec reads");
    let mut wrappers = Vec::new();
    for (file, value) in &tree.files {
        doc_only_wrappers(file, "", value, &mut wrappers);
    }
    let ir = pinned_ir();
    let defined: Vec<&str> = ir
        .modules
        .values()
        .flat_map(|m| m.types.iter().chain(m.operations.iter().flat_map(|op| op.types.iter())))
        .map(|def| def.source.as_str())
        .collect();
    let copies: Vec<&String> = wrappers.iter().filter(|w| defined.contains(&w.as_str())).collect();
    for copy in &copies {
        println!("  COPY {copy}");
    }
    println!("doc-only allOf wrappers: {} in the spec, {} generated as copies", wrappers.len(), copies.len());
    assert!(wrappers.len() >= 30, "the spec uses the idiom: {}", wrappers.len());
    assert!(copies.is_empty());
}

/// Every type of an IR by the spec place it comes from, as `module::Name`.
fn names_by_place(ir: &Ir) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for (path, module) in &ir.modules {
        for def in &module.types {
            out.insert(def.source.clone(), format!("{}::{}", path.join("::"), def.name));
        }
        for op in &module.operations {
            for def in &op.types {
                // A body alias has no schema place of its own: its name (`Response201`) is its place.
                let place = if def.source == op.operation_id { &def.name } else { &def.source };
                let name = format!("{}::{}::{}", path.join("::"), op.module, def.name);
                out.insert(format!("{} {place}", op.operation_id), name);
            }
        }
    }
    out
}

#[test]
fn type_names_are_stable_across_spec_versions() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec-snapshot");
    let ir_of = |version: &str| {
        let dir = root.join(version).join("data");
        assert!(dir.is_dir(), "{} is missing: run `cargo xtask spec fetch --version {version}`", dir.display());
        let spec = codegen::load::load_spec(&dir).unwrap_or_else(|e| panic!("{version}: {e}"));
        codegen::ir::build(&spec, version).unwrap_or_else(|e| panic!("{version}: {e}"))
    };
    let (old, new) = (names_by_place(&ir_of("v1.16")), names_by_place(&ir_of("v1.17")));
    let changed: Vec<String> = old
        .iter()
        .filter_map(|(place, name)| new.get(place).filter(|n| *n != name).map(|n| format!("{place}: {name} -> {n}")))
        .collect();
    let shared = old.keys().filter(|place| new.contains_key(*place)).count();
    for change in &changed {
        println!("  RENAMED {change}");
    }
    let longest = new.values().map(|n| n.rsplit("::").next().unwrap_or(n)).max_by_key(|n| n.len()).unwrap_or("");
    println!("type names v1.16 -> v1.17: {shared} places in both, {} renamed; longest name: {longest} ({} characters)", changed.len(), longest.len());
    assert!(shared > 400, "most places are in both versions: {shared}");
    assert!(changed.is_empty(), "{} types renamed although their schema place did not change", changed.len());
}
