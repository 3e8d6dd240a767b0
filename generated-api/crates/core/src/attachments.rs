//! Encrypted attachments: the `EncryptedFile` and `JWK` objects the spec defines in prose only.
//!
//! The client-server API's [Sending encrypted attachments](https://spec.matrix.org/v1.17/client-server-api/#sending-encrypted-attachments)
//! section adds `file` and `thumbnail_file` properties "of type `EncryptedFile`" to the
//! `m.room.message` msgtypes that reference files; the event schemas only write
//! `title: EncryptedFile, type: object`. The generated code uses these types at every place the
//! overrides (`codegen/src/ir/overrides.rs`, `PROSE_SHAPES`) list.
//!
//! Both are lossless: keys the spec does not define are kept in `extra`, and an explicit `null`
//! where a value is expected is kept there too, so an object is written back unchanged. The
//! fixed values the prose requires (`v: "v2"`, `kty: "oct"`, `alg: "A256CTR"`, `ext: true`)
//! are not checked on decode: a client reads what was sent and decides.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::identifiers::MxcUri;
use crate::runtime::{read_extra, read_field, required, serialize_extra, JsonValue, Key};

/// An encrypted file: where the ciphertext is, and what is needed to check and decrypt it.
///
/// Files are encrypted with AES-CTR under a single-use 256-bit key; the key travels in `key`
/// (a JSON Web Key), the initial counter block in `iv`, and hashes of the ciphertext in `hashes`
/// (the event carrying all this is itself Megolm-encrypted, so the server never sees them).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct EncryptedFile {
    /// The URL of the (encrypted) file.
    pub url: MxcUri,
    /// The AES key, as a [JSON Web Key](https://tools.ietf.org/html/rfc7517#appendix-A.3).
    pub key: JsonWebKey,
    /// The 128-bit unique counter block used by AES-CTR, encoded as unpadded base64.
    pub iv: String,
    /// A map from an algorithm name to a hash of the ciphertext, encoded as unpadded base64.
    /// Clients should support SHA-256, under the key `sha256`.
    pub hashes: BTreeMap<String, String>,
    /// The version of the encrypted attachment protocol: `v2`.
    pub v: String,
    /// Keys the spec does not define here, kept so the object is written back unchanged.
    pub extra: BTreeMap<String, JsonValue>,
}

impl EncryptedFile {
    /// The version of the encrypted attachment protocol the spec defines.
    pub const VERSION: &'static str = "v2";

    /// An encrypted file of protocol version [`Self::VERSION`], with no extra keys.
    pub fn new(
        url: impl Into<MxcUri>,
        key: JsonWebKey,
        iv: impl Into<String>,
        hashes: BTreeMap<String, String>,
    ) -> Self {
        EncryptedFile {
            url: url.into(),
            key,
            iv: iv.into(),
            hashes,
            v: Self::VERSION.to_string(),
            extra: BTreeMap::new(),
        }
    }
}

/// The AES key of an [`EncryptedFile`], in the JSON Web Key format with the W3C `ext`
/// extension (client-server API, "Sending encrypted attachments").
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct JsonWebKey {
    /// The key type: `oct`.
    pub kty: String,
    /// The key operations; they must include `encrypt` and `decrypt`.
    pub key_ops: Vec<String>,
    /// The algorithm: `A256CTR`.
    pub alg: String,
    /// The key, encoded as URL-safe unpadded base64.
    pub k: String,
    /// Whether the key is extractable: `true`
    /// ([W3C extension](https://w3c.github.io/webcrypto/#iana-section-jwk)).
    pub ext: bool,
    /// Keys the spec does not define here, kept so the object is written back unchanged.
    pub extra: BTreeMap<String, JsonValue>,
}

impl JsonWebKey {
    /// An AES-256-CTR key as the spec requires it (`kty: oct`, `alg: A256CTR`,
    /// `key_ops: [encrypt, decrypt]`, `ext: true`) from its URL-safe unpadded base64 text.
    pub fn a256ctr(k: impl Into<String>) -> Self {
        JsonWebKey {
            kty: "oct".to_string(),
            key_ops: vec!["encrypt".to_string(), "decrypt".to_string()],
            alg: "A256CTR".to_string(),
            k: k.into(),
            ext: true,
            extra: BTreeMap::new(),
        }
    }
}

/// The key material `k` is a secret: `Debug` shows `<redacted>` for it.
impl fmt::Debug for JsonWebKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonWebKey")
            .field("kty", &self.kty)
            .field("key_ops", &self.key_ops)
            .field("alg", &self.alg)
            .field("k", &crate::runtime::Redacted(&self.k))
            .field("ext", &self.ext)
            .field("extra", &self.extra)
            .finish()
    }
}

