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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
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
 * through the same appender; {@code -Dthroughput.control.skip=true} leaves it out). The
 * pipeline's comparison is followed by its own controls: the same application on both
 * sides ({@link PipelineThroughput.Comparison#IDENTICAL A/A}; left out by
 * {@code -Dthroughput.control.skip=true}), and the pipeline's own share of the CPU,
 * profiled ({@link PipelineProfile}; left out by {@code -Dthroughput.profile.skip=true}).
 * Run by the {@code benchmark} Maven profile:
 * {@code ./mvnw -pl autoconfigure -am -Pbenchmark -DskipTests verify}.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	private static TargetReport.Control cpuAdded(String what, PipelineThroughput.Result result) {
		return new TargetReport.Control(what + ": CPU added per request, us",
				result.cpuWithPipeline() - result.cpuWithoutPipeline());
	}

	private static void identicalControls(PipelineThroughput.Result identical, List<TargetReport.Control> controls) {
		String what = "A/A control, the same application in two JVMs: ";
		controls.add(new TargetReport.Control(what + "throughput kept", identical.ratio()));
		controls.add(new TargetReport.Control(what + "kept, lowest pair of JVMs",
				identical.ratioPerPair().stream().mapToDouble(Double::doubleValue).min().orElse(0)));
		List<Double> rounds = identical.ratioPerRound();
		controls.add(new TargetReport.Control(what + "kept, lowest round",
				rounds.stream().mapToDouble(Double::doubleValue).min().orElse(0)));
		controls.add(new TargetReport.Control(what + "kept, highest round",
				rounds.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
		controls.add(new TargetReport.Control(what + "CPU per request, A over B",
				identical.cpuWithPipeline() / identical.cpuWithoutPipeline()));
	}

	/**
	 * Profile the pipeline under load, unless {@code -Dthroughput.profile.skip=true},
	 * adding to the controls how much slower the rest of a request runs beside it.
	 * @return what its own frames cost against a request without it, or {@code null} when
	 * not profiled
	 */
	private static @Nullable Double profiledShare(PipelineThroughput.Settings settings,
			List<TargetReport.Control> controls) throws IOException {
		if (Boolean.getBoolean("throughput.profile.skip")) {
			return null;
		}
		Path library = PipelineProfile.library();
		if (library == null) {
			System.out.println("\n# Profile of the pipeline skipped: async-profiler's library was not found in "
					+ "-Dthroughput.profiler.dir (the benchmark profile unpacks it there; Linux only)");
			return null;
		}
		PipelineProfile.Result profile = PipelineProfile.run(settings, library, System.out);
		controls.add(new TargetReport.Control(
				"profile: the rest of a request beside the pipeline vs the same work without it: CPU",
				profile.restRatio()));
		return profile.ownShare();
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
		Double pipelineShare = null;
		if (!Boolean.getBoolean("throughput.skip")) {
			PipelineThroughput.Settings settings = PipelineThroughput.Settings.fromSystemProperties();
			PipelineThroughput.Comparison comparison = PipelineThroughput.Comparison.fromSystemProperties();
			PipelineThroughput.Result result = PipelineThroughput.run(settings, comparison, System.out);
			// Each comparison has its own target
			if (comparison == PipelineThroughput.Comparison.PIPELINE) {
				throughputKept = result.ratio();
				keptPerPair = result.ratioPerPair();
				if (!Boolean.getBoolean("throughput.control.skip")) {
					// The same application on both sides: what the harness and the
					// machine give a comparison of identical code
					identicalControls(
							PipelineThroughput.run(settings, PipelineThroughput.Comparison.IDENTICAL, System.out),
							controls);
				}
				pipelineShare = profiledShare(settings, controls);
			}
			else if (comparison == PipelineThroughput.Comparison.IDENTICAL) {
				identicalControls(result, controls);
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
		new TargetReport(scores, throughputKept, keptPerPair, accessLogKept, controls, pipelineShare,
				Runtime.getRuntime().availableProcessors())
			.print(System.out);
		// Nothing of the applications may keep the JVM, and so the build, waiting
		System.exit(0);
	}

}
