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

package dev.integratedpipeline.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

/**
 * Handlers that push the server to its limits: recursion through child requests issued
 * from other threads ({@code @Async}, {@code supplyAsync}, a new thread, a
 * {@code Callable}, {@code executeAsync(..).get()}), large child responses and bodies.
 * Each recursion answers with the reason that ended it and the depth it ended at, or
 * {@code no limit at 300} past its own bound. A {@code gate} makes the level where the
 * recursion ended wait for the test to open it, so that the test can send unrelated
 * requests while the recursion is in progress.
 */
@RestController
@EnableAsync
public class LimitsTestController {

	private static final int OWN_BOUND = 300;

	private static final Map<String, Gate> gates = new ConcurrentHashMap<>();

	/**
	 * How many recursion handlers were invoked, of any kind.
	 */
	public static final AtomicInteger invocations = new AtomicInteger();

	private final ChildRequestExecutor executor;

	private final Executor applicationTaskExecutor;

	private final AsyncChildren asyncChildren;

	public LimitsTestController(ChildRequestExecutor executor,
			@Qualifier("applicationTaskExecutor") Executor applicationTaskExecutor, AsyncChildren asyncChildren) {
		this.executor = executor;
		this.applicationTaskExecutor = applicationTaskExecutor;
		this.asyncChildren = asyncChildren;
	}

	/**
	 * Open a gate for a test: {@link Gate#reached} is counted down when a recursion
	 * reached its end, which then waits for {@link Gate#open}.
	 * @param id the gate id, given as the {@code gate} parameter
	 * @return the gate
	 */
	public static Gate gate(String id) {
		return gates.computeIfAbsent(id, (key) -> new Gate());
	}

