//! Authentication types and the `params` the spec defines for them.
//!
//! # Spec sections implemented
//!
//! - Client-server API, [User-Interactive Authentication API](https://spec.matrix.org/v1.17/client-server-api/#user-interactive-authentication-api):
//!   its [authentication types](https://spec.matrix.org/v1.17/client-server-api/#authentication-types)
//!   ([`AuthType`]) and the `params` entries of
//!   [`m.login.terms`](https://spec.matrix.org/v1.17/client-server-api/#terms-of-service-at-registration)
//!   ([`LoginTermsParams`]) and [`m.oauth`](https://spec.matrix.org/v1.17/client-server-api/#oauth-authentication)
//!   ([`OAuthParams`]).
//! - The login types of the [legacy `/login` API](https://spec.matrix.org/v1.17/client-server-api/#legacy-login)
//!   that are not UIA stages: `m.login.token`, [`m.login.application_service`](https://spec.matrix.org/v1.17/client-server-api/#appservice-login)
//!   and the deprecated `m.login.cas` of [SSO login](https://spec.matrix.org/v1.17/client-server-api/#client-login-via-sso).
//!
//! The parameter structs keep every field they do not know in their `extra` maps and write
//! back exactly the fields they read.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error_codes::open_string_enum;
use crate::identifiers::Url;
use crate::runtime::{JsonObject, JsonValue};

open_string_enum! {
    /// An authentication type: a stage of a User-Interactive Authentication flow (the `type`
    /// of an `auth` dict, the entries of `flows[].stages`, the keys of `params`) or a login
    /// type of `/login` (`flows[].type`).
    ///
    /// [`AuthType::is_user_interactive`] tells the UIA types from the `/login`-only ones.
    pub enum AuthType {
        /// `m.login.password`: the client sends an identifier and a password in plain text;
        /// both a UIA type and a login type ([password-based](https://spec.matrix.org/v1.17/client-server-api/#password-based)).
        Password => "m.login.password",
        /// `m.login.recaptcha`: the user solves a Google ReCaptcha 2.0 challenge
        /// ([Google ReCaptcha](https://spec.matrix.org/v1.17/client-server-api/#google-recaptcha)).
        Recaptcha => "m.login.recaptcha",
        /// `m.login.sso`: the user authenticates with an external single sign-on provider,
        /// through the fallback page during UIA or the SSO redirect for `/login`
        /// ([single sign-on](https://spec.matrix.org/v1.17/client-server-api/#single-sign-on)).
        Sso => "m.login.sso",
        /// `m.login.email.identity`: the user proves they own an email address, validated by
        /// an identity server or the homeserver
        /// ([email-based](https://spec.matrix.org/v1.17/client-server-api/#email-based-identity--homeserver)).
        EmailIdentity => "m.login.email.identity",
        /// `m.login.msisdn`: the user proves they own a phone number, validated by an identity
        /// server or the homeserver
        /// ([phone number/MSISDN-based](https://spec.matrix.org/v1.17/client-server-api/#phone-numbermsisdn-based-identity--homeserver)).
        Msisdn => "m.login.msisdn",
        /// `m.login.dummy`: always succeeds and needs no parameters; lets a server ask for no
        /// real authentication, or tell apart flows that would otherwise overlap
        /// ([dummy auth](https://spec.matrix.org/v1.17/client-server-api/#dummy-auth)).
        Dummy => "m.login.dummy",
        /// `m.login.registration_token` (added in v1.2): registration with a token shared out
        /// of band; only valid on `/register`
        /// ([token-authenticated registration](https://spec.matrix.org/v1.17/client-server-api/#token-authenticated-registration)).
        RegistrationToken => "m.login.registration_token",
        /// `m.login.terms` (added in v1.11): the user accepts policy documents (terms of
        /// service, privacy policy, ...) listed in [`LoginTermsParams`]; only valid on
        /// `/register` ([terms of service at registration](https://spec.matrix.org/v1.17/client-server-api/#terms-of-service-at-registration)).
        Terms => "m.login.terms",
        /// `m.oauth` (added in v1.17): the user approves the action in the homeserver's OAuth
        /// account management web UI, at the URL in [`OAuthParams`]; currently only valid on
        /// `/keys/device_signing/upload` ([OAuth authentication](https://spec.matrix.org/v1.17/client-server-api/#oauth-authentication)).
        OAuth => "m.oauth",
        /// `m.login.token`: a `/login` type (not a UIA stage) that exchanges a login token,
        /// e.g. one obtained by SSO or from `/login/get_token`, for an access token
        /// ([login](https://spec.matrix.org/v1.17/client-server-api/#legacy-login)).
        Token => "m.login.token",
        /// `m.login.application_service` (added in v1.2): a `/login` and `/register` type (not a
        /// UIA stage) by which an application service, authenticated with its `as_token`, acts
        /// for a user of its namespace ([appservice login](https://spec.matrix.org/v1.17/client-server-api/#appservice-login)).
        ApplicationService => "m.login.application_service",
        /// `m.login.cas`: the older CAS login flow, deprecated in favour of `m.login.sso`, which
        /// works the same way with the `/sso/redirect` endpoint instead of `/cas/redirect`
        /// ([client login via SSO](https://spec.matrix.org/v1.17/client-server-api/#client-login-via-sso)).
        #[deprecated = "the spec deprecates `m.login.cas` in favour of `m.login.sso`"]
        Cas => "m.login.cas",
    }
}

