//! Matrix error codes and the standard error response.
//!
//! # Spec sections implemented
//!
//! - Client-server API: [Standard error response](https://spec.matrix.org/v1.17/client-server-api/#standard-error-response),
//!   its [common](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes) and
//!   [other](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes) error codes,
//!   [rate limiting](https://spec.matrix.org/v1.17/client-server-api/#rate-limiting) (`retry_after_ms`),
//!   [soft logout](https://spec.matrix.org/v1.17/client-server-api/#soft-logout) (`soft_logout`),
//!   and the codes named by individual endpoints and modules.
//! - Identity service API: [Standard error response](https://spec.matrix.org/v1.17/identity-service-api/#standard-error-response)
//!   and the codes its endpoints name.
//! - Server-server API: the codes of [restricted room joins](https://spec.matrix.org/v1.17/server-server-api/#restricted-rooms).
//! - Application service API: the codes of [pinging](https://spec.matrix.org/v1.17/application-service-api/#pinging),
//!   [identity assertion](https://spec.matrix.org/v1.17/application-service-api/#identity-assertion) and
//!   [appservice login](https://spec.matrix.org/v1.17/client-server-api/#appservice-login).
//! - Push gateway API: it only names the shared `M_UNRECOGNIZED`.
//!
//! [`ErrorCode`] is an open enum: a code the spec does not define (a newer `M_` code, or a
//! namespaced one such as `COM.EXAMPLE_FORBIDDEN`) is kept as it was received.
//! [`MatrixError`] keeps every field of an error body, known or not, and writes back exactly
//! the fields it read.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::runtime::JsonValue;

/// Defines an open string enum: one variant per known wire value plus a hidden catch-all, with
/// `KNOWN`, `as_str`, `From<&str>`, `From<String>`, `AsRef<str>`, `Display` and string serde.
macro_rules! open_string_enum {
    (
        $(#[$enum_meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$meta:meta])* $variant:ident => $wire:literal, )*
        }
    ) => {
        $(#[$enum_meta])*
        ///
        /// An open enum: a value this crate does not know is kept as it is (see
        /// [`Self::as_str`]); build values from strings with `From<&str>` or `From<String>`,
        /// which always map a known value to its variant.
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$meta])* $variant, )*
            #[doc(hidden)]
            _Custom(crate::runtime::PrivOwnedStr),
        }

        #[allow(deprecated)]
        impl $name {
            /// Every value this crate knows, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant,)*];

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::_Custom(value) => value.as_str(),
                }
            }
        }

        #[allow(deprecated)]
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )*
                    other => $name::_Custom(crate::runtime::PrivOwnedStr::new(other)),
                }
            }
        }

        #[allow(deprecated)]
        impl From<String> for $name {
            fn from(value: String) -> Self {
                match $name::from(value.as_str()) {
                    $name::_Custom(_) => $name::_Custom(crate::runtime::PrivOwnedStr::new(value)),
                    known => known,
                }
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::deserialize_string_enum(deserializer)
            }
        }
    };
}
pub(crate) use open_string_enum;

