//! Relations between events: the `m.relates_to` property of an event's content.
//!
//! The spec defines `m.relates_to` in an unlinked schema (`m.relates_to.yaml`: `rel_type` and
//! `event_id`) and its kinds in the client-server prose: rich replies (`m.in_reply_to` without a
//! `rel_type`), threads (`m.thread`), event replacements (`m.replace`, with `m.new_content` beside
//! `m.relates_to` on the content), annotations (`m.annotation`, reactions) and references
//! (`m.reference`). [`Relation`] has one variant for each and [`Relation::Other`] for any other
//! relation, kept exactly as received.
//!
//! Decoding is lossless: keys a variant does not know stay in its `extra` map, and an explicit
//! `null` of an optional key is kept and written back. A relation whose known `rel_type` comes
//! with a malformed field (say a numeric `event_id`) is kept as [`Relation::Other`], so one odd
//! event never fails a response; under [`crate::runtime::decode_strictly`] it is an error.

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::identifiers::EventId;
use crate::runtime::{serialize_extra, JsonObject, JsonValue};

/// Keys a relation object does not define, kept so it is written back unchanged.
pub type Extra = BTreeMap<String, JsonValue>;

/// The `m.relates_to` property of an event's content.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Relation {
    /// A rich reply: `{"m.in_reply_to": {"event_id": …}}`, no `rel_type`.
    Reply(Reply),
    /// `rel_type: m.thread`: the event is in the thread of `event_id`.
    Thread(Thread),
    /// `rel_type: m.replace`: an edit of `event_id` (the new content is the `m.new_content` of
    /// the event's content).
    Replacement(Replacement),
    /// `rel_type: m.annotation`: a reaction to `event_id`.
    Annotation(Annotation),
    /// `rel_type: m.reference`: a reference to `event_id`.
    Reference(Reference),
    /// Any other relation (an unknown `rel_type`, or no `rel_type` and no `m.in_reply_to`),
    /// with every key it had, in order.
    Other(OtherRelation),
}

/// The event a reply answers: the `m.in_reply_to` object.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct InReplyTo {
    /// The event replied to.
    pub event_id: EventId,
    /// Keys the spec does not define here.
    pub extra: Extra,
}

/// A rich reply (spec: "Rich replies").
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Reply {
    /// The event replied to.
    pub in_reply_to: InReplyTo,
    /// Keys the spec does not define here.
    pub extra: Extra,
}

/// A thread relation (spec: "Threading").
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Thread {
    /// The thread root.
    pub event_id: EventId,
    /// For clients without thread support: the event this one replies to (the latest event of
    /// the thread when `is_falling_back` is `true`, else a real reply within the thread).
    pub in_reply_to: Option<InReplyTo>,
    /// Whether `in_reply_to` is only the fallback for clients without thread support.
    pub is_falling_back: Option<bool>,
    /// Keys the spec does not define here (and a kept `null` of an optional key).
    pub extra: Extra,
}

/// An event replacement, an edit (spec: "Event replacements").
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Replacement {
    /// The event being replaced.
    pub event_id: EventId,
    /// Keys the spec does not define here.
    pub extra: Extra,
}

/// An annotation, e.g. a reaction (spec: "Event annotations and reactions").
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Annotation {
    /// The event annotated.
    pub event_id: EventId,
    /// The annotation, for a reaction usually an emoji.
    pub key: String,
    /// Keys the spec does not define here.
    pub extra: Extra,
}

/// A reference (spec: "Reference relations").
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Reference {
    /// The event referred to.
    pub event_id: EventId,
    /// Keys the spec does not define here.
    pub extra: Extra,
}

/// A relation of a kind this crate does not know, kept exactly as received.
#[derive(Clone, Debug, PartialEq)]
pub struct OtherRelation {
    json: JsonObject,
}

impl InReplyTo {
    /// A reply target.
    pub fn new(event_id: impl Into<EventId>) -> InReplyTo {
        InReplyTo { event_id: event_id.into(), extra: Extra::new() }
    }
}

impl Reply {
    /// A reply to `event_id`.
    pub fn new(event_id: impl Into<EventId>) -> Reply {
        Reply { in_reply_to: InReplyTo::new(event_id), extra: Extra::new() }
    }
}

impl Thread {
    /// The `rel_type` of a thread.
    pub const REL_TYPE: &'static str = "m.thread";

