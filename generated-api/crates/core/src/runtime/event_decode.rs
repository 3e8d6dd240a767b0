//! How the generated event enums decide what an event is, before decoding it: one pass over the
//! event's top-level keys reads the discriminator (`type`, an EDU's `edu_type`), refuses duplicate
//! envelope keys, and notes whether a redaction stripped the event; then the event becomes typed,
//! redacted, unknown or kept-invalid, and every one of those re-encodes to what was received.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Serialize, Serializer};

use super::{read_nullable_field, CapturedJson, JsonObject, JsonValue, Key, Peeked, RawJson, UnknownEvent};
use crate::identifiers::{EventId, RoomId, UserId};

/// What an event enum made of one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventStatus {
    /// Decoded into the typed variant of its type.
    Typed,
    /// Its content was stripped by a redaction (`unsigned.redacted_because` is set): a
    /// [`RedactedEvent`].
    Redacted,
    /// A type the enum does not know, kept whole: an [`super::UnknownEvent`].
    Unknown,
    /// A known type that does not fit its schema, or a broken envelope, kept whole with its
    /// error: an [`InvalidEvent`].
    Invalid,
}

/// The top-level keys whose duplicates would let two readers see two different events: Matrix
/// canonical JSON has no duplicate keys, and the event enums dispatch on these.
pub(super) const ENVELOPE_KEYS: &[&str] =
    &["type", "state_key", "sender", "event_id", "room_id", "content", "unsigned", "origin_server_ts", "redacts"];

/// What one pass over an event's top-level keys found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Envelope {
    /// The discriminator's value, if present and a string.
    pub discriminator: Option<String>,
    /// Whether `unsigned.redacted_because` is present (and not `null`).
    pub redacted: bool,
}

/// [`Envelope`] as the event enums read it: the discriminator borrowed from the event's text
/// where it has no escape, so that the common case allocates nothing for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ScannedEnvelope<'a> {
    pub(super) discriminator: Option<Cow<'a, str>>,
    pub(super) redacted: bool,
}

impl ScannedEnvelope<'_> {
    fn into_owned(self) -> ScannedEnvelope<'static> {
        ScannedEnvelope { discriminator: self.discriminator.map(|d| Cow::Owned(d.into_owned())), redacted: self.redacted }
    }
}

/// Why an event could not be read as an event at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeError {
    /// The event is not a JSON object (or not valid JSON).
    NotAnObject(String),
    /// An envelope key appears twice: which one a reader sees would depend on the reader.
    DuplicateKey(String),
    /// The discriminator is missing or not a string.
    MissingDiscriminator(&'static str),
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnvelopeError::NotAnObject(e) => write!(f, "not an event object: {e}"),
            EnvelopeError::DuplicateKey(key) => write!(f, "duplicate key `{key}` in the event envelope"),
            EnvelopeError::MissingDiscriminator(name) => write!(f, "missing or non-string `{name}`"),
        }
    }
}

impl std::error::Error for EnvelopeError {}

/// Reads the envelope of `raw`: the `discriminator` value (`None` if absent or not a string),
/// duplicates of any envelope key (or of the discriminator), and whether the event was redacted. Every value is skipped unparsed but
/// `unsigned`, whose keys are scanned for `redacted_because`.
pub fn peek_envelope(raw: &RawJson, discriminator: &'static str) -> Result<Envelope, EnvelopeError> {
    let ScannedEnvelope { discriminator, redacted } = read_envelope(raw.get(), discriminator)?;
    Ok(Envelope { discriminator: discriminator.map(Cow::into_owned), redacted })
}

/// [`peek_envelope`] of an event's text: the fast scan, or the parser where the scan leaves it.
fn read_envelope<'a>(json: &'a str, discriminator: &'static str) -> Result<ScannedEnvelope<'a>, EnvelopeError> {
    match super::envelope_scan::scan_envelope(json, discriminator) {
        Some(envelope) => envelope,
        None => parse_envelope(json, discriminator),
    }
}

/// [`peek_envelope`] by the JSON parser: for what the fast scan leaves to it (escaped keys and
/// discriminators), and the reference the scan's tests compare with.
pub(super) fn parse_envelope(json: &str, discriminator: &'static str) -> Result<ScannedEnvelope<'static>, EnvelopeError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    deserializer
        .deserialize_map(EnvelopeVisitor { discriminator })
        .map_err(|e| EnvelopeError::NotAnObject(e.to_string()))?
}

