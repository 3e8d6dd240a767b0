//! Explicit `null`s are lossless: every generated struct, given an input with `null` in every
//! optional (and nullable) field, writes back the same JSON, the `null`s included. Servers send
//! `"avatar_url": null` where the spec says `string`; dropping the key would change a signed
//! event.

mod common;

use std::collections::BTreeMap;

use codegen::ir::{Ir, Presence, StructDef, TypeDef, TypeKind, TypeRef};
use generated_api::generated::registry::STRUCTS;
use serde_json::{json, Map, Value};

/// Every generated type by `{module::path}::{Name}`, the key of the registry's `STRUCTS`.
fn types_by_key(ir: &Ir) -> BTreeMap<String, &TypeDef> {
    let mut out = BTreeMap::new();
    for (path, module) in &ir.modules {
        for def in &module.types {
            out.insert(format!("{}::{}", path.join("::"), def.name), def);
        }
        for op in &module.operations {
            for def in &op.types {
                out.insert(format!("{}::{}::{}", path.join("::"), op.module, def.name), def);
            }
        }
    }
    out
}

/// A small valid value of `ty`: required fields filled in, optional ones left out.
fn value_of(ty: &TypeRef, types: &BTreeMap<String, &TypeDef>, content: &Value) -> Value {
    match ty {
        TypeRef::String => json!("x"),
        TypeRef::Bool => json!(false),
        TypeRef::Integer | TypeRef::Number => json!(1),
        TypeRef::JsonValue | TypeRef::JsonObject | TypeRef::EventList(_) => json!({}),
        TypeRef::Bytes => json!("bytes"),
        TypeRef::Identifier(name) => json!(codegen::ir::overrides::identifier_sample(name)),
        TypeRef::Runtime(path) if path.ends_with("MatrixError") => json!({"errcode": "M_UNKNOWN"}),
        TypeRef::Runtime(path) if path.ends_with("EncryptedFile") => json!({
            "url": "mxc://example.org/file",
            "key": {"kty": "oct", "key_ops": ["encrypt", "decrypt"], "alg": "A256CTR", "k": "a2V5", "ext": true},
            "iv": "aXY", "hashes": {"sha256": "aGFzaA"}, "v": "v2"
        }),
        TypeRef::Runtime(_) => json!({}),
        // The JSON query wrappers (`FilterParam`, `JsonParam`): the JSON text of an empty object.
        TypeRef::RuntimeGeneric(..) => json!("{}"),
        TypeRef::Vec(_) => json!([]),
        TypeRef::Map(..) => json!({}),
        TypeRef::Tuple(items) => Value::Array(items.iter().map(|t| value_of(t, types, content)).collect()),
        TypeRef::Nullable(_) => Value::Null,
        TypeRef::Boxed(inner) => value_of(inner, types, content),
        TypeRef::ContentParam => content.clone(),
        TypeRef::Named(named) | TypeRef::Generic(named, _) => {
            let key = format!("{}::{}", named.module.join("::"), named.name);
            let Some(def) = types.get(&key) else { return json!({}) };
            let content = match ty {
                TypeRef::Generic(_, args) => args.first().map_or(json!({}), |a| value_of(a, types, &json!({}))),
                _ => json!({}),
            };
            named_value(def, types, &content)
        }
    }
}

fn named_value(def: &TypeDef, types: &BTreeMap<String, &TypeDef>, content: &Value) -> Value {
    match &def.kind {
        TypeKind::Struct(s) => Value::Object(required_fields(s, types, content)),
        TypeKind::Enum(values) => values.first().map_or(json!("x"), |v| json!(v.wire)),
        TypeKind::Union(u) => u.variants.first().map_or(json!({}), |v| value_of(&v.ty, types, content)),
        TypeKind::Alias(target) => value_of(target, types, content),
        TypeKind::ContentFamily(family) => value_of(&family.fallback, types, content),
        TypeKind::EventEnum(_) => json!({"type": "org.example.custom", "content": {}}),
    }
}

fn required_fields(s: &StructDef, types: &BTreeMap<String, &TypeDef>, content: &Value) -> Map<String, Value> {
    // A tag (`msgtype: m.text`) is required too: the type writes it on encode.
    let tags = s.tags.iter().map(|tag| (tag.wire_name.clone(), Value::from(tag.value.clone())));
    tags.chain(
        s.fields
            .iter()
            .filter(|f| f.presence == Presence::Required)
            .map(|f| (f.wire_name.clone(), value_of(&f.ty, types, content))),
    )
    .collect()
}

/// The struct's required fields, and `null` in every other field.
fn with_nulls(s: &StructDef, types: &BTreeMap<String, &TypeDef>) -> (Value, usize) {
    let mut object = required_fields(s, types, &json!({}));
    let mut nulls = 0;
    for field in s.fields.iter().filter(|f| f.presence != Presence::Required) {
        object.insert(field.wire_name.clone(), Value::Null);
        nulls += 1;
    }
    (Value::Object(object), nulls)
}

#[test]
fn every_struct_writes_back_the_nulls_it_was_given() {
    let spec = common::spec();
    let ir = codegen::ir::build(&spec, "test").expect("IR");
    let types = types_by_key(&ir);
    let (mut passed, mut failed, mut nulls) = (0, Vec::new(), 0);
    for (key, round_trip) in STRUCTS {
        let Some(TypeKind::Struct(s)) = types.get(*key).map(|d| &d.kind) else {
            failed.push(format!("{key}: not a struct of the IR"));
            continue;
        };
        let (input, count) = with_nulls(s, &types);
        nulls += count;
        match round_trip(&input.to_string()) {
            Ok(back) if back == input => passed += 1,
            Ok(back) => failed.push(format!("{key}: {input} came back as {back}")),
            Err(error) => failed.push(format!("{key}: {input} does not decode: {error}")),
        }
    }
    for failure in &failed {
        println!("  FAILED {failure}");
    }
    println!("nulls: {passed} passed, {} failed ({} structs, {nulls} null fields)", failed.len(), STRUCTS.len());
    assert!(STRUCTS.len() > 500, "every struct is in the registry: {}", STRUCTS.len());
    assert!(failed.is_empty());
}
