//! The progress bar: documents done of the total, rate and time left, on
//! standard error when it is a terminal (`Config::progress`, which the
//! binary sets; never with `-q`). Messages written while it shows go
//! through [`Suspended`], which lifts the bar for them, so a warning never
//! lands in the middle of it.

use std::fmt;
use std::io::{self, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// A bar, or nothing when progress is not shown.
#[derive(Clone)]
pub(super) struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar over `total` documents when `shown`; with `plain`
    /// (`NO_COLOR`), without colours.
    pub fn new(shown: bool, plain: bool, total: usize) -> Progress {
        if !shown || total < 2 {
            return Progress(None);
        }
        let template = if plain {
            "{pos}/{len} documents [{bar:30}] {rate} · {left}"
        } else {
            "{pos}/{len} documents [{bar:30.cyan/blue}] {rate} · {left}"
        };
        // The rate over the whole run so far: indicatif's own estimate
        // starts from nothing and takes many steps to catch up.
        let rate = |state: &ProgressState| {
            let secs = state.elapsed().as_secs_f64();
            (secs > 0.0).then(|| state.pos() as f64 / secs)
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                move |state: &ProgressState, w: &mut dyn fmt::Write| {
                    let _ = match rate(state) {
                        Some(r) => write!(w, "{r:.0}/s"),
                        None => write!(w, "-/s"),
                    };
                },
            )
            .with_key(
                "left",
                move |state: &ProgressState, w: &mut dyn fmt::Write| {
                    let left = state.len().unwrap_or(0).saturating_sub(state.pos()) as f64;
                    let _ = match rate(state).filter(|r| *r > 0.0) {
                        Some(r) => write!(w, "{:.0}s left", (left / r).ceil()),
                        None => write!(w, "starting"),
                    };
                },
            )
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
            .with_style(style);
        Progress(Some(bar))
    }

    /// `n` more documents done.
    pub fn inc(&self, n: usize) {
        if let Some(bar) = &self.0 {
            bar.inc(n as u64);
        }
    }

    /// Takes the bar off the screen, before the summary.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }

    /// `err`, lifting the bar for what is written to it.
    pub fn around<'a>(&self, err: &'a mut dyn Write) -> Suspended<'a> {
        Suspended {
            bar: self.0.clone(),
            inner: err,
            line: Vec::new(),
        }
    }
}

/// A writer that hides the bar while it writes, whole lines at a time (a
/// message is written in pieces; the bar must not come back between
/// them).
pub(super) struct Suspended<'a> {
    bar: Option<ProgressBar>,
    inner: &'a mut dyn Write,
    /// The start of a line, not written yet.
    line: Vec<u8>,
}

impl Suspended<'_> {
    fn emit(&mut self, upto: usize) -> io::Result<()> {
        let lines: Vec<u8> = self.line.drain(..upto).collect();
        match &self.bar {
            Some(bar) => {
                let inner = &mut self.inner;
                bar.suspend(|| inner.write_all(&lines))
            }
            None => self.inner.write_all(&lines),
        }
    }
}

impl Write for Suspended<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bar.is_none() {
            return self.inner.write(buf);
        }
        self.line.extend_from_slice(buf);
        if let Some(end) = self.line.iter().rposition(|&b| b == b'\n') {
            self.emit(end + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let all = self.line.len();
        self.emit(all)?;
        self.inner.flush()
    }
}

impl Drop for Suspended<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
