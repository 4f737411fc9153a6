//! Embeds every message file in `locales/` (one per language, named by its
//! tag), so adding a language is adding a file.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let mut files: Vec<String> = fs::read_dir("locales")
        .expect("locales/ is readable")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".ftl"))
        .collect();
    files.sort();
    let mut table = String::from("&[\n");
    for name in &files {
        let tag = name.trim_end_matches(".ftl");
        let _ =
            writeln!(table, "    ({tag:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/locales/{name}\"))),");
    }
    table.push(']');
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    fs::write(out, table).expect("OUT_DIR is writable");
}
