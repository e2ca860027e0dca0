//! Reviews on disk: the versioned RON format, migrations from older versions, atomic
//! saving with a backup, and the typology files.
//!
//! A failed load or save never touches the file on disk.

pub mod crypt;
pub mod lock;
mod migrate;
mod outputs;
pub mod recovery;
pub mod typologies;
mod write;

use crate::model::{FORMAT_VERSION, Review};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use crypt::Passphrase;
pub use outputs::{WriteError, write_outputs};
pub use write::to_ron;

/// The extension of review files.
pub const EXTENSION: &str = "scr.ron";

/// Why a review could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text (a binary file, say).
    #[error("{path}:{line}:{col}: the file is not text (invalid UTF-8 at byte {byte})")]
    NotText {
        /// The file.
        path: PathBuf,
        /// Line of the first bad byte.
        line: usize,
        /// Column of the first bad byte.
        col: usize,
        /// Byte offset.
        byte: usize,
    },
    /// The text is not a valid review.
    #[error("{path}:{line}:{col}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What was wrong or expected.
        message: String,
    },
    /// The file is encrypted and no passphrase was given.
    #[error("{path}: this review is encrypted; a passphrase is needed to open it")]
    Encrypted {
        /// The file.
        path: PathBuf,
    },
    /// The passphrase given does not open the file.
    #[error("{path}: the passphrase does not open this review (nothing was changed)")]
    WrongPassphrase {
        /// The file.
        path: PathBuf,
    },
    /// The file is encrypted but damaged.
    #[error("{path}: {message}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// The format version is missing or unknown.
    #[error("{path}: {message}")]
    Version {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
}

impl LoadError {
    /// The line and column, where known.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::Syntax { line, col, .. } | LoadError::NotText { line, col, .. } => {
                Some((*line, *col))
            }
            _ => None,
        }
    }

    /// True when the file could not be read at all (as opposed to read and found invalid).
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self,
            LoadError::Io { .. }
                | LoadError::NotText { .. }
                | LoadError::Damaged { .. }
                | LoadError::Encrypted { .. }
                | LoadError::WrongPassphrase { .. }
        )
    }

    /// True when a (different) passphrase would open the file.
    pub fn needs_passphrase(&self) -> bool {
        matches!(
            self,
            LoadError::Encrypted { .. } | LoadError::WrongPassphrase { .. }
        )
    }
}

/// Why a review could not be saved. The file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot save ({step}): {source}; the file on disk is unchanged")]
pub struct SaveError {
    /// The file.
    pub path: PathBuf,
    /// What was being done.
    pub step: &'static str,
    /// The cause.
    pub source: std::io::Error,
}

/// Read and parse a review file, migrating older versions. An encrypted file gives
/// [`LoadError::Encrypted`]: open it with [`load_with`].
pub fn load(path: &Path) -> Result<Review, LoadError> {
    load_with(path, None)
}

/// Read and parse a review file, decrypting it with `passphrase` when it is encrypted.
pub fn load_with(path: &Path, passphrase: Option<&Passphrase>) -> Result<Review, LoadError> {
    let bytes = fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    from_bytes_with(&bytes, path, passphrase)
}

/// True when the file at `path` is an encrypted review (false when it cannot be read).
pub fn is_encrypted_file(path: &Path) -> bool {
    let mut head = [0u8; 32];
    fs::File::open(path)
        .and_then(|mut f| {
            use std::io::Read;
            let n = f.read(&mut head)?;
            Ok(crypt::is_encrypted(&head[..n]))
        })
        .unwrap_or(false)
}

/// Parse a review from bytes; `path` is used in messages only. Encrypted bytes give
/// [`LoadError::Encrypted`].
pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Review, LoadError> {
    from_bytes_with(bytes, path, None)
}

