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

package dev.integratedpipeline.testapp;

import java.io.IOException;
import java.security.Principal;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.servlet.IntegratedPipeline;

/**
 * The application the HTTP tests run against: Spring Security with basic authentication,
 * recording modules, a module steered by headers, and controllers for every kind of
 * handler.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ChildTestController.class, ChildTestController.Advice.class, ChildTestController.OverflowController.class,
		ChildTestController.CatchAllAdvice.class, TraceTestController.class, TypedBodyTestController.class })
public class PipelineTestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		TestUsers.secureAndAdminPaths(http);
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		return TestUsers.userAndAdmin();
	}

	@Bean
	ControlModule controlModule() {
		return new ControlModule();
	}

	@Bean
	RecordingModule firstRecordingModule() {
		return new RecordingModule("a", 10);
	}

	@Bean
	RecordingModule secondRecordingModule() {
		return new RecordingModule("b", 20);
	}

	@Bean
	ChildIssuingModule childIssuingModule() {
		return new ChildIssuingModule();
	}

	@Bean
	FilterRegistrationBean<Filter> helloFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
			((HttpServletResponse) response).setHeader("X-Filtered", "hello-filter");
			chain.doFilter(request, response);
		});
		registration.addUrlPatterns("/hello/*");
		return registration;
	}

	/**
	 * Wraps the response of a request under {@code /broken-output/} in one whose output
	 * stream fails, as the stream of a client that went away does.
	 */
	@Bean
	FilterRegistrationBean<Filter> brokenOutputFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> chain
			.doFilter(request, new BrokenOutputResponse((HttpServletResponse) response)));
		registration.addUrlPatterns("/broken-output/*");
		// Before the pipeline's filter (PipelineFilter.DEFAULT_ORDER, -110), so that its
		// response wraps this one
		registration.setOrder(-120);
		return registration;
	}

	/**
	 * Like many logging filters, sets the MDC and leaves it set.
	 */
	@Bean
	FilterRegistrationBean<Filter> mdcFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
			org.slf4j.MDC.put("parent", "overwritten");
			org.slf4j.MDC.put("child", "leaked");
			chain.doFilter(request, response);
		});
		registration.addUrlPatterns("/mdc/*");
		return registration;
	}

	// Declared before the first one, so that only the registration orders say which runs
	// first; for requests that carry X-Order-Test only

	@Bean
	FilterRegistrationBean<Filter> secondOrderedFilter() {
		return orderRecordingFilter("second", 2, DispatcherType.REQUEST);
	}

	@Bean
	FilterRegistrationBean<Filter> firstOrderedFilter() {
		return orderRecordingFilter("first", 1, DispatcherType.REQUEST);
	}

	@Bean
	FilterRegistrationBean<Filter> errorOnlyFilter() {
		return orderRecordingFilter("error", 3, DispatcherType.ERROR);
	}

	private static FilterRegistrationBean<Filter> orderRecordingFilter(String name, int order,
			DispatcherType dispatcherType) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
			if (((HttpServletRequest) request).getHeader("X-Order-Test") != null) {
				((HttpServletResponse) response).addHeader("X-Order", name);
			}
			chain.doFilter(request, response);
		});
		registration.setOrder(order);
		registration.setDispatcherTypes(dispatcherType);
		registration.addUrlPatterns("/*");
		return registration;
	}

	@Bean
	ServletRegistrationBean<HttpServlet> legacyServlet() {
		return new ServletRegistrationBean<>(new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setContentType("text/plain");
				response.getWriter().write("legacy " + request.getPathInfo());
			}

		}, "/legacy/*");
	}

	@Bean
	ApplicationRunner childAtStartup(ChildRequestExecutor executor) {
		return (args) -> startupResponse = executor.execute(ChildRequest.get("/hello").build());
	}

	/**
	 * What a child request executed by an {@link ApplicationRunner} answered, before any
	 * HTTP request reached the application.
	 */
	public static volatile ChildResponse startupResponse;

	@Bean
	@Scope("prototype")
	PrototypeModule prototypeModule() {
		return new PrototypeModule();
	}

	static final class BrokenOutputResponse extends HttpServletResponseWrapper {

		BrokenOutputResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return new ServletOutputStream() {

				@Override
				public void write(int b) throws IOException {
					throw new IOException("Broken pipe");
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setWriteListener(WriteListener writeListener) {
				}

			};
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/hello/{name}")
		String helloName(@PathVariable String name, @RequestParam(defaultValue = "") String greeting) {
			return greeting + "hello " + name;
		}

		@GetMapping({ "/whoami", "/secure/whoami", "/admin/whoami" })
		String whoami(HttpServletRequest request) {
			Principal principal = request.getUserPrincipal();
			return (principal != null) ? principal.getName() : "anonymous";
		}

		@GetMapping("/authenticated")
		String authenticated(HttpServletRequest request) {
			PipelineContext context = IntegratedPipeline.context(request);
			return String.valueOf((context != null) ? context.state().get("authenticated") : null);
		}

		@PostMapping("/echo")
		String echo(@RequestBody String body) {
			return "echo " + body;
		}

		@GetMapping("/read-body")
		String readBody(HttpServletRequest request) throws IOException {
			return "read " + request.getInputStream().readAllBytes().length;
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/callable")
		Callable<String> callable() {
			return () -> "callable";
		}

		@GetMapping("/deferred")
		DeferredResult<String> deferred() {
			DeferredResult<String> result = new DeferredResult<>();
			CompletableFuture.runAsync(() -> result.setResult("deferred"));
			return result;
		}

		@GetMapping("/future")
		CompletableFuture<String> future() {
			return CompletableFuture.supplyAsync(() -> "future");
		}

		@GetMapping("/self/{name}")
		String self(@PathVariable String name) {
			return "self " + name;
		}

		@GetMapping("/status/{code}")
		ResponseEntity<String> status(@PathVariable int code) {
			return ResponseEntity.status(code).body("status " + code);
		}

		@PostMapping("/form")
		String form(@RequestParam String name, @RequestParam(defaultValue = "") String other) {
			return "form " + name + other;
		}

		@PostMapping("/multipart")
		String multipart(@RequestParam("file") MultipartFile file) throws IOException {
			return "multipart " + new String(file.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}

		@GetMapping("/accepted")
		void accepted(HttpServletResponse response) {
			// Nothing written: the response is sent when the request ends
			response.setStatus(202);
		}

		@GetMapping("/closed")
		void closed(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			response.getWriter().println();
			response.getWriter().close();
		}

	}

	/**
	 * Answers a {@link ControlModule.HandledFailure} with a 422, as an application's
	 * {@code @ExceptionHandler} would.
	 */
	@RestControllerAdvice
	static class HandledFailureAdvice {

		@ExceptionHandler(ControlModule.HandledFailure.class)
		ResponseEntity<String> handle() {
			return ResponseEntity.status(422).body("handled");
		}

	}

}
