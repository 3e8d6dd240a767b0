//! The generated structs' and open enums' impls over the pinned target: one `serde_struct!` or
//! `open_enum!` invocation per type of the IR, none written out by hand, each laid out with its
//! header on one line and one field or variant per line, in the IR's order and words.

mod support;

use std::collections::BTreeMap;

use codegen::ir::{Ir, Presence, TypeDef, TypeKind};
use support::{pinned_ir, provenance};

/// Every type definition (an operation's types too).
fn defs(ir: &Ir) -> Vec<&TypeDef> {
    let mut out = Vec::new();
    for module in ir.modules.values() {
        out.extend(module.types.iter());
        for op in &module.operations {
            out.extend(op.types.iter());
        }
    }
    out
}

/// The lines an invocation for `def` must have below its opening line, or `None` for a type
/// that has none.
fn expected_lines(def: &TypeDef) -> Option<(&'static str, Vec<String>)> {
    match &def.kind {
        TypeKind::Struct(s) => {
            let generics = if s.content_param { "<C>" } else { "" };
            let tags: String = s.tags.iter().map(|t| format!(", tag {:?} = {:?}", t.wire_name, t.value)).collect();
            let mut lines = vec![format!("{}{generics}, \"a {} object\"{tags};", def.name, def.name)];
            lines.extend(s.fields.iter().map(|f| {
                let presence = match f.presence {
                    Presence::Required => "required",
                    Presence::Optional => "optional",
                    Presence::RequiredNullable => "required_nullable",
                    Presence::OptionalNullable => "optional_nullable",
                };
                format!("{presence} {} = {:?},", f.rust_name, f.wire_name)
            }));
            Some(("crate::runtime::serde_struct! {", lines))
        }
        TypeKind::Enum(values) => {
            let mut lines = vec![format!("{};", def.name)];
            lines.extend(values.iter().map(|v| format!("{} = {:?},", v.rust_name, v.wire)));
            Some(("crate::runtime::open_enum! {", lines))
        }
        _ => None,
    }
}

/// Every invocation in the rendered tree: (opening line, first line of the body) → the body's
/// lines, trimmed.
fn invocations(tree: &BTreeMap<String, String>) -> BTreeMap<(String, String), Vec<Vec<String>>> {
    let mut out: BTreeMap<(String, String), Vec<Vec<String>>> = BTreeMap::new();
    for text in tree.values() {
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let opening = line.trim();
            if opening != "crate::runtime::serde_struct! {" && opening != "crate::runtime::open_enum! {" {
                continue;
            }
            let indent = &line[..line.len() - line.trim_start().len()];
            let body: Vec<String> =
                lines.by_ref().take_while(|l| *l != format!("{indent}}}")).map(|l| l.trim().to_string()).collect();
            let header = body.first().cloned().unwrap_or_default();
            out.entry((opening.to_string(), header)).or_default().push(body);
        }
    }
    out
}

#[test]
fn every_struct_and_open_enum_is_one_laid_out_invocation() {
    let ir = pinned_ir();
    let tree = codegen::emit_and_render(&ir, &provenance()).expect("renders");
    let mut found = invocations(&tree);
    let (mut passed, mut failed) = (0, 0);
    for def in defs(&ir) {
        let Some((opening, lines)) = expected_lines(def) else { continue };
        let key = (opening.to_string(), lines[0].clone());
        let matched = found.get_mut(&key).and_then(|bodies| {
            let at = bodies.iter().position(|body| *body == lines)?;
            Some(bodies.remove(at))
        });
        if matched.is_some() {
            passed += 1;
        } else {
            failed += 1;
            println!("not found as laid out: {opening} {lines:#?}");
        }
    }
    let left: usize = found.values().map(Vec::len).sum();
    println!("serde_struct!/open_enum! invocations: {passed} passed, {failed} failed; {left} with no type of the IR");
    assert!(passed > 500, "the pinned spec has hundreds of structs and open enums, found {passed}");
    assert_eq!((failed, left), (0, 0));
    let by_hand: Vec<&String> = tree.iter().filter(|(_, text)| text.contains("fn visit_map")).map(|(path, _)| path).collect();
    assert!(by_hand.is_empty(), "a map visitor written out in {by_hand:?}");
}