/// Parse a review from bytes, decrypting them with `passphrase` when they are encrypted.
pub fn from_bytes_with(
    bytes: &[u8],
    path: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<Review, LoadError> {
    if crypt::is_encrypted(bytes) {
        let Some(passphrase) = passphrase else {
            return Err(LoadError::Encrypted {
                path: path.to_path_buf(),
            });
        };
        let plain = crypt::decrypt(bytes, passphrase).map_err(|e| match e {
            crypt::OpenError::WrongPassphrase => LoadError::WrongPassphrase {
                path: path.to_path_buf(),
            },
            crypt::OpenError::Damaged(message) => LoadError::Damaged {
                path: path.to_path_buf(),
                message: format!("the encrypted file cannot be opened: {message}"),
            },
        })?;
        return plain_from_bytes(&plain, path);
    }
    plain_from_bytes(bytes, path)
}

fn plain_from_bytes(bytes: &[u8], path: &Path) -> Result<Review, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let byte = e.valid_up_to();
        let (line, col) = line_col(bytes, byte);
        LoadError::NotText {
            path: path.to_path_buf(),
            line,
            col,
            byte,
        }
    })?;
    from_str(text, path)
}

/// Parse a review from text; `path` is used in messages only.
pub fn from_str(text: &str, path: &Path) -> Result<Review, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Syntax {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            message: "the file is empty; expected a review".to_string(),
        });
    }
    let version = migrate::sniff_version(text).ok_or_else(|| LoadError::Version {
        path: path.to_path_buf(),
        message: "no `format_version` found near the start; is this a review file?".to_string(),
    })?;
    let mut review = match version {
        FORMAT_VERSION => parse::<Review>(text, path)?,
        1 => migrate::from_v1(parse::<migrate::ReviewV1>(text, path)?),
        v if v > FORMAT_VERSION => {
            return Err(LoadError::Version {
                path: path.to_path_buf(),
                message: format!(
                    "format version {v} was written by a newer scr-workbench; this one reads up to {FORMAT_VERSION}"
                ),
            });
        }
        v => {
            return Err(LoadError::Version {
                path: path.to_path_buf(),
                message: format!("format version {v} is not known"),
            });
        }
    };
    review.format_version = FORMAT_VERSION;
    review.normalise();
    Ok(review)
}

/// Parse RON into `T`, turning ron's error into one that names file, line and column.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &Path,
) -> Result<T, LoadError> {
    ron::Options::default().from_str::<T>(text).map_err(|e| {
        let (line, col) = (e.span.start.line.max(1), e.span.start.col.max(1));
        let message = match field_at(text, line, col) {
            Some(field) if !e.code.to_string().contains(&format!("`{field}`")) => {
                format!("in field `{field}`: {}", e.code)
            }
            _ => e.code.to_string(),
        };
        LoadError::Syntax {
            path: path.to_path_buf(),
            line,
            col,
            message,
        }
    })
}

/// The field name written before a position on its line (`sequence: "x"` -> `sequence`).
fn field_at(text: &str, line: usize, col: usize) -> Option<&str> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let before = l.get(..col.saturating_sub(1).min(l.len()))?;
    let (name, _) = before.rsplit_once(':')?;
    let name = name.trim_end();
    // The identifier at the end of `name` (byte offsets from char_indices: the text
    // before it may hold any character).
    let start = name
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
        .last()
        .map_or(name.len(), |(i, _)| i);
    let field = &name[start..];
    (!field.is_empty() && field.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .then_some(field)
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, col)
}

