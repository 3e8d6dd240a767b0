//! Generated items: structs, open enums, unions, aliases and operation modules.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;

use super::debug::{has_secret, redacting_debug, DebugField};
use super::types::{doc_attrs, field_type, ident, inner_doc_attrs, type_tokens};

/// The tokens of one module's file.
pub fn module_file(module: &Module, path: &ModulePath) -> TokenStream {
    let doc = inner_doc_attrs(&module.doc);
    let types = module.types.iter().map(type_def);
    let operations = module.operations.iter().map(|op| operation(op, path));
    quote! { #doc #(#types)* #(#operations)* }
}

pub(super) fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => struct_def(def, s),
        TypeKind::Enum(values) => enum_def(def, values),
        TypeKind::Union(u) => union_def(def, u),
        TypeKind::Alias(ty) => {
            let doc = doc_attrs(&def.doc);
            let name = ident(&def.name);
            let ty = type_tokens(ty);
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::ContentFamily(family) => super::events::family_def(def, family),
        TypeKind::EventEnum(enum_def) => super::events::event_enum_def(def, enum_def),
    }
}

/// `EVENT_TYPE`, `EVENT_TYPES` and `STATE_KEY` on the content type of an event.
pub(super) fn event_consts(def: &TypeDef) -> TokenStream {
    let Some(meta) = &def.event else { return TokenStream::new() };
    let name = ident(&def.name);
    let first = meta.event_types.first().cloned().unwrap_or_default();
    let all = &meta.event_types;
    let state_key = match &meta.state_key {
        None => TokenStream::new(),
        Some(pinned) => {
            let value = match pinned {
                Some(key) => quote!(Some(#key)),
                None => quote!(None),
            };
            quote! {
                /// The state key the spec requires for this state event (`Some("")`: the
                /// empty string), or `None` where any state key is allowed.
                pub const STATE_KEY: Option<&'static str> = #value;
            }
        }
    };
    quote! {
        #[allow(deprecated)]
        impl #name {
            /// The event type this is the content of.
            pub const EVENT_TYPE: &'static str = #first;
            /// Every event type this is the content of.
            pub const EVENT_TYPES: &'static [&'static str] = &[#(#all),*];
            #state_key
        }
        impl crate::runtime::EventContent for #name {
            const EVENT_TYPE: &'static str = #first;
        }
    }
}

fn struct_def(def: &TypeDef, s: &StructDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let deprecated = deprecated_attr(def.deprecated);
    let name = ident(&def.name);
    let extra_ty = type_tokens(&s.extra);
    let fields = s.fields.iter().map(|field| {
        let doc = doc_attrs(&field.doc);
        let deprecated = deprecated_attr(field.deprecated);
        let rust = ident(&field.rust_name);
        let ty = field_type(&field.ty, field.presence);
        quote! { #doc #deprecated pub #rust: #ty, }
    });
    let serde = struct_serde(&name, s, &def.name);
    let constructor = super::construct::struct_constructor(&name, s);
    let consts = event_consts(def);
    let generics = if s.content_param { quote!(<C>) } else { TokenStream::new() };
    let tag_consts = tag_consts(&name, s);
    let debug_fields: Vec<DebugField<'_>> =
        s.fields.iter().map(|f| DebugField { rust_name: &f.rust_name, wire_name: &f.wire_name }).collect();
    let (derive, debug) = if has_secret(&debug_fields) {
        (quote!(#[derive(Clone, PartialEq)]), redacting_debug(&name, &debug_fields, true, s.content_param))
    } else {
        (quote!(#[derive(Clone, Debug, PartialEq)]), TokenStream::new())
    };
    quote! {
        #doc
        #deprecated
        #derive
        #[non_exhaustive]
        pub struct #name #generics {
            #(#fields)*
            /// Keys the spec does not define here, kept so the object is written back unchanged.
            pub extra: std::collections::BTreeMap<String, #extra_ty>,
        }
        #debug
        #serde
        #constructor
        #tag_consts
        #consts
    }
}

/// The associated constant of each tag (see `ir::Tag`).
fn tag_consts(name: &proc_macro2::Ident, s: &StructDef) -> TokenStream {
    if s.tags.is_empty() {
        return TokenStream::new();
    }
    let generics = if s.content_param { quote!(<C>) } else { TokenStream::new() };
    let consts = s.tags.iter().map(|tag| {
        let doc = doc_attrs(&format!("{}\n\nThe value this type has, written on encode and checked on decode.", tag.doc));
        let const_name = ident(&tag.const_name);
        let value = &tag.value;
        quote! { #doc pub const #const_name: &'static str = #value; }
    });
    quote! {
        impl #generics #name #generics {
            #(#consts)*
        }
    }
}

/// The struct's `Serialize` and `Deserialize`: one invocation of the runtime's `serde_struct!`
/// holding the type's facts (see `generated-api/crates/core/src/runtime/serde_macros.rs` for what it
/// expands to); `write::macro_layout` puts each field on a line of its own.
fn struct_serde(name: &proc_macro2::Ident, s: &StructDef, type_name: &str) -> TokenStream {
    let generics = if s.content_param { quote!(<C>) } else { TokenStream::new() };
    let expecting = format!("a {type_name} object");
    let tags = s.tags.iter().map(|tag| {
        let wire = &tag.wire_name;
        let value = &tag.value;
        quote! { , tag #wire = #value }
    });
    let fields = s.fields.iter().map(|field| {
        let presence = format_ident!("{}", presence_keyword(field.presence));
        let rust = ident(&field.rust_name);
        let wire = &field.wire_name;
        quote! { #presence #rust = #wire, }
    });
    quote! {
        crate::runtime::serde_struct! {
            #name #generics, #expecting #(#tags)*;
            #(#fields)*
        }
    }
}

/// The word `serde_struct!` reads a field's presence by.
fn presence_keyword(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "required",
        Presence::Optional => "optional",
        Presence::RequiredNullable => "required_nullable",
        Presence::OptionalNullable => "optional_nullable",
    }
}

fn enum_def(def: &TypeDef, values: &[EnumValue]) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let deprecated = deprecated_attr(def.deprecated);
    let name = ident(&def.name);
    let variants = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let doc = format!(" `{}`", value.wire);
        quote! { #[doc = #doc] #variant, }
    });
    let entries = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let wire = &value.wire;
        quote! { #variant = #wire, }
    });
    quote! {
        #doc
        #deprecated
        ///
        /// An open enum: a value the spec does not list is kept as it is (see [`Self::as_str`]).
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc(hidden)]
            _Custom(crate::runtime::PrivOwnedStr),
        }
        // `as_str`, `From<&str>`, `From<String>`, `Display`, `Serialize`, `Deserialize`.
        crate::runtime::open_enum! {
            #name;
            #(#entries)*
        }
    }
}

