//! Documents converted on `-j N` threads, outcomes delivered in input
//! order as soon as each is ready.
//!
//! Why not chunks on the rayon pool (what this replaced): a chunk of 64
//! documents waited for its slowest document before the next chunk
//! started, and the outcomes were delivered while every thread stood
//! idle, so a second core added about a quarter of its capacity
//! (issue 15). Here each worker takes the next document as soon as it is
//! done with one, and the calling thread delivers outcomes while the
//! workers go on.
//!
//! Why plain threads and not rayon's: a worker waits when it is too far
//! ahead of the delivery (below), and a rayon thread that waits inside a
//! large document's `rayon::scope` may steal another worker's loop and
//! wait on itself. The formats of a large document still go on the pool
//! (`Formats::run`).
//!
//! Memory stays bounded whatever the number of documents: a worker does
//! not start document `i` until document `i - WINDOW` has been delivered,
//! so at most `WINDOW` outcomes wait for an earlier, slower one.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};

use rayon::ThreadPool;

use super::Outcome;
use super::sink::Flow;

/// How far the workers may run ahead of the delivery, in documents.
const WINDOW: usize = 256;

/// Converts every item with `convert` and hands the outcomes to
/// `deliver` in the items' order. `-j 1` is a plain loop on the calling
/// thread (no thread is started); otherwise `jobs` workers (0: one per
/// core). Stops taking items once `deliver` says [`Flow::Stop`].
pub(super) fn convert_in_order<T, I, F, D>(
    jobs: usize,
    items: I,
    convert: &F,
    mut deliver: D,
) -> Flow
where
    I: Iterator<Item = T> + Send,
    T: Send,
    F: Fn(T) -> Outcome + Sync,
    D: FnMut(Outcome) -> Flow,
{
    let threads = match jobs {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    if threads == 1 {
        for item in items {
            if deliver(convert(item)) == Flow::Stop {
                return Flow::Stop;
            }
        }
        return Flow::Go;
    }
    let source = Mutex::new(items.enumerate());
    let gate = Gate::default();
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (source, gate) = (&source, &gate);
            s.spawn(move || {
                loop {
                    if gate.stopped() {
                        return;
                    }
                    // The lock is held while the next item is made: an
                    // export's reader parses it here, one at a time.
                    let next = match source.lock() {
                        Ok(mut src) => src.next(),
                        Err(_) => return,
                    };
                    let Some((index, item)) = next else { return };
                    if !gate.wait_for_room(index) {
                        return;
                    }
                    if tx.send((index, convert(item))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let mut flow = Flow::Go;
        for (index, outcome) in rx.iter() {
            if flow == Flow::Stop {
                continue;
            }
            waiting.insert(index, outcome);
            while let Some(outcome) = waiting.remove(&next) {
                next += 1;
                gate.delivered(next);
                if deliver(outcome) == Flow::Stop {
                    flow = Flow::Stop;
                    gate.stop();
                    waiting.clear();
                    break;
                }
            }
        }
        flow
    })
}

/// Runs `f` on the rayon pool of `jobs` threads (0: rayon's global
/// pool), built once per process, so that the formats of a large document
/// are written in parallel (`unpress::convert_document`); on the calling
/// thread when the pool cannot be built.
pub(super) fn on_pool<R: Send>(jobs: usize, f: impl FnOnce() -> R + Send) -> R {
    static POOLS: Mutex<Vec<(usize, Arc<ThreadPool>)>> = Mutex::new(Vec::new());
    if jobs == 0 {
        return rayon::scope(|_| f());
    }
    let pool = POOLS.lock().ok().and_then(|mut pools| {
        if let Some((_, pool)) = pools.iter().find(|(n, _)| *n == jobs) {
            return Some(pool.clone());
        }
        let pool = Arc::new(
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .ok()?,
        );
        pools.push((jobs, pool.clone()));
        Some(pool)
    });
    match pool {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

/// How many outcomes were delivered, and whether to stop, for the workers
/// to wait on.
#[derive(Default)]
struct Gate {
    delivered: Mutex<usize>,
    moved: Condvar,
    stop: AtomicBool,
}

impl Gate {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Waits until item `index` is within the window; false when the run
    /// stops meanwhile.
    fn wait_for_room(&self, index: usize) -> bool {
        let Ok(mut delivered) = self.delivered.lock() else {
            return false;
        };
        while index >= *delivered + WINDOW {
            if self.stopped() {
                return false;
            }
            delivered = match self.moved.wait(delivered) {
                Ok(d) => d,
                Err(_) => return false,
            };
        }
        !self.stopped()
    }

    fn delivered(&self, n: usize) {
        if let Ok(mut delivered) = self.delivered.lock() {
            *delivered = n;
        }
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        // Taken so that no worker is between its check and its wait.
        drop(self.delivered.lock());
        self.moved.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unpress::document::Source;

    fn outcome(n: usize) -> Outcome {
        let mut o = Outcome::failed(
            Source::Text,
            unpress::Error::NotPerDocument(unpress::Format::Epub),
        );
        o.warnings.push(n.to_string());
        o
    }

    fn order(jobs: usize, n: usize, stop_at: Option<usize>) -> Vec<usize> {
        let mut seen = Vec::new();
        let convert = |i: usize| {
            // Uneven work, so that the workers finish out of order.
            if i.is_multiple_of(7) {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            outcome(i)
        };
        convert_in_order(jobs, 0..n, &convert, |o| {
            seen.push(o.warnings[0].parse().unwrap_or(usize::MAX));
            if Some(seen.len()) == stop_at {
                Flow::Stop
            } else {
                Flow::Go
            }
        });
        seen
    }

    #[test]
    fn outcomes_come_in_input_order_on_any_number_of_threads() {
        let all: Vec<usize> = (0..600).collect();
        for jobs in [1, 2, 3] {
            assert_eq!(order(jobs, 600, None), all, "-j {jobs}");
        }
    }

    #[test]
    fn a_stop_delivers_nothing_after_it() {
        for jobs in [1, 2] {
            assert_eq!(order(jobs, 600, Some(10)), (0..10).collect::<Vec<_>>());
        }
    }
}
