//! A design that does not load, as every command and the workshop say it:
//! each error at its line, then once what to do next.

use archcrit_core::file::LoadError;

use super::BAD_INPUT;

/// Prints `e` (every error it lists) and, when they are inside the file,
/// one line saying what to do next; returns the exit status (2).
pub fn report(e: &LoadError) -> u8 {
    errln!("error: {e}");
    if let Some(line) = next_step(std::slice::from_ref(e)) {
        errln!("{line}");
    }
    BAD_INPUT
}

/// What to do about the errors of these files, said once after all of
/// them: fix them where they are, then check again. `None` when no error
/// has a line to fix (a missing file says what to do in its own hint).
pub fn next_step(errors: &[LoadError]) -> Option<String> {
    let placed: Vec<&LoadError> = errors.iter().filter(|e| e.line.is_some()).collect();
    if placed.is_empty() {
        return None;
    }
    let files: Vec<&str> = placed.iter().map(|e| e.file.as_str()).collect();
    let count: usize = placed.iter().map(|e| e.all().count() + e.unlisted()).sum();
    let what = if count == 1 { "it" } else { "these" };
    let args: Vec<String> = files.iter().map(|f| shell_word(f)).collect();
    Some(format!("fix {what} in your editor, then run `archcrit check {}`", args.join(" ")))
}

/// `path` as a shell word: quoted when it holds anything but plain characters.
fn shell_word(path: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-/+:@,=".contains(c);
    if !path.is_empty() && path.chars().all(plain) {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_step_names_each_file_once_and_quotes_odd_ones() {
        let at = |file: &str| LoadError::new(file, "bad").at(3, 1);
        assert_eq!(next_step(&[at("a.yaml")]).unwrap(), "fix it in your editor, then run `archcrit check a.yaml`");
        assert_eq!(
            next_step(&[at("a.yaml"), at("my design.yaml")]).unwrap(),
            "fix these in your editor, then run `archcrit check a.yaml 'my design.yaml'`"
        );
        let gone = LoadError::new("gone.yaml", "cannot read the file");
        assert_eq!(next_step(std::slice::from_ref(&gone)), None);
        assert_eq!(
            next_step(&[gone, at("b.yaml")]).unwrap(),
            "fix it in your editor, then run `archcrit check b.yaml`",
            "a missing file is not one to fix in an editor"
        );
    }
}
