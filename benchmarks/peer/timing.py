# SPDX-License-Identifier: Apache-2.0
"""How the PyTorch peers time a call: warm up, size a repeat to about `seconds`, take the median."""
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
