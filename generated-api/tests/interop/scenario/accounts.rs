//! Accounts: discovery, registration with user-interactive auth, password and token login,
//! refresh, logout, devices (deleted with user-interactive auth), password change and
//! deactivation.

use generated_api::generated::client_server::{
    account_deactivation, capabilities, device_management, login, login_token, logout, oauth_server_metadata,
    password_management, refresh, registration, registration_tokens, sso_login_redirect, support, versions, wellknown,
    whoami,
};
use generated_api::http::Endpoint;
use serde_json::{json, Value};

use super::{from_json, variant, World};
use crate::interop::client::{Auth, Client, Session};

/// Versions, well-known, login flows, capabilities: what a client reads first.
pub fn discovery(client: &mut Client, _world: &mut World) -> Result<(), String> {
    let reply = client.call(&versions::get_versions::Request::new(), Auth::None, 200)?;
    let body = variant!(reply, versions::get_versions::Response::Status200);
    if !body.versions.iter().any(|v| v == "v1.1") {
        return Err(format!("/versions lists no v1.1: {:?}", body.versions));
    }
    client.call(&wellknown::get_wellknown::Request::new(), Auth::None, 200)?;
    // Synapse publishes no support contacts: the spec's 404.
    client.call(&support::get_wellknown_support::Request::new(), Auth::None, 404)?;
    let reply = client.call(&login::get_login_flows::Request::new(), Auth::None, 200)?;
    let flows = variant!(reply, login::get_login_flows::Response::Status200).flows.unwrap_or_default();
    if !flows.iter().any(|f| f.r#type == "m.login.password") {
        return Err("no m.login.password login flow".into());
    }
    // Synapse does not delegate to an OAuth server: 404 M_UNRECOGNIZED, which the spec leaves out.
    client.call(&oauth_server_metadata::get_auth_metadata::Request::new(), Auth::None, 404)?;
    // Registration tokens are off: every token is invalid.
    let request = registration_tokens::registration_token_validity::Request::new("nonsense");
    let reply = client.call(&request, Auth::None, 200)?;
    if variant!(reply, registration_tokens::registration_token_validity::Response::Status200).valid {
        return Err("a made-up registration token is valid".into());
    }
    // No SSO configured: Synapse does not serve the redirects (404, where the spec lists only
    // the 302).
    let request = sso_login_redirect::redirect_to_sso::Request::new("http://127.0.0.1/done");
    client.call(&request, Auth::None, 404)?;
    let request = sso_login_redirect::redirect_to_id_p::Request::new("oidc-none", "http://127.0.0.1/done");
    client.call(&request, Auth::None, 404)?;
    Ok(())
}

/// Registers `alice` the long way (401 with the flows, then `m.login.dummy` in the session), the
/// others in one step, and tries the forbidden ones (guest access, email tokens).
pub fn registration(client: &mut Client, world: &mut World) -> Result<(), String> {
    let request = registration::check_username_availability::Request::new("alice");
    let reply = client.call(&request, Auth::None, 200)?;
    if variant!(reply, registration::check_username_availability::Response::Status200).available != Some(true) {
        return Err("alice is not available on a fresh server".into());
    }
    let first = register_request("alice", None, false)?;
    let reply = client.call(&first, Auth::None, 401)?;
    let auth = variant!(reply, registration::register::Response::Status401);
    let session = auth.session.ok_or("the 401 has no session")?;
    if !auth.flows.iter().any(|f| f.stages.iter().any(|s| s == "m.login.dummy")) {
        return Err("no m.login.dummy registration flow".into());
    }
    let alice = register_with(client, "alice", Some(session), false)?;
    world.users.insert("alice", alice);
    for name in ["bob", "carol", "dave", "frank"] {
        let session = register_with(client, name, None, name == "carol")?;
        world.users.insert(name, session);
    }
    // Taken now.
    let request = registration::check_username_availability::Request::new("alice");
    client.call(&request, Auth::None, 400)?;
    let mut guest = register_request("guest", None, false)?;
    guest.kind = Some(from_json(json!("guest"))?);
    client.call(&guest, Auth::None, 403)?;
    let validation = json!({ "client_secret": "interop-secret", "email": "alice@example.org", "send_attempt": 1 });
    let request = registration::request_token_to_register_email::Request::new(from_json(validation)?);
    client.call(&request, Auth::None, 400)?;
    let validation =
        json!({ "client_secret": "interop-secret", "country": "GB", "phone_number": "07700900001", "send_attempt": 1 });
    let request = registration::request_token_to_register_msisdn::Request::new(from_json(validation)?);
    client.call(&request, Auth::None, 400)?;
    Ok(())
}

fn register_request(name: &str, auth: Option<Value>, refresh: bool) -> Result<registration::register::Request, String> {
    let mut body = json!({
        "username": name,
        "password": password_of(name),
        "initial_device_display_name": format!("{name}'s interop device"),
        "refresh_token": refresh,
    });
    if let Some(auth) = auth {
        body["auth"] = auth;
    }
    Ok(registration::register::Request::new(from_json(body)?))
}

