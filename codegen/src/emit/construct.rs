//! Constructors: `new(required…)` on every struct and `Request`, taking the required fields in
//! the spec's order (each `impl Into<T>`, so identifiers and strings take `&str`), with every
//! optional field unset; `Default` where nothing is required. And, for the tests, a sample call
//! of every operation's `Request::new` built from the IR alone.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::*;

use super::types::{field_type, ident, type_tokens};

/// `impl Name { pub fn new(..) }` (and `Default` if nothing is required) for a struct.
pub fn struct_constructor(name: &proc_macro2::Ident, s: &StructDef) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| is_required(f.presence)).collect();
    let params = required.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let ty = field_type(&field.ty, field.presence);
        quote! { #rust: impl Into<#ty> }
    });
    let inits = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        if is_required(field.presence) {
            quote! { #rust: #rust.into(), }
        } else {
            quote! { #rust: None, }
        }
    });
    let (impl_generics, ty_generics) =
        if s.content_param { (quote!(<C>), quote!(<C>)) } else { (TokenStream::new(), TokenStream::new()) };
    let default = if required.is_empty() && !s.content_param { default_from_new(&quote!(#name)) } else { TokenStream::new() };
    quote! {
        #[allow(deprecated)]
        impl #impl_generics #name #ty_generics {
            /// A value with the required fields, in the spec's order; every optional field is
            /// unset (set them by assignment) and no extra keys.
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#params),*) -> Self {
                #name { #(#inits)* extra: std::collections::BTreeMap::new() }
            }
        }
        #default
    }
}

