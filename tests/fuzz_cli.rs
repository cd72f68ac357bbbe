//! The CLI under mutants of real schemas: pieces of every corpus schema, sample and fixture,
//! mutated by a seeded generator (bytes flipped, cut, repeated; SQL tokens, deep nesting, huge
//! numbers and long names put in), each run through `modelgen generate` or `inspect`. No run
//! may panic, exit with a code other than 0, 1 or 2, take more than 64 MB plus three times its
//! input, or print an error message over a few KB.
//!
//! 20,000 cases by default (a few minutes on two cores); `MODELGEN_FUZZ_CASES=200000` for a
//! longer hunt, `MODELGEN_FUZZ_SEED` for other mutants. Deterministic for a given seed: a
//! failure prints the case's seed and its input is kept in the temporary folder.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What a mutation may put in: pieces of SQL that change how the rest is read.
const TOKENS: &[&str] = &[
    "(",
    ")",
    ",",
    ";",
    "'",
    "\"",
    "`",
    "/*",
    "*/",
    "/*!50000 ",
    "/*!40101 ",
    "*/",
    "-- ",
    "#",
    "\n",
    "\r\n",
    "\\",
    "\0",
    "\u{202e}",
    "é",
    "DELIMITER ;;\n",
    "DELIMITER $$\n",
    "DELIMITER \n",
    "DELIMITER ;\n",
    "\\d //\n",
    "\\g",
    "\\c",
    "CREATE TABLE ",
    "ALTER TABLE ",
    "DROP TABLE ",
    "DROP INDEX ",
    "CREATE INDEX i ON ",
    "RENAME TABLE ",
    " TO ",
    "ADD ",
    "DROP ",
    "CHANGE ",
    "MODIFY ",
    "COLUMN ",
    "INDEX ",
    "KEY ",
    "PRIMARY KEY ",
    "UNIQUE ",
    "FOREIGN KEY ",
    "REFERENCES ",
    "CONSTRAINT ",
    "CHECK ",
    " DEFAULT ",
    " NOT NULL",
    " NULL",
    " AUTO_INCREMENT",
    " ON DELETE CASCADE",
    " ON UPDATE SET NULL",
    "ENUM('a','A')",
    "SET('x','x')",
    " ENUM()",
    " GENERATED ALWAYS AS (1) ",
    " COMMENT 'c' ",
    " CHARACTER SET latin1 ",
    " COLLATE utf8mb4_bin",
    " BINARY ",
    " UNSIGNED ",
    " ZEROFILL ",
    "VARCHAR(",
    "DECIMAL(65,30)",
    "FLOAT(255,30)",
    "TIME(6)",
    "BIT(64)",
    "TEXT(4294967295)",
    "99999999999999999999999999",
    "-1",
    "0x",
    "x'41'",
    "b'1'",
    "IF NOT EXISTS ",
    "IF EXISTS ",
    "OR REPLACE ",
    "LIKE ",
    " SELECT 1 ",
    "SET foreign_key_checks = 0;\n",
    "SET foreign_key_checks = 1;\n",
    "ENGINE=MyISAM ",
    "PARTITION BY HASH (id) PARTITIONS 2",
    "USE x;\n",
    "CREATE PROCEDURE p() BEGIN SELECT 1; END",
    "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1",
    "id",
    "`id`",
    "t",
    "`t`",
];

