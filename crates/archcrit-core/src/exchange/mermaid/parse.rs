//! The flowchart reader's syntax half: turns Mermaid text into nodes, edges
//! and subgraphs with the line each came from. It knows nothing of designs
//! (import.rs maps the result onto one). Errors name the line and column.

use crate::exchange::{MAX_IMPORT_EDGES, MAX_IMPORT_NODES};
use std::collections::HashMap;

use indexmap::IndexMap;

/// A syntax error: 1-based line and column, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// How a node was drawn.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Shape {
    /// Referenced without a shape (a plain box in Mermaid).
    #[default]
    Bare,
    /// Classic delimiters, e.g. `[(` and `)]`.
    Classic(&'static str, &'static str),
    /// Mermaid 11 `@{ shape: name }`.
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// Raw label text as written (entity codes not yet decoded), if any.
    pub text: Option<String>,
    pub shape: Shape,
    pub line: usize,
    /// Index into `Parsed::subgraphs` of the subgraph that owns the node.
    pub subgraph: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    Normal,
    Dotted,
    Thick,
    Invisible,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub text: Option<String>,
    pub stroke: Stroke,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Subgraph {
    pub id: String,
    pub title: String,
    pub line: usize,
}

/// What an `%% archcrit:` line said.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub design: Option<String>,
    /// Mermaid node id -> (kind word, component id).
    pub nodes: HashMap<String, (String, String)>,
    /// Mermaid subgraph id -> zone name (escaped).
    pub zones: HashMap<String, String>,
    pub overview: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub nodes: IndexMap<String, Node>,
    pub edges: Vec<Edge>,
    pub subgraphs: Vec<Subgraph>,
    /// Node id -> classes given by `class` lines and `:::` suffixes.
    pub classes: HashMap<String, Vec<String>>,
    pub meta: Meta,
    pub title: Option<String>,
}

struct Frame {
    index: usize,
    mentioned: Vec<String>,
}

pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    let mut parsed = Parsed::default();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l)).peekable();
    let mut header = false;
    let mut stack: Vec<Frame> = Vec::new();
    // Leading blank lines and a front-matter block.
    while let Some((_, l)) = lines.peek() {
        if l.trim().is_empty() {
            lines.next();
        } else {
            break;
        }
    }
    if lines.peek().is_some_and(|(_, l)| l.trim_end() == "---") {
        let (start, _) = lines.next().unwrap_or((1, ""));
        let mut closed = false;
        for (_, l) in lines.by_ref() {
            if l.trim_end() == "---" {
                closed = true;
                break;
            }
            if let Some(t) = l.strip_prefix("title:") {
                parsed.title = Some(t.trim().trim_matches('"').trim_matches('\'').to_string());
            }
        }
        if !closed {
            return Err(err(start, 1, "front-matter opened with `---` is never closed: add a `---` line"));
        }
    }
    for (no, raw) in lines {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix("%%") {
            if let Some(m) = comment.trim_start().strip_prefix("archcrit:") {
                read_meta(m, &mut parsed.meta);
            }
            continue;
        }
        if !header {
            let rest = read_header(line, no)?;
            header = true;
            if !rest.is_empty() {
                let column = raw.len() - rest.len() + 1;
                statements(rest, no, column, &mut parsed, &mut stack)?;
            }
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        statements(line, no, indent + 1, &mut parsed, &mut stack)?;
    }
    if !header {
        return Err(err(1, 1, "no flowchart here: a Mermaid flowchart starts with `flowchart LR` (or `graph TD`)"));
    }
    if let Some(open) = stack.last() {
        let sg = &parsed.subgraphs[open.index];
        return Err(err(sg.line, 1, &format!("subgraph `{}` is never closed: add an `end` line", sg.id)));
    }
    Ok(parsed)
}

fn err(line: usize, column: usize, message: &str) -> SyntaxError {
    SyntaxError { line, column, message: message.to_string() }
}

