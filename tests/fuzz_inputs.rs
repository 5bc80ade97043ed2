//! Fuzz targets, one per input surface: design YAML, Mermaid, docker-compose,
//! Kubernetes manifests and persona files (the SSE stream's target lives with the LLM client).
//! See tests/fuzz/mod.rs for the driver and docs/security.md for a longer
//! run: `ARCHCRIT_FUZZ_SECONDS=300 cargo test --release --test fuzz_inputs`.

mod fuzz;

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
