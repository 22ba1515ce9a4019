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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static dev.integratedpipeline.batch.BatchClient.responses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helpers of all batches together stay within
 * {@code integrated-pipeline.batch.max-helpers}, so that a client sending batches of
 * items that block cannot take every thread of the task executor the application shares
 * ({@code @Async} methods, Spring MVC's asynchronous handlers), whatever the number of
 * its batches. Four threads in the task executor, two for the batches: three batches of
 * three items that wait, sent at once.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.parallelism=4",
				"integrated-pipeline.batch.max-helpers=2", "spring.task.execution.pool.core-size=4" })
class BatchHelperBudgetHttpTests {

	private static final int BATCHES = 3;

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	private Executor taskExecutor;

	private final ExecutorService clients = Executors.newFixedThreadPool(BATCHES);

	@BeforeEach
	void reset() {
		BatchTestApplication.events.clear();
		BatchTestApplication.maxRunningOnTaskThreads.set(0);
	}

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	@Test
	void whenBatchesOfWaitingItemsRunAtOnceThenTheirHelpersTogetherStayWithinMaxHelpers() {
		List<CompletableFuture<HttpResponse<String>>> batches = sendBatches(400);
		for (CompletableFuture<HttpResponse<String>> batch : batches) {
			assertThat(responses(batch.join())).extracting((item) -> item.get("status").intValue())
				.containsExactly(200, 200, 200);
		}
		assertThat(BatchTestApplication.maxRunningOnTaskThreads.get()).isEqualTo(2);
	}

	@Test
	void whenBatchesHoldEveryHelperTheyMayThenTheTaskExecutorStillRunsTheApplicationsWork() {
		List<CompletableFuture<HttpResponse<String>>> batches = sendBatches(800);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> BatchTestApplication.runningOnTaskThreads.get() == 2);
		// Run while the batches' items still wait: no item has ended yet
		CompletableFuture<Long> endedBeforeTask = CompletableFuture.supplyAsync(
				() -> BatchTestApplication.events.stream().filter((event) -> event.startsWith("end:")).count(),
				this.taskExecutor);
		assertThat(endedBeforeTask.join()).isZero();
		batches.forEach(CompletableFuture::join);
	}

	private List<CompletableFuture<HttpResponse<String>>> sendBatches(int itemMillis) {
		List<CompletableFuture<HttpResponse<String>>> batches = new ArrayList<>();
		for (int b = 0; b < BATCHES; b++) {
			List<String> items = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				String name = "b" + b + "i" + i;
				items.add(get(name, "/batch-test/log/" + name + "?ms=" + itemMillis));
			}
			String body = batch(items.toArray(String[]::new));
			BatchClient client = new BatchClient(this.port);
			batches.add(CompletableFuture.supplyAsync(() -> client.post(body), this.clients));
		}
		return batches;
	}

}
