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

package dev.integratedpipeline.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriUtils;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;

/**
 * The {@link ChildRequestExecutor} of a servlet application: runs each child through the
 * container's own filter chain and servlet, in-process, on the calling thread (or on the
 * application task executor for {@link #executeAsync}).
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class ServletChildRequestExecutor implements ChildRequestExecutor, DisposableBean {

	/**
	 * The most content a child may buffer: what a byte array can hold.
	 */
	public static final long MAX_BUFFERED_BYTES = Integer.MAX_VALUE - 8;

	private static final ThreadLocal<ChildRun> CURRENT_RUN = new ThreadLocal<>();

	private static final AtomicLong ids = new AtomicLong();

	private final int maxDepth;

	private final int maxBufferedBytes;

	private final Duration timeout;

	private final Executor taskExecutor;

	private final ScheduledThreadPoolExecutor timer;

	private volatile @Nullable ServletContainer container;

	private volatile @Nullable ServletMapper mapper;

	private volatile @Nullable ChildRequestTracing tracing;

	private volatile @Nullable ChildRequestObservations observations;

	/**
	 * Create an executor.
	 * @param maxDepth how deeply child requests may nest
	 * @param maxBufferedBytes how many bytes of content a child may produce, at most
	 * {@link #MAX_BUFFERED_BYTES}
	 * @param timeout how long a child may take unless it says otherwise
	 * @param taskExecutor where asynchronous children and asynchronous dispatches run
	 */
	public ServletChildRequestExecutor(int maxDepth, long maxBufferedBytes, Duration timeout, Executor taskExecutor) {
		Assert.isTrue(maxDepth > 0, "'maxDepth' must be positive");
		Assert.isTrue(maxBufferedBytes > 0, "'maxBufferedBytes' must be positive");
		Assert.isTrue(maxBufferedBytes <= MAX_BUFFERED_BYTES,
				() -> "integrated-pipeline.child.max-buffered-bytes must be at most " + MAX_BUFFERED_BYTES
						+ " bytes (just under 2GB), what a byte array holds; it is " + maxBufferedBytes);
		Assert.isTrue(timeout.toMillis() > 0, "'timeout' must be positive");
		Assert.notNull(taskExecutor, "'taskExecutor' must not be null");
		this.maxDepth = maxDepth;
		this.maxBufferedBytes = (int) maxBufferedBytes;
		this.timeout = timeout;
		this.taskExecutor = taskExecutor;
		this.timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "child-request-timer");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.setRemoveOnCancelPolicy(true);
	}

	void useContainer(ServletContainer container) {
		this.container = container;
		this.mapper = null;
	}

	/**
	 * Record each child request in the traces of its root request.
	 * @param tracing the recorder
	 */
	public void setTracing(ChildRequestTracing tracing) {
		Assert.notNull(tracing, "'tracing' must not be null");
		this.tracing = tracing;
	}

	/**
	 * Observe each child request with Micrometer.
	 * @param observations the observations
	 */
	public void setObservations(ChildRequestObservations observations) {
		Assert.notNull(observations, "'observations' must not be null");
		this.observations = observations;
	}

	ServletContainer container() {
		ServletContainer container = this.container;
		if (container == null) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED,
					"Child requests need the embedded Tomcat server, started; none is available");
		}
		return container;
	}

	ServletMapper mapper() {
		ServletMapper mapper = this.mapper;
		if (mapper == null) {
			mapper = new ServletMapper(container().servletContext());
			this.mapper = mapper;
		}
		return mapper;
	}

	// ChildRequestExecutor

	@Override
	public ChildResponse execute(ChildRequest request) {
		Assert.notNull(request, "'request' must not be null");
		ChildRun run = prepare(request, ServletPipelineContext.current(), null, false);
		run.start();
		return await(run);
	}

	@Override
	public CompletableFuture<ChildResponse> executeAsync(ChildRequest request) {
		Assert.notNull(request, "'request' must not be null");
		ChildRun run;
		try {
			run = submit(request);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return callerFuture(run);
	}

	/**
	 * Prepare a child on the caller's thread and hand it to the task executor, its
	 * timeout armed now so that time spent queued counts.
	 */
	private ChildRun submit(ChildRequest request) {
		ChildRun run = prepareAsync(request);
		if (run.result().isDone()) {
			// Its parent had ended
			return run;
		}
		try {
			this.taskExecutor.execute(run::startIfClaimed);
		}
		catch (RejectedExecutionException ex) {
			run.cancel(
					new ChildRequestException(Reason.FAILED, "The task executor refused child request " + request, ex));
		}
		return run;
	}

	/**
	 * Prepare a child on the caller's thread for another thread to run, its timeout armed
	 * now so that time spent queued counts.
	 */
	private ChildRun prepareAsync(ChildRequest request) {
		ChildRun run = prepare(request, ServletPipelineContext.current(), null, true);
		if (!run.result().isDone()) {
			run.armTimeout();
		}
		return run;
	}

	/**
	 * A future of its own for the caller: it completes with the child's own failure (not
	 * wrapped), and cancelling it cancels the child.
	 */
	private static CompletableFuture<ChildResponse> callerFuture(ChildRun run) {
		CompletableFuture<ChildResponse> future = new CompletableFuture<>();
		run.result().whenComplete((response, failure) -> {
			if (failure != null) {
				future.completeExceptionally(failure);
			}
			else {
				future.complete(response);
			}
		});
		future.whenComplete((response, failure) -> {
			if (failure instanceof CancellationException) {
				run.cancel(new ChildRequestException(Reason.TIMEOUT, "Child request " + run + " was cancelled"));
			}
		});
		return future;
	}

	@Override
	public List<ChildResponse> executeAll(List<ChildRequest> requests) {
		Assert.notNull(requests, "'requests' must not be null");
		int size = requests.size();
		ChildRun[] runs = new ChildRun[size];
		RuntimeException[] refused = new RuntimeException[size];
		for (int i = 0; i < size; i++) {
			try {
				runs[i] = prepareAsync(requests.get(i));
			}
			catch (RuntimeException ex) {
				refused[i] = ex;
			}
		}
		new FanOut(runs, this.taskExecutor).run();
		List<ChildResponse> responses = new ArrayList<>(size);
		RuntimeException failure = null;
		for (int i = 0; i < size; i++) {
			try {
				if (refused[i] != null) {
					throw refused[i];
				}
				responses.add(await(runs[i]));
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else if (failure != ex) {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
		return responses;
	}

	/**
	 * Wait for a run. It never waits for good: a run that does not complete on this
	 * thread has its timeout armed (at submission, or when it went asynchronous), and the
	 * timeout completes it whatever the child is doing.
	 */
	private static ChildResponse await(ChildRun run) {
		CompletableFuture<ChildResponse> result = run.result();
		try {
			return result.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			ChildRequestException interrupted = new ChildRequestException(Reason.INTERRUPTED,
					"Interrupted while waiting for child request " + run.request(), ex);
			run.cancel(interrupted);
			throw interrupted;
		}
		catch (ExecutionException | CancellationException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof ChildRequestException childRequestException) {
				throw childRequestException;
			}
			throw new ChildRequestException(Reason.FAILED, "Child request " + run.request() + " failed: " + cause,
					cause);
		}
	}

	// The IIS-style API of PipelineContext

	ChildExecution executeFromContext(ServletPipelineContext parent, ChildContext child, Set<ExecuteFlag> flags,
			@Nullable Principal user) {
		if (!(child instanceof ServletChildContext servletChild) || servletChild.parentContext() != parent) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED,
					"The child context was not cloned from the context that executes it");
		}
		ChildRequest request = servletChild.execute()
			.mutate()
			.flags(flags.toArray(ExecuteFlag[]::new))
			.user(user)
			.build();
		ChildRun run = prepare(request, parent, servletChild, false);
		servletChild.started(run);
		run.start();
		CompletableFuture<ChildResponse> result = run.result();
		boolean buffer = request.hasFlag(ExecuteFlag.BUFFER_RESPONSE);
		if (result.isDone()) {
			ChildResponse response = await(run);
			servletChild.completed(response);
			if (!buffer) {
				writeTo(parent.response(), response);
			}
			return new ChildExecution(false, response, result.copy());
		}
		if (parent.isNotifying()) {
			parent.pending(result, (value) -> {
				if (value instanceof ChildResponse response) {
					servletChild.completed(response);
					if (!buffer) {
						writeTo(parent.response(), response);
					}
				}
			});
		}
		return new ChildExecution(true, null, result.copy());
	}

	private static void writeTo(HttpServletResponse target, ChildResponse response) {
		try {
			if (!target.isCommitted()) {
				target.setStatus(response.status());
				response.headers().forEach((name, values) -> {
					if (!values.isEmpty() && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)
							&& !HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
						// The child's header replaces one the parent set, not adds to it
						target.setHeader(name, values.get(0));
						for (int i = 1; i < values.size(); i++) {
							target.addHeader(name, values.get(i));
						}
					}
				});
				if (response.contentType() != null) {
					target.setContentType(response.contentType());
				}
			}
			target.getOutputStream().write(response.content());
		}
		catch (IOException ex) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED, "Cannot write the child response to its parent", ex);
		}
	}

	// Running

	private ChildRun prepare(ChildRequest request, @Nullable ServletPipelineContext parent,
			@Nullable ServletChildContext childContext, boolean async) {
		ServletContainer container = container();
		ChildRun currentRun = CURRENT_RUN.get();
		ChildState parentState = (parent != null) ? parent.childState()
				: (currentRun != null) ? currentRun.state() : null;
		int depth = (parentState != null) ? parentState.depth() + 1 : 1;
		if (depth > this.maxDepth) {
			throw new ChildRequestException(Reason.STACK_OVERFLOW, "Child requests nest deeper than " + this.maxDepth
					+ " (integrated-pipeline.child.max-depth) at " + request);
		}
		HttpServletRequest parentRequest = parentRequest(parent, currentRun);
		String path = request.hasFlag(ExecuteFlag.SAME_URL) ? sameUrl(parentRequest) : request.path();
		String decodedPath = decodedPath(path);
		ServletMapping mapping = mapper().map(decodedPath);
		checkSameServlet(request, parentRequest, mapping);
		Set<String> excluded = excludedModules(request, parent, parentState);
		ChildState state = new ChildState(request, parent, depth, excluded, "c" + ids.incrementAndGet(),
				parentTraceId(parent, parentState), async);
		HttpHeaders headers = (request.user() != null) ? withoutCredentials(request.headers()) : request.headers();
		ChildHttpServletRequest servletRequest = new ChildHttpServletRequest(container.servletContext(),
				request.method(), path, headers, request.body(), mapping, parentRequest,
				sessions(parentRequest, container, async));
		if (async) {
			servletRequest.detachFromParent();
		}
		ChildRequest.RemoteClient client = request.remoteClient();
		if (client != null) {
			servletRequest.setRemoteClient(client.address(), client.host(), client.port());
		}
		if (childContext != null) {
			childContext.attributes().forEach(servletRequest::setAttribute);
		}
		servletRequest.setAttribute(CHILD_REQUEST_ATTRIBUTE, request);
		servletRequest.setAttribute(ChildState.ATTRIBUTE, state);
		if (request.user() != null) {
			servletRequest.setUserPrincipal(request.user());
			if (SpringSecurity.PRESENT) {
				SpringSecurity.authenticate(servletRequest, request.user());
			}
		}
		ChildHttpServletResponse servletResponse = new ChildHttpServletResponse(this.maxBufferedBytes);
		if ("HEAD".equals(request.method())) {
			// Servlet 6's doHead relies on the container to drop the body
			servletResponse.discardContent();
		}
		ChildRequestObservations observations = this.observations;
		// Started here, on the caller's thread, to nest under the caller's observation
		ObservationHandle observation = (observations != null) ? observations.start(state, parentState)
				: ObservationHandle.NONE;
		ChildRun run = new ChildRun(this, request, state, servletRequest, servletResponse, mapping, decodedPath,
				observation, timeout(request));
		if (async) {
			track(run, parent, parentRequest);
		}
		return run;
	}

	/**
	 * Track an asynchronous child so that it is cancelled when its parent ends: in the
	 * parent's pipeline context or, for a parent request that has none, in the request.
	 */
	private static void track(ChildRun run, @Nullable ServletPipelineContext parent,
			@Nullable HttpServletRequest parentRequest) {
		ServletPipelineContext owner = (parent != null) ? parent
				: (parentRequest != null) ? ServletPipelineContext.get(parentRequest) : null;
		if (owner != null) {
			owner.track(run);
		}
		else if (parentRequest != null) {
			AsyncChildren.track(parentRequest, run);
		}
	}

	/**
	 * A child executed as a given user skips authentication: credentials it carries
	 * (copied from a live request, say) would have the authentication filters
	 * authenticate it again, as someone else, or refuse it. Cookies, and so the session,
	 * stay.
	 */
	private static HttpHeaders withoutCredentials(HttpHeaders headers) {
		if (!headers.containsHeader(HttpHeaders.AUTHORIZATION)
				&& !headers.containsHeader(HttpHeaders.PROXY_AUTHORIZATION)) {
			return headers;
		}
		HttpHeaders kept = new HttpHeaders();
		headers.forEach((name, values) -> {
			if (!HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
					&& !HttpHeaders.PROXY_AUTHORIZATION.equalsIgnoreCase(name)) {
				kept.addAll(name, values);
			}
		});
		return kept;
	}

	private static @Nullable String parentTraceId(@Nullable ServletPipelineContext parent,
			@Nullable ChildState parentState) {
		if (parent != null) {
			return parent.traceId();
		}
		return (parentState != null) ? parentState.id() : null;
	}

	private static @Nullable HttpServletRequest parentRequest(@Nullable ServletPipelineContext parent,
			@Nullable ChildRun currentRun) {
		if (parent != null) {
			return parent.request();
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servletAttributes) ? servletAttributes.getRequest()
				: null;
	}

	private static String sameUrl(@Nullable HttpServletRequest parent) {
		if (parent == null) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED, "SAME_URL needs a parent request");
		}
		String path = parent.getRequestURI().substring(parent.getContextPath().length());
		return (parent.getQueryString() != null) ? path + "?" + parent.getQueryString() : path;
	}

	private static String decodedPath(String path) {
		int query = path.indexOf('?');
		return UriUtils.decode((query >= 0) ? path.substring(0, query) : path, StandardCharsets.UTF_8);
	}

	private static void checkSameServlet(ChildRequest request, @Nullable HttpServletRequest parent,
			ServletMapping mapping) {
		if (parent == null || request.hasFlag(ExecuteFlag.IGNORE_APPPOOL)) {
			return;
		}
		String parentServlet = parent.getHttpServletMapping().getServletName();
		if (parentServlet != null && !parentServlet.equals(mapping.servletName())) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED,
					"Child request " + request + " is served by servlet '" + mapping.servletName()
							+ "', not by its parent's '" + parentServlet + "'; execute it with IGNORE_APPPOOL");
		}
	}

	private static Set<String> excludedModules(ChildRequest request, @Nullable ServletPipelineContext parent,
			@Nullable ChildState parentState) {
		Set<String> inherited = (parentState != null) ? parentState.excludedModules() : Set.of();
		String issuer = (parent != null && request.hasFlag(ExecuteFlag.IGNORE_CURRENT_INTERCEPTOR))
				? parent.currentModule() : null;
		if (issuer == null) {
			return inherited;
		}
		Set<String> excluded = new HashSet<>(inherited);
		excluded.add(issuer);
		return Set.copyOf(excluded);
	}

	private static Function<Boolean, @Nullable HttpSession> sessions(@Nullable HttpServletRequest parent,
			ServletContainer container, boolean async) {
		if (parent != null && !async) {
			return parent::getSession;
		}
		// An asynchronous child runs on another thread than its parent, whose request is
		// neither thread-safe nor alive for as long: the parent's session, if it has one,
		// is looked up now, on the caller's thread. Only a synchronous child may create
		// one through its parent; an asynchronous one gets a session of its own.
		HttpSession[] session = { (parent != null) ? parent.getSession(false) : null };
		return (create) -> {
			synchronized (session) {
				if (session[0] == null && create) {
					session[0] = container.createSession();
				}
				return session[0];
			}
		};
	}

	private Duration timeout(ChildRequest request) {
		return (request.timeout() != null) ? request.timeout() : this.timeout;
	}

	// Plumbing for ChildRun

	static @Nullable ChildRun enter(ChildRun run) {
		ChildRun previous = CURRENT_RUN.get();
		CURRENT_RUN.set(run);
		return previous;
	}

	static void exit(@Nullable ChildRun previous) {
		if (previous != null) {
			CURRENT_RUN.set(previous);
		}
		else {
			CURRENT_RUN.remove();
		}
	}

	void execute(Runnable task) {
		this.taskExecutor.execute(task);
	}

	ScheduledFuture<?> schedule(Runnable task, long millis) {
		return this.timer.schedule(task, millis, TimeUnit.MILLISECONDS);
	}

	void finished(ChildRun run, @Nullable ChildResponse response, @Nullable Throwable failure) {
		ChildRequestTracing tracing = this.tracing;
		if (tracing != null) {
			tracing.childFinished(run, response, failure);
		}
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

	/**
	 * The children of one {@link #executeAll} call, taken in order by the calling thread
	 * and by helpers on the task executor. The caller runs children too, so that it never
	 * waits for a child that is only queued: children that fan out again from pool
	 * threads would otherwise take every thread of the pool and wait, for good, for
	 * children queued behind them. Each helper, as it starts, hands the task executor
	 * another helper while children are left, rather than the caller submitting one per
	 * child: waking a parked pool thread costs microseconds the caller would otherwise
	 * spend before running any child, and the children start as fast as threads come.
	 */
	private static final class FanOut {

		private final ChildRun[] runs;

		private final Executor taskExecutor;

		private final AtomicInteger next = new AtomicInteger();

		FanOut(ChildRun[] runs, Executor taskExecutor) {
			this.runs = runs;
			this.taskExecutor = taskExecutor;
		}

		/**
		 * Run children on the calling thread, the caller's or a helper's, once another
		 * helper was handed to the task executor; returns once no child is left to start
		 * (those started on other threads may still run).
		 */
		void run() {
			spread();
			work();
		}

		/**
		 * Hand the task executor a helper while children are left; each helper, as it
		 * runs, hands it the next.
		 */
		private void spread() {
			if (this.next.get() < this.runs.length - 1) {
				try {
					this.taskExecutor.execute(this::run);
				}
				catch (RejectedExecutionException ex) {
					// Fewer threads: those already at work take the children left
				}
			}
		}

		private void work() {
			for (int i = this.next.getAndIncrement(); i < this.runs.length; i = this.next.getAndIncrement()) {
				ChildRun run = this.runs[i];
				if (run != null) {
					run.startIfClaimed();
				}
			}
		}

	}

}
