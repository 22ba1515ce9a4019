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

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The application every benchmark runs against: a small JSON controller behind Spring
 * Security (HTTP Basic, the benchmark paths permitted, so its whole filter chain runs),
 * two ordinary filters and the integrated pipeline with a few modules. Nothing is
 * scanned: everything is imported or declared here, so that no other test configuration
 * creeps in.
 * <p>
 * {@code benchmark.modules.app=false} leaves the application's own modules out and
 * {@code benchmark.modules.no-op=12} adds twelve no-op modules subscribed to every event
 * (see {@link BenchmarkModules}); {@code integrated-pipeline.enabled=false} turns the
 * pipeline off.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ BenchmarkController.class, BenchmarkModules.class })
public class BenchmarkApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/bench/**").permitAll().anyRequest().authenticated());
		http.httpBasic(Customizer.withDefaults());
		// The batch benchmark's client is a program, not a browser: no CSRF token
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(BatchBenchmark.BATCH_PATH));
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		return new InMemoryUserDetailsManager(
				User.withUsername("user").password("{noop}password").roles("USER").build());
	}

	@Bean
	LiveRequest liveRequest() {
		return new LiveRequest();
	}

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(0);
		return registration;
	}

	@Bean
	FilterRegistrationBean<TenantFilter> tenantFilter() {
		FilterRegistrationBean<TenantFilter> registration = new FilterRegistrationBean<>(new TenantFilter());
		registration.setOrder(10);
		registration.addUrlPatterns("/bench/*");
		return registration;
	}

	/**
	 * An ordinary filter: numbers each request and answers the number in a header.
	 */
	static final class RequestIdFilter extends OncePerRequestFilter {

		static final String HEADER = "X-Request-Id";

		private final AtomicLong ids = new AtomicLong();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String id = Long.toString(this.ids.incrementAndGet());
			request.setAttribute(HEADER, id);
			response.setHeader(HEADER, id);
			chain.doFilter(request, response);
		}

	}

	/**
	 * An ordinary filter: reads the tenant of the request from a header, for the
	 * controller.
	 */
	static final class TenantFilter extends OncePerRequestFilter {

		static final String ATTRIBUTE = TenantFilter.class.getName() + ".TENANT";

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String tenant = request.getHeader("X-Tenant");
			request.setAttribute(ATTRIBUTE, (tenant != null) ? tenant : "public");
			chain.doFilter(request, response);
		}

	}

}