    /// An event in the thread of `root`, without a reply fallback.
    pub fn new(root: impl Into<EventId>) -> Thread {
        Thread { event_id: root.into(), in_reply_to: None, is_falling_back: None, extra: Extra::new() }
    }

    /// An event in the thread of `root` that is not a reply within it: `m.in_reply_to` names
    /// the thread's latest event for clients without thread support (`is_falling_back: true`).
    pub fn with_fallback(root: impl Into<EventId>, latest: impl Into<EventId>) -> Thread {
        Thread { in_reply_to: Some(InReplyTo::new(latest)), is_falling_back: Some(true), ..Thread::new(root) }
    }

    /// A reply to `event_id` within the thread of `root` (`is_falling_back: false`).
    pub fn reply(root: impl Into<EventId>, event_id: impl Into<EventId>) -> Thread {
        Thread { in_reply_to: Some(InReplyTo::new(event_id)), is_falling_back: Some(false), ..Thread::new(root) }
    }
}

impl Replacement {
    /// The `rel_type` of a replacement.
    pub const REL_TYPE: &'static str = "m.replace";

    /// A replacement of `event_id`.
    pub fn new(event_id: impl Into<EventId>) -> Replacement {
        Replacement { event_id: event_id.into(), extra: Extra::new() }
    }
}

impl Annotation {
    /// The `rel_type` of an annotation.
    pub const REL_TYPE: &'static str = "m.annotation";

    /// An annotation of `event_id` with `key`.
    pub fn new(event_id: impl Into<EventId>, key: impl Into<String>) -> Annotation {
        Annotation { event_id: event_id.into(), key: key.into(), extra: Extra::new() }
    }
}

impl Reference {
    /// The `rel_type` of a reference.
    pub const REL_TYPE: &'static str = "m.reference";

    /// A reference to `event_id`.
    pub fn new(event_id: impl Into<EventId>) -> Reference {
        Reference { event_id: event_id.into(), extra: Extra::new() }
    }
}

impl OtherRelation {
    /// A relation from its JSON object, kept as it is. A known `rel_type` (or a bare
    /// `m.in_reply_to`) is still written as given; decoding it reads the known variant.
    pub fn from_json(json: JsonObject) -> OtherRelation {
        OtherRelation { json }
    }

    /// The `rel_type`, if it is a string.
    pub fn rel_type(&self) -> Option<&str> {
        self.json.get("rel_type").and_then(JsonValue::as_str)
    }

    /// The `event_id`, if it is a string.
    pub fn event_id(&self) -> Option<&str> {
        self.json.get("event_id").and_then(JsonValue::as_str)
    }

    /// The relation object as received.
    pub fn json(&self) -> &JsonObject {
        &self.json
    }
}

impl Relation {
    /// A rich reply to `event_id`.
    pub fn reply(event_id: impl Into<EventId>) -> Relation {
        Relation::Reply(Reply::new(event_id))
    }

    /// The `rel_type` (`None` for a rich reply, or an unknown relation without one).
    pub fn rel_type(&self) -> Option<&str> {
        match self {
            Relation::Reply(_) => None,
            Relation::Thread(_) => Some(Thread::REL_TYPE),
            Relation::Replacement(_) => Some(Replacement::REL_TYPE),
            Relation::Annotation(_) => Some(Annotation::REL_TYPE),
            Relation::Reference(_) => Some(Reference::REL_TYPE),
            Relation::Other(other) => other.rel_type(),
        }
    }

    /// The event this event relates to: the `event_id` of the relation, or for a rich reply
    /// the event replied to.
    pub fn event_id(&self) -> Option<&str> {
        match self {
            Relation::Reply(reply) => Some(reply.in_reply_to.event_id.as_str()),
            Relation::Thread(thread) => Some(thread.event_id.as_str()),
            Relation::Replacement(replacement) => Some(replacement.event_id.as_str()),
            Relation::Annotation(annotation) => Some(annotation.event_id.as_str()),
            Relation::Reference(reference) => Some(reference.event_id.as_str()),
            Relation::Other(other) => other.event_id(),
        }
    }

