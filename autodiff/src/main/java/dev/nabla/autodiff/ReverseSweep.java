// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Shape;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse sweep: visits the nodes between the inputs and the output in reverse topological
 * order, asks each op for its vector-Jacobian rule, and sums the contributions of nodes used more
 * than once. Iterative, so deep graphs cannot overflow the stack.
 */
final class ReverseSweep {
    private ReverseSweep() {}

    static List<Node> run(Node y, Node seed, List<Node> xs, Grad.Unused unused) {
        List<Node> order = GraphView.topologicalOrder(List.of(y));
        Set<Node> wrt = Collections.newSetFromMap(new IdentityHashMap<>());
        wrt.addAll(xs);
        Set<Node> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : order) {
            if (wrt.contains(n) || n.inputs().stream().anyMatch(live::contains)) {
                live.add(n);
            }
        }
        Map<Node, Node> ct = new IdentityHashMap<>();
        ct.put(y, seed);
        for (int k = order.size() - 1; k >= 0; k--) {
            Node n = order.get(k);
            Node g = ct.get(n);
            if (g == null || n.inputs().stream().noneMatch(live::contains)) {
                continue;
            }
            // The merged cotangents reach every node the rule and the sums built: all derive from n.
            Cotangents.derivingFrom(n, () -> {
                List<Node> parts = rule(n, g);
                List<Node> made = new ArrayList<>(parts.size());
                for (int i = 0; i < parts.size(); i++) {
                    Node in = n.input(i);
                    Node p = parts.get(i);
                    if (!live.contains(in) || p == Cotangents.NONE) {
                        continue;
                    }
                    checkShape(n, i, in, p);
                    made.add(ct.merge(in, p, Ops::add));
                }
                return made;
            });
        }
        List<Node> out = new ArrayList<>(xs.size());
        for (Node x : xs) {
            Node g = ct.get(x);
            if (g == null && !live.contains(x) && unused == Grad.Unused.ERROR) {
                throw new GradientException("grad: " + y.describe() + " does not depend on " + x.describe()
                        + "; pass Grad.Unused.ZERO to get zeros for such inputs");
            }
            out.add(g != null ? g : Ops.zerosLike(x));
        }
        return out;
    }

    static List<Node> rule(Node n, Node g) {
        List<Node> parts;
        try {
            parts = n.op().vjp(n, g);
        } catch (NablaException e) {
            throw e;
        } catch (RuntimeException e) {
            // A user's rule (a custom op) broke: say whose rule it was, keep the cause.
            throw new GradientException("grad: the derivative rule of " + where(n) + " failed with " + e, e);
        }
        if (parts == null || parts.size() != n.inputs().size()) {
            throw new GradientException("grad: op " + n.op().name() + " of " + where(n) + " has no derivative rule"
                    + (parts == null ? "" : " giving one entry per input (" + parts.size() + " for "
                    + n.inputs().size() + ")"));
        }
        return parts;
    }

    static void checkShape(Node n, int i, Node in, Node p) {
        if (p == null) {
            throw new GradientException("grad: the derivative rule of " + where(n) + " gave input " + i + " ("
                    + in.label() + " " + in.shape() + ") null; return Cotangents.NONE for an input without a gradient");
        }
        if (p.graph() != in.graph()) {
            throw new GradientException("grad: the derivative rule of " + where(n) + " gave input " + i + " ("
                    + in.label() + ") a cotangent from another graph; build it from the rule's y and g");
        }
        Shape want = in.shape();
        Shape got = p.shape();
        if (!want.accepts(got) && !got.accepts(want)) {
            throw new GradientException("grad: the derivative rule of " + where(n) + " gave input " + i + " ("
                    + in.label() + " " + want + ") a cotangent of shape " + got + "; it must have the input's shape "
                    + want);
        }
    }

    private static String where(Node n) {
        return n.describe() + " (built at " + n.callSite() + ")";
    }
}