impl Serialize for EncryptedFile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("url", &self.url)?;
        map.serialize_entry("key", &self.key)?;
        map.serialize_entry("iv", &self.iv)?;
        map.serialize_entry("hashes", &self.hashes)?;
        map.serialize_entry("v", &self.v)?;
        serialize_extra(&mut map, &self.extra, |_| false)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for EncryptedFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FileVisitor;
        impl<'de> Visitor<'de> for FileVisitor {
            type Value = EncryptedFile;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an EncryptedFile object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EncryptedFile, A::Error> {
                let (mut url, mut key, mut iv, mut hashes, mut v) = (None, None, None, None, None);
                let mut extra = BTreeMap::new();
                while let Some(name) = map.next_key::<Key<'de>>()? {
                    match name.as_str() {
                        "url" => read_field(&mut map, &mut url, "url")?,
                        "key" => read_field(&mut map, &mut key, "key")?,
                        "iv" => read_field(&mut map, &mut iv, "iv")?,
                        "hashes" => read_field(&mut map, &mut hashes, "hashes")?,
                        "v" => read_field(&mut map, &mut v, "v")?,
                        _ => read_extra(&mut map, name, &mut extra)?,
                    }
                }
                Ok(EncryptedFile {
                    url: required(url, "url")?,
                    key: required(key, "key")?,
                    iv: required(iv, "iv")?,
                    hashes: required(hashes, "hashes")?,
                    v: required(v, "v")?,
                    extra,
                })
            }
        }
        deserializer.deserialize_map(FileVisitor)
    }
}

impl Serialize for JsonWebKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kty", &self.kty)?;
        map.serialize_entry("key_ops", &self.key_ops)?;
        map.serialize_entry("alg", &self.alg)?;
        map.serialize_entry("k", &self.k)?;
        map.serialize_entry("ext", &self.ext)?;
        serialize_extra(&mut map, &self.extra, |_| false)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for JsonWebKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = JsonWebKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON Web Key object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonWebKey, A::Error> {
                let (mut kty, mut key_ops, mut alg, mut k, mut ext) = (None, None, None, None, None);
                let mut extra = BTreeMap::new();
                while let Some(name) = map.next_key::<Key<'de>>()? {
                    match name.as_str() {
                        "kty" => read_field(&mut map, &mut kty, "kty")?,
                        "key_ops" => read_field(&mut map, &mut key_ops, "key_ops")?,
                        "alg" => read_field(&mut map, &mut alg, "alg")?,
                        "k" => read_field(&mut map, &mut k, "k")?,
                        "ext" => read_field(&mut map, &mut ext, "ext")?,
                        _ => read_extra(&mut map, name, &mut extra)?,
                    }
                }
                Ok(JsonWebKey {
                    kty: required(kty, "kty")?,
                    key_ops: required(key_ops, "key_ops")?,
                    alg: required(alg, "alg")?,
                    k: required(k, "k")?,
                    ext: required(ext, "ext")?,
                    extra,
                })
            }
        }
        deserializer.deserialize_map(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = r#"{"url":"mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe","key":{"kty":"oct","key_ops":["encrypt","decrypt"],"alg":"A256CTR","k":"aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0","ext":true},"iv":"w+sE15fzSc0AAAAAAAAAAA","hashes":{"sha256":"fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA"},"v":"v2"}"#;

    #[test]
    fn typed_value_has_the_wire_form() {
        let hashes =
            BTreeMap::from([("sha256".to_string(), "fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA".to_string())]);
        let file = EncryptedFile::new(
            "mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe",
            JsonWebKey::a256ctr("aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0"),
            "w+sE15fzSc0AAAAAAAAAAA",
            hashes,
        );
        assert_eq!(serde_json::to_string(&file).expect("valid"), WIRE);
        assert_eq!(serde_json::from_str::<EncryptedFile>(WIRE).expect("valid"), file);
    }

    #[test]
    fn unknown_keys_and_nulls_survive() {
        let wire = WIRE
            .replace(r#""v":"v2""#, r#""v":"v3","x.custom":null"#)
            .replace(r#""ext":true"#, r#""ext":true,"use":"enc""#);
        let file: EncryptedFile = serde_json::from_str(&wire).expect("valid");
        assert_eq!(file.v, "v3");
        assert_eq!(file.extra.get("x.custom"), Some(&JsonValue::Null));
        assert_eq!(file.key.extra.get("use"), Some(&JsonValue::String("enc".to_string())));
        let again: JsonValue = serde_json::to_value(&file).expect("valid");
        assert_eq!(again, serde_json::from_str::<JsonValue>(&wire).expect("valid"));
    }

    #[test]
    fn missing_and_duplicate_keys_are_errors() {
        let missing = WIRE.replace(r#","v":"v2""#, "");
        assert!(serde_json::from_str::<EncryptedFile>(&missing)
            .expect_err("an error")
            .to_string()
            .contains("missing field `v`"));
        let twice = WIRE.replace(r#""v":"v2""#, r#""v":"v2","v":"v2""#);
        assert!(serde_json::from_str::<EncryptedFile>(&twice)
            .expect_err("an error")
            .to_string()
            .contains("duplicate field `v`"));
    }

    #[test]
    fn debug_hides_the_key() {
        let key = JsonWebKey::a256ctr("secret-key-material");
        assert!(!format!("{key:?}").contains("secret-key-material"));
    }
}
