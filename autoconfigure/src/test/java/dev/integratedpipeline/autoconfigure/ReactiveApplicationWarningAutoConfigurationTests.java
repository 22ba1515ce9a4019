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
package dev.integratedpipeline.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.integratedpipeline.child.ChildRequestExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReactiveApplicationWarningAutoConfiguration}.
 *
 * @author Integrated Pipeline team
 */
@ExtendWith(OutputCaptureExtension.class)
class ReactiveApplicationWarningAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations
		.of(ReactiveApplicationWarningAutoConfiguration.class, IntegratedPipelineAutoConfiguration.class);

	@Test
	void whenTheApplicationIsReactiveThenOneWarningSaysWhatDoesNotWork(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ChildRequestExecutor.class);
			assertThat(output).containsOnlyOnce(ReactiveApplicationWarningAutoConfiguration.MESSAGE);
		});
	}

	@Test
	void whenTheReactiveApplicationDisablesThePipelineThenNothingIsLogged(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("integrated-pipeline.enabled=false")
			.run((context) -> assertThat(output).doesNotContain(ReactiveApplicationWarningAutoConfiguration.MESSAGE));
	}

	@Test
	void whenTheApplicationIsAServletOneThenNothingIsLogged(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(output).doesNotContain(ReactiveApplicationWarningAutoConfiguration.MESSAGE));
	}

}
