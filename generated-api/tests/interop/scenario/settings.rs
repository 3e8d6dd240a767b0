//! Per-user settings: profile, presence, filters, push rules, pushers, account data and tags,
//! third-party identifiers and lookups.

// The scenario exercises deprecated endpoints on purpose (`POST /account/3pid`): servers still serve them.
#![allow(deprecated)]

use generated_api::generated::client_server::{
    account_data, admin, administrative_contact, filter, presence, profile, pusher, pushrules, tags,
    third_party_lookup, voip,
};
use serde_json::json;

use super::{from_json, object, variant, World};
use crate::interop::client::Client;

/// Display name, avatar, a custom field: set, read one, read all, delete.
pub fn profile(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let fields = [
        ("displayname", json!({ "displayname": "Alice Interop" })),
        ("avatar_url", json!({ "avatar_url": "mxc://localhost/alice-avatar" })),
        ("m.tz", json!({ "m.tz": "Europe/London" })),
    ];
    for (key, value) in fields {
        let request = profile::set_profile_field::Request::new(alice.user_id.clone(), key, object(value));
        client.call(&request, alice.auth(), 200)?;
        let request = profile::get_profile_field::Request::new(alice.user_id.clone(), key);
        client.call(&request, alice.auth(), 200)?;
    }
    let request = profile::delete_profile_field::Request::new(alice.user_id.clone(), "m.tz");
    client.call(&request, alice.auth(), 200)?;
    let request = profile::get_user_profile::Request::new(alice.user_id.clone());
    let reply = client.call(&request, alice.auth(), 200)?;
    if reply.json().get("displayname").and_then(|v| v.as_str()) != Some("Alice Interop") {
        return Err(format!("the profile lost the display name: {}", reply.json()));
    }
    let request = profile::get_user_profile::Request::new("@nobody:localhost");
    client.call(&request, alice.auth(), 404)?;
    Ok(())
}

/// Presence set and read back.
pub fn presence(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let request = presence::set_presence::Request::new(
        alice.user_id.clone(),
        from_json(json!({ "presence": "online", "status_msg": "testing the generated API" }))?,
    );
    client.call(&request, alice.auth(), 200)?;
    let request = presence::get_presence::Request::new(alice.user_id.clone());
    let reply = client.call(&request, alice.auth(), 200)?;
    if reply.json().get("presence").and_then(|v| v.as_str()) != Some("online") {
        return Err(format!("presence not online: {}", reply.json()));
    }
    Ok(())
}

/// A filter defined and read back; its ID is used by the sync step.
pub fn filters(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let definition = json!({
        "event_fields": ["type", "content", "sender", "event_id", "origin_server_ts", "unsigned", "state_key", "room_id"],
        "event_format": "client",
        "presence": { "types": ["m.presence"] },
        "account_data": { "limit": 50 },
        "room": {
            "timeline": { "limit": 100, "lazy_load_members": false },
            "state": { "lazy_load_members": true },
            "ephemeral": { "types": ["m.typing", "m.receipt"] },
            "include_leave": true,
        },
    });
    let request = filter::define_filter::Request::new(alice.user_id.clone(), from_json(definition)?);
    let reply = client.call(&request, alice.auth(), 200)?;
    let filter_id = variant!(reply, filter::define_filter::Response::Status200).filter_id;
    let request = filter::get_filter::Request::new(alice.user_id.clone(), filter_id.clone());
    client.call(&request, alice.auth(), 200)?;
    world.values.insert("filter", filter_id);
    Ok(())
}

