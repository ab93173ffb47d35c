// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.loss;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.CustomOp;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.List;

/**
 * Passes a loss through unchanged and refuses an empty batch. A loss averages over its samples,
 * and the mean over none is 0/0: PyTorch returns NaN there, silently. The check is a shape rule
 * because the executor calls shape rules again when a run's feeds fix a batch size known only
 * at run time; the run then stops before computing anything, naming this node and the fed shapes.
 * Inputs: the loss, then the batch whose leading size is checked. No gradient flows to the batch
 * through this node (it flows through the loss).
 *
 * @param loss the loss and its operands as built, such as {@code mse("pred" [?, 1], "y" [?, 1])}
 */
record NonEmptyBatch(String loss) implements CustomOp {
    /** What is wrong and how to fix it, after the loss's description. */
    static final String EMPTY = "the batch is empty, and a mean over no samples is 0/0 (NaN); give at least one sample";

    @Override
    public String name() {
        return "nonempty_batch";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape batch = in.get(1);
        if (batch.rank() > 0 && batch.dim(0) == 0) {
            throw new ShapeException(loss + ": " + EMPTY);
        }
        return in.get(0);
    }

    @Override
    public Tensor forward(List<Tensor> in) {
        return Tensor.scalar(in.get(0).item());
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return List.of(g, Cotangents.NONE);
    }

    /**
     * Describes a loss and its operands for error messages.
     *
     * @return {@code op("pred" [?, 3], "target" [?, 3])}: a loss with its operands' labels and shapes
     */
    static String describe(String op, Node pred, Node target) {
        return op + "(" + pred.label() + " " + pred.shape() + ", " + target.label() + " " + target.shape() + ")";
    }
}
