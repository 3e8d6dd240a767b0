//! One line per entry in the generated `serde_struct!` and `open_enum!` invocations.
//!
//! `prettyplease` prints a macro's body as a token stream, filling each line up to its width,
//! so a struct's fields would run together. The body of every invocation of the macros named
//! in [`MACROS`] is laid out again here: the header (everything up to the first `;`: a
//! struct's type, "expected" text and tags, or an enum's name) on one line, then each
//! `,`-terminated field or variant on a line of its own. Only whitespace changes: the tokens
//! stay as printed, so the file still parses to the same tokens.

/// The opening line of every invocation laid out (as `prettyplease` prints it, indentation
/// aside).
pub const MACROS: &[&str] = &["crate::runtime::serde_struct! {", "crate::runtime::open_enum! {"];

/// `text` (a formatted file) with the body of every invocation of [`MACROS`] laid out.
pub fn lay_out(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        out.push_str(line);
        let trimmed = line.trim();
        if !MACROS.contains(&trimmed) {
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let mut raw = Vec::new();
        let mut closed = false;
        for inner in lines.by_ref() {
            raw.push(inner);
            if inner.trim_end() == format!("{indent}}}") {
                closed = true;
                break;
            }
        }
        let Some((close, body)) = raw.split_last().filter(|_| closed) else {
            // Not the shape prettyplease prints: left as it is.
            raw.iter().for_each(|inner| out.push_str(inner));
            continue;
        };
        let joined: Vec<&str> = body.iter().map(|inner| inner.trim()).collect();
        for entry in entries(&joined.join(" ")) {
            out.push_str(indent);
            out.push_str("    ");
            out.push_str(&entry);
            out.push('\n');
        }
        out.push_str(close);
    }
    out
}

/// The header (up to and with the first top-level `;`, with `Name < C >` printed `Name<C>`),
/// then each entry up to and with its top-level `,`; string literals and brackets are never split.
fn entries(body: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut current = String::new();
    let mut in_header = true;
    let mut in_string = false;
    let mut escaped = false;
    let mut depth = 0usize;
    let chars: Vec<char> = body.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            current.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if in_header && c == ' ' {
            let next = chars.get(i + 1).copied();
            if current.ends_with('<') || matches!(next, Some('<' | '>')) {
                continue;
            }
        }
        if c == ' ' && current.is_empty() {
            continue;
        }
        current.push(c);
        let ends = depth == 0 && if in_header { c == ';' } else { c == ',' };
        if ends {
            entries.push(std::mem::take(&mut current));
            in_header = false;
        }
    }
    let rest = current.trim();
    if !rest.is_empty() {
        entries.push(rest.to_string());
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_gets_a_line_and_the_header_keeps_its_generics() {
        let printed = "mod m {\n    crate::runtime::serde_struct! {\n        Event < C >, \"an Event object\", tag \"a;b\" = \"x, y\"; required\n        content = \"content\", optional r#type = \"ty\\\"pe,\",\n    }\n    fn f() {}\n}\n";
        let expected = "mod m {\n    crate::runtime::serde_struct! {\n        Event<C>, \"an Event object\", tag \"a;b\" = \"x, y\";\n        required content = \"content\",\n        optional r#type = \"ty\\\"pe,\",\n    }\n    fn f() {}\n}\n";
        assert_eq!(lay_out(printed), expected);
        let tokens = |text: &str| syn::parse_file(text).map(|file| quote::ToTokens::to_token_stream(&file).to_string());
        assert_eq!(tokens(expected).ok(), tokens(printed).ok(), "only whitespace changes");
        assert!(tokens(expected).is_ok());
    }

    #[test]
    fn a_struct_without_fields_is_its_header() {
        let printed = "crate::runtime::serde_struct! {\n    Empty, \"an Empty object\";\n}\n";
        assert_eq!(lay_out(printed), printed);
    }

    #[test]
    fn other_text_and_an_unclosed_invocation_are_left_as_they_are() {
        let printed = "fn f() {\n    g! { a, b; c, d }\n}\ncrate::runtime::serde_struct! {\n    Open, \"x\"; required a = \"a\",\n";
        assert_eq!(lay_out(printed), printed);
    }
}
