//! End-to-end encryption: device and one-time keys (ed25519-signed), query, claim, changes;
//! cross-signing keys (Synapse checks their signatures) and a signature upload; to-device
//! messages; key backup versions and keys.
//!
//! The ed25519 signatures are real; the curve25519 keys are fixed bytes (the server stores them
//! and never uses them).

use generated_api::generated::client_server::{cross_signing, key_backup, keys, to_device};
use serde_json::{json, Value};

use super::{from_json, sync_once, variant, World};
use crate::interop::client::{Client, Session};
use crate::interop::keys::{base64, Ed25519};

/// Device keys of `who`, signed with the device's ed25519 key.
fn device_keys(who: &Session, device_key: &Ed25519) -> Value {
    let mut keys = json!({
        "user_id": who.user_id,
        "device_id": who.device_id,
        "algorithms": ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"],
        "keys": {
            format!("curve25519:{}", who.device_id): base64(&[0x42; 32]),
            format!("ed25519:{}", who.device_id): device_key.public(),
        },
    });
    device_key.sign(&mut keys, &who.user_id, &who.device_id);
    keys
}

/// A signed curve25519 key (one-time or fallback).
fn signed_key(who: &Session, device_key: &Ed25519, byte: u8, fallback: bool) -> Value {
    let mut key = json!({ "key": base64(&[byte; 32]) });
    if fallback {
        key["fallback"] = json!(true);
    }
    device_key.sign(&mut key, &who.user_id, &who.device_id);
    key
}

/// Alice and bob upload device, one-time and fallback keys; alice queries and claims bob's;
/// the key changes between two sync tokens are listed.
pub fn keys(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let (since, _) = sync_once(client, &alice, None, None)?;
    for (who, seed) in [(&alice, 1), (&bob, 2)] {
        let device_key = Ed25519::from_seed(seed);
        let body = json!({
            "device_keys": device_keys(who, &device_key),
            "one_time_keys": {
                "signed_curve25519:AAAAAQ": signed_key(who, &device_key, 0x10 + seed, false),
                "signed_curve25519:AAAAAg": signed_key(who, &device_key, 0x20 + seed, false),
            },
            "fallback_keys": { "signed_curve25519:AAAAAw": signed_key(who, &device_key, 0x30 + seed, true) },
        });
        let request = keys::upload_keys::Request::new(from_json(body)?);
        let reply = client.call(&request, who.auth(), 200)?;
        let counts = variant!(reply, keys::upload_keys::Response::Status200).one_time_key_counts;
        if counts.get("signed_curve25519") != Some(&2) {
            return Err(format!("{} one-time key counts: {counts:?}", who.user_id));
        }
    }
    let request = keys::query_keys::Request::new(from_json(
        json!({ "timeout": 1000, "device_keys": { bob.user_id.clone(): [] } }),
    )?);
    let reply = client.call(&request, alice.auth(), 200)?;
    let found = variant!(reply, keys::query_keys::Response::Status200).device_keys.unwrap_or_default();
    if !found
        .iter()
        .any(|(user, devices)| user.as_str() == bob.user_id && devices.keys().any(|d| d.as_str() == bob.device_id))
    {
        return Err("alice's query does not find bob's device".into());
    }
    let request = keys::claim_keys::Request::new(from_json(
        json!({ "timeout": 1000, "one_time_keys": { bob.user_id.clone(): { bob.device_id.clone(): "signed_curve25519" } } }),
    )?);
    let reply = client.call(&request, alice.auth(), 200)?;
    if variant!(reply, keys::claim_keys::Response::Status200).one_time_keys.is_empty() {
        return Err("no one-time key claimed".into());
    }
    let (to, _) = sync_once(client, &alice, Some(since.clone()), None)?;
    let request = keys::get_keys_changes::Request::new(since, to);
    client.call(&request, alice.auth(), 200)?;
    Ok(())
}

