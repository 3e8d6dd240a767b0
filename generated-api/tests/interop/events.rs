//! The event tally: every event of every event-bearing response, found by its place in the
//! body and decoded with the event enum the crate uses there, is counted as typed, redacted,
//! unknown, kept-invalid or failed.
//!
//! Each event is decoded from the received body on its own, so a response that failed to
//! decode still shows which of its events broke it.

use std::collections::BTreeMap;
use std::fmt;

use generated_api::generated::events::any;
use serde_json::Value;

use super::tally::{EventEnum, EventStatus};

/// The event enums, by where they occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `AnyTimelineEvent`: room events with their `room_id`.
    Timeline,
    /// `AnyStateEvent`: a state event read alone.
    State,
    /// `AnySyncTimelineEvent`: /sync timelines, notifications.
    SyncTimeline,
    /// `AnySyncStateEvent`: /sync state.
    SyncState,
    /// `AnyStrippedStateEvent`: invite, knock and space-child state.
    Stripped,
    /// `AnyEphemeralEvent`: typing, receipts, presence.
    Ephemeral,
    /// `AnyGlobalAccountDataEvent`.
    GlobalAccountData,
    /// `AnyRoomAccountDataEvent`.
    RoomAccountData,
    /// `AnyToDeviceEvent`.
    ToDevice,
}

/// Where the events of each event-bearing operation are: JSON pointers, `*` matching any key
/// or index.
pub fn locations(operation_id: &str) -> &'static [(&'static str, Kind)] {
    use Kind::*;
    match operation_id {
        "sync" => &[
            ("/account_data/events/*", GlobalAccountData),
            ("/presence/events/*", Ephemeral),
            ("/to_device/events/*", ToDevice),
            ("/rooms/join/*/timeline/events/*", SyncTimeline),
            ("/rooms/join/*/state/events/*", SyncState),
            ("/rooms/join/*/state_after/events/*", SyncState),
            ("/rooms/join/*/ephemeral/events/*", Ephemeral),
            ("/rooms/join/*/account_data/events/*", RoomAccountData),
            ("/rooms/leave/*/timeline/events/*", SyncTimeline),
            ("/rooms/leave/*/state/events/*", SyncState),
            ("/rooms/leave/*/state_after/events/*", SyncState),
            ("/rooms/leave/*/account_data/events/*", RoomAccountData),
            ("/rooms/invite/*/invite_state/events/*", Stripped),
            ("/rooms/knock/*/knock_state/events/*", Stripped),
        ],
        "getRoomEvents" => &[("/chunk/*", Timeline), ("/state/*", Timeline)],
        "getEventContext" => &[
            ("/events_before/*", Timeline),
            ("/event", Timeline),
            ("/events_after/*", Timeline),
            ("/state/*", Timeline),
        ],
        "getOneRoomEvent" | "getOneEvent" => &[("", Timeline)],
        "getRoomState" => &[("/*", Timeline)],
        "getMembersByRoom" => &[("/chunk/*", Timeline)],
        "getRelatingEvents"
        | "getRelatingEventsWithRelType"
        | "getRelatingEventsWithRelTypeAndEventType"
        | "getThreadRoots" => &[("/chunk/*", Timeline)],
        "getNotifications" => &[("/notifications/*/event", SyncTimeline)],
        // With `format=event` (the body has an `event_id`); else the body is the content.
        "getRoomStateWithKey" => &[("", State)],
        "search" => &[
            ("/search_categories/room_events/results/*/result", Timeline),
            ("/search_categories/room_events/results/*/context/events_before/*", Timeline),
            ("/search_categories/room_events/results/*/context/events_after/*", Timeline),
            ("/search_categories/room_events/state/*/*", Timeline),
        ],
        "roomInitialSync" => {
            &[("/messages/chunk/*", Timeline), ("/state/*", Timeline), ("/account_data/*", RoomAccountData)]
        }
        "initialSync" => &[
            ("/rooms/*/messages/chunk/*", Timeline),
            ("/rooms/*/state/*", Timeline),
            ("/rooms/*/account_data/*", RoomAccountData),
            ("/presence/*", Ephemeral),
            ("/account_data/*", GlobalAccountData),
        ],
        "getEvents" | "peekEvents" => &[("/chunk/*", Timeline)],
        "getSpaceHierarchy" => &[("/rooms/*/children_state/*", Stripped)],
        _ => &[],
    }
}

/// The counts over a whole run.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// Decoded into their typed variant.
    pub typed: usize,
    /// Kept as redacted events.
    pub redacted: usize,
    /// Of a type the crate does not know (custom types).
    pub unknown: usize,
    /// Kept whole with their error.
    pub invalid: usize,
    /// Failed: did not decode at all, or a spec (`m.`) type came back unknown.
    pub failed: Vec<String>,
    /// Counts by event type and outcome, for the report.
    pub by_type: BTreeMap<(String, &'static str), usize>,
}

impl Tally {
    /// Counts every event of `body`, a successful response of `operation_id`.
    pub fn count_response(&mut self, operation_id: &str, body: &Value) {
        for (pattern, kind) in locations(operation_id) {
            for (pointer, event) in matches(body, pattern) {
                if operation_id == "getRoomStateWithKey" && event.get("event_id").is_none() {
                    continue;
                }
                let outcome = classify(*kind, event);
                self.count(operation_id, &pointer, event, outcome);
            }
        }
    }

