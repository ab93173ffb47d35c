// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.Buffers;
import org.junit.jupiter.api.Test;

/**
 * The layers of nabla-graph as docs/architecture.md draws them, checked on the class files of every
 * module: the storage and executor packages are graph's own, kernels stand alone, primitives never
 * reach into the executor. A class that crosses a line fails the build, named with the line it
 * crossed, so internal access is kept by a rule and not by convention.
 */
class ArchitectureTest {
    private static final JavaClasses NABLA = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nabla");

    /** Tensor's storage and the executor's internals are public only across graph's own packages. */
    static final ArchRule INTERNALS_STAY_IN_GRAPH = noClasses()
            .that().resideOutsideOfPackage("dev.nabla.graph..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.nabla.graph.storage..", "dev.nabla.graph.exec..")
            .because("storage access and the executor's passes are internal to nabla-graph (docs/architecture.md)");

    /** Kernels are loops on flat arrays: they know no tensor, node or op. */
    static final ArchRule KERNELS_STAND_ALONE = noClasses()
            .that().resideInAPackage("dev.nabla.graph.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.nabla.graph", "dev.nabla.graph.op..",
                    "dev.nabla.graph.exec..", "dev.nabla.graph.storage..", "dev.nabla.graph.view..")
            .because("kernels sit at the bottom, so blas and simd can replace them");

    /** A primitive is a value with rules; how a plan is compiled and run is not its business. */
    static final ArchRule PRIMITIVES_DO_NOT_RUN_PLANS = noClasses()
            .that().resideInAnyPackage("dev.nabla.graph.op..", "dev.nabla.graph.storage..")
            .should().dependOnClassesThat().resideInAPackage("dev.nabla.graph.exec..")
            .because("the executor's passes switch over primitives, not the other way round");

    @Test
    void everyModuleKeepsToTheLayers() {
        assertTrue(NABLA.contain("dev.nabla.graph.Tensor") && NABLA.contain("dev.nabla.nn.Layer"),
                "the import must see graph's and nn's classes");
        INTERNALS_STAY_IN_GRAPH.check(NABLA);
        KERNELS_STAND_ALONE.check(NABLA);
        PRIMITIVES_DO_NOT_RUN_PLANS.check(NABLA);
    }

    /** A class outside graph that reads a tensor's array, as a user's or another module's code might. */
    static final class Intruder {
        static double first(Tensor t) {
            return Buffers.doubles(t)[0];
        }
    }

    @Test
    void aClassOutsideGraphReadingStorageIsNamed() {
        JavaClasses intruder = new ClassFileImporter().importClasses(Intruder.class);
        AssertionError e = assertThrows(AssertionError.class, () -> INTERNALS_STAY_IN_GRAPH.check(intruder));
        assertTrue(e.getMessage().contains("ArchitectureTest$Intruder") && e.getMessage().contains("Buffers.doubles"),
                e.getMessage());
    }
}