open_string_enum! {
    /// A Matrix error code: the `errcode` of a [standard error
    /// response](https://spec.matrix.org/v1.17/client-server-api/#standard-error-response).
    ///
    /// Every code the v1.17 spec names, in any of its APIs. The spec advises handling errors
    /// by their code rather than their HTTP status, except for [`ErrorCode::Unknown`], where
    /// the status is the better guide.
    pub enum ErrorCode {
        // Client-server API: common error codes.

        /// `M_FORBIDDEN`: access was denied, e.g. joining a room without permission, or a
        /// failed login ([common error codes](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes)).
        Forbidden => "M_FORBIDDEN",
        /// `M_UNKNOWN_TOKEN`: the access or refresh token was not recognised; on a 401 the body
        /// may carry `soft_logout` ([common error codes](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes),
        /// [soft logout](https://spec.matrix.org/v1.17/client-server-api/#soft-logout)).
        UnknownToken => "M_UNKNOWN_TOKEN",
        /// `M_MISSING_TOKEN`: the request carried no access token
        /// ([common error codes](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes)).
        MissingToken => "M_MISSING_TOKEN",
        /// `M_USER_LOCKED`: the account is locked and cannot be used for now; sent as a 401
        /// with `soft_logout: true` ([account locking](https://spec.matrix.org/v1.17/client-server-api/#account-locking)).
        UserLocked => "M_USER_LOCKED",
        /// `M_USER_SUSPENDED`: the account is suspended and may only perform limited actions;
        /// sent as a 403 ([account suspension](https://spec.matrix.org/v1.17/client-server-api/#account-suspension)).
        UserSuspended => "M_USER_SUSPENDED",
        /// `M_BAD_JSON`: the body was valid JSON but malformed, e.g. a required key is missing
        /// or a value is invalid ([common error codes](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes)).
        BadJson => "M_BAD_JSON",
        /// `M_NOT_JSON`: the body was not valid JSON
        /// ([common error codes](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes)).
        NotJson => "M_NOT_JSON",
        /// `M_NOT_FOUND`: no resource was found for the request
        /// ([common error codes](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes)).
        NotFound => "M_NOT_FOUND",
        /// `M_LIMIT_EXCEEDED`: too many requests in a short time; wait and retry. The body may
        /// carry the deprecated `retry_after_ms` ([rate limiting](https://spec.matrix.org/v1.17/client-server-api/#rate-limiting)).
        LimitExceeded => "M_LIMIT_EXCEEDED",
        /// `M_UNRECOGNIZED`: the server did not understand the request; a 404 for an endpoint
        /// it does not implement, a 405 for a wrong HTTP method. Used by every API
        /// ([common error codes](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes)).
        Unrecognized => "M_UNRECOGNIZED",
        /// `M_UNKNOWN_DEVICE` (added in v1.17): the device ID an application service asserted
        /// does not belong to the user ([identity assertion](https://spec.matrix.org/v1.17/application-service-api/#identity-assertion)).
        UnknownDevice => "M_UNKNOWN_DEVICE",
        /// `M_RESOURCE_LIMIT_EXCEEDED`: the homeserver has hit a resource limit (memory, disk,
        /// ...), typically on requests that modify state; the body must carry `admin_contact`
        /// ([common error codes](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes)).
        ResourceLimitExceeded => "M_RESOURCE_LIMIT_EXCEEDED",
        /// `M_UNKNOWN`: an unknown error; rely on the HTTP status to tell what went wrong
        /// ([common error codes](https://spec.matrix.org/v1.17/client-server-api/#common-error-codes)).
        Unknown => "M_UNKNOWN",

        // Client-server API: other error codes.

        /// `M_UNAUTHORIZED`: the request was not correctly authorised, usually a failed login
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        Unauthorized => "M_UNAUTHORIZED",
        /// `M_USER_DEACTIVATED`: the user the request is about has been deactivated, typically
        /// reported by endpoints that prove authentication such as `/login`
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        UserDeactivated => "M_USER_DEACTIVATED",
        /// `M_USER_IN_USE`: registration asked for a user ID that is already taken
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        UserInUse => "M_USER_IN_USE",
        /// `M_INVALID_USERNAME`: registration asked for a user ID that is not valid
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        InvalidUsername => "M_INVALID_USERNAME",
        /// `M_ROOM_IN_USE`: the room alias given to `createRoom` is already taken
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        RoomInUse => "M_ROOM_IN_USE",
        /// `M_INVALID_ROOM_STATE`: the initial state given to `createRoom` is invalid
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        InvalidRoomState => "M_INVALID_ROOM_STATE",
        /// `M_THREEPID_IN_USE`: the third-party identifier cannot be used because it is already
        /// in use ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        ThreepidInUse => "M_THREEPID_IN_USE",
        /// `M_THREEPID_NOT_FOUND`: no record matches the third-party identifier given
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        ThreepidNotFound => "M_THREEPID_NOT_FOUND",
        /// `M_THREEPID_AUTH_FAILED`: authentication on the third-party identifier could not be
        /// performed ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        ThreepidAuthFailed => "M_THREEPID_AUTH_FAILED",
        /// `M_THREEPID_DENIED`: the server does not allow this third-party identifier, e.g.
        /// only addresses of some domain are accepted
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        ThreepidDenied => "M_THREEPID_DENIED",
        /// `M_THREEPID_MEDIUM_NOT_SUPPORTED`: the homeserver cannot add a third-party
        /// identifier of this medium ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        ThreepidMediumNotSupported => "M_THREEPID_MEDIUM_NOT_SUPPORTED",
        /// `M_SERVER_NOT_TRUSTED`: the request named a third-party server (e.g. an identity
        /// server) that this server does not trust
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        ServerNotTrusted => "M_SERVER_NOT_TRUSTED",
        /// `M_UNSUPPORTED_ROOM_VERSION`: a room was to be created with a room version the
        /// server does not support ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        UnsupportedRoomVersion => "M_UNSUPPORTED_ROOM_VERSION",
        /// `M_INCOMPATIBLE_ROOM_VERSION`: the room to join has a version the server does not
        /// support; the body's `room_version` names it
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        IncompatibleRoomVersion => "M_INCOMPATIBLE_ROOM_VERSION",
        /// `M_BAD_STATE`: the requested state change cannot be made, e.g. unbanning a user who
        /// is not banned ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        BadState => "M_BAD_STATE",
        /// `M_GUEST_ACCESS_FORBIDDEN`: the room or resource does not allow guest access
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        GuestAccessForbidden => "M_GUEST_ACCESS_FORBIDDEN",
        /// `M_CAPTCHA_NEEDED`: a CAPTCHA must be completed first
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        CaptchaNeeded => "M_CAPTCHA_NEEDED",
        /// `M_CAPTCHA_INVALID`: the CAPTCHA response was not the expected one
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        CaptchaInvalid => "M_CAPTCHA_INVALID",
        /// `M_MISSING_PARAM`: a required parameter is missing; also used by federation
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        MissingParam => "M_MISSING_PARAM",
        /// `M_INVALID_PARAM`: a parameter has a wrong value, e.g. a string where an integer
        /// was expected; also used by the identity service
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        InvalidParam => "M_INVALID_PARAM",
        /// `M_TOO_LARGE`: the request or entity is too large, e.g. an upload over the media
        /// size limit ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        TooLarge => "M_TOO_LARGE",
        /// `M_EXCLUSIVE`: the resource is reserved by an application service, or the
        /// application service asking has not created it
        /// ([other error codes](https://spec.matrix.org/v1.17/client-server-api/#other-error-codes)).
        Exclusive => "M_EXCLUSIVE",
        /// `M_CANNOT_LEAVE_SERVER_NOTICE_ROOM`: the user may not reject the invite to the
        /// server notices room ([server notices](https://spec.matrix.org/v1.17/client-server-api/#server-notices)).
        CannotLeaveServerNoticeRoom => "M_CANNOT_LEAVE_SERVER_NOTICE_ROOM",

        // Client-server API: codes named by a section or an endpoint.

        /// `M_WEAK_PASSWORD`: the server rejected a password as too weak
        /// ([password management](https://spec.matrix.org/v1.17/client-server-api/#password-management)).
        WeakPassword => "M_WEAK_PASSWORD",
        /// `M_APPSERVICE_LOGIN_UNSUPPORTED` (added in v1.17): `/login` or `/register` used the
        /// `m.login.application_service` type but the server does not support the legacy
        /// authentication API ([appservice login](https://spec.matrix.org/v1.17/client-server-api/#appservice-login)).
        AppserviceLoginUnsupported => "M_APPSERVICE_LOGIN_UNSUPPORTED",
        /// `M_DUPLICATE_ANNOTATION`: the event would be a second identical annotation by the
        /// same user ([avoiding duplicate annotations](https://spec.matrix.org/v1.17/client-server-api/#avoiding-duplicate-annotations)).
        DuplicateAnnotation => "M_DUPLICATE_ANNOTATION",
        /// `M_BAD_ALIAS`: an alias of an `m.room.canonical_alias` event does not point to the
        /// room it is sent to ([`PUT /rooms/{roomId}/state/{eventType}/{stateKey}`](https://spec.matrix.org/v1.17/client-server-api/#put_matrixclientv3roomsroomidstateeventtypestatekey)).
        BadAlias => "M_BAD_ALIAS",
        /// `M_CANNOT_OVERWRITE_MEDIA`: content was uploaded to a media ID that already has
        /// content ([`PUT /_matrix/media/v3/upload/{serverName}/{mediaId}`](https://spec.matrix.org/v1.17/client-server-api/#put_matrixmediav3uploadservernamemediaid)).
        CannotOverwriteMedia => "M_CANNOT_OVERWRITE_MEDIA",
        /// `M_NOT_YET_UPLOADED`: the media ID was created but its content is not available yet;
        /// also used by federation ([`GET /_matrix/client/v1/media/download/{serverName}/{mediaId}`](https://spec.matrix.org/v1.17/client-server-api/#get_matrixclientv1mediadownloadservernamemediaid)).
        NotYetUploaded => "M_NOT_YET_UPLOADED",
        /// `M_INVALID_SIGNATURE`: a cross-signing key or signature did not verify
        /// ([`POST /keys/signatures/upload`](https://spec.matrix.org/v1.17/client-server-api/#post_matrixclientv3keyssignaturesupload)).
        InvalidSignature => "M_INVALID_SIGNATURE",
        /// `M_PROFILE_TOO_LARGE`: storing the value would make the profile larger than its
        /// 64 KiB limit ([`PUT /profile/{userId}/{keyName}`](https://spec.matrix.org/v1.17/client-server-api/#put_matrixclientv3profileuseridkeyname)).
        ProfileTooLarge => "M_PROFILE_TOO_LARGE",
        /// `M_KEY_TOO_LARGE`: the profile key is longer than 255 bytes
        /// ([`PUT /profile/{userId}/{keyName}`](https://spec.matrix.org/v1.17/client-server-api/#put_matrixclientv3profileuseridkeyname)).
        KeyTooLarge => "M_KEY_TOO_LARGE",
        /// `M_WRONG_ROOM_KEYS_VERSION`: the key backup version given is not the current one;
        /// the body's `current_version` names it
        /// ([`PUT /room_keys/keys`](https://spec.matrix.org/v1.17/client-server-api/#put_matrixclientv3room_keyskeys)).
        WrongRoomKeysVersion => "M_WRONG_ROOM_KEYS_VERSION",
        /// `M_URL_NOT_SET`: the pinged application service has no URL configured
        /// ([`POST /appservice/{appserviceId}/ping`](https://spec.matrix.org/v1.17/client-server-api/#post_matrixclientv1appserviceappserviceidping)).
        UrlNotSet => "M_URL_NOT_SET",
        /// `M_BAD_STATUS`: the pinged application service answered with an error status; the
        /// body may carry its `status` and `body`
        /// ([pinging](https://spec.matrix.org/v1.17/application-service-api/#pinging)).
        BadStatus => "M_BAD_STATUS",
        /// `M_CONNECTION_FAILED`: the homeserver could not connect to the pinged application
        /// service ([pinging](https://spec.matrix.org/v1.17/application-service-api/#pinging)).
        ConnectionFailed => "M_CONNECTION_FAILED",
        /// `M_CONNECTION_TIMEOUT`: the connection to the pinged application service timed out
        /// ([`POST /appservice/{appserviceId}/ping`](https://spec.matrix.org/v1.17/client-server-api/#post_matrixclientv1appserviceappserviceidping)).
        ConnectionTimeout => "M_CONNECTION_TIMEOUT",

        // Server-server API.

        /// `M_UNABLE_TO_AUTHORISE_JOIN`: the resident server cannot check any condition of a
        /// restricted room's join rules, usually for lack of state of the rooms involved
        /// ([restricted rooms](https://spec.matrix.org/v1.17/server-server-api/#restricted-rooms)).
        UnableToAuthoriseJoin => "M_UNABLE_TO_AUTHORISE_JOIN",
        /// `M_UNABLE_TO_GRANT_JOIN`: the joining server should try another resident server,
        /// as this one cannot sign the restricted join
        /// ([restricted rooms](https://spec.matrix.org/v1.17/server-server-api/#restricted-rooms)).
        UnableToGrantJoin => "M_UNABLE_TO_GRANT_JOIN",

        // Identity service API.

        /// `M_MISSING_PARAMS`: the identity service request lacks one or more parameters
        /// ([identity service errors](https://spec.matrix.org/v1.17/identity-service-api/#standard-error-response)).
        MissingParams => "M_MISSING_PARAMS",
        /// `M_SESSION_NOT_VALIDATED`: the validation session has not been validated yet
        /// ([identity service errors](https://spec.matrix.org/v1.17/identity-service-api/#standard-error-response)).
        SessionNotValidated => "M_SESSION_NOT_VALIDATED",
        /// `M_NO_VALID_SESSION`: no validation session matches the parameters given
        /// ([identity service errors](https://spec.matrix.org/v1.17/identity-service-api/#standard-error-response)).
        NoValidSession => "M_NO_VALID_SESSION",
        /// `M_SESSION_EXPIRED`: the validation session has expired and must be renewed
        /// ([identity service errors](https://spec.matrix.org/v1.17/identity-service-api/#standard-error-response)).
        SessionExpired => "M_SESSION_EXPIRED",
        /// `M_INVALID_EMAIL`: the email address is not valid
        /// ([identity service errors](https://spec.matrix.org/v1.17/identity-service-api/#standard-error-response)).
        InvalidEmail => "M_INVALID_EMAIL",
        /// `M_EMAIL_SEND_ERROR`: an email (typically a validation email) could not be sent
        /// ([identity service errors](https://spec.matrix.org/v1.17/identity-service-api/#standard-error-response)).
        EmailSendError => "M_EMAIL_SEND_ERROR",
        /// `M_INVALID_ADDRESS`: the third-party address (e.g. a phone number) is not valid
        /// ([identity service errors](https://spec.matrix.org/v1.17/identity-service-api/#standard-error-response)).
        InvalidAddress => "M_INVALID_ADDRESS",
        /// `M_SEND_ERROR`: a notification (typically a validation SMS) could not be sent
        /// ([identity service errors](https://spec.matrix.org/v1.17/identity-service-api/#standard-error-response)).
        SendError => "M_SEND_ERROR",
        /// `M_DESTINATION_REJECTED`: the identity server cannot deliver an SMS to that country
        /// or region ([`POST /validate/msisdn/requestToken`](https://spec.matrix.org/v1.17/identity-service-api/#post_matrixidentityv2validatemsisdnrequesttoken)).
        DestinationRejected => "M_DESTINATION_REJECTED",
        /// `M_INVALID_PEPPER`: the lookup used a pepper the server no longer accepts (it was
        /// rotated); fetch `/hash_details` again
        /// ([`POST /lookup`](https://spec.matrix.org/v1.17/identity-service-api/#post_matrixidentityv2lookup)).
        InvalidPepper => "M_INVALID_PEPPER",
        /// `M_TERMS_NOT_SIGNED`: the user must accept the identity server's current terms of
        /// service before going on; sent as a 403
        /// ([terms of service](https://spec.matrix.org/v1.17/identity-service-api/#terms-of-service)).
        TermsNotSigned => "M_TERMS_NOT_SIGNED",
    }
}

