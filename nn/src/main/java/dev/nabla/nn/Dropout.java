// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Randoms;

/**
 * Inverted dropout (Srivastava et al., 2014): in training each element is zeroed with probability
 * {@code rate} and the others are scaled by {@code 1 / (1 - rate)}, so the expected value is
 * unchanged and evaluation is the identity, exactly.
 *
 * <p>The mask is a random op: drawn afresh at every run, shaped like the input (also when its
 * batch size is known only at run time), and reproducible from the session's seed and this
 * layer's seed and name. Both branches are built and the switch {@code ctx.training()} picks one
 * with {@code where}, so one graph serves training and evaluation.
 * Usage: {@code Sequential.of(Dense.of(784, 256), Activation.of("tanh", Node::tanh), Dropout.of(0.5, 42))}
 *
 * @param rate the probability of dropping an element, in [0, 1)
 * @param seed the mask's seed
 * @param name the layer's place; two dropouts placed apart draw different masks from one seed
 */
public record Dropout(double rate, long seed, String name) implements Layer {
    /** Checks the fields. */
    public Dropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new NablaException("Dropout: rate must be in [0, 1), got " + rate + "; a rate of 1 drops everything");
        }
        if (name == null || name.isBlank()) {
            throw new NablaException("Dropout: needs a non-empty name");
        }
    }

    /**
     * Inverted dropout.
     *
     * @param rate the probability of dropping an element, in [0, 1)
     * @param seed the mask's seed
     * @return the layer, named {@code dropout} until placed
     * @throws NablaException if the rate is out of range
     */
    public static Dropout of(double rate, long seed) {
        return new Dropout(rate, seed, "dropout");
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("Dropout.apply", "x", x, "ctx", ctx);
        if (rate == 0) {
            return x;
        }
        // The op seed mixes in the name, as Params.initialize does, so dropout_1 and dropout_2 differ.
        long opSeed = seed * 0x9E3779B97F4A7C15L + name.hashCode();
        Node mask = Randoms.bernoulliLike(x, 1.0 - rate, opSeed);
        // Scaling the mask first keeps the kept values at exactly x * (1 / (1 - rate)).
        Node dropped = x.mul(mask.mul(1.0 / (1.0 - rate)));
        return Ops.where(ctx.training(), dropped, x);
    }

    @Override
    public String kind() {
        return "dropout";
    }

    @Override
    public Dropout named(String newName) {
        Arguments.requireNonNull("Dropout.named", "newName", newName);
        return new Dropout(rate, seed, newName);
    }
}
