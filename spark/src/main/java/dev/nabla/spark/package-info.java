// SPDX-License-Identifier: Apache-2.0
/**
 * Data-parallel training of Nabla models on Apache Spark.
 *
 * <p>{@link dev.nabla.spark.SparkTrainer} keeps the parameters and the optimizer on the driver.
 * Every step it broadcasts the parameters, each partition computes the summed gradient of its
 * share of the global mini-batch with a Nabla plan compiled once per executor JVM, the partial
 * sums are combined in a fixed pairwise order ({@link dev.nabla.spark.TreeSum}), and the driver
 * applies the optimizer: the same steps, up to rounding, as {@link dev.nabla.nn.train.Trainer}
 * on one machine. The model reaches the executors as a {@link dev.nabla.spark.ModelSpec}: small
 * serializable factories, rebuilt there into the same graph (param names are deterministic).
 *
 * <p>Invariants: a step's result depends only on the seed, the step, the data and its
 * partitioning, never on task timing or retries; Spark is a {@code provided} dependency.
 */
package dev.nabla.spark;
