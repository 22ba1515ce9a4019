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
import tools.jackson.databind.json.JsonMapper;

import dev.integratedpipeline.benchmark.BenchmarkController.Greeting;
import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildResponse;

/**
 * The cost of reading a child's JSON answer as a typed value: {@link #bodyAs()},
 * {@link ChildResponse#bodyAs(Class)} on the response the executor captured from the
 * benchmark's JSON controller (so with the application's message converters), against
 * {@link #jacksonReadValue()}, the application's own Jackson {@link JsonMapper} (the one
 * its converter uses) reading the same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 4, time = 2)
public class BodyAsBenchmark {

	private RunningApplication application;

	private ChildResponse response;

	private byte[] content;

	private JsonMapper jsonMapper;

	@Setup
	public void start() {
		this.application = RunningApplication.start();
		this.response = this.application.childRequestExecutor()
			.execute(ChildRequest.get(BenchmarkController.JSON_PATH).build());
		this.content = this.response.content();
		this.jsonMapper = this.application.bean(JsonMapper.class);
		Greeting expected = this.jsonMapper.readValue(this.content, Greeting.class);
		if (!this.response.bodyAs(Greeting.class).equals(expected)) {
			throw new IllegalStateException("bodyAs and readValue read different values from " + this.response);
		}
	}

	@TearDown
	public void stop() {
		this.application.close();
	}

	@Benchmark
	public Greeting bodyAs() {
		return this.response.bodyAs(Greeting.class);
	}

	@Benchmark
	public Greeting jacksonReadValue() {
		return this.jsonMapper.readValue(this.content, Greeting.class);
	}

}
