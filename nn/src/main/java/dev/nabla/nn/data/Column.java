// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

/**
 * A column a {@link CsvReader} was told to use, by its header name or by its index; which one it
 * is is only known once the file's header is read.
 *
 * @param name the header name, or null when chosen by index
 * @param index the index counted from 0, or -1 when chosen by name
 */
record Column(String name, int index) {
    static Column named(String name) {
        return new Column(name.strip(), -1);
    }

    static Column at(int index) {
        return new Column(null, index);
    }

    @Override
    public String toString() {
        return name != null ? "\"" + name + "\"" : "index " + index;
    }
}