/// Mutants of `source`: one to four mutations of a random kind each.
fn mutate(rng: &mut Rng, source: &[u8]) -> Vec<u8> {
    let mut bytes = source.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(12) {
            0 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(256)).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                bytes.splice(at..at, piece);
            }
            3 => bytes.truncate(at),
            4 => {
                // Deep nesting, as far as MariaDB's own limits and past them.
                let depth = [10, 60, 300, 3000][rng.below(4)];
                let nested = "(".repeat(depth) + "1" + &")".repeat(depth);
                bytes.splice(at..at, nested.into_bytes());
            }
            5 => {
                // A long name or string: past 64 characters, or a lot past.
                let length = [65, 300, 70_000][rng.below(3)];
                let long = "a".repeat(length);
                bytes.splice(at..at, long.into_bytes());
            }
            6 => {
                let byte = [0u8, 0xff, 0xc3, 0x80, b'\'', b'`'][rng.below(6)];
                bytes.insert(at, byte);
            }
            7 | 8 => {
                // A word in place of another: names that clash, or that name nothing.
                let words = words(&bytes);
                if let (Some(&(from, to)), Some(&(a, b))) = (
                    words.get(rng.below(words.len())),
                    words.get(rng.below(words.len())),
                ) {
                    let word = bytes[a..b].to_vec();
                    bytes.splice(from..to, word);
                }
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.bytes());
            }
        }
    }
    bytes
}

/// Where the words (runs of letters, digits and `_`) of `bytes` are.
fn words(bytes: &[u8]) -> Vec<(usize, usize)> {
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let mut found = Vec::new();
    let mut start = None;
    for (i, b) in bytes.iter().enumerate() {
        match (is_word(b), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                found.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        found.push((s, bytes.len()));
    }
    found
}

/// The texts to mutate: every corpus, sample and fixture file, or a window of statements of
/// the large ones (so a run stays short).
fn sources() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut add = |path: PathBuf| {
        if path.is_dir() {
            for entry in walk(&path) {
                files.push(entry);
            }
        } else {
            files.push(path);
        }
    };
    for (_, inputs) in common::manifest() {
        inputs.into_iter().for_each(&mut add);
    }
    for unloadable in [
        "umami",
        "dolibarr",
        "prestashop/db_structure.sql",
        "ory-hydra",
    ] {
        add(common::shared().join("corpus").join(unloadable));
    }
    for (_, inputs) in common::samples() {
        inputs.into_iter().for_each(&mut add);
    }
    add(common::repo().join("tests").join("sql"));
    files.sort();
    files.dedup();
    files
        .into_iter()
        .filter_map(|f| Some((f.display().to_string(), std::fs::read(&f).ok()?)))
        .filter(|(_, bytes)| !bytes.is_empty())
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "sql") {
            found.push(path);
        }
    }
    found
}

/// A window of about `size` bytes of `text`, starting after a `;` and a newline.
fn window(rng: &mut Rng, text: &[u8], size: usize) -> Vec<u8> {
    if text.len() <= size {
        return text.to_vec();
    }
    let start = rng.below(text.len() - size);
    let start = memchr_after(text, start, b";\n").unwrap_or(start);
    let end = memchr_after(text, (start + size).min(text.len()), b";\n").unwrap_or(text.len());
    text[start..end].to_vec()
}

fn memchr_after(text: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    text[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p + needle.len())
}

/// The largest statement of `input`, in bytes, as the client cuts them (roughly: at `;`).
fn largest_statement(input: &[u8]) -> usize {
    input
        .split(|b| *b == b';')
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0)
}

/// What one run gave.
struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    max_rss_kb: i64,
    stderr: String,
    took: Duration,
}

/// Runs the CLI with `args`, measuring its peak memory.
fn run(args: &[&str]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_modelgen"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run modelgen");
    let pid = child.id() as libc::pid_t;
    let mut stderr_pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut text);
        text
    });
    // The child's peak memory is read from /proc while it runs (VmHWM counts its own pages
    // only: wait4's ru_maxrss would count this process's too, which the child shared until
    // it ran modelgen). A run that hangs is killed after a minute, and fails below.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let done = done.clone();
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let status = format!("/proc/{pid}/status");
            let mut peak_kb = 0i64;
            while !done.load(Ordering::Relaxed) {
                if let Some(kb) = std::fs::read_to_string(&status)
                    .ok()
                    .and_then(|s| high_water_kb(&s))
                {
                    peak_kb = peak_kb.max(kb);
                }
                if Instant::now() > deadline {
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            peak_kb
        })
    };
    let mut status = 0;
    unsafe { libc::waitpid(pid, &mut status, 0) };
    done.store(true, Ordering::Relaxed);
    let max_rss_kb = watcher.join().unwrap();
    let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    std::mem::forget(child); // reaped by waitpid above
    Run {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        max_rss_kb,
        stderr,
        took: started.elapsed(),
    }
}

