//! Reading reviews for the commands: the passphrase of an encrypted one (from the
//! environment or asked for at the terminal), and load errors printed with their exit
//! code.

use crate::model::{Review, Typology};
use crate::store::{self, LoadError};
use std::io::Write;
use std::path::Path;

/// The environment variable that holds the passphrase of encrypted reviews, for
/// scripts; without it the command line asks at the terminal.
pub const PASSPHRASE_ENV: &str = "SCR_WORKBENCH_PASSPHRASE";

/// A passphrase from [`PASSPHRASE_ENV`], else asked for at the terminal (twice when
/// `confirm`, for a new one). None when there is neither.
fn ask_passphrase(what: &str, confirm: bool) -> Result<Option<store::Passphrase>, String> {
    if let Some(p) = std::env::var_os(PASSPHRASE_ENV) {
        let p = store::Passphrase::new(p.to_string_lossy().into_owned());
        if p.is_empty() {
            return Err(format!("{PASSPHRASE_ENV} is set but empty"));
        }
        return Ok(Some(p));
    }
    // Ask only someone at a terminal (a script with its input redirected gets the
    // message about the environment variable instead of waiting).
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let Ok(first) = rpassword::prompt_password(format!("Passphrase for {what}: ")) else {
        return Ok(None);
    };
    let first = store::Passphrase::new(first);
    if first.is_empty() {
        return Err("an empty passphrase protects nothing".into());
    }
    if confirm {
        let again = rpassword::prompt_password("Repeat the passphrase: ")
            .map_err(|e| format!("the passphrase could not be read: {e}"))?;
        if !first.matches(&store::Passphrase::new(again)) {
            return Err("the two passphrases differ".into());
        }
    }
    Ok(Some(first))
}

/// A new passphrase (asked for twice at a terminal); None, with the reason printed,
/// when there is none.
pub(super) fn new_passphrase(what: &str, err: &mut dyn Write) -> Option<store::Passphrase> {
    match ask_passphrase(what, true) {
        Ok(Some(p)) => Some(p),
        Ok(None) => {
            let _ = writeln!(
                err,
                "No passphrase: set {PASSPHRASE_ENV} or run the command in a terminal."
            );
            None
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            None
        }
    }
}

/// A review read from disk: the review, its plain text (for locating problems) and the
/// passphrase it was encrypted with, if it was.
pub(super) struct Loaded {
    /// The review.
    pub review: Review,
    /// Its plain text.
    pub text: String,
    /// The passphrase it was encrypted with.
    pub passphrase: Option<store::Passphrase>,
}

/// Read a review, asking for the passphrase when it is encrypted.
pub(super) fn read_review(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !store::crypt::is_encrypted(&bytes) {
        let review = store::from_bytes(&bytes, path)?;
        return Ok(Loaded {
            review,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            passphrase: None,
        });
    }
    let encrypted = || LoadError::Encrypted {
        path: path.to_path_buf(),
    };
    let passphrase = match ask_passphrase(&path.display().to_string(), false) {
        Ok(Some(p)) => p,
        Ok(None) => return Err(encrypted()),
        Err(message) => {
            return Err(LoadError::Damaged {
                path: path.to_path_buf(),
                message,
            });
        }
    };
    let plain = store::crypt::decrypt(&bytes, &passphrase).map_err(|e| match e {
        store::crypt::OpenError::WrongPassphrase => LoadError::WrongPassphrase {
            path: path.to_path_buf(),
        },
        store::crypt::OpenError::Damaged(message) => LoadError::Damaged {
            path: path.to_path_buf(),
            message,
        },
    })?;
    let review = store::from_bytes(&plain, path)?;
    Ok(Loaded {
        review,
        text: String::from_utf8_lossy(&plain).into_owned(),
        passphrase: Some(passphrase),
    })
}

/// Print a load error (with how to give a passphrase when one is needed) and return
/// the exit code: 2 when the file could not be read, 1 when it is not a valid review.
pub(super) fn load_failed(e: &LoadError, err: &mut dyn Write) -> u8 {
    let _ = writeln!(err, "{e}");
    if matches!(e, LoadError::Encrypted { .. }) {
        let _ = writeln!(
            err,
            "Give the passphrase in {PASSPHRASE_ENV}, or run the command in a terminal to be asked for it."
        );
    }
    if e.is_unreadable() { 2 } else { 1 }
}

pub(super) fn load_with_typologies(
    path: &Path,
) -> Result<(Review, Vec<Typology>, String), LoadError> {
    let loaded = read_review(path)?;
    let (typs, _) = store::typologies::for_review(Some(path));
    Ok((loaded.review, typs, loaded.text))
}
