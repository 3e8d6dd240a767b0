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
    let serialize = struct_serialize(&name, s);
    let deserialize = struct_deserialize(&name, s, &def.name);
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
        #serialize
        #deserialize
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

fn struct_serialize(name: &proc_macro2::Ident, s: &StructDef) -> TokenStream {
    // A tag value that differed on decode was kept in `extra` and is written back from there.
    let tags = s.tags.iter().map(|tag| {
        let wire = &tag.wire_name;
        let value = &tag.value;
        quote! { if !self.extra.contains_key(#wire) { map.serialize_entry(#wire, #value)?; } }
    });
    let entries = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let wire = &field.wire_name;
        match field.presence {
            Presence::Required | Presence::RequiredNullable => quote! { map.serialize_entry(#wire, &self.#rust)?; },
            Presence::Optional | Presence::OptionalNullable => {
                quote! { if let Some(value) = &self.#rust { map.serialize_entry(#wire, value)?; } }
            }
        }
    });
    let write_extra = extra_serialize(s);
    let (impl_generics, ty_generics) = if s.content_param {
        (quote!(<C: serde::Serialize>), quote!(<C>))
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    quote! {
        #[allow(deprecated)]
        impl #impl_generics serde::Serialize for #name #ty_generics {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #(#tags)*
                #(#entries)*
                #write_extra
                map.end()
            }
        }
    }
}

/// The `extra` entries; where an optional field may have kept a `null` there (see the runtime's
/// `read_optional_field`), that `null` is left out once the field is set.
fn extra_serialize(s: &StructDef) -> TokenStream {
    let optional: Vec<&Field> = s.fields.iter().filter(|f| f.presence == Presence::Optional).collect();
    if optional.is_empty() {
        return quote! {
            for (key, value) in &self.extra {
                map.serialize_entry(key, value)?;
            }
        };
    }
    let arms = optional.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let wire = &field.wire_name;
        quote! { #wire => self.#rust.is_some(), }
    });
    quote! {
        crate::runtime::serialize_extra(&mut map, &self.extra, |key| match key {
            #(#arms)*
            _ => false,
        })?;
    }
}

fn struct_deserialize(name: &proc_macro2::Ident, s: &StructDef, type_name: &str) -> TokenStream {
    let slots = s.fields.iter().map(|field| {
        let rust = slot_ident(&field.rust_name);
        quote! { let mut #rust = None; }
    });
    let arms = s.fields.iter().map(|field| {
        let slot = slot_ident(&field.rust_name);
        let wire = &field.wire_name;
        match field.presence {
            Presence::Required => quote! { #wire => crate::runtime::read_field(&mut map, &mut #slot, #wire)?, },
            Presence::Optional => {
                quote! { #wire => crate::runtime::read_optional_field(&mut map, &mut #slot, #wire, &mut extra)?, }
            }
            Presence::RequiredNullable | Presence::OptionalNullable => {
                quote! { #wire => crate::runtime::read_nullable_field(&mut map, &mut #slot, #wire)?, }
            }
        }
    });
    let tag_arms = s.tags.iter().map(|tag| {
        let wire = &tag.wire_name;
        let value = &tag.value;
        quote! { #wire => crate::runtime::read_tag(&mut map, #wire, #value, &mut extra)?, }
    });
    let inits = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let slot = slot_ident(&field.rust_name);
        let wire = &field.wire_name;
        match field.presence {
            Presence::Required | Presence::RequiredNullable => {
                quote! { #rust: crate::runtime::required(#slot, #wire)?, }
            }
            Presence::Optional | Presence::OptionalNullable => quote! { #rust: #slot, },
        }
    });
    let expecting = format!("a {type_name} object");
    let (impl_generics, ty_generics, visitor_generics, visitor_value) = if s.content_param {
        (
            quote!(<'de, C: serde::Deserialize<'de>>),
            quote!(<C>),
            quote!(<C>(std::marker::PhantomData<C>)),
            quote!(Visitor(std::marker::PhantomData)),
        )
    } else {
        (quote!(<'de>), TokenStream::new(), TokenStream::new(), quote!(Visitor))
    };
    let visitor_impl_generics = if s.content_param { quote!(<'de, C: serde::Deserialize<'de>>) } else { quote!(<'de>) };
    quote! {
        #[allow(deprecated)]
        impl #impl_generics serde::Deserialize<'de> for #name #ty_generics {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor #visitor_generics;
                impl #visitor_impl_generics serde::de::Visitor<'de> for Visitor #ty_generics {
                    type Value = #name #ty_generics;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        #(#slots)*
                        let mut extra = std::collections::BTreeMap::new();
                        while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                            match key.as_str() {
                                #(#tag_arms)*
                                #(#arms)*
                                _ => crate::runtime::read_extra(&mut map, key, &mut extra)?,
                            }
                        }
                        Ok(#name { #(#inits)* extra })
                    }
                }
                deserializer.deserialize_map(#visitor_value)
            }
        }
    }
}

/// The local that collects a field while reading (never a raw identifier).
fn slot_ident(rust_name: &str) -> proc_macro2::Ident {
    format_ident!("field_{}", rust_name.trim_start_matches("r#"))
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
    let to_str = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let wire = &value.wire;
        quote! { #name::#variant => #wire, }
    });
    let from_str = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let wire = &value.wire;
        quote! { #wire => #name::#variant, }
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
        #[allow(deprecated)]
        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::_Custom(value) => value.as_str(),
                }
            }
        }
        #[allow(deprecated)]
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::_Custom(crate::runtime::PrivOwnedStr::new(other)),
                }
            }
        }
        #[allow(deprecated)]
        impl From<String> for #name {
            fn from(value: String) -> Self {
                match #name::from(value.as_str()) {
                    #name::_Custom(_) => #name::_Custom(crate::runtime::PrivOwnedStr::new(value)),
                    known => known,
                }
            }
        }
        #[allow(deprecated)]
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #[allow(deprecated)]
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        #[allow(deprecated)]
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::deserialize_string_enum(deserializer)
            }
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
            if let Ok(inner) = crate::runtime::decode_strictly(|| crate::runtime::decode_raw(&raw)) {
                return Ok(#name::#rust(inner));
            }
        }
    });
    let expected = format!("a value matching one of the forms of {name}");
    quote! {
        let raw = <Box<crate::runtime::RawJson> as serde::Deserialize>::deserialize(deserializer)?;
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