/// VmHWM of a /proc/<pid>/status, in KB; `None` once the process has exited (a zombie has
/// no memory).
fn high_water_kb(status: &str) -> Option<i64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Why a run is wrong, or `None`.
fn problem(run: &Run, input: &[u8]) -> Option<String> {
    if let Some(signal) = run.signal {
        return Some(format!("killed by signal {signal} after {:?}", run.took));
    }
    if !matches!(run.code, Some(0..=2)) || run.stderr.contains("panicked") {
        return Some(format!("exit {:?}: {}", run.code, head(&run.stderr)));
    }
    let limit_kb = 64 * 1024 + 3 * largest_statement(input) as i64 / 1024;
    if run.max_rss_kb > limit_kb {
        return Some(format!("peak RSS {} KB over {limit_kb} KB", run.max_rss_kb));
    }
    if let Some(long) = run.stderr.lines().find(|l| l.len() > 1024) {
        return Some(format!("a line of {} bytes on stderr", long.len()));
    }
    let error = run
        .stderr
        .rfind(": error: ")
        .map_or("", |at| &run.stderr[at..]);
    if error.len() > 4096 {
        return Some(format!(
            "an error of {} bytes: {}",
            error.len(),
            head(error)
        ));
    }
    None
}

fn head(text: &str) -> String {
    text.chars().take(600).collect()
}

