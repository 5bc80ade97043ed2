//! Transformations that change fields rather than the shape of the graph:
//! redundancy, rate-limiting, oauth2-jwt, tls-everywhere, dead-letter-queue,
//! batching, publish-subscribe, and observability (which adds one
//! monitoring component).

use super::PatternError;
use super::build::{Namer, add, component, connect, relink, set, subject, wrong_rule};
use crate::critic::report::Finding;
use crate::critic::snapshot::Snapshot;
use crate::model::{
    Auth, ComponentField as F, Delivery, Design, Edit, FieldValue as V, Kind, LinkField, LinkKey, RateLimit,
};

/// More replicas than this is not redundancy but capacity planning.
const MAX_REPLICAS: u32 = 5;

/// Two replicas for a single point of failure (behind a new load-balancer
/// when clients call a stateless component directly); for an availability
/// below the SLO, replicas on the weakest members of the client's call tree
/// until the request meets the SLO.
pub fn redundancy(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Redundancy";
    match finding.rule {
        "single-point-of-failure" => {
            let c = subject(design, finding, P)?;
            let mut edits = Vec::new();
            if c.effective_replicas() < 2 {
                edits.push(set(&c.id, F::Replicas, V::Count(2)));
            }
            let from_clients: Vec<_> = design
                .incoming(c.id.as_str())
                .into_iter()
                .filter(|l| design.component(l.from.as_str()).is_some_and(|f| f.kind == Kind::Client))
                .collect();
            if !c.effective_stateful() && !from_clients.is_empty() && c.kind != Kind::LoadBalancer {
                let mut namer = Namer::new(design);
                let lb = namer.fresh(&format!("{}-lb", c.id));
                edits.push(add(component(lb.clone(), Kind::LoadBalancer, c.zone.as_deref(), "Load balancer")));
                let mut protocols: Vec<Option<String>> = Vec::new();
                for l in from_clients {
                    edits.push(Edit::Disconnect { key: l.key() });
                    edits.push(connect(relink(l, &l.from, &lb)));
                    if !protocols.contains(&l.key().protocol) {
                        protocols.push(l.key().protocol);
                        let mut inner = relink(l, &lb, &c.id);
                        inner.calls = None;
                        inner.auth = None;
                        edits.push(connect(inner));
                    }
                }
            }
            Ok(edits)
        }
        "availability-below-slo" => raise_until_slo(design, finding),
        _ => Err(wrong_rule(P, finding)),
    }
}

fn raise_until_slo(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Redundancy";
    let client = subject(design, finding, P)?;
    let slo = design.requirements().availability_slo.ok_or_else(|| PatternError::no(P, "the design sets no SLO"))?;
    let snap = Snapshot::new(design);
    let start = snap.index_of(client.id.as_str()).ok_or_else(|| PatternError::no(P, "unknown client"))?;
    // The client's synchronous call tree, each member once.
    let mut seen = vec![false; snap.len()];
    let mut stack = vec![start];
    seen[start] = true;
    let mut tree = Vec::new();
    while let Some(u) = stack.pop() {
        for &j in snap.out(u) {
            let v = snap.to[j];
            if snap.sync[j] && !seen[v] {
                seen[v] = true;
                tree.push(v);
                stack.push(v);
            }
        }
    }
    let mut replicas: Vec<u32> = tree.iter().map(|&i| snap.comps[i].effective_replicas()).collect();
    let single: Vec<f64> =
        tree.iter().map(|&i| (snap.comps[i].effective_availability() / 100.0).clamp(0.0, 1.0)).collect();
    let avail = |k: usize, r: u32| 1.0 - (1.0 - single[k]).powi(i32::try_from(r).unwrap_or(i32::MAX));
    let product = |reps: &[u32]| (0..tree.len()).map(|k| avail(k, reps[k])).product::<f64>() * 100.0;
    let raisable = |k: usize| !matches!(snap.kind(tree[k]), Kind::Client | Kind::External);
    while product(&replicas) < slo {
        let weakest = (0..tree.len())
            .filter(|&k| raisable(k) && replicas[k] < MAX_REPLICAS)
            .min_by(|&a, &b| avail(a, replicas[a]).total_cmp(&avail(b, replicas[b])));
        match weakest {
            Some(k) => replicas[k] += 1,
            None => break,
        }
    }
    let edits: Vec<Edit> = tree
        .iter()
        .zip(&replicas)
        .filter(|(i, r)| snap.comps[**i].effective_replicas() != **r)
        .map(|(&i, &r)| set(&snap.comps[i].id, F::Replicas, V::Count(r)))
        .collect();
    if edits.is_empty() {
        return Err(PatternError::no(
            P,
            "the weakest components are external or already at five replicas; the SLO needs a different design",
        ));
    }
    Ok(edits)
}

