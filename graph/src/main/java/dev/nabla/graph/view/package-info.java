// SPDX-License-Identifier: Apache-2.0
/**
 * Graph analysis through jgrapht: the only package that imports it. Views are built per call
 * from the nodes' own input lists and never own the nodes.
 */
package dev.nabla.graph.view;
