// SPDX-License-Identifier: Apache-2.0
package dev.nabla.testkit;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of random well-formed graphs of smooth ops, for checking the autodiff engine as a
 * whole: elementwise maps, broadcasting arithmetic, matrix products (with transpose flags),
 * reductions over an axis, reshapes and permutations, over one to three inputs.
 *
 * <p>Values stay in safe ranges: inputs are drawn from {@code [-2, 2]}, the generator tracks a
 * bound on every value's magnitude, and it only picks an op whose result stays within
 * {@value #LIMIT} ({@code exp} only of small values, {@code log} only of {@code x*x + 1},
 * division only by {@code b*b + 1}). Values no later step reads are each averaged to a scalar and
 * those averages averaged, so the output is a scalar within the bound that depends on every input.
 * Usage: {@code qt().forAll(RandomGraphs.samples()).checkAssert(s -> GradCheck.assertPasses(s.recipe().function(), s.inputs()));}
 */
public final class RandomGraphs {
    /** The largest magnitude any value may reach. */
    public static final double LIMIT = 8.0;
    /** Inputs are drawn from {@code [-INPUT_BOUND, INPUT_BOUND]}. */
    public static final double INPUT_BOUND = 2.0;

    private RandomGraphs() {}

    /**
     * A recipe together with inputs to run it on.
     *
     * @param recipe the graph
     * @param inputs one tensor per input shape, with values in {@code [-2, 2]}
     */
    public record Sample(GraphRecipe recipe, List<Tensor> inputs) {
        /**
         * Copies the inputs.
         *
         * @param recipe the graph
         * @param inputs one tensor per input shape
         */
        public Sample {
            Arguments.requireNonNull("RandomGraphs.Sample", "recipe", recipe);
            inputs = List.copyOf(Arguments.requireElements("RandomGraphs.Sample", "inputs", inputs));
        }

        /** Prints this sample for failure messages. @return the recipe followed by the input values */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(recipe.toString());
            for (int i = 0; i < inputs.size(); i++) {
                b.append("\n  v").append(i).append(" := ").append(inputs.get(i));
            }
            return b.toString();
        }
    }

    /**
     * Recipes with 5 to 30 random ops over 1 to 3 inputs with sizes up to 3.
     *
     * @return the recipes
     */
    public static Gen<GraphRecipe> recipes() {
        return recipes(5, 30, 3, 3);
    }

    /**
     * Recipes with a chosen number of random ops and inputs; the final averaging steps come on top.
     *
     * @param minOps the fewest random ops, at least 1
     * @param maxOps the most random ops
     * @param maxInputs the most inputs, at least 1
     * @param maxSize the largest size of an input axis, at least 1
     * @return the recipes
     */
    public static Gen<GraphRecipe> recipes(int minOps, int maxOps, int maxInputs, int maxSize) {
        Shapes.require(1 <= minOps && minOps <= maxOps && maxInputs >= 1 && maxSize >= 1,
                "RandomGraphs.recipes: need 1 <= minOps <= maxOps, maxInputs >= 1 and maxSize >= 1");
        Gen<Integer> ops = Generate.range(minOps, maxOps);
        Gen<Integer> inputs = Generate.range(1, maxInputs);
        Gen<Shape> shapes = Shapes.ofRank(0, 3, maxSize);
        Gen<GraphRecipe> gen = rs -> {
            List<Shape> in = new ArrayList<>();
            for (int i = inputs.generate(rs); i > 0; i--) {
                in.add(shapes.generate(rs));
            }
            return new RecipeBuilder(in, rs).grow(ops.generate(rs));
        };
        return gen.describedAs(GraphRecipe::toString);
    }

    /**
     * Recipes with inputs drawn for them, from {@link #recipes()}.
     *
     * @return the samples
     */
    public static Gen<Sample> samples() {
        return samples(recipes());
    }

    /**
     * Recipes from a generator, with inputs drawn for them from {@code [-2, 2]}.
     *
     * @param recipes the recipes
     * @return the samples
     */
    public static Gen<Sample> samples(Gen<GraphRecipe> recipes) {
        Arguments.requireNonNull("RandomGraphs.samples", "recipes", recipes);
        Domain values = Domain.between(-INPUT_BOUND, INPUT_BOUND);
        Gen<Sample> gen = rs -> {
            GraphRecipe r = recipes.generate(rs);
            List<Tensor> in = new ArrayList<>();
            for (Shape s : r.inputShapes()) {
                in.add(values.tensors(s).generate(rs));
            }
            return new Sample(r, in);
        };
        return gen.describedAs(Sample::toString);
    }
}
