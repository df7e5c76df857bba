package io.autorenew;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layout, as rules the build checks: features on top ({@code analysis},
 * {@code admin}, the client APIs {@code openai} and {@code anthropic}), the one pipeline and request
 * policy the client APIs go through below them ({@code gateway}), the key lifecycle below that
 * ({@code keys}), OpenRouter's HTTP APIs below
 * that ({@code openrouter}), and infrastructure ({@code security}, {@code web},
 * {@code store}) that features may use and that uses no feature. Arrows point one way only.
 */
@AnalyzeClasses(packages = "io.autorenew", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String ANALYSIS = "io.autorenew.analysis..";

	private static final String ADMIN = "io.autorenew.admin..";

	private static final String KEYS = "io.autorenew.keys..";

	private static final String OPENROUTER = "io.autorenew.openrouter..";

	private static final String OPENAI = "io.autorenew.openai..";

	private static final String ANTHROPIC = "io.autorenew.anthropic..";

	private static final String GATEWAY = "io.autorenew.gateway..";

	private static final String DEMO = "io.autorenew.demo..";

	private static final String SECURITY = "io.autorenew.security..";

	private static final String WEB = "io.autorenew.web..";

	private static final String STORE = "io.autorenew.store..";

	@ArchTest
	static final ArchRule topLevelPackagesHaveNoCycles = slices().matching("io.autorenew.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule openRouterKnowsNoUsersAndNoMongo = noClasses().that()
		.resideInAPackage(OPENROUTER)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(KEYS, GATEWAY, ANALYSIS, ADMIN, OPENAI, ANTHROPIC, DEMO, SECURITY, STORE,
				"org.springframework.data..",
				"com.mongodb..",
				"org.bson..")
		.because("openrouter/ only speaks HTTP to OpenRouter");

	@ArchTest
	static final ArchRule openRouterShowsOnlyWhatOtherPackagesUse = classes().that()
		.resideInAPackage(OPENROUTER)
		.and()
		.arePublic()
		.and()
		.areTopLevelClasses()
		.should(beUsedFromAnotherPackage())
		.because("openrouter/'s types are public only where another package needs them");

	@ArchTest
	static final ArchRule keysServeTheApisButDoNotKnowThem = noClasses().that()
		.resideInAPackage(KEYS)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ANALYSIS, ADMIN, OPENAI, ANTHROPIC, GATEWAY, DEMO, SECURITY)
		.because("the key lifecycle is used by the APIs, never the other way round");

	@ArchTest
	static final ArchRule theAuditTrailStandsAlone = noClasses().that()
		.resideInAPackage("io.autorenew.keys.audit..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.autorenew.keys", OPENROUTER)
		.because("keys/audit/ records what the key lifecycle did and knows nothing else of it");

	@ArchTest
	static final ArchRule apisDoNotReachIntoEachOther = noClasses().that()
		.resideInAPackage(ANALYSIS)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ADMIN, OPENAI, ANTHROPIC, DEMO, STORE);

	@ArchTest
	static final ArchRule theOpenAiApiStandsBesideTheAnalysisApi = noClasses().that()
		.resideInAPackage(OPENAI)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ANALYSIS, ADMIN, ANTHROPIC, DEMO, STORE);

	@ArchTest
	static final ArchRule theAnthropicApiStandsBesideTheOthers = noClasses().that()
		.resideInAPackage(ANTHROPIC)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ANALYSIS, ADMIN, OPENAI, DEMO, STORE)
		.because("each API a client speaks stands on the key lifecycle, never on another API");

	@ArchTest
	static final ArchRule theGatewayKnowsNoApi = noClasses().that()
		.resideInAPackage(GATEWAY)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ANALYSIS, ADMIN, OPENAI, ANTHROPIC, DEMO, SECURITY, STORE)
		.because("every client API goes through the gateway's one pipeline; the pipeline knows none of them");

	@ArchTest
	static final ArchRule adminGoesThroughKeys = noClasses().that()
		.resideInAPackage(ADMIN)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ANALYSIS, OPENAI, ANTHROPIC, GATEWAY, DEMO, OPENROUTER, STORE)
		.because("operators act on keys through the key lifecycle, as requests do");

	@ArchTest
	static final ArchRule infrastructureUsesNoFeature = noClasses().that()
		.resideInAnyPackage(SECURITY, WEB, STORE)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ANALYSIS, ADMIN, OPENAI, ANTHROPIC, GATEWAY, KEYS, OPENROUTER, DEMO);

	@ArchTest
	static final ArchRule webIsTheBottomOfTheInfrastructure = noClasses().that()
		.resideInAPackage(WEB)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(SECURITY, STORE);

	@ArchTest
	static final ArchRule onlyTheDemoKnowsTheDemo = noClasses().that()
		.resideOutsideOfPackage(DEMO)
		.should()
		.dependOnClassesThat()
		.resideInAPackage(DEMO);

	@ArchTest
	static final ArchRule wiringAndEndpointsArePackagePrivate = classes().that()
		.areAnnotatedWith(Configuration.class)
		.or()
		.areAnnotatedWith(RestController.class)
		.or()
		.areAnnotatedWith(RestControllerAdvice.class)
		.and()
		.doNotHaveSimpleName("AnalysisServiceApplication")
		.should()
		.notBePublic();

	private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
		return new ArchCondition<>("be used from another package") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				boolean usedElsewhere = type.getDirectDependenciesToSelf()
					.stream()
					.anyMatch((dependency) -> !dependency.getOriginClass()
						.getPackageName()
						.equals(type.getPackageName()));
				if (!usedElsewhere) {
					events.add(SimpleConditionEvent.violated(type,
							type.getName() + " is public but used only inside " + type.getPackageName()));
				}
			}
		};
	}

}
