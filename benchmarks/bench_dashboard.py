"""Benchmark: how much the live dashboard slows training, and how often it redraws.

    .venv/bin/python benchmarks/bench_dashboard.py                  # the full measurement
    .venv/bin/python benchmarks/bench_dashboard.py --pairs 2 --batch-sizes 100   # smoke run

Headless, in one process: the dashboard's widgets work without a front end, and
its training task runs on an asyncio loop that this script drives, as a kernel
would. For each batch size, one dashboard and one plain loop take turns, in pairs
of segments of ``--seconds`` each:

    dashboard  dash.play(); sleep; dash.pause()  -- at full speed, live plots on; then
               await dash.wait(), the sharp redraw once training has stopped, timed apart
    plain      Trainer.step() in a loop, nothing else (the dashboard's Trainer
               settings: evaluation every 10,000 images on 1,000 images of each set,
               BLAS limited to one thread as the dashboard does while training)

The two halves of a pair run a second apart, so a busy moment of the shared
2-core machine hits both; the ratio reported is the median over the pairs.

Also reported: the ratio with the stop's redraw counted as training time, the CPU-time
ratio (less disturbed by other processes; the dashboard's CPU time includes its PNG
thread), redraws per
second of the curves and of the weights/predictions, the time a curves redraw
takes in the training thread (the drawing; its PNG encoding runs in a second
thread), how long the training task holds the event loop between two yields (what a
slider move waits for at most; a separate run with a ticker task), and the plain
loop with BLAS's default threads (what the one-thread limit is worth here).

Targets (exit 0 if both hold at batch 100, 1 if one is missed):
    throughput  dashboard it/s >= 0.85 x plain it/s
    redraws     curves redrawn >= 10 times per second
The numbers go to benchmarks/results/ as JSON.
"""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from nnlib import blas
from nnlib.dashboard import Dashboard
from nnlib.dashboard.session import Run
from nnlib.mnist import load_raw

RESULTS_DIR = Path(__file__).resolve().parent / "results"
MIN_RATIO = 0.85
MIN_REDRAWS_PER_S = 10.0


def plain_segment(trainer, seconds, limit=lambda: blas.limit(1)):
    """Train with nothing else for ``seconds``: (iterations, wall s, CPU s)."""
    start, cpu, n = time.perf_counter(), time.process_time(), 0
    with limit():
        while time.perf_counter() - start < seconds:
            trainer.step()
            n += 1
    return n, time.perf_counter() - start, time.process_time() - cpu


async def dashboard_segment(dash, seconds):
    """Let the dashboard train for ``seconds``: (iterations, wall s, CPU s, redraws, stop s).

    Counted while it plays, from Play to Pause; the sharp redraw when it stops comes
    after training has stopped and is returned apart (stop s).
    """
    before, redraws = dash.run.iteration, dict(dash.redraws)
    start, cpu = time.perf_counter(), time.process_time()
    dash.play()  # goes on towards the target of the first Play, far away (see measure)
    await asyncio.sleep(seconds)
    dash.pause()
    n, wall, cpu = dash.run.iteration - before, time.perf_counter() - start, time.process_time() - cpu
    drawn = {k: dash.redraws[k] - redraws[k] for k in redraws}
    stop = time.perf_counter()
    await dash.wait()  # the task notices the pause and draws the last pictures, sharp
    return n, wall, cpu, drawn, time.perf_counter() - stop


