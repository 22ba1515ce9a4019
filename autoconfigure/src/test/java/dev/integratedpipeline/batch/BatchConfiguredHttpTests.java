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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static dev.integratedpipeline.batch.BatchClient.responses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch endpoint's properties over real HTTP: a short batch timeout, item credentials
 * allowed, another path.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.timeout=2s",
				"integrated-pipeline.batch.allow-item-credentials=true", "integrated-pipeline.batch.parallelism=2" })
class BatchConfiguredHttpTests {

	@LocalServerPort
	private int port;

	private BatchClient client;

	@BeforeEach
	void setUp() {
		this.client = new BatchClient(this.port);
	}

	@Test
	void whenItemOutlastsTheBatchTimeoutThenItAnswers504WithTheReasonAndOthersComplete() {
		List<JsonNode> items = responses(
				this.client.post(batch(get("slow", "/batch-test/slow?ms=6000"), get("fast", "/batch-test/hello"))));
		assertThat(items.get(0).get("status").intValue()).isEqualTo(504);
		assertThat(items.get(0).get("body").get("reason").stringValue()).isEqualTo("TIMEOUT");
		assertThat(items.get(1).get("status").intValue()).isEqualTo(200);
	}

	@Test
	void whenItemRunOnTheBatchRequestsThreadOutlastsTheBatchTimeoutThenTheBatchIsAnsweredAtItsTimeout() {
		// A lone item runs on the batch request's own thread: another answers the
		// deadline and ends the response while that thread is still inside the item
		long start = System.nanoTime();
		HttpResponse<String> response = this.client.post(batch(get("slow", "/batch-test/slow?ms=8000")));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		List<JsonNode> items = responses(response);
		assertThat(items).singleElement().satisfies((item) -> {
			assertThat(item.get("status").intValue()).isEqualTo(504);
			assertThat(item.get("body").get("reason").stringValue()).isEqualTo("TIMEOUT");
		});
		assertThat(elapsed).isLessThan(Duration.ofSeconds(6));
	}

	@Test
	void whenItemsWaitBeyondTheBatchTimeoutThenTheyAnswer504WithoutRunning() {
		// Parallelism 2: the third item waits for the first, which outlasts the batch
		List<JsonNode> items = responses(this.client.post(batch(get("1", "/batch-test/slow?ms=6000"),
				get("2", "/batch-test/hello"), get("3", "/batch-test/hello"))));
		assertThat(items).extracting((item) -> item.get("status").intValue()).containsExactly(504, 200, 504);
	}

	@Test
	void whenItemCredentialsAreAllowedThenAnItemAuthenticatesWithItsOwn() {
		HttpResponse<String> response = this.client.post(
				batch("{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/admin/only\",\"headers\":{\"Authorization\":\""
						+ HttpTestClient.basic("admin", "admin") + "\"}}", get("2", "/admin/only")),
				"Authorization", HttpTestClient.basic("user", "password"));
		assertThat(responses(response)).extracting((item) -> item.get("status").intValue()).containsExactly(200, 403);
	}

}
