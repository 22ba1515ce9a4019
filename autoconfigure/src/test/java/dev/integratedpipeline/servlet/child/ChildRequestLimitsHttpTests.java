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

package dev.integratedpipeline.servlet.child;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.LimitsTestController;
import dev.integratedpipeline.testapp.LimitsTestController.Gate;
import dev.integratedpipeline.testapp.PipelineTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The server survives what its applications and clients do: the nesting limit holds
 * across threads, what nothing carries is bounded by the number of children in flight,
 * nested asynchronous children never starve the task executor, and buffers stay within
 * their limits. Boot's default task executor (8 threads) and the default limits (depth
 * 10, 256 children in flight), apart from the content limits.
 */
@SpringBootTest(
		classes = {
				PipelineTestApplication.class, LimitsTestController.class, LimitsTestController.AsyncChildren.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.child.max-buffered-bytes=3MB",
				"integrated-pipeline.child.max-total-buffered-bytes=3MB",
				"integrated-pipeline.child.max-concurrent=16" })
class ChildRequestLimitsHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ServletChildRequestExecutor executor;

	private HttpTestClient http;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
	}

	private String recursion(String route) {
		HttpResponse<String> response = this.http.get("/limits/" + route + "/0");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/**
	 * Once the client had its answer, no child is in flight, and no recursion handler
	 * runs any more.
	 */
	private void assertNothingKeepsRunning() {
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.executor.inFlight() == 0);
		int invocations = LimitsTestController.invocations.get();
		Awaitility.await()
			.during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(() -> LimitsTestController.invocations.get() == invocations);
	}

	private CompletableFuture<HttpResponse<String>> sendAsync(String path) {
		return HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	// The depth limit across threads

	@Test
	void whenRecursionIsIssuedFromAnAsyncMethodThenTheDepthLimitEndsIt() {
		assertThat(recursion("async")).isEqualTo("STACK_OVERFLOW at 10");
		assertNothingKeepsRunning();
	}

	@Test
	void whenRecursionIsIssuedFromSupplyAsyncOnBootsExecutorThenTheDepthLimitEndsIt() {
		assertThat(recursion("supply")).isEqualTo("STACK_OVERFLOW at 10");
		assertNothingKeepsRunning();
	}

	@Test
	void whenRecursionIsIssuedFromANewThreadThenTheChildrenInFlightBoundEndIt() {
		// Nothing carries the parent link to a thread of the application's own: each
		// level is a child without a parent, and the bound on children in flight holds
		assertThat(recursion("thread")).isEqualTo("OVERLOADED at 16");
		assertNothingKeepsRunning();
	}

	// Nested asynchronous children and the pool

	@Test
	void whenRecursionGoesThroughExecuteAsyncGetThenItEndsWithStackOverflow() {
		assertThat(recursion("future")).isEqualTo("STACK_OVERFLOW at 10");
	}

	@Test
	void whenRecursionGoesThroughCallableHandlersThenItEndsWithStackOverflow() {
		assertThat(recursion("callable")).isEqualTo("STACK_OVERFLOW at 10");
	}

	@Test
	void whenRecursionThroughExecuteAsyncGetIsInProgressThenUnrelatedRequestsAreServed() throws Exception {
		assertUnrelatedRequestsAreServedDuring("future");
	}

	@Test
	void whenRecursionThroughCallableHandlersIsInProgressThenUnrelatedRequestsAreServed() throws Exception {
		assertUnrelatedRequestsAreServedDuring("callable");
	}

	private void assertUnrelatedRequestsAreServedDuring(String route) throws Exception {
		String id = HttpTestClient.newTestId();
		Gate gate = LimitsTestController.gate(id);
		try {
			CompletableFuture<HttpResponse<String>> recursion = sendAsync("/limits/" + route + "/0?gate=" + id);
			// Every level down to the limit is waiting for the one below it
			assertThat(gate.reached.await(20, TimeUnit.SECONDS)).isTrue();
			HttpResponse<String> page = this.http.get("/hello");
			HttpResponse<String> unrelated = this.http.get("/limits/unrelated");
			assertThat(recursion).isNotDone();
			gate.open.countDown();
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(unrelated.statusCode()).isEqualTo(200);
			assertThat(unrelated.body()).isEqualTo(this.http.get("/hello").body());
			assertThat(recursion.get(20, TimeUnit.SECONDS).body()).isEqualTo("STACK_OVERFLOW at 10");
		}
		finally {
			gate.open.countDown();
		}
	}

	// Buffers

	@Test
	void whenContentGrowsTowardsTheLimitThenItsBufferNeverGrowsBeyondIt() {
		// The total limit is the child's own: a buffer grown by doubling from 2 MB to
		// 4 MB for 2.5 MB of content would pass it
		assertThat(this.http.get("/limits/child?path=/limits/write%3Fbytes%3D2621440").body()).isEqualTo("200 2621440");
		assertThat(this.executor.bufferedBytes()).isZero();
	}

	@Test
	void whenChildrenInFlightWouldBufferMoreThanTheTotalLimitThenTheOneThatWouldPassItFails() throws Exception {
		String id = HttpTestClient.newTestId();
		Gate gate = LimitsTestController.gate(id);
		try {
			CompletableFuture<ChildResponse> holding = this.executor
				.executeAsync(ChildRequest.get("/limits/write?bytes=2097152&gate=" + id).build());
			assertThat(gate.reached.await(20, TimeUnit.SECONDS)).isTrue();
			assertThat(this.http.get("/limits/child?path=/limits/write%3Fbytes%3D2097152").body())
				.isEqualTo("RESPONSE_TOO_LARGE");
			gate.open.countDown();
			assertThat(holding.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
			// The server goes on, all buffers given back
			assertThat(this.http.get("/limits/child?path=/limits/write%3Fbytes%3D2097152").body())
				.isEqualTo("200 2097152");
			assertThat(this.executor.bufferedBytes()).isZero();
		}
		finally {
			gate.open.countDown();
		}
	}

	@Test
	void whenChildIsGivenABodyThenItIsCopiedOnce() throws IOException, InterruptedException {
		assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
				&& threads.isThreadAllocatedMemorySupported(), "needs a JVM that measures thread allocation");
		int size = 16 * 1024 * 1024;
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/limits/body"))
				.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size]))
				.build(), HttpResponse.BodyHandlers.ofString());
		String[] counted = response.body().split(" ");
		assertThat(counted[0]).isEqualTo(Integer.toString(size));
		// One copy, made by the builder, and the pipeline's own small change
		assertThat(Long.parseLong(counted[1])).isBetween((long) size, size + size / 2L);
	}

}
