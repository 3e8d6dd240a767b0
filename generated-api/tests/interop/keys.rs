//! Real ed25519 signatures for the keys the scenario uploads: Synapse verifies cross-signing
//! keys and signature uploads, so these are signed the way the spec says (canonical JSON without
//! `signatures` and `unsigned`, unpadded base64).

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Map, Value};

/// An ed25519 key pair from a fixed seed (the scenario is deterministic).
pub struct Ed25519 {
    key: SigningKey,
}

impl Ed25519 {
    /// The key pair of `seed`.
    pub fn from_seed(seed: u8) -> Ed25519 {
        Ed25519 { key: SigningKey::from_bytes(&[seed; 32]) }
    }

    /// The public key, unpadded base64.
    pub fn public(&self) -> String {
        base64(self.key.verifying_key().as_bytes())
    }

    /// Signs `object` as `user_id` with the key id `ed25519:<key_name>`: adds the signature to
    /// its `signatures`.
    pub fn sign(&self, object: &mut Value, user_id: &str, key_name: &str) {
        let signature = base64(&self.key.sign(canonical_json(&signable(object)).as_bytes()).to_bytes());
        if let Some(map) = object.as_object_mut() {
            let signatures = map.entry("signatures").or_insert_with(|| Value::Object(Map::new()));
            if let Some(by_user) = signatures.as_object_mut() {
                let mine = by_user.entry(user_id).or_insert_with(|| Value::Object(Map::new()));
                if let Some(mine) = mine.as_object_mut() {
                    mine.insert(format!("ed25519:{key_name}"), Value::String(signature));
                }
            }
        }
    }
}

/// The object without `signatures` and `unsigned`, as it is signed.
fn signable(object: &Value) -> Value {
    let mut copy = object.clone();
    if let Some(map) = copy.as_object_mut() {
        map.remove("signatures");
        map.remove("unsigned");
    }
    copy
}

/// Canonical JSON: keys sorted by code point, no insignificant whitespace (the crate's
/// serde_json keeps insertion order, so the sorting is done here).
pub fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> =
                keys.iter().map(|k| format!("{}:{}", Value::String((*k).clone()), canonical_json(&map[*k]))).collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(canonical_json).collect::<Vec<_>>().join(",")),
        other => other.to_string(),
    }
}

/// Unpadded standard base64.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn base64_is_unpadded() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg");
        assert_eq!(base64(b"fo"), "Zm8");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg");
    }

    #[test]
    fn canonical_json_sorts_keys_and_drops_whitespace() {
        let value = json!({ "b": [1, { "z": true, "a": null }], "a": "é" });
        assert_eq!(canonical_json(&value), r#"{"a":"é","b":[1,{"a":null,"z":true}]}"#);
    }

    #[test]
    fn signatures_verify() {
        use ed25519_dalek::{Signature, Verifier};
        let key = Ed25519::from_seed(7);
        let mut object = json!({ "user_id": "@a:localhost", "unsigned": { "x": 1 } });
        key.sign(&mut object, "@a:localhost", "DEV");
        let signature = object["signatures"]["@a:localhost"]["ed25519:DEV"].as_str().expect("signed").to_string();
        assert_eq!(signature.len(), 86, "64 bytes, unpadded");
        let bytes = decode64(&signature);
        let signature = Signature::from_slice(&bytes).expect("64 bytes");
        let message = canonical_json(&json!({ "user_id": "@a:localhost" }));
        key.key.verifying_key().verify(message.as_bytes(), &signature).expect("verifies");
    }

    fn decode64(text: &str) -> Vec<u8> {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let values: Vec<u32> =
            text.bytes().map(|c| ALPHABET.iter().position(|a| *a == c).expect("base64") as u32).collect();
        let mut out = Vec::new();
        for chunk in values.chunks(4) {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
            for i in 0..chunk.len() - 1 {
                out.push((n >> (16 - 8 * i)) as u8);
            }
        }
        out
    }
}