/// A standard Matrix error body: `{"errcode": ..., "error": ...}` plus whatever extra fields the
/// code defines (`retry_after_ms`, `soft_logout`, `admin_contact`, `room_version`,
/// `current_version`, ...).
///
/// Every field is kept: the known extras stay in [`Self::extra`] exactly as received (read them
/// through the typed accessors), so an error body is written back with exactly the fields it
/// was read with, even when a server sends them with an unexpected type. See the
/// [standard error response](https://spec.matrix.org/v1.17/client-server-api/#standard-error-response).
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixError {
    /// The error code.
    pub errcode: ErrorCode,
    /// The human-readable message. The spec's prose requires it, but its schema and examples
    /// leave it out at times, so it is optional.
    pub error: Option<String>,
    /// Every other field of the body, as received. An `error` that is not a string (e.g.
    /// `null`) is kept here too, and written back as it was.
    pub extra: BTreeMap<String, JsonValue>,
}

impl MatrixError {
    /// An error body with this code and message, and no extra fields.
    pub fn new(errcode: ErrorCode, error: impl Into<String>) -> MatrixError {
        MatrixError { errcode, error: Some(error.into()), extra: BTreeMap::new() }
    }

    /// `retry_after_ms`: how long to wait before retrying, in milliseconds, as sent with
    /// [`ErrorCode::LimitExceeded`] ([rate limiting](https://spec.matrix.org/v1.17/client-server-api/#rate-limiting);
    /// deprecated in favour of the `Retry-After` header). `None` if absent or not a
    /// non-negative integer.
    pub fn retry_after_ms(&self) -> Option<u64> {
        self.extra.get("retry_after_ms").and_then(JsonValue::as_u64)
    }

