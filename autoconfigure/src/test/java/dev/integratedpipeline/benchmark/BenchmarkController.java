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

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
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

	private final LiveRequest liveRequest;

	BenchmarkController(LiveRequest liveRequest) {
		this.liveRequest = liveRequest;
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
