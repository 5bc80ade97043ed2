//! Shared by the exchange tests: the real Mermaid parser (tests/mermaid, a
//! pinned Node tool), what a design's diagram must contain, and adversarial
//! designs. A missing validator fails the test: it is never skipped.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use archcrit_core::exchange::mermaid::{self, View};
use archcrit_core::model::{Component, ComponentId, Design, Edit, Kind, Link, Mode, Zone};
use serde_json::{Value, json};

/// Runs the real Mermaid parser over `cases` (`{name, source, expect?, dump?}`)
/// and returns its verdict for each.
pub fn mermaid_verdicts(cases: &[Value]) -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mermaid");
    assert!(
        dir.join("node_modules/mermaid").is_dir(),
        "the Mermaid validator is not installed: run `npm ci --prefix tests/mermaid` (Node.js 20+); \
         this check is never skipped"
    );
    let mut child = Command::new("node")
        .arg(dir.join("validate.mjs"))
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run `node`: install Node.js 20+ (the Mermaid validator needs it)");
    let input = serde_json::to_vec(cases).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let verdicts: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("validator output is not JSON ({e}); stderr: {}", String::from_utf8_lossy(&out.stderr))
    });
    assert_eq!(verdicts.len(), cases.len());
    verdicts
}

/// Asserts every case passed, listing the failures.
pub fn assert_all_valid(cases: &[Value]) {
    let verdicts = mermaid_verdicts(cases);
    let failed: Vec<String> = verdicts
        .iter()
        .zip(cases)
        .filter(|(v, _)| v["ok"] != json!(true))
        .take(5)
        .map(|(v, c)| format!("{v}\n--- source ---\n{}", c["source"].as_str().unwrap_or("")))
        .collect();
    assert!(failed.is_empty(), "{} case(s) failed, first ones:\n{}", failed.len(), failed.join("\n\n"));
}

/// What Mermaid shows for a label we gave it: controls as spaces, the ends
/// trimmed (Mermaid trims labels), and a non-breaking space for blank text.
pub fn shown(text: &str) -> String {
    let t: String = text.chars().map(|c| if c.is_control() && c != '\n' { ' ' } else { c }).collect();
    // Mermaid trims the raw text, where line breaks are still `<br/>`.
    let t = t.trim_matches(|c: char| c.is_whitespace() && c != '\n');
    if t.is_empty() { "\u{a0}".to_string() } else { t.to_string() }
}

/// The case for a full diagram of `design`: exactly its nodes with their
/// labels and shapes, its edges in order with their text and stroke, and
/// its zones with their members.
pub fn case_for(name: &str, design: &Design, source: &str) -> Value {
    let view = View::of(design);
    let names = mermaid::names(&view);
    let nodes: Vec<Value> = design
        .components()
        .map(|c| {
            json!({"id": names.nodes[c.id.as_str()], "label": shown(&mermaid::node_text(c)),
                   "shape": mermaid::shapes::look(c.kind).parsed})
        })
        .collect();
    let edges: Vec<Value> = design
        .links()
        .map(|l| {
            let stroke = if l.effective_mode() == Mode::Async { "dotted" } else { "normal" };
            let label = mermaid::edge_text(l).map(|t| shown(&t)).unwrap_or_default();
            json!({"from": names.nodes[l.from.as_str()], "to": names.nodes[l.to.as_str()], "label": label,
                   "stroke": stroke})
        })
        .collect();
    let subgraphs: Vec<Value> = view
        .zones
        .iter()
        .zip(&names.zones)
        .map(|((zone, def), sg)| {
            let members: Vec<&str> = design
                .components()
                .filter(|c| c.zone.as_deref() == Some(*zone))
                .map(|c| names.nodes[c.id.as_str()].as_str())
                .collect();
            json!({"id": sg, "title": shown(&mermaid::zone_title(zone, *def)), "members": members})
        })
        .collect();
    json!({"name": name, "source": source, "expect": {"nodes": nodes, "edges": edges, "subgraphs": subgraphs}})
}

/// What an export/import round trip must keep: ids, kinds and zones of the
/// components; from, to, protocol and mode of the links; the zone names.
/// (id, kind, zone) per component and (from, to, protocol, mode) per link.
pub type Essence = (Vec<(String, Kind, Option<String>)>, Vec<(String, String, Option<String>, Mode)>);

