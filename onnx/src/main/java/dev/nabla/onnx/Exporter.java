// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the ONNX model of a fetch in memory: specialises the graph for inference, names every
 * value (inputs and params by their Nabla names, outputs by the output node's name or
 * {@code output}), binds the leaves, and maps each remaining primitive. Nothing is written here,
 * so a refusal leaves no file.
 */
final class Exporter implements PrimitiveMapping.Leaves {
    private final ParamStore store;
    private final OnnxGraph g;
    private final Specialisation spec;
    private final Map<Node, String> names = new HashMap<>();

    private Exporter(ParamStore store, OnnxGraph g, Specialisation spec) {
        this.store = store;
        this.g = g;
        this.spec = spec;
    }

    static ModelProto build(List<Node> outputs, ParamStore store, OnnxOptions options) {
        Graph graph = outputs.get(0).graph();
        for (Node o : outputs) {
            if (o.graph() != graph) {
                throw new OnnxException("Onnx.export: the outputs belong to different graphs (" + outputs.get(0).label()
                        + " and " + o.label() + ")");
            }
        }
        Map<Node, Tensor> fixed = fixedInputs(graph, options);
        DType dtype = options.dtypeFor(graph.dtype());
        Exporter e = new Exporter(store, new OnnxGraph(dtype, "nabla"), new Specialisation(outputs, fixed));
        e.emit(outputs);
        return e.g.model(options.opset());
    }

    /** The options' fixed inputs in the graph's type, and nn's {@code training} switch at 0 unless fixed. */
    private static Map<Node, Tensor> fixedInputs(Graph graph, OnnxOptions options) {
        Map<Node, Tensor> fixed = new LinkedHashMap<>();
        for (Map.Entry<Node, Tensor> f : options.fixed().entrySet()) {
            if (f.getKey().graph() != graph) {
                throw new OnnxException("Onnx.export: the fixed input " + f.getKey().label() + " belongs to another graph");
            }
            fixed.put(f.getKey(), f.getValue().to(graph.dtype()));
        }
        Optional<Node> training = graph.node(OnnxOptions.TRAINING);
        if (training.isPresent() && training.get().op() instanceof Leaf.Input && !fixed.containsKey(training.get())
                && training.get().shape().isKnown()) {
            fixed.put(training.get(), Tensor.zeros(training.get().shape()).to(graph.dtype()));
        }
        return fixed;
    }

    private void emit(List<Node> outputs) {
        List<Node> reached = spec.reached(outputs);
        for (Node n : reached) {
            if (n.op() instanceof Leaf.Input && spec.folded(n) == null) {
                String name = g.claim(n.name());
                names.put(n, name);
                g.input(name, n.shape());
            }
        }
        for (Node n : reached) {
            if (n.op() instanceof Leaf.Param) {
                names.put(n, g.initializer(n.name(), paramValue(n)));
            }
        }
        Map<Node, String> outputNames = new LinkedHashMap<>();
        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Node o = outputs.get(i);
            String wanted = o.name() != null ? o.name() : outputs.size() == 1 ? "output" : "output_" + i;
            String name = g.claim(wanted);
            claimed.add(name);
            outputNames.putIfAbsent(spec.resolve(o), name);
        }
        for (Node n : reached) {
            if (!names.containsKey(n)) {
                names.put(n, value(n, outputNames.get(n)));
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            String value = names.get(spec.resolve(outputs.get(i)));
            if (!value.equals(claimed.get(i))) {
                g.node("Identity", List.of(value), claimed.get(i));
            }
            g.output(claimed.get(i), outputs.get(i).shape());
        }
    }

    /** Computes {@code n}'s value under {@code wanted} if it is an output's node, else under its own name. */
    private String value(Node n, String wanted) {
        Tensor folded = spec.folded(n);
        if (folded != null) {
            return g.initializer(ownName(n), folded);
        }
        List<String> in = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            in.add(names.get(spec.input(n, i)));
        }
        return PrimitiveMapping.map(n, in, wanted != null ? wanted : g.claim(ownName(n)), g, this);
    }

    private static String ownName(Node n) {
        return n.name() != null ? n.name() : "nabla_" + n.id();
    }

    @Override
    public String leaf(Node node) {
        if (node.op() instanceof Leaf.Constant c) {
            return g.initializer(ownName(node), c.value());
        }
        // Inputs and params are bound before the walk; a fixed input is folded.
        throw new IllegalStateException("leaf " + node.describe() + " was not bound before mapping");
    }

    private Tensor paramValue(Node p) {
        if (!store.contains(p.name())) {
            throw new OnnxException("Onnx.export: param \"" + p.name() + "\" " + p.shape() + " is not in the store, which holds "
                    + store.names() + "; initialise or load it before exporting");
        }
        Tensor v = store.get(p.name());
        Shape s = p.shape();
        if (!v.shape().equals(s)) {
            throw new OnnxException("Onnx.export: param \"" + p.name() + "\" is " + s + " in the graph but " + v.shape()
                    + " in the store");
        }
        return v;
    }
}
