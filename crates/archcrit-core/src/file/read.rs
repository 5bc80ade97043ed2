//! Reading files with a limit: the cap applies to what is read, not to what
//! the file system says, so a device (`/dev/zero`), a pipe or a file that
//! grows while being read cannot make archcrit read without end.

use std::fs::File;
use std::io::{self, Read as _};
use std::path::Path;

/// Reads at most `limit` bytes of `path`; more is an `ErrorKind::FileTooLarge`
/// error saying the limit.
pub fn read_limited(path: &Path, limit: usize) -> io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// `read_limited` for UTF-8 text.
pub fn read_text_limited(path: &Path, limit: usize) -> io::Result<String> {
    String::from_utf8(read_limited(path, limit)?).map_err(|_| not_utf8())
}

/// `read_text_limited` for a file at a predictable name (a recovery copy):
/// a symbolic link there is refused, not followed, so a link planted at
/// that name cannot make archcrit read (and offer to restore) another file.
/// The file opened is checked to be the one looked at, so a link swapped
/// in between the two is refused too.
pub fn read_text_no_follow(path: &Path, limit: usize) -> io::Result<String> {
    let refused = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a symbolic link, and archcrit does not follow links at this name (delete it if you did not make it)",
        )
    };
    let looked = std::fs::symlink_metadata(path)?;
    if looked.file_type().is_symlink() {
        return Err(refused());
    }
    let file = File::open(path)?;
    if !same_identity(&looked, &file.metadata()?) {
        return Err(refused());
    }
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(too_large(limit));
    }
    String::from_utf8(bytes).map_err(|_| not_utf8())
}

#[cfg(unix)]
fn same_identity(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_identity(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len() && a.file_type() == b.file_type()
}

fn too_large(limit: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("it is larger than {} (archcrit's limit for this kind of file)", size(limit)),
    )
}

fn not_utf8() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text; save it as UTF-8")
}

fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 { format!("{} MB", bytes / (1024 * 1024)) } else { format!("{} KB", bytes / 1024) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_cut_at_the_limit() {
        let e = read_limited(Path::new("/dev/zero"), 4096).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert!(e.to_string().contains("4 KB"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_a_no_follow_name_is_refused_and_a_plain_file_read() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret");
        std::fs::write(&secret, "archcrit: 1\n").unwrap();
        let planted = dir.path().join(".d.yaml.recovery");
        std::os::unix::fs::symlink(&secret, &planted).unwrap();
        let e = read_text_no_follow(&planted, 4096).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(read_text_no_follow(&secret, 4096).unwrap(), "archcrit: 1\n");
    }

    #[test]
    fn a_file_within_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_limited(&path, 5).unwrap(), b"12345");
        assert!(read_limited(&path, 4).is_err());
    }
}
