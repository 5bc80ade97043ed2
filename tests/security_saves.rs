//! Saves that cannot be redirected and reads that cannot run away (issue
//! 10, points 2, 4 and 5): files planted beside a design, read-only and
//! changed-on-disk designs, an output that is the input, endless devices.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use archcrit::workers::files::{Files, Job, Recovery};
use archcrit::workers::watch::{self, Watched};
use archcrit_app::Action;
use archcrit_core::file::{self, Fingerprint, SaveError, WriteOptions};
use archcrit_core::model::Design;

const DESIGN: &str = "archcrit: 1\nname: Mine\ncomponents:\n  api: {kind: service}\n";

fn archcrit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archcrit")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("d.yaml");
    std::fs::write(&design, DESIGN).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    (dir, design, victim)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_at_the_old_temporary_name_is_not_followed() {
    let (dir, design, victim) = setup();
    // The name the old writer used, predictable from the process id.
    let planted = dir.path().join(format!(".d.yaml.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    file::write_atomic(&design, b"archcrit: 1\nname: New\n").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!std::fs::symlink_metadata(&design).unwrap().file_type().is_symlink(), "the design became a link");
    assert_eq!(std::fs::read_to_string(&design).unwrap(), "archcrit: 1\nname: New\n");
}

#[cfg(unix)]
#[test]
fn the_designs_own_symlink_is_still_followed() {
    let (dir, _, _) = setup();
    let real = dir.path().join("real.yaml");
    std::fs::write(&real, DESIGN).unwrap();
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    file::write_atomic(&link, b"archcrit: 1\nname: Via link\n").unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "archcrit: 1\nname: Via link\n");
}

#[cfg(unix)]
#[test]
fn a_recovery_symlink_is_replaced_not_followed_and_the_copy_stays_private() {
    let (dir, design, victim) = setup();
    chmod(&design, 0o600);
    let recovery = Recovery::scratch();
    let at = recovery.path(Some(&design)).unwrap();
    std::os::unix::fs::symlink(&victim, &at).unwrap();
    recovery.write(Some(&design), &Design::new("changed")).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!std::fs::symlink_metadata(&at).unwrap().file_type().is_symlink());
    assert_eq!(mode(&at), 0o600, "the recovery copy of a 0600 design must not be wider");
    let _ = dir;
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_permissions() {
    let (_dir, design, _) = setup();
    chmod(&design, 0o640);
    file::write_atomic(&design, DESIGN.as_bytes()).unwrap();
    assert_eq!(mode(&design), 0o640);
}

#[cfg(unix)]
#[test]
fn a_read_only_design_is_refused_unless_forced() {
    let (_dir, design, _) = setup();
    std::fs::write(&design, "archcrit: 1\nname: Mine\ncomponents:\n  api:   {kind: service}\n").unwrap();
    chmod(&design, 0o444);
    let before = std::fs::read_to_string(&design).unwrap();
    let out = archcrit(&["fmt", design.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&design).unwrap(), before);
    let forced = WriteOptions { force: true, ..Default::default() };
    assert!(matches!(file::write_atomic(&design, b"x"), Err(SaveError::ReadOnly { .. })));
    file::write_with(&design, DESIGN.as_bytes(), &forced).unwrap();
    assert_eq!(mode(&design), 0o444);
}

#[test]
fn a_change_on_disk_just_before_the_save_is_not_overwritten() {
    let (_dir, design, _) = setup();
    let read = Fingerprint::read(&design).unwrap();
    // Same length, so only identity and content can tell.
    std::fs::write(&design, DESIGN.replace("Mine", "Your")).unwrap();
    let options = WriteOptions { expect: Some(read), ..Default::default() };
    let e = file::write_with(&design, b"archcrit: 1\nname: Lost\n", &options).unwrap_err();
    assert!(matches!(e, SaveError::ChangedOnDisk { .. }), "{e}");
    assert!(std::fs::read_to_string(&design).unwrap().contains("Your"));
}

#[tokio::test]
async fn the_workshops_save_refuses_a_change_its_watcher_has_not_seen() {
    let (_dir, design, _) = setup();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let watched = Arc::new(Mutex::new(Watched::default()));
    watch::set(&watched, Some(design.clone()));
    let files = Files::spawn(tx, Arc::clone(&watched), Recovery::scratch());
    std::fs::write(&design, DESIGN.replace("Mine", "Your")).unwrap();
    let save = |force| Job::Save { path: design.clone(), design: Box::new(Design::new("ours")), force };
    files.send(save(false));
    match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.unwrap() {
        Some(Action::SaveFailed { message, .. }) => assert!(message.contains("changed on disk"), "{message}"),
        _ => panic!("the save should have been refused"),
    }
    assert!(std::fs::read_to_string(&design).unwrap().contains("Your"));
    files.send(save(true));
    assert!(matches!(
        tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.unwrap(),
        Some(Action::Saved { .. })
    ));
    assert!(std::fs::read_to_string(&design).unwrap().contains("ours"));
}

#[test]
fn export_and_import_refuse_to_write_over_their_input() {
    let (dir, design, _) = setup();
    let d = design.to_str().unwrap();
    for args in [vec!["export", d, "-o", d], vec!["export", d, "--format", "mermaid", "-o", d]] {
        let out = archcrit(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("is the design being exported"), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&design).unwrap(), DESIGN);
    }
    let mmd = dir.path().join("d.mmd");
    std::fs::write(&mmd, "flowchart LR\n  a --> b\n").unwrap();
    let via_dots = dir.path().join(".").join("d.mmd");
    let out = archcrit(&["import", mmd.to_str().unwrap(), "-o", via_dots.to_str().unwrap(), "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is the file being imported"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&mmd).unwrap(), "flowchart LR\n  a --> b\n");
}

#[cfg(unix)]
#[test]
fn new_never_replaces_a_dangling_symlink() {
    let (dir, _, _) = setup();
    let link = dir.path().join("new.yaml");
    std::os::unix::fs::symlink(dir.path().join("nowhere.yaml"), &link).unwrap();
    let out = archcrit(&["new", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(!dir.path().join("nowhere.yaml").exists());
}

#[cfg(unix)]
#[test]
fn an_endless_device_is_refused_quickly() {
    for args in
        [vec!["check", "/dev/zero"], vec!["critique", "/dev/zero"], vec!["import", "/dev/zero", "--from", "mermaid"]]
    {
        let started = Instant::now();
        let out = archcrit(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let said = stderr(&out);
        assert!(
            said.contains("larger than 50 MB") || said.contains("not a regular file and it gave more than 50 MB"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("split the design"), "no advice to split a device: {said}");
        assert!(started.elapsed() < Duration::from_secs(20), "{args:?} took {:?}", started.elapsed());
    }
}
