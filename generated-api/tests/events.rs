//! Events against the spec: every event schema has a content type and sits in the enums of its
//! kind, every event example round-trips through the enum of its kind, and unknown event types
//! and msgtypes survive unchanged.

mod common;

use std::path::PathBuf;

use codegen::ir::overrides::{self, EventClass};
use codegen::load::model::Spec;
use generated_api::generated::events::any::*;
use generated_api::generated::events::m_room_message::RoomMessageEventContent;
use serde_json::{json, Value};

fn spec() -> Spec {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec-snapshot");
    let version = std::fs::read_to_string(root.join("TARGET")).expect("spec-snapshot/TARGET");
    let dir = root.join(version.trim()).join("data");
    assert!(dir.is_dir(), "{} is missing: run `cargo xtask spec fetch` first", dir.display());
    codegen::load::load_spec(&dir).expect("the pinned spec loads")
}

/// The `EVENT_TYPES` of the generated enum named `name`.
fn enum_types(name: &str) -> &'static [&'static str] {
    match name {
        "AnyTimelineEvent" => AnyTimelineEvent::EVENT_TYPES,
        "AnySyncTimelineEvent" => AnySyncTimelineEvent::EVENT_TYPES,
        "AnyStateEvent" => AnyStateEvent::EVENT_TYPES,
        "AnySyncStateEvent" => AnySyncStateEvent::EVENT_TYPES,
        "AnyStrippedStateEvent" => AnyStrippedStateEvent::EVENT_TYPES,
        "AnyGlobalAccountDataEvent" => AnyGlobalAccountDataEvent::EVENT_TYPES,
        "AnyRoomAccountDataEvent" => AnyRoomAccountDataEvent::EVENT_TYPES,
        "AnyEphemeralEvent" => AnyEphemeralEvent::EVENT_TYPES,
        "AnyToDeviceEvent" => AnyToDeviceEvent::EVENT_TYPES,
        other => panic!("no enum {other}"),
    }
}

/// Decodes `text` through the enum `name` and encodes it again; `Err` if it fails or lands in
/// `Unknown`.
fn through(name: &str, text: &str) -> Result<Value, String> {
    fn run<T: serde::de::DeserializeOwned + serde::Serialize>(
        text: &str,
        unknown: fn(&T) -> bool,
    ) -> Result<Value, String> {
        let typed: T = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if unknown(&typed) {
            return Err("decoded as an unknown event type".into());
        }
        serde_json::to_value(&typed).map_err(|e| e.to_string())
    }
    match name {
        "AnyTimelineEvent" => run::<AnyTimelineEvent>(text, |e| matches!(e, AnyTimelineEvent::Unknown(_))),
        "AnySyncTimelineEvent" => run::<AnySyncTimelineEvent>(text, |e| matches!(e, AnySyncTimelineEvent::Unknown(_))),
        "AnyStateEvent" => run::<AnyStateEvent>(text, |e| matches!(e, AnyStateEvent::Unknown(_))),
        "AnySyncStateEvent" => run::<AnySyncStateEvent>(text, |e| matches!(e, AnySyncStateEvent::Unknown(_))),
        "AnyStrippedStateEvent" => {
            run::<AnyStrippedStateEvent>(text, |e| matches!(e, AnyStrippedStateEvent::Unknown(_)))
        }
        "AnyGlobalAccountDataEvent" => {
            run::<AnyGlobalAccountDataEvent>(text, |e| matches!(e, AnyGlobalAccountDataEvent::Unknown(_)))
        }
        "AnyRoomAccountDataEvent" => {
            run::<AnyRoomAccountDataEvent>(text, |e| matches!(e, AnyRoomAccountDataEvent::Unknown(_)))
        }
        "AnyEphemeralEvent" => run::<AnyEphemeralEvent>(text, |e| matches!(e, AnyEphemeralEvent::Unknown(_))),
        "AnyToDeviceEvent" => run::<AnyToDeviceEvent>(text, |e| matches!(e, AnyToDeviceEvent::Unknown(_))),
        other => Err(format!("no enum {other}")),
    }
}

