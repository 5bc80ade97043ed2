//! End to end: the real binary in a pseudo-terminal, driven by keystrokes
//! and read back through a vt100 parser, as a person would see it.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use archcrit_core::file;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

struct Session {
    child: Box<dyn Child + Send + Sync>,
    /// Both ends of our side of the terminal; `None` once hung up.
    writer: Option<Box<dyn Write + Send>>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Cleared to stop reading the program's output, as a frozen terminal does.
    reading: Arc<AtomicBool>,
    /// Set to make the reader thread let go of its copy of the terminal.
    closing: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
    master: Option<Box<dyn MasterPty + Send>>,
}

impl Session {
    fn start(dir: &Path, args: &[&str]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize { rows: 40, cols: 140, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_archcrit"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        // The person's own config and data (LLM settings, personas, scratch
        // recovery) stay out of the test, and the test out of theirs.
        cmd.env("XDG_CONFIG_HOME", dir.join(".config"));
        cmd.env("XDG_DATA_HOME", dir.join(".data"));
        let child = pair.slave.spawn_command(cmd).expect("archcrit starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(40).unwrap(),
            std::num::NonZeroU16::new(140).unwrap(),
            0,
        )));
        let sink = screen.clone();
        let reading = Arc::new(AtomicBool::new(true));
        let keep_reading = reading.clone();
        let closing = Arc::new(AtomicBool::new(false));
        let let_go = closing.clone();
        let reader_thread = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                if let_go.load(Ordering::Relaxed) {
                    break;
                }
                if !keep_reading.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                let Ok(n) = reader.read(&mut buf) else { break };
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            child,
            writer: Some(writer),
            screen,
            reading,
            closing,
            reader: Some(reader_thread),
            master: Some(pair.master),
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = self.contents();
            if check(&text) {
                return text;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `wait_for`, then until the screen stops changing for half a second:
    /// the critique runs after an edit is drawn, and its badges follow.
    fn settled(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let mut text = self.wait_for(what, &check);
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut stable_since = Instant::now();
        while stable_since.elapsed() < Duration::from_millis(500) {
            assert!(Instant::now() < deadline, "{what} never settled; screen:\n{text}");
            std::thread::sleep(Duration::from_millis(50));
            let now = self.contents();
            if now != text {
                text = now;
                stable_since = Instant::now();
            }
        }
        assert!(check(&text), "{what} changed while settling; screen:\n{text}");
        text
    }

    fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Types a command line and waits until it has been taken.
    fn command(&mut self, line: &str, done: impl Fn(&str) -> bool) -> String {
        self.send(":");
        self.wait_for("the command line", |s| s.lines().last().is_some_and(|l| l.starts_with(':')));
        self.send(line);
        self.send("\r");
        self.wait_for(line, done)
    }

    /// Closes the terminal as a closed window or dropped ssh session does.
    /// Every copy of the terminal's descriptor must close for the kernel to
    /// hang up: the reader thread holds one, blocked in `read`, so a resize
    /// makes the program redraw, which wakes it to see `closing` and exit.
    fn hang_up(&mut self) {
        self.closing.store(true, Ordering::Relaxed);
        if let Some(master) = &self.master {
            master.resize(PtySize { rows: 30, cols: 100, pixel_width: 0, pixel_height: 0 }).unwrap();
        }
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.writer = None;
        self.master = None;
    }

    fn pid(&self) -> String {
        self.child.process_id().expect("a running child").to_string()
    }

    fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(Instant::now() < deadline, "archcrit did not exit; screen:\n{}", self.contents());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A failed test must not leave the program running.
        let _ = self.child.kill();
    }
}

