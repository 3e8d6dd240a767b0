//! Relations and mentions on message content, built from typed values only (constructors,
//! identifiers, `Relation`; no JSON maps, no `extra`): the exact wire form, and the decoded
//! value equal to what was built. Unknown relations, explicit nulls and malformed relations
//! survive a round trip.

use generated_api::generated::client_server::definitions::m_mentions::Mentions;
use generated_api::generated::events::m_reaction::ReactionEventContent;
use generated_api::generated::events::m_room_message::RoomMessageEventContent;
use generated_api::generated::events::m_room_message_m_text::RoomMessageMTextEventContent;
use generated_api::relations::{Annotation, Replacement, Thread};
use generated_api::runtime::decode_strictly;
use generated_api::{EventId, Relation, UserId};
use serde_json::{json, Value};

fn text(body: &str) -> RoomMessageMTextEventContent {
    RoomMessageMTextEventContent::new(body)
}

/// Encodes `content`, compares it with `expected`, decodes it back and compares with `content`.
fn check_wire(content: &RoomMessageEventContent, expected: Value) {
    let wire = serde_json::to_value(content).expect("encodes");
    assert_eq!(wire, expected);
    let back: RoomMessageEventContent = serde_json::from_value(wire).expect("decodes");
    assert_eq!(&back, content);
}

#[test]
fn a_reply_with_mentions() {
    let mut reply = text("a reply");
    reply.relates_to = Some(Relation::reply(EventId::from("$first:example.org")));
    let mut mentions = Mentions::new();
    mentions.user_ids = Some(vec![UserId::from("@alice:example.org")]);
    reply.mentions = Some(mentions);
    check_wire(
        &RoomMessageEventContent::Text(reply),
        json!({
            "body": "a reply",
            "msgtype": "m.text",
            "m.relates_to": { "m.in_reply_to": { "event_id": "$first:example.org" } },
            "m.mentions": { "user_ids": ["@alice:example.org"] },
        }),
    );
}

#[test]
fn a_thread_reply() {
    let mut in_thread = text("in the thread");
    in_thread.relates_to = Some(Thread::with_fallback("$root:example.org", "$latest:example.org").into());
    check_wire(
        &RoomMessageEventContent::Text(in_thread.clone()),
        json!({
            "body": "in the thread",
            "msgtype": "m.text",
            "m.relates_to": {
                "rel_type": "m.thread",
                "event_id": "$root:example.org",
                "is_falling_back": true,
                "m.in_reply_to": { "event_id": "$latest:example.org" },
            },
        }),
    );
    let relation = in_thread.relates_to.as_ref().expect("set above");
    assert_eq!(relation.rel_type(), Some("m.thread"));
    assert_eq!(relation.event_id(), Some("$root:example.org"));
    assert_eq!(relation.in_reply_to().map(EventId::as_str), Some("$latest:example.org"));

    let mut reply = text("a real reply in the thread");
    reply.relates_to = Some(Thread::reply("$root:example.org", "$other:example.org").into());
    check_wire(
        &RoomMessageEventContent::Text(reply),
        json!({
            "body": "a real reply in the thread",
            "msgtype": "m.text",
            "m.relates_to": {
                "rel_type": "m.thread",
                "event_id": "$root:example.org",
                "is_falling_back": false,
                "m.in_reply_to": { "event_id": "$other:example.org" },
            },
        }),
    );
}

#[test]
fn an_edit_with_new_content() {
    let mut edit = text("* hello (edited)");
    edit.relates_to = Some(Replacement::new("$original:example.org").into());
    edit.new_content = Some(Box::new(RoomMessageEventContent::Text(text("hello (edited)"))));
    check_wire(
        &RoomMessageEventContent::Text(edit),
        json!({
            "body": "* hello (edited)",
            "msgtype": "m.text",
            "m.relates_to": { "rel_type": "m.replace", "event_id": "$original:example.org" },
            "m.new_content": { "body": "hello (edited)", "msgtype": "m.text" },
        }),
    );
}

