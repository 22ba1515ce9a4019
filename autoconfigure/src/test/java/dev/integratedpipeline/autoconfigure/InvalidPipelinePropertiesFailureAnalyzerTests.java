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

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.integratedpipeline.testapp.PipelineTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link InvalidPipelinePropertiesFailureAnalyzer} and the property checks that
 * feed it.
 *
 * @author Integrated Pipeline team
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPipelinePropertiesFailureAnalyzerTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@Test
	void whenDefaultsAreUsedThenStartupSucceeds() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenMaxDepthIsAboveWhatTheStackHoldsThenStartupFailsNamingTheBound() {
		FailureAnalysis analysis = analyzeStartupWith("integrated-pipeline.child.max-depth=1000");
		assertThat(analysis.getDescription()).contains("Property: integrated-pipeline.child.max-depth")
			.contains("Value: \"1000\"")
			.contains("must be between 1 and 32");
		assertThat(analysis.getAction())
			.contains("Set integrated-pipeline.child.max-depth between 1 and 32 (the default is 10)");
	}

	@Test
	void whenMaxDepthIsZeroThenStartupFails() {
		assertThat(analyzeStartupWith("integrated-pipeline.child.max-depth=0").getDescription())
			.contains("Property: integrated-pipeline.child.max-depth");
	}

	@Test
	void whenATraceLimitIsNegativeThenStartupFails() {
		FailureAnalysis analysis = analyzeStartupWith("integrated-pipeline.trace.max-children=-1");
		assertThat(analysis.getDescription()).contains("Property: integrated-pipeline.trace.max-children")
			.contains("must be at least 1");
		assertThat(analysis.getAction()).contains("Set integrated-pipeline.trace.max-children to 1 or more");
	}

	@Test
	void whenMaxBufferedBytesIsNegativeThenStartupFails() {
		assertThat(analyzeStartupWith("integrated-pipeline.child.max-buffered-bytes=-1MB").getDescription())
			.contains("Property: integrated-pipeline.child.max-buffered-bytes");
	}

	@Test
	void whenMaxBufferedBytesIsAboveWhatAByteArrayHoldsThenStartupFails() {
		assertThat(analyzeStartupWith("integrated-pipeline.child.max-buffered-bytes=3GB").getDescription())
			.contains("Property: integrated-pipeline.child.max-buffered-bytes")
			.contains("just under 2GB");
	}

	@Test
	void whenTimeoutIsZeroThenStartupFails() {
		FailureAnalysis analysis = analyzeStartupWith("integrated-pipeline.child.timeout=0s");
		assertThat(analysis.getDescription()).contains("Property: integrated-pipeline.child.timeout")
			.contains("must be at least 1ms");
		assertThat(analysis.getAction()).contains("Set integrated-pipeline.child.timeout to a positive duration");
	}

	@Test
	void whenFilterOrderIsNotBeforeTheAuthenticateOrderThenStartupFails() {
		FailureAnalysis analysis = analyzeStartupWith("integrated-pipeline.filter.order=-90");
		assertThat(analysis.getDescription()).contains("Property: integrated-pipeline.filter.order")
			.contains("must be lower than integrated-pipeline.filter.authenticate-order (-90)");
		assertThat(analysis.getAction()).contains("the defaults are -110 and -90");
	}

	@Test
	void whenSeveralValuesCannotWorkThenAllAreReportedAtOnce() {
		FailureAnalysis analysis = analyzeStartupWith("integrated-pipeline.child.timeout=0s",
				"integrated-pipeline.trace.capacity=0");
		assertThat(analysis.getDescription()).contains("Property: integrated-pipeline.child.timeout")
			.contains("Property: integrated-pipeline.trace.capacity");
	}

	@Test
	void whenFilterOrderIsNotBeforeSpringSecurityThenTheStartupReportSaysSoAndWhereItWasSet(CapturedOutput output) {
		SpringApplication application = new SpringApplication(PipelineTestApplication.class);
		assertThatException()
			.isThrownBy(() -> application.run("--server.port=0", "--integrated-pipeline.filter.order=-95"))
			.havingRootCause()
			.isInstanceOf(InvalidPipelinePropertiesException.class);
		// Printed by Boot's failure analysis: the analyzer is registered in
		// spring.factories, and Spring Security's order is the one it compares with
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: integrated-pipeline.filter.order")
			.contains("Value: \"-95\"")
			.contains("Origin: \"integrated-pipeline.filter.order\" from property source \"commandLineArgs\"")
			.contains("must be lower than Spring Security's filter order (-100, spring.security.filter.order)")
			.contains("Set integrated-pipeline.filter.order below -100");
	}

	@Test
	void whenAuthenticateOrderIsNotAfterSpringSecurityThenStartupFails(CapturedOutput output) {
		SpringApplication application = new SpringApplication(PipelineTestApplication.class);
		assertThatException()
			.isThrownBy(
					() -> application.run("--server.port=0", "--integrated-pipeline.filter.authenticate-order=-105"))
			.havingRootCause()
			.isInstanceOf(InvalidPipelinePropertiesException.class);
		assertThat(output).contains("Property: integrated-pipeline.filter.authenticate-order")
			.contains("must be higher than Spring Security's filter order (-100, spring.security.filter.order)");
	}

	private FailureAnalysis analyzeStartupWith(String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			analysis[0] = new InvalidPipelinePropertiesFailureAnalyzer(null).analyze(context.getStartupFailure());
		});
		assertThat(analysis[0]).as("an analysis of the failure").isNotNull();
		return analysis[0];
	}

}
