# SPDX-License-Identifier: Apache-2.0
"""The workloads of WorkloadBenchmark written for JAX: pure functions compiled with jax.jit, with the
shapes and the math of peer/workloads.py (PyTorch) and dev.nabla.bench.Workloads.

builders(jax, dtype) maps each name to a function that draws the inputs once, compiles, and returns a
call doing one unit of work on the compiled function (it blocks until the result is ready). The
training steps are SGD written functionally: the step returns the new params, which feed the next call,
so the work per call is the work of one step in place. Params are drawn as PyTorch's default init
draws them (uniform in +-1/sqrt(fan_in)), by numpy, not bit for bit the same numbers.
"""
import math

import numpy as np

LR = 0.01


def builders(jax, dtype):
    """name -> (() -> call), for one element type; the caller enables x64 before asking for float64."""
    jnp, lax = jax.numpy, jax.lax
    rng = np.random.default_rng(0)

    def arr(a):
        return jnp.asarray(np.asarray(a, dtype=dtype))

    def linear(fan_in, fan_out):
        bound = 1.0 / math.sqrt(fan_in)
        return (arr(rng.uniform(-bound, bound, (fan_in, fan_out))), arr(rng.uniform(-bound, bound, fan_out)))

    def conv(c_in, c_out, k):
        bound = 1.0 / math.sqrt(c_in * k * k)
        return (arr(rng.uniform(-bound, bound, (c_out, c_in, k, k))), arr(rng.uniform(-bound, bound, c_out)))

    def cross_entropy(logits, labels):
        """Mean softmax cross-entropy on integer labels, as F.cross_entropy."""
        picked = jnp.take_along_axis(logits, labels[:, None], axis=1)[:, 0]
        return jnp.mean(jax.nn.logsumexp(logits, axis=1) - picked)

    def sgd_step(loss_fn, params, *data):
        """A call running one jitted SGD step: (params, data) -> (new params, loss); the params it returns
        feed the next call, and their old buffers are donated to the new ones, as an in-place update."""
        def step(p, *d):
            loss, g = jax.value_and_grad(loss_fn)(p, *d)
            return jax.tree_util.tree_map(lambda w, gw: w - LR * gw, p, g), loss
        compiled = jax.jit(step, donate_argnums=0)
        state = [params]

        def call():
            state[0], loss = compiled(state[0], *data)
            return jax.block_until_ready(loss)
        return call

    def mlp_params():
        return [linear(784, 256), linear(256, 256), linear(256, 10)]

    def mlp_logits(params, x):
        h = x
        for i, (w, b) in enumerate(params):
            h = h @ w + b
            if i < len(params) - 1:
                h = jax.nn.relu(h)
        return h

    def mlp_loss(params, x, y):
        return cross_entropy(mlp_logits(params, x), y)

    def mlp_data(batch):
        return arr(rng.standard_normal((batch, 784))), jnp.asarray(rng.integers(0, 10, batch))

    def mlp_step(batch):
        def build():
            params = mlp_params()
            return sgd_step(mlp_loss, params, *mlp_data(batch))
        return build

    def conv_step():
        # LeNet-style, as dev.nabla.bench.LeNet and the PyTorch peer: batch 64 of 1x28x28 images, NCHW.
        params = {"c1": conv(1, 6, 5), "c2": conv(6, 16, 5), "dense": [linear(256, 120), linear(120, 84),
                                                                        linear(84, 10)]}
        x, y = arr(rng.standard_normal((64, 1, 28, 28))), jnp.asarray(rng.integers(0, 10, 64))

        def conv_relu_pool(h, wb):
            w, b = wb
            h = lax.conv_general_dilated(h, w, (1, 1), "VALID", dimension_numbers=("NCHW", "OIHW", "NCHW"))
            h = jax.nn.relu(h + b[None, :, None, None])
            return lax.reduce_window(h, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")

        def loss(p, x, y):
            h = conv_relu_pool(conv_relu_pool(x, p["c1"]), p["c2"])
            return cross_entropy(mlp_logits(p["dense"], h.reshape(h.shape[0], -1)), y)
        return sgd_step(loss, params, x, y)

    def attention_step():
        # As Workloads.attentionStep and nn.TransformerEncoderLayer(128, 4, 512, dropout=0, gelu,
        # batch_first, norm_first): x + attn(ln1(x)), then h + mlp(ln2(h)); loss mean(out^2).
        width, heads, hidden = 128, 4, 512

        def norm():  # fresh arrays for each norm: a donated buffer may appear only once
            return arr(np.ones(width)), arr(np.zeros(width))
        params = {"ln1": norm(), "ln2": norm(), "qkv": linear(width, 3 * width),
                  "out": linear(width, width), "up": linear(width, hidden), "down": linear(hidden, width)}
        x = arr(rng.standard_normal((32, 64, width)))

        def layer_norm(h, gb):
            mean = h.mean(-1, keepdims=True)
            var = ((h - mean) ** 2).mean(-1, keepdims=True)
            return (h - mean) / jnp.sqrt(var + 1e-5) * gb[0] + gb[1]

        def dense(h, wb):
            return h @ wb[0] + wb[1]

        def gelu(z):
            # The exact form PyTorch and Nabla compute; jax.nn.gelu(approximate=False) goes through erfc
            # and took 3x as long here (same math, slower code: not the peer's best).
            return 0.5 * z * (1.0 + lax.erf(z / math.sqrt(2.0)))

        def attention(h, p, n, t):
            q, k, v = jnp.split(dense(h, p["qkv"]), 3, axis=-1)
            q, k, v = (z.reshape(n, t, heads, width // heads).transpose(0, 2, 1, 3) for z in (q, k, v))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(width // heads)
            o = (jax.nn.softmax(scores, axis=-1) @ v).transpose(0, 2, 1, 3).reshape(n * t, width)
            return dense(o, p["out"])

        def loss(p, x):
            # Tokens as rows of one [n*t, width] matrix: XLA's CPU products of a 3-d by a 2-d operand
            # took 2-3x as long (measured), so the peer gets the form it runs best; the math is the same.
            n, t, _ = x.shape
            x = x.reshape(n * t, width)
            h = x + attention(layer_norm(x, p["ln1"]), p, n, t)
            out = h + dense(gelu(dense(layer_norm(h, p["ln2"]), p["up"])), p["down"])
            return jnp.mean(out ** 2)
        return sgd_step(loss, params, x)

    def hvp():
        # Reverse over reverse, as the PyTorch peer: the gradient of sum(g . v) by the params.
        params = mlp_params()
        x, y = mlp_data(128)
        vs = jax.tree_util.tree_map(lambda p: arr(rng.standard_normal(p.shape)), params)

        def hv(p, v, x, y):
            g = jax.grad(mlp_loss)(p, x, y)
            return sum(jnp.vdot(gi, vi) for gi, vi in zip(jax.tree_util.tree_leaves(g), jax.tree_util.tree_leaves(v)))
        compiled = jax.jit(jax.grad(hv))
        return lambda: jax.block_until_ready(compiled(params, vs, x, y))

    def tiny_chain():
        steps = (lambda v: v * 0.5, lambda v: v + 0.1, jnp.tanh, jnp.exp)  # as Workloads.chain

        def chain(x):
            v = x
            for i in range(1000):
                v = steps[i % 4](v)
            return v
        compiled = jax.jit(jax.value_and_grad(chain))
        x = arr(0.3)
        return lambda: jax.block_until_ready(compiled(x))

    def deep_tanh():
        params = [linear(64, 64) for _ in range(50)]
        x = arr(rng.standard_normal((64, 64)))

        def out_sum(p, x):
            h = x
            for w, b in p:
                h = jnp.tanh(h @ w + b)
            return h.sum()
        compiled = jax.jit(jax.grad(out_sum))
        return lambda: jax.block_until_ready(compiled(params, x))

    def elementwise():
        x = arr(rng.standard_normal(1_000_000))
        compiled = jax.jit(lambda x: jnp.tanh(x) * jax.nn.sigmoid(x) + x)
        return lambda: jax.block_until_ready(compiled(x))

    def matmul():
        a, b = arr(rng.standard_normal((1024, 1024))), arr(rng.standard_normal((1024, 1024)))
        compiled = jax.jit(jnp.matmul)
        return lambda: jax.block_until_ready(compiled(a, b))

    return {"mlp_step_b32": mlp_step(32), "mlp_step_b128": mlp_step(128), "mlp_step_b1024": mlp_step(1024),
            "conv_step": conv_step, "attention_step": attention_step, "tiny_chain": tiny_chain,
            "hvp_mlp_b128": hvp, "deep_tanh": deep_tanh, "elementwise": elementwise, "matmul_n1024": matmul}