pub fn rate_limiting(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Rate limiting";
    if finding.rule != "no-rate-limit" {
        return Err(wrong_rule(P, finding));
    }
    let c = subject(design, finding, P)?;
    Ok(vec![set(&c.id, F::RateLimit, V::RateLimit(RateLimit::Enabled))])
}

/// Gateways speak OAuth 2 to clients; services validate the JWT they get.
pub fn oauth2_jwt(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "OAuth 2 with JWT access tokens";
    if finding.rule != "missing-auth" {
        return Err(wrong_rule(P, finding));
    }
    let c = subject(design, finding, P)?;
    let auth = if c.kind == Kind::Gateway { Auth::OAuth2 } else { Auth::Jwt };
    Ok(vec![set(&c.id, F::Auth, V::Auth(auth))])
}

pub fn tls_everywhere(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "TLS everywhere";
    if finding.links.is_empty() {
        return Err(PatternError::no(P, "the finding names no link"));
    }
    Ok(finding
        .links
        .iter()
        .filter(|k| design.link(k).is_some_and(|l| !l.effective_tls()))
        .map(|k: &LinkKey| Edit::SetLink { key: k.clone(), field: LinkField::Tls, value: Some(V::Flag(true)) })
        .collect())
}

pub fn dead_letter_queue(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Dead-letter queue";
    let c = subject(design, finding, P)?;
    if !c.kind.is_messaging() {
        return Err(PatternError::no(P, format!("{} is a {}, not a queue or stream", c.id, c.kind)));
    }
    if c.dlq == Some(true) {
        return Ok(Vec::new());
    }
    Ok(vec![set(&c.id, F::Dlq, V::Flag(true))])
}

/// One monitoring component. It is drawn without links, like the shipped
/// examples do: telemetry is not on the request path.
pub fn observability(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Observability";
    if finding.rule != "no-observability" {
        return Err(wrong_rule(P, finding));
    }
    if design.components().any(|c| c.kind == Kind::Monitoring) {
        return Ok(Vec::new());
    }
    let id = Namer::new(design).fresh("monitoring");
    Ok(vec![add(component(id, Kind::Monitoring, None, "Metrics, logs and traces"))])
}

/// The busiest-looking incoming link with `calls` above 1 (the most calls,
/// first in file order) becomes one batched call per request; its label
/// notes the batch so the change reads in the diagram.
pub fn batching(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Batching";
    let c = subject(design, finding, P)?;
    let incoming = design.incoming(c.id.as_str());
    let Some(link) = incoming
        .iter()
        .filter(|l| l.effective_calls() > 1.0)
        .max_by(|a, b| a.effective_calls().total_cmp(&b.effective_calls()).then(std::cmp::Ordering::Greater))
    else {
        return Ok(Vec::new());
    };
    let note = format!("batched: {} items per call", crate::model::format_number(link.effective_calls()));
    let label = match &link.label {
        Some(l) => format!("{l} ({note})"),
        None => note,
    };
    Ok(vec![
        Edit::SetLink { key: link.key(), field: LinkField::Calls, value: Some(V::Number(1.0)) },
        Edit::SetLink { key: link.key(), field: LinkField::Label, value: Some(V::Text(label)) },
    ])
}

/// A competing queue becomes a fan-out topic: every consumer gets every
/// message.
pub fn publish_subscribe(design: &Design, finding: &Finding) -> Result<Vec<Edit>, PatternError> {
    const P: &str = "Publish-subscribe";
    let c = subject(design, finding, P)?;
    if !c.kind.is_messaging() {
        return Err(PatternError::no(P, format!("{} is a {}, not a queue or stream", c.id, c.kind)));
    }
    if c.effective_delivery() == Some(Delivery::Fanout) {
        return Ok(Vec::new());
    }
    Ok(vec![set(&c.id, F::Delivery, V::Delivery(Delivery::Fanout))])
}
