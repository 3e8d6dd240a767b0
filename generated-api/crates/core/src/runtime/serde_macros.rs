//! The declarative macros behind the generated structs' `Serialize` and `Deserialize`
//! ([`serde_struct!`]) and the generated open enums' impls ([`open_enum!`]): the generated
//! files hold only each type's facts (a struct's name, the text of its "expected ..." error,
//! its tags, and each field's Rust name, wire name and presence; an enum's variants and their
//! wire values), and the code that reads and writes them is written once, here.

/// Implements `serde::Serialize` and `serde::Deserialize` for a generated struct that has one
/// named field per known key and an `extra` map for every other key.
///
/// ```text
/// crate::runtime::serde_struct! {
///     TextContent, "a TextContent object", tag "msgtype" = "m.text";
///     required body = "body",
///     optional format = "format",
///     required_nullable avatar_url = "avatar_url",
///     optional_nullable reason = "reason",
/// }
/// ```
///
/// The header is the type (`Name`, or `Name<C>` for a struct generic over its content `C`), the
/// text of its "invalid type: ..., expected ..." errors, and any tags (a key whose one value the
/// type fixes, see [`read_tag`](crate::runtime::read_tag)). Then one line per field,
/// `presence rust_name = "wire_name"`, in the order the fields are written. The presence is one
/// of (the IR's `Presence`):
///
/// - `required`: field type `T`; a missing key is the "missing field" error
///   ([`read_field`](crate::runtime::read_field), [`required`](crate::runtime::required));
/// - `optional`: field type `Option<T>`, absent is `None`; a `null` is kept in `extra` and
///   written back unless the field was set since
///   ([`read_optional_field`](crate::runtime::read_optional_field),
///   [`serialize_extra`](crate::runtime::serialize_extra));
/// - `required_nullable`: field type `Option<T>`, the key must be there, `null` is `None`;
/// - `optional_nullable`: field type `Option<Option<T>>`, absent is `None`, `null` is
///   `Some(None)` ([`read_nullable_field`](crate::runtime::read_nullable_field)).
///
/// It expands to what the generator used to write out for each struct, under
/// `#[allow(deprecated)]` (a deprecated type or field is still read and written):
///
/// - `Serialize`: a map of unknown length; each tag (unless `extra` holds a differing value
///   kept on decode), then each field (an absent optional one is left out), then the `extra`
///   entries through [`serialize_extra`](crate::runtime::serialize_extra) (a struct without
///   optional fields used to loop over `extra` itself: the same entries);
/// - `Deserialize`: a map visitor reading each key once as a borrowed
///   [`Key`](crate::runtime::Key) and matching it against the tags and wire names; any other
///   key goes to `extra` ([`read_extra`](crate::runtime::read_extra)); a tag or field key seen
///   twice is the "duplicate field" error. The slots the fields are read into are locals named
///   after the fields.
// Exported (at the crate root, and re-exported as `runtime::serde_struct`): the operations
// crates invoke it too. Hidden: it is the generated code's, not an API for users.
#[doc(hidden)]
#[macro_export]
macro_rules! serde_struct {
    // A struct generic over its content type `C`.
    ($name:ident<C>, $expecting:literal $(, tag $tag:literal = $value:literal)*; $($fields:tt)*) => {
        $crate::runtime::serde_struct!(@impl $name [C] $expecting [$($tag = $value)*] $($fields)*);
    };
    ($name:ident, $expecting:literal $(, tag $tag:literal = $value:literal)*; $($fields:tt)*) => {
        $crate::runtime::serde_struct!(@impl $name [] $expecting [$($tag = $value)*] $($fields)*);
    };
    (@impl $name:ident [$($c:ident)?] $expecting:literal [$($tag:literal = $value:literal)*]
        $($presence:ident $rust:ident = $wire:literal),* $(,)?
    ) => {
        #[allow(deprecated)]
        impl<$($c: serde::Serialize)?> serde::Serialize for $name<$($c)?> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                // A tag value that differed on decode was kept in `extra` and is written back from there.
                $(if !self.extra.contains_key($tag) {
                    map.serialize_entry($tag, $value)?;
                })*
                $($crate::runtime::serde_struct!(@write $presence map, &self.$rust, $wire);)*
                $crate::runtime::serialize_extra(&mut map, &self.extra, |key| match key {
                    $($wire => $crate::runtime::serde_struct!(@replaces_kept_null $presence &self.$rust),)*
                    _ => false,
                })?;
                map.end()
            }
        }
        #[allow(deprecated)]
        impl<'de, $($c: serde::Deserialize<'de>)?> serde::Deserialize<'de> for $name<$($c)?> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor<$($c)?>(std::marker::PhantomData<($($c,)?)>);
                impl<'de, $($c: serde::Deserialize<'de>)?> serde::de::Visitor<'de> for Visitor<$($c)?> {
                    type Value = $name<$($c)?>;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        $(let mut $rust = None;)*
                        let mut extra = std::collections::BTreeMap::new();
                        while let Some(key) = map.next_key::<$crate::runtime::Key<'de>>()? {
                            match key.as_str() {
                                $($tag => $crate::runtime::read_tag(&mut map, $tag, $value, &mut extra)?,)*
                                $($wire => $crate::runtime::serde_struct!(@read $presence map, $rust, $wire, extra)?,)*
                                _ => $crate::runtime::read_extra(&mut map, key, &mut extra)?,
                            }
                        }
                        Ok($name { $($rust: $crate::runtime::serde_struct!(@take $presence $rust, $wire),)* extra })
                    }
                }
                deserializer.deserialize_map(Visitor(std::marker::PhantomData))
            }
        }
    };

    // Writing a field: always, or only when it is set.
    (@write required $map:ident, $value:expr, $wire:literal) => { $map.serialize_entry($wire, $value)? };
    (@write required_nullable $map:ident, $value:expr, $wire:literal) => { $map.serialize_entry($wire, $value)? };
    (@write optional $map:ident, $value:expr, $wire:literal) => {
        if let Some(value) = $value {
            $map.serialize_entry($wire, value)?;
        }
    };
    (@write optional_nullable $map:ident, $value:expr, $wire:literal) => {
        if let Some(value) = $value {
            $map.serialize_entry($wire, value)?;
        }
    };

    // Whether the field's own entry replaces a `null` kept in `extra` (optional fields only).
    (@replaces_kept_null optional $value:expr) => { $value.is_some() };
    (@replaces_kept_null $presence:ident $value:expr) => { false };

    // Reading a field's value into its slot.
    (@read required $map:ident, $slot:ident, $wire:literal, $extra:ident) => {
        $crate::runtime::read_field(&mut $map, &mut $slot, $wire)
    };
    (@read optional $map:ident, $slot:ident, $wire:literal, $extra:ident) => {
        $crate::runtime::read_optional_field(&mut $map, &mut $slot, $wire, &mut $extra)
    };
    (@read required_nullable $map:ident, $slot:ident, $wire:literal, $extra:ident) => {
        $crate::runtime::read_nullable_field(&mut $map, &mut $slot, $wire)
    };
    (@read optional_nullable $map:ident, $slot:ident, $wire:literal, $extra:ident) => {
        $crate::runtime::read_nullable_field(&mut $map, &mut $slot, $wire)
    };

    // A field's value from its slot once the map is read.
    (@take required $slot:ident, $wire:literal) => { $crate::runtime::required($slot, $wire)? };
    (@take required_nullable $slot:ident, $wire:literal) => { $crate::runtime::required($slot, $wire)? };
    (@take optional $slot:ident, $wire:literal) => { $slot };
    (@take optional_nullable $slot:ident, $wire:literal) => { $slot };
}

