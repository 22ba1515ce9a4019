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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs every benchmark: the JMH benchmarks of this package (with the JMH command line
 * given, by default {@code -f 2 -wi 6 -w 2s -i 4 -r 2s -prof gc}), then the
 * {@link PipelineThroughput pipeline throughput comparison}, and last the
 * {@link TargetReport targets} worked out from both. {@code -Djmh.skip=true} or
 * {@code -Dthroughput.skip=true} leaves either out;
 * {@code -Dthroughput.compare=access-log} compares the access log with no access log
 * instead of the pipeline with no pipeline, followed by its control (a constant line
 * through the same appender; {@code -Dthroughput.control.skip=true} leaves it out). Run
 * by the {@code benchmark} Maven profile:
 * {@code ./mvnw -pl autoconfigure -am -Pbenchmark -DskipTests verify}.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	private static TargetReport.Control cpuAdded(String what, PipelineThroughput.Result result) {
		return new TargetReport.Control(what + ": CPU added per request, us",
				result.cpuWithPipeline() - result.cpuWithoutPipeline());
	}

	public static void main(String[] args) throws Exception {
		Map<String, Double> scores = Map.of();
		if (!Boolean.getBoolean("jmh.skip")) {
			Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
			scores = TargetReport.scores(results);
		}
		Double throughputKept = null;
		Double accessLogKept = null;
		List<Double> keptPerPair = List.of();
		List<TargetReport.Control> controls = new ArrayList<>();
		if (!Boolean.getBoolean("throughput.skip")) {
			PipelineThroughput.Settings settings = PipelineThroughput.Settings.fromSystemProperties();
			PipelineThroughput.Comparison comparison = PipelineThroughput.Comparison.fromSystemProperties();
			PipelineThroughput.Result result = PipelineThroughput.run(settings, comparison, System.out);
			// Each comparison has its own target
			if (comparison == PipelineThroughput.Comparison.PIPELINE) {
				throughputKept = result.ratio();
				keptPerPair = result.ratioPerPair();
			}
			else if (comparison == PipelineThroughput.Comparison.ACCESS_LOG) {
				accessLogKept = result.ratio();
				controls.add(cpuAdded("access log", result));
				if (!Boolean.getBoolean("throughput.control.skip")) {
					// The control isolates what the logging framework costs: the same
					// appender, a constant line, none of the module's work
					PipelineThroughput.Result control = PipelineThroughput.run(settings,
							PipelineThroughput.Comparison.ACCESS_LOG_CONTROL, System.out);
					controls.add(new TargetReport.Control("access log control, constant line: throughput kept",
							control.ratio()));
					controls.add(cpuAdded("access log control, constant line", control));
				}
			}
			else if (comparison == PipelineThroughput.Comparison.ACCESS_LOG_CONTROL) {
				controls.add(
						new TargetReport.Control("access log control, constant line: throughput kept", result.ratio()));
				controls.add(cpuAdded("access log control, constant line", result));
			}
		}
		new TargetReport(scores, throughputKept, keptPerPair, accessLogKept, controls,
				Runtime.getRuntime().availableProcessors())
			.print(System.out);
		// Nothing of the applications may keep the JVM, and so the build, waiting
		System.exit(0);
	}

}
