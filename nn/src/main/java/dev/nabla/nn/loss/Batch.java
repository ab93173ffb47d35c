// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.loss;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.nn.Context;
import dev.nabla.nn.Layer;

/**
 * What a {@link Loss} sees of one batch: the model's input node, its prediction, the target
 * when the data has one, the context the model was applied in, and the model, to apply to other
 * nodes of the same graph with the same weights. Built once per training graph, so a loss adds
 * its nodes once and the trainer compiles one plan for the whole step.
 *
 * <p>Usage: {@code Node u0 = batch.model(batch.graph().constant(Tensor.zeros(1, 1)));  // u at x = 0}
 */
public final class Batch {
    private final Layer model;
    private final Context context;
    private final Node input;
    private final Node prediction;
    private final Node target;

    private Batch(Layer model, Context context, Node input, Node prediction, Node target) {
        this.model = model;
        this.context = context;
        this.input = input;
        this.prediction = prediction;
        this.target = target;
    }

    /**
     * A batch without targets, for unsupervised and physics-informed losses; {@link #withTarget}
     * adds them.
     *
     * <p>Usage: {@code Batch b = Batch.of(model, ctx, x, model.apply(x, ctx));}
     *
     * @param model the model, which {@link #model(Node)} applies to other points
     * @param context the graph, train/eval switch and params the model was applied in
     * @param input the model's input, a node of the context's graph
     * @param prediction the model's output for {@code input}, a node of the same graph
     * @return the batch, whose {@link #target()} refuses to be read
     * @throws NablaException if an argument is null or a node belongs to another graph
     */
    public static Batch of(Layer model, Context context, Node input, Node prediction) {
        Arguments.requireNonNulls("Batch.of", "model", model, "context", context, "input", input,
                "prediction", prediction);
        sameGraph("Batch.of", context, "input", input);
        sameGraph("Batch.of", context, "prediction", prediction);
        return new Batch(model, context, input, prediction, null);
    }

    /**
     * The same batch with targets.
     *
     * <p>Usage: {@code Batch b = Batch.of(model, ctx, x, model.apply(x, ctx)).withTarget(y);}
     *
     * @param target the targets, a node of the batch's graph
     * @return a batch whose {@link #target()} is {@code target}
     * @throws NablaException if {@code target} is null or belongs to another graph
     */
    public Batch withTarget(Node target) {
        Arguments.requireNonNull("Batch.withTarget", "target", target);
        sameGraph("Batch.withTarget", context, "target", target);
        return new Batch(model, context, input, prediction, target);
    }

    private static void sameGraph(String where, Context context, String what, Node n) {
        if (n.graph() != context.graph()) {
            throw new NablaException(where + ": the " + what + " " + n.describe()
                    + " belongs to another graph than the context's; build it with context.graph()");
        }
    }

    /**
     * Returns the model's input for this batch.
     *
     * @return the input node, first dimension the batch size (unknown until a run feeds it)
     */
    public Node input() {
        return input;
    }

    /**
     * Returns the model's output for this batch's input.
     *
     * @return the prediction node
     */
    public Node prediction() {
        return prediction;
    }

    /**
     * Tells whether the data has targets; physics-informed and unsupervised data need none.
     *
     * @return true if {@link #target()} may be read
     */
    public boolean hasTarget() {
        return target != null;
    }

    /**
     * Returns the targets of this batch.
     *
     * @return the target node, first dimension the batch size
     * @throws NablaException if the data has no targets (a {@code Dataset.withoutTargets})
     */
    public Node target() {
        if (target == null) {
            throw new NablaException("Batch.target: this batch has no targets (the data set was made with "
                    + "Dataset.withoutTargets); give the data targets, or use a loss that does not read them");
        }
        return target;
    }

    /**
     * Returns the context the model was applied in: its graph, train/eval switch and param nodes.
     *
     * @return the context
     */
    public Context context() {
        return context;
    }

    /**
     * Returns the graph, for constants such as boundary points: {@code context().graph()}.
     *
     * @return the graph every node of this batch belongs to
     */
    public Graph graph() {
        return context.graph();
    }

    /**
     * Applies the model to other nodes with the same weights, such as boundary or collocation
     * points; derivatives by those nodes are ordinary {@code Grad.grad} calls. A layer that keeps
     * running statistics (batch norm) records the statistics of its last application.
     *
     * @param points a node of this batch's graph, shaped like an input batch
     * @return the model's output at those points
     * @throws NablaException if {@code points} is null or belongs to another graph, or the model
     *     returns null
     */
    public Node model(Node points) {
        Arguments.requireNonNull("Batch.model", "points", points);
        if (points.graph() != context.graph()) {
            throw new NablaException("Batch.model: the points " + points.describe()
                    + " belong to another graph than the batch's; build them with batch.graph()");
        }
        return Arguments.requireResult("Batch.model", "the model's apply", model.apply(points, context));
    }

    @Override
    public String toString() {
        return "Batch(input " + input.describe() + ", prediction " + prediction.describe()
                + (target == null ? ", no target)" : ", target " + target.describe() + ")");
    }
}
