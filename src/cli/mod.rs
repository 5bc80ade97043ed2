//! The command line: one file per subcommand. Each returns an `ExitCode`
//! with the project's convention: 0 ok, 1 a gate failed, 2 bad input or usage.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `print!` through the inert boundary (cli/out.rs).
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::out::print(&format!($($arg)*)) };
}

/// `println!` through the inert boundary (cli/out.rs).
macro_rules! outln {
    () => { $crate::cli::out::print("\n") };
    ($($arg:tt)*) => { $crate::cli::out::print(&format!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` through the inert boundary (cli/out.rs).
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::out::eprint(&format!("{}\n", format_args!($($arg)*))) };
}

mod ask;
mod calibrate;
mod check;
mod critique;
mod diff;
mod export;
mod fmt;
pub mod import;
mod interview;
mod load_failure;
mod new;
pub mod out;
pub mod persona_review;
mod personas;
mod show;
mod source;
mod tech;
mod workshop;

pub use crate::exit::{BAD_INPUT, GATE_FAILED, OK};

#[derive(Debug, Parser)]
#[command(
    name = "archcrit",
    version,
    about = "A terminal design workshop for software architecture, with a live critic"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    workshop: workshop::Args,
}

#[derive(Debug, Subcommand)]
enum Command {
    New(new::Args),
    Ask(ask::Args),
    Calibrate(calibrate::Args),
    Check(check::Args),
    Critique(critique::Args),
    Diff(diff::Args),
    Fmt(fmt::Args),
    Show(show::Args),
    Export(export::Args),
    Import(import::Args),
    Interview(interview::Args),
    Personas(personas::Args),
    Tech(tech::Args),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap uses 0 for --help/--version and 2 for usage errors already.
            return ExitCode::from(if e.use_stderr() { BAD_INPUT } else { OK });
        }
    };
    tech::install_for_process();
    let code = match cli.command {
        None => workshop::run(cli.workshop),
        Some(Command::New(args)) => new::run(args),
        Some(Command::Ask(args)) => ask::run(args),
        Some(Command::Calibrate(args)) => calibrate::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Critique(args)) => critique::run(args),
        Some(Command::Diff(args)) => diff::run(args),
        Some(Command::Fmt(args)) => fmt::run(args),
        Some(Command::Show(args)) => show::run(args),
        Some(Command::Export(args)) => export::run(args),
        Some(Command::Import(args)) => import::run(args),
        Some(Command::Interview(args)) => interview::run(args),
        Some(Command::Personas(args)) => personas::run(args),
        Some(Command::Tech(args)) => tech::run(args),
    };
    ExitCode::from(code)
}
