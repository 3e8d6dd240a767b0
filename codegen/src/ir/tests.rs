//! The IR on small fixture specs written for these tests.

use crate::load::{load_tree, source::SourceTree};

use super::*;

const DOC: &str = r#"
openapi: 3.1.0
info: {title: Fixture, version: 1.0.0}
servers: [{url: x, variables: {basePath: {default: /_matrix/client/v3}}}]
paths:
  "/things/{thingId}":
    put:
      operationId: putThing
      parameters:
        - {in: path, name: thingId, required: true, schema: {type: string, format: mx-room-id}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              title: Thing
              required: [kind]
              properties:
                kind: {type: string, enum: [a.b, c-d]}
                maybe: {type: [string, "null"]}
                value: {type: [string, integer]}
                rooms: {type: object, patternProperties: {"^!": {type: object, title: Thing, properties: {n: {type: integer}}}}, x-pattern-format: mx-room-id}
                pair: {type: array, minItems: 2, maxItems: 2, items: {anyOf: [{type: integer}, {type: object}]}}
                common: {$ref: definitions/common.yaml}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: definitions/common.yaml}}}
        "404":
          description: none
          content: {application/json: {schema: {type: object, properties: {errcode: {type: string}}}}}
"#;

fn files(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut files = vec![
        ("api/client-server/things.yaml", DOC),
        (
            "api/client-server/definitions/common.yaml",
            "type: object\ntitle: Thing\nproperties: {type: {type: string}}\n",
        ),
    ];
    files.extend_from_slice(extra);
    files
}

fn ir_of(files: &[(&str, &str)]) -> Result<Ir, IrError> {
    let spec = load_tree(&SourceTree::from_texts(files.iter().copied()).expect("parses")).expect("loads");
    build(&spec, "v1.17")
}

/// The type `name` in `module`, or in operation `op` of it (`module` then ends with `op`).
fn find<'i>(ir: &'i Ir, module: &[&str], name: &str) -> &'i TypeDef {
    let path: Vec<String> = module.iter().map(|s| s.to_string()).collect();
    let (file, op) =
        if ir.modules.contains_key(&path) { (path, None) } else { (path[..path.len() - 1].to_vec(), module.last()) };
    let module = &ir.modules[&file];
    let types = match op {
        Some(op) => &module.operations.iter().find(|o| o.module == *op).expect("operation").types,
        None => &module.types,
    };
    types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no type {name}"))
}

#[test]
fn names_come_from_places_or_a_unique_title() {
    let ir = ir_of(&files(&[])).expect("builds");
    // Three schemas titled `Thing`, three names: by operation role, by the title (the one
    // path-named type of its module with that title), and by file.
    let body = find(&ir, &["client_server", "things", "put_thing"], "RequestBody");
    assert!(matches!(body.kind, TypeKind::Struct(_)));
    find(&ir, &["client_server", "things", "put_thing"], "Thing");
    find(&ir, &["client_server", "definitions", "common"], "Common");
    let response = find(&ir, &["client_server", "things", "put_thing"], "Response200");
    let TypeKind::Alias(TypeRef::Named(target)) = &response.kind else { panic!("an alias") };
    assert_eq!(
        (target.module.join("::"), target.name.as_str()),
        ("client_server::definitions::common".into(), "Common")
    );
}

#[test]
fn constructs_map_to_their_rust_shapes() {
    let ir = ir_of(&files(&[])).expect("builds");
    let TypeKind::Struct(body) = &find(&ir, &["client_server", "things", "put_thing"], "RequestBody").kind else {
        panic!()
    };
    let field = |name: &str| body.fields.iter().find(|f| f.wire_name == name).expect("field");
    assert_eq!(field("kind").presence, Presence::Required);
    assert_eq!((field("maybe").presence, &field("maybe").ty), (Presence::OptionalNullable, &TypeRef::String));
    assert!(matches!(&field("value").ty, TypeRef::Named(n) if n.name == "RequestBodyValue"));
    let TypeRef::Map(key, _) = &field("rooms").ty else { panic!("a map") };
    assert_eq!(**key, TypeRef::Identifier("RoomId"));
    assert!(matches!(&field("pair").ty, TypeRef::Tuple(items) if items[0] == TypeRef::Integer));
    let TypeKind::Enum(values) = &find(&ir, &["client_server", "things", "put_thing"], "RequestBodyKind").kind else {
        panic!()
    };
    assert_eq!(values.iter().map(|v| v.rust_name.as_str()).collect::<Vec<_>>(), ["AB", "CD"]);
    let TypeKind::Union(union) = &find(&ir, &["client_server", "things", "put_thing"], "RequestBodyValue").kind else {
        panic!()
    };
    assert_eq!(union.dispatch, UnionDispatch::JsonKind);
    let op = &ir.modules[&vec!["client_server".to_string(), "things".to_string()]].operations[0];
    assert_eq!(
        (op.path.as_str(), op.params[0].ty.clone()),
        ("/_matrix/client/v3/things/{thingId}", TypeRef::Identifier("RoomId"))
    );
}

#[test]
fn two_places_claiming_one_name_fail_loudly() {
    // `components/schemas/Common` in the definitions file and the file root are both `Common`.
    let clash = "type: object\nproperties: {a: {type: string}}\ncomponents: {schemas: {Common: {type: object, properties: {b: {type: string}}}}}\n";
    let error = ir_of(&files(&[("api/client-server/definitions/clash.yaml", clash)])).map(|_| ()).err();
    let clash_file = "type: object\nproperties: {a: {type: string}}\ncomponents: {schemas: {Clash: {type: object, properties: {b: {type: string}}}}}\n";
    let error2 = ir_of(&files(&[("api/client-server/definitions/clash.yaml", clash_file)])).expect_err("collides");
    assert!(error.is_none(), "different names do not collide: {error:?}");
    assert!(error2.message.contains("Clash") && error2.message.contains("also claimed"), "{error2}");
}

#[test]
fn the_same_spec_gives_the_same_ir() {
    assert_eq!(ir_of(&files(&[])).expect("builds"), ir_of(&files(&[])).expect("builds"));
}
