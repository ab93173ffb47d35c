// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.List;

/**
 * A node with no inputs: a constant baked into the graph, an input fed at run time, or a param
 * whose value lives in a {@link ParamStore}.
 *
 * <p>Leaves have no kernel; the executor binds their values. Usage: {@code node.op() instanceof Leaf.Param}
 */
public sealed interface Leaf extends Primitive {
    @Override
    default OpKind kind() {
        return OpKind.LEAF;
    }

    @Override
    default Shape outShape(List<Shape> in) {
        return shape();
    }

    @Override
    default void forward(Tensor[] in, Tensor out, RunContext ctx) {
        throw new IllegalStateException(name() + " is a leaf; the executor binds its value");
    }

    @Override
    default List<Node> vjp(Node y, Node g) {
        return List.of();
    }

    @Override
    default int arity() {
        return 0;
    }

    /** Tells the shape this leaf was declared with. @return the declared shape */
    Shape shape();

    /**
     * A value baked into the graph.
     *
     * @param value the value, never changed
     */
    record Constant(Tensor value) implements Leaf {
        /** Requires the value. */
        public Constant {
            Arguments.requireNonNull("Leaf.Constant", "value", value);
        }

        @Override
        public String name() {
            return "constant";
        }

        @Override
        public Shape shape() {
            return value.shape();
        }
    }

    /**
     * A value fed at each run; its leading dimension may be {@link Shape#UNKNOWN}.
     *
     * @param shape the declared shape
     */
    record Input(Shape shape) implements Leaf {
        /** Requires the shape. */
        public Input {
            Arguments.requireNonNull("Leaf.Input", "shape", shape);
        }

        @Override
        public String name() {
            return "input";
        }
    }

    /**
     * A named value kept outside the graph in a {@link ParamStore}: a weight, an optimizer moment,
     * a running statistic.
     *
     * @param shape the declared shape, fully known
     */
    record Param(Shape shape) implements Leaf {
        /** Requires the shape. */
        public Param {
            Arguments.requireNonNull("Leaf.Param", "shape", shape);
        }

        @Override
        public String name() {
            return "param";
        }
    }
}
