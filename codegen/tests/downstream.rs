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
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::write::{self, Provenance};

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

fn provenance() -> Provenance {
    Provenance { tag: "v0.0-fixture".into(), repository: "fixture".into(), commit: "0".repeat(40) }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target directory this test was built in (`target/debug/deps/downstream-…` → `target`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("test executable");
        exe.ancestors().nth(3).expect("target/<profile>/deps/exe").to_path_buf()
    })
}

fn files_below(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).expect("lists") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below").to_string_lossy().replace('\\', "/");
                out.insert(relative, fs::read(&path).expect("reads"));
            }
        }
    }
    out
}

fn write_files(root: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in files {
        let target = root.join(path);
        fs::create_dir_all(target.parent().expect("a parent")).expect("creates");
        fs::write(&target, bytes).expect("writes");
    }
}

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
    let home = workspace().join("generated-api");
    let mut files = files_below(&home.join("src"));
    files.retain(|path, _| !path.starts_with("generated/"));
    let mut files: BTreeMap<String, Vec<u8>> = files.into_iter().map(|(p, b)| (format!("src/{p}"), b)).collect();
    files.extend(generated.iter().map(|(p, b)| (format!("src/generated/{p}"), b.clone())));
    files.insert("examples/downstream.rs".into(), downstream.as_bytes().to_vec());
    files.insert("Cargo.toml".into(), check_manifest(&home).into_bytes());
    files.insert("Cargo.lock".into(), fs::read(workspace().join("Cargo.lock")).expect("the workspace lock"));
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

/// A standalone manifest for the copy (as in the malformed-spec suite).
fn check_manifest(home: &Path) -> String {
    let manifest = fs::read_to_string(home.join("Cargo.toml")).expect("the crate manifest");
    let workspace = fs::read_to_string(workspace().join("Cargo.toml")).expect("the workspace manifest");
    let section = |text: &str, name: &str| -> Vec<String> {
        let header = format!("[{name}]");
        text.lines()
            .skip_while(|line| line.trim() != header)
            .skip(1)
            .take_while(|line| !line.starts_with('['))
            .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    let shared = section(&workspace, "workspace.dependencies");
    let dependencies = section(&manifest, "dependencies").into_iter().map(|line| {
        let Some(name) = line.trim().strip_suffix(".workspace = true") else { return line };
        shared
            .iter()
            .find(|l| l.split('=').next().map(str::trim) == Some(name))
            .cloned()
            .expect("a workspace dependency")
    });
    let mut out = String::from(
        "[package]\nname = \"generated-api\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n",
    );
    for line in dependencies {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("\n[features]\n");
    for line in section(&manifest, "features") {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("\n[workspace]\n");
    out
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