impl AuthType {
    /// Whether the spec lists this type as a User-Interactive Authentication type (an auth
    /// stage), as opposed to a type only `/login` (or `/register`) accepts.
    pub fn is_user_interactive(&self) -> bool {
        matches!(
            self,
            AuthType::Password
                | AuthType::Recaptcha
                | AuthType::Sso
                | AuthType::EmailIdentity
                | AuthType::Msisdn
                | AuthType::Dummy
                | AuthType::RegistrationToken
                | AuthType::Terms
                | AuthType::OAuth
        )
    }
}

/// Decodes the `params` entry of `auth_type` from a UIA response's `params` map.
fn from_params<T: serde::de::DeserializeOwned>(
    params: &BTreeMap<String, JsonObject>,
    auth_type: &AuthType,
) -> Option<Result<T, serde_json::Error>> {
    params.get(auth_type.as_str()).map(|entry| serde_json::from_value(JsonValue::Object(entry.clone())))
}

/// Writes the entries of `extra` whose keys `skip` does not claim.
fn serialize_extra<M: SerializeMap>(
    map: &mut M,
    extra: &BTreeMap<String, JsonValue>,
    skip: impl Fn(&str) -> bool,
) -> Result<(), M::Error> {
    for (key, value) in extra {
        if !skip(key) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// The `params` entry of [`AuthType::OAuth`] (`m.oauth`) in a UIA response: where the user
/// approves the action ([OAuth authentication](https://spec.matrix.org/v1.17/client-server-api/#oauth-authentication)).
#[derive(Clone, Debug, PartialEq)]
pub struct OAuthParams {
    /// The page of the homeserver's OAuth account management web UI where the user approves
    /// the action; `http://` or (recommended) `https://`.
    pub url: Url,
    /// The fields this crate does not know, as received.
    pub extra: BTreeMap<String, JsonValue>,
}

impl OAuthParams {
    /// The auth type these are the parameters of: `m.oauth`.
    pub const AUTH_TYPE: AuthType = AuthType::OAuth;

    /// Parameters pointing to `url`.
    pub fn new(url: Url) -> OAuthParams {
        OAuthParams { url, extra: BTreeMap::new() }
    }

    /// Reads the `m.oauth` entry of a UIA response's `params`: `None` if there is none.
    pub fn from_params(params: &BTreeMap<String, JsonObject>) -> Option<Result<OAuthParams, serde_json::Error>> {
        from_params(params, &Self::AUTH_TYPE)
    }
}

impl Serialize for OAuthParams {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("url", &self.url)?;
        serialize_extra(&mut map, &self.extra, |key| key == "url")?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for OAuthParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParamsVisitor;
        impl<'de> Visitor<'de> for ParamsVisitor {
            type Value = OAuthParams;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("m.oauth params")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OAuthParams, A::Error> {
                let mut url = None;
                let mut extra = BTreeMap::new();
                while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                    match key.as_str() {
                        "url" => crate::runtime::read_field(&mut map, &mut url, "url")?,
                        _ => crate::runtime::read_extra(&mut map, key, &mut extra)?,
                    }
                }
                Ok(OAuthParams { url: crate::runtime::required(url, "url")?, extra })
            }
        }
        deserializer.deserialize_map(ParamsVisitor)
    }
}