#[test]
fn sketch_a_design_save_it_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &["shop.yaml"]);
    s.wait_for("the first frame", |t| t.contains("NORMAL") && t.contains("shop.yaml"));
    s.command("add client web", |t| t.contains("client") && t.contains("add client web"));
    s.command("add service api", |t| t.contains("service") && t.contains("add service api"));
    let screen = s.command("link web api https", |t| t.contains("link web -> api"));
    // Both boxes, with their kinds in the border, and the arrow between them.
    assert!(screen.contains("┌ client"), "{screen}");
    assert!(screen.contains("┏ service"), "the new box is selected: {screen}");
    assert!(screen.contains("https"), "{screen}");
    // The critic has something to say about a lone service (a finding with
    // its severity mark, not only a colour).
    let screen = s.wait_for("a finding", |t| {
        t.lines().any(|l| l.contains("api:") && (l.contains('▲') || l.contains('✖') || l.contains('●')))
    });
    assert!(screen.contains("Findings"), "{screen}");
    s.command("w", |t| t.contains("saved shop.yaml"));
    let saved = file::load_path(&dir.path().join("shop.yaml")).expect("the saved file loads");
    let ids: Vec<String> = saved.design.ids().map(|i| i.to_string()).collect();
    assert_eq!(ids, ["web", "api"]);
    assert_eq!(saved.design.link_count(), 1);
    assert_eq!(saved.design.links().next().unwrap().protocol.as_deref(), Some("https"));
    s.send(":q\r");
    assert_eq!(s.exit_code(), 0);
    assert!(!dir.path().join(".shop.yaml.recovery").exists(), "a clean quit leaves no recovery file");
}

#[test]
fn a_killed_session_is_recovered_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("d.yaml");
    std::fs::write(&design, "archcrit: 1\nname: Kill test\ncomponents:\n  web:\n    kind: client\n").unwrap();
    let mut s = Session::start(dir.path(), &["d.yaml"]);
    s.wait_for("the first frame", |t| t.contains("NORMAL"));
    s.command("add service api", |t| t.contains("add service api"));
    let recovery = dir.path().join(".d.yaml.recovery");
    let deadline = Instant::now() + Duration::from_secs(15);
    while !recovery.exists() {
        assert!(Instant::now() < deadline, "no autosave appeared");
        std::thread::sleep(Duration::from_millis(100));
    }
    let pid = s.child.process_id().unwrap();
    let killed = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap();
    assert!(killed.success());
    let _ = s.exit_code();
    let on_disk = file::load_path(&design).unwrap();
    assert!(!on_disk.design.contains("api"), "the edit was never saved");

    let mut again = Session::start(dir.path(), &["d.yaml"]);
    again.wait_for("the recovery question", |t| t.contains("recovery copy"));
    again.send("y");
    let screen = again.wait_for("the restored edit", |t| t.contains("restored") && t.contains("┌ service"));
    assert!(screen.contains("[+]"), "restored work is unsaved until written: {screen}");
    again.send(":wq\r");
    assert_eq!(again.exit_code(), 0);
    let on_disk = file::load_path(&design).unwrap();
    assert!(on_disk.design.contains("api"), "the recovered edit is saved");
    assert!(!recovery.exists());
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_recovery_name_is_refused_not_offered() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("d.yaml");
    std::fs::write(&design, "archcrit: 1\nname: Mine\ncomponents:\n  web:\n    kind: client\n").unwrap();
    // Another design somewhere the planter chose, newer than the open one.
    std::thread::sleep(Duration::from_millis(20));
    let elsewhere = dir.path().join("elsewhere.yaml");
    std::fs::write(&elsewhere, "archcrit: 1\nname: Theirs\ncomponents:\n  evil:\n    kind: service\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.path().join(".d.yaml.recovery")).unwrap();
    let mut s = Session::start(dir.path(), &["d.yaml"]);
    let screen = s.wait_for("the refusal", |t| t.contains("not read"));
    assert!(screen.contains("symbolic link"), "{screen}");
    assert!(!screen.contains("Restore it?"), "a planted link must not be offered: {screen}");
    s.send(":q!\r");
    assert_eq!(s.exit_code(), 0);
    assert!(std::fs::read_to_string(&elsewhere).unwrap().contains("Theirs"));
}

/// Waits for the recovery copy and reads it as a design.
fn recovered(recovery: &Path) -> archcrit_core::model::Design {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !recovery.exists() {
        assert!(Instant::now() < deadline, "no recovery copy at {}", recovery.display());
        std::thread::sleep(Duration::from_millis(50));
    }
    file::load_path(recovery).expect("the recovery copy loads").design
}

#[test]
fn closing_the_terminal_ends_the_session_and_keeps_unsaved_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.yaml"), "archcrit: 1\nname: Hang-up\ncomponents:\n  web:\n    kind: client\n")
        .unwrap();
    let mut s = Session::start(dir.path(), &["d.yaml"]);
    s.wait_for("the first frame", |t| t.contains("NORMAL"));
    s.command("add service api", |t| t.contains("add service api"));
    // Close the terminal well before the two-second autosave: the kernel
    // hangs up the session and every later write to the terminal fails.
    s.hang_up();
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "archcrit outlived its terminal");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.exit_code(), 129, "an orderly exit on the hang-up, not an abort: {status:?}");
    assert!(recovered(&dir.path().join(".d.yaml.recovery")).contains("api"), "the unsaved edit is kept");
}

