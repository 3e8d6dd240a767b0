//! Matrix identifiers: user IDs, room IDs, event IDs, room aliases, server names, MXC URIs,
//! device IDs, key IDs, transaction IDs, plus the loosely checked `uri` and `email` strings.
//!
//! These are the types generated code uses for the spec's `format: mx-*` and
//! `x-pattern-format: mx-*` values (and for `format: uri` / `format: email`).
//!
//! # Spec sections implemented
//!
//! From the [appendices](https://spec.matrix.org/v1.17/appendices/):
//! - [Identifier Grammar](https://spec.matrix.org/v1.17/appendices/#identifier-grammar)
//! - [Server Name](https://spec.matrix.org/v1.17/appendices/#server-name) ([`ServerName`])
//! - [Common Identifier Format](https://spec.matrix.org/v1.17/appendices/#common-identifier-format)
//!   (sigils, the `localpart:domain` split, the 255-byte limit)
//! - [User Identifiers](https://spec.matrix.org/v1.17/appendices/#user-identifiers), including
//!   [Historical User IDs](https://spec.matrix.org/v1.17/appendices/#historical-user-ids)
//!   ([`UserId`])
//! - [Room IDs](https://spec.matrix.org/v1.17/appendices/#room-ids) ([`RoomId`], both the
//!   `!opaque:domain` form and the domain-less form of
//!   [room version 12](https://spec.matrix.org/v1.17/rooms/v12/))
//! - [Event IDs](https://spec.matrix.org/v1.17/appendices/#event-ids) ([`EventId`], with the
//!   per-room-version formats of [v1](https://spec.matrix.org/v1.17/rooms/v1/),
//!   [v3](https://spec.matrix.org/v1.17/rooms/v3/#event-ids) and
//!   [v4](https://spec.matrix.org/v1.17/rooms/v4/#event-ids))
//! - [Room Aliases](https://spec.matrix.org/v1.17/appendices/#room-aliases) ([`RoomAlias`],
//!   [`RoomIdOrAlias`])
//! - [Opaque Identifiers](https://spec.matrix.org/v1.17/appendices/#opaque-identifiers)
//!   ([`TransactionId`])
//! - [Signing Details](https://spec.matrix.org/v1.17/appendices/#signing-details) (the
//!   `algorithm:key_name` shape of [`KeyId`])
//! - [E-Mail 3PIDs](https://spec.matrix.org/v1.17/appendices/#e-mail) ([`Email`])
//!
//! From the client-server API:
//! - [Matrix Content (`mxc://`) URIs](https://spec.matrix.org/v1.17/client-server-api/#matrix-content-mxc-uris)
//!   and the sanitising rules of that module's security considerations ([`MxcUri`])
//! - [Device ID allocation](https://spec.matrix.org/v1.17/client-server-api/#device-id-allocation)
//!   ([`DeviceId`])
//! - [Transaction identifiers](https://spec.matrix.org/v1.17/client-server-api/#transaction-identifiers)
//!   ([`TransactionId`])
//!
//! # Lenient by default, strict on request
//!
//! Every type is a newtype over `String` that (de)serialises as a plain JSON string and
//! accepts **any** string: servers do send non-conformant identifiers (historical user IDs
//! with upper-case letters or `/`, odd device IDs, ...) and a client must round-trip them
//! unchanged. Conversions with `From` are likewise unchecked.
//!
//! Strict checking is explicit: `parse` builds a value only if it matches the grammar, and
//! `validate` checks a value that was built leniently. Both report an [`IdError`].
//! Accessors (`server_name()`, `localpart()`, ...) never panic: on a value that does not
//! match the grammar they return a best-effort slice, documented on each accessor.

use std::borrow::Borrow;
use std::fmt;
use std::net::Ipv6Addr;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The byte limit of user IDs, room IDs, room aliases and event IDs (sigil and domain
/// included), and the length limit of opaque identifiers.
const MAX_ID_BYTES: usize = 255;

/// What is wrong with a string that was checked against an identifier grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdError {
    /// The string is empty.
    Empty,
    /// The string does not start with the identifier's sigil.
    MissingSigil {
        /// The sigil (or sigils) that was expected, e.g. `"@"` or `"! or #"`.
        expected: &'static str,
    },
    /// The `:server_name` part is missing or empty.
    MissingServerName,
    /// The host of the server name is neither an IPv4 literal, a bracketed IPv6 literal nor a
    /// DNS name.
    InvalidServerName,
    /// The port of the server name is not 1 to 5 digits naming a port in `0..=65535`.
    InvalidPort,
    /// The localpart (the text between the sigil and the server name) is empty.
    EmptyLocalpart,
    /// The localpart contains a character its grammar does not allow.
    InvalidLocalpartChar(char),
    /// A part other than the localpart contains a character its grammar does not allow.
    InvalidChar {
        /// The part of the identifier, e.g. `"media ID"`.
        part: &'static str,
        /// The offending character.
        ch: char,
    },
    /// A required part is empty.
    EmptyPart(&'static str),
    /// A required separator is missing, e.g. the `:` of a key ID.
    MissingDelimiter(char),
    /// The string is longer than the grammar allows.
    TooLong {
        /// The maximum length, in bytes.
        max: usize,
        /// The actual length, in bytes.
        len: usize,
    },
    /// The URI scheme is missing, malformed or not the expected one.
    InvalidScheme,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("identifier is empty"),
            Self::MissingSigil { expected } => write!(f, "identifier does not start with {expected}"),
            Self::MissingServerName => f.write_str("identifier has no server name"),
            Self::InvalidServerName => f.write_str("invalid server name"),
            Self::InvalidPort => f.write_str("invalid port in server name"),
            Self::EmptyLocalpart => f.write_str("identifier has an empty localpart"),
            Self::InvalidLocalpartChar(ch) => write!(f, "invalid character {ch:?} in localpart"),
            Self::InvalidChar { part, ch } => write!(f, "invalid character {ch:?} in {part}"),
            Self::EmptyPart(part) => write!(f, "{part} is empty"),
            Self::MissingDelimiter(ch) => write!(f, "missing {ch:?} separator"),
            Self::TooLong { max, len } => write!(f, "identifier is {len} bytes long, more than the {max} allowed"),
            Self::InvalidScheme => f.write_str("missing or invalid URI scheme"),
        }
    }
}

impl std::error::Error for IdError {}

/// Defines a lenient string newtype with the shared boilerplate: derives, transparent serde,
/// `parse`/`validate`/`is_valid`, `as_str`/`into_string`, conversions, `Display`, `FromStr`,
/// `AsRef<str>`, `Borrow<str>` and comparisons with strings.
///
/// `$validate` is the type's strict grammar check, a `fn(&str) -> Result<(), IdError>`.
macro_rules! string_identifier {
    ($(#[$meta:meta])* $name:ident, $validate:path) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        // Transparent: the JSON string itself. Written out rather than derived so that
        // generated-api builds without serde's derive macros (and their syn).
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self)
            }
        }

        impl $name {
            /// Builds the value from `s` if it matches this type's grammar.
            ///
            /// # Errors
            ///
            /// Returns what is wrong with `s` if it does not match the grammar.
            pub fn parse(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                $validate(&s)?;
                Ok(Self(s))
            }

            /// Checks the value against this type's grammar (values built with `From` or by
            /// deserialisation are not checked).
            ///
            /// # Errors
            ///
            /// Returns what is wrong with the value if it does not match the grammar.
            pub fn validate(&self) -> Result<(), IdError> {
                $validate(&self.0)
            }

            /// Whether the value matches this type's grammar.
            pub fn is_valid(&self) -> bool {
                self.validate().is_ok()
            }

            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value as an owned string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Shared grammar helpers
// ---------------------------------------------------------------------------------------------

/// Fails with [`IdError::TooLong`] if `s` is longer than `max` bytes.
fn check_len(s: &str, max: usize) -> Result<(), IdError> {
    if s.len() > max {
        return Err(IdError::TooLong { max, len: s.len() });
    }
    Ok(())
}

/// Common Identifier Format
/// (<https://spec.matrix.org/v1.17/appendices/#common-identifier-format>): checks that `s` is
/// non-empty, starts with `sigil` and (like every sigil identifier) is at most 255 bytes long,
/// sigil and domain included. Returns the text after the sigil.
fn strip_sigil<'a>(s: &'a str, sigil: &'static str) -> Result<&'a str, IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let rest = s.strip_prefix(sigil).ok_or(IdError::MissingSigil { expected: sigil })?;
    check_len(s, MAX_ID_BYTES)?;
    Ok(rest)
}