/// The `params` entry of [`AuthType::Terms`] (`m.login.terms`) in a UIA response: the policy
/// documents the user must accept ([terms of service at
/// registration](https://spec.matrix.org/v1.17/client-server-api/#terms-of-service-at-registration)).
#[derive(Clone, Debug, PartialEq)]
pub struct LoginTermsParams {
    /// Each policy by its policy ID (an opaque identifier, e.g. `terms_of_service`).
    pub policies: BTreeMap<String, PolicyDefinition>,
    /// The fields this crate does not know, as received.
    pub extra: BTreeMap<String, JsonValue>,
}

impl LoginTermsParams {
    /// The auth type these are the parameters of: `m.login.terms`.
    pub const AUTH_TYPE: AuthType = AuthType::Terms;

    /// Parameters listing `policies`.
    pub fn new(policies: BTreeMap<String, PolicyDefinition>) -> LoginTermsParams {
        LoginTermsParams { policies, extra: BTreeMap::new() }
    }

    /// Reads the `m.login.terms` entry of a UIA response's `params`: `None` if there is none.
    pub fn from_params(params: &BTreeMap<String, JsonObject>) -> Option<Result<LoginTermsParams, serde_json::Error>> {
        from_params(params, &Self::AUTH_TYPE)
    }
}

impl Serialize for LoginTermsParams {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("policies", &self.policies)?;
        serialize_extra(&mut map, &self.extra, |key| key == "policies")?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for LoginTermsParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParamsVisitor;
        impl<'de> Visitor<'de> for ParamsVisitor {
            type Value = LoginTermsParams;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("m.login.terms params")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LoginTermsParams, A::Error> {
                let mut policies = None;
                let mut extra = BTreeMap::new();
                while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                    match key.as_str() {
                        "policies" => crate::runtime::read_field(&mut map, &mut policies, "policies")?,
                        _ => crate::runtime::read_extra(&mut map, key, &mut extra)?,
                    }
                }
                Ok(LoginTermsParams { policies: crate::runtime::required(policies, "policies")?, extra })
            }
        }
        deserializer.deserialize_map(ParamsVisitor)
    }
}

/// One policy document of [`LoginTermsParams`]: its version and its translations.
///
/// On the wire, the translations are the object's other keys (language codes). A key whose
/// value is not a translation (`{"name": ..., "url": ...}`) is kept in [`Self::extra`].
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDefinition {
    /// The document's version (an opaque identifier), for the client's convenience.
    pub version: String,
    /// The document in each language, by language code (`en`, `fr`, `en-US`; some servers
    /// write `en_US`).
    pub translations: BTreeMap<String, PolicyTranslation>,
    /// The fields that are neither `version` nor a translation, as received.
    pub extra: BTreeMap<String, JsonValue>,
}

impl PolicyDefinition {
    /// A policy of this version, with no translations yet.
    pub fn new(version: impl Into<String>) -> PolicyDefinition {
        PolicyDefinition { version: version.into(), translations: BTreeMap::new(), extra: BTreeMap::new() }
    }

    /// The translation for `language`: an exact match of the language code, else one that
    /// differs only in case or in `_` for `-` (`en_US` for `en-US`).
    pub fn translation(&self, language: &str) -> Option<&PolicyTranslation> {
        if let Some(exact) = self.translations.get(language) {
            return Some(exact);
        }
        let normalize = |code: &str| code.replace('_', "-").to_ascii_lowercase();
        let wanted = normalize(language);
        self.translations.iter().find(|(code, _)| normalize(code) == wanted).map(|(_, translation)| translation)
    }
}