def timed(obj, name, durations):
    """Wrap obj.name so that each call's duration is appended to ``durations``."""
    method = getattr(obj, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            durations.append(time.perf_counter() - start)

    setattr(obj, name, wrapper)


def measure(data, batch_size, args):
    dash = Dashboard(*data, batch_size=batch_size, seed=args.seed, pace=0)  # full speed
    dash.controls.iters.max = 10**9  # so that no Play ends during the measurement
    dash.set(iterations=10**9)
    trainer = Run.start(data, hidden_size=50, learning_rate=0.1, batch_size=batch_size,
                        seed=args.seed, color="C0").trainer  # fmt: skip
    curve_times = []
    timed(dash.curves, "pixels", curve_times)  # the live frame's drawing (its PNG is made in a thread)
    pairs = []

    async def main():
        for _ in range(args.pairs):
            n_d, t_d, c_d, drawn, stop = await dashboard_segment(dash, args.seconds)
            n_p, t_p, c_p = plain_segment(trainer, args.seconds)
            pairs.append({"dashboard_it_per_s": n_d / t_d, "plain_it_per_s": n_p / t_p,
                          "ratio": (n_d / t_d) / (n_p / t_p), "cpu_ratio": (n_d / c_d) / (n_p / c_p),
                          "ratio_with_stop": (n_d / (t_d + stop)) / (n_p / t_p), "stop_ms": 1000 * stop,
                          "curves_per_s": drawn["curves"] / t_d, "weights_per_s": drawn["weights"] / t_d,
                          "predictions_per_s": drawn["predictions"] / t_d})  # fmt: skip

    asyncio.run(main())
    median = {k: statistics.median(p[k] for p in pairs) for k in pairs[0]}
    n, t, _ = plain_segment(trainer, args.seconds, limit=contextlib.nullcontext)
    return {
        "batch_size": batch_size,
        **median,
        "ratios_per_pair": [round(p["ratio"], 3) for p in pairs],
        "curves_ms_median": 1000 * statistics.median(curve_times),
        "iterations_trained_by_dashboard": dash.run.iteration,
        "loop_hold": loop_hold(data, batch_size, args),
        "plain_default_blas_threads_it_per_s": n / t,
    }


def loop_hold(data, batch_size, args):
    """Gaps (ms) between the turns of a ticker task while the dashboard trains.

    The ticker yields with sleep(0), as the training task does, so it gets a turn
    after every slice of training: its gaps are how long the event loop is held,
    what a click or a slider move waits for at most before the kernel sees it.
    """
    dash = Dashboard(*data, batch_size=batch_size, seed=args.seed, pace=0)
    dash.controls.iters.max = 10**9
    gaps = []

    async def ticker():
        start = last = time.perf_counter()
        while last - start < args.seconds:
            await asyncio.sleep(0)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    async def main():
        dash.play(iterations=10**9)
        await ticker()
        dash.pause()
        await dash.wait()

    asyncio.run(main())
    gaps = np.array(gaps) * 1000
    return {"median_ms": float(np.median(gaps)), "p95_ms": float(np.percentile(gaps, 95)),
            "max_ms": float(gaps.max()), "turns": len(gaps)}  # fmt: skip


def conditions(source, n_train, args):
    return {
        "data": source,
        "n_train": n_train,
        "seconds_per_segment": args.seconds,
        "pairs": args.pairs,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "matplotlib": __import__("matplotlib").__version__,
        "ipywidgets": __import__("ipywidgets").__version__,
        "cpus": os.cpu_count(),
        "load_avg_before": os.getloadavg(),
        "front_end": "none (headless widgets; a browser adds websocket sends of the PNGs)",
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=2.0, help="seconds per segment (default 2)")
    p.add_argument("--pairs", type=int, default=8, help="dashboard/plain pairs per batch size (default 8)")
    p.add_argument("--batch-sizes", type=int, nargs="+", default=[100, 1, 1000],
                   help="batch sizes to measure; the targets apply to 100 (default 100 1 1000)")  # fmt: skip
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)

    arrays, source = load_raw(progressbar=False)
    data = (arrays["x_train"], arrays["t_train"], arrays["x_test"], arrays["t_test"])
    report = {"conditions": conditions(source, len(data[0]), args), "results": []}
    for batch_size in args.batch_sizes:
        r = measure(data, batch_size, args)
        report["results"].append(r)
        hold = r["loop_hold"]
        print(f"batch {batch_size:>4}: plain {r['plain_it_per_s']:6.0f} it/s, dashboard "
              f"{r['dashboard_it_per_s']:6.0f} it/s, ratio {r['ratio']:.3f} (pairs {r['ratios_per_pair']}; "
              f"CPU time ratio {r['cpu_ratio']:.3f}; with the stop's redraw {r['ratio_with_stop']:.3f}, "
              f"a stop {r['stop_ms']:.0f} ms); curves {r['curves_per_s']:.1f}/s at "
              f"{r['curves_ms_median']:.1f} ms, weights {r['weights_per_s']:.1f}/s, predictions "
              f"{r['predictions_per_s']:.1f}/s; loop held median {hold['median_ms']:.1f} ms, "
              f"p95 {hold['p95_ms']:.1f} ms, max {hold['max_ms']:.1f} ms; plain loop with BLAS's "
              f"default threads {r['plain_default_blas_threads_it_per_s']:.0f} it/s")  # fmt: skip

    ok = True
    headline = [r for r in report["results"] if r["batch_size"] == 100]
    if headline:
        r = headline[0]
        ok = r["ratio"] >= MIN_RATIO and r["curves_per_s"] >= MIN_REDRAWS_PER_S
        print(f"targets at batch 100: throughput ratio {r['ratio']:.3f} >= {MIN_RATIO}: "
              f"{r['ratio'] >= MIN_RATIO}; curves {r['curves_per_s']:.1f}/s >= {MIN_REDRAWS_PER_S}: "
              f"{r['curves_per_s'] >= MIN_REDRAWS_PER_S}")  # fmt: skip
    report["targets_met"] = ok
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"bench_dashboard-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"saved {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
