//! Calibration from traces: the fixtures in tests/fixtures/traces (the same
//! 100 traces as OTLP/JSON and as a Jaeger export; README.md there derives
//! the numbers) through the core and the real binary.

use std::collections::HashMap;
use std::io::BufReader;
use std::process::Command;

use archcrit_core::calibrate::{self, Aggregator, Observed, Options};
use archcrit_core::model::{Design, Mode};

fn path(name: &str) -> String {
    format!("{}/tests/fixtures/traces/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn observe(name: &str) -> Observed {
    let mut agg = Aggregator::default();
    let file = std::fs::File::open(path(name)).unwrap();
    calibrate::read_traces(BufReader::new(file), name, &mut agg).unwrap();
    agg.finish(1.0)
}

fn design() -> Design {
    archcrit_core::file::load_str(&std::fs::read_to_string(path("shop.yaml")).unwrap(), "shop.yaml").unwrap()
}

fn close(a: Option<f64>, b: f64, tolerance: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= tolerance * b.abs().max(1e-9))
}

fn by_name(o: &Observed) -> HashMap<String, &archcrit_core::calibrate::ObservedNode> {
    o.nodes.iter().map(|n| (n.node.name().to_string(), n)).collect()
}

fn edge(o: &Observed, from: &str, to: &str) -> archcrit_core::calibrate::ObservedEdge {
    o.edges
        .iter()
        .find(|e| o.name(e.from) == from && o.name(e.to) == to)
        .cloned()
        .unwrap_or_else(|| panic!("no edge {from} -> {to}"))
}

#[test]
fn otlp_numbers_are_the_ones_the_traces_hold() {
    let o = observe("shop.otlp.jsonl");
    assert_eq!(o.spans, 40 * 13 + 60 * 3);
    assert_eq!(o.closed_early, 0);
    assert!(close(o.window_s, 19.83, 1e-6), "{:?}", o.window_s);
    let n = by_name(&o);
    let checkout = n["CheckoutService"];
    assert_eq!(checkout.requests, 40);
    assert!(close(checkout.own_mean_ms, 22.0, 1e-6), "{:?}", checkout.own_mean_ms);
    assert!(close(checkout.total_mean_ms, 80.0, 1e-6));
    assert!(close(checkout.total_p99_ms, 80.0, 0.01));
    assert!(close(n["frontend"].own_mean_ms, 12.0, 1e-6), "{:?}", n["frontend"].own_mean_ms);
    assert!(close(n["frontend"].own_p99_ms, 15.0, 0.01));
    assert_eq!(n["inventory-svc"].requests, 140);
    assert!(close(n["inventory-svc"].rps, 140.0 / 19.83, 1e-6));
    assert!(close(n["payments"].error_rate, 0.1, 1e-9));
    assert!(close(n["payments"].own_mean_ms, 25.0, 1e-6), "skewed child never negative");
    assert!(n["mailer"].consumer_only);
    // Fan-out, calls per request, the database seen from its caller.
    assert!(close(edge(&o, "CheckoutService", "inventory-svc").per_request, 2.0, 1e-9));
    assert!(close(edge(&o, "frontend", "inventory-svc").per_request, 0.6, 1e-9));
    assert!(close(edge(&o, "frontend", "CheckoutService").per_request, 0.4, 1e-9));
    let db = edge(&o, "CheckoutService", "orders");
    assert!(!db.is_async && close(db.per_request, 1.0, 1e-9));
    assert!(close(n["orders"].total_mean_ms, 5.0, 1e-6));
    // The async hop goes through the destination.
    assert!(edge(&o, "CheckoutService", "order-events").is_async);
    let hop = edge(&o, "order-events", "mailer");
    assert!(hop.is_async && hop.calls == 40);
    assert!(!o.edges.iter().any(|e| o.name(e.from) == "CheckoutService" && o.name(e.to) == "mailer"));
    // Entry operations with their rates and paths.
    let post = o.entries.iter().find(|e| e.operation == "POST /checkout").unwrap();
    assert_eq!(post.count, 40);
    assert!(close(post.rps, 40.0 / 19.83, 1e-6));
    assert!(close(post.mean_ms, 100.0, 1e-6));
    let path: Vec<&str> = post.path.iter().map(|i| o.name(*i)).collect();
    assert_eq!(path, ["frontend", "CheckoutService", "inventory-svc", "payments", "orders", "order-events", "mailer"]);
}

