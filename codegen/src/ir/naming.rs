//! Rust names from spec names: types in UpperCamelCase, fields and modules in snake_case, both
//! valid identifiers whatever the spec writes (`m.relates_to`, `og:image`, `sdpMLineIndex`,
//! `type`, `$`-file names).

use std::collections::BTreeMap;

use super::model::ModulePath;

/// The words of a spec name: split at every non-alphanumeric character and at lower→upper
/// case changes (`sdpMLineIndex` → `sdp`, `M`, `Line`, `Index`).
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous = index.checked_sub(1).map(|i| chars[i]);
        let next = chars.get(index + 1);
        let lower_to_upper =
            c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        // `MLine`: an upper-case letter followed by a lower-case one starts a word after capitals.
        let acronym_end = c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_uppercase())
            && next.is_some_and(|n| n.is_ascii_lowercase());
        if (lower_to_upper || acronym_end) && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `UpperCamelCase`, prefixed with `N` if it would start with a digit.
pub fn camel_case(name: &str) -> String {
    let mut out: String = words(name)
        .iter()
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// `snake_case`, prefixed with `n` if it would start with a digit (no keyword handling).
pub fn snake_case(name: &str) -> String {
    let mut out = words(name).iter().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_");
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    out
}

/// Rust keywords (2021 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// A field or module identifier for `name`: snake_case, raw (`r#type`) where it is a keyword,
/// and suffixed with `_` for the keywords that cannot be raw.
pub fn field_ident(name: &str) -> String {
    let snake = snake_case(name);
    if !KEYWORDS.contains(&snake.as_str()) {
        return snake;
    }
    match snake.as_str() {
        "self" | "super" | "crate" => format!("{snake}_"),
        _ => format!("r#{snake}"),
    }
}

/// A type or variant identifier for `name`.
pub fn type_ident(name: &str) -> String {
    let camel = camel_case(name);
    if camel == "Self" {
        "Self_".to_string()
    } else {
        camel
    }
}

/// The name of a module's file: its identifier without the `r#` of a raw identifier (rustc
/// looks for `fn.rs` for `mod r#fn;`).
pub fn module_file_name(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Refuses a spec whose Rust names would clash before the IR merges them silently: the modules
/// of its files ([`check_module_names`]) and, within each API document, the operation modules
/// (`getThing` and `get_thing` would both be `get_thing`).
pub fn check_spec_names(spec: &crate::load::model::Spec) -> Result<(), super::IrError> {
    let documents = spec.documents.iter().map(|d| d.file.as_str());
    check_module_names(documents.chain(spec.schema_files.iter().map(|f| f.file.as_str())))?;
    for document in &spec.documents {
        let mut owners: BTreeMap<String, &str> = BTreeMap::new();
        for operation in &document.operations {
            let module = field_ident(&operation.operation_id);
            if let Some(other) = owners.insert(module.clone(), &operation.operation_id) {
                return Err(super::IrError {
                    location: operation.location.child("operationId").to_string(),
                    message: format!(
                        "operationId {:?} and {other:?} both name the module {module}; rename one",
                        operation.operation_id
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Refuses spec files whose modules would clash: two files mapping to one module (`a-b.yaml`
/// and `a_b.yaml`, or `x.yaml` and `x.json`), a file whose module is also a directory of other
/// files' modules, a module the generator keeps for itself (`registry`, the event enums), and a
/// module called `mod` (its file would be its directory's `mod.rs`).
///
/// `files` are the spec files that become modules (API documents and schema files); the error
/// names the second file of a clash.
pub fn check_module_names<'f>(files: impl IntoIterator<Item = &'f str>) -> Result<(), super::IrError> {
    let reserved: [(ModulePath, &str); 2] = [
        (vec!["registry".to_string()], "the example registry"),
        (super::overrides::event_enum_module(), "the event enums"),
    ];
    let mut owners: BTreeMap<ModulePath, &str> = BTreeMap::new();
    for file in files {
        let module = super::overrides::module_of_file(file);
        let clash = |message: String| Err(super::IrError { location: format!("{file}#"), message });
        if let Some((_, what)) = reserved.iter().find(|(path, _)| *path == module) {
            return clash(format!("its module {} is where the generator puts {what}; rename the file", module.join("::")));
        }
        if module.last().is_some_and(|last| module_file_name(last) == "mod") {
            return clash("a module named `mod` would be written over its directory's mod.rs; rename the file".into());
        }
        if let Some(other) = owners.insert(module.clone(), file) {
            return clash(format!("{other} maps to the same module {}; rename one of the files", module.join("::")));
        }
    }
    for (module, file) in &owners {
        let below = owners.range(module.clone()..).nth(1).filter(|(other, _)| other.starts_with(module));
        if let Some((_, other)) = below {
            return Err(super::IrError {
                location: format!("{file}#"),
                message: format!(
                    "its module {} is also the directory of {other}'s module; rename one of them",
                    module.join("::")
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_clashes_are_refused_with_the_file() {
        let check = |files: &[&str]| check_module_names(files.iter().copied()).map_err(|e| e.to_string());
        assert_eq!(check(&["api/client-server/a.yaml", "api/client-server/fn.yaml"]), Ok(()));
        assert_eq!(module_file_name("r#fn"), "fn");
        let clash = check(&["api/client-server/a-b.yaml", "api/client-server/a_b.yaml"]).expect_err("one module");
        assert!(clash.starts_with("api/client-server/a_b.yaml#: api/client-server/a-b.yaml maps"), "{clash}");
        let clash = check(&["api/client-server/d.yaml", "api/client-server/d/x.yaml"]).expect_err("file and directory");
        assert!(clash.starts_with("api/client-server/d.yaml#: its module client_server::d is also"), "{clash}");
        let clash = check(&["event-schemas/schema/any.yaml"]).expect_err("reserved");
        assert!(clash.contains("the event enums"), "{clash}");
        let clash = check(&["api/client-server/mod.yaml"]).expect_err("mod");
        assert!(clash.contains("mod.rs"), "{clash}");
    }

    #[test]
    fn names_from_spec_spellings() {
        assert_eq!(field_ident("m.relates_to"), "m_relates_to");
        assert_eq!(field_ident("og:image"), "og_image");
        assert_eq!(field_ident("sdpMLineIndex"), "sdp_m_line_index");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("override"), "r#override");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("3pid_changes"), "n3pid_changes");
        assert_eq!(field_ident("Content-Type"), "content_type");
        assert_eq!(type_ident("m.megolm.v1.aes-sha2"), "MMegolmV1AesSha2");
        assert_eq!(type_ident("client_event"), "ClientEvent");
        assert_eq!(type_ident("m.room.message$m.text"), "MRoomMessageMText");
        assert_eq!(type_ident("image/png"), "ImagePng");
        assert_eq!(type_ident("4XX"), "N4Xx");
        assert_eq!(type_ident("getRoomIdByAlias"), "GetRoomIdByAlias");
        assert_eq!(snake_case("getRoomIdByAlias"), "get_room_id_by_alias");
        assert_eq!(snake_case("POST"), "post");
    }
}
