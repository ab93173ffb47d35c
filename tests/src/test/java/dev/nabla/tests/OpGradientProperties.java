// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Custom;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.Primitives;
import dev.nabla.graph.op.RandomOp.Dist;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.testkit.Domain;
import dev.nabla.testkit.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;

/**
 * The gradient of every primitive against central finite differences: one table row per op (and
 * per case worth its own row), one dynamic test per row, each drawing {@value #DEFAULT_EXAMPLES}
 * input sets (override with {@code -Dnabla.examples=N}) of shapes up to rank 3 (4 for matmul's
 * broadcast batches) from the row's domains. Smooth ops are checked to second order; ops that pass no gradient are checked to
 * declare so. The completeness tests fail when a primitive has no row.
 */
class OpGradientProperties implements WithQuickTheories {
    static final long SEED = 20_240_917L;
    static final int DEFAULT_EXAMPLES = 200;

    private static final Domain ANY = Domain.between(-3, 3);
    private static final Domain POSITIVE = Domain.positive(0.1);            // log, sqrt: [0.1, 5]
    private static final Domain OFF_ZERO = Domain.awayFrom(0.0, 1e-3);      // abs, sign, offsets that keep ties away
    private static final Gen<List<Shape>> ONE = single(0);          // one input, rank 0 to 3
    private static final Gen<List<Shape>> ONE_RANKED = single(1);   // one input, rank 1 to 3
    private static final Gen<List<Shape>> ONE_MATRIX = single(2);   // one input, rank 2 or 3

