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

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.MDC;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.AbstractView;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.servlet.IntegratedPipeline;

/**
 * Controllers that execute child requests and report what they got.
 */
@RestController
public class ChildTestController {

	private final ChildRequestExecutor executor;

	private final ObservationRegistry observations;

	public ChildTestController(ChildRequestExecutor executor, ObservationRegistry observations) {
		this.executor = executor;
		this.observations = observations;
	}

	/**
	 * Execute a child for {@code path}, copying the live request (and its credentials)
	 * when {@code copy} is set, and describe the child's response.
	 */
	@GetMapping("/child")
	String child(HttpServletRequest request, @RequestParam String path,
			@RequestParam(defaultValue = "false") boolean copy, @RequestParam(defaultValue = "GET") String method,
			@RequestParam(defaultValue = "") List<ExecuteFlag> flags) {
		ChildRequest.Builder builder = copy ? ChildRequest.from(request).path(path)
				: ChildRequest.builder(method, path);
		builder.flags(flags.toArray(ExecuteFlag[]::new));
		String testId = request.getHeader("X-Test-Id");
		if (testId != null) {
			builder.setHeader("X-Test-Id", testId);
		}
		return describe(this.executor.execute(builder.build()));
	}

	static String describe(ChildResponse response) {
		return response.status() + " " + response.contentAsString() + " " + response.headers().toSingleValueMap();
	}

	@GetMapping("/child/user")
	String childAsUser(HttpServletRequest request, @RequestParam String path, @RequestParam String name,
			@RequestParam(defaultValue = "") String role, @RequestParam(defaultValue = "false") boolean copy) {
		Principal user = role.isEmpty() ? new ControlModule.NamedPrincipal(name) : UsernamePasswordAuthenticationToken
			.authenticated(name, null, AuthorityUtils.createAuthorityList("ROLE_" + role));
		ChildRequest.Builder builder = copy ? ChildRequest.from(request).path(path) : ChildRequest.get(path);
		ChildResponse response = this.executor.execute(builder.user(user).build());
		return response.status() + " " + response.contentAsString();
	}

	@GetMapping("/child/isolation")
	String isolation(HttpServletRequest request, Principal principal) {
		request.setAttribute("parent-attribute", "kept");
		MDC.put("parent", "mdc");
		Object requestAttributes = RequestContextHolder.getRequestAttributes();
		Object locale = LocaleContextHolder.getLocaleContext();
		Object authentication = SecurityContextHolder.getContext().getAuthentication();
		Object observation = this.observations.getCurrentObservation();
		ChildResponse response = this.executor.execute(ChildRequest.from(request).path("/whoami").build());
		boolean same = Objects.equals(request.getAttribute("parent-attribute"), "kept")
				&& "mdc".equals(MDC.get("parent")) && RequestContextHolder.getRequestAttributes() == requestAttributes
				&& LocaleContextHolder.getLocaleContext() == locale
				&& SecurityContextHolder.getContext().getAuthentication() == authentication
				&& this.observations.getCurrentObservation() == observation
				&& request.getAttribute(ChildRequestExecutor.CHILD_REQUEST_ATTRIBUTE) == null;
		MDC.remove("parent");
		return response.contentAsString() + " " + (same ? "same" : "changed");
	}

	@GetMapping("/child/session")
	String session(HttpServletRequest request) {
		request.getSession().setAttribute("shared", "from-parent");
		return this.executor.execute(ChildRequest.get("/session").build()).contentAsString();
	}

