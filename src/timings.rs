//! Where build time goes, per pipeline stage, summed over guides (which run
//! in parallel, so the sum can exceed the wall time). `build --timings`
//! prints it; `make bench` reads it.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The stages, in pipeline order.
pub const STAGES: [&str; 11] =
    ["read", "parse", "extract", "highlight", "render", "identify", "apkg", "csv", "json", "media", "record"];

#[derive(Debug, Default)]
pub struct Timings {
    nanos: [AtomicU64; STAGES.len()],
}

impl Timings {
    /// Runs `f`, adding its duration to `stage`.
    pub fn time<T>(&self, stage: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        if let Some(i) = STAGES.iter().position(|s| *s == stage) {
            let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
            self.nanos[i].fetch_add(nanos, Ordering::Relaxed);
        }
        result
    }

    pub fn seconds(&self, stage: &str) -> f64 {
        STAGES.iter().position(|s| *s == stage).map_or(0.0, |i| self.nanos[i].load(Ordering::Relaxed) as f64 / 1e9)
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = STAGES.iter().map(|s| format!("{s} {:.3}s", self.seconds(s))).collect();
        write!(f, "{}", parts.join(", "))
    }
}
