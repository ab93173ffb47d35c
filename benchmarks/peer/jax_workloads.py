#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The JAX peer of WorkloadBenchmark: the workloads of peer/workloads.py compiled with jax.jit (see
jax_models.py), in ms per call, in float64 (jax_enable_x64) and float32, on 1 and 2 threads.

Only compiled calls are timed: each workload is compiled and called a few times first, and every call
waits for its result (block_until_ready). Threads: "1 thread" runs pinned to one core (taskset) with
XLA_FLAGS='--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1' added to the caller's
XLA_FLAGS; "2 threads" runs pinned to two cores with the caller's XLA_FLAGS, XLA free to use both.
Each setting runs in fresh processes; each figure is the median over the processes (3 by default)
of the median of several repeats in each, each repeat the mean of enough calls to fill it. The JSON also keeps each workload's first call (compilation included).

Usage (benchmarks/compare runs it under a venv of its own, see there):
  VENV/bin/python benchmarks/peer/jax_workloads.py --out jax.json [--only REGEX] [--quick]
Exits with status 3 if it cannot import jax.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import run_main, seconds_per_call  # noqa: E402

NO_JAX = 3
NAMES = ("mlp_step_b32", "mlp_step_b128", "mlp_step_b1024", "conv_step", "attention_step", "tiny_chain",
         "hvp_mlp_b128", "deep_tanh", "elementwise", "matmul_n1024")
DTYPES = ("float64", "float32")
ONE_THREAD_XLA_FLAGS = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"


def selected(regex):
    return [n for n in NAMES if re.search(regex or "", n)]


def child(a):
    """Measures every selected workload in both types in this process; prints JSON."""
    try:
        import jax
    except ImportError as e:
        print(f"jax_workloads.py: cannot import jax ({e})", file=sys.stderr)
        sys.exit(NO_JAX)
    jax.config.update("jax_enable_x64", True)  # before any array exists, or float64 silently becomes float32
    from jax_models import builders
    out = {"jax": jax.__version__, "results": {}, "first_call_ms": {}}
    for dtype in DTYPES:
        build = builders(jax, dtype)
        for name in selected(a.only):
            call = build[name]()
            start = time.perf_counter()
            call()
            out["first_call_ms"][f"{name} {dtype}"] = (time.perf_counter() - start) * 1e3
            out["results"][f"{name} {dtype}"] = seconds_per_call(call, a.repeats, a.seconds, warmup=2) * 1e3
    print(json.dumps(out))


def pinned(threads):
    """The taskset prefix pinning a child to `threads` cores, or None if this process has fewer."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < threads:
        return None
    if shutil.which("taskset") is None:
        return []
    return ["taskset", "-c", ",".join(str(c) for c in cores[:threads])]


def parent(a):
    """Runs the children, thread settings interleaved, and writes the medians as JSON."""
    if not selected(a.only):
        print(f"jax_workloads.py: no JAX workload matches {a.only!r}", file=sys.stderr)
        return
    threads = [int(t) for t in a.threads.split(",")]
    runs, first = {t: [] for t in threads}, {t: [] for t in threads}
    version = None
    for p in range(a.processes):
        for t in threads:
            prefix = pinned(t)
            if prefix is None:
                print(f"# jax threads={t}: fewer cores than that; no figures", file=sys.stderr)
                continue
            env = dict(os.environ)
            if t == 1:
                # The caller's flags (compare --isa avx2 sets --xla_cpu_max_isa) stay in force.
                env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " " + ONE_THREAD_XLA_FLAGS).strip()
            cmd = prefix + [sys.executable, os.path.abspath(__file__), "--child", "--only", a.only,
                            "--repeats", str(a.repeats), "--seconds", str(a.seconds)]
            done = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if done.returncode == NO_JAX:
                print(done.stderr.strip(), file=sys.stderr)
                sys.exit(NO_JAX)
            if done.returncode != 0:
                sys.exit(f"jax_workloads.py: a child failed (threads={t}):\n{done.stderr[-4000:]}")
            data = json.loads(done.stdout)
            version = data["jax"]
            runs[t].append(data["results"])
            first[t].append(data["first_call_ms"])
            print(f"# jax threads={t} process {p + 1}/{a.processes} done ({' '.join(prefix) or 'not pinned'})",
                  file=sys.stderr, flush=True)
    results = {}
    for t, each in runs.items():
        for key in (each[0] if each else {}):
            results[f"{key} {t}"] = {"median": statistics.median(r[key] for r in each),
                                     "processes": [r[key] for r in each],
                                     "first_call_ms": [f[key] for f in first[t]]}
    with open(a.out, "w") as fh:
        json.dump({"jax": version, "processes": a.processes, "repeats": a.repeats, "seconds": a.seconds,
                   "one_thread_xla_flags": ONE_THREAD_XLA_FLAGS, "results": results}, fh, indent=1)


def main():
    run_main(__doc__, "jax.json", "thread counts, each in its own pinned processes", child, parent)


if __name__ == "__main__":
    main()
