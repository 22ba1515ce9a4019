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

package dev.integratedpipeline.benchmark;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link PipelineProfile} counts the pipeline's own samples.
 */
class PipelineProfileTests {

	private static final String SERVING = "java/lang/Thread.run;org/apache/catalina/connector/CoyoteAdapter.service;";

	@Test
	void whenTheLibrarysDeepestFrameCallsNoFilterThenTheSamplesAreThePipelines() {
		PipelineProfile.Shares shares = PipelineProfile.Shares.of(List.of(SERVING
				+ "dev/integratedpipeline/servlet/PipelineFilter.doFilter;dev/integratedpipeline/servlet/ServletPipelineContext.deliver;java/util/HashMap.get 7",
				SERVING + "org/apache/catalina/core/StandardWrapperValve.invoke 3"));
		assertThat(shares.pipeline()).isEqualTo(7);
		assertThat(shares.serving()).isEqualTo(10);
		assertThat(shares.byFrame()).containsEntry("dev/integratedpipeline/servlet/ServletPipelineContext.deliver", 7L);
	}

	@Test
	void whenTheLibraryCallsTheFilterChainThenWhatRunsThereIsNotThePipelines() {
		PipelineProfile.Shares shares = PipelineProfile.Shares.of(List.of(SERVING
				+ "dev/integratedpipeline/servlet/PipelineFilter.doFilter;org/apache/catalina/core/ApplicationFilterChain.doFilter;org/springframework/web/servlet/DispatcherServlet.doDispatch 5"));
		assertThat(shares.pipeline()).isZero();
		assertThat(shares.serving()).isEqualTo(5);
	}

	@Test
	void whenTheLibrarysValveCallsTheNextValveThenWhatRunsThereIsNotThePipelines() {
		PipelineProfile.Shares shares = PipelineProfile.Shares.of(List.of(SERVING
				+ "dev/integratedpipeline/servlet/container/tomcat/TomcatServletContainer$ConnectorRequestValve.invoke;org/apache/catalina/authenticator/AuthenticatorBase.invoke;org/apache/catalina/core/ContainerBase.getRealm 4"));
		assertThat(shares.pipeline()).isZero();
	}

	@Test
	void whenTheLibraryCallsTheBenchmarksModulesThenWhatRunsThereIsNotThePipelines() {
		PipelineProfile.Shares shares = PipelineProfile.Shares.of(List.of(SERVING
				+ "dev/integratedpipeline/servlet/ServletPipelineContext.deliver;dev/integratedpipeline/benchmark/BenchmarkModules$NoOpModule.onBeginRequest 2"));
		assertThat(shares.pipeline()).isZero();
	}

	@Test
	void whenAThreadServesNoRequestThenItsSamplesAreLeftOut() {
		PipelineProfile.Shares shares = PipelineProfile.Shares
			.of(List.of("java/lang/Thread.run;dev/integratedpipeline/servlet/child/ChildRun.run 9"));
		assertThat(shares.serving()).isZero();
		assertThat(shares.share()).isZero();
	}

}