struct EnvelopeVisitor {
    discriminator: &'static str,
}

impl<'de> Visitor<'de> for EnvelopeVisitor {
    /// The outer result is a JSON error; the inner one a well-formed object that is no event.
    type Value = Result<ScannedEnvelope<'static>, EnvelopeError>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut envelope = ScannedEnvelope::default();
        let mut seen: Vec<&'static str> = Vec::with_capacity(8);
        let mut duplicate = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            let envelope_key = ENVELOPE_KEYS.iter().chain([&self.discriminator]).find(|k| **k == key).copied();
            if let Some(name) = envelope_key {
                if seen.contains(&name) {
                    duplicate.get_or_insert(name);
                }
                seen.push(name);
            }
            if key == self.discriminator {
                envelope.discriminator = map.next_value::<Peeked>()?.into_text().map(Cow::Owned);
            } else if key == "unsigned" {
                envelope.redacted |= map.next_value::<RedactionMark>()?.0;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(match duplicate {
            Some(key) => Err(EnvelopeError::DuplicateKey(key.to_string())),
            None => Ok(envelope),
        })
    }
}

/// Whether an `unsigned` object holds a non-null `redacted_because`.
struct RedactionMark(bool);

impl<'de> Deserialize<'de> for RedactionMark {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MarkVisitor;
        impl<'de> Visitor<'de> for MarkVisitor {
            type Value = RedactionMark;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an unsigned object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RedactionMark, A::Error> {
                let mut redacted = false;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if key.as_str() == "redacted_because" {
                        redacted |= !matches!(map.next_value::<Peeked>()?, Peeked::Null);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(RedactionMark(redacted))
            }
            // `unsigned` of another shape says nothing about a redaction; the typed decode
            // reports it.
            fn visit_unit<E: de::Error>(self) -> Result<RedactionMark, E> {
                Ok(RedactionMark(false))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RedactionMark, E> {
                Ok(RedactionMark(false))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RedactionMark, E> {
                Ok(RedactionMark(false))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RedactionMark, E> {
                Ok(RedactionMark(false))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RedactionMark, E> {
                Ok(RedactionMark(false))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<RedactionMark, E> {
                Ok(RedactionMark(false))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RedactionMark, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(RedactionMark(false))
            }
        }
        deserializer.deserialize_any(MarkVisitor)
    }
}

thread_local! {
    /// Whether the event enums decoding on this thread refuse what they would otherwise keep
    /// as invalid (see [`decode_strictly`]).
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode` with the event enums strict: a known event type that does not fit its schema,
/// or a broken envelope, is an error instead of an [`InvalidEvent`]. For validators and tests
/// that must know every event is well formed; clients want the lenient default, where one bad
/// event never sinks a response.
pub fn decode_strictly<T>(decode: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.with(|strict| strict.set(self.0));
        }
    }
    let _restore = Restore(STRICT.with(|strict| strict.replace(true)));
    decode()
}

/// Whether [`decode_strictly`] is in force on this thread.
pub fn is_strict() -> bool {
    STRICT.with(Cell::get)
}

/// An event whose content was stripped by a redaction, kept exactly as received.
///
/// A redaction (the spec's redaction algorithm, which depends on the room version) keeps the
/// envelope and only a few content keys of a few event types (see [`crate::redaction`]), so the
/// typed form of the event type no longer fits. The envelope is read here; the event re-encodes
/// byte for byte.
#[derive(Clone, Debug)]
pub struct RedactedEvent {
    event_type: String,
    // Boxed: the event enums hold a `RedactedEvent` inline, and the envelope would make every
    // one of their values ~300 bytes wide.
    parts: Box<RedactedParts>,
    json: Box<RawJson>,
}

/// The envelope of a redacted event (a field of an unexpected type reads as absent: the raw
/// event keeps it).
#[derive(Clone, Debug, Default)]
struct RedactedParts {
    event_id: Option<EventId>,
    sender: Option<UserId>,
    room_id: Option<RoomId>,
    state_key: Option<String>,
    origin_server_ts: Option<i64>,
    content: Option<JsonObject>,
    unsigned: Option<JsonObject>,
}

/// What `#[derive(Deserialize)]` would write (written out so that generated-api builds without
/// serde's derive macros): the seven keys, each at most once; every other key is skipped (the
/// raw event keeps it).
impl<'de> Deserialize<'de> for RedactedParts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PartsVisitor;

        impl<'de> Visitor<'de> for PartsVisitor {
            type Value = RedactedParts;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a redacted event")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RedactedParts, A::Error> {
                // `Option<Option<T>>` slots, as derive has them: a `null` reads as absent but
                // still counts as the key seen (a second one is the duplicate-field error).
                let (mut event_id, mut sender, mut room_id, mut state_key) = (None, None, None, None);
                let (mut origin_server_ts, mut content, mut unsigned) = (None, None, None);
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "event_id" => read_nullable_field(&mut map, &mut event_id, "event_id")?,
                        "sender" => read_nullable_field(&mut map, &mut sender, "sender")?,
                        "room_id" => read_nullable_field(&mut map, &mut room_id, "room_id")?,
                        "state_key" => read_nullable_field(&mut map, &mut state_key, "state_key")?,
                        "origin_server_ts" => {
                            read_nullable_field(&mut map, &mut origin_server_ts, "origin_server_ts")?
                        }
                        "content" => read_nullable_field(&mut map, &mut content, "content")?,
                        "unsigned" => read_nullable_field(&mut map, &mut unsigned, "unsigned")?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(RedactedParts {
                    event_id: event_id.flatten(),
                    sender: sender.flatten(),
                    room_id: room_id.flatten(),
                    state_key: state_key.flatten(),
                    origin_server_ts: origin_server_ts.flatten(),
                    content: content.flatten(),
                    unsigned: unsigned.flatten(),
                })
            }
        }

        deserializer.deserialize_map(PartsVisitor)
    }
}

impl RedactedParts {
    /// Reads the envelope in one typed pass; only if that fails (a field of another type) is
    /// each field read on its own, leniently.
    fn read(json: &RawJson) -> RedactedParts {
        serde_json::from_str(json.get()).unwrap_or_else(|_| RedactedParts::read_leniently(json))
    }

    fn read_leniently(json: &RawJson) -> RedactedParts {
        let Ok(mut object) = serde_json::from_str::<JsonObject>(json.get()) else {
            return RedactedParts::default();
        };
        let mut take = |key: &str| object.remove(key).unwrap_or(JsonValue::Null);
        RedactedParts {
            event_id: serde_json::from_value(take("event_id")).ok(),
            sender: serde_json::from_value(take("sender")).ok(),
            room_id: serde_json::from_value(take("room_id")).ok(),
            state_key: serde_json::from_value(take("state_key")).ok(),
            origin_server_ts: serde_json::from_value(take("origin_server_ts")).ok(),
            content: serde_json::from_value(take("content")).ok(),
            unsigned: serde_json::from_value(take("unsigned")).ok(),
        }
    }
}

impl RedactedEvent {
    /// Reads a redacted event (used by the generated event enums).
    #[doc(hidden)]
    pub fn new(event_type: String, json: Box<RawJson>) -> RedactedEvent {
        let parts = Box::new(RedactedParts::read(&json));
        RedactedEvent { event_type, parts, json }
    }

    /// The event's `type`.
    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    /// `event_id`, if present.
    pub fn event_id(&self) -> Option<&EventId> {
        self.parts.event_id.as_ref()
    }

    /// `sender`, if present.
    pub fn sender(&self) -> Option<&UserId> {
        self.parts.sender.as_ref()
    }

    /// `room_id`, if present (not in `/sync`, where the room is the map key).
    pub fn room_id(&self) -> Option<&RoomId> {
        self.parts.room_id.as_ref()
    }

    /// `state_key`, for a redacted state event.
    pub fn state_key(&self) -> Option<&str> {
        self.parts.state_key.as_deref()
    }

    /// `origin_server_ts`, if present.
    pub fn origin_server_ts(&self) -> Option<i64> {
        self.parts.origin_server_ts
    }

    /// `state_key` as the typed variants hold it (used by the event enums' accessors).
    #[doc(hidden)]
    pub fn state_key_ref(&self) -> Option<&String> {
        self.parts.state_key.as_ref()
    }

    /// `origin_server_ts` as the typed variants hold it (used by the event enums' accessors).
    #[doc(hidden)]
    pub fn origin_server_ts_ref(&self) -> Option<&i64> {
        self.parts.origin_server_ts.as_ref()
    }

    /// The content keys that survived the redaction, as received.
    pub fn content(&self) -> Option<&JsonObject> {
        self.parts.content.as_ref()
    }

    /// `unsigned.redacted_because`: the redaction event that stripped this one.
    pub fn redacted_because(&self) -> Option<&JsonValue> {
        self.parts.unsigned.as_ref()?.get("redacted_because")
    }

    /// Content keys that a redaction under the latest redaction rules would have removed (an
    /// event that was redacted under older rules, or that a server redacted wrongly, has some).
    pub fn unexpected_content_keys(&self) -> Vec<&str> {
        let Some(content) = self.content() else { return Vec::new() };
        content
            .keys()
            .map(String::as_str)
            .filter(|key| !crate::redaction::content_key_survives(&self.event_type, key, crate::redaction::Rules::LATEST))
            .collect()
    }

    /// The event exactly as received.
    pub fn json(&self) -> &RawJson {
        &self.json
    }
}

impl PartialEq for RedactedEvent {
    fn eq(&self, other: &RedactedEvent) -> bool {
        self.json.get() == other.json.get()
    }
}

impl Serialize for RedactedEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

/// An event that could not be decoded, kept exactly as received with the reason: a known type
/// whose fields do not fit its schema, or a broken envelope (not an object, no `type`, a
/// duplicate envelope key), or a text no JSON value can hold (nesting past 127 levels, a lone
/// surrogate, `1e400`). It re-encodes byte for byte with `serde_json::to_string`, so a list it
/// sits in round-trips; `serde_json::to_value` of it fails for that last kind.
#[derive(Clone, Debug)]
pub struct InvalidEvent {
    event_type: Option<String>,
    error: String,
    json: Box<RawJson>,
}

impl InvalidEvent {
    /// Keeps an event that failed to decode (used by the generated event enums).
    #[doc(hidden)]
    pub fn new(event_type: Option<String>, error: String, json: Box<RawJson>) -> InvalidEvent {
        InvalidEvent { event_type, error, json }
    }

    /// The event's `type`, if it could be read.
    pub fn event_type(&self) -> Option<&str> {
        self.event_type.as_deref()
    }

    /// Why it did not decode; names the type and the field.
    pub fn error(&self) -> &str {
        &self.error
    }

    /// The event exactly as received.
    pub fn json(&self) -> &RawJson {
        &self.json
    }
}

impl PartialEq for InvalidEvent {
    fn eq(&self, other: &InvalidEvent) -> bool {
        self.json.get() == other.json.get()
    }
}

impl Serialize for InvalidEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

/// What an event enum's decoding does with a captured event before the typed decode (used by
/// the generated event enums).
#[doc(hidden)]
// Returned once per event and matched at once: boxing the large variants would only add an
// allocation per redacted or invalid event.
#[allow(clippy::large_enum_variant)]
pub enum Dispatch<'de> {
    /// Decode it as the variant of this type (borrowed from the event's text where it can be).
    Decode(Cow<'de, str>, CapturedJson<'de>),
    /// A redacted event.
    Redacted(RedactedEvent),
    /// A broken envelope (lenient mode only).
    Invalid(InvalidEvent),
}

/// Reads the envelope of `raw` and says how to decode it; in strict mode a broken envelope is
/// an error (used by the generated event enums).
#[doc(hidden)]
pub fn dispatch<'de>(raw: CapturedJson<'de>, discriminator: &'static str) -> Result<Dispatch<'de>, String> {
    let envelope = match raw.borrowed() {
        Some(text) => read_envelope(text, discriminator),
        None => read_envelope(raw.get(), discriminator).map(ScannedEnvelope::into_owned),
    };
    let error = match envelope {
        // A redacted event is kept whole, so it must be something a JSON value can hold.
        Ok(ScannedEnvelope { discriminator: Some(event_type), redacted: true }) => {
            let event_type = event_type.into_owned();
            let checked = crate::json_limits::check_representable(raw.get());
            let raw = raw.into_raw().map_err(|e| e.to_string())?;
            match checked {
                Ok(()) => return Ok(Dispatch::Redacted(RedactedEvent::new(event_type, raw))),
                Err(_) if is_strict() => return Err(format!("redacted `{event_type}` event: not representable")),
                Err(error) => return Ok(Dispatch::Invalid(InvalidEvent::new(Some(event_type), error.to_string(), raw))),
            }
        }
        Ok(ScannedEnvelope { discriminator: Some(event_type), redacted: false }) => {
            return Ok(Dispatch::Decode(event_type, raw));
        }
        Ok(ScannedEnvelope { discriminator: None, .. }) => EnvelopeError::MissingDiscriminator(discriminator),
        Err(error) => error,
    };
    if is_strict() {
        return Err(error.to_string());
    }
    // The type, where it can be read, says what the event was meant to be; with a duplicate
    // key no reading is the event's.
    let event_type = match error {
        EnvelopeError::DuplicateKey(_) => None,
        _ => super::peek_str_field(raw.get(), discriminator).ok().flatten().map(Cow::into_owned),
    };
    let raw = raw.into_raw().map_err(|e| e.to_string())?;
    Ok(Dispatch::Invalid(InvalidEvent::new(event_type, error.to_string(), raw)))
}

/// What an event enum keeps of an event whose type it does not know (used by the generated
/// event enums).
#[doc(hidden)]
pub enum Kept {
    /// Kept whole as an unknown event.
    Unknown(UnknownEvent),
    /// Kept as invalid: a JSON value cannot hold it (nesting, numbers, surrogates), so
    /// `to_value` of the decoded event would fail.
    Invalid(InvalidEvent),
}

/// Keeps an event of a type the enum does not know; in strict mode one that a JSON value
/// cannot hold is an error (used by the generated event enums).
#[doc(hidden)]
pub fn keep_unknown(event_type: Cow<'_, str>, raw: CapturedJson<'_>) -> Result<Kept, String> {
    let event_type = event_type.into_owned();
    let checked = crate::json_limits::check_representable(raw.get());
    let raw = raw.into_raw().map_err(|e| e.to_string())?;
    match checked {
        Ok(()) => Ok(Kept::Unknown(UnknownEvent::new(event_type, raw))),
        Err(error) if is_strict() => Err(error.to_string()),
        Err(error) => Ok(Kept::Invalid(InvalidEvent::new(Some(event_type), error.to_string(), raw))),
    }
}

/// Keeps an event of a known type that did not decode, with the `error`; in strict mode the
/// error is returned instead (used by the generated event enums).
#[doc(hidden)]
pub fn keep_invalid(event_type: Cow<'_, str>, error: String, raw: CapturedJson<'_>) -> Result<InvalidEvent, String> {
    if is_strict() {
        return Err(error);
    }
    let event_type = event_type.into_owned();
    let raw = raw.into_raw().map_err(|e| e.to_string())?;
    Ok(InvalidEvent::new(Some(event_type), error, raw))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    fn dispatched_type(dispatch: Dispatch<'_>) -> Cow<'_, str> {
        match dispatch {
            Dispatch::Decode(event_type, _) => event_type,
            Dispatch::Redacted(_) | Dispatch::Invalid(_) => panic!("expected an event to decode"),
        }
    }

    #[test]
    fn the_event_type_is_borrowed_from_borrowed_text_and_owned_otherwise() {
        let event = r#"{"content":{},"type":"m.room.message"}"#;
        let borrowed: CapturedJson<'_> = serde_json::from_str(event).expect("valid");
        let event_type = dispatched_type(dispatch(borrowed, "type").expect("an event"));
        assert!(matches!(event_type, Cow::Borrowed("m.room.message")), "{event_type:?}");

        let escaped: CapturedJson<'_> = serde_json::from_str(r#"{"type":"m.room.m\u0065ssage"}"#).expect("valid");
        let event_type = dispatched_type(dispatch(escaped, "type").expect("an event"));
        assert!(matches!(&event_type, Cow::Owned(t) if t == "m.room.message"), "{event_type:?}");

        let mut reader = serde_json::Deserializer::from_reader(event.as_bytes());
        let owned = CapturedJson::deserialize(&mut reader).expect("valid");
        assert!(!owned.is_borrowed());
        let event_type = dispatched_type(dispatch(owned, "type").expect("an event"));
        assert!(matches!(&event_type, Cow::Owned(t) if t == "m.room.message"), "{event_type:?}");
    }

    #[test]
    fn a_redacted_event_and_a_missing_type_are_not_decoded() {
        let redacted: CapturedJson<'_> =
            serde_json::from_str(r#"{"content":{},"type":"m.room.message","unsigned":{"redacted_because":{}}}"#)
                .expect("valid");
        assert!(matches!(dispatch(redacted, "type"), Ok(Dispatch::Redacted(event)) if event.event_type() == "m.room.message"));
        let untyped: CapturedJson<'_> = serde_json::from_str(r#"{"content":{}}"#).expect("valid");
        assert!(matches!(dispatch(untyped, "type"), Ok(Dispatch::Invalid(event)) if event.event_type().is_none()));
    }
}
