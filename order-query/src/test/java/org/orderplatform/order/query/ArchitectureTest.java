package org.orderplatform.order.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "org.orderplatform.order.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule queryNeverUsesTheCommandSide = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.orderplatform.order.command..", "..saga..")
            .because("the query side learns about orders from events only");

    @ArchTest
    static final ArchRule noOtherServiceIsImported = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.orderplatform.catalog..",
                    "org.orderplatform.payment..", "org.orderplatform.notification..")
            .because("services share only the published language in events-api");

    @ArchTest
    static final ArchRule webStaysOffTheDocuments = noClasses()
            .that().resideInAPackage("..query.web..")
            .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..",
                    "org.springframework.data.mongodb..")
            .because("controllers send queries and return views, never documents");
}
