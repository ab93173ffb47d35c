// Nabla's public API for jshell, so README's snippets paste without their imports. From a clone:
//   mvn -B -ntp -pl examples -am package -DskipTests
//   jshell --class-path examples/target/nabla-examples.jar --startup jshell/nabla.jsh
// --startup replaces jshell's default imports, so the JDK packages they held (jshell's DEFAULT) come first.
import java.io.*;
import java.math.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.*;
import java.util.prefs.*;
import java.util.regex.*;
import java.util.stream.*;
import dev.nabla.graph.*;
import dev.nabla.autodiff.*;
import dev.nabla.nn.*;
import dev.nabla.nn.activation.*;
import dev.nabla.nn.data.*;
import dev.nabla.nn.diagnostics.*;
import dev.nabla.nn.io.*;
import dev.nabla.nn.loss.*;
import dev.nabla.nn.metrics.*;
import dev.nabla.nn.optim.*;
import dev.nabla.nn.train.*;
