// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import java.util.Optional;

/**
 * Finds the user's line that created a node: the first stack frame outside Nabla's library
 * packages. Test, benchmark and example classes count as user code, so their lines are named.
 */
public final class CallSite {
    private static final String[] LIBRARY = {"dev.nabla.graph.", "dev.nabla.autodiff.", "dev.nabla.nn."};
    private static final StackWalker WALKER = StackWalker.getInstance();

    private CallSite() {}

    /**
     * Finds the user's line that is building a node, to name it in messages.
     *
     * @return {@code File.java:42} of the caller, or {@code "unknown"}
     */
    public static String capture() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .filter(f -> isUser(f.getClassName()))
                .findFirst());
        return frame.map(f -> f.getFileName() + ":" + f.getLineNumber()).orElse("unknown");
    }

    private static boolean isUser(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")) {
            return false;
        }
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        String outer = nested < 0 ? simple : simple.substring(0, nested);
        if (outer.endsWith("Test") || outer.endsWith("Tests") || outer.endsWith("Properties")
                || outer.endsWith("Benchmark")) {
            return true;
        }
        for (String p : LIBRARY) {
            if (className.startsWith(p)) {
                return false;
            }
        }
        return true;
    }
}
