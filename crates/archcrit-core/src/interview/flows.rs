//! The `flow` effect: an answer creates flows (the request types of
//! docs/format.md). With an `id` the effect makes that one flow; without,
//! the answer is read as a list of request types with their peak rates,
//! "timeline read 20000, post tweet 500", and each becomes a flow from the
//! client the `from` selector picks, over `via` (default: everything the
//! client reaches synchronously, never monitoring; a write skips the caches
//! and stops at the queue it hands work to, a read skips queues).

use std::collections::{HashSet, VecDeque};

use super::answer::AnswerValue;
use super::target::Selector;
use crate::file::yaml::Value;
use crate::model::{ComponentId, Design, Edit, Flow, Kind, check_id};
use crate::persona::offline::rank::rps;

/// How a `flow` effect is written in a script.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowOp {
    /// The client the flows start at (its first match).
    pub from: Selector,
    /// The components the flows pass, in order; empty: all the client reaches.
    pub via: Vec<Selector>,
    /// One flow with this id (`{answer}` allowed); `None`: one per request type in the answer.
    pub id: Option<String>,
    /// With `id`: its rate, a number or `{answer}` (default: a number answer).
    pub rps: Option<String>,
    /// With `id`: its label (`{answer}` allowed).
    pub label: Option<String>,
}

/// The most request types one answer may name.
pub const MAX_TYPES: usize = 20;

const KEYS: &[&str] = &["from", "via", "id", "rps", "label"];

/// Reads `flow: {from: SELECTOR, via: [SELECTOR, ...], id: ID, rps: N, label: TEXT}`.
pub(crate) fn parse(v: &Value, text: impl Fn(&Value) -> Option<String>) -> Result<FlowOp, String> {
    let Value::Mapping(map) = v else {
        return Err("`flow` takes {from: SELECTOR}, e.g. {from: first:client}".into());
    };
    let (mut from, mut via, mut id, mut rps, mut label) = (None, Vec::new(), None, None, None);
    for (k, val) in map {
        let k = k.as_str().unwrap_or_default();
        match k {
            "via" => {
                let Value::Sequence(items) = val else {
                    return Err("`via` is a list of selectors, e.g. [first:gateway, first:service]".into());
                };
                for item in items {
                    let t = text(item).ok_or("each `via` entry is a selector")?;
                    via.push(Selector::parse(&t)?);
                }
            }
            "from" | "id" | "rps" | "label" => {
                let t = text(val).ok_or_else(|| format!("`{k}` needs a value"))?;
                match k {
                    "from" => from = Some(Selector::parse(&t)?),
                    "id" => id = Some(t),
                    "rps" => rps = Some(t),
                    _ => label = Some(t),
                }
            }
            other => {
                let hint = crate::model::closest(other, KEYS.iter().copied())
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                return Err(format!("unknown key `{other}` in `flow`{hint}; it takes {}", KEYS.join(", ")));
            }
        }
    }
    let from = from.ok_or("`flow` needs `from`, the client the requests start at (e.g. first:client)")?;
    if let Some(id) = id.as_deref().filter(|i| !i.contains("{answer}")) {
        check_id(id).map_err(|e| format!("flow id {e}"))?;
    }
    if id.is_none() && (rps.is_some() || label.is_some()) {
        return Err(
            "`rps` and `label` go with `id`; without `id` each request type in the answer brings its own".into()
        );
    }
    if let Some(r) = rps.as_deref().filter(|r| !r.contains("{answer}")) {
        rate(r).ok_or_else(|| format!("flow rps: `{r}` is not a number of requests per second"))?;
    }
    Ok(FlowOp { from, via, id, rps, label })
}

/// One request type named in an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestType {
    pub id: String,
    /// As typed ("timeline read").
    pub name: String,
    pub rps: f64,
}

/// A rate as people type it: `20000`, `20,000`, `20_000`, `20k`, `1.5m`,
/// `500rps`, `500/s`.
fn rate(word: &str) -> Option<f64> {
    let w = word.trim().to_ascii_lowercase();
    let w = w.trim_end_matches("rps").trim_end_matches("/s").trim_end_matches("req");
    let (digits, scale) = match w.strip_suffix('k') {
        Some(d) => (d, 1e3),
        None => match w.strip_suffix('m') {
            Some(d) => (d, 1e6),
            None => (w, 1.0),
        },
    };
    let n: f64 = digits.replace(['_', ','], "").parse().ok()?;
    let n = n * scale;
    (n.is_finite() && n >= 0.0).then_some(n)
}