fn read_meta(m: &str, meta: &mut Meta) {
    let mut words = m.trim().splitn(3, ' ');
    match (words.next(), words.next(), words.next()) {
        (Some("design"), Some(first), rest) => {
            let name = match rest {
                Some(r) => format!("{first} {r}"),
                None => first.to_string(),
            };
            meta.design = Some(name);
        }
        (Some("design"), None, _) => meta.design = Some(String::new()),
        (Some("overview"), ..) => meta.overview = true,
        (Some(id), Some("zone"), name) => {
            meta.zones.insert(id.to_string(), name.unwrap_or("").to_string());
        }
        (Some(id), Some(kind), Some(component)) => {
            meta.nodes.insert(id.to_string(), (kind.to_string(), component.trim().to_string()));
        }
        _ => {}
    }
}

fn read_header(line: &str, no: usize) -> Result<&str, SyntaxError> {
    let stop = |c: char| c.is_whitespace() || c == ';';
    let end = line.find(stop).unwrap_or(line.len());
    let word = &line[..end];
    if !matches!(word, "flowchart" | "graph" | "flowchart-elk") {
        return Err(err(
            no,
            1,
            &format!("`{word}` is not a flowchart: archcrit imports Mermaid flowcharts (`flowchart LR` or `graph TD`)"),
        ));
    }
    let rest = line[end..].trim_start();
    let dir_end = rest.find(stop).unwrap_or(rest.len());
    let dir = &rest[..dir_end];
    if matches!(dir, "TD" | "TB" | "LR" | "RL" | "BT") {
        return Ok(&rest[dir_end..]);
    }
    if dir.is_empty() {
        return Ok(rest);
    }
    Err(err(
        no,
        line.len() - rest.len() + 1,
        &format!("unknown direction `{dir}`: use TD, TB, LR, RL or BT (uppercase)"),
    ))
}

fn split_word(s: &str) -> (&str, &str) {
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// One line after the header: statements separated by `;`.
fn statements(
    line: &str,
    no: usize,
    column: usize,
    parsed: &mut Parsed,
    stack: &mut Vec<Frame>,
) -> Result<(), SyntaxError> {
    let mut cur = Cursor { s: line, pos: 0, line: no, col0: column };
    loop {
        cur.skip_space();
        while cur.eat(";") {
            cur.skip_space();
        }
        if cur.done() {
            return Ok(());
        }
        statement(&mut cur, parsed, stack)?;
        cur.skip_space();
        if !cur.done() && !cur.eat(";") {
            return Err(cur.error("unexpected text: put one statement per line or separate them with `;`"));
        }
    }
}

fn statement(cur: &mut Cursor, parsed: &mut Parsed, stack: &mut Vec<Frame>) -> Result<(), SyntaxError> {
    let word = cur.peek_word();
    match word {
        "subgraph" => {
            cur.pos += word.len();
            cur.skip_space();
            let rest = cur.rest_of_statement();
            let (id, title) = subgraph_head(rest, cur)?;
            let index = parsed.subgraphs.len();
            parsed.subgraphs.push(Subgraph { id: id.clone(), title, line: cur.line });
            if let Some(outer) = stack.last_mut() {
                outer.mentioned.push(id);
            }
            stack.push(Frame { index, mentioned: Vec::new() });
            Ok(())
        }
        "end" => {
            cur.pos += word.len();
            let Some(frame) = stack.pop() else {
                return Err(cur.error("`end` without an open `subgraph`"));
            };
            for id in &frame.mentioned {
                if let Some(n) = parsed.nodes.get_mut(id)
                    && n.subgraph.is_none()
                {
                    n.subgraph = Some(frame.index);
                }
            }
            if let Some(outer) = stack.last_mut() {
                outer.mentioned.extend(frame.mentioned);
            }
            Ok(())
        }
        "class" => {
            cur.pos += word.len();
            let rest = cur.rest_of_statement().trim();
            let (ids, class) = split_word(rest);
            for id in ids.split(',') {
                parsed.classes.entry(id.trim().to_string()).or_default().push(class.trim().to_string());
            }
            Ok(())
        }
        "classDef" | "style" | "linkStyle" | "click" | "direction" | "accTitle" | "accDescr" => {
            cur.rest_of_statement();
            Ok(())
        }
        _ if word.starts_with("accTitle:") || word.starts_with("accDescr") => {
            cur.rest_of_statement();
            Ok(())
        }
        _ => chain(cur, parsed, stack),
    }
}

fn subgraph_head(rest: &str, cur: &Cursor) -> Result<(String, String), SyntaxError> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Err(cur.error("`subgraph` needs a name, e.g. `subgraph private [\"Private network\"]`"));
    }
    if let Some(q) = rest.strip_prefix('"') {
        let title = q.strip_suffix('"').ok_or_else(|| cur.error("unterminated quote in subgraph title"))?;
        return Ok((title.to_string(), title.to_string()));
    }
    let id_end = rest.find(|c: char| c == '[' || c.is_whitespace()).unwrap_or(rest.len());
    let (id, tail) = (&rest[..id_end], rest[id_end..].trim());
    if tail.is_empty() {
        return Ok((id.to_string(), id.to_string()));
    }
    if let Some(inner) = tail.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        let inner = inner.trim();
        let title = inner.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(inner);
        return Ok((id.to_string(), title.to_string()));
    }
    // `subgraph Two words`: the whole text is both id and title.
    Ok((rest.to_string(), rest.to_string()))
}

