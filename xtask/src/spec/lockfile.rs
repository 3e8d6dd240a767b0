//! The lock file `spec-snapshot/<V>.lock` and the `SOURCE` file beside a spec copy.
//!
//! A lock is plain text that `sha256sum -c` accepts when run inside `spec-snapshot/<V>/`
//! (it skips `#` lines), so the pin can be checked without this tool:
//!
//! ```text
//! # Matrix specification snapshot pinned by `cargo xtask spec lock`. Do not edit by hand.
//! # repository: https://github.com/matrix-org/matrix-spec
//! # tag: v1.17
//! # commit: ce5ae4d371718f8798c4e1f8961bf9533a8048e2
//! <64 hex sha256>  data/api/...
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::tree::Hashes;

/// The first line of every lock.
const BANNER: &str = "# Matrix specification snapshot pinned by `cargo xtask spec lock`. Do not edit by hand.";

/// Where the pinned files came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// The git repository, e.g. `https://github.com/matrix-org/matrix-spec`.
    pub repository: String,
    /// The release tag, e.g. `v1.17`.
    pub tag: String,
    /// The commit the tag points at (hex).
    pub commit: String,
}

impl Origin {
    /// Each field is one non-empty line, and the commit is a git object id.
    pub fn check(&self) -> Result<(), String> {
        for (key, value) in [("repository", &self.repository), ("tag", &self.tag), ("commit", &self.commit)] {
            if value.trim().is_empty() || value.contains(['\n', '\r']) || value.trim() != value {
                return Err(format!("{key} {value:?} must be one non-empty line without surrounding spaces"));
            }
        }
        let hex = self.commit.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        // 40 hex digits for SHA-1 repositories, 64 for SHA-256 ones.
        if !hex || !matches!(self.commit.len(), 40 | 64) {
            return Err(format!("commit {:?} is not a full lowercase hex git commit id", self.commit));
        }
        Ok(())
    }
}

/// A parsed lock: its origin and the hash of every pinned file.
#[derive(Debug, PartialEq)]
pub struct Lock {
    /// Where the files came from.
    pub origin: Origin,
    /// `data/...` → sha256.
    pub files: Hashes,
}

impl Lock {
    /// The lock's text: header, then one `hash  path` line per file in path order.
    pub fn render(&self) -> String {
        let mut text = format!(
            "{BANNER}\n# repository: {}\n# tag: {}\n# commit: {}\n",
            self.origin.repository, self.origin.tag, self.origin.commit
        );
        for (path, hash) in &self.files {
            text.push_str(&format!("{hash}  {path}\n"));
        }
        text
    }

    /// Reads and parses the lock at `path`.
    pub fn read(path: &Path) -> Result<Lock, String> {
        let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Lock::parse(&text, &path.display().to_string())
    }

