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

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.integratedpipeline.observation.ChildRequestObservationConvention;
import dev.integratedpipeline.observation.ChildRequestObservations;
import dev.integratedpipeline.observation.DefaultChildRequestObservationConvention;
import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChildRequestObservationAutoConfiguration}.
 */
class ChildRequestObservationAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class,
				ChildRequestObservationAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@Test
	void whenAnObservationRegistryExistsThenChildRequestsAreObserved() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ChildRequestObservations.class)
				.hasBean("childRequestsAreNotServerRequests")
				.getBean("childRequestsAreNotServerRequests")
				.isInstanceOf(ObservationPredicate.class));
	}

	@Test
	void whenNoObservationRegistryExistsThenNothingIsObserved() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ChildRequestObservations.class));
	}

	@Test
	void whenObservationsAreAutoConfiguredThenTheExecutorObservesWithThem() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.run((context) -> assertThat(context.getBean(ServletChildRequestExecutor.class)).extracting("listeners")
				.asInstanceOf(InstanceOfAssertFactories.ARRAY)
				.contains(context.getBean(ChildRequestObservations.class)));
	}

	@Test
	void whenConventionBeanIsDeclaredThenObservationsUseIt() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class, ConventionConfiguration.class)
			.run((context) -> assertThat(context.getBean(ChildRequestObservations.class))
				.hasFieldOrPropertyWithValue("convention", context.getBean(ChildRequestObservationConvention.class)));
	}

	@Test
	void whenTwoConventionBeansAreDeclaredThenObservationsUseTheDefaultOne() {
		this.contextRunner
			.withUserConfiguration(RegistryConfiguration.class, ConventionConfiguration.class,
					OtherConventionConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(ChildRequestObservations.class)
				.hasFieldOrPropertyWithValue("convention", null));
	}

	@Test
	void whenUserDeclaresObservationsThenTheAutoConfiguredOnesBackOffAndTheExecutorUsesTheUsersOnes() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class, UserObservationsConfiguration.class)
			.run((context) -> {
				ChildRequestObservations observations = context
					.getBean(UserObservationsConfiguration.class).observations;
				assertThat(context).getBean(ChildRequestObservations.class).isSameAs(observations);
				assertThat(context.getBean(ServletChildRequestExecutor.class)).extracting("listeners")
					.asInstanceOf(InstanceOfAssertFactories.ARRAY)
					.contains(observations);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		ObservationRegistry observationRegistry() {
			return ObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		ChildRequestObservationConvention customConvention() {
			return new DefaultChildRequestObservationConvention();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherConventionConfiguration {

		@Bean
		ChildRequestObservationConvention otherConvention() {
			return new DefaultChildRequestObservationConvention();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserObservationsConfiguration {

		final ChildRequestObservations observations = new ChildRequestObservations(ObservationRegistry.create(), null);

		@Bean
		ChildRequestObservations userObservations() {
			return this.observations;
		}

	}

}
