//! The hand-written support the generated code is built on: map keys that borrow, field
//! helpers for the generated `Deserialize` impls, the catch-all of open enums, numbers, and
//! operation metadata.
//!
//! The generated types implement `Serialize`/`Deserialize` by hand (no derive, no
//! `#[serde(flatten)]`): each struct reads its map once, matches known keys, and keeps every
//! other key in its `extra` map, so decoding stays fast and nothing a server sends is lost.
//! The generated files state each struct's fields to the `serde_struct!` macro, and each open
//! enum's values to `open_enum!` (`runtime/serde_macros.rs`), which expand to those impls.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};

mod captured;
mod envelope_scan;
mod error_path;
mod event_decode;
mod serde_macros;

pub use captured::CapturedJson;
pub use event_decode::{
    decode_strictly, dispatch, is_strict, keep_invalid, keep_unknown, peek_envelope, Dispatch, Envelope, EnvelopeError,
    EventStatus, InvalidEvent, Kept, RedactedEvent,
};
// The generated code invokes them as `crate::runtime::serde_struct!` in every crate.
#[doc(hidden)]
pub use crate::{open_enum, serde_struct};

/// The content of an event type: what the generated content types (and content families)
/// implement, so a request that sends an event can take its content typed (see
/// `with_content` of the `Request` of `sendMessage`).
pub trait EventContent: Serialize {
    /// The event type this is the content of.
    const EVENT_TYPE: &'static str;
}

/// The JSON object of event content, for a request body (see [`EventContent`]).
pub fn content_object<C: EventContent>(content: &C) -> Result<JsonObject, serde_json::Error> {
    match serde_json::to_value(content)? {
        JsonValue::Object(object) => Ok(object),
        other => Err(serde::ser::Error::custom(format_args!("event content must be an object, not {other}"))),
    }
}

/// Any JSON value.
pub type JsonValue = serde_json::Value;

/// A JSON object: what the spec describes as a bare `type: object`, and where every generated
/// struct keeps the keys it does not know.
pub type JsonObject = serde_json::Map<String, JsonValue>;

/// A map key that borrows from the input when it can (no allocation for unescaped keys).
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of a known field into its slot; a key that appears twice is an error.
pub fn read_field<'de, A, T>(map: &mut A, slot: &mut Option<T>, name: &'static str) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of an optional field. A `null` the spec does not allow decodes (servers
/// send it, and rejecting the whole message for it would help no one) and is kept in the
/// struct's `extra` map as `null`, so the object is written back with the `null` it had; the
/// field itself stays `None`. Setting the field later replaces the kept `null` on the wire
/// (see [`serialize_extra`]).
pub fn read_optional_field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    extra: &mut std::collections::BTreeMap<String, JsonValue>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() || extra.contains_key(name) {
        return Err(de::Error::duplicate_field(name));
    }
    match map.next_value::<Option<T>>()? {
        Some(value) => *slot = Some(value),
        None => {
            extra.insert(name.to_string(), JsonValue::Null);
        }
    }
    Ok(())
}

/// Writes a struct's `extra` entries, except a kept `null` (see [`read_optional_field`]) of a
/// field that `is_set` says now has a value: the field's own entry replaces it.
pub fn serialize_extra<M, V>(
    map: &mut M,
    extra: &std::collections::BTreeMap<String, V>,
    is_set: impl Fn(&str) -> bool,
) -> Result<(), M::Error>
where
    M: serde::ser::SerializeMap,
    V: Serialize,
{
    for (key, value) in extra {
        if !is_set(key) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// Reads the value of a field that may be `null` and whose `null` means something: absent
/// stays `None`, `null` becomes `Some(None)`.
pub fn read_nullable_field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value::<Option<T>>()?);
    Ok(())
}

