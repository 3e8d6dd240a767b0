//! Places where the spec's data contradicts itself, and how the loader reads them.
//!
//! Every Matrix-specific correction the loader makes lives here, each with its reason. A
//! security fix applies only where the data still has the problem, so a spec version that
//! repairs it needs no code change; a [`RequiredFix`] whose file no longer has its slip fails the
//! load, so that the entry is removed rather than left to excuse a later, different mistake.

use super::model::Api;

/// A security requirement that names a scheme its document does not define.
pub struct SecurityFix {
    /// The API of the operation.
    pub api: Api,
    /// The `operationId`.
    pub operation_id: &'static str,
    /// The scheme name the data uses.
    pub undefined_scheme: &'static str,
    /// The scheme names to use instead (defined in the operation's API); `""` stands for the
    /// `{}` alternative, which makes authentication optional.
    pub replacement: &'static [&'static str],
    /// Why.
    pub reason: &'static str,
}

/// The security fixes.
pub const SECURITY_FIXES: &[SecurityFix] = &[
    SecurityFix {
        api: Api::ClientServer,
        operation_id: "getRoomSummary",
        undefined_scheme: "signedRequest",
        replacement: &["accessTokenBearer", "accessTokenQuery", ""],
        reason: "`signedRequest` is the server-server X-Matrix scheme; this client-server endpoint takes the \
                 client access token, and its description says servers MAY allow unauthenticated access",
    },
    SecurityFix {
        api: Api::ServerServer,
        operation_id: "getEventByTimestamp",
        undefined_scheme: "accessToken",
        replacement: &["signedRequest"],
        reason: "federation endpoints authenticate with X-Matrix signed requests; `accessToken` is not \
                 defined in the server-server API",
    },
];

/// The fix for `scheme` on an operation, if there is one.
pub fn security_fix(api: Api, operation_id: &str, scheme: &str) -> Option<&'static SecurityFix> {
    SECURITY_FIXES
        .iter()
        .find(|fix| fix.api == api && fix.operation_id == operation_id && fix.undefined_scheme == scheme)
}

/// A `required` name that its schema never declares in `properties`, which the loader would
/// otherwise refuse (see [`super::checks`]). The name stays in the model's `required`; no field
/// carries it, so the value is kept with the type's unknown keys.
pub struct RequiredFix {
    /// `file#pointer` of the schema (as the model locates it: its definition's place).
    pub schema: &'static str,
    /// The required name that has no property.
    pub property: &'static str,
    /// Why this is the spec's slip and what the generated code does about it.
    pub reason: &'static str,
}

/// The `required` fixes. Each fails the load once the spec declares (or stops requiring) the
/// property.
pub const REQUIRED_FIXES: &[RequiredFix] = &[RequiredFix {
    schema: "event-schemas/schema/m.key.verification.accept.yaml#/properties/content",
    property: "method",
    reason: "`m.key.verification.accept` requires `method` but never declares it (its example sends \
             `\"method\": \"m.sas.v1\"`); the content keeps it with its unknown keys rather than inventing a type \
             the spec does not give",
}];
