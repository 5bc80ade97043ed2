//! `archcrit tech [QUERY]`: lists the technology catalogue, or looks one
//! technology up by name or image (`postgres:16-alpine`) and shows what the
//! importers and the critic take from it. Also installs the catalogue the
//! rest of the program uses (shipped file plus ./technologies and the
//! config dir's archcrit/technologies).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use archcrit_core::tech::{self, Catalogue, Technology};

use super::{BAD_INPUT, OK};

/// List the technology catalogue, or look one technology up.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A name or image to look up (`postgres:16-alpine`, `Apache Kafka`); none lists everything.
    pub query: Option<String>,
    /// Read extra catalogue files (*.yaml) from this directory too; its entries win.
    #[arg(long, value_name = "DIR")]
    pub tech_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    if let Some(d) = &args.tech_dir
        && !d.is_dir()
    {
        errln!("error: --tech-dir {}: not a directory", d.display());
        return BAD_INPUT;
    }
    let catalogue = match load(args.tech_dir.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            errln!("error: {e}");
            return BAD_INPUT;
        }
    };
    match args.query {
        None => {
            out!("{}", listing(&catalogue));
            OK
        }
        Some(q) => match catalogue.lookup(&q) {
            Some(t) => {
                out!("{}", detail(t));
                OK
            }
            None => {
                errln!(
                    "error: `{q}` is not in the technology catalogue: `archcrit tech` lists it; add your own in ./technologies/*.yaml"
                );
                BAD_INPUT
            }
        },
    }
}

/// The shipped catalogue with the user's directories on top: the config
/// dir's, then ./technologies, then `extra` (each later one wins).
pub fn load(extra: Option<&Path>) -> Result<Catalogue, String> {
    let config = dirs::config_dir().map(|c| c.join("archcrit").join("technologies"));
    let local = PathBuf::from("technologies");
    let mut list: Vec<&Path> = config.as_deref().into_iter().collect();
    list.push(&local);
    list.extend(extra);
    tech::load_dirs(&list).map_err(|e| e.to_string())
}

/// Installs the user's catalogue for this process; a broken catalogue file
/// is reported and the shipped catalogue used instead.
pub fn install_for_process() {
    match load(None) {
        Ok(c) => {
            tech::install(c);
        }
        Err(e) => errln!("warning: technology catalogue not loaded ({e}); using the shipped one"),
    }
}

fn listing(catalogue: &Catalogue) -> String {
    let width = catalogue.all().iter().map(|t| t.name.chars().count()).max().unwrap_or(4);
    let mut out = String::new();
    for t in catalogue.all() {
        let line = format!("{:<width$}  {:<13}  {:<9}  {}", t.name, t.kind.as_str(), t.protocol, flags(t).join(", "));
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

fn flags(t: &Technology) -> Vec<&'static str> {
    let mut f = Vec::new();
    if t.managed {
        f.push("managed");
    }
    if t.own_login {
        f.push("own login");
    }
    if t.admin_console {
        f.push("admin console");
    }
    f
}

fn detail(t: &Technology) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", t.name);
    let _ = writeln!(out, "  kind:          {}", t.kind);
    let _ = writeln!(out, "  protocol:      {}", t.protocol);
    let yes = |b: bool| if b { "yes" } else { "no" };
    let _ = writeln!(out, "  managed:       {}", yes(t.managed));
    let _ = writeln!(out, "  own login:     {}", yes(t.own_login));
    let _ = writeln!(out, "  admin console: {}", yes(t.admin_console));
    if !t.also.is_empty() {
        let _ = writeln!(out, "  also:          {}", t.also.join(", "));
    }
    if !t.images.is_empty() {
        let _ = writeln!(out, "  images:        {}", t.images.join(", "));
    }
    for (label, v) in [("capacity_rps", t.capacity_rps), ("latency_ms", t.latency_ms), ("availability", t.availability)]
    {
        if let Some(v) = v {
            let _ = writeln!(out, "  {:<14} {}", format!("{label}:"), archcrit_core::model::format_number(v));
        }
    }
    if let Some(note) = &t.note {
        let _ = writeln!(out, "  note:          {note}");
    }
    out
}
