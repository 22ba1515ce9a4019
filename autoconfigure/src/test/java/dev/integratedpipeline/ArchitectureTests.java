/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.integratedpipeline;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the layering honest: the public API reaches into neither the servlet glue nor the
 * auto-configuration or the actuator endpoint, and the engine does not know how it is
 * configured. The engine's rooms: the pipeline engine ({@code servlet}) knows neither the
 * child engine ({@code servlet.child}) nor a container; the child engine reaches a
 * container through the SPI ({@code servlet.container}) only; neither engine knows
 * tracing or observations, which listen to them.
 */
class ArchitectureTests {

	private static final String ENGINE = "dev.integratedpipeline.servlet";

	/**
	 * The only public types of the engine's packages: what the auto-configuration wires,
	 * the container SPI, and the contracts between the rooms (the child engine's view of
	 * the pipeline engine, the listeners tracing and observations implement).
	 */
	private static final Set<String> PUBLIC_ENGINE_TYPES = Set.of(
			// Wired by the auto-configuration
			ENGINE + ".IntegratedPipeline", ENGINE + ".PipelineModules", ENGINE + ".PipelineFilter",
			ENGINE + ".PipelineAuthenticationFilter", ENGINE + ".PipelineHandlerInterceptor",
			ENGINE + ".child.ServletChildRequestExecutor", ENGINE + ".child.PipelineCallableInterceptor",
			ENGINE + ".child.ChildRequestParentAccessor", ENGINE + ".container.tomcat.TomcatChildRequestSupport",
			ENGINE + ".container.jetty.JettyChildRequestSupport",
			ENGINE + ".container.mockmvc.MockMvcChildRequestSupport",
			// The pipeline engine as the child engine, tracing and observations see it
			ENGINE + ".ServletPipelineContext", ENGINE + ".ChildEngine", ENGINE + ".ChildState",
			ENGINE + ".SpringSecurity",
			// The listeners the engines call, and what they hand them
			ENGINE + ".PipelineTrace", ENGINE + ".ObservationHandle", ENGINE + ".SensitiveQuery",
			ENGINE + ".child.ChildRequestListener",
			// The container SPI
			ENGINE + ".container.ServletContainer", ENGINE + ".container.ServletMapper",
			ENGINE + ".container.ServletMapping", ENGINE + ".container.ParameterLimits");

	/**
	 * Each class of the engines ({@code servlet}, {@code servlet.child},
	 * {@code servlet.container..}) with its nested classes, which count as the class.
	 */
	private static final SliceAssignment ENGINE_CLASSES = new SliceAssignment() {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass type) {
			if (!type.getPackageName().equals(ENGINE) && !type.getPackageName().startsWith(ENGINE + ".")) {
				return SliceIdentifier.ignore();
			}
			String name = type.getName();
			int nested = name.indexOf('$');
			return SliceIdentifier.of((nested < 0) ? name : name.substring(0, nested));
		}

