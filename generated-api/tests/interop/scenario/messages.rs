//! Room events: every msgtype, stickers, custom and encrypted events, in-room verification,
//! calls, state events of the spec's types, replies with mentions, reactions, threads, edits,
//! redactions (of messages and of state), receipts, read markers and typing.

use generated_api::generated::client_server::{read_markers, receipts, redaction, typing};
use serde_json::{json, Value};

use super::{from_json, send, set_state, variant, World};
use crate::interop::client::Client;

/// One message of every msgtype (media ones pointing at the uploaded image), a sticker, an
/// encrypted event, a custom event type and an in-room verification flow.
pub fn messages(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let room = world.room("public")?;
    let mxc = world.value("mxc")?;
    let image_info = json!({ "mimetype": "image/png", "size": 12400, "w": 64, "h": 64 });
    let contents = [
        (
            "text",
            json!({ "msgtype": "m.text", "body": "hello interop", "format": "org.matrix.custom.html", "formatted_body": "<b>hello</b> interop" }),
        ),
        ("emote", json!({ "msgtype": "m.emote", "body": "waves at Synapse" })),
        ("notice", json!({ "msgtype": "m.notice", "body": "an automated notice" })),
        ("image", json!({ "msgtype": "m.image", "body": "square.png", "url": mxc, "info": image_info })),
        (
            "file",
            json!({ "msgtype": "m.file", "body": "square.png", "filename": "square.png", "url": mxc, "info": { "mimetype": "image/png", "size": 12400 } }),
        ),
        (
            "audio",
            json!({ "msgtype": "m.audio", "body": "sound.ogg", "url": mxc, "info": { "mimetype": "audio/ogg", "duration": 1000, "size": 12400 } }),
        ),
        (
            "video",
            json!({ "msgtype": "m.video", "body": "clip.mp4", "url": mxc, "info": { "mimetype": "video/mp4", "duration": 1000, "w": 64, "h": 64, "size": 12400, "thumbnail_url": mxc, "thumbnail_info": image_info } }),
        ),
        (
            "location",
            json!({ "msgtype": "m.location", "body": "Big Ben", "geo_uri": "geo:51.5008,0.1247", "info": { "thumbnail_url": mxc, "thumbnail_info": image_info } }),
        ),
        ("custom_msgtype", json!({ "msgtype": "org.example.custom", "body": "a custom msgtype keeps its body" })),
    ];
    for (role, content) in contents {
        let id = send(client, world, &alice, &room, "m.room.message", content)?;
        world.events.insert(role, id);
    }
    let sticker = json!({ "body": "a sticker", "url": mxc, "info": image_info });
    let id = send(client, world, &bob, &room, "m.sticker", sticker)?;
    world.events.insert("sticker", id);
    let custom = json!({ "anything": ["goes", 1, true], "nested": { "deep": null } });
    let id = send(client, world, &bob, &room, "org.example.interop.custom", custom)?;
    world.events.insert("custom", id);
    let encrypted = world.room("encrypted")?;
    let ciphertext = json!({
        "algorithm": "m.megolm.v1.aes-sha2",
        "ciphertext": "AwgAEnACgAkLmt6qF84IK++J7UDH2Za1YVchHyprqTqsg2yyOwAtHaZTwyNg37afzg8f3r9IsN9r4RNFg7MaZencUJe4qvELiDiopUjy5wYVDAtqdBzer5bWRD9ldxp1FLgbQvBcjkkywYjCsmsq6+hArLd9oAQZnGKn/qLsK+5uNX3PaWzDRC9wZPQvWYYPCTov3jCwXKTPsLKIiTrcCXDqMvnn8m+T3zF/I2zqxg158tnUwWWIw51UO",
        "device_id": "RJYKSTBOIE",
        "sender_key": "IlRMeOPX2e0MurIyfWEucYBRVOEEUMrOHqn/8mLqMjA",
        "session_id": "X3lUlvLELLYxeTx4yOVu6UDpasGEVO0Jbu+QFnm0cKQ",
    });
    let id = send(client, world, &alice, &encrypted, "m.room.encrypted", ciphertext)?;
    world.events.insert("encrypted", id);
    malformed(client, world, &room)?;
    verification(client, world, &room)
}

