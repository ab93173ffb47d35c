// SPDX-License-Identifier: Apache-2.0
/**
 * Data in: {@link dev.nabla.nn.data.CsvReader} reads a user's CSV file into a
 * {@link dev.nabla.nn.data.CsvDataset} (a {@link dev.nabla.nn.train.Dataset} with the names of its
 * columns and classes), and {@link dev.nabla.nn.data.Datasets} loads the small real data sets
 * shipped with Nabla (digits, breast cancer, iris) through the same reader; their origins and
 * licences are in {@code datasets/README.md} beside them.
 *
 * <p>Invariants: whatever is read is checked when it is read. A missing or non-numeric value, a row
 * of the wrong width or a column the file lacks is refused naming the source, line, column and
 * text; no value is ever read as NaN.
 */
package dev.nabla.nn.data;
