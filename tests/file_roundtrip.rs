//! Property: any design the model can hold survives save -> load unchanged,
//! and the canonical form is a fixed point (fmt is idempotent).

use archcrit_core::file::{load_str, to_yaml, yaml};
use archcrit_core::model::{
    Acceptance, Access, Auth, Component, ComponentField, ComponentId, Consistency, Delivery, Design, Edit, FieldValue,
    Flow, Kind, Link, LinkField, Mode, RateLimit, Replication, RequirementField, TranscriptEntry, Zone,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z][a-zA-Z0-9 ./_-]{0,20}",
        // Text YAML would misread if written plain.
        Just("yes".to_string()),
        Just("null".to_string()),
        Just("1e3".to_string()),
        Just("- dash".to_string()),
        Just("key: value # not a comment".to_string()),
        Just("\"quoted\" and 'single'".to_string()),
        Just("[brackets], {braces}".to_string()),
        Just("back\\slash\ttab\nnewline".to_string()),
        // What libyaml misreads: `:?` in flow context, Unicode line separators.
        Just("ratio:?".to_string()),
        Just("line\u{2028}para\u{2029}end\u{85}".to_string()),
        Just("https://example.com/a?b=c".to_string()),
        Just("3.10".to_string()),
        // Unicode: CJK, emoji, combining marks, RTL.
        Just("注文サービス".to_string()),
        Just("🚀 launch ✓".to_string()),
        Just("e\u{301}te\u{301}".to_string()),
        Just("שירות הזמנות".to_string()),
        any::<String>().prop_filter("non-empty", |s| !s.trim().is_empty()),
    ]
}

fn x_value() -> impl Strategy<Value = yaml::Value> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(yaml::Value::Bool),
        (-1000i64..1000).prop_map(|n| yaml::Value::Number(n.into())),
        text().prop_map(yaml::Value::String),
        Just(yaml::Value::Null),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(yaml::Value::Sequence),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..3).prop_map(|kv| {
                let mut m = yaml::Value::Mapping(Default::default());
                if let yaml::Value::Mapping(map) = &mut m {
                    for (k, v) in kv {
                        map.insert(yaml::Value::String(k), v);
                    }
                }
                m
            }),
        ]
    })
}

/// Ids as the format allows them, including ones YAML would read as
/// something else if they were written plain.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9][a-z0-9_-]{0,8}",
        1 => prop::sample::select(vec!["007", "1e3", "0x1f", "0o17", "null", "true", "no", "y", "1_000", "2024-01-01", "12"])
            .prop_map(str::to_string),
    ]
}

fn number(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    prop_oneof![Just(lo.max(0.001)), Just(hi), lo.max(0.001)..hi, (1u32..1000).prop_map(f64::from)]
}

#[derive(Debug, Clone)]
struct Spec {
    id: String,
    kind: Kind,
    label: Option<String>,
    tech: Option<String>,
    zone: Option<String>,
    notes: Option<String>,
    replicas: Option<u32>,
    capacity_rps: Option<f64>,
    latency_ms: Option<f64>,
    availability: Option<f64>,
    stateful: Option<bool>,
    public: Option<bool>,
    hit_ratio: Option<f64>,
    dlq: Option<bool>,
    rps: Option<f64>,
    rate_limit: Option<Option<f64>>,
    at: Option<(u32, u32)>,
    auth: Option<Auth>,
    x: Option<yaml::Value>,
    /// Capacity model v2 fields: replication, shards, delivery, p99_ms.
    v2: (Option<Replication>, Option<u32>, Option<Delivery>, Option<f64>),
}

