// SPDX-License-Identifier: Apache-2.0
/**
 * Data in: {@link dev.nabla.nn.data.CsvReader} reads a user's CSV file into a
 * {@link dev.nabla.nn.data.CsvDataset} (a {@link dev.nabla.nn.train.Dataset} with the names of its
 * columns and classes), and {@link dev.nabla.nn.data.Datasets} loads the small real data sets
 * shipped with Nabla (digits, breast cancer, iris) through the same reader; their origins and
 * licences are in {@code datasets/README.md} beside them. {@link dev.nabla.nn.data.IdxReader}
 * reads images and labels in the IDX format, and {@link dev.nabla.nn.data.FashionMnist} the
 * Fashion-MNIST files, which are not shipped but read where a user has them.
 *
 * <p>Invariants: whatever is read is checked when it is read. A missing or non-numeric value, a row
 * of the wrong width or a column the file lacks is refused naming the source, line, column and
 * text; no value is ever read as NaN. An IDX file is refused naming the file and what is wrong
 * (magic number, element type, sizes, truncation, a count of labels unlike that of images).
 */
package dev.nabla.nn.data;
