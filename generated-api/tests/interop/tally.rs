//! The adapter: every place where the interop test depends on how the crate reports an event's
//! decoding, an undocumented status, or an error's retry delay. Nothing else in the test names
//! these APIs, so a change of them is a change of this file alone.
//!
//! Switched to the crate's own reporting: `decode_status()` on the event enums, the `Other`
//! variant for undocumented statuses, `EndpointResponse::error()`.

use std::time::Duration;

use generated_api::generated::events::any;
use generated_api::http::EndpointResponse;
use generated_api::runtime;
use serde::de::DeserializeOwned;

/// What became of one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventStatus {
    /// Its typed variant.
    Typed,
    /// Kept as a redacted event (content stripped by a redaction).
    Redacted,
    /// An event type the crate does not know, kept whole.
    Unknown,
    /// A known type that does not fit its schema, kept whole with its error.
    Invalid,
}

/// An event enum of the crate: what the tally needs from it.
pub trait EventEnum: DeserializeOwned {
    /// The event's `type`.
    fn type_name(&self) -> &str;
    /// How the crate decoded it.
    fn status(&self) -> EventStatus;
}

macro_rules! event_enums {
    ($($name:ident),* $(,)?) => {
        $(
            impl EventEnum for any::$name {
                fn type_name(&self) -> &str {
                    self.event_type()
                }

                fn status(&self) -> EventStatus {
                    from_crate(self.decode_status())
                }
            }
        )*
    };
}

event_enums!(
    AnyEphemeralEvent,
    AnyGlobalAccountDataEvent,
    AnyRoomAccountDataEvent,
    AnyStateEvent,
    AnyStrippedStateEvent,
    AnySyncStateEvent,
    AnySyncTimelineEvent,
    AnyTimelineEvent,
    AnyToDeviceEvent,
);

/// The crate's event status, as the tally counts it.
fn from_crate(status: runtime::EventStatus) -> EventStatus {
    match status {
        runtime::EventStatus::Typed => EventStatus::Typed,
        runtime::EventStatus::Redacted => EventStatus::Redacted,
        runtime::EventStatus::Unknown => EventStatus::Unknown,
        runtime::EventStatus::Invalid => EventStatus::Invalid,
    }
}

/// Decodes a received response with the operation's `Response`: a documented variant, or
/// `Other` for a status the spec does not list.
pub fn decode<R: EndpointResponse>(response: http::Response<Vec<u8>>) -> Result<R, String> {
    R::try_from_http_response(response).map_err(|e| format!("decode: {e}"))
}

/// An error response as the crate reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The status.
    pub status: u16,
    /// The errcode, if the body is a Matrix error.
    pub errcode: Option<String>,
    /// How long to wait before retrying, if the server said.
    pub retry_after: Option<Duration>,
}

/// The error a decoded response carries (`None` for a success), from the crate's
/// `EndpointResponse::error()`.
pub fn error_info<R: EndpointResponse>(decoded: &R) -> Option<ErrorInfo> {
    let error = decoded.error()?;
    Some(ErrorInfo {
        status: error.status,
        errcode: error.errcode.map(|code| code.as_str().to_string()),
        retry_after: error.retry_after,
    })
}