/// Events of spec types whose content breaks their schema, as a buggy client sends them (the
/// server stores them as they are): the crate must keep them whole, as invalid, without failing
/// the responses that carry them.
fn malformed(client: &mut Client, world: &mut World, room: &str) -> Result<(), String> {
    let bob = world.user("bob")?;
    // Synapse checks that a message's `body` is a string, nothing more.
    let id =
        send(client, world, &bob, room, "m.room.message", json!({ "msgtype": "m.location", "body": "no geo_uri" }))?;
    world.events.insert("malformed", id);
    let call = json!({ "call_id": "broken", "version": "1", "lifetime": "not a number" });
    // Synapse refuses call invites in public rooms.
    let private = world.room("private")?;
    send(client, world, &bob, &private, "m.call.invite", call)?;
    Ok(())
}

/// An in-room SAS verification between alice and bob, as far as the events go (the keys and
/// MACs are placeholders: the server does not check them).
fn verification(client: &mut Client, world: &mut World, room: &str) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let request = json!({
        "msgtype": "m.key.verification.request",
        "body": "alice wants to verify",
        "from_device": alice.device_id,
        "methods": ["m.sas.v1"],
        "to": bob.user_id,
    });
    let request_id = send(client, world, &alice, room, "m.room.message", request)?;
    let relates = json!({ "rel_type": "m.reference", "event_id": request_id });
    let steps: [(&str, Value); 7] = [
        ("m.key.verification.ready", json!({ "from_device": bob.device_id, "methods": ["m.sas.v1"] })),
        (
            "m.key.verification.start",
            json!({
                "from_device": alice.device_id, "method": "m.sas.v1",
                "key_agreement_protocols": ["curve25519-hkdf-sha256"], "hashes": ["sha256"],
                "message_authentication_codes": ["hkdf-hmac-sha256.v2"], "short_authentication_string": ["decimal", "emoji"],
            }),
        ),
        (
            "m.key.verification.accept",
            json!({
                "method": "m.sas.v1", "key_agreement_protocol": "curve25519-hkdf-sha256", "hash": "sha256",
                "message_authentication_code": "hkdf-hmac-sha256.v2", "short_authentication_string": ["decimal", "emoji"],
                "commitment": "fQpGIW1Snz+pwLZu6sTy2aHy/DYWWTspTJRPyNp0PKkymfIsNffysMl6ObMMFdIJhk6g6pwlIqZ54rxo8SLmAg",
            }),
        ),
        (
            "m.key.verification.key",
            json!({ "key": "fQpGIW1Snz+pwLZu6sTy2aHy/DYWWTspTJRPyNp0PKkymfIsNffysMl6ObMMFdIJhk6g6pwlIqZ54rxo8SLmAg" }),
        ),
        (
            "m.key.verification.mac",
            json!({ "keys": "2Wptgo4CwmLo/Y8B8qinxApKaCkBG2fjTWB7AbP5Uy+aIbygsSdLOFzvdDjww8zUVKCmI02eP9xtyJxc/cLiBA", "mac": { "ed25519:ABCDEF": "fQpGIW1Snz+pwLZu6sTy2aHy/DYWWTspTJRPyNp0PKkymfIsNffysMl6ObMMFdIJhk6g6pwlIqZ54rxo8SLmAg" } }),
        ),
        ("m.key.verification.done", json!({})),
        ("m.key.verification.cancel", json!({ "code": "m.user", "reason": "the interop test is done" })),
    ];
    for (event_type, mut content) in steps {
        content["m.relates_to"] = relates.clone();
        let sender = if event_type.ends_with("ready") { &bob } else { &alice };
        send(client, world, sender, room, event_type, content)?;
    }
    Ok(())
}

