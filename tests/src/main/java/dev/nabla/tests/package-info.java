// SPDX-License-Identifier: Apache-2.0
/** Cross-module property and integration tests live in this module's test sources. */
package dev.nabla.tests;
