//! Shapes over the IR of the pinned target: the prose-only shapes (signatures maps,
//! `EncryptedFile`, the JSON `filter` parameters), the documentation of each event content
//! type, the names the spec's titles give, and every place left a bare JSON object, each with
//! the reason the overrides list.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use codegen::ir::overrides::{open_object_reason, OPEN_OBJECTS};
use codegen::ir::{Ir, ModulePath, TypeDef, TypeKind, TypeRef};
use serde_json::Value;
use support::{pinned_ir, pinned_spec_dir};

/// Every type definition with its module (an operation's types in the operation's module).
fn defs(ir: &Ir) -> Vec<(ModulePath, &TypeDef)> {
    let mut out = Vec::new();
    for (path, module) in &ir.modules {
        out.extend(module.types.iter().map(|def| (path.clone(), def)));
        for op in &module.operations {
            let mut op_path = path.clone();
            op_path.push(op.module.clone());
            out.extend(op.types.iter().map(|def| (op_path.clone(), def)));
        }
    }
    out
}

/// One use of a type: where (the spec place, `file#pointer`, or an operation's parameter or
/// body), in Rust words, and the type.
struct Use {
    place: String,
    rust: String,
    ty: TypeRef,
}

/// Every use of a type in the IR: struct fields, map values of structs, union variants,
/// aliases, family fallbacks, parameters and bodies.
fn uses(ir: &Ir) -> Vec<Use> {
    let mut out = Vec::new();
    for (module, def) in defs(ir) {
        let rust = format!("{}::{}", module.join("::"), def.name);
        match &def.kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    let escaped = field.wire_name.replace('~', "~0").replace('/', "~1");
                    out.push(Use {
                        place: format!("{}/properties/{escaped}", def.source),
                        rust: format!("{rust}.{}", field.rust_name),
                        ty: field.ty.clone(),
                    });
                }
                if !matches!(s.extra, TypeRef::JsonValue) {
                    let place = format!("{}/additionalProperties", def.source);
                    out.push(Use { place, rust: format!("{rust}.extra"), ty: s.extra.clone() });
                }
            }
            TypeKind::Union(u) => {
                for variant in &u.variants {
                    let rust = format!("{rust}::{}", variant.rust_name);
                    out.push(Use { place: def.source.clone(), rust, ty: variant.ty.clone() });
                }
            }
            // A body alias (`Response200`, placed by its operation) is the body, listed below.
            TypeKind::Alias(_) if !def.source.contains('#') => {}
            TypeKind::Alias(ty) => out.push(Use { place: def.source.clone(), rust, ty: ty.clone() }),
            TypeKind::ContentFamily(family) => {
                out.push(Use { place: def.source.clone(), rust: format!("{rust}::Other"), ty: family.fallback.clone() })
            }
            TypeKind::Enum(_) | TypeKind::EventEnum(_) => {}
        }
    }
    for (path, module) in &ir.modules {
        for op in &module.operations {
            let rust = format!("{}::{}", path.join("::"), op.module);
            for param in &op.params {
                out.push(Use {
                    place: format!("{}#{} parameter {}", module.source_file, op.operation_id, param.wire_name),
                    rust: format!("{rust}::Request.{}", param.rust_name),
                    ty: param.ty.clone(),
                });
            }
            let bodies = op.body.iter().map(|b| ("request".to_string(), b)).chain(
                op.responses.iter().filter_map(|r| r.body.as_ref().map(|b| (format!("response {}", r.status), b))),
            );
            for (what, body) in bodies {
                out.push(Use {
                    place: format!("{}#{} {what}", module.source_file, op.operation_id),
                    rust: format!("{rust} {what} body"),
                    ty: body.ty.clone(),
                });
            }
        }
    }
    out
}

/// Whether `ty` is or holds (in lists, options, boxes, maps, tuples, type arguments) `want`.
fn holds(ty: &TypeRef, want: &dyn Fn(&TypeRef) -> bool) -> bool {
    if want(ty) {
        return true;
    }
    match ty {
        TypeRef::Vec(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) | TypeRef::EventList(inner) => {
            holds(inner, want)
        }
        TypeRef::Map(key, value) => holds(key, want) || holds(value, want),
        TypeRef::Tuple(items) | TypeRef::Generic(_, items) | TypeRef::RuntimeGeneric(_, items) => {
            items.iter().any(|item| holds(item, want))
        }
        _ => false,
    }
}

