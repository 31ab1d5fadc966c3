package org.orderplatform.notification;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** notification knows the other services only through the published language (events-api) on Kafka. */
class NotificationArchitectureTest {

    private final JavaClasses mainClasses = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.orderplatform.notification");

    @Test
    void importsNoOtherService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.orderplatform.order..", "org.orderplatform.payment..", "org.orderplatform.catalog..")
                .check(mainClasses);
    }

    @Test
    void usesNeitherAxonNorTheAxonServer() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.axonframework..", "io.axoniq..")
                .check(mainClasses);
    }
}
