// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Node;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.Gemm;
import dev.nabla.graph.kernel.Parallel;
import dev.nabla.graph.storage.TensorLoops;
import java.util.List;

/**
 * Matrix product {@code op(a) · op(b)} of 2-D matrices or 3-D batches of them: {@code [m,k]·[k,n]},
 * {@code [B,m,k]·[B,k,n]}, or a batch times one shared matrix {@code [B,m,k]·[k,n]} (and the
 * mirror). The flags read an operand as transposed without copying it. {@code Ops.matmul} builds
 * {@code numpy.matmul}'s vectors and broadcast batches of any rank on these forms.
 *
 * @param transA read {@code a}'s last two axes swapped
 * @param transB read {@code b}'s last two axes swapped
 */
public record MatMul(boolean transA, boolean transB) implements Primitive {
    @Override
    public OpKind kind() {
        return OpKind.MATMUL;
    }

    @Override
    public String name() {
        return transA || transB ? "matmul" + (transA ? "_t" : "_n") + (transB ? "t" : "n") : "matmul";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape a = in.get(0);
        Shape b = in.get(1);
        if (a.rank() < 2 || a.rank() > 3 || b.rank() < 2 || b.rank() > 3) {
            throw new ShapeException("expected matrices [m,k]·[k,n] or batches [B,m,k]·[B,k,n], got ranks "
                    + a.rank() + " and " + b.rank());
        }
        int m = a.dim(transA ? -1 : -2);
        int ka = a.dim(transA ? -2 : -1);
        int kb = b.dim(transB ? -1 : -2);
        int n = b.dim(transB ? -2 : -1);
        if (ka != kb && ka != Shape.UNKNOWN && kb != Shape.UNKNOWN) {
            throw new ShapeException("inner dimensions " + ka + " and " + kb + " differ"
                    // Suggest a transpose only when one would fit: b's other axis matches ka, or a's matches kb.
                    + (n == ka || m == kb ? "; transpose an operand?" : ""));
        }
        if (a.rank() == 2 && b.rank() == 2) {
            return Shape.of(m, n);
        }
        int batch = a.rank() == 3 ? a.dim(0) : b.dim(0);
        if (a.rank() == 3 && b.rank() == 3 && a.dim(0) != b.dim(0)
                && a.dim(0) != Shape.UNKNOWN && b.dim(0) != Shape.UNKNOWN) {
            throw new ShapeException("batch sizes " + a.dim(0) + " and " + b.dim(0) + " differ");
        }
        return Shape.of(batch == Shape.UNKNOWN && b.rank() == 3 ? b.dim(0) : batch, m, n);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        Shape a = in[0].shape();
        Shape b = in[1].shape();
        Shape y = out.shape();
        int m = y.dim(-2);
        int n = y.dim(-1);
        int k = a.dim(transA ? -2 : -1);
        if (a.rank() == 3 && b.rank() == 2 && !transA) {
            // One tall product instead of a loop over the batch.
            TensorLoops.gemm(in[0], 0, false, in[1], 0, transB, out, 0, a.dim(0) * m, n, k, ctx.threads());
            return;
        }
        int batches = y.rank() == 3 ? y.dim(0) : 1;
        int aStep = a.rank() == 3 ? m * k : 0;
        int bStep = b.rank() == 3 ? k * n : 0;
        // A product's blocks follow from its shape alone, so its bits are the same on one thread or
        // many. Small products are one block, so a batch of them (a convolution's per-image ones)
        // shares out whole products; a batch of big ones does so only when the threads divide it
        // evenly, else each product's blocks are shared, so no thread runs one product more.
        int threads = ctx.threads();
        boolean perProduct = batches >= threads && (batches % threads == 0 || (long) m * n * k < Gemm.PARALLEL_FMAS);
        Parallel.forEach(perProduct ? threads : 1, batches, i -> TensorLoops.gemm(in[0], i * aStep, transA, in[1],
                i * bStep, transB, out, i * m * n, m, n, k, perProduct ? 1 : threads));
    }

    /**
     * {@code dA = g·Bᵀ, dB = Aᵀ·g}, with the transposes as flags rather than copies (and the
     * flags' own cases); a matrix shared by a whole batch sums its gradient over the batch.
     */
    @Override
    public List<Node> vjp(Node y, Node g) {
        Node a = y.input(0);
        Node b = y.input(1);
        Node da;
        Node db;
        if (!transA && !transB) {
            da = product(g, b, false, true);
            db = product(a, g, true, false);
        } else if (transA && !transB) {
            da = product(b, g, false, true);
            db = product(a, g, false, false);
        } else if (!transA) {
            da = product(g, b, false, false);
            db = product(g, a, true, false);
        } else {
            da = product(b, g, true, true);
            db = product(g, a, true, true);
        }
        return List.of(fit(da, a), fit(db, b));
    }

    private static Node product(Node p, Node q, boolean tp, boolean tq) {
        return p.graph().apply(new MatMul(tp, tq), List.of(p, q));
    }

    private static Node fit(Node d, Node x) {
        return d.shape().rank() > x.shape().rank() ? Reductions.sum(d, false, 0) : d;
    }

    @Override
    public int arity() {
        return 2;
    }
}