#[test]
fn sigterm_ends_a_session_whose_terminal_stopped_reading() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &["d.yaml"]);
    s.wait_for("the first frame", |t| t.contains("NORMAL"));
    s.command("add service api", |t| t.contains("add service api"));
    // The terminal freezes: nobody reads, and each resize asks for a full
    // redraw until the pty's buffer is full and the program's writes block.
    s.reading.store(false, Ordering::Relaxed);
    for i in 0..150u16 {
        let size = PtySize { rows: 30 + i % 10, cols: 120 + i % 20, pixel_width: 0, pixel_height: 0 };
        s.master.as_ref().unwrap().resize(size).unwrap();
        std::thread::sleep(Duration::from_millis(10));
    }
    let started = Instant::now();
    let term = std::process::Command::new("kill").args(["-TERM", &s.pid()]).status().unwrap();
    assert!(term.success());
    let deadline = started + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "archcrit ignored SIGTERM while its terminal was stuck");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.exit_code(), 143, "128 + SIGTERM");
    assert!(recovered(&dir.path().join(".d.yaml.recovery")).contains("api"), "the unsaved edit is kept");
}

#[test]
fn an_example_is_clean_until_edited_and_saving_over_a_file_asks() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("mine.yaml");
    std::fs::write(&existing, "archcrit: 1\nname: Someone else's\n").unwrap();
    let mut s = Session::start(dir.path(), &["--example", "shop"]);
    let first = s.wait_for("the first frame", |t| t.contains("NORMAL") && t.contains("14 components"));
    assert!(!first.contains("[+]"), "no unsaved marker before any edit:\n{first}");
    assert!(first.contains("[example shop]"), "the status bar names the example:\n{first}");
    s.command("set orders replicas 4", |t| t.contains("[+]"));
    // The first save asks for a name, as for a scratch design.
    s.send(":w\r");
    s.wait_for("the file name prompt", |t| t.contains("Save as (file name):"));
    s.send("\x15mine.yaml\r");
    s.wait_for("the overwrite question", |t| t.contains("already exists") && t.contains("Replace it?"));
    s.send("n");
    s.wait_for("the name asked again", |t| t.contains("exists and was not replaced"));
    s.send("\x15ours.yaml\r");
    s.wait_for("the save", |t| t.contains("saved ours.yaml"));
    let theirs = std::fs::read_to_string(&existing).unwrap();
    assert!(theirs.contains("Someone else's"), "the other file is untouched");
    let ours = file::load_path(&dir.path().join("ours.yaml")).unwrap();
    assert_eq!(ours.design.component("orders").unwrap().replicas, Some(4));
    // :w! replaces it without asking.
    s.command("w! mine.yaml", |t| t.contains("saved mine.yaml"));
    assert!(file::load_path(&existing).unwrap().design.contains("orders"));
    s.send(":q\r");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn an_example_and_a_scratch_design_keep_separate_recovery_copies() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join(".data/archcrit");
    let scratch = data.join("scratch.recovery.yaml");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(&scratch, "archcrit: 1\nname: Lost scratch\ncomponents:\n  lost-api:\n    kind: service\n").unwrap();

    // The example neither offers the scratch work nor deletes it on quit.
    let mut example = Session::start(dir.path(), &["--example", "shop"]);
    let screen = example.wait_for("the example", |t| t.contains("NORMAL") && t.contains("14 components"));
    assert!(!screen.contains("recovery copy"), "{screen}");
    // An edit to the example, then a kill: it is kept as the example's own.
    example.command("add service extra-api", |t| t.contains("add service extra-api"));
    let own = data.join("example-shop.recovery.yaml");
    let deadline = Instant::now() + Duration::from_secs(15);
    while !own.exists() {
        assert!(Instant::now() < deadline, "no autosave for the example");
        std::thread::sleep(Duration::from_millis(100));
    }
    let killed = std::process::Command::new("kill").args(["-KILL", &example.pid()]).status().unwrap();
    assert!(killed.success());
    let _ = example.exit_code();
    assert!(scratch.exists(), "the scratch work is untouched");

    let mut again = Session::start(dir.path(), &["--example", "shop"]);
    again.wait_for("the example's recovery question", |t| t.contains("recovery copy"));
    again.send("y");
    again.wait_for("the example's edit", |t| t.contains("restored") && t.contains("15 components"));
    again.send(":q!\r");
    assert_eq!(again.exit_code(), 0);

    let mut bare = Session::start(dir.path(), &[]);
    bare.wait_for("the scratch recovery question", |t| t.contains("recovery copy"));
    bare.send("y");
    bare.wait_for("the restored scratch work", |t| t.contains("lost-api"));
}

