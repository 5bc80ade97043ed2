//! Layout: edge crossings against Graphviz `dot` on the same synthetic
//! designs (printed before the timings), a full layout of 1,000 components
//! and the relayout after one edit. Budgets: full layout of 1,000 under
//! 30 ms, an edit's relayout under 3 ms (both also as thread CPU time), crossings within 1.3x dot's with
//! zones as clusters and `newrank=true`.
//!
//! Crossings are counted the same way for both: every route is a polyline
//! (dot's B-splines sampled into 8 segments per curve), and each proper
//! intersection of two different links' segments counts once.

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};

use archcrit_core::exchange::{Direction, dot};
use archcrit_core::layout::{Layout, Scale, layout, layout_within, patch, relayout};
use archcrit_core::model::{Component, ComponentId, Design, Edit, Kind, Link};
use archcrit_core::synth::generate;
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, criterion_group};
#[path = "common/cpu.rs"]
mod cpu;

type Polyline = Vec<(f64, f64)>;

/// The generated design with every box left to auto-layout, as dot sees it.
fn unpinned(n: usize) -> Design {
    let mut design = generate(n, 42);
    let ids: Vec<ComponentId> = design.components().filter(|c| c.at.is_some()).map(|c| c.id.clone()).collect();
    for id in ids {
        let _ = design.apply(Edit::Move { id, at: None });
    }
    design
}

fn archcrit_routes(design: &Design) -> Vec<Polyline> {
    let laid = layout(design, Scale::Normal);
    laid.routes.iter().map(|r| r.points.iter().map(|&(x, y)| (f64::from(x), f64::from(y))).collect()).collect()
}

/// dot's edge splines from `-Tplain`, or `None` when dot is missing.
fn dot_routes(design: &Design) -> Option<Vec<Polyline>> {
    let text = dot::export(design, Direction::LR, None).replacen("rankdir=LR;", "rankdir=LR;\n  newrank=true;", 1);
    let mut child = Command::new("dot").arg("-Tplain").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let plain = String::from_utf8_lossy(&out.stdout);
    let mut routes = Vec::new();
    for line in plain.lines().filter(|l| l.starts_with("edge ")) {
        // edge TAIL HEAD N x1 y1 ... xN yN [label ...]; ids are plain words here.
        let words: Vec<&str> = line.split_whitespace().collect();
        let n: usize = words.get(3)?.parse().ok()?;
        let pts: Vec<(f64, f64)> = (0..n)
            .filter_map(|i| Some((words.get(4 + 2 * i)?.parse().ok()?, words.get(5 + 2 * i)?.parse().ok()?)))
            .collect();
        routes.push(sample_bezier(&pts));
    }
    Some(routes)
}

/// A cubic B-spline as dot writes it (1 + 3k control points) as a polyline.
fn sample_bezier(pts: &[(f64, f64)]) -> Polyline {
    let mut out = vec![pts[0]];
    for c in pts[1..].chunks(3).filter(|c| c.len() == 3) {
        let p0 = *out.last().unwrap_or(&pts[0]);
        for k in 1..=8 {
            let t = f64::from(k) / 8.0;
            let u = 1.0 - t;
            let x = u * u * u * p0.0 + 3.0 * u * u * t * c[0].0 + 3.0 * u * t * t * c[1].0 + t * t * t * c[2].0;
            let y = u * u * u * p0.1 + 3.0 * u * u * t * c[0].1 + 3.0 * u * t * t * c[1].1 + t * t * t * c[2].1;
            out.push((x, y));
        }
        // The next curve starts where this one ends, exactly.
        if let Some(last) = out.last_mut() {
            *last = c[2];
        }
    }
    out
}

/// Proper intersections between segments of different polylines.
fn crossings(routes: &[Polyline]) -> usize {
    let bbox = |p: &Polyline| {
        p.iter().fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, &(x, y)| {
            (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y))
        })
    };
    let boxes: Vec<_> = routes.iter().map(bbox).collect();
    let cross = |a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)| {
        let orient =
            |p: (f64, f64), q: (f64, f64), r: (f64, f64)| (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
        let (d1, d2) = (orient(a, b, c), orient(a, b, d));
        let (d3, d4) = (orient(c, d, a), orient(c, d, b));
        d1 * d2 < 0.0 && d3 * d4 < 0.0
    };
    let mut total = 0;
    for i in 0..routes.len() {
        for j in i + 1..routes.len() {
            let (a, b) = (boxes[i], boxes[j]);
            if a.2 < b.0 || b.2 < a.0 || a.3 < b.1 || b.3 < a.1 {
                continue;
            }
            for s in routes[i].windows(2) {
                for t in routes[j].windows(2) {
                    total += usize::from(cross(s[0], s[1], t[0], t[1]));
                }
            }
        }
    }
    total
}