/// Words around a rate that are not part of the request's name.
const FILLER: &[&str] = &["rps", "req/s", "/s", "per", "second", "sec", "a", "at", "peak", "requests", "-", ":", "="];

/// Reads "timeline read 20000, post tweet 500" (commas, semicolons, new
/// lines or "and" between types; the rate before or after the name).
pub fn request_types(answer: &str) -> Result<Vec<RequestType>, String> {
    let example = "e.g. `timeline read 20000, post tweet 500`";
    // A comma inside a number (20,000) is a thousands separator, not a break.
    let chars: Vec<char> = answer.chars().collect();
    let mut text = String::with_capacity(answer.len());
    for (i, &c) in chars.iter().enumerate() {
        let thousands = c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.len() >= i + 4
            && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
            && chars.get(i + 4).is_none_or(|n| !n.is_ascii_digit());
        text.push(if c == ',' && !thousands { ';' } else { c });
    }
    let mut out: Vec<RequestType> = Vec::new();
    let items = text.split(['\n', ';']).flat_map(|s| s.split(" and ")).map(str::trim).filter(|s| !s.is_empty());
    for item in items {
        let words: Vec<&str> = item.split_whitespace().collect();
        let at = words.iter().rposition(|w| rate(w).is_some());
        let Some(at) = at else {
            return Err(format!("`{item}`: how many per second at peak? Give each request type its rate, {example}"));
        };
        let rps = rate(words[at]).unwrap_or(0.0);
        let name: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, w)| *i != at && !FILLER.contains(&w.to_ascii_lowercase().as_str()))
            .map(|(_, w)| w.trim_matches(|c: char| c == ':' || c == '='))
            .filter(|w| !w.is_empty())
            .collect();
        let name = name.join(" ");
        let id = slug(&name);
        if id.is_empty() {
            return Err(format!("`{item}`: name the request type, {example}"));
        }
        if out.iter().any(|t| t.id == id) {
            return Err(format!("`{name}` is named twice; give each request type once"));
        }
        out.push(RequestType { id, name, rps });
    }
    if out.is_empty() {
        return Err(format!("name at least one request type with its rate per second, {example}"));
    }
    if out.len() > MAX_TYPES {
        return Err(format!(
            "{} request types is more than an interview should sketch (at most {MAX_TYPES}); name the main ones",
            out.len()
        ));
    }
    Ok(out)
}

/// "Post Tweet!" -> "post-tweet": a flow id (empty when the name has no
/// letter or digit to make one of).
fn slug(name: &str) -> String {
    if !name.chars().any(char::is_alphanumeric) {
        return String::new();
    }
    let id = ComponentId::slug(name).to_string();
    id.chars().take(60).collect::<String>().trim_end_matches(['-', '_']).to_string()
}

/// Words that make a request a write: it goes to the system of record, not
/// through a read cache.
const WRITES: &[&str] = &[
    "post", "write", "create", "update", "delete", "remove", "upload", "send", "pay", "checkout", "order", "book",
    "submit", "register", "signup", "edit", "publish", "insert", "save", "put", "buy", "place",
];

fn writes(name: &str) -> bool {
    name.to_ascii_lowercase().split(|c: char| !c.is_ascii_alphanumeric()).any(|w| WRITES.contains(&w))
}

/// The path a request of this client takes when the script names none:
/// what it reaches, in walk order. Monitoring is never on a request's
/// path; a queue or stream is where a write hands work off and no part of
/// a read; caches are skipped by writes. A write's walk goes on past the
/// hand-off to the consumers: a flow carries load only over links between
/// its members, so a consumer left out would be judged at 0 rps (it runs
/// after the response, so it adds load, not latency).
fn request_path(design: &Design, from: &ComponentId, write: bool) -> Vec<ComponentId> {
    let mut seen: HashSet<&str> = HashSet::from([from.as_str()]);
    let mut queue = VecDeque::from([from.as_str()]);
    let mut out = Vec::new();
    while let Some(at) = queue.pop_front() {
        for link in design.outgoing(at) {
            let Some(to) = design.component(link.to.as_str()) else { continue };
            let hand_off = matches!(to.kind, Kind::Queue | Kind::Stream) || !link.is_sync();
            let enters = match to.kind {
                Kind::Monitoring => false,
                Kind::Cache => !write,
                _ if hand_off => write,
                _ => true,
            };
            if enters && seen.insert(link.to.as_str()) {
                out.push(link.to.clone());
                queue.push_back(link.to.as_str());
            }
        }
    }
    out
}

