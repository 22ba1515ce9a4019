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

package dev.integratedpipeline.servlet.container;

import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockServletContext;

import dev.integratedpipeline.child.ChildRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ServletMapper}.
 */
class ServletMapperTests {

	private ServletMapper mapper(String... servletAndPatterns) {
		Map<String, ServletRegistration> registrations = new LinkedHashMap<>();
		for (int i = 0; i < servletAndPatterns.length; i += 2) {
			registrations.put(servletAndPatterns[i], registration(servletAndPatterns[i], servletAndPatterns[i + 1]));
		}
		MockServletContext servletContext = new MockServletContext() {

			@Override
			public Map<String, ? extends ServletRegistration> getServletRegistrations() {
				return registrations;
			}

		};
		return new ServletMapper(servletContext);
	}

	// Only the name and the mappings matter to the mapper
	private static ServletRegistration registration(String name, String pattern) {
		return (ServletRegistration) Proxy.newProxyInstance(ServletMapperTests.class.getClassLoader(),
				new Class<?>[] { ServletRegistration.class }, (proxy, method, arguments) -> switch (method.getName()) {
					case "getName" -> name;
					case "getMappings" -> List.of(pattern);
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	@Test
	void whenPathMatchesExactlyThenTheExactServletWins() {
		ServletMapping mapping = mapper("default", "/", "exact", "/status").map("/status");
		assertThat(mapping.servletName()).isEqualTo("exact");
		assertThat(mapping.matchType()).isEqualTo(MappingMatch.EXACT);
	}

	@Test
	void whenPathMatchesSeveralPrefixesThenTheLongestWins() {
		ServletMapping mapping = mapper("api", "/api/*", "v2", "/api/v2/*").map("/api/v2/items");
		assertThat(mapping.servletName()).isEqualTo("v2");
		assertThat(mapping.servletPath()).isEqualTo("/api/v2");
		assertThat(mapping.pathInfo()).isEqualTo("/items");
	}

	@Test
	void whenPathMatchesAnExtensionThenThatServletServesIt() {
		ServletMapping mapping = mapper("default", "/", "jsp", "*.jsp").map("/pages/index.jsp");
		assertThat(mapping.servletName()).isEqualTo("jsp");
		assertThat(mapping.matchType()).isEqualTo(MappingMatch.EXTENSION);
	}

	@Test
	void whenNothingElseMatchesThenTheDefaultServletServesThePath() {
		ServletMapping mapping = mapper("dispatcherServlet", "/").map("/anything/here");
		assertThat(mapping.servletName()).isEqualTo("dispatcherServlet");
		assertThat(mapping.servletPath()).isEqualTo("/anything/here");
		assertThat(mapping.pathInfo()).isNull();
	}

	@Test
	void whenNoServletMatchesThenItIsNotSupported() {
		assertThatExceptionOfType(ChildRequestException.class).isThrownBy(() -> mapper("api", "/api/*").map("/other"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ChildRequestException.Reason.NOT_SUPPORTED));
	}

}
