//! The panel keys in the real binary at 80x24, in a pseudo-terminal read
//! back through a vt100 parser: the findings start below the canvas, `v`
//! shows every panel then hides them all, `0` zooms to fit, `:q!` quits.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn wait_for(screen: &Mutex<vt100::Parser>, what: &str, check: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = screen.lock().unwrap().screen().contents();
        if check(&text) {
            return text;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn at_80x24_the_findings_sit_below_and_v_and_0_make_room() {
    let dir = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_archcrit"));
    cmd.args(["--example", "shop"]);
    cmd.cwd(dir.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_CONFIG_HOME", dir.path().join(".config"));
    cmd.env("XDG_DATA_HOME", dir.path().join(".data"));
    let mut child = pair.slave.spawn_command(cmd).expect("archcrit starts");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(24).unwrap(),
        std::num::NonZeroU16::new(80).unwrap(),
        0,
    )));
    let sink = screen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().process(&buf[..n]);
        }
    });
    let mut send = |keys: &str| {
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    };

    let first = wait_for(&screen, "the first frame", |t| t.contains("NORMAL") && t.contains("Findings"));
    let rows: Vec<&str> = first.lines().collect();
    let at = rows.iter().position(|l| l.contains("Findings")).unwrap();
    assert!(at >= 12, "the findings sit below the canvas, at row {at}:\n{first}");
    assert!(rows[at].starts_with('┌'), "a strip across the screen:\n{first}");
    assert!(first.contains("CDN") && first.contains("API gateway") && first.contains("Orders"), "{first}");

    send("v");
    let all = wait_for(&screen, "all panels", |t| t.contains("panels: all panels"));
    assert!(all.contains("Findings") && all.contains("web client"), "the inspector beside them:\n{all}");
    send("v");
    let hidden = wait_for(&screen, "canvas only", |t| t.contains("panels: canvas only"));
    assert!(!hidden.contains("Findings"), "{hidden}");
    send("0");
    wait_for(&screen, "zoom to fit", |t| t.contains("even compact"));
    send(":q!\r");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "archcrit did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
}
