//! The crates the generator splits `generated-api` into (`codegen::emit::crates`) are the ones
//! the workspace has: each has its package below `generated-api/crates/<dir>/`, named
//! `generated-api-<dir>`, including its part of the generated tree by `#[path]`, and the facade
//! depends on it. A change of the split (a new API, another client range) fails here, naming
//! the crate, instead of leaving a generated directory no crate compiles.

mod support;

use std::fs;

use codegen::emit::Crate;
use support::workspace;

/// What is wrong with the package of `krate`, if anything.
fn problems(krate: Crate) -> Vec<String> {
    let (dir, package_name) = (krate.dir(), krate.package());
    let home = workspace().join("generated-api");
    let package = home.join("crates").join(&dir);
    let mut found = Vec::new();
    match fs::read_to_string(package.join("Cargo.toml")) {
        Ok(manifest) if manifest.contains(&format!("name = \"{package_name}\"")) => {}
        Ok(_) => found.push(format!("crates/{dir}/Cargo.toml does not name the package {package_name}")),
        Err(e) => found.push(format!("crates/{dir}/Cargo.toml: {e}")),
    }
    match fs::read_to_string(package.join("src/lib.rs")) {
        Ok(lib) if lib.contains(&format!("#[path = \"../../../src/generated/{dir}/mod.rs\"]")) => {}
        Ok(_) => found.push(format!("crates/{dir}/src/lib.rs does not include src/generated/{dir}/mod.rs")),
        Err(e) => found.push(format!("crates/{dir}/src/lib.rs: {e}")),
    }
    let facade = fs::read_to_string(home.join("Cargo.toml")).expect("the facade's manifest");
    if !facade.contains(&format!("{package_name} = {{ path = \"crates/{dir}\"")) {
        found.push(format!("generated-api/Cargo.toml does not depend on {package_name}"));
    }
    found
}

#[test]
fn every_crate_of_the_split_is_a_package_of_the_workspace() {
    let crates = Crate::all();
    let (mut passed, mut failed) = (0, Vec::new());
    for krate in &crates {
        let found = problems(*krate);
        if found.is_empty() {
            passed += 1;
        }
        failed.extend(found);
    }
    // And no package below crates/ that the split no longer fills.
    let dirs: Vec<String> = crates.iter().map(|krate| krate.dir()).collect();
    for entry in fs::read_dir(workspace().join("generated-api/crates")).expect("generated-api/crates") {
        let name = entry.expect("an entry").file_name().to_string_lossy().into_owned();
        if !dirs.contains(&name) {
            failed.push(format!("generated-api/crates/{name} is no crate of the split"));
        }
    }
    println!("crates of the split: {passed} passed, {} failed", crates.len() - passed);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