#[test]
fn jaeger_and_otlp_of_the_same_system_agree() {
    let (a, b) = (observe("shop.otlp.jsonl"), observe("shop.jaeger.json"));
    assert_eq!((a.spans, a.traces), (b.spans, b.traces));
    assert!(close(b.window_s, a.window_s.unwrap(), 1e-9));
    let (na, nb) = (by_name(&a), by_name(&b));
    assert_eq!(na.len(), nb.len());
    for (name, x) in &na {
        let y = nb[name];
        assert_eq!(x.requests, y.requests, "{name}");
        assert_eq!(x.error_rate, y.error_rate, "{name}");
        match (x.own_mean_ms, y.own_mean_ms) {
            (Some(a), b) => assert!(close(b, a, 1e-6), "{name}"),
            (None, b) => assert_eq!(b, None, "{name}"),
        }
        assert_eq!(x.consumer_only, y.consumer_only, "{name}");
    }
    for e in &a.edges {
        let f = edge(&b, a.name(e.from), a.name(e.to));
        assert_eq!((e.calls, e.is_async), (f.calls, f.is_async));
    }
    assert_eq!(a.entries.len(), b.entries.len());
}

#[test]
fn services_map_by_name_normalised_catalogue_and_option() {
    let d = design();
    let o = observe("shop.otlp.jsonl");
    let c = calibrate::calibrate(&d, o.clone(), &Options::default()).unwrap();
    let id = |name: &str| {
        let i = o.nodes.iter().position(|n| n.node.name() == name).unwrap();
        c.mapping.to[i].as_ref().map(|(id, how)| (id.to_string(), how.as_str()))
    };
    assert_eq!(id("frontend"), Some(("frontend".into(), "exact")));
    assert_eq!(id("CheckoutService"), Some(("checkout".into(), "normalised")));
    assert_eq!(id("inventory-svc"), Some(("inventory".into(), "normalised")));
    assert_eq!(id("orders"), Some(("orders-db".into(), "catalogue")));
    assert_eq!(id("order-events"), Some(("order-events".into(), "exact")));
    assert_eq!(id("payments"), None);
    assert_eq!(c.drift.unmapped, ["payments"]);
    // Named almost like the unmapped `payment`: the report says how to map it.
    assert!(
        c.drift
            .notes
            .iter()
            .any(|n| n == "payments is not in the design; did you mean payment? (--map payments=payment)"),
        "{:?}",
        c.drift.notes
    );
    let opts = Options { map: vec![("payments".into(), "payment".into())], add: false, ..Default::default() };
    let c = calibrate::calibrate(&d, o.clone(), &opts).unwrap();
    assert!(c.drift.unmapped.is_empty());
    let bad = Options { map: vec![("payments".into(), "paymnt".into())], add: false, ..Default::default() };
    let e = calibrate::calibrate(&d, o, &bad).unwrap_err();
    assert_eq!(e.to_string(), "--map payments=paymnt: the design has no component `paymnt` (did you mean `payment`?)");
    assert!(matches!(e, calibrate::MappingError::UnknownComponent { closest: Some(c), .. } if c == "payment"));
}

#[test]
fn drift_rows_say_design_traces_and_difference() {
    let d = design();
    let c = calibrate::calibrate(&d, observe("shop.otlp.jsonl"), &Options::default()).unwrap();
    let row = |s: &str, n: &str| c.drift.rows.iter().find(|r| r.subject == s && r.number == n).cloned().unwrap();
    let lat = row("checkout", "latency_ms");
    assert_eq!(lat.design, Some(30.0));
    assert!(close(lat.traces, 22.0, 1e-6));
    assert!(close(lat.difference, -8.0 / 30.0, 1e-6));
    let calls = row("checkout -> inventory", "calls");
    assert_eq!(calls.design, Some(1.0));
    assert!(close(calls.difference, 1.0, 1e-9));
    // Only the mapping hint: no note that amqp links disagree (they are async in the design).
    assert!(
        c.drift.notes.iter().all(|n| n.contains("did you mean")),
        "amqp links are async in the design: {:?}",
        c.drift.notes
    );
    let text = c.drift.to_text();
    assert!(text.contains("checkout -> inventory"), "{text}");
    assert!(text.contains("+100%"), "{text}");
    assert!(text.contains("not in the design:\n  payments"), "{text}");
}

