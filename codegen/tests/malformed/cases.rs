//! The malformed-spec cases: each a small tree, the base spec with a few files changed, and what
//! the generator must make of it.

/// What the generator must do with a case.
pub enum Expect {
    /// Refuse it, naming exactly this `file#pointer`.
    Refused(&'static str),
    /// Generate a crate that compiles.
    Compiles,
}

/// One case: the base tree with `changes` (a file's text, or `None` to remove it).
pub struct Case {
    /// The case's name.
    pub name: &'static str,
    /// Files replaced, added (`Some`) or removed (`None`), relative to `data/`.
    pub changes: Vec<(String, Option<Vec<u8>>)>,
    /// A file to create as a symlink to `/etc/passwd` (for the symlink case).
    pub symlink: Option<&'static str>,
    /// The outcome.
    pub expect: Expect,
}

pub const DOC: &str = "api/client-server/things.yaml";
pub const THING: &str = "api/client-server/definitions/thing.yaml";
const DEFS: &str = "api/client-server/definitions";

/// The base spec: one operation with a path parameter, a body `$ref`, a response; a schema file
/// with an enum. It generates a crate that compiles.
pub fn base() -> Vec<(String, Vec<u8>)> {
    vec![(DOC.to_string(), doc(PATHS).into_bytes()), (THING.to_string(), THING_TEXT.as_bytes().to_vec())]
}

const THING_TEXT: &str = "type: object\ntitle: Thing\ndescription: A thing.\nrequired: [kind]\nproperties:\n  kind: {type: string, enum: [a, b]}\n  size: {type: integer}\n";

const PATHS: &str = r#"  "/things/{thingId}":
    put:
      operationId: putThing
      summary: Put a thing.
      parameters:
        - {in: path, name: thingId, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: definitions/thing.yaml}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {n: {type: integer}}}}}
"#;

/// An API document with `paths` (YAML lines, indented by two).
fn doc(paths: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: Things, version: 1.0.0}}\nservers: [{{url: x, variables: {{basePath: {{default: /_matrix/client/v3}}}}}}]\npaths:\n{paths}"
    )
}

/// The base paths with `from` replaced by `to` (each case's edit must apply).
fn paths_with(from: &str, to: &str) -> String {
    assert!(PATHS.contains(from), "the edit {from:?} does not apply");
    doc(&PATHS.replacen(from, to, 1))
}

fn thing_with(from: &str, to: &str) -> String {
    assert!(THING_TEXT.contains(from), "the edit {from:?} does not apply");
    THING_TEXT.replacen(from, to, 1)
}

fn case(name: &'static str, changes: Vec<(String, String)>, expect: Expect) -> Case {
    let changes = changes.into_iter().map(|(path, text)| (path, Some(text.into_bytes()))).collect();
    Case { name, changes, symlink: None, expect }
}

fn def(name: &str) -> String {
    format!("{DEFS}/{name}")
}

/// The body `$ref` of the base operation replaced by `reference`.
fn body_ref(reference: &str) -> String {
    paths_with("{$ref: definitions/thing.yaml}", &format!("{{$ref: '{reference}'}}"))
}

const BODY_SCHEMA: &str =
    "api/client-server/things.yaml#/paths/~1things~1{thingId}/put/requestBody/content/application~1json/schema";
const BODY_REF: &str =
    "api/client-server/things.yaml#/paths/~1things~1{thingId}/put/requestBody/content/application~1json/schema/$ref";

/// `depth` arrays nested in one another, around a string.
fn nested_arrays(depth: usize) -> String {
    let mut schema = "{type: string}".to_string();
    for _ in 0..depth {
        schema = format!("{{type: array, items: {schema}}}");
    }
    schema
}