/// The enums that hold events of `class`, from the generator's own table.
fn enums_of(class: EventClass) -> Vec<&'static str> {
    overrides::EVENT_ENUMS.iter().filter(|e| e.members.iter().any(|(c, _)| *c == class)).map(|e| e.name).collect()
}

#[test]
fn every_event_type_is_in_the_enums_of_its_kind() {
    let spec = spec();
    let mut checked = 0;
    let mut missing = Vec::new();
    for event in &spec.events {
        let classes = overrides::event_classes(&event.event_types[0], event.core.as_deref()).expect("classified");
        for class in classes {
            for name in enums_of(class) {
                for event_type in &event.event_types {
                    checked += 1;
                    if !enum_types(name).contains(&event_type.as_str()) {
                        missing.push(format!("{event_type} ({}) in {name}", event.name));
                    }
                }
            }
        }
    }
    println!(
        "event schemas: {}; event types in the enums of their kind: {} passed, {} failed",
        spec.events.len(),
        checked - missing.len(),
        missing.len()
    );
    assert_eq!(spec.events.len(), 71);
    assert!(missing.is_empty(), "{missing:#?}");
}

/// The enum an example of `class` decodes through: with `room_id`, the full form.
fn enum_for(class: EventClass, example: &Value) -> &'static str {
    let has_room_id = example.get("room_id").is_some();
    match class {
        EventClass::MessageLike if has_room_id => "AnyTimelineEvent",
        EventClass::MessageLike => "AnySyncTimelineEvent",
        EventClass::State if has_room_id => "AnyStateEvent",
        EventClass::State if example.get("event_id").is_none() => "AnyStrippedStateEvent",
        EventClass::State => "AnySyncStateEvent",
        EventClass::GlobalAccountData => "AnyGlobalAccountDataEvent",
        EventClass::RoomAccountData => "AnyRoomAccountDataEvent",
        EventClass::Ephemeral => "AnyEphemeralEvent",
        EventClass::ToDevice => "AnyToDeviceEvent",
    }
}

#[test]
fn every_event_example_round_trips_through_the_enum_of_its_kind() {
    let spec = spec();
    let (mut passed, mut failed, mut known) = (0, Vec::new(), Vec::new());
    for example in spec.event_examples.iter().filter(|e| e.is_whole_event()) {
        let schema_name = example.name.split('$').next().unwrap_or(&example.name);
        let event = spec
            .events
            .iter()
            .find(|e| e.name == schema_name)
            .unwrap_or_else(|| panic!("no schema for {}", example.name));
        let classes = overrides::event_classes(&event.event_types[0], event.core.as_deref()).expect("classified");
        // An event of several classes (m.room.encrypted) is shown in the form its example has.
        let class = if example.value.get("sender").is_some() && example.value.get("event_id").is_some() {
            classes
                .iter()
                .copied()
                .find(|c| matches!(c, EventClass::MessageLike | EventClass::State))
                .unwrap_or(classes[0])
        } else {
            classes[0]
        };
        let name = enum_for(class, &example.value);
        let text = serde_json::to_string(&example.value).expect("serializes");
        let outcome = match through(name, &text) {
            Ok(back) if back == example.value => Ok(()),
            Ok(back) => Err(format!("changed to {back}")),
            Err(error) => Err(error),
        };
        match (outcome, common::known_invalid(&example.name)) {
            (Ok(()), None) => passed += 1,
            (Err(error), Some(entry)) => {
                known.push(format!("{} ({}; decoding says: {error})", example.name, entry.reason))
            }
            (Ok(()), Some(_)) => {
                failed.push(format!("{} is listed as known-invalid but passes: remove it", example.name))
            }
            (Err(error), None) => failed.push(format!("{} via {name}: {error}", example.name)),
        }
    }
    println!("event examples: {passed} passed, {} failed, {} known-invalid", failed.len(), known.len());
    for entry in &known {
        println!("  KNOWN-INVALID {entry}");
    }
    for failure in &failed {
        println!("  FAILED {failure}");
    }
    assert!(failed.is_empty());
    assert_eq!(passed + known.len(), 76, "every event example is counted");
}

