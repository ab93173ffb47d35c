// SPDX-License-Identifier: Apache-2.0
package dev.nabla.simd;

import dev.nabla.graph.kernel.Conversions;
import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.VectorMath;

/**
 * exp, tanh and sigmoid (and, for float32, erf) on the JDK's Vector API, a {@link VectorMath} that
 * {@link java.util.ServiceLoader} finds once this module is on the class path. The loops give
 * the same bits as {@link dev.nabla.graph.kernel.ScalarMath}'s scalar methods, and the float32
 * loops ({@link #floatLoop}) those of {@link dev.nabla.graph.kernel.FloatMath}'s, on float vectors
 * of twice the lanes.
 *
 * <p>The Vector API is an incubating module on Java 17 and must be added to the JVM:
 * {@code java --add-modules jdk.incubator.vector ...}. Without it the constructor throws
 * {@link IllegalStateException}, so {@link java.util.ServiceLoader} reports a
 * {@link java.util.ServiceConfigurationError} and Nabla keeps its scalar loops, with the same
 * results. This class itself names no Vector API type, so it loads either way.
 *
 * <p>Usage: {@code Elementwise.Map1 tanh = new VectorApiMath().loop("tanh");}
 */
public final class VectorApiMath implements VectorMath {
    private static final String MODULE = "jdk.incubator.vector";

    /**
     * Creates the backend.
     *
     * @throws IllegalStateException if the JVM was started without {@code --add-modules jdk.incubator.vector}
     */
    public VectorApiMath() {
        if (!available()) {
            throw new IllegalStateException("the Vector API is not in this JVM; start java with --add-modules "
                    + MODULE + " for vectorised exp, tanh and sigmoid (the scalar loops give the same results)");
        }
    }

    /**
     * Tells whether the JVM has the Vector API's module; never throws.
     *
     * @return true if {@link #VectorApiMath()} will succeed
     */
    public static boolean available() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /**
     * Names this implementation by its vector width.
     *
     * @return {@code "vector-api-"} and the vector width in bits, such as {@code "vector-api-256"}
     */
    @Override
    public String name() {
        return "vector-api-" + Lanes.bits();
    }

    /**
     * The vectorised loop of one of ScalarMath's functions.
     *
     * @param function {@code "exp"}, {@code "tanh"} or {@code "sigmoid"}
     * @return its loop, or null for any other name
     */
    @Override
    public Elementwise.Map1 loop(String function) {
        return switch (function) {
            case "exp" -> Loop.EXP;
            case "tanh" -> Loop.TANH;
            case "sigmoid" -> Loop.SIGMOID;
            default -> null;
        };
    }

    /**
     * The float32 loop of one of FloatMath's functions, on float vectors of the preferred width.
     *
     * @param function {@code "exp"}, {@code "tanh"}, {@code "sigmoid"} or {@code "erf"}
     * @return its loop, with FloatMath's bits, or null for any other name
     */
    @Override
    public Elementwise.FloatMap1 floatLoop(String function) {
        return switch (function) {
            case "exp" -> FloatLoop.EXP;
            case "tanh" -> FloatLoop.TANH;
            case "sigmoid" -> FloatLoop.SIGMOID;
            case "erf" -> FloatLoop.ERF;
            default -> null;
        };
    }

    /**
     * Gives the vectorised loop of a comparison.
     *
     * @param name {@code "lt"}, {@code "le"} or {@code "eq"}
     * @return a lane comparison and a blend, with the bits of the scalar loop; null for another name
     */
    @Override
    public Elementwise.Map2 compare(String name) {
        return Comparisons.named(name);
    }

    /**
     * Gives the vectorised loop for select.
     *
     * @return the selection loop on vectors: a blend, with the bits of the scalar loop
     */
    @Override
    public Elementwise.Map3 select() {
        return Blend.INSTANCE;
    }

    /**
     * Gives the vectorised loops that convert between float32 and float64.
     *
     * @return widening and narrowing by vector conversions, the bits of Java's casts
     */
    @Override
    public Conversions.Loops conversion() {
        return Convert.INSTANCE;
    }

    private enum Convert implements Conversions.Loops {
        INSTANCE;

        @Override
        public void widen(float[] x, int from, double[] y, int at, int n) {
            Lanes.widen(x, from, y, at, n);
        }

        @Override
        public void narrow(double[] x, int from, float[] y, int at, int n) {
            Lanes.narrow(x, from, y, at, n);
        }
    }

    private enum Blend implements Elementwise.Map3 {
        INSTANCE;

        @Override
        public void apply(double[] c, double[] a, double[] b, double[] y, int from, int to) {
            Lanes.select(c, a, b, y, from, to);
        }

        @Override
        public void apply(float[] c, float[] a, float[] b, float[] y, int from, int to) {
            Lanes.select(c, a, b, y, from, to);
        }
    }

    /** The float-native loops, each a class of its own for the reason {@link Loop} gives. */
    private enum FloatLoop implements Elementwise.FloatMap1 {
        EXP {
            @Override
            public void apply(float[] x, float[] y, int from, int to) {
                FloatLanes.exp(x, y, from, to);
            }
        },
        TANH {
            @Override
            public void apply(float[] x, float[] y, int from, int to) {
                FloatLanes.tanh(x, y, from, to);
            }
        },
        SIGMOID {
            @Override
            public void apply(float[] x, float[] y, int from, int to) {
                FloatLanes.sigmoid(x, y, from, to);
            }
        },
        ERF {
            @Override
            public void apply(float[] x, float[] y, int from, int to) {
                FloatLanes.erf(x, y, from, to);
            }
        }
    }

    /**
     * The loops, each a class of its own with both forms spelled out: a loop shared by the three
     * functions made its call site bimorphic, the JIT inlined two functions' passes into one
     * method, ran out of budget and boxed vectors (the elementwise workload at 45 ms, not 12).
     */
    private enum Loop implements Elementwise.Map1 {
        EXP {
            @Override
            public void apply(double[] x, double[] y, int from, int to) {
                Lanes.exp(x, y, from, to);
            }

            @Override
            public void apply(float[] x, float[] y, int from, int to) {
                Lanes.widened(this, x, y, from, to);
            }
        },
        TANH {
            @Override
            public void apply(double[] x, double[] y, int from, int to) {
                Lanes.tanh(x, y, from, to);
            }

            @Override
            public void apply(float[] x, float[] y, int from, int to) {
                Lanes.widened(this, x, y, from, to);
            }
        },
        SIGMOID {
            @Override
            public void apply(double[] x, double[] y, int from, int to) {
                Lanes.sigmoid(x, y, from, to);
            }

            @Override
            public void apply(float[] x, float[] y, int from, int to) {
                Lanes.widened(this, x, y, from, to);
            }
        }
    }
}
