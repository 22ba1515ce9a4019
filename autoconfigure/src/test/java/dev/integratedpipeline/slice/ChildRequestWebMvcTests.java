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

package dev.integratedpipeline.slice;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A controller that composes child requests, tested in a {@code @WebMvcTest} slice: no
 * server, MockMvc auto-configured, and the {@link ChildRequestExecutor} running children
 * through the slice's filters (Spring Security and the pipeline's), modules and
 * {@code DispatcherServlet}.
 */
@WebMvcTest(ChildRequestWebMvcTests.PageController.class)
class ChildRequestWebMvcTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void whenControllerComposesAChildThenItRunsThroughTheSlicesFiltersModulesAndHandlers() {
		assertThat(this.mvc.get().uri("/page")).hasStatusOk()
			.bodyText()
			.isEqualTo("Oslo 7, depth 1, filtered by part-filter");
	}

	@Test
	void whenAPartIsRequestedByMockMvcAndByAChildThenBothAnswerTheSame() {
		assertThat(this.mvc.get().uri("/part/forecast")).hasStatusOk()
			.hasHeader("X-Pipeline-Depth", "0")
			.bodyText()
			.isEqualTo("{\"cityName\":\"Oslo\",\"degrees\":7}");
		assertThat(this.mvc.get().uri("/page/raw")).hasStatusOk()
			.bodyText()
			.isEqualTo("200 {\"cityName\":\"Oslo\",\"degrees\":7}");
	}

	@Test
	void whenAChildWithoutCredentialsAsksForAProtectedPathThenSecurityRefusesItAsItRefusesMockMvc() {
		assertThat(this.mvc.get().uri("/private/part")).hasStatus(401);
		assertThat(this.mvc.get().uri("/page/private")).hasStatusOk().bodyText().isEqualTo("401");
	}

	@Test
	void whenAChildCarriesTheParentsCredentialsThenItIsAuthenticated() {
		assertThat(this.mvc.get().uri("/page/private-as-caller").header("Authorization", "Basic dXNlcjpwYXNzd29yZA=="))
			.hasStatusOk()
			.bodyText()
			.isEqualTo("200 secret for user");
	}

	@Test
	void whenChildrenRunInParallelAndAsynchronouslyThenTheyComplete() {
		assertThat(this.mvc.get().uri("/page/parallel")).hasStatusOk().bodyText().isEqualTo("200 later, 200 Oslo");
	}

	@Test
	void whenAChildFailsThenItAnswersTheRawStatusWithItsFailureAsNoErrorPageIsRegistered() {
		assertThat(this.mvc.get().uri("/page/failing")).hasStatusOk()
			.bodyText()
			.isEqualTo("500 IllegalStateException, 0 bytes");
	}

	@SpringBootConfiguration
	@EnableWebSecurity
	@Import({ PageController.class, PartController.class })
	static class SliceApplication {

		@Bean
		DepthModule depthModule() {
			return new DepthModule();
		}

		@Bean
		FilterRegistrationBean<Filter> partFilter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				((HttpServletResponse) response).setHeader("X-Filtered", "part-filter");
				chain.doFilter(request, response);
			});
			registration.addUrlPatterns("/part/*");
			return registration;
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/private/**").authenticated().anyRequest().permitAll());
			http.httpBasic(Customizer.withDefaults());
			http.csrf((csrf) -> csrf.disable());
			return http.build();
		}

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(
					User.withUsername("user").password("{noop}password").roles("USER").build());
		}

	}

	/**
	 * Tells each response how deeply its request is nested.
	 */
	static class DepthModule implements PipelineModule {

		@Override
		public NotificationStatus onBeginRequest(PipelineContext context) {
			context.response().setHeader("X-Pipeline-Depth", String.valueOf(context.depth()));
			return NotificationStatus.CONTINUE;
		}

	}

	@RestController
	static class PageController {

		private final ChildRequestExecutor children;

		PageController(ChildRequestExecutor children) {
			this.children = children;
		}

		@GetMapping("/page")
		String page() {
			ChildResponse response = this.children.execute(ChildRequest.get("/part/forecast").build());
			Forecast forecast = response.requireSuccess().bodyAs(Forecast.class);
			return forecast.cityName() + " " + forecast.degrees() + ", depth "
					+ response.headers().getFirst("X-Pipeline-Depth") + ", filtered by "
					+ response.headers().getFirst("X-Filtered");
		}

		@GetMapping("/page/raw")
		String raw() {
			ChildResponse response = this.children.execute(ChildRequest.get("/part/forecast").build());
			return response.status() + " " + response.contentAsString();
		}

		@GetMapping("/page/private")
		String privatePart() {
			return String.valueOf(this.children.execute(ChildRequest.get("/private/part").build()).status());
		}

		@GetMapping("/page/private-as-caller")
		String privatePartAsCaller(HttpServletRequest request) {
			ChildResponse response = this.children.execute(ChildRequest.from(request).path("/private/part").build());
			return response.status() + " " + response.contentAsString();
		}

		@GetMapping("/page/parallel")
		String parallel() {
			List<ChildResponse> responses = this.children.executeAll(
					List.of(ChildRequest.get("/part/callable").build(), ChildRequest.get("/part/forecast").build()));
			return responses.get(0).status() + " " + responses.get(0).contentAsString() + ", "
					+ responses.get(1).status() + " " + responses.get(1).bodyAs(Forecast.class).cityName();
		}

		@GetMapping("/page/failing")
		String failing() {
			ChildResponse response = this.children.execute(ChildRequest.get("/part/boom").build());
			return response.status() + " " + response.error().getClass().getSimpleName() + ", "
					+ response.content().length + " bytes";
		}

	}

	@RestController
	static class PartController {

		@GetMapping("/part/forecast")
		Forecast forecast() {
			return new Forecast("Oslo", 7);
		}

		@GetMapping("/part/callable")
		Callable<String> callable() {
			return () -> "later";
		}

		@GetMapping("/part/boom")
		String boom() {
			throw new IllegalStateException("broken");
		}

		@GetMapping("/private/part")
		String secret(Principal principal) {
			return "secret for " + principal.getName();
		}

	}

	record Forecast(String cityName, int degrees) {

	}

}
