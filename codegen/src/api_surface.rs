//! The public API of a generated tree, as comparable lines, for a semver check of our own:
//! `cargo-semver-checks` takes many minutes to build on a small CI machine, while the generated
//! crate's API is plain data (structs, fields, enums, variants, aliases, constants), so listing
//! it from the rendered files with `syn` is enough.
//!
//! Every public item becomes one line holding its path and its shape (a field's type, a
//! variant's fields): an item whose line is gone from the new tree was removed or changed, which
//! breaks; so does a new field that is not an `Option` in a struct that existed (struct literals
//! must name it, old data lacks it). New items, new variants of the (`#[non_exhaustive]`) enums
//! and new `Option` fields are compatible; documentation is not compared.

use std::collections::BTreeSet;

use quote::ToTokens;
use syn::{Fields, Item, Visibility};

use crate::write::RenderedTree;

/// The public items of a tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// One line per public item: `struct a::B`, `field a::B.c: Option<u64>`, `variant a::E::V(..)`.
    pub items: BTreeSet<String>,
    /// Files that did not parse (a generator bug; counted, never hidden).
    pub unparsed: Vec<String>,
}

/// What changed between two surfaces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurfaceDiff {
    /// Items of the old tree missing (or changed) in the new one: breaking.
    pub removed: Vec<String>,
    /// New non-`Option` fields of structs the old tree had: breaking.
    pub new_required: Vec<String>,
    /// Every other new item: compatible.
    pub added: Vec<String>,
}

impl SurfaceDiff {
    /// Whether code written against the old tree may stop compiling.
    pub fn is_breaking(&self) -> bool {
        !self.removed.is_empty() || !self.new_required.is_empty()
    }
}

/// The public items of every file of `tree`.
///
/// A tree split into crates ([`crate::emit::crates`]: a `core/` directory beside the facade's
/// `mod.rs`) names its modules without the crate directory, so that it compares with a tree of
/// before the split, and each crate's part of a module counts as that module.
pub fn surface(tree: &RenderedTree) -> Surface {
    let split = tree.contains_key(&format!("{}/mod.rs", crate::emit::Crate::Core.dir()));
    let mut out = Surface::default();
    for (path, text) in tree {
        let file = if split { path.split_once('/').map_or(path.as_str(), |(_, below)| below) } else { path };
        match syn::parse_file(text) {
            Ok(parsed) => public_items(&module_path(file), &parsed.items, &mut out.items),
            Err(_) => out.unparsed.push(path.clone()),
        }
    }
    out
}

/// `client_server/pusher.rs` → `client_server::pusher`; `mod.rs` names its directory.
fn module_path(file: &str) -> String {
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    let stem = stem.strip_suffix("/mod").unwrap_or(stem);
    if stem == "mod" {
        return String::new();
    }
    stem.replace('/', "::")
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_string()
    } else {
        format!("{module}::{name}")
    }
}

