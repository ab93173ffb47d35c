// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The catalog of built-in primitives with a kernel and a derivative rule: every enum row and every
 * structural record, by the name its nodes print. Leaves and users' custom ops are not listed.
 * Test suites use it to prove that no primitive lacks a gradient check.
 *
 * <p>Usage: {@code for (String op : Primitives.names()) { ... }}
 */
public final class Primitives {
    private Primitives() {}

    /** Lists the names of every built-in primitive. @return every built-in primitive's name, in a stable order */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (UnaryFn f : UnaryFn.values()) {
            names.add(lower(f.name()));
        }
        for (BinaryFn f : BinaryFn.values()) {
            names.add(lower(f.name()));
        }
        for (Compare.Fn f : Compare.Fn.values()) {
            names.add(lower(f.name()));
        }
        for (Reduce.Fn f : Reduce.Fn.values()) {
            names.add("reduce_" + lower(f.name()));
        }
        for (RandomOp.Dist d : RandomOp.Dist.values()) {
            names.add("random_" + lower(d.name()));
        }
        names.addAll(List.of("where", "reshape", "permute", "expand", "slice", "pad", "gather", "one_hot",
                "matmul", "unfold", "fold", "stop_gradient"));
        return names;
    }

    /**
     * Lists the record types whose ops the catalog must cover.
     *
     * @return the record types the catalog covers: every {@link OpKind}'s type except leaves and Custom
     */
    public static Set<Class<?>> kinds() {
        Set<Class<?>> kinds = new HashSet<>();
        for (OpKind k : OpKind.values()) {
            if (k != OpKind.LEAF && k != OpKind.CUSTOM) {
                kinds.add(k.type());
            }
        }
        return Set.copyOf(kinds);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