fn print_crossings() {
    println!("layout crossings (synth seed 42, all boxes auto-laid-out; dot: zones as clusters, newrank=true)");
    for n in [100usize, 300] {
        let design = unpinned(n);
        let ours = crossings(&archcrit_routes(&design));
        match dot_routes(&design) {
            Some(theirs) => {
                let dot = crossings(&theirs);
                let ratio = ours as f64 / dot.max(1) as f64;
                println!("  {n:>4} components: archcrit {ours:>5}  dot {dot:>5}  ratio {ratio:.2}");
            }
            None => println!("  {n:>4} components: archcrit {ours:>5}  dot not installed"),
        }
    }
}

fn timings(c: &mut Criterion) {
    let design = generate(1_000, 42);
    let mut group = c.benchmark_group("layout");
    group.sample_size(20);
    group.bench_function("full_1000", |b| b.iter(|| layout(black_box(&design), Scale::Normal).routes.len()));
    // The same wrapped to a 200-column canvas, as the workshop lays it
    // out: its bands flow round the 316 pins.
    group.bench_function("full_1000_wrapped", |b| {
        b.iter(|| layout_within(black_box(&design), Scale::Normal, Some(200)).routes.len())
    });
    let base = layout(&design, Scale::Normal);
    let edited = with_a_box_called_by(&design, design.components().nth(500).map(|c| c.id.clone()));
    edit_bench(&mut group, "add_and_link_1000", &base, &edited, relayout);
    // A board of 1,000 wrapped to 200 columns: a box called by the box
    // furthest right (a band's end) goes to the next band, rows opened
    // for it (layout::bands), within the same budget.
    let wide = unpinned(1_000);
    let wrapped = layout_within(&wide, Scale::Normal, Some(200));
    let end = wrapped.boxes.iter().max_by_key(|b| (b.rect.right(), -b.rect.y)).map(|b| b.id.clone());
    edit_bench(&mut group, "add_and_link_1000_wrapped", &wrapped, &with_a_box_called_by(&wide, end), relayout);
    // Below 200 components an edit is patched in at once (the keystroke's
    // path, budget 3 ms) and the board settles to a fresh layout when the
    // keys stop (`layout::settle`, off that path): both at 150.
    let small = generate(150, 42);
    let small_base = layout(&small, Scale::Normal);
    let small_edited = with_a_box_called_by(&small, small.components().nth(75).map(|c| c.id.clone()));
    edit_bench(&mut group, "add_and_link_150", &small_base, &small_edited, |laid, design, scale| {
        patch(laid, design, scale);
    });
    edit_bench(&mut group, "add_and_link_150_settled", &small_base, &small_edited, relayout);
    group.finish();
    // CPU time of the benchmarking thread: honest when the machine is shared.
    let mut group = c.benchmark_group("layout_cpu");
    group.sample_size(20);
    group.bench_function("full_1000", |b| {
        b.iter_custom(|iters| cpu::cpu_time(iters, || drop(black_box(layout(black_box(&design), Scale::Normal)))))
    });
    group.bench_function("add_and_link_1000", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                let mut laid = base.clone();
                total += cpu::cpu_time(1, || relayout(&mut laid, black_box(&edited), Scale::Normal));
            }
            total
        })
    });
    group.finish();
}

/// `design` with a new service, `bench-new`, called by `caller` over gRPC.
fn with_a_box_called_by(design: &Design, caller: Option<ComponentId>) -> Design {
    let mut edited = design.clone();
    if let (Some(caller), Ok(id)) = (caller, ComponentId::new("bench-new")) {
        let _ = edited.apply(Edit::AddComponent { component: Component::new(id.clone(), Kind::Service), index: None });
        let _ = edited.apply(Edit::Connect { link: Link::new(caller, id).with_protocol("grpc"), index: None });
    }
    edited
}

/// Times `step` bringing a copy of `base` up to date with `edited`.
fn edit_bench(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    base: &Layout,
    edited: &Design,
    step: impl Fn(&mut Layout, &Design, Scale),
) {
    group.bench_function(name, |b| {
        b.iter_batched(
            || base.clone(),
            |mut laid| {
                step(&mut laid, black_box(edited), Scale::Normal);
                laid.routes.len()
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, timings);

fn main() {
    print_crossings();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
