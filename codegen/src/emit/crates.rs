//! Which crate each generated module compiles in: the one place that splits the generated tree.
//!
//! `generated-api` is a facade over seven crates, so that a dependant's build runs them as
//! separate rustc processes (in parallel, each with a fraction of one crate's peak memory):
//!
//! - `generated-api-core` holds every module without operations: the events, the schemas and
//!   each API's `definitions` (the types more than one API, or the events, use);
//! - `generated-api-<feature>` holds the modules with operations of one API (`federation`,
//!   `appservice`, `identity`, `push-gateway`), built on the core crate; the client-server API,
//!   as large as all the others together, is two crates ([`SPLITS`]: `client-a` for the modules
//!   named `a`…`m`, `client-n` for `n`…`z`), so that no one crate is the build's long pole.
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
    /// `generated-api-<feature>` (or `-<feature>-<first letter>` for a split API): the modules
    /// with operations of one API, or of one part of it ([`SPLITS`]).
    Operations(Feature, Part),
}

/// Which part of a split API's operations a crate holds: the index of its range in [`SPLITS`]
/// (0 for an API that is not split).
pub type Part = usize;

/// The APIs whose operations are split over several crates, by the first letters of their
/// modules' names: each entry starts a range (the first one starts at `a`). Stable across spec
/// versions (a module's crate follows from its name alone), and roughly halving the
/// client-server API (v1.17: 19.9 k lines `a`…`m`, 20.8 k lines `n`…`z`).
pub const SPLITS: &[(Feature, &[char])] = &[(Feature::Client, &['a', 'n'])];

impl Crate {
    /// Every crate, core first.
    pub fn all() -> Vec<Crate> {
        let apis = [Feature::Client, Feature::Federation, Feature::Appservice, Feature::Identity, Feature::PushGateway];
        let operations = apis.into_iter().flat_map(|feature| (0..parts(feature)).map(move |part| Crate::Operations(feature, part)));
        std::iter::once(Crate::Core).chain(operations).collect()
    }

    /// Its directory in the generated tree, and below `generated-api/crates/`.
    pub fn dir(self) -> String {
        match self {
            Crate::Core => "core".to_string(),
            Crate::Operations(feature, part) => match split_of(feature) {
                Some(starts) => format!("{}-{}", feature.name(), starts[part]),
                None => feature.name().to_string(),
            },
        }
    }

    /// Its package name (`generated-api-core`, ...).
    pub fn package(self) -> String {
        format!("generated-api-{}", self.dir())
    }

    /// Its name in Rust paths (`generated_api_core`, ...).
    pub fn rust_name(self) -> String {
        self.package().replace('-', "_")
    }

    /// The one feature of an operations crate (the facade's feature that depends on it).
    pub fn feature(self) -> Option<Feature> {
        match self {
            Crate::Core => None,
            Crate::Operations(feature, _) => Some(feature),
        }
    }
}

/// The first letters of the ranges a split API's operations crates hold.
fn split_of(feature: Feature) -> Option<&'static [char]> {
    SPLITS.iter().find(|(split, _)| *split == feature).map(|(_, starts)| *starts)
}

/// How many operations crates `feature` has.
fn parts(feature: Feature) -> usize {
    split_of(feature).map_or(1, <[char]>::len)
}

/// The module placed in a split API's crates by its name's first letter (0 if not split).
fn part_of(feature: Feature, name: &str) -> Part {
    let Some(starts) = split_of(feature) else { return 0 };
    let first = name.trim_start_matches("r#").chars().next().unwrap_or('a');
    starts.iter().rposition(|start| first >= *start).unwrap_or(0)
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
    match features.first() {
        Some(&feature) if features.len() == 1 && feature != Feature::Events => {
            let name = path.last().map_or("", String::as_str);
            Ok(Crate::Operations(feature, part_of(feature, name)))
        }
        _ => Err(format!(
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
        assert_eq!(place(&["server_server", "joins"], &[Feature::Federation], true), Ok(Crate::Operations(Feature::Federation, 0)));
        assert_eq!(Crate::Operations(Feature::PushGateway, 0).rust_name(), "generated_api_push_gateway");
    }

    #[test]
    fn the_client_api_is_split_by_module_name() {
        let crate_of = |name: &str| place(&["client_server", name], &[Feature::Client], true).map(Crate::dir);
        assert_eq!(crate_of("account_data"), Ok("client-a".to_string()));
        assert_eq!(crate_of("message_pagination"), Ok("client-a".to_string()));
        assert_eq!(crate_of("notifications"), Ok("client-n".to_string()));
        assert_eq!(crate_of("voip"), Ok("client-n".to_string()));
        let dirs: Vec<String> = Crate::all().into_iter().map(Crate::dir).collect();
        assert_eq!(dirs, ["core", "client-a", "client-n", "federation", "appservice", "identity", "push-gateway"]);
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
