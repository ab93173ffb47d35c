// SPDX-License-Identifier: Apache-2.0
/**
 * Saving and loading the whole state of a model (params, optimizer state, batch-norm statistics)
 * as versioned, checksummed checkpoint files ({@link dev.nabla.nn.io.Checkpoint}).
 *
 * <p>Invariants: a save replaces the file atomically (temporary file, sync, rename), so a crash
 * leaves the previous checkpoint readable; a load checks everything (format, version, checksum,
 * names and shapes) before it changes the store, and then changes it in one step.
 */
package dev.nabla.nn.io;
