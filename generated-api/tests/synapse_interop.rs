//! A real homeserver: the scenario drives a Synapse on 127.0.0.1 through the generated types
//! only (each request a generated `Request`, sent by ureq, each answer read with the operation's
//! `Response`), and checks every exchange: the expected status, a decoded response, a body that
//! re-encodes to the same JSON, and every event of it typed, redacted, unknown or kept-invalid.
//!
//! Needs a server: `cargo xtask test` starts one and runs this with `--ignored`; by hand, start
//! a Synapse configured like `xtask/src/synapse.rs` writes it and run
//! `MATRIX_INTEROP_SERVER=http://127.0.0.1:PORT cargo test -p generated-api --test synapse_interop -- --ignored --nocapture`.

mod interop;

use generated_api::runtime::Api;
use interop::client::Client;
use interop::coverage;

/// The environment variable naming the server.
const SERVER_ENV: &str = "MATRIX_INTEROP_SERVER";

/// The fewest client-server endpoints the scenario must reach (of 158): a lower count means a
/// step stopped working.
const MIN_COVERAGE: usize = 120;

#[test]
#[ignore = "needs a Synapse: run by `cargo xtask test`, or set MATRIX_INTEROP_SERVER and pass --ignored"]
fn synapse_interop() {
    let url = std::env::var(SERVER_ENV).unwrap_or_default();
    assert!(
        !url.trim().is_empty(),
        "{SERVER_ENV} is not set: this test needs a running Synapse (http://127.0.0.1:PORT); \
         `cargo xtask test` starts one and sets it"
    );
    assert!(
        url.starts_with("http://127.0.0.1:") || url.starts_with("http://localhost:"),
        "{SERVER_ENV}={url}: only a loopback server may be used"
    );
    let mut client = Client::new(&url);
    interop::scenario::run(&mut client);
    let failures = report(&client);
    assert_eq!(failures, 0, "synapse interop: {failures} failures (see the FAILED lines above)");
}

/// Prints the summary lines and returns how many things failed.
fn report(client: &Client) -> usize {
    let client_server: Vec<_> = client.exchanges.iter().filter(|e| e.metadata.api == Api::ClientServer).collect();
    let federation: Vec<_> = client.exchanges.iter().filter(|e| e.metadata.api == Api::ServerServer).collect();
    let failed = client.exchanges.iter().filter(|e| e.failure.is_some()).count();
    let total = client.exchanges.len();
    println!("synapse interop: {total} exchanges, {} passed, {failed} failed", total - failed);
    for exchange in client.exchanges.iter().filter(|e| e.failure.is_some()) {
        let reason = exchange.failure.as_deref().unwrap_or_default();
        println!("  failed: {} (status {}): {reason}", exchange.metadata.operation_id, exchange.status);
    }
    let coverage = coverage::client_server(client);
    println!("coverage: {} of {} client-server endpoints", coverage.reached, coverage.total);
    println!("  not reached ({}):", coverage.missing.len());
    for endpoint in &coverage.missing {
        println!("    {endpoint}");
    }
    let reached_federation = client.reached(Api::ServerServer);
    println!(
        "federation (unsigned): {} exchanges, {} of {} endpoints: {}",
        federation.len(),
        reached_federation.len(),
        coverage::endpoints(Api::ServerServer).len(),
        reached_federation.iter().map(|(m, p)| format!("{m} {p}")).collect::<Vec<_>>().join(", ")
    );
    println!("client-server exchanges: {}", client_server.len());
    println!("{}", client.tally);
    for failure in &client.tally.failed {
        println!("  event failed: {failure}");
    }
    print_event_types(client);
    for step in &client.aborted_steps {
        println!("  step aborted: {step}");
    }
    let low_coverage = usize::from(coverage.reached < MIN_COVERAGE);
    if low_coverage == 1 {
        println!("coverage below {MIN_COVERAGE}");
    }
    failed + client.tally.failed.len() + client.aborted_steps.len() + low_coverage
}

/// The event types seen, with how they decoded.
fn print_event_types(client: &Client) {
    let line: Vec<String> =
        client.tally.by_type.iter().map(|((event_type, label), n)| format!("{event_type} {label} ×{n}")).collect();
    println!("  event types: {}", line.join(", "));
}