/// Alice's master, self-signing and user-signing keys (the latter two signed by the master),
/// then a signature of her device by the self-signing key; bob queries them.
pub fn cross_signing(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let (master, self_signing, user_signing) = (Ed25519::from_seed(10), Ed25519::from_seed(11), Ed25519::from_seed(12));
    let key = |usage: &str, pair: &Ed25519| json!({ "user_id": alice.user_id, "usage": [usage], "keys": { format!("ed25519:{}", pair.public()): pair.public() } });
    let master_key = key("master", &master);
    let mut self_signing_key = key("self_signing", &self_signing);
    master.sign(&mut self_signing_key, &alice.user_id, &master.public());
    let mut user_signing_key = key("user_signing", &user_signing);
    master.sign(&mut user_signing_key, &alice.user_id, &master.public());
    let body =
        json!({ "master_key": master_key, "self_signing_key": self_signing_key, "user_signing_key": user_signing_key });
    let request = cross_signing::upload_cross_signing_keys::Request::new(from_json(body)?);
    client.call(&request, alice.auth(), 200)?;
    let mut device = device_keys(&alice, &Ed25519::from_seed(1));
    if let Some(map) = device.as_object_mut() {
        map.remove("signatures");
    }
    self_signing.sign(&mut device, &alice.user_id, &self_signing.public());
    let body = json!({ alice.user_id.clone(): { alice.device_id.clone(): device } });
    let request = cross_signing::upload_cross_signing_signatures::Request::new(from_json(body)?);
    let reply = client.call(&request, alice.auth(), 200)?;
    let json = reply.json();
    let failures = variant!(reply, cross_signing::upload_cross_signing_signatures::Response::Status200).failures;
    if failures.is_some_and(|f| !f.is_empty()) {
        return Err(format!("the signature upload failed: {json}"));
    }
    let request = keys::query_keys::Request::new(from_json(json!({ "device_keys": { alice.user_id.clone(): [] } }))?);
    let reply = client.call(&request, bob.auth(), 200)?;
    if variant!(reply, keys::query_keys::Response::Status200)
        .master_keys
        .is_none_or(|m| !m.keys().any(|u| u.as_str() == alice.user_id))
    {
        return Err("bob does not see alice's master key".into());
    }
    Ok(())
}

/// Alice sends bob's device to-device messages of several spec types and a custom one; bob's
/// /sync delivers them.
pub fn to_device(client: &mut Client, world: &mut World) -> Result<(), String> {
    let (alice, bob) = (world.user("alice")?, world.user("bob")?);
    let (since, _) = sync_once(client, &bob, None, None)?;
    let messages = [
        ("m.dummy", json!({})),
        (
            "m.room_key_request",
            json!({
                "action": "request", "requesting_device_id": alice.device_id, "request_id": "interop-1",
                "body": { "algorithm": "m.megolm.v1.aes-sha2", "room_id": world.room("encrypted")?, "session_id": "X3lUlvLELLYxeTx4yOVu6UDpasGEVO0Jbu+QFnm0cKQ", "sender_key": base64(&[0x42; 32]) },
            }),
        ),
        (
            "m.secret.request",
            json!({ "action": "request", "name": "m.megolm_backup.v1", "requesting_device_id": alice.device_id, "request_id": "interop-2" }),
        ),
        (
            "m.key.verification.request",
            json!({ "from_device": alice.device_id, "methods": ["m.sas.v1"], "timestamp": 1_700_000_000_000u64, "transaction_id": "interop-verification" }),
        ),
        (
            "m.room.encrypted",
            json!({
                "algorithm": "m.olm.v1.curve25519-aes-sha2", "sender_key": base64(&[0x42; 32]),
                "ciphertext": { base64(&[0x43; 32]): { "type": 0, "body": "AwogaW50ZXJvcCBjaXBoZXJ0ZXh0" } },
            }),
        ),
        ("org.example.interop.to_device", json!({ "custom": [1, 2, 3] })),
    ];
    let count = messages.len();
    for (event_type, content) in messages {
        let request = to_device::send_to_device::Request::new(
            event_type,
            world.txn(),
            from_json(json!({ "messages": { bob.user_id.clone(): { bob.device_id.clone(): content } } }))?,
        );
        client.call(&request, alice.auth(), 200)?;
    }
    let (_, body) = sync_once(client, &bob, Some(since), None)?;
    let received = body.pointer("/to_device/events").and_then(Value::as_array).map_or(0, Vec::len);
    if received != count {
        return Err(format!("bob received {received} to-device messages, not {count}"));
    }
    Ok(())
}

