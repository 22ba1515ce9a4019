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

package dev.integratedpipeline.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PipelineTestApplication;
import dev.integratedpipeline.trace.ChildRequestTrace;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces with headers, principal and every request recorded: sensitive headers stay out
 * unless included by name, and the capacity bounds the traces kept.
 */
@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.trace.include=request-headers,response-headers,principal",
				"integrated-pipeline.trace.sensitive-headers=X-Secret", "integrated-pipeline.trace.capacity=3",
				"integrated-pipeline.trace.record-all=true" })
class ChildRequestTraceRedactionHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChildRequestTraceRepository repository;

	private HttpTestClient http;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
		this.repository.clear();
	}

	private ChildRequestTrace tracedRequest() {
		return tracedRequest(this.port, this.repository);
	}

	private static ChildRequestTrace tracedRequest(int port, ChildRequestTraceRepository repository) {
		send(port, "/child?path=/hello&copy=true", "Authorization", HttpTestClient.basic("user", "password"),
				"Proxy-Authorization", HttpTestClient.basic("proxy", "secret"), "Cookie", "session=1", "X-Secret",
				"s3cret", "X-Plain", "visible");
		return tracedChild(repository, "/child?path=/hello&copy=true");
	}

	/**
	 * Send a request over a plain socket: the JDK's {@code HttpClient} leaves
	 * {@code Proxy-Authorization} out of a request that goes to no proxy.
	 */
	private static void send(int port, String path, String... headers) {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
		request.append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
		for (int i = 0; i < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket("localhost", port)) {
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			socket.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ChildRequestTrace tracedChild(ChildRequestTraceRepository repository, String path) {
		// Every request is recorded here, the child's parent once it ended
		return Awaitility.await()
			.until(() -> repository.findAll()
				.stream()
				.filter((trace) -> path.equals(trace.request().path()) && !trace.children().isEmpty())
				.findFirst()
				.orElse(null), (trace) -> trace != null);
	}

	@Test
	void whenHeadersAreIncludedThenOrdinaryHeadersAreRecorded() {
		assertThat(tracedRequest().request().headers()).containsKey("X-Plain");
	}

	@Test
	void whenHeadersAreIncludedThenAuthorizationAndCookiesStayRedacted() {
		ChildRequestTrace trace = tracedRequest();
		assertThat(trace.request().headers()).doesNotContainKeys("Authorization", "authorization", "Cookie", "cookie");
		assertThat(trace.children().get(0).request().headers()).containsKey("X-Plain")
			.doesNotContainKeys("Authorization", "authorization", "Cookie", "cookie");
	}

	@Test
	void whenProxyAuthorizationIsSentThenItStaysRedacted() {
		ChildRequestTrace trace = tracedRequest();
		assertThat(trace.request().headers()).containsKey("X-Plain")
			.doesNotContainKeys("Proxy-Authorization", "proxy-authorization");
		assertThat(trace.children().get(0).request().headers()).containsKey("X-Plain")
			.doesNotContainKeys("Proxy-Authorization", "proxy-authorization");
	}

	@Test
	void whenResponseSetsCookieThenSetCookieStaysRedacted() {
		this.http.get("/child?path=/trace/cookie");
		assertThat(tracedChild(this.repository, "/child?path=/trace/cookie").children().get(0).response().headers())
			.containsKey("Content-Type")
			.doesNotContainKeys("Set-Cookie", "set-cookie");
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenResponseHeadersAreIncludedThenTheEndpointShowsThem() {
		this.http.get("/child?path=/headers");
		String id = tracedChild(this.repository, "/child?path=/headers").id();
		HttpResponse<String> response = this.http.get("/actuator/childrequests/" + id);
		Map<String, Object> trace = (Map<String, Object>) JsonMapper.builder()
			.build()
			.readValue(response.body(), Map.class)
			.get("trace");
		Map<String, Object> child = ((List<Map<String, Object>>) trace.get("children")).get(0);
		assertThat((Map<String, Object>) child.get("responseHeaders")).containsEntry("X-Custom-Header",
				List.of("present"));
	}

	@Test
	void whenChildIsAuthenticatedByCopiedCredentialsThenItsPrincipalIsRecorded() {
		assertThat(tracedRequest().children().get(0).request().principal()).isEqualTo("user");
	}

	@Test
	void whenAHeaderIsConfiguredSensitiveThenItStaysRedacted() {
		assertThat(tracedRequest().request().headers()).doesNotContainKeys("X-Secret", "x-secret");
	}

	@Test
	void whenPrincipalIsIncludedThenTheUserNameIsRecorded() {
		assertThat(tracedRequest().request().principal()).isEqualTo("user");
	}

	@Test
	void whenEveryRequestIsRecordedThenARequestWithoutChildrenIsRecordedToo() {
		this.http.get("/hello/alone");
		ChildRequestTrace trace = Awaitility.await()
			.until(this.repository::findAll, (traces) -> !traces.isEmpty())
			.get(0);
		assertThat(trace.request().path()).isEqualTo("/hello/alone");
		assertThat(trace.children()).isEmpty();
		assertThat(trace.timeline().notifications()).isNotEmpty();
	}

	@Test
	void whenMoreTracesThanTheCapacityAreRecordedThenTheOldestAreEvicted() {
		for (int i = 0; i < 5; i++) {
			this.http.get("/child?path=/hello/n" + i);
		}
		// Every request is recorded here: the five parents are the newest
		Awaitility.await()
			.untilAsserted(() -> assertThat(this.repository.findAll()).hasSize(3)
				.extracting((trace) -> trace.children().get(0).request().path())
				.containsExactly("/hello/n4", "/hello/n3", "/hello/n2"));
		assertThat(this.repository.findAll()).hasSize(3)
			.extracting((trace) -> trace.children().get(0).request().path())
			.containsExactly("/hello/n4", "/hello/n3", "/hello/n2");
	}

	/**
	 * With the sensitive headers included by name, they are recorded.
	 */
	@Nested
	@TestPropertySource(properties = "integrated-pipeline.trace.include=request-headers,response-headers,"
			+ "authorization-header,cookie-headers,sensitive-headers")
	class SensitiveHeadersIncluded {

		@LocalServerPort
		private int port;

		@Autowired
		private ChildRequestTraceRepository repository;

		private HttpTestClient http;

		@BeforeEach
		void setUp() {
			this.http = new HttpTestClient(this.port);
			this.repository.clear();
		}

		@Test
		void whenAuthorizationHeaderIsIncludedThenItIsRecorded() {
			ChildRequestTrace trace = tracedRequest(this.port, this.repository);
			assertThat(trace.request().headers()).containsKeys("Authorization", "Proxy-Authorization");
			assertThat(trace.children().get(0).request().headers()).containsKeys("Authorization",
					"Proxy-Authorization");
		}

		@Test
		void whenCookieHeadersAreIncludedThenCookieIsRecorded() {
			assertThat(tracedRequest(this.port, this.repository).request().headers()).containsEntry("Cookie",
					List.of("session=1"));
			this.http.get("/child?path=/trace/cookie");
			assertThat(tracedChild(this.repository, "/child?path=/trace/cookie").children().get(0).response().headers())
				.containsEntry("Set-Cookie", List.of("flavour=oatmeal"));
		}

		@Test
		void whenSensitiveHeadersAreIncludedThenTheSensitiveHeaderIsRecorded() {
			assertThat(tracedRequest(this.port, this.repository).request().headers()).containsEntry("X-Secret",
					List.of("s3cret"));
		}

	}

}