/// `a & b --> c -.->|x| d`: node groups joined by edges.
fn chain(cur: &mut Cursor, parsed: &mut Parsed, stack: &mut [Frame]) -> Result<(), SyntaxError> {
    let mut left = group(cur, parsed, stack)?;
    loop {
        cur.skip_space();
        if cur.done() || cur.peek() == Some(';') {
            return Ok(());
        }
        let Some((stroke, mut text)) = arrow(cur)? else {
            return Err(cur.error("expected an arrow such as `-->`, `-.->`, `==>` or `---`"));
        };
        cur.skip_space();
        if cur.eat("|") {
            let label = cur.until_pipe()?;
            text = Some(label);
        }
        cur.skip_space();
        let right = group(cur, parsed, stack)?;
        if parsed.edges.len().saturating_add(left.len().saturating_mul(right.len())) > MAX_IMPORT_EDGES {
            return Err(cur.error(&format!(
                "this line would make the diagram more than {MAX_IMPORT_EDGES} links (`&` joins every node on \
                 one side to every node on the other); split the diagram"
            )));
        }
        for from in &left {
            for to in &right {
                parsed.edges.push(Edge {
                    from: from.clone(),
                    to: to.clone(),
                    text: text.clone(),
                    stroke,
                    line: cur.line,
                });
            }
        }
        left = right;
    }
}

fn group(cur: &mut Cursor, parsed: &mut Parsed, stack: &mut [Frame]) -> Result<Vec<String>, SyntaxError> {
    let mut ids = vec![node(cur, parsed, stack)?];
    loop {
        let save = cur.pos;
        cur.skip_space();
        if cur.eat("&") {
            cur.skip_space();
            ids.push(node(cur, parsed, stack)?);
        } else {
            cur.pos = save;
            return Ok(ids);
        }
    }
}

const SHAPES: [(&str, &[&str]); 12] = [
    ("(((", &[")))"]),
    ("((", &["))"]),
    ("([", &["])"]),
    ("[[", &["]]"]),
    ("[(", &[")]"]),
    ("[/", &["/]", "\\]"]),
    ("[\\", &["\\]", "/]"]),
    ("{{", &["}}"]),
    ("(", &[")"]),
    ("[", &["]"]),
    ("{", &["}"]),
    (">", &["]"]),
];

