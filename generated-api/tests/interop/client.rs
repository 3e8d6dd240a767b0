//! The exchange engine: each request is a generated `Request`, turned into an `http::Request` by
//! the crate, sent with ureq (a real HTTP client over `http` 1.x types), and its response read
//! with the operation's `Response`. Every exchange is checked and recorded.

use std::collections::BTreeSet;
use std::time::Duration;

use generated_api::http::{AccessToken, Endpoint, EndpointResponse, ResponseParts, SendOptions};
use generated_api::runtime::{Api, Metadata};
use serde_json::Value;

use super::compare::first_difference;
use super::events::Tally;
use super::tally::{self, ErrorInfo};

/// Who sends a request.
#[derive(Clone, Copy, Debug)]
pub enum Auth<'a> {
    /// No access token.
    None,
    /// `Authorization: Bearer <token>`.
    Token(&'a str),
}

/// A logged-in account.
#[derive(Clone, Debug)]
pub struct Session {
    /// `@name:localhost`.
    pub user_id: String,
    /// The device.
    pub device_id: String,
    /// The access token.
    pub token: String,
    /// The password it was registered with.
    pub password: String,
    /// The refresh token, where one was asked for.
    pub refresh_token: Option<String>,
}

impl Session {
    /// This session as the sender of a request.
    pub fn auth(&self) -> Auth<'_> {
        Auth::Token(&self.token)
    }
}

/// One checked exchange.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The operation.
    pub metadata: &'static Metadata,
    /// The status received (0: no response).
    pub status: u16,
    /// Why it failed, if it did.
    pub failure: Option<String>,
}

/// A successful exchange: the decoded response, and what the crate says about its error.
pub struct Reply<R> {
    /// The response, decoded with the operation's `Response`.
    pub response: R,
    /// The received status, headers and body.
    pub parts: ResponseParts,
    /// The error the response carries (`None` for a success).
    pub error: Option<ErrorInfo>,
}

impl<R> Reply<R> {
    /// The received body as JSON (`Null` if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.parts.body).unwrap_or(Value::Null)
    }
}

/// The client, and everything it recorded.
pub struct Client {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// Every exchange, in order.
    pub exchanges: Vec<Exchange>,
    /// The event tally.
    pub tally: Tally,
    /// Scenario steps that could not go on, with why.
    pub aborted_steps: Vec<String>,
}

