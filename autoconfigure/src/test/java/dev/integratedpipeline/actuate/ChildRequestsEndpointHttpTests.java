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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PipelineTestApplication;
import dev.integratedpipeline.testapp.TraceEndpointClient;
import dev.integratedpipeline.trace.ChildRequestTrace;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code childrequests} actuator endpoint over HTTP, with real traces.
 */
@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildRequestsEndpointHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChildRequestTraceRepository repository;

	@Autowired
	private ChildRequestExecutor executor;

	private HttpTestClient http;

	private TraceEndpointClient traces;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
		this.traces = new TraceEndpointClient(this.http);
	}

	@AfterEach
	void forgetTraces() {
		// Keeps the listings the next tests poll small
		this.repository.clear();
	}

	private ChildRequestTrace recorded(String path) {
		return Awaitility.await()
			.until(() -> this.repository.findAll()
				.stream()
				.filter((trace) -> path.equals(trace.request().path()))
				.findFirst()
				.orElse(null), (trace) -> trace != null);
	}

	private ChildRequestTrace latest() {
		return Awaitility.await().until(this.repository::findAll, (traces) -> !traces.isEmpty()).get(0);
	}

	/**
	 * The fields of a node, as issue 4 fixed them: the viewer and the acceptance suite
	 * read these names.
	 */
	static final Set<String> NODE_FIELDS = Set.of("id", "parentId", "depth", "method", "path", "flags", "status",
			"contentType", "contentLength", "startTime", "duration", "async", "error", "releasedAutomatically",
			"principal", "identity", "requestHeaders", "responseHeaders", "timeline", "droppedNotifications",
			"children", "droppedChildren");

	static final Set<String> NOTIFICATION_FIELDS = Set.of("event", "post", "module", "status", "offset", "duration",
			"note");

	/**
	 * The fields of a node that are never null; the others are left out when null.
	 */
	static final Set<String> NON_NULL_NODE_FIELDS = Set.of("id", "depth", "method", "path", "flags", "status",
			"contentLength", "startTime", "duration", "async", "releasedAutomatically", "timeline",
			"droppedNotifications", "children", "droppedChildren");

	private static Set<String> nonNullFieldsAnd(String... others) {
		Set<String> fields = new java.util.HashSet<>(NON_NULL_NODE_FIELDS);
		fields.addAll(List.of(others));
		return fields;
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenTracesAreReadThenEveryNodeHasExactlyTheFieldsOfTheContract() {
		this.http.get("/child?path=/hello/fields", "Authorization", HttpTestClient.basic("user", "password"));
		Map<String, Object> trace = this.traces.traceOf("/child?path=/hello/fields");
		assertThat(this.traces.read("/actuator/childrequests")).containsOnlyKeys("traces", "nodes");
		assertThat(trace.keySet()).isEqualTo(nonNullFieldsAnd("contentType"));
		assertThat((List<Map<String, Object>>) trace.get("timeline")).isNotEmpty()
			.allSatisfy((notification) -> assertThat(NOTIFICATION_FIELDS).containsAll(notification.keySet())
				.contains("event", "post", "module", "offset", "duration"));
		Map<String, Object> child = ((List<Map<String, Object>>) trace.get("children")).get(0);
		Set<String> childFields = nonNullFieldsAnd("contentType", "parentId", "identity");
		assertThat(child.keySet()).isEqualTo(childFields);
		assertThat(this.traces.read("/actuator/childrequests/" + child.get("id"))).containsOnlyKeys("trace");
		assertThat(this.traces.node((String) child.get("id"))).containsOnlyKeys(childFields.toArray(String[]::new))
			.containsEntry("path", "/hello/fields")
			.containsEntry("method", "GET")
			.containsEntry("status", 200)
			.containsEntry("depth", 1)
			.containsEntry("releasedAutomatically", false);
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenRequestSpawnsChildrenThenTheEndpointShowsItsTree() {
		this.http.get("/child/all");
		Map<String, Object> trace = this.traces.traceOf("/child/all");
		assertThat(trace).containsEntry("depth", 0).containsEntry("status", 200).containsEntry("method", "GET");
		List<Map<String, Object>> children = (List<Map<String, Object>>) trace.get("children");
		assertThat(children).extracting((child) -> child.get("path"))
			.containsExactlyInAnyOrder("/hello/one", "/callable", "/hello/three");
		assertThat(children).allSatisfy((child) -> {
			assertThat(child).containsEntry("depth", 1).containsEntry("async", true).containsEntry("status", 200);
			assertThat(child.get("parentId")).isEqualTo(trace.get("id"));
			assertThat((List<?>) child.get("timeline")).isNotEmpty();
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenTraceIsShownThenItsTimelineNamesEventModuleAndAnswer() {
		this.http.get("/child?path=/hello/timeline");
		Map<String, Object> trace = this.traces.traceOf("/child?path=/hello/timeline");
		List<Map<String, Object>> timeline = (List<Map<String, Object>>) trace.get("timeline");
		assertThat(timeline).anySatisfy((entry) -> assertThat(entry).containsEntry("event", "BEGIN_REQUEST")
			.containsEntry("post", false)
			.containsEntry("module", "controlModule")
			.containsEntry("status", "CONTINUE")
			.containsKeys("offset", "duration"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenChildrenNestThenTheTreeNestsToTheirDepth() {
		this.repository.clear();
		this.http.get("/recurse/0");
		Map<String, Object> node = this.traces.traceOf("/recurse/0");
		int depth = 0;
		while (!((List<?>) node.get("children")).isEmpty()) {
			node = ((List<Map<String, Object>>) node.get("children")).get(0);
			depth++;
			assertThat(node).containsEntry("depth", depth);
		}
		assertThat(depth).isEqualTo(10);
	}

	@Test
	void whenRequestSpawnsNoChildrenThenItIsNotRecordedByDefault() {
		this.repository.clear();
		this.http.get("/hello/unrecorded");
		// A trace is recorded once the request ended, which may be after the client got
		// its response: by the time a later request's trace is there, it would be too
		this.http.get("/child?path=/hello/later");
		this.traces.traceOf("/child?path=/hello/later");
		assertThat(this.repository.findAll()).extracting((trace) -> trace.request().path())
			.containsExactly("/child?path=/hello/later");
	}

	@Test
	void whenChildRunsWithoutParentThenItIsARootTrace() {
		this.repository.clear();
		this.executor.execute(ChildRequest.get("/hello/background").build());
		assertThat(latest()).isNotNull();
		assertThat(this.repository.findAll()).singleElement().satisfies((trace) -> {
			assertThat(trace.parentId()).isNull();
			assertThat(trace.request().path()).isEqualTo("/hello/background");
			assertThat(trace.depth()).isEqualTo(1);
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenIdIsKnownThenTheTraceIsReturned() {
		this.http.get("/child?path=/hello/by-id");
		String id = (String) this.traces.traceOf("/child?path=/hello/by-id").get("id");
		Map<String, Object> trace = (Map<String, Object>) this.traces.read("/actuator/childrequests/" + id)
			.get("trace");
		assertThat(trace).containsEntry("id", id);
	}

	@Test
	void whenIdIsUnknownThenTheEndpointAnswers404() {
		assertThat(this.http.get("/actuator/childrequests/nope").statusCode()).isEqualTo(404);
	}

	@Test
	void whenTracesAreDeletedThenNoneRemain() throws Exception {
		this.http.get("/child?path=/hello/deleted");
		this.traces.traceOf("/child?path=/hello/deleted");
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/childrequests"))
				.DELETE()
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(this.repository.findAll()).isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenChildCompletesThenItsNodeCarriesFlagsContentTypeLengthStartAndDuration() {
		Instant before = Instant.now();
		this.http.get("/child?path=/hello/fields&flags=HTTP_CACHE_ELIGIBLE");
		Map<String, Object> trace = this.traces.traceOf("/child?path=/hello/fields&flags=HTTP_CACHE_ELIGIBLE");
		Map<String, Object> child = ((List<Map<String, Object>>) trace.get("children")).get(0);
		assertThat((List<String>) child.get("flags")).containsExactly("HTTP_CACHE_ELIGIBLE");
		assertThat(child).containsEntry("contentType", "text/plain;charset=UTF-8")
			.containsEntry("contentLength", "hello fields".length());
		assertThat(Instant.parse((String) child.get("startTime"))).isBetween(before, Instant.now());
		assertThat(Duration.parse((String) child.get("duration"))).isPositive();
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenIdNamesANestedChildThenTheEndpointReturnsThatNode() {
		this.http.get("/recurse/0");
		Map<String, Object> child = ((List<Map<String, Object>>) this.traces.traceOf("/recurse/0").get("children"))
			.get(0);
		Map<String, Object> grandchild = ((List<Map<String, Object>>) child.get("children")).get(0);
		assertThat(this.traces.node((String) grandchild.get("id"))).containsEntry("path", "/recurse/2")
			.containsEntry("depth", 2)
			.containsEntry("parentId", child.get("id"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenTracesAreListedThenTheNewestComesFirst() {
		this.http.get("/child?path=/hello/older");
		this.traces.traceOf("/child?path=/hello/older");
		this.http.get("/child?path=/hello/newer");
		this.traces.traceOf("/child?path=/hello/newer");
		List<Map<String, Object>> traces = (List<Map<String, Object>>) this.traces.read("/actuator/childrequests")
			.get("traces");
		assertThat(traces).extracting((trace) -> trace.get("path"))
			.containsSubsequence("/child?path=/hello/newer", "/child?path=/hello/older");
	}

	@Test
	void whenTopLevelRequestFailsThenItsTraceSays500() {
		this.http.get("/trace/fail-after-child");
		assertThat(this.traces.traceOf("/trace/fail-after-child")).containsEntry("status", 500)
			.containsEntry("error", "java.lang.IllegalStateException: failed after its child");
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenRequestSpawnsMoreChildrenThanTheLimitThenTheTraceKeepsTheLimitAndCountsTheRest() {
		this.http.get("/trace/many?count=105");
		Map<String, Object> trace = this.traces.node(recorded("/trace/many?count=105").id());
		assertThat((List<Map<String, Object>>) trace.get("children")).extracting((child) -> child.get("path"))
			.containsExactlyElementsOf(IntStream.range(0, 100).mapToObj((i) -> "/hello/many" + i).toList());
		assertThat(trace).containsEntry("droppedChildren", 5);
	}

	@Test
	void whenTimelineOutgrowsTheLimitThenTheTraceKeepsTheLimitAndCountsTheRest() {
		this.http.get("/trace/notify?count=600");
		Map<String, Object> trace = this.traces.node(recorded("/trace/notify?count=600").id());
		// Two recording modules take each of the 600 custom notifications
		assertThat((List<?>) trace.get("timeline")).hasSize(1000);
		assertThat((Integer) trace.get("droppedNotifications")).isGreaterThanOrEqualTo(200);
	}

	@Test
	void whenChildrenCompleteOutOfSpawnOrderThenTheyAreListedInSpawnOrder() {
		this.http.get("/trace/out-of-order");
		assertThat(recorded("/trace/out-of-order").children()).extracting((trace) -> trace.request().path())
			.satisfiesExactly((first) -> assertThat(first).startsWith("/trace/gate"),
					(second) -> assertThat(second).isEqualTo("/hello/second"));
	}

	@Test
	void whenChildIsCancelledThenItsNodeShowsWhatItsPipelineRecordedSoFar() {
		this.http.get("/trace/cancel");
		assertThat(recorded("/trace/cancel").children()).singleElement().satisfies((child) -> {
			assertThat(child.response().error()).contains("cancelled");
			assertThat(child.timeline().notifications()).extracting(ChildRequestTrace.Notification::event)
				.contains("BEGIN_REQUEST", "EXECUTE_REQUEST_HANDLER");
		});
	}

	@Test
	void whenChildIsNotReleasedThenItsNodeSaysItWasReleasedAutomatically() {
		this.repository.clear();
		this.http.get("/release/forget");
		ChildRequestTrace trace = latest();
		assertThat(trace.children()).singleElement()
			.satisfies((child) -> assertThat(child.releasedAutomatically()).isTrue());
	}

	@Test
	void whenHeadersAreNotIncludedThenNoneAreRecorded() {
		this.repository.clear();
		this.http.get("/child?path=/hello", "Authorization", HttpTestClient.basic("user", "password"));
		ChildRequestTrace trace = latest();
		assertThat(trace.request().headers()).isNull();
		assertThat(trace.response().headers()).isNull();
		assertThat(trace.request().principal()).isNull();
	}

	@Test
	void whenChildFailsThenItsNodeCarriesTheError() {
		this.repository.clear();
		this.http.get("/child?path=/boom");
		ChildRequestTrace trace = latest();
		assertThat(trace.children()).singleElement().satisfies((child) -> {
			assertThat(child.response().status()).isEqualTo(500);
			assertThat(child.response().error()).contains("IllegalStateException: boom");
		});
	}

}