fn node(cur: &mut Cursor, parsed: &mut Parsed, stack: &mut [Frame]) -> Result<String, SyntaxError> {
    let id = cur.id();
    if id.is_empty() {
        return Err(cur.error("expected a node id (letters, digits, `_`, `-`, `.`)"));
    }
    let line = cur.line;
    let mut shape = None;
    let mut text = None;
    if cur.eat("@{") {
        let body = cur.until_brace()?;
        let (s, t) = shape_data(body, cur)?;
        shape = Some(Shape::Named(s));
        text = t;
    } else if let Some((open, closes)) = SHAPES.iter().find(|(open, _)| cur.rest().starts_with(open)) {
        cur.pos += open.len();
        let (label, close) = cur.label(closes)?;
        let close = closes.iter().copied().find(|c| *c == close).unwrap_or(closes[0]);
        shape = Some(Shape::Classic(open, close));
        text = Some(label);
    }
    if cur.eat(":::") {
        let class = cur.id();
        parsed.classes.entry(id.clone()).or_default().push(class);
    }
    if parsed.nodes.len() >= MAX_IMPORT_NODES && !parsed.nodes.contains_key(&id) {
        return Err(cur.error(&format!("the diagram has more than {MAX_IMPORT_NODES} nodes; split it")));
    }
    let entry = parsed.nodes.entry(id.clone()).or_insert_with(|| Node { line, ..Node::default() });
    // As in Mermaid, the last shape and label given win.
    if let Some(s) = shape {
        entry.shape = s;
    }
    if text.is_some() {
        entry.text = text;
    }
    if let Some(frame) = stack.last_mut() {
        frame.mentioned.push(id.clone());
    }
    Ok(id)
}

/// `shape: cyl, label: "Orders DB"` inside `@{ }`.
fn shape_data(body: &str, cur: &Cursor) -> Result<(String, Option<String>), SyntaxError> {
    let mut shape = String::from("rect");
    let mut label = None;
    let mut rest = body.trim();
    while !rest.is_empty() {
        let colon = rest.find(':').ok_or_else(|| cur.error("expected `key: value` inside `@{ }`"))?;
        let key = rest[..colon].trim();
        let after = rest[colon + 1..].trim_start();
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let end = q.find('"').ok_or_else(|| cur.error("unterminated quote inside `@{ }`"))?;
            (q[..end].to_string(), q[end + 1..].trim_start())
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_string(), &after[end..])
        };
        match key {
            "shape" => shape = value,
            "label" => label = Some(value),
            _ => {}
        }
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    Ok((shape, label))
}

/// Reads an arrow at the cursor: its stroke and, for the `-- text -->`
/// form, its text. `None` when there is no arrow here.
fn arrow(cur: &mut Cursor) -> Result<Option<(Stroke, Option<String>)>, SyntaxError> {
    let start = cur.pos;
    cur.eat("<");
    let r = cur.rest();
    let stroke = if r.starts_with("~~~") {
        cur.pos += r.bytes().take_while(|b| *b == b'~').count();
        return Ok(Some((Stroke::Invisible, None)));
    } else if r.starts_with("-.") {
        Stroke::Dotted
    } else if r.starts_with("--") {
        Stroke::Normal
    } else if r.starts_with("==") {
        Stroke::Thick
    } else {
        cur.pos = start;
        return Ok(None);
    };
    let body_char = if stroke == Stroke::Thick { b'=' } else { b'-' };
    if stroke == Stroke::Dotted {
        cur.pos += 1;
        let dots = cur.rest().bytes().take_while(|b| *b == b'.').count();
        cur.pos += dots;
        if cur.eat("-") {
            head(cur);
            return Ok(Some((stroke, None)));
        }
        // `-. text .->`
        let close = cur.rest().find(".-").ok_or_else(|| cur.error("dotted link text needs a closing `.->`"))?;
        let text = cur.rest()[..close].trim().to_string();
        cur.pos += close + 2;
        head(cur);
        return Ok(Some((stroke, Some(text))));
    }
    let run = cur.rest().bytes().take_while(|b| *b == body_char).count();
    cur.pos += run;
    let before_head = cur.pos;
    if head(cur) || run >= 3 {
        return Ok(Some((stroke, None)));
    }
    cur.pos = before_head;
    // `-- text -->` / `== text ==>`: the text runs to the closing arrow.
    let close_pat: [&str; 2] = if stroke == Stroke::Thick { ["==>", "==="] } else { ["-->", "---"] };
    let close = close_pat
        .iter()
        .filter_map(|p| cur.rest().find(p))
        .min()
        .ok_or_else(|| cur.error("link text needs a closing arrow, e.g. `-- text -->`"))?;
    let text = cur.rest()[..close].trim().to_string();
    cur.pos += close;
    cur.pos += cur.rest().bytes().take_while(|b| *b == body_char).count();
    head(cur);
    Ok(Some((stroke, Some(text))))
}