#[test]
fn a_hostile_design_shows_its_escapes_instead_of_running_them() {
    let dir = tempfile::tempdir().unwrap();
    // Set the title, clear the screen, reverse the text order: in a label.
    std::fs::write(
        dir.path().join("evil.yaml"),
        "archcrit: 1\nname: \"Evil\\e]2;pwned\\a\"\ncomponents:\n  web: {kind: client, label: \"Web\\e[2J\\u202Egnp\"}\n",
    )
    .unwrap();
    let mut s = Session::start(dir.path(), &["evil.yaml"]);
    let screen = s.wait_for("the hostile label, shown", |t| t.contains("NORMAL") && t.contains("Web\\e[2J"));
    // The box is sized for the label as shown.
    assert!(screen.contains("Web\\e[2J\\u{202e}gnp"), "{screen}");
    s.send(":q\r");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn a_flow_added_listed_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &["--example", "shop"]);
    s.wait_for("headroom in the status line", |t| t.contains("NORMAL") && t.contains("headroom 1.7x: mailer"));
    s.command("flow add browse web cdn gateway catalog", |t| t.contains("set flow browse"));
    s.command("flow set browse p99_budget_ms 1", |t| t.contains("set flow browse"));
    s.send("F");
    let screen = s.wait_for("the flows list", |t| t.contains("FLOWS") && t.contains("! browse"));
    assert!(screen.contains("OVER budget 1.0 ms"), "{screen}");
    s.send("\x1b");
    s.wait_for("the canvas", |t| t.contains("NORMAL"));
    s.command("w flows.yaml", |t| t.contains("saved flows.yaml"));
    let saved = file::load_path(&dir.path().join("flows.yaml")).unwrap();
    let flow = saved.design.flow("browse").expect("the flow is saved");
    assert_eq!(flow.p99_budget_ms, Some(1.0));
    s.send(":q\r");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn a_typed_technology_picks_the_kind_and_a_changed_tech_asks() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &["tech.yaml"]);
    s.wait_for("the first frame", |t| t.contains("NORMAL"));
    s.send("a");
    s.wait_for("the kind picker", |t| t.contains("ADD") && t.contains("type a kind or a technology"));
    s.send("postgres");
    s.wait_for("the kind and why", |t| t.contains("kind: database — postgres is a database"));
    s.send("\r");
    s.wait_for("the id prompt", |t| t.contains("New database (PostgreSQL): ID [LABEL]"));
    // The suggested id is selected: `end` keeps it and types after it.
    s.send("\x1b[F Orders DB\r");
    s.wait_for("the new box", |t| t.contains("Orders DB") && t.contains("PostgreSQL"));
    s.command("add service cache", |t| t.contains("add service cache"));
    s.send(":set cache tech Redis\r");
    s.wait_for("the question", |t| t.contains("kind → cache? Redis is a cache; cache is a service"));
    s.send("y");
    s.wait_for("the answer", |t| t.contains("cache is now a cache"));
    s.command("w", |t| t.contains("saved tech.yaml"));
    let saved = file::load_path(&dir.path().join("tech.yaml")).unwrap();
    let db = saved.design.component("postgres").expect("the new box is saved, named after what was typed");
    assert_eq!((db.kind.as_str(), db.tech.as_deref()), ("database", Some("PostgreSQL")));
    assert_eq!(saved.design.component("cache").unwrap().kind.as_str(), "cache");
    s.send(":q\r");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn the_picker_finds_a_box_by_a_fuzzy_name_and_a_restore_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &["--example", "shop"]);
    s.wait_for("the first frame", |t| t.contains("NORMAL"));
    s.send("/");
    s.wait_for("the picker", |t| t.contains("Go to (14 of 14)") && t.contains("FIND"));
    s.send("ordb");
    s.wait_for("the match", |t| t.contains("Go to (1 of 14)") && t.contains("orders-db  Orders DB"));
    s.send("\r");
    let screen = s.wait_for("the jump", |t| t.contains("NORMAL") && t.contains("orders-db database"));
    assert!(!screen.contains("Go to ("), "the picker closed: {screen}");
    s.send(":q!\r");
    assert_eq!(s.exit_code(), 0);

    // A restored recovery copy is one undo step away from the file.
    let design = dir.path().join("d.yaml");
    std::fs::write(&design, "archcrit: 1\nname: Restore\ncomponents:\n  web:\n    kind: client\n").unwrap();
    std::fs::write(
        dir.path().join(".d.yaml.recovery"),
        "archcrit: 1\nname: Restore\ncomponents:\n  web:\n    kind: client\n  api:\n    kind: service\n",
    )
    .unwrap();
    let mut again = Session::start(dir.path(), &["d.yaml"]);
    again.wait_for("the recovery question", |t| t.contains("recovery copy"));
    again.send("y");
    again.wait_for("the restored box", |t| t.contains("restored") && t.contains("┌ service"));
    again.send("u");
    let screen = again.wait_for("the undo", |t| t.contains("undid") && t.contains("1 component,"));
    assert!(!screen.contains("┌ service"), "{screen}");
    again.send(":q!\r");
    assert_eq!(again.exit_code(), 0);
}