#[test]
fn the_edit_applies_measured_numbers_and_round_trips() {
    let mut d = design();
    let opts = Options { map: vec![("payments".into(), "payment".into())], add: false, ..Default::default() };
    let c = calibrate::calibrate(&d, observe("shop.jaeger.json"), &opts).unwrap();
    assert!(c.plan.warnings.is_empty(), "{:?}", c.plan.warnings);
    let edit = c.plan.edit.clone().unwrap();
    let before = d.clone();
    let undo = d.apply(edit).unwrap();
    let checkout = d.component("checkout").unwrap();
    assert_eq!(checkout.latency_ms, Some(22.0));
    assert!(checkout.notes.as_deref().unwrap().starts_with("observed: 2 rps; own 22 ms mean"), "{:?}", checkout.notes);
    // Calls are fitted so the model's loads are the measured ones: checkout
    // calls inventory twice; frontend calls checkout on every request of the
    // one flow that reaches it (0.4 of all its requests).
    let link = d.links().find(|l| l.from.as_str() == "checkout" && l.to.as_str() == "inventory").unwrap();
    assert!((link.calls.unwrap() - 2.0).abs() < 0.02, "{:?}", link.calls);
    let link = d.links().find(|l| l.from.as_str() == "frontend" && l.to.as_str() == "checkout").unwrap();
    assert!((link.calls.unwrap() - 1.0).abs() < 0.02, "{:?}", link.calls);
    let report = archcrit_core::critic::critique(&d);
    for id in ["checkout", "inventory", "payment", "orders-db"] {
        let load = report.metrics.components[id].load_rps;
        let measured = c
            .observed
            .nodes
            .iter()
            .enumerate()
            .find(|(i, _)| c.mapping.id(*i).is_some_and(|m| m.as_str() == id))
            .and_then(|(_, n)| n.rps)
            .unwrap();
        assert!((load / measured - 1.0).abs() < 0.02, "{id}: model {load} rps, traces {measured}");
    }
    let flow = d.flow("post-checkout").unwrap();
    assert_eq!(flow.from.as_str(), "users");
    // 2.017 rps measured, kept to three significant figures.
    assert_eq!(flow.rps, Some(2.02));
    // Rates that keep their figures need no fitted calls to make up for them.
    let calls = |from: &str, to: &str| {
        d.links().find(|l| l.from.as_str() == from && l.to.as_str() == to).map(|l| l.effective_calls())
    };
    assert_eq!(calls("frontend", "checkout"), Some(1.0));
    let via: Vec<&str> = flow.via.iter().map(|v| v.as_str()).collect();
    assert_eq!(via, ["frontend", "checkout", "inventory", "payment", "orders-db", "order-events", "mailer"]);
    assert!(d.flow("get-products").is_some());
    // Saved and read back the same; the same traces again change nothing.
    let yaml = archcrit_core::file::to_yaml(&d);
    let again = archcrit_core::file::load_str(&yaml, "again.yaml").unwrap();
    assert_eq!(archcrit_core::file::to_yaml(&again), yaml);
    let c2 = calibrate::calibrate(&again, observe("shop.otlp.jsonl"), &opts).unwrap();
    assert!(c2.plan.edit.is_none(), "the same traces again change nothing: {:?}", c2.plan.edit);
    let notes = again.component("checkout").unwrap().notes.clone().unwrap();
    assert_eq!(notes.matches("observed: ").count(), 1, "{notes}");
    // One undo step puts everything back.
    d.apply(undo).unwrap();
    assert_eq!(archcrit_core::file::to_yaml(&d), archcrit_core::file::to_yaml(&before));
}

