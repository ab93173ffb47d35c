// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.UnaryFn;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps the fluent front end whole: every static op on a node has a method on {@link Node}, so a
 * user who writes {@code x.sigmoid()} never finds that only {@code Ops} has the op. Also checks
 * that the fluent methods compute what their static twins compute.
 */
class FluentFrontEndTest {
    /**
     * Static ops on a node with no fluent twin, and why. Each makes a fresh value that only takes
     * its shape from the node: {@code x.zerosLike()} or {@code x.normalLike(0, 1, 7)} would read as
     * an op on x's values, so these stay static, as in NumPy ({@code np.zeros_like(x)}).
     */
    private static final Map<String, String> NO_FLUENT_FORM = Map.of(
            "Ops.zerosLike", "a new constant shaped like x, not an op on x",
            "Ops.onesLike", "a new constant shaped like x, not an op on x",
            "Randoms.bernoulliLike", "fresh random numbers shaped like the reference, not an op on it",
            "Randoms.uniformLike", "fresh random numbers shaped like the reference, not an op on it",
            "Randoms.normalLike", "fresh random numbers shaped like the reference, not an op on it");

    /**
     * Static front ends with no fluent twins at all, and why: they are functional front ends, as
     * {@code torch.nn.functional} is. Node is at its 400-line limit, and image ops read better as
     * {@code Convolutions.conv2d(x, w, ...)} than as {@code x.conv2d(w, ...)}.
     */
    private static final Map<Class<?>, String> FUNCTIONAL_FRONT_ENDS = Map.of(
            Convolutions.class, "a functional front end for images, like torch.nn.functional's conv2d",
            Pooling.class, "a functional front end for images, like torch.nn.functional's max_pool2d");

