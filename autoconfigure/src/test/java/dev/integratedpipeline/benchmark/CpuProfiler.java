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

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.integratedpipeline.benchmark.CpuProfiler}) that
 * reports the CPU time the benchmark's JVM spent per operation, every thread of it (the
 * benchmark's, the embedded server's, the task executor's, the garbage collector's), less
 * the time the JIT compilers spent:
 * <ul>
 * <li>{@code cpu.time.norm}: microseconds of CPU per operation, the JIT left out;</li>
 * <li>{@code cpu.jit.norm}: the JIT's milliseconds in the iteration, per operation in
 * microseconds: far from zero, the warm-up was not over.</li>
 * </ul>
 * On a shared machine the time an operation takes bends with what else runs, while the
 * CPU it costs barely does: where the time says nothing, this figure still compares two
 * ways of doing the same work, such as a batch against the same children in one request.
 */
public final class CpuProfiler implements InternalProfiler {

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();

	private long cpuStart;

	private long jitStart;

	@Override
	public String getDescription() {
		return "CPU time of the whole JVM per operation, and the JIT's compiling time per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.jitStart = jitMillis();
		this.cpuStart = this.os.getProcessCpuTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long cpu = this.os.getProcessCpuTime() - this.cpuStart;
		long jit = jitMillis() - this.jitStart;
		long operations = result.getMetadata().getMeasuredOps();
		if (operations <= 0 || cpu < 0) {
			return List.of();
		}
		return List.of(new ScalarResult("cpu.time.norm", cpu / 1000.0 / operations, "us/op", AggregationPolicy.AVG),
				new ScalarResult("cpu.jit.norm", jit * 1000.0 / operations, "us/op", AggregationPolicy.AVG));
	}

	private long jitMillis() {
		return this.compilation.isCompilationTimeMonitoringSupported() ? this.compilation.getTotalCompilationTime() : 0;
	}

}
