//! Events against the spec: every event schema has a content type and sits in the enums of its
//! kind, every event example round-trips through the enum of its kind, and unknown event types
//! and msgtypes survive unchanged.

mod common;

use codegen::ir::overrides::{self, EventClass};

use common::{enum_types, event_example_enum, spec, through};
use generated_api::generated::events::any::*;
use generated_api::generated::events::m_room_message::RoomMessageEventContent;
use generated_api::runtime::{decode_strictly, EventStatus};
use serde_json::json;

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
        let classes = codegen::ir::classify::classify(event, &spec.event_examples).classes;
        if classes.is_empty() {
            // Placed in no enum by the generator: a failure to count, so the overrides get it.
            checked += 1;
            missing.push(format!("{} ({}) is unclassified: add it to EVENT_CLASSES", event.event_types[0], event.name));
        }
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
    if common::is_target() {
        assert_eq!(spec.events.len(), 71);
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn every_event_example_round_trips_through_the_enum_of_its_kind() {
    let spec = spec();
    let (mut passed, mut failed, mut known) = (0, Vec::new(), Vec::new());
    for example in spec.event_examples.iter().filter(|e| e.is_whole_event()) {
        let name = event_example_enum(&spec, example).unwrap_or("no enum");
        let text = serde_json::to_string(&example.value).expect("serializes");
        let outcome = match event_example_enum(&spec, example).and_then(|name| through(name, &text)) {
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
    let whole_events = spec.event_examples.iter().filter(|e| e.is_whole_event()).count();
    assert_eq!(passed + known.len(), whole_events, "every event example is counted");
    if common::is_target() {
        assert_eq!(whole_events, 76);
    }
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
fn a_known_type_with_bad_content_is_kept_invalid_with_an_error_naming_the_type() {
    let text = r#"{"type":"m.room.name","content":{"name":7},"sender":"@a:b","state_key":"","event_id":"$e","origin_server_ts":1,"room_id":"!r:b"}"#;
    let kept = serde_json::from_str::<AnyStateEvent>(text).expect("kept, not failed");
    let AnyStateEvent::Invalid(invalid) = &kept else { panic!("an invalid event: {kept:?}") };
    assert_eq!(invalid.event_type(), Some("m.room.name"));
    assert!(invalid.error().contains("m.room.name") && invalid.error().contains("name"), "{}", invalid.error());
    assert_eq!(kept.decode_status(), EventStatus::Invalid);
    assert_eq!(serde_json::to_string(&kept).expect("encodes"), text, "kept byte for byte");
    let strict = decode_strictly(|| serde_json::from_str::<AnyStateEvent>(text));
    let error = strict.expect_err("strict decoding refuses it");
    assert!(error.to_string().contains("m.room.name"), "{error}");
}

#[test]
fn duplicate_envelope_keys_never_dispatch() {
    // serde_json (and every later reader) sees the last `type`; the enum must not dispatch on
    // the first, so the event is kept invalid, with no type.
    let text = r#"{"type":"org.example.unknown","type":"m.room.message","content":{"body":"x","msgtype":"m.text"},"sender":"@a:b","event_id":"$e","origin_server_ts":1}"#;
    let kept: AnySyncTimelineEvent = serde_json::from_str(text).expect("kept");
    let AnySyncTimelineEvent::Invalid(invalid) = &kept else { panic!("invalid: {kept:?}") };
    assert_eq!(invalid.event_type(), None);
    assert!(invalid.error().contains("duplicate key `type`"), "{}", invalid.error());
    assert_eq!(serde_json::to_string(&kept).expect("encodes"), text);
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

#[test]
fn federation_edus_dispatch_on_edu_type() {
    let typing =
        r#"{"edu_type":"m.typing","content":{"room_id":"!r:example.org","user_id":"@a:example.org","typing":true}}"#;
    let edu: AnyEdu = serde_json::from_str(typing).expect("decodes");
    assert!(matches!(edu, AnyEdu::Typing(_)), "{edu:?}");
    assert_eq!(edu.event_type(), "m.typing");
    assert_eq!(serde_json::to_string(&edu).expect("encodes"), typing);
    let custom = r#"{"edu_type":"org.example.edu","content":{"x":[1,{"y":null}]}}"#;
    let edu: AnyEdu = serde_json::from_str(custom).expect("decodes");
    assert!(matches!(edu, AnyEdu::Unknown(_)));
    assert_eq!(serde_json::to_string(&edu).expect("encodes"), custom);
    println!("EDUs: {} typed EDU types, unknown ones kept byte for byte", AnyEdu::EVENT_TYPES.len());
    assert_eq!(AnyEdu::EVENT_TYPES.len(), 6);
}