#[test]
fn add_makes_components_and_links_of_unmapped_services() {
    let mut d = design();
    let opts = Options { map: vec![], add: true, ..Default::default() };
    let c = calibrate::calibrate(&d, observe("shop.otlp.jsonl"), &opts).unwrap();
    d.apply(c.plan.edit.unwrap()).unwrap();
    let payments = d.component("payments").unwrap();
    assert_eq!(payments.latency_ms, Some(25.0));
    assert!(d.links().any(|l| l.from.as_str() == "checkout" && l.to.as_str() == "payments" && l.calls == Some(1.0)));
    assert!(d.links().all(|l| l.to.as_str() != "mailer" || l.effective_mode() == Mode::Async));
}

#[test]
fn a_consumer_in_a_trace_of_its_own_is_a_hop_from_its_topic() {
    let text = r#"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"billing"}}]},"scopeSpans":[{"spans":[{"traceId":"aa","spanId":"01","name":"invoices process","kind":"SPAN_KIND_CONSUMER","startTimeUnixNano":"1000000000","endTimeUnixNano":"1020000000","attributes":[{"key":"messaging.system","value":{"stringValue":"kafka"}},{"key":"messaging.destination.name","value":{"stringValue":"invoices"}}]}]}]}]}"#;
    let mut agg = Aggregator::default();
    calibrate::read_traces(text.as_bytes(), "k.json", &mut agg).unwrap();
    let o = agg.finish(1.0);
    let hop = edge(&o, "invoices", "billing");
    assert!(hop.is_async && hop.calls == 1);
    assert!(o.entries.is_empty(), "a consumer is no entry operation");
    assert!(by_name(&o)["billing"].consumer_only);
}

#[test]
fn malformed_traces_name_the_file_line_and_column() {
    let mut agg = Aggregator::default();
    let text =
        "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [\n  {\"traceId\": \"01\", \"spanId\": \"02\"}\n]}]}]}\n";
    let e = calibrate::read_traces(text.as_bytes(), "bad.jsonl", &mut agg).unwrap_err().to_string();
    assert!(e.starts_with("bad.jsonl:2:"), "{e}");
    assert!(e.contains("startTimeUnixNano"), "{e}");
    let e = calibrate::read_traces(&b"{\"data\": [{\"spans\": [1]}]}"[..], "j.json", &mut agg).unwrap_err();
    assert!(e.to_string().starts_with("j.json:1:"), "{e}");
    let e = calibrate::read_traces(&b"[1, 2]"[..], "x.json", &mut agg).unwrap_err();
    assert!(e.to_string().contains("neither OTLP/JSON"), "{e}");
}

/// Spans of many traces, one request per trace, as the bench generates.
fn many_spans(traces: usize) -> String {
    let mut out = String::new();
    for t in 1..=traces {
        let s = |id: u32, parent: u32, svc: &str, kind: u8, start: u64, dur: u64| {
            format!(
                "{{\"resource\":{{\"attributes\":[{{\"key\":\"service.name\",\"value\":{{\"stringValue\":\"{svc}\"}}}}]}},\"scopeSpans\":[{{\"spans\":[{{\"traceId\":\"{t:032x}\",\"spanId\":\"{id:016x}\",\"parentSpanId\":\"{}\",\"name\":\"op\",\"kind\":{kind},\"startTimeUnixNano\":{},\"endTimeUnixNano\":{}}}]}}]}}",
                if parent == 0 { String::new() } else { format!("{parent:016x}") },
                1_000_000_000u64 * t as u64 + start,
                1_000_000_000u64 * t as u64 + start + dur
            )
        };
        let spans = [
            s(1, 0, "a", 2, 0, 9_000_000),
            s(2, 1, "a", 3, 1_000_000, 5_000_000),
            s(3, 2, "b", 2, 1_000_000, 4_000_000),
            s(4, 3, "b", 3, 2_000_000, 1_000_000),
            s(5, 4, "c", 2, 2_000_000, 1_000_000),
        ];
        out.push_str(&format!("{{\"resourceSpans\":[{}]}}\n", spans.join(",")));
    }
    out
}

