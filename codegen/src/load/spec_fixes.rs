//! Places where the spec's data contradicts itself, and how the loader reads them.
//!
//! Every Matrix-specific correction the loader makes lives here, each with its reason. A fix
//! applies only where the data still has the problem, so a spec version that repairs it needs no
//! code change.

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
