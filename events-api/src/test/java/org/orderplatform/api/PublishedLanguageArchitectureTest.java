package org.orderplatform.api;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "org.orderplatform.api", importOptions = ImportOption.DoNotIncludeTests.class)
class PublishedLanguageArchitectureTest {

    @ArchTest
    static final ArchRule noSpringOrPersistence = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta.persistence..", "javax.persistence..",
                    "com.mongodb..", "org.bson..", "org.apache.kafka..")
            .because("the published language is shared by every service and must not drag in a framework");

    @ArchTest
    static final ArchRule onlyAxonModellingAndJsonAnnotations = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "org.orderplatform.api..",
                    "org.axonframework.modelling.command..", "org.axonframework.serialization..",
                    "com.fasterxml.jackson.annotation..")
            .because("messages carry Axon's routing annotations and their JSON shape, nothing else");

    @ArchTest
    static final ArchRule messagesAreRecords = classes()
            .that().haveSimpleNameEndingWith("Command")
            .or().haveSimpleNameEndingWith("Event")
            .or().haveSimpleNameEndingWith("Query")
            .or().haveSimpleNameEndingWith("View")
            .should().beRecords()
            .because("messages are immutable values");

    @ArchTest
    static final ArchRule contextsDoNotReachIntoCommon = noClasses()
            .that().resideInAPackage("org.orderplatform.api.common..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.orderplatform.api.order..", "org.orderplatform.api.payment..", "org.orderplatform.api.catalog..")
            .because("common is the shared kernel that the contexts build on, not the other way round");
}