fn spec() -> impl Strategy<Value = Spec> {
    let identity = (id(), prop::sample::select(Kind::ALL.to_vec()));
    let words = (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(prop::sample::select(Auth::ALL.to_vec())),
    );
    let numbers = (
        prop::option::of(1u32..50),
        prop::option::of(number(0.001, 1e6)),
        prop::option::of(prop_oneof![Just(0.0), number(0.0, 5000.0)]),
        prop::option::of(prop_oneof![Just(99.9), Just(100.0), 0.001f64..100.0]),
        prop::option::of(prop_oneof![Just(0.0), Just(1.0), 0.0f64..=1.0]),
        prop::option::of(prop_oneof![Just(0.0), number(0.0, 1e5)]),
        prop::option::of(prop::option::of(number(0.5, 10_000.0))),
    );
    let flags = (
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of((0u32..500, 0u32..300)),
        prop::option::of(x_value()),
    );
    let v2 = (
        prop::option::of(prop::sample::select(Replication::ALL.to_vec())),
        prop::option::of(1u32..64),
        prop::option::of(prop::sample::select(Delivery::ALL.to_vec())),
        prop::option::of(prop_oneof![Just(0.0), number(0.0, 20_000.0)]),
    );
    (identity, words, numbers, flags, v2).prop_map(|((id, kind), w, n, f, v2)| Spec {
        id,
        kind,
        label: w.0,
        tech: w.1,
        zone: w.2,
        notes: w.3,
        auth: w.4,
        replicas: n.0,
        capacity_rps: n.1,
        latency_ms: n.2,
        availability: n.3,
        hit_ratio: n.4,
        rps: n.5,
        rate_limit: n.6,
        stateful: f.0,
        public: f.1,
        dlq: f.2,
        at: f.3,
        x: f.4,
        v2,
    })
}

#[derive(Debug, Clone)]
struct LinkSpec {
    from: usize,
    to: usize,
    protocol: u8,
    calls: Option<f64>,
    mode: Option<Mode>,
    access: Option<Access>,
    tls: Option<bool>,
    auth: Option<Auth>,
    label: Option<String>,
    x: Option<yaml::Value>,
}

fn link_spec() -> impl Strategy<Value = LinkSpec> {
    (
        (0usize..12, 0usize..12, 0u8..7, prop::option::of(prop_oneof![Just(1.0), 0.01f64..10.0])),
        (
            prop::option::of(prop::sample::select(Mode::ALL.to_vec())),
            prop::option::of(prop::sample::select(Access::ALL.to_vec())),
            prop::option::of(any::<bool>()),
            prop::option::of(prop::sample::select(Auth::ALL.to_vec())),
            prop::option::of(text()),
            prop::option::of(x_value()),
        ),
    )
        .prop_map(|((from, to, protocol, calls), (mode, access, tls, auth, label, x))| LinkSpec {
            from,
            to,
            protocol,
            calls,
            mode,
            access,
            tls,
            auth,
            label,
            x,
        })
}

#[derive(Debug, Clone)]
struct HeaderSpec {
    description: Option<String>,
    peak_rps: Option<f64>,
    read_write_ratio: Option<f64>,
    availability_slo: Option<f64>,
    latency_budget_ms: Option<f64>,
    p99_budget_ms: Option<f64>,
    consistency: Option<Consistency>,
    data: Vec<String>,
    zones: Vec<(String, Option<String>, Option<String>)>,
    accepted: Vec<(String, Option<usize>, String)>,
    answers: Vec<(String, String, Vec<String>)>,
    x: Option<yaml::Value>,
}

fn header_spec() -> impl Strategy<Value = HeaderSpec> {
    (
        (
            prop::option::of(text()),
            prop::option::of(prop_oneof![Just(0.0), number(0.0, 1e6)]),
            prop::option::of(number(0.0, 100.0)),
            prop::option::of(prop_oneof![Just(100.0), 90.0f64..100.0]),
            (prop::option::of(number(0.5, 10_000.0)), prop::option::of(number(0.5, 10_000.0))),
            prop::option::of(prop::sample::select(Consistency::ALL.to_vec())),
            prop::collection::vec(text(), 0..3),
        ),
        (
            prop::collection::vec((text(), prop::option::of(text()), prop::option::of(text())), 0..3),
            prop::collection::vec(("[a-z-]{1,20}", prop::option::of(0usize..12), text()), 0..3),
            prop::collection::vec((text(), text(), prop::collection::vec(text(), 0..2)), 0..2),
            prop::option::of(x_value()),
        ),
    )
        .prop_map(|((description, peak, rw, slo, budgets, consistency, data), (zones, accepted, answers, x))| {
            HeaderSpec {
                description,
                peak_rps: peak,
                read_write_ratio: rw,
                availability_slo: slo,
                latency_budget_ms: budgets.0,
                p99_budget_ms: budgets.1,
                consistency,
                data,
                zones,
                accepted,
                answers,
                x,
            }
        })
}

fn cid(s: &str) -> ComponentId {
    ComponentId::new(s).unwrap()
}

#[derive(Debug, Clone)]
struct FlowSpec {
    id: String,
    client: usize,
    length: usize,
    rps: Option<f64>,
    budgets: (Option<f64>, Option<f64>, Option<f64>),
    label: Option<String>,
}