/// Completes a registration with `m.login.dummy` (in `session` if there is one).
fn register_with(client: &mut Client, name: &str, session: Option<String>, refresh: bool) -> Result<Session, String> {
    let auth = match session {
        Some(session) => json!({ "type": "m.login.dummy", "session": session }),
        None => json!({ "type": "m.login.dummy" }),
    };
    let reply = client.call(&register_request(name, Some(auth), refresh)?, Auth::None, 200)?;
    let json = reply.json();
    let body = variant!(reply, registration::register::Response::Status200);
    if refresh && body.refresh_token.is_none() {
        return Err("no refresh token though one was asked for".into());
    }
    Ok(Session {
        user_id: body.user_id.into_string(),
        device_id: body.device_id.ok_or("no device_id")?.to_string(),
        token: body.access_token.ok_or("no access_token")?,
        password: password_of(name),
        refresh_token: json.get("refresh_token").and_then(Value::as_str).map(str::to_string),
    })
}

fn password_of(name: &str) -> String {
    format!("{name}-interop-password")
}

fn password_login(name: &str, password: &str) -> Result<login::login::Request, String> {
    let body = json!({
        "type": "m.login.password",
        "identifier": { "type": "m.id.user", "user": name },
        "password": password,
        "initial_device_display_name": format!("{name}'s second device"),
    });
    Ok(login::login::Request::new(from_json(body)?))
}

/// Password login (and a second one at once: the account's login rate limit answers 429 with a
/// retry delay), a wrong password (403), a login token from an existing session and the token
/// login with it.
pub fn login(client: &mut Client, world: &mut World) -> Result<(), String> {
    let bob = world.user("bob")?;
    let reply = client.call(&password_login("bob", &bob.password)?, Auth::None, 200)?;
    let body = variant!(reply, login::login::Response::Status200);
    if body.user_id.as_str() != bob.user_id {
        return Err(format!("logged in as {}", body.user_id));
    }
    world.values.insert("bob_second_device", body.device_id.to_string());
    world.values.insert("bob_second_token", body.access_token);
    let reply = client.call(&password_login("bob", &bob.password)?, Auth::None, 429)?;
    let error = reply.error.ok_or("a 429 without an error")?;
    if error.errcode.as_deref() != Some("M_LIMIT_EXCEEDED") || error.retry_after.is_none() {
        return Err(format!("the rate limit error lacks its code or retry delay: {error:?}"));
    }
    let reply = client.call(&password_login("carol", "not carol's password")?, Auth::None, 403)?;
    if reply.error.and_then(|e| e.errcode).as_deref() != Some("M_FORBIDDEN") {
        return Err("a wrong password is not M_FORBIDDEN".into());
    }
    let alice = world.user("alice")?;
    let request = login_token::generate_login_token::Request::new(from_json(json!({}))?);
    let reply = client.call(&request, alice.auth(), 200)?;
    let token = variant!(reply, login_token::generate_login_token::Response::Status200).login_token;
    let body = json!({ "type": "m.login.token", "token": token });
    let reply = client.call(&login::login::Request::new(from_json(body)?), Auth::None, 200)?;
    let body = variant!(reply, login::login::Response::Status200);
    world.values.insert("alice_token_login", body.access_token);
    let reply = client.call(&capabilities::get_capabilities::Request::new(), alice.auth(), 200)?;
    variant!(reply, capabilities::get_capabilities::Response::Status200);
    Ok(())
}

/// Carol's refresh token gives a new access token; alice's token-login session is logged out
/// (its token is unknown after); `logout/all` ends frank's every session.
pub fn refresh_and_logout(client: &mut Client, world: &mut World) -> Result<(), String> {
    let mut carol = world.user("carol")?;
    let refresh_token = carol.refresh_token.clone().ok_or("carol has no refresh token")?;
    let request = refresh::refresh::Request::new(from_json(json!({ "refresh_token": refresh_token }))?);
    let reply = client.call(&request, Auth::None, 200)?;
    let body = variant!(reply, refresh::refresh::Response::Status200);
    carol.token = body.access_token;
    carol.refresh_token = body.refresh_token;
    let reply = client.call(&whoami::get_token_owner::Request::new(), carol.auth(), 200)?;
    let owner = variant!(reply, whoami::get_token_owner::Response::Status200);
    if owner.user_id.as_str() != carol.user_id
        || owner.device_id.as_ref().map(|d| d.as_str()) != Some(carol.device_id.as_str())
    {
        return Err(format!("whoami after refresh: {owner:?}"));
    }
    world.users.insert("carol", carol);
    // Alice's token-login session: logged out, then unknown.
    let token = world.value("alice_token_login")?;
    client.call(&logout::logout::Request::new(), Auth::Token(&token), 200)?;
    let reply = client.call(&whoami::get_token_owner::Request::new(), Auth::Token(&token), 401)?;
    if reply.error.and_then(|e| e.errcode).as_deref() != Some("M_UNKNOWN_TOKEN") {
        return Err("a logged-out token is not M_UNKNOWN_TOKEN".into());
    }
    // Frank exists for this: logout/all ends his only session.
    let frank = world.user("frank")?;
    client.call(&logout::logout_all::Request::new(), frank.auth(), 200)?;
    client.call(&whoami::get_token_owner::Request::new(), frank.auth(), 401)?;
    world.users.remove("frank");
    Ok(())
}

