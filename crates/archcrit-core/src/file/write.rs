//! The atomic write every file archcrit saves goes through (designs,
//! recovery copies, exports, imports). Nothing planted beside the target
//! can redirect it: the temporary file gets an unpredictable name and is
//! created exclusively (O_EXCL, so a symlink there is never followed), and
//! the rename replaces a symlink at the target rather than following it,
//! unless the caller asks to follow the design's own link.

use std::fs;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::error::SaveError;
use super::read::read_limited;

/// How one write behaves; `WriteOptions::default()` is a design save.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Write even when the file is read-only (`:w!`, `--force`).
    pub force: bool,
    /// Do not follow a symlink at the path: replace the link itself
    /// (recovery copies, which live at a predictable name).
    pub no_follow: bool,
    /// Take permissions from this file (never wider than it, and private
    /// when it does not exist) instead of from the file being replaced.
    pub permissions_like: Option<PathBuf>,
    /// Refuse when the file no longer holds what was read (checked just
    /// before the rename).
    pub expect: Option<Fingerprint>,
}

/// What a file held when it was read or written: identity and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    identity: Option<(u64, u64)>,
    len: u64,
    hash: u64,
}

impl Fingerprint {
    /// The fingerprint of `bytes` as the content of `path` (as it is now).
    pub fn of(path: &Path, bytes: &[u8]) -> Fingerprint {
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        Fingerprint { identity: identity(path), len: bytes.len() as u64, hash: hasher.finish() }
    }

    /// Reads `path` now; `None` when it cannot be read.
    pub fn read(path: &Path) -> Option<Fingerprint> {
        let bytes = read_limited(path, super::MAX_FILE_BYTES).ok()?;
        Some(Fingerprint::of(path, &bytes))
    }
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// Whether two paths name the same existing file (through links, `./`, `..`).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes `bytes` to `path` atomically: a crash leaves the old or the new
/// file whole. Writing through a symlink at `path` replaces the file it
/// points at (the link stays); the file keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_with(path, bytes, &WriteOptions::default())
}

/// `write_atomic` with options.
pub fn write_with(path: &Path, bytes: &[u8], options: &WriteOptions) -> Result<(), SaveError> {
    let io = |source| SaveError::Io { path: path.to_path_buf(), source };
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let resolved = if is_link && !options.no_follow { fs::canonicalize(path).ok() } else { None };
    let target = resolved.as_deref().unwrap_or(path);
    // The file being replaced, never through a link we do not follow.
    let existing = fs::symlink_metadata(target).ok().filter(|m| m.file_type().is_file());
    if !options.force && existing.as_ref().is_some_and(|m| m.permissions().readonly()) {
        return Err(SaveError::ReadOnly { path: path.to_path_buf() });
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "design".into());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if existing.is_none() && options.permissions_like.is_none() {
        builder.permissions(new_file_permissions());
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    let permissions = match &options.permissions_like {
        Some(like) => permissions_like(like),
        None => existing.map(|m| m.permissions()),
    };
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions).map_err(io)?;
    }
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if let Some(expected) = &options.expect
        && Fingerprint::read(target).is_some_and(|now| now != *expected)
    {
        return Err(SaveError::ChangedOnDisk { path: path.to_path_buf() });
    }
    tmp.persist(target).map_err(|e| io(e.error))?;
    // Make the rename itself durable where the platform allows it.
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A copy of `like` is never more readable than `like` itself; with no
/// `like` on disk, only the owner reads it. Always writable by the owner:
/// the copy is written again later.
#[cfg(unix)]
fn permissions_like(like: &Path) -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = fs::metadata(like).map(|m| m.permissions().mode() & 0o666 | 0o200).unwrap_or(0o600);
    Some(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn permissions_like(like: &Path) -> Option<fs::Permissions> {
    let mut permissions = fs::metadata(like).ok()?.permissions();
    permissions.set_readonly(false);
    Some(permissions)
}

/// A new file gets what `File::create` would give it (0666 less the umask)
/// rather than the temporary file's private 0600: the mode is given to
/// open(2), which applies the umask.
#[cfg(unix)]
fn new_file_permissions() -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt as _;
    fs::Permissions::from_mode(0o666)
}