    fn count(&mut self, operation_id: &str, pointer: &str, event: &Value, outcome: Outcome) {
        let event_type = event.get("type").and_then(Value::as_str).unwrap_or("(no type)").to_string();
        let label = match &outcome {
            Outcome::Decoded(EventStatus::Typed) => {
                self.typed += 1;
                "typed"
            }
            Outcome::Decoded(EventStatus::Redacted) => {
                self.redacted += 1;
                "redacted"
            }
            // The `m.` namespace is the spec's: such an event must decode to its type.
            Outcome::Decoded(EventStatus::Unknown) if event_type.starts_with("m.") => {
                self.failed.push(format!("{operation_id} {pointer}: spec type {event_type} decoded as unknown"));
                "failed"
            }
            Outcome::Decoded(EventStatus::Unknown) => {
                self.unknown += 1;
                "unknown"
            }
            Outcome::Decoded(EventStatus::Invalid) => {
                self.invalid += 1;
                "kept-invalid"
            }
            Outcome::Failed(reason) => {
                self.failed.push(format!("{operation_id} {pointer} ({event_type}): {reason}"));
                "failed"
            }
        };
        *self.by_type.entry((event_type, label)).or_default() += 1;
    }

    /// All events counted.
    pub fn total(&self) -> usize {
        self.typed + self.redacted + self.unknown + self.invalid + self.failed.len()
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "events: {} typed, {} redacted, {} unknown, {} kept-invalid, {} failed",
            self.typed,
            self.redacted,
            self.unknown,
            self.invalid,
            self.failed.len()
        )
    }
}

/// How one event decoded.
enum Outcome {
    Decoded(EventStatus),
    Failed(String),
}

fn classify(kind: Kind, event: &Value) -> Outcome {
    match kind {
        Kind::Timeline => decode::<any::AnyTimelineEvent>(event),
        Kind::State => decode::<any::AnyStateEvent>(event),
        Kind::SyncTimeline => decode::<any::AnySyncTimelineEvent>(event),
        Kind::SyncState => decode::<any::AnySyncStateEvent>(event),
        Kind::Stripped => decode::<any::AnyStrippedStateEvent>(event),
        Kind::Ephemeral => decode::<any::AnyEphemeralEvent>(event),
        Kind::GlobalAccountData => decode::<any::AnyGlobalAccountDataEvent>(event),
        Kind::RoomAccountData => decode::<any::AnyRoomAccountDataEvent>(event),
        Kind::ToDevice => decode::<any::AnyToDeviceEvent>(event),
    }
}

/// Decodes from the event's text: the enums keep unknown events as raw JSON, which needs
/// serde_json's own deserializer (not a `Value`).
fn decode<E: EventEnum>(event: &Value) -> Outcome {
    match serde_json::from_str::<E>(&event.to_string()) {
        Ok(decoded) if decoded.type_name() != event.get("type").and_then(Value::as_str).unwrap_or_default() => {
            Outcome::Failed(format!("decoded as type {}", decoded.type_name()))
        }
        Ok(decoded) => Outcome::Decoded(decoded.status()),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Every value of `body` at `pattern` (a JSON pointer whose `*` segments match any key or
/// index), with its concrete pointer.
pub fn matches<'a>(body: &'a Value, pattern: &str) -> Vec<(String, &'a Value)> {
    let mut found = vec![(String::new(), body)];
    for segment in pattern.split('/').skip(1) {
        found = found
            .into_iter()
            .flat_map(|(pointer, value)| {
                children(value, segment).into_iter().map(move |(key, child)| (format!("{pointer}/{key}"), child))
            })
            .collect();
    }
    found
}

fn children<'a>(value: &'a Value, segment: &str) -> Vec<(String, &'a Value)> {
    match (value, segment) {
        (Value::Object(map), "*") => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        (Value::Array(items), "*") => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        (Value::Object(map), key) => map.get(key).map(|v| vec![(key.to_string(), v)]).unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn patterns_find_every_event() {
        let body = json!({ "rooms": { "join": {
            "!a:x": { "timeline": { "events": [{ "type": "m.room.message" }, { "type": "m.reaction" }] } },
            "!b:x": { "timeline": { "events": [{ "type": "m.room.topic" }] } },
        } } });
        let found = matches(&body, "/rooms/join/*/timeline/events/*");
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/rooms/join/!a:x/timeline/events/0",
                "/rooms/join/!a:x/timeline/events/1",
                "/rooms/join/!b:x/timeline/events/0"
            ]
        );
        assert_eq!(matches(&body, "").len(), 1);
        assert!(matches(&body, "/rooms/leave/*/timeline/events/*").is_empty());
    }

    #[test]
    fn counts_typed_unknown_invalid_and_failed() {
        let mut tally = Tally::default();
        let event = |event_type: &str, content: Value| {
            json!({ "type": event_type, "content": content, "event_id": "$e", "sender": "@a:x",
                    "origin_server_ts": 1, "room_id": "!r:x" })
        };
        let body = json!({ "chunk": [
            event("m.room.message", json!({ "msgtype": "m.text", "body": "hi" })),
            event("org.example.custom", json!({ "anything": 1 })),
            event("m.room.message", json!({ "msgtype": "m.text" })),
            event("m.not.in.the.spec", json!({})),
        ] });
        tally.count_response("getRoomEvents", &body);
        assert_eq!((tally.typed, tally.unknown, tally.invalid, tally.failed.len()), (1, 1, 1, 1), "{:?}", tally.failed);
        assert_eq!(tally.total(), 4);
        assert!(tally.failed[0].starts_with("getRoomEvents /chunk/3: spec type m.not.in.the.spec decoded as unknown"));
    }
}
