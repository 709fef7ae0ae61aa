//! The two parsers undangle links, on the same files: tree-sitter-python, which detection and
//! planning read, and ruff's parser, which validates a file before and after its fix. What the
//! fix path costs at least follows from their speed and the size of their trees.
//!
//!     cargo bench --bench parsers -- FILE...                      # best of 5 rounds, as JSON
//!     cargo bench --bench parsers -- --parser tree-sitter FILE... # each once (for peak RSS)
//!
//! `scripts/parse_cost.py` runs it on the corpus's fixed files and on a generated file.

use std::hint::black_box;
use std::time::{Duration, Instant};

#[derive(Clone, Copy)]
enum Which {
    TreeSitter,
    Ruff,
}

fn parse(which: Which, parser: &mut tree_sitter::Parser, text: &str) -> bool {
    match which {
        Which::TreeSitter => parser
            .parse(text, None)
            .is_some_and(|t| black_box(t).root_node().has_error()),
        Which::Ruff => black_box(ruff_python_parser::parse_module(text)).is_err(),
    }
}

fn main() {
    // Cargo adds `--bench`; the rest are ours.
    let mut only = None;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--parser" => only = args.next(),
            "--bench" => {}
            _ => paths.push(arg),
        }
    }
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| match std::fs::read_to_string(p) {
            Ok(text) => Some(text),
            Err(err) => {
                eprintln!("parsers: {p}: {err}");
                None
            }
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut parser = undangle::scan::syntax::new_parser();
    let chosen = match only.as_deref() {
        Some("tree-sitter") => vec![Which::TreeSitter],
        Some("ruff") => vec![Which::Ruff],
        None => vec![Which::TreeSitter, Which::Ruff],
        Some(other) => {
            eprintln!("parsers: unknown parser `{other}` (tree-sitter or ruff)");
            std::process::exit(2);
        }
    };
    let rounds = if only.is_some() { 1 } else { 5 };
    let mut report = serde_json::Map::new();
    report.insert("files".into(), texts.len().into());
    report.insert("bytes".into(), bytes.into());
    for which in chosen {
        let (mut best, mut errors) = (Duration::MAX, 0);
        for _ in 0..rounds {
            let started = Instant::now();
            errors = texts
                .iter()
                .filter(|t| parse(which, &mut parser, t))
                .count();
            best = best.min(started.elapsed());
        }
        if errors > 0 {
            eprintln!("parsers: {errors} of the files do not parse");
        }
        let name = match which {
            Which::TreeSitter => "tree-sitter",
            Which::Ruff => "ruff",
        };
        report.insert(format!("{name} ms"), (best.as_secs_f64() * 1e3).into());
    }
    println!("{}", serde_json::Value::Object(report));
}
