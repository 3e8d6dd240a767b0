//! The generated docs render: no doc comment keeps a site-relative link (`](/...)`, which
//! rustdoc cannot resolve), an escaped link broken across lines (`\[text\](...)`), a link
//! whose target is broken across lines, or a Hugo shortcode (`{{% ... %}}`, `{{< ... >}}`); no
//! module's summary is printed twice (a doc on `pub mod x;` and the file's own `//!`), and no
//! doc block repeats a paragraph.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("reads the generated tree") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn generated_doc_strings_have_no_raw_links_or_shortcodes() {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/generated"), &mut files);
    let (mut lines, mut found) = (0, Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).expect("reads");
        for (number, line) in text.lines().enumerate() {
            let Some(doc) = line.trim_start().strip_prefix("///").or_else(|| line.trim_start().strip_prefix("//!"))
            else {
                continue;
            };
            lines += 1;
            let bad = ["](/", "\\](", "{{%", "{{<"].iter().find(|pattern| doc.contains(*pattern));
            if let Some(pattern) = bad {
                found.push(format!("{}:{}: `{pattern}` in {doc}", file.display(), number + 1));
            }
        }
    }
    for place in &found {
        println!("  FOUND {place}");
    }
    println!("doc strings: {lines} lines in {} files, {} raw links or shortcodes", files.len(), found.len());
    assert!(lines > 10_000, "the generated tree has its docs: {lines}");
    assert!(found.is_empty());
}

/// The doc blocks of a file: each run of consecutive `///` (or `//!`) lines, with the line
/// number of its first line, the text after the marker, and (for outer docs) the item the block
/// documents.
fn doc_blocks(text: &str) -> Vec<(usize, Vec<String>, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, &str, Vec<String>)> = None;
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = ["///", "//!"].into_iter().find(|m| trimmed.starts_with(m));
        match (marker, &mut current) {
            (Some(m), Some((_, open, lines))) if *open == m => lines.push(trimmed[3..].to_string()),
            (Some(m), _) => {
                if let Some((start, _, lines)) = current.take() {
                    blocks.push((start, lines, String::new()));
                }
                current = Some((number + 1, m, vec![trimmed[3..].to_string()]));
            }
            // Attributes between a doc and its item belong to the item.
            (None, Some((_, "///", _))) if trimmed.starts_with("#[") => {}
            (None, _) => {
                if let Some((start, marker, lines)) = current.take() {
                    let item = if marker == "///" { trimmed.to_string() } else { String::new() };
                    blocks.push((start, lines, item));
                }
            }
        }
    }
    if let Some((start, _, lines)) = current {
        blocks.push((start, lines, String::new()));
    }
    blocks
}

/// Whether a doc line leaves a link target open (`](` with no `)` after it) or ends a link text
/// whose target starts on the next line; code spans and fenced code are not prose.
fn broken_link(line: &str, next: Option<&str>) -> bool {
    let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join("");
    let open_target = prose.match_indices("](").any(|(at, _)| !prose[at..].contains(')'));
    let split_target = prose.trim_end().ends_with(']') && next.is_some_and(|n| n.trim_start().starts_with('('));
    open_target || split_target
}

#[test]
fn generated_docs_have_no_split_links_or_repeated_summaries() {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/generated");
    rust_files(&root, &mut files);
    let (mut blocks_seen, mut found) = (0, Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).expect("reads");
        for (start, lines, after) in doc_blocks(&text) {
            blocks_seen += 1;
            let mut in_fence = false;
            for (index, line) in lines.iter().enumerate() {
                if line.trim_start().starts_with("```") {
                    in_fence = !in_fence;
                    continue;
                }
                if !in_fence && broken_link(line, lines.get(index + 1).map(String::as_str)) {
                    found.push(format!("{}:{}: link broken across lines: {line}", file.display(), start + index));
                }
            }
            let joined = lines.iter().map(|line| line.trim()).collect::<Vec<_>>().join("\n");
            let mut paragraphs: Vec<String> = joined
                .split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| p.len() > 20 && !p.starts_with("```"))
                .collect();
            let count = paragraphs.len();
            paragraphs.sort();
            paragraphs.dedup();
            if paragraphs.len() != count {
                found.push(format!("{}:{start}: a paragraph is repeated in one doc block", file.display()));
            }
            // A doc on `pub mod x;` is printed before the module file's own `//!` doc.
            if let Some(name) = after.strip_prefix("pub mod ").and_then(|rest| rest.strip_suffix(';')) {
                let dir = file.parent().expect("in a directory");
                let candidates = [dir.join(format!("{name}.rs")), dir.join(name).join("mod.rs")];
                let inner =
                    candidates.iter().filter_map(|p| std::fs::read_to_string(p).ok()).any(|t| t.contains("//!"));
                if inner {
                    found.push(format!("{}:{start}: `pub mod {name};` has a doc and so has its file", file.display()));
                }
            }
        }
    }
    for place in &found {
        println!("  FOUND {place}");
    }
    println!(
        "doc blocks: {blocks_seen} in {} files, {} split links, repeated paragraphs or doubled module summaries",
        files.len(),
        found.len()
    );
    assert!(blocks_seen > 1_000, "the generated tree has its docs: {blocks_seen}");
    assert!(found.is_empty());
}
