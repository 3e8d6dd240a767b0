//! `Debug` that hides secrets: a struct with a field the overrides name as a secret
//! (`ir::overrides::SECRET_FIELDS`: passwords, tokens, session keys) prints `<redacted>` for
//! its value instead of deriving `Debug`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::overrides::is_secret_field;

use super::types::ident;

/// One field as `Debug` shows it: its Rust name and its wire name.
pub struct DebugField<'f> {
    /// The Rust field name.
    pub rust_name: &'f str,
    /// The name on the wire, which says whether it is a secret.
    pub wire_name: &'f str,
}

/// Whether any of `fields` is a secret (then the struct gets [`redacting_debug`]).
pub fn has_secret(fields: &[DebugField<'_>]) -> bool {
    fields.iter().any(|f| is_secret_field(f.wire_name))
}

/// `impl Debug` printing every field but the secrets' values. `extra` adds the `extra` map;
/// `generic` makes it `impl<C: Debug>` for an event envelope.
pub fn redacting_debug(name: &proc_macro2::Ident, fields: &[DebugField<'_>], extra: bool, generic: bool) -> TokenStream {
    let label = name.to_string();
    let entries = fields.iter().map(|field| {
        let rust = ident(field.rust_name);
        let shown = field.rust_name.trim_start_matches("r#");
        if is_secret_field(field.wire_name) {
            quote! { .field(#shown, &crate::runtime::Redacted(&self.#rust)) }
        } else {
            quote! { .field(#shown, &self.#rust) }
        }
    });
    let extra = if extra { quote! { .field("extra", &self.extra) } } else { TokenStream::new() };
    let (impl_generics, ty_generics) =
        if generic { (quote!(<C: std::fmt::Debug>), quote!(<C>)) } else { (TokenStream::new(), TokenStream::new()) };
    quote! {
        #[allow(deprecated)]
        impl #impl_generics std::fmt::Debug for #name #ty_generics {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#entries)* #extra .finish()
            }
        }
    }
}
