//! Writing an export's files: one file where the user chose, or a folder of files, each
//! written atomically.

use super::SaveError;
use std::path::{Path, PathBuf};

/// Why an export's files could not all be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The folder to write into could not be made.
    #[error("{}: cannot create the folder: {source}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file could not be written (the one on disk, if any, is unchanged).
    #[error(transparent)]
    File(#[from] SaveError),
}

/// Write an export's files atomically, in order: into the folder `dest` (made when
/// missing) each under its own name when `into_folder`, else the one file to `dest`
/// itself. `written` hears each path once its file is on disk; the first failure stops
/// the rest. Returns how many files were written.
pub fn write_outputs<'a>(
    dest: &Path,
    into_folder: bool,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    written: &mut dyn FnMut(&Path),
) -> Result<usize, WriteError> {
    if into_folder {
        std::fs::create_dir_all(dest).map_err(|source| WriteError::Folder {
            path: dest.to_path_buf(),
            source,
        })?;
    }
    let mut n = 0;
    for (name, bytes) in files {
        let path = if into_folder {
            dest.join(name)
        } else {
            dest.to_path_buf()
        };
        super::write_atomic(&path, bytes, false)?;
        written(&path);
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_goes_where_asked_and_a_folder_is_made_for_many() {
        let dir = tempfile::tempdir().expect("temp");
        let file = dir.path().join("summary.md");
        let mut seen = Vec::new();
        let n = write_outputs(&file, false, [("ignored.md", &b"one"[..])], &mut |p| {
            seen.push(p.to_path_buf())
        })
        .expect("written");
        assert_eq!((n, seen.as_slice()), (1, &[file.clone()][..]));
        assert_eq!(std::fs::read(&file).expect("read"), b"one");

        let folder = dir.path().join("new/extracts");
        let files = [("a.pdf", &b"A"[..]), ("a.xlsx", &b"B"[..])];
        let n = write_outputs(&folder, true, files, &mut |_| {}).expect("written");
        assert_eq!(n, 2);
        assert_eq!(std::fs::read(folder.join("a.pdf")).expect("a"), b"A");
        assert_eq!(std::fs::read(folder.join("a.xlsx")).expect("b"), b"B");
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_named() {
        let dir = tempfile::tempdir().expect("temp");
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").expect("write");
        let e = write_outputs(&blocker.join("sub"), true, [("a", &b""[..])], &mut |_| {})
            .expect_err("a file is in the way");
        assert!(matches!(e, WriteError::Folder { .. }));
        assert!(e.to_string().contains("cannot create the folder"), "{e}");
    }
}
