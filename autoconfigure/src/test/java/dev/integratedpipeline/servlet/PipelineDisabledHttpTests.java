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

package dev.integratedpipeline.servlet;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code integrated-pipeline.enabled=false} the application behaves as without the
 * starter, module beans or not: requests pass straight through and no pipeline context is
 * created.
 */
@SpringBootTest(classes = PipelineDisabledHttpTests.DisabledApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "integrated-pipeline.enabled=false")
class PipelineDisabledHttpTests {

	@LocalServerPort
	private int port;

	@Test
	void whenPipelineIsDisabledThenRequestsPassWithoutAPipelineContext() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/context");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("no pipeline context");
		assertThat(response.headers().firstValue("X-Begun")).isEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(NoModulesHttpTests.ContextController.class)
	static class DisabledApplication {

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

		@Bean
		PipelineModule beginModule() {
			return new PipelineModule() {

				@Override
				public NotificationStatus onBeginRequest(PipelineContext context) {
					context.response().setHeader("X-Begun", "true");
					return NotificationStatus.CONTINUE;
				}

			};
		}

	}

}