/// The impls of a generated open string enum: one variant per value the spec lists and a hidden
/// `_Custom` variant keeping any other value as it was sent.
///
/// ```text
/// crate::runtime::open_enum! {
///     Membership;
///     Join = "join",
///     Leave = "leave",
/// }
/// ```
///
/// The header is the enum's name, then one line per listed value, `Variant = "wire value"`. It
/// expands to what the generator used to write out for each enum, under `#[allow(deprecated)]`:
/// `as_str` (the value as written on the wire), `From<&str>` and `From<String>` (a listed value
/// becomes its variant, any other `_Custom`, which only these impls can build), `Display`
/// (the wire value), `Serialize` (the wire value as a string) and `Deserialize` (through
/// [`deserialize_string_enum`](crate::runtime::deserialize_string_enum), borrowing the input
/// where it can).
// Exported like `serde_struct!`, for the operations crates.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    ($name:ident; $($variant:ident = $wire:literal),* $(,)?) => {
        #[allow(deprecated)]
        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::_Custom(value) => value.as_str(),
                }
            }
        }
        #[allow(deprecated)]
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)*
                    other => $name::_Custom($crate::runtime::PrivOwnedStr::new(other)),
                }
            }
        }
        #[allow(deprecated)]
        impl From<String> for $name {
            fn from(value: String) -> Self {
                match $name::from(value.as_str()) {
                    $name::_Custom(_) => $name::_Custom($crate::runtime::PrivOwnedStr::new(value)),
                    known => known,
                }
            }
        }
        #[allow(deprecated)]
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #[allow(deprecated)]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        #[allow(deprecated)]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::deserialize_string_enum(deserializer)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::runtime::JsonValue;

    /// Every presence, a tag, a raw identifier and a field named like the macro's locals.
    #[derive(Debug, PartialEq)]
    struct Shape {
        id: String,
        note: Option<String>,
        avatar: Option<String>,
        reason: Option<Option<String>>,
        r#type: Option<String>,
        map: Option<u8>,
        extra: BTreeMap<String, JsonValue>,
    }
    serde_struct! {
        Shape, "a Shape object", tag "kind" = "k.shape";
        required id = "id",
        optional note = "note",
        required_nullable avatar = "avatar",
        optional_nullable reason = "reason",
        optional r#type = "type",
        optional map = "map",
    }

    /// Generic over its content, without fields of any other kind.
    #[derive(Debug, PartialEq)]
    struct Wrapper<C> {
        content: C,
        extra: BTreeMap<String, JsonValue>,
    }
    serde_struct! {
        Wrapper<C>, "a Wrapper object";
        required content = "content",
    }

    #[derive(Debug, PartialEq)]
    enum Colour {
        Red,
        _Custom(crate::runtime::PrivOwnedStr),
    }
    open_enum! {
        Colour;
        Red = "red",
    }

    fn decode(text: &str) -> Result<Shape, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    fn round_trip(text: &str) -> String {
        let shape = decode(text).expect("decodes");
        serde_json::to_string(&shape).expect("encodes")
    }

    #[test]
    fn each_presence_reads_and_writes_as_documented() {
        let shape = decode(r#"{"id":"a","avatar":null,"reason":null,"type":"t","map":3,"other":[1]}"#).expect("decodes");
        assert_eq!(shape.id, "a");
        assert_eq!(shape.note, None);
        assert_eq!(shape.avatar, None);
        assert_eq!(shape.reason, Some(None));
        assert_eq!(shape.r#type.as_deref(), Some("t"));
        assert_eq!(shape.map, Some(3));
        assert_eq!(shape.extra, BTreeMap::from([("other".to_string(), serde_json::json!([1]))]));
        assert_eq!(
            serde_json::to_string(&shape).expect("encodes"),
            r#"{"kind":"k.shape","id":"a","avatar":null,"reason":null,"type":"t","map":3,"other":[1]}"#
        );
    }

    #[test]
    fn a_null_optional_field_is_kept_until_the_field_is_set() {
        assert_eq!(round_trip(r#"{"id":"a","avatar":"x","note":null}"#), r#"{"kind":"k.shape","id":"a","avatar":"x","note":null}"#);
        let mut shape = decode(r#"{"id":"a","avatar":"x","note":null}"#).expect("decodes");
        shape.note = Some("n".to_string());
        assert_eq!(
            serde_json::to_string(&shape).expect("encodes"),
            r#"{"kind":"k.shape","id":"a","note":"n","avatar":"x"}"#
        );
    }

    #[test]
    fn the_errors_name_the_type_and_the_field() {
        assert!(decode("[]").expect_err("an error").starts_with("invalid type: sequence, expected a Shape object"));
        assert!(decode(r#"{"avatar":null}"#).expect_err("an error").starts_with("missing field `id`"));
        assert!(decode(r#"{"id":"a"}"#).expect_err("an error").starts_with("missing field `avatar`"));
        assert!(decode(r#"{"id":"a","id":"b","avatar":null}"#).expect_err("an error").starts_with("duplicate field `id`"));
        assert!(decode(r#"{"id":"a","avatar":null,"note":null,"note":"n"}"#).expect_err("an error").starts_with("duplicate field `note`"));
        assert!(decode(r#"{"id":"a","avatar":null,"reason":null,"reason":"r"}"#).expect_err("an error").starts_with("duplicate field `reason`"));
    }

    #[test]
    fn a_differing_tag_is_kept_leniently_and_refused_strictly() {
        let text = r#"{"kind":"other","id":"a","avatar":null}"#;
        assert_eq!(round_trip(text), r#"{"id":"a","avatar":null,"kind":"other"}"#);
        let strict = crate::runtime::decode_strictly(|| serde_json::from_str::<Shape>(text));
        assert!(strict.expect_err("strict").to_string().starts_with("`kind` is \"other\", expected \"k.shape\""));
    }

    #[test]
    fn a_generic_struct_decodes_its_content_typed() {
        let wrapper: Wrapper<Shape> =
            serde_json::from_str(r#"{"content":{"id":"a","avatar":null},"x":1}"#).expect("decodes");
        assert_eq!(wrapper.content.id, "a");
        assert_eq!(
            serde_json::to_string(&wrapper).expect("encodes"),
            r#"{"content":{"kind":"k.shape","id":"a","avatar":null},"x":1}"#
        );
        let error = serde_json::from_str::<Wrapper<Shape>>("1").expect_err("not an object").to_string();
        assert!(error.starts_with("invalid type: integer `1`, expected a Wrapper object"), "{error}");
    }

    #[test]
    fn an_open_enum_keeps_an_unlisted_value() {
        let red: Colour = serde_json::from_str(r#""red""#).expect("decodes");
        assert_eq!(red, Colour::Red);
        let other: Colour = serde_json::from_str(r#""teal""#).expect("decodes");
        assert_eq!(other.as_str(), "teal");
        assert_eq!(other.to_string(), "teal");
        assert_eq!(Colour::from("red".to_string()), Colour::Red);
        assert_eq!(serde_json::to_string(&other).expect("encodes"), r#""teal""#);
    }
}
