//! The redaction algorithm's content rules: which keys of an event's `content` survive a
//! redaction, per set of room-version rules (the spec's room versions, "Redactions": v1, v6,
//! v8, v9 and v11 changed them; later versions keep v11's).
//!
//! Servers redact; clients receive the result. The event enums use this only to say what is off
//! about a redacted event ([`crate::runtime::RedactedEvent::unexpected_content_keys`]); the
//! event itself is always kept exactly as received.

/// A set of redaction rules, named after the room version that introduced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rules {
    /// Room versions 1–5.
    V1,
    /// Room versions 6 and 7: `m.room.aliases` loses its special case.
    V6,
    /// Room version 8: `m.room.join_rules` keeps `allow`.
    V8,
    /// Room versions 9 and 10: `m.room.member` keeps `join_authorised_via_users_server`.
    V9,
    /// Room version 11 and later: `m.room.create` keeps everything, power levels keep
    /// `invite`, `m.room.redaction` keeps `redacts`, a member keeps `third_party_invite.signed`.
    V11,
}

impl Rules {
    /// The rules of the newest room versions.
    pub const LATEST: Rules = Rules::V11;

    /// The rules of a room version (`"1"` … `"12"`); `None` for a version this crate does not
    /// know (an experimental or future one).
    pub fn for_room_version(version: &str) -> Option<Rules> {
        Some(match version.parse::<u32>().ok()? {
            1..=5 => Rules::V1,
            6 | 7 => Rules::V6,
            8 => Rules::V8,
            9 | 10 => Rules::V9,
            11..=12 => Rules::V11,
            _ => return None,
        })
    }
}

/// Whether the top-level content key `key` of an event of type `event_type` survives a
/// redaction under `rules`. (Of `m.room.member`'s `third_party_invite`, v11 keeps only the
/// `signed` key; the key itself survives.)
pub fn content_key_survives(event_type: &str, key: &str, rules: Rules) -> bool {
    match event_type {
        "m.room.member" => {
            key == "membership"
                || (rules >= Rules::V9 && key == "join_authorised_via_users_server")
                || (rules >= Rules::V11 && key == "third_party_invite")
        }
        "m.room.create" => rules >= Rules::V11 || key == "creator",
        "m.room.join_rules" => key == "join_rule" || (rules >= Rules::V8 && key == "allow"),
        "m.room.power_levels" => {
            matches!(key, "ban" | "events" | "events_default" | "kick" | "redact" | "state_default" | "users" | "users_default")
                || (rules >= Rules::V11 && key == "invite")
        }
        "m.room.aliases" => rules < Rules::V6 && key == "aliases",
        "m.room.history_visibility" => key == "history_visibility",
        "m.room.redaction" => rules >= Rules::V11 && key == "redacts",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_the_room_versions() {
        assert_eq!(Rules::for_room_version("1"), Some(Rules::V1));
        assert_eq!(Rules::for_room_version("10"), Some(Rules::V9));
        assert_eq!(Rules::for_room_version("12"), Some(Rules::V11));
        assert_eq!(Rules::for_room_version("org.example.experimental"), None);
    }

    #[test]
    fn content_keys_survive_as_the_spec_lists_them() {
        assert!(content_key_survives("m.room.member", "membership", Rules::V1));
        assert!(!content_key_survives("m.room.member", "displayname", Rules::V11));
        assert!(!content_key_survives("m.room.member", "join_authorised_via_users_server", Rules::V8));
        assert!(content_key_survives("m.room.member", "join_authorised_via_users_server", Rules::V9));
        assert!(content_key_survives("m.room.create", "room_version", Rules::V11));
        assert!(!content_key_survives("m.room.create", "room_version", Rules::V9));
        assert!(content_key_survives("m.room.aliases", "aliases", Rules::V1));
        assert!(!content_key_survives("m.room.aliases", "aliases", Rules::V6));
        assert!(content_key_survives("m.room.power_levels", "invite", Rules::V11));
        assert!(!content_key_survives("m.room.power_levels", "invite", Rules::V9));
        assert!(!content_key_survives("m.room.message", "body", Rules::V11));
    }
}
