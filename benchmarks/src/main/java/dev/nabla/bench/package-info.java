// SPDX-License-Identifier: Apache-2.0
/**
 * JMH benchmarks, built into the runnable {@code benchmarks/target/benchmarks.jar}; each has a
 * PyTorch peer in {@code benchmarks/peer/}, and {@code benchmarks/README.md} holds the figures.
 */
package dev.nabla.bench;
