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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with the starter but no module beans behaves as without the starter:
 * requests pass straight through and no pipeline context is created.
 */
@SpringBootTest(classes = NoModulesHttpTests.NoModulesApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health")
class NoModulesHttpTests {

	@LocalServerPort
	private int port;

	@Test
	void whenThereAreNoModulesThenRequestsPassWithoutAPipelineContext() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/context");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("no pipeline context");
	}

	@Test
	void whenNoModulesAndParentEndsThenAsyncChildIsCancelled() throws Exception {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/abandon");
		assertThat(response.body()).isEqualTo("abandoned");
		assertThat(ChildController.abandoned.get(10, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ContextController.class, ChildController.class })
	static class NoModulesApplication {

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	@RestController
	static class ContextController {

		@GetMapping("/context")
		String context(HttpServletRequest request) {
			return (IntegratedPipeline.context(request) != null) ? "pipeline context" : "no pipeline context";
		}

	}

	@RestController
	static class ChildController {

		/**
		 * How the child started by {@code /abandon} ended.
		 */
		static final CompletableFuture<String> abandoned = new CompletableFuture<>();

		private final ChildRequestExecutor executor;

		ChildController(ChildRequestExecutor executor) {
			this.executor = executor;
		}

		@GetMapping("/abandon")
		String abandon() {
			this.executor.executeAsync(ChildRequest.get("/never").build())
				.whenComplete((response, failure) -> abandoned.complete(
						(failure instanceof ChildRequestException ex) ? ex.reason().name() : String.valueOf(response)));
			return "abandoned";
		}

		@GetMapping("/never")
		DeferredResult<String> never() {
			return new DeferredResult<>();
		}

	}

}