#[test]
fn signatures_are_typed_maps() {
    let ir = pinned_ir();
    let signatures: Vec<Use> = uses(&ir).into_iter().filter(|u| u.place.ends_with("/properties/signatures")).collect();
    let mut typed = BTreeMap::<String, usize>::new();
    let mut untyped = Vec::new();
    for place in &signatures {
        let signature_map = |ty: &TypeRef| match ty {
            TypeRef::Map(entity, by_key) => match (&**entity, &**by_key) {
                (TypeRef::Identifier(entity), TypeRef::Map(key, value)) => {
                    (**key == TypeRef::Identifier("KeyId") && **value == TypeRef::String).then_some(*entity)
                }
                _ => None,
            },
            _ => None,
        };
        let ty = match &place.ty {
            TypeRef::Nullable(inner) => inner,
            other => other,
        };
        match signature_map(ty) {
            Some(entity) => *typed.entry(entity.to_string()).or_default() += 1,
            None => untyped.push(format!("{} ({}): {:?}", place.rust, place.place, place.ty)),
        }
    }
    let total: usize = typed.values().sum();
    let by_entity: Vec<String> = typed.iter().map(|(entity, n)| format!("{n} by {entity}")).collect();
    println!("signatures maps: {total} typed of {} ({})", signatures.len(), by_entity.join(", "));
    for place in &untyped {
        println!("  UNTYPED {place}");
    }
    assert!(untyped.is_empty(), "{} `signatures` objects are not typed entity -> key ID -> signature", untyped.len());
    assert!(total >= 20, "v1.17 has signatures on PDUs, keys, devices, cross-signing and invites: {total}");
    assert!(typed.contains_key("ServerName") && typed.contains_key("UserId"));
}

#[test]
fn encrypted_files_are_typed() {
    let ir = pinned_ir();
    let all = uses(&ir);
    let files: Vec<&Use> = all
        .iter()
        .filter(|u| u.place.ends_with("/properties/file") || u.place.ends_with("/properties/thumbnail_file"))
        .collect();
    let typed = files.iter().filter(|u| holds(&u.ty, &|t| *t == TypeRef::Runtime("crate::EncryptedFile"))).count();
    for place in files.iter().filter(|u| !holds(&u.ty, &|t| *t == TypeRef::Runtime("crate::EncryptedFile"))) {
        println!("  UNTYPED {} ({})", place.rust, place.place);
    }
    println!("EncryptedFile places: {typed} typed of {}", files.len());
    assert_eq!(typed, files.len(), "every `file` and `thumbnail_file` is an EncryptedFile");
    assert!(typed >= 8, "the file msgtypes (file, image, audio, video) and the image/thumbnail infos: {typed}");
}

#[test]
fn json_filter_parameters_are_typed() {
    let ir = pinned_ir();
    let mut found = Vec::new();
    for module in ir.modules.values() {
        for op in &module.operations {
            for param in op.params.iter().filter(|p| p.wire_name == "filter") {
                found.push((op.operation_id.clone(), param.ty.clone()));
            }
        }
    }
    for (op, ty) in &found {
        println!("  filter of {op}: {ty:?}");
    }
    let named = |op: &str| found.iter().find(|(o, _)| o == op).map(|(_, ty)| ty.clone());
    let generic = |ty: Option<TypeRef>| match ty {
        Some(TypeRef::RuntimeGeneric(path, args)) => match args.as_slice() {
            [TypeRef::Named(named)] => Some((path, named.name.clone())),
            _ => None,
        },
        _ => None,
    };
    assert_eq!(generic(named("sync")), Some(("crate::FilterParam", "SyncFilter".to_string())));
    assert_eq!(generic(named("getRoomEvents")), Some(("crate::JsonParam", "RoomEventFilter".to_string())));
    assert_eq!(generic(named("getEventContext")), Some(("crate::JsonParam", "RoomEventFilter".to_string())));
    let strings: Vec<&String> = found.iter().filter(|(_, ty)| *ty == TypeRef::String).map(|(op, _)| op).collect();
    println!("filter query parameters: {} typed of {}", found.len() - strings.len(), found.len());
    assert!(strings.is_empty(), "a `filter` query parameter is still a string: {strings:?}");
}

#[test]
fn event_contents_have_their_own_docs() {
    let (dir, _) = pinned_spec_dir();
    let core = std::fs::read_to_string(dir.join("event-schemas/schema/core-event-schema/event.yaml")).expect("reads");
    // The first words of the core schema's generic description of `content`.
    let generic_start = "The fields in this object will vary depending on the type of event";
    assert!(core.contains(generic_start), "the core schema still says so");
    let ir = pinned_ir();
    let contents: Vec<(ModulePath, &TypeDef)> = defs(&ir).into_iter().filter(|(_, def)| def.event.is_some()).collect();
    let generic: Vec<String> = contents
        .iter()
        .filter(|(_, def)| def.doc.contains(generic_start) || !def.doc.starts_with("The content of "))
        .map(|(module, def)| format!("{}::{}", module.join("::"), def.name))
        .collect();
    for name in &generic {
        println!("  GENERIC {name}");
    }
    println!("event content types: {}, documented with the generic description: {}", contents.len(), generic.len());
    assert!(contents.len() >= 69, "v1.17 has 69 event content types: {}", contents.len());
    assert!(generic.is_empty());
    let text = contents.iter().find(|(_, def)| def.name == "RoomMessageMTextEventContent").expect("m.text content");
    assert!(
        text.1.doc.starts_with("The content of an `m.room.message` event with `msgtype` `m.text`."),
        "{}",
        text.1.doc
    );
}

