// SPDX-License-Identifier: Apache-2.0
/** JMH benchmarks. Placeholder until the performance issue lands. */
package dev.nabla.bench;
