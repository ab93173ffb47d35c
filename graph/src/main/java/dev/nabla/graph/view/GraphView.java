// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.view;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedMultigraph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * A jgrapht view of the nodes some outputs depend on: topological order, reachability and DOT
 * export. Nodes are never stored in jgrapht beyond one call.
 *
 * <p>Usage: {@code List<Node> order = GraphView.topologicalOrder(List.of(loss));}
 */
public final class GraphView {
    private GraphView() {}

    /** An edge from an input to its consumer, carrying the operand position. */
    static final class Operand {
        final int position;

        Operand(int position) {
            this.position = position;
        }
    }

    /**
     * Collects the outputs and everything they depend on, as a DAG with edges input → consumer.
     * Iterative, so graphs thousands of nodes deep do not overflow the stack.
     *
     * @param outputs the nodes to start from
     * @return the DAG
     */
    static Graph<Node, Operand> ancestry(Collection<Node> outputs) {
        Graph<Node, Operand> dag = new DirectedMultigraph<>(null, null, false);
        Deque<Node> todo = new ArrayDeque<>();
        for (Node out : outputs) {
            if (dag.addVertex(out)) {
                todo.push(out);
            }
        }
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            List<Node> inputs = n.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                Node in = inputs.get(i);
                if (dag.addVertex(in)) {
                    todo.push(in);
                }
                dag.addEdge(in, n, new Operand(i));
            }
        }
        return dag;
    }

    /**
     * The outputs and every node they depend on.
     *
     * @param outputs the nodes to start from
     * @return the set, in no particular order
     */
    public static Set<Node> ancestors(Collection<Node> outputs) {
        Arguments.requireElements("GraphView.ancestors", "outputs", outputs);
        return ancestry(outputs).vertexSet();
    }

    /**
     * Orders the nodes the outputs need so that every node comes after its inputs; ties go to the
     * node built first, so the order is the same from run to run.
     *
     * @param outputs the nodes to start from
     * @return the needed nodes, inputs first
     */
    public static List<Node> topologicalOrder(Collection<Node> outputs) {
        Arguments.requireElements("GraphView.topologicalOrder", "outputs", outputs);
        Graph<Node, Operand> dag = ancestry(outputs);
        List<Node> order = new ArrayList<>(dag.vertexSet().size());
        new TopologicalOrderIterator<>(dag, Comparator.comparingInt(Node::id)).forEachRemaining(order::add);
        return order;
    }

    /**
     * Exports the nodes the outputs need as Graphviz DOT; each vertex is labelled with its op,
     * name and shape, each edge with its operand position.
     *
     * @param outputs the nodes to start from
     * @return the DOT text
     */
    public static String toDot(Collection<Node> outputs) {
        Arguments.requireElements("GraphView.toDot", "outputs", outputs);
        Graph<Node, Operand> dag = ancestry(outputs);
        DOTExporter<Node, Operand> exporter = new DOTExporter<>(n -> "n" + n.id());
        exporter.setVertexAttributeProvider(n -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            String name = n.name() == null ? "" : "\n" + n.name();
            a.put("label", DefaultAttribute.createAttribute(n.op().name() + name + "\n" + n.shape()));
            a.put("shape", DefaultAttribute.createAttribute(n.inputs().isEmpty() ? "box" : "ellipse"));
            return a;
        });
        exporter.setEdgeAttributeProvider(e -> Map.of("label", DefaultAttribute.createAttribute(e.position)));
        StringWriter w = new StringWriter();
        exporter.exportGraph(dag, w);
        return w.toString();
    }
}