    /// The event this one replies to (a rich reply, or the `m.in_reply_to` of a thread
    /// relation; a thread's fallback too, see [`Thread::is_falling_back`]).
    pub fn in_reply_to(&self) -> Option<&EventId> {
        match self {
            Relation::Reply(reply) => Some(&reply.in_reply_to.event_id),
            Relation::Thread(thread) => thread.in_reply_to.as_ref().map(|r| &r.event_id),
            _ => None,
        }
    }

    /// The typed form of a relation object, or why it does not fit its variant (with the
    /// object back, untouched, to keep as [`Relation::Other`]). The typed fields are read from
    /// the object by reference; only then are its other keys moved into `extra`, so neither the
    /// object nor its values are copied.
    fn from_object(json: JsonObject) -> Result<Relation, (serde_json::Error, JsonObject)> {
        let Some(kind) = Kind::of(&json) else {
            return Ok(Relation::Other(OtherRelation::from_json(json)));
        };
        match Relation::typed_fields(kind, &json) {
            Ok(mut relation) => {
                relation.take_extra(json);
                Ok(relation)
            }
            Err(error) => Err((error, json)),
        }
    }

    /// The variant of `kind` with its typed fields read from `json` (its `extra` still empty).
    fn typed_fields(kind: Kind, json: &JsonObject) -> Result<Relation, serde_json::Error> {
        let extra = Extra::new();
        Ok(match kind {
            Kind::Reply => Relation::Reply(Reply { in_reply_to: required(json, "m.in_reply_to")?, extra }),
            Kind::Thread => Relation::Thread(Thread {
                event_id: required(json, "event_id")?,
                in_reply_to: optional(json, "m.in_reply_to")?,
                is_falling_back: optional(json, "is_falling_back")?,
                extra,
            }),
            Kind::Replacement => Relation::Replacement(Replacement { event_id: required(json, "event_id")?, extra }),
            Kind::Annotation => Relation::Annotation(Annotation {
                event_id: required(json, "event_id")?,
                key: required(json, "key")?,
                extra,
            }),
            Kind::Reference => Relation::Reference(Reference { event_id: required(json, "event_id")?, extra }),
        })
    }

    /// Moves the keys of `json` that the typed fields of `self` do not hold into its `extra`
    /// (an optional field's explicit `null` stays there, so it is written back).
    fn take_extra(&mut self, json: JsonObject) {
        let (extra, held): (&mut Extra, [Option<&str>; 4]) = match self {
            Relation::Reply(reply) => (&mut reply.extra, [Some("m.in_reply_to"), None, None, None]),
            Relation::Thread(thread) => {
                let in_reply_to = thread.in_reply_to.is_some().then_some("m.in_reply_to");
                let is_falling_back = thread.is_falling_back.is_some().then_some("is_falling_back");
                (&mut thread.extra, [Some("rel_type"), Some("event_id"), in_reply_to, is_falling_back])
            }
            Relation::Replacement(replacement) => {
                (&mut replacement.extra, [Some("rel_type"), Some("event_id"), None, None])
            }
            Relation::Annotation(annotation) => {
                (&mut annotation.extra, [Some("rel_type"), Some("event_id"), Some("key"), None])
            }
            Relation::Reference(reference) => (&mut reference.extra, [Some("rel_type"), Some("event_id"), None, None]),
            Relation::Other(_) => return,
        };
        *extra = json.into_iter().filter(|(key, _)| !held.contains(&Some(key.as_str()))).collect();
    }
}

/// Which typed relation a relation object is, by its `rel_type` (or its `m.in_reply_to`).
#[derive(Clone, Copy)]
enum Kind {
    Reply,
    Thread,
    Replacement,
    Annotation,
    Reference,
}

impl Kind {
    /// The kind of `json`; `None` for a relation kept as [`Relation::Other`].
    fn of(json: &JsonObject) -> Option<Kind> {
        match json.get("rel_type") {
            Some(JsonValue::String(rel_type)) => match rel_type.as_str() {
                Thread::REL_TYPE => Some(Kind::Thread),
                Replacement::REL_TYPE => Some(Kind::Replacement),
                Annotation::REL_TYPE => Some(Kind::Annotation),
                Reference::REL_TYPE => Some(Kind::Reference),
                _ => None,
            },
            None if matches!(json.get("m.in_reply_to"), Some(JsonValue::Object(_))) => Some(Kind::Reply),
            _ => None,
        }
    }
}

