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
import java.util.concurrent.TimeUnit;

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

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

/**
 * A page composed of {@link #children} child requests to the JSON controller of the
 * {@link BenchmarkApplication}, their content appended in order: one after the other on
 * the calling thread ({@link ChildRequestExecutor#execute}), against all at once on the
 * application task executor ({@link ChildRequestExecutor#executeAll}, Boot's default
 * pool). The parallel speed-up is bounded by the cores of the machine.
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

	private RunningApplication application;

	private ChildRequestExecutor executor;

	private List<ChildRequest> requests;

	@Setup
	public void start() {
		this.application = RunningApplication.start();
		this.executor = this.application.childRequestExecutor();
		List<ChildRequest> requests = new ArrayList<>(this.children);
		for (int i = 0; i < this.children; i++) {
			requests.add(ChildRequest.get(ChildRequestBenchmark.PATH + "?part=" + i).build());
		}
		this.requests = List.copyOf(requests);
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
	public byte[] parallel() {
		ByteArrayOutputStream page = new ByteArrayOutputStream();
		for (ChildResponse response : this.executor.executeAll(this.requests)) {
			page.writeBytes(response.content());
		}
		return page.toByteArray();
	}

}
