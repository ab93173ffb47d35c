# SPDX-License-Identifier: Apache-2.0
"""How the peers (PyTorch, JAX) time a call, and the command line their runners share."""
import argparse
import statistics
import time


def seconds_per_call(call, repeats, seconds, warmup=3):
    """The median over `repeats` of the mean time of enough calls to fill `seconds` each."""
    for _ in range(warmup):
        call()
    start = time.perf_counter()
    call()
    once = time.perf_counter() - start
    calls = max(1, int(seconds / max(once, 1e-9)))
    per_call = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        per_call.append((time.perf_counter() - start) / calls)
    return statistics.median(per_call)


def run_main(description, out, threads_help, child, parent):
    """Parses the runners' shared options and runs `child(a)` in a worker process or `parent(a)` otherwise."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=out, help="where to write the medians")
    p.add_argument("--only", default="", help="a regular expression over workload names")
    p.add_argument("--threads", default="1,2", help=threads_help)
    p.add_argument("--processes", type=int, default=3, help="fresh processes per thread count; the median is reported")
    p.add_argument("--repeats", type=int, default=5, help="repeats per figure in a process; the median is kept")
    p.add_argument("--seconds", type=float, default=0.2, help="length of one repeat")
    p.add_argument("--quick", action="store_true", help="one process, 3 repeats of 0.1 s: a smoke check")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.quick:
        a.processes, a.repeats, a.seconds = 1, 3, 0.1
    if a.child:
        child(a)
    else:
        parent(a)
