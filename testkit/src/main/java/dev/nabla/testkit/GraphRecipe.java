// SPDX-License-Identifier: Apache-2.0
package dev.nabla.testkit;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Shape;
import dev.nabla.graph.op.MatMul;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A graph written down as data: input shapes and a list of steps, each applying one smooth op to
 * earlier values. Values are numbered: {@code v0..v(k-1)} are the {@code k} inputs, and step
 * {@code i} makes {@code v(k+i)}. The last step's value is the output. Printing a recipe lists
 * every step with its shape, so a failing random graph reads like a small program.
 *
 * <p>Usage: {@code GradCheck.assertPasses(recipe::build, inputs)} or {@code recipe.build(List.of(x, w))}.
 *
 * @param inputShapes the shapes of the inputs, every size known
 * @param steps the steps, in order; at least one
 */
public record GraphRecipe(List<Shape> inputShapes, List<Step> steps) {
    /** The smooth ops a step may apply. */
    public enum Op {
        /** {@code exp(x)}. */
        EXP,
        /** {@code tanh(x)}. */
        TANH,
        /** {@code sin(x)}. */
        SIN,
        /** {@code cos(x)}. */
        COS,
        /** {@code log(x*x + 1)}: a log whose argument is at least 1. */
        LOG_SQUARE_PLUS_ONE,
        /** {@code a + b}, broadcast. */
        ADD,
        /** {@code a - b}, broadcast. */
        SUB,
        /** {@code a * b}, broadcast. */
        MUL,
        /** {@code a / (b*b + 1)}, broadcast: a division whose denominator is at least 1. */
        DIV_SAFE,
        /** The matrix product; args are the transpose flags {@code [transA, transB]} as 0 or 1. */
        MATMUL,
        /** The sum over axes; args are {@code [keepDims (0 or 1), axis...]}. */
        SUM,
        /** The mean over axes; args are {@code [keepDims (0 or 1), axis...]}. */
        MEAN,
        /** A reshape; args are the target sizes. */
        RESHAPE,
        /** A permutation of the axes; args are the permutation. */
        PERMUTE,
        /** The average of any number of operands of one shape: how loose ends join the output. */
        AVERAGE
    }

    /**
     * One step: an op applied to earlier values.
     *
     * @param op the op
     * @param operands the numbers of the values it reads
     * @param args the op's integer arguments, see {@link Op}
     * @param shape the shape of the value it makes
     */
    public record Step(Op op, List<Integer> operands, List<Integer> args, Shape shape) {
        /**
         * Copies the lists.
         *
         * @param op the op
         * @param operands the numbers of the values it reads
         * @param args the op's integer arguments
         * @param shape the shape of the value it makes
         */
        public Step {
            Arguments.requireNonNulls("GraphRecipe.Step", "op", op, "shape", shape);
            operands = List.copyOf(Arguments.requireElements("GraphRecipe.Step", "operands", operands));
            args = List.copyOf(Arguments.requireElements("GraphRecipe.Step", "args", args));
        }

        /**
         * Prints this step for failure messages.
         *
         * @return the step as a call, such as {@code sum(v3; keepDims, axes [1]) [2, 1]}
         */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(opName()).append('(');
            for (int i = 0; i < operands.size(); i++) {
                b.append(i > 0 ? ", " : "").append('v').append(operands.get(i));
            }
            switch (op) {
                case SUM, MEAN -> b.append(args.get(0) == 1 ? "; keepDims" : "").append("; axes ")
                        .append(args.subList(1, args.size()));
                case RESHAPE, PERMUTE -> b.append("; ").append(args);
                default -> { }
            }
            return b.append(") ").append(shape).toString();
        }