/// State events of the spec's types the server accepts from a room admin (plus a custom one):
/// each set, and one read back as content and as a whole event. Bob, without power, is refused.
pub fn state_events(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let room = world.room("public")?;
    let mxc = world.value("mxc")?;
    let text = world.event("text")?;
    let states: Vec<(&str, &str, Value)> = vec![
        ("m.room.name", "", json!({ "name": "Interop public room (renamed)" })),
        (
            "m.room.topic",
            "",
            json!({ "topic": "A topic with rich text", "m.topic": { "m.text": [{ "mimetype": "text/plain", "body": "A topic with rich text" }] } }),
        ),
        (
            "m.room.avatar",
            "",
            json!({ "url": mxc, "info": { "mimetype": "image/png", "size": 12400, "w": 64, "h": 64 } }),
        ),
        ("m.room.canonical_alias", "", json!({ "alias": "#interop:localhost", "alt_aliases": [] })),
        ("m.room.pinned_events", "", json!({ "pinned": [text] })),
        ("m.room.server_acl", "", json!({ "allow": ["*"], "deny": ["evil.example.org"], "allow_ip_literals": false })),
        ("m.room.guest_access", "", json!({ "guest_access": "can_join" })),
        ("m.room.history_visibility", "", json!({ "history_visibility": "shared" })),
        (
            "m.policy.rule.user",
            "rule-user",
            json!({ "entity": "@spammer:evil.example.org", "recommendation": "m.ban", "reason": "spam" }),
        ),
        (
            "m.policy.rule.room",
            "rule-room",
            json!({ "entity": "!spam:evil.example.org", "recommendation": "m.ban", "reason": "spam" }),
        ),
        (
            "m.policy.rule.server",
            "rule-server",
            json!({ "entity": "*.evil.example.org", "recommendation": "m.ban", "reason": "spam" }),
        ),
        ("org.example.interop.state", "custom-key", json!({ "custom": true })),
    ];
    for (event_type, state_key, content) in states {
        set_state(client, &alice, &room, event_type, state_key, content, 200)?;
    }
    let topic =
        set_state(client, &alice, &room, "m.room.topic", "", json!({ "topic": "this topic will be redacted" }), 200)?;
    world.events.insert("topic", topic.ok_or("no topic event id")?);
    // Room version 12: the creator's power is implicit and may not be listed.
    let power_levels = json!({
        "users": { bob.user_id.clone(): 0 },
        "users_default": 0, "events_default": 0, "state_default": 50, "ban": 50, "kick": 50, "redact": 50, "invite": 0,
        "events": { "m.room.name": 50, "m.room.power_levels": 100 },
        "notifications": { "room": 50 },
    });
    set_state(client, &alice, &room, "m.room.power_levels", "", power_levels, 200)?;
    // Bob has no power to rename the room: the spec's 403.
    set_state(client, &bob, &room, "m.room.name", "", json!({ "name": "bob was here" }), 403)?;
    let read = |format: Option<&str>| -> Result<_, String> {
        Ok({
            let mut v = generated_api::generated::client_server::rooms::get_room_state_with_key::Request::new(
                room.clone(),
                "m.room.name",
                String::new(),
            );
            v.format = format.map(|f| from_json(json!(f))).transpose()?;
            v
        })
    };
    let reply = client.call(&read(None)?, bob.auth(), 200)?;
    if reply.json().get("name").and_then(Value::as_str) != Some("Interop public room (renamed)") {
        return Err(format!("the name reads back as {}", reply.json()));
    }
    let reply = client.call(&read(Some("event"))?, bob.auth(), 200)?;
    if reply.json().get("type").and_then(Value::as_str) != Some("m.room.name") {
        return Err(format!("format=event is not the event: {}", reply.json()));
    }
    let request = generated_api::generated::client_server::rooms::get_room_state_with_key::Request::new(
        room.clone(),
        "m.room.name",
        "no-such-key",
    );
    client.call(&request, bob.auth(), 404)?;
    let request = generated_api::generated::client_server::rooms::get_room_state::Request::new(room);
    client.call(&request, bob.auth(), 200)?;
    Ok(())
}

/// A VoIP call between alice and bob, every call event once.
pub fn calls(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let room = world.room("private")?;
    let call = |extra: Value| {
        let mut content = json!({ "call_id": "interop-call", "party_id": "alice-party", "version": "1" });
        if let (Some(content), Value::Object(extra)) = (content.as_object_mut(), extra) {
            content.extend(extra);
        }
        content
    };
    let sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    let events = [
        (
            "m.call.invite",
            &alice,
            call(json!({ "lifetime": 60000, "offer": { "type": "offer", "sdp": sdp }, "invitee": bob.user_id })),
        ),
        (
            "m.call.candidates",
            &alice,
            call(
                json!({ "candidates": [{ "candidate": "candidate:0 1 UDP 2122252543 127.0.0.1 40000 typ host", "sdpMid": "0", "sdpMLineIndex": 0 }] }),
            ),
        ),
        ("m.call.answer", &bob, call(json!({ "party_id": "bob-party", "answer": { "type": "answer", "sdp": sdp } }))),
        ("m.call.select_answer", &alice, call(json!({ "selected_party_id": "bob-party" }))),
        (
            "m.call.negotiate",
            &alice,
            call(json!({ "lifetime": 60000, "description": { "type": "offer", "sdp": sdp } })),
        ),
        (
            "m.call.sdp_stream_metadata_changed",
            &alice,
            call(
                json!({ "sdp_stream_metadata": { "stream-1": { "purpose": "m.usermedia", "audio_muted": false, "video_muted": true } } }),
            ),
        ),
        ("m.call.reject", &bob, call(json!({ "party_id": "bob-party" }))),
        ("m.call.hangup", &alice, call(json!({ "reason": "user_hangup" }))),
    ];
    for (event_type, sender, content) in events {
        send(client, world, sender, &room, event_type, content)?;
    }
    Ok(())
}

