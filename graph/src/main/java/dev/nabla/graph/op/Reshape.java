// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.TensorLoops;
import java.util.List;

/**
 * The same elements in row-major order under a new shape; one target size may be
 * {@link Shape#UNKNOWN}, inferred from the total, as NumPy's {@code -1}.
 *
 * @param target the new shape, with at most one unknown size
 */
public record Reshape(Shape target) implements Primitive {
    /** Requires the target shape. */
    public Reshape {
        Arguments.requireNonNull("Reshape", "target", target);
    }

    @Override
    public OpKind kind() {
        return OpKind.RESHAPE;
    }

    @Override
    public String name() {
        return "reshape";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape x = in.get(0);
        int[] t = target.dims();
        int unknownAt = -1;
        long known = 1;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == Shape.UNKNOWN) {
                if (unknownAt >= 0) {
                    throw new ShapeException("target " + target + " has more than one unknown size");
                }
                unknownAt = i;
            } else {
                known *= t[i];
            }
        }
        if (!x.isKnown()) {
            if (unknownAt < 0) {
                throw new ShapeException("cannot reshape " + x + ", whose size is known only at run time, to "
                        + target + "; leave one target size as -1 (Shape.UNKNOWN)");
            }
            return target;
        }
        int size = x.size();
        if (unknownAt >= 0) {
            if (known == 0 || size % known != 0) {
                throw new ShapeException("cannot reshape " + x + " (" + size + " elements) to " + target);
            }
            t[unknownAt] = (int) (size / known);
        } else if (known != size) {
            throw new ShapeException("cannot reshape " + x + " (" + size + " elements) to " + target
                    + " (" + known + " elements)");
        }
        return Shape.of(t);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        TensorLoops.copy(in[0], out);
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return List.of(g.reshape(y.input(0).shape().dims()));
    }

    @Override
    public int arity() {
        return 1;
    }
}
