//! Documents converted on `-j N` threads, outcomes delivered in input
//! order as soon as each is ready.
//!
//! Why not chunks on the rayon pool (what this replaced): a chunk of 64
//! documents waited for its slowest document before the next chunk
//! started, and the outcomes were delivered while every thread stood
//! idle, so a second core added about a quarter of its capacity
//! (issue 15). Here each worker takes the next document as soon as it is
//! done with one. The calling thread is one of the `-j N` converters: it
//! delivers what the others finished between two documents of its own
//! (a thread that only delivered was woken for every document, a third
//! thread on two cores).
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
/// thread (no thread is started); otherwise the calling thread and
/// `jobs - 1` workers (0: one per core). Stops taking items once `deliver` says [`Flow::Stop`].
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
    // The next item from the shared source; `None` when there is none, or
    // the lock was poisoned (a worker panicked).
    let take = || source.lock().ok().and_then(|mut src| src.next());
    std::thread::scope(|s| {
        // `jobs - 1` workers: the calling thread converts too.
        for _ in 1..threads {
            let tx = tx.clone();
            let (take, gate) = (&take, &gate);
            s.spawn(move || {
                loop {
                    if gate.stopped() {
                        return;
                    }
                    // The lock is held while the next item is made: an
                    // export's reader parses it here, one at a time.
                    let Some((index, item)) = take() else { return };
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
        let mut order = InOrder {
            waiting: BTreeMap::new(),
            next: 0,
            flow: Flow::Go,
            gate: &gate,
        };
        // Between two documents of its own, this thread delivers what
        // the workers finished, so it never waits while there is work.
        while order.flow == Flow::Go {
            while let Ok((index, outcome)) = rx.try_recv() {
                order.arrived(index, outcome, &mut deliver);
            }
            let Some((index, item)) = take() else { break };
            // An item past the window waits for the ones before it, which
            // only the workers can finish (this thread delivers them).
            while order.flow == Flow::Go && index >= order.next + WINDOW {
                match rx.recv() {
                    Ok((i, outcome)) => order.arrived(i, outcome, &mut deliver),
                    Err(_) => break,
                }
            }
            if order.flow == Flow::Stop {
                break;
            }
            order.arrived(index, convert(item), &mut deliver);
        }
        // The workers' last documents (after a stop they end at once and
        // their outcomes are dropped).
        for (index, outcome) in rx.iter() {
            order.arrived(index, outcome, &mut deliver);
        }
        order.flow
    })
}

/// Outcomes that came before their turn, and how far the delivery is.
struct InOrder<'a> {
    waiting: BTreeMap<usize, Outcome>,
    next: usize,
    flow: Flow,
    gate: &'a Gate,
}

impl InOrder<'_> {
    /// Takes outcome `index`, and delivers every outcome whose turn it is.
    fn arrived(
        &mut self,
        index: usize,
        outcome: Outcome,
        deliver: &mut impl FnMut(Outcome) -> Flow,
    ) {
        if self.flow == Flow::Stop {
            return;
        }
        self.waiting.insert(index, outcome);
        while let Some(outcome) = self.waiting.remove(&self.next) {
            self.next += 1;
            self.gate.delivered(self.next);
            if deliver(outcome) == Flow::Stop {
                self.flow = Flow::Stop;
                self.gate.stop();
                self.waiting.clear();
                return;
            }
        }
    }
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

    /// A slow first document: the calling thread runs a whole window
    /// ahead, then waits for the worker (not for itself) and goes on.
    #[test]
    fn a_slow_first_document_holds_the_window_without_a_deadlock() {
        let mut seen = Vec::new();
        let convert = |i: usize| {
            if i == 0 {
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            outcome(i)
        };
        let n = 3 * WINDOW;
        convert_in_order(2, 0..n, &convert, |o| {
            seen.push(o.warnings[0].parse().unwrap_or(usize::MAX));
            Flow::Go
        });
        assert_eq!(seen, (0..n).collect::<Vec<_>>());
    }

    #[test]
    fn a_stop_delivers_nothing_after_it() {
        for jobs in [1, 2] {
            assert_eq!(order(jobs, 600, Some(10)), (0..10).collect::<Vec<_>>());
        }
    }
}
