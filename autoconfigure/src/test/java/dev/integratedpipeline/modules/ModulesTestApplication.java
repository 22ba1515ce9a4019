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

package dev.integratedpipeline.modules;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * The application the built-in modules are tested against, each test enabling the module
 * it is about: error pages, handlers that fail in every way, a child-issuing endpoint,
 * the targets of rewrites, and static directories for default documents.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ModulesTestApplication.TestController.class)
public class ModulesTestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/secure/**").authenticated().anyRequest().permitAll());
		http.httpBasic(Customizer.withDefaults());
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}secret").roles("USER").build());
	}

	/**
	 * Makes the URL-decoded {@code X-Test-User} header the user, so that a user name can
	 * carry any character.
	 */
	@Bean
	PipelineModule headerUserModule() {
		return new PipelineModule() {

			@Override
			public NotificationStatus onAuthenticateRequest(PipelineContext context) {
				String name = context.request().getHeader("X-Test-User");
				if (name != null) {
					String decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
					context.setUser(() -> decoded);
				}
				return NotificationStatus.CONTINUE;
			}

		};
	}

	@RestController
	static class TestController {

		private final ChildRequestExecutor children;

		TestController(ChildRequestExecutor children) {
			this.children = children;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/send-error")
		void sendError(HttpServletResponse response) throws IOException {
			response.sendError(404, "Nothing for you");
		}

		@GetMapping("/unavailable")
		void unavailable(HttpServletResponse response) throws IOException {
			response.sendError(503);
		}

		@RequestMapping("/fail")
		String fail() {
			throw new IllegalStateException("Boom");
		}

		@GetMapping("/body404")
		ResponseEntity<String> body404() {
			return ResponseEntity.status(404).body("own body");
		}

		@GetMapping("/empty404")
		ResponseEntity<Void> empty404() {
			return ResponseEntity.status(404).build();
		}

		@GetMapping(path = "/errors/page", produces = MediaType.TEXT_HTML_VALUE)
		String pageHtml(HttpServletRequest request) {
			return "<html><body>custom page " + describe(request) + "</body></html>";
		}

		@GetMapping(path = "/errors/page", produces = MediaType.APPLICATION_JSON_VALUE)
		Map<String, Object> pageJson(HttpServletRequest request) {
			return Map.of("page", "custom", "status", request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE),
					"method", request.getMethod());
		}

		@GetMapping("/errors/failing")
		String failingPage() {
			throw new IllegalStateException("The error page fails too");
		}

		private static String describe(HttpServletRequest request) {
			Object exceptionType = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE);
			return "status=" + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) + " uri="
					+ request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + " message="
					+ request.getAttribute(RequestDispatcher.ERROR_MESSAGE) + " servlet="
					+ request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME) + " exception="
					+ ((exceptionType instanceof Class<?> type) ? type.getSimpleName() : null) + " method="
					+ request.getMethod();
		}

		@GetMapping("/child")
		String child(@RequestParam String path, @RequestParam(required = false) ExecuteFlag flag,
				@RequestParam(required = false) String accept, HttpServletRequest request) {
			ChildRequest.Builder builder = ChildRequest.get(path);
			if (flag != null) {
				builder.flags(flag);
			}
			if (accept != null) {
				builder.header("Accept", accept);
			}
			ChildResponse response = this.children.execute(builder.build());
			return response.status() + "|" + response.contentAsString();
		}

		@RequestMapping("/new/{*rest}")
		String target(@PathVariable String rest, HttpServletRequest request) {
			String query = request.getQueryString();
			return "new " + rest + ((query != null) ? "?" + query : "");
		}

		@GetMapping("/keep")
		String keep() {
			return "kept";
		}

		@GetMapping("/secure/data")
		String secure(Principal principal) {
			return "secure data for " + principal.getName();
		}

		@GetMapping("/mapped/")
		String mappedDirectory() {
			return "mapped directory";
		}

		@PostMapping("/echo")
		String echo() {
			return "echo";
		}

		/**
		 * A default document larger than a child may hold (the streaming tests set
		 * {@code max-buffered-bytes} below it): 256 KB of numbered lines.
		 */
		@GetMapping(path = "/large/index.html", produces = MediaType.TEXT_HTML_VALUE)
		String largeDocument() {
			StringBuilder document = new StringBuilder(256 * 1024);
			for (int line = 0; document.length() < 256 * 1024; line++) {
				document.append("line ").append(line).append('\n');
			}
			return document.toString();
		}

	}

}
