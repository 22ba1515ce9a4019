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

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The users and role rules the test applications share: {@code user}/{@code password}
 * with role {@code USER} and {@code admin}/{@code admin} with role {@code ADMIN};
 * {@code /secure/**} for any authenticated user, {@code /admin/**} for role
 * {@code ADMIN}, the rest for everybody, over HTTP Basic.
 */
public final class TestUsers {

	private TestUsers() {
	}

	/**
	 * Return the two users.
	 * @return the users, held in memory
	 */
	public static UserDetailsService userAndAdmin() {
		return new InMemoryUserDetailsManager(
				User.withUsername("user").password("{noop}password").roles("USER").build(),
				User.withUsername("admin").password("{noop}admin").roles("ADMIN").build());
	}

	/**
	 * Apply the role rules and HTTP Basic to a security filter chain; what it does about
	 * CSRF stays the application's.
	 * @param http the chain's builder
	 * @return the builder
	 */
	public static HttpSecurity secureAndAdminPaths(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/secure/**")
			.authenticated()
			.requestMatchers("/admin/**")
			.hasRole("ADMIN")
			.anyRequest()
			.permitAll());
		return http.httpBasic(Customizer.withDefaults());
	}

}
