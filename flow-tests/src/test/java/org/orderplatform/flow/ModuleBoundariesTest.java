package org.orderplatform.flow;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The rules that keep the services independent, checked over the production classes of every module. */
@AnalyzeClasses(packages = "org.orderplatform", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    private static final String ORDER_COMMAND = "org.orderplatform.order..";
    private static final String ORDER_QUERY = "org.orderplatform.order.query..";
    private static final String PAYMENT = "org.orderplatform.payment..";
    private static final String CATALOG = "org.orderplatform.catalog..";
    private static final String NOTIFICATION = "org.orderplatform.notification..";

    @ArchTest
    static final ArchRule paymentImportsNoOtherService = noClasses().that().resideInAPackage(PAYMENT)
            .should().dependOnClassesThat().resideInAnyPackage(ORDER_COMMAND, CATALOG, NOTIFICATION);

    @ArchTest
    static final ArchRule catalogImportsNoOtherService = noClasses().that().resideInAPackage(CATALOG)
            .should().dependOnClassesThat().resideInAnyPackage(ORDER_COMMAND, PAYMENT, NOTIFICATION);

    @ArchTest
    static final ArchRule orderCommandImportsNoOtherService = noClasses().that().resideInAPackage(ORDER_COMMAND)
            .and().resideOutsideOfPackage(ORDER_QUERY)
            .should().dependOnClassesThat().resideInAnyPackage(PAYMENT, CATALOG, NOTIFICATION, ORDER_QUERY);

    @ArchTest
    static final ArchRule servicesRunWithoutTestInfrastructure = noClasses()
            .that().resideOutsideOfPackages("org.orderplatform.infra..", "org.orderplatform.axonserver..")
            .should().dependOnClassesThat().resideInAnyPackage("org.orderplatform.infra..", "org.orderplatform.axonserver..")
            .because("the embedded servers stand in for real infrastructure in tests and local runs only");

    @ArchTest
    static final ArchRule decisionsDoNotDependOnTheWeb = noClasses()
            .that().resideInAnyPackage("org.orderplatform.order.command..", "org.orderplatform.order.saga..",
                    "org.orderplatform.payment.command..", "org.orderplatform.catalog.stock..")
            .should().dependOnClassesThat().resideInAnyPackage("..web..", "org.springframework.web..")
            .because("aggregates, sagas and command handlers decide; controllers only translate HTTP");
}
