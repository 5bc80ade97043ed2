//! CPU time of the benchmarking thread, for benches that must stay honest
//! while other processes share the machine: read from Linux's
//! /proc/thread-self/schedstat, falling back to wall time elsewhere.

use std::time::{Duration, Instant};

/// Nanoseconds this thread has spent on a CPU, if the kernel says.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Runs `f` `iters` times and returns the CPU time it took (for
/// criterion's `iter_custom`).
pub fn cpu_time<F: FnMut()>(iters: u64, mut f: F) -> Duration {
    let (wall, cpu) = (Instant::now(), thread_cpu_ns());
    for _ in 0..iters {
        f();
    }
    match (cpu, thread_cpu_ns()) {
        (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
        _ => wall.elapsed(),
    }
}
