//! Names from the spec's titles: a type whose name was built from its JSON path
//! (`Response200RoomsJoinValue`) is named after its schema's `title` (`JoinedRoom`) where that
//! title is a usable name and unique among the path-named types of its module, and the name is
//! free there. Decided after every type exists, so the result does not depend on the order in
//! which types were met, and a title shared by two places keeps both on their path names (no
//! first-come winner that a later spec version could displace).

use std::collections::{BTreeMap, BTreeSet};

use super::model::*;
use super::naming::type_ident;

/// A type named from its path, and the title its schema has.
#[derive(Debug, Clone)]
pub(super) struct TitleCandidate {
    /// The module of the type.
    pub module: ModulePath,
    /// Its path-built name.
    pub name: String,
    /// The schema's `title`.
    pub title: String,
}

/// Titles that name a kind of thing rather than this thing: a type called `Event` inside an
/// operation module would read as the spec's generic event.
const GENERIC_TITLES: &[&str] = &["Event", "ClientEvent", "StateEvent", "RoomEvent", "Error", "Pdu", "Object"];

/// Names the generated code uses unqualified (the prelude): a type of that name in a module
/// would shadow them there.
const PRELUDE_NAMES: &[&str] =
    &["Result", "Option", "String", "Vec", "Box", "Ok", "Err", "Some", "None", "Default", "Clone", "Debug", "From", "Into"];

/// The Rust name a title gives, if it is usable: a short noun phrase of letters, digits and
/// spaces (not a sentence), and not a generic kind.
pub fn title_name(title: &str) -> Option<String> {
    let title = title.trim();
    let words: Vec<&str> = title.split_whitespace().collect();
    let plain = title.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '_' || c == '-');
    let starts_with_letter = title.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if !plain || !starts_with_letter || words.is_empty() || words.len() > 4 {
        return None;
    }
    let name = type_ident(title);
    (!GENERIC_TITLES.contains(&name.as_str()) && !PRELUDE_NAMES.contains(&name.as_str())).then_some(name)
}

/// The renames: (module, path-built name) → title name.
pub(super) fn renames(
    candidates: &[TitleCandidate],
    taken: &BTreeSet<(ModulePath, String)>,
) -> BTreeMap<(ModulePath, String), String> {
    let mut by_title: BTreeMap<(ModulePath, String), Vec<&TitleCandidate>> = BTreeMap::new();
    for candidate in candidates {
        if let Some(name) = title_name(&candidate.title) {
            by_title.entry((candidate.module.clone(), name)).or_default().push(candidate);
        }
    }
    by_title
        .into_iter()
        .filter(|((module, name), users)| users.len() == 1 && !taken.contains(&(module.clone(), name.clone())))
        .map(|((_, name), users)| ((users[0].module.clone(), users[0].name.clone()), name))
        .collect()
}

/// Applies `renames` to a type reference.
pub(super) fn rename_ref(ty: &mut TypeRef, renames: &BTreeMap<(ModulePath, String), String>) {
    match ty {
        TypeRef::Named(named) => rename_named(named, renames),
        TypeRef::Generic(named, args) => {
            rename_named(named, renames);
            args.iter_mut().for_each(|arg| rename_ref(arg, renames));
        }
        TypeRef::Vec(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) | TypeRef::EventList(inner) => {
            rename_ref(inner, renames)
        }
        TypeRef::Map(key, value) => {
            rename_ref(key, renames);
            rename_ref(value, renames);
        }
        TypeRef::Tuple(items) | TypeRef::RuntimeGeneric(_, items) => {
            items.iter_mut().for_each(|item| rename_ref(item, renames))
        }
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::JsonValue
        | TypeRef::JsonObject
        | TypeRef::Bytes
        | TypeRef::Identifier(_)
        | TypeRef::Runtime(_)
        | TypeRef::ContentParam => {}
    }
}

fn rename_named(named: &mut NamedRef, renames: &BTreeMap<(ModulePath, String), String>) {
    if let Some(new) = renames.get(&(named.module.clone(), named.name.clone())) {
        named.name = new.clone();
    }
}

/// Applies `renames` to every reference inside a type definition.
pub(super) fn rename_in_def(def: &mut TypeDef, renames: &BTreeMap<(ModulePath, String), String>) {
    match &mut def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|f| rename_ref(&mut f.ty, renames));
            rename_ref(&mut s.extra, renames);
        }
        TypeKind::Enum(_) => {}
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| rename_ref(&mut v.ty, renames)),
        TypeKind::Alias(ty) => rename_ref(ty, renames),
        TypeKind::ContentFamily(family) => {
            family.variants.iter_mut().for_each(|v| rename_ref(&mut v.ty, renames));
            rename_ref(&mut family.fallback, renames);
        }
        TypeKind::EventEnum(e) => e.variants.iter_mut().for_each(|v| rename_ref(&mut v.ty, renames)),
    }
}

/// Applies `renames` to an operation's parameters and bodies.
pub(super) fn rename_in_operation(op: &mut OperationIr, renames: &BTreeMap<(ModulePath, String), String>) {
    op.params.iter_mut().for_each(|p| rename_ref(&mut p.ty, renames));
    if let Some(body) = &mut op.body {
        rename_ref(&mut body.ty, renames);
    }
    for response in &mut op.responses {
        if let Some(body) = &mut response.body {
            rename_ref(&mut body.ty, renames);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_are_names_become_names() {
        assert_eq!(title_name("Joined Room").as_deref(), Some("JoinedRoom"));
        assert_eq!(title_name("UserProfile").as_deref(), Some("UserProfile"));
        assert_eq!(title_name("Informs the room as to which alias is the canonical one."), None);
        assert_eq!(title_name("Event"), None, "generic");
        assert_eq!(title_name("Result"), None, "would shadow the prelude's `Result`");
        assert_eq!(title_name("m.room.member"), None);
    }

    #[test]
    fn a_shared_or_taken_title_keeps_the_path_names() {
        let module = vec!["sync".to_string()];
        let candidate = |name: &str, title: &str| TitleCandidate {
            module: module.clone(),
            name: name.to_string(),
            title: title.to_string(),
        };
        let candidates =
            [candidate("A1", "Timeline"), candidate("A2", "Timeline"), candidate("B", "Joined Room"), candidate("C", "Taken")];
        let taken = BTreeSet::from([(module.clone(), "Taken".to_string())]);
        let renames = renames(&candidates, &taken);
        assert_eq!(renames.len(), 1);
        assert_eq!(renames[&(module, "B".to_string())], "JoinedRoom");
    }
}
