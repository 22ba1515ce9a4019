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
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.Assert;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * A request that a client sent to {@value BenchmarkController#LIVE_PATH} and that the
 * controller holds open, so that a benchmark can call {@code RequestDispatcher.include}
 * from inside a live request, as a controller would, without paying for an HTTP round
 * trip per include. The request's own thread waits, parked, while the benchmark thread
 * includes; only one thread ever uses the request at a time, and the latches publish it
 * safely.
 */
final class LiveRequest {

	// Bounded so that a benchmark that dies never leaves a request thread behind for long
	private static final Duration MAX_HOLD = Duration.ofMinutes(10);

	private final CountDownLatch held = new CountDownLatch(1);

	private final CountDownLatch released = new CountDownLatch(1);

	private volatile HttpServletRequest request;

	private volatile HttpServletResponse response;

	void hold(HttpServletRequest request, HttpServletResponse response) throws InterruptedException {
		this.request = request;
		this.response = response;
		this.held.countDown();
		this.released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
	}

	void awaitHeld(Duration timeout) throws InterruptedException {
		Assert.state(this.held.await(timeout.toMillis(), TimeUnit.MILLISECONDS), "No live request arrived");
	}

	/**
	 * Include a path into the live request, capturing what it writes as a controller that
	 * composes a page would.
	 * @param path the path to include
	 * @return the included content
	 * @throws ServletException when the include fails
	 * @throws IOException when the include fails
	 */
	byte[] include(String path) throws ServletException, IOException {
		RequestDispatcher dispatcher = this.request.getRequestDispatcher(path);
		ContentCachingResponseWrapper capture = new ContentCachingResponseWrapper(this.response);
		dispatcher.include(this.request, capture);
		return capture.getContentAsByteArray();
	}

	void release() {
		this.released.countDown();
	}

}