fn is_public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// Tokens as text, spaces squeezed, so equal types compare equal.
fn text(tokens: &impl ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

fn public_items(module: &str, items: &[Item], out: &mut BTreeSet<String>) {
    for item in items {
        match item {
            Item::Struct(s) if is_public(&s.vis) => {
                let path = join(module, &s.ident.to_string());
                out.insert(format!("struct {path}{}", text(&s.generics)));
                fields(&format!("field {path}"), &s.fields, out);
            }
            Item::Enum(e) if is_public(&e.vis) => {
                let path = join(module, &e.ident.to_string());
                out.insert(format!("enum {path}{}", text(&e.generics)));
                for variant in &e.variants {
                    out.insert(format!("variant {path}::{}{}", variant.ident, shape(&variant.fields)));
                }
            }
            Item::Type(t) if is_public(&t.vis) => {
                out.insert(format!("type {}{} = {}", join(module, &t.ident.to_string()), text(&t.generics), text(&t.ty)));
            }
            Item::Const(c) if is_public(&c.vis) => {
                out.insert(format!("const {}: {}", join(module, &c.ident.to_string()), text(&c.ty)));
            }
            Item::Fn(f) if is_public(&f.vis) => {
                out.insert(format!("fn {} {}", join(module, &f.sig.ident.to_string()), text(&f.sig)));
            }
            Item::Mod(m) if is_public(&m.vis) => {
                let path = join(module, &m.ident.to_string());
                out.insert(format!("mod {path}"));
                if let Some((_, inner)) = &m.content {
                    public_items(&path, inner, out);
                }
            }
            Item::Use(u) if is_public(&u.vis) => {
                out.insert(format!("use {module}: {}", text(&u.tree)));
            }
            _ => {}
        }
    }
}

fn fields(prefix: &str, fields: &Fields, out: &mut BTreeSet<String>) {
    for (index, field) in fields.iter().enumerate() {
        if is_public(&field.vis) {
            let name = field.ident.as_ref().map_or(index.to_string(), ToString::to_string);
            out.insert(format!("{prefix}.{name}: {}", text(&field.ty)));
        }
    }
}

/// A variant's fields as text: `(T)`, `{ a: T }`, or nothing.
fn shape(fields: &Fields) -> String {
    match fields {
        Fields::Unit => String::new(),
        Fields::Unnamed(unnamed) => format!("({})", unnamed.unnamed.iter().map(|f| text(&f.ty)).collect::<Vec<_>>().join(", ")),
        Fields::Named(named) => {
            let list: Vec<String> =
                named.named.iter().map(|f| format!("{}: {}", f.ident.as_ref().map_or(String::new(), ToString::to_string), text(&f.ty))).collect();
            format!("{{ {} }}", list.join(", "))
        }
    }
}

/// Compares two surfaces.
pub fn compare(old: &Surface, new: &Surface) -> SurfaceDiff {
    let mut diff = SurfaceDiff { removed: old.items.difference(&new.items).cloned().collect(), ..SurfaceDiff::default() };
    for item in new.items.difference(&old.items) {
        if is_new_required_field(item, old) {
            diff.new_required.push(item.clone());
        } else {
            diff.added.push(item.clone());
        }
    }
    diff
}

/// `field a::B.c: T` where `T` is not an `Option`, `a::B` existed before and had no field `c`
/// (a retyped field is already counted as removed).
fn is_new_required_field(item: &str, old: &Surface) -> bool {
    let Some(rest) = item.strip_prefix("field ") else { return false };
    let Some((owner_field, ty)) = rest.split_once(": ") else { return false };
    let Some((owner, _)) = owner_field.rsplit_once('.') else { return false };
    let existed = old.items.iter().any(|i| i.strip_prefix("struct ").is_some_and(|s| s.split('<').next() == Some(owner)));
    let had_field = old.items.iter().any(|i| i.starts_with(&format!("field {owner_field}: ")));
    existed && !had_field && !ty.starts_with("Option <")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> RenderedTree {
        [("a/b.rs".to_string(), text.to_string())].into_iter().collect()
    }

    #[test]
    fn a_tree_split_into_crates_names_its_modules_without_the_crate() {
        let mut before = RenderedTree::new();
        before.insert("client_server/sync.rs".into(), "pub struct Filter;".into());
        before.insert("identity/lookup.rs".into(), "pub struct Lookup;".into());
        let mut split = RenderedTree::new();
        split.insert("mod.rs".into(), String::new());
        split.insert("core/mod.rs".into(), String::new());
        split.insert("client/client_server/sync.rs".into(), "pub struct Filter;".into());
        split.insert("identity/identity/lookup.rs".into(), "pub struct Lookup;".into());
        assert_eq!(surface(&before).items, surface(&split).items);
    }

    #[test]
    fn removed_retyped_and_required_fields_break_optional_ones_do_not() {
        let old = surface(&tree("pub struct S { pub a: u64, pub b: Option<u64> }\npub enum E { X }"));
        let same = compare(&old, &old);
        assert!(!same.is_breaking() && same.added.is_empty());
        let optional = compare(&old, &surface(&tree("pub struct S { pub a: u64, pub b: Option<u64>, pub c: Option<u8> }\npub enum E { X, Y }")));
        assert_eq!((optional.is_breaking(), optional.added.len()), (false, 2), "{optional:?}");
        let required = compare(&old, &surface(&tree("pub struct S { pub a: u64, pub b: Option<u64>, pub c: u8 }\npub enum E { X }")));
        assert_eq!(required.new_required, ["field a::b::S.c: u8"]);
        let retyped = compare(&old, &surface(&tree("pub struct S { pub a: u64, pub b: u64 }\npub enum E { X }")));
        assert_eq!(retyped.removed, ["field a::b::S.b: Option < u64 >"]);
        assert!(retyped.new_required.is_empty(), "a retyped field counts once, as removed");
    }
}
