//! The schema mappings of the generator, checked through generated types: unknown fields and
//! values survive, absent/null/value stay distinct where null means something, numbers keep
//! their integer form, unions and tuples pick the right shape, and bad input is an error.

use generated_api::generated::client_server::definitions::push_condition::PushConditionValue;
use generated_api::generated::client_server::definitions::push_rule::PushRuleActionsItem;
use generated_api::generated::client_server::pusher::post_pusher;
use generated_api::generated::events::m_presence::PresenceEvent;
use generated_api::generated::events::m_room_member::{RoomMemberEventContent, RoomMemberEventContentMembership};
use generated_api::generated::server_server::invites_v1::send_invite_v1;
use serde_json::{json, Value};

/// Decodes `value` as `T` and encodes it again.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> Value {
    let typed: T = serde_json::from_value(value.clone()).expect("decodes");
    serde_json::to_value(&typed).expect("encodes")
}

#[test]
fn unknown_fields_survive_at_every_level() {
    let content = json!({
        "membership": "join",
        "displayname": "Alice",
        "org.example.extra": {"nested": [1, 2, {"deep": true}]},
        "third_party_invite": {"display_name": "a", "signed": {"mxid": "@a:b", "token": "t", "signatures": {}, "x": 1}, "y": null},
    });
    assert_eq!(round_trip::<RoomMemberEventContent>(&content), content);
}

#[test]
fn unknown_enum_values_are_kept_and_known_ones_have_one_form() {
    let content = json!({"membership": "org.example.banished"});
    let typed: RoomMemberEventContent = serde_json::from_value(content.clone()).expect("decodes");
    assert_eq!(typed.membership.as_str(), "org.example.banished");
    assert_eq!(serde_json::to_value(&typed).expect("encodes"), content);
    assert_eq!(RoomMemberEventContentMembership::from("join"), RoomMemberEventContentMembership::Join);
    assert_eq!(RoomMemberEventContentMembership::from("join".to_string()), RoomMemberEventContentMembership::Join);
}

#[test]
fn absent_null_and_value_stay_distinct_where_null_is_allowed() {
    for content in [
        json!({"membership": "join"}),
        json!({"membership": "join", "displayname": null}),
        json!({"membership": "join", "displayname": "A"}),
    ] {
        assert_eq!(round_trip::<RoomMemberEventContent>(&content), content);
    }
    let typed: RoomMemberEventContent =
        serde_json::from_value(json!({"membership": "join", "displayname": null})).expect("decodes");
    assert_eq!(typed.displayname, Some(None));
}

#[test]
fn a_required_nullable_field_must_be_present_and_may_be_null() {
    let delete = json!({"pushkey": "k", "kind": null, "app_id": "a"});
    let body: post_pusher::RequestBody = serde_json::from_value(delete.clone()).expect("null kind deletes");
    assert_eq!(body.kind, None);
    assert_eq!(serde_json::to_value(&body).expect("encodes"), delete);
    let missing = serde_json::from_value::<post_pusher::RequestBody>(json!({"pushkey": "k", "app_id": "a"}));
    assert!(missing.expect_err("kind is required").to_string().contains("kind"));
}

#[test]
fn missing_required_fields_and_wrong_types_are_errors() {
    let error = serde_json::from_value::<RoomMemberEventContent>(json!({"displayname": "A"}))
        .expect_err("membership is required");
    assert!(error.to_string().contains("membership"), "{error}");
    assert!(serde_json::from_value::<RoomMemberEventContent>(json!({"membership": 7})).is_err());
    assert!(serde_json::from_str::<RoomMemberEventContent>(r#"{"membership": "join", "membership": "leave"}"#).is_err());
}

#[test]
fn numbers_written_as_integers_stay_integers() {
    let event =
        json!({"type": "m.presence", "sender": "@a:b", "content": {"presence": "online", "last_active_ago": 2478593}});
    let text =
        serde_json::to_string(&serde_json::from_value::<PresenceEvent>(event).expect("decodes")).expect("encodes");
    assert!(text.contains("\"last_active_ago\":2478593"), "{text}");
}

#[test]
fn unions_pick_their_variant_by_shape() {
    assert_eq!(serde_json::from_value::<PushConditionValue>(json!(3)).expect("int"), PushConditionValue::Integer(3));
    assert_eq!(
        serde_json::from_value::<PushConditionValue>(json!(true)).expect("bool"),
        PushConditionValue::Boolean(true)
    );
    assert_eq!(
        serde_json::from_value::<PushConditionValue>(json!("x")).expect("string"),
        PushConditionValue::String("x".into())
    );
    assert!(serde_json::from_value::<PushConditionValue>(json!([1])).is_err());
    for action in [json!("notify"), json!({"set_tweak": "sound", "value": "default"})] {
        assert_eq!(round_trip::<PushRuleActionsItem>(&action), action);
    }
}

#[test]
fn two_item_arrays_are_tuples() {
    let event = json!({
        "type": "m.room.member", "sender": "@a:b", "origin": "b", "state_key": "@c:d", "origin_server_ts": 1,
        "content": {"membership": "invite"}, "room_id": "!r:b", "extra": 1,
    });
    let response = json!([200, {"event": event}]);
    let typed: send_invite_v1::Response200 = serde_json::from_value(response.clone()).expect("decodes");
    assert_eq!(typed.0, 200);
    assert_eq!(serde_json::to_value(&typed).expect("encodes"), response);
}
