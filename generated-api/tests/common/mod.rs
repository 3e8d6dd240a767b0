//! Shared by the end-to-end tests: the pinned spec, the examples the spec itself gets wrong, and
//! decoding through the event enums.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::path::PathBuf;

use codegen::ir::overrides::EventClass;
use codegen::load::model::{EventExample, JsonType, Schema, Spec};
use generated_api::generated::events::any::*;
use generated_api::runtime::{decode_strictly, EventStatus};
use serde_json::{json, Value};

/// The snapshot directory: `SPEC_SNAPSHOT_ROOT`, else the workspace's `spec-snapshot/` (a copy
/// of the crate made by `cargo xtask codegen --out` sets the variable).
fn snapshot_root() -> PathBuf {
    std::env::var_os("SPEC_SNAPSHOT_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec-snapshot"))
}

/// Whether the tests run against the target version (`SPEC_VERSION` unset): only then do the
/// target's own counts apply.
pub fn is_target() -> bool {
    std::env::var_os("SPEC_VERSION").is_none()
}

/// The spec the crate was generated from, loaded: `SPEC_VERSION`, else `spec-snapshot/TARGET`.
pub fn spec() -> Spec {
    let root = snapshot_root();
    let version = std::env::var("SPEC_VERSION")
        .unwrap_or_else(|_| std::fs::read_to_string(root.join("TARGET")).expect("spec-snapshot/TARGET"));
    let dir = root.join(version.trim()).join("data");
    assert!(dir.is_dir(), "{} is missing: run `cargo xtask spec fetch` first", dir.display());
    codegen::load::load_spec(&dir).expect("the pinned spec loads")
}

/// An example that breaks its own schema, and why. The tests check that each one still fails
/// (so the list cannot rot) and count it as known-invalid, never as passed.
pub struct KnownInvalid {
    /// The example's id in the test that reads it (an event example's file stem, or
    /// `file#pointer` of an API example).
    pub example: &'static str,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Every example of the pinned spec that breaks its own schema.
pub const KNOWN_INVALID: &[KnownInvalid] = &[
    KnownInvalid {
        example: "m.key.verification.start",
        reason: "uses `method: m.sas.v1` but lacks the fields the `m.key.verification.start$m.sas.v1` schema \
                 requires (`key_agreement_protocols`, `hashes`, ...): it shows only the fields common to all methods",
    },
    KnownInvalid {
        example: "api/server-server/definitions/edu_with_example.yaml# example 0",
        reason: "the generic EDU's example is an `m.presence` EDU with the placeholder content `{\"key\": \"value\"}`: \
                 valid for the generic schema it illustrates, but the `m.presence` EDU schema requires `push`",
    },
    KnownInvalid {
        example: "GET /_matrix/client/v3/thirdparty/protocols 200 schema.example",
        reason: "the `gitter` protocol has no `icon`, which `definitions/protocol.yaml` requires",
    },
    KnownInvalid {
        example: "api/client-server/third_party_lookup.yaml#/paths/~1thirdparty~1protocols/get/responses/200/content/application~1json/schema example 0",
        reason: "the same example, as the schema's own `example`",
    },
    KnownInvalid {
        example: "GET /_matrix/client/v3/rooms/{roomId}/initialSync 200 examples/response",
        reason: "the room's `m.tag` account data has `\"order\": \"1\"`, a string, where `definitions/tag.yaml` says \
                 `order` is a number",
    },
    KnownInvalid {
        example: "GET /_matrix/client/v3/rooms/{roomId}/context/{eventId} parameter filter",
        reason: "the example is the filter ID `66696p746572` (as in `/sync`), where the description says the \
                 parameter is \"A JSON `RoomEventFilter`\" (the generated type is the JSON-encoded filter)",
    },
    KnownInvalid {
        example: "api/client-server/definitions/m.relates_to.yaml# example 0",
        reason: "wrapped in `{\"m.relates_to\": {...}}`, so the top level lacks the required `rel_type` and `event_id`",
    },
    KnownInvalid {
        example: "api/client-server/definitions/olm_payload.yaml# example 0",
        reason: "`content` is the string \"<content for the plaintext event>\" where the schema says `type: object`",
    },
    KnownInvalid {
        example: "GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId} 200 examples/response",
        reason: "the `m.room.message` event in `chunk` overrides `content` (shallowly, as the site does) with only \
                 `m.relates_to`, so it lacks the `msgtype` and `body` the m.room.message schema requires",
    },
    KnownInvalid {
        example: "GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}/{relType} 200 examples/response",
        reason: "the same shared example",
    },
    KnownInvalid {
        example: "GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}/{relType}/{eventType} 200 examples/response",
        reason: "the same shared example",
    },
];

/// The entry for `example`, if it is known to be invalid.
pub fn known_invalid(example: &str) -> Option<&'static KnownInvalid> {
    KNOWN_INVALID.iter().find(|k| k.example == example)
}

