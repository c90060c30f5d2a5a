//! What the timing binaries read from `/proc` (Linux; 0 elsewhere): the
//! resident memory and the CPU time of this thread or of the whole
//! process. On a machine shared with other work the CPU time shows what a
//! step costs when the wall clock also counts waiting for a core.

/// Resident memory (`VmRSS`) in bytes, after the allocator has given
/// back what was freed: mimalloc keeps freed pages a while for reuse, and
/// they would be counted as the live data's.
pub fn rss() -> u64 {
    // SAFETY: `mi_collect` takes no pointers; it is in the mimalloc linked
    // as this program's global allocator (see lib.rs).
    unsafe { mi_collect(true) };
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// CPU time (user + system) of the calling thread, in seconds.
pub fn thread_cpu() -> f64 {
    stat_cpu("/proc/thread-self/stat")
}

/// CPU time (user + system) of the whole process, every thread, in
/// seconds: what a threaded step costs in core time.
pub fn process_cpu() -> f64 {
    stat_cpu("/proc/self/stat")
}

/// utime + stime of a `stat` file, in seconds.
fn stat_cpu(path: &str) -> f64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| {
            // Fields after the command name (which ends with the last `)`):
            // utime and stime are the 12th and 13th, in ticks of 1/100 s.
            let f: Vec<&str> = t.rsplit(')').next()?.split_whitespace().collect();
            Some(f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?)
        })
        .map_or(0.0, |ticks| ticks / 100.0)
}

extern "C" {
    /// mimalloc's own: returns freed memory to the operating system
    /// (`force`: now, from every thread's heap it can reach).
    fn mi_collect(force: bool);
}