/// Splits the text after a sigil at its first `:` into the localpart and the server name,
/// checking the server name. Localparts never contain `:` (the server name may, before a port
/// or inside an IPv6 literal), so the first `:` is the separator.
fn split_server_name(rest: &str) -> Result<(&str, &str), IdError> {
    let (localpart, server_name) = rest.split_once(':').ok_or(IdError::MissingServerName)?;
    check_embedded_server_name(server_name)?;
    Ok((localpart, server_name))
}

/// Checks the server name inside a larger identifier: an empty one is missing.
fn check_embedded_server_name(server_name: &str) -> Result<(), IdError> {
    if server_name.is_empty() {
        return Err(IdError::MissingServerName);
    }
    validate_server_name(server_name)
}

/// The lenient split of a sigil identifier, for accessors: strips `sigil` if present and
/// splits at the first `:`. Never fails.
fn lenient_parts<'a>(s: &'a str, sigil: &str) -> (&'a str, Option<&'a str>) {
    let rest = s.strip_prefix(sigil).unwrap_or(s);
    match rest.split_once(':') {
        Some((localpart, server_name)) => (localpart, Some(server_name)),
        None => (rest, None),
    }
}

/// Checks a localpart that may hold any Unicode scalar value except `:` and NUL (the room ID
/// and room alias localparts, and the historical user ID localpart). `:` cannot occur: the
/// caller split at the first one. Rust strings cannot hold surrogates.
fn check_no_nul(localpart: &str) -> Result<(), IdError> {
    match localpart.chars().find(|&c| c == '\0' || c == ':') {
        Some(ch) => Err(IdError::InvalidLocalpartChar(ch)),
        None => Ok(()),
    }
}

/// Fails with [`IdError::InvalidChar`] on the first character of `s` that `allowed` rejects.
fn check_chars(s: &str, part: &'static str, allowed: impl Fn(char) -> bool) -> Result<(), IdError> {
    match s.chars().find(|&c| !allowed(c)) {
        Some(ch) => Err(IdError::InvalidChar { part, ch }),
        None => Ok(()),
    }
}

/// The unreserved characters of RFC 3986 section 2.3, which the Opaque Identifier Grammar
/// uses: `[0-9A-Za-z]`, `-`, `.`, `_` and `~`.
fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

/// The characters of an OAuth 2.0 scope token (RFC 6749 section 3.3):
/// `%x21 / %x23-5B / %x5D-7E`, i.e. printable ASCII except space, `"` and `\`.
fn is_scope_token_char(c: char) -> bool {
    matches!(c, '\x21' | '\x23'..='\x5B' | '\x5D'..='\x7E')
}

/// The alphabet of URL-safe unpadded Base64 (RFC 4648 section 5).
fn is_url_safe_base64(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_')
}

// ---------------------------------------------------------------------------------------------
// Server Name
// ---------------------------------------------------------------------------------------------

/// Splits a server name into its host and the text after it (`""` or `:port` when well
/// formed). Never fails: a `[` without `]` makes the whole string the host.
fn split_host(s: &str) -> (&str, &str) {
    let end = if s.starts_with('[') { s.find(']').map_or(s.len(), |i| i + 1) } else { s.find(':').unwrap_or(s.len()) };
    s.split_at_checked(end).unwrap_or((s, ""))
}

/// Parses a port: `port = 1*5DIGIT`, and the number must be a TCP port (at most 65535).
fn parse_port(port: &str) -> Option<u16> {
    if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    port.parse().ok()
}

/// Server Name (<https://spec.matrix.org/v1.17/appendices/#server-name>):
///
/// ```text
/// server_name = hostname [ ":" port ]
/// port        = 1*5DIGIT
/// hostname    = IPv4address / "[" IPv6address "]" / dns-name
/// ```
fn validate_server_name(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let (host, after) = split_host(s);
    validate_host(host)?;
    if after.is_empty() {
        return Ok(());
    }
    // After the host only `:port` may follow (e.g. not `[::1]junk`).
    let port = after.strip_prefix(':').ok_or(IdError::InvalidServerName)?;
    parse_port(port).map(|_| ()).ok_or(IdError::InvalidPort)
}

/// The `hostname` of a server name: a bracketed IPv6 literal, an IPv4 literal or a DNS name.
fn validate_host(host: &str) -> Result<(), IdError> {
    if let Some(inner) = host.strip_prefix('[') {
        let literal = inner.strip_suffix(']').ok_or(IdError::InvalidServerName)?;
        return validate_ipv6(literal);
    }
    if let Some(octets) = ipv4_octets(host) {
        // "IPv4 literals must be a sequence of four decimal numbers in the range 0 to 255".
        return if octets.iter().all(|o| o.parse::<u8>().is_ok()) { Ok(()) } else { Err(IdError::InvalidServerName) };
    }
    validate_dns_name(host)
}

/// If `host` has the shape of `IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT`,
/// its four digit groups. Such a host is an IPv4 literal (and must be in range), not a DNS
/// name, even though digits and dots are also DNS name characters.
fn ipv4_octets(host: &str) -> Option<[&str; 4]> {
    let mut groups = host.split('.');
    let octets = [groups.next()?, groups.next()?, groups.next()?, groups.next()?];
    let shaped = groups.next().is_none()
        && octets.iter().all(|o| (1..=3).contains(&o.len()) && o.bytes().all(|b| b.is_ascii_digit()));
    shaped.then_some(octets)
}

/// `IPv6address = 2*45IPv6char` with `IPv6char = DIGIT / %x41-46 / %x61-66 / ":" / "."`,
/// and the literal must be an RFC 3513 section 2.2 text address (checked with
/// [`Ipv6Addr`]'s parser, which implements those forms).
fn validate_ipv6(literal: &str) -> Result<(), IdError> {
    let grammar_ok =
        (2..=45).contains(&literal.len()) && literal.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    if grammar_ok && literal.parse::<Ipv6Addr>().is_ok() {
        Ok(())
    } else {
        Err(IdError::InvalidServerName)
    }
}

/// `dns-name = 1*255dns-char` with `dns-char = DIGIT / ALPHA / "-" / "."`. The prose's label
/// structure and the 230-character and lower-case recommendations are "should"s and are not
/// enforced.
fn validate_dns_name(host: &str) -> Result<(), IdError> {
    if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.')) {
        return Err(IdError::InvalidServerName);
    }
    check_len(host, MAX_ID_BYTES)
}

string_identifier!(
    /// A homeserver's server name: a DNS name, an IPv4 literal or a bracketed IPv6 literal,
    /// optionally followed by `:port` (e.g. `example.org`, `example.org:8448`, `192.0.2.1`,
    /// `[2001:db8::1]:8448`).
    ///
    /// Defined by [Server Name](https://spec.matrix.org/v1.17/appendices/#server-name).
    /// Server names are case-sensitive and compared as written. Used for `format:
    /// mx-server-name`.
    ServerName,
    validate_server_name
);

