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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static dev.integratedpipeline.batch.BatchClient.responses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch endpoint on a path of its own ({@code integrated-pipeline.batch.path}) over
 * real HTTP: batches are answered there and only there, and items may not name it.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.path=/api/batch" })
class BatchPathHttpTests {

	private static final String PATH = "/api/batch";

	@LocalServerPort
	private int port;

	private BatchClient client;

	@BeforeEach
	void setUp() {
		this.client = new BatchClient(this.port);
	}

	@Test
	void whenBatchIsPostedToTheConfiguredPathThenItAnswers200WithItsResponses() {
		HttpResponse<String> response = post(PATH, batch(get("1", "/batch-test/hello")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(responses(response)).singleElement().satisfies((item) -> {
			assertThat(item.get("status").intValue()).isEqualTo(200);
			assertThat(item.get("body").get("hello").stringValue()).isEqualTo("world");
		});
	}

	@Test
	void whenBatchIsPostedToTheDefaultPathThenItIsNotTheEndpointAndNoItemRuns() {
		int before = BatchTestApplication.executed.get();
		HttpResponse<String> response = post("/$batch", batch(get("1", "/batch-test/count")));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	@Test
	void whenItemUrlIsTheConfiguredPathThenTheBatchIsRefusedWith400AndNothingRuns() {
		int before = BatchTestApplication.executed.get();
		HttpResponse<String> response = post(PATH,
				batch(get("ok", "/batch-test/count"), "{\"id\":\"x\",\"method\":\"POST\",\"url\":\"" + PATH + "\"}"));
		assertRefusedAsNested(response);
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	@Test
	void whenRelativeItemUrlResolvesToTheConfiguredPathThenTheBatchIsRefusedWith400() {
		// Relative urls are resolved against /api/: "batch" is the endpoint itself
		HttpResponse<String> response = post(PATH, batch("{\"id\":\"x\",\"method\":\"POST\",\"url\":\"batch\"}"));
		assertRefusedAsNested(response);
	}

	@Test
	void whenItemUrlIsRelativeThenItIsResolvedAgainstTheConfiguredPathsLocation() {
		JsonNode item = responses(post(PATH, batch(get("1", "batch-test/located")))).get(0);
		assertThat(item.get("status").intValue()).isEqualTo(200);
		assertThat(item.get("body").get("located").stringValue()).isEqualTo("/api/");
	}

	private static void assertRefusedAsNested(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = BatchClient.body(response);
		assertThat(problem.get("id").stringValue()).isEqualTo("x");
		assertThat(problem.get("detail").stringValue()).contains("batches do not nest");
	}

	private HttpResponse<String> post(String path, String batch) {
		String[] headers = Stream
			.concat(Stream.of(BatchTestApplication.CSRF_HEADERS), Stream.of("Content-Type", "application/json"))
			.toArray(String[]::new);
		return this.client.send("POST", path, HttpRequest.BodyPublishers.ofString(batch), headers);
	}

}
