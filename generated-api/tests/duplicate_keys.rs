//! Parser disagreement: with a duplicate envelope key, no event enum dispatches on a value that
//! serde_json (and every later reader, which sees the last occurrence) does not see. Every enum,
//! every envelope key: the event is kept invalid (lenient) or refused (strict).

use generated_api::generated::events::any::*;
use generated_api::runtime::{decode_strictly, EventStatus};
use serde_json::{json, Value};

/// The keys whose duplicates matter: what the enums dispatch on and what identifies an event.
const ENVELOPE_KEYS: &[&str] = &["type", "state_key", "sender", "event_id", "room_id", "content", "unsigned"];

/// An event of `event_type` as JSON text with `key` written twice: first `first`, then the
/// event's own value (which serde_json keeps).
fn with_duplicate(discriminator: &str, event_type: &str, key: &str, first: &Value) -> String {
    let event = json!({
        discriminator: event_type,
        "content": {"body": "x", "msgtype": "m.text", "name": "x", "membership": "join", "user_ids": []},
        "state_key": "",
        "sender": "@a:example.org",
        "event_id": "$e",
        "room_id": "!r:example.org",
        "origin_server_ts": 1,
        "unsigned": {"age": 1},
    });
    let Value::Object(map) = event else { unreachable!("an object literal") };
    let mut text = format!("{{{}:{}", serde_json::to_string(key).expect("key"), first);
    for (k, v) in &map {
        text.push_str(&format!(",{}:{}", serde_json::to_string(k).expect("key"), v));
    }
    if !map.contains_key(key) {
        text.push_str(&format!(",{}:{}", serde_json::to_string(key).expect("key"), first));
    }
    text.push('}');
    text
}

/// Decodes `text` leniently and strictly through `T`; an error message when either agrees to
/// dispatch.
fn check<T: serde::de::DeserializeOwned>(text: &str, status: fn(&T) -> EventStatus) -> Result<(), String> {
    let lenient: T = serde_json::from_str(text).map_err(|e| format!("lenient decoding failed: {e}"))?;
    if status(&lenient) != EventStatus::Invalid {
        return Err(format!("dispatched as {:?}", status(&lenient)));
    }
    match decode_strictly(|| serde_json::from_str::<T>(text)) {
        Ok(_) => Err("strict decoding accepted it".to_string()),
        Err(_) => Ok(()),
    }
}

#[test]
fn duplicate_envelope_keys_never_dispatch_in_any_enum() {
    type Check = fn(&str) -> Result<(), String>;
    let enums: &[(&str, &str, &str, Check)] = &[
        ("AnyTimelineEvent", "type", "m.room.message", |t| check::<AnyTimelineEvent>(t, |e| e.decode_status())),
        ("AnySyncTimelineEvent", "type", "m.room.message", |t| check::<AnySyncTimelineEvent>(t, |e| e.decode_status())),
        ("AnyStateEvent", "type", "m.room.name", |t| check::<AnyStateEvent>(t, |e| e.decode_status())),
        ("AnySyncStateEvent", "type", "m.room.name", |t| check::<AnySyncStateEvent>(t, |e| e.decode_status())),
        ("AnyStrippedStateEvent", "type", "m.room.name", |t| check::<AnyStrippedStateEvent>(t, |e| e.decode_status())),
        ("AnyGlobalAccountDataEvent", "type", "m.direct", |t| check::<AnyGlobalAccountDataEvent>(t, |e| e.decode_status())),
        ("AnyRoomAccountDataEvent", "type", "m.tag", |t| check::<AnyRoomAccountDataEvent>(t, |e| e.decode_status())),
        ("AnyEphemeralEvent", "type", "m.typing", |t| check::<AnyEphemeralEvent>(t, |e| e.decode_status())),
        ("AnyToDeviceEvent", "type", "m.dummy", |t| check::<AnyToDeviceEvent>(t, |e| e.decode_status())),
        ("AnyEdu", "edu_type", "m.typing", |t| check::<AnyEdu>(t, |e| e.decode_status())),
    ];
    let (mut passed, mut failed) = (0, Vec::new());
    for (name, discriminator, event_type, check) in enums {
        let keys = ENVELOPE_KEYS.iter().copied().chain(std::iter::once(*discriminator));
        for key in keys {
            // The first value is another event type (for the discriminator) or another value.
            let first = if key == *discriminator { json!("org.example.unknown") } else { json!("decoy") };
            let text = with_duplicate(discriminator, event_type, key, &first);
            match check(&text) {
                Ok(()) => passed += 1,
                Err(why) => failed.push(format!("{name} with `{key}` twice: {why}: {text}")),
            }
        }
    }
    for failure in &failed {
        println!("  FAILED {failure}");
    }
    println!("duplicate envelope keys: {passed} passed, {} failed (0 dispatches that disagree with serde_json)", failed.len());
    assert!(failed.is_empty());
    assert!(passed >= 70);
}