    /** One row per primitive (several for ops with distinct cases). This table is the registry. */
    static final List<GradSpec> SPECS = List.of(
            GradSpec.unary("neg", Node::neg, ANY).order(2),
            GradSpec.unary("exp", Node::exp, ANY).order(2),
            GradSpec.unary("log", Node::log, POSITIVE).order(2),
            GradSpec.unary("sin", Node::sin, ANY).order(2),
            GradSpec.unary("cos", Node::cos, ANY).order(2),
            GradSpec.unary("sqrt", Node::sqrt, POSITIVE).order(2),
            GradSpec.unary("recip", Node::recip, Domain.awayFrom(0.0, 0.2)).order(2),       // pole at 0
            GradSpec.unary("sign", x -> x.mul(unary(UnaryFn.SIGN, x)), OFF_ZERO).order(2)   // |x| through sign
                    .variant("x * sign(x)"),
            GradSpec.unary("sign", x -> unary(UnaryFn.SIGN, x), ANY).noGradient(),
            GradSpec.unary("abs", Node::abs, OFF_ZERO).order(2),                            // kink at 0
            GradSpec.unary("tanh", Node::tanh, ANY).order(2),
            GradSpec.unary("sigmoid", x -> unary(UnaryFn.SIGMOID, x), ANY).order(2),
            GradSpec.unary("atan", x -> unary(UnaryFn.ATAN, x), ANY).order(2),
            GradSpec.unary("softplus", x -> unary(UnaryFn.SOFTPLUS, x), ANY).order(2),
            GradSpec.unary("log1p", x -> unary(UnaryFn.LOG1P, x), Domain.between(-0.5, 3)).order(2),
            GradSpec.unary("expm1", x -> unary(UnaryFn.EXPM1, x), ANY).order(2),
            GradSpec.unary("erf", x -> unary(UnaryFn.ERF, x), Domain.between(-2.5, 2.5)).order(2),

            GradSpec.binary("add", Node::add, ANY, ANY).order(2),
            GradSpec.binary("mul", Node::mul, ANY, ANY).order(2),
            GradSpec.binary("div", Node::div, ANY, Domain.awayFrom(0.0, 0.2)).order(2),          // pole at 0
            // max(a, a + d) with |d| >= 1e-3: the operands never tie, the kink of max.
            GradSpec.binary("max", (a, d) -> a.maximum(a.add(d)), ANY, OFF_ZERO).order(2),
            // A tie moves both operands at once, so the derivative is 1: the even split must add up.
            GradSpec.unary("max", x -> x.maximum(x), ANY).order(2).variant("tie: max(x, x)"),
            GradSpec.binary("pow", Node::pow, Domain.between(0.5, 3), Domain.between(-2, 2)).order(2),
            GradSpec.unary("pow", x -> x.pow(3.0), ANY).order(2).variant("any base, integer exponent"),

            // Comparisons are flat: next to a differentiable path they must add nothing.
            GradSpec.binary("lt", (a, d) -> a.add(d).mul(Ops.lt(a, a.add(d))), ANY, OFF_ZERO).order(2)
                    .variant("(a + d) * lt(a, a + d)"),
            GradSpec.binary("le", (a, d) -> a.add(d).mul(Ops.le(a.add(d), a)), ANY, OFF_ZERO).order(2)
                    .variant("(a + d) * le(a + d, a)"),
            GradSpec.binary("eq", (a, d) -> a.mul(Ops.eq(a, a)).add(d.mul(Ops.eq(a, a.add(d)))), ANY, OFF_ZERO)
                    .order(2).variant("a * eq(a, a) + d * eq(a, a + d)"),
            GradSpec.binary("lt", Ops::lt, ANY, ANY).noGradient(),
            GradSpec.binary("le", Ops::le, ANY, ANY).noGradient(),
            GradSpec.binary("eq", Ops::eq, ANY, ANY).noGradient(),
            GradSpec.binary("where", SpecArgs::where, ANY, ANY).order(2),

            GradSpec.of("reduce_sum", ONE_RANKED, xs -> SpecArgs.reduce(xs.get(0), false), ANY).order(2),
            GradSpec.of("reduce_max", ONE_RANKED, xs -> SpecArgs.reduce(xs.get(0), true), ANY.distinct(1e-3)).order(2),
            // Two tied copies of each element: the even split must add up to 1.
            GradSpec.of("reduce_max", ONE_RANKED, xs -> SpecArgs.maxOverTwoCopies(xs.get(0)), ANY.distinct(1e-3))
                    .order(2).variant("ties: max over concat(x, x)"),

            GradSpec.of("reshape", ONE, xs -> SpecArgs.reshape(xs.get(0)).square(), ANY).order(2),
            GradSpec.of("permute", ONE_RANKED, xs -> SpecArgs.permute(xs.get(0)).square(), ANY).order(2),
            GradSpec.of("expand", SpecArgs.expandableShapes(), xs -> SpecArgs.expand(xs.get(0)).square(), ANY).order(2),
            GradSpec.of("slice", ONE_RANKED, xs -> SpecArgs.slice(xs.get(0)).square(), ANY).order(2),
            GradSpec.of("pad", ONE_RANKED, xs -> SpecArgs.pad(xs.get(0)).square(), ANY).order(2),
            GradSpec.of("gather", ONE_RANKED, xs -> SpecArgs.gather(xs.get(0), 0).square(), ANY).order(2)
                    .variant("axis 0"),
            GradSpec.of("gather", ONE_MATRIX, xs -> SpecArgs.gather(xs.get(0), 1).square(), ANY)
                    .order(2).variant("axis 1"),
            GradSpec.of("one_hot", ONE_RANKED, xs -> SpecArgs.oneHotProduct(xs.get(0)), ANY).order(2)
                    .variant("x * one_hot(labels)"),
            GradSpec.of("one_hot", ONE, xs -> Indexing.oneHot(xs.get(0), 4), Domain.integers(0, 3)).noGradient(),

            matmul("2-D", 2, 2, false, false),
            matmul("3-D x 3-D", 3, 3, false, false),
            matmul("3-D x 2-D", 3, 2, false, false),
            matmul("2-D x 3-D", 2, 3, false, false),
            matmul("transposed a", 0, 0, true, false),     // rank 0: drawn, 2 or 3
            matmul("transposed b", 0, 0, false, true),
            matmul("both transposed", 0, 0, true, true),
            // Ops.matmul by NumPy's rules: reshape, expand and the primitive's own forms.
            broadcastMatmul("1-D x 1-D", true, true, 0),
            broadcastMatmul("1-D x N-D", true, false, 0),
            broadcastMatmul("N-D x 1-D", false, true, 0),
            broadcastMatmul("broadcast batch, rank 3", false, false, 1),
            broadcastMatmul("broadcast batch, rank 4", false, false, 2),

            // Unfold and fold over random windows (strides, paddings, dilations, odd sizes); each is the other's VJP.
            GradSpec.of("unfold", ConvSpecArgs.images(), xs -> ConvSpecArgs.unfold(xs.get(0)), ANY).order(2),
            GradSpec.of("fold", ConvSpecArgs.images(), xs -> ConvSpecArgs.fold(xs.get(0)), ANY).order(2)
                    .variant("fold(unfold(x) * c)"),
            GradSpec.of("unfold", ConvSpecArgs.imagesAndWeights(), ConvSpecArgs::conv2d, ANY).order(2)
                    .variant("conv2d, grouped"),
            GradSpec.of("unfold", ConvSpecArgs.images(), xs -> ConvSpecArgs.pool(xs.get(0), false), ANY).order(2)
                    .variant("avgPool2d"),
            GradSpec.of("unfold", ConvSpecArgs.images(), xs -> ConvSpecArgs.pool(xs.get(0), true), ANY.distinct(1e-3))
                    .order(2).variant("maxPool2d"),
            GradSpec.of("unfold", ConvSpecArgs.imagesAndWeights(), ConvSpecArgs::conv2dPerSide, ANY).order(2)
                    .variant("conv2d, per-side or 'same' padding"),
            GradSpec.of("unfold", ConvSpecArgs.sequencesAndWeights(), ConvSpecArgs::conv1dPerSide, ANY).order(2)
                    .variant("conv1d, per-side padding"),
            GradSpec.of("unfold", ConvSpecArgs.images(), xs -> ConvSpecArgs.avgPoolUncounted(xs.get(0)), ANY).order(2)
                    .variant("avgPool2d, padding not counted"),
            GradSpec.of("unfold", ConvSpecArgs.images(), xs -> ConvSpecArgs.pool1d(xs.get(0), false), ANY).order(2)
                    .variant("avgPool1d"),
            GradSpec.of("unfold", ConvSpecArgs.images(), xs -> ConvSpecArgs.pool1d(xs.get(0), true), ANY.distinct(1e-3))
                    .order(2).variant("maxPool1d"),

            GradSpec.of("random_uniform", ONE_RANKED, xs -> SpecArgs.randomLike(Dist.UNIFORM, xs.get(0)), ANY)
                    .noGradient(),
            GradSpec.of("random_normal", ONE_RANKED, xs -> SpecArgs.randomLike(Dist.NORMAL, xs.get(0)), ANY)
                    .noGradient(),
            GradSpec.of("random_bernoulli", ONE_RANKED, xs -> SpecArgs.randomLike(Dist.BERNOULLI, xs.get(0)), ANY)
                    .noGradient(),
            GradSpec.unary("stop_gradient", Ops::stopGradient, ANY).noGradient());

