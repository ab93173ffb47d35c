// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/**
 * The argument checks of every public entry point of Nabla's modules, so a null, a negative size or
 * a user's function that returns null is refused where the user passed it, with the same wording
 * everywhere: the method, the argument and what was expected. Each check returns its argument.
 *
 * <p>Usage: {@code Arguments.requireNonNull("Dataset.rows", "rows", rows);} gives
 * {@code Dataset.rows: rows is null} for a null.
 */
public final class Arguments {
    private Arguments() {}

    /**
     * Requires a value that is not null.
     *
     * @param <T> the value's type
     * @param where the method or class, as in {@code "Dataset.rows"}
     * @param name the argument's name
     * @param value the argument
     * @return {@code value}
     * @throws NablaException if {@code value} is null
     */
    public static <T> T requireNonNull(String where, String name, T value) {
        if (value == null) {
            throw new NablaException(where + ": " + name + " is null");
        }
        return value;
    }

    /**
     * Requires several values that are not null, for a constructor or method with many arguments.
     *
     * @param where the method or class
     * @param namesAndValues each argument's name followed by the argument
     * @throws NablaException naming the first argument that is null
     */
    public static void requireNonNulls(String where, Object... namesAndValues) {
        requireNonNull(where, "namesAndValues", namesAndValues);
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            requireNonNull(where, (String) namesAndValues[i], namesAndValues[i + 1]);
        }
    }

    /**
     * Requires an array, collection or map that is not null and holds no null element, key or value.
     *
     * @param <T> the container's type
     * @param where the method or class
     * @param name the argument's name
     * @param values the array, collection or map
     * @return {@code values}
     * @throws NablaException naming the argument, or the position of its first null element
     */
    public static <T> T requireElements(String where, String name, T values) {
        requireNonNull(where, name, values);
        if (values instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new NablaException(where + ": " + name + " maps " + e.getKey() + " to " + e.getValue()
                            + "; neither keys nor values may be null");
                }
            }
        } else if (values instanceof Collection<?> collection) {
            int i = 0;
            for (Object v : collection) {
                requireNonNull(where, name + "[" + i++ + "]", v);
            }
        } else if (values.getClass().isArray() && !values.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(values); i++) {
                requireNonNull(where, name + "[" + i + "]", Array.get(values, i));
            }
        }
        return values;
    }

    /**
     * Requires a size, count, index or epoch of at least {@code min}.
     *
     * @param where the method or class
     * @param name the argument's name
     * @param value the argument
     * @param min the smallest value allowed
     * @return {@code value}
     * @throws NablaException if {@code value < min}
     */
    public static int requireAtLeast(String where, String name, int value, int min) {
        if (value < min) {
            throw new NablaException(where + ": " + name + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /**
     * Requires a step or count of at least {@code min}.
     *
     * @param where the method or class
     * @param name the argument's name
     * @param value the argument
     * @param min the smallest value allowed
     * @return {@code value}
     * @throws NablaException if {@code value < min}
     */
    public static long requireAtLeast(String where, String name, long value, long min) {
        if (value < min) {
            throw new NablaException(where + ": " + name + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /**
     * Requires that a function the user gave returned a value: call it where Nabla calls the function.
     *
     * @param <T> the result's type
     * @param where the method or class that called the function
     * @param what the function, as in {@code "the loss function"}
     * @param result what it returned
     * @return {@code result}
     * @throws NablaException if {@code result} is null
     */
    public static <T> T requireResult(String where, String what, T result) {
        if (result == null) {
            throw new NablaException(where + ": " + what + " returned null");
        }
        return result;
    }
}
