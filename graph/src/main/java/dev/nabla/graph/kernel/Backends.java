// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the optional kernel backends that other modules provide through {@link ServiceLoader}. */
final class Backends {
    private Backends() {}

    /**
     * The first provider of a backend on the class path.
     *
     * @param type the service interface
     * @param property a system property that disables the backend when set to {@code off}
     * @param off the property's disabling value
     * @return the provider, or null if there is none, it is disabled, or it cannot load
     */
    static <T> T find(Class<T> type, String property, String off) {
        if (off.equals(System.getProperty(property))) {
            return null;
        }
        try {
            return ServiceLoader.load(type, Backends.class.getClassLoader()).findFirst().orElse(null);
        } catch (ServiceConfigurationError | LinkageError e) {
            // A backend whose native library or JDK module is missing leaves the Java kernels in charge.
            return null;
        }
    }
}
