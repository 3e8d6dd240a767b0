//! Which crate each generated module compiles in: the one place that splits the generated tree.
//!
//! `generated-api` is a facade over seven crates, so that a dependant's build runs them as
//! separate rustc processes (in parallel, each with a fraction of one crate's peak memory):
//!
//! - `generated-api-core` holds every module without operations: the events, the schemas and
//!   each API's `definitions` (the types more than one API, or the events, use);
//! - `generated-api-<feature>` holds the modules with operations of one API (`client`,
//!   `federation`, `appservice`, `identity`, `push-gateway`), built on the core crate.
//!
//! All of them live in the facade's one generated tree (`generated-api/src/generated/`, one
//! directory per crate, included by each crate with `#[path]`), so that a regeneration is still
//! one atomic swap and `--check` one comparison. Each crate names the others' modules through
//! re-exports at the same `crate::generated::...` paths, so that a type's path in generated
//! code does not depend on the crate it is emitted in.

use std::collections::BTreeSet;

use crate::ir::{Feature, Module, ModulePath};

/// One crate of the split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Crate {
    /// `generated-api-core`: the runtime and every module without operations.
    Core,
    /// `generated-api-<feature>`: the modules with operations of one API.
    Operations(Feature),
}

impl Crate {
    /// Every crate, core first.
    pub const ALL: [Crate; 6] = [
        Crate::Core,
        Crate::Operations(Feature::Client),
        Crate::Operations(Feature::Federation),
        Crate::Operations(Feature::Appservice),
        Crate::Operations(Feature::Identity),
        Crate::Operations(Feature::PushGateway),
    ];

    /// Its directory in the generated tree, and below `generated-api/crates/`.
    pub fn dir(self) -> &'static str {
        match self {
            Crate::Core => "core",
            Crate::Operations(feature) => feature.name(),
        }
    }

    /// Its name in Rust paths (`generated_api_core`, ...).
    pub fn rust_name(self) -> String {
        format!("generated_api_{}", self.dir().replace('-', "_"))
    }

    /// The one feature of an operations crate (the facade's feature that depends on it).
    pub fn feature(self) -> Option<Feature> {
        match self {
            Crate::Core => None,
            Crate::Operations(feature) => Some(feature),
        }
    }
}

/// The crate `module` compiles in: an operations crate if it has operations (which then all
/// belong to one API: the module's one feature), the core crate otherwise.
pub fn placement(path: &ModulePath, module: &Module) -> Result<Crate, String> {
    placement_of(path, !module.operations.is_empty(), &module.features)
}

/// [`placement`] of a module by whether it has operations and by its features.
fn placement_of(path: &ModulePath, has_operations: bool, features: &BTreeSet<Feature>) -> Result<Crate, String> {
    if !has_operations {
        return Ok(Crate::Core);
    }
    match features.iter().copied().collect::<Vec<_>>().as_slice() {
        [feature] if *feature != Feature::Events => Ok(Crate::Operations(*feature)),
        features => Err(format!(
            "module {} has operations but is enabled by {:?}: an operations crate serves exactly one API, \
             so its types cannot be shared (move them to a definitions file)",
            path.join("::"),
            features.iter().map(|f| f.name()).collect::<Vec<_>>()
        )),
    }
}

/// Whether an operations crate for `feature` sees a core module enabled by `features`: the
/// crate turns on only its own feature of the core crate.
pub fn visible_to(feature: Feature, features: &BTreeSet<Feature>) -> bool {
    features.is_empty() || features.contains(&feature)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(path: &[&str], features: &[Feature], has_operations: bool) -> Result<Crate, String> {
        let path: ModulePath = path.iter().map(|s| s.to_string()).collect();
        placement_of(&path, has_operations, &features.iter().copied().collect())
    }

    #[test]
    fn modules_without_operations_are_shared() {
        assert_eq!(place(&["client_server", "definitions"], &[Feature::Client, Feature::Events], false), Ok(Crate::Core));
    }

    #[test]
    fn operations_go_to_their_apis_crate() {
        assert_eq!(place(&["client_server", "sync"], &[Feature::Client], true), Ok(Crate::Operations(Feature::Client)));
        assert_eq!(Crate::Operations(Feature::PushGateway).rust_name(), "generated_api_push_gateway");
    }

    #[test]
    fn operations_needed_by_two_apis_are_an_error() {
        let error = place(&["client_server", "keys"], &[Feature::Client, Feature::Federation], true).expect_err("two APIs");
        assert!(error.contains("client_server::keys"), "{error}");
    }

    #[test]
    fn an_operations_crate_sees_its_own_and_always_on_modules() {
        assert!(visible_to(Feature::Client, &BTreeSet::new()));
        assert!(visible_to(Feature::Client, &BTreeSet::from([Feature::Client, Feature::Events])));
        assert!(!visible_to(Feature::Identity, &BTreeSet::from([Feature::Client])));
    }
}