#[test]
fn mutants_of_every_schema_never_crash_or_blow_up() {
    let cases: usize = std::env::var("MODELGEN_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(20_000);
    let seed: u64 = std::env::var("MODELGEN_FUZZ_SEED")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(11);
    let sources = sources();
    assert!(sources.len() > 20, "only {} corpus files", sources.len());
    let dir = std::env::temp_dir().join(format!("modelgen-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for thread in 0..threads {
            let (sources, next, failures, dir) = (&sources, &next, &failures, &dir);
            scope.spawn(move || {
                let input = dir.join(format!("case-{thread}.sql"));
                let out = dir.join(format!("out-{thread}"));
                std::fs::create_dir_all(&out).unwrap();
                loop {
                    let case = next.fetch_add(1, Ordering::Relaxed);
                    if case >= cases || failures.lock().unwrap().len() >= 5 {
                        return;
                    }
                    let case_seed = seed.wrapping_mul(1_000_003).wrapping_add(case as u64);
                    let mut rng = Rng(case_seed);
                    let (name, text) = &sources[rng.below(sources.len())];
                    let size = 1 << (10 + rng.below(4));
                    let piece = window(&mut rng, text, size);
                    let mutant = mutate(&mut rng, &piece);
                    std::fs::write(&input, &mutant).unwrap();
                    let input_arg = input.to_str().unwrap();
                    let models = out.join("models.rs");
                    let tests = out.join("models_tests.rs");
                    let diagram = out.join("diagram.md");
                    let args: Vec<&str> = match case % 3 {
                        0 => vec!["inspect", input_arg, "--format", "json"],
                        1 => vec!["inspect", input_arg, "--relations"],
                        _ => vec![
                            "generate",
                            input_arg,
                            "--out",
                            models.to_str().unwrap(),
                            "--tests",
                            tests.to_str().unwrap(),
                            "--diagram",
                            diagram.to_str().unwrap(),
                        ],
                    };
                    let outcome = run(&args);
                    if let Some(problem) = problem(&outcome, &mutant) {
                        let kept = dir.join(format!("failed-{case_seed}.sql"));
                        std::fs::write(&kept, &mutant).unwrap();
                        failures.lock().unwrap().push(format!(
                            "case seed {case_seed} (a mutant of {name}, kept as {}): {} {problem}",
                            kept.display(),
                            args[0]
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    eprintln!(
        "{} mutants in {:.0?} ({threads} threads)",
        next.load(Ordering::Relaxed).min(cases),
        started.elapsed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 11 point 12: hostile statements, each within 64 MB plus three times the statement,
/// with a short error.
#[test]
fn hostile_statements_stay_within_memory_and_say_so_briefly() {
    let dir = std::env::temp_dir().join(format!("modelgen-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Each input is made, written and dropped before its run: one at a time in memory.
    type Case = (&'static str, fn() -> String, bool);
    let cases: [Case; 5] = [
        // A token-dense statement with a syntax error.
        (
            "dense",
            || format!("CREATE TABLE t (a INT, {});", "a,".repeat(2_500_000)),
            false,
        ),
        // Nested parentheses, five megabytes of them.
        (
            "nested",
            || {
                format!(
                    "CREATE TABLE t (a INT DEFAULT {}1{});",
                    "(".repeat(2_500_000),
                    ")".repeat(2_500_000)
                )
            },
            false,
        ),
        // A long comment: read, in bounds.
        (
            "comment",
            || format!("CREATE TABLE t (a INT) COMMENT '{}';", "x".repeat(10 << 20)),
            true,
        ),
        // Past MariaDB's max_allowed_packet: refused without holding it.
        (
            "huge comment",
            || format!("CREATE TABLE t (a INT) COMMENT '{}';", "x".repeat(40 << 20)),
            false,
        ),
        // Deep, but as deep as MariaDB takes.
        (
            "deep",
            || {
                format!(
                    "CREATE TABLE t (a INT DEFAULT {}1{});",
                    "COALESCE(".repeat(300),
                    ")".repeat(300)
                )
            },
            true,
        ),
    ];
    for (name, make, loads) in cases {
        let path = dir.join("hostile.sql");
        let largest = {
            let sql = make();
            std::fs::write(&path, &sql).unwrap();
            sql.len()
        };
        let run = run(&["inspect", path.to_str().unwrap(), "--format", "json"]);
        assert_eq!(
            run.code,
            Some(if loads { 0 } else { 2 }),
            "{name}: {}",
            head(&run.stderr)
        );
        let limit_kb = 64 * 1024 + 3 * largest.min(16 << 20) as i64 / 1024;
        assert!(
            run.max_rss_kb <= limit_kb,
            "{name}: peak RSS {} KB over {limit_kb} KB",
            run.max_rss_kb
        );
        assert!(
            run.stderr.len() < 1024,
            "{name}: {} bytes of stderr",
            run.stderr.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// An ENUM of n values takes time linear in n, tests included (its variants were named in
/// quadratic time: 32,000 values took a minute).
#[test]
fn an_enum_of_many_values_takes_linear_time() {
    let dir = std::env::temp_dir().join(format!("modelgen-enum-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let time = |n: usize| {
        let values: Vec<String> = (0..n).map(|i| format!("'v{i}'")).collect();
        let path = dir.join(format!("enum{n}.sql"));
        std::fs::write(
            &path,
            format!("CREATE TABLE t (a ENUM({}));", values.join(",")),
        )
        .unwrap();
        let out = dir.join("models.rs");
        let tests = dir.join("models_tests.rs");
        (0..2)
            .map(|_| {
                let run = run(&[
                    "generate",
                    path.to_str().unwrap(),
                    "--out",
                    out.to_str().unwrap(),
                    "--tests",
                    tests.to_str().unwrap(),
                ]);
                assert_eq!(run.code, Some(0), "{}", head(&run.stderr));
                run.took
            })
            .min()
            .unwrap()
    };
    let (small, large) = (time(4_000), time(32_000));
    assert!(
        large < small * 16,
        "8 times the values took {:.1} times as long ({small:?}, {large:?})",
        large.as_secs_f64() / small.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
