//! Evolution safety: adding an optional field to a struct in a spec bump leaves a downstream
//! user's code compiling, because every generated struct and `Request` is `#[non_exhaustive]`
//! and built with `new(required…)` plus field assignment.
//!
//! A tiny fixture spec is generated into a copy of the hand-written `generated-api` crate (as the
//! malformed-spec suite does), a small downstream file is `cargo check`ed against it, an optional
//! property is added to the fixture, the crate regenerated, and the same file checked again. As
//! the control, the same two trees with `#[non_exhaustive]` stripped show that a downstream struct
//! literal compiles before and breaks after: without the attribute the test would fail.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use codegen::write;

mod support;

use support::{files_below, hand_written_crate, provenance, target_dir, write_files};

const DOC: &str = "api/client-server/things.yaml";
const THING: &str = "api/client-server/definitions/thing.yaml";

const DOC_TEXT: &str = r#"openapi: 3.1.0
info: {title: Things, version: 1.0.0}
servers: [{url: x, variables: {basePath: {default: /_matrix/client/v3}}}]
paths:
  "/things/{thingId}":
    put:
      operationId: putThing
      summary: Put a thing.
      parameters:
        - {in: path, name: thingId, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: definitions/thing.yaml}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {n: {type: integer}}}}}
"#;

const THING_BEFORE: &str = "type: object\ntitle: Thing\ndescription: A thing.\nrequired: [name]\nproperties:\n  name: {type: string}\n  size: {type: integer}\n";
/// The spec bump: one more optional property.
const THING_AFTER: &str = "type: object\ntitle: Thing\ndescription: A thing.\nrequired: [name]\nproperties:\n  name: {type: string}\n  size: {type: integer}\n  colour: {type: string}\n";

/// A downstream user's code, written the supported way: `new` and field assignment.
const WITH_NEW: &str = r#"use generated_api::generated::client_server::definitions::thing::Thing;
use generated_api::generated::client_server::things::put_thing;

fn main() {
    let mut thing = Thing::new("a thing");
    thing.size = Some(3);
    let mut request = put_thing::Request::new("t1", thing);
    request.body.size = Some(4);
    println!("{request:?}");
}
"#;

/// The same code written as struct literals (what `#[non_exhaustive]` forbids).
const LITERAL: &str = r#"use generated_api::generated::client_server::definitions::thing::Thing;
use generated_api::generated::client_server::things::put_thing;

fn main() {
    let thing = Thing { name: "a thing".into(), size: Some(3), extra: Default::default() };
    let request = put_thing::Request { thing_id: "t1".into(), body: thing };
    println!("{request:?}");
}
"#;


/// Generates the fixture with `thing` as its schema; the generated tree's files.
fn generate(root: &Path, name: &str, thing: &str) -> BTreeMap<String, Vec<u8>> {
    let data = root.join(format!("{name}-data"));
    let spec: BTreeMap<String, Vec<u8>> =
        [(DOC.to_string(), DOC_TEXT.as_bytes().to_vec()), (THING.to_string(), thing.as_bytes().to_vec())]
            .into_iter()
            .collect();
    write_files(&data, &spec);
    let tree = codegen::generate(&data, &provenance()).expect("the fixture generates");
    let out = root.join(format!("{name}-out"));
    write::write_tree(&out, &tree).expect("writes");
    files_below(&out)
}

/// The tree with every `#[non_exhaustive]` removed: the control.
fn exhaustive(tree: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    tree.iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes.clone()).expect("utf-8");
            (path.clone(), text.replace("#[non_exhaustive]", "").into_bytes())
        })
        .collect()
}

/// `cargo check` of `downstream` (as an example) against the hand-written `generated-api` crate
/// with `generated` as its generated tree: `Ok`, or the compiler's first lines.
fn downstream_compiles(
    root: &Path,
    name: &str,
    generated: &BTreeMap<String, Vec<u8>>,
    downstream: &str,
) -> Result<(), String> {
    let crate_dir = root.join(format!("check-{name}"));
    let _ = fs::remove_dir_all(&crate_dir);
    let mut files = hand_written_crate();
    files.extend(generated.iter().map(|(p, b)| (format!("src/generated/{p}"), b.clone())));
    files.insert("examples/downstream.rs".into(), downstream.as_bytes().to_vec());
    write_files(&crate_dir, &files);
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet", "--all-features", "--example", "downstream"])
        .current_dir(&crate_dir)
        // Shared with the malformed-spec suite: the dependencies are built once.
        .env("CARGO_TARGET_DIR", target_dir().join("malformed-check"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    if output.status.success() {
        return Ok(());
    }
    Err(String::from_utf8_lossy(&output.stderr).lines().take(40).collect::<Vec<_>>().join("\n"))
}

fn verdict(result: &Result<(), String>) -> &'static str {
    if result.is_ok() {
        "compiles"
    } else {
        "does not compile"
    }
}

#[test]
fn adding_an_optional_field_keeps_downstream_code_compiling() {
    let dir = std::env::temp_dir().join(format!("codegen-downstream-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let root = dir.as_path();
    let before = generate(root, "before", THING_BEFORE);
    let after = generate(root, "after", THING_AFTER);
    let thing = |tree: &BTreeMap<String, Vec<u8>>| {
        tree.iter()
            .find(|(path, _)| path.ends_with("thing.rs"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .expect("thing.rs generated")
    };
    assert!(!thing(&before).contains("pub colour"), "the fixture before the bump has no colour");
    assert!(thing(&after).contains("pub colour"), "the bump adds the optional field");
    assert!(thing(&after).contains("#[non_exhaustive]"), "generated structs are non_exhaustive");

    let new_before = downstream_compiles(root, "new-before", &before, WITH_NEW);
    println!("downstream before adding an optional field: {}", verdict(&new_before));
    assert_eq!(new_before, Ok(()), "downstream code with new() against the fixture");
    let new_after = downstream_compiles(root, "new-after", &after, WITH_NEW);
    println!("downstream after adding an optional field: {}", verdict(&new_after));
    assert_eq!(new_after, Ok(()), "downstream code with new() after adding an optional field");

    // The attribute is what forbids literals downstream...
    let literal =
        downstream_compiles(root, "literal", &before, LITERAL).expect_err("a literal of a non_exhaustive struct");
    assert!(literal.contains("E0639"), "refused as non-exhaustive:\n{literal}");
    // ...and without it the spec bump breaks a downstream literal: the test can fail.
    let control_before = downstream_compiles(root, "control-before", &exhaustive(&before), LITERAL);
    assert_eq!(control_before, Ok(()), "a literal compiles against the exhaustive control");
    let control_after = downstream_compiles(root, "control-after", &exhaustive(&after), LITERAL);
    println!(
        "control without #[non_exhaustive]: struct literal downstream {} before, {} after adding the field",
        verdict(&control_before),
        verdict(&control_after)
    );
    let broken = control_after.expect_err("without non_exhaustive, the added field breaks the literal");
    assert!(broken.contains("E0063") && broken.contains("colour"), "missing field `colour`:\n{broken}");
    let _ = fs::remove_dir_all(&dir);
}