    /// `soft_logout`: whether the client may keep its session data and log in again, as sent
    /// with [`ErrorCode::UnknownToken`] and [`ErrorCode::UserLocked`]
    /// ([soft logout](https://spec.matrix.org/v1.17/client-server-api/#soft-logout)). `None` if
    /// absent or not a boolean; the spec reads absent as `false`.
    pub fn soft_logout(&self) -> Option<bool> {
        self.extra.get("soft_logout").and_then(JsonValue::as_bool)
    }

    /// `admin_contact`: where to reach the server's administrator, as sent with
    /// [`ErrorCode::ResourceLimitExceeded`]. `None` if absent or not a string.
    pub fn admin_contact(&self) -> Option<&str> {
        self.extra_str("admin_contact")
    }

    /// `room_version`: the version of the room, as sent with
    /// [`ErrorCode::IncompatibleRoomVersion`]. `None` if absent or not a string.
    pub fn room_version(&self) -> Option<&str> {
        self.extra_str("room_version")
    }

    /// `current_version`: the current key backup version, as sent with
    /// [`ErrorCode::WrongRoomKeysVersion`]. `None` if absent or not a string.
    pub fn current_version(&self) -> Option<&str> {
        self.extra_str("current_version")
    }

    fn extra_str(&self, key: &str) -> Option<&str> {
        self.extra.get(key).and_then(JsonValue::as_str)
    }
}

