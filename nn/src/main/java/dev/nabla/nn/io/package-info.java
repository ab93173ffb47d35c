// SPDX-License-Identifier: Apache-2.0
/**
 * Saving and loading the whole state of a model (params, optimizer state, batch-norm statistics)
 * as versioned, checksummed checkpoint files ({@link dev.nabla.nn.io.Checkpoint}), and rolling
 * directories of them, one file per step ({@link dev.nabla.nn.io.CheckpointDirectory}).
 *
 * <p>Invariants: a save replaces the file atomically (temporary file, sync, rename), so a crash
 * leaves the previous checkpoint readable; a load checks everything (format, version, checksum,
 * names and shapes) before it changes the store, and then changes it in one step. In a checkpoint
 * directory, a file named like a checkpoint is always one a save finished, and a step whose save
 * returned is never deleted by pruning, which keeps the newest steps.
 */
package dev.nabla.nn.io;
