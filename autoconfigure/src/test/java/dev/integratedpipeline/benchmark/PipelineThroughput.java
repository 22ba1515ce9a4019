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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.util.Assert;

/**
 * Requests per second of the {@link BenchmarkApplication} with the integrated pipeline
 * and twelve no-op modules subscribed to every event, against the same application with
 * the pipeline disabled ({@code integrated-pipeline.enabled=false}): both run at once,
 * each in a JVM of its own ({@link BenchmarkServer}) on an ephemeral port, and are loaded
 * in turn, round after round, the order alternating (ABBA...), by the same load client in
 * this JVM: a fixed number of threads, each with one keep-alive loopback connection
 * ({@link LoopbackConnection}), sending {@code GET} of the JSON path back to back for a
 * fixed time. The load is bounded in time and only ever sent to the loopback address.
 * Several pairs of fresh server JVMs are measured one after the other, as one JVM's
 * compilation can favour one application or the other.
 */
final class PipelineThroughput {

	private PipelineThroughput() {
	}

	/**
	 * Run the comparison of the pipeline with the pipeline disabled.
	 * @param settings how long and how hard
	 * @param out where to report progress and the results
	 * @return the results
	 */
	static Result run(Settings settings, PrintStream out) {
		return run(settings, Comparison.PIPELINE, out);
	}

	/**
	 * Run a comparison.
	 * @param settings how long and how hard
	 * @param comparison the two applications compared
	 * @param out where to report progress and the results
	 * @return the results
	 */
	static Result run(Settings settings, Comparison comparison, PrintStream out) {
		out.printf(Locale.ROOT,
				"%n# Throughput, %s: %d keep-alive connections; %d pair(s) of fresh server JVMs, each "
						+ "warmed up %d s, then %d rounds of %d s each, alternating%n",
				comparison.name(), settings.connections(), settings.jvms(), settings.warmup().toSeconds(),
				settings.rounds(), settings.round().toSeconds());
		List<Load> withPipeline = new ArrayList<>();
		List<Load> withoutPipeline = new ArrayList<>();
		for (int jvms = 0; jvms < settings.jvms(); jvms++) {
			measure(settings, comparison, jvms, withPipeline, withoutPipeline, out);
		}
		Result result = new Result(withPipeline, withoutPipeline, comparison, settings.jvms());
		result.print(out);
		return result;
	}

	/**
	 * Measure one pair of server JVMs: each JVM compiles the code its own way, so that
	 * the figures of one pair can lean one way; several pairs even that out.
	 */
	private static void measure(Settings settings, Comparison comparison, int pair, List<Load> withPipeline,
			List<Load> withoutPipeline, PrintStream out) {
		List<BenchmarkServer> servers = BenchmarkServer.start(settings.heap(),
				List.of(comparison.measured(), comparison.baseline()));
		try (BenchmarkServer pipeline = servers.get(0); BenchmarkServer disabled = servers.get(1)) {
			warmUp(pipeline.port(), disabled.port(), settings);
			for (int round = 0; round < settings.rounds(); round++) {
				boolean pipelineFirst = round % 2 == 0;
				Load first = load(pipelineFirst ? pipeline : disabled, settings.connections(), settings.round());
				Load second = load(pipelineFirst ? disabled : pipeline, settings.connections(), settings.round());
				Load pipelineLoad = pipelineFirst ? first : second;
				Load disabledLoad = pipelineFirst ? second : first;
				withPipeline.add(pipelineLoad);
				withoutPipeline.add(disabledLoad);
				out.printf(Locale.ROOT,
						"JVMs %d, round %d: %s %.0f req/s, %.1f us CPU/request, %.0f B/request, JIT %d ms "
								+ "(%d errors); %s %.0f req/s, %.1f us CPU/request, %.0f B/request, JIT %d ms "
								+ "(%d errors)%n",
						pair + 1, round + 1, comparison.measuredLabel(), pipelineLoad.requestsPerSecond(),
						pipelineLoad.cpuMicrosPerRequest(), pipelineLoad.bytesPerRequest(),
						pipelineLoad.serverJitMillis(), pipelineLoad.errors(), comparison.baselineLabel(),
						disabledLoad.requestsPerSecond(), disabledLoad.cpuMicrosPerRequest(),
						disabledLoad.bytesPerRequest(), disabledLoad.serverJitMillis(), disabledLoad.errors());
			}
		}
	}