impl ServerName {
    /// The host: the DNS name, the IPv4 literal or the IPv6 literal *with* its brackets
    /// (as in the grammar's `hostname`). On a malformed value, the text before the first `:`
    /// (or up to the first `]` for a value starting with `[`).
    pub fn host(&self) -> &str {
        split_host(&self.0).0
    }

    /// The explicit port, or `None` if there is none (or it is not a valid port).
    pub fn port(&self) -> Option<u16> {
        split_host(&self.0).1.strip_prefix(':').and_then(parse_port)
    }
}

// ---------------------------------------------------------------------------------------------
// User IDs
// ---------------------------------------------------------------------------------------------

/// User Identifiers (<https://spec.matrix.org/v1.17/appendices/#user-identifiers>):
///
/// ```text
/// user_id = "@" user_id_localpart ":" server_name
/// user_id_localpart = 1*user_id_char
/// user_id_char = DIGIT / %x61-7A / "-" / "." / "=" / "_" / "/" / "+"
/// ```
///
/// and at most 255 bytes including sigil and domain.
fn validate_user_id(s: &str) -> Result<(), IdError> {
    let rest = strip_sigil(s, "@")?;
    let (localpart, _) = split_server_name(rest)?;
    if localpart.is_empty() {
        return Err(IdError::EmptyLocalpart);
    }
    let allowed =
        |c: char| c.is_ascii_digit() || c.is_ascii_lowercase() || matches!(c, '-' | '.' | '=' | '_' | '/' | '+');
    match localpart.chars().find(|&c| !allowed(c)) {
        Some(ch) => Err(IdError::InvalidLocalpartChar(ch)),
        None => Ok(()),
    }
}

/// Historical User IDs (<https://spec.matrix.org/v1.17/appendices/#historical-user-ids>):
/// the localpart may be any Unicode scalar values except `:` and NUL, including the empty
/// string; the server name and the 255-byte limit still apply.
fn validate_historical_user_id(s: &str) -> Result<(), IdError> {
    let rest = strip_sigil(s, "@")?;
    let (localpart, _) = split_server_name(rest)?;
    check_no_nul(localpart)
}

string_identifier!(
    /// A Matrix user ID, `@localpart:server_name` (e.g. `@alice:example.org`).
    ///
    /// Defined by [User Identifiers](https://spec.matrix.org/v1.17/appendices/#user-identifiers):
    /// [`parse`](Self::parse) and [`validate`](Self::validate) apply the current grammar
    /// (localpart of `a-z 0-9 . _ = - / +`, at most 255 bytes);
    /// [`validate_historical`](Self::validate_historical) applies the wider grammar of
    /// [Historical User IDs](https://spec.matrix.org/v1.17/appendices/#historical-user-ids),
    /// which clients and servers must accept. Deserialisation accepts anything. Used for
    /// `format: mx-user-id`.
    UserId,
    validate_user_id
);

impl UserId {
    /// The localpart, between the `@` and the first `:`. On a malformed value without `:`,
    /// everything after the sigil.
    pub fn localpart(&self) -> &str {
        lenient_parts(&self.0, "@").0
    }

    /// The server name, after the first `:`; `""` on a malformed value without `:`.
    pub fn server_name(&self) -> &str {
        lenient_parts(&self.0, "@").1.unwrap_or_default()
    }