/// `Default` as `new()` with no arguments, for a type with nothing required.
fn default_from_new(name: &TokenStream) -> TokenStream {
    quote! {
        #[allow(deprecated)]
        impl Default for #name {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}

fn is_required(presence: Presence) -> bool {
    matches!(presence, Presence::Required | Presence::RequiredNullable)
}

/// `impl Request { pub fn new(..) }` (and `Default` if nothing is required): the required path,
/// query and header parameters in that order, then the body if it is required.
pub fn request_constructor(op: &OperationIr) -> TokenStream {
    let required: Vec<&ParamIr> = op.params.iter().filter(|p| p.required).collect();
    let mut params: Vec<TokenStream> = required
        .iter()
        .map(|param| {
            let rust = ident(&param.rust_name);
            let ty = type_tokens(&param.ty);
            quote! { #rust: impl Into<#ty> }
        })
        .collect();
    let mut inits: Vec<TokenStream> = op
        .params
        .iter()
        .map(|param| {
            let rust = ident(&param.rust_name);
            if param.required {
                quote! { #rust: #rust.into(), }
            } else {
                quote! { #rust: None, }
            }
        })
        .collect();
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    match &op.body {
        Some(_) if body_required => {
            params.push(quote! { body: RequestBody });
            inits.push(quote! { body, });
        }
        Some(_) => inits.push(quote! { body: None, }),
        None => {}
    }
    let default = if params.is_empty() { default_from_new(&quote!(Request)) } else { TokenStream::new() };
    let with_content = content_constructor(op, &required, body_required);
    quote! {
        #[allow(deprecated)]
        impl Request {
            /// A request with the required parameters (path, then query, then header, each in the
            /// spec's order) and the body if it is required; every optional one is unset.
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#params),*) -> Self {
                Request { #(#inits)* }
            }
            #with_content
        }
        #default
    }
}

/// `with_content(…, &content)` for the operations whose body is the content of an event of the
/// type named by a path parameter (see `overrides::CONTENT_REQUESTS`): the event type and the
/// body come from the typed content.
fn content_constructor(op: &OperationIr, required: &[&ParamIr], body_required: bool) -> TokenStream {
    let Some(event_type) = crate::ir::overrides::content_request(&op.operation_id) else { return TokenStream::new() };
    let body_is_object = op.body.as_ref().is_some_and(|b| b.ty == TypeRef::JsonObject);
    if !body_required || !body_is_object || !required.iter().any(|p| p.wire_name == event_type) {
        return TokenStream::new();
    }
    let others: Vec<&&ParamIr> = required.iter().filter(|p| p.wire_name != event_type).collect();
    let params = others.iter().map(|param| {
        let rust = ident(&param.rust_name);
        let ty = type_tokens(&param.ty);
        quote! { #rust: impl Into<#ty> }
    });
    let args = required.iter().map(|param| {
        if param.wire_name == event_type {
            quote!(C::EVENT_TYPE)
        } else {
            let rust = ident(&param.rust_name);
            quote!(#rust)
        }
    });
    let doc = super::types::doc_attrs(&format!(
        "A request whose body is `content` and whose `{event_type}` is its event type; the other \
         required parameters as for [`Self::new`].\n\nFails only if `content` does not encode as a \
         JSON object (every generated content type does)."
    ));
    quote! {
        #doc
        #[allow(clippy::too_many_arguments)]
        pub fn with_content<C: crate::runtime::EventContent>(#(#params,)* content: &C) -> Result<Self, serde_json::Error> {
            Ok(Self::new(#(#args,)* crate::runtime::content_object(content)?))
        }
    }
}

/// Every generated type by module and name, to build sample values from.
pub struct TypeIndex<'i> {
    types: BTreeMap<(ModulePath, String), &'i TypeDef>,
}

impl<'i> TypeIndex<'i> {
    /// Indexes every type of `ir`.
    pub fn new(ir: &'i Ir) -> TypeIndex<'i> {
        let mut types = BTreeMap::new();
        for (path, module) in &ir.modules {
            for def in &module.types {
                types.insert((path.clone(), def.name.clone()), def);
            }
            for op in &module.operations {
                let mut op_path = path.clone();
                op_path.push(op.module.clone());
                for def in &op.types {
                    types.insert((op_path.clone(), def.name.clone()), def);
                }
            }
        }
        TypeIndex { types }
    }

    /// An expression of type `ty` built with constructors only (for the constructor test).
    pub fn sample(&self, ty: &TypeRef) -> TokenStream {
        self.sample_at(ty, &TypeRef::JsonObject, 0)
    }

    fn sample_at(&self, ty: &TypeRef, content: &TypeRef, depth: usize) -> TokenStream {
        match ty {
            TypeRef::String => quote!(String::from("x")),
            TypeRef::Bool => quote!(false),
            TypeRef::Integer => quote!(1i64),
            TypeRef::Number => quote!(crate::runtime::Number(1.0)),
            TypeRef::JsonValue => quote!(crate::runtime::JsonValue::Null),
            TypeRef::JsonObject => quote!(crate::runtime::JsonObject::new()),
            TypeRef::Bytes => quote!(Vec::<u8>::new()),
            TypeRef::Identifier(name) => {
                let name_ident = ident(name);
                let text = crate::ir::overrides::identifier_sample(name);
                quote!(crate::identifiers::#name_ident::from(#text))
            }
            TypeRef::Runtime(path) if path.ends_with("EncryptedFile") => {
                quote!(crate::EncryptedFile::new(
                    "mxc://example.org/file",
                    crate::JsonWebKey::a256ctr("a2V5"),
                    "aXY",
                    std::collections::BTreeMap::new()
                ))
            }
            TypeRef::Runtime(path) if path.ends_with("MatrixError") => {
                quote!(crate::MatrixError::new(crate::ErrorCode::Unknown, "x"))
            }
            TypeRef::Runtime(_)
            | TypeRef::RuntimeGeneric(..)
            | TypeRef::EventList(_)
            | TypeRef::Vec(_)
            | TypeRef::Map(..) => {
                let ty = type_tokens(ty);
                quote!(<#ty as Default>::default())
            }
            TypeRef::Tuple(items) => {
                let items = items.iter().map(|item| self.sample_at(item, content, depth + 1));
                quote!((#(#items),*))
            }
            TypeRef::Nullable(inner) => {
                let inner = type_tokens(inner);
                quote!(Option::<#inner>::None)
            }
            TypeRef::Boxed(inner) => {
                let inner = self.sample_at(inner, content, depth + 1);
                quote!(Box::new(#inner))
            }
            TypeRef::ContentParam => self.sample_at(content, &TypeRef::JsonObject, depth + 1),
            TypeRef::Named(named) => self.named_sample(named, &TypeRef::JsonObject, depth),
            TypeRef::Generic(named, args) => {
                let content = args.first().cloned().unwrap_or(TypeRef::JsonObject);
                self.named_sample(named, &content, depth)
            }
        }
    }

    fn named_sample(&self, named: &NamedRef, content: &TypeRef, depth: usize) -> TokenStream {
        let path = named_path(named);
        let Some(def) = self.types.get(&(named.module.clone(), named.name.clone())) else {
            return quote!(serde_json::from_str::<#path>("{}")?);
        };
        if depth > 16 {
            // Deep enough: decode an empty object rather than recurse further.
            return quote!(serde_json::from_str::<#path>("{}")?);
        }
        match &def.kind {
            TypeKind::Struct(s) => {
                let args = s.fields.iter().filter(|f| is_required(f.presence)).map(|f| match f.presence {
                    Presence::RequiredNullable => {
                        let inner = type_tokens(&f.ty);
                        quote!(Option::<#inner>::None)
                    }
                    _ => self.sample_at(&f.ty, content, depth + 1),
                });
                let generics = if s.content_param {
                    let content = type_tokens(content);
                    quote!(::<#content>)
                } else {
                    TokenStream::new()
                };
                quote!(#path #generics::new(#(#args),*))
            }
            TypeKind::Enum(_) => quote!(#path::from("x")),
            TypeKind::Union(u) => match u.variants.first() {
                Some(variant) => {
                    let rust = ident(&variant.rust_name);
                    let inner = self.sample_at(&variant.ty, content, depth + 1);
                    quote!(#path::#rust(#inner))
                }
                None => quote!(serde_json::from_str::<#path>("{}")?),
            },
            TypeKind::Alias(target) => self.sample_at(target, content, depth + 1),
            TypeKind::ContentFamily(family) => {
                let inner = self.sample_at(&family.fallback, content, depth + 1);
                quote!(#path::Other(#inner))
            }
            TypeKind::EventEnum(_) => {
                quote!(serde_json::from_str::<#path>(r#"{"type":"org.example.custom","content":{}}"#)?)
            }
        }
    }
}

/// `crate::generated::a::b::Name`.
fn named_path(named: &NamedRef) -> TokenStream {
    let segments = named.module.iter().map(|s| ident(s));
    let name = ident(&named.name);
    quote!(crate::generated::#(#segments::)*#name)
}

/// The sample call of every operation's `Request::new`, sent through its `Endpoint` (a
/// registry entry per operation: `{Api}/{operationId}` → closure).
pub fn constructor_entries(ir: &Ir) -> Vec<TokenStream> {
    let index = TypeIndex::new(ir);
    let mut entries = Vec::new();
    for (path, module) in &ir.modules {
        for op in &module.operations {
            let key = format!("{}/{}", op.api, op.operation_id);
            let segments: Vec<_> = path.iter().chain(std::iter::once(&op.module)).map(|s| ident(s)).collect();
            let mut args: Vec<TokenStream> = op.params.iter().filter(|p| p.required).map(|p| index.sample(&p.ty)).collect();
            if op.body.as_ref().is_some_and(|b| b.required) {
                // Every body has the name `RequestBody` in its operation (a struct or an alias).
                let mut op_path = path.clone();
                op_path.push(op.module.clone());
                args.push(index.sample(&TypeRef::Named(NamedRef { module: op_path, name: "RequestBody".to_string() })));
            }
            entries.push(quote! {
                (#key, || {
                    let request = crate::generated::#(#segments::)*Request::new(#(#args),*);
                    let options = crate::http::SendOptions {
                        access_token: crate::http::AccessToken::Bearer("token".into()),
                        assert_identity: None,
                    };
                    crate::http::Endpoint::try_into_http_request(&request, "https://example.org", &options)
                }),
            });
        }
    }
    entries
}