		@Override
		public String getDescription() {
			return "the classes of the engines, each with its nested classes";
		}

	};

	private static DescribedPredicate<JavaClass> nameStartingWith(String name) {
		return DescribedPredicate.describe(name + " and its nested classes",
				(JavaClass type) -> type.getName().equals(name) || type.getName().startsWith(name + "$"));
	}

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.integratedpipeline");

	@Test
	void whenPublicApiIsCheckedThenItDependsOnNoImplementationPackage() {
		noClasses().that()
			.resideInAnyPackage("dev.integratedpipeline.pipeline..", "dev.integratedpipeline.child..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.integratedpipeline.servlet..", "dev.integratedpipeline.autoconfigure..",
					"dev.integratedpipeline.actuate..", "dev.integratedpipeline.trace..",
					"dev.integratedpipeline.observation..")
			.check(classes);
	}

	@Test
	void whenEngineIsCheckedThenItDependsOnNeitherAutoConfigurationNorActuator() {
		noClasses().that()
			.resideInAnyPackage("dev.integratedpipeline.servlet..", "dev.integratedpipeline.trace..",
					"dev.integratedpipeline.observation..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.integratedpipeline.autoconfigure..", "dev.integratedpipeline.actuate..",
					"org.springframework.boot.actuate..")
			.check(classes);
	}

	@Test
	void whenTraceModelIsCheckedThenItDependsOnNoEngine() {
		// The model: the records, the repository and what to include. The recorder that
		// listens to the engines (ChildRequestTracing) lives beside it
		noClasses().that()
			.resideInAPackage("dev.integratedpipeline.trace..")
			.and(DescribedPredicate.describe("not the recorder",
					(JavaClass type) -> !type.getName().startsWith("dev.integratedpipeline.trace.ChildRequestTracing")))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.integratedpipeline.servlet..", "jakarta.servlet..")
			.check(classes);
	}

	@Test
	void whenBuiltInModulesAreCheckedThenTheyUseOnlyThePublicApi() {
		// Built-in modules and the batch endpoint are ordinary users of the pipeline:
		// what one of
		// them needs from the engine belongs in the public API
		noClasses().that()
			.resideInAnyPackage("dev.integratedpipeline.modules..", "dev.integratedpipeline.batch..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.integratedpipeline.servlet..", "dev.integratedpipeline.autoconfigure..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void whenPackagesAreCheckedThenNoneDependsOnItselfThroughAnother() {
		slices().matching("dev.integratedpipeline.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void whenEngineClassesAreCheckedThenNoneDependsOnItselfThroughAnother() {
		// A class that needs to tell its caller something owns a small interface that the
		// caller implements (ChildAsyncContext.Cycle, ChildSessions.Adopting and
		// Creating,
		// PipelineTrace.Traced, ServletPipelineContext.ReplaceableResponse); it does not
		// reach into the caller's type. One exception, named: a child's run still reads
		// its executor (the container, the mapper, the converters, the scheduler, the
		// listeners it tells), which creates it; to go behind an interface the run owns
		slices().assignedFrom(ENGINE_CLASSES)
			.should()
			.beFreeOfCycles()
			.ignoreDependency(nameStartingWith(ENGINE + ".child.ChildRun"),
					nameStartingWith(ENGINE + ".child.ServletChildRequestExecutor"))
			.check(classes);
	}

	@Test
	void whenPipelineEngineIsCheckedThenItKnowsNeitherTheChildEngineNorAContainer() {
		noClasses().that()
			.resideInAPackage(ENGINE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ENGINE + ".child..", ENGINE + ".container..")
			.check(classes);
	}

	@Test
	void whenContainerSpiIsCheckedThenItKnowsNoEngineAndNoContainer() {
		noClasses().that()
			.resideInAPackage(ENGINE + ".container")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ENGINE, ENGINE + ".child..", ENGINE + ".container.(*)..")
			.check(classes);
	}

	@Test
	void whenEnginesAreCheckedThenTheyKnowNeitherTracingNorObservations() {
		noClasses().that()
			.resideInAPackage(ENGINE + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.integratedpipeline.trace..", "dev.integratedpipeline.observation..")
			.check(classes);
	}

	@Test
	void whenActuatorEndpointIsCheckedThenItKnowsNoEngine() {
		noClasses().that()
			.resideInAPackage("dev.integratedpipeline.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ENGINE + "..", "dev.integratedpipeline.autoconfigure..")
			.check(classes);
	}

	@Test
	void whenEngineTypesAreCheckedThenOnlyTheNamedOnesArePublic() {
		classes().that()
			.resideInAPackage(ENGINE + "..")
			.and()
			.areTopLevelClasses()
			.and(DescribedPredicate.describe("not one of the named public engine types",
					(JavaClass type) -> !PUBLIC_ENGINE_TYPES.contains(type.getName())))
			.should()
			.notBePublic()
			.check(classes);
	}

}
