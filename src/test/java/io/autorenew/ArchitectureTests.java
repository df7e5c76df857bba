package io.autorenew;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layout, as rules the build checks. {@link #LAYERS} lists the packages from the top
 * down: the APIs a client speaks and the operators' API, the one pipeline they go through
 * ({@code gateway}), the renewal engine and the gate to OpenRouter ({@code renewal}), what keeps
 * OpenRouter and the store in step ({@code hygiene}), what bounds the money ({@code money}), what a
 * user's key is and where it is kept ({@code keys}), the cipher of stored keys ({@code crypto}),
 * OpenRouter's HTTP APIs ({@code openrouter}) and the infrastructure ({@code security},
 * {@code web}, {@code store}), and at the bottom the OpenRouter stand-in the demo runs ({@code standin}),
 * which uses nothing of the service. A package may use those below it, never one above: arrows point
 * one way only. docs/development.md's layout table lists the same packages in the same order
 * ({@code LayoutTableTests}).
 */
@AnalyzeClasses(packages = "io.autorenew",
		importOptions = { ImportOption.DoNotIncludeTests.class, ArchitectureTests.NotGeneratedByAot.class })
class ArchitectureTests {

	/**
	 * Leaves out what the build's Spring AOT pass generates into {@code target/classes}
	 * ({@code Foo__BeanDefinitions}, {@code Foo__Accessor_…}): code about the layout, not of it.
	 */
	static final class NotGeneratedByAot implements ImportOption {

		@Override
		public boolean includes(Location location) {
			return !location.contains("__");
		}

	}

	/** The layers, top down; the packages of one layer do not use each other either. */
	static final List<List<String>> LAYERS = List.of(List.of("analysis", "openai", "anthropic", "admin", "demo"),
			List.of("gateway"), List.of("spend"), List.of("renewal"), List.of("hygiene"), List.of("money"), List.of("alerts"), List.of("keys"),
			List.of("crypto"), List.of("openrouter"), List.of("security"), List.of("web", "store"), List.of("standin"));

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
	static void eachLayerUsesOnlyTheLayersBelowIt(JavaClasses classes) {
		for (int layer = 0; layer < LAYERS.size(); layer++) {
			List<String> above = LAYERS.subList(0, layer).stream().flatMap(List::stream).toList();
			for (String pkg : LAYERS.get(layer)) {
				List<String> forbidden = new ArrayList<>(above);
				LAYERS.get(layer).stream().filter((other) -> !other.equals(pkg)).forEach(forbidden::add);
				if (forbidden.isEmpty()) {
					continue;
				}
				noClasses().that()
					.resideInAPackage("io.autorenew." + pkg + "..")
					.should()
					.dependOnClassesThat()
					.resideInAnyPackage(forbidden.stream().map((name) -> "io.autorenew." + name + "..").toArray(String[]::new))
					.because(pkg + "/ uses only the layers below it")
					.check(classes);
			}
		}
	}

	@ArchTest
	static void everyPackageHasItsLayer(JavaClasses classes) {
		Set<String> layered = LAYERS.stream().flatMap(List::stream).collect(Collectors.toSet());
		Set<String> packages = classes.stream()
			.map(JavaClass::getPackageName)
			.filter((name) -> name.startsWith("io.autorenew."))
			.map((name) -> name.substring("io.autorenew.".length()).split("\\.")[0])
			.collect(Collectors.toCollection(TreeSet::new));
		org.assertj.core.api.Assertions.assertThat(packages).as("top-level packages").isEqualTo(new TreeSet<>(layered));
	}

	@ArchTest
	static final ArchRule topLevelPackagesHaveNoCycles = slices().matching("io.autorenew.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule openRouterKnowsNoUsersAndNoMongo = noClasses().that()
		.resideInAPackage(OPENROUTER)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(SECURITY, STORE, "org.springframework.data..",
				"com.mongodb..",
				"org.bson..")
		.because("openrouter/ only speaks HTTP to OpenRouter");

	/**
	 * A public type below the gateway is used from another package: by the code, or by the tests
	 * of another package (a fixture that builds it), which are imported for this rule alone.
	 */
	@ArchTest
	static void lowerPackagesShowOnlyWhatOtherPackagesUse(JavaClasses classes) {
		JavaClasses withTests = new ClassFileImporter().withImportOption(new NotGeneratedByAot())
			.importPaths(Path.of("target/classes"), Path.of("target/test-classes"));
		classes().that()
			.resideInAnyPackage("io.autorenew.renewal", "io.autorenew.hygiene", "io.autorenew.money", "io.autorenew.keys",
					"io.autorenew.crypto", OPENROUTER, "io.autorenew.standin")
			.and()
			.arePublic()
			.and()
			.areTopLevelClasses()
			.and(DescribedPredicate.not(entryPoints()))
			.should(beUsedFromAnotherPackage(withTests))
			.because("a package's types are public only where another package needs them")
			.check(classes);
	}

	@ArchTest
	static final ArchRule theAuditTrailStandsAlone = noClasses().that()
		.resideInAPackage("io.autorenew.keys.audit..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.autorenew.keys", OPENROUTER)
		.because("keys/audit/ records what the key lifecycle did and knows nothing else of it");

	@ArchTest
	static final ArchRule theGatewayKnowsNoStore = noClasses().that()
		.resideInAPackage(GATEWAY)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(SECURITY, STORE)
		.because("every client API goes through the gateway's one pipeline; it knows the user, never how they signed in or where keys are kept");

	@ArchTest
	static final ArchRule theApisDoNotTouchTheStore = noClasses().that()
		.resideInAnyPackage(ANALYSIS, OPENAI, ANTHROPIC, ADMIN)
		.should()
		.dependOnClassesThat()
		.resideInAPackage(STORE)
		.because("the APIs reach the store only through the key lifecycle");

	@ArchTest
	static final ArchRule adminGoesThroughTheKeyLifecycle = noClasses().that()
		.resideInAPackage(ADMIN)
		.should()
		.dependOnClassesThat()
		.resideInAPackage(OPENROUTER)
		.because("operators act on keys through the key lifecycle, as requests do");

	@ArchTest
	static final ArchRule onlyTheDemoRunsTheStandIn = noClasses().that()
		.resideOutsideOfPackages("io.autorenew.demo..", "io.autorenew.standin..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.autorenew.standin..")
		.because("the stand-in plays OpenRouter for the demo; the service reaches OpenRouter only over HTTP");

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
		.doNotHaveSimpleName("GatewayApplication")
		.should()
		.notBePublic();

	/** Classes a process starts with ({@code public static void main}): public for the JVM, not for a package. */
	private static DescribedPredicate<JavaClass> entryPoints() {
		return DescribedPredicate.describe("entry points", (type) -> type.getMethods()
			.stream()
			.anyMatch((method) -> method.getName().equals("main") && method.getModifiers().contains(JavaModifier.STATIC)));
	}

	private static ArchCondition<JavaClass> beUsedFromAnotherPackage(JavaClasses withTests) {
		return new ArchCondition<>("be used from another package") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				boolean usedElsewhere = withTests.stream()
					.filter((member) -> member.getName().equals(type.getName())
							|| member.getName().startsWith(type.getName() + "$"))
					.flatMap((member) -> member.getDirectDependenciesToSelf().stream())
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