	@GetMapping("/session")
	String sessionValue(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null) ? String.valueOf(session.getAttribute("shared")) : "no session";
	}

	@GetMapping("/child/user-data")
	String userData() {
		return this.executor.execute(ChildRequest.get("/user-data").userData(Map.of("answer", 42)).build())
			.contentAsString();
	}

	@GetMapping("/user-data")
	String readUserData(HttpServletRequest request) {
		return ChildRequestExecutor.currentChildRequest(request)
			.map((child) -> String.valueOf(child.userData()))
			.orElse("not a child");
	}

	@GetMapping("/child/depth")
	String depth(HttpServletRequest request) {
		PipelineContext context = IntegratedPipeline.context(request);
		String parent = (context != null && context.parent() != null) ? context.parent().request().getRequestURI()
				: "none";
		return ((context != null) ? context.depth() : -1) + " " + parent;
	}

	@GetMapping("/recurse/{depth}")
	String recurse(@PathVariable int depth) {
		try {
			return this.executor.execute(ChildRequest.get("/recurse/" + (depth + 1)).build()).contentAsString();
		}
		catch (ChildRequestException ex) {
			return ex.reason() + " at " + depth;
		}
	}

	// A thread per task: each level of the recursion below waits for the next one
	private final SimpleAsyncTaskExecutor callables = new SimpleAsyncTaskExecutor("recurse-");

	/**
	 * Recurse through children whose handler is a {@code Callable} (run by its own
	 * executor as a {@code WebAsyncTask}), up to a bound should the nesting limit fail.
	 */
	@GetMapping("/recurse-callable/{depth}")
	WebAsyncTask<String> recurseCallable(@PathVariable int depth) {
		return new WebAsyncTask<>(30_000L, this.callables, () -> {
			if (depth >= 50) {
				return "no limit at " + depth;
			}
			try {
				return this.executor.execute(ChildRequest.get("/recurse-callable/" + (depth + 1)).build())
					.contentAsString();
			}
			catch (ChildRequestException ex) {
				return ex.reason() + " at " + depth;
			}
		});
	}

	@GetMapping("/child/all")
	String all() {
		List<ChildResponse> responses = this.executor.executeAll(List.of(ChildRequest.get("/hello/one").build(),
				ChildRequest.get("/callable").build(), ChildRequest.get("/hello/three").build()));
		return String.join(",", responses.stream().map(ChildResponse::contentAsString).toList());
	}

	/**
	 * Fan out a child that holds the caller's thread, one that leaves its thread
	 * interrupted, then ten that sleep, and answer whether a helper ran the second and
	 * their statuses.
	 */
	@GetMapping("/child/all-interrupting")
	String allInterrupting() {
		List<ChildRequest> requests = new ArrayList<>();
		requests.add(ChildRequest.get("/sleep?ms=300").build());
		requests.add(ChildRequest.get("/interrupting").build());
		for (int i = 0; i < 10; i++) {
			requests.add(ChildRequest.get("/sleep?ms=20").build());
		}
		List<ChildResponse> responses = this.executor.executeAll(requests);
		String statuses = String.join(",", responses.stream().map((response) -> "" + response.status()).toList());
		// The caller's thread runs its children as execute() does, its flag its own
		boolean onHelper = !responses.get(1).contentAsString().equals(Thread.currentThread().getName());
		return (onHelper ? "helper " : "caller ") + statuses;
	}

	@GetMapping("/sleep")
	String sleep(@RequestParam long ms) throws InterruptedException {
		Thread.sleep(ms);
		return "slept";
	}

	@GetMapping("/interrupting")
	String interrupting() {
		// A handler that leaves its thread's interrupt flag set, as careless code does
		Thread.currentThread().interrupt();
		return Thread.currentThread().getName();
	}

	@GetMapping("/child/async")
	DeferredResult<String> async() {
		DeferredResult<String> result = new DeferredResult<>();
		this.executor.executeAsync(ChildRequest.get("/deferred").build())
			.whenComplete((response, failure) -> result
				.setResult((failure != null) ? failure.toString() : response.contentAsString()));
		return result;
	}

	@GetMapping("/child/failure")
	String failure(@RequestParam String path, @RequestParam(defaultValue = "PT10S") Duration timeout) {
		try {
			return describe(this.executor.execute(ChildRequest.get(path).timeout(timeout).build()));
		}
		catch (ChildRequestException ex) {
			return ex.reason().name();
		}
	}

	@GetMapping("/big")
	String big(@RequestParam int size) {
		return "x".repeat(size);
	}

	@GetMapping("/never")
	DeferredResult<String> never() {
		return new DeferredResult<>(60_000L);
	}

	@GetMapping("/child/same-url")
	String sameUrl(HttpServletRequest request) {
		if (ChildRequestExecutor.currentChildRequest(request).isPresent()) {
			return "child saw " + request.getRequestURI() + "?" + request.getQueryString();
		}
		return this.executor.execute(ChildRequest.get("/elsewhere").flags(ExecuteFlag.SAME_URL).build())
			.contentAsString();
	}

	/**
	 * How the last child started by {@code /child/abandon} ended.
	 */
	public static final CompletableFuture<String> abandoned = new CompletableFuture<>();

	@GetMapping("/child/abandon")
	String abandon() {
		this.executor.executeAsync(ChildRequest.get("/never").build())
			.whenComplete((response, failure) -> abandoned.complete(
					(failure instanceof ChildRequestException ex) ? ex.reason().name() : String.valueOf(response)));
		return "abandoned";
	}

	@GetMapping("/advised")
	String advised() {
		throw new AdvisedException();
	}

	@GetMapping("/view")
	ModelAndView view() {
		return new ModelAndView(new AbstractView() {

			@Override
			protected void renderMergedOutputModel(Map<String, Object> model, HttpServletRequest request,
					HttpServletResponse response) throws java.io.IOException {
				response.setContentType("text/html");
				response.getWriter().write("<p>" + model.get("name") + "</p>");
			}

		}, Map.of("name", "rendered"));
	}

	/**
	 * Handled by {@link Advice}.
	 */
	static class AdvisedException extends RuntimeException {

	}

	/**
	 * Turns {@link AdvisedException} into a 418.
	 */
	@RestControllerAdvice
	static class Advice {

		@ExceptionHandler(AdvisedException.class)
		ResponseEntity<String> handle() {
			return ResponseEntity.status(418).body("advised");
		}

	}

	@GetMapping("/cached")
	ResponseEntity<String> cached() {
		return ResponseEntity.ok().header("Cache-Control", "max-age=60").body("cacheable");
	}

	@GetMapping("/headers")
	ResponseEntity<String> headers() {
		return ResponseEntity.ok().header("X-Custom-Header", "present").body("with headers");
	}

	/**
	 * What the parent's MDC holds after a child whose filter changed its own.
	 */
	@GetMapping("/child/mdc")
	String mdc() {
		MDC.put("parent", "mdc");
		try {
			this.executor.execute(ChildRequest.get("/mdc/page").build());
			return MDC.get("parent") + " " + MDC.get("child");
		}
		finally {
			MDC.remove("parent");
			MDC.remove("child");
		}
	}

	@GetMapping("/mdc/page")
	String mdcPage() {
		return "page";
	}

	/**
	 * Wait, with the other children, at the {@link CyclicBarrier} the child carries as
	 * user data.
	 */
	@GetMapping("/barrier")
	String barrier(HttpServletRequest request) throws InterruptedException {
		CyclicBarrier barrier = (CyclicBarrier) ChildRequestExecutor.currentChildRequest(request)
			.orElseThrow()
			.userData();
		try {
			barrier.await(10, TimeUnit.SECONDS);
			return "met";
		}
		catch (BrokenBarrierException | TimeoutException ex) {
			return "alone";
		}
	}

	/**
	 * Three children that each wait for the other two.
	 */
	@GetMapping("/child/barrier")
	String childBarrier() {
		CyclicBarrier barrier = new CyclicBarrier(3);
		List<ChildRequest> requests = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			requests.add(ChildRequest.get("/barrier").userData(barrier).build());
		}
		return String.join(",",
				this.executor.executeAll(requests).stream().map(ChildResponse::contentAsString).toList());
	}

	@GetMapping("/thread")
	String thread() {
		return Thread.currentThread().getName();
	}

	/**
	 * Issue a grandchild for this relayed URL.
	 */
	@GetMapping("/relay/{name}")
	String relay(@PathVariable String name) {
		return "child saw "
				+ this.executor.execute(ChildRequest.get("/relay/" + name + "/leaf").build()).contentAsString();
	}

	@GetMapping("/relay/{name}/leaf")
	String relayLeaf() {
		return "leaf";
	}

	@GetMapping("/remote")
	String remote(HttpServletRequest request) {
		return request.getRemoteAddr() + " " + request.getRemoteHost() + " " + request.getRemotePort();
	}

	/**
	 * What the parent and a child issued without copying the parent say of their client.
	 */
	@GetMapping("/child/remote")
	String childRemote(HttpServletRequest request) {
		return remote(request) + " | " + this.executor.execute(ChildRequest.get("/remote").build()).contentAsString();
	}

	/**
	 * Fan out {@code width} children, each fanning out again down to {@code depth} 0, and
	 * count the leaves.
	 */
	@GetMapping("/fan/{depth}")
	String fan(@PathVariable int depth, @RequestParam int width) {
		if (depth == 0) {
			return "1";
		}
		List<ChildRequest> requests = new ArrayList<>();
		for (int i = 0; i < width; i++) {
			requests.add(ChildRequest.get("/fan/" + (depth - 1) + "?width=" + width)
				.timeout(Duration.ofSeconds(10))
				.build());
		}
		try {
			int leaves = 0;
			for (ChildResponse response : this.executor.executeAll(requests)) {
				leaves += Integer.parseInt(response.contentAsString());
			}
			return String.valueOf(leaves);
		}
		catch (ChildRequestException | NumberFormatException ex) {
			return "failed: " + ex.getMessage();
		}
	}

	/**
	 * Block until the {@link CountDownLatch} the child carries as user data is released.
	 */
	@GetMapping("/block")
	String block(HttpServletRequest request) throws InterruptedException {
		CountDownLatch latch = (CountDownLatch) ChildRequestExecutor.currentChildRequest(request)
			.orElseThrow()
			.userData();
		return latch.await(10, TimeUnit.SECONDS) ? "released" : "not released";
	}

	/**
	 * A {@code DeferredResult} nothing completes; its completion callback reports to the
	 * {@link PendingChild} the child carries.
	 */
	@GetMapping("/pending-deferred")
	DeferredResult<String> pendingDeferred(HttpServletRequest request) {
		PendingChild pending = (PendingChild) ChildRequestExecutor.currentChildRequest(request)
			.orElseThrow()
			.userData();
		DeferredResult<String> result = new DeferredResult<>();
		result.onCompletion(() -> pending.completion().complete("completed"));
		pending.started();
		return result;
	}

	private static final Map<String, PendingChild> pendingChildren = new ConcurrentHashMap<>();

	/**
	 * Return the pending child that {@code /child/abandon-deferred} starts for a test id.
	 */
	public static PendingChild pendingChild(String testId) {
		return pendingChildren.computeIfAbsent(testId, (id) -> new PendingChild());
	}

	/**
	 * Start an asynchronous child whose {@code DeferredResult} stays pending, and end
	 * once its handler ran.
	 */
	@GetMapping("/child/abandon-deferred")
	String abandonDeferred(@RequestHeader("X-Test-Id") String testId) throws InterruptedException {
		PendingChild pending = pendingChild(testId);
		this.executor.executeAsync(ChildRequest.get("/pending-deferred").userData(pending).build());
		pending.awaitStarted();
		return "abandoned";
	}

	/**
	 * Start an asynchronous child whose {@code DeferredResult} stays pending and cancel
	 * its future once its handler ran.
	 */
	@GetMapping("/child/cancel-future")
	String cancelFuture(@RequestHeader("X-Test-Id") String testId) throws InterruptedException {
		PendingChild pending = pendingChild(testId);
		CompletableFuture<ChildResponse> future = this.executor
			.executeAsync(ChildRequest.get("/pending-deferred").userData(pending).build());
		pending.awaitStarted();
		future.cancel(false);
		return "cancelled";
	}

	private static final Map<String, CompletableFuture<Void>> laterGates = new ConcurrentHashMap<>();

	private static final Map<String, CompletableFuture<String>> laterOutcomes = new ConcurrentHashMap<>();

	/**
	 * Open the gate of the child {@code /child/issue-later} issues for a test id.
	 */
	public static void issueNow(String testId) {
		laterGates.computeIfAbsent(testId, (id) -> new CompletableFuture<>()).complete(null);
	}

	/**
	 * Return how the child {@code /child/issue-later} issued for a test id ended.
	 */
	public static CompletableFuture<String> issuedLater(String testId) {
		return laterOutcomes.computeIfAbsent(testId, (id) -> new CompletableFuture<>());
	}

	/**
	 * Hand a task to a thread of its own, the parent link propagated to it, that issues a
	 * child once the test opens its gate, after this request ended. Executes one child
	 * itself, so that the request is traced.
	 */
	@GetMapping("/child/issue-later")
	String issueLater(@RequestHeader("X-Test-Id") String testId) {
		this.executor.execute(ChildRequest.get("/hello/before").build());
		CompletableFuture<Void> gate = laterGates.computeIfAbsent(testId, (id) -> new CompletableFuture<>());
		Runnable task = ContextSnapshotFactory.builder().build().captureAll().wrap(() -> {
			try {
				gate.get(10, TimeUnit.SECONDS);
				issuedLater(testId).complete(describe(this.executor.execute(ChildRequest.get("/hello/late").build())));
			}
			catch (ChildRequestException ex) {
				issuedLater(testId).complete(ex.reason().name());
			}
			catch (Exception ex) {
				issuedLater(testId).completeExceptionally(ex);
			}
		});
		new Thread(task, "issue-later").start();
		return "scheduled";
	}

	/**
	 * A {@code DeferredResult} with a timeout of its own, shorter than the child's.
	 */
	@GetMapping("/deferred-timeout")
	DeferredResult<String> deferredTimeout() {
		return new DeferredResult<>(200L);
	}

	/**
	 * A {@code DeferredResult} that answers its timeout with another asynchronous cycle,
	 * which never completes.
	 */
	@GetMapping("/deferred-again")
	DeferredResult<Object> deferredAgain() {
		DeferredResult<Object> result = new DeferredResult<>();
		result.onTimeout(() -> result.setResult(new DeferredResult<String>()));
		return result;
	}

	/**
	 * Answers its own failures, whatever they are, so that a content overflow is handled.
	 */
	@RestController
	static class OverflowController {

		@GetMapping("/overflow")
		String overflow(@RequestParam int size) {
			return "x".repeat(size);
		}

	}

	/**
	 * A catch-all advice for {@link OverflowController}.
	 */
	@RestControllerAdvice(assignableTypes = OverflowController.class)
	static class CatchAllAdvice {

		@ExceptionHandler(Exception.class)
		ResponseEntity<String> handle() {
			return ResponseEntity.status(500).body("handled");
		}

	}

}