/// The edits that make the flows of `op` for `answer` on `work`, and notes
/// on what was left alone. Each edit is applied to `work` by the caller.
///
/// When `from` matches several clients (`every:client`), each request type
/// is split over them by their share of the peak load (their `rps`, or an
/// even share of `peak_rps`, as the critic counts it), one flow per client
/// named `TYPE-CLIENT`: the rates typed are the system's, and a client left
/// without flows would add its implicit flow on top of them.
pub fn plan(op: &FlowOp, answer: &AnswerValue, work: &Design) -> Result<(Vec<Edit>, Vec<String>), String> {
    let matched = op.from.resolve(work);
    let Some(first) = matched.first().cloned() else {
        return Ok((vec![], vec![format!("no flow added: nothing matches {}", op.from)]));
    };
    let is_client = |c: &ComponentId| work.component(c.as_str()).is_some_and(|c| c.kind == Kind::Client);
    if !is_client(&first) {
        return Err(format!("a flow starts at a client; {first} is not one"));
    }
    let fill = |t: &str| t.replace("{answer}", &answer.to_string());
    let (types, clients) = match &op.id {
        // A named flow is one flow, from the first client matched.
        Some(id) => {
            let id = fill(id);
            let rps = match &op.rps {
                Some(r) => Some(rate(&fill(r)).ok_or_else(|| format!("flow {id}: `{}` is not a rate", fill(r)))?),
                None => answer.as_number(),
            };
            let name = op.label.as_deref().map(fill).unwrap_or_else(|| id.clone());
            (vec![(id, name, rps)], vec![(first, 1.0)])
        }
        None => {
            let types = request_types(&answer.to_string())?.into_iter().map(|t| (t.id, t.name, Some(t.rps))).collect();
            let clients: Vec<ComponentId> = matched.into_iter().filter(is_client).collect();
            (types, client_shares(work, clients))
        }
    };
    let split = clients.len() > 1;
    let typed_total: f64 = types.iter().filter_map(|(_, _, rps)| *rps).sum();
    let (mut edits, mut notes) = (Vec::new(), Vec::new());
    for (type_id, name, rps) in types {
        for (client, share) in &clients {
            let (id, name, rps) = if split {
                let id = format!("{type_id}-{client}");
                (id, format!("{name} from {client}"), rps.map(|r| round_rate(r * share)))
            } else {
                (type_id.clone(), name.clone(), rps)
            };
            let label = Some(name.clone()).filter(|n| *n != id);
            let flow = match work.flow(&id) {
                Some(old) => {
                    let new = Flow { rps: rps.or(old.rps), label: label.or(old.label.clone()), ..old.clone() };
                    if new == *old {
                        notes.push(format!("kept flow {id} as it is"));
                        continue;
                    }
                    new
                }
                None => Flow { rps, label, ..Flow::new(client.clone(), path(op, work, client, writes(&name))) },
            };
            work.check_flow(&id, &flow)?;
            edits.push(Edit::SetFlow { id, flow: Some(flow), index: None });
        }
    }
    if split {
        let shares: Vec<String> = clients.iter().map(|(c, share)| format!("{c} {:.0}%", share * 100.0)).collect();
        notes.push(format!(
            "each request type is split over the clients by their share of the peak ({}); change a flow's rps in :flows if a client sends a different mix",
            shares.join(", ")
        ));
    }
    if op.id.is_none()
        && let Some(peak) = work.requirements().peak_rps.filter(|p| *p > 0.0 && p.is_finite())
        && (typed_total - peak).abs() > peak * 0.1
    {
        notes.push(format!(
            "these request types add up to {} rps, but requirements.peak_rps says {}: the critic loads each flow with its own rate, so set peak_rps to {} if that is the peak, or correct the rates",
            rps(typed_total),
            rps(peak),
            rps(typed_total)
        ));
    }
    Ok((edits, notes))
}