/// A reply with mentions, reactions, a thread with replies, and an edit.
pub fn relations(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let room = world.room("public")?;
    let text = world.event("text")?;
    let reply = json!({
        "msgtype": "m.text",
        "body": "> hello interop\n\nhello back, @alice",
        "m.relates_to": { "m.in_reply_to": { "event_id": text } },
        "m.mentions": { "user_ids": [alice.user_id] },
    });
    let id = send(client, world, &bob, &room, "m.room.message", reply)?;
    world.events.insert("reply", id);
    for (sender, key) in [(&bob, "👍"), (&alice, "🎉")] {
        let reaction = json!({ "m.relates_to": { "rel_type": "m.annotation", "event_id": text, "key": key } });
        let id = send(client, world, sender, &room, "m.reaction", reaction)?;
        world.events.entry("reaction").or_insert(id);
    }
    let root = json!({ "msgtype": "m.text", "body": "a thread starts here" });
    let root = send(client, world, &alice, &room, "m.room.message", root)?;
    world.events.insert("thread_root", root.clone());
    for (sender, body) in [(&bob, "first in the thread"), (&alice, "second in the thread")] {
        let in_thread = json!({
            "msgtype": "m.text",
            "body": body,
            "m.relates_to": { "rel_type": "m.thread", "event_id": root, "is_falling_back": true, "m.in_reply_to": { "event_id": root } },
        });
        send(client, world, sender, &room, "m.room.message", in_thread)?;
    }
    let edit = json!({
        "msgtype": "m.text",
        "body": "* hello interop (edited)",
        "m.new_content": { "msgtype": "m.text", "body": "hello interop (edited)" },
        "m.relates_to": { "rel_type": "m.replace", "event_id": text },
    });
    let id = send(client, world, &alice, &room, "m.room.message", edit)?;
    world.events.insert("edit", id);
    Ok(())
}

/// Redactions: a message (the emote), a reaction, and a state event (the last topic).
pub fn redactions(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let room = world.room("public")?;
    for role in ["emote", "reaction", "topic"] {
        let request = redaction::redact_event::Request::new(
            room.clone(),
            world.event(role)?,
            world.txn(),
            from_json(json!({ "reason": format!("redaction test: {role}") }))?,
        );
        let reply = client.call(&request, alice.auth(), 200)?;
        let id =
            variant!(reply, redaction::redact_event::Response::Status200).event_id.ok_or("no redaction event id")?;
        world.events.insert(if role == "topic" { "topic_redaction" } else { "redaction" }, id.to_string());
    }
    Ok(())
}

/// Read receipts (public and private), the read marker, and typing on and off.
pub fn receipts_and_typing(client: &mut Client, world: &mut World) -> Result<(), String> {
    let bob = world.user("bob")?;
    let room = world.room("public")?;
    let text = world.event("text")?;
    for receipt_type in ["m.read", "m.read.private"] {
        let request = receipts::post_receipt::Request::new(
            room.clone(),
            from_json::<receipts::post_receipt::ReceiptType>(json!(receipt_type))?,
            text.clone(),
            from_json(json!({}))?,
        );
        client.call(&request, bob.auth(), 200)?;
    }
    let request = receipts::post_receipt::Request::new(
        room.clone(),
        from_json::<receipts::post_receipt::ReceiptType>(json!("m.read"))?,
        world.event("thread_root")?,
        from_json(json!({ "thread_id": "main" }))?,
    );
    client.call(&request, bob.auth(), 200)?;
    let request = read_markers::set_read_marker::Request::new(
        room.clone(),
        from_json(json!({ "m.fully_read": text, "m.read": text }))?,
    );
    client.call(&request, bob.auth(), 200)?;
    for typing in [true, false, true] {
        let request = typing::set_typing::Request::new(
            bob.user_id.clone(),
            room.clone(),
            from_json(json!({ "typing": typing, "timeout": 30000 }))?,
        );
        client.call(&request, bob.auth(), 200)?;
    }
    Ok(())
}
