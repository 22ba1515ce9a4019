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

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

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
		this.http.get("/child?path=/hello&copy=true", "Authorization", HttpTestClient.basic("user", "password"),
				"Cookie", "session=1", "X-Secret", "s3cret", "X-Plain", "visible");
		return Awaitility.await().until(this.repository::findAll, (traces) -> !traces.isEmpty()).get(0);
	}

	@Test
	void whenHeadersAreIncludedThenOrdinaryHeadersAreRecorded() {
		assertThat(tracedRequest().requestHeaders()).containsKey("X-Plain");
	}

	@Test
	void whenHeadersAreIncludedThenAuthorizationAndCookiesStayRedacted() {
		ChildRequestTrace trace = tracedRequest();
		assertThat(trace.requestHeaders()).doesNotContainKeys("Authorization", "authorization", "Cookie", "cookie");
		assertThat(trace.children().get(0).requestHeaders()).containsKey("X-Plain")
			.doesNotContainKeys("Authorization", "authorization", "Cookie", "cookie");
	}

	@Test
	void whenAHeaderIsConfiguredSensitiveThenItStaysRedacted() {
		assertThat(tracedRequest().requestHeaders()).doesNotContainKeys("X-Secret", "x-secret");
	}

	@Test
	void whenPrincipalIsIncludedThenTheUserNameIsRecorded() {
		assertThat(tracedRequest().principal()).isEqualTo("user");
	}

	@Test
	void whenEveryRequestIsRecordedThenARequestWithoutChildrenIsRecordedToo() {
		this.http.get("/hello/alone");
		ChildRequestTrace trace = Awaitility.await()
			.until(this.repository::findAll, (traces) -> !traces.isEmpty())
			.get(0);
		assertThat(trace.path()).isEqualTo("/hello/alone");
		assertThat(trace.children()).isEmpty();
		assertThat(trace.timeline()).isNotEmpty();
	}

	@Test
	void whenMoreTracesThanTheCapacityAreRecordedThenTheOldestAreEvicted() {
		for (int i = 0; i < 5; i++) {
			this.http.get("/child?path=/hello/n" + i);
		}
		// Every request is recorded here: the five parents are the newest
		Awaitility.await()
			.untilAsserted(() -> assertThat(this.repository.findAll()).hasSize(3)
				.extracting((trace) -> trace.children().get(0).path())
				.containsExactly("/hello/n4", "/hello/n3", "/hello/n2"));
		assertThat(this.repository.findAll()).hasSize(3)
			.extracting((trace) -> trace.children().get(0).path())
			.containsExactly("/hello/n4", "/hello/n3", "/hello/n2");
	}

}
