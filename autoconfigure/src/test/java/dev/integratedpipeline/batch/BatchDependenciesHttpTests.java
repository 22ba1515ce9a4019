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

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static dev.integratedpipeline.batch.BatchClient.responses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Items with {@code dependsOn} naming several earlier items, over real HTTP: such an item
 * starts only once every one of them completed.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "integrated-pipeline.batch.enabled=true")
class BatchDependenciesHttpTests {

	@LocalServerPort
	private int port;

	private BatchClient client;

	@BeforeEach
	void setUp() {
		this.client = new BatchClient(this.port);
	}

	@Test
	void whenItemDependsOnTwoEarlierItemsThenItStartsOnlyOnceBothCompleted() {
		// The dependency named first and the one of the highest index ("b") completes
		// first: waiting for either alone would start "c" before "a" ended
		BatchTestApplication.events.clear();
		List<Integer> statuses = responses(
				this.client.post(batch(get("a", "/batch-test/log/a?ms=200"), get("b", "/batch-test/log/b?ms=20"),
						"{\"id\":\"c\",\"method\":\"GET\",\"url\":\"/batch-test/log/c\",\"dependsOn\":[\"b\",\"a\"]}")))
			.stream()
			.map((item) -> item.get("status").intValue())
			.toList();
		assertThat(statuses).containsExactly(200, 200, 200);
		List<String> events = List.copyOf(BatchTestApplication.events);
		assertThat(events).containsOnlyOnce("start:c", "end:a", "end:b");
		assertThat(events.indexOf("start:c")).isGreaterThan(events.indexOf("end:a"))
			.isGreaterThan(events.indexOf("end:b"));
	}

}
