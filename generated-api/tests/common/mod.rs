//! Shared by the end-to-end tests: the examples the spec itself gets wrong.

#![allow(dead_code)] // each test binary uses its own part of this module

/// An example that breaks its own schema, and why. The tests check that each one still fails
/// (so the list cannot rot) and count it as known-invalid, never as passed.
pub struct KnownInvalid {
    /// The example's id in the test that reads it (an event example's file stem, or
    /// `file#pointer` of an API example).
    pub example: &'static str,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Every example of the pinned spec that breaks its own schema.
pub const KNOWN_INVALID: &[KnownInvalid] = &[KnownInvalid {
    example: "m.key.verification.start",
    reason: "uses `method: m.sas.v1` but lacks the fields the `m.key.verification.start$m.sas.v1` schema \
             requires (`key_agreement_protocols`, `hashes`, ...): it shows only the fields common to all methods",
}];

/// The entry for `example`, if it is known to be invalid.
pub fn known_invalid(example: &str) -> Option<&'static KnownInvalid> {
    KNOWN_INVALID.iter().find(|k| k.example == example)
}
