//! Fuzz targets, one per input surface: design YAML, Mermaid, docker-compose,
//! Kubernetes manifests, traces (OTLP/JSON and Jaeger) and persona files (the SSE stream's target
//! lives with the LLM client).
//! See tests/fuzz/mod.rs for the driver and docs/security.md for a longer
//! run: `ARCHCRIT_FUZZ_SECONDS=300 cargo test --release --test fuzz_inputs`.

mod fuzz;

use archcrit_core::calibrate::{self, Aggregator, Options};
use archcrit_core::examples::EXAMPLES;
use archcrit_core::exchange::{compose, k8s, mermaid};
use archcrit_core::file;
use archcrit_core::persona::{Origin, Persona};
use archcrit_core::text::inert;

const FORMAT_EXAMPLE: &str = include_str!("fixtures/format-example.yaml");
const COMPOSE: &str = include_str!("fixtures/compose/every-form.yml");
const K8S_SHOP: &str = include_str!("fixtures/k8s/shop.yaml");
const K8S_STATEFUL: &str = include_str!("fixtures/k8s/stateful.yaml");
const PERSONA: &str = include_str!("fixtures/personas/data-platform-lead.md");
const MERMAID: &str = "---\ntitle: Shop\n---\nflowchart LR\n  %% archcrit: design Shop\n  web([\"Web\"]) -->|https| api[\"API\"]\n  api & worker --> db[(\"DB\")]\n  subgraph sg_private [\"private\"]\n    api\n  end\n  q@{ shape: cyl, label: \"Queue\" } -.-> worker\n  class api hot\n  api:::hot ==> q\n";

/// An error people see must say where: its line.
fn has_line(line: Option<usize>, shown: &str) -> Result<(), String> {
    if line.is_none() {
        return Err(format!("error without a line: {shown}"));
    }
    Ok(())
}

#[test]
fn fuzz_design_yaml() {
    let mut seeds: Vec<&str> = EXAMPLES.iter().map(|(_, text)| *text).collect();
    seeds.push(FORMAT_EXAMPLE);
    fuzz::run("design", &seeds, |text| match file::load_str(text, "d.yaml") {
        Ok(design) => {
            // What loads must save and load again to the same design.
            let again = file::load_str(&file::to_yaml(&design), "again.yaml").map_err(|e| format!("reload: {e}"))?;
            if again != design { Err("a save does not load back to the same design".into()) } else { Ok(()) }
        }
        Err(e) => has_line(e.line, &e.to_string()),
    });
}

#[test]
fn fuzz_mermaid() {
    let seeds = [MERMAID, "flowchart TD\n  a --> b\n  b & c --> d\n"];
    fuzz::run("mermaid", &seeds, |text| match mermaid::import(text, "d.mmd", "d") {
        Ok(imported) => {
            // An imported design exports again, inert.
            let text = mermaid::export(&imported.design, mermaid::Style::default()).text;
            if inert::is_inert(&text, true) { Ok(()) } else { Err(format!("raw text in the export: {text:?}")) }
        }
        Err(e) => has_line((e.line > 0).then_some(e.line), &e.to_string()),
    });
}

#[test]
fn fuzz_compose() {
    fuzz::run("compose", &[COMPOSE], |text| match compose::import(text, "c.yml", "c") {
        Ok(_) => Ok(()),
        Err(e) => has_line((e.line > 0).then_some(e.line), &e.to_string()),
    });
}

#[test]
fn fuzz_kubernetes_manifests() {
    fuzz::run("k8s", &[K8S_SHOP, K8S_STATEFUL], |text| {
        match k8s::import(&[k8s::Source { origin: "m.yaml", text }], "m") {
            // An imported design saves and loads back: the importer makes only valid designs.
            Ok(imported) => file::load_str(&file::to_yaml(&imported.design), "again.yaml")
                .map(|_| ())
                .map_err(|e| format!("an imported design does not load back: {e}")),
            Err(e) => has_line((e.line > 0).then_some(e.line), &e.to_string()),
        }
    });
}

#[test]
fn fuzz_persona_files() {
    let seeds = [PERSONA, archcrit_core::persona::BUILT_IN[0].1];
    // Persona errors about the front matter as a whole carry no line (the
    // file is short and the message names the key); no panic, bounded time.
    fuzz::run("persona", &seeds, |text| {
        let _ = Persona::parse(text, "p.md", Origin::BuiltIn);
        Ok(())
    });
}

const OTLP: &str = r#"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET /","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","status":{}},{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","parentSpanId":"eee19b7ec3c1b174","name":"SELECT","kind":3,"startTimeUnixNano":"1544712660100000000","endTimeUnixNano":"1544712660300000000","attributes":[{"key":"db.system","value":{"stringValue":"postgresql"}}],"status":{"code":2}}]}]}]}"#;
const JAEGER: &str = r#"{"data":[{"traceID":"a1","spans":[{"traceID":"a1","spanID":"s1","operationName":"GET /","references":[],"startTime":1000,"duration":900,"processID":"p1","tags":[{"key":"span.kind","value":"server"}]},{"traceID":"a1","spanID":"s2","operationName":"get","references":[{"refType":"CHILD_OF","traceID":"a1","spanID":"s1"}],"startTime":1100,"duration":300,"processID":"p2","tags":[{"key":"span.kind","value":"server"},{"key":"error","value":true}]}],"processes":{"p1":{"serviceName":"web"},"p2":{"serviceName":"api"}}}]}"#;

#[test]
fn fuzz_traces() {
    let design =
        file::load_str("archcrit: 1\nname: t\ncomponents:\n  web: {kind: service}\n  api: {kind: service}\n", "d.yaml")
            .expect("the design loads");
    for seed in [OTLP, JAEGER] {
        let mut agg = Aggregator::default();
        calibrate::read_traces(seed.as_bytes(), "t.json", &mut agg).expect("the seeds read");
        assert!(calibrate::calibrate(&design, agg.finish(1.0), &Options::default()).is_ok(), "the seeds calibrate");
    }
    fuzz::run("traces", &[OTLP, JAEGER], |text| {
        let mut agg = Aggregator::default();
        match calibrate::read_traces(text.as_bytes(), "t.json", &mut agg) {
            // Whatever was read calibrates the design or says why, never panics.
            Ok(_) => calibrate::calibrate(&design, agg.finish(1.0), &Options::default())
                .map(|_| ())
                .or_else(|e| if e.to_string().is_empty() { Err("an empty calibration error".into()) } else { Ok(()) }),
            Err(e) => {
                let shown = e.to_string();
                if shown.contains("t.json") { Ok(()) } else { Err(format!("error without its file: {shown}")) }
            }
        }
    });
}
