// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.NablaException;

/** Argument checks of the activation layers' factories. */
final class LayerChecks {
    private LayerChecks() {}

    /**
     * Checks that a layer factory's count is at least 1.
     *
     * @return {@code n}, if it is at least 1
     */
    static int positive(String factory, String what, int n) {
        if (n < 1) {
            throw new NablaException(factory + ": " + what + " must be at least 1, got " + n);
        }
        return n;
    }
}
