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

package dev.integratedpipeline.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the demo application, over HTTP on a real embedded server.
 *
 * @author Integrated Pipeline team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoApplicationTests {

	private static final Pattern RECORDED_EVENT = Pattern.compile("<li>([A-Z_]+)</li>");

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Test
	void whenAnyPageIsRequestedThenResponseTimeHeaderIsAdded() throws Exception {
		HttpResponse<String> response = get("/api/weather");
		assertThat(response.headers().firstValue("X-Response-Time"))
			.hasValueSatisfying((value) -> assertThat(value).matches("\\d+\\.\\d{3}ms"));
	}

	@Test
	void whenPrivatePageIsRequestedWithoutUserThenUnauthorized() throws Exception {
		HttpResponse<String> response = get("/private/hello");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("DemoUser"));
		assertThat(response.body()).contains("X-Demo-User");
	}

	@Test
	void whenPrivatePageIsRequestedWithEncodedPathThenUnauthorized() throws Exception {
		HttpResponse<String> response = get("/%70rivate/hello");
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void whenPrivatePageIsRequestedWithUserThenUserIsGreeted() throws Exception {
		HttpResponse<String> response = get("/private/hello", "X-Demo-User", "alice");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Hello, alice!\n");
	}

	@Test
	void whenEventsPageIsRequestedThenItListsItsOwnEventsUpToTheHandler() throws Exception {
		HttpResponse<String> response = get("/events");
		assertThat(recordedEvents(response.body())).containsExactly("BEGIN_REQUEST", "POST_BEGIN_REQUEST",
				"AUTHENTICATE_REQUEST", "POST_AUTHENTICATE_REQUEST", "AUTHORIZE_REQUEST", "POST_AUTHORIZE_REQUEST",
				"RESOLVE_REQUEST_CACHE", "POST_RESOLVE_REQUEST_CACHE", "MAP_REQUEST_HANDLER",
				"POST_MAP_REQUEST_HANDLER", "ACQUIRE_REQUEST_STATE", "POST_ACQUIRE_REQUEST_STATE",
				"PRE_EXECUTE_REQUEST_HANDLER", "POST_PRE_EXECUTE_REQUEST_HANDLER", "EXECUTE_REQUEST_HANDLER");
	}

	@Test
	void whenEventsPageIsRequestedThenItNamesTheEventsStillToCome() throws Exception {
		HttpResponse<String> response = get("/events");
		assertThat(response.body()).contains("<li class=\"later\">POST_EXECUTE_REQUEST_HANDLER</li>")
			.contains("<li class=\"later\">POST_END_REQUEST</li>");
	}

	@Test
	void whenAPageDoesNotExistThenTheCustomNotFoundPageAnswers() throws Exception {
		HttpResponse<String> response = get("/nothing/here", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("There is no /nothing/here in this demo");
	}

	@Test
	void whenAnOldUrlIsRequestedThenTheNewPageAnswersIt() throws Exception {
		HttpResponse<String> response = get("/old/hello");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("This is /new/hello\n");
	}

	@Test
	void whenTheDocsDirectoryIsRequestedThenItsIndexIsServed() throws Exception {
		HttpResponse<String> response = get("/docs/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("served for /docs/ by the built-in default document module");
	}

	@Test
	void whenRootIsRequestedThenDefaultPageIsServedThroughChildRequest() throws Exception {
		HttpResponse<String> response = get("/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Welcome to the Integrated Pipeline demo")
			.contains("served through a child request of /");
	}

	@Test
	void whenDefaultPageIsRequestedDirectlyThenItIsNotAChildRequest() throws Exception {
		HttpResponse<String> response = get("/pages/default");
		assertThat(response.body()).contains("requested directly");
	}

	@Test
	void whenDashboardIsRequestedThenItShowsAllThreeParts() throws Exception {
		HttpResponse<String> response = get("/dashboard");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Redmond")
			.contains("Child requests never leave the process")
			.contains("PIPE")
			.doesNotContain("<td>500</td>");
	}

	@Test
	void whenNewsIsRequestedTwiceThenTheSecondIsServedFromTheOutputCache() throws Exception {
		HttpResponse<String> first = get("/api/news");
		HttpResponse<String> second = get("/api/news");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.headers().firstValue("Age")).isPresent();
		assertThat(second.body()).isEqualTo(first.body());
	}

	@Test
	void whenAHiddenPathIsRequestedThenItIsRefusedWith404() throws Exception {
		assertThat(get("/WEB-INF/x").statusCode()).isEqualTo(404);
		HttpResponse<String> git = get("/docs/.git/config");
		assertThat(git.statusCode()).isEqualTo(404);
		assertThat(git.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void whenTheRootWebInfIsRequestedThenTomcatsErrorPageAnswersNotRequestFiltering() throws Exception {
		// Tomcat refuses /WEB-INF/ before any filter runs: the error page answers, as the
		// README's curl says, not the module's problem+json
		HttpResponse<String> response = get("/WEB-INF/x");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).isNotEqualTo(Optional.of("application/problem+json"));
		assertThat(response.body()).contains("Not Found");
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenDashboardIsRequestedThenTheEndpointShowsItsThreeChildren() throws Exception {
		get("/dashboard");
		// The trace is recorded when the request ended, which may be after the client got
		// its response
		Map<String, Object> trace = Awaitility.await().until(this::dashboardTrace, Objects::nonNull);
		assertThat((List<Map<String, Object>>) trace.get("children")).extracting((child) -> child.get("path"))
			.containsExactly("/api/weather", "/api/news", "/api/stocks");
		assertThat((List<Map<String, Object>>) trace.get("children"))
			.allSatisfy((child) -> assertThat(child).containsEntry("status", 200).containsEntry("async", true));
	}

	@Test
	void whenDashboardIsRequestedThenTheMetricsEndpointShowsTheChildRequestTimer() throws Exception {
		get("/dashboard");
		HttpResponse<String> response = get("/actuator/metrics/integrated.pipeline.child.requests");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"integrated.pipeline.child.requests\"")
			.contains("\"statistic\":\"COUNT\"");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> dashboardTrace() throws IOException, InterruptedException {
		Map<String, Object> body = JsonMapper.builder()
			.build()
			.readValue(get("/actuator/childrequests").body(), Map.class);
		return ((List<Map<String, Object>>) body.get("traces")).stream()
			.filter((trace) -> "/dashboard".equals(trace.get("path")))
			.findFirst()
			.orElse(null);
	}

	@Test
	void whenBatchIsPostedThenEachItemRunsThroughThePipelineAndAnswersInOrder() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/$batch"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(BATCH))
			.timeout(Duration.ofSeconds(20))
			.build();
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		List<Integer> statuses = new ArrayList<>();
		JsonMapper.builder()
			.build()
			.readTree(response.body())
			.get("responses")
			.forEach((item) -> statuses.add(item.get("status").asInt()));
		// /private/hello is refused by HeaderAuthenticationModule: the batch has no
		// X-Demo-User
		assertThat(statuses).containsExactly(200, 401, 200);
	}

	/**
	 * The batch of the README's "Then try" list.
	 */
	private static final String BATCH = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/api/weather\"},"
			+ "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/private/hello\"},"
			+ "{\"id\":\"3\",\"method\":\"GET\",\"url\":\"/api/news\",\"dependsOn\":[\"1\"]}]}";

	private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(20));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> recordedEvents(String page) {
		List<String> events = new ArrayList<>();
		Matcher matcher = RECORDED_EVENT.matcher(page);
		while (matcher.find()) {
			events.add(matcher.group(1));
		}
		return events;
	}

}
