//! Exit statuses, the same for every command and for the workshop: 0 ok,
//! 1 a gate failed, 2 bad input or usage. Scripts and CI rely on them.

/// Exit status when everything went well.
pub const OK: u8 = 0;
/// Exit status when a gate (`--fail-on`, `fmt --check`) failed.
pub const GATE_FAILED: u8 = 1;
/// Exit status for bad input or usage.
pub const BAD_INPUT: u8 = 2;
