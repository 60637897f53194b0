//! Background work for labs: a job runs on its own thread and the lab polls for the
//! result, so the interface never waits for training.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

/// One background job and, once it finished, its result.
pub struct Job<T> {
    receiver: Option<Receiver<T>>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread.
    pub fn spawn(work: impl FnOnce() -> T + Send + 'static) -> Job<T> {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            // The lab may be gone by the time the work finishes; that is fine.
            let _ = tx.send(work());
        });
        Job { receiver: Some(rx) }
    }

    /// A job that is already finished, for tests and instant results.
    pub fn ready(value: T) -> Job<T> {
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(value);
        Job { receiver: Some(rx) }
    }

    /// True while the job runs.
    pub fn running(&self) -> bool {
        self.receiver.is_some()
    }

    /// The result, once, when it is there.
    pub fn poll(&mut self) -> Option<T> {
        let rx = self.receiver.as_ref()?;
        match rx.try_recv() {
            Ok(v) => {
                self.receiver = None;
                Some(v)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.receiver = None;
                None
            }
        }
    }

    /// Waits for the result (tests only need this; the interface polls).
    pub fn wait(&mut self) -> Option<T> {
        let rx = self.receiver.take()?;
        rx.recv().ok()
    }
}

/// Polls the job in `slot`: `Some(result)` once it finished, emptying the slot (a job
/// that died gives `None` inside); `None` while it runs or when there is none.
pub fn take_finished<T: Send + 'static>(slot: &mut Option<Job<T>>) -> Option<Option<T>> {
    let job = slot.as_mut()?;
    match job.poll() {
        Some(v) => {
            *slot = None;
            Some(Some(v))
        }
        None if !job.running() => {
            *slot = None;
            Some(None)
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_delivers_its_result_once() {
        let mut job = Job::spawn(|| 6 * 7);
        assert_eq!(job.wait(), Some(42));
        assert!(!job.running());
        assert_eq!(job.poll(), None);
    }

    #[test]
    fn a_finished_job_leaves_its_slot_once() {
        let mut slot = Some(Job::ready(7));
        assert_eq!(take_finished(&mut slot), Some(Some(7)));
        assert!(slot.is_none());
        assert_eq!(take_finished::<i32>(&mut slot), None);
        let mut died: Option<Job<i32>> = Some(Job::spawn(|| panic!("the work fails")));
        while died.as_ref().is_some_and(Job::running) {
            if let Some(result) = take_finished(&mut died) {
                assert_eq!(result, None);
            }
        }
        assert!(died.is_none());
    }
}
