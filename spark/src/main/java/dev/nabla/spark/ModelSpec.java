// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Layer;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Trainer;
import java.io.Serializable;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * How to build a model, its loss and its optimizer, as serializable factories: Spark ships this
 * to every executor, which rebuilds the same graph there (layers name their params by their
 * place, so every JVM builds the same names). Only the factories travel; the weights follow as
 * values each step.
 *
 * <p>Usage:
 * <pre>{@code
 * ModelSpec spec = new ModelSpec(() -> Sequential.of(Dense.of(64, 32), Activation.of("relu", Activations::relu),
 *         Dense.of(32, 10)), Losses::softmaxCrossEntropy, Optimizer::adam);
 * }</pre>
 *
 * <p>Lambdas and method references become serializable by their target type; what they capture
 * must be serializable too (numbers and strings are).
 *
 * @param model builds the model
 * @param loss {@code (prediction, target) -> scalar loss}, a mean over the batch's samples
 * @param optimizer builds the optimizer
 */
public record ModelSpec(ModelFactory model, LossFunction loss, OptimizerFactory optimizer) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Builds a model. */
    @FunctionalInterface
    public interface ModelFactory extends Supplier<Layer>, Serializable {}

    /** A loss: {@code (prediction, target) -> scalar}, the mean over the batch's samples. */
    @FunctionalInterface
    public interface LossFunction extends BinaryOperator<Node>, Serializable {}

    /** Builds an optimizer. */
    @FunctionalInterface
    public interface OptimizerFactory extends Supplier<Optimizer>, Serializable {}

    /** Checks that every factory is there. */
    public ModelSpec {
        if (model == null || loss == null || optimizer == null) {
            throw new NablaException("ModelSpec: the model, loss and optimizer factories must not be null");
        }
    }

    /**
     * Builds a fresh model from the factory.
     *
     * @return a new model from the factory, checked not to be null
     * @throws NablaException if the factory returns null
     */
    public Layer buildModel() {
        Layer m = model.get();
        if (m == null) {
            throw new NablaException("ModelSpec: the model factory returned null");
        }
        return m;
    }

    /**
     * Builds a fresh optimizer from the factory.
     *
     * @return a new optimizer from the factory, checked not to be null
     * @throws NablaException if the factory returns null
     */
    public Optimizer buildOptimizer() {
        Optimizer o = optimizer.get();
        if (o == null) {
            throw new NablaException("ModelSpec: the optimizer factory returned null");
        }
        return o;
    }

    /**
     * The same model trained on one machine, for comparison or for small data.
     *
     * <p>Usage: {@code spec.trainer(new ParamStore()).fit(train, options);}
     *
     * @param store where its weights and optimizer state live
     * @return a new single-machine trainer of a new model from this spec
     */
    public Trainer trainer(ParamStore store) {
        return new Trainer(buildModel(), loss, buildOptimizer(), store);
    }
}