fn flow_spec() -> impl Strategy<Value = FlowSpec> {
    (
        id(),
        0usize..12,
        0usize..8,
        prop::option::of(prop_oneof![Just(0.0), number(0.0, 1e5)]),
        (
            prop::option::of(number(0.5, 10_000.0)),
            prop::option::of(number(0.5, 10_000.0)),
            prop::option::of(prop_oneof![Just(100.0), 90.0f64..100.0]),
        ),
        prop::option::of(text()),
    )
        .prop_map(|(id, client, length, rps, budgets, label)| FlowSpec { id, client, length, rps, budgets, label })
}

/// A flow from a client over a prefix of what a breadth-first walk from it
/// reaches: each member is reached from an earlier one, as the format asks.
fn add_flows(d: &mut Design, flows: Vec<FlowSpec>) {
    let clients: Vec<ComponentId> = d.components().filter(|c| c.kind == Kind::Client).map(|c| c.id.clone()).collect();
    if clients.is_empty() {
        return;
    }
    for f in flows {
        let from = clients[f.client % clients.len()].clone();
        let mut via: Vec<ComponentId> = Vec::new();
        let mut queue = std::collections::VecDeque::from([from.clone()]);
        while let Some(at) = queue.pop_front() {
            for l in d.outgoing(at.as_str()) {
                if l.to != from && !via.contains(&l.to) && via.len() < f.length {
                    via.push(l.to.clone());
                    queue.push_back(l.to.clone());
                }
            }
        }
        let mut flow = Flow::new(from, via);
        flow.rps = f.rps;
        (flow.latency_budget_ms, flow.p99_budget_ms, flow.availability_slo) = f.budgets;
        flow.label = f.label;
        // A repeated id is refused by the model as by the file.
        if d.flow(&f.id).is_none() {
            d.apply(Edit::SetFlow { id: f.id, flow: Some(flow), index: None }).unwrap();
        }
    }
}

