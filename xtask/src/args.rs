//! A tiny flag parser: `--name value` pairs and bare `--switch`es, nothing positional unless asked.

use std::collections::BTreeMap;

/// Parsed flags of one command.
#[derive(Debug, Default)]
pub struct Flags {
    values: BTreeMap<String, String>,
    switches: Vec<String>,
    /// Words that are not flags, in order.
    pub positional: Vec<String>,
}

impl Flags {
    /// Parses `words`; `valued` names the flags that take a value, `switches` those that do not.
    pub fn parse(words: &[&str], valued: &[&str], switches: &[&str]) -> Result<Flags, String> {
        let mut flags = Flags::default();
        let mut iter = words.iter();
        while let Some(word) = iter.next() {
            if let Some(name) = word.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (name, None),
                };
                if valued.contains(&name) {
                    let value = match inline {
                        Some(v) => v,
                        None => iter.next().ok_or(format!("--{name} needs a value"))?.to_string(),
                    };
                    flags.values.insert(name.to_string(), value);
                } else if switches.contains(&name) && inline.is_none() {
                    flags.switches.push(name.to_string());
                } else {
                    return Err(format!("unknown flag --{name}"));
                }
            } else {
                flags.positional.push(word.to_string());
            }
        }
        Ok(flags)
    }

    /// The value of `--name`, if given.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Whether `--name` was given.
    pub fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }

    /// Fails if any positional word was given.
    pub fn no_positional(&self) -> Result<(), String> {
        match self.positional.first() {
            Some(word) => Err(format!("unexpected argument: {word}")),
            None => Ok(()),
        }
    }
}
