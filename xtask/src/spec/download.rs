//! Downloading the upstream tag archive and unpacking its `data/` subtree.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use flate2::read::GzDecoder;

/// Environment variable overriding where tag archives are downloaded from (tests, mirrors).
pub const BASE_ENV: &str = "MATRIX_SPEC_ARCHIVE_BASE";

/// GitHub's tag archives of the spec repository: `<base>/<tag>.tar.gz`.
const DEFAULT_BASE: &str = "https://github.com/matrix-org/matrix-spec/archive/refs/tags";

/// The URL of the tag archive of `version`.
pub fn archive_url(version: &str) -> String {
    let base = std::env::var(BASE_ENV).ok().filter(|b| !b.is_empty());
    let base = base.as_deref().unwrap_or(DEFAULT_BASE);
    format!("{}/{version}.tar.gz", base.trim_end_matches('/'))
}

/// Downloads the archive at `url` and writes its `<top>/data/**` files under `dest`.
///
/// Every error is one line and says how to fetch from a local copy instead, because the
/// usual cause is a machine without network access.
pub fn download_data(url: &str, version: &str, dest: &Path) -> Result<usize, String> {
    let hint = offline_hint(version);
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(30))
        .timeout_read(Duration::from_secs(120))
        .build();
    let response = agent.get(url).call().map_err(|e| {
        let reason = match e {
            ureq::Error::Status(code, _) => format!("HTTP status {code}"),
            ureq::Error::Transport(transport) => transport.to_string(),
        };
        // ureq's message starts with the URL, which the error already names.
        let reason = reason.strip_prefix(&format!("{url}: ")).unwrap_or(&reason);
        format!("could not download {url}: {}; {hint}", one_line(reason))
    })?;
    unpack_data(response.into_reader(), dest)
        .map_err(|reason| format!("could not download and unpack {url}: {}; {hint}", one_line(&reason)))
}

fn offline_hint(version: &str) -> String {
    format!(
        "to fetch from a local copy of the matrix-spec repository laid out as DIR/{version}/data, run \
         `cargo xtask spec fetch --version {version} --from DIR` or set MATRIX_SPEC_SOURCE=DIR"
    )
}

/// Error texts from libraries may span lines; the command's error must stay one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Unpacks the `data/` subtree of a gzipped tar whose entries all sit in one top-level directory.
///
/// The top directory's name (`matrix-spec-1.17` on GitHub) is taken from the archive, not guessed.
pub fn unpack_data(reader: impl Read, dest: &Path) -> Result<usize, String> {
    let mut archive = tar::Archive::new(GzDecoder::new(reader));
    let entries = archive.entries().map_err(|e| e.to_string())?;
    let mut top: Option<OsString> = None;
    let mut count = 0;
    for entry in entries {
        let mut entry = entry.map_err(|e| e.to_string())?;
        // GitHub archives start with a pax global header carrying the commit id: not a file.
        if entry.header().entry_type().is_pax_global_extensions() {
            continue;
        }
        let path = entry.path().map_err(|e| e.to_string())?.into_owned();
        let Some(relative) = inside_single_top(&path, &mut top)? else {
            continue;
        };
        let Ok(in_data) = relative.strip_prefix("data") else {
            continue;
        };
        if write_entry(&mut entry, &path, in_data, dest)? {
            count += 1;
        }
    }
    match top {
        None => Err("the archive is empty".to_string()),
        Some(top) if count == 0 => Err(format!("the archive has no files under {}/data/", top.to_string_lossy())),
        Some(_) => Ok(count),
    }
}

/// The entry's path below the archive's one top-level directory (`None` for that directory itself).
fn inside_single_top(path: &Path, top: &mut Option<OsString>) -> Result<Option<PathBuf>, String> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_os_string()),
            Component::CurDir => {}
            // Absolute paths or `..` could write outside the staging directory.
            _ => return Err(format!("unsafe path {} in the archive", path.display())),
        }
    }
    let Some((first, rest)) = parts.split_first() else {
        return Ok(None);
    };
    match top {
        Some(seen) if seen != first => {
            return Err(format!(
                "the archive has more than one top-level entry ({} and {})",
                seen.to_string_lossy(),
                first.to_string_lossy()
            ))
        }
        Some(_) => {}
        None => *top = Some(first.clone()),
    }
    Ok((!rest.is_empty()).then(|| rest.iter().collect()))
}

