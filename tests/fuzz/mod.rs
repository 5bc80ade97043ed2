//! A small seeded fuzzer on stable Rust for the input surfaces: a mutator
//! over a seed corpus, run for a fixed time (ARCHCRIT_FUZZ_SECONDS, default
//! 2 s per surface) from a fixed seed (ARCHCRIT_FUZZ_SEED), so CI runs are
//! repeatable and a longer local run explores further. Each input must not
//! panic and must finish within a time bound; the surface's own check
//! judges the result. A failing input is written to target/fuzz-failures.
#![allow(dead_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Inputs grow to at most this many bytes.
const MAX_INPUT: usize = 64 * 1024;
/// No single input may take longer (a debug build on a shared machine).
pub const MAX_INPUT_TIME: Duration = Duration::from_secs(3);

/// Bytes and tokens that matter to YAML, Mermaid and terminals.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "? ",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "|\n",
    ">-\n",
    "\"",
    "'",
    "#",
    "\n",
    "\t",
    "  ",
    "\u{1b}[31m",
    "\u{202e}",
    "\u{0}",
    "\r",
    "---\n",
    "...\n",
    " & ",
    "-->",
    "-.->",
    "==>",
    "|x|",
    "subgraph ",
    "end\n",
    "%%",
    "%% archcrit: ",
    "@{",
    ":::",
    "((",
    "[(",
    "x-",
    "999999999999999999999",
    "-1",
    "1e309",
    "NaN",
    "~",
    "null",
    "true",
    "\u{feff}",
    "é",
    "漢",
    "services:\n",
    "depends_on: [",
    "image: ",
];

/// xorshift64*: tiny, seedable, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// One to four mutations of `input`, splicing from `corpus` now and then.
pub fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            2 if !out.is_empty() => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 if !out.is_empty() => {
                // Repeat a piece: the way nesting and fan-out grow.
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(16)).min(out.len());
                let piece = out[start..end].to_vec();
                for _ in 0..1 + rng.below(64) {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            4 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let start = rng.below(other.len());
                let end = (start + rng.below(200)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
            5 => out.insert(at, rng.below(256) as u8),
            _ => {
                // A whole line duplicated.
                let text = String::from_utf8_lossy(&out).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let line = lines[rng.below(lines.len())];
                    let mut copy = format!("{line}\n").into_bytes();
                    let at = out.iter().position(|b| *b == b'\n').map_or(0, |p| p + 1);
                    out.splice(at..at, copy.drain(..));
                }
            }
        }
    }
    out.truncate(MAX_INPUT);
    out
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What one run did, for the log and docs/security.md.
pub struct Summary {
    pub inputs: u64,
    pub slowest: Duration,
    pub slowest_len: usize,
}

/// Runs `check` on mutants of `seeds` until the time is up. `check` returns
/// `Err(why)` for a broken invariant other than a panic.
pub fn run(surface: &str, seeds: &[&str], check: impl Fn(&str) -> Result<(), String>) -> Summary {
    let seconds = env_number("ARCHCRIT_FUZZ_SECONDS", 2);
    let seed = env_number("ARCHCRIT_FUZZ_SEED", 0x5eed_a4c4);
    let mut rng = Rng::new(seed ^ surface.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))));
    let corpus: Vec<Vec<u8>> = seeds.iter().map(|s| s.as_bytes().to_vec()).collect();
    let mut pool = corpus.clone();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut summary = Summary { inputs: 0, slowest: Duration::ZERO, slowest_len: 0 };
    // Every seed as written first, then mutants.
    let mut queue: Vec<Vec<u8>> = corpus.clone();
    while Instant::now() < deadline || !queue.is_empty() {
        let input = queue.pop().unwrap_or_else(|| {
            let parent = &pool[rng.below(pool.len())];
            mutate(&mut rng, parent, &corpus)
        });
        let text = String::from_utf8_lossy(&input).into_owned();
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| check(&text)));
        let took = started.elapsed();
        summary.inputs += 1;
        if took > summary.slowest {
            summary.slowest = took;
            summary.slowest_len = input.len();
        }
        let broken = match outcome {
            Err(_) => Some("panicked".to_string()),
            Ok(Err(why)) => Some(why),
            Ok(Ok(())) if took > MAX_INPUT_TIME => Some(format!("took {took:?}")),
            Ok(Ok(())) => None,
        };
        if let Some(why) = broken {
            let saved = save_failure(surface, summary.inputs, &input);
            panic!("{surface}: input #{} {why}; saved to {} (seed {seed})", summary.inputs, saved.display());
        }
        // Keep some mutants as parents, so changes accumulate.
        if rng.below(8) == 0 && pool.len() < 256 {
            pool.push(input);
        }
    }
    eprintln!(
        "{surface}: {} inputs in {seconds} s (seed {seed}); slowest {:?} on {} bytes",
        summary.inputs, summary.slowest, summary.slowest_len
    );
    summary
}

fn save_failure(surface: &str, n: u64, input: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{surface}-{n}.txt"));
    let _ = std::fs::write(&path, input);
    path
}