/// The raw node at `file#pointer` of the spec's files.
fn raw_node<'v>(files: &'v BTreeMap<String, Value>, place: &str) -> Option<&'v Value> {
    let (file, pointer) = place.split_once('#')?;
    files.get(file)?.pointer(pointer)
}

#[test]
fn titled_types_use_their_titles() {
    let (dir, _) = pinned_spec_dir();
    let tree = codegen::load::source::SourceTree::read(&dir).expect("the pinned spec reads");
    let files: BTreeMap<String, Value> = tree.files.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let ir = pinned_ir();
    let all = defs(&ir);
    let names: BTreeSet<(ModulePath, String)> = all.iter().map(|(m, d)| (m.clone(), d.name.clone())).collect();
    // Types named from their JSON path: not a file root, a named component, an event content
    // or an operation body (those are named by their place), and not generated for a place of
    // the generator's own (`#event`, `#content`).
    let path_built = |def: &TypeDef| {
        let Some((file, pointer)) = def.source.split_once('#') else { return false };
        let segments = pointer.split('/').count();
        let body_name = def.name == "RequestBody"
            || def
                .name
                .strip_prefix("Response")
                .is_some_and(|code| !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()));
        !(body_name
            || pointer.is_empty()
            || !pointer.starts_with('/')
            || (segments == 4 && pointer.starts_with("/components/schemas/"))
            || (file.starts_with("event-schemas/") && pointer == "/properties/content"))
    };
    let mut by_title: BTreeMap<(ModulePath, String), Vec<&TypeDef>> = BTreeMap::new();
    for (module, def) in &all {
        let title = raw_node(&files, &def.source).and_then(|node| node.get("title")).and_then(Value::as_str);
        if let Some(name) = title.and_then(codegen::ir::titles::title_name) {
            if path_built(def) {
                by_title.entry((module.clone(), name)).or_default().push(*def);
            }
        }
    }
    let mut missed = Vec::new();
    let mut titled = 0;
    for ((module, title_name), users) in &by_title {
        let [def] = users.as_slice() else { continue };
        if def.name == *title_name {
            titled += 1;
        } else if !names.contains(&(module.clone(), title_name.clone())) {
            missed.push(format!("{}::{} (title {title_name})", module.join("::"), def.name));
        }
    }
    for name in &missed {
        println!("  PATH-BUILT {name}");
    }
    let longest = all.iter().map(|(_, d)| d.name.as_str()).max_by_key(|n| n.len()).unwrap_or("");
    println!("path-built names where a unique title exists: {}; named from their titles: {titled}", missed.len());
    println!("longest type name: {longest} ({} characters)", longest.len());
    assert!(titled >= 100, "most titled inner schemas are named from their titles: {titled}");
    assert!(missed.is_empty());
    let m_prefixed: Vec<&str> = all
        .iter()
        .map(|(_, d)| d.name.as_str())
        .filter(|n| n.len() > 1 && n.starts_with('M') && n[1..].starts_with(|c: char| c.is_ascii_uppercase()))
        .collect();
    println!("type names with an `M` prefix: {} {m_prefixed:?}", m_prefixed.len());
    assert!(m_prefixed.is_empty());
}

#[test]
fn json_objects_are_listed_with_reasons() {
    let ir = pinned_ir();
    let mut listed = Vec::new();
    let mut unlisted = Vec::new();
    for place in uses(&ir) {
        if !holds(&place.ty, &|t| *t == TypeRef::JsonObject) {
            continue;
        }
        match open_object_reason(&place.place) {
            Some(reason) => listed.push(format!("{} ({}): {reason}", place.rust, place.place)),
            None => unlisted.push(format!("{} ({})", place.rust, place.place)),
        }
    }
    println!(
        "JsonObject places: {} ({} listed with a reason, {} unlisted)",
        listed.len() + unlisted.len(),
        listed.len(),
        unlisted.len()
    );
    for place in &listed {
        println!("  OPEN {place}");
    }
    for place in &unlisted {
        println!("  UNLISTED {place}");
    }
    assert!(unlisted.is_empty(), "{} JsonObject places have no reason in OPEN_OBJECTS", unlisted.len());
    let stale: Vec<&str> = OPEN_OBJECTS
        .iter()
        .map(|(at, _)| *at)
        .filter(|at| !listed.iter().any(|place| place.contains(&format!("({at}"))))
        .collect();
    assert!(stale.is_empty(), "OPEN_OBJECTS entries that match no JsonObject place (remove them): {stale:?}");
}