/// Reads the value of a tag (a key whose one value the type fixes, `msgtype: m.text`). The
/// expected value is not stored: the type writes it on encode. Any other value is an error
/// under [`decode_strictly`]; otherwise it is kept in `extra` and written back as it was (the
/// enum that dispatches on the tag never lets this happen; decoding the shape directly can).
pub fn read_tag<'de, A>(
    map: &mut A,
    name: &'static str,
    expected: &'static str,
    extra: &mut std::collections::BTreeMap<String, JsonValue>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
{
    let value: JsonValue = map.next_value()?;
    if extra.contains_key(name) {
        return Err(de::Error::duplicate_field(name));
    }
    if value.as_str() != Some(expected) {
        if is_strict() {
            return Err(de::Error::custom(format_args!("`{name}` is {value}, expected \"{expected}\"")));
        }
        extra.insert(name.to_string(), value);
    }
    Ok(())
}

/// A required field's value, or the "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Reads an unknown key's value into a struct's `extra` map, typed by `V`.
pub fn read_extra<'de, A, V>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut std::collections::BTreeMap<String, V>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    V: Deserialize<'de>,
{
    let value = map.next_value()?;
    extra.insert(key.into_string(), value);
    Ok(())
}

/// The value an open enum keeps when the wire holds a value the spec does not list.
///
/// It cannot be built outside this crate, so every known value has exactly one Rust form
/// (its variant); build open enums from strings with `From<&str>` or `From<String>`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PrivOwnedStr(Box<str>);

impl PrivOwnedStr {
    /// Wraps a value that matched no known variant (used by the generated `From` impls).
    #[doc(hidden)]
    pub fn new(value: impl Into<Box<str>>) -> PrivOwnedStr {
        PrivOwnedStr(value.into())
    }

    /// The wire value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PrivOwnedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Deserializes an open string enum through its `From<&str>`/`From<String>` impls, borrowing
/// the input where possible.
pub fn deserialize_string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct EnumVisitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str> + From<String>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    deserializer.deserialize_str(EnumVisitor(std::marker::PhantomData))
}

/// A JSON `number`.
///
/// Matrix canonical JSON has no floats, and the spec's examples write whole numbers as
/// integers (`"last_active_ago": 2478593`), so a whole value is written back as an integer;
/// other values are written as floats.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // 2^53: beyond it f64 no longer holds every integer, so the cast would not be exact.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        let value = self.0;
        if value.fract() == 0.0 && value.abs() <= EXACT {
            serializer.serialize_i64(value as i64)
        } else {
            serializer.serialize_f64(value)
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        f64::deserialize(deserializer).map(Number)
    }
}

impl From<f64> for Number {
    fn from(value: f64) -> Number {
        Number(value)
    }
}

/// The five Matrix APIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Api {
    /// The client-server API.
    ClientServer,
    /// The server-server (federation) API.
    ServerServer,
    /// The application service API.
    ApplicationService,
    /// The identity service API.
    Identity,
    /// The push gateway API.
    PushGateway,
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `PATCH`
    Patch,
}

/// Whether an operation needs authentication (the spec's "Requires authentication").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthRequirement {
    /// No authentication.
    None,
    /// Authentication is accepted but not required.
    Optional,
    /// Authentication is required.
    Required,
}

/// How a credential is carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A query parameter with this name (deprecated by the spec where it is offered).
    QueryParameter(&'static str),
    /// A header with this name.
    Header(&'static str),
    /// Another `Authorization` scheme, e.g. `X-Matrix` for signed federation requests.
    Authorization(&'static str),
}

/// A documented response of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResponseMetadata {
    /// The status as the spec writes it: `"200"`, `"4XX"`.
    pub status: &'static str,
    /// The body's media types (empty: no body).
    pub media_types: &'static [&'static str],
}

/// What the spec says about one operation: the single source for method, path, auth and
/// versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Metadata {
    /// The API it belongs to.
    pub api: Api,
    /// The spec's `operationId` (unique within its API).
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The full path template, e.g. `/_matrix/client/v3/rooms/{roomId}/invite`.
    pub path: &'static str,
    /// Whether authentication is needed.
    pub auth: AuthRequirement,
    /// The schemes that carry it, in the order the spec lists them.
    pub auth_schemes: &'static [AuthScheme],
    /// Whether the spec documents a rate limit (a 429 response).
    pub rate_limited: bool,
    /// The spec version that added the operation, if the spec says.
    pub added_in: Option<&'static str>,
    /// The spec versions that changed it.
    pub changed_in: &'static [&'static str],
    /// Whether the spec deprecates it.
    pub deprecated: bool,
    /// The documented responses, in the spec's order.
    pub responses: &'static [ResponseMetadata],
}

