//! Identity assertion: an application service acting as one of its users (and, as of v1.17,
//! one of that user's devices) on the client-server API.
//!
//! # Spec section implemented
//!
//! Application service API, [Identity assertion](https://spec.matrix.org/v1.17/application-service-api/#identity-assertion):
//! the application service authenticates with its `as_token` and names the user to act as in
//! the `user_id` query parameter, and (added in v1.17) the device to act with in the
//! `device_id` query parameter. A device that does not belong to the user is refused with
//! `M_UNKNOWN_DEVICE` ([`crate::ErrorCode::UnknownDevice`]).
//!
//! [`AssertIdentity`] is a client-side request option: it produces those query parameters,
//! percent-encoded, for any request URL.

use crate::identifiers::{DeviceId, UserId};

/// Whom an application service's request acts as: the `user_id` and `device_id` query
/// parameters of [identity assertion](https://spec.matrix.org/v1.17/application-service-api/#identity-assertion).
///
/// Without an assertion the homeserver acts as the registration's `sender_localpart` user;
/// without a device ID the request is made with no device, so operations that need one (such
/// as uploading one-time keys) fail.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AssertIdentity {
    /// The user to act as; it must be in one of the application service's user namespaces.
    pub user_id: UserId,
    /// The device of that user to act with (added in v1.17). `Some` is always sent, even when
    /// empty; `None` sends no `device_id`.
    pub device_id: Option<DeviceId>,
}

impl AssertIdentity {
    /// Acts as `user_id`, with no device.
    pub fn new(user_id: UserId) -> AssertIdentity {
        AssertIdentity { user_id, device_id: None }
    }

    /// Acts as `user_id` with the device `device_id`.
    pub fn with_device(user_id: UserId, device_id: DeviceId) -> AssertIdentity {
        AssertIdentity { user_id, device_id: Some(device_id) }
    }

    /// The query parameters, not encoded: `user_id`, then `device_id` if there is one.
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("user_id", self.user_id.as_str().to_owned())];
        if let Some(device_id) = &self.device_id {
            pairs.push(("device_id", device_id.as_str().to_owned()));
        }
        pairs
    }

    /// Appends the query parameters to `query`, an URL's query string without its `?`,
    /// percent-encoded as `application/x-www-form-urlencoded` (every byte outside
    /// `A-Za-z0-9-._~` is written `%XX`).
    ///
    /// A non-empty `query` gets a `&` before the new pairs unless it already ends with `&` (or
    /// is just `?`). Parameters already in `query` are left as they are: do not assert an
    /// identity twice.
    pub fn append_to_query(&self, query: &mut String) {
        for (name, value) in self.query_pairs() {
            if !(query.is_empty() || query.ends_with('&') || query == "?") {
                query.push('&');
            }
            query.push_str(name);
            query.push('=');
            crate::percent::encode_into(&value, query);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes one `application/x-www-form-urlencoded` component (`+` is a space).
    fn decode(component: &str) -> String {
        let bytes = component.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII escape");
                    out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
                    i += 2;
                }
                byte => out.push(byte),
            }
            i += 1;
        }
        String::from_utf8(out).expect("UTF-8")
    }

    /// Splits a query string into decoded pairs.
    fn parse(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=').expect("name=value");
                (decode(name), decode(value))
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
    }

    #[test]
    fn query_pairs_follow_the_spec() {
        let user = AssertIdentity::new(UserId::from("@_irc_user:example.org"));
        assert_eq!(user.query_pairs(), [("user_id", "@_irc_user:example.org".to_owned())]);
        let device = AssertIdentity::with_device(UserId::from("@_irc_user:example.org"), DeviceId::from("ABC123"));
        assert_eq!(
            device.query_pairs(),
            [("user_id", "@_irc_user:example.org".to_owned()), ("device_id", "ABC123".to_owned())]
        );
        let mut query = String::new();
        device.append_to_query(&mut query);
        assert_eq!(query, "user_id=%40_irc_user%3Aexample.org&device_id=ABC123");
    }

    #[test]
    fn nasty_identifiers_round_trip() {
        let cases: &[(&str, Option<&str>)] = &[
            ("@a&b=c:example.org", Some("DEV&ICE=1")),
            ("@ü/%?#:x", Some("%41#frag?q")),
            ("@with space:example.org", Some("a b")),
            ("@plus+sign:example.org", Some("+")),
            ("@empty_device:example.org", Some("")),
            ("@no_device:example.org", None),
            ("@%25already%20encoded:x", Some("~-._")),
            ("@emoji🦀\u{0}nul:x", Some("é\n")),
        ];
        for existing in ["", "a=1", "a=1&", "access_token=x%20y&limit=10"] {
            for (user_id, device_id) in cases {
                let assertion =
                    AssertIdentity { user_id: UserId::from(*user_id), device_id: device_id.map(DeviceId::from) };
                let mut query = existing.to_owned();
                assertion.append_to_query(&mut query);

                assert!(
                    query.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%=&".contains(&b)),
                    "only unreserved characters, escapes and separators: {query}"
                );
                let mut expected = if existing.is_empty() { Vec::new() } else { parse(existing.trim_end_matches('&')) };
                expected.push(("user_id".to_owned(), (*user_id).to_owned()));
                if let Some(device_id) = device_id {
                    expected.push(("device_id".to_owned(), (*device_id).to_owned()));
                }
                let parsed = parse(&query);
                assert_eq!(parsed.len(), expected.len(), "number of pairs in {query}");
                assert_eq!(parsed, expected, "pairs of {query}");
            }
        }
    }

    #[test]
    fn separators_are_added_only_where_needed() {
        let assertion = AssertIdentity::new(UserId::from("@u:x"));
        for (existing, expected) in [
            ("", "user_id=%40u%3Ax"),
            ("?", "?user_id=%40u%3Ax"),
            ("a=1", "a=1&user_id=%40u%3Ax"),
            ("a=1&", "a=1&user_id=%40u%3Ax"),
        ] {
            let mut query = existing.to_owned();
            assertion.append_to_query(&mut query);
            assert_eq!(query, expected);
        }
        let mut query = String::new();
        AssertIdentity::with_device(UserId::from("@u:x"), DeviceId::from("")).append_to_query(&mut query);
        assert_eq!(query, "user_id=%40u%3Ax&device_id=");
        assert_eq!(parse(&query), pairs(&[("user_id", "@u:x"), ("device_id", "")]));
    }

    #[test]
    fn encoder_escapes_everything_but_unreserved() {
        let mut out = String::new();
        crate::percent::encode_into("Az09-._~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}ü", &mut out);
        assert_eq!(
            out,
            "Az09-._~%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D%C3%BC"
        );
        assert_eq!(decode(&out), "Az09-._~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}ü");
    }
}