impl Serialize for PolicyDefinition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("version", &self.version)?;
        for (language, translation) in &self.translations {
            if language != "version" {
                map.serialize_entry(language, translation)?;
            }
        }
        serialize_extra(&mut map, &self.extra, |key| key == "version" || self.translations.contains_key(key))?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for PolicyDefinition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PolicyVisitor;
        impl<'de> Visitor<'de> for PolicyVisitor {
            type Value = PolicyDefinition;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a policy definition object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyDefinition, A::Error> {
                let mut version = None;
                let mut translations = BTreeMap::new();
                let mut extra = BTreeMap::new();
                while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                    if key.as_str() == "version" {
                        crate::runtime::read_field(&mut map, &mut version, "version")?;
                        continue;
                    }
                    let value: JsonValue = map.next_value()?;
                    if translations.contains_key(key.as_str()) || extra.contains_key(key.as_str()) {
                        return Err(de::Error::custom(format_args!("duplicate field `{}`", key.as_str())));
                    }
                    // Only an object can be a translation; anything else, or an object that is
                    // not a valid translation, is kept verbatim.
                    let translation = match &value {
                        JsonValue::Object(_) => PolicyTranslation::deserialize(&value).ok(),
                        _ => None,
                    };
                    match translation {
                        Some(translation) => {
                            translations.insert(key.into_string(), translation);
                        }
                        None => {
                            extra.insert(key.into_string(), value);
                        }
                    }
                }
                Ok(PolicyDefinition { version: crate::runtime::required(version, "version")?, translations, extra })
            }
        }
        deserializer.deserialize_map(PolicyVisitor)
    }
}

/// A policy document in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyTranslation {
    /// The document's name in this language.
    pub name: String,
    /// A link to the document's text in this language (`https://`, or discouraged `http://`).
    pub url: Url,
    /// The fields this crate does not know, as received.
    pub extra: BTreeMap<String, JsonValue>,
}

impl PolicyTranslation {
    /// A translation with this name and link.
    pub fn new(name: impl Into<String>, url: Url) -> PolicyTranslation {
        PolicyTranslation { name: name.into(), url, extra: BTreeMap::new() }
    }
}

impl Serialize for PolicyTranslation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("url", &self.url)?;
        serialize_extra(&mut map, &self.extra, |key| key == "name" || key == "url")?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for PolicyTranslation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TranslationVisitor;
        impl<'de> Visitor<'de> for TranslationVisitor {
            type Value = PolicyTranslation;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a policy translation object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyTranslation, A::Error> {
                let mut name = None;
                let mut url = None;
                let mut extra = BTreeMap::new();
                while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                    match key.as_str() {
                        "name" => crate::runtime::read_field(&mut map, &mut name, "name")?,
                        "url" => crate::runtime::read_field(&mut map, &mut url, "url")?,
                        _ => crate::runtime::read_extra(&mut map, key, &mut extra)?,
                    }
                }
                Ok(PolicyTranslation {
                    name: crate::runtime::required(name, "name")?,
                    url: crate::runtime::required(url, "url")?,
                    extra,
                })
            }
        }
        deserializer.deserialize_map(TranslationVisitor)
    }
}