/// A text field that is required in some shapes of a content family and optional in others
/// (`body` of `m.room.message`): read the same way from both, for the family's accessors.
pub trait TextField {
    /// The text, if the field is set.
    fn text(&self) -> Option<&str>;
}

impl TextField for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl TextField for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_write_whole_values_as_integers() {
        let whole: Number = serde_json::from_str("2478593").expect("number");
        assert_eq!(serde_json::to_string(&whole).expect("serializes"), "2478593");
        let float: Number = serde_json::from_str("0.5").expect("number");
        assert_eq!(serde_json::to_string(&float).expect("serializes"), "0.5");
    }

    #[test]
    fn keys_borrow_when_unescaped() {
        let key: Key<'_> = serde_json::from_str("\"plain\"").expect("key");
        assert!(matches!(key.0, Cow::Borrowed("plain")));
        let key: Key<'_> = serde_json::from_str("\"esc\\u0061ped\"").expect("key");
        assert_eq!(key.as_str(), "escaped");
    }
}

/// A JSON text kept as it was received.
pub type RawJson = serde_json::value::RawValue;

/// The `type` of an event, read without decoding the rest of it.
pub fn peek_event_type(raw: &RawJson) -> Result<String, serde_json::Error> {
    peek_str_field(raw.get(), "type")?.map(Cow::into_owned).ok_or_else(|| de::Error::missing_field("type"))
}

/// The string value of the top-level `field` of a JSON object, skipping everything else
/// unparsed; `None` if absent or not a string. Borrowed from `json` unless it has an escape.
pub fn peek_str_field<'a>(json: &'a str, field: &str) -> Result<Option<Cow<'a, str>>, serde_json::Error> {
    match envelope_scan::scan_str_field(json, field) {
        Some(found) => Ok(found.map(Cow::Borrowed)),
        None => Ok(parse_str_field(json, field)?.map(Cow::Owned)),
    }
}

/// [`peek_str_field`] by the JSON parser: for what the fast scan leaves to it (escapes in the
/// keys or the value), and the reference its tests compare with.
pub(crate) fn parse_str_field(json: &str, field: &str) -> Result<Option<String>, serde_json::Error> {
    struct Peek<'f>(&'f str);
    impl<'de> Visitor<'de> for Peek<'_> {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if key.as_str() == self.0 && found.is_none() {
                    found = map.next_value::<Peeked>()?.into_text();
                } else {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(json);
    deserializer.deserialize_map(Peek(field))
}

/// Any JSON value, read only as far as a discriminator or tag needs: its text if it is a
/// string, whether it is `null`, and anything else skipped unparsed (no `JsonValue` built).
pub(crate) enum Peeked {
    /// `null`.
    Null,
    /// A string.
    Text(String),
    /// Any other value.
    Other,
}

impl Peeked {
    /// The text, if the value was a string.
    pub(crate) fn into_text(self) -> Option<String> {
        match self {
            Peeked::Text(text) => Some(text),
            Peeked::Null | Peeked::Other => None,
        }
    }
}

