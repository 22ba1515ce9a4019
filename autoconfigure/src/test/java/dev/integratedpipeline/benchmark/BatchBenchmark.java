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

package dev.integratedpipeline.benchmark;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;

/**
 * The JSON batch endpoint against what a client does without it, on the
 * {@link BenchmarkApplication} with the endpoint at {@value #BATCH_PATH}, parallelism 10
 * and Boot's task executor at 10 threads:
 * <ul>
 * <li>{@link #batchOf20()}: one {@code POST} of a batch of 20 {@code GET}s of the JSON
 * path, over a keep-alive loopback socket, its whole response read;</li>
 * <li>{@link #sequentialExecute20()}: the same 20 children, one after the other, with
 * {@link ChildRequestExecutor#execute} in-process (no HTTP at all);</li>
 * <li>{@link #loopback20()}: 20 sequential loopback HTTP calls with {@code RestClient},
 * what applications do today, and {@link #loopbackRawSocket20()} with the cheapest
 * client;</li>
 * <li>{@link #batchOf10Waiting()}: a batch of 10 items whose handler waits 50 ms;</li>
 * <li>the controls {@link #composedSequential20()} and {@link #composedAll20()}: one
 * {@code GET} over the same socket whose handler runs the same 20 children itself, one
 * after the other and with {@code executeAll}: the batch's work less its JSON and its
 * scheduling of items;</li>
 * <li>the controls {@link #batchOf0()} and {@link #batchOf1()}: the same {@code POST}
 * with no item and with one, so that the batch's fixed cost (the outer request's HTTP
 * round trip, filters and pipeline, reading and writing the JSON) is told apart from what
 * each item costs.</li>
 * </ul>
 * <p>
 * <b>Warm-up.</b> The parallel runs keep both cores busy, and the JVM has one C2 compiler
 * thread: it gets a third of a core, and on two cores the JIT is still compiling these
 * paths after 30 s (about 30% of the CPU of a measured iteration at 16 s of warm-up, by
 * {@code -prof async}; {@code -prof comp} or {@link CpuProfiler}'s {@code cpu.jit.norm}
 * shows it). Warm up for at least 40 s ({@code -wi 20 -w 2s}) before reading a figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 20, time = 2)
@Measurement(iterations = 4, time = 2)
public class BatchBenchmark {

	static final String BATCH_PATH = "/bench/$batch";

	private RunningApplication application;

	private ChildRequestExecutor executor;

	private ChildRequest childRequest;

	private LoopbackConnection batchOf20;

	private LoopbackConnection batchOf10Waiting;

	private LoopbackConnection batchOf0;

	private LoopbackConnection batchOf1;

	private LoopbackConnection loopback;

	private LoopbackConnection composedSequential20;

	private LoopbackConnection composedAll20;

	private RestClient restClient;

	@Setup
	public void start() {
		this.application = RunningApplication.start("integrated-pipeline.batch.enabled=true",
				"integrated-pipeline.batch.path=" + BATCH_PATH, "integrated-pipeline.batch.parallelism=10",
				"spring.task.execution.pool.core-size=10");
		this.executor = this.application.childRequestExecutor();
		this.childRequest = ChildRequest.get(BenchmarkController.JSON_PATH).build();
		int port = this.application.port();
		this.batchOf20 = LoopbackConnection.postJson(port, BATCH_PATH, batch(BenchmarkController.JSON_PATH, 20));
		this.batchOf10Waiting = LoopbackConnection.postJson(port, BATCH_PATH, batch(BenchmarkController.WAIT_PATH, 10));
		this.batchOf0 = LoopbackConnection.postJson(port, BATCH_PATH, batch(BenchmarkController.JSON_PATH, 0));
		this.batchOf1 = LoopbackConnection.postJson(port, BATCH_PATH, batch(BenchmarkController.JSON_PATH, 1));
		this.loopback = new LoopbackConnection(port, BenchmarkController.JSON_PATH);
		this.composedSequential20 = new LoopbackConnection(port,
				BenchmarkController.COMPOSED_SEQUENTIAL_PATH + "?n=20");
		this.composedAll20 = new LoopbackConnection(port, BenchmarkController.COMPOSED_ALL_PATH + "?n=20");
		this.restClient = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(
					HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
			.baseUrl("http://localhost:" + port)
			.build();
	}

	static String batch(String path, int items) {
		List<String> requests = new ArrayList<>();
		for (int i = 0; i < items; i++) {
			requests.add("{\"id\":\"" + i + "\",\"method\":\"GET\",\"url\":\"" + path + "\"}");
		}
		return "{\"requests\":[" + String.join(",", requests) + "]}";
	}

	RunningApplication application() {
		return this.application;
	}

	@TearDown
	public void stop() {
		try {
			this.batchOf20.close();
			this.batchOf10Waiting.close();
			this.batchOf0.close();
			this.batchOf1.close();
			this.loopback.close();
			this.composedSequential20.close();
			this.composedAll20.close();
		}
		finally {
			this.application.close();
		}
	}

	@Benchmark
	public int batchOf20() throws IOException {
		return this.batchOf20.get();
	}

	@Benchmark
	public int sequentialExecute20() {
		int statuses = 0;
		for (int i = 0; i < 20; i++) {
			statuses += this.executor.execute(this.childRequest).status();
		}
		return statuses;
	}

	@Benchmark
	public int loopback20() {
		int statuses = 0;
		for (int i = 0; i < 20; i++) {
			ResponseEntity<byte[]> response = this.restClient.get()
				.uri(BenchmarkController.JSON_PATH)
				.retrieve()
				.toEntity(byte[].class);
			statuses += response.getStatusCode().value();
		}
		return statuses;
	}

	@Benchmark
	public int loopbackRawSocket20() throws IOException {
		int statuses = 0;
		for (int i = 0; i < 20; i++) {
			statuses += this.loopback.get();
		}
		return statuses;
	}

	@Benchmark
	public int batchOf10Waiting() throws IOException {
		return this.batchOf10Waiting.get();
	}

	@Benchmark
	public int composedSequential20() throws IOException {
		return this.composedSequential20.get();
	}

	@Benchmark
	public int composedAll20() throws IOException {
		return this.composedAll20.get();
	}

	@Benchmark
	public int batchOf0() throws IOException {
		return this.batchOf0.get();
	}

	@Benchmark
	public int batchOf1() throws IOException {
		return this.batchOf1.get();
	}

}
