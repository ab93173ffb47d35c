// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.NablaException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a CSV cell may hold: a decimal number, or one of the usual spellings of a missing value,
 * which are refused by name rather than read as NaN.
 */
final class CsvCells {
    /**
     * Plain decimals only: {@link Double#parseDouble} would also take {@code 1f}, {@code 0x1p3},
     * {@code NaN} and {@code Infinity}, none of which a data file means as a number.
     */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    /** Spellings of "no value" in files from R, pandas, spreadsheets and UCI, compared in lower case. */
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "?");

    private CsvCells() {}

    static boolean isNumber(String text) {
        return NUMBER.matcher(text.strip()).matches();
    }

    static boolean isMissing(String text) {
        return MISSING.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Reads a number or explains why the cell holds none.
     *
     * @param where the operation and source, for the message
     * @param at the line and column, for the message
     * @param text the cell
     * @param role what the cell is for, as in {@code "feature"}
     * @return its value, finite
     */
    static double number(String where, String at, String text, String role) {
        if (isMissing(text)) {
            throw new NablaException(where + ": " + at + ": missing value " + quoted(text) + "; every " + role
                    + " must be a number, so drop or fill the rows with missing values first");
        }
        if (!isNumber(text)) {
            throw new NablaException(where + ": " + at + ": " + quoted(text) + " is not a number; every " + role
                    + " must be a decimal number such as 3, -0.5 or 1.2e-3");
        }
        double v = Double.parseDouble(text.strip());
        if (!Double.isFinite(v)) {
            throw new NablaException(where + ": " + at + ": " + quoted(text) + " is beyond the range of a double");
        }
        return v;
    }

    static String quoted(String text) {
        return text.isEmpty() ? "(empty field)" : "\"" + text + "\"";
    }
}