/// Writes one entry of `data/` (relative path `in_data`) under `dest`; returns whether it was a file.
fn write_entry<R: Read>(
    entry: &mut tar::Entry<'_, R>,
    path: &Path,
    in_data: &Path,
    dest: &Path,
) -> Result<bool, String> {
    let kind = entry.header().entry_type();
    if kind.is_dir() {
        // Directories are created on demand for the files inside them.
        return Ok(false);
    }
    if !(kind.is_file() || kind.is_contiguous()) {
        return Err(format!("{} is not a plain file (links are not supported)", path.display()));
    }
    if in_data.as_os_str().is_empty() {
        return Err(format!("{} is a file, not a directory", path.display()));
    }
    let target = dest.join(in_data);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut file = fs::File::create(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    io::copy(entry, &mut file).map_err(|e| format!("reading {}: {e}", path.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A gzipped tar holding `files` (path, contents), optionally after a pax global header.
    fn archive(files: &[(&str, &str)], pax_global: bool) -> Vec<u8> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let mut builder = tar::Builder::new(gz);
        if pax_global {
            // What `git archive` writes first: the commit id as a global comment.
            let record = b"52 comment=ce5ae4d371718f8798c4e1f8961bf9533a8048e2\n";
            let mut header = tar::Header::new_ustar();
            header.set_entry_type(tar::EntryType::XGlobalHeader);
            header.set_size(record.len() as u64);
            header.set_cksum();
            builder.append_data(&mut header, "pax_global_header", &record[..]).unwrap();
        }
        for (path, contents) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(contents.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, path, contents.as_bytes()).unwrap();
        }
        builder.into_inner().unwrap().finish().unwrap()
    }

    #[test]
    fn only_the_data_subtree_of_the_single_top_directory_is_unpacked() {
        let dest = tempfile::tempdir().unwrap();
        let files = [("top/README.md", "r"), ("top/data/a/b.yaml", "b"), ("top/database/x", "x"), ("top/data/c", "c")];
        let count = unpack_data(&archive(&files, true)[..], dest.path()).unwrap();
        assert_eq!(count, 2);
        assert_eq!(fs::read_to_string(dest.path().join("a/b.yaml")).unwrap(), "b");
        assert_eq!(fs::read_to_string(dest.path().join("c")).unwrap(), "c");
        assert!(!dest.path().join("x").exists() && !dest.path().join("README.md").exists());
    }

    #[test]
    fn archives_of_another_shape_are_refused() {
        let dest = tempfile::tempdir().unwrap();
        let two_tops = archive(&[("one/data/a", "a"), ("two/data/b", "b")], false);
        assert_eq!(
            unpack_data(&two_tops[..], dest.path()).unwrap_err(),
            "the archive has more than one top-level entry (one and two)"
        );
        let no_data = archive(&[("top/content/a.md", "a")], false);
        assert_eq!(unpack_data(&no_data[..], dest.path()).unwrap_err(), "the archive has no files under top/data/");
        assert_eq!(unpack_data(&archive(&[], true)[..], dest.path()).unwrap_err(), "the archive is empty");
        assert!(unpack_data(&b"not gzip"[..], dest.path()).is_err());
    }

    #[test]
    fn archive_urls_join_the_base_and_the_tag() {
        // Reads the environment, so only the default is checked here; overrides are tested end to end.
        if std::env::var_os(BASE_ENV).is_none() {
            assert_eq!(archive_url("v1.17"), format!("{DEFAULT_BASE}/v1.17.tar.gz"));
        }
    }

    #[test]
    fn error_reasons_are_squeezed_onto_one_line() {
        assert_eq!(one_line("a\n  b\r\nc "), "a b c");
    }
}
