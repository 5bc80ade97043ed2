//! A component as a technology: its catalogue entry (by `tech`, else label,
//! else id) and the protocol it serves (the catalogue's, else what its
//! incoming links speak). Read by the rules that care what is exposed.

use crate::critic::snapshot::Snapshot;
use crate::tech::{Technology, is_request_protocol};

/// The catalogue entry of component `i` (see `tech::of`).
pub(crate) fn technology(s: &Snapshot<'_>, i: usize) -> Option<&'static Technology> {
    crate::tech::of(s.comps[i])
}

/// The protocol component `i` serves, when anything says: the catalogue's,
/// else the protocol of its incoming links when they all agree on a
/// non-request one (`None`: unstated, which counts as a request protocol).
pub(crate) fn served_protocol<'d>(s: &Snapshot<'d>, i: usize) -> Option<&'d str> {
    if let Some(t) = technology(s, i) {
        return Some(t.protocol.as_str());
    }
    let mut protocols = s.inc(i).iter().map(|&j| s.links[j].protocol.as_deref());
    let first = protocols.next()??;
    protocols.all(|p| p.is_some_and(|p| p.eq_ignore_ascii_case(first))).then_some(first)
}

/// Whether component `i` serves requests (https, http, grpc, graphql,
/// websocket, or nothing says): the entries an auth check applies to.
pub(crate) fn serves_requests(s: &Snapshot<'_>, i: usize) -> bool {
    served_protocol(s, i).is_none_or(is_request_protocol)
}
