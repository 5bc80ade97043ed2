//! A fuzz target for the reply reader (`workers::llm::reply`, SSE framing
//! included), on stable Rust: a seeded mutator over a corpus of real
//! servers' replies (tests/fixtures/sse: OpenAI text, refusal and tool
//! calls, llama.cpp with CRLF and timings, Ollama's floats and missing
//! [DONE], vLLM's split tool calls, comments and error events, a plain JSON
//! completion, a proxy's HTML page), fed in random pieces and under a
//! random byte cap. Runs for ARCHCRIT_FUZZ_SECONDS (default 5) from
//! ARCHCRIT_FUZZ_SEED (default fixed), so CI is repeatable and a longer
//! local run is one variable away (see docs/llm.md, "Hostile servers").
//!
//! Invariants: no panic; memory held never above the cap, and text handed
//! out never more than the bytes read; the reply ends exactly once, with
//! `Done` or with an error that is one non-empty line of bounded length.

use std::time::{Duration, Instant};

use archcrit::workers::llm::reply::Decoder;
use archcrit::workers::llm::{Delta, LlmError};

/// xorshift64*: enough randomness to mutate with, and the same from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Fragments that matter to the reader, spliced in by the mutator.
const TOKENS: &[&[u8]] = &[
    b"data: ",
    b"data:",
    b"\n\n",
    b"\r\n",
    b"\r",
    b"\n",
    b"[DONE]",
    b": ping\n",
    b"event: error\n",
    b"{",
    b"}",
    b"\"",
    b"\\u0000",
    b"\xEF\xBB\xBF",
    b"\xF0\x9F",
    b"\"finish_reason\":\"length\"",
    b"\"finish_reason\":\"content_filter\"",
    b"\"refusal\":\"no\"",
    b"\"content\":\"x\"",
    b"\"tool_calls\":[{\"index\":4294967295}]",
    b"\"choices\":null",
    b"\"error\":{}",
    b"<html>",
    b"1e999",
    b"[[[[[[[[",
    b"null",
];

fn corpus() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sse");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .expect("the seed corpus")
        .map(|e| std::fs::read(e.expect("a corpus entry").path()).expect("a seed"))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 8, "the seed corpus shrank");
    seeds
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut input = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(input.len() + 1);
        match rng.below(7) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(input.len());
                input.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(256)).min(input.len());
                let copy = input[at..end].to_vec();
                for _ in 0..rng.below(20) {
                    input.splice(at..at, copy.iter().copied());
                }
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                input.splice(at..at, other[from..].iter().copied());
            }
            5 => input.truncate(at),
            _ => {
                let byte = rng.next() as u8;
                input.insert(at, byte);
            }
        }
    }
    input
}

/// Feeds `input` in random pieces and checks every invariant.
fn check(rng: &mut Rng, input: &[u8]) {
    let cap = [64, 1024, 1 << 20][rng.below(3)];
    let content_type = [None, Some("text/event-stream"), Some("application/json"), Some("text/html")][rng.below(4)];
    let mut decoder = Decoder::new(content_type, cap);
    let mut out = Vec::new();
    let mut rest = input;
    while !rest.is_empty() && !decoder.is_done() {
        let n = 1 + rng.below(rest.len().min(512));
        decoder.feed(&rest[..n], &mut out);
        rest = &rest[n..];
        assert!(decoder.held() <= cap, "held {} over the cap {cap}", decoder.held());
    }
    decoder.end(&mut out);
    assert!(decoder.is_done());
    let ends: Vec<usize> = (0..out.len()).filter(|&i| matches!(out[i], Ok(Delta::Done) | Err(_))).collect();
    assert_eq!(ends, [out.len() - 1], "one end, last: {out:?}");
    let text: usize = out.iter().map(|d| if let Ok(Delta::Text(t)) = d { t.len() } else { 0 }).sum();
    assert!(text <= input.len().min(cap), "{text} bytes of text from {} read", input.len().min(cap));
    if let Some(Err(e)) = out.last() {
        clear(e);
    }
}

fn clear(error: &LlmError) {
    let shown = error.to_string();
    assert!(!shown.trim().is_empty() && !shown.contains('\n') && shown.chars().count() <= 600, "unclear: {shown:?}");
}

#[test]
fn the_reply_reader_survives_mutated_real_streams() {
    let seconds: u64 = std::env::var("ARCHCRIT_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let seed: u64 = std::env::var("ARCHCRIT_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_202);
    let mut rng = Rng(seed.max(1));
    let seeds = corpus();
    for s in &seeds {
        check(&mut rng, s);
    }
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut runs = 0u64;
    while Instant::now() < until {
        let input = mutate(&mut rng, &seeds);
        check(&mut rng, &input);
        runs += 1;
    }
    eprintln!("fuzz_sse: {runs} inputs in {seconds} s from seed {seed}");
    assert!(runs > 0);
}

#[test]
fn the_seeds_decode_as_their_servers_meant() {
    use archcrit::workers::llm::reply::decode_all;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sse");
    let read = |name: &str| std::fs::read(format!("{dir}/{name}")).unwrap();
    let ends = |name: &str, content_type| decode_all(Some(content_type), 1 << 20, &[&read(name)]).pop().unwrap();
    let sse = "text/event-stream";
    assert_eq!(ends("openai.sse", sse), Ok(Delta::Done));
    assert_eq!(ends("ollama.sse", sse), Ok(Delta::Done), "no [DONE], but a finish_reason");
    assert_eq!(ends("vllm-tools.sse", sse), Err(LlmError::Broken { detail: "upstream closed".into() }));
    assert_eq!(ends("completion.json", "application/json"), Ok(Delta::Done));
    assert_eq!(ends("llamacpp-length.sse", sse), Err(LlmError::CutShort));
    assert!(matches!(ends("openai-refusal.sse", sse), Err(LlmError::Refused { .. })));
    assert!(matches!(ends("proxy.html", "text/html"), Err(LlmError::NotAStream { .. })));
    let tools = decode_all(Some(sse), 1 << 20, &[&read("openai-tools.sse")]);
    assert!(
        matches!(&tools[0], Ok(Delta::ToolCall(c)) if c.arguments == r#"{"component":"db","field":"replicas","value":"2"}"#),
        "{tools:?}"
    );
}
