package org.fedra.node.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.fedra.node.NodeData;
import org.fedra.node.NodeDatabase;
import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.onboarding.ReidentificationMap;
import org.fedra.node.pipeline.fixture.StoreReadingExecutor;
import org.junit.jupiter.api.Test;

/**
 * The architecture rule behind the pipeline's promise: code in an executor's package reaches the node's data only
 * through the {@link ExecutionContext}, never the store, the data layer, the node database or JDBC. The executor
 * packages are those of every executor registered on the class path, so a new analysis is held to the rule as soon as
 * it is registered.
 */
class ExecutorIsolationTest {
    static ArchRule executorsStayOffTheStore(Collection<String> packages) {
        return noClasses().that().resideInAnyPackage(packages.toArray(String[]::new))
                .should().dependOnClassesThat().areAssignableTo(FhirStore.class)
                .orShould().dependOnClassesThat().areAssignableTo(NodeDataLayer.class)
                .orShould().dependOnClassesThat().areAssignableTo(NodeDatabase.class)
                .orShould().dependOnClassesThat().areAssignableTo(NodeData.class)
                .orShould().dependOnClassesThat().areAssignableTo(ReidentificationMap.class)
                .orShould().dependOnClassesThat().areAssignableTo(DataSource.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.h2..", "org.postgresql..")
                .because("an executor reads data only through the consent-filtered view of its ExecutionContext");
    }

    static Set<String> executorPackages() {
        Set<String> packages = new TreeSet<>();
        AnalysisExecutors.load().all().forEach(e -> packages.add(e.getClass().getPackageName()));
        return packages;
    }

    @Test
    void everyRegisteredExecutorsPackageKeepsOffTheStoreAndTheDatabase() {
        Set<String> packages = executorPackages();
        assertThat(packages).contains("org.fedra.node.analysis", "org.fedra.node.feasibility", "org.fedra.node.linkage", "org.fedra.node.training");
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
        assertThat(classes.size()).isGreaterThan(10);
        executorsStayOffTheStore(packages).check(classes);
    }

    @Test
    void anExecutorThatReadsTheStoreBreaksTheRule() {
        String fixture = StoreReadingExecutor.class.getPackageName();
        EvaluationResult result = executorsStayOffTheStore(Set.of(fixture)).evaluate(new ClassFileImporter().importPackages(fixture));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d).contains("StoreReadingExecutor")
                .contains(FhirStore.class.getName()));
        assertThat(result.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d).contains(NodeDataLayer.class.getName()));
    }
}