    /** One test per row; each draws its examples and checks every one up to the row's order. */
    @TestFactory
    Stream<DynamicTest> vjpMatchesCentralDifferences() {
        int examples = Integer.getInteger("nabla.examples", DEFAULT_EXAMPLES);
        return SPECS.stream().map(spec -> dynamicTest(spec.label(), () ->
                qt().withFixedSeed(SEED).withExamples(examples).withShrinkCycles(100)
                        .forAll(spec.inputs())
                        .checkAssert(in -> SpecCheck.check(spec, in, SEED))));
    }

    @Test
    void everyPrimitiveHasASpec() {
        Set<String> missing = new TreeSet<>(Primitives.names());
        SPECS.forEach(s -> missing.remove(s.name()));
        assertTrue(missing.isEmpty(), () -> "primitives without a gradient spec: " + missing);
    }

    @Test
    void everySpecNamesAPrimitive() {
        Set<String> unknown = SPECS.stream().map(GradSpec::name).collect(Collectors.toCollection(TreeSet::new));
        unknown.removeAll(Primitives.names());
        assertTrue(unknown.isEmpty(), () -> "spec rows for names the catalog does not list: " + unknown);
    }

    @Test
    void theCatalogCoversEveryPermittedPrimitive() {
        Set<String> missing = new TreeSet<>();
        for (Class<?> kind : Primitive.class.getPermittedSubclasses()) {
            if (kind != Leaf.class && kind != Custom.class && !Primitives.kinds().contains(kind)) {
                missing.add(kind.getSimpleName());
            }
        }
        assertTrue(missing.isEmpty(), () -> "primitives missing from Primitives.kinds(): " + missing);
        Set<Class<?>> permitted = Set.of(Primitive.class.getPermittedSubclasses());
        assertTrue(permitted.containsAll(Primitives.kinds()), () -> "Primitives.kinds() lists a type that is not a "
                + "permitted primitive: " + Primitives.kinds());
    }