#[cfg(test)]
#[allow(deprecated)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::error_codes::spec_scan::{short, spec_files, tokens};

    /// `m.login.*` / `m.oauth*` tokens of the spec that are not authentication types, with the
    /// reason.
    const NOT_AUTH_TYPES: &[(&str, &str)] = &[
        (
            "m.login.terms_params",
            "path of the schema of the m.login.terms params (`{{% definition path=... %}}` shortcode)",
        ),
        ("m.oauth_params", "path of the schema of the m.oauth params (`{{% definition path=... %}}` shortcode)"),
    ];

    fn is_name_char(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
    }

    #[test]
    fn every_auth_type_of_the_spec_is_known() {
        let mut found: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
        let files = spec_files();
        for file in &files {
            let login = tokens(&file.text, "m.login.", 1, is_name_char, &['.']);
            let oauth = tokens(&file.text, "m.oauth", 0, is_name_char, &['.']);
            for token in login.into_iter().chain(oauth) {
                *found.entry(token).or_default().entry(short(&file.path)).or_default() += 1;
            }
        }
        println!("excluded tokens (not authentication types):");
        for (token, reason) in NOT_AUTH_TYPES {
            let files = found.get(token).map(|files| files.keys().cloned().collect::<Vec<_>>().join(", "));
            println!("  {token}: {reason} [{}]", files.as_deref().unwrap_or("NOT FOUND"));
            assert!(files.is_some(), "exclusion {token} no longer occurs in the spec: remove it");
            assert!(matches!(AuthType::from(*token), AuthType::_Custom(_)), "{token} is both excluded and known");
        }
        let types: Vec<&str> = found
            .keys()
            .copied()
            .filter(|token| NOT_AUTH_TYPES.iter().all(|(excluded, _)| excluded != token))
            .collect();
        let missing: Vec<&str> =
            types.iter().copied().filter(|name| matches!(AuthType::from(*name), AuthType::_Custom(_))).collect();
        println!(
            "auth types: {} found in the spec, {} known, {} missing",
            types.len(),
            types.len() - missing.len(),
            missing.len()
        );
        for name in &missing {
            let files = found[name].keys().cloned().collect::<Vec<_>>().join(", ");
            println!("  missing {name} ({files})");
        }
        assert!(missing.is_empty(), "auth types of the spec missing from AuthType: {missing:?}");

        let invented: Vec<&str> =
            AuthType::KNOWN.iter().map(AuthType::as_str).filter(|name| !found.contains_key(name)).collect();
        assert!(invented.is_empty(), "AuthType variants the spec does not name: {invented:?}");
        assert_eq!(AuthType::KNOWN.len(), types.len());
    }

    #[test]
    fn known_types_map_to_their_variants() {
        let expected = [
            ("m.login.password", AuthType::Password),
            ("m.login.recaptcha", AuthType::Recaptcha),
            ("m.login.sso", AuthType::Sso),
            ("m.login.email.identity", AuthType::EmailIdentity),
            ("m.login.msisdn", AuthType::Msisdn),
            ("m.login.dummy", AuthType::Dummy),
            ("m.login.registration_token", AuthType::RegistrationToken),
            ("m.login.terms", AuthType::Terms),
            ("m.oauth", AuthType::OAuth),
            ("m.login.token", AuthType::Token),
            ("m.login.application_service", AuthType::ApplicationService),
            ("m.login.cas", AuthType::Cas),
        ];
        assert_eq!(expected.len(), AuthType::KNOWN.len());
        for (wire, variant) in expected {
            assert_eq!(AuthType::from(wire), variant);
            assert_eq!(AuthType::from(wire.to_owned()), variant);
            assert_eq!(variant.as_str(), wire);
            assert_eq!(variant.to_string(), wire);
            assert_eq!(serde_json::to_value(&variant).expect("serializes"), json!(wire));
            assert_eq!(serde_json::from_value::<AuthType>(json!(wire)).expect("deserializes"), variant);
        }
        let uia: Vec<&str> = AuthType::KNOWN.iter().filter(|t| t.is_user_interactive()).map(AuthType::as_str).collect();
        assert_eq!(uia.len(), 9, "the spec lists nine UIA types: {uia:?}");
        assert!(!AuthType::Token.is_user_interactive());
        assert!(!AuthType::ApplicationService.is_user_interactive());
    }

    #[test]
    fn unknown_types_are_kept() {
        for raw in ["org.example.custom", "m.login.future", "M.LOGIN.PASSWORD", ""] {
            let value = AuthType::from(raw);
            assert!(matches!(value, AuthType::_Custom(_)), "{raw:?} is not a known type");
            assert_eq!(value.as_str(), raw);
            assert_eq!(AuthType::from(raw.to_owned()), value);
            assert!(!value.is_user_interactive());
            let decoded: AuthType = serde_json::from_value(json!(raw)).expect("deserializes");
            assert_eq!(decoded, value);
            assert_eq!(serde_json::to_value(&decoded).expect("serializes"), json!(raw));
        }
    }

    fn round_trip<T: serde::de::DeserializeOwned + Serialize>(value: &JsonValue) -> T {
        let typed: T = serde_json::from_value(value.clone()).expect("decodes");
        assert_eq!(&serde_json::to_value(&typed).expect("encodes"), value);
        typed
    }

    #[test]
    fn oauth_params_round_trip() {
        let params: OAuthParams = round_trip(&json!({"url": "https://hs.example/account/approve"}));
        assert_eq!(params.url.as_str(), "https://hs.example/account/approve");
        assert!(params.extra.is_empty());
        let params: OAuthParams = round_trip(&json!({"url": "https://hs.example/a", "org.example.hint": {"x": 1}}));
        assert_eq!(params.extra.get("org.example.hint"), Some(&json!({"x": 1})));
        assert!(serde_json::from_value::<OAuthParams>(json!({})).is_err(), "url is required");
    }

    #[test]
    fn terms_params_round_trip() {
        let wire = json!({
            "policies": {
                "tos": {
                    "version": "3.0",
                    "en": {"name": "Terms", "url": "https://hs.example/tos-3.0-en.html"},
                    "de_DE": {"name": "Bedingungen", "url": "https://hs.example/tos-3.0-de.html", "lang_note": true},
                    "org.example.revision_date": "2024-01-01",
                    "broken": {"name": "no url"}
                },
                "privacy": {"version": "1"}
            },
            "org.example.extra": [1, 2]
        });
        let params: LoginTermsParams = round_trip(&wire);
        assert_eq!(params.policies.len(), 2);
        let tos = &params.policies["tos"];
        assert_eq!(tos.version, "3.0");
        assert_eq!(tos.translations.len(), 2);
        assert_eq!(tos.translation("en").map(|t| t.name.as_str()), Some("Terms"));
        assert_eq!(tos.translation("de-de").map(|t| t.url.as_str()), Some("https://hs.example/tos-3.0-de.html"));
        assert_eq!(tos.translation("fr"), None);
        assert_eq!(tos.translations["de_DE"].extra.get("lang_note"), Some(&json!(true)));
        assert_eq!(tos.extra.get("org.example.revision_date"), Some(&json!("2024-01-01")));
        assert_eq!(tos.extra.get("broken"), Some(&json!({"name": "no url"})));
        assert!(params.policies["privacy"].translations.is_empty());
        assert_eq!(params.extra.get("org.example.extra"), Some(&json!([1, 2])));

        assert!(serde_json::from_value::<LoginTermsParams>(json!({})).is_err(), "policies is required");
        assert!(
            serde_json::from_value::<LoginTermsParams>(json!({"policies": {"tos": {"en": {"name": "x", "url": "y"}}}}))
                .is_err(),
            "version is required"
        );
    }

    #[test]
    fn params_are_read_from_a_uia_response() {
        let response = json!({
            "flows": [{"stages": ["m.login.terms"]}, {"stages": ["m.oauth"]}],
            "params": {
                "m.login.terms": {"policies": {"tos": {"version": "1", "en": {"name": "T", "url": "https://x/t"}}}},
                "m.oauth": {"url": "https://x/approve"}
            },
            "session": "abc"
        });
        let params: BTreeMap<String, JsonObject> =
            serde_json::from_value(response["params"].clone()).expect("params map");
        let terms = LoginTermsParams::from_params(&params).expect("present").expect("valid");
        assert_eq!(terms.policies["tos"].version, "1");
        let oauth = OAuthParams::from_params(&params).expect("present").expect("valid");
        assert_eq!(oauth.url.as_str(), "https://x/approve");
        assert!(OAuthParams::from_params(&BTreeMap::new()).is_none());
        let stages: Vec<AuthType> = serde_json::from_value(response["flows"][0]["stages"].clone()).expect("stages");
        assert_eq!(stages, [LoginTermsParams::AUTH_TYPE]);
    }

    #[test]
    fn built_params_serialize_as_the_spec_shows() {
        let mut policy = PolicyDefinition::new("1.2");
        policy
            .translations
            .insert("en".to_owned(), PolicyTranslation::new("Terms of Service", Url::from("https://example.org/t")));
        let params = LoginTermsParams::new(BTreeMap::from([("terms_of_service".to_owned(), policy)]));
        assert_eq!(
            serde_json::to_value(&params).expect("encodes"),
            json!({"policies": {"terms_of_service": {
                "version": "1.2",
                "en": {"name": "Terms of Service", "url": "https://example.org/t"}
            }}})
        );
        let oauth = OAuthParams::new(Url::from("https://example.org/approve"));
        assert_eq!(serde_json::to_value(&oauth).expect("encodes"), json!({"url": "https://example.org/approve"}));
    }
}
