//! `archcrit calibrate DESIGN TRACES... [--map svc=id]... [--write] [--add]
//! [--format text|json]`: OpenTelemetry traces (OTLP/JSON or Jaeger JSON)
//! streamed into measured numbers, a drift report against the design, and
//! with `--write` those numbers saved into it as one change.

use std::path::PathBuf;

use archcrit_core::calibrate::{self, Options};
use archcrit_core::file;

use super::{BAD_INPUT, OK};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Compare a design with traces of the running system (OTLP/JSON from the
/// collector's file exporter, or a Jaeger JSON export): per component its
/// load, own latency (mean and p99) and availability, per link its calls
/// per request, per entry operation its rps. `--write` saves each
/// component's own latency_ms and p99_ms, its availability when its traces
/// hold at least 10 failed requests (10/(1-a) requests: 99.9% takes
/// 10,000), an `observed:` line in its notes, each link's calls, each
/// entry operation as a flow with its rps, and each client's rps (the sum
/// of its flows).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The design file.
    pub design: PathBuf,
    /// Trace files (OTLP/JSON, one request per line or per file; Jaeger JSON).
    #[arg(required = true, num_args = 1..)]
    pub traces: Vec<PathBuf>,
    /// Name the component a service stands for (`orders-svc=orders`); may repeat.
    #[arg(long = "map", value_name = "SERVICE=ID")]
    pub map: Vec<String>,
    /// Save the measured numbers into the design (one change, atomically):
    /// latency_ms, p99_ms, availability (from 10 failed requests on), calls, flows.
    #[arg(long)]
    pub write: bool,
    /// Services and calls the design lacks become components and links.
    #[arg(long)]
    pub add: bool,
    /// The share of requests that were traced (0.1 for 10% sampling).
    #[arg(long, default_value_t = 1.0)]
    pub sampling: f64,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// With --write: save even though the design's YAML comments will be lost.
    #[arg(long)]
    pub drop_comments: bool,
}

pub fn run(args: Args) -> u8 {
    match calibrate_files(&args) {
        Ok(()) => OK,
        Err(e) => {
            errln!("error: {e}");
            BAD_INPUT
        }
    }
}

fn calibrate_files(args: &Args) -> Result<(), String> {
    let sampling = calibrate::check_sampling(args.sampling).map_err(|e| e.to_string())?;
    let map = args.map.iter().map(|m| calibrate::parse_option(m)).collect::<Result<Vec<_>, _>>()?;
    let loaded = file::load_path(&args.design).map_err(|e| e.to_string())?;
    if args.write && loaded.has_comments && !args.drop_comments {
        return Err(format!(
            "{} has YAML comments that saving would drop; move them into `notes:` fields, or pass --drop-comments",
            args.design.display()
        ));
    }
    let observed = crate::workers::traces::observe(&args.traces, sampling).map_err(|e| e.to_string())?;
    let options = Options { map, add: args.add, sampling };
    let c = calibrate::calibrate(&loaded.design, observed, &options)?;
    match args.format {
        Format::Text => out!("{}", c.drift.to_text()),
        Format::Json => {
            let json = serde_json::to_string_pretty(&c.drift).map_err(|e| e.to_string())?;
            outln!("{json}");
        }
    }
    if c.observed.closed_early > 0 {
        errln!(
            "warning: {} traces were joined in parts (more than {} open at once, or longer than {} spans)",
            c.observed.closed_early,
            calibrate::MAX_OPEN_TRACES,
            calibrate::MAX_SPANS_PER_TRACE
        );
    }
    for w in &c.plan.warnings {
        errln!("warning: {w}");
    }
    if args.write {
        let Some(edit) = c.plan.edit else {
            if c.plan.touched.is_empty() {
                errln!("nothing to write: no traced service maps to a component");
            } else {
                errln!("nothing to write: {} already holds these numbers", args.design.display());
            }
            return Ok(());
        };
        let mut design = loaded.design;
        let count = match &edit {
            archcrit_core::model::Edit::Batch { edits, .. } => edits.len(),
            _ => 1,
        };
        design.apply(edit).map_err(|e| e.to_string())?;
        file::save_path(&design, &args.design).map_err(|e| e.to_string())?;
        errln!("wrote {count} changes to {}", args.design.display());
    }
    Ok(())
}