#[test]
fn unknown_event_types_round_trip_byte_for_byte_through_every_enum() {
    let text = r#"{"type":"org.example.custom","content":{"nested":{"list":[1,2.5,"x",null],"deep":{"a":true}}},"sender":"@a:example.org","state_key":"","event_id":"$e","origin_server_ts":1,"room_id":"!r:example.org","unsigned":{"age":1}}"#;
    let mut count = 0;
    for spec_enum in overrides::EVENT_ENUMS {
        let name = spec_enum.name;
        let back = match name {
            "AnyTimelineEvent" => serde_json::to_string(&serde_json::from_str::<AnyTimelineEvent>(text).expect(name)),
            "AnySyncTimelineEvent" => {
                serde_json::to_string(&serde_json::from_str::<AnySyncTimelineEvent>(text).expect(name))
            }
            "AnyStateEvent" => serde_json::to_string(&serde_json::from_str::<AnyStateEvent>(text).expect(name)),
            "AnySyncStateEvent" => serde_json::to_string(&serde_json::from_str::<AnySyncStateEvent>(text).expect(name)),
            "AnyStrippedStateEvent" => {
                serde_json::to_string(&serde_json::from_str::<AnyStrippedStateEvent>(text).expect(name))
            }
            "AnyGlobalAccountDataEvent" => {
                serde_json::to_string(&serde_json::from_str::<AnyGlobalAccountDataEvent>(text).expect(name))
            }
            "AnyRoomAccountDataEvent" => {
                serde_json::to_string(&serde_json::from_str::<AnyRoomAccountDataEvent>(text).expect(name))
            }
            "AnyEphemeralEvent" => serde_json::to_string(&serde_json::from_str::<AnyEphemeralEvent>(text).expect(name)),
            "AnyToDeviceEvent" => serde_json::to_string(&serde_json::from_str::<AnyToDeviceEvent>(text).expect(name)),
            other => panic!("a new enum {other}: add it here"),
        };
        assert_eq!(back.expect("encodes"), text, "{name}");
        count += 1;
    }
    println!("unknown event type: byte-identical through {count} event enums");
    let parsed: AnyStateEvent = serde_json::from_str(text).expect("decodes");
    assert_eq!(parsed.event_type(), "org.example.custom");
}

#[test]
fn a_known_type_with_bad_content_is_an_error_naming_the_type() {
    let text = r#"{"type":"m.room.name","content":{"name":7},"sender":"@a:b","state_key":"","event_id":"$e","origin_server_ts":1,"room_id":"!r:b"}"#;
    let error = serde_json::from_str::<AnyStateEvent>(text).expect_err("name must be a string");
    assert!(error.to_string().contains("m.room.name"), "{error}");
}

#[test]
fn a_custom_msgtype_keeps_all_of_its_fields() {
    let event = json!({
        "type": "m.room.message", "sender": "@a:b", "event_id": "$e", "origin_server_ts": 1,
        "content": {"msgtype": "org.example.poll", "body": "Poll!", "answers": ["a", "b"], "nested": {"k": 1}},
    });
    let typed: AnySyncTimelineEvent = serde_json::from_str(&event.to_string()).expect("decodes");
    let AnySyncTimelineEvent::RoomMessage(message) = &typed else { panic!("an m.room.message: {typed:?}") };
    assert!(matches!(message.content, RoomMessageEventContent::Other(_)));
    assert_eq!(serde_json::to_value(&typed).expect("encodes"), event);
    let text = json!({"type": "m.room.message", "sender": "@a:b", "event_id": "$e", "origin_server_ts": 1, "content": {"msgtype": "m.text", "body": "hi"}});
    let typed: AnySyncTimelineEvent = serde_json::from_str(&text.to_string()).expect("decodes");
    let AnySyncTimelineEvent::RoomMessage(message) = typed else { panic!("an m.room.message") };
    assert!(matches!(message.content, RoomMessageEventContent::Text(_)));
}