    /// Checks the value against the historical user ID grammar, which servers and clients
    /// must still accept: any localpart without `:` or NUL (even an empty one), a valid
    /// server name and at most 255 bytes.
    ///
    /// # Errors
    ///
    /// Returns what is wrong with the value if it does not match that grammar.
    pub fn validate_historical(&self) -> Result<(), IdError> {
        validate_historical_user_id(&self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Room IDs
// ---------------------------------------------------------------------------------------------

/// Room IDs (<https://spec.matrix.org/v1.17/appendices/#room-ids>):
///
/// - with a domain (room versions 1 to 11): `!opaque_id:domain`, where the localpart is any
///   Unicode scalar values except `:` and NUL and the domain is a server name;
/// - without one (room version 12 and later): the event ID of the `m.room.create` event with
///   `!` as the sigil, i.e. `!` followed by the URL-safe unpadded Base64 reference hash
///   ([room version 4 event IDs](https://spec.matrix.org/v1.17/rooms/v4/#event-ids)).
///
/// At most 255 bytes. An empty localpart or hash is rejected.
fn validate_room_id(s: &str) -> Result<(), IdError> {
    let rest = strip_sigil(s, "!")?;
    if rest.contains(':') {
        let (localpart, _) = split_server_name(rest)?;
        if localpart.is_empty() {
            return Err(IdError::EmptyLocalpart);
        }
        return check_no_nul(localpart);
    }
    if rest.is_empty() {
        return Err(IdError::EmptyLocalpart);
    }
    check_chars(rest, "room ID hash", is_url_safe_base64)
}

string_identifier!(
    /// A room ID: `!opaque_id:server_name` in room versions 1 to 11, `!` followed by the
    /// create event's reference hash (no server name) from room version 12.
    ///
    /// Defined by [Room IDs](https://spec.matrix.org/v1.17/appendices/#room-ids) and
    /// [room version 12](https://spec.matrix.org/v1.17/rooms/v12/). Room IDs are
    /// case-sensitive and meant to be treated as opaque. Used for `format: mx-room-id`.
    RoomId,
    validate_room_id
);

impl RoomId {
    /// The opaque part: the localpart before the first `:`, or the hash of a domain-less ID
    /// (without the `!` sigil, if present).
    pub fn opaque_id(&self) -> &str {
        lenient_parts(&self.0, "!").0
    }

    /// The server name after the first `:`, or `None` for a domain-less (room version 12)
    /// room ID.
    pub fn server_name(&self) -> Option<&str> {
        lenient_parts(&self.0, "!").1
    }
}

// ---------------------------------------------------------------------------------------------
// Event IDs
// ---------------------------------------------------------------------------------------------

/// Event IDs (<https://spec.matrix.org/v1.17/appendices/#event-ids>), at most 255 bytes:
///
/// - room versions 1 and 2: `$opaque_id:domain` (the opaque ID must be non-empty and, like
///   other localparts, free of NUL);
/// - room version 3: `$` + the reference hash in unpadded Base64 (`A-Z a-z 0-9 + /`);
/// - room version 4 and later: `$` + the reference hash in URL-safe unpadded Base64
///   (`A-Z a-z 0-9 - _`).
fn validate_event_id(s: &str) -> Result<(), IdError> {
    let rest = strip_sigil(s, "$")?;
    if rest.contains(':') {
        let (opaque_id, _) = split_server_name(rest)?;
        if opaque_id.is_empty() {
            return Err(IdError::EmptyLocalpart);
        }
        return check_no_nul(opaque_id);
    }
    if rest.is_empty() {
        return Err(IdError::EmptyLocalpart);
    }
    // Either Base64 alphabet; the room version decides which, and it is not known here.
    check_chars(rest, "event ID hash", |c| is_url_safe_base64(c) || matches!(c, '+' | '/'))
}

string_identifier!(
    /// An event ID: `$opaque_id:server_name` in room versions 1 and 2, `$` followed by the
    /// event's reference hash (no server name) from room version 3.
    ///
    /// Defined by [Event IDs](https://spec.matrix.org/v1.17/appendices/#event-ids) and the
    /// room versions ([v3](https://spec.matrix.org/v1.17/rooms/v3/#event-ids),
    /// [v4](https://spec.matrix.org/v1.17/rooms/v4/#event-ids)). Event IDs are
    /// case-sensitive and meant to be treated as opaque. Used for `x-pattern-format:
    /// mx-event-id`.
    EventId,
    validate_event_id
);

impl EventId {
    /// The opaque part: the opaque ID before the first `:`, or the hash of a domain-less ID
    /// (without the `$` sigil, if present).
    pub fn opaque_id(&self) -> &str {
        lenient_parts(&self.0, "$").0
    }

    /// The server name after the first `:` (room versions 1 and 2), or `None` for an event
    /// ID that is a reference hash.
    pub fn server_name(&self) -> Option<&str> {
        lenient_parts(&self.0, "$").1
    }
}

// ---------------------------------------------------------------------------------------------
// Room aliases
// ---------------------------------------------------------------------------------------------

/// Room Aliases (<https://spec.matrix.org/v1.17/appendices/#room-aliases>):
/// `#room_alias:domain`, where the localpart is any Unicode scalar values except `:` and NUL,
/// the domain is a server name and the whole alias is at most 255 bytes. An empty localpart
/// is rejected.
fn validate_room_alias(s: &str) -> Result<(), IdError> {
    let rest = strip_sigil(s, "#")?;
    let (alias, _) = split_server_name(rest)?;
    if alias.is_empty() {
        return Err(IdError::EmptyLocalpart);
    }
    check_no_nul(alias)
}

string_identifier!(
    /// A room alias, `#alias:server_name` (e.g. `#lounge:example.org`).
    ///
    /// Defined by [Room Aliases](https://spec.matrix.org/v1.17/appendices/#room-aliases). The
    /// alias localpart may be any Unicode except `:` and NUL. Used for `format:
    /// mx-room-alias`.
    RoomAlias,
    validate_room_alias
);

impl RoomAlias {
    /// The alias localpart, between the `#` and the first `:`. On a malformed value without
    /// `:`, everything after the sigil.
    pub fn alias(&self) -> &str {
        lenient_parts(&self.0, "#").0
    }

    /// The alias localpart; the same as [`alias`](Self::alias).
    pub fn localpart(&self) -> &str {
        self.alias()
    }

    /// The server name, after the first `:`; `""` on a malformed value without `:`.
    pub fn server_name(&self) -> &str {
        lenient_parts(&self.0, "#").1.unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// Room ID or alias
// ---------------------------------------------------------------------------------------------

/// A room ID (`!`, see [`validate_room_id`]) or a room alias (`#`, see
/// [`validate_room_alias`]), told apart by the sigil.
fn validate_room_id_or_alias(s: &str) -> Result<(), IdError> {
    match s.chars().next() {
        None => Err(IdError::Empty),
        Some('!') => validate_room_id(s),
        Some('#') => validate_room_alias(s),
        Some(_) => Err(IdError::MissingSigil { expected: "! or #" }),
    }
}

string_identifier!(
    /// Either a [`RoomId`] (`!...`) or a [`RoomAlias`] (`#...`), as accepted by endpoints such
    /// as `POST /join/{roomIdOrAlias}`.
    ///
    /// Defined by [Room IDs](https://spec.matrix.org/v1.17/appendices/#room-ids) and
    /// [Room Aliases](https://spec.matrix.org/v1.17/appendices/#room-aliases); the sigil
    /// ([Common Identifier Format](https://spec.matrix.org/v1.17/appendices/#common-identifier-format))
    /// tells which one it is.
    RoomIdOrAlias,
    validate_room_id_or_alias
);

/// Which kind of identifier a [`RoomIdOrAlias`] holds, by its sigil.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoomIdOrAliasKind {
    /// A room ID (`!`).
    RoomId,
    /// A room alias (`#`).
    RoomAlias,
}

impl RoomIdOrAlias {
    /// The kind of identifier by its sigil, or `None` if it starts with neither `!` nor `#`.
    pub fn kind(&self) -> Option<RoomIdOrAliasKind> {
        match self.0.chars().next() {
            Some('!') => Some(RoomIdOrAliasKind::RoomId),
            Some('#') => Some(RoomIdOrAliasKind::RoomAlias),
            _ => None,
        }
    }

    /// Whether this starts with the room ID sigil `!`.
    pub fn is_room_id(&self) -> bool {
        self.kind() == Some(RoomIdOrAliasKind::RoomId)
    }

    /// Whether this starts with the room alias sigil `#`.
    pub fn is_room_alias(&self) -> bool {
        self.kind() == Some(RoomIdOrAliasKind::RoomAlias)
    }

    /// A copy as a [`RoomId`] if this starts with `!` (not otherwise validated).
    pub fn to_room_id(&self) -> Option<RoomId> {
        self.is_room_id().then(|| RoomId(self.0.clone()))
    }

    /// A copy as a [`RoomAlias`] if this starts with `#` (not otherwise validated).
    pub fn to_room_alias(&self) -> Option<RoomAlias> {
        self.is_room_alias().then(|| RoomAlias(self.0.clone()))
    }
}

impl From<RoomId> for RoomIdOrAlias {
    fn from(id: RoomId) -> Self {
        Self(id.0)
    }
}

impl From<RoomAlias> for RoomIdOrAlias {
    fn from(alias: RoomAlias) -> Self {
        Self(alias.0)
    }
}

// ---------------------------------------------------------------------------------------------
// MXC URIs
// ---------------------------------------------------------------------------------------------

/// Matrix Content URIs
/// (<https://spec.matrix.org/v1.17/client-server-api/#matrix-content-mxc-uris>):
/// `mxc://<server-name>/<media-id>`, sanitised as the security considerations require: the
/// server-name part must be a valid server name and the media-id part must be non-empty and
/// only `A-Z a-z 0-9 _ -` (no `/`, `.` or `%`, which defeats path traversal).
fn validate_mxc_uri(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let rest = s.strip_prefix("mxc://").ok_or(IdError::InvalidScheme)?;
    let (server_name, media_id) = rest.split_once('/').ok_or(IdError::MissingDelimiter('/'))?;
    check_embedded_server_name(server_name)?;
    if media_id.is_empty() {
        return Err(IdError::EmptyPart("media ID"));
    }
    check_chars(media_id, "media ID", is_url_safe_base64)
}

string_identifier!(
    /// A Matrix Content URI, `mxc://<server-name>/<media-id>` (e.g.
    /// `mxc://example.org/SEsfnsuifSDFSSEF`).
    ///
    /// Defined by [Matrix Content (`mxc://`) URIs](https://spec.matrix.org/v1.17/client-server-api/#matrix-content-mxc-uris).
    /// Validation checks the server-name part as a [`ServerName`] and the media-id part
    /// against `[A-Za-z0-9_-]+`. Used for `format: mx-mxc-uri`.
    MxcUri,
    validate_mxc_uri
);

impl MxcUri {
    /// The text after `mxc://` (if present) up to the first `/`.
    fn parts(&self) -> (&str, &str) {
        let rest = self.0.strip_prefix("mxc://").unwrap_or(&self.0);
        rest.split_once('/').unwrap_or((rest, ""))
    }

    /// The server-name part, between `mxc://` and the first following `/`.
    pub fn server_name(&self) -> &str {
        self.parts().0
    }

    /// The media-id part, after the first `/` following the server name; `""` if there is
    /// none.
    pub fn media_id(&self) -> &str {
        self.parts().1
    }
}

// ---------------------------------------------------------------------------------------------
// Device IDs, key IDs, transaction IDs
// ---------------------------------------------------------------------------------------------

/// Device ID allocation
/// (<https://spec.matrix.org/v1.17/client-server-api/#device-id-allocation>): a device ID must
/// be usable in an OAuth 2.0 scope token, so it is non-empty and made of
/// `%x21 / %x23-5B / %x5D-7E` (printable ASCII except space, `"` and `\`). The spec
/// recommends, but does not require, the unreserved characters `A-Z a-z 0-9 - . _ ~`.
fn validate_device_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    check_chars(s, "device ID", is_scope_token_char)
}

string_identifier!(
    /// A device ID (e.g. `GHTYAJCE`).
    ///
    /// Defined by [Device ID allocation](https://spec.matrix.org/v1.17/client-server-api/#device-id-allocation):
    /// validation accepts the OAuth 2.0 scope-token characters (printable ASCII except space,
    /// `"` and `\`).
    DeviceId,
    validate_device_id
);

/// A key algorithm name: `ed25519`, `curve25519`, `signed_curve25519`, and the namespaced
/// names of the same naming scheme (`A-Z a-z 0-9 _ . -`).
fn is_algorithm_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Signing key identifiers (<https://spec.matrix.org/v1.17/appendices/#signing-details>): the
/// algorithm and the key identifier joined by `:`, e.g. `ed25519:abc123`. The key name is a
/// server key version (`[a-zA-Z0-9_]`), a device ID or an unpadded Base64 public key; all of
/// those are within the device ID characters, which is what is checked.
fn validate_key_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let (algorithm, key_name) = s.split_once(':').ok_or(IdError::MissingDelimiter(':'))?;
    if algorithm.is_empty() {
        return Err(IdError::EmptyPart("algorithm"));
    }
    check_chars(algorithm, "algorithm", is_algorithm_char)?;
    if key_name.is_empty() {
        return Err(IdError::EmptyPart("key name"));
    }
    check_chars(key_name, "key name", is_scope_token_char)
}

string_identifier!(
    /// A key ID, `algorithm:key_name` (e.g. `ed25519:abc123`, `ed25519:DEVICEID`,
    /// `signed_curve25519:AAAAHQ`).
    ///
    /// Defined by [Signing Details](https://spec.matrix.org/v1.17/appendices/#signing-details)
    /// (signing key identifiers) and used the same way for device and one-time keys.
    KeyId,
    validate_key_id
);

impl KeyId {
    /// The algorithm, before the first `:` (the whole value if there is none).
    pub fn algorithm(&self) -> &str {
        self.0.split_once(':').map_or(self.0.as_str(), |(algorithm, _)| algorithm)
    }

    /// The key name, after the first `:`; `""` if there is none.
    pub fn key_name(&self) -> &str {
        self.0.split_once(':').map_or("", |(_, key_name)| key_name)
    }
}

/// Opaque Identifiers (<https://spec.matrix.org/v1.17/appendices/#opaque-identifiers>):
/// 1 to 255 characters from `[0-9A-Za-z]`, `-`, `.`, `_` and `~`.
fn validate_opaque_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    check_len(s, MAX_ID_BYTES)?;
    check_chars(s, "opaque identifier", is_unreserved)
}

string_identifier!(
    /// A client-generated transaction ID (the `{txnId}` of `PUT` endpoints).
    ///
    /// Defined by [Transaction identifiers](https://spec.matrix.org/v1.17/client-server-api/#transaction-identifiers);
    /// validation applies the [Opaque Identifier Grammar](https://spec.matrix.org/v1.17/appendices/#opaque-identifiers)
    /// (1 to 255 characters of `A-Z a-z 0-9 - . _ ~`).
    TransactionId,
    validate_opaque_id
);

// ---------------------------------------------------------------------------------------------
// URIs and e-mail addresses
// ---------------------------------------------------------------------------------------------

/// A light RFC 3986 check: `scheme ":" rest` where
/// `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` and `rest` is non-empty and made only
/// of unreserved, reserved and well-formed percent-encoded characters. The structure of
/// `rest` (authority, path, query, fragment) is not checked.
fn validate_url(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let (scheme, rest) = s.split_once(':').ok_or(IdError::InvalidScheme)?;
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(IdError::InvalidScheme);
    }
    if rest.is_empty() {
        return Err(IdError::EmptyPart("URI after the scheme"));
    }
    let reserved = |c: char| ":/?#[]@!$&'()*+,;=".contains(c);
    check_chars(rest, "URI", |c| is_unreserved(c) || reserved(c) || c == '%')?;
    // Every `%` starts a `pct-encoded = "%" HEXDIG HEXDIG`.
    let bytes = rest.as_bytes();
    for (i, _) in rest.match_indices('%') {
        let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
        if !(hex(i + 1) && hex(i + 2)) {
            return Err(IdError::InvalidChar { part: "URI", ch: '%' });
        }
    }
    Ok(())
}

string_identifier!(
    /// A URI, for the spec's `format: uri` (e.g. `https://example.org/path`).
    ///
    /// Any string is accepted; [`validate`](Self::validate) is a light
    /// [RFC 3986](https://datatracker.ietf.org/doc/html/rfc3986) check of the scheme and the
    /// characters of the rest.
    Url,
    validate_url
);

/// E-Mail 3PIDs (<https://spec.matrix.org/v1.17/appendices/#e-mail>): the raw address in
/// `user@domain` form. Checked loosely: exactly one `@`, with non-empty text on both sides.
fn validate_email(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let (local, domain) = s.split_once('@').ok_or(IdError::MissingDelimiter('@'))?;
    if domain.contains('@') {
        return Err(IdError::InvalidChar { part: "e-mail domain", ch: '@' });
    }
    if local.is_empty() {
        return Err(IdError::EmptyPart("e-mail local part"));
    }
    if domain.is_empty() {
        return Err(IdError::EmptyPart("e-mail domain"));
    }
    Ok(())
}

string_identifier!(
    /// An e-mail address, for the spec's `format: email` (e.g. `alice@example.org`).
    ///
    /// Defined by the [E-Mail 3PID type](https://spec.matrix.org/v1.17/appendices/#e-mail).
    /// Any string is accepted; [`validate`](Self::validate) checks for exactly one `@` with
    /// non-empty text on both sides.
    Email,
    validate_email
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

    use serde::de::DeserializeOwned;

    /// Asserts that every example parses, and that the value round-trips through `as_str`.
    fn assert_valid<T>(examples: &[&str])
    where
        T: FromStr<Err = IdError> + AsRef<str> + fmt::Debug,
    {
        for example in examples {
            match example.parse::<T>() {
                Ok(id) => assert_eq!(id.as_ref(), *example),
                Err(e) => panic!("{example:?} should be valid, got {e:?}"),
            }
        }
    }

    /// Asserts that every example is rejected with the given error.
    fn assert_invalid<T>(examples: &[(&str, IdError)])
    where
        T: FromStr<Err = IdError> + fmt::Debug,
    {
        for (example, expected) in examples {
            assert_eq!(example.parse::<T>().err().as_ref(), Some(expected), "{example:?}");
        }
    }

    /// Asserts that `raw` deserialises (whether valid or not) and serialises back unchanged.
    fn assert_lossless<T>(raw: &str)
    where
        T: Serialize + DeserializeOwned + AsRef<str>,
    {
        let json = serde_json::to_string(raw).expect("string serialises");
        let id: T = serde_json::from_str(&json).expect("any string deserialises");
        assert_eq!(id.as_ref(), raw);
        assert_eq!(serde_json::to_string(&id).expect("identifier serialises"), json);
    }

    fn long(prefix: &str, fill: char, suffix: &str, total: usize) -> String {
        let mut s = String::from(prefix);
        s.extend(std::iter::repeat_n(fill, total - prefix.len() - suffix.len()));
        s.push_str(suffix);
        s
    }

    const HASH_URL_SAFE: &str = "Kq3TW-lW0b_r9ZcvQ8Hx1-PvJ2mA4eE0yL7sGdN_u5c";
    const HASH_STANDARD: &str = "kG9m+Fv2/Wq8bR4nXc0Lp7TzYs1Jh6UaEdIo3Ne5tQA";

    // --- Server names ------------------------------------------------------------------------

    #[test]
    fn server_name_valid() {
        assert_valid::<ServerName>(&[
            "example.com",
            "chat.example.com:8448",
            "localhost",
            "my-host.example",
            "EXAMPLE.com",
            "10.0.0.1",
            "10.0.0.1:80",
            "0.0.0.0:0",
            "255.255.255.255:65535",
            "[2001:db8::7]",
            "[2001:db8::7]:8448",
            "[::1]",
            "[::ffff:192.0.2.33]",
            "1.2.3",
            "1234.5.6.7",
        ]);
    }

    #[test]
    fn server_name_invalid() {
        assert_invalid::<ServerName>(&[
            ("", IdError::Empty),
            ("exa_mple.com", IdError::InvalidServerName),
            ("exa mple.com", IdError::InvalidServerName),
            ("bücher.example", IdError::InvalidServerName),
            (":8448", IdError::InvalidServerName),
            ("example.com:", IdError::InvalidPort),
            ("example.com:http", IdError::InvalidPort),
            ("example.com:123456", IdError::InvalidPort),
            ("example.com:65536", IdError::InvalidPort),
            ("example.com:+80", IdError::InvalidPort),
            ("example.com:80:90", IdError::InvalidPort),
            ("2001:db8::7", IdError::InvalidPort),
            ("256.0.0.1", IdError::InvalidServerName),
            ("10.0.0.999:80", IdError::InvalidServerName),
            ("[2001:db8::7", IdError::InvalidServerName),
            ("[2001:db8::7]8448", IdError::InvalidServerName),
            ("[2001:db8::g]", IdError::InvalidServerName),
            ("[1:2]", IdError::InvalidServerName),
            ("[]", IdError::InvalidServerName),
            ("[fe80::1%eth0]", IdError::InvalidServerName),
        ]);
        let too_long = long("", 'a', ".example", 256);
        assert_eq!(ServerName::parse(too_long), Err(IdError::TooLong { max: 255, len: 256 }));
        assert!(ServerName::parse(long("", 'a', ".example", 255)).is_ok());
    }

    #[test]
    fn server_name_accessors() {
        let cases = [
            ("example.com", "example.com", None),
            ("example.com:8448", "example.com", Some(8448)),
            ("192.0.2.1:443", "192.0.2.1", Some(443)),
            ("[2001:db8::7]", "[2001:db8::7]", None),
            ("[2001:db8::7]:8448", "[2001:db8::7]", Some(8448)),
            // Malformed values: best effort, no panic.
            ("example.com:http", "example.com", None),
            ("[2001:db8::7", "[2001:db8::7", None),
            ("", "", None),
        ];
        for (raw, host, port) in cases {
            let name = ServerName::from(raw);
            assert_eq!((name.host(), name.port()), (host, port), "{raw:?}");
        }
    }

    // --- User IDs ----------------------------------------------------------------------------

    #[test]
    fn user_id_valid() {
        assert_valid::<UserId>(&[
            "@alice:example.com",
            "@bob.smith_99=x-y/z+w:chat.example.com:8448",
            "@0:10.0.0.1",
            "@carol:[2001:db8::7]:8448",
        ]);
        assert!(UserId::parse(long("@", 'a', ":example.com", 255)).is_ok());
    }

    #[test]
    fn user_id_invalid() {
        assert_invalid::<UserId>(&[
            ("", IdError::Empty),
            ("alice:example.com", IdError::MissingSigil { expected: "@" }),
            ("#alice:example.com", IdError::MissingSigil { expected: "@" }),
            ("@alice", IdError::MissingServerName),
            ("@alice:", IdError::MissingServerName),
            ("@:example.com", IdError::EmptyLocalpart),
            ("@Alice:example.com", IdError::InvalidLocalpartChar('A')),
            ("@al ice:example.com", IdError::InvalidLocalpartChar(' ')),
            ("@al*ice:example.com", IdError::InvalidLocalpartChar('*')),
            ("@zoë:example.com", IdError::InvalidLocalpartChar('ë')),
            ("@alice:exa_mple.com", IdError::InvalidServerName),
            ("@alice:example.com:port", IdError::InvalidPort),
        ]);
        let too_long = long("@", 'a', ":example.com", 256);
        assert_eq!(UserId::parse(too_long), Err(IdError::TooLong { max: 255, len: 256 }));
    }

    #[test]
    fn user_id_historical() {
        for raw in ["@Alice/Old:example.com", "@zoë ☃:example.com", "@:example.com", "@tab\there:example.com"] {
            let id = UserId::from(raw);
            assert!(id.validate().is_err(), "{raw:?} is not a current user ID");
            assert_eq!(id.validate_historical(), Ok(()), "{raw:?} is a historical user ID");
        }
        assert_eq!(UserId::from("@nul\0:example.com").validate_historical(), Err(IdError::InvalidLocalpartChar('\0')));
        assert_eq!(UserId::from("@Alice").validate_historical(), Err(IdError::MissingServerName));
        assert_eq!(UserId::from("@Alice:bad_host").validate_historical(), Err(IdError::InvalidServerName));
    }

    #[test]
    fn user_id_accessors() {
        let id = UserId::from("@alice:example.com:8448");
        assert_eq!(id.localpart(), "alice");
        assert_eq!(id.server_name(), "example.com:8448");
        let v6 = UserId::from("@bob:[2001:db8::7]");
        assert_eq!((v6.localpart(), v6.server_name()), ("bob", "[2001:db8::7]"));
        let malformed = UserId::from("no-sigil");
        assert_eq!((malformed.localpart(), malformed.server_name()), ("no-sigil", ""));
    }

    // --- Room IDs ----------------------------------------------------------------------------

    #[test]
    fn room_id_valid() {
        let v12 = format!("!{HASH_URL_SAFE}");
        assert_valid::<RoomId>(&[
            "!OpaqueRoom123:example.com",
            "!x:example.com:8448",
            "!any thing ☃ goes:example.com",
            "!short",
            &v12,
        ]);
    }

    #[test]
    fn room_id_invalid() {
        assert_invalid::<RoomId>(&[
            ("", IdError::Empty),
            ("room:example.com", IdError::MissingSigil { expected: "!" }),
            ("$room:example.com", IdError::MissingSigil { expected: "!" }),
            ("!", IdError::EmptyLocalpart),
            ("!:example.com", IdError::EmptyLocalpart),
            ("!room:", IdError::MissingServerName),
            ("!ro\0om:example.com", IdError::InvalidLocalpartChar('\0')),
            ("!room:bad host", IdError::InvalidServerName),
            // Domain-less room IDs are URL-safe unpadded Base64.
            ("!abc+def", IdError::InvalidChar { part: "room ID hash", ch: '+' }),
            ("!abc/def", IdError::InvalidChar { part: "room ID hash", ch: '/' }),
            ("!abcdef=", IdError::InvalidChar { part: "room ID hash", ch: '=' }),
        ]);
        let too_long = long("!", 'a', ":example.com", 256);
        assert_eq!(RoomId::parse(too_long), Err(IdError::TooLong { max: 255, len: 256 }));
    }

    #[test]
    fn room_id_accessors() {
        let old = RoomId::from("!OpaqueRoom123:example.com");
        assert_eq!((old.opaque_id(), old.server_name()), ("OpaqueRoom123", Some("example.com")));
        let v12 = RoomId::from(format!("!{HASH_URL_SAFE}"));
        assert_eq!((v12.opaque_id(), v12.server_name()), (HASH_URL_SAFE, None));
    }

    // --- Event IDs ---------------------------------------------------------------------------

    #[test]
    fn event_id_valid() {
        let v3 = format!("${HASH_STANDARD}");
        let v4 = format!("${HASH_URL_SAFE}");
        assert_valid::<EventId>(&["$1700000000123abcd:example.com", "$ev:[::1]:8448", &v3, &v4]);
    }

    #[test]
    fn event_id_invalid() {
        assert_invalid::<EventId>(&[
            ("", IdError::Empty),
            ("abc", IdError::MissingSigil { expected: "$" }),
            ("!abc:example.com", IdError::MissingSigil { expected: "$" }),
            ("$", IdError::EmptyLocalpart),
            ("$:example.com", IdError::EmptyLocalpart),
            ("$abc:", IdError::MissingServerName),
            ("$abc:bad host", IdError::InvalidServerName),
            ("$abc=", IdError::InvalidChar { part: "event ID hash", ch: '=' }),
            ("$abc def", IdError::InvalidChar { part: "event ID hash", ch: ' ' }),
        ]);
        let too_long = format!("${}", "A".repeat(255));
        assert_eq!(EventId::parse(too_long), Err(IdError::TooLong { max: 255, len: 256 }));
    }

    #[test]
    fn event_id_accessors() {
        let v1 = EventId::from("$abc123:example.com");
        assert_eq!((v1.opaque_id(), v1.server_name()), ("abc123", Some("example.com")));
        let v4 = EventId::from(format!("${HASH_URL_SAFE}"));
        assert_eq!((v4.opaque_id(), v4.server_name()), (HASH_URL_SAFE, None));
    }

    // --- Room aliases ------------------------------------------------------------------------

    #[test]
    fn room_alias_valid() {
        assert_valid::<RoomAlias>(&["#lounge:example.com", "#Café Ünïcode ☕:example.com:8448", "#a:[2001:db8::7]"]);
    }

    #[test]
    fn room_alias_invalid() {
        assert_invalid::<RoomAlias>(&[
            ("", IdError::Empty),
            ("lounge:example.com", IdError::MissingSigil { expected: "#" }),
            ("#lounge", IdError::MissingServerName),
            ("#:example.com", IdError::EmptyLocalpart),
            ("#lou\0nge:example.com", IdError::InvalidLocalpartChar('\0')),
            ("#lounge:exa/mple.com", IdError::InvalidServerName),
        ]);
        let too_long = long("#", 'x', ":example.com", 256);
        assert_eq!(RoomAlias::parse(too_long), Err(IdError::TooLong { max: 255, len: 256 }));
    }

    #[test]
    fn room_alias_accessors() {
        let alias = RoomAlias::from("#lounge:example.com:8448");
        assert_eq!(alias.alias(), "lounge");
        assert_eq!(alias.localpart(), "lounge");
        assert_eq!(alias.server_name(), "example.com:8448");
        assert_eq!(RoomAlias::from("#nodomain").server_name(), "");
    }

    // --- Room ID or alias --------------------------------------------------------------------

    #[test]
    fn room_id_or_alias() {
        assert_valid::<RoomIdOrAlias>(&["!room:example.com", "#lounge:example.com", &format!("!{HASH_URL_SAFE}")]);
        assert_invalid::<RoomIdOrAlias>(&[
            ("", IdError::Empty),
            ("@alice:example.com", IdError::MissingSigil { expected: "! or #" }),
            ("!room:", IdError::MissingServerName),
            ("#lounge", IdError::MissingServerName),
        ]);

        let id = RoomIdOrAlias::from("!room:example.com");
        assert_eq!(id.kind(), Some(RoomIdOrAliasKind::RoomId));
        assert!(id.is_room_id() && !id.is_room_alias());
        assert_eq!(id.to_room_id(), Some(RoomId::from("!room:example.com")));
        assert_eq!(id.to_room_alias(), None);

        let alias = RoomIdOrAlias::from(RoomAlias::from("#lounge:example.com"));
        assert_eq!(alias.kind(), Some(RoomIdOrAliasKind::RoomAlias));
        assert_eq!(alias.to_room_alias(), Some(RoomAlias::from("#lounge:example.com")));
        assert_eq!(alias.to_room_id(), None);

        assert_eq!(RoomIdOrAlias::from(RoomId::from("!r:example.com")), "!r:example.com");
        assert_eq!(RoomIdOrAlias::from("lounge").kind(), None);
    }

    // --- MXC URIs ----------------------------------------------------------------------------

    #[test]
    fn mxc_uri_valid() {
        assert_valid::<MxcUri>(&[
            "mxc://example.com/AbCdEf123",
            "mxc://example.com:8448/media_id-01",
            "mxc://192.0.2.1/x",
            "mxc://[2001:db8::7]:8448/Zz_-9",
        ]);
    }

    #[test]
    fn mxc_uri_bad_server_name_part() {
        assert_invalid::<MxcUri>(&[
            ("mxc:///abc", IdError::MissingServerName),
            ("mxc://exa_mple.com/abc", IdError::InvalidServerName),
            ("mxc://example.com:99999/abc", IdError::InvalidPort),
            ("mxc://..%2F/abc", IdError::InvalidServerName),
            ("mxc://[::1/abc", IdError::InvalidServerName),
        ]);
    }

    #[test]
    fn mxc_uri_bad_media_id_part() {
        assert_invalid::<MxcUri>(&[
            ("mxc://example.com/", IdError::EmptyPart("media ID")),
            ("mxc://127.0.0.1/../../etc/passwd", IdError::InvalidChar { part: "media ID", ch: '.' }),
            ("mxc://example.com/abc/def", IdError::InvalidChar { part: "media ID", ch: '/' }),
            ("mxc://example.com/abc%2Fdef", IdError::InvalidChar { part: "media ID", ch: '%' }),
            ("mxc://example.com/abc=", IdError::InvalidChar { part: "media ID", ch: '=' }),
        ]);
    }

    #[test]
    fn mxc_uri_structure_invalid() {
        assert_invalid::<MxcUri>(&[
            ("", IdError::Empty),
            ("https://example.com/abc", IdError::InvalidScheme),
            ("MXC://example.com/abc", IdError::InvalidScheme),
            ("mxc:/example.com/abc", IdError::InvalidScheme),
            ("mxc://example.com", IdError::MissingDelimiter('/')),
        ]);
    }

    #[test]
    fn mxc_uri_accessors() {
        let uri = MxcUri::from("mxc://example.com:8448/AbC_1-2");
        assert_eq!((uri.server_name(), uri.media_id()), ("example.com:8448", "AbC_1-2"));
        let no_media = MxcUri::from("mxc://example.com");
        assert_eq!((no_media.server_name(), no_media.media_id()), ("example.com", ""));
        let traversal = MxcUri::from("mxc://127.0.0.1/../../etc/passwd");
        assert_eq!(traversal.media_id(), "../../etc/passwd");
    }

    // --- Device IDs, key IDs, transaction IDs ------------------------------------------------

    #[test]
    fn device_id() {
        assert_valid::<DeviceId>(&["GHTYAJCE", "dev-1.2_3~x", "a!#$%&'()*+,/:;<=>?@[]^`{|}"]);
        assert_invalid::<DeviceId>(&[
            ("", IdError::Empty),
            ("two words", IdError::InvalidChar { part: "device ID", ch: ' ' }),
            ("quo\"te", IdError::InvalidChar { part: "device ID", ch: '"' }),
            ("back\\slash", IdError::InvalidChar { part: "device ID", ch: '\\' }),
            ("gerät", IdError::InvalidChar { part: "device ID", ch: 'ä' }),
        ]);
    }

    #[test]
    fn key_id() {
        assert_valid::<KeyId>(&[
            "ed25519:abc123",
            "ed25519:GHTYAJCE",
            "signed_curve25519:AAAAHQ",
            "ed25519:Cross+Signing/Key0",
        ]);
        assert_invalid::<KeyId>(&[
            ("", IdError::Empty),
            ("ed25519", IdError::MissingDelimiter(':')),
            (":abc", IdError::EmptyPart("algorithm")),
            ("ed25519:", IdError::EmptyPart("key name")),
            ("ed 25519:abc", IdError::InvalidChar { part: "algorithm", ch: ' ' }),
            ("ed25519:a b", IdError::InvalidChar { part: "key name", ch: ' ' }),
        ]);
        let key = KeyId::from("ed25519:abc:def");
        assert_eq!((key.algorithm(), key.key_name()), ("ed25519", "abc:def"));
        let bare = KeyId::from("curve25519");
        assert_eq!((bare.algorithm(), bare.key_name()), ("curve25519", ""));
    }

    #[test]
    fn transaction_id() {
        assert_valid::<TransactionId>(&["m1712345678.0", "AZaz09-._~", &"t".repeat(255)]);
        assert_invalid::<TransactionId>(&[
            ("", IdError::Empty),
            ("a/b", IdError::InvalidChar { part: "opaque identifier", ch: '/' }),
            ("a b", IdError::InvalidChar { part: "opaque identifier", ch: ' ' }),
            ("a:b", IdError::InvalidChar { part: "opaque identifier", ch: ':' }),
        ]);
        assert_eq!(TransactionId::parse("t".repeat(256)), Err(IdError::TooLong { max: 255, len: 256 }));
    }

    // --- URLs and e-mail ---------------------------------------------------------------------

    #[test]
    fn url() {
        assert_valid::<Url>(&[
            "https://example.com/path?q=1&r=%20#frag",
            "mailto:alice@example.com",
            "matrix:u/alice:example.com",
            "urn:ietf:rfc:3986",
            "h2+s.x-y:z",
            "https://[2001:db8::7]:8448/",
        ]);
        assert_invalid::<Url>(&[
            ("", IdError::Empty),
            ("example.com/path", IdError::InvalidScheme),
            (":path", IdError::InvalidScheme),
            ("1http://example.com", IdError::InvalidScheme),
            ("ht_tp://example.com", IdError::InvalidScheme),
            ("https:", IdError::EmptyPart("URI after the scheme")),
            ("https://exa mple.com", IdError::InvalidChar { part: "URI", ch: ' ' }),
            ("https://example.com/ä", IdError::InvalidChar { part: "URI", ch: 'ä' }),
            ("https://example.com/%zz", IdError::InvalidChar { part: "URI", ch: '%' }),
            ("https://example.com/%2", IdError::InvalidChar { part: "URI", ch: '%' }),
        ]);
    }

    #[test]
    fn email() {
        assert_valid::<Email>(&["alice@example.com", "a.b+tag@sub.example.org", "x@y"]);
        assert_invalid::<Email>(&[
            ("", IdError::Empty),
            ("alice", IdError::MissingDelimiter('@')),
            ("@example.com", IdError::EmptyPart("e-mail local part")),
            ("alice@", IdError::EmptyPart("e-mail domain")),
            ("a@b@c", IdError::InvalidChar { part: "e-mail domain", ch: '@' }),
        ]);
    }

    // --- Shared behaviour --------------------------------------------------------------------

    #[test]
    fn serde_is_lossless_for_non_conformant_values() {
        assert_lossless::<UserId>("@Alice/Historical:example.com");
        assert_lossless::<UserId>("@:example.com");
        assert_lossless::<RoomId>("!no domain here");
        assert_lossless::<EventId>("$with spaces:and:colons");
        assert_lossless::<RoomAlias>("#:");
        assert_lossless::<RoomIdOrAlias>("neither");
        assert_lossless::<ServerName>("not a server name");
        assert_lossless::<MxcUri>("mxc://127.0.0.1/../../etc/passwd");
        assert_lossless::<DeviceId>("device with \"quotes\" and é");
        assert_lossless::<KeyId>("no separator");
        assert_lossless::<TransactionId>("txn/with/slashes");
        assert_lossless::<Url>("not a url");
        assert_lossless::<Email>("not@an@email");
        assert_lossless::<UserId>("");
    }

    #[test]
    fn serde_in_structures_and_map_keys() {
        let json = r#"{"@Alice:example.com":["$ev1:example.com"],"@bob:example.com":[]}"#;
        let map: BTreeMap<UserId, Vec<EventId>> = serde_json::from_str(json).expect("deserialises");
        assert_eq!(map.get("@Alice:example.com").map(Vec::len), Some(1));
        assert_eq!(serde_json::to_string(&map).expect("serialises"), json);
        assert!(serde_json::from_str::<UserId>("42").is_err(), "only strings are identifiers");
    }

    #[test]
    fn borrow_lookup_by_str() {
        let mut btree = BTreeMap::new();
        btree.insert(RoomId::from("!room:example.com"), 1);
        assert_eq!(btree.get("!room:example.com"), Some(&1));
        let mut hash = HashMap::new();
        hash.insert(DeviceId::from("GHTYAJCE"), 2);
        assert_eq!(hash.get("GHTYAJCE"), Some(&2));
    }

    #[test]
    fn conversions_and_comparisons() {
        let id = UserId::from(String::from("@alice:example.com"));
        assert_eq!(id.as_str(), "@alice:example.com");
        assert_eq!(id.to_string(), "@alice:example.com");
        assert_eq!(format!("{id}"), "@alice:example.com");
        assert_eq!(AsRef::<str>::as_ref(&id), "@alice:example.com");
        assert!(id == "@alice:example.com");
        assert!(id == *"@alice:example.com");
        let owned = String::from("@alice:example.com");
        assert!(id == owned);
        assert!("@alice:example.com" == id);
        assert!(*"@alice:example.com" == id);
        assert!(owned == id);
        assert!(id != "@bob:example.com");
        assert!(id.is_valid());
        assert!(!UserId::from("alice").is_valid());
        assert_eq!(id.validate(), Ok(()));
        assert_eq!(String::from(id.clone()), "@alice:example.com");
        assert_eq!(id.into_string(), "@alice:example.com");
        let (a, b) = (UserId::from("@a:x"), UserId::from("@b:x"));
        assert!(a < b);
        assert_eq!("@alice:example.com".parse::<UserId>(), Ok(UserId::from("@alice:example.com")));
        assert_eq!("alice".parse::<UserId>(), Err(IdError::MissingSigil { expected: "@" }));
    }

    #[test]
    fn errors_display() {
        let errors = [
            IdError::Empty,
            IdError::MissingSigil { expected: "@" },
            IdError::MissingServerName,
            IdError::InvalidServerName,
            IdError::InvalidPort,
            IdError::EmptyLocalpart,
            IdError::InvalidLocalpartChar('A'),
            IdError::InvalidChar { part: "media ID", ch: '.' },
            IdError::EmptyPart("key name"),
            IdError::MissingDelimiter(':'),
            IdError::TooLong { max: 255, len: 300 },
            IdError::InvalidScheme,
        ];
        for error in errors {
            let boxed: Box<dyn std::error::Error> = Box::new(error.clone());
            assert!(!boxed.to_string().is_empty(), "{error:?}");
        }
        assert_eq!(IdError::InvalidLocalpartChar('A').to_string(), "invalid character 'A' in localpart");
        assert_eq!(
            IdError::TooLong { max: 255, len: 300 }.to_string(),
            "identifier is 300 bytes long, more than the 255 allowed"
        );
    }
}
