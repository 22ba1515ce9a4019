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
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Memory is bounded by the parallelism, not the item count: in a JVM with a 128MB heap
 * (the {@code small-heap} Surefire execution), a batch of 100 items of 2MB each — 200MB
 * of item responses, more than the whole heap — streams through, as at most
 * {@code parallelism} (2) item responses are held at once. The client reads the answer as
 * a stream too, in the same JVM.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.parallelism=2",
				"integrated-pipeline.batch.max-requests=100", "integrated-pipeline.child.max-buffered-bytes=4MB",
				"integrated-pipeline.batch.timeout=5m" })
class BatchMemorySmallHeapTests {

	private static final int ITEMS = 100;

	private static final int KB_PER_ITEM = 2048;

	@LocalServerPort
	private int port;

	@Test
	void whenItemResponsesTogetherExceedTheHeapThenTheBatchStreamsThroughInOrder() throws Exception {
		assumeTrue(Runtime.getRuntime().maxMemory() < (long) ITEMS * KB_PER_ITEM * 1024,
				"Proves something only with a heap smaller than the item responses: runs in the small-heap"
						+ " Surefire execution (-Xmx128m)");
		List<String> items = new ArrayList<>();
		for (int i = 0; i < ITEMS; i++) {
			items.add(BatchClient.get("i" + i, "/batch-test/big?kb=" + KB_PER_ITEM));
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/$batch"))
			.POST(HttpRequest.BodyPublishers.ofString(BatchClient.batch(items.toArray(String[]::new))))
			.headers(BatchTestApplication.CSRF_HEADERS)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofMinutes(5))
			.build();
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> answered = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		try (InputStream body = response.body()) {
			read(body, answered, failed);
		}
		assertThat(failed).as("items that did not answer 200").isEmpty();
		assertThat(answered).hasSize(ITEMS).startsWith("i0", "i1").endsWith("i98", "i99");
	}

	/**
	 * Read the batch response as a stream, the bodies of the items that answered 200
	 * skipped, never held whole: the ids of those in {@code answered}, the others in
	 * {@code failed} with their status and body (a small problem).
	 */
	private static void read(InputStream body, List<String> answered, List<String> failed) throws IOException {
		try (JsonParser parser = BatchClient.json.createParser(body)) {
			String id = null;
			int status = 0;
			int depth = 0;
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				if (token.isStructStart()) {
					depth++;
				}
				else if (token.isStructEnd()) {
					depth--;
				}
				else if (token == JsonToken.PROPERTY_NAME && depth == 3) {
					// A member of an entry: {"responses":[{...}]}
					String name = parser.currentName();
					JsonToken value = parser.nextToken();
					if ("id".equals(name)) {
						id = parser.getString();
					}
					else if ("status".equals(name)) {
						status = parser.getIntValue();
						if (status == 200) {
							answered.add(id);
						}
					}
					else if ("body".equals(name) && status != 200) {
						failed.add(id + " " + status + " " + parser.readValueAsTree());
					}
					else if (value.isStructStart()) {
						parser.skipChildren();
					}
				}
			}
		}
	}

}