fn union_def(def: &TypeDef, union: &UnionDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let deprecated = deprecated_attr(def.deprecated);
    let name = ident(&def.name);
    let variants = union.variants.iter().map(|variant| {
        let doc = doc_attrs(&variant.doc);
        let rust = ident(&variant.rust_name);
        let ty = type_tokens(&variant.ty);
        quote! { #doc #rust(#ty), }
    });
    let serialize_arms = union.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        quote! { #name::#rust(value) => serde::Serialize::serialize(value, serializer), }
    });
    let body = match union.dispatch {
        UnionDispatch::JsonKind => {
            let dispatch = kind_dispatch(&name, union);
            quote! {
                let value = <crate::runtime::JsonValue as serde::Deserialize>::deserialize(deserializer)?;
                #dispatch
            }
        }
        UnionDispatch::FirstMatch => first_match(&name, union),
    };
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
        #[allow(deprecated)]
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                }
            }
        }
        #[allow(deprecated)]
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error;
                #body
            }
        }
    }
}

/// Picks the variant by the JSON kind of the value.
fn kind_dispatch(name: &proc_macro2::Ident, union: &UnionDef) -> TokenStream {
    let arms = union.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        let pattern = match variant.rust_name.as_str() {
            "String" => quote!(crate::runtime::JsonValue::String(_)),
            "Boolean" => quote!(crate::runtime::JsonValue::Bool(_)),
            "Integer" => quote!(crate::runtime::JsonValue::Number(n) if n.is_i64() || n.is_u64()),
            "Number" => quote!(crate::runtime::JsonValue::Number(_)),
            "Array" => quote!(crate::runtime::JsonValue::Array(_)),
            _ => quote!(crate::runtime::JsonValue::Object(_)),
        };
        quote! { #pattern => serde::Deserialize::deserialize(value).map(#name::#rust).map_err(D::Error::custom), }
    });
    let expected = format!("a value of one of the kinds of {name}");
    quote! {
        match &value {
            #(#arms)*
            _ => Err(D::Error::custom(#expected)),
        }
    }
}

/// Tries each variant in order, on the raw text (so event enums inside decode as they do
/// anywhere) and strictly: an event enum that would keep a misfit as invalid must not claim a
/// value another variant fits.
fn first_match(name: &proc_macro2::Ident, union: &UnionDef) -> TokenStream {
    let tries = union.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        quote! {
            if let Ok(inner) = crate::runtime::decode_strictly(|| raw.decode()) {
                return Ok(#name::#rust(inner));
            }
        }
    });
    let expected = format!("a value matching one of the forms of {name}");
    // The value is captured borrowed from the input where serde_json can lend it: no copy of
    // it before the tries.
    quote! {
        let raw = <crate::runtime::CapturedJson<'de> as serde::Deserialize>::deserialize(deserializer)?;
        #(#tries)*
        Err(D::Error::custom(#expected))
    }
}

/// `GET /_matrix/client/v3/sync` (`sync`), then the authentication and rate limit: the first
/// thing a reader of an operation's page needs.
fn operation_heading(op: &OperationIr) -> String {
    let auth = match op.auth {
        "Required" => "requires authentication",
        "Optional" => "authentication optional",
        _ => "no authentication",
    };
    let rate = if op.rate_limited { ", rate-limited" } else { "" };
    format!("`{} {}` (`{}`): {auth}{rate}.", op.method.to_uppercase(), op.path, op.operation_id)
}

fn operation(op: &OperationIr, path: &ModulePath) -> TokenStream {
    let file_module = path.last().map_or("", String::as_str);
    let heading = operation_heading(op);
    let text = if op.doc.is_empty() { heading } else { format!("{heading}\n\n{}", op.doc) };
    let doc = doc_attrs(&text);
    let module = ident(&op.module);
    // An operation keeps its operationId's name even where the spec file is named the same.
    let inception =
        if op.module == file_module { quote!(#[allow(clippy::module_inception)]) } else { TokenStream::new() };
    let metadata = metadata(op);
    let request = request(op, path);
    let constructor = super::construct::request_constructor(op);
    let http = super::http::endpoint(op, path);
    let types = op.types.iter().map(type_def);
    quote! {
        #doc
        #inception
        pub mod #module {
            #metadata
            #request
            #constructor
            #http
            #(#types)*
        }
    }
}

fn metadata(op: &OperationIr) -> TokenStream {
    let api = ident(op.api);
    let method = ident(op.method);
    let auth = ident(op.auth);
    let operation_id = &op.operation_id;
    let path = &op.path;
    let rate_limited = op.rate_limited;
    let deprecated = op.deprecated;
    let added_in = match &op.added_in {
        Some(version) => quote!(Some(#version)),
        None => quote!(None),
    };
    let changed_in = &op.changed_in;
    let schemes = op.auth_schemes.iter().map(|scheme| match scheme {
        AuthSchemeIr::Bearer => quote!(crate::runtime::AuthScheme::Bearer),
        AuthSchemeIr::QueryParameter(name) => quote!(crate::runtime::AuthScheme::QueryParameter(#name)),
        AuthSchemeIr::Header(name) => quote!(crate::runtime::AuthScheme::Header(#name)),
        AuthSchemeIr::Authorization(name) => quote!(crate::runtime::AuthScheme::Authorization(#name)),
    });
    let responses = op.responses.iter().map(|response| {
        let status = &response.status;
        let media: Vec<&String> = response.body.iter().flat_map(|b| &b.media_types).collect();
        quote! { crate::runtime::ResponseMetadata { status: #status, media_types: &[#(#media),*] }, }
    });
    quote! {
        /// What the spec says about this operation.
        pub const METADATA: crate::runtime::Metadata = crate::runtime::Metadata {
            api: crate::runtime::Api::#api,
            operation_id: #operation_id,
            method: crate::runtime::Method::#method,
            path: #path,
            auth: crate::runtime::AuthRequirement::#auth,
            auth_schemes: &[#(#schemes),*],
            rate_limited: #rate_limited,
            added_in: #added_in,
            changed_in: &[#(#changed_in),*],
            deprecated: #deprecated,
            responses: &[#(#responses)*],
        };
    }
}

fn request(op: &OperationIr, path: &ModulePath) -> TokenStream {
    let deprecated = deprecated_attr(op.deprecated);
    let fields = op.params.iter().map(|param| {
        let place = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        let label = match param.location {
            ParamLocation::Path => format!(
                " The `{}` path parameter. A value of `.` or `..` is refused when the request is built \
                 ([`crate::http::Error::DotSegment`]): URL normalisation would remove the segment.",
                param.wire_name
            ),
            _ => format!(" The `{}` {place} parameter.", param.wire_name),
        };
        let doc = if param.doc.is_empty() { TokenStream::new() } else { doc_attrs(&format!("\n{}", param.doc)) };
        let field_deprecated = deprecated_attr(param.deprecated);
        let rust = ident(&param.rust_name);
        let presence = if param.required { Presence::Required } else { Presence::Optional };
        let ty = field_type(&param.ty, presence);
        quote! { #[doc = #label] #doc #field_deprecated pub #rust: #ty, }
    });
    let body = op.body.as_ref().map(|body| {
        let ty = if body.required { quote!(RequestBody) } else { quote!(Option<RequestBody>) };
        quote! {
            /// The request body.
            pub body: #ty,
        }
    });
    let mut debug_fields: Vec<DebugField<'_>> =
        op.params.iter().map(|p| DebugField { rust_name: &p.rust_name, wire_name: &p.wire_name }).collect();
    if op.body.is_some() {
        debug_fields.push(DebugField { rust_name: "body", wire_name: "body" });
    }
    let request_name = format_ident!("Request");
    let (derive, debug) = if has_secret(&debug_fields) {
        (quote!(#[derive(Clone, PartialEq)]), redacting_debug(&request_name, &debug_fields, false, false))
    } else {
        (quote!(#[derive(Clone, Debug, PartialEq)]), TokenStream::new())
    };
    let example = match super::examples::request_example(op, path) {
        Ok(code) => format!("\n\n# Example\n\n{code}"),
        Err(_) => String::new(),
    };
    let request_doc = doc_attrs(&format!(
        "{}\n\nThe request: its path, query and header parameters, and its body.{example}",
        operation_heading(op)
    ));
    quote! {
        #request_doc
        #deprecated
        #derive
        #[non_exhaustive]
        pub struct Request {
            #(#fields)*
            #body
        }
        #debug
    }
}