/// Every case.
pub fn cases() -> Vec<Case> {
    use Expect::*;
    let s = |text: &str| text.to_string();
    let mut cases = vec![
        // --- syntax ---
        case("invalid YAML", vec![(s(THING), s("type: [object\n"))], Refused("api/client-server/definitions/thing.yaml#")),
        case("invalid JSON", vec![(def("extra.json"), s(r#"{"type": }"#))], Refused("api/client-server/definitions/extra.json#")),
        case("empty file", vec![(def("empty.yaml"), s(""))], Refused("api/client-server/definitions/empty.yaml#")),
        case("two YAML documents", vec![(def("two.yaml"), s("type: object\n---\ntype: string\n"))], Refused("api/client-server/definitions/two.yaml#")),
        case(
            "YAML alias bomb",
            vec![(def("bomb.yaml"), (0..9).fold(s("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"), |text, i| {
                format!("{text}a{}: &a{} [*a{i}, *a{i}, *a{i}, *a{i}, *a{i}, *a{i}, *a{i}, *a{i}, *a{i}, *a{i}]\n", i + 1, i + 1)
            }))],
            Refused("api/client-server/definitions/bomb.yaml#"),
        ),
        case("nesting past the parser's limit", vec![(def("deep.yaml"), format!("type: object\nproperties:\n  grid: {}\n", nested_arrays(200)))], Refused("api/client-server/definitions/deep.yaml#")),
        // --- duplicate keys ---
        case("duplicate YAML key", vec![(s(THING), thing_with("  size: {type: integer}\n", "  size: {type: integer}\n  size: {type: string}\n"))], Refused("api/client-server/definitions/thing.yaml#/properties/size")),
        case("duplicate JSON key", vec![(def("extra.json"), s(r#"{"type": "object", "type": "string"}"#))], Refused("api/client-server/definitions/extra.json#/type")),
        case("duplicate path key", vec![(s(DOC), format!("{}{PATHS}", doc(PATHS)))], Refused("api/client-server/things.yaml#/paths/~1things~1{thingId}")),
        // --- keywords and types ---
        case("unknown keyword", vec![(s(THING), thing_with("{type: integer}", "{type: integer, minLenght: 3}"))], Refused("api/client-server/definitions/thing.yaml#/properties/size/minLenght")),
        case("wrong type for a keyword", vec![(s(THING), thing_with("required: [kind]", "required: kind"))], Refused("api/client-server/definitions/thing.yaml#/required")),
        case("unknown type name", vec![(s(THING), thing_with("type: object", "type: objet"))], Refused("api/client-server/definitions/thing.yaml#/type")),
        case("non-object schema", vec![(s(THING), thing_with("{type: integer}", "5"))], Refused("api/client-server/definitions/thing.yaml#/properties/size")),
        case("non-object allOf entry", vec![(def("mix.yaml"), s("allOf: [5]\n"))], Refused("api/client-server/definitions/mix.yaml#/allOf/0")),
        case("enum value 42", vec![(s(THING), thing_with("enum: [a, b]", "enum: [a, 42]"))], Refused("api/client-server/definitions/thing.yaml#/properties/kind/enum/1")),
        case("enum value null", vec![(s(THING), thing_with("enum: [a, b]", "enum: [a, b, null]"))], Refused("api/client-server/definitions/thing.yaml#/properties/kind/enum/2")),
        case("enum value {a: 1}", vec![(s(THING), thing_with("enum: [a, b]", "enum: [{a: 1}, b]"))], Refused("api/client-server/definitions/thing.yaml#/properties/kind/enum/0")),
        // --- required ---
        case("required names an undefined property", vec![(s(THING), thing_with("required: [kind]", "required: [kind, colour]"))], Refused("api/client-server/definitions/thing.yaml#/required")),
        case(
            "required undefined after the allOf merge",
            vec![
                (def("base.yaml"), s("type: object\nrequired: [a, b]\nproperties: {a: {type: string}}\n")),
                (def("mix.yaml"), s("allOf:\n  - $ref: base.yaml\n  - {properties: {c: {type: string}}}\n")),
            ],
            Refused("api/client-server/definitions/mix.yaml#/required"),
        ),
        // --- $ref ---
        case("$ref to a missing pointer", vec![(s(DOC), body_ref("definitions/thing.yaml#/nope"))], Refused(BODY_REF)),
        case("$ref to a missing file", vec![(s(DOC), body_ref("definitions/missing.yaml"))], Refused(BODY_REF)),
        case("$ref that is not a string", vec![(s(DOC), paths_with("{$ref: definitions/thing.yaml}", "{$ref: 7}"))], Refused(BODY_REF)),
        case("absolute $ref", vec![(s(DOC), body_ref("https://example.org/thing.yaml"))], Refused(BODY_REF)),
        case("$ref out of data/", vec![(s(DOC), body_ref("../../../../etc/passwd"))], Refused(BODY_REF)),
        case(
            "$ref cycle",
            vec![
                (def("a.yaml"), s("type: object\nproperties: {next: {$ref: b.yaml}}\n")),
                (def("b.yaml"), s("type: array\nitems: {$ref: a.yaml}\n")),
            ],
            Refused("api/client-server/definitions/a.yaml#"),
        ),
        case(
            "nesting past the limit after $refs",
            // 126 levels on its own (loaded and cached first), 7 more where the body inlines it.
            vec![(s(DOC), body_ref("definitions/deep.yaml")), (def("deep.yaml"), nested_arrays(125))],
            Refused(BODY_SCHEMA),
        ),
        // --- operations and paths ---
        case(
            "duplicate operationId",
            vec![(s("api/client-server/things2.yaml"), doc("  \"/other\":\n    get:\n      operationId: putThing\n      responses: {\"200\": {description: ok}}\n"))],
            Refused("api/client-server/things2.yaml#/paths/~1other/get/operationId"),
        ),
        case(
            "path parameter not in the template",
            vec![(s(DOC), paths_with("schema: {type: string}}\n", "schema: {type: string}}\n        - {in: path, name: other, required: true, schema: {type: string}}\n"))],
            Refused("api/client-server/things.yaml#/paths/~1things~1{thingId}/put/parameters/1"),
        ),
        case("template parameter without a definition", vec![(s(DOC), paths_with("\"/things/{thingId}\"", "\"/things/{thingId}/{part}\""))], Refused("api/client-server/things.yaml#/paths/~1things~1{thingId}~1{part}")),
        case("path template with ..", vec![(s(DOC), paths_with("\"/things/{thingId}\"", "\"/things/../admin/{thingId}\""))], Refused("api/client-server/things.yaml#/paths/~1things~1..~1admin~1{thingId}")),
        case("path template with %2e%2e", vec![(s(DOC), paths_with("\"/things/{thingId}\"", "\"/things/%2e%2E/{thingId}\""))], Refused("api/client-server/things.yaml#/paths/~1things~1%2e%2E~1{thingId}")),
        case("path template with ?", vec![(s(DOC), paths_with("\"/things/{thingId}\"", "\"/things/{thingId}?admin=1\""))], Refused("api/client-server/things.yaml#/paths/~1things~1{thingId}?admin=1")),
        case("path template with #", vec![(s(DOC), paths_with("\"/things/{thingId}\"", "\"/things/{thingId}#x\""))], Refused("api/client-server/things.yaml#/paths/~1things~1{thingId}#x")),
        case("parameter defined twice", vec![(s(DOC), paths_with("schema: {type: string}}\n", "schema: {type: string}}\n        - {in: path, name: thingId, required: true, schema: {type: string}}\n"))], Refused("api/client-server/things.yaml#/paths/~1things~1{thingId}/put/parameters/1")),
        case("operation without operationId", vec![(s(DOC), paths_with("      operationId: putThing\n", ""))], Refused("api/client-server/things.yaml#/paths/~1things~1{thingId}/put")),
        case("non-ASCII operationId", vec![(s(DOC), paths_with("operationId: putThing", "operationId: putTüng"))], Refused("api/client-server/things.yaml#/paths/~1things~1{thingId}/put/operationId")),
        case(
            "two operationIds naming one module",
            vec![(s(DOC), format!("{}  \"/thing\":\n    get:\n      operationId: put_thing\n      responses: {{\"200\": {{description: ok}}}}\n", doc(PATHS)))],
            Refused("api/client-server/things.yaml#/paths/~1thing/get/operationId"),
        ),
        case("no base path", vec![(s(DOC), doc(PATHS).replace("variables: {basePath: {default: /_matrix/client/v3}}", "variables: {}"))], Refused("api/client-server/things.yaml#/servers")),
        // --- events ---
        case(
            "two event schemas with one type",
            vec![
                (s("event-schemas/schema/m.a.yaml"), s("type: object\nproperties: {type: {type: string, enum: [m.a]}, content: {type: object}}\n")),
                (s("event-schemas/schema/m.b.yaml"), s("type: object\nproperties: {type: {type: string, enum: [m.a]}, content: {type: object}}\n")),
            ],
            Refused("event-schemas/schema/m.b.yaml#/properties/type/enum/0"),
        ),
        // --- file names ---
        case("non-ASCII file name", vec![(def("ümlaut_日本.yaml"), s("type: string\n"))], Refused("api/client-server/definitions/ümlaut_日本.yaml#")),
        case("file that is not YAML or JSON", vec![(def("notes.txt"), s("notes\n"))], Refused("api/client-server/definitions/notes.txt#")),
        case("two files naming one module", vec![(def("a-b.yaml"), s("type: string\n")), (def("a_b.yaml"), s("type: integer\n"))], Refused("api/client-server/definitions/a_b.yaml#")),
        case("a file named mod", vec![(def("mod.yaml"), s("type: object\nproperties: {x: {type: string}}\n"))], Refused("api/client-server/definitions/mod.yaml#")),
        case("a file and a directory naming one module", vec![(def("d.yaml"), s("type: string\n")), (def("d/x.yaml"), s("type: string\n"))], Refused("api/client-server/definitions/d.yaml#")),
        // --- accepted, and the generated crate must compile ---
        case("bare CR and CRLF in descriptions", vec![(s(THING), thing_with("description: A thing.", "description: \"A\\rthing.\\r\\nIts size\\ris \\u202Eright.\""))], Compiles),
        case("a file named after a keyword", vec![(def("fn.yaml"), s("type: object\ndescription: Keyword.\nproperties: {type: {type: string}, self: {type: integer}}\n"))], Compiles),
        case("60 nested arrays", vec![(def("grid.yaml"), format!("type: object\nproperties:\n  grid: {}\n", nested_arrays(60)))], Compiles),
        case(
            "required from a sibling allOf entry (a mixin)",
            vec![
                (def("base.yaml"), s("type: object\nrequired: [a, b]\nproperties: {a: {type: string}}\n")),
                (def("mix.yaml"), s("allOf:\n  - $ref: base.yaml\n  - {properties: {b: {type: integer}}}\n")),
            ],
            Compiles,
        ),
    ];
    cases.push(ref_chain(3000));
    cases.push(Case {
        name: "symlink",
        changes: Vec::new(),
        symlink: Some("api/client-server/definitions/link.yaml"),
        expect: Refused("api/client-server/definitions/link.yaml#"),
    });
    cases
}

/// A chain of `length` files, each only a `$ref` to the next, used as the body schema. The walk
/// stops past the documented limit (`codegen/src/load/limits.rs`: 128 levels + 64 `$ref`s).
fn ref_chain(length: usize) -> Case {
    let name = |i: usize| format!("chain/c{i:04}.yaml");
    let mut changes = vec![(DOC.to_string(), Some(body_ref(&format!("definitions/{}", name(0))).into_bytes()))];
    for i in 0..length {
        let text = if i + 1 == length { "type: string\n".to_string() } else { format!("$ref: c{:04}.yaml\n", i + 1) };
        changes.push((def(&name(i)), Some(text.into_bytes())));
    }
    Case { name: "$ref chain of 3000", changes, symlink: None, expect: Expect::Refused("api/client-server/definitions/chain/c0193.yaml#") }
}
