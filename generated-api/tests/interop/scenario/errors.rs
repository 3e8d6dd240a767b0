//! Errors as a client meets them: an unknown token, a missing token, a forbidden action, an
//! unknown resource, a body that is not JSON, an endpoint the server does not have, and a wrong
//! method. (The rate limit is met in the login step.)
//!
//! The damaged requests are generated ones, built by the crate and then changed on purpose: the
//! crate itself will not send a request without its token or with a broken body.

use generated_api::generated::client_server::{create_room, directory, sync, versions, whoami};
use http::header::AUTHORIZATION;
use serde_json::json;

use super::{from_json, World};
use crate::interop::client::{Auth, Client, Session};

/// Every error case, each checked for its status and errcode; one failing does not stop the
/// others.
pub fn errors(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let cases: [(&str, Case); 6] = [
        ("unknown token", unknown_token),
        ("missing token", missing_token),
        ("not found", not_found),
        ("bad JSON", bad_json),
        ("unrecognised endpoint", unrecognised_endpoint),
        ("wrong method", wrong_method),
    ];
    let mut failed = Vec::new();
    for (name, case) in cases {
        if let Err(e) = case(client, &alice) {
            failed.push(format!("{name}: {e}"));
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// One error case.
type Case = fn(&mut Client, &Session) -> Result<(), String>;

fn unknown_token(client: &mut Client, _alice: &Session) -> Result<(), String> {
    let reply = client.call(&whoami::get_token_owner::Request::new(), Auth::Token("not-a-token"), 401)?;
    expect_code(reply.error.and_then(|e| e.errcode), "M_UNKNOWN_TOKEN")
}

fn missing_token(client: &mut Client, alice: &Session) -> Result<(), String> {
    let mut request = client.build(&whoami::get_token_owner::Request::new(), alice.auth())?;
    request.headers_mut().remove(AUTHORIZATION);
    let reply = client.send::<whoami::get_token_owner::Request>(request, 401)?;
    expect_code(reply.error.and_then(|e| e.errcode), "M_MISSING_TOKEN")
}

fn not_found(client: &mut Client, alice: &Session) -> Result<(), String> {
    let request = directory::get_room_id_by_alias::Request::new("#no-such-room:localhost");
    let reply = client.call(&request, alice.auth(), 404)?;
    expect_code(reply.error.and_then(|e| e.errcode), "M_NOT_FOUND")
}

fn bad_json(client: &mut Client, alice: &Session) -> Result<(), String> {
    let request = create_room::create_room::Request::new(from_json(json!({}))?);
    let mut broken = client.build(&request, alice.auth())?;
    *broken.body_mut() = b"{\"name\": not json".to_vec();
    let reply = client.send::<create_room::create_room::Request>(broken, 400)?;
    expect_code(reply.error.and_then(|e| e.errcode), "M_NOT_JSON")
}

/// An endpoint Synapse does not have: the versions request sent to another path.
fn unrecognised_endpoint(client: &mut Client, alice: &Session) -> Result<(), String> {
    let mut unknown = client.build(&versions::get_versions::Request::new(), alice.auth())?;
    *unknown.uri_mut() =
        format!("{}/_matrix/client/v3/no_such_endpoint", client.base_url).parse().map_err(|e| format!("{e}"))?;
    let reply = client.send::<versions::get_versions::Request>(unknown, 404)?;
    expect_code(reply.error.and_then(|e| e.errcode), "M_UNRECOGNIZED")
}

/// A wrong method on a path Synapse knows.
fn wrong_method(client: &mut Client, alice: &Session) -> Result<(), String> {
    let request = {
        let mut v = sync::sync::Request::new();
        v.timeout = Some(0);
        v
    };
    let mut wrong = client.build(&request, alice.auth())?;
    *wrong.method_mut() = http::Method::DELETE;
    let reply = client.send::<sync::sync::Request>(wrong, 405)?;
    expect_code(reply.error.and_then(|e| e.errcode), "M_UNRECOGNIZED")
}

fn expect_code(received: Option<String>, expected: &str) -> Result<(), String> {
    match received.as_deref() {
        Some(code) if code == expected => Ok(()),
        other => Err(format!("expected errcode {expected}, got {other:?}")),
    }
}