/// Lists, reads, renames and deletes devices; deletion needs user-interactive auth (401, then
/// the password in the session).
pub fn devices(client: &mut Client, world: &mut World) -> Result<(), String> {
    let bob = world.user("bob")?;
    let reply = client.call(&device_management::get_devices::Request::new(), bob.auth(), 200)?;
    let devices = variant!(reply, device_management::get_devices::Response::Status200).devices.unwrap_or_default();
    let second = world.value("bob_second_device")?;
    if devices.len() != 2 || !devices.iter().any(|d| d.device_id == second) {
        return Err(format!("bob should have 2 devices, including {second}: {devices:?}"));
    }
    let request = device_management::get_device::Request::new(bob.device_id.clone());
    client.call(&request, bob.auth(), 200)?;
    let request = device_management::update_device::Request::new(
        bob.device_id.clone(),
        from_json(json!({ "display_name": "bob's renamed device" }))?,
    );
    client.call(&request, bob.auth(), 200)?;
    let delete = |auth: Option<Value>| -> Result<device_management::delete_device::Request, String> {
        let body = auth.map(|a| json!({ "auth": a })).unwrap_or_else(|| json!({}));
        Ok(device_management::delete_device::Request::new(second.clone(), from_json(body)?))
    };
    with_password_auth(client, &bob, delete)?;
    let delete_many = |auth: Option<Value>| -> Result<device_management::delete_devices::Request, String> {
        let mut body = json!({ "devices": ["NO_SUCH_DEVICE"] });
        if let Some(auth) = auth {
            body["auth"] = auth;
        }
        Ok(device_management::delete_devices::Request::new(from_json(body)?))
    };
    with_password_auth(client, &bob, delete_many)?;
    let reply = client.call(&device_management::get_devices::Request::new(), bob.auth(), 200)?;
    let left = variant!(reply, device_management::get_devices::Response::Status200).devices.unwrap_or_default();
    if left.len() != 1 {
        return Err(format!("after the deletion bob has {} devices", left.len()));
    }
    Ok(())
}

/// Runs a request that needs user-interactive auth: first without (401 with a session), then
/// with `m.login.password` in that session (200).
pub fn with_password_auth<R: Endpoint>(
    client: &mut Client,
    who: &Session,
    build: impl Fn(Option<Value>) -> Result<R, String>,
) -> Result<(), String> {
    let reply = client.call(&build(None)?, who.auth(), 401)?;
    let session =
        reply.json().get("session").and_then(Value::as_str).map(str::to_string).ok_or("the 401 has no session")?;
    let auth = json!({
        "type": "m.login.password",
        "identifier": { "type": "m.id.user", "user": who.user_id },
        "password": who.password,
        "session": session,
    });
    client.call(&build(Some(auth))?, who.auth(), 200)?;
    Ok(())
}

/// Dave changes his password and deactivates his account (both with user-interactive auth).
pub fn account_end(client: &mut Client, world: &mut World) -> Result<(), String> {
    let mut dave = world.user("dave")?;
    let new_password = "dave-new-interop-password".to_string();
    let change = |auth: Option<Value>| -> Result<password_management::change_password::Request, String> {
        let mut body = json!({ "new_password": new_password, "logout_devices": false });
        if let Some(auth) = auth {
            body["auth"] = auth;
        }
        Ok(password_management::change_password::Request::new(from_json(body)?))
    };
    with_password_auth(client, &dave, change)?;
    dave.password = new_password.clone();
    let validation = json!({ "client_secret": "interop-secret", "email": "dave@example.org", "send_attempt": 1 });
    let request = password_management::request_token_to_reset_password_email::Request::new(from_json(validation)?);
    client.call(&request, Auth::None, 400)?;
    let validation =
        json!({ "client_secret": "interop-secret", "country": "GB", "phone_number": "07700900002", "send_attempt": 1 });
    // Without an SMS delegate Synapse does not serve this endpoint at all.
    let request = password_management::request_token_to_reset_password_msisdn::Request::new(from_json(validation)?);
    client.call(&request, Auth::None, 404)?;
    let deactivate = |auth: Option<Value>| -> Result<account_deactivation::deactivate_account::Request, String> {
        let mut body = json!({ "erase": false });
        if let Some(auth) = auth {
            body["auth"] = auth;
        }
        Ok(account_deactivation::deactivate_account::Request::new(from_json(body)?))
    };
    with_password_auth(client, &dave, deactivate)?;
    client.call(&whoami::get_token_owner::Request::new(), dave.auth(), 401)?;
    world.users.remove("dave");
    Ok(())
}