/// An arrow head: `>`, or `o`/`x` when no id follows directly.
fn head(cur: &mut Cursor) -> bool {
    if cur.eat(">") {
        return true;
    }
    let r = cur.rest();
    if (r.starts_with('o') || r.starts_with('x')) && !r[1..].starts_with(is_id_char) {
        cur.pos += 1;
        return true;
    }
    false
}

fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
    line: usize,
    col0: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn done(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn skip_space(&mut self) {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.pos += n;
    }

    fn peek_word(&self) -> &'a str {
        let r = self.rest();
        let end = r.find(|c: char| c.is_whitespace() || c == ';').unwrap_or(r.len());
        &r[..end]
    }

    /// Up to the next `;` outside double quotes (entity codes in quoted
    /// titles end with `;` too).
    fn rest_of_statement(&mut self) -> &'a str {
        let r = self.rest();
        let mut quoted = false;
        let end = r
            .char_indices()
            .find(|(_, c)| {
                if *c == '"' {
                    quoted = !quoted;
                }
                *c == ';' && !quoted
            })
            .map_or(r.len(), |(i, _)| i);
        self.pos += end;
        &r[..end]
    }

    fn error(&self, message: &str) -> SyntaxError {
        let column = self.col0 + self.s[..self.pos.min(self.s.len())].chars().count();
        SyntaxError { line: self.line, column, message: message.to_string() }
    }

    /// A node id: letters, digits and `_`, with `-` or `.` inside when they
    /// do not start an arrow.
    fn id(&mut self) -> String {
        let r = self.rest();
        let mut end = 0;
        let mut chars = r.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map(|(_, c)| *c);
            let ok = is_id_char(c) || ((c == '-' || c == '.') && end > 0 && next.is_some_and(is_id_char));
            if !ok {
                break;
            }
            end = at + c.len_utf8();
        }
        self.pos += end;
        r[..end].to_string()
    }

    /// A label up to one of `closes`, quoted or not; returns it and the
    /// closing delimiter found.
    fn label(&mut self, closes: &[&str]) -> Result<(String, String), SyntaxError> {
        let r = self.rest();
        let trimmed = r.trim_start();
        if let Some(q) = trimmed.strip_prefix('"') {
            let end = q.find('"').ok_or_else(|| self.error("unterminated quote in a node label"))?;
            let text = q[..end].to_string();
            let after = q[end + 1..].trim_start();
            let used = r.len() - after.len();
            if let Some(close) = closes.iter().find(|c| after.starts_with(**c)) {
                self.pos += used + close.len();
                return Ok((text, close.to_string()));
            }
            self.pos += used;
            return Err(self.error(&format!("expected `{}` to close the node shape", closes[0])));
        }
        let found = closes.iter().filter_map(|c| r.find(c).map(|i| (i, *c))).min_by_key(|(i, _)| *i);
        let Some((end, close)) = found else {
            return Err(self.error(&format!("node shape is never closed: add `{}`", closes[0])));
        };
        self.pos += end + close.len();
        Ok((r[..end].trim().to_string(), close.to_string()))
    }

    fn until_pipe(&mut self) -> Result<String, SyntaxError> {
        let r = self.rest();
        let trimmed = r.trim_start();
        if let Some(q) = trimmed.strip_prefix('"') {
            let end = q.find('"').ok_or_else(|| self.error("unterminated quote in a link label"))?;
            let after = q[end + 1..].trim_start();
            if let Some(a) = after.strip_prefix('|') {
                self.pos += r.len() - a.len();
                return Ok(q[..end].to_string());
            }
        }
        let end = r.find('|').ok_or_else(|| self.error("link label is never closed: add `|`"))?;
        self.pos += end + 1;
        Ok(r[..end].trim().to_string())
    }

    fn until_brace(&mut self) -> Result<&'a str, SyntaxError> {
        let r = self.rest();
        let mut quoted = false;
        for (i, c) in r.char_indices() {
            match c {
                '"' => quoted = !quoted,
                '}' if !quoted => {
                    self.pos += i + 1;
                    return Ok(&r[..i]);
                }
                _ => {}
            }
        }
        Err(self.error("`@{` is never closed: add `}`"))
    }
}
