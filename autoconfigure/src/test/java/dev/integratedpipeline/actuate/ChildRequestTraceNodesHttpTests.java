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

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PipelineTestApplication;
import dev.integratedpipeline.testapp.TraceEndpointClient;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code integrated-pipeline.trace.max-nodes} bounds the traces held by their nodes
 * between them, whatever their number, and the endpoint says how many it holds.
 */
@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "integrated-pipeline.trace.max-nodes=25")
class ChildRequestTraceNodesHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChildRequestTraceRepository repository;

	private HttpTestClient http;

	private TraceEndpointClient traces;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
		this.traces = new TraceEndpointClient(this.http);
		this.repository.clear();
	}

	/**
	 * Spawn {@code count} children from one request and wait for its trace (recorded at
	 * END_REQUEST, which may run after the client had its answer).
	 */
	private void traced(int count) {
		assertThat(this.http.get("/trace/many?count=" + count).statusCode()).isEqualTo(200);
		Awaitility.await()
			.until(() -> this.traces.traces()
				.stream()
				.anyMatch((trace) -> ("/trace/many?count=" + count).equals(trace.get("path"))
						&& trace.get("status") != null));
	}

	@Test
	void whenTracesAreHeldThenTheEndpointCountsTheirNodes() {
		traced(10);
		assertThat(this.traces.listing()).containsEntry("nodes", 11);
	}

	@Test
	void whenTheNodesWouldPassTheLimitThenTheOldestTracesGoFirst() {
		traced(10);
		traced(11);
		traced(12);
		Map<String, Object> listing = this.traces.listing();
		assertThat((List<Map<String, Object>>) listing.get("traces")).extracting((trace) -> trace.get("path"))
			.containsExactly("/trace/many?count=12", "/trace/many?count=11");
		assertThat(listing).containsEntry("nodes", 25);
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenOneTraceHasMoreNodesThanTheLimitThenItIsKeptCutDownWithTheRestCounted() {
		traced(30);
		Map<String, Object> listing = this.traces.listing();
		assertThat(listing).containsEntry("nodes", 25);
		Map<String, Object> trace = ((List<Map<String, Object>>) listing.get("traces")).get(0);
		assertThat((List<?>) trace.get("children")).hasSize(24);
		assertThat(trace).containsEntry("droppedChildren", 6);
	}

}
