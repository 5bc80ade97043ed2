//! Property: any design the model can hold survives save -> load unchanged,
//! and the canonical form is a fixed point (fmt is idempotent).

use archcrit::domain::file::{load_str, to_yaml, yaml};
use archcrit::domain::model::{
    Access, Auth, Component, ComponentField, ComponentId, Design, Edit, FieldValue, Kind, Link, LinkField, Mode,
    RateLimit, RequirementField, Zone,
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

#[derive(Debug, Clone)]
struct Spec {
    kind: Kind,
    label: Option<String>,
    replicas: Option<u32>,
    availability: Option<f64>,
    hit_ratio: Option<f64>,
    rate_limit: Option<Option<f64>>,
    at: Option<(u32, u32)>,
    auth: Option<Auth>,
    x: Option<yaml::Value>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(Kind::ALL.to_vec()),
        prop::option::of(text()),
        prop::option::of(1u32..50),
        prop::option::of(prop_oneof![Just(99.9), Just(100.0), 1.0f64..100.0]),
        prop::option::of(0.0f64..=1.0),
        prop::option::of(prop::option::of(0.5f64..10_000.0)),
        prop::option::of((0u32..500, 0u32..300)),
        prop::option::of(prop::sample::select(Auth::ALL.to_vec())),
        prop::option::of(x_value()),
    )
        .prop_map(|(kind, label, replicas, availability, hit_ratio, rate_limit, at, auth, x)| Spec {
            kind,
            label,
            replicas,
            availability,
            hit_ratio,
            rate_limit,
            at,
            auth,
            x,
        })
}

fn build(name: String, specs: Vec<Spec>, links: Vec<(usize, usize, u8, Option<f64>)>) -> Design {
    let mut d = Design::new(name);
    for (i, s) in specs.iter().enumerate() {
        let mut c = Component::new(ComponentId::new(format!("c{i}")).unwrap(), s.kind);
        c.label = s.label.clone();
        c.replicas = s.replicas;
        c.availability = s.availability;
        c.at = s.at;
        c.auth = s.auth;
        if s.kind == Kind::Cache {
            c.hit_ratio = s.hit_ratio;
        }
        c.rate_limit = s.rate_limit.map(|r| r.map_or(RateLimit::Enabled, RateLimit::PerSecond));
        if let Some(x) = &s.x {
            c.extra.insert("x-meta".into(), x.clone());
        }
        d.apply(Edit::AddComponent { component: c, index: None }).unwrap();
    }
    let protocols = [None, Some("https"), Some("kafka"), Some("sql"), Some("My Proto")];
    for (a, b, p, calls) in links {
        if specs.is_empty() {
            break;
        }
        let (a, b) = (a % specs.len(), b % specs.len());
        let mut link =
            Link::new(ComponentId::new(format!("c{a}")).unwrap(), ComponentId::new(format!("c{b}")).unwrap());
        link.protocol = protocols[p as usize % protocols.len()].map(str::to_string);
        link.calls = calls;
        if p % 3 == 0 {
            link.mode = Some(Mode::Async);
            link.access = Some(Access::Read);
        }
        // Self-links and duplicates are refused by the model, as by the file.
        let _ = d.apply(Edit::Connect { link, index: None });
    }
    d.apply(Edit::SetRequirement { field: RequirementField::PeakRps, value: Some(FieldValue::Number(1200.0)) })
        .unwrap();
    d.apply(Edit::SetZone {
        name: "dmz zone".into(),
        zone: Some(Zone { trust: Some("untrusted".into()), ..Zone::default() }),
    })
    .unwrap();
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn save_load_round_trip(
        name in text(),
        specs in prop::collection::vec(spec(), 0..12),
        links in prop::collection::vec((0usize..12, 0usize..12, 0u8..5, prop::option::of(0.01f64..10.0)), 0..20),
    ) {
        let design = build(name, specs, links);
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
