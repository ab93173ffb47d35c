// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What training measured, per epoch: {@code loss}, {@code val_loss}, {@code val_accuracy},
 * {@code lr} and anything a callback adds.
 *
 * <p>Usage: {@code history.get("val_accuracy").get(history.epochs() - 1)}
 */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    void record(Map<String, Double> epoch) {
        epoch.forEach((k, v) -> values.computeIfAbsent(k, n -> new ArrayList<>()).add(v));
    }

    /**
     * Counts the epochs recorded.
     *
     * @return the number of epochs recorded
     */
    public int epochs() {
        return values.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /**
     * One metric over the epochs.
     *
     * @param name the metric
     * @return its values, one per epoch, or an empty list
     */
    public List<Double> get(String name) {
        return Collections.unmodifiableList(values.getOrDefault(name, List.of()));
    }

    /**
     * Lists the names of the metrics recorded.
     *
     * @return the names of the metrics recorded
     */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /**
     * Formats the history as a table with one row per epoch.
     *
     * @return a table, one row per epoch
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("epoch");
        values.keySet().forEach(k -> b.append(String.format("  %12s", k)));
        b.append('\n');
        for (int e = 0; e < epochs(); e++) {
            b.append(String.format("%5d", e + 1));
            for (List<Double> v : values.values()) {
                b.append(String.format("  %12.6g", e < v.size() ? v.get(e) : Double.NaN));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
