//! Event content families and event enums.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::*;

use super::items::{deprecated_attr, event_consts};
use super::types::{doc_attrs, ident, type_tokens};

/// A content family: an enum over the shapes told apart by `discriminator`, decoded by reading
/// that property from the raw content first (no intermediate `Value` tree: `m.room.message` is
/// the most frequent content in a sync), so it needs `serde_json`'s own deserializer, like the
/// event enums that hold it.
pub fn family_def(def: &TypeDef, family: &FamilyDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let deprecated = deprecated_attr(def.deprecated);
    let name = ident(&def.name);
    let fallback = type_tokens(&family.fallback);
    let discriminator = &family.discriminator;
    let variants = family.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        let ty = type_tokens(&variant.ty);
        let doc = format!(" `{discriminator}: {}`.", variant.value);
        quote! { #[doc = #doc] #rust(#ty), }
    });
    let serialize_arms = family.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        quote! { #name::#rust(content) => serde::Serialize::serialize(content, serializer), }
    });
    let deserialize_arms = family.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        let value = &variant.value;
        let context = format!("invalid `{discriminator}: {value}` content: ");
        quote! {
            Some(#value) => raw.decode_described().map(#name::#rust).map_err(|e| format!("{}{e}", #context)),
        }
    });
    let consts = event_consts(def);
    let accessors = family_accessors(&name, family);
    let other_doc = format!(" Any other `{discriminator}`, with every field it had.");
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #other_doc]
            Other(#fallback),
        }
        #[allow(deprecated)]
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    #name::Other(content) => serde::Serialize::serialize(content, serializer),
                }
            }
        }
        #[allow(deprecated)]
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <crate::runtime::CapturedJson<'de> as serde::Deserialize>::deserialize(deserializer)?;
                #name::from_captured(raw).map_err(serde::de::Error::custom)
            }
        }
        #[allow(deprecated)]
        impl #name {
            /// What `Deserialize` does once the content's text is captured. Not generic over the
            /// deserializer, so the decoding of every shape compiles once, in this crate.
            fn from_captured(raw: crate::runtime::CapturedJson<'_>) -> Result<Self, String> {
                let tag = crate::runtime::peek_str_field(raw.get(), #discriminator).map_err(|e| e.to_string())?;
                match tag.as_deref() {
                    #(#deserialize_arms)*
                    _ => raw.decode().map(#name::Other).map_err(|e| e.to_string()),
                }
            }
        }
        #consts
        #accessors
    }
}

/// The accessors of a content family: its discriminator (each shape's own value; `Other` reads
/// its field) and the text fields every shape has ([`overrides::FAMILY_TEXT_FIELDS`]).
fn family_accessors(name: &proc_macro2::Ident, family: &FamilyDef) -> TokenStream {
    let discriminator = &family.discriminator;
    let method = ident(&crate::ir::naming::field_ident(discriminator));
    let tag_arms = family.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        let value = &variant.value;
        quote! { #name::#rust(_) => #value, }
    });
    let other_tag = match &family.fallback {
        TypeRef::Named(_) => quote! { #name::Other(content) => &content.#method, },
        _ => {
            quote! { #name::Other(content) => content.get(#discriminator).and_then(|v| v.as_str()).unwrap_or_default(), }
        }
    };
    let tag_doc = format!(" The `{discriminator}`: each shape's own value, or what an [`Self::Other`] content holds.");
    let texts = overrides::FAMILY_TEXT_FIELDS.iter().filter(|(d, _, _)| d == discriminator).map(|(_, field, _)| {
        let field_ident = ident(&crate::ir::naming::field_ident(field));
        let arms = family.variants.iter().map(|variant| {
            let rust = ident(&variant.rust_name);
            quote! { #name::#rust(content) => crate::runtime::TextField::text(&content.#field_ident), }
        });
        let doc = format!(" The `{field}` of any shape; `None` where the shape leaves it out.");
        quote! {
            #[doc = #doc]
            pub fn #field_ident(&self) -> Option<&str> {
                match self {
                    #(#arms)*
                    #name::Other(content) => crate::runtime::TextField::text(&content.#field_ident),
                }
            }
        }
    });
    quote! {
        #[allow(deprecated)]
        impl #name {
            #[doc = #tag_doc]
            pub fn #method(&self) -> &str {
                match self {
                    #(#tag_arms)*
                    #other_tag
                }
            }
            #(#texts)*
        }
    }
}

