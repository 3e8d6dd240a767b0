//! Per operation: `impl Endpoint for Request` (which field goes where) and the `Response` enum
//! with one variant per documented status, for the runtime's `http` module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;

use super::types::ident;

/// The `Endpoint` impl and the `Response` enum of an operation.
pub fn endpoint(op: &OperationIr, path: &ModulePath) -> TokenStream {
    let request_impl = request_impl(op);
    let response = response_enum(op, path);
    quote! { #request_impl #response }
}

fn place_order(param: &ParamIr) -> u8 {
    match (param.location, param.spread) {
        (ParamLocation::Path, _) => 0,
        (ParamLocation::Header, _) => 1,
        (ParamLocation::Query, false) => 2,
        // An object spread into the query takes the keys no named parameter reads: read it last.
        (ParamLocation::Query, true) => 3,
    }
}

fn request_impl(op: &OperationIr) -> TokenStream {
    let mut params: Vec<&ParamIr> = op.params.iter().collect();
    params.sort_by_key(|p| place_order(p));
    let writes = params.iter().map(|param| {
        let rust = ident(&param.rust_name);
        let wire = &param.wire_name;
        match param.location {
            ParamLocation::Path => quote! { parts.path(#wire, &self.#rust)?; },
            ParamLocation::Query => quote! { parts.query(#wire, &self.#rust)?; },
            ParamLocation::Header => quote! { parts.header(#wire, &self.#rust)?; },
        }
    });
    let reads = params.iter().map(|param| {
        let local = format_ident!("param_{}", param.rust_name.trim_start_matches("r#"));
        let wire = &param.wire_name;
        let read = match (param.location, param.required, param.spread) {
            (ParamLocation::Path, _, _) => quote!(path),
            (ParamLocation::Query, _, true) => quote!(query_object),
            (ParamLocation::Query, true, false) => quote!(query),
            (ParamLocation::Query, false, false) => quote!(optional_query),
            (ParamLocation::Header, true, _) => quote!(header),
            (ParamLocation::Header, false, _) => quote!(optional_header),
        };
        let required_object = param.spread && param.required;
        let value = if required_object {
            quote! { incoming.#read(#wire)?.ok_or(crate::http::Error::MissingParameter(#wire))? }
        } else {
            quote! { incoming.#read(#wire)? }
        };
        quote! { let #local = #value; }
    });
    let inits = op.params.iter().map(|param| {
        let rust = ident(&param.rust_name);
        let local = format_ident!("param_{}", param.rust_name.trim_start_matches("r#"));
        quote! { #rust: #local, }
    });
    let (write_body, read_body) = match &op.body {
        None => (TokenStream::new(), TokenStream::new()),
        Some(body) if body.ty == TypeRef::Bytes => {
            (quote! { parts.bytes_body(&self.body); }, quote! { body: incoming.bytes_body(), })
        }
        Some(body) if body.required => {
            (quote! { parts.json_body(&self.body)?; }, quote! { body: incoming.json_body()?, })
        }
        Some(_) => (
            quote! { if let Some(body) = &self.body { parts.json_body(body)?; } },
            quote! { body: incoming.optional_json_body()?, },
        ),
    };
    let deprecated = if op.deprecated { quote!(#[allow(deprecated)]) } else { TokenStream::new() };
    if op.params.is_empty() && op.body.is_none() {
        return quote! {
            #deprecated
            impl crate::http::Endpoint for Request {
                type Response = Response;
                const METADATA: &'static crate::runtime::Metadata = &METADATA;
                fn to_parts(&self) -> Result<crate::http::RequestParts, crate::http::Error> {
                    Ok(crate::http::RequestParts::default())
                }
                fn from_incoming(_incoming: &mut crate::http::IncomingRequest) -> Result<Self, crate::http::Error> {
                    Ok(Request {})
                }
            }
        };
    }
    quote! {
        #deprecated
        impl crate::http::Endpoint for Request {
            type Response = Response;
            const METADATA: &'static crate::runtime::Metadata = &METADATA;
            fn to_parts(&self) -> Result<crate::http::RequestParts, crate::http::Error> {
                let mut parts = crate::http::RequestParts::default();
                #(#writes)*
                #write_body
                Ok(parts)
            }
            fn from_incoming(incoming: &mut crate::http::IncomingRequest) -> Result<Self, crate::http::Error> {
                #(#reads)*
                Ok(Request { #(#inits)* #read_body })
            }
        }
    }
}

/// How a documented response travels.
enum Shape<'r> {
    /// A JSON body of the named type.
    Json(&'r str),
    /// Media bytes with their content type and disposition.
    Media,
    /// A bodiless redirect with `Location`.
    Redirect,
    /// Nothing but the status.
    Empty,
    /// An error kept whole: the runtime's `ErrorResponse`.
    StandardError,
}

fn shape(response: &ResponseIr) -> Shape<'_> {
    match (&response.body, &response.type_name) {
        _ if response.standard_error => Shape::StandardError,
        (Some(body), _) if body.ty == TypeRef::Bytes => Shape::Media,
        (Some(_), Some(name)) => Shape::Json(name),
        _ if response.headers.iter().any(|h| h.eq_ignore_ascii_case("location")) => Shape::Redirect,
        _ => Shape::Empty,
    }
}

/// `200` → (`Status200`, exact code); `4XX` → (`Status4xx`, class).
fn variant(status: &str) -> (proc_macro2::Ident, Result<u16, u16>) {
    match status.parse::<u16>() {
        Ok(code) => (format_ident!("Status{code}"), Ok(code)),
        Err(_) => {
            let class = status.chars().next().and_then(|c| c.to_digit(10)).unwrap_or(0) as u16;
            (format_ident!("Status{class}xx"), Err(class))
        }
    }
}

/// The match arms of one documented response in each of the enum's functions.
#[derive(Default)]
struct Arms {
    variants: Vec<TokenStream>,
    to_parts: Vec<TokenStream>,
    from_specific: Vec<TokenStream>,
    from_ranges: Vec<TokenStream>,
    errors: Vec<TokenStream>,
}

fn response_enum(op: &OperationIr, path: &ModulePath) -> TokenStream {
    let mut arms = Arms::default();
    for response in op.responses.iter().filter(|r| r.status != "default") {
        response_arms(response, &mut arms);
    }
    let Arms { variants, to_parts, from_specific, from_ranges, errors } = arms;
    let example = match super::examples::response_example(op, path) {
        Ok(code) => super::types::doc_attrs(&format!("\n# Example\n\n{code}")),
        Err(_) => TokenStream::new(),
    };
    quote! {
        /// The responses, one variant per documented status, and `Other` for the rest.
        /// Non-exhaustive: a later spec version may document another status.
        #example
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum Response {
            #(#variants)*
            /// A status the spec does not document here, or an error whose body does not fit the
            /// documented one: kept whole, with its status, headers and body.
            Other(crate::http::ErrorResponse),
        }
        impl crate::http::EndpointResponse for Response {
            fn to_parts(&self) -> Result<crate::http::ResponseParts, crate::http::Error> {
                match self {
                    #(#to_parts)*
                    Response::Other(error) => error.to_parts(),
                }
            }
            fn from_parts(parts: &crate::http::ResponseParts) -> Result<Self, crate::http::Error> {
                match parts.status {
                    #(#from_specific)*
                    #(#from_ranges)*
                    _ => Ok(Response::Other(crate::http::ErrorResponse::from_parts(parts))),
                }
            }
            fn error(&self) -> Option<crate::http::ResponseError> {
                match self {
                    #(#errors)*
                    Response::Other(error) => error.error(),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    }
}

/// Whether a status (exact, or a class like `4XX`) is an error.
fn is_error(status: Result<u16, u16>) -> bool {
    match status {
        Ok(code) => code >= 400,
        Err(class) => class >= 4,
    }
}

fn response_arms(response: &ResponseIr, arms: &mut Arms) {
    let (name, status) = variant(&response.status);
    let doc = format!(" `{}`: {}", response.status, response.doc.lines().next().unwrap_or_default());
    let shape = shape(response);
    if let Shape::StandardError = shape {
        arms.variants.push(quote! { #[doc = #doc] #name(crate::http::ErrorResponse), });
        arms.to_parts.push(quote! { Response::#name(error) => error.to_parts(), });
        arms.errors.push(quote! { Response::#name(error) => error.error(), });
        let read = quote! { Ok(Response::#name(crate::http::ErrorResponse::from_parts(parts))) };
        match status {
            Ok(code) => arms.from_specific.push(quote! { #code => #read, }),
            Err(class) => {
                let (low, high) = (class * 100, class * 100 + 99);
                arms.from_ranges.push(quote! { #low..=#high => #read, });
            }
        }
        return;
    }
    let payload = match shape {
        Shape::Json(type_name) => {
            let ty = ident(type_name);
            quote!(#ty)
        }
        Shape::Media => quote!(crate::http::MediaBody),
        Shape::Redirect => quote!(crate::http::Redirect),
        Shape::Empty | Shape::StandardError => TokenStream::new(),
    };
    let build = |code: TokenStream| match shape {
        Shape::Json(_) => quote! { crate::http::ResponseParts::json(#code, body) },
        Shape::Media => quote! { Ok(crate::http::ResponseParts::media(#code, body)) },
        Shape::Redirect => quote! { Ok(crate::http::ResponseParts::redirect(#code, body)) },
        Shape::Empty | Shape::StandardError => quote! { Ok(crate::http::ResponseParts::empty(#code)) },
    };
    let has_body = !payload.is_empty();
    let error = is_error(status);
    // A documented error with a typed body (user-interactive auth, an error with extra
    // fields): a body that does not fit is kept whole in `Other` rather than lost.
    let read_json = |wrap: TokenStream| {
        if error {
            quote! {
                match parts.json_body() {
                    Ok(body) => Ok(#wrap),
                    Err(_) => Ok(Response::Other(crate::http::ErrorResponse::from_parts(parts))),
                }
            }
        } else {
            quote! { { let body = parts.json_body()?; Ok(#wrap) } }
        }
    };
    let read = |wrap: TokenStream| match shape {
        Shape::Json(_) => read_json(wrap),
        Shape::Media => quote! { { let body = parts.media_body(); Ok(#wrap) } },
        Shape::Redirect => quote! { { let body = parts.redirect_body(); Ok(#wrap) } },
        Shape::Empty | Shape::StandardError => quote! { Ok(#wrap) },
    };
    match status {
        Ok(code) => {
            if has_body {
                arms.variants.push(quote! { #[doc = #doc] #name(#payload), });
                let built = build(quote!(#code));
                arms.to_parts.push(quote! { Response::#name(body) => #built, });
                let read = read(quote!(Response::#name(body)));
                arms.from_specific.push(quote! { #code => #read, });
                if error {
                    arms.errors.push(
                        quote! { Response::#name(body) => Some(crate::http::ResponseError::from_body(#code, body)), },
                    );
                }
            } else {
                arms.variants.push(quote! { #[doc = #doc] #name, });
                let built = build(quote!(#code));
                arms.to_parts.push(quote! { Response::#name => #built, });
                arms.from_specific.push(quote! { #code => Ok(Response::#name), });
            }
        }
        Err(class) => {
            let (low, high) = (class * 100, class * 100 + 99);
            let status_doc = " The status code received.";
            if has_body {
                arms.variants.push(quote! { #[doc = #doc] #name(#[doc = #status_doc] u16, #payload), });
                let built = build(quote!(*status));
                arms.to_parts.push(quote! { Response::#name(status, body) => #built, });
                let read = read(quote!(Response::#name(status, body)));
                arms.from_ranges.push(quote! { status @ #low..=#high => #read, });
                if error {
                    arms.errors.push(quote! {
                        Response::#name(status, body) => Some(crate::http::ResponseError::from_body(*status, body)),
                    });
                }
            } else {
                arms.variants.push(quote! { #[doc = #doc] #name(#[doc = #status_doc] u16), });
                let built = build(quote!(*status));
                arms.to_parts.push(quote! { Response::#name(status) => #built, });
                arms.from_ranges.push(quote! { status @ #low..=#high => Ok(Response::#name(status)), });
            }
        }
    }
}