    /// Parses a lock's text; errors name `name` and the line.
    pub fn parse(text: &str, name: &str) -> Result<Lock, String> {
        let mut header: BTreeMap<&str, String> = BTreeMap::new();
        let mut files = Hashes::new();
        for (index, line) in text.lines().enumerate() {
            let at = |message: String| format!("{name}:{}: {message}", index + 1);
            if let Some(comment) = line.strip_prefix('#') {
                if let Some((key, value)) = header_field(comment) {
                    if header.insert(key, value.to_string()).is_some() {
                        return Err(at(format!("`{key}` given twice")));
                    }
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let (hash, path) = parse_entry(line).map_err(at)?;
            if files.insert(path.to_string(), hash.to_string()).is_some() {
                return Err(at(format!("{path} is listed twice")));
            }
        }
        let origin = origin_from(&mut header, name)?;
        if files.is_empty() {
            return Err(format!("{name}: pins no files"));
        }
        Ok(Lock { origin, files })
    }
}

/// `# key: value` for the three header keys; other comments are free text.
fn header_field(comment: &str) -> Option<(&'static str, &str)> {
    let (key, value) = comment.trim().split_once(':')?;
    let key = ["repository", "tag", "commit"].into_iter().find(|k| *k == key.trim())?;
    Some((key, value.trim()))
}

fn origin_from(header: &mut BTreeMap<&str, String>, name: &str) -> Result<Origin, String> {
    let mut take = |key: &str| header.remove(key).ok_or(format!("{name}: no `# {key}:` header line"));
    let origin = Origin { repository: take("repository")?, tag: take("tag")?, commit: take("commit")? };
    origin.check().map_err(|e| format!("{name}: {e}"))?;
    Ok(origin)
}

/// `<64 lowercase hex>  data/relative/path`, exactly as `sha256sum` writes it.
fn parse_entry(line: &str) -> Result<(&str, &str), String> {
    let (hash, path) = line.split_once("  ").ok_or_else(|| format!("expected `<sha256>  <path>`, found {line:?}"))?;
    let is_hex = hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if hash.len() != 64 || !is_hex {
        return Err(format!("{hash:?} is not a lowercase hex sha256"));
    }
    check_entry_path(path)?;
    Ok((hash, path))
}

/// Pinned paths stay inside `data/`: no absolute paths, `..`, `.`, empty parts or backslashes.
///
/// Checked on the text itself, since `Path::components` would quietly drop `.` and `//`.
fn check_entry_path(path: &str) -> Result<(), String> {
    let mut parts = path.split('/');
    let clean =
        parts.next() == Some("data") && !path.contains('\\') && parts.all(|part| !matches!(part, "" | "." | ".."));
    if clean && path.len() > "data/".len() {
        Ok(())
    } else {
        Err(format!("{path:?} is not a relative path under data/"))
    }
}

/// The `key: value` lines of a `SOURCE` file (`repository`, `tag`, `commit`, `paths`, ...).
pub fn read_source_file(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut fields = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| format!("{}:{}: expected `key: value`, found {line:?}", path.display(), index + 1))?;
        fields.insert(key.trim().to_string(), value.trim().to_string());
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const HASH_A: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const HASH_B: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const COMMIT: &str = "ce5ae4d371718f8798c4e1f8961bf9533a8048e2";

    fn sample() -> Lock {
        let origin = Origin {
            repository: "https://github.com/matrix-org/matrix-spec".into(),
            tag: "v1.17".into(),
            commit: COMMIT.into(),
        };
        let files = [("data/b.yaml", HASH_B), ("data/a/x.yaml", HASH_A)]
            .iter()
            .map(|(p, h)| (p.to_string(), h.to_string()))
            .collect();
        Lock { origin, files }
    }

    #[test]
    fn render_is_the_documented_format_and_parses_back() {
        let text = sample().render();
        let expected = format!(
            "{BANNER}\n# repository: https://github.com/matrix-org/matrix-spec\n# tag: v1.17\n# commit: {COMMIT}\n\
             {HASH_A}  data/a/x.yaml\n{HASH_B}  data/b.yaml\n"
        );
        assert_eq!(text, expected);
        assert_eq!(Lock::parse(&text, "x.lock").unwrap(), sample());
    }

    fn parse_error(text: &str) -> String {
        Lock::parse(text, "v9.lock").unwrap_err()
    }

    #[test]
    fn parse_errors_name_the_lock_and_line() {
        let head = format!("{BANNER}\n# repository: r\n# tag: v9\n# commit: {COMMIT}\n");
        let err = parse_error(&format!("{head}{HASH_A} data/one-space.yaml\n"));
        assert!(err.starts_with("v9.lock:5: expected"), "{err}");
        let err = parse_error(&format!("{head}{HASH_A}  data/a\nABCD  data/b\n"));
        assert!(err.starts_with("v9.lock:6: \"ABCD\" is not a lowercase hex sha256"), "{err}");
        let err = parse_error(&format!("{head}{HASH_A}  data/a\n{HASH_B}  data/a\n"));
        assert_eq!(err, "v9.lock:6: data/a is listed twice");
        for bad in ["data/../etc/passwd", "/data/a", "other/a", "data/./a", "data//a", "data\\a"] {
            let err = parse_error(&format!("{head}{HASH_A}  {bad}\n"));
            assert!(err.starts_with("v9.lock:5: ") && err.contains("not a relative path under data/"), "{err}");
        }
    }

    #[test]
    fn a_lock_needs_its_header_and_files() {
        let err = parse_error(&format!("# tag: v9\n# commit: {COMMIT}\n{HASH_A}  data/a\n"));
        assert_eq!(err, "v9.lock: no `# repository:` header line");
        let err = parse_error(&format!("# repository: r\n# tag: v9\n# commit: {COMMIT}\n"));
        assert_eq!(err, "v9.lock: pins no files");
        let err = parse_error(&format!("# repository: r\n# tag: v9\n# commit: abc\n{HASH_A}  data/a\n"));
        assert!(err.contains("not a full lowercase hex git commit id"), "{err}");
        let err = parse_error("# tag: a\n# tag: b\n");
        assert_eq!(err, "v9.lock:2: `tag` given twice");
    }

    #[test]
    fn source_files_are_key_value_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("SOURCE");
        fs::write(&path, "repository: https://x/y\ntag: v1.17\ncommit: abc\npaths: data/ (API), LICENSE\n").unwrap();
        let fields = read_source_file(&path).unwrap();
        assert_eq!(fields["repository"], "https://x/y");
        assert_eq!(fields["paths"], "data/ (API), LICENSE");
        fs::write(&path, "tag: v1\nnonsense\n").unwrap();
        let err = read_source_file(&path).unwrap_err();
        assert!(err.ends_with("SOURCE:2: expected `key: value`, found \"nonsense\""), "{err}");
    }
}
