// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.function.Function;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * How a param gets its first value: a seeded draw through commons-math3, so the same seed gives
 * the same weights. Scaled initialisers read fan-in and fan-out from a weight's shape with
 * {@link Fans#of} ({@code [in, out]}) unless told other fans with {@link #withFans}, as a
 * convolution layer does for its kernel.
 *
 * <p>Usage: {@code Param w = Param.of("W", Shape.of(784, 256), Init.he());}
 */
@FunctionalInterface
public interface Init {
    /**
     * Draws a value.
     *
     * @param shape the param's shape
     * @param rng the generator to draw from
     * @return a new tensor of that shape
     */
    Tensor sample(Shape shape, RandomGenerator rng);

    /**
     * Draws a value from a seed.
     *
     * @param shape the param's shape
     * @param seed the seed
     * @return a new tensor of that shape
     */
    default Tensor sample(Shape shape, long seed) {
        Arguments.requireNonNull("Init.sample", "shape", shape);
        return sample(shape, new Well19937c(seed));
    }

    /**
     * The same initialiser drawing as if the weight had the given fans, for weights whose shape is
     * not {@code [in, out]} (a convolution kernel); initialisers that do not scale by the fans
     * return themselves.
     *
     * @param fans the fans to scale by
     * @return the initialiser with those fans
     */
    default Init withFans(Fans fans) {
        Arguments.requireNonNull("Init.withFans", "fans", fans);
        return this;
    }

    /**
     * Initialises every element to 0.
     *
     * @return zeros
     */
    static Init zeros() {
        return constant(0.0);
    }

    /**
     * Initialises every element to one finite value.
     *
     * @param value the value
     * @return every element equal to it
     */
    static Init constant(double value) {
        if (!Double.isFinite(value)) {
            throw new NablaException("Init.constant: the value must be finite, got " + value);
        }
        return (shape, rng) -> Tensor.full(value, shape.dims());
    }

    /**
     * A slightly positive constant, the lecture's advice for ReLU biases: units start active, so
     * fewer of them die.
     *
     * @return every element 0.01
     */
    static Init slightlyPositive() {
        return constant(0.01);
    }

    /**
     * Initialises from a normal distribution with mean 0.
     *
     * @param std the standard deviation
     * @return N(0, std^2), the lecture's Gaussian initialisation
     */
    static Init normal(double std) {
        Hyperparameters.nonNegative("Init.normal", "std", std);
        return (shape, rng) -> draw(shape, () -> std * rng.nextGaussian());
    }

    /**
     * Initialises from a uniform distribution between two bounds.
     *
     * @param low lower bound
     * @param high upper bound
     * @return uniform on [low, high)
     */
    static Init uniform(double low, double high) {
        if (!(low <= high) || Double.isInfinite(high - low)) {
            throw new NablaException("Init.uniform: needs finite low <= high, got " + low + " and " + high);
        }
        return (shape, rng) -> draw(shape, () -> low + (high - low) * rng.nextDouble());
    }

    /**
     * Initialises from a normal distribution scaled by fan-in and fan-out (Xavier).
     *
     * @return Glorot and Bengio (2010): N(0, 2 / (fan_in + fan_out))
     */
    static Init xavierNormal() {
        return byFans(fans -> normal(Math.sqrt(2.0 / (fans.in() + fans.out()))));
    }

    /**
     * Initialises from a uniform distribution scaled by fan-in and fan-out (Xavier).
     *
     * @return Glorot and Bengio (2010): U(-a, a) with a = sqrt(6 / (fan_in + fan_out))
     */
    static Init xavierUniform() {
        return byFans(fans -> {
            double a = Math.sqrt(6.0 / (fans.in() + fans.out()));
            return uniform(-a, a);
        });
    }

    /**
     * Initialises from a normal distribution scaled by fan-in, for ReLU layers (He).
     *
     * @return He et al. (2015), for ReLU: N(0, 2 / fan_in)
     */
    static Init he() {
        return byFans(fans -> normal(Math.sqrt(2.0 / fans.in())));
    }

    /**
     * Initialises from a uniform distribution scaled by fan-in, for ReLU layers (He).
     *
     * @return He et al. (2015), for ReLU: U(-a, a) with a = sqrt(6 / fan_in)
     */
    static Init heUniform() {
        return byFans(fans -> {
            double a = Math.sqrt(6.0 / fans.in());
            return uniform(-a, a);
        });
    }

    /**
     * Initialises from a normal distribution scaled by fan-in, for SELU layers (LeCun).
     *
     * @return LeCun et al. (1998), for SELU (Klambauer et al. 2017): N(0, 1 / fan_in)
     */
    static Init lecunNormal() {
        return byFans(fans -> normal(Math.sqrt(1.0 / fans.in())));
    }

    /** An initialiser that picks its law from the fans: the weight's own ({@link Fans#of}) unless told others. */
    private static Init byFans(Function<Fans, Init> lawFor) {
        return new Init() {
            @Override
            public Tensor sample(Shape shape, RandomGenerator rng) {
                Arguments.requireNonNulls("Init.sample", "shape", shape, "rng", rng);
                return lawFor.apply(Fans.of(shape)).sample(shape, rng);
            }

            @Override
            public Init withFans(Fans fans) {
                Arguments.requireNonNull("Init.withFans", "fans", fans);
                return lawFor.apply(fans);
            }
        };
    }

    private static Tensor draw(Shape shape, java.util.function.DoubleSupplier next) {
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = next.getAsDouble();
        }
        return Tensor.of(shape, v);
    }
}