/// An event enum: the raw event is captured once, its envelope read in one pass (the `type`,
/// duplicate envelope keys, a redaction), and the whole event decoded into the variant of its
/// type; a redacted, unknown or undecodable event is kept whole, byte for byte, in its own
/// variant, so one event never sinks the list it sits in.
pub fn event_enum_def(def: &TypeDef, enum_def: &EventEnumDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let variants = &enum_def.variants;
    let discriminator = &enum_def.discriminator;
    let field = ident(&crate::ir::naming::field_ident(discriminator));
    let enum_variants = variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        let ty = type_tokens(&variant.ty);
        let doc = format!(" `{}`.", variant.event_types.join("`, `"));
        quote! { #[doc = #doc] #rust(Box<#ty>), }
    });
    let all_types: Vec<&String> = variants.iter().flat_map(|v| &v.event_types).collect();
    let type_arms = variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        quote! { #name::#rust(event) => &event.#field, }
    });
    let typed_arms = variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        quote! { #name::#rust(_) }
    });
    let serialize_arms = variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        quote! { #name::#rust(event) => serde::Serialize::serialize(event, serializer), }
    });
    let deserialize_arms = variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        let types = &variant.event_types;
        quote! { #(#types)|* => crate::runtime::decode_event(&raw, &event_type).map(|event| #name::#rust(Box::new(event))), }
    });
    let accessors = enum_def.accessors.iter().map(|field| accessor(&name, variants, field));
    let as_variants = variants.iter().map(|variant| as_variant(&name, variant));
    quote! {
        #doc
        ///
        /// Decoding reads the event's envelope once (its `type`; a duplicate envelope key makes
        /// the event invalid, so no reader sees another event than this enum did) and decodes the
        /// whole event into the variant of its type. What does not decode is kept whole, byte for
        /// byte, and re-encodes unchanged: a redacted event in [`Self::Redacted`], an unknown type
        /// in [`Self::Unknown`], and an event that does not fit its schema in [`Self::Invalid`]
        /// with its error (an error instead under [`crate::runtime::decode_strictly`]). It needs
        /// `serde_json`'s own deserializer (`from_str`, `from_slice`, `from_reader`).
        ///
        /// Each typed event is boxed: the enum stays a few words wide (the largest events,
        /// with a typed content and `unsigned`, are over a kilobyte), so a list of events moves
        /// pointers, not events, while it is decoded and grown.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#enum_variants)*
            /// An event whose content a redaction stripped (`unsigned.redacted_because` is set).
            Redacted(crate::runtime::RedactedEvent),
            /// An event of a type this enum does not know, exactly as it was received.
            Unknown(crate::runtime::UnknownEvent),
            /// An event that does not fit its schema, exactly as it was received, with its error.
            Invalid(crate::runtime::InvalidEvent),
        }
        impl #name {
            /// The event types this enum decodes into typed variants.
            pub const EVENT_TYPES: &'static [&'static str] = &[#(#all_types),*];
            /// The value that picked the variant (the event's `type`, an EDU's `edu_type`); empty
            /// for an invalid event whose type could not be read.
            pub fn event_type(&self) -> &str {
                match self {
                    #(#type_arms)*
                    #name::Redacted(event) => event.event_type(),
                    #name::Unknown(event) => event.event_type(),
                    #name::Invalid(event) => event.event_type().unwrap_or_default(),
                }
            }
            /// What decoding made of the event: typed, redacted, unknown or kept invalid.
            pub fn decode_status(&self) -> crate::runtime::EventStatus {
                match self {
                    #(#typed_arms)|* => crate::runtime::EventStatus::Typed,
                    #name::Redacted(_) => crate::runtime::EventStatus::Redacted,
                    #name::Unknown(_) => crate::runtime::EventStatus::Unknown,
                    #name::Invalid(_) => crate::runtime::EventStatus::Invalid,
                }
            }
            /// Whether a redaction stripped the event's content.
            pub fn is_redacted(&self) -> bool {
                matches!(self, #name::Redacted(_))
            }
            #(#accessors)*
            #(#as_variants)*
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    #name::Redacted(event) => serde::Serialize::serialize(event, serializer),
                    #name::Unknown(event) => serde::Serialize::serialize(event, serializer),
                    #name::Invalid(event) => serde::Serialize::serialize(event, serializer),
                }
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <crate::runtime::CapturedJson<'de> as serde::Deserialize>::deserialize(deserializer)?;
                #name::from_captured(raw).map_err(serde::de::Error::custom)
            }
        }
        impl #name {
            /// What `Deserialize` does once the event's text is captured. Not generic over the
            /// deserializer, so the decoding of every event type compiles once, in this crate,
            /// rather than again in each crate that decodes this enum.
            fn from_captured(raw: crate::runtime::CapturedJson<'_>) -> Result<Self, String> {
                let (event_type, raw) = match crate::runtime::dispatch(raw, #discriminator).map_err(|e| e.to_string())? {
                    crate::runtime::Dispatch::Decode(event_type, raw) => (event_type, raw),
                    crate::runtime::Dispatch::Redacted(event) => return Ok(#name::Redacted(event)),
                    crate::runtime::Dispatch::Invalid(event) => return Ok(#name::Invalid(event)),
                };
                let decoded = match &*event_type {
                    #(#deserialize_arms)*
                    _ => return match crate::runtime::keep_unknown(event_type, raw).map_err(|e| e.to_string())? {
                        crate::runtime::Kept::Unknown(event) => Ok(#name::Unknown(event)),
                        crate::runtime::Kept::Invalid(event) => Ok(#name::Invalid(event)),
                    },
                };
                match decoded {
                    Ok(event) => Ok(event),
                    Err(error) => crate::runtime::keep_invalid(event_type, error, raw).map(#name::Invalid).map_err(|e| e.to_string()),
                }
            }
        }
    }
}

/// `as_room_message()`: the event of one typed variant, if it is one (saves a match where only
/// one type matters).
fn as_variant(name: &proc_macro2::Ident, variant: &EventVariant) -> TokenStream {
    let rust = ident(&variant.rust_name);
    let method = ident(&format!("as_{}", crate::ir::naming::snake_case(&variant.rust_name)));
    let ty = type_tokens(&variant.ty);
    let doc = format!(" The event, if it is a typed `{}` event.", variant.event_types.join("` or `"));
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> Option<&#ty> {
            match self {
                #name::#rust(event) => Some(&**event),
                _ => None,
            }
        }
    }
}

/// An accessor for an envelope field every variant has: the typed variants' field, a redacted
/// event's field where its envelope was readable, `None` for unknown and invalid events (read
/// their JSON).
fn accessor(name: &proc_macro2::Ident, variants: &[EventVariant], field: &Field) -> TokenStream {
    let method = ident(&field.rust_name);
    let ty = type_tokens(&field.ty);
    let doc = format!(
        " The event's `{}`; `None` for an unknown or invalid event (see its JSON), and for a redacted one whose envelope lacks it.",
        field.wire_name
    );
    let typed = variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        quote! { #name::#rust(event) => Some(&event.#method), }
    });
    let redacted = match field.wire_name.as_str() {
        "sender" => quote! { #name::Redacted(event) => event.sender(), },
        "event_id" => quote! { #name::Redacted(event) => event.event_id(), },
        "room_id" => quote! { #name::Redacted(event) => event.room_id(), },
        "state_key" => quote! { #name::Redacted(event) => event.state_key_ref(), },
        "origin_server_ts" => quote! { #name::Redacted(event) => event.origin_server_ts_ref(), },
        _ => TokenStream::new(),
    };
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> Option<&#ty> {
            match self {
                #(#typed)*
                #redacted
                _ => None,
            }
        }
    }
}