#[test]
fn traces_calibrate_the_open_design_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/traces");
    std::fs::copy(fixtures.join("shop.yaml"), dir.path().join("shop.yaml")).unwrap();
    std::fs::copy(fixtures.join("shop.otlp.jsonl"), dir.path().join("traces.jsonl")).unwrap();
    let mut s = Session::start(dir.path(), &["shop.yaml"]);
    s.wait_for("the first frame", |t| t.contains("NORMAL") && t.contains("shop.yaml"));
    let screen = s.command("calibrate --map payments=payment traces.jsonl", |t| t.contains("calibrated (u undoes)"));
    assert!(screen.contains("Diff against before :calibrate"), "{screen}");
    assert!(screen.contains("inventory latency_ms: 5 -> 20 (+300%)"), "{screen}");
    s.send("\r");
    s.wait_for("the canvas", |t| t.contains("NORMAL"));
    s.command("w", |t| t.contains("saved shop.yaml"));
    let saved = file::load_path(&dir.path().join("shop.yaml")).unwrap();
    assert_eq!(saved.design.component("checkout").unwrap().latency_ms, Some(22.0));
    assert_eq!(saved.design.flow("post-checkout").unwrap().rps, Some(2.02));
    s.send(":q\r");
    assert_eq!(s.exit_code(), 0);
}

