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

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline's filters registered for every dispatcher type, as a filter bean of the
 * application's own is by Boot: they keep {@code OncePerRequestFilter}'s rules through
 * the request's pipeline context, with no "already filtered" attribute. A nested dispatch
 * (a forward) of a request they work on passes straight through, and an error dispatch is
 * not filtered: the pipeline is walked once per request.
 */
@SpringBootTest(classes = PipelineFilterDispatchHttpTests.DispatchApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class PipelineFilterDispatchHttpTests {

	@LocalServerPort
	private int port;

	@Test
	void whenRequestIsForwardedThenThePipelineIsWalkedOnce() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/dispatch/forward");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("BEGIN_REQUEST x1, AUTHENTICATE_REQUEST x1");
	}

	@Test
	void whenRequestFailsThenItsErrorDispatchDoesNotEnterThePipeline() {
		String id = HttpTestClient.newTestId();
		HttpResponse<String> response = new HttpTestClient(this.port).get("/dispatch/missing?id=" + id);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(CountingModule.begun).filteredOn((uri) -> uri.contains(id))
			.containsExactly("/dispatch/missing?id=" + id);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(DispatchController.class)
	static class DispatchApplication {

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

		@Bean
		CountingModule countingModule() {
			return new CountingModule();
		}

		@Bean
		FilterRegistrationBean<PipelineFilter> integratedPipelineFilter(IntegratedPipeline pipeline) {
			FilterRegistrationBean<PipelineFilter> registration = new FilterRegistrationBean<>(
					new PipelineFilter(pipeline));
			registration.setOrder(PipelineFilter.DEFAULT_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.FORWARD,
					DispatcherType.INCLUDE, DispatcherType.ERROR);
			return registration;
		}

		@Bean
		FilterRegistrationBean<PipelineAuthenticationFilter> integratedPipelineAuthenticationFilter() {
			FilterRegistrationBean<PipelineAuthenticationFilter> registration = new FilterRegistrationBean<>(
					new PipelineAuthenticationFilter());
			registration.setOrder(PipelineAuthenticationFilter.DEFAULT_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.FORWARD,
					DispatcherType.INCLUDE, DispatcherType.ERROR);
			return registration;
		}

	}

	/**
	 * Counts, in the request's state, how often it was notified of two events, and
	 * records the URI of each request that began.
	 */
	static final class CountingModule implements PipelineModule {

		static final List<String> begun = new CopyOnWriteArrayList<>();

		@Override
		public NotificationStatus onBeginRequest(PipelineContext context) {
			HttpServletRequest request = context.request();
			String query = request.getQueryString();
			begun.add(request.getRequestURI() + ((query != null) ? "?" + query : ""));
			count(context, "BEGIN_REQUEST");
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onAuthenticateRequest(PipelineContext context) {
			count(context, "AUTHENTICATE_REQUEST");
			return NotificationStatus.CONTINUE;
		}

		private static void count(PipelineContext context, String event) {
			context.state().merge(event, 1, (a, b) -> (Integer) a + (Integer) b);
		}

	}

	@RestController
	static class DispatchController {

		@GetMapping("/dispatch/forward")
		void forward(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
			request.getRequestDispatcher("/dispatch/target").forward(request, response);
		}

		@GetMapping("/dispatch/target")
		String target(HttpServletRequest request) {
			PipelineContext context = IntegratedPipeline.context(request);
			return (context != null) ? "BEGIN_REQUEST x" + context.state().get("BEGIN_REQUEST")
					+ ", AUTHENTICATE_REQUEST x" + context.state().get("AUTHENTICATE_REQUEST") : "no pipeline context";
		}

		@GetMapping("/dispatch/missing")
		void missing(HttpServletResponse response) throws IOException {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
		}

	}

}
