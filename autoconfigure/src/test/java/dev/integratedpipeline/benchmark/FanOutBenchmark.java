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

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

/**
 * A page composed of {@link #children} child requests to the JSON controller of the
 * {@link BenchmarkApplication}, their content appended in order: one after the other on
 * the calling thread ({@link ChildRequestExecutor#execute}), against all at once on the
 * application task executor ({@link ChildRequestExecutor#executeAll}, Boot's default
 * pool). The parallel speed-up is bounded by the cores of the machine.
 * <p>
 * A control measures what the machine itself allows for tasks that small:
 * {@link #sequentialCpu()} and {@link #parallelCpu()} run as many tasks of plain CPU work
 * lasting {@link #cpuMicros} each (about one child request) one after the other, and
 * fanned out on the same executor (all submitted at once, the caller running those no
 * pool thread started, as {@code executeAll} runs those no helper took). Waking a parked
 * pool thread costs tens of microseconds on a virtual machine, which is most of the gap
 * to the core count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 4, time = 2)
public class FanOutBenchmark {

	@Param({ "1", "10", "100" })
	public int children;

	/**
	 * How long each task of the control lasts, in microseconds: about the time of one
	 * child request to the JSON controller.
	 */
	@Param({ "15" })
	public int cpuMicros = 15;

	private RunningApplication application;

	private ChildRequestExecutor executor;

	private List<ChildRequest> requests;

	private Executor taskExecutor;

	private long cpuTokens;

	@Setup
	public void start() {
		this.application = RunningApplication.start();
		this.executor = this.application.childRequestExecutor();
		List<ChildRequest> requests = new ArrayList<>(this.children);
		for (int i = 0; i < this.children; i++) {
			requests.add(ChildRequest.get(BenchmarkController.JSON_PATH + "?part=" + i).build());
		}
		this.requests = List.copyOf(requests);
		this.taskExecutor = this.application.context().getBean("applicationTaskExecutor", Executor.class);
		this.cpuTokens = calibrateCpuTokens(this.cpuMicros);
	}

	private static long calibrateCpuTokens(int micros) {
		long tokens = 100_000;
		for (int i = 0; i < 50; i++) {
			Blackhole.consumeCPU(tokens);
		}
		long start = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			Blackhole.consumeCPU(tokens);
		}
		double nanosPerToken = (System.nanoTime() - start) / (20.0 * tokens);
		return Math.max(1, Math.round(micros * 1000 / nanosPerToken));
	}

	@TearDown
	public void stop() {
		this.application.close();
	}

	@Benchmark
	public byte[] sequential() {
		ByteArrayOutputStream page = new ByteArrayOutputStream();
		for (ChildRequest request : this.requests) {
			page.writeBytes(this.executor.execute(request).content());
		}
		return page.toByteArray();
	}

	@Benchmark
	public int sequentialCpu() {
		int run = 0;
		for (int i = 0; i < this.children; i++) {
			Blackhole.consumeCPU(this.cpuTokens);
			run++;
		}
		return run;
	}

	@Benchmark
	public int parallelCpu() throws Exception {
		int size = this.children;
		AtomicBoolean[] claimed = new AtomicBoolean[size];
		CompletableFuture<Thread>[] done = newFutures(size);
		for (int i = 0; i < size; i++) {
			claimed[i] = new AtomicBoolean();
			done[i] = new CompletableFuture<>();
			int task = i;
			this.taskExecutor.execute(() -> runIfClaimed(claimed[task], done[task]));
		}
		for (int i = size - 1; i >= 0; i--) {
			runIfClaimed(claimed[i], done[i]);
		}
		CompletableFuture.allOf(done).get();
		return size;
	}

	@SuppressWarnings("unchecked")
	private static CompletableFuture<Thread>[] newFutures(int size) {
		return new CompletableFuture[size];
	}

	private void runIfClaimed(AtomicBoolean claimed, CompletableFuture<Thread> done) {
		if (claimed.compareAndSet(false, true)) {
			Blackhole.consumeCPU(this.cpuTokens);
			// Completed once only: the claim keeps a second thread from running it
			if (!done.complete(Thread.currentThread())) {
				throw new IllegalStateException("A control task ran twice");
			}
		}
	}

	@Benchmark
	public byte[] parallel() {
		ByteArrayOutputStream page = new ByteArrayOutputStream();
		for (ChildResponse response : this.executor.executeAll(this.requests)) {
			page.writeBytes(response.content());
		}
		return page.toByteArray();
	}

}