/// The components a new flow passes: the script's `via`, or the request's
/// own path from its client.
fn path(op: &FlowOp, work: &Design, client: &ComponentId, write: bool) -> Vec<ComponentId> {
    if op.via.is_empty() {
        return request_path(work, client, write);
    }
    let mut via: Vec<ComponentId> = Vec::new();
    for s in &op.via {
        for c in s.resolve(work) {
            if c != *client && !via.contains(&c) {
                via.push(c);
            }
        }
    }
    via
}

/// Each client's fraction of the load entering the system, counted as the
/// critic counts it: a client's `rps`, or an even share of what is left of
/// `peak_rps`. Without any figure the clients share evenly.
fn client_shares(design: &Design, clients: Vec<ComponentId>) -> Vec<(ComponentId, f64)> {
    // The split the critic uses (`Design::client_load`): `peak_rps` is
    // shared by every client of the design, not only those matched.
    let load = design.client_load();
    let loads: Vec<f64> =
        clients.iter().map(|c| design.component(c.as_str()).map_or(0.0, |c| load.entering(c))).collect();
    let total: f64 = loads.iter().sum();
    let n = clients.len().max(1) as f64;
    clients
        .into_iter()
        .zip(loads)
        .map(|(c, load)| {
            let share = if total > 0.0 { load / total } else { 1.0 / n };
            (c, share)
        })
        .collect()
}

/// A split rate as people write it: whole requests per second, or two
/// decimals below ten.
fn round_rate(r: f64) -> f64 {
    if r >= 10.0 { r.round() } else { (r * 100.0).round() / 100.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(answer: &str) -> Vec<(String, String, f64)> {
        request_types(answer).unwrap().into_iter().map(|t| (t.id, t.name, t.rps)).collect()
    }

    #[test]
    fn a_request_follows_its_synchronous_path_never_monitoring_or_past_a_queue() {
        let d = crate::file::load_str(
            "archcrit: 1\nname: t\ncomponents:\n  web: {kind: client}\n  gw: {kind: gateway}\n  app: {kind: service}\n  cache: {kind: cache}\n  db: {kind: database}\n  jobs: {kind: queue}\n  mailer: {kind: worker}\n  email: {kind: external}\n  metrics: {kind: monitoring}\nlinks:\n  - {from: web, to: gw}\n  - {from: gw, to: app}\n  - {from: app, to: cache}\n  - {from: app, to: db}\n  - {from: app, to: jobs}\n  - {from: jobs, to: mailer}\n  - {from: mailer, to: email}\n  - {from: app, to: metrics}\n",
            "t.yaml",
        )
        .unwrap();
        let web = ComponentId::new("web").unwrap();
        let ids = |v: Vec<ComponentId>| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(request_path(&d, &web, false)), ["gw", "app", "cache", "db"]);
        // The mailer consumes the write's job after the response: on the
        // path for its load, and so is what it calls.
        assert_eq!(ids(request_path(&d, &web, true)), ["gw", "app", "db", "jobs", "mailer", "email"]);
    }

    #[test]
    fn request_types_read_as_people_write_them() {
        assert_eq!(
            names("timeline read 20000, post tweet 500"),
            [
                ("timeline-read".into(), "timeline read".into(), 20000.0),
                ("post-tweet".into(), "post tweet".into(), 500.0)
            ]
        );
        assert_eq!(
            names("Timeline reads: 20,000 rps; 500 post tweet\nsearch 1.5k/s and Login = 20"),
            [
                ("timeline-reads".into(), "Timeline reads".into(), 20000.0),
                ("post-tweet".into(), "post tweet".into(), 500.0),
                ("search".into(), "search".into(), 1500.0),
                ("login".into(), "Login".into(), 20.0),
            ]
        );
    }

    #[test]
    fn unreadable_answers_say_what_to_type() {
        for (answer, why) in [
            ("timeline read, post tweet 500", "`timeline read`: how many per second"),
            ("500", "`500`: name the request type"),
            ("", "name at least one request type"),
            ("read 5, Read 6", "named twice"),
        ] {
            let err = request_types(answer).unwrap_err();
            assert!(err.contains(why), "{answer:?}: {err}");
        }
        let many: Vec<String> = (0..21).map(|i| format!("type{i} 1")).collect();
        assert!(request_types(&many.join(", ")).unwrap_err().contains("at most 20"));
    }

    #[test]
    fn writes_are_told_by_their_verbs() {
        assert!(writes("post tweet") && writes("Place-Order") && !writes("timeline read") && !writes("poster view"));
    }
}