impl Client {
    /// A client for the server at `base_url` (loopback only: no proxy, no redirects followed).
    pub fn new(base_url: &str) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .new_agent();
        Client {
            agent,
            base_url: base_url.trim_end_matches('/').to_string(),
            exchanges: Vec::new(),
            tally: Tally::default(),
            aborted_steps: Vec::new(),
        }
    }

    /// Builds the `http::Request` of `request` the way a client of the crate does.
    pub fn build<R: Endpoint>(&mut self, request: &R, auth: Auth<'_>) -> Result<http::Request<Vec<u8>>, String> {
        let access_token = match auth {
            Auth::None => AccessToken::None,
            Auth::Token(token) => AccessToken::Bearer(token.to_string()),
        };
        let options = SendOptions { access_token, assert_identity: None };
        request.try_into_http_request(&self.base_url, &options).map_err(|e| {
            let message = format!("building the request: {e}");
            self.record(R::METADATA, 0, Some(message.clone()));
            message
        })
    }

    /// Sends `request` as `auth`; the exchange passes when the status is `expect` and the checks
    /// of [`Self::send`] hold.
    pub fn call<R: Endpoint>(
        &mut self,
        request: &R,
        auth: Auth<'_>,
        expect: u16,
    ) -> Result<Reply<R::Response>, String> {
        let http_request = self.build(request, auth)?;
        self.send::<R>(http_request, expect)
    }

    /// Sends an `http::Request` (built by [`Self::build`], possibly damaged on purpose) and reads
    /// the answer as `R`'s response. Checks: the status is `expect`; the response decodes (a
    /// documented variant, or the fallback for an undocumented status); it re-encodes to the
    /// same status and the same body (JSON: equal values; anything else: equal bytes); its
    /// events are tallied. Only a wrong status
    /// or a failed decode is an `Err`: a re-encoding difference is recorded and the reply given.
    pub fn send<R: Endpoint>(
        &mut self,
        http_request: http::Request<Vec<u8>>,
        expect: u16,
    ) -> Result<Reply<R::Response>, String> {
        let received = match self.transmit(http_request) {
            Ok(received) => received,
            Err(e) => return Err(self.fail(R::METADATA, 0, e)),
        };
        let parts = ResponseParts::from_http(clone_response(&received));
        let status = parts.status;
        let json: Option<Value> = is_json(&parts).then(|| serde_json::from_slice(&parts.body).ok()).flatten();
        if status == 200
            && let Some(body) = &json
        {
            self.tally.count_response(R::METADATA.operation_id, body);
        }
        if status != expect {
            let excerpt = String::from_utf8_lossy(&parts.body[..parts.body.len().min(300)]).into_owned();
            return Err(self.fail(R::METADATA, status, format!("expected status {expect}, got {status}: {excerpt}")));
        }
        let response: R::Response = match tally::decode(received) {
            Ok(response) => response,
            Err(e) => return Err(self.fail(R::METADATA, status, e)),
        };
        // A body that does not re-encode is a failure, but the response decoded: the step goes on.
        let failure = check_reencoding(&response, &parts, json.as_ref()).err();
        let error = tally::error_info(&response);
        self.record(R::METADATA, status, failure);
        Ok(Reply { response, parts, error })
    }

    /// One HTTP exchange with ureq; the body read whole (bounded).
    fn transmit(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, String> {
        let response = self.agent.run(request).map_err(|e| format!("transport: {e}"))?;
        let (head, mut body) = response.into_parts();
        let bytes =
            body.with_config().limit(64 * 1024 * 1024).read_to_vec().map_err(|e| format!("reading the body: {e}"))?;
        Ok(http::Response::from_parts(head, bytes))
    }

    fn fail(&mut self, metadata: &'static Metadata, status: u16, reason: String) -> String {
        let message =
            format!("{} {:?} {}: status {status}: {reason}", metadata.operation_id, metadata.method, metadata.path);
        self.record(metadata, status, Some(reason));
        message
    }

    fn record(&mut self, metadata: &'static Metadata, status: u16, failure: Option<String>) {
        if let Some(reason) = &failure {
            println!("  FAILED {} (status {status}): {reason}", metadata.operation_id);
        }
        self.exchanges.push(Exchange { metadata, status, failure });
    }

    /// Records a scenario step that stopped early.
    pub fn abort_step(&mut self, step: &str, reason: String) {
        println!("  STEP ABORTED {step}: {reason}");
        self.aborted_steps.push(format!("{step}: {reason}"));
    }

    /// The (method, path) pairs of `api` reached by a passing exchange.
    pub fn reached(&self, api: Api) -> BTreeSet<(String, &'static str)> {
        self.exchanges
            .iter()
            .filter(|e| e.failure.is_none() && e.metadata.api == api)
            .map(|e| (method_name(e.metadata), e.metadata.path))
            .collect()
    }
}

/// `GET`, `PUT`, ...
pub fn method_name(metadata: &Metadata) -> String {
    format!("{:?}", metadata.method).to_uppercase()
}

fn is_json(parts: &ResponseParts) -> bool {
    parts.header("content-type").is_some_and(|t| t.starts_with("application/json"))
}

fn clone_response(response: &http::Response<Vec<u8>>) -> http::Response<Vec<u8>> {
    let mut copy = http::Response::new(response.body().clone());
    *copy.status_mut() = response.status();
    *copy.headers_mut() = response.headers().clone();
    copy
}

/// The decoded response, written back by the crate, must be what was received.
fn check_reencoding<R: EndpointResponse>(
    response: &R,
    received: &ResponseParts,
    json: Option<&Value>,
) -> Result<(), String> {
    let written = response.to_parts().map_err(|e| format!("re-encoding: {e}"))?;
    if written.status != received.status {
        return Err(format!("re-encoded with status {}", written.status));
    }
    match json {
        Some(sent) => {
            let body = if written.body.is_empty() { b"{}".as_slice() } else { &written.body };
            let rewritten: Value =
                serde_json::from_slice(body).map_err(|e| format!("re-encoded body is not JSON: {e}"))?;
            match first_difference(sent, &rewritten) {
                Some(difference) => Err(format!("re-encoded body differs at {difference}")),
                None => Ok(()),
            }
        }
        None if written.body == received.body => Ok(()),
        None => Err(format!(
            "re-encoded body differs: {} bytes received, {} written",
            received.body.len(),
            written.body.len()
        )),
    }
}