	/**
	 * Warm both applications up, each in a JVM of its own that compiles its own code, in
	 * turns of at most five seconds so that neither is cold when measuring starts.
	 */
	static void warmUp(int pipeline, int disabled, Settings settings) {
		Duration turn = Duration.ofSeconds(5);
		for (Duration left = settings.warmup(); !left.isNegative() && !left.isZero(); left = left.minus(turn)) {
			Duration duration = (left.compareTo(turn) < 0) ? left : turn;
			load(pipeline, settings.connections(), duration);
			load(disabled, settings.connections(), duration);
		}
	}

	/**
	 * Load an application with back-to-back requests.
	 * @param port the port on the loopback address
	 * @param connections how many connections, each with its own thread
	 * @param duration for how long
	 * @return what the load achieved
	 */
	private static Load load(BenchmarkServer server, int connections, Duration duration) {
		Duration cpu = server.cpuTime();
		long allocated = server.allocatedBytes();
		long jit = server.jitMillis();
		Load load = load(server.port(), connections, duration);
		long allocatedAfter = server.allocatedBytes();
		long jitAfter = server.jitMillis();
		load = load.withServerCpu(server.cpuTime().minus(cpu));
		if (jit >= 0 && jitAfter >= 0) {
			load = load.withServerJit(jitAfter - jit);
		}
		return (allocated >= 0 && allocatedAfter >= 0) ? load.withServerAllocation(allocatedAfter - allocated) : load;
	}