impl fmt::Display for MatrixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            Some(error) => write!(f, "{}: {error}", self.errcode),
            None => write!(f, "{}", self.errcode),
        }
    }
}

impl std::error::Error for MatrixError {}

impl Serialize for MatrixError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("errcode", &self.errcode)?;
        if let Some(error) = &self.error {
            map.serialize_entry("error", error)?;
        }
        for (key, value) in &self.extra {
            // The typed fields win over a stray copy in `extra` (only possible if it was put
            // there by hand), so no key is written twice.
            if key == "errcode" || (key == "error" && self.error.is_some()) {
                continue;
            }
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for MatrixError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ErrorVisitor;
        impl<'de> Visitor<'de> for ErrorVisitor {
            type Value = MatrixError;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Matrix error object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MatrixError, A::Error> {
                let mut errcode: Option<ErrorCode> = None;
                let mut error: Option<String> = None;
                let mut extra = BTreeMap::new();
                while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                    match key.as_str() {
                        "errcode" => crate::runtime::read_field(&mut map, &mut errcode, "errcode")?,
                        "error" => {
                            if error.is_some() || extra.contains_key("error") {
                                return Err(de::Error::duplicate_field("error"));
                            }
                            match map.next_value::<JsonValue>()? {
                                JsonValue::String(message) => error = Some(message),
                                other => {
                                    extra.insert(key.into_string(), other);
                                }
                            }
                        }
                        _ => crate::runtime::read_extra(&mut map, key, &mut extra)?,
                    }
                }
                Ok(MatrixError { errcode: crate::runtime::required(errcode, "errcode")?, error, extra })
            }
        }
        deserializer.deserialize_map(ErrorVisitor)
    }
}

