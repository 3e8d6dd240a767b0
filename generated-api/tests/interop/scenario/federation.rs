//! The federation endpoints that answer without a signed request: the server's version, its
//! signing keys (checked: it signed them itself), the key query for itself, and the OpenID
//! userinfo exchange (authenticated by the OpenID token, not by a signature).

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use generated_api::generated::client_server::openid;
use generated_api::generated::server_server::{keys_query, keys_server, version};
use serde_json::{json, Value};

use super::{from_json, variant, World};
use crate::interop::client::{Auth, Client};
use crate::interop::keys::canonical_json;

/// The four unsigned federation exchanges (counted apart from the client-server ones).
pub fn federation(client: &mut Client, world: &mut World) -> Result<(), String> {
    let reply = client.call(&version::get_version::Request::new(), Auth::None, 200)?;
    if reply.json().pointer("/server/name").and_then(Value::as_str) != Some("Synapse") {
        return Err(format!("the federation version is not Synapse's: {}", reply.json()));
    }
    let reply = client.call(&keys_server::get_server_key::Request::new(), Auth::None, 200)?;
    check_self_signed(&reply.json())?;
    let request = keys_query::perspectives_key_query::Request::new("localhost");
    client.call(&request, Auth::None, 200)?;
    let request = {
        let mut v = keys_query::bulk_perspectives_key_query::Request::new();
        v.body = Some(from_json(json!({ "server_keys": { "localhost": {} } }))?);
        v
    };
    client.call(&request, Auth::None, 200)?;
    let alice = world.user("alice")?;
    let request = openid::request_open_id_token::Request::new(alice.user_id.clone(), super::object(json!({})));
    let reply = client.call(&request, alice.auth(), 200)?;
    let token = variant!(reply, openid::request_open_id_token::Response::Status200).access_token;
    let request = generated_api::generated::server_server::openid::exchange_open_id_token::Request::new(token);
    let reply = client.call(&request, Auth::None, 200)?;
    if reply.json().get("sub").and_then(Value::as_str) != Some(alice.user_id.as_str()) {
        return Err("the OpenID token does not name alice".into());
    }
    Ok(())
}

/// The server's key response carries a valid signature by one of its own keys.
fn check_self_signed(keys: &Value) -> Result<(), String> {
    let server = keys.get("server_name").and_then(Value::as_str).ok_or("no server_name")?;
    let verify_keys = keys.get("verify_keys").and_then(Value::as_object).ok_or("no verify_keys")?;
    let signatures =
        keys.pointer(&format!("/signatures/{server}")).and_then(Value::as_object).ok_or("not signed by itself")?;
    let mut signed = keys.clone();
    if let Some(map) = signed.as_object_mut() {
        map.remove("signatures");
    }
    let message = canonical_json(&signed);
    for (key_id, signature) in signatures {
        let public = verify_keys
            .get(key_id)
            .and_then(|k| k.get("key"))
            .and_then(Value::as_str)
            .ok_or("signed by an unlisted key")?;
        let public: [u8; 32] = decode64(public)?.try_into().map_err(|_| "a public key of the wrong size")?;
        let key = VerifyingKey::from_bytes(&public).map_err(|e| e.to_string())?;
        let signature =
            Signature::from_slice(&decode64(signature.as_str().unwrap_or_default())?).map_err(|e| e.to_string())?;
        key.verify(message.as_bytes(), &signature)
            .map_err(|e| format!("the server's key signature does not verify: {e}"))?;
    }
    Ok(())
}

/// Unpadded base64 → bytes.
fn decode64(text: &str) -> Result<Vec<u8>, String> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let values = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|a| *a == c).map(|p| p as u32).ok_or_else(|| format!("not base64: {text}")))
        .collect::<Result<Vec<u32>, String>>()?;
    let mut out = Vec::new();
    for chunk in values.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}
