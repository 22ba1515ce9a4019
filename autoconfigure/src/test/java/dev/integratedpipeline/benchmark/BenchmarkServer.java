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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BenchmarkApplication} in a JVM of its own, as a real server is: no JIT
 * profile, heap or garbage collector shared with the load client or with another
 * application. {@link #main} starts the application, prints {@code PORT <port>} and runs
 * until its standard input says {@code stop} or closes, so that it never outlives the
 * harness that started it; {@code allocated} on its standard input makes it print
 * {@code ALLOCATED <bytes>}, what its live threads allocated so far, and {@code jit}
 * {@code JIT <milliseconds>}, the time its JIT compilers spent so far.
 */
final class BenchmarkServer implements AutoCloseable {

	private static final String PORT = "PORT ";

	private static final String ALLOCATED = "ALLOCATED ";

	private static final String JIT = "JIT ";

	private final Process process;

	private final int port;

	private final Writer in;

	private final BlockingQueue<Long> allocated;

	private final BlockingQueue<Long> jit;

	private BenchmarkServer(Process process, int port, BlockingQueue<Long> allocated, BlockingQueue<Long> jit) {
		this.process = process;
		this.port = port;
		this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		this.allocated = allocated;
		this.jit = jit;
	}

	public static void main(String[] args) throws IOException {
		try (RunningApplication application = RunningApplication.start(args)) {
			System.out.println(PORT + application.port());
			System.out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			String line;
			do {
				line = in.readLine();
				if ("allocated".equals(line)) {
					System.out.println(ALLOCATED + threadsAllocatedBytes());
					System.out.flush();
				}
				else if ("jit".equals(line)) {
					System.out.println(JIT + ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
					System.out.flush();
				}
			}
			while (line != null && !line.equals("stop"));
		}
		System.exit(0);
	}

	/**
	 * Return the bytes that the live threads of this JVM allocated so far: the request
	 * threads of a server are pooled and live on, so that two readings around a load tell
	 * what it allocated, whatever the garbage collector did in between.
	 */
	private static long threadsAllocatedBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
			.filter((bytes) -> bytes > 0)
			.sum();
	}

	/**
	 * Start servers, all at once, and wait until each listens.
	 * @param heap the maximum heap of each server, such as {@code 1g}
	 * @param properties the properties of each server, {@code name=value} pairs
	 * @return the servers, in the order of the properties
	 */
	static List<BenchmarkServer> start(String heap, List<List<String>> properties) {
		List<Process> processes = new ArrayList<>();
		for (List<String> serverProperties : properties) {
			processes.add(launch(heap, serverProperties));
		}
		List<BenchmarkServer> servers = new ArrayList<>();
		try {
			for (Process process : processes) {
				BlockingQueue<Long> allocated = new LinkedBlockingQueue<>();
				BlockingQueue<Long> jit = new LinkedBlockingQueue<>();
				servers.add(new BenchmarkServer(process, awaitPort(process, allocated, jit), allocated, jit));
			}
		}
		catch (RuntimeException ex) {
			processes.forEach(Process::destroyForcibly);
			throw ex;
		}
		return servers;
	}

	private static Process launch(String heap, List<String> properties) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xms" + heap);
		command.add("-Xmx" + heap);
		// -Dbenchmark.server.jvm-args: more options for every server JVM,
		// space-separated,
		// such as a profiler's -agentpath
		String jvmArgs = System.getProperty("benchmark.server.jvm-args", "").trim();
		if (!jvmArgs.isEmpty()) {
			command.addAll(List.of(jvmArgs.split("\\s+")));
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(BenchmarkServer.class.getName());
		command.addAll(properties);
		try {
			return new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start a benchmark server", ex);
		}
	}

	private static int awaitPort(Process process, BlockingQueue<Long> allocated, BlockingQueue<Long> jit) {
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
			try {
				StringBuilder output = new StringBuilder();
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					if (line.startsWith(PORT)) {
						drain(out, allocated, jit);
						return Integer.parseInt(line.substring(PORT.length()).trim());
					}
					output.append(line).append('\n');
				}
				throw new IllegalStateException("The benchmark server stopped before listening:\n" + output);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		try {
			return port.get(2, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The benchmark server did not start", ex);
		}
	}

	private static void drain(BufferedReader out, BlockingQueue<Long> allocated, BlockingQueue<Long> jit) {
		Thread drain = new Thread(() -> {
			try {
				// Keep the pipe from filling up, and hand the answers to allocated()
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					if (line.startsWith(ALLOCATED)) {
						allocated.add(Long.parseLong(line.substring(ALLOCATED.length()).trim()));
					}
					else if (line.startsWith(JIT)) {
						jit.add(Long.parseLong(line.substring(JIT.length()).trim()));
					}
				}
			}
			catch (IOException ex) {
				// The server stopped
			}
		}, "benchmark-server-output");
		drain.setDaemon(true);
		drain.start();
	}

	/**
	 * Return the process id of the server's JVM.
	 * @return the process id
	 */
	long pid() {
		return this.process.pid();
	}

	int port() {
		return this.port;
	}

	/**
	 * Return the CPU time the server's JVM used so far, all its threads together.
	 * @return the CPU time, or zero where the platform does not tell
	 */
	Duration cpuTime() {
		return this.process.info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/**
	 * Return the bytes that the server's live threads allocated so far.
	 * @return the bytes, or {@code -1} when the server did not answer in time
	 */
	long allocatedBytes() {
		return ask("allocated", this.allocated);
	}

	/**
	 * Return the milliseconds the server's JIT compilers spent so far: far from nothing
	 * during a measured round, the server was still being compiled.
	 * @return the milliseconds, or {@code -1} when the server did not answer in time
	 */
	long jitMillis() {
		return ask("jit", this.jit);
	}

	private long ask(String command, BlockingQueue<Long> answers) {
		try {
			this.in.write(command + "\n");
			this.in.flush();
			Long answer = answers.poll(10, TimeUnit.SECONDS);
			return (answer != null) ? answer : -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	@Override
	public void close() {
		try (Writer in = this.in) {
			in.write("stop\n");
		}
		catch (IOException ex) {
			// Already stopped
		}
		try {
			if (!this.process.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
