//! Which Cargo features compile each module: a module is compiled by the feature of its own
//! directory's API and by the feature of every API whose operations reach its types, so a
//! client-only build compiles exactly what the client API needs.

use std::collections::{BTreeMap, BTreeSet};

use super::model::*;
use super::overrides;

/// Fills `features` of every module: its own features (its directory's, and its operations'
/// API's), and those of every module that reaches its types.
pub fn assign(modules: &mut BTreeMap<ModulePath, Module>) {
    // Modules by index (path order), and each module's edges as indices: a path that is no
    // module (a reference one level above any file) has no edges and no features of its own.
    let index: BTreeMap<&ModulePath, usize> = modules.keys().enumerate().map(|(i, path)| (path, i)).collect();
    let edges: Vec<Vec<usize>> = modules
        .values()
        .map(|module| {
            referenced_modules(module, modules).iter().filter_map(|target| index.get(target).copied()).collect()
        })
        .collect();
    let mut features: Vec<BTreeSet<Feature>> = vec![BTreeSet::new(); modules.len()];
    let mut seen = vec![usize::MAX; modules.len()];
    for (start, module) in modules.values().enumerate() {
        let own: BTreeSet<Feature> = overrides::home_feature(&module.source_file)
            .into_iter()
            .chain(module.operations.first().map(|op| op.feature))
            .collect();
        let mut stack = vec![start];
        while let Some(current) = stack.pop() {
            if seen[current] == start {
                continue;
            }
            seen[current] = start;
            features[current].extend(own.iter().copied());
            stack.extend(edges[current].iter().copied());
        }
    }
    for (module, features) in modules.values_mut().zip(features) {
        module.features = features;
    }
}

/// The file modules whose types `module` refers to.
fn referenced_modules(module: &Module, modules: &BTreeMap<ModulePath, Module>) -> BTreeSet<ModulePath> {
    let mut refs = Vec::new();
    for def in module.types.iter().chain(module.operations.iter().flat_map(|op| &op.types)) {
        def_refs(def, &mut refs);
    }
    for op in &module.operations {
        op.params.iter().for_each(|p| type_refs(&p.ty, &mut refs));
        op.body.iter().for_each(|b| type_refs(&b.ty, &mut refs));
        op.responses.iter().filter_map(|r| r.body.as_ref()).for_each(|b| type_refs(&b.ty, &mut refs));
    }
    refs.into_iter()
        .map(|named| {
            if modules.contains_key(&named.module) {
                named.module
            } else {
                named.module[..named.module.len().saturating_sub(1)].to_vec()
            }
        })
        .collect()
}

/// Every named type a definition refers to.
pub fn def_refs(def: &TypeDef, out: &mut Vec<NamedRef>) {
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| type_refs(&f.ty, out));
            type_refs(&s.extra, out);
        }
        TypeKind::Enum(_) => {}
        TypeKind::Union(u) => u.variants.iter().for_each(|v| type_refs(&v.ty, out)),
        TypeKind::Alias(ty) => type_refs(ty, out),
        TypeKind::ContentFamily(family) => {
            family.variants.iter().for_each(|v| type_refs(&v.ty, out));
            type_refs(&family.fallback, out);
        }
        TypeKind::EventEnum(def) => def.variants.iter().for_each(|v| type_refs(&v.ty, out)),
    }
}

/// Every named type a type reference mentions.
pub fn type_refs(ty: &TypeRef, out: &mut Vec<NamedRef>) {
    match ty {
        TypeRef::Named(named) => out.push(named.clone()),
        TypeRef::Generic(named, args) => {
            out.push(named.clone());
            args.iter().for_each(|arg| type_refs(arg, out));
        }
        TypeRef::RuntimeGeneric(_, args) => args.iter().for_each(|arg| type_refs(arg, out)),
        TypeRef::Vec(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => type_refs(inner, out),
        TypeRef::Map(key, value) => {
            type_refs(key, out);
            type_refs(value, out);
        }
        TypeRef::Tuple(items) => items.iter().for_each(|item| type_refs(item, out)),
        TypeRef::EventList(inner) => type_refs(inner, out),
        _ => {}
    }
}
