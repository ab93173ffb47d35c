#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The PyTorch peer of WorkloadBenchmark: the same workloads, in ms per call, in float64 and
float32, on 1 and 2 threads.

Threads: torch.set_num_threads(1) always, with OPENBLAS_NUM_THREADS=1 for "1 thread" and
OPENBLAS_NUM_THREADS=2 for "2 threads" (the fastest setting on the 2-core test machine). OpenBLAS
reads the variable when it loads, so every setting runs in fresh processes. Each figure is the
median over several processes (3 by default) of the median of several repeats in each process,
each repeat the mean of enough calls to fill the repeat's time.

Usage:
  /usr/bin/python3 benchmarks/peer/workloads.py --out torch.json [--only REGEX] [--quick]
Exits with status 3, saying how to install PyTorch, if it cannot import torch.
"""
import json
import os
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import run_main, seconds_per_call  # noqa: E402

NO_TORCH = 3
INSTALL = ("PyTorch is not installed; as root run:\n"
           "  apt-get update && apt-get install -y python3-torch python3-numpy libopenblas0-pthread\n"
           "and use /usr/bin/python3")
NAMES = ("mlp_step_b32", "mlp_step_b128", "mlp_step_b1024", "conv_step", "attention_step", "tiny_chain", "hvp_mlp_b128", "deep_tanh",
         "elementwise", "matmul_n1024")
DTYPES = ("float64", "float32")


def builders(torch):
    """name -> (dtype -> a call doing one unit of the workload), each input drawn once."""
    nn, F = torch.nn, torch.nn.functional

    def mlp(batch, dtype):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                              nn.Linear(256, 10)).to(dtype)
        return model, torch.randn(batch, 784, dtype=dtype), torch.randint(0, 10, (batch,))

    def sgd_step(params, loss_of):
        """One SGD step at lr 0.01 on the loss `loss_of()` computes, as a call."""
        opt = torch.optim.SGD(params, lr=0.01)

        def call():
            opt.zero_grad()
            loss = loss_of()
            loss.backward()
            opt.step()
            return loss
        return call

    def mlp_step(batch):
        def build(dtype):
            model, x, y = mlp(batch, dtype)
            return sgd_step(model.parameters(), lambda: F.cross_entropy(model(x), y))
        return build

    def conv_step(dtype):
        # LeNet-style, as dev.nabla.bench.LeNet: the same shapes, batch 64 of 1x28x28 images.
        torch.manual_seed(0)
        model = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                              nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                              nn.Linear(84, 10)).to(dtype)
        x, y = torch.randn(64, 1, 28, 28, dtype=dtype), torch.randint(0, 10, (64,))
        return sgd_step(model.parameters(), lambda: F.cross_entropy(model(x), y))

    def attention_step(dtype):
        # As dev.nabla.bench.Workloads.attentionStep: one pre-norm block (norm_first), 4 heads, MLP 512 with
        # exact GELU, no dropout, batch 32 x time 64 x width 128, loss the mean square of the output.
        torch.manual_seed(0)
        block = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True).to(dtype)
        x = torch.randn(32, 64, 128, dtype=dtype)
        return sgd_step(block.parameters(), lambda: block(x).square().mean())

    def hvp(dtype):
        model, x, y = mlp(128, dtype)
        params = list(model.parameters())
        vs = [torch.randn_like(p) for p in params]

        def call():
            g = torch.autograd.grad(F.cross_entropy(model(x), y), params, create_graph=True)
            dot = sum((gi * vi).sum() for gi, vi in zip(g, vs))
            return torch.autograd.grad(dot, params)
        return call

    def tiny_chain(dtype):
        x = torch.tensor(0.3, dtype=dtype, requires_grad=True)
        steps = (lambda v: v * 0.5, lambda v: v + 0.1, torch.tanh, torch.exp)  # as Workloads.chain

        def call():
            v = x
            for i in range(1000):
                v = steps[i % 4](v)
            return v, torch.autograd.grad(v, x)[0]
        return call

    def deep_tanh(dtype):
        torch.manual_seed(0)
        layers = []
        for _ in range(50):
            layers += [nn.Linear(64, 64), nn.Tanh()]
        model = nn.Sequential(*layers).to(dtype)
        params = list(model.parameters())
        x = torch.randn(64, 64, dtype=dtype)
        return lambda: torch.autograd.grad(model(x).sum(), params)

    def elementwise(dtype):
        x = torch.randn(1_000_000, dtype=dtype)

        def call():
            with torch.no_grad():
                return torch.tanh(x) * torch.sigmoid(x) + x
        return call

    def matmul(dtype):
        a = torch.randn(1024, 1024, dtype=dtype)
        b = torch.randn(1024, 1024, dtype=dtype)
        return lambda: torch.mm(a, b)

    return {"mlp_step_b32": mlp_step(32), "mlp_step_b128": mlp_step(128), "mlp_step_b1024": mlp_step(1024),
            "conv_step": conv_step, "attention_step": attention_step, "tiny_chain": tiny_chain, "hvp_mlp_b128": hvp, "deep_tanh": deep_tanh,
            "elementwise": elementwise, "matmul_n1024": matmul}


def measure(call, repeats, seconds):
    """ms per call: the median over repeats of the mean over enough calls to fill each repeat."""
    return seconds_per_call(call, repeats, seconds, warmup=2) * 1e3


def child(a):
    """Measures every selected workload in both types in this process; prints JSON."""
    try:
        import torch
    except ImportError:
        print(INSTALL, file=sys.stderr)
        sys.exit(NO_TORCH)
    torch.set_num_threads(1)
    build = builders(torch)
    out = {"torch": torch.__version__, "results": {}}
    for name in selected(a.only):
        for dtype in DTYPES:
            out["results"][f"{name} {dtype}"] = measure(build[name](getattr(torch, dtype)), a.repeats, a.seconds)
    print(json.dumps(out))


def selected(regex):
    return [n for n in NAMES if re.search(regex or "", n)]


def parent(a):
    """Runs the children, thread settings interleaved, and writes the medians as JSON."""
    if not selected(a.only):
        print(f"workloads.py: no PyTorch workload matches {a.only!r}", file=sys.stderr)
        return
    threads = [int(t) for t in a.threads.split(",")]
    runs = {t: [] for t in threads}
    version = None
    for p in range(a.processes):
        for t in threads:
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS="1")
            cmd = [sys.executable, os.path.abspath(__file__), "--child", "--only", a.only,
                   "--repeats", str(a.repeats), "--seconds", str(a.seconds)]
            done = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if done.returncode == NO_TORCH:
                print(done.stderr.strip(), file=sys.stderr)
                sys.exit(NO_TORCH)
            if done.returncode != 0:
                sys.exit(f"workloads.py: a child failed (threads={t}):\n{done.stderr}")
            data = json.loads(done.stdout)
            version = data["torch"]
            runs[t].append(data["results"])
            print(f"# torch threads={t} process {p + 1}/{a.processes} done", file=sys.stderr, flush=True)
    results = {}
    for t, each in runs.items():
        for key in each[0]:
            values = [r[key] for r in each]
            results[f"{key} {t}"] = {"median": statistics.median(values), "processes": values}
    with open(a.out, "w") as fh:
        json.dump({"torch": version, "processes": a.processes, "repeats": a.repeats, "seconds": a.seconds,
                   "results": results}, fh, indent=1)


def main():
    run_main(__doc__, "torch.json", "OpenBLAS thread counts, each in its own processes", child, parent)


if __name__ == "__main__":
    main()