/// The default rules read; a content rule added, enabled, its actions changed, and deleted.
pub fn push_rules(client: &mut Client, world: &mut World) -> Result<(), String> {
    let bob = world.user("bob")?;
    client.call(&pushrules::get_push_rules::Request::new(), bob.auth(), 200)?;
    client.call(&pushrules::get_push_rules_global::Request::new(), bob.auth(), 200)?;
    let rule_id = "interop.keyword".to_string();
    let request = pushrules::set_push_rule::Request::new(
        content_kind::<pushrules::set_push_rule::Kind>()?,
        rule_id.clone(),
        from_json(json!({ "actions": ["notify", { "set_tweak": "highlight" }], "pattern": "interop" }))?,
    );
    client.call(&request, bob.auth(), 200)?;
    let request =
        pushrules::get_push_rule::Request::new(content_kind::<pushrules::get_push_rule::Kind>()?, rule_id.clone());
    client.call(&request, bob.auth(), 200)?;
    let request = pushrules::set_push_rule_enabled::Request::new(
        content_kind::<pushrules::set_push_rule_enabled::Kind>()?,
        rule_id.clone(),
        from_json(json!({ "enabled": false }))?,
    );
    client.call(&request, bob.auth(), 200)?;
    let request = pushrules::is_push_rule_enabled::Request::new(
        content_kind::<pushrules::is_push_rule_enabled::Kind>()?,
        rule_id.clone(),
    );
    let reply = client.call(&request, bob.auth(), 200)?;
    if variant!(reply, pushrules::is_push_rule_enabled::Response::Status200).enabled {
        return Err("the disabled rule reads as enabled".into());
    }
    let request = pushrules::set_push_rule_actions::Request::new(
        content_kind::<pushrules::set_push_rule_actions::Kind>()?,
        rule_id.clone(),
        from_json(json!({ "actions": ["notify", { "set_tweak": "sound", "value": "default" }] }))?,
    );
    client.call(&request, bob.auth(), 200)?;
    let request = pushrules::get_push_rule_actions::Request::new(
        content_kind::<pushrules::get_push_rule_actions::Kind>()?,
        rule_id.clone(),
    );
    client.call(&request, bob.auth(), 200)?;
    let request = pushrules::delete_push_rule::Request::new(
        content_kind::<pushrules::delete_push_rule::Kind>()?,
        rule_id.clone(),
    );
    client.call(&request, bob.auth(), 200)?;
    let request = pushrules::get_push_rule::Request::new(content_kind::<pushrules::get_push_rule::Kind>()?, rule_id);
    client.call(&request, bob.auth(), 404)?;
    Ok(())
}

/// An HTTP pusher added, listed and removed again (before anything would be pushed to it).
pub fn pushers(client: &mut Client, world: &mut World) -> Result<(), String> {
    let carol = world.user("carol")?;
    let pusher_body = |kind: serde_json::Value| {
        json!({
            "pushkey": "interop-pushkey",
            "kind": kind,
            "app_id": "org.example.interop",
            "app_display_name": "Interop",
            "device_display_name": "carol's device",
            "lang": "en",
            "data": { "url": "http://127.0.0.1:9/_matrix/push/v1/notify", "format": "event_id_only" },
        })
    };
    let request = pusher::post_pusher::Request::new(from_json(pusher_body(json!("http")))?);
    client.call(&request, carol.auth(), 200)?;
    let reply = client.call(&pusher::get_pushers::Request::new(), carol.auth(), 200)?;
    if variant!(reply, pusher::get_pushers::Response::Status200).pushers.unwrap_or_default().len() != 1 {
        return Err("the pusher is not listed".into());
    }
    let request = pusher::post_pusher::Request::new(from_json(pusher_body(json!(null)))?);
    client.call(&request, carol.auth(), 200)?;
    Ok(())
}

/// Global and per-room account data, and room tags.
pub fn account_data(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let room = world.room("public")?;
    let request = account_data::set_account_data::Request::new(
        alice.user_id.clone(),
        "org.example.interop.settings",
        object(json!({ "theme": "dark", "n": 3 })),
    );
    client.call(&request, alice.auth(), 200)?;
    let request = account_data::set_account_data::Request::new(
        alice.user_id.clone(),
        "m.direct",
        object(json!({ "@bob:localhost": [world.room("private")?] })),
    );
    client.call(&request, alice.auth(), 200)?;
    let request = account_data::get_account_data::Request::new(alice.user_id.clone(), "org.example.interop.settings");
    client.call(&request, alice.auth(), 200)?;
    let request = account_data::get_account_data::Request::new(alice.user_id.clone(), "org.example.none");
    client.call(&request, alice.auth(), 404)?;
    let request = account_data::set_account_data_per_room::Request::new(
        alice.user_id.clone(),
        room.clone(),
        "org.example.interop.room",
        object(json!({ "pinned": true })),
    );
    client.call(&request, alice.auth(), 200)?;
    let request = account_data::get_account_data_per_room::Request::new(
        alice.user_id.clone(),
        room.clone(),
        "org.example.interop.room",
    );
    client.call(&request, alice.auth(), 200)?;
    for (tag, order) in [("m.favourite", 0.25), ("u.interop", 0.5)] {
        let request = tags::set_room_tag::Request::new(
            alice.user_id.clone(),
            room.clone(),
            tag,
            from_json(json!({ "order": order }))?,
        );
        client.call(&request, alice.auth(), 200)?;
    }
    let request = tags::get_room_tags::Request::new(alice.user_id.clone(), room.clone());
    let reply = client.call(&request, alice.auth(), 200)?;
    if variant!(reply, tags::get_room_tags::Response::Status200).tags.map(|t| t.len()) != Some(2) {
        return Err("two tags set, not two read".into());
    }
    let request = tags::delete_room_tag::Request::new(alice.user_id.clone(), room, "u.interop");
    client.call(&request, alice.auth(), 200)?;
    Ok(())
}