fn build(name: String, header: HeaderSpec, specs: Vec<Spec>, links: Vec<LinkSpec>) -> Design {
    // Top-level `x-` fields have no edit: start from a loaded header.
    let mut d = match &header.x {
        Some(x) => {
            let mut start = yaml::Value::Mapping(Default::default());
            if let yaml::Value::Mapping(map) = &mut start {
                map.insert(yaml::Value::String("archcrit".into()), yaml::Value::Number(1.into()));
                map.insert(yaml::Value::String("name".into()), yaml::Value::String("start".into()));
                map.insert(yaml::Value::String("x-top".into()), x.clone());
            }
            load_str(&yaml::to_string(&start).unwrap(), "start.yaml").unwrap()
        }
        None => Design::new("start"),
    };
    d.apply(Edit::SetName { name }).unwrap();
    d.apply(Edit::SetDescription { description: header.description.clone() }).unwrap();
    let requirements = [
        (RequirementField::PeakRps, header.peak_rps.map(FieldValue::Number)),
        (RequirementField::ReadWriteRatio, header.read_write_ratio.map(FieldValue::Number)),
        (RequirementField::AvailabilitySlo, header.availability_slo.map(FieldValue::Number)),
        (RequirementField::LatencyBudgetMs, header.latency_budget_ms.map(FieldValue::Number)),
        (RequirementField::P99BudgetMs, header.p99_budget_ms.map(FieldValue::Number)),
        (RequirementField::Consistency, header.consistency.map(FieldValue::Consistency)),
        (RequirementField::Data, Some(FieldValue::List(header.data.clone()))),
    ];
    for (field, value) in requirements {
        d.apply(Edit::SetRequirement { field, value }).unwrap();
    }
    for (name, trust, label) in header.zones {
        d.apply(Edit::SetZone { name, zone: Some(Zone { trust, label, ..Zone::default() }) }).unwrap();
    }

    let mut ids: Vec<String> = Vec::new();
    for s in &specs {
        if ids.contains(&s.id) {
            continue;
        }
        ids.push(s.id.clone());
        let mut c = Component::new(cid(&s.id), s.kind);
        c.label = s.label.clone();
        c.tech = s.tech.clone();
        c.zone = s.zone.clone();
        c.notes = s.notes.clone();
        c.replicas = s.replicas;
        c.capacity_rps = s.capacity_rps;
        c.latency_ms = s.latency_ms;
        c.availability = s.availability;
        c.stateful = s.stateful;
        c.public = s.public;
        c.at = s.at;
        c.auth = s.auth;
        c.rate_limit = s.rate_limit.map(|r| r.map_or(RateLimit::Enabled, RateLimit::PerSecond));
        // Kind-specific fields only where they apply, as the format says.
        match s.kind {
            Kind::Cache => c.hit_ratio = s.hit_ratio,
            Kind::Queue | Kind::Stream => {
                c.dlq = s.dlq;
                c.delivery = s.v2.2;
            }
            Kind::Client => c.rps = s.rps,
            _ => {}
        }
        if matches!(s.kind, Kind::Database | Kind::Cache | Kind::Search | Kind::Storage) {
            c.replication = s.v2.0;
            c.shards = s.v2.1;
        }
        c.p99_ms = s.v2.3;
        if let Some(x) = &s.x {
            c.extra.insert("x-meta".into(), x.clone());
        }
        d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
    }
    let protocols = [None, Some("https"), Some("kafka"), Some("sql"), Some("My Proto"), Some("HTTP"), Some("1.0")];
    for l in links {
        if ids.is_empty() {
            break;
        }
        let (a, b) = (&ids[l.from % ids.len()], &ids[l.to % ids.len()]);
        let mut link = Link::new(cid(a), cid(b));
        link.protocol = protocols[l.protocol as usize % protocols.len()].map(str::to_string);
        link.calls = l.calls;
        link.mode = l.mode;
        link.access = l.access;
        link.tls = l.tls;
        link.auth = l.auth;
        link.label = l.label;
        if let Some(x) = l.x {
            link.extra.insert("x-why".into(), x);
        }
        // Self-links and duplicates are refused by the model, as by the file.
        let _ = d.apply(Edit::Connect { link, index: None });
    }
    for (rule, component, reason) in header.accepted {
        let component = component.and_then(|i| ids.get(i)).map(|s| cid(s));
        let acceptance = Acceptance { rule, component, reason, extra: Default::default() };
        d.apply(Edit::Accept { acceptance, index: None }).unwrap();
    }
    for (question, answer, effects) in header.answers {
        let entry = TranscriptEntry {
            script: "capacity".into(),
            question,
            ask: "How many requests per second at peak?".into(),
            answer,
            time: "2024-05-01T10:00:00Z".into(),
            effects,
            extra: Default::default(),
        };
        d.apply(Edit::RecordAnswer { entry }).unwrap();
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn save_load_round_trip(
        name in text(),
        header in header_spec(),
        specs in prop::collection::vec(spec(), 0..12),
        links in prop::collection::vec(link_spec(), 0..20),
        flows in prop::collection::vec(flow_spec(), 0..4),
    ) {
        let mut design = build(name, header, specs, links);
        add_flows(&mut design, flows);
        let text = to_yaml(&design);
        let loaded = load_str(&text, "prop.yaml").map_err(|e| TestCaseError::fail(format!("{e}\n---\n{text}")))?;
        prop_assert_eq!(&loaded, &design, "\n{}", text);
        prop_assert_eq!(to_yaml(&loaded), text);
    }
}

#[test]
fn setting_fields_by_text_round_trips() {
    let mut d = Design::new("fields");
    d.apply(Edit::AddComponent { component: Component::new(ComponentId::new("q").unwrap(), Kind::Queue), index: None })
        .unwrap();
    d.apply(Edit::AddComponent {
        component: Component::new(ComponentId::new("w").unwrap(), Kind::Worker),
        index: None,
    })
    .unwrap();
    for (field, value) in [("dlq", "true"), ("notes", "line one\nline two"), ("tech", "RabbitMQ 3.13")] {
        let field = ComponentField::parse(field).unwrap();
        let value = field.field_type().parse(value).unwrap();
        d.apply(Edit::SetComponent { id: ComponentId::new("q").unwrap(), field, value: Some(value) }).unwrap();
    }
    let mut link = Link::new(ComponentId::new("q").unwrap(), ComponentId::new("w").unwrap());
    link.set(LinkField::Label, Some(FieldValue::Text("consume: orders #1".into()))).unwrap();
    d.apply(Edit::Connect { link, index: None }).unwrap();
    let text = to_yaml(&d);
    assert_eq!(load_str(&text, "f.yaml").unwrap(), d, "{text}");
}