        private String opName() {
            if (op == Op.MATMUL && (args.get(0) == 1 || args.get(1) == 1)) {
                return "matmul_" + (args.get(0) == 1 ? "t" : "n") + (args.get(1) == 1 ? "t" : "n");
            }
            return op == Op.LOG_SQUARE_PLUS_ONE ? "log(x²+1)" : op == Op.DIV_SAFE ? "div(a, b²+1)"
                    : op.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Copies the lists and checks that every step reads only earlier values.
     *
     * @param inputShapes the shapes of the inputs
     * @param steps the steps, in order
     * @throws IllegalArgumentException if a list is empty or a step reads a value not made before it
     */
    public GraphRecipe {
        inputShapes = List.copyOf(Arguments.requireElements("GraphRecipe", "inputShapes", inputShapes));
        steps = List.copyOf(Arguments.requireElements("GraphRecipe", "steps", steps));
        Shapes.require(!inputShapes.isEmpty() && !steps.isEmpty(), "GraphRecipe: needs an input and a step");
        for (int i = 0; i < steps.size(); i++) {
            for (int v : steps.get(i).operands()) {
                Shapes.require(v >= 0 && v < inputShapes.size() + i,
                        "GraphRecipe: step " + i + " reads v" + v + ", which is not made before it");
            }
        }
    }

    /**
     * Builds the recipe's graph on the given inputs.
     *
     * @param inputs one node per input shape, of that shape, all of one graph
     * @return the output node, the value of the last step
     * @throws IllegalArgumentException if the inputs do not match the recipe
     * @throws IllegalStateException if a step's node does not have the recorded shape
     */
    public Node build(List<Node> inputs) {
        Arguments.requireElements("GraphRecipe.build", "inputs", inputs);
        Shapes.require(inputs.size() == inputShapes.size(), "GraphRecipe.build: expected "
                + inputShapes.size() + " inputs, got " + inputs.size());
        List<Node> values = new ArrayList<>(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            Shapes.require(inputs.get(i).shape().equals(inputShapes.get(i)), "GraphRecipe.build: input "
                    + i + " has shape " + inputs.get(i).shape() + ", the recipe wants " + inputShapes.get(i));
        }
        for (Step s : steps) {
            Node n = apply(s, values);
            if (!n.shape().equals(s.shape())) {
                throw new IllegalStateException("GraphRecipe.build: step " + s + " made shape " + n.shape());
            }
            values.add(n);
        }
        return values.get(values.size() - 1);
    }

    /**
     * Adapts this recipe to the function type that GradCheck checks.
     *
     * @return {@link #build} as the function {@code GradCheck} takes
     */
    public Function<List<Node>, Node> function() {
        return this::build;
    }

    private static Node apply(Step s, List<Node> v) {
        Node a = v.get(s.operands().get(0));
        Node b = s.operands().size() > 1 ? v.get(s.operands().get(1)) : null;
        List<Integer> args = s.args();
        return switch (s.op()) {
            case EXP -> a.exp();
            case TANH -> a.tanh();
            case SIN -> a.sin();
            case COS -> a.cos();
            case LOG_SQUARE_PLUS_ONE -> a.square().add(1.0).log();
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV_SAFE -> a.div(b.square().add(1.0));
            case MATMUL -> a.graph().apply(new MatMul(args.get(0) == 1, args.get(1) == 1), List.of(a, b));
            case SUM -> Reductions.sum(a, args.get(0) == 1, ints(args.subList(1, args.size())));
            case MEAN -> Reductions.mean(a, args.get(0) == 1, ints(args.subList(1, args.size())));
            case RESHAPE -> a.reshape(ints(args));
            case PERMUTE -> a.permute(ints(args));
            case AVERAGE -> {
                Node total = a;
                for (int i = 1; i < s.operands().size(); i++) {
                    total = total.add(v.get(s.operands().get(i)));
                }
                yield total.mul(1.0 / s.operands().size());
            }
        };
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Prints the recipe for failure messages.
     *
     * @return one line per value: the inputs with their shapes, then each step, then the output
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("GraphRecipe(").append(inputShapes.size()).append(" inputs, ")
                .append(steps.size()).append(" steps):\n");
        for (int i = 0; i < inputShapes.size(); i++) {
            b.append("  v").append(i).append(" = input ").append(inputShapes.get(i)).append('\n');
        }
        for (int i = 0; i < steps.size(); i++) {
            b.append("  v").append(inputShapes.size() + i).append(" = ").append(steps.get(i)).append('\n');
        }
        return b.append("  output v").append(inputShapes.size() + steps.size() - 1).toString();
    }
}
