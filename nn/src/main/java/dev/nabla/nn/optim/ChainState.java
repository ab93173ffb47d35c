// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import java.util.List;

/**
 * What {@link Transforms#chain} keeps: each link's own state, in the order of the links.
 *
 * @param links the links' states
 */
public record ChainState(List<Object> links) {
    /** Copies the states. */
    public ChainState {
        links = List.copyOf(Arguments.requireElements("ChainState", "links", links));
    }
}