/// The `EVENT_TYPES` of the generated enum named `name`.
pub fn enum_types(name: &str) -> &'static [&'static str] {
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

/// Decodes `text` strictly through the enum `name` and encodes it again; `Err` if it fails or
/// lands anywhere but its typed variant.
pub fn through(name: &str, text: &str) -> Result<Value, String> {
    fn run<T: serde::de::DeserializeOwned + serde::Serialize>(
        text: &str,
        unknown: fn(&T) -> bool,
    ) -> Result<Value, String> {
        // Strict: an example must decode into its typed variant, not be kept as invalid.
        let typed: T = decode_strictly(|| serde_json::from_str(text)).map_err(|e| e.to_string())?;
        if unknown(&typed) {
            return Err("decoded as an unknown or redacted event, not its typed variant".into());
        }
        serde_json::to_value(&typed).map_err(|e| e.to_string())
    }
    match name {
        "AnyTimelineEvent" => run::<AnyTimelineEvent>(text, |e| e.decode_status() != EventStatus::Typed),
        "AnySyncTimelineEvent" => run::<AnySyncTimelineEvent>(text, |e| e.decode_status() != EventStatus::Typed),
        "AnyStateEvent" => run::<AnyStateEvent>(text, |e| e.decode_status() != EventStatus::Typed),
        "AnySyncStateEvent" => run::<AnySyncStateEvent>(text, |e| e.decode_status() != EventStatus::Typed),
        "AnyStrippedStateEvent" => run::<AnyStrippedStateEvent>(text, |e| e.decode_status() != EventStatus::Typed),
        "AnyGlobalAccountDataEvent" => {
            run::<AnyGlobalAccountDataEvent>(text, |e| e.decode_status() != EventStatus::Typed)
        }
        "AnyRoomAccountDataEvent" => run::<AnyRoomAccountDataEvent>(text, |e| e.decode_status() != EventStatus::Typed),
        "AnyEphemeralEvent" => run::<AnyEphemeralEvent>(text, |e| e.decode_status() != EventStatus::Typed),
        "AnyToDeviceEvent" => run::<AnyToDeviceEvent>(text, |e| e.decode_status() != EventStatus::Typed),
        other => Err(format!("no enum {other}")),
    }
}

/// The enum an example of `class` decodes through: with `room_id`, the full form.
pub fn enum_for(class: EventClass, example: &Value) -> &'static str {
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

/// The event enum an event example decodes through: its schema's class, in the form (with or
/// without `room_id`, stripped) the example has. `Err` (a failure for the caller to count, never
/// a panic) for an example with no schema, or of an event in no event enum (one the overrides do
/// not classify and its data cannot place: see `codegen::ir::classify`).
pub fn event_example_enum(spec: &Spec, example: &EventExample) -> Result<&'static str, String> {
    let schema_name = example.name.split('$').next().unwrap_or(&example.name);
    let event = spec
        .events
        .iter()
        .find(|e| e.name == schema_name)
        .ok_or_else(|| format!("no event schema for the example {}", example.name))?;
    let classes = codegen::ir::classify::classify(event, &spec.event_examples).classes;
    let Some(&first) = classes.first() else {
        return Err(format!("{} is in no event enum: add it to EVENT_CLASSES", event.event_types[0]));
    };
    // An event of several classes (m.room.encrypted) is shown in the form its example has.
    let class = if example.value.get("sender").is_some() && example.value.get("event_id").is_some() {
        classes.iter().copied().find(|c| matches!(c, EventClass::MessageLike | EventClass::State)).unwrap_or(first)
    } else {
        first
    };
    Ok(enum_for(class, &example.value))
}

/// A value for a schema with no example.
pub fn generated_value(schema: &Schema) -> Value {
    if let Some(first) = schema.enum_values.first() {
        return first.clone();
    }
    if let Some(variant) = schema.one_of.first().or(schema.any_of.first()) {
        return generated_value(variant);
    }
    match schema.format.as_deref() {
        Some("mx-user-id") => return json!("@alice:example.org"),
        Some("mx-room-id") => return json!("!room:example.org"),
        Some("mx-event-id") => return json!("$event"),
        Some("mx-room-alias") => return json!("#alias:example.org"),
        Some("mx-server-name") => return json!("example.org"),
        Some("mx-mxc-uri") => return json!("mxc://example.org/media"),
        Some("uri") => return json!("https://example.org/x"),
        _ => {}
    }
    match schema.types.iter().find(|t| **t != JsonType::Null) {
        Some(JsonType::Integer | JsonType::Number) => json!(1),
        Some(JsonType::Boolean) => json!(true),
        Some(JsonType::Array) => json!([schema.items.as_deref().map_or(json!("item"), generated_value)]),
        Some(JsonType::Object) => json!({"key": "value"}),
        _ => json!("value"),
    }
}

/// The example the spec site composes from the properties' examples (keeping `0`, `false` and
/// `""`, which the site's Go templates drop). With `fill_required`, a required property with no
/// example gets a generated value, so the result decodes.
pub fn compose(schema: &Schema, fill_required: bool) -> Option<Value> {
    if let Some(example) = &schema.example {
        return Some(example.clone());
    }
    if !schema.properties.is_empty() {
        let map: serde_json::Map<String, Value> = schema
            .properties
            .iter()
            .filter_map(|(name, property)| {
                let generated = || (fill_required && schema.required.contains(name)).then(|| generated_value(property));
                Some((name.clone(), compose(property, fill_required).or_else(generated)?))
            })
            .collect();
        return (!map.is_empty() || fill_required).then_some(Value::Object(map));
    }
    schema.items.as_deref().and_then(|items| compose(items, fill_required)).map(|item| Value::Array(vec![item]))
}