pub fn essence(design: &Design) -> Essence {
    let components = design.components().map(|c| (c.id.to_string(), c.kind, c.zone.clone())).collect();
    let links = design
        .links()
        .map(|l| (l.from.to_string(), l.to.to_string(), l.protocol.clone(), l.effective_mode()))
        .collect();
    (components, links)
}

/// A small deterministic generator (xorshift), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Ids that break naive generators: Mermaid keywords, arrow look-alikes,
/// leading digits, dashes.
pub const NASTY_IDS: &[&str] = &[
    "end",
    "end-node",
    "end_x",
    "graph",
    "graph-api",
    "subgraph",
    "style",
    "style-svc",
    "class",
    "class-svc",
    "classdef",
    "click",
    "default",
    "flowchart",
    "direction",
    "linkstyle",
    "call",
    "href",
    "o",
    "x",
    "ops",
    "xray",
    "0",
    "9lives",
    "a--b",
    "a-b",
    "a_b",
    "a__b",
    "v",
    "interpolate",
    "_top",
];

/// Label pieces that break naive escaping.
pub const NASTY_TEXT: &[&str] = &[
    "\"",
    "#quot;",
    "%%{",
    "%%",
    "-->",
    "}:::x",
    "end",
    "style:",
    "<br/>",
    "\\",
    "`",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "|",
    "#",
    ";",
    "<",
    ">",
    "&amp;",
    "#12;",
    "http://x/#a;",
    "stylesheet http://x/#quot;",
    "lifestyle:a",
    "🚀",
    "ünïcödé",
    "日本語",
    "\t",
    "\n",
    " ",
    "a",
    "Orders DB",
    "<script>x</script>",
    "&",
    "%",
    ":",
    "'",
    "-.->",
    "==>",
    "@{ shape: cyl }",
    "classDef end",
    "\u{7}",
    "\u{200b}",
    "\u{a0}",
];

pub fn nasty_text(rng: &mut Rng, max_parts: usize) -> String {
    let parts = rng.below(max_parts) + 1;
    let mut s = String::new();
    for _ in 0..parts {
        let piece: &&str = rng.pick(NASTY_TEXT);
        s.push_str(piece);
    }
    if rng.below(20) == 0 {
        s.push_str(&"long label ".repeat(30));
    }
    s
}

/// A design full of nasty ids, labels, zone names and protocols.
pub fn adversarial(seed: u64) -> Design {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut design = Design::new(format!("d{}", nasty_text(&mut rng, 3)));
    let zones: Vec<String> = (0..rng.below(4)).map(|_| nasty_text(&mut rng, 3)).collect();
    for z in &zones {
        let label = (rng.below(3) == 0).then(|| nasty_text(&mut rng, 2));
        design.apply(Edit::SetZone { name: z.clone(), zone: Some(Zone { label, ..Zone::default() }) }).unwrap();
    }
    let n = rng.below(12) + 1;
    let mut ids: Vec<ComponentId> = Vec::new();
    for i in 0..n {
        let base =
            if rng.below(3) == 0 { format!("{}-{i}", rng.pick(NASTY_IDS)) } else { rng.pick(NASTY_IDS).to_string() };
        let id = design.unused_id(&base);
        let kind = *rng.pick(&Kind::ALL);
        let mut c = Component::new(id.clone(), kind);
        if rng.below(4) != 0 {
            c.label = Some(nasty_text(&mut rng, 5));
        }
        if !zones.is_empty() && rng.below(3) != 0 {
            c.zone = Some(rng.pick(&zones).clone());
        }
        design.apply(Edit::AddComponent { component: c, index: None }).unwrap();
        ids.push(id);
    }
    let protocols = ["https", "grpc", "amqp", "kafka", "sql", "redis", "my proto: v2", "#quot;x", "a|b", "🚀"];
    for _ in 0..rng.below(n * 2 + 1) {
        let (a, b) = (rng.pick(&ids).clone(), rng.pick(&ids).clone());
        if a == b {
            continue;
        }
        let mut link = Link::new(a, b);
        if rng.below(4) != 0 {
            link.protocol = Some(rng.pick(&protocols).to_string());
        }
        if rng.below(3) == 0 {
            link.mode = Some(if rng.below(2) == 0 { Mode::Async } else { Mode::Sync });
        }
        if rng.below(4) == 0 {
            link.label = Some(nasty_text(&mut rng, 3));
        }
        // Duplicates (same from, to, protocol) are refused: skip them.
        let _ = design.apply(Edit::Connect { link, index: None });
    }
    design
}
