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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static dev.integratedpipeline.batch.BatchClient.responses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch on a task executor that blocks its caller while full, as a
 * {@code SimpleAsyncTaskExecutor} with a concurrency limit does (Boot's
 * {@code applicationTaskExecutor} with virtual threads and
 * {@code spring.task.execution.simple.concurrency-limit}): asking it for a helper must
 * hold up neither the batch's thread nor the ticker that watches every batch's deadline.
 */
@SpringBootTest(classes = { BatchTestApplication.class, BatchBlockingTaskExecutorHttpTests.BlockingExecutor.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.timeout=1s" })
class BatchBlockingTaskExecutorHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SimpleAsyncTaskExecutor taskExecutor;

	private final CountDownLatch release = new CountDownLatch(1);

	@BeforeEach
	void fillTheTaskExecutor() throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		this.taskExecutor.execute(() -> {
			started.countDown();
			try {
				this.release.await(8, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@AfterEach
	void releaseTheTaskExecutor() {
		this.release.countDown();
	}

	@Test
	void whenTheTaskExecutorBlocksWhileFullThenTheBatchIsStillAnsweredAtItsTimeout() {
		// The first item runs on the batch's thread; the second waits, so a helper is
		// asked for, of a task executor that blocks until the test ends
		long start = System.nanoTime();
		HttpResponse<String> response = new BatchClient(this.port)
			.post(batch(get("first", "/batch-test/log/first?ms=8000"), get("second", "/batch-test/log/second")));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		List<JsonNode> items = responses(response);
		assertThat(items).extracting((item) -> item.get("status").intValue()).containsExactly(504, 504);
		assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class BlockingExecutor {

		@Bean
		SimpleAsyncTaskExecutor applicationTaskExecutor() {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("blocking-");
			executor.setConcurrencyLimit(1);
			return executor;
		}

	}

}
