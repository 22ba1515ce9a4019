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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.servlet.IntegratedPipeline;

/**
 * Controllers whose child requests make the traces worth looking at: a request that fails
 * after its child, many children, a long timeline, children that complete out of spawn
 * order or are cancelled, and a child that sets a cookie.
 */
@RestController
public class TraceTestController {

	private static final Map<String, CompletableFuture<String>> gates = new ConcurrentHashMap<>();

	private static final Map<String, CompletableFuture<String>> arrivals = new ConcurrentHashMap<>();

	private final ChildRequestExecutor executor;

	public TraceTestController(ChildRequestExecutor executor) {
		this.executor = executor;
	}

	@GetMapping("/trace/fail-after-child")
	String failAfterChild() {
		this.executor.execute(ChildRequest.get("/hello").build());
		throw new IllegalStateException("failed after its child");
	}

	@GetMapping("/trace/many")
	String many(@RequestParam int count) {
		List<CompletableFuture<ChildResponse>> children = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			children.add(this.executor.executeAsync(ChildRequest.get("/hello/many" + i).build()));
		}
		children.forEach(CompletableFuture::join);
		return count + " children";
	}

	@GetMapping("/trace/notify")
	String notifyMany(HttpServletRequest request, @RequestParam int count) {
		PipelineContext context = IntegratedPipeline.context(request);
		for (int i = 0; i < count; i++) {
			context.notifyCustom("n" + i);
		}
		this.executor.execute(ChildRequest.get("/hello/notified").build());
		return count + " notifications";
	}

	/**
	 * Answer once the gate named {@code key} opens.
	 */
	@GetMapping("/trace/gate")
	CompletableFuture<String> waitAtGate(@RequestParam String key) {
		arrival(key).complete("arrived");
		return gate(key).thenApply((value) -> "gate " + value);
	}

	/**
	 * Spawn a child that waits, then one that completes at once: they complete in the
	 * reverse order of their spawning.
	 */
	@GetMapping("/trace/out-of-order")
	String outOfOrder() {
		String key = UUID.randomUUID().toString();
		CompletableFuture<ChildResponse> first = this.executor
			.executeAsync(ChildRequest.get("/trace/gate?key=" + key).build());
		this.executor.execute(ChildRequest.get("/hello/second").build());
		gate(key).complete("opened");
		String body = first.join().contentAsString();
		forget(key);
		return body;
	}

	/**
	 * Spawn a child that waits and cancel it once it reached its handler, then let it go
	 * on.
	 */
	@GetMapping("/trace/cancel")
	String cancel() throws Exception {
		String key = UUID.randomUUID().toString();
		CompletableFuture<ChildResponse> child = this.executor
			.executeAsync(ChildRequest.get("/trace/gate?key=" + key).build());
		arrival(key).get(10, TimeUnit.SECONDS);
		child.cancel(false);
		gate(key).complete("opened too late");
		forget(key);
		return "cancelled";
	}

	/**
	 * A trace with one of each for the viewer's waterfall: a synchronous child whose path
	 * holds markup, an asynchronous 404, a failure, a grandchild released automatically
	 * and a cancelled grandchild.
	 */
	@GetMapping("/trace/waterfall")
	String waterfall() {
		CompletableFuture<ChildResponse> missing = this.executor
			.executeAsync(ChildRequest.get("/typed/missing").build());
		this.executor.execute(ChildRequest.get("/hello/<b>injected<b>").build());
		this.executor.execute(ChildRequest.get("/typed/boom").build());
		this.executor.execute(ChildRequest.get("/release/forget").build());
		this.executor.execute(ChildRequest.get("/trace/cancel").build());
		missing.join();
		return "waterfall";
	}

	@GetMapping("/trace/cookie")
	ResponseEntity<String> cookie() {
		return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, "flavour=oatmeal").body("with a cookie");
	}

	private static CompletableFuture<String> gate(String key) {
		return gates.computeIfAbsent(key, (name) -> new CompletableFuture<>());
	}

	private static CompletableFuture<String> arrival(String key) {
		return arrivals.computeIfAbsent(key, (name) -> new CompletableFuture<>());
	}

	private static void forget(String key) {
		gates.remove(key);
		arrivals.remove(key);
	}

}
