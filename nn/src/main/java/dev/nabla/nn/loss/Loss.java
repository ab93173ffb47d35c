// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.loss;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import java.util.function.BinaryOperator;

/**
 * A training objective that sees the whole batch: the model's input, its output, the target if
 * the data has one, and the model itself to apply to other points (boundary or collocation
 * points). Derivatives with respect to the input are ordinary {@code Grad.grad} calls, so a
 * physics-informed loss is written as the equation reads. The same shape serves metrics
 * ({@code Trainer.metric}).
 *
 * <p>Usage, {@code u'' + u} at the batch's points and {@code u(0)} at a boundary point:
 * <pre>{@code
 * Loss physics = b -> {
 *     Node x = b.input(), u = b.prediction();
 *     Node ddu = Grad.grad(Grad.grad(u.sum(), x).sum(), x);
 *     return ddu.add(u).square().mean().add(b.model(b.graph().constant(Tensor.zeros(1, 1))).square().sum());
 * };
 * Loss supervised = Loss.of(Losses::mse);   // (prediction, target) losses, unchanged
 * }</pre>
 */
@FunctionalInterface
public interface Loss {
    /**
     * Builds the loss's nodes for one batch.
     *
     * @param batch what the loss may read: input, prediction, target, context and model
     * @return a scalar node
     */
    Node apply(Batch batch);

    /**
     * Adapts a {@code (prediction, target)} loss such as {@link Losses#mse}: it reads the batch's
     * prediction and target, so the data must have targets.
     *
     * <p>Usage: {@code Loss mse = Loss.of(Losses::mse);}
     *
     * @param loss {@code (prediction, target) -> scalar loss}
     * @return the loss of a batch
     * @throws dev.nabla.graph.NablaException if {@code loss} is null
     */
    static Loss of(BinaryOperator<Node> loss) {
        Arguments.requireNonNull("Loss.of", "loss", loss);
        return batch -> loss.apply(batch.prediction(), batch.target());
    }
}
