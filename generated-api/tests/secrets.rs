//! `Debug` never shows a secret: a login request's password and token, a login response's
//! access and refresh tokens, print as `<redacted>` (the fields are chosen by the overrides'
//! `SECRET_FIELDS` table).

use generated_api::generated::client_server::login::login::{Request, RequestBody, Response200};

#[test]
fn a_login_request_does_not_print_its_password_or_token() {
    let mut body = RequestBody::new("m.login.password");
    body.password = Some("hunter2-correct-horse".into());
    body.token = Some("syt_login_token_value".into());
    body.initial_device_display_name = Some("alice's laptop".into());
    let request = Request::new(body);
    let shown = format!("{request:?}");
    assert!(!shown.contains("hunter2-correct-horse"), "{shown}");
    assert!(!shown.contains("syt_login_token_value"), "{shown}");
    assert!(shown.contains("<redacted>") && shown.contains("laptop"), "other fields still show: {shown}");
    println!("login request: {shown}");
}

#[test]
fn a_login_response_does_not_print_its_tokens() {
    let json = r#"{"user_id":"@alice:example.org","access_token":"syt_secret_access","refresh_token":"syr_secret_refresh","device_id":"D"}"#;
    let response: Response200 = serde_json::from_str(json).expect("decodes");
    let shown = format!("{response:?}");
    assert!(!shown.contains("syt_secret_access") && !shown.contains("syr_secret_refresh"), "{shown}");
    assert!(shown.contains("@alice:example.org"), "{shown}");
}
