// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.train.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * One partition's examples stacked into flat arrays, with the global index of its first one.
 * Spark's {@code zipWithIndex} numbers a partition's examples consecutively, so the shard holds
 * global indices {@code [first, first + size)} and a global mini-batch maps to local rows
 * without a search.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final long first;
    final int size;
    private final double[] x;
    private final double[] y;
    private final int features;
    private final int targets;
    private final boolean labels;
    private transient Dataset data;

    private Shard(int partition, long first, int size, double[] x, double[] y, int features, int targets, boolean labels) {
        this.partition = partition;
        this.first = first;
        this.size = size;
        this.x = x;
        this.y = y;
        this.features = features;
        this.targets = targets;
        this.labels = labels;
    }

    /**
     * Stacks a partition's indexed examples, which must all have the same shapes.
     *
     * @param partition the partition's number
     * @param rows the examples with their global indices, consecutive
     * @return the shard; empty partitions give a shard of size 0
     */
    static Shard of(int partition, Iterator<Tuple2<Example, Long>> rows) {
        List<Example> list = new ArrayList<>();
        long first = -1;
        while (rows.hasNext()) {
            Tuple2<Example, Long> r = rows.next();
            if (first < 0) {
                first = r._2();
            } else if (r._2() != first + list.size()) {
                throw new NablaException("SparkTrainer: partition " + partition + " holds examples " + first + ".. and then "
                        + r._2() + "; the indices of a partition must be consecutive (use zipWithIndex)");
            }
            list.add(r._1());
        }
        if (list.isEmpty()) {
            return new Shard(partition, 0, 0, new double[0], new double[0], 0, 0, false);
        }
        Example e0 = list.get(0);
        int d = e0.x().length;
        int k = e0.y().length;
        double[] x = new double[list.size() * d];
        double[] y = new double[list.size() * k];
        for (int i = 0; i < list.size(); i++) {
            Example e = list.get(i);
            if (e.x().length != d || e.y().length != k || e.label() != e0.label()) {
                throw new NablaException("SparkTrainer: example " + (first + i) + " has " + e + " but example " + first
                        + " has " + e0 + "; every example needs the same numbers of features and targets");
            }
            System.arraycopy(e.x(), 0, x, i * d, d);
            System.arraycopy(e.y(), 0, y, i * k, k);
        }
        return new Shard(partition, first, list.size(), x, y, d, k, e0.label());
    }

    /**
     * Returns this shard's examples as a data set for training.
     *
     * @return the examples as a data set: inputs {@code [size, d]}, targets {@code [size]} or {@code [size, k]}
     */
    Dataset data() {
        if (data == null) {
            Tensor ys = labels ? Tensor.fromArray(y, size) : Tensor.fromArray(y, size, targets);
            data = new Dataset(Tensor.fromArray(x, size, features), ys);
        }
        return data;
    }

    /** What the driver needs to know of a shard: where it sits and the shapes of its samples. */
    record Info(int partition, long first, int size, int features, int targets, boolean labels) implements Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * Describes the samples' shapes, to check that all shards fit one model.
         *
         * @return a description of the samples' shapes, equal for shards that fit one model
         */
        String signature() {
            return features + " features, " + (labels ? "a label" : targets + " targets");
        }

        /**
         * Returns the shape of the model's input for a batch.
         *
         * @return the shape of a batch of inputs
         */
        dev.nabla.graph.Shape xShape() {
            return dev.nabla.graph.Shape.of(dev.nabla.graph.Shape.UNKNOWN, features);
        }

        /**
         * Returns the shape of the model's target for a batch.
         *
         * @return the shape of a batch of targets
         */
        dev.nabla.graph.Shape yShape() {
            return labels ? dev.nabla.graph.Shape.of(dev.nabla.graph.Shape.UNKNOWN)
                    : dev.nabla.graph.Shape.of(dev.nabla.graph.Shape.UNKNOWN, targets);
        }
    }

    /**
     * Describes where this shard sits and the shapes of its samples.
     *
     * @return where this shard sits and its samples' shapes
     */
    Info info() {
        return new Info(partition, first, size, features, targets, labels);
    }

    /**
     * The local rows of the global rows this shard holds, in the order given.
     *
     * @param global global indices
     * @return local row numbers, possibly none
     */
    int[] local(int[] global) {
        int count = 0;
        for (int g : global) {
            count += holds(g) ? 1 : 0;
        }
        int[] out = new int[count];
        int j = 0;
        for (int g : global) {
            if (holds(g)) {
                out[j++] = (int) (g - first);
            }
        }
        return out;
    }

    private boolean holds(long g) {
        return g >= first && g < first + size;
    }
}
