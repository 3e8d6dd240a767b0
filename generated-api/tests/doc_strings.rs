//! The generated docs render: no doc comment keeps a site-relative link (`](/...)`, which
//! rustdoc cannot resolve), an escaped link broken across lines (`\[text\](...)`), or a Hugo
//! shortcode (`{{% ... %}}`, `{{< ... >}}`).

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
            let Some(doc) = line.trim_start().strip_prefix("///").or_else(|| line.trim_start().strip_prefix("//!")) else {
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
