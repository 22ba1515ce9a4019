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

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static dev.integratedpipeline.batch.BatchClient.responses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the batch endpoint records in Micrometer over real HTTP, beyond answered batches:
 * refused and timed-out batches in {@code integrated.pipeline.batch.requests} by their
 * outcome, and the item-count summary left alone by a refused batch.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.timeout=200ms" })
class BatchMetricsHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meterRegistry;

	private BatchClient client;

	@BeforeEach
	void setUp() {
		this.client = new BatchClient(this.port);
	}

	@Test
	void whenBatchIsRefusedThenItIsCountedAsRefused() {
		double refused = batchCount("REFUSED");
		assertThat(this.client.post("{\"requests\":[").statusCode()).isEqualTo(400);
		assertThat(batchCount("REFUSED") - refused).isEqualTo(1);
	}

	@Test
	void whenBatchIsRefusedForAnItemThenItsItemsAreNotSummarized() {
		DistributionSummary items = this.meterRegistry.get(MicrometerBatchMetrics.ITEMS).summary();
		long count = items.count();
		double total = items.totalAmount();
		double refused = batchCount("REFUSED");
		HttpResponse<String> response = this.client
			.post(batch(get("1", "/batch-test/hello"), get("2", "/batch-test/hello"), get("3", "//evil/")));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(batchCount("REFUSED") - refused).isEqualTo(1);
		assertThat(items.count()).isEqualTo(count);
		assertThat(items.totalAmount()).isEqualTo(total);
	}

	@Test
	void whenBatchTimesOutThenItIsCountedAsTimeout() {
		double timeouts = batchCount("TIMEOUT");
		List<JsonNode> items = responses(this.client.post(batch(get("slow", "/batch-test/slow?ms=600"))));
		assertThat(items.get(0).get("status").intValue()).isEqualTo(504);
		// The batch request's thread records the batch once it left the item it runs
		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(batchCount("TIMEOUT") - timeouts).isEqualTo(1));
	}

	private double batchCount(String outcome) {
		Timer timer = this.meterRegistry.find(MicrometerBatchMetrics.REQUESTS).tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

}