#[test]
fn an_unknown_rel_type_survives_whole() {
    let wire = json!({
        "body": "x",
        "msgtype": "m.text",
        "m.relates_to": {
            "rel_type": "org.example.custom",
            "event_id": "$e",
            "nested": { "a": [1, null, "b"] },
            "z_first": null,
        },
    });
    let content: RoomMessageEventContent = serde_json::from_value(wire.clone()).expect("decodes");
    let RoomMessageEventContent::Text(text) = &content else { panic!("not m.text: {content:?}") };
    let Some(Relation::Other(other)) = &text.relates_to else { panic!("not kept as Other: {:?}", text.relates_to) };
    assert_eq!(other.rel_type(), Some("org.example.custom"));
    assert_eq!(other.event_id(), Some("$e"));
    assert_eq!(serde_json::to_value(&content).expect("encodes"), wire);
    // Key order too: the unknown relation is written as received.
    let relation = serde_json::to_string(&text.relates_to).expect("encodes");
    assert_eq!(
        relation,
        r#"{"rel_type":"org.example.custom","event_id":"$e","nested":{"a":[1,null,"b"]},"z_first":null}"#
    );
}

#[test]
fn unknown_keys_and_explicit_nulls_inside_a_known_relation_survive() {
    let wire = json!({
        "body": "x",
        "msgtype": "m.text",
        "m.relates_to": {
            "rel_type": "m.thread",
            "event_id": "$root",
            "is_falling_back": null,
            "m.in_reply_to": { "event_id": "$latest", "org.example.flag": true },
            "org.example.key": [1, 2],
        },
        "m.mentions": { "room": true, "org.example.extra": null },
    });
    let content: RoomMessageEventContent = serde_json::from_value(wire.clone()).expect("decodes");
    let RoomMessageEventContent::Text(text) = &content else { panic!("not m.text: {content:?}") };
    let Some(Relation::Thread(thread)) = &text.relates_to else { panic!("not a thread: {:?}", text.relates_to) };
    assert_eq!(thread.event_id.as_str(), "$root");
    assert_eq!(thread.is_falling_back, None);
    assert_eq!(thread.in_reply_to.as_ref().map(|r| r.event_id.as_str()), Some("$latest"));
    assert_eq!(text.mentions.as_ref().and_then(|m| m.room), Some(true));
    assert_eq!(serde_json::to_value(&content).expect("encodes"), wire);
}

#[test]
fn a_malformed_known_relation_is_kept_and_refused_when_strict() {
    let wire = json!({ "body": "x", "msgtype": "m.text", "m.relates_to": { "rel_type": "m.replace", "event_id": 5 } });
    let content: RoomMessageEventContent = serde_json::from_value(wire.clone()).expect("lenient decode");
    let RoomMessageEventContent::Text(text) = &content else { panic!("not m.text: {content:?}") };
    assert!(matches!(&text.relates_to, Some(Relation::Other(other)) if other.rel_type() == Some("m.replace")));
    assert_eq!(serde_json::to_value(&content).expect("encodes"), wire);
    let strict = decode_strictly(|| serde_json::from_value::<RoomMessageEventContent>(wire.clone()));
    let error = strict.expect_err("strict decode refuses it").to_string();
    assert!(error.contains("m.relates_to") && error.contains("event_id"), "{error}");
}

#[test]
fn a_reaction_is_an_annotation() {
    let mut reaction = ReactionEventContent::new();
    reaction.relates_to = Some(Annotation::new("$liked:example.org", "👍").into());
    let wire = serde_json::to_value(&reaction).expect("encodes");
    assert_eq!(
        wire,
        json!({ "m.relates_to": { "rel_type": "m.annotation", "event_id": "$liked:example.org", "key": "👍" } })
    );
    let back: ReactionEventContent = serde_json::from_value(wire).expect("decodes");
    assert_eq!(back, reaction);
}

