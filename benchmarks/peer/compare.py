#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The table of workloads behind benchmarks/compare, and the report that joins Nabla's JMH results
with PyTorch's (from workloads.py) and JAX's (from jax_workloads.py) into one line per workload,
element type and thread count:

  WORKLOAD dtype=float64 threads=1 nabla_ms=4.10 torch_ms=5.77 ratio=0.71 jax_ms=3.02 ratio_jax=1.36

Needs no torch and no numpy: plain Python 3.

Usage (benchmarks/compare calls both):
  compare.py select REGEX     # JMH arguments for the selected workloads, one per line
  compare.py report --nabla jmh.json [--torch torch.json] [--jax jax.json] [--growth growth.txt]
                    [--jmh-log jmh.log]
                    [--only REGEX]
"""
import argparse
import json
import math
import re
import statistics
import sys

# name -> (JMH method of WorkloadBenchmark, JMH params that pick it out); None: not a JMH workload.
WORKLOADS = {
    "mlp_step_b32": ("mlpStep", {"batch": "32"}),
    "mlp_step_b128": ("mlpStep", {"batch": "128"}),
    "mlp_step_b1024": ("mlpStep", {"batch": "1024"}),
    "conv_step": ("convStep", {"images": "64"}),
    "attention_step": ("attentionStep", {}),
    "tiny_chain": ("tinyChain", {}),
    "hvp_mlp_b128": ("hvpMlp", {}),
    "deep_tanh": ("deepTanh", {}),
    "elementwise": ("elementwise", {}),
    "matmul_n1024": ("matmul", {"n": "1024"}),
    "compile_10k": ("compile10k", {}),
    "grad_growth_mlp10": None,  # a node count, printed by dev.nabla.bench.GradGrowth
}
NABLA_ONLY = {"compile_10k", "grad_growth_mlp10"}
DTYPES = ("float64", "float32")
THREADS = ("1", "2")
MATMUL_N = 1024
JMH_CLASS = "dev.nabla.bench.WorkloadBenchmark"


def selected(regex):
    names = [n for n in WORKLOADS if re.search(regex or "", n)]
    if not names:
        sys.exit(f"compare: no workload matches {regex!r}; the workloads are: {' '.join(WORKLOADS)}")
    return names


def jmh_args(regex):
    """The JMH include patterns and -p options that run exactly the selected workloads."""
    methods, params = [], {}
    for name in selected(regex):
        if WORKLOADS[name] is None:
            continue
        method, ps = WORKLOADS[name]
        if method not in methods:
            methods.append(method)
        for k, v in ps.items():
            params.setdefault(k, []).append(v)
    if not methods:
        return []
    args = [re.escape(JMH_CLASS) + r"\.(" + "|".join(methods) + r")$"]
    for k, vs in params.items():
        args += ["-p", f"{k}={','.join(vs)}"]
    return args


def nabla_results(path):
    """ms per call by (workload, dtype, threads): the median over all measurement iterations."""
    out = {}
    try:
        with open(path) as fh:
            runs = json.load(fh)
    except (OSError, ValueError):
        return out
    for r in runs:
        method = r["benchmark"].rsplit(".", 1)[1]
        params = r.get("params", {})
        for name, spec in WORKLOADS.items():
            if spec and spec[0] == method and all(params.get(k) == v for k, v in spec[1].items()):
                values = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
                out[(name, params["dtype"], params["threads"])] = statistics.median(values)
    return out


def peer_results(path):
    """ms per call by (workload, dtype, threads) from the JSON of workloads.py or jax_workloads.py."""
    if not path:
        return {}
    try:
        with open(path) as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return {tuple(k.split()): v["median"] for k, v in data["results"].items()}


def fmt(v, fixed_from=1.0):
    """Two decimals from fixed_from up, three significant digits below (0.0123); NA for no figure."""
    if v is None or not math.isfinite(v):
        return "NA"
    if v >= fixed_from or v == 0:
        return f"{v:.2f}"
    return f"{v:.{2 - math.floor(math.log10(abs(v)))}f}"


def fmt_ratio(v):
    return fmt(v, 0.1)


def ratio(a, b):
    return a / b if a is not None and b else None


def report(a):
    names = selected(a.only)
    nabla, torch, jax = nabla_results(a.nabla), peer_results(a.torch), peer_results(a.jax)
    lines = []
    for name in names:
        if WORKLOADS[name] is None:
            continue
        for dtype in DTYPES:
            for t in THREADS:
                n = nabla.get((name, dtype, t))
                m = None if name in NABLA_ONLY else torch.get((name, dtype, t))
                j = None if name in NABLA_ONLY else jax.get((name, dtype, t))
                lines.append(f"{name} dtype={dtype} threads={t} nabla_ms={fmt(n)} torch_ms={fmt(m)} "
                             f"ratio={fmt_ratio(ratio(n, m))} jax_ms={fmt(j)} ratio_jax={fmt_ratio(ratio(n, j))}")
    combos = [(dtype, t) for dtype in DTYPES for t in THREADS]
    mm = f"matmul_n{MATMUL_N}"
    if mm in names:
        for dtype, t in combos:
            gflops = [None if ms is None else 2.0 * MATMUL_N ** 3 / (ms * 1e-3) / 1e9
                      for ms in (nabla.get((mm, dtype, t)), torch.get((mm, dtype, t)), jax.get((mm, dtype, t)))]
            lines.append(f"{mm}_gflops dtype={dtype} threads={t} nabla_gflops={fmt(gflops[0])} "
                         f"torch_gflops={fmt(gflops[1])} ratio={fmt_ratio(ratio(gflops[0], gflops[1]))} "
                         f"jax_gflops={fmt(gflops[2])} ratio_jax={fmt_ratio(ratio(gflops[0], gflops[2]))}")
    if "hvp_mlp_b128" in names and "mlp_step_b128" in names:
        for dtype, t in combos:
            h, s = nabla.get(("hvp_mlp_b128", dtype, t)), nabla.get(("mlp_step_b128", dtype, t))
            lines.append(f"hvp_vs_step_b128 dtype={dtype} threads={t} hvp_ms={fmt(h)} step_ms={fmt(s)} "
                         f"ratio={fmt_ratio(ratio(h, s))}")
    if "compile_10k" in names:
        # The cold first compile and how long the JIT took to settle, printed by the benchmark's setup.
        try:
            with open(a.jmh_log) as fh:
                # JMH prints the setup's line after the first warm-up iteration's label.
                lines += [ln[ln.index("compile_10k_warmup "):].strip() for ln in fh if "compile_10k_warmup " in ln]
        except (OSError, TypeError):
            lines.append("compile_10k_warmup first_ms=NA calls=NA seconds=NA settled=NA")
    if "grad_growth_mlp10" in names:
        try:
            with open(a.growth) as fh:
                lines += [ln.strip() for ln in fh if ln.startswith("grad_growth_mlp10 ")]
        except (OSError, TypeError):
            lines.append("grad_growth_mlp10 nodes_forward=NA nodes_added=NA ratio=NA")
    print("\n".join(lines))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select", help="print the JMH arguments for the workloads matching REGEX")
    s.add_argument("regex", nargs="?", default="")
    s.add_argument("--names", action="store_true", help="print the selected names instead")
    r = sub.add_parser("report", help="print one line per workload, dtype and thread count")
    r.add_argument("--nabla", required=True, help="JMH JSON of WorkloadBenchmark")
    r.add_argument("--torch", help="JSON written by workloads.py")
    r.add_argument("--jax", help="JSON written by jax_workloads.py")
    r.add_argument("--growth", help="the output of dev.nabla.bench.GradGrowth")
    r.add_argument("--jmh-log", help="JMH's log, for the compile benchmark's warm-up lines")
    r.add_argument("--only", default="", help="a regular expression over workload names")
    a = p.parse_args()
    if a.cmd == "select":
        print("\n".join(selected(a.regex) if a.names else jmh_args(a.regex)))
    else:
        report(a)


if __name__ == "__main__":
    main()
