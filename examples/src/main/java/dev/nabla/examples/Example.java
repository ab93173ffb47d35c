// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

/**
 * One runnable example: a short plain-text report of numbers it computed, and PNG figures.
 *
 * <p>Usage: registered in {@link Examples}, run as {@code java -jar nabla-examples.jar NAME}.
 */
public interface Example {
    /** @return the name used on the command line, such as {@code backprop} */
    String name();

    /** @return one line saying what the example shows */
    String summary();

    /**
     * Runs the example.
     *
     * @param run where to write, the seed, quick mode and the report stream
     * @throws Exception if the example cannot finish; the runner reports it and fails
     */
    void run(ExampleRun run) throws Exception;
}