    @Test
    void everyStaticOpOnANodeHasAFluentTwin() {
        List<String> missing = new ArrayList<>();
        Set<String> allowedAndFound = new TreeSet<>();
        for (Class<?> c : BadInputSweepTest.STATIC_FRONT_ENDS) {
            if (FUNCTIONAL_FRONT_ENDS.containsKey(c)) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                int mod = m.getModifiers();
                Class<?>[] params = m.getParameterTypes();
                if (!Modifier.isPublic(mod) || !Modifier.isStatic(mod) || params.length == 0 || params[0] != Node.class) {
                    continue;
                }
                String key = c.getSimpleName() + "." + m.getName();
                if (NO_FLUENT_FORM.containsKey(key)) {
                    allowedAndFound.add(key);
                } else if (fluentTwin(m) == null) {
                    missing.add(key + Arrays.toString(params));
                }
            }
        }
        assertEquals(List.of(), missing, "static ops on a node without a fluent method on Node of the same name "
                + "taking the remaining parameters (a reduction's keepDims is false in the fluent form)");
        assertEquals(new TreeSet<>(NO_FLUENT_FORM.keySet()), allowedAndFound,
                "the allow-list names a static op that no longer exists");
    }

    @Test
    void everyUnaryFunctionHasAFluentMethodThatAppliesIt() throws Exception {
        Node x = new Graph().input("x", 2, 3);
        List<String> missing = new ArrayList<>();
        for (UnaryFn fn : UnaryFn.values()) {
            String name = fn.name().toLowerCase(Locale.ROOT);
            try {
                Node y = (Node) Node.class.getMethod(name).invoke(x);
                assertEquals(new Unary(fn), y.op(), "x." + name + "()");
                assertEquals(List.of(x), y.inputs(), "x." + name + "()");
            } catch (NoSuchMethodException e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "UnaryFn rows without a fluent method on Node");
    }

    @Test
    void fluentMethodsComputeWhatTheirStaticTwinsCompute() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node y = g.input("y", 2, 3);
        Node idx = g.constant(Tensor.fromArray(new double[] {2, 0}, 2));
        Node labels = g.constant(Tensor.fromArray(new double[] {1, 0, 3}, 3));
        Map<String, Node[]> pairs = new LinkedHashMap<>();
        for (UnaryFn fn : UnaryFn.values()) {
            pairs.put(fn.name(), new Node[] {fluentUnary(x, fn), Ops.unary(fn, x)});
        }
        pairs.put("le", new Node[] {x.le(y), Ops.le(x, y)});
        pairs.put("ge", new Node[] {x.ge(y), Ops.ge(x, y)});
        pairs.put("eq", new Node[] {x.eq(y), Ops.eq(x, y)});
        pairs.put("where", new Node[] {x.lt(y).where(x, y), Ops.where(Ops.lt(x, y), x, y)});
        pairs.put("logsumexp", new Node[] {x.logsumexp(1), Reductions.logsumexp(x, false, 1)});
        pairs.put("slice", new Node[] {x.slice(1, 1, 3), Indexing.slice(x, 1, 1, 3)});
        pairs.put("pad", new Node[] {x.pad(0, 1, 2, 7.5), Indexing.pad(x, 0, 1, 2, 7.5)});
        pairs.put("gather", new Node[] {x.gather(idx, 1), Indexing.gather(x, idx, 1)});
        pairs.put("oneHot", new Node[] {labels.oneHot(4), Indexing.oneHot(labels, 4)});
        pairs.put("stopGradient", new Node[] {x.stopGradient(), Ops.stopGradient(x)});
        Map<Node, Tensor> feeds = Map.of(
                x, Tensor.fromRows(new double[] {-2, 0.5, 3}, new double[] {1, 2, -0.25}),
                y, Tensor.fromRows(new double[] {-2, 1, 2}, new double[] {1, 3, -1}));
        List<Node> fetches = new ArrayList<>();
        pairs.values().forEach(p -> fetches.addAll(List.of(p)));
        List<Tensor> out = OpsForwardTest.run(feeds, fetches.toArray(Node[]::new));
        int i = 0;
        for (String op : pairs.keySet()) {
            assertEquals(out.get(i + 1), out.get(i), op);
            i += 2;
        }
        // The comparisons against hand values too, so a fluent method that calls the wrong static fails.
        List<Tensor> cmp = OpsForwardTest.run(feeds, x.le(y), x.ge(y), x.eq(y));
        assertEquals(Tensor.fromRows(new double[] {1, 1, 0}, new double[] {1, 1, 0}), cmp.get(0), "le");
        assertEquals(Tensor.fromRows(new double[] {1, 0, 1}, new double[] {1, 0, 1}), cmp.get(1), "ge");
        assertEquals(Tensor.fromRows(new double[] {1, 0, 0}, new double[] {1, 0, 0}), cmp.get(2), "eq");
    }

    /** The fluent method named after {@code fn}, or a failure naming it. */
    private static Node fluentUnary(Node x, UnaryFn fn) {
        try {
            return (Node) Node.class.getMethod(fn.name().toLowerCase(Locale.ROOT)).invoke(x);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Node has no fluent " + fn.name().toLowerCase(Locale.ROOT) + "()", e);
        }
    }

    /** The public instance method of Node with the static's name that takes its remaining parameters, or null. */
    private static Method fluentTwin(Method staticOp) {
        Class<?>[] rest = Arrays.copyOfRange(staticOp.getParameterTypes(), 1, staticOp.getParameterCount());
        // Reductions take keepDims first; their fluent forms keep no axes, as NumPy's methods do by default.
        Class<?>[] withoutKeepDims = rest.length > 0 && rest[0] == boolean.class
                ? Arrays.copyOfRange(rest, 1, rest.length) : rest;
        for (Method m : Node.class.getDeclaredMethods()) {
            boolean sameName = m.getName().equals(staticOp.getName()) && Modifier.isPublic(m.getModifiers())
                    && !Modifier.isStatic(m.getModifiers()) && m.getReturnType() == Node.class;
            if (sameName && (Arrays.equals(m.getParameterTypes(), rest)
                    || Arrays.equals(m.getParameterTypes(), withoutKeepDims))) {
                return m;
            }
        }
        return null;
    }
}
