//! Runs the real binary on a pseudo-terminal, for checks that depend on
//! stdout being a terminal (colour, the inert boundary for escapes).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::ffi::OsStr;
use std::io::Read as _;

/// Runs `archcrit ARGS...` on a 200x50 pseudo-terminal (with `NO_COLOR=1`
/// when `no_color`, without it otherwise) and returns what it printed and
/// its exit code.
pub fn run_on_a_terminal<I, S>(args: I, no_color: bool) -> (String, u32)
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let pair = native_pty_system().openpty(PtySize { rows: 50, cols: 200, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_archcrit"));
    cmd.args(args);
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    // Linux reports EIO once the child closes the terminal: that is the end.
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    let code = child.wait().unwrap().exit_code();
    (String::from_utf8_lossy(&bytes).into_owned(), code)
}
