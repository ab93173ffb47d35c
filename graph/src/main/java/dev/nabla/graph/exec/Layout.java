// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The concrete shape of every slot for one combination of feed shapes, and the workspaces of the
 * runs that use them: one per run in flight, kept for the next runs so that no run allocates.
 *
 * <p>Internal to nabla-graph: {@link dev.nabla.graph.Plan} keeps the layouts of the last feed shapes
 * it saw. Usage: {@code Workspace ws = layout.take(); try { ... } finally { layout.giveBack(ws); }}
 */
public final class Layout {
    private final Schedule schedule;
    private final Shape[] shapes;
    private final Deque<Workspace> spare = new ConcurrentLinkedDeque<>();

    private Layout(Schedule schedule, Shape[] shapes) {
        this.schedule = schedule;
        this.shapes = shapes;
    }

    /**
     * Runs every shape rule again on the fed shapes, which fixes the sizes left unknown when the
     * graph was built.
     *
     * @param s the schedule
     * @param feeds the run's feeds, already checked
     * @return the layout for these feed shapes
     * @throws EvaluationException naming the node whose rule refuses the fed shapes, or an update
     *     whose value comes out in another shape than its param's
     */
    public static Layout of(Schedule s, Map<Node, Tensor> feeds) {
        Node[] order = s.order();
        Shape[] shapes = new Shape[order.length];
        for (int i = 0; i < order.length; i++) {
            Node n = order[i];
            shapes[i] = n.op() instanceof Leaf.Input ? feeds.get(n).shape() : resolve(n, s.args()[i], shapes);
        }
        for (int u = 0; u < s.updatedParams().length; u++) {
            Node param = s.updatedParams()[u];
            Shape got = shapes[s.updateSlots()[u]];
            if (!got.equals(param.shape())) {
                throw new EvaluationException("the update of param " + param.label() + " "
                        + param.shape() + " has shape " + got + " for these feeds");
            }
        }
        return new Layout(s, shapes);
    }

    private static Shape resolve(Node n, int[] args, Shape[] shapes) {
        List<Shape> in = new ArrayList<>(args.length);
        for (int a : args) {
            in.add(shapes[a]);
        }
        try {
            return n.op().outShape(in);
        } catch (ShapeException e) {
            throw new EvaluationException(n.describe() + " (built at " + n.callSite() + "): with the fed shapes "
                    + in + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // A custom op's shape rule may fail only for concrete shapes; name the node, keep the cause.
            EvaluationException wrapped = new EvaluationException(n.describe() + " (built at " + n.callSite()
                    + "): with the fed shapes " + in + ": the shape rule failed with " + e);
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    /**
     * Takes a spare workspace, or makes one when every workspace is in use.
     *
     * @return a workspace no other run holds
     */
    public Workspace take() {
        Workspace ws = spare.poll();
        return ws != null ? ws : new Workspace(schedule, shapes);
    }

    /**
     * Keeps a workspace for the next run, once its run is over.
     *
     * @param ws a workspace taken from this layout
     */
    public void giveBack(Workspace ws) {
        spare.push(ws);
    }
}
