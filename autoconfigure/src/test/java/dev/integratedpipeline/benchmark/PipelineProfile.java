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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline's own share of the CPU of the threads that serve requests, with twelve
 * no-op modules: the isolating control of the throughput comparison, which a noisy
 * machine cannot bend the way it bends requests per second. One server JVM of its own is
 * warmed up as the comparison's are, then loaded while async-profiler (attached once the
 * warm-up is over, so that no interpreted or compiling time counts) samples its CPU every
 * millisecond.
 * <p>
 * Of the samples of the threads serving a request (those in Tomcat's
 * {@code CoyoteAdapter.service}), the pipeline's own are those whose deepest frame of the
 * library's code ({@code dev.integratedpipeline}, the benchmark's modules and controller
 * left out) calls back into no filter, no valve of the container and no module: its
 * filters, interceptor, wrappers, context and notifications, with what they call of the
 * container. What its wrappers delegate to the container counts as the pipeline's, so the
 * share is an upper bound.
 */
final class PipelineProfile {

	private static final String LIBRARY = "dev/integratedpipeline/";

	private static final String BENCHMARK = "dev/integratedpipeline/benchmark/";

	private static final String SERVING = "org/apache/catalina/connector/CoyoteAdapter.service";

	/**
	 * Where the library's code calls back into the container's own work: the filter
	 * chain, and (from the valve that keeps Tomcat's request at hand) the next valves.
	 */
	private static final List<String> CALLBACKS = List.of("org/apache/catalina/core/ApplicationFilterChain.doFilter",
			"Valve.invoke", "org/apache/catalina/authenticator/AuthenticatorBase.invoke");

	/** The profiler's sampling interval, in microseconds of CPU. */
	private static final int INTERVAL_MICROS = 1000;

	private PipelineProfile() {
	}

	/**
	 * Return async-profiler's library for this machine, unpacked by the benchmark profile
	 * into the directory {@code throughput.profiler.dir} names.
	 * @return the library, or {@code null} when it is not there
	 */
	static @Nullable Path library() {
		String directory = System.getProperty("throughput.profiler.dir", "");
		String platform = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
		Path library = Path.of(directory, platform, "libasyncProfiler.so");
		return (!directory.isEmpty() && System.getProperty("os.name").startsWith("Linux") && Files.isReadable(library))
				? library : null;
	}

	/**
	 * Profile the pipeline with twelve no-op modules and the same application with the
	 * pipeline disabled, under the same alternating load as the throughput comparison.
	 * @param settings how long to warm up and load (the comparison's warm-up, then its
	 * rounds)
	 * @param library async-profiler's library
	 * @param out where to report
	 * @return the profiles of both
	 * @throws IOException when the profiler cannot be attached or its samples read
	 */
	static Result run(PipelineThroughput.Settings settings, Path library, PrintStream out) throws IOException {
		out.printf(Locale.ROOT,
				"%n# Profile of the pipeline + 12 no-op modules and of the pipeline disabled: warmed up %d s, then "
						+ "%d rounds of %d s each, alternating, sampled every %d us of CPU%n",
				settings.warmup().toSeconds(), settings.rounds(), settings.round().toSeconds(), INTERVAL_MICROS);
		PipelineThroughput.Comparison comparison = PipelineThroughput.Comparison.PIPELINE;
		List<BenchmarkServer> servers = BenchmarkServer.start(settings.heap(),
				List.of(comparison.measured(), comparison.baseline()));
		try (BenchmarkServer pipeline = servers.get(0); BenchmarkServer disabled = servers.get(1)) {
			PipelineThroughput.warmUp(pipeline.port(), disabled.port(), settings);
			Sampling pipelineSampling = Sampling.start(library, pipeline);
			Sampling disabledSampling = Sampling.start(library, disabled);
			long pipelineRequests = 0;
			long disabledRequests = 0;
			for (int round = 0; round < settings.rounds(); round++) {
				boolean pipelineFirst = round % 2 == 0;
				BenchmarkServer first = pipelineFirst ? pipeline : disabled;
				BenchmarkServer second = pipelineFirst ? disabled : pipeline;
				long firstRequests = PipelineThroughput.load(first.port(), settings.connections(), settings.round())
					.completed();
				long secondRequests = PipelineThroughput.load(second.port(), settings.connections(), settings.round())
					.completed();
				pipelineRequests += pipelineFirst ? firstRequests : secondRequests;
				disabledRequests += pipelineFirst ? secondRequests : firstRequests;
			}
			Result result = new Result(pipelineSampling.stop(), pipelineRequests, disabledSampling.stop(),
					disabledRequests);
			result.print(out);
			return result;
		}
	}

	/**
	 * async-profiler attached to a server, sampling its CPU.
	 */
	private static final class Sampling {

		private final VirtualMachine machine;

		private final Path library;

		private final Path samples;

		private Sampling(VirtualMachine machine, Path library, Path samples) {
			this.machine = machine;
			this.library = library;
			this.samples = samples;
		}

		static Sampling start(Path library, BenchmarkServer server) throws IOException {
			try {
				VirtualMachine machine = VirtualMachine.attach(Long.toString(server.pid()));
				machine.loadAgentPath(library.toString(), "start,event=cpu,interval=" + INTERVAL_MICROS + "us");
				return new Sampling(machine, library, Files.createTempFile("pipeline-profile", ".collapsed"));
			}
			catch (AttachNotSupportedException | AgentLoadException | AgentInitializationException ex) {
				throw new IOException("async-profiler could not be attached to the server", ex);
			}
		}

