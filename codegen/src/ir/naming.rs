//! Rust names from spec names: types in UpperCamelCase, fields and modules in snake_case, both
//! valid identifiers whatever the spec writes (`m.relates_to`, `og:image`, `sdpMLineIndex`,
//! `type`, `$`-file names).

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

#[cfg(test)]
mod tests {
    use super::*;

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