	private static String ended(ChildRequestException ex, int depth, String gate) {
		Gate waiting = gates.get(gate);
		if (waiting != null) {
			waiting.reached.countDown();
			try {
				waiting.open.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return ex.reason() + " at " + depth;
	}

	private static String ended(Throwable failure, int depth, String gate) {
		Throwable cause = (failure instanceof ExecutionException || failure.getCause() instanceof ChildRequestException)
				? failure.getCause() : failure;
		if (cause instanceof ChildRequestException ex) {
			return ended(ex, depth, gate);
		}
		return "failed at " + depth + ": " + cause;
	}

	private static ChildRequest next(String route, int depth, String gate) {
		return ChildRequest.get("/limits/" + route + "/" + (depth + 1) + "?gate=" + gate).build();
	}

	/**
	 * Recurse through an {@code @Async} method that issues the next level.
	 */
	@GetMapping("/limits/async/{depth}")
	CompletableFuture<String> async(@PathVariable int depth, @RequestParam(defaultValue = "") String gate) {
		invocations.incrementAndGet();
		if (depth >= OWN_BOUND) {
			return CompletableFuture.completedFuture("no limit at " + depth);
		}
		CompletableFuture<String> result = new CompletableFuture<>();
		this.asyncChildren.issue(next("async", depth, gate), result);
		return result.handle((body, failure) -> (failure != null) ? ended(failure, depth, gate) : body);
	}

	/**
	 * Recurse through {@code CompletableFuture.supplyAsync} on Boot's task executor.
	 */
	@GetMapping("/limits/supply/{depth}")
	CompletableFuture<String> supply(@PathVariable int depth, @RequestParam(defaultValue = "") String gate) {
		invocations.incrementAndGet();
		if (depth >= OWN_BOUND) {
			return CompletableFuture.completedFuture("no limit at " + depth);
		}
		return CompletableFuture
			.supplyAsync(() -> this.executor.executeAsync(next("supply", depth, gate)), this.applicationTaskExecutor)
			.thenCompose((future) -> future)
			.handle((response, failure) -> (failure != null) ? ended(failure, depth, gate)
					: response.contentAsString());
	}

	/**
	 * Recurse through a new thread of its own, which nothing propagates to.
	 */
	@GetMapping("/limits/thread/{depth}")
	CompletableFuture<String> thread(@PathVariable int depth, @RequestParam(defaultValue = "") String gate) {
		invocations.incrementAndGet();
		if (depth >= OWN_BOUND) {
			return CompletableFuture.completedFuture("no limit at " + depth);
		}
		CompletableFuture<String> result = new CompletableFuture<>();
		System.err.println("DEBUG thread level " + depth);
		result.whenComplete((r, f) -> System.err.println("DEBUG thread level " + depth + " done " + r + " " + f));
		Thread thread = new Thread(() -> {
			try {
				result.complete(this.executor.execute(next("thread", depth, gate)).contentAsString());
			}
			catch (ChildRequestException ex) {
				result.complete(ended(ex, depth, gate));
			}
			catch (RuntimeException ex) {
				result.complete("failed at " + depth + ": " + ex);
			}
		}, "limits-thread-" + depth);
		thread.setDaemon(true);
		thread.start();
		return result;
	}

	/**
	 * Recurse through {@code executeAsync(..).get()}.
	 */
	@GetMapping("/limits/future/{depth}")
	String future(@PathVariable int depth, @RequestParam(defaultValue = "") String gate) throws InterruptedException {
		invocations.incrementAndGet();
		if (depth >= OWN_BOUND) {
			return "no limit at " + depth;
		}
		try {
			return this.executor.executeAsync(next("future", depth, gate)).get().contentAsString();
		}
		catch (ExecutionException ex) {
			return ended(ex, depth, gate);
		}
	}

	/**
	 * Recurse through a {@code Callable} handler, run by Spring MVC on Boot's task
	 * executor.
	 */
	@GetMapping("/limits/callable/{depth}")
	Callable<String> callable(@PathVariable int depth, @RequestParam(defaultValue = "") String gate) {
		invocations.incrementAndGet();
		return () -> {
			if (depth >= OWN_BOUND) {
				return "no limit at " + depth;
			}
			try {
				return this.executor.execute(next("callable", depth, gate)).contentAsString();
			}
			catch (ChildRequestException ex) {
				return ended(ex, depth, gate);
			}
		};
	}

	/**
	 * An unrelated page that needs a thread of the task executor: one asynchronous child,
	 * waited for.
	 */
	@GetMapping("/limits/unrelated")
	String unrelated() throws Exception {
		return this.executor.executeAsync(ChildRequest.get("/hello").build()).get().contentAsString();
	}

	/**
	 * Execute a child and answer its status and content length, or the reason it failed.
	 */
	@GetMapping("/limits/child")
	String child(@RequestParam String path) {
		try {
			ChildResponse response = this.executor.execute(ChildRequest.get(path).build());
			return response.status() + " " + response.content().length;
		}
		catch (ChildRequestException ex) {
			return ex.reason().name();
		}
	}

	/**
	 * Write {@code bytes} of content in 64 KB chunks, then wait at the gate, if any, once
	 * it signalled it wrote them.
	 */
	@GetMapping("/limits/write")
	void write(@RequestParam int bytes, @RequestParam(defaultValue = "") String gate, HttpServletResponse response)
			throws IOException, InterruptedException {
		response.setContentType("application/octet-stream");
		OutputStream out = response.getOutputStream();
		byte[] chunk = new byte[64 * 1024];
		for (int written = 0; written < bytes; written += chunk.length) {
			out.write(chunk, 0, Math.min(chunk.length, bytes - written));
		}
		Gate waiting = gates.get(gate);
		if (waiting != null) {
			waiting.reached.countDown();
			waiting.open.await(20, TimeUnit.SECONDS);
		}
	}

	/**
	 * Count the bytes of the request body, reading it in small chunks.
	 */
	@PostMapping("/limits/count")
	String count(HttpServletRequest request) throws IOException {
		InputStream in = request.getInputStream();
		byte[] chunk = new byte[8192];
		long count = 0;
		for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
			count += read;
		}
		return Long.toString(count);
	}

	/**
	 * Hand the body it was sent to a child that counts it, and say how many bytes this
	 * thread allocated for building and executing that child.
	 */
	@PostMapping("/limits/body")
	String body(HttpServletRequest request) throws IOException {
		byte[] body = request.getInputStream().readAllBytes();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		ChildResponse response = this.executor.execute(ChildRequest.builder("POST", "/limits/count")
			.header("Content-Type", "application/octet-stream")
			.body(body)
			.build());
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		return response.contentAsString() + " " + allocated;
	}

	/**
	 * Where a recursion waits for its test.
	 */
	public static final class Gate {

		public final CountDownLatch reached = new CountDownLatch(1);

		public final CountDownLatch open = new CountDownLatch(1);

	}

	/**
	 * Issues a child from an {@code @Async} method, on Boot's task executor.
	 */
	@Component
	public static class AsyncChildren {

		private final ChildRequestExecutor executor;

		public AsyncChildren(ChildRequestExecutor executor) {
			this.executor = executor;
		}

		/**
		 * Issue a child and complete the result with its content, without holding a
		 * thread: an {@code @Async} method returning a future holds its thread until the
		 * future completes, so a recursion deeper than the pool would wait for good.
		 */
		@Async
		public void issue(ChildRequest request, CompletableFuture<String> result) {
			this.executor.executeAsync(request).whenComplete((response, failure) -> {
				if (failure != null) {
					result.completeExceptionally(failure);
				}
				else {
					result.complete(response.contentAsString());
				}
			});
		}

	}

}
