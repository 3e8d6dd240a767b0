//! The shapes the spec defines in prose, used from the generated API with typed values only:
//! the `/sync` filter (an ID or an inline `Filter`) and the `/messages` filter travel as one
//! query value each and are read back on the server side; an encrypted `m.file` message has a
//! typed `EncryptedFile`.

use generated_api::generated::client_server::definitions::room_event_filter::RoomEventFilter;
use generated_api::generated::client_server::definitions::sync_filter::{RoomFilter, SyncFilter};
use generated_api::generated::client_server::{message_pagination, sync};
use generated_api::generated::events::m_room_message_m_file::RoomMessageMFileEventContent;
use generated_api::http::{AccessToken, Endpoint, SendOptions};
use generated_api::{EncryptedFile, FilterParam, JsonParam, JsonWebKey, RoomId};
use serde_json::{json, Value};

fn options() -> SendOptions {
    SendOptions { access_token: AccessToken::Bearer("token".into()), assert_identity: None }
}

/// The decoded query of a request: `(key, value)` pairs in order.
fn query(request: &http::Request<Vec<u8>>) -> Vec<(String, String)> {
    let query = request.uri().query().unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[test]
fn sync_filter_definitions_and_ids_round_trip_through_the_query() -> Result<(), Box<dyn std::error::Error>> {
    let mut timeline = RoomEventFilter::new();
    timeline.limit = Some(5);
    let mut room = RoomFilter::new();
    room.timeline = Some(timeline);
    room.include_leave = Some(true);
    let mut filter = SyncFilter::new();
    filter.room = Some(room);
    for param in [FilterParam::Definition(filter), FilterParam::id("66696p746572")] {
        let mut request = sync::sync::Request::new();
        request.filter = Some(param.clone());
        let http = request.try_into_http_request("https://example.org", &options())?;
        let sent = query(&http);
        let (_, text) = sent.iter().find(|(k, _)| k == "filter").ok_or("no filter in the query")?;
        match &param {
            FilterParam::Definition(_) => {
                let value: Value = serde_json::from_str(text)?;
                assert_eq!(value, json!({"room": {"include_leave": true, "timeline": {"limit": 5}}}));
            }
            FilterParam::Id(id) => assert_eq!(text, id),
        }
        let (parts, body) = http.into_parts();
        let path = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
        let received = http::Request::builder().method(parts.method).uri(path).body(body)?;
        let parsed = sync::sync::Request::try_from_http_request(received)?;
        assert_eq!(parsed.filter, Some(param));
    }
    Ok(())
}

#[test]
fn messages_filter_is_json_text() -> Result<(), Box<dyn std::error::Error>> {
    let mut filter = RoomEventFilter::new();
    filter.lazy_load_members = Some(true);
    filter.types = Some(vec!["m.room.message".to_string()]);
    let dir: message_pagination::get_room_events::Dir = serde_json::from_value(json!("b"))?;
    let mut request = message_pagination::get_room_events::Request::new(RoomId::from("!room:example.org"), dir);
    request.filter = Some(JsonParam(filter));
    let http = request.try_into_http_request("https://example.org", &options())?;
    let sent = query(&http);
    let (_, text) = sent.iter().find(|(k, _)| k == "filter").ok_or("no filter in the query")?;
    assert_eq!(serde_json::from_str::<Value>(text)?, json!({"types": ["m.room.message"], "lazy_load_members": true}));
    let (parts, body) = http.into_parts();
    let path = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let received = http::Request::builder().method(parts.method).uri(path).body(body)?;
    let parsed = message_pagination::get_room_events::Request::try_from_http_request(received)?;
    assert_eq!(parsed.filter, request.filter);
    Ok(())
}

#[test]
fn an_encrypted_file_message_is_typed() -> Result<(), Box<dyn std::error::Error>> {
    let hashes = [("sha256".to_string(), "fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA".to_string())].into();
    let key = JsonWebKey::a256ctr("aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0");
    let file = EncryptedFile::new("mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe", key, "w+sE15fzSc0AAAAAAAAAAA", hashes);
    let mut content = RoomMessageMFileEventContent::new("secret.pdf");
    content.file = Some(file);
    let wire = serde_json::to_value(&content)?;
    assert_eq!(wire.pointer("/file/key/alg"), Some(&json!("A256CTR")));
    assert_eq!(wire.pointer("/file/v"), Some(&json!("v2")));
    assert_eq!(wire.pointer("/file/hashes/sha256"), Some(&json!("fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA")));
    let back: RoomMessageMFileEventContent = serde_json::from_value(wire)?;
    assert_eq!(back, content);
    Ok(())
}
