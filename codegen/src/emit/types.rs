//! Type references and identifiers as tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{NamedRef, Presence, TypeRef};

/// An identifier, raw where the IR made it raw (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The tokens of a type.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(crate::runtime::Number),
        TypeRef::JsonValue => quote!(crate::runtime::JsonValue),
        TypeRef::JsonObject => quote!(crate::runtime::JsonObject),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Identifier(name) => {
            let name = ident(name);
            quote!(crate::identifiers::#name)
        }
        TypeRef::Runtime(path) => {
            let segments = path.split("::").map(ident);
            quote!(#(#segments)::*)
        }
        TypeRef::RuntimeGeneric(path, args) => {
            let segments = path.split("::").map(ident);
            let args = args.iter().map(type_tokens);
            quote!(#(#segments)::*<#(#args),*>)
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(key, value) => {
            let key = type_tokens(key);
            let value = type_tokens(value);
            quote!(std::collections::BTreeMap<#key, #value>)
        }
        TypeRef::EventList(inner) => {
            let inner = type_tokens(inner);
            quote!(crate::runtime::EventList<#inner>)
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(type_tokens);
            quote!((#(#items),*))
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner);
            quote!(Option<#inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(inner);
            quote!(Box<#inner>)
        }
        TypeRef::Named(named) => named_path(named),
        TypeRef::Generic(named, args) => {
            let path = named_path(named);
            let args = args.iter().map(type_tokens);
            quote!(#path<#(#args),*>)
        }
        TypeRef::ContentParam => quote!(C),
    }
}

/// `crate::generated::a::b::Name`.
pub fn named_path(named: &NamedRef) -> TokenStream {
    let segments = named.module.iter().map(|s| ident(s));
    let name = ident(&named.name);
    quote!(crate::generated::#(#segments::)*#name)
}

/// The field type with its presence wrappers.
pub fn field_type(ty: &TypeRef, presence: Presence) -> TokenStream {
    let inner = type_tokens(ty);
    match presence {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#inner>),
        Presence::OptionalNullable => quote!(Option<Option<#inner>>),
    }
}

/// `#[doc = " line"]` per line, so the writer prints `///` comments.
pub fn doc_attrs(doc: &str) -> TokenStream {
    let lines = doc_lines(doc);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = " line"]` per line.
pub fn inner_doc_attrs(doc: &str) -> TokenStream {
    let lines = doc_lines(doc);
    quote! { #(#![doc = #lines])* }
}

/// The lines of a doc text, each with a leading space. A bare CR ends a line too: the spec's
/// descriptions are data, and a CR left inside a `///` line does not compile.
fn doc_lines(doc: &str) -> Vec<String> {
    doc.replace("\r\n", "\n").replace('\r', "\n").lines().map(|line| format!(" {line}")).collect()
}
