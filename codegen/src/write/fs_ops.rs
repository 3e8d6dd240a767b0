//! The file-system changes the writer makes, behind a trait so a test can make any one of them
//! fail.
//!
//! Reading goes to `std::fs` directly; only the operations that change the disk go through
//! [`WriteFs`]. Read-only directories do not stop root, and a full disk cannot be arranged in a
//! test, so the failed-write tests inject their errors here instead ([`FaultyFs`]).

use std::cell::Cell;
use std::fs;
use std::io;
use std::path::Path;

/// The operations the writer changes the disk with.
pub trait WriteFs {
    /// `std::fs::create_dir_all`.
    fn create_dir_all(&self, path: &Path) -> io::Result<()>;
    /// `std::fs::write`.
    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()>;
    /// `std::fs::hard_link`.
    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()>;
    /// `std::fs::rename`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// `std::fs::remove_dir_all`.
    fn remove_dir_all(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl WriteFs for RealFs {
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::create_dir_all(path)
    }

    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        fs::write(path, contents)
    }

    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()> {
        fs::hard_link(original, link)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::remove_dir_all(path)
    }
}

/// The kinds of [`WriteFs`] operation, for choosing which one fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `create_dir_all`.
    CreateDir,
    /// `write`.
    Write,
    /// `hard_link`.
    HardLink,
    /// `rename`.
    Rename,
    /// `remove_dir_all`.
    Remove,
}

impl Operation {
    const NAMES: [(&'static str, Operation); 5] = [
        ("create-dir", Operation::CreateDir),
        ("write", Operation::Write),
        ("hard-link", Operation::HardLink),
        ("rename", Operation::Rename),
        ("remove", Operation::Remove),
    ];
}

/// Which operation fails: the `index`-th (from 0) of kind `operation`, or of any kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault {
    /// The kind counted, or `None` to count every operation.
    pub operation: Option<Operation>,
    /// How many matching operations succeed before the one that fails.
    pub index: usize,
}

impl Fault {
    /// Parses `KIND:N`, where KIND is `any`, `create-dir`, `write`, `hard-link`, `rename` or
    /// `remove` (e.g. `write:3` fails the fourth file write).
    pub fn parse(text: &str) -> Result<Fault, String> {
        let invalid = || format!("invalid fault {text:?}: expected KIND:N, KIND one of any, create-dir, write, hard-link, rename, remove");
        let (kind, index) = text.split_once(':').ok_or_else(invalid)?;
        let index = index.parse().map_err(|_| invalid())?;
        let operation = match kind {
            "any" => None,
            other => Some(Operation::NAMES.iter().find(|(name, _)| *name == other).ok_or_else(invalid)?.1),
        };
        Ok(Fault { operation, index })
    }
}

/// The real file system, except that one chosen operation fails with an injected error.
#[derive(Debug)]
pub struct FaultyFs {
    fault: Fault,
    seen: Cell<usize>,
    fired: Cell<bool>,
}

impl FaultyFs {
    /// A file system on which `fault` fails.
    pub fn new(fault: Fault) -> FaultyFs {
        FaultyFs { fault, seen: Cell::new(0), fired: Cell::new(false) }
    }

    /// Whether the fault has happened (a write that needs fewer operations never reaches it).
    pub fn fired(&self) -> bool {
        self.fired.get()
    }

    /// Counts `operation` on `path`, failing it if it is the chosen one.
    fn check(&self, operation: Operation, path: &Path) -> io::Result<()> {
        if self.fault.operation.is_some_and(|kind| kind != operation) {
            return Ok(());
        }
        let seen = self.seen.get();
        self.seen.set(seen + 1);
        if seen == self.fault.index {
            self.fired.set(true);
            return Err(io::Error::other(format!("injected failure of {operation:?} on {}", path.display())));
        }
        Ok(())
    }
}

impl WriteFs for FaultyFs {
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        self.check(Operation::CreateDir, path)?;
        RealFs.create_dir_all(path)
    }

    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        self.check(Operation::Write, path)?;
        RealFs.write(path, contents)
    }

    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()> {
        self.check(Operation::HardLink, link)?;
        RealFs.hard_link(original, link)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(Operation::Rename, from)?;
        RealFs.rename(from, to)
    }

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        self.check(Operation::Remove, path)?;
        RealFs.remove_dir_all(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_and_fire_once() {
        assert_eq!(Fault::parse("write:3"), Ok(Fault { operation: Some(Operation::Write), index: 3 }));
        assert_eq!(Fault::parse("any:0"), Ok(Fault { operation: None, index: 0 }));
        assert!(Fault::parse("write").is_err() && Fault::parse("chmod:1").is_err() && Fault::parse("any:x").is_err());
        let fs = FaultyFs::new(Fault { operation: Some(Operation::Rename), index: 1 });
        let path = Path::new("/nonexistent-for-fault-test");
        assert!(fs.check(Operation::Write, path).is_ok(), "other kinds are not counted");
        assert!(fs.check(Operation::Rename, path).is_ok());
        assert!(!fs.fired());
        assert!(fs.check(Operation::Rename, path).is_err());
        assert!(fs.fired());
        assert!(fs.check(Operation::Rename, path).is_ok(), "only one operation fails");
    }
}
