//! The declarative macro behind every generated struct's `Serialize` and `Deserialize`: the
//! generated files hold only each struct's facts (its name, the text of its "expected ..."
//! error, its tags, and each field's Rust name, wire name and presence), and the code that
//! reads and writes the map is written once, here.

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
///   entries;
/// - `Deserialize`: a map visitor reading each key once as a borrowed
///   [`Key`](crate::runtime::Key) and matching it against the tags and wire names; any other
///   key goes to `extra` ([`read_extra`](crate::runtime::read_extra)); a key seen twice is the
///   "duplicate field" error.
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

pub(crate) use serde_struct;
