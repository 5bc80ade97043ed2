//! A service's own time in one request: the request's duration less the
//! calls it makes, measured in that service's own clock so that clock skew
//! between services never makes a time negative.

use super::span::{Span, SpanKind};

/// A local root's own time: its duration less the calls it makes (its
/// client and producer spans, merged where they overlap, in its own clock)
/// and less the direct children in other services under no client span
/// (by duration only: their clocks may be skewed). Never below zero.
pub(crate) fn own_time(spans: &[Span], children: &[Vec<usize>], root: usize) -> u64 {
    let r = &spans[root];
    let (lo, hi) = (r.start, r.start.saturating_add(r.duration));
    let mut intervals: Vec<(u64, u64)> = Vec::new();
    let mut extra = 0u64;
    let mut stack = vec![root];
    let mut steps = 0usize;
    while let Some(n) = stack.pop() {
        steps += 1;
        if steps > spans.len() {
            break; // a cycle of parent ids in hostile input
        }
        for &c in &children[n] {
            let cs = &spans[c];
            if cs.service != r.service {
                if !spans[n].kind.is_exit() && cs.kind != SpanKind::Consumer {
                    extra = extra.saturating_add(cs.duration);
                }
            } else if cs.kind.is_exit() {
                let start = cs.start.clamp(lo, hi);
                let end = cs.start.saturating_add(cs.duration).clamp(lo, hi);
                intervals.push((start, end));
            } else {
                stack.push(c);
            }
        }
    }
    intervals.sort_unstable();
    let mut busy = 0u64;
    let mut cur: Option<(u64, u64)> = None;
    for (s, e) in intervals {
        cur = match cur {
            Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                busy += ce - cs;
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((cs, ce)) = cur {
        busy += ce - cs;
    }
    r.duration.saturating_sub(busy.saturating_add(extra))
}
