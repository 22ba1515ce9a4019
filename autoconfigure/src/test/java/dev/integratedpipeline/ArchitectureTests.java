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

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the layering honest: the public API reaches into neither the servlet glue nor the
 * auto-configuration or the actuator endpoint, and the engine does not know how it is
 * configured.
 */
class ArchitectureTests {

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
		noClasses().that()
			.resideInAPackage("dev.integratedpipeline.trace..")
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

}
