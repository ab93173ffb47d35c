// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.BadInputTest.says;
import static dev.nabla.graph.BadInputTest.site;
import static dev.nabla.graph.BadInputTest.thrown;
import static dev.nabla.graph.BadInputTest.thrownHere;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The bad-input catalog, part 3: what can only go wrong when a plan runs (feeds, param values,
 * updates, index values, batch sizes), and custom ops that break their own contract.
 */
class BadInputRunTest {
    /** A custom op whose shape rule and kernel are given as functions, so each test can break one. */
    record Op(String name, Function<List<Shape>, Shape> rule, Function<List<Tensor>, Tensor> kernel) implements CustomOp {
        @Override
        public Shape outShape(List<Shape> in) {
            return rule.apply(in);
        }

        @Override
        public Tensor forward(List<Tensor> in) {
            return kernel.apply(in);
        }
    }

    private static Session session() {
        return new Session(new ParamStore().put("w", Tensor.ones(3, 1)));
    }

    // Feeds.

    @Test
    void aMissingInputListsTheNeededInputs() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node z = g.input("z", Shape.UNKNOWN, 3);
        Node y = x.add(z);
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(Map.of(x, Tensor.ones(2, 3)), y));
        says(e, "run: input \"z\" [?, 3] needs a feed; this plan's inputs are \"x\", \"z\"");
        e = thrown(EvaluationException.class, () -> session().run(Map.of(), y));
        says(e, "run: input \"x\" [?, 3] needs a feed; this plan's inputs are \"x\", \"z\"");
    }

    @Test
    void aFeedWithTheWrongShape() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node y = x.exp();
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(Map.of(x, Tensor.ones(2, 4)), y));
        says(e, "run: input \"x\" expects [?, 3] but the feed has shape [2, 4]");
        e = thrown(EvaluationException.class, () -> session().run(Map.of(x, Tensor.ones(3)), y));
        says(e, "run: input \"x\" expects [?, 3] but the feed has shape [3]");
    }

    @Test
    void aFeedForANodeThatIsNotAnInput() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node w = g.param("w", 3, 1);
        Node y = x.matmul(w);
        String built = site(-1);
        Map<Node, Tensor> feeds = Map.of(x, Tensor.ones(2, 3), w, Tensor.ones(3, 1));
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(feeds, y));
        says(e, "run: the feed for %" + w.id() + " \"w\" = param [3, 1]", "is not for an input");
        Map<Node, Tensor> feedsY = Map.of(x, Tensor.ones(2, 3), y, Tensor.ones(2, 1));
        e = thrown(EvaluationException.class, () -> session().run(feedsY, y));
        says(e, "run: the feed for %" + y.id() + " = matmul(\"x\", \"w\") [2, 1] (built at " + built + ") is not for an input");
    }

    @Test
    void aFeedForANodeOfAnotherGraph() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Node other = new Graph().input("x", 2);
        Map<Node, Tensor> feeds = Map.of(x, Tensor.ones(2), other, Tensor.ones(2));
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(feeds, x.exp()));
        says(e, "run: the feed for %" + other.id() + " \"x\" = input [2] is for a node of another graph");
    }

    @Test
    void nullFeedsAndNullFeedValues() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Node y = x.exp();
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(null, y));
        says(e, "run: feeds is null; pass Map.of() when the plan needs no input");
        Map<Node, Tensor> nullValue = new HashMap<>();
        nullValue.put(x, null);
        e = thrown(EvaluationException.class, () -> session().run(nullValue, y));
        says(e, "run: the feed for input \"x\" is null");
        Map<Node, Tensor> nullKey = new HashMap<>();
        nullKey.put(null, Tensor.ones(2));
        e = thrown(EvaluationException.class, () -> session().compile(y).run(nullKey));
        says(e, "run: a feed has a null node");
    }

    // Params.

    @Test
    void aParamMissingFromTheStore() {
        Graph g = new Graph();
        Node v = g.param("v", 2, 2);
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(Map.of(), v.exp()));
        says(e, "param \"v\" [2, 2] has no value in the session's store; put one with store.put(\"v\", tensor)");
    }

    /** Named by place, a param is a layer's weight; named under another param of the graph, state kept for it. */
    @Test
    void aMissingParamsMessageNamesTheFixItsNameSuggests() {
        Graph g = new Graph();
        Node w = g.param("dense_1/W", 2, 2);
        Node t = g.param("dense_1/W/adam_t");
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(Map.of(), w.exp()));
        says(e, "param \"dense_1/W\" [2, 2] has no value in the session's store; if it is a layer's weight, initialise"
                + " the model with Params.initialize(model, store, seed); else put one with store.put(\"dense_1/W\", tensor)");
        e = thrown(EvaluationException.class, () -> session().run(Map.of(), t.add(1.0)));
        says(e, "param \"dense_1/W/adam_t\" [] has no value in the session's store; it is state kept for param"
                + " \"dense_1/W\" (an optimizer's moments or step count), so initialise the optimizer with"
                + " optimizer.initialize(params, store), or put one with store.put(\"dense_1/W/adam_t\", tensor)");
    }

    @Test
    void aParamWithAWrongShapedValue() {
        Graph g = new Graph();
        Node w = g.param("w", 1, 3);
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(Map.of(), w.exp()));
        says(e, "param \"w\" is declared [1, 3] but the store holds a value of shape [3, 1]");
    }

    // Updates.

    @Test
    void anUpdateWhoseTargetIsNotAParam() {
        Graph g = new Graph();
        Node x = g.input("x", 3, 1);
        Node w = g.param("w", 3, 1);
        Node y = x.add(w);
        NablaException e = thrown(NablaException.class, () -> session().compile(List.of(y), Map.of(x, y)));
        says(e, "compile: update target %" + x.id() + " \"x\" = input [3, 1] is not a param; only params are updated");
        e = thrown(NablaException.class, () -> session().compile(List.of(y), Map.of(y.exp(), y)));
        says(e, "compile: update target %", " = exp(%" + y.id() + ") [3, 1] is not a param");
    }

    @Test
    void anUpdateOfTheWrongShape() {
        Graph g = new Graph();
        Node w = g.param("w", 3, 1);
        Node wrong = w.transpose();
        ShapeException e = thrown(ShapeException.class, () -> session().compile(List.of(w), Map.of(w, wrong)));
        says(e, "compile: param \"w\" [3, 1] cannot take the value of %" + wrong.id() + " [1, 3]; shapes differ");
        Node other = new Graph().param("w", 3, 1);
        NablaException n = thrown(NablaException.class, () -> session().compile(List.of(), Map.of(w, other)));
        says(n, "compile: the update of param \"w\" is a node of another graph");
    }

    @Test
    void anUpdateWhoseShapeOnlyAFeedReveals() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 1);
        Node w = g.param("w", 3, 1);
        Plan step = session().compile(List.of(), Map.of(w, x.exp()));
        EvaluationException e = thrown(EvaluationException.class, () -> step.run(Map.of(x, Tensor.ones(4, 1))));
        says(e, "the update of param \"w\" [3, 1] has shape [4, 1] for these feeds");
    }

    @Test
    void nullFetchesAndUpdates() {
        Graph g = new Graph();
        Node w = g.param("w", 3, 1);
        Map<Node, Node> nullValue = new HashMap<>();
        nullValue.put(w, null);
        NablaException e = thrown(NablaException.class, () -> session().compile(List.of(w), nullValue));
        says(e, "compile: fetches and updates must not be or contain null");
        e = thrown(NablaException.class, () -> session().compile(List.of(w), null));
        says(e, "compile: fetches and updates must not be or contain null");
        e = thrown(NablaException.class, () -> session().compile(null, Map.of()));
        says(e, "compile: fetches and updates must not be or contain null");
        e = thrown(NablaException.class, () -> session().compile());
        says(e, "compile: nothing to fetch or update");
        e = thrown(NablaException.class, () -> new Session(null));
        says(e, "Session: the param store is null");
    }

    // Index values that only a run sees.

    @Test
    void gatherWithAnOutOfRangeOrNonIntegerIndex() {
        Graph g = new Graph();
        Node x = g.param("x", 3, 2);
        Node idx = g.input("idx", 2);
        Node picked = Indexing.gather(x, idx, 0);
        String built = site(-1);
        Session s = new Session(new ParamStore().put("x", Tensor.ones(3, 2)));
        for (double bad : new double[] {3, -1, 1.5, Double.NaN}) {
            Map<Node, Tensor> feeds = Map.of(idx, Tensor.fromArray(new double[] {0, bad}));
            EvaluationException e = thrown(EvaluationException.class, () -> s.run(feeds, picked));
            says(e, "%" + picked.id() + " = gather(\"x\", \"idx\") [2, 2] (built at " + built + "): gather: index " + bad
                    + " is not an integer in [0, 3)");
        }
    }

    @Test
    void oneHotWithAnOutOfRangeOrNonIntegerLabel() {
        Graph g = new Graph();
        Node labels = g.input("labels", Shape.UNKNOWN);
        Node codes = Indexing.oneHot(labels, 3).named("codes");
        String built = site(-1);
        for (double bad : new double[] {3, -2, 0.5}) {
            Map<Node, Tensor> feeds = Map.of(labels, Tensor.fromArray(new double[] {1, bad}));
            EvaluationException e = thrown(EvaluationException.class, () -> session().run(feeds, codes));
            says(e, "%" + codes.id() + " \"codes\" = one_hot(\"labels\") [?, 3] (built at " + built + "): one_hot: index "
                    + bad + " is not an integer in [0, 3)");
        }
    }

    // Batch sizes that only a run fixes.

    @Test
    void twoUnknownBatchesOfDifferentSizesIntoAnAdd() {
        Graph g = new Graph();
        Node a = g.input("a", Shape.UNKNOWN, 3);
        Node b = g.input("b", Shape.UNKNOWN, 3);
        Node sum = a.add(b);
        String built = site(-1);
        Map<Node, Tensor> feeds = Map.of(a, Tensor.ones(4, 3), b, Tensor.ones(5, 3));
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(feeds, sum));
        says(e, "%" + sum.id() + " = add(\"a\", \"b\") [?, 3] (built at " + built + "): with the fed shapes [[4, 3], [5, 3]]: "
                + "operands must have equal shapes, got [4, 3] and [5, 3]");
    }

    // Custom ops that break their contract.

    @Test
    void aCustomShapeRuleThatThrowsOrReturnsNull() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Op npe = new Op("npe_rule", in -> { throw new NullPointerException("oops"); }, in -> in.get(0));
        NablaException e = thrownHere(NablaException.class, () -> g.apply(npe, x));
        says(e, "npe_rule(\"x\" [2, 3]): the shape rule failed with java.lang.NullPointerException: oops");
        assertInstanceOf(NullPointerException.class, e.getCause());
        Op nul = new Op("null_rule", in -> null, in -> in.get(0));
        ShapeException s = thrownHere(ShapeException.class, () -> g.apply(nul, x));
        says(s, "null_rule(\"x\" [2, 3]): the custom op's shape rule returned null");
        Op bad = new Op("bad_rule", in -> { throw new ShapeException("wants rank 3"); }, in -> in.get(0));
        s = thrownHere(ShapeException.class, () -> g.apply(bad, x));
        says(s, "bad_rule(\"x\" [2, 3]): wants rank 3");
    }

    @Test
    void aCustomShapeRuleThatFailsOnlyForConcreteShapes() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Op late = new Op("late_rule", in -> {
            if (in.get(0).isKnown()) {
                throw new IllegalStateException("cannot size it");
            }
            return in.get(0);
        }, in -> in.get(0));
        Node y = g.apply(late, x);
        String built = site(-1);
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(Map.of(x, Tensor.ones(2, 3)), y));
        says(e, "%" + y.id() + " = late_rule(\"x\") [?, 3] (built at " + built + ")", "[[2, 3]]",
                "java.lang.IllegalStateException: cannot size it");
    }

    @Test
    void aCustomForwardThatReturnsTheWrongShapeOrFails() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Map<Node, Tensor> feeds = Map.of(x, Tensor.ones(2, 3));
        Node wrong = g.apply(new Op("wrong_forward", in -> in.get(0), in -> Tensor.ones(3, 2)), x);
        String built = site(-1);
        EvaluationException e = thrown(EvaluationException.class, () -> session().run(feeds, wrong));
        says(e, "%" + wrong.id() + " = wrong_forward(\"x\") [2, 3] (built at " + built + "): custom op wrong_forward returned "
                + "shape [3, 2] where its shape rule promised [2, 3]");
        Node nul = g.apply(new Op("null_forward", in -> in.get(0), in -> null), x);
        e = thrown(EvaluationException.class, () -> session().run(feeds, nul));
        says(e, "null_forward(\"x\") [2, 3]", "custom op null_forward returned null where its shape rule promised [2, 3]");
        Node npe = g.apply(new Op("npe_forward", in -> in.get(0), in -> { throw new NullPointerException("boom"); }), x);
        built = site(-1);
        e = thrown(EvaluationException.class, () -> session().run(feeds, npe));
        says(e, "npe_forward(\"x\") [2, 3] (built at " + built + "): the kernel failed with java.lang.NullPointerException: boom");
        assertInstanceOf(NullPointerException.class, e.getCause());
        assertEquals(1, session().run(feeds, x.sum(0, 1)).size());
    }
}
