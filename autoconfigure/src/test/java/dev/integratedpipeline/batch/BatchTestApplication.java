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

package dev.integratedpipeline.batch;

import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.testapp.TestUsers;

/**
 * The application the batch tests run against: Spring Security with basic authentication
 * and CSRF on (the double-submit cookie, so that a test can send a token of its own), and
 * controllers for every kind of item.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BatchTestApplication.ItemController.class)
public class BatchTestApplication {

	/** The CSRF token the tests send, as cookie and header. */
	static final String CSRF_TOKEN = "test-csrf-token";

	static final String[] CSRF_HEADERS = { "Cookie", "XSRF-TOKEN=" + CSRF_TOKEN, "X-XSRF-TOKEN", CSRF_TOKEN };

	/**
	 * How many times {@code /batch-test/count} ran: refused batches must leave it alone.
	 */
	static final AtomicInteger executed = new AtomicInteger();

	/** What {@code /batch-test/log/{name}} saw start and end, in order. */
	static final List<String> events = new CopyOnWriteArrayList<>();

	static final AtomicInteger running = new AtomicInteger();

	/** The most {@code /batch-test/log/{name}} requests that ran at once. */
	static final AtomicInteger maxRunning = new AtomicInteger();

	/**
	 * How many {@code /batch-test/log/{name}} requests run on a thread of Boot's task
	 * executor (a batch helper) now, and the most that did at once.
	 */
	static final AtomicInteger runningOnTaskThreads = new AtomicInteger();

	static final AtomicInteger maxRunningOnTaskThreads = new AtomicInteger();

	/** What {@link ItemModule} saw of each request under {@code /batch-test/module}. */
	static final Map<String, String> seenByModule = new ConcurrentHashMap<>();

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		TestUsers.secureAndAdminPaths(http);
		http.csrf((csrf) -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
			.csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()));
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		return TestUsers.userAndAdmin();
	}

	@Bean
	ItemModule itemModule() {
		return new ItemModule();
	}

	/**
	 * Records the depth and the parent of each request it sees under
	 * {@code /batch-test/module}, by its {@code X-Test-Id}.
	 */
	static class ItemModule implements PipelineModule {

		@Override
		public NotificationStatus onBeginRequest(PipelineContext context) {
			HttpServletRequest request = context.request();
			String id = request.getHeader("X-Test-Id");
			if (id != null && request.getRequestURI().startsWith("/batch-test/module")) {
				PipelineContext parent = context.parent();
				seenByModule.put(id, context.depth() + " " + ((parent != null)
						? parent.request().getMethod() + " " + parent.request().getRequestURI() : "-"));
			}
			return NotificationStatus.CONTINUE;
		}

	}

	@RestController
	static class ItemController {

		@GetMapping("/batch-test/hello")
		Map<String, Object> hello() {
			return Map.of("hello", "world");
		}

		@GetMapping("/batch-test/text")
		ResponseEntity<String> text() {
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("plain text, déjà vu");
		}

		@GetMapping("/batch-test/bytes")
		ResponseEntity<byte[]> bytes() {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(new byte[] { 0, 1, 2, -1 });
		}

		@GetMapping("/batch-test/multi")
		ResponseEntity<String> multi() {
			return ResponseEntity.ok()
				.header("X-Multi", "one", "two")
				.header(HttpHeaders.SET_COOKIE, "item=cookie; Path=/")
				.contentType(MediaType.TEXT_PLAIN)
				.body("multi");
		}

		@PostMapping("/batch-test/echo")
		ResponseEntity<byte[]> echo(@RequestBody byte[] body, HttpServletRequest request) {
			return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_TYPE, request.getContentType())
				.header("X-Echo-Length", String.valueOf(body.length))
				.body(body);
		}

		@GetMapping("/batch-test/headers")
		Map<String, String> headers(HttpServletRequest request) {
			Map<String, String> headers = new LinkedHashMap<>();
			for (String name : new String[] { "Accept-Language", "X-Custom", "Prefer", "Content-Type", "Expect",
					"Authorization" }) {
				String value = request.getHeader(name);
				headers.put(name, (value != null) ? value : "(none)");
			}
			return headers;
		}

		@GetMapping("/batch-test/all-headers")
		Map<String, String> allHeaders(HttpServletRequest request) {
			// Every header the request carries, by its name in lower case
			Map<String, String> headers = new LinkedHashMap<>();
			for (String name : Collections.list(request.getHeaderNames())) {
				headers.put(name.toLowerCase(Locale.ROOT),
						String.join(", ", Collections.list(request.getHeaders(name))));
			}
			return headers;
		}

		@GetMapping("/batch-test/xml")
		ResponseEntity<String> xml() {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body("<greeting>déjà vu</greeting>");
		}

		@GetMapping("/batch-test/form")
		ResponseEntity<String> form() {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_FORM_URLENCODED).body("a=1&b=d%C3%A9j%C3%A0");
		}

		@GetMapping("/api/batch-test/located")
		Map<String, Object> located() {
			return Map.of("located", "/api/");
		}

		@GetMapping("/batch-test/status/{status}")
		ResponseEntity<Map<String, Object>> status(@PathVariable int status) {
			return ResponseEntity.status(status).body(Map.of("status", status));
		}

		@GetMapping("/batch-test/empty")
		ResponseEntity<Void> empty() {
			return ResponseEntity.noContent().build();
		}

		@GetMapping("/batch-test/slow")
		Map<String, Object> slow(@RequestParam(defaultValue = "50") long ms) throws InterruptedException {
			Thread.sleep(ms);
			return Map.of("slept", ms);
		}

		@GetMapping("/batch-test/interrupting")
		Map<String, Object> interrupting() {
			// A handler that leaves its thread's interrupt flag set, as careless code
			// does
			Thread.currentThread().interrupt();
			return Map.of("interrupted", true);
		}

		@GetMapping("/batch-test/log/{name}")
		Map<String, Object> log(@PathVariable String name, @RequestParam(defaultValue = "0") long ms)
				throws InterruptedException {
			events.add("start:" + name);
			int now = running.incrementAndGet();
			maxRunning.accumulateAndGet(now, Math::max);
			boolean onTaskThread = Thread.currentThread().getName().startsWith("task-");
			if (onTaskThread) {
				maxRunningOnTaskThreads.accumulateAndGet(runningOnTaskThreads.incrementAndGet(), Math::max);
			}
			try {
				Thread.sleep(ms);
			}
			finally {
				if (onTaskThread) {
					runningOnTaskThreads.decrementAndGet();
				}
				running.decrementAndGet();
			}
			events.add("end:" + name);
			return Map.of("name", name);
		}

		@PostMapping("/batch-test/parameters")
		Map<String, Object> parameters(@RequestParam Map<String, String> parameters) {
			return Map.of("parameters", parameters.size());
		}

		@GetMapping("/batch-test/count")
		Map<String, Object> count() {
			return Map.of("count", executed.incrementAndGet());
		}

		@PostMapping("/batch-test/count")
		Map<String, Object> countPost() {
			return Map.of("count", executed.incrementAndGet());
		}

		@GetMapping("/batch-test/session")
		Map<String, Object> session(HttpSession session) {
			session.setAttribute("visited", true);
			return Map.of("session", session.getId());
		}

		@GetMapping("/batch-test/module")
		Map<String, Object> module() {
			return Map.of("module", true);
		}

		@GetMapping("/batch-test/big")
		ResponseEntity<String> big(@RequestParam int kb) {
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("x".repeat(kb * 1024));
		}

		@GetMapping("/secure/me")
		Map<String, Object> me(Principal principal) {
			return Map.of("name", principal.getName());
		}

		@GetMapping("/admin/only")
		Map<String, Object> admin(Principal principal,
				@RequestHeader(name = "X-Custom", required = false) String custom) {
			return Map.of("admin", principal.getName());
		}

	}

}