impl<'de> Deserialize<'de> for Peeked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PeekVisitor;
        impl<'de> Visitor<'de> for PeekVisitor {
            type Value = Peeked;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Peeked, E> {
                Ok(Peeked::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Peeked, E> {
                Ok(Peeked::Text(v))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Peeked, E> {
                Ok(Peeked::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Peeked, E> {
                Ok(Peeked::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Peeked, E> {
                Ok(Peeked::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Peeked, E> {
                Ok(Peeked::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Peeked, E> {
                Ok(Peeked::Null)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Peeked, A::Error> {
                while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(Peeked::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Peeked, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Peeked::Other)
            }
        }
        deserializer.deserialize_any(PeekVisitor)
    }
}

/// Decodes a whole event whose `type` is known; an error names the type.
pub fn decode_event<T: serde::de::DeserializeOwned>(raw: &CapturedJson<'_>, event_type: &str) -> Result<T, String> {
    raw.decode_described().map_err(|e| format!("invalid `{event_type}` event: {e}"))
}

/// An event of a type an event enum does not know, kept exactly as it was received (so a signed
/// event stays verifiable).
#[derive(Clone, Debug)]
pub struct UnknownEvent {
    event_type: String,
    json: Box<RawJson>,
}

impl UnknownEvent {
    /// Wraps a received event (used by the generated event enums).
    #[doc(hidden)]
    pub fn new(event_type: String, json: Box<RawJson>) -> UnknownEvent {
        UnknownEvent { event_type, json }
    }

    /// The event's `type`.
    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    /// The event exactly as received.
    pub fn json(&self) -> &RawJson {
        &self.json
    }

    /// The event as a JSON object, to read its fields.
    pub fn to_object(&self) -> Result<JsonObject, serde_json::Error> {
        serde_json::from_str(self.json.get())
    }
}

impl PartialEq for UnknownEvent {
    fn eq(&self, other: &UnknownEvent) -> bool {
        self.json.get() == other.json.get()
    }
}

impl Serialize for UnknownEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

/// An event (or any value) kept as received and decoded on demand: for users who do not want
/// every event parsed up front.
pub struct Raw<T> {
    json: Box<RawJson>,
    _type: std::marker::PhantomData<fn() -> T>,
}

impl<T> Raw<T> {
    /// The JSON text as received.
    pub fn json(&self) -> &RawJson {
        &self.json
    }

    /// The event's `type`, read without decoding the rest.
    pub fn event_type(&self) -> Result<String, serde_json::Error> {
        peek_event_type(&self.json)
    }

    /// Decodes the value.
    pub fn deserialize(&self) -> Result<T, serde_json::Error>
    where
        T: serde::de::DeserializeOwned,
    {
        serde_json::from_str(self.json.get())
    }
}

impl<T> Clone for Raw<T> {
    fn clone(&self) -> Self {
        Raw { json: self.json.clone(), _type: std::marker::PhantomData }
    }
}

impl<T> fmt::Debug for Raw<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Raw").field(&self.json.get()).finish()
    }
}

impl<T> Serialize for Raw<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

impl<'de, T> Deserialize<'de> for Raw<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawJson>::deserialize(deserializer).map(|json| Raw { json, _type: std::marker::PhantomData })
    }
}

/// Decodes `json` as `T` and encodes it again (the example registry's round trip), with the
/// event enums strict ([`decode_strictly`]): an example must decode into its typed form, not be
/// kept as invalid.
pub fn round_trip<T: serde::de::DeserializeOwned + Serialize>(json: &str) -> Result<JsonValue, String> {
    let typed: T = decode_strictly(|| serde_json::from_str(json)).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

/// An object holding a list of events, `{"events": [...]}`, where the spec's prose defines the
/// list and its schema does not (`to_device` in `/sync`). Every other key is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct EventList<E> {
    /// The events; `None` if the key is absent.
    pub events: Option<Vec<E>>,
    /// Keys other than `events`, kept so the object is written back unchanged.
    pub extra: std::collections::BTreeMap<String, JsonValue>,
}

impl<E> Default for EventList<E> {
    fn default() -> Self {
        EventList { events: None, extra: std::collections::BTreeMap::new() }
    }
}

impl<E: Serialize> Serialize for EventList<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(events) = &self.events {
            map.serialize_entry("events", events)?;
        }
        serialize_extra(&mut map, &self.extra, |key| key == "events" && self.events.is_some())?;
        map.end()
    }
}

impl<'de, E: Deserialize<'de>> Deserialize<'de> for EventList<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<E>(std::marker::PhantomData<E>);
        impl<'de, E: Deserialize<'de>> Visitor<'de> for ListVisitor<E> {
            type Value = EventList<E>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with an `events` list")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EventList<E>, A::Error> {
                let mut list = EventList::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "events" => read_optional_field(&mut map, &mut list.events, "events", &mut list.extra)?,
                        _ => read_extra(&mut map, key, &mut list.extra)?,
                    }
                }
                Ok(list)
            }
        }
        deserializer.deserialize_map(ListVisitor(std::marker::PhantomData))
    }
}

/// A secret's stand-in in `Debug` output: `<redacted>`, so a log never shows a password or a
/// token (set or not).
pub struct Redacted<'v, T>(pub &'v T);

impl<T> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
