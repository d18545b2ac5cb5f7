//! The paired ratio both lifecycle benchmarks print: the runtime and the hand-written variant
//! measured in alternating batches (which one goes first alternates too, so neither always gets
//! the warm cache), and the median of the per-round ratios, which holds up when other processes
//! share the machine.

use std::time::{Duration, Instant};

/// `(median of runtime / hand per round, runtime ns per call, hand ns per call)`, over at least
/// `budget` and at least 11 rounds of `batch` calls of each.
pub fn paired_ratio(
    budget: Duration,
    batch: u32,
    mut runtime: impl FnMut(),
    mut hand: impl FnMut(),
) -> (f64, f64, f64) {
    let mut ratios = Vec::new();
    let (mut rt_total, mut hand_total) = (Duration::ZERO, Duration::ZERO);
    let end = Instant::now() + budget;
    let mut runtime_first = true;
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        start.elapsed()
    };
    while Instant::now() < end || ratios.len() < 11 {
        let (rt, by_hand) = if runtime_first {
            let rt = time(&mut runtime);
            (rt, time(&mut hand))
        } else {
            let by_hand = time(&mut hand);
            (time(&mut runtime), by_hand)
        };
        runtime_first = !runtime_first;
        rt_total += rt;
        hand_total += by_hand;
        ratios.push(rt.as_secs_f64() / by_hand.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    let calls = f64::from(u32::try_from(ratios.len()).unwrap_or(u32::MAX)) * f64::from(batch);
    let median = ratios[ratios.len() / 2];
    (median, rt_total.as_secs_f64() * 1e9 / calls, hand_total.as_secs_f64() * 1e9 / calls)
}