#[test]
fn bundled_aggregations_in_unsigned_decode_typed() {
    use generated_api::generated::events::any::AnySyncTimelineEvent;
    let latest = json!({
        "type": "m.room.message",
        "event_id": "$latest",
        "sender": "@bob:example.org",
        "origin_server_ts": 2,
        "content": {
            "msgtype": "m.text",
            "body": "in the thread",
            "m.relates_to": { "rel_type": "m.thread", "event_id": "$root", "is_falling_back": true, "m.in_reply_to": { "event_id": "$root" } },
        },
    });
    let root = json!({
        "type": "m.room.message",
        "event_id": "$root",
        "sender": "@alice:example.org",
        "origin_server_ts": 1,
        "content": { "msgtype": "m.text", "body": "root" },
        "unsigned": {
            "age": 5,
            "transaction_id": "txn1",
            "membership": "join",
            "m.relations": {
                "m.thread": { "latest_event": latest, "count": 3, "current_user_participated": true },
                "m.reference": { "chunk": [{ "event_id": "$ref" }] },
                "org.example.aggregation": { "x": 1 },
            },
            "org.example.unsigned": null,
        },
    });
    let event: AnySyncTimelineEvent = serde_json::from_value(root.clone()).expect("decodes");
    let AnySyncTimelineEvent::RoomMessage(message) = &event else { panic!("not a message: {event:?}") };
    let unsigned = message.unsigned.as_ref().expect("unsigned");
    assert_eq!(unsigned.transaction_id.as_ref().map(|t| t.as_str()), Some("txn1"));
    assert_eq!(unsigned.membership.as_ref().map(|m| m.as_str()), Some("join"));
    let relations = unsigned.relations.as_ref().expect("m.relations");
    let thread = relations.thread.as_ref().expect("m.thread");
    assert_eq!((thread.count, thread.current_user_participated), (3, true));
    let AnySyncTimelineEvent::RoomMessage(latest_message) = &*thread.latest_event else {
        panic!("latest_event not a message: {:?}", thread.latest_event)
    };
    let RoomMessageEventContent::Text(latest_text) = &latest_message.content else { panic!("not m.text") };
    assert!(matches!(&latest_text.relates_to, Some(Relation::Thread(t)) if t.event_id.as_str() == "$root"));
    let reference = relations.reference.as_ref().expect("m.reference");
    assert_eq!(reference.chunk.iter().map(|r| r.event_id.as_str()).collect::<Vec<_>>(), ["$ref"]);
    assert!(relations.extra.contains_key("org.example.aggregation"));
    assert_eq!(serde_json::to_value(&event).expect("encodes"), root);
}

#[test]
fn redacted_because_in_unsigned_is_the_redaction_event() {
    use generated_api::generated::events::any::AnySyncTimelineEvent;
    use generated_api::generated::events::core_event_schema::unsigned_prop::UnsignedProp;
    let unsigned = json!({
        "age": 1,
        "redacted_because": {
            "type": "m.room.redaction",
            "event_id": "$redaction",
            "sender": "@mod:example.org",
            "origin_server_ts": 3,
            "redacts": "$gone",
            "content": { "reason": "spam" },
        },
    });
    // The event enums keep a redacted event whole (`RedactedEvent`); its `unsigned` as typed:
    let typed: UnsignedProp = serde_json::from_value(unsigned.clone()).expect("decodes");
    let because = typed.redacted_because.as_ref().expect("redacted_because");
    let AnySyncTimelineEvent::RoomRedaction(redaction) = &**because else { panic!("not a redaction: {because:?}") };
    assert_eq!(redaction.sender.as_str(), "@mod:example.org");
    assert_eq!(serde_json::to_value(&typed).expect("encodes"), unsigned);
}

#[test]
fn a_tag_is_written_and_checked() {
    assert_eq!(RoomMessageMTextEventContent::MSGTYPE, "m.text");
    let wire = json!({ "msgtype": "m.notice", "body": "x" });
    // Lenient: the shape decodes and the value it had is written back.
    let lenient: RoomMessageMTextEventContent = serde_json::from_value(wire.clone()).expect("lenient decode");
    assert_eq!(serde_json::to_value(&lenient).expect("encodes"), wire);
    let strict = decode_strictly(|| serde_json::from_value::<RoomMessageMTextEventContent>(wire.clone()));
    let error = strict.expect_err("strict decode refuses it").to_string();
    assert!(error.contains("`msgtype` is \"m.notice\", expected \"m.text\""), "{error}");
    let right: RoomMessageMTextEventContent =
        decode_strictly(|| serde_json::from_value(json!({ "msgtype": "m.text", "body": "x" }))).expect("strict decode");
    assert_eq!(right, text("x"));
}
