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
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is larger than {} (archcrit's limit for this kind of file)", size(limit)),
        ));
    }
    Ok(bytes)
}

/// `read_limited` for UTF-8 text.
pub fn read_text_limited(path: &Path, limit: usize) -> io::Result<String> {
    String::from_utf8(read_limited(path, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text; save it as UTF-8"))
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

    #[test]
    fn a_file_within_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_limited(&path, 5).unwrap(), b"12345");
        assert!(read_limited(&path, 4).is_err());
    }
}