#[test]
fn memory_does_not_grow_with_spans() {
    let mut small = Aggregator::with_cap(50);
    calibrate::read_traces(many_spans(200).as_bytes(), "small", &mut small).unwrap();
    let mut large = Aggregator::with_cap(50);
    let text = many_spans(4000);
    let mut peak = 0;
    for line in text.lines() {
        calibrate::read_traces(line.as_bytes(), "large", &mut large).unwrap();
        peak = peak.max(large.retained());
    }
    // 20,000 spans: at most 50 traces of 5 spans (and their order) held.
    assert!(peak <= 50 * 5 + 2 * 50, "{peak}");
    assert_eq!(small.aggregates(), large.aggregates());
    let o = large.finish(1.0);
    assert_eq!(o.spans, 20_000);
    assert_eq!(o.nodes.iter().find(|n| n.node.name() == "c").unwrap().requests, 4000);
}

#[test]
fn the_binary_reports_drift_and_writes_one_edit() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("shop.yaml");
    std::fs::copy(path("shop.yaml"), &design).unwrap();
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_archcrit")).args(args).output().unwrap();
    let d = design.to_str().unwrap();
    let out = run(&["calibrate", d, &path("shop.otlp.jsonl")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("checkout -> inventory"), "{text}");
    assert_eq!(std::fs::read_to_string(&design).unwrap(), std::fs::read_to_string(path("shop.yaml")).unwrap());
    let out =
        run(&["calibrate", d, &path("shop.jaeger.json"), "--map", "payments=payment", "--write", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["rows"].as_array().unwrap().len() > 10);
    let saved = archcrit_core::file::load_str(&std::fs::read_to_string(&design).unwrap(), "s").unwrap();
    assert_eq!(saved.component("checkout").unwrap().latency_ms, Some(22.0));
    // The same traces again: the design holds their numbers, nothing is written.
    let before = std::fs::read_to_string(&design).unwrap();
    let out = run(&["calibrate", d, &path("shop.jaeger.json"), "--map", "payments=payment", "--write"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nothing to write:") && err.contains("already holds these numbers"), "{err}");
    assert_eq!(std::fs::read_to_string(&design).unwrap(), before);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"data\": [{\"spans\": [{\"traceID\": 1}]}]}").unwrap();
    let out = run(&["calibrate", d, bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json:1:"), "{err}");
}

/// Availability drift is told in downtime: 99.9% designed, 90% seen is a
/// hundred times the downtime; no errors in a sample is no difference.
#[test]
fn availability_drift_compares_downtime() {
    let d = design();
    let opts = Options { map: vec![("payments".into(), "payment".into())], add: false, ..Default::default() };
    let c = calibrate::calibrate(&d, observe("shop.otlp.jsonl"), &opts).unwrap();
    let row = |subject: &str| {
        c.drift.rows.iter().find(|r| r.subject == subject && r.number == "availability").cloned().unwrap()
    };
    let payment = row("payment");
    assert_eq!((payment.design, payment.traces), (Some(99.9), Some(90.0)));
    assert!((payment.difference.unwrap() - 99.0).abs() < 1e-6, "{payment:?}");
    assert_eq!(row("checkout").difference, None, "no errors seen is not drift: {:?}", row("checkout"));
}

fn errors_design() -> Design {
    archcrit_core::file::load_str(&std::fs::read_to_string(path("errors.yaml")).unwrap(), "errors.yaml").unwrap()
}

/// Error spans give each service its observed availability, the same from
/// OTLP's status code and Jaeger's error tag (README.md there works the
/// numbers): search fails 3 of 300, payments 12 of 300, api never.
#[test]
fn error_spans_give_the_observed_availability_in_both_formats() {
    for name in ["errors.otlp.jsonl", "errors.jaeger.json"] {
        let o = observe(name);
        let n = by_name(&o);
        assert_eq!((n["search"].requests, n["search"].errors), (300, 3), "{name}");
        assert_eq!((n["payments"].requests, n["payments"].errors), (300, 12), "{name}");
        assert_eq!(n["api"].errors, 0, "{name}");
        let c = calibrate::calibrate(&errors_design(), o, &Options::default()).unwrap();
        let row = |subject: &str| {
            c.drift.rows.iter().find(|r| r.subject == subject && r.number == "availability").cloned().unwrap()
        };
        // Payments: two replicas of 99% are 99.99% in the model; 96% seen is
        // (4 - 0.01) / 0.01 = 399 times the downtime.
        let p = row("payments");
        assert!(close(p.design, 99.99, 1e-9) && close(p.traces, 96.0, 1e-9), "{p:?}");
        assert!((p.difference.unwrap() - 399.0).abs() < 1e-6, "{p:?}");
        // Search: 99.9 designed, 99 seen: (1 - 0.1) / 0.1 = +900%.
        let s = row("search");
        assert!(close(s.traces, 99.0, 1e-9) && (s.difference.unwrap() - 9.0).abs() < 1e-6, "{s:?}");
        assert_eq!(row("api").difference, None);
        // Said as the multiple of the downtime, never as a "+" gain.
        assert_eq!(p.difference_text().as_deref(), Some("400x downtime"));
        assert_eq!(s.difference_text().as_deref(), Some("10x downtime"));
        assert!(c.drift.to_text().contains("400x downtime"), "{}", c.drift.to_text());
    }
}

/// `--write` saves availability only from 10 failures on: payments' 12
/// failures write the per-replica 80% that gives 96% over two replicas;
/// search's 3 do not (the notes say 1000 requests would), nor api's none.
#[test]
fn availability_is_written_only_from_enough_failures() {
    let d = errors_design();
    let c = calibrate::calibrate(&d, observe("errors.otlp.jsonl"), &Options::default()).unwrap();
    let mut after = d.clone();
    after.apply(c.plan.edit.clone().unwrap()).unwrap();
    assert_eq!(after.component("payments").unwrap().availability, Some(80.0));
    assert_eq!(after.component("search").unwrap().availability, None);
    assert_eq!(after.component("api").unwrap().availability, None);
    let note = c.drift.notes.iter().find(|n| n.starts_with("search availability")).expect("a note for search");
    assert!(note.contains("3 failed of 300 requests") && note.contains("1000 requests"), "{note}");
    // Payments' number is per replica, and the note says why it is lower
    // than what was seen and what replicas cannot cover.
    let note = c.drift.notes.iter().find(|n| n.starts_with("payments")).expect("a note for payments");
    assert!(note.contains("80 is per replica") && note.contains("give the 96%"), "{note}");
    assert!(note.contains("more replicas will not"), "{note}");
    assert!(!c.drift.notes.iter().any(|n| n.starts_with("api")), "{:?}", c.drift.notes);
    // The model now gives what the traces saw: no availability drift left.
    let again = calibrate::calibrate(&after, observe("errors.jaeger.json"), &Options::default()).unwrap();
    let p = again.drift.rows.iter().find(|r| r.subject == "payments" && r.number == "availability").unwrap();
    assert!(close(p.design, 96.0, 1e-9) && p.difference.is_none(), "{p:?}");
    // The shop's payments fail 4 of 40: 90%, too few to write.
    let opts = Options { map: vec![("payments".into(), "payment".into())], ..Default::default() };
    let shop = calibrate::calibrate(&design(), observe("shop.otlp.jsonl"), &opts).unwrap();
    let mut shop_after = design();
    shop_after.apply(shop.plan.edit.unwrap()).unwrap();
    assert_eq!(shop_after.component("payment").unwrap().availability, None);
    assert!(shop.drift.notes.iter().any(|n| n.contains("4 failed of 40 requests") && n.contains("100 requests")));
}

/// The binary: `--write` saves the availability, `--help` says what it
/// saves, and `--sampling` outside (0, 1] is refused.
#[test]
fn the_binary_writes_availability_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("errors.yaml");
    std::fs::copy(path("errors.yaml"), &design).unwrap();
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_archcrit")).args(args).output().unwrap();
    let d = design.to_str().unwrap();
    let out = run(&["calibrate", d, &path("errors.jaeger.json"), "--write"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("search availability 99 not written"), "{text}");
    let saved = archcrit_core::file::load_str(&std::fs::read_to_string(&design).unwrap(), "s").unwrap();
    assert_eq!(saved.component("payments").unwrap().availability, Some(80.0));
    let help = String::from_utf8_lossy(&run(&["calibrate", "--help"]).stdout).to_string();
    assert!(help.contains("availability when its traces hold at least 10 failed requests"), "{help}");
    assert!(!help.contains("not availability"), "{help}");
    let out = run(&["calibrate", d, &path("errors.jaeger.json"), "--sampling", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--sampling 0: give the traced share"));
}