/// A backup version created, read, updated; keys stored, read and deleted at every level; the
/// version deleted.
pub fn backup(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let room = world.room("encrypted")?;
    let device_key = Ed25519::from_seed(1);
    let mut auth_data = json!({ "public_key": base64(&[0x44; 32]) });
    device_key.sign(&mut auth_data, &alice.user_id, &alice.device_id);
    let algorithm = "m.megolm_backup.v1.curve25519-aes-sha2";
    let request = key_backup::post_room_keys_version::Request::new(from_json(
        json!({ "algorithm": algorithm, "auth_data": auth_data }),
    )?);
    let reply = client.call(&request, alice.auth(), 200)?;
    let version = variant!(reply, key_backup::post_room_keys_version::Response::Status200).version;
    client.call(&key_backup::get_room_keys_version_current::Request::new(), alice.auth(), 200)?;
    let request = key_backup::get_room_keys_version::Request::new(version.clone());
    client.call(&request, alice.auth(), 200)?;
    let request = key_backup::put_room_keys_version::Request::new(
        version.clone(),
        from_json(json!({ "algorithm": algorithm, "auth_data": auth_data, "version": version }))?,
    );
    client.call(&request, alice.auth(), 200)?;
    let session = |index: u64| {
        json!({
            "first_message_index": index, "forwarded_count": 0, "is_verified": false,
            "session_data": { "ephemeral": base64(&[0x45; 32]), "ciphertext": base64(b"interop backup ciphertext"), "mac": base64(&[0x46; 8]) },
        })
    };
    let request = key_backup::put_room_key_by_session_id::Request::new(
        room.clone(),
        "session-one",
        version.clone(),
        from_json(session(0))?,
    );
    client.call(&request, alice.auth(), 200)?;
    let request = key_backup::put_room_keys_by_room_id::Request::new(
        room.clone(),
        version.clone(),
        from_json(json!({ "sessions": { "session-two": session(1) } }))?,
    );
    client.call(&request, alice.auth(), 200)?;
    let request = key_backup::put_room_keys::Request::new(
        version.clone(),
        from_json(json!({ "rooms": { room.clone(): { "sessions": { "session-three": session(2) } } } }))?,
    );
    let reply = client.call(&request, alice.auth(), 200)?;
    if variant!(reply, key_backup::put_room_keys::Response::Status200).count != 3 {
        return Err("the backup does not count three keys".into());
    }
    let request = key_backup::get_room_key_by_session_id::Request::new(room.clone(), "session-one", version.clone());
    client.call(&request, alice.auth(), 200)?;
    let request = key_backup::get_room_keys_by_room_id::Request::new(room.clone(), version.clone());
    client.call(&request, alice.auth(), 200)?;
    client.call(&key_backup::get_room_keys::Request::new(version.clone()), alice.auth(), 200)?;
    let request = key_backup::delete_room_key_by_session_id::Request::new(room.clone(), "session-one", version.clone());
    client.call(&request, alice.auth(), 200)?;
    let request = key_backup::get_room_key_by_session_id::Request::new(room.clone(), "session-one", version.clone());
    client.call(&request, alice.auth(), 404)?;
    let request = key_backup::delete_room_keys_by_room_id::Request::new(room, version.clone());
    client.call(&request, alice.auth(), 200)?;
    client.call(&key_backup::delete_room_keys::Request::new(version.clone()), alice.auth(), 200)?;
    let request = key_backup::delete_room_keys_version::Request::new(version.clone());
    client.call(&request, alice.auth(), 200)?;
    let request = key_backup::get_room_keys_version::Request::new(version);
    client.call(&request, alice.auth(), 404)?;
    Ok(())
}
