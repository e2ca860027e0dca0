//! Encryption at rest: a review (and its recovery copy and backup) can be a
//! passphrase-protected file in the `age` format (<https://age-encryption.org/v1>),
//! readable with the `age` or `rage` tools as well as here. The review's text is
//! encrypted in memory and only the ciphertext is ever written: nothing of the review
//! reaches the disk in plain text, not even a temporary file.
//!
//! The passphrase is stretched with scrypt at a work factor age calibrates to about a
//! second on this machine, so guessing passphrases is slow; opening and saving an
//! encrypted review each take about that long.

use age::secrecy::{ExposeSecret, SecretString};
use std::io::{Read, Write};

/// The first bytes of every age file.
const MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// A passphrase. Its text is never printed (Debug shows nothing of it) and is wiped
/// from memory when dropped.
#[derive(Clone)]
pub struct Passphrase(SecretString);

impl Passphrase {
    /// A passphrase from text typed by a person.
    pub fn new(text: impl Into<String>) -> Passphrase {
        Passphrase(SecretString::from(text.into()))
    }

    /// True when empty (an empty passphrase protects nothing and is refused).
    pub fn is_empty(&self) -> bool {
        self.0.expose_secret().is_empty()
    }

    /// The same passphrase as `other`.
    pub fn matches(&self, other: &Passphrase) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// True when `bytes` are an age file (an encrypted review).
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Why encrypted bytes could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The passphrase is not the one the file was encrypted with.
    #[error("the passphrase does not open it")]
    WrongPassphrase,
    /// The file is not a well-formed age file, or was changed after it was encrypted.
    #[error("the encrypted file is damaged or not a review ({0})")]
    Damaged(String),
}

/// Encrypt `plain` with `passphrase`.
pub fn encrypt(plain: &[u8], passphrase: &Passphrase) -> std::io::Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_user_passphrase(passphrase.0.clone());
    let mut out = Vec::with_capacity(plain.len() + 256);
    let mut writer = encryptor.wrap_output(&mut out)?;
    writer.write_all(plain)?;
    writer.finish()?;
    Ok(out)
}

/// Decrypt an age file with `passphrase`.
pub fn decrypt(cipher: &[u8], passphrase: &Passphrase) -> Result<Vec<u8>, OpenError> {
    let decryptor =
        age::Decryptor::new_buffered(cipher).map_err(|e| OpenError::Damaged(e.to_string()))?;
    if !decryptor.is_scrypt() {
        return Err(OpenError::Damaged(
            "it is encrypted to a key, not with a passphrase".to_string(),
        ));
    }
    let identity = age::scrypt::Identity::new(passphrase.0.clone());
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => OpenError::WrongPassphrase,
            other => OpenError::Damaged(other.to_string()),
        })?;
    let mut plain = Vec::with_capacity(cipher.len());
    reader
        .read_to_end(&mut plain)
        .map_err(|e| OpenError::Damaged(e.to_string()))?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_passphrase() {
        let p = Passphrase::new("correct horse battery staple");
        let cipher = encrypt(b"Child B's review", &p).expect("encrypts");
        assert!(is_encrypted(&cipher));
        assert!(!cipher.windows(7).any(|w| w == b"Child B"));
        assert_eq!(decrypt(&cipher, &p).expect("opens"), b"Child B's review");
        let wrong = Passphrase::new("incorrect horse");
        assert!(matches!(
            decrypt(&cipher, &wrong),
            Err(OpenError::WrongPassphrase)
        ));
        let mut damaged = cipher.clone();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        assert!(matches!(decrypt(&damaged, &p), Err(OpenError::Damaged(_))));
        assert_eq!(format!("{p:?}"), "Passphrase(…)");
    }
}