    /** stop_gradient cuts only its own path: d/dx sum(x * stop(x)) is x, not 2x. */
    @Test
    void stopGradientCutsOnlyItsOwnPath() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node dx = Grad.grad(x.mul(Ops.stopGradient(x)).sum(), x);
        Tensor at = Tensor.randomUniform(3, -2, 2, 2, 3);
        Tensor got = new Session(new ParamStore()).run(Map.of(x, at), dx).get(0);
        assertEquals(at, got);
    }

    /**
     * {@code a^0} is 1 for every {@code a}, so its derivative by {@code a} is 0, at {@code a = 0}
     * too, where {@code b a^(b-1)} is {@code 0 * inf = NaN} (PyTorch and JAX give 0); and to
     * second order, which the rule's own pow would spoil with a {@code 0 * inf} of its own. The
     * domains above keep the base at 0.5 and more, so they never meet this point.
     */
    @Test
    void powHasDerivativeZeroWhereTheExponentIsZero() {
        Graph g = new Graph();
        Node a = g.input("a", 4);
        Node b = g.input("b", 4);
        List<Node> d = Grad.grad(a.pow(b).sum(), List.of(a, b), Grad.Unused.ERROR);
        List<Node> dd = Grad.grad(d.get(0).sum(), List.of(a, b), Grad.Unused.ZERO);
        double nan = Double.NaN;
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(a, Tensor.fromArray(new double[] {0, 0, 0, nan}, 4),
                b, Tensor.fromArray(new double[] {0, 2, 1, 0}, 4)), a.pow(b), d.get(0), d.get(1), dd.get(0), dd.get(1));
        assertEquals(Tensor.fromArray(new double[] {1, 0, 0, 1}, 4), out.get(0), "a^b, with NaN^0 = 1 as IEEE says");
        assertEquals(Tensor.fromArray(new double[] {0, 0, 1, 0}, 4), out.get(1), "d/da = b a^(b-1), but 0 where b = 0");
        // d/db = a^b log a is 0 at a = 0 (the limit from the right), and NaN for a NaN base, as in PyTorch.
        assertEquals(Tensor.fromArray(new double[] {0, 0, 0, nan}, 4), out.get(2), "d/db");
        assertEquals(Tensor.fromArray(new double[] {0, 2, 0, 0}, 4), out.get(3), "d2/da2 = b (b-1) a^(b-2)");
        assertEquals(0.0, out.get(4).get(0), "d2/da db at a = 0, b = 0");
    }

    /** A matmul row: operand ranks (0 to draw 2 or 3) and transpose flags, as {@code graph.apply(new MatMul(ta, tb), ...)}. */
    private static GradSpec matmul(String variant, int rankA, int rankB, boolean transA, boolean transB) {
        return GradSpec.of("matmul", SpecArgs.matmulShapes(rankA, rankB, transA, transB),
                xs -> SpecArgs.matmul(xs, transA, transB), ANY).order(2).variant(variant);
    }

    /** A row of {@code Ops.matmul} by NumPy's rules: vectors, and batches that broadcast; see {@link SpecArgs}. */
    private static GradSpec broadcastMatmul(String variant, boolean vectorA, boolean vectorB, int batchRank) {
        return GradSpec.of("matmul", SpecArgs.broadcastMatmulShapes(vectorA, vectorB, batchRank),
                xs -> Ops.matmul(xs.get(0), xs.get(1)), ANY).order(2).variant(variant);
    }

    private static Gen<List<Shape>> single(int minRank) {
        return Shapes.ofRank(minRank, GradSpec.MAX_RANK, GradSpec.MAX_SIZE).map(s -> List.of(s));
    }

    private static Node unary(UnaryFn fn, Node x) {
        return Ops.unary(fn, x);
    }
}