/// Reads a required key of a relation object.
fn required<T: DeserializeOwned>(json: &JsonObject, key: &'static str) -> Result<T, serde_json::Error> {
    let value = json.get(key).ok_or_else(|| serde_json::Error::missing_field(key))?;
    T::deserialize(value).map_err(|e| serde_json::Error::custom(format!("`{key}`: {e}")))
}

/// Reads an optional key of a relation object; an explicit `null` reads as absent (and stays
/// in `extra`, see [`Relation::take_extra`]).
fn optional<T: DeserializeOwned>(json: &JsonObject, key: &'static str) -> Result<Option<T>, serde_json::Error> {
    match json.get(key) {
        None | Some(JsonValue::Null) => Ok(None),
        Some(_) => required(json, key).map(Some),
    }
}

impl<'de> Deserialize<'de> for Relation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = JsonObject::deserialize(deserializer)?;
        match Relation::from_object(json) {
            Ok(relation) => Ok(relation),
            Err((e, _)) if crate::runtime::is_strict() => Err(D::Error::custom(format!("invalid `m.relates_to`: {e}"))),
            Err((_, json)) => Ok(Relation::Other(OtherRelation::from_json(json))),
        }
    }
}

impl<'de> Deserialize<'de> for InReplyTo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Extra::deserialize(deserializer)?;
        let value = fields.remove("event_id").ok_or_else(|| D::Error::missing_field("event_id"))?;
        let event_id = EventId::deserialize(value).map_err(|e| D::Error::custom(format!("`event_id`: {e}")))?;
        Ok(InReplyTo { event_id, extra: fields })
    }
}

impl Serialize for InReplyTo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("event_id", &self.event_id)?;
        serialize_extra(&mut map, &self.extra, |key| key == "event_id")?;
        map.end()
    }
}

impl Serialize for Relation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (rel_type, event_id, extra) = match self {
            Relation::Other(other) => return other.json.serialize(serializer),
            Relation::Reply(reply) => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("m.in_reply_to", &reply.in_reply_to)?;
                serialize_extra(&mut map, &reply.extra, |key| key == "m.in_reply_to")?;
                return map.end();
            }
            Relation::Thread(thread) => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("rel_type", Thread::REL_TYPE)?;
                map.serialize_entry("event_id", &thread.event_id)?;
                if let Some(value) = &thread.is_falling_back {
                    map.serialize_entry("is_falling_back", value)?;
                }
                if let Some(value) = &thread.in_reply_to {
                    map.serialize_entry("m.in_reply_to", value)?;
                }
                serialize_extra(&mut map, &thread.extra, |key| match key {
                    "is_falling_back" => thread.is_falling_back.is_some(),
                    "m.in_reply_to" => thread.in_reply_to.is_some(),
                    _ => false,
                })?;
                return map.end();
            }
            Relation::Annotation(annotation) => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("rel_type", Annotation::REL_TYPE)?;
                map.serialize_entry("event_id", &annotation.event_id)?;
                map.serialize_entry("key", &annotation.key)?;
                serialize_extra(&mut map, &annotation.extra, |_| false)?;
                return map.end();
            }
            Relation::Replacement(r) => (Replacement::REL_TYPE, &r.event_id, &r.extra),
            Relation::Reference(r) => (Reference::REL_TYPE, &r.event_id, &r.extra),
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("rel_type", rel_type)?;
        map.serialize_entry("event_id", event_id)?;
        serialize_extra(&mut map, extra, |_| false)?;
        map.end()
    }
}

impl From<Reply> for Relation {
    fn from(reply: Reply) -> Relation {
        Relation::Reply(reply)
    }
}

impl From<Thread> for Relation {
    fn from(thread: Thread) -> Relation {
        Relation::Thread(thread)
    }
}

impl From<Replacement> for Relation {
    fn from(replacement: Replacement) -> Relation {
        Relation::Replacement(replacement)
    }
}

impl From<Annotation> for Relation {
    fn from(annotation: Annotation) -> Relation {
        Relation::Annotation(annotation)
    }
}

impl From<Reference> for Relation {
    fn from(reference: Reference) -> Relation {
        Relation::Reference(reference)
    }
}

impl From<OtherRelation> for Relation {
    fn from(other: OtherRelation) -> Relation {
        Relation::Other(other)
    }
}
