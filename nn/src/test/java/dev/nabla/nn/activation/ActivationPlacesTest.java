// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Node;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Where activations live: each is defined in exactly one family class and listed once in
 * {@link Activations}, and a catalog row cannot leave a column unset.
 */
class ActivationPlacesTest {
    private static final List<Class<?>> FAMILIES = List.of(Rectifiers.class, Sigmoids.class, SmoothUnits.class,
            Waves.class);

    @Test
    void activationsListsExactlyTheFamiliesMethods() {
        Set<String> facade = activations(Activations.class);
        Set<String> defined = new TreeSet<>();
        for (Class<?> family : FAMILIES) {
            for (String signature : activations(family)) {
                assertTrue(defined.add(signature), () -> signature + " is defined in two families");
            }
        }
        Set<String> missing = new TreeSet<>(defined);
        missing.removeAll(facade);
        Set<String> undefined = new TreeSet<>(facade);
        undefined.removeAll(defined);
        assertEquals(Set.of(), missing, "defined in a family but not listed in Activations");
        assertEquals(Set.of(), undefined, "listed in Activations but defined in no family");
    }

    @Test
    void aRowWithAnUnsetColumnIsRefused() {
        CatalogRow row = CatalogRow.row("relu", "x for x > 0, else 0", Rectifiers::relu)
                .range(CatalogRow.closed(0), CatalogRow.open(Double.POSITIVE_INFINITY)).continuity(0)
                .monotonic(true).monotonicDerivative(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, row::info);
        assertTrue(e.getMessage().contains("\"relu\""), e.getMessage());
        assertEquals(ActivationCatalog.get("relu").toString().replaceAll("fn=[^,]*", ""),
                row.identityNearOrigin(false).info().toString().replaceAll("fn=[^,]*", ""));
    }

    /** @return {@code name(Type, ...)} of every public static method returning a node */
    private static Set<String> activations(Class<?> c) {
        return Arrays.stream(c.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())
                        && m.getReturnType() == Node.class)
                .map(ActivationPlacesTest::signature).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