	static Load load(int port, int connections, Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		List<Client> clients = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < connections; i++) {
			Client client = new Client(port, deadline);
			Thread thread = new Thread(client, "load-" + port + "-" + i);
			thread.setDaemon(true);
			clients.add(client);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			try {
				thread.join(duration.toMillis() + 30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		long elapsed = System.nanoTime() - start;
		long completed = clients.stream().mapToLong((client) -> client.completed).sum();
		long errors = clients.stream().mapToLong((client) -> client.errors).sum();
		return new Load(completed, errors, elapsed, Duration.ZERO, -1, -1);
	}

	/**
	 * How the comparison is run.
	 *
	 * @param jvms how many pairs of fresh server JVMs are measured, one after the other
	 * @param warmup how long each application is loaded before measuring
	 * @param rounds how many measured rounds each application gets in each pair
	 * @param round how long each measured round lasts
	 * @param connections how many connections load the application
	 * @param heap the heap of each application's JVM, such as {@code 1g}
	 */
	record Settings(int jvms, Duration warmup, int rounds, Duration round, int connections, String heap) {

		Settings {
			Assert.isTrue(jvms > 0, "'jvms' must be positive");
			Assert.isTrue(rounds > 0, "'rounds' must be positive");
			Assert.isTrue(connections > 0, "'connections' must be positive");
			Assert.hasText(heap, "'heap' must not be empty");
		}

		/**
		 * Read the settings from the {@code throughput.jvms}, {@code throughput.warmup},
		 * {@code throughput.rounds}, {@code throughput.seconds} and
		 * {@code throughput.connections} system properties.
		 * @return the settings
		 */
		static Settings fromSystemProperties() {
			return new Settings(Integer.getInteger("throughput.jvms", 2),
					Duration.ofSeconds(Long.getLong("throughput.warmup", 30)),
					Integer.getInteger("throughput.rounds", 6),
					Duration.ofSeconds(Long.getLong("throughput.seconds", 3)),
					Integer.getInteger("throughput.connections", 4), System.getProperty("throughput.heap", "1g"));
		}

	}

	/**
	 * What one load achieved.
	 *
	 * @param completed how many responses came back with status 200
	 * @param errors how many requests failed
	 * @param nanos how long the load lasted
	 * @param serverCpu the CPU time the server used meanwhile
	 * @param serverBytes the bytes the server's threads allocated meanwhile, or
	 * {@code -1} when unknown
	 * @param serverJitMillis the milliseconds the server's JIT compilers spent meanwhile,
	 * or {@code -1} when unknown
	 */
	record Load(long completed, long errors, long nanos, Duration serverCpu, long serverBytes, long serverJitMillis) {

		double requestsPerSecond() {
			return this.completed * 1e9 / this.nanos;
		}

		/**
		 * Return the CPU time the server spent per request: steadier than the requests
		 * per second on a machine that the load client shares.
		 * @return microseconds of server CPU per completed request
		 */
		double cpuMicrosPerRequest() {
			return (this.completed > 0) ? this.serverCpu.toNanos() / 1e3 / this.completed : 0;
		}

		/**
		 * Return the bytes the server allocated per request: what the garbage collector
		 * must reclaim, a figure that a loaded machine cannot bend.
		 * @return bytes per completed request, or {@code -1} when unknown
		 */
		double bytesPerRequest() {
			return (this.completed > 0 && this.serverBytes >= 0) ? (double) this.serverBytes / this.completed : -1;
		}

		Load withServerCpu(Duration serverCpu) {
			return new Load(this.completed, this.errors, this.nanos, serverCpu, this.serverBytes, this.serverJitMillis);
		}

		Load withServerAllocation(long serverBytes) {
			return new Load(this.completed, this.errors, this.nanos, this.serverCpu, serverBytes, this.serverJitMillis);
		}

		Load withServerJit(long serverJitMillis) {
			return new Load(this.completed, this.errors, this.nanos, this.serverCpu, this.serverBytes, serverJitMillis);
		}

	}

	/**
	 * The two applications a comparison loads in turn: the one measured and its baseline,
	 * each as the properties of its server.
	 *
	 * @param name what the comparison measures
	 * @param measuredLabel the name of the application measured
	 * @param measured its properties
	 * @param baselineLabel the name of the baseline
	 * @param baseline its properties
	 */
	record Comparison(String name, String measuredLabel, List<String> measured, String baselineLabel,
			List<String> baseline) {

		/**
		 * The access log's buffer in its comparison, the README's setup:
		 * {@code -Dbenchmark.access-log.buffer-size} ({@code 1} for a logging event per
		 * line).
		 */
		static final int ACCESS_LOG_BUFFER = Integer.getInteger("benchmark.access-log.buffer-size", 32);

		/**
		 * The pipeline with twelve no-op modules against the pipeline disabled.
		 */
		static final Comparison PIPELINE = new Comparison("the pipeline", "pipeline + 12 no-op modules",
				List.of(BenchmarkModules.APP_PROPERTY + "=false", BenchmarkModules.NO_OP_PROPERTY + "=12"),
				"pipeline disabled",
				List.of(BenchmarkModules.APP_PROPERTY + "=false", "integrated-pipeline.enabled=false"));

		/**
		 * The comparison's control: the same application (the pipeline disabled) on both
		 * sides, each in a JVM of its own, loaded as any comparison is. Anything but 100%
		 * kept is the harness and the machine: two JVMs of one application compile it
		 * their own way, and the load client shares the machine's cores with them.
		 */
		static final Comparison IDENTICAL = new Comparison("the same application twice (A/A)", "pipeline disabled (A)",
				List.of(BenchmarkModules.APP_PROPERTY + "=false", "integrated-pipeline.enabled=false"),
				"pipeline disabled (B)",
				List.of(BenchmarkModules.APP_PROPERTY + "=false", "integrated-pipeline.enabled=false"));

		/**
		 * The access log, written through Logback's asynchronous appender to a file, its
		 * lines gathered {@link #ACCESS_LOG_BUFFER} to a logging event, against the same
		 * application without it; both with the pipeline and twelve no-op modules.
		 */
		static final Comparison ACCESS_LOG = new Comparison("the W3C access log (async appender)",
				"12 no-op modules + access log",
				List.of(BenchmarkModules.APP_PROPERTY + "=false", BenchmarkModules.NO_OP_PROPERTY + "=12",
						"integrated-pipeline.access-log.enabled=true",
						"integrated-pipeline.access-log.buffer-size=" + ACCESS_LOG_BUFFER,
						"logging.config=classpath:benchmark-logback.xml"),
				"12 no-op modules", List.of(BenchmarkModules.APP_PROPERTY + "=false",
						BenchmarkModules.NO_OP_PROPERTY + "=12", "logging.config=classpath:benchmark-logback.xml"));

		/**
		 * The access log's control: one constant, pre-built line per request through the
		 * same logger and asynchronous appender, with none of the module's work, against
		 * the same application logging nothing; both with the pipeline and twelve no-op
		 * modules. What the access log costs beyond it is the module's own.
		 */
		static final Comparison ACCESS_LOG_CONTROL = new Comparison("a constant line per request (async appender)",
				"12 no-op modules + constant line",
				List.of(BenchmarkModules.APP_PROPERTY + "=false", BenchmarkModules.NO_OP_PROPERTY + "=12",
						BenchmarkModules.CONSTANT_LINE_PROPERTY + "=true",
						"logging.config=classpath:benchmark-logback.xml"),
				"12 no-op modules", List.of(BenchmarkModules.APP_PROPERTY + "=false",
						BenchmarkModules.NO_OP_PROPERTY + "=12", "logging.config=classpath:benchmark-logback.xml"));

		/**
		 * Return the comparison of two applications that {@code -Dthroughput.measured}
		 * and {@code -Dthroughput.baseline} give as comma-separated {@code name=value}
		 * properties, for a study of what part of the pipeline costs what.
		 */
		private static Comparison custom() {
			List<String> measured = List.of(System.getProperty("throughput.measured", "").split(","));
			List<String> baseline = List.of(System.getProperty("throughput.baseline", "").split(","));
			return new Comparison("custom", String.join(" ", measured), measured, String.join(" ", baseline), baseline);
		}

		/**
		 * Return the comparison {@code -Dthroughput.compare} names: {@code pipeline} (the
		 * default, which {@link Benchmarks} follows with its {@link #IDENTICAL A/A}
		 * control), {@code access-log} (followed by its control),
		 * {@code access-log-control} or {@code identical} alone.
		 * @return the comparison
		 */
		static Comparison fromSystemProperties() {
			String name = System.getProperty("throughput.compare", "pipeline");
			return switch (name) {
				case "pipeline" -> PIPELINE;
				case "access-log" -> ACCESS_LOG;
				case "access-log-control" -> ACCESS_LOG_CONTROL;
				case "identical" -> IDENTICAL;
				case "custom" -> custom();
				default -> throw new IllegalArgumentException("Unknown throughput comparison '" + name
						+ "'; expected pipeline, access-log, access-log-control, identical or custom");
			};
		}

	}

	/**
	 * The loads of each round.
	 *
	 * @param withPipeline of the application measured (the pipeline and twelve no-op
	 * modules, by default)
	 * @param withoutPipeline of its baseline (the pipeline disabled, by default)
	 * @param comparison what was compared
	 * @param pairs how many pairs of server JVMs were measured, one after the other, each
	 * for the same number of rounds
	 */
	record Result(List<Load> withPipeline, List<Load> withoutPipeline, Comparison comparison, int pairs) {

		double meanWithPipeline() {
			return mean(requestsPerSecond(this.withPipeline));
		}

		double meanWithoutPipeline() {
			return mean(requestsPerSecond(this.withoutPipeline));
		}

		double cpuWithPipeline() {
			return mean(this.withPipeline.stream().map(Load::cpuMicrosPerRequest).toList());
		}

		double cpuWithoutPipeline() {
			return mean(this.withoutPipeline.stream().map(Load::cpuMicrosPerRequest).toList());
		}

		double bytesWithPipeline() {
			return mean(this.withPipeline.stream().map(Load::bytesPerRequest).toList());
		}

		double bytesWithoutPipeline() {
			return mean(this.withoutPipeline.stream().map(Load::bytesPerRequest).toList());
		}

		private static List<Double> requestsPerSecond(List<Load> loads) {
			return loads.stream().map(Load::requestsPerSecond).toList();
		}

		/**
		 * Return the share of the throughput that the pipeline keeps.
		 * @return the mean with the pipeline over the mean without it
		 */
		double ratio() {
			return meanWithPipeline() / meanWithoutPipeline();
		}

		/**
		 * Return the share of the throughput that the pipeline keeps in each pair of
		 * server JVMs: each pair is one run of the comparison, and the target holds for
		 * every one.
		 * @return the mean with the pipeline over the mean without it, pair by pair
		 */
		List<Double> ratioPerPair() {
			int rounds = this.withPipeline.size() / this.pairs;
			List<Double> ratios = new ArrayList<>(this.pairs);
			for (int pair = 0; pair < this.pairs; pair++) {
				List<Load> with = this.withPipeline.subList(pair * rounds, (pair + 1) * rounds);
				List<Load> without = this.withoutPipeline.subList(pair * rounds, (pair + 1) * rounds);
				ratios.add(mean(requestsPerSecond(with)) / mean(requestsPerSecond(without)));
			}
			return ratios;
		}

		/**
		 * Return the share kept in each round, the two applications loaded one after the
		 * other.
		 * @return the ratio of each round
		 */
		List<Double> ratioPerRound() {
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < this.withPipeline.size(); i++) {
				ratios.add(
						this.withPipeline.get(i).requestsPerSecond() / this.withoutPipeline.get(i).requestsPerSecond());
			}
			return ratios;
		}

		private static double mean(List<Double> values) {
			return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
		}

		private static double deviation(List<Double> values) {
			double mean = mean(values);
			double squares = values.stream().mapToDouble((value) -> (value - mean) * (value - mean)).sum();
			return (values.size() > 1) ? Math.sqrt(squares / (values.size() - 1)) : 0;
		}

		void print(PrintStream out) {
			out.printf(Locale.ROOT, "%n%-30s %12s %12s%n", "Throughput", "req/s", "stddev");
			out.printf(Locale.ROOT, "%-30s %12.0f %12.0f%n", this.comparison.measuredLabel(), meanWithPipeline(),
					deviation(requestsPerSecond(this.withPipeline)));
			out.printf(Locale.ROOT, "%-30s %12.0f %12.0f%n", this.comparison.baselineLabel(), meanWithoutPipeline(),
					deviation(requestsPerSecond(this.withoutPipeline)));
			List<Double> ratios = ratioPerRound();
			out.printf(Locale.ROOT, "%s keeps %.1f%% of the throughput of %s (per round: min %.1f%%, max %.1f%%)%n",
					this.comparison.measuredLabel(), ratio() * 100, this.comparison.baselineLabel(),
					ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0) * 100,
					ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0) * 100);
			out.printf(Locale.ROOT, "Kept per pair of server JVMs: %s%n",
					ratioPerPair().stream()
						.map((ratio) -> String.format(Locale.ROOT, "%.1f%%", ratio * 100))
						.collect(Collectors.joining(", ")));
			out.printf(Locale.ROOT, "Server CPU per request: %.1f us for %s, %.1f us for %s: +%.1f%%%n",
					cpuWithPipeline(), this.comparison.measuredLabel(), cpuWithoutPipeline(),
					this.comparison.baselineLabel(), (cpuWithPipeline() / cpuWithoutPipeline() - 1) * 100);
			out.printf(Locale.ROOT, "Server JIT per round: %.0f ms for %s, %.0f ms for %s%n",
					mean(this.withPipeline.stream().map((load) -> (double) load.serverJitMillis()).toList()),
					this.comparison.measuredLabel(),
					mean(this.withoutPipeline.stream().map((load) -> (double) load.serverJitMillis()).toList()),
					this.comparison.baselineLabel());
			out.printf(Locale.ROOT, "Server allocation per request: %.0f B for %s, %.0f B for %s: +%.0f B%n",
					bytesWithPipeline(), this.comparison.measuredLabel(), bytesWithoutPipeline(),
					this.comparison.baselineLabel(), bytesWithPipeline() - bytesWithoutPipeline());
		}

	}

	/**
	 * Sends requests back to back on one {@link LoopbackConnection} until a deadline.
	 */
	static final class Client implements Runnable {

		private final int port;

		private final long deadline;

		private volatile long completed;

		private volatile long errors;

		Client(int port, long deadline) {
			this.port = port;
			this.deadline = deadline;
		}

		@Override
		public void run() {
			long completed = 0;
			long errors = 0;
			try (LoopbackConnection connection = new LoopbackConnection(this.port, BenchmarkController.JSON_PATH)) {
				while (System.nanoTime() < this.deadline) {
					try {
						if (connection.get() == 200) {
							completed++;
						}
						else {
							errors++;
						}
					}
					catch (IOException ex) {
						errors++;
					}
				}
			}
			this.completed = completed;
			this.errors = errors;
		}

	}

}