/// Test support shared with the other runtime modules: finding the spec and scanning it.
#[cfg(test)]
pub(crate) mod spec_scan {
    use std::path::{Path, PathBuf};

    /// One spec file's text.
    pub(crate) struct SpecFile {
        pub(crate) path: PathBuf,
        pub(crate) text: String,
    }

    /// The directory holding `v1.17/content`: `$MATRIX_SPEC_SOURCE` if set, otherwise the
    /// `shared/matrix-spec` checkout beside the workspace root.
    pub(crate) fn spec_source() -> PathBuf {
        match std::env::var_os("MATRIX_SPEC_SOURCE") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/matrix-spec"),
        }
    }

    /// The spec's prose: `<spec source>/v1.17/content`.
    pub(crate) fn content_dir() -> PathBuf {
        spec_source().join("v1.17/content")
    }

    /// The spec's data (API descriptions, schemas, examples), fetched into the workspace.
    pub(crate) fn data_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../spec-snapshot/v1.17/data")
    }

    fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<SpecFile>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        let mut paths: Vec<PathBuf> = entries.map(|entry| entry.expect("directory entry").path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(&path, keep, out);
            } else if keep(&path) {
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                out.push(SpecFile { text: String::from_utf8_lossy(&bytes).into_owned(), path });
            }
        }
    }

    /// Every `.md` file under the content directory and every file under the data directory.
    /// Panics, naming where it looked, if either directory is missing: a scan of nothing must
    /// not pass.
    pub(crate) fn spec_files() -> Vec<SpecFile> {
        let content = content_dir();
        let data = data_dir();
        assert!(
            content.is_dir(),
            "spec content not found at {} (set MATRIX_SPEC_SOURCE to a directory holding v1.17/content)",
            content.display()
        );
        assert!(data.is_dir(), "spec data not found at {} (fetch the spec snapshot)", data.display());
        let mut files = Vec::new();
        walk(&content, &|path| path.extension().is_some_and(|ext| ext == "md"), &mut files);
        let markdown = files.len();
        assert!(markdown > 0, "no .md files under {}", content.display());
        walk(&data, &|_| true, &mut files);
        assert!(files.len() > markdown, "no files under {}", data.display());
        files
    }

    /// The tokens `prefix` + a run of at least `min_tail` bytes matching `tail` (the longest
    /// run, with `trim` characters then removed from its end), found left to right without
    /// overlap, as a regex search such as `M_[A-Z_]+` would find them: `M_ROOM_IN_USE` is one
    /// token, not also `M_IN_USE`; `OLM_ROOT` does contain the token `M_ROOT`.
    pub(crate) fn tokens<'a>(
        text: &'a str,
        prefix: &str,
        min_tail: usize,
        tail: fn(u8) -> bool,
        trim: &[char],
    ) -> Vec<&'a str> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut pos = 0;
        while let Some(offset) = text[pos..].find(prefix) {
            let start = pos + offset;
            let rest = start + prefix.len();
            let end = rest + bytes[rest..].iter().take_while(|&&b| tail(b)).count();
            let token = text[start..end].trim_end_matches(trim);
            if token.len() >= prefix.len() + min_tail {
                found.push(token);
                pos = end;
            } else {
                pos = rest;
            }
        }
        found
    }

    /// The relative display form of a spec file's path.
    pub(crate) fn short(path: &Path) -> String {
        for base in [content_dir(), data_dir()] {
            if let Ok(rel) = path.strip_prefix(&base) {
                let root = if base == content_dir() { "content" } else { "data" };
                return format!("{root}/{}", rel.display());
            }
        }
        path.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::spec_scan::{short, spec_files, tokens};
    use super::*;

    /// `M_` tokens of the spec that are not error codes, with the reason.
    const NOT_ERROR_CODES: &[(&str, &str)] = &[
        // The Olm spec's HKDF info strings "OLM_ROOT", "OLM_RATCHET" and "OLM_KEYS" contain
        // `M_` inside another word.
        ("M_ROOT", "inside the Olm HKDF info string \"OLM_ROOT\""),
        ("M_RATCHET", "inside the Olm HKDF info string \"OLM_RATCHET\""),
        ("M_KEYS", "inside the Olm HKDF info string \"OLM_KEYS\""),
        // The user-interactive authentication section shows the shape of a non-auth failure
        // with a made-up code.
        ("M_EXAMPLE_ERROR", "placeholder code in an example error body of the UIA section"),
    ];

    fn is_code_char(b: u8) -> bool {
        b.is_ascii_uppercase() || b == b'_'
    }

    #[test]
    fn every_error_code_of_the_spec_is_known() {
        let mut found: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
        let files = spec_files();
        for file in &files {
            for token in tokens(&file.text, "M_", 1, is_code_char, &[]) {
                *found.entry(token).or_default().entry(short(&file.path)).or_default() += 1;
            }
        }
        println!("excluded `M_` tokens (not error codes):");
        for (token, reason) in NOT_ERROR_CODES {
            let files = found.get(token).map(|files| files.keys().cloned().collect::<Vec<_>>().join(", "));
            println!("  {token}: {reason} [{}]", files.as_deref().unwrap_or("NOT FOUND"));
            assert!(files.is_some(), "exclusion {token} no longer occurs in the spec: remove it");
            assert!(
                matches!(ErrorCode::from(*token), ErrorCode::_Custom(_)),
                "{token} is both excluded and a known code"
            );
        }
        let codes: Vec<&str> = found
            .keys()
            .copied()
            .filter(|token| NOT_ERROR_CODES.iter().all(|(excluded, _)| excluded != token))
            .collect();
        let missing: Vec<&str> =
            codes.iter().copied().filter(|code| matches!(ErrorCode::from(*code), ErrorCode::_Custom(_))).collect();
        println!(
            "error codes: {} found in the spec, {} known, {} missing",
            codes.len(),
            codes.len() - missing.len(),
            missing.len()
        );
        for code in &missing {
            let files = found[code].keys().cloned().collect::<Vec<_>>().join(", ");
            println!("  missing {code} ({files})");
        }
        assert!(missing.is_empty(), "error codes of the spec missing from ErrorCode: {missing:?}");

        // And the other way: every variant is a code the spec names (nothing invented).
        let invented: Vec<&str> =
            ErrorCode::KNOWN.iter().map(ErrorCode::as_str).filter(|code| !found.contains_key(code)).collect();
        assert!(invented.is_empty(), "ErrorCode variants the spec does not name: {invented:?}");
        assert_eq!(ErrorCode::KNOWN.len(), codes.len());
    }

    #[test]
    fn known_codes_map_to_their_variants() {
        assert_eq!(ErrorCode::from("M_FORBIDDEN"), ErrorCode::Forbidden);
        assert_eq!(ErrorCode::from(String::from("M_RESOURCE_LIMIT_EXCEEDED")), ErrorCode::ResourceLimitExceeded);
        assert_eq!(ErrorCode::from("M_USER_DEACTIVATED"), ErrorCode::UserDeactivated);
        assert_eq!(ErrorCode::from("M_APPSERVICE_LOGIN_UNSUPPORTED"), ErrorCode::AppserviceLoginUnsupported);
        assert_eq!(ErrorCode::UnknownDevice.as_str(), "M_UNKNOWN_DEVICE");
        for code in ErrorCode::KNOWN {
            assert_eq!(&ErrorCode::from(code.as_str()), code);
            assert_eq!(&ErrorCode::from(code.as_str().to_owned()), code);
            assert!(code.as_str().starts_with("M_"));
            let json = serde_json::to_string(code).expect("serializes");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(&serde_json::from_str::<ErrorCode>(&json).expect("deserializes"), code);
        }
        let mut strings: Vec<&str> = ErrorCode::KNOWN.iter().map(ErrorCode::as_str).collect();
        strings.sort_unstable();
        strings.dedup();
        assert_eq!(strings.len(), ErrorCode::KNOWN.len(), "no code is listed twice");
    }

    #[test]
    fn unknown_codes_are_kept() {
        for raw in ["ORG_EXAMPLE_X", "COM.MYDOMAIN.HERE_FORBIDDEN", "M_FUTURE_CODE", "m_forbidden", ""] {
            let code = ErrorCode::from(raw);
            assert!(matches!(code, ErrorCode::_Custom(_)), "{raw:?} is not a known code");
            assert_eq!(code.as_str(), raw);
            assert_eq!(code.to_string(), raw);
            assert_eq!(ErrorCode::from(raw.to_owned()), code);
            let decoded: ErrorCode = serde_json::from_value(serde_json::json!(raw)).expect("deserializes");
            assert_eq!(decoded, code);
            assert_eq!(serde_json::to_value(&decoded).expect("serializes"), serde_json::json!(raw));
        }
        assert!(serde_json::from_str::<ErrorCode>("42").is_err(), "only strings are error codes");
    }

    fn round_trip(json: &str) -> MatrixError {
        let value: JsonValue = serde_json::from_str(json).expect("valid JSON");
        let error: MatrixError = serde_json::from_str(json).expect("decodes");
        assert_eq!(serde_json::to_value(&error).expect("encodes"), value, "round trip of {json}");
        error
    }

    #[test]
    fn error_bodies_round_trip_with_their_extras() {
        let limited = round_trip(r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many","retry_after_ms":2000}"#);
        assert_eq!(limited.errcode, ErrorCode::LimitExceeded);
        assert_eq!(limited.error.as_deref(), Some("Too many"));
        assert_eq!(limited.retry_after_ms(), Some(2000));
        assert_eq!(limited.soft_logout(), None);
        assert_eq!(limited.to_string(), "M_LIMIT_EXCEEDED: Too many");

        let soft = round_trip(r#"{"errcode":"M_UNKNOWN_TOKEN","soft_logout":true}"#);
        assert_eq!(soft.errcode, ErrorCode::UnknownToken);
        assert_eq!(soft.error, None);
        assert_eq!(soft.soft_logout(), Some(true));
        assert_eq!(soft.retry_after_ms(), None);
        assert_eq!(soft.to_string(), "M_UNKNOWN_TOKEN");

        let custom = round_trip(r#"{"errcode":"ORG_EXAMPLE_X","foo":[1]}"#);
        assert_eq!(custom.errcode.as_str(), "ORG_EXAMPLE_X");
        assert!(matches!(custom.errcode, ErrorCode::_Custom(_)));
        assert_eq!(custom.extra.get("foo"), Some(&serde_json::json!([1])));

        let backup = round_trip(
            r#"{"errcode":"M_WRONG_ROOM_KEYS_VERSION","error":"Wrong backup version.","current_version":"42"}"#,
        );
        assert_eq!(backup.current_version(), Some("42"));
        let limit = round_trip(r#"{"errcode":"M_RESOURCE_LIMIT_EXCEEDED","error":"x","admin_contact":"mailto:a@b.c"}"#);
        assert_eq!(limit.admin_contact(), Some("mailto:a@b.c"));
        let version = round_trip(r#"{"errcode":"M_INCOMPATIBLE_ROOM_VERSION","error":"x","room_version":"12"}"#);
        assert_eq!(version.room_version(), Some("12"));
        round_trip(r#"{"errcode":"M_BAD_STATUS","status":403,"body":"{\"errcode\": \"M_FORBIDDEN\"}"}"#);
    }

    #[test]
    fn odd_extras_are_kept_not_rejected() {
        // Wrongly typed well-known extras: kept as sent, the accessors just return `None`.
        let odd = round_trip(r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":"soon","soft_logout":"yes"}"#);
        assert_eq!(odd.retry_after_ms(), None);
        assert_eq!(odd.soft_logout(), None);
        let negative = round_trip(r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":-5}"#);
        assert_eq!(negative.retry_after_ms(), None);
        // A non-string `error` is kept in `extra` and written back as it was.
        let null_message = round_trip(r#"{"errcode":"M_UNKNOWN","error":null}"#);
        assert_eq!(null_message.error, None);
        assert_eq!(null_message.extra.get("error"), Some(&JsonValue::Null));
    }

    #[test]
    fn malformed_error_bodies_are_rejected() {
        assert!(serde_json::from_str::<MatrixError>(r#"{"error":"no code"}"#).is_err());
        assert!(serde_json::from_str::<MatrixError>(r#"{"errcode":7}"#).is_err());
        assert!(serde_json::from_str::<MatrixError>(r#"{"errcode":"M_A","errcode":"M_B"}"#).is_err());
        assert!(serde_json::from_str::<MatrixError>(r#"{"errcode":"M_A","error":"a","error":"b"}"#).is_err());
        assert!(serde_json::from_str::<MatrixError>(r#"["M_FORBIDDEN"]"#).is_err());
    }

    #[test]
    fn typed_fields_win_over_stray_extras() {
        let mut error = MatrixError::new(ErrorCode::Forbidden, "no");
        error.extra.insert("errcode".to_owned(), serde_json::json!("M_OTHER"));
        error.extra.insert("error".to_owned(), serde_json::json!("other"));
        error.extra.insert("soft_logout".to_owned(), serde_json::json!(false));
        assert_eq!(
            serde_json::to_value(&error).expect("encodes"),
            serde_json::json!({"errcode": "M_FORBIDDEN", "error": "no", "soft_logout": false})
        );
        assert_eq!(error.soft_logout(), Some(false));
    }
}
