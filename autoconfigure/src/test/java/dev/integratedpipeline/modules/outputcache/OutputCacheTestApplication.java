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

package dev.integratedpipeline.modules.outputcache;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.Cookie;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;

/**
 * An application with Spring Security (HTTP Basic, {@code /c/secure/**} for users only)
 * whose handlers count their calls, by path and query, for the output cache tests; the
 * policies are in {@code output-cache-test.properties}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OutputCacheTestApplication.CachedController.class)
public class OutputCacheTestApplication {

	private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	/**
	 * Return how often the handler ran for a path and query.
	 * @param pathAndQuery the path and query
	 * @return the number of calls
	 */
	public static int calls(String pathAndQuery) {
		AtomicInteger count = calls.get(pathAndQuery);
		return (count != null) ? count.get() : 0;
	}

	static int called(HttpServletRequest request) {
		String query = request.getQueryString();
		return calls
			.computeIfAbsent(request.getRequestURI() + ((query != null) ? "?" + query : ""),
					(key) -> new AtomicInteger())
			.incrementAndGet();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/c/secure/**").authenticated().anyRequest().permitAll());
		http.httpBasic(Customizer.withDefaults());
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}a").roles("USER").build(),
				User.withUsername("bob").password("{noop}b").roles("USER").build());
	}

	@RestController
	@RequestMapping("/c")
	static class CachedController {

		private final ChildRequestExecutor children;

		CachedController(ChildRequestExecutor children) {
			this.children = children;
		}

		@GetMapping(path = { "/news", "/vary", "/tagged", "/some-query", "/short", "/other" },
				produces = MediaType.APPLICATION_JSON_VALUE)
		String news(HttpServletRequest request) {
			return "{\"path\":\"" + request.getRequestURI() + "\",\"call\":" + called(request) + ",\"lang\":\""
					+ request.getHeader("X-Lang") + "\"}";
		}

		@PostMapping("/news")
		String post(HttpServletRequest request) {
			return "posted";
		}

		@GetMapping("/secure/news")
		String secure(HttpServletRequest request) {
			return "for " + request.getUserPrincipal().getName() + " #" + called(request);
		}

		@GetMapping("/slow")
		String slow(HttpServletRequest request) throws InterruptedException {
			int call = called(request);
			Thread.sleep(300);
			return "slow #" + call;
		}

		@GetMapping("/writer")
		void writer(HttpServletRequest request, HttpServletResponse response) throws Exception {
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().print("héllo #" + called(request));
		}

		@GetMapping("/cookie")
		String cookie(HttpServletRequest request, HttpServletResponse response) {
			response.addCookie(new Cookie("session", "s3cret"));
			return "cookie #" + called(request);
		}

		@GetMapping("/no-store")
		ResponseEntity<String> noStore(HttpServletRequest request) {
			return ResponseEntity.ok().header("Cache-Control", "no-store").body("no-store #" + called(request));
		}

		@GetMapping("/private")
		ResponseEntity<String> privateResponse(HttpServletRequest request) {
			return ResponseEntity.ok()
				.header("Cache-Control", "private, max-age=60")
				.body("private #" + called(request));
		}

		@GetMapping("/public")
		ResponseEntity<String> publicResponse(HttpServletRequest request) {
			return ResponseEntity.ok().header("Cache-Control", "public, max-age=60").body("public #" + called(request));
		}

		@GetMapping("/negotiated")
		ResponseEntity<String> negotiated(HttpServletRequest request) {
			String accept = request.getHeader("Accept");
			String body = "text/csv".equals(accept) ? "csv #" : "json #";
			return ResponseEntity.ok().header("Vary", "Accept").body(body + called(request));
		}

		@GetMapping("/vary-any")
		ResponseEntity<String> varyAny(HttpServletRequest request) {
			return ResponseEntity.ok().header("Vary", "*").body("any #" + called(request));
		}

		@GetMapping("/etag")
		ResponseEntity<String> etag(HttpServletRequest request) {
			return ResponseEntity.ok().eTag("\"v1\"").body("tagged #" + called(request));
		}

		@GetMapping("/big")
		String big(HttpServletRequest request) {
			called(request);
			return "x".repeat(2048);
		}

		@GetMapping("/failing")
		ResponseEntity<String> failing(HttpServletRequest request) {
			return ResponseEntity.status(503).body("unavailable #" + called(request));
		}

		@GetMapping("/child")
		String child(@RequestParam String path, @RequestParam(defaultValue = "false") boolean eligible) {
			ChildRequest.Builder child = ChildRequest.get(path);
			if (eligible) {
				child.flags(ExecuteFlag.HTTP_CACHE_ELIGIBLE);
			}
			ChildResponse response = this.children.execute(child.build());
			return response.status() + " " + response.headers().getFirst("Age") + " "
					+ new String(response.content(), StandardCharsets.UTF_8);
		}

		@GetMapping("/children")
		String children(@RequestParam String path) {
			List<ChildResponse> responses = this.children
				.executeAll(List.of(ChildRequest.get(path).flags(ExecuteFlag.HTTP_CACHE_ELIGIBLE).build(),
						ChildRequest.get(path).flags(ExecuteFlag.HTTP_CACHE_ELIGIBLE).build()));
			return responses.stream().map(ChildResponse::contentAsString).toList().toString();
		}

	}

}
