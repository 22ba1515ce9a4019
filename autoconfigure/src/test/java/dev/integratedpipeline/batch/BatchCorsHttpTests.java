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

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch the application's CORS configuration lets in from another origin: each item is
 * sent and read as the browser would have it on its own, so that allowing an origin on
 * the batch endpoint does not allow it every url.
 */
@SpringBootTest(classes = BatchCorsHttpTests.CorsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "integrated-pipeline.batch.enabled=true")
class BatchCorsHttpTests {

	static final String PARTNER = "https://partner.example";

	static final AtomicInteger deleted = new AtomicInteger();

	@LocalServerPort
	private int port;

	private BatchClient client;

	@BeforeEach
	void setUp() {
		this.client = new BatchClient(this.port);
	}

	@Test
	void whenCrossOriginItemNamesAUrlThatAllowsTheOriginThenItsResponseIsRelayed() {
		HttpResponse<String> response = post(batch(get("1", "/cors/open")), PARTNER);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PARTNER);
		JsonNode item = BatchClient.responses(response).get(0);
		assertThat(item.get("status").intValue()).isEqualTo(200);
		assertThat(item.get("body").stringValue()).isEqualTo("open");
	}

	@Test
	void whenCrossOriginItemNamesAUrlWithoutCorsThenItAnswers403WithoutRunning() {
		int before = deleted.get();
		HttpResponse<String> response = post(
				batch("{\"id\":\"1\",\"method\":\"DELETE\",\"url\":\"/cors/closed\"}", get("2", "/cors/closed")),
				PARTNER);
		List<JsonNode> items = BatchClient.responses(response);
		assertThat(items).extracting((item) -> item.get("status").intValue()).containsExactly(403, 403);
		assertThat(items.get(0).get("body").get("reason").stringValue()).isEqualTo("CORS");
		assertThat(items.get(0).get("body").get("detail").stringValue()).contains("was not run").contains(PARTNER);
		assertThat(deleted.get()).isEqualTo(before);
	}

	@Test
	void whenCrossOriginItemsResponseDoesNotAllowTheOriginThenItIsAnswered403InItsPlace() {
		JsonNode item = BatchClient.responses(post(batch(get("1", "/cors/open/reset")), PARTNER)).get(0);
		assertThat(item.get("status").intValue()).isEqualTo(403);
		assertThat(item.get("body").get("detail").stringValue()).contains("answered without allowing origin");
		assertThat(item.toString()).doesNotContain("reset body");
	}

	@Test
	void whenBatchIsNotCrossOriginThenItsItemsAreNotCheckedForCors() {
		HttpResponse<String> response = post(batch(get("1", "/cors/closed")), null);
		JsonNode item = BatchClient.responses(response).get(0);
		assertThat(item.get("status").intValue()).isEqualTo(200);
		assertThat(item.get("body").stringValue()).isEqualTo("closed");
	}

	private HttpResponse<String> post(String batch, String origin) {
		return (origin != null)
				? this.client.send("POST", "/$batch", HttpRequest.BodyPublishers.ofString(batch), "Content-Type",
						"application/json", "Origin", origin)
				: this.client.send("POST", "/$batch", HttpRequest.BodyPublishers.ofString(batch), "Content-Type",
						"application/json");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(CorsController.class)
	static class CorsApplication {

		@Bean
		SecurityFilterChain corsSecurityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf(AbstractHttpConfigurer::disable)
				.cors(Customizer.withDefaults())
				.build();
		}

		/**
		 * The partner may call the batch endpoint and {@code /cors/open/**}, with
		 * credentials; nothing else.
		 */
		@Bean
		CorsConfigurationSource corsConfigurationSource() {
			CorsConfiguration partner = new CorsConfiguration();
			partner.addAllowedOrigin(PARTNER);
			partner.setAllowedMethods(List.of("GET", "POST", "DELETE"));
			partner.addAllowedHeader("*");
			partner.setAllowCredentials(true);
			UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
			source.registerCorsConfiguration("/$batch", partner);
			source.registerCorsConfiguration("/cors/open/**", partner);
			return source;
		}

	}

	@RestController
	static class CorsController {

		@GetMapping("/cors/open")
		String open() {
			return "open";
		}

		@GetMapping("/cors/open/reset")
		void reset(HttpServletResponse response) throws IOException {
			// Drops the CORS headers the application's processing added
			response.reset();
			response.setContentType("text/plain");
			response.getWriter().write("reset body");
		}

		@GetMapping("/cors/closed")
		String closed() {
			return "closed";
		}

		@DeleteMapping("/cors/closed")
		String delete() {
			deleted.incrementAndGet();
			return "deleted";
		}

	}

}
