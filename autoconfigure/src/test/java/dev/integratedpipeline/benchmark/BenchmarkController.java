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

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The small JSON controller the benchmarks call, and the endpoint that holds a live
 * request open for the {@code RequestDispatcher.include} benchmark.
 */
@RestController
class BenchmarkController {

	static final String JSON_PATH = "/bench/json";

	static final String LIVE_PATH = "/bench/live";

	static final String WORK_PATH = "/bench/work";

	/**
	 * The prefix of the paths the output cache stores in the module benchmark.
	 */
	static final String CACHED_PREFIX = "/bench/cached";

	static final String WAIT_PATH = "/bench/wait";

	/**
	 * A page composed in its handler of {@code n} children of {@value #JSON_PATH}, one
	 * after the other: what a batch of {@code n} items does without the batch.
	 */
	static final String COMPOSED_SEQUENTIAL_PATH = "/bench/composed/sequential";

	/**
	 * The same page with its children fanned out by {@code executeAll}.
	 */
	static final String COMPOSED_ALL_PATH = "/bench/composed/all";

	private final LiveRequest liveRequest;

	private final ObjectProvider<ChildRequestExecutor> childRequests;

	BenchmarkController(LiveRequest liveRequest, ObjectProvider<ChildRequestExecutor> childRequests) {
		this.liveRequest = liveRequest;
		this.childRequests = childRequests;
	}

	@GetMapping(JSON_PATH)
	Greeting json(HttpServletRequest request) {
		return new Greeting("hello", (String) request.getAttribute(BenchmarkApplication.TenantFilter.ATTRIBUTE),
				List.of(1, 2, 3));
	}

	@GetMapping(CACHED_PREFIX + "/json")
	Greeting cachedJson(HttpServletRequest request) {
		return json(request);
	}

	/**
	 * A handler that does about 200 µs of work, the cost of a small query and its
	 * rendering.
	 */
	@GetMapping({ WORK_PATH, CACHED_PREFIX + "/work" })
	Greeting work(HttpServletRequest request) {
		long deadline = System.nanoTime() + 200_000;
		long spins = 0;
		while (System.nanoTime() < deadline) {
			spins++;
		}
		return new Greeting("worked", Long.toString(spins), List.of(1, 2, 3));
	}

	/**
	 * An I/O-bound handler: waits 50 ms, as for a database or a remote call.
	 */
	@GetMapping(WAIT_PATH)
	Greeting waiting() throws InterruptedException {
		Thread.sleep(50);
		return new Greeting("waited", "public", List.of());
	}

	@GetMapping(COMPOSED_SEQUENTIAL_PATH)
	byte[] composedSequential(@RequestParam int n) {
		ChildRequestExecutor executor = this.childRequests.getObject();
		ChildRequest child = ChildRequest.get(JSON_PATH).build();
		ByteArrayOutputStream page = new ByteArrayOutputStream();
		for (int i = 0; i < n; i++) {
			page.writeBytes(executor.execute(child).content());
		}
		return page.toByteArray();
	}

	@GetMapping(COMPOSED_ALL_PATH)
	byte[] composedAll(@RequestParam int n) {
		ChildRequest child = ChildRequest.get(JSON_PATH).build();
		List<ChildRequest> children = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			children.add(child);
		}
		ByteArrayOutputStream page = new ByteArrayOutputStream();
		for (ChildResponse response : this.childRequests.getObject().executeAll(children)) {
			page.writeBytes(response.content());
		}
		return page.toByteArray();
	}

	@GetMapping(LIVE_PATH)
	String live(HttpServletRequest request, HttpServletResponse response) throws InterruptedException {
		this.liveRequest.hold(request, response);
		return "released";
	}

	/**
	 * What {@value #JSON_PATH} answers.
	 *
	 * @param message a greeting
	 * @param tenant the tenant the {@code TenantFilter} read
	 * @param items a few numbers
	 */
	record Greeting(String message, String tenant, List<Integer> items) {

	}

}
