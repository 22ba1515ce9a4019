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

package dev.integratedpipeline.fidelity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.error.ErrorPageRegistrar;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.observation.ChildRequestObservationContext;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * An ordinary application — a Thymeleaf page, JSON, static resources, Boot's error pages,
 * a redirect, a form, a session, HTTP Basic on {@code /fidelity/secure/**} — that answers
 * any request the same whether it came from the network or is a child request built
 * {@link ChildRequest#from from} it: {@link ReplayFilter} replays a marked request as a
 * child and keeps what the child answered.
 *
 * @author Integrated Pipeline team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FidelityTestApplication.FidelityController.class)
public class FidelityTestApplication {

	/**
	 * The header that marks a request to replay as a child; its value names the replay.
	 */
	public static final String REPLAY = "X-Replay";

	@Bean
	SecurityFilterChain fidelitySecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/fidelity/secure/**").authenticated().anyRequest().permitAll());
		http.httpBasic(Customizer.withDefaults());
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	UserDetailsService fidelityUsers() {
		return new InMemoryUserDetailsManager(
				User.withUsername("user").password("{noop}password").roles("USER").build());
	}

	/**
	 * A page of its own for one exception, answered with 200: Spring MVC's download
	 * protection then depends on the URI the error page sees as the original.
	 */
	@Bean
	ErrorPageRegistrar fidelityErrorPages() {
		return (registry) -> registry.addErrorPages(new ErrorPage(SoftException.class, "/fidelity/soft-error"));
	}

	/**
	 * Boot's error attributes without the timestamp, which differs between any two
	 * requests.
	 */
	@Bean
	DefaultErrorAttributes fidelityErrorAttributes() {
		return new DefaultErrorAttributes() {

			@Override
			public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
				Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
				attributes.remove("timestamp");
				return attributes;
			}

		};
	}

	/**
	 * A module, so that the pipeline runs for the replayed request and its child is a
	 * child of it.
	 */
	@Bean
	PipelineModule fidelityModule() {
		return new PipelineModule() {

			@Override
			public NotificationStatus onBeginRequest(PipelineContext context) {
				return NotificationStatus.CONTINUE;
			}

		};
	}

	@Bean
	ReplayFilter replayFilter(ChildRequestExecutor children) {
		return new ReplayFilter(children);
	}

	/**
	 * Right after Spring's {@code RequestContextFilter} (−105), before Spring Security
	 * (−100): the replayed request reaches no further, its child runs the whole pipeline.
	 */
	@Bean
	FilterRegistrationBean<Filter> replayFilterRegistration(ReplayFilter filter) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(-104);
		return registration;
	}

	@Bean
	ObservedPaths observedPaths() {
		return new ObservedPaths();
	}

	/**
	 * For a request that carries {@link #REPLAY}: runs a child built from it, with its
	 * body and without the marker, keeps the child's response under the marker's value,
	 * and answers 204. Any other request passes.
	 */
	public static final class ReplayFilter extends OncePerRequestFilter {

		private final ChildRequestExecutor children;

		private final Map<String, ChildResponse> replays = new ConcurrentHashMap<>();

		ReplayFilter(ChildRequestExecutor children) {
			this.children = children;
		}

		/**
		 * Return what the child of a replayed request answered.
		 * @param id the value of the marker
		 * @return the child's response, or {@code null}
		 */
		public ChildResponse replay(String id) {
			return this.replays.remove(id);
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String id = request.getHeader(REPLAY);
			if (id == null) {
				chain.doFilter(request, response);
				return;
			}
			byte[] body = request.getInputStream().readAllBytes();
			ChildRequest child = ChildRequest.from(request)
				.setHeader(REPLAY)
				.body(body)
				// The child keeps its caching headers, as from the network
				.flags(ExecuteFlag.HTTP_CACHE_ELIGIBLE)
				.build();
			this.replays.put(id, this.children.execute(child));
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
		}

	}

	/**
	 * The paths of the child-request observations, as the default convention records
	 * them.
	 */
	public static final class ObservedPaths implements ObservationHandler<ChildRequestObservationContext> {

		private final List<String> paths = new CopyOnWriteArrayList<>();

		public List<String> paths() {
			return this.paths;
		}

		@Override
		public void onStop(ChildRequestObservationContext context) {
			context.getHighCardinalityKeyValues()
				.stream()
				.filter((keyValue) -> keyValue.getKey().equals("path"))
				.forEach((keyValue) -> this.paths.add(keyValue.getValue()));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ChildRequestObservationContext;
		}

	}

	/**
	 * Shown by its own error page, with 200.
	 */
	static class SoftException extends RuntimeException {

		SoftException() {
			super("soft");
		}

	}

	@Bean
	SessionCounter sessionCounter() {
		return new SessionCounter();
	}

	/**
	 * Counts the sessions created in the application.
	 */
	public static final class SessionCounter implements HttpSessionListener {

		private final AtomicInteger created = new AtomicInteger();

		public int created() {
			return this.created.get();
		}

		@Override
		public void sessionCreated(HttpSessionEvent event) {
			this.created.incrementAndGet();
		}

	}

	@Controller
	static class FidelityController {

		private final ChildRequestExecutor children;

		FidelityController(ChildRequestExecutor children) {
			this.children = children;
		}

		/**
		 * Children of {@code /fidelity/session} run with {@code executeAsync}, all at
		 * once; answers the session ids their responses set, and this request's own.
		 */
		@GetMapping("/fidelity/async-sessions")
		@ResponseBody
		String asyncSessions(@RequestParam int children, HttpServletRequest request) {
			List<CompletableFuture<ChildResponse>> futures = new ArrayList<>();
			for (int i = 0; i < children; i++) {
				futures.add(this.children.executeAsync(ChildRequest.get("/fidelity/session").build()));
			}
			Set<String> cookies = new TreeSet<>();
			futures.stream()
				.map(CompletableFuture::join)
				.forEach((child) -> child.headers().getOrEmpty(HttpHeaders.SET_COOKIE).forEach(cookies::add));
			HttpSession session = request.getSession(false);
			return "cookies=" + cookies + " parent=" + ((session != null) ? session.getId() : null);
		}

		@GetMapping("/fidelity/page")
		String page(Model model, @RequestParam(defaultValue = "world") String name) {
			model.addAttribute("name", name);
			return "fidelity/page";
		}

		/**
		 * Handlers the containers never let the network reach: the application's private
		 * directories answer 404 before any filter.
		 */
		@GetMapping({ "/WEB-INF/secret", "/web-inf/secret", "/META-INF/secret" })
		@ResponseBody
		String secret() {
			return "secret";
		}

		@GetMapping("/fidelity/json")
		@ResponseBody
		Map<String, Object> json() {
			return Map.of("answer", 42);
		}

		@GetMapping("/fidelity/boom")
		@ResponseBody
		String boom() {
			throw new IllegalStateException("boom");
		}

		@RequestMapping(path = "/fidelity/fail.bat", method = { RequestMethod.GET, RequestMethod.POST })
		@ResponseBody
		String fail() {
			throw new SoftException();
		}

		@GetMapping("/fidelity/soft-error")
		ResponseEntity<Map<String, Object>> softError(HttpServletRequest request) {
			Map<String, Object> page = new java.util.LinkedHashMap<>();
			page.put("requestUri", request.getRequestURI());
			page.put("forwardRequestUri", request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI));
			page.put("forwardServletPath", request.getAttribute(RequestDispatcher.FORWARD_SERVLET_PATH));
			page.put("forwardQueryString", request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING));
			page.put("queryString", request.getQueryString());
			page.put("errorRequestUri", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
			page.put("method", request.getMethod());
			page.put("errorMethod", request.getAttribute(RequestDispatcher.ERROR_METHOD));
			return ResponseEntity.ok(page);
		}

		@GetMapping("/fidelity/redirect")
		String redirect() {
			return "redirect:/fidelity/json";
		}

		@GetMapping("/fidelity/redirect/relative")
		void relativeRedirect(HttpServletResponse response) throws IOException {
			response.sendRedirect("../json?from=relative");
		}

		@PostMapping("/fidelity/form")
		@ResponseBody
		String form(@RequestParam Map<String, String> form) {
			return "form " + new java.util.TreeMap<>(form);
		}

		@GetMapping("/fidelity/session")
		@ResponseBody
		String session(HttpServletRequest request) {
			HttpSession session = request.getSession();
			session.setAttribute("visited", true);
			return "session " + (session.isNew() ? "created" : "reused");
		}

		@GetMapping("/fidelity/echo/{name}")
		@ResponseBody
		String echo(@PathVariable String name, @RequestParam(required = false) String q, HttpServletRequest request) {
			return "name=" + name + " q=" + q + " uri=" + request.getRequestURI() + " servletPath="
					+ request.getServletPath();
		}

		@GetMapping("/fidelity/cookies")
		@ResponseBody
		String cookies(HttpServletRequest request) {
			jakarta.servlet.http.Cookie[] cookies = request.getCookies();
			StringBuilder body = new StringBuilder();
			for (jakarta.servlet.http.Cookie cookie : (cookies != null) ? cookies
					: new jakarta.servlet.http.Cookie[0]) {
				body.append('[').append(cookie.getName()).append("]=[").append(cookie.getValue()).append("]\n");
			}
			return (cookies != null) ? body.toString() : "none";
		}

		@GetMapping("/fidelity/secure/data")
		@ResponseBody
		String secure(java.security.Principal principal) {
			return "secret of " + principal.getName();
		}

		@GetMapping("/fidelity/async")
		@ResponseBody
		Callable<String> async() {
			return () -> "async answer";
		}

	}

}
