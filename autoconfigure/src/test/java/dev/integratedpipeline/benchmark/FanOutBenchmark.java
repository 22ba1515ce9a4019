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
import java.util.function.IntConsumer;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletMapping;
import org.apache.catalina.Context;
import org.apache.catalina.Globals;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.ApplicationFilterChain;
import org.apache.catalina.core.ApplicationFilterFactory;
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
 * <p>
 * A second control isolates the child-request engine from the work a child does:
 * {@link #sequentialFloor()} and {@link #parallelFloor()} run as many requests to the
 * same JSON controller through Tomcat's filter chain and the {@code DispatcherServlet}
 * with the lightest request and response (the floor of
 * {@link ChildRequestBenchmark#floor()}), the same two ways as the CPU control. The same
 * filters, Spring Security and Spring MVC, the same allocation, no engine: where the
 * children fall short of the CPU control's speed-up, the floor's speed-up says how much
 * of that the request work itself (its allocation, the caches and memory the two cores
 * share) costs on this machine, and how much is left to the engine.
 * <p>
 * A third control splits the floor's work in two: {@link #sequentialAllocating()} and
 * {@link #parallelAllocating()} run the CPU control's tasks, each also allocating
 * {@link #allocatedBytes} in small arrays that escape (as much as a floor request
 * allocates, in objects of about its size), the same two ways. If it gains what the CPU
 * control gains, allocation and the collections it brings are not what the floor lacks of
 * it; if it gains what the floor gains, they are, and that is the machine's (its memory,
 * the collector's pauses that stop both cores), not the engine's.
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
public class FanOutBenchmark {

	@Param({ "1", "10", "100" })
	public int children;

	/**
	 * How long each task of the control lasts, in microseconds: about the time of one
	 * child request to the JSON controller.
	 */
	@Param({ "15" })
	public int cpuMicros = 15;

	/**
	 * How many bytes each task of the allocating control allocates: about what one floor
	 * request to the JSON controller allocates ({@code gc.alloc.rate.norm} of
	 * {@link ChildRequestBenchmark#floor()}).
	 */
	@Param({ "13000" })
	public int allocatedBytes = 13_000;

	// Each array of the allocating control: 64 bytes with its header, about the size of
	// the objects a request allocates most of
	private static final int CHUNK = 48;

	// Where each task of the allocating control keeps its arrays, so that they escape:
	// one slot per task, a cache line apart, so that the tasks share no line
	private static final int SLOT_SPACING = 16;

	private Object[] sink;

	private RunningApplication application;

	private ChildRequestExecutor executor;

	private List<ChildRequest> requests;

	private Executor taskExecutor;

	private long cpuTokens;

	private ServletContext servletContext;

	private Wrapper dispatcherServletWrapper;

	private Servlet dispatcherServlet;

	private HttpServletMapping mapping;

	@Setup
	public void start() throws Exception {
		this.application = RunningApplication.start();
		this.executor = this.application.childRequestExecutor();
		List<ChildRequest> requests = new ArrayList<>(this.children);
		for (int i = 0; i < this.children; i++) {
			requests.add(ChildRequest.get(BenchmarkController.JSON_PATH + "?part=" + i).build());
		}
		this.requests = List.copyOf(requests);
		this.taskExecutor = this.application.context().getBean("applicationTaskExecutor", Executor.class);
		this.cpuTokens = calibrateCpuTokens(this.cpuMicros);
		this.sink = new Object[(this.children + 1) * SLOT_SPACING];
		Context context = this.application.tomcatContext();
		this.servletContext = context.getServletContext();
		this.dispatcherServletWrapper = (Wrapper) context.findChild("dispatcherServlet");
		this.dispatcherServlet = this.dispatcherServletWrapper.allocate();
		this.mapping = FloorRequest.defaultServletMapping(this.dispatcherServletWrapper.getName());
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
	public void stop() throws Exception {
		try {
			this.dispatcherServletWrapper.deallocate(this.dispatcherServlet);
		}
		finally {
			this.application.close();
		}
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
		return fanOut((task) -> Blackhole.consumeCPU(this.cpuTokens));
	}

	@Benchmark
	public int sequentialAllocating() {
		int run = 0;
		for (int i = 0; i < this.children; i++) {
			allocateAndWork(i);
			run++;
		}
		return run;
	}

	@Benchmark
	public int parallelAllocating() throws Exception {
		return fanOut(this::allocateAndWork);
	}

	/**
	 * One task of the allocating control: {@link #allocatedBytes} in arrays of
	 * {@value #CHUNK} bytes, each kept in the task's slot until the next replaces it (so
	 * that none is scalar-replaced), then the CPU control's work.
	 * @param task the task, which picks its slot
	 */
	void allocateAndWork(int task) {
		Object[] sink = this.sink;
		int slot = (task + 1) * SLOT_SPACING;
		for (int allocated = 0; allocated < this.allocatedBytes; allocated += CHUNK + 16) {
			sink[slot] = new byte[CHUNK];
		}
		Blackhole.consumeCPU(this.cpuTokens);
	}

	@Benchmark
	public int sequentialFloor() throws Exception {
		int answered = 0;
		for (int i = 0; i < this.children; i++) {
			answered += floor().getStatus();
		}
		return answered;
	}

	@Benchmark
	public int parallelFloor() throws Exception {
		return fanOut((task) -> floorUnchecked());
	}

	/**
	 * One request through the filter chain and the servlet, as
	 * {@link ChildRequestBenchmark#floor()} sends it.
	 * @return the response
	 * @throws Exception when the chain throws
	 */
	FloorResponse floor() throws Exception {
		FloorRequest request = new FloorRequest(this.servletContext, BenchmarkController.JSON_PATH, this.mapping);
		FloorResponse response = new FloorResponse();
		request.setAttribute(Globals.DISPATCHER_TYPE_ATTR, DispatcherType.REQUEST);
		request.setAttribute(Globals.DISPATCHER_REQUEST_PATH_ATTR, BenchmarkController.JSON_PATH);
		ApplicationFilterChain chain = ApplicationFilterFactory.createFilterChain(request,
				this.dispatcherServletWrapper, this.dispatcherServlet);
		chain.doFilter(request, response);
		return response;
	}

	private void floorUnchecked() {
		try {
			floor();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Run {@link #children} tasks of the same work fanned out on the task executor: all
	 * submitted at once, the caller running, from the last, those no pool thread started.
	 * @param work one task's work, given the task's index
	 * @return how many tasks ran
	 */
	private int fanOut(IntConsumer work) throws Exception {
		int size = this.children;
		AtomicBoolean[] claimed = new AtomicBoolean[size];
		CompletableFuture<Thread>[] done = newFutures(size);
		for (int i = 0; i < size; i++) {
			claimed[i] = new AtomicBoolean();
			done[i] = new CompletableFuture<>();
			int task = i;
			this.taskExecutor.execute(() -> runIfClaimed(work, task, claimed[task], done[task]));
		}
		for (int i = size - 1; i >= 0; i--) {
			runIfClaimed(work, i, claimed[i], done[i]);
		}
		CompletableFuture.allOf(done).get();
		return size;
	}

	@SuppressWarnings("unchecked")
	private static CompletableFuture<Thread>[] newFutures(int size) {
		return new CompletableFuture[size];
	}

	private static void runIfClaimed(IntConsumer work, int task, AtomicBoolean claimed,
			CompletableFuture<Thread> done) {
		if (claimed.compareAndSet(false, true)) {
			try {
				work.accept(task);
			}
			catch (RuntimeException ex) {
				done.completeExceptionally(ex);
				return;
			}
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