/// Third-party identifiers (none can be validated here: no email or SMS), third-party
/// protocol lookups (no bridges), the TURN server (none) and whois.
pub fn third_party(client: &mut Client, world: &mut World) -> Result<(), String> {
    let carol = world.user("carol")?;
    let reply = client.call(&administrative_contact::get_account3_pi_ds::Request::new(), carol.auth(), 200)?;
    variant!(reply, administrative_contact::get_account3_pi_ds::Response::Status200);
    let validation = json!({ "client_secret": "interop-secret", "email": "carol@example.org", "send_attempt": 1 });
    let request = administrative_contact::request_token_to3_pid_email::Request::new(from_json(validation)?);
    client.call(&request, carol.auth(), 400)?;
    let validation =
        json!({ "client_secret": "interop-secret", "country": "GB", "phone_number": "07700900003", "send_attempt": 1 });
    let request = administrative_contact::request_token_to3_pidmsisdn::Request::new(from_json(validation)?);
    client.call(&request, carol.auth(), 400)?;
    // Adding one needs user-interactive auth first: the 401 with the flows.
    let request = administrative_contact::add3_pid::Request::new(from_json(
        json!({ "client_secret": "interop-secret", "sid": "no-such-session" }),
    )?);
    client.call(&request, carol.auth(), 401)?;
    let request = administrative_contact::post3_pi_ds::Request::new(from_json(json!({ "three_pid_creds": {
            "client_secret": "interop-secret", "sid": "no-such-session",
            "id_server": "127.0.0.1:1", "id_access_token": "none",
        } }))?);
    client.call(&request, carol.auth(), 400)?;
    // Binding goes through an identity server; the server's outbound blocklist stops it before
    // any traffic, and Synapse answers that with 500 (not a status the spec lists).
    let request = administrative_contact::bind3_pid::Request::new(from_json(
        json!({ "client_secret": "interop-secret", "sid": "no-such-session", "id_server": "127.0.0.1:1", "id_access_token": "none" }),
    )?);
    client.call(&request, carol.auth(), 500)?;
    let request = administrative_contact::unbind3pid_from_account::Request::new(from_json(
        json!({ "medium": "email", "address": "carol@example.org" }),
    )?);
    client.call(&request, carol.auth(), 200)?;
    let request = administrative_contact::delete3pid_from_account::Request::new(from_json(
        json!({ "medium": "email", "address": "carol@example.org" }),
    )?);
    client.call(&request, carol.auth(), 200)?;
    client.call(&third_party_lookup::get_protocols::Request::new(), carol.auth(), 200)?;
    let request = third_party_lookup::get_protocol_metadata::Request::new("irc");
    client.call(&request, carol.auth(), 404)?;
    let request = third_party_lookup::query_location_by_protocol::Request::new("irc");
    client.call(&request, carol.auth(), 200)?;
    let request = third_party_lookup::query_user_by_protocol::Request::new("irc");
    client.call(&request, carol.auth(), 200)?;
    let request = third_party_lookup::query_location_by_alias::Request::new("#irc_freenode_matrix:localhost");
    client.call(&request, carol.auth(), 200)?;
    let request = third_party_lookup::query_user_by_id::Request::new("@irc_someone:localhost");
    client.call(&request, carol.auth(), 200)?;
    client.call(&voip::get_turn_server::Request::new(), carol.auth(), 200)?;
    let request = admin::get_who_is::Request::new(carol.user_id.clone());
    client.call(&request, carol.auth(), 200)?;
    Ok(())
}

/// The `content` push rule kind, as whichever operation's `Kind` is wanted (each operation has
/// its own enum).
fn content_kind<T: serde::de::DeserializeOwned>() -> Result<T, String> {
    from_json(json!("content"))
}
