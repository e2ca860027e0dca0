//! Two people, one file: a lock file beside the review (`.name.scr.ron.lock`) records who
//! has it open, on which machine and since when. A second instance sees it and offers
//! read-only or take-over; a lock left by a process that is gone (same machine) is stale.

use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Who holds a lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// Operating-system user.
    pub user: String,
    /// Machine.
    pub host: String,
    /// Process id.
    pub pid: u32,
    /// When it was taken (RFC 3339).
    pub since: String,
}

impl Owner {
    /// This process.
    pub fn me() -> Owner {
        Owner {
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "unknown".into()),
            host: host_name(),
            pid: std::process::id(),
            since: jiff::Timestamp::now().to_string(),
        }
    }

    /// Whether the owner is certainly gone: same machine, and no such process.
    pub fn is_stale(&self) -> bool {
        self.host == host_name() && !process_alive(self.pid)
    }
}

fn host_name() -> String {
    fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "unknown".into())
}

fn process_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // No way to tell here: treat as alive (never break a live lock by guessing).
        true
    }
}

/// The lock file of a review.
pub fn path_for(file: &Path) -> PathBuf {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    file.with_file_name(format!(".{name}.lock"))
}

/// A lock this process holds; released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// Why a lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Someone else has the file open.
    Held(Owner),
    /// The lock file could not be written (a read-only folder, say).
    Io(std::io::Error),
}

impl Lock {
    /// Take the lock, unless someone else (alive) holds it. A stale lock is taken over.
    pub fn acquire(file: &Path) -> Result<Lock, LockError> {
        let path = path_for(file);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                let owner = serde_json::to_string(&Owner::me()).unwrap_or_default();
                f.write_all(owner.as_bytes()).map_err(LockError::Io)?;
                Ok(Lock { path })
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match holder(file) {
                Some(owner) if owner.pid == std::process::id() && owner.host == host_name() => {
                    Ok(Lock { path })
                }
                Some(owner) if !owner.is_stale() => Err(LockError::Held(owner)),
                _ => Lock::take_over(file),
            },
            Err(e) => Err(LockError::Io(e)),
        }
    }

    /// Take the lock whoever holds it (the user chose to).
    pub fn take_over(file: &Path) -> Result<Lock, LockError> {
        let path = path_for(file);
        let owner = serde_json::to_string(&Owner::me()).unwrap_or_default();
        super::write_atomic(&path, owner.as_bytes(), false).map_err(|e| LockError::Io(e.source))?;
        Ok(Lock { path })
    }

    /// Whether this process still holds the lock (nobody took it over).
    pub fn still_mine(&self) -> bool {
        fs::read_to_string(&self.path)
            .ok()
            .and_then(|s| serde_json::from_str::<Owner>(&s).ok())
            .is_some_and(|o| o.pid == std::process::id() && o.host == host_name())
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if self.still_mine() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Who holds the lock on a file, if anyone.
pub fn holder(file: &Path) -> Option<Owner> {
    let text = fs::read_to_string(path_for(file)).ok()?;
    serde_json::from_str(&text).ok()
}

/// What identifies the version of a file on disk: its length and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

/// The stamp of a file now (`None` when it does not exist).
pub fn stamp(file: &Path) -> Option<Stamp> {
    let m = fs::metadata(file).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_instance_sees_the_lock_and_a_stale_one_is_taken_over() {
        let dir = tempfile::tempdir().expect("temp");
        let file = dir.path().join("r.scr.ron");
        fs::write(&file, "x").expect("write");
        // Someone else, alive on another machine, holds it.
        let other = Owner {
            user: "colleague".into(),
            host: "another-machine".into(),
            pid: 1,
            since: "2026-01-01T00:00:00Z".into(),
        };
        fs::write(
            path_for(&file),
            serde_json::to_string(&other).expect("json"),
        )
        .expect("lock");
        match Lock::acquire(&file) {
            Err(LockError::Held(o)) => assert_eq!(o, other),
            other => panic!("expected held, got {other:?}"),
        }
        // Same machine, a process that is gone: stale, taken over.
        let gone = Owner {
            host: host_name(),
            pid: u32::MAX - 7,
            ..other
        };
        fs::write(path_for(&file), serde_json::to_string(&gone).expect("json")).expect("lock");
        let lock = Lock::acquire(&file).expect("stale lock taken over");
        assert!(lock.still_mine());
        assert_eq!(holder(&file).map(|o| o.pid), Some(std::process::id()));
        drop(lock);
        assert!(holder(&file).is_none(), "released on drop");
    }

    #[test]
    fn take_over_then_the_old_holder_does_not_remove_it() {
        let dir = tempfile::tempdir().expect("temp");
        let file = dir.path().join("r.scr.ron");
        let first = Lock::acquire(&file).expect("lock");
        let other = Owner {
            user: "colleague".into(),
            host: "another-machine".into(),
            pid: 1,
            since: String::new(),
        };
        fs::write(
            path_for(&file),
            serde_json::to_string(&other).expect("json"),
        )
        .expect("taken over");
        assert!(!first.still_mine());
        drop(first);
        assert_eq!(holder(&file), Some(other), "a lock we lost is left alone");
    }

    #[test]
    fn stamp_notices_a_change() {
        let dir = tempfile::tempdir().expect("temp");
        let file = dir.path().join("r.scr.ron");
        fs::write(&file, "one").expect("write");
        let a = stamp(&file);
        fs::write(&file, "three").expect("write");
        assert_ne!(a, stamp(&file));
    }
}
