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

import java.util.Set;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.integratedpipeline.actuate.ChildRequestsEndpoint;
import dev.integratedpipeline.servlet.IntegratedPipeline;
import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;
import dev.integratedpipeline.trace.ChildRequestTracing;
import dev.integratedpipeline.trace.InMemoryChildRequestTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChildRequestTracingAutoConfiguration}.
 */
class ChildRequestTracingAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class, ChildRequestTracingAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class, EndpointAutoConfiguration.class));

	@Test
	void whenEndpointIsExposedThenTracesAreRecorded() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=childrequests")
			.run((context) -> assertThat(context).hasSingleBean(ChildRequestsEndpoint.class)
				.hasSingleBean(ChildRequestTracing.class)
				.hasSingleBean(InMemoryChildRequestTraceRepository.class));
	}

	@Test
	void whenEndpointIsNotExposedThenNothingIsRecorded() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ChildRequestsEndpoint.class)
			.doesNotHaveBean(ChildRequestTracing.class)
			.doesNotHaveBean(ChildRequestTraceRepository.class));
	}

	@Test
	void whenEndpointIsDisabledThenNothingIsRecorded() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=childrequests",
					"management.endpoint.childrequests.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ChildRequestsEndpoint.class));
	}

	@Test
	void whenActuatorIsAbsentThenNothingIsRecorded() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=childrequests")
			.withClassLoader(
					new FilteredClassLoader(org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ChildRequestTracing.class));
	}

	@Test
	void whenEndpointIsExposedOverJmxThenItIsAvailable() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=childrequests")
			.run((context) -> assertThat(context).hasSingleBean(ChildRequestsEndpoint.class));
	}

	@Test
	void whenUserDefinesARepositoryThenItIsUsed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=childrequests")
			.withUserConfiguration(CustomRepositoryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ChildRequestTraceRepository.class)
				.getBean(ChildRequestTraceRepository.class)
				.isSameAs(context.getBean(CustomRepositoryConfiguration.class).repository));
	}

	@Test
	void whenCapacityIsConfiguredThenTheRepositoryKeepsThatMany() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=childrequests",
					"integrated-pipeline.trace.capacity=7")
			.run((context) -> assertThat(context.getBean(InMemoryChildRequestTraceRepository.class))
				.hasFieldOrPropertyWithValue("capacity", 7));
	}

	@Test
	void whenTraceLimitsAreConfiguredThenTracingKeepsThatMany() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=childrequests",
					"integrated-pipeline.trace.max-children=7", "integrated-pipeline.trace.max-notifications=9")
			.run((context) -> assertThat(context.getBean(ChildRequestTracing.class))
				.hasFieldOrPropertyWithValue("maxChildren", 7)
				.hasFieldOrPropertyWithValue("maxNotifications", 9));
	}

	@Test
	void whenTracingIsAutoConfiguredThenThePipelineAndTheExecutorRecordWithIt() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=childrequests")
			.run((context) -> {
				ChildRequestTracing tracing = context.getBean(ChildRequestTracing.class);
				assertThat(context.getBean(IntegratedPipeline.class)).hasFieldOrPropertyWithValue("traces", tracing);
				assertThat(context.getBean(ServletChildRequestExecutor.class)).extracting("listeners")
					.asInstanceOf(InstanceOfAssertFactories.ARRAY)
					.contains(tracing);
			});
	}

	@Test
	void whenUserDefinesTracingThenTheAutoConfiguredOneBacksOffAndThePipelineAndTheExecutorRecordWithTheUsersOne() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=childrequests")
			.withUserConfiguration(CustomTracingConfiguration.class)
			.run((context) -> {
				ChildRequestTracing tracing = context.getBean(CustomTracingConfiguration.class).tracing;
				assertThat(context).getBean(ChildRequestTracing.class).isSameAs(tracing);
				assertThat(context.getBean(IntegratedPipeline.class)).hasFieldOrPropertyWithValue("traces", tracing);
				assertThat(context.getBean(ServletChildRequestExecutor.class)).extracting("listeners")
					.asInstanceOf(InstanceOfAssertFactories.ARRAY)
					.contains(tracing);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomTracingConfiguration {

		final ChildRequestTracing tracing = new ChildRequestTracing(new InMemoryChildRequestTraceRepository(), true,
				Set.of(), Set.of());

		@Bean
		ChildRequestTracing customTracing() {
			return this.tracing;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRepositoryConfiguration {

		final ChildRequestTraceRepository repository = new InMemoryChildRequestTraceRepository(5);

		@Bean
		ChildRequestTraceRepository customRepository() {
			return this.repository;
		}

	}

}