/// A short fingerprint of a review's content (the first 12 hex digits of the SHA-256 of
/// its canonical text): exports carry it so a published summary can be traced to the
/// exact version it was made from.
pub fn fingerprint(review: &Review) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(to_ron(review).as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The backup kept beside a file: `name.scr.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Save a review: write a temporary file in the same folder, flush it to disk, keep the
/// previous version as `*.bak`, then rename the new file over the old one. On any error
/// the file on disk is left as it was.
pub fn save(review: &Review, path: &Path) -> Result<(), SaveError> {
    save_with(review, path, None)
}

/// The bytes of a review file: its text, or that text encrypted with `passphrase`
/// (in memory: the plain text is never written anywhere).
pub fn encode(
    review: &Review,
    passphrase: Option<&Passphrase>,
    path: &Path,
) -> Result<Vec<u8>, SaveError> {
    let text = to_ron(review);
    match passphrase {
        None => Ok(text.into_bytes()),
        Some(p) => crypt::encrypt(text.as_bytes(), p).map_err(|source| SaveError {
            path: path.to_path_buf(),
            step: "encrypting",
            source,
        }),
    }
}

/// Save a review, encrypted with `passphrase` when given, as [`save`] does. Encrypting
/// a review whose file (or backup) is still plain text does not keep that plain text as
/// the backup: the old backup is removed, so no plain copy is left behind.
pub fn save_with(
    review: &Review,
    path: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<(), SaveError> {
    let bytes = encode(review, passphrase, path)?;
    if passphrase.is_none() {
        return write_atomic(path, &bytes, true);
    }
    let plain_file = path.exists() && !is_encrypted_file(path);
    write_atomic(path, &bytes, !plain_file)?;
    let bak = backup_path(path);
    if bak.exists() && !is_encrypted_file(&bak) {
        fs::remove_file(&bak).map_err(|source| SaveError {
            path: bak.clone(),
            step: "removing the unencrypted backup",
            source,
        })?;
    }
    Ok(())
}

/// Write bytes to `path` atomically; with `backup`, keep the old file as `*.bak`.
pub fn write_atomic(path: &Path, bytes: &[u8], backup: bool) -> Result<(), SaveError> {
    let err = |step: &'static str| {
        let path = path.to_path_buf();
        move |source| SaveError { path, step, source }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp).map_err(err("creating a temporary file"))?;
        file.write_all(bytes).map_err(err("writing"))?;
        file.sync_all().map_err(err("flushing to disk"))?;
        drop(file);
        if backup && path.exists() {
            keep_backup(path).map_err(err("keeping a backup"))?;
        }
        fs::rename(&tmp, path).map_err(err("replacing the file"))?;
        // Make the rename itself durable.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Keep the current file as `*.bak`, atomically (a hard link where possible, else a copy).
fn keep_backup(path: &Path) -> std::io::Result<()> {
    let bak = backup_path(path);
    let bak_tmp = bak.with_extension("bak.tmp");
    let _ = fs::remove_file(&bak_tmp);
    if fs::hard_link(path, &bak_tmp).is_err() {
        fs::copy(path, &bak_tmp)?;
        fs::File::open(&bak_tmp)?.sync_all()?;
    }
    fs::rename(&bak_tmp, &bak)
}

/// The 1-based line where an object with `id` starts inside the collection `field`
/// (e.g. `"chronology"`), for pointing problems at their place in the file.
pub fn locate(text: &str, field: &str, id: u32) -> Option<usize> {
    let header = format!("{field}: [");
    let start = text.find(&header)?;
    let needle = format!("id: {id},");
    let compact = format!("(id: {id},");
    let mut depth = 0i32;
    let first_line = text[..start].matches('\n').count() + 1;
    let body = &text[start + header.len()..];
    let mut in_string = false;
    for (line, l) in (first_line..).zip(body.split_inclusive('\n')) {
        let t = l.trim_start();
        if !in_string
            && ((depth == 1 && t.starts_with(&needle)) || (depth == 0 && t.starts_with(&compact)))
        {
            return Some(line);
        }
        // Count brackets outside strings (text may hold unbalanced brackets).
        let mut escaped = false;
        for c in l.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '(' | '[' | '{' if !in_string => depth += 1,
                ')' | ']' | '}' if !in_string => depth -= 1,
                _ => {}
            }
        }
        if depth < 0 {
            return None;
        }
    }
    None
}
