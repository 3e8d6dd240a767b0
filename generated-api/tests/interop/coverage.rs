//! Coverage: which client-server method+path pairs of the generated metadata the scenario
//! reached with a passing exchange.

use std::collections::BTreeSet;

use generated_api::generated::OPERATIONS;
use generated_api::runtime::Api;

use super::client::{method_name, Client};

/// Every distinct method+path pair of `api` (two operations may share one, e.g. `GET /events`).
pub fn endpoints(api: Api) -> BTreeSet<(String, &'static str)> {
    OPERATIONS.iter().filter(|m| m.api == api).map(|m| (method_name(m), m.path)).collect()
}

/// The coverage report: `coverage: K of N client-server endpoints` and the ones not reached.
pub struct Coverage {
    /// Reached by a passing exchange.
    pub reached: usize,
    /// All of them.
    pub total: usize,
    /// Not reached, as `METHOD path`.
    pub missing: Vec<String>,
}

/// The client-server coverage of what `client` recorded.
pub fn client_server(client: &Client) -> Coverage {
    let all = endpoints(Api::ClientServer);
    let reached = client.reached(Api::ClientServer);
    let missing = all.difference(&reached).map(|(method, path)| format!("{method} {path}")).collect();
    Coverage { reached: reached.intersection(&all).count(), total: all.len(), missing }
}