/// Issue 14's newcomer: a seven-box system sketched from a blank file with
/// the keys the hints and docs name (`a` and a typed kind or technology,
/// `/` to find a box, `c` to connect), then checked as a reviewer would
/// look at the board, saved, reopened and compared.
#[test]
fn a_newcomer_sketches_seven_boxes_from_a_blank_file() {
    use archcrit_core::layout::{Scale, layout};
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &["first.yaml"]);
    s.wait_for("the empty board", |t| t.contains("press a to add a component"));
    s.send("v");
    s.wait_for("the canvas alone", |t| !t.contains("Findings"));
    let boxes = [
        ("client", "web Web app"),
        ("gateway", "gw API gateway"),
        ("service", "orders Orders"),
        ("postgres", "db Orders DB"),
        ("redis", "cache Cache"),
        ("kafka", "events Order events"),
        ("worker", "mailer Mailer"),
    ];
    for (n, (kind, id_label)) in boxes.iter().enumerate() {
        s.send("a");
        s.wait_for("the kind picker", |t| t.contains("Add which kind?"));
        s.send(kind);
        s.send("\r");
        s.wait_for("the id prompt", |t| t.lines().last().is_some_and(|l| l.starts_with("New ")));
        // The suggested id is selected: typing replaces it.
        s.send(id_label);
        s.send("\r");
        let count = format!("{} component", n + 1);
        s.wait_for("the new box", |t| t.contains(&count));
    }
    let links = [
        ("web", "gw", "https"),
        ("gw", "orders", "grpc"),
        ("orders", "db", "sql"),
        ("orders", "cache", "redis"),
        ("orders", "events", "kafka"),
        ("events", "mailer", "kafka"),
    ];
    for (n, (from, to, protocol)) in links.iter().enumerate() {
        s.send("/");
        s.wait_for("the picker", |t| t.contains("Go to ("));
        s.send(from);
        s.send("\r");
        s.wait_for("the source selected", |t| t.contains(" NORMAL "));
        s.send("c");
        s.wait_for("connect mode", |t| t.contains(" CONNECT "));
        s.send("/");
        s.wait_for("the target picker", |t| t.contains("(") && t.contains(" FIND "));
        s.send(to);
        s.send("\r");
        s.wait_for("the protocol prompt", |t| t.contains(&format!("Link {from} -> {to}, protocol")));
        s.send(protocol);
        s.send("\r");
        let count = format!("{} link", n + 1);
        s.wait_for("the link", |t| t.contains(&count) && t.contains(" NORMAL "));
    }
    // Select the box a reopened design selects, so the pictures compare.
    s.send("/web\r");
    let drawn = s.settled("every label", |t| {
        ["https", "grpc", "sql", "redis"].iter().all(|p| t.contains(p)) && t.matches("kafka").count() == 2
    });
    s.command("w", |t| t.contains("saved first.yaml"));
    s.send(":q\r");
    assert_eq!(s.exit_code(), 0);

    // The saved board: no box on another, no line through a box it does
    // not join, every box reachable from every other by h/j/k/l.
    let design = file::load_path(&dir.path().join("first.yaml")).unwrap().design;
    assert_eq!((design.component_count(), design.link_count()), (7, 6));
    let board = layout(&design, Scale::Normal);
    for (i, a) in board.boxes.iter().enumerate() {
        for b in &board.boxes[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect, 0), "{} overlaps {}", a.id, b.id);
        }
    }
    for route in &board.routes {
        for pair in route.points.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            for x in x0.min(x1)..=x0.max(x1) {
                for y in y0.min(y1)..=y0.max(y1) {
                    for b in board.boxes.iter().filter(|b| b.id != route.key.from && b.id != route.key.to) {
                        let r = b.rect;
                        let inside = x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
                        assert!(!inside, "{} runs through {} at ({x}, {y})", route.key, b.id);
                    }
                }
            }
        }
    }
    for from in &board.boxes {
        let mut seen = std::collections::BTreeSet::from([from.id.clone()]);
        let mut todo = vec![from.id.clone()];
        while let Some(at) = todo.pop() {
            for dir in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                if let Some(next) = archcrit_app::toward(&board, Some(at.clone()), dir)
                    && seen.insert(next.clone())
                {
                    todo.push(next);
                }
            }
        }
        assert_eq!(seen.len(), 7, "from {}: {seen:?}", from.id);
    }

    // Reopened, the board is the same picture.
    let mut again = Session::start(dir.path(), &["first.yaml"]);
    again.wait_for("the reopened board", |t| t.contains("7 components"));
    again.send("v");
    let reopened = again.settled("the canvas alone", |t| !t.contains("Findings") && t.contains("https"));
    let canvas = |screen: &str| screen.lines().take(30).map(str::trim_end).collect::<Vec<_>>().join("\n");
    assert_eq!(canvas(&reopened), canvas(&drawn), "before:\n{drawn}\nafter:\n{reopened}");
    again.send(":q\r");
    assert_eq!(again.exit_code(), 0);
}

#[test]
fn a_clean_save_as_from_an_example_leaves_no_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    let example_copy = dir.path().join(".data/archcrit/example-shop.recovery.yaml");
    let mut s = Session::start(dir.path(), &["--example", "shop"]);
    s.wait_for("the example", |t| t.contains("NORMAL") && t.contains("14 components"));
    s.command("set orders replicas 4", |t| t.contains("[+]"));
    // The edit's autosave lands as the example's copy before the save.
    let deadline = Instant::now() + Duration::from_secs(15);
    while !example_copy.exists() {
        assert!(Instant::now() < deadline, "no autosave for the example");
        std::thread::sleep(Duration::from_millis(100));
    }
    s.command("w online-shop.yaml", |t| t.contains("saved online-shop.yaml"));
    s.send(":q\r");
    assert_eq!(s.exit_code(), 0);
    assert!(!example_copy.exists(), "the example's copy went with the save");
    assert!(!dir.path().join(".online-shop.yaml.recovery").exists());
    // The next start of the example asks nothing.
    let mut again = Session::start(dir.path(), &["--example", "shop"]);
    let screen = again.settled("the example again", |t| t.contains("NORMAL") && t.contains("14 components"));
    assert!(!screen.contains("recovery copy"), "{screen}");
    again.send(":q\r");
    assert_eq!(again.exit_code(), 0);
}