		Shares stop() throws IOException {
			try {
				this.machine.loadAgentPath(this.library.toString(), "stop,collapsed,file=" + this.samples);
				return Shares.of(Files.readAllLines(this.samples, StandardCharsets.UTF_8));
			}
			catch (AgentLoadException | AgentInitializationException ex) {
				throw new IOException("async-profiler could not be stopped", ex);
			}
			finally {
				this.machine.detach();
				Files.deleteIfExists(this.samples);
			}
		}

	}

	/**
	 * The profiles of the pipeline and of the pipeline disabled, and the requests each
	 * served meanwhile.
	 *
	 * @param pipeline the pipeline's profile
	 * @param pipelineRequests the requests the pipeline served while profiled
	 * @param disabled the profile of the pipeline disabled
	 * @param disabledRequests the requests it served while profiled
	 */
	record Result(Shares pipeline, long pipelineRequests, Shares disabled, long disabledRequests) {

		/**
		 * Return the microseconds of CPU per request of the pipeline's own frames.
		 * @return the pipeline's own cost per request
		 */
		double ownMicros() {
			return perRequest(this.pipeline.pipeline(), this.pipelineRequests);
		}

		/**
		 * Return the microseconds of CPU per request of the threads serving requests with
		 * the pipeline disabled: a request without the pipeline.
		 * @return the cost of a request without the pipeline
		 */
		double disabledMicros() {
			return perRequest(this.disabled.serving(), this.disabledRequests);
		}

		/**
		 * Return the microseconds of CPU per request of everything but the pipeline's own
		 * frames, with the pipeline: the same work as {@link #disabledMicros()}.
		 * @return the cost of the rest of a request with the pipeline
		 */
		double restMicros() {
			return perRequest(this.pipeline.serving() - this.pipeline.pipeline(), this.pipelineRequests);
		}

		/**
		 * Return what the pipeline's own frames cost, against a request without it.
		 * @return the share, from 0
		 */
		double ownShare() {
			return ownMicros() / disabledMicros();
		}

		/**
		 * Return how much more the rest of a request costs with the pipeline than the
		 * same work without it: above 1, the same code runs slower beside the pipeline.
		 * @return the ratio
		 */
		double restRatio() {
			return restMicros() / disabledMicros();
		}

		private static double perRequest(long samples, long requests) {
			return (requests > 0) ? samples * (double) INTERVAL_MICROS / requests : 0;
		}

		void print(PrintStream out) {
			this.pipeline.print(out);
			out.printf(Locale.ROOT,
					"Per request, threads serving requests: pipeline disabled %.1f us; pipeline + 12 no-op modules "
							+ "%.1f us, of which the pipeline's own frames %.1f us (%.2f%% of a request without it) "
							+ "and the rest %.1f us (%.3f x the same work without the pipeline)%n",
					disabledMicros(), ownMicros() + restMicros(), ownMicros(), ownShare() * 100, restMicros(),
					restRatio());
		}

	}

	/**
	 * What the samples of the threads serving requests went to.
	 *
	 * @param serving the samples of the threads serving a request
	 * @param pipeline the pipeline's own samples among them
	 * @param byFrame the pipeline's samples by its deepest frame
	 */
	record Shares(long serving, long pipeline, Map<String, Long> byFrame) {

		/**
		 * Count the samples of async-profiler's collapsed output: one stack a line,
		 * frames from the root separated by {@code ;}, then a space and the count.
		 * @param lines the lines
		 * @return the shares
		 */
		static Shares of(List<String> lines) {
			long serving = 0;
			long pipeline = 0;
			Map<String, Long> byFrame = new HashMap<>();
			for (String line : lines) {
				int space = line.lastIndexOf(' ');
				if (space < 0 || !line.contains(SERVING)) {
					continue;
				}
				long count = Long.parseLong(line.substring(space + 1).trim());
				serving += count;
				String[] frames = line.substring(0, space).split(";");
				String deepest = deepestOwnFrame(frames);
				if (deepest != null) {
					pipeline += count;
					byFrame.merge(deepest, count, Long::sum);
				}
			}
			return new Shares(serving, pipeline, byFrame);
		}

		/**
		 * Return the library's deepest frame of a stack, if the stack does not go from
		 * there into a filter (the chain) or the benchmark's own modules and controller.
		 */
		private static @Nullable String deepestOwnFrame(String[] frames) {
			int deepest = -1;
			for (int i = 0; i < frames.length; i++) {
				if (frames[i].startsWith(LIBRARY) && !frames[i].startsWith(BENCHMARK)) {
					deepest = i;
				}
			}
			if (deepest < 0) {
				return null;
			}
			for (int i = deepest + 1; i < frames.length; i++) {
				if (frames[i].startsWith(BENCHMARK) || isCallback(frames[i])) {
					return null;
				}
			}
			return frames[deepest];
		}

		private static boolean isCallback(String frame) {
			for (String callback : CALLBACKS) {
				if (frame.contains(callback)) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Return the pipeline's share of the CPU samples of the threads serving requests.
		 * @return the share, from 0 to 1
		 */
		double share() {
			return (this.serving > 0) ? (double) this.pipeline / this.serving : 0;
		}

		void print(PrintStream out) {
			out.printf(Locale.ROOT, "The pipeline's own frames: %d of %d samples of the threads serving requests, "
					+ "%.2f%%; by its deepest frame:%n", this.pipeline, this.serving, share() * 100);
			this.byFrame.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
				.limit(12)
				.forEach((entry) -> out.printf(Locale.ROOT, "  %6d  %s%n", entry.getValue(), entry.getKey()));
		}

	}

}
