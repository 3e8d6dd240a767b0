//! The Synapse interop test's parts: the exchange engine, the checks, the event tally (with the
//! adapter to the crate's event and error reporting), ed25519 signing, and the scenario.

pub mod client;
pub mod compare;
pub mod coverage;
pub mod events;
pub mod keys;
pub mod scenario;
pub mod tally;
