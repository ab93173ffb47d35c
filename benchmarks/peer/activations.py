#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The PyTorch peer of ActivationBenchmark: the same work, timed the same way, in ns per element.

ReLU, sigmoid, tanh, GELU (exact erf form) and softmax over the rows of a [1000, 1000] float64
tensor; forward only, and forward plus backward: the gradient of sum(f(x) * upstream) with
respect to x, by autograd. One thread: torch.set_num_threads(1) with OPENBLAS_NUM_THREADS=1.
Each figure is the median over several processes (3 by default) of the median of several
repeats in each process, each repeat the mean of enough calls to fill about a quarter of a
second. Fresh processes matter on this machine: how much fresh (kernel-zeroed) memory malloc asks
for differs between processes, and moves the forward+backward figures by up to half.

Usage:
  /usr/bin/python3 benchmarks/peer/activations.py                  # PyTorch figures only
  /usr/bin/python3 benchmarks/peer/activations.py --nabla jmh.json # plus Nabla's, side by side
where jmh.json is the output of
  java -jar benchmarks/target/benchmarks.jar ActivationBenchmark -rf json -rff jmh.json
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import seconds_per_call  # noqa: E402

# Set before numpy or torch load OpenBLAS; a caller's setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.exit("PyTorch is not installed; as root run:\n"
             "  apt-get update && apt-get install -y python3-torch python3-numpy libopenblas0-pthread\n"
             "and use /usr/bin/python3")

SIDE = 1000
ELEMENTS = SIDE * SIDE
FUNCTIONS = {
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "gelu": lambda x: F.gelu(x),  # approximate="none": the exact erf form
    "softmax": lambda x: torch.softmax(x, dim=1),
}
MODES = ("forward", "forwardBackward")


def make_call(f, mode, x, upstream):
    if mode == "forward":
        def call():
            with torch.no_grad():
                return f(x)
        return call
    xg = x.clone().requires_grad_(True)

    def call():
        loss = (f(xg) * upstream).sum()
        (dx,) = torch.autograd.grad(loss, xg)
        return dx
    return call


def measure(call, repeats, target_seconds):
    return seconds_per_call(call, repeats, target_seconds) * 1e9 / ELEMENTS


def run_once(repeats, seconds):
    """ns/element for every function and mode, measured in this process."""
    torch.set_num_threads(1)
    torch.manual_seed(0)
    x = torch.randn(SIDE, SIDE, dtype=torch.float64)
    upstream = torch.randn(SIDE, SIDE, dtype=torch.float64)
    return {f"{name} {mode}": measure(make_call(f, mode, x, upstream), repeats, seconds)
            for name, f in FUNCTIONS.items() for mode in MODES}


def nabla_scores(path):
    """ns/element by (function, mode) from a JMH JSON result file."""
    scores = {}
    with open(path) as fh:
        for r in json.load(fh):
            if ".ActivationBenchmark." not in r["benchmark"]:
                continue
            mode = r["benchmark"].rsplit(".", 1)[1]
            scores[(r["params"]["fn"], mode)] = r["primaryMetric"]["score"]
    return scores


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=7, help="repeats per figure; the median is reported")
    p.add_argument("--seconds", type=float, default=0.25, help="length of one repeat")
    p.add_argument("--processes", type=int, default=3, help="fresh processes; the median is reported")
    p.add_argument("--nabla", help="a JMH JSON result of ActivationBenchmark, to print beside")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()

    if a.child:
        print(json.dumps(run_once(a.repeats, a.seconds)))
        return
    print(f"# torch {torch.__version__}, threads=1, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, "
          f"float64, [{SIDE}, {SIDE}], median of {a.processes} processes x {a.repeats} repeats", flush=True)
    runs = []
    for _ in range(a.processes):
        child = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", "--repeats", str(a.repeats),
                                "--seconds", str(a.seconds)], check=True, capture_output=True, text=True)
        runs.append(json.loads(child.stdout))
    torch_ns = {}
    for name in FUNCTIONS:
        for mode in MODES:
            each = [r[f"{name} {mode}"] for r in runs]
            torch_ns[(name, mode)] = statistics.median(each)
            print(f"ACTIVATION {name} {mode} dtype=float64 threads=1 torch_ns_per_elem={torch_ns[(name, mode)]:.2f}"
                  f" (processes: {' '.join(f'{v:.2f}' for v in each)})")

    if a.nabla:
        nabla = nabla_scores(a.nabla)
        print()
        print("| function | Nabla fwd | PyTorch fwd | ratio | Nabla fwd+bwd | PyTorch fwd+bwd | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in FUNCTIONS:
            cells = [name]
            for mode in MODES:
                n, t = nabla.get((name, mode)), torch_ns[(name, mode)]
                cells += [f"{n:.2f}" if n is not None else "n/a", f"{t:.2f}",
                          f"{n / t:.2f}" if n is not None else "n/a"]
            print("| " + " | ".join(cells) + " |")
        print("\n(ns per element; ratio = Nabla / PyTorch, lower is better)")


if __name__ == "__main__":
    main()
