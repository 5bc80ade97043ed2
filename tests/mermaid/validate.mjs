// Checks Mermaid flowcharts with the real Mermaid parser, headless under jsdom.
//
// Input on stdin: a JSON array of cases
//   { "name": str, "source": str, "dump": bool?, "expect": {
//       "nodes":     [{ "id": str, "label": str, "shape": str? }],
//       "edges":     [{ "from": str, "to": str, "label": str, "stroke": str? }],
//       "subgraphs": [{ "id": str, "title": str, "members": [str] }] }? }
// Output on stdout: a JSON array of { name, ok, error?, problems: [str], parsed? }.
// A case is ok when it parses and, if `expect` is given, the parsed diagram
// has exactly those nodes, edges (in order), subgraphs and decoded labels.
// Exit code: 0 when every case is ok, 1 otherwise, 2 on bad input.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
globalThis.Element = dom.window.Element;
globalThis.HTMLElement = dom.window.HTMLElement;

const mermaid = (await import('mermaid')).default;
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

// Mermaid keeps entity codes (`#quot;`) in a private encoding until render
// time; undo it, turn its line breaks into newlines, then let the DOM decode
// the HTML entities, which is what a rendered diagram shows.
function decode(text) {
  if (typeof text !== 'string') return '';
  const undone = text.replaceAll('ﬂ°°', '&#').replaceAll('ﬂ°', '&').replaceAll('¶ß', ';');
  const breaks = undone.replace(/<br\s*\/?>/gi, '\n');
  const area = document.createElement('textarea');
  area.innerHTML = breaks;
  return area.value;
}

async function parse(source) {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const db = diagram.db;
  if (diagram.type === 'sequence') {
    // Sequence diagrams: participants, and the messages between two of them
    // (loop/opt markers are messages without ends).
    const actors = [...db.getActors().values()].map((a) => ({ id: a.name, label: decode(a.description) }));
    const messages = db.getMessages().filter((m) => m.from && m.to)
      .map((m) => ({ from: m.from, to: m.to, label: decode(m.message) }));
    return { nodes: [], edges: [], subgraphs: [], actors, messages };
  }
  const nodes = [...db.getVertices().values()].map((v) => ({ id: v.id, label: decode(v.text), shape: v.type }));
  const edges = db.getEdges().map((e) => ({ from: e.start, to: e.end, label: decode(e.text), stroke: e.stroke }));
  const subgraphs = db.getSubGraphs().map((s) => ({ id: s.id, title: decode(s.title), members: [...s.nodes] }));
  return { nodes, edges, subgraphs };
}

const show = (x) => JSON.stringify(x);

function compare(parsed, expect) {
  const problems = [];
  if (expect.nodes) {
    if (parsed.nodes.length !== expect.nodes.length) {
      problems.push(`node count: parsed ${parsed.nodes.length}, expected ${expect.nodes.length}`);
    }
    const byId = new Map(parsed.nodes.map((n) => [n.id, n]));
    for (const want of expect.nodes) {
      const got = byId.get(want.id);
      if (!got) { problems.push(`node ${want.id} missing`); continue; }
      if (got.label !== want.label) problems.push(`node ${want.id} label: parsed ${show(got.label)}, expected ${show(want.label)}`);
      if (want.shape && got.shape !== want.shape) problems.push(`node ${want.id} shape: parsed ${got.shape}, expected ${want.shape}`);
    }
  }
  if (expect.edges) {
    if (parsed.edges.length !== expect.edges.length) {
      problems.push(`edge count: parsed ${parsed.edges.length}, expected ${expect.edges.length}`);
    }
    expect.edges.forEach((want, i) => {
      const got = parsed.edges[i];
      if (!got) return;
      if (got.from !== want.from || got.to !== want.to) problems.push(`edge ${i}: parsed ${got.from}->${got.to}, expected ${want.from}->${want.to}`);
      if (got.label !== want.label) problems.push(`edge ${i} label: parsed ${show(got.label)}, expected ${show(want.label)}`);
      if (want.stroke && got.stroke !== want.stroke) problems.push(`edge ${i} stroke: parsed ${got.stroke}, expected ${want.stroke}`);
    });
  }
  if (expect.subgraphs) {
    if (parsed.subgraphs.length !== expect.subgraphs.length) {
      problems.push(`subgraph count: parsed ${parsed.subgraphs.length}, expected ${expect.subgraphs.length}`);
    }
    const byId = new Map(parsed.subgraphs.map((s) => [s.id, s]));
    for (const want of expect.subgraphs) {
      const got = byId.get(want.id);
      if (!got) { problems.push(`subgraph ${want.id} missing`); continue; }
      if (got.title !== want.title) problems.push(`subgraph ${want.id} title: parsed ${show(got.title)}, expected ${show(want.title)}`);
      const a = [...got.members].sort().join(','), b = [...want.members].sort().join(',');
      if (a !== b) problems.push(`subgraph ${want.id} members: parsed [${a}], expected [${b}]`);
    }
  }
  return problems;
}

// Decoded once, whole: a chunk boundary can fall inside a multi-byte
// character, and decoding chunk by chunk would turn it into U+FFFD.
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = Buffer.concat(chunks).toString('utf8');
let cases;
try {
  cases = JSON.parse(input);
  if (!Array.isArray(cases)) throw new Error('expected a JSON array of cases');
} catch (e) {
  process.stderr.write(`validate.mjs: bad input: ${e.message}\n`);
  process.exit(2);
}

const results = [];
for (const c of cases) {
  const result = { name: c.name, ok: true, problems: [] };
  try {
    const parsed = await parse(c.source);
    if (c.expect) result.problems = compare(parsed, c.expect);
    if (c.dump) result.parsed = parsed;
  } catch (e) {
    result.error = String(e && e.message ? e.message : e).slice(0, 300);
  }
  result.ok = !result.error && result.problems.length === 0;
  results.push(result);
}
// exitCode, not exit(): a pipe must be drained before the process ends.
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
process.stdout.write(JSON.stringify(results));
