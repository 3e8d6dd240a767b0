//! Doc attributes made safe to print as comments.
//!
//! `prettyplease` prints `#[doc = "..."]` as a `///` comment with the text as it is, and some
//! characters are not allowed there: a bare CR (`bare CR not allowed in doc-comment`) and the
//! Unicode bidirectional controls (the deny-by-default `text_direction_codepoint_in_comment`
//! lint). The spec's descriptions are data, so every doc attribute of every generated file goes
//! through here, whichever emitter made it: line ends become `\n`, and the other control
//! characters are written out as `\u{...}`, visible and harmless. String literals need nothing:
//! the token printer escapes them.

use syn::visit_mut::VisitMut;

/// Rewrites every doc attribute of `file` (see the module docs).
pub fn sanitise(file: &mut syn::File) {
    DocSanitiser.visit_file_mut(file);
}

/// The text of a doc comment that can be printed as a comment.
pub fn sanitised(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters other than the line feed and tab, and the bidirectional controls.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

struct DocSanitiser;

impl VisitMut for DocSanitiser {
    fn visit_attribute_mut(&mut self, attribute: &mut syn::Attribute) {
        let syn::Meta::NameValue(meta) = &mut attribute.meta else { return };
        if !meta.path.is_ident("doc") {
            return;
        }
        if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &mut meta.value {
            let value = text.value();
            // `sanitised` changes a text exactly when it has a CR or a character to escape
            // (a CR is a control character): most docs have neither, and stay as they are.
            if value.chars().any(needs_escape) {
                *text = syn::LitStr::new(&sanitised(&value), text.span());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_and_controls_become_printable() {
        assert_eq!(sanitised("a\rb\r\nc\nd\te"), "a\nb\nc\nd\te");
        assert_eq!(sanitised("x\u{202E}y\u{0}z"), "x\\u{202e}y\\u{0}z");
        assert_eq!(sanitised("plain `code` — ünïcode"), "plain `code` — ünïcode");
    }

    #[test]
    fn every_doc_attribute_of_a_file_is_rewritten() {
        let tokens = quote::quote! {
            #![doc = "inner\rline"]
            #[doc = "outer\u{202E}"]
            pub struct S { #[doc = "field\r"] pub f: u8 }
        };
        let mut file: syn::File = syn::parse2(tokens).expect("parses");
        sanitise(&mut file);
        let printed = prettyplease::unparse(&file);
        assert!(!printed.contains('\r') && !printed.contains('\u{202E}'), "{printed:?}");
        assert!(printed.contains("\\u{202e}"), "{printed}");
        syn::parse_file(&printed).expect("the printed file lexes and parses");
    }
}
