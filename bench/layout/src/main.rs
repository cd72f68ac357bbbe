//! For each models.rs given: the time prettyplease takes to print it (parsed with syn), and
//! how many lines rustfmt changes in prettyplease's text and in modelgen's own.
//! `cargo run --release -- FILE...` (from bench/layout.sh).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    println!("{:<24} {:>9} {:>12} {:>16} {:>16}", "file", "lines", "prettyplease", "rustfmt changes", "rustfmt changes");
    println!("{:<24} {:>9} {:>12} {:>16} {:>16}", "", "", "time", "(prettyplease)", "(modelgen)");
    for path in std::env::args().skip(1) {
        let ours = std::fs::read_to_string(&path).unwrap();
        let start = Instant::now();
        let file = syn::parse_file(&ours).unwrap();
        let printed = prettyplease::unparse(&file);
        let elapsed = start.elapsed();
        let name = std::path::Path::new(&path).file_name().unwrap().to_string_lossy().to_string();
        println!(
            "{:<24} {:>9} {:>10.0?} {:>16} {:>16}",
            name,
            ours.lines().count(),
            elapsed,
            changed_lines(&printed),
            changed_lines(&ours)
        );
    }
}

/// Lines of `source` that rustfmt (edition 2021, default settings) rewrites.
fn changed_lines(source: &str) -> usize {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = source.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let formatted = String::from_utf8(output.stdout).unwrap();
    let theirs: std::collections::HashSet<&str> = formatted.lines().collect();
    source.lines().filter(|l| !theirs.contains(l)).count()
}
