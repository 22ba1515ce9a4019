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

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import dev.integratedpipeline.batch.BatchHandler;
import dev.integratedpipeline.batch.BatchMetrics;
import dev.integratedpipeline.batch.BatchOptions;
import dev.integratedpipeline.batch.MicrometerBatchMetrics;
import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration of the JSON batch endpoint: off by default, its properties and
 * its beans backing off.
 */
class BatchAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
				IntegratedPipelineAutoConfiguration.class, BatchAutoConfiguration.class));

	@Test
	void whenBatchIsNotEnabledThenNoEndpointIsRegistered() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(BatchHandler.class)
			.doesNotHaveBean("integratedPipelineBatchHandlerMapping"));
	}

	@Test
	void whenBatchIsEnabledThenTheEndpointIsMappedToItsPath() {
		this.contextRunner.withPropertyValues("integrated-pipeline.batch.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(BatchHandler.class);
			SimpleUrlHandlerMapping mapping = context.getBean("integratedPipelineBatchHandlerMapping",
					SimpleUrlHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/$batch");
		});
	}

	@Test
	void whenPropertiesAreSetThenTheHandlerUsesThem() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.path=/api/batch",
					"integrated-pipeline.batch.parallelism=8", "integrated-pipeline.batch.timeout=5s",
					"integrated-pipeline.batch.max-requests=50", "integrated-pipeline.batch.max-request-bytes=2MB",
					"integrated-pipeline.batch.allow-item-credentials=true",
					"integrated-pipeline.batch.refused-item-headers=X-Corp-User,X-Corp-Internal-*")
			.run((context) -> {
				BatchHandler handler = context.getBean(BatchHandler.class);
				assertThat(handler.options().path()).isEqualTo("/api/batch");
				assertThat(handler.options().parallelism()).isEqualTo(8);
				assertThat(handler.options().timeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(handler.options().maxRequests()).isEqualTo(50);
				assertThat(handler.options().maxRequestBytes()).isEqualTo(2 * 1024 * 1024);
				assertThat(handler.options().allowItemCredentials()).isTrue();
				assertThat(handler.options().refusedItemHeaders()).containsExactly("X-Corp-User", "X-Corp-Internal-*");
			});
	}

	@Test
	void whenMaxHelpersIsNotSetThenAllBatchesShareAsManyHelpersAsOneMayUse() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.parallelism=6")
			.run((context) -> assertThat(context.getBean(BatchHandler.class).options().maxHelpers()).isEqualTo(6));
	}

	@Test
	void whenMaxHelpersIsSetThenTheHandlerUsesIt() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.max-helpers=2")
			.run((context) -> assertThat(context.getBean(BatchHandler.class).options().maxHelpers()).isEqualTo(2));
	}

	@Test
	void whenMaxItemUrlLengthIsSetThenTheHandlerUsesIt() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.batch.enabled=true",
					"integrated-pipeline.batch.max-item-url-length=2048")
			.run((context) -> assertThat(context.getBean(BatchHandler.class).options().maxItemUrlLength())
				.isEqualTo(2048));
	}

	@Test
	void whenMaxHelpersIsNotPositiveThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.max-helpers=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("integrated-pipeline.batch.max-helpers"));
	}

	@Test
	void whenPathIsNotACleanPathThenStartupFails() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.path=/a/../b")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void whenRefusedItemHeaderHasAStarInsideThenStartupFailsNamingIt() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.batch.enabled=true",
					"integrated-pipeline.batch.refused-item-headers=X-*-User")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'X-*-User'"));
	}

	@Test
	void whenMeterRegistryIsPresentThenBatchesAreMeasuredWithMicrometer() {
		this.contextRunner.withPropertyValues("integrated-pipeline.batch.enabled=true")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).getBean(BatchMetrics.class)
				.isInstanceOf(MicrometerBatchMetrics.class));
	}

	@Test
	void whenMicrometerIsAbsentThenBatchesAreNotMeasured() {
		this.contextRunner.withPropertyValues("integrated-pipeline.batch.enabled=true")
			.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context.getBean(BatchHandler.class)).isNotNull()
				.extracting((handler) -> context.getBeanProvider(BatchMetrics.class).getIfAvailable())
				.isNull());
	}

	@Test
	void whenUserDeclaresAHandlerThenTheAutoConfiguredOneBacksOff() {
		this.contextRunner.withPropertyValues("integrated-pipeline.batch.enabled=true")
			.withBean("myBatchHandler", BatchHandler.class,
					() -> new BatchHandler(new ServletChildRequestExecutor(1, 1, Duration.ofSeconds(1), Runnable::run),
							BatchOptions.DEFAULTS, BatchMetrics.NONE))
			.run((context) -> assertThat(context).hasSingleBean(BatchHandler.class).hasBean("myBatchHandler"));
	}

}
