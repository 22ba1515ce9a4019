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

package dev.integratedpipeline.servlet.child;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequest.Identity;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.child.RequestPath;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.servlet.ChildEngine;
import dev.integratedpipeline.servlet.ChildState;
import dev.integratedpipeline.servlet.ObservationHandle;
import dev.integratedpipeline.servlet.ServletPipelineContext;
import dev.integratedpipeline.servlet.SpringSecurity;
import dev.integratedpipeline.servlet.container.ServletContainer;
import dev.integratedpipeline.servlet.container.ServletMapper;
import dev.integratedpipeline.servlet.container.ServletMapping;

/**
 * The {@link ChildRequestExecutor} of a servlet application: runs each child through the
 * container's own filter chain and servlet, in-process, on the calling thread (or on the
 * application task executor for {@link #executeAsync}).
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class ServletChildRequestExecutor implements ChildRequestExecutor, ChildEngine, DisposableBean {

	/**
	 * The most content a child may buffer: what a byte array can hold.
	 */
	public static final long MAX_BUFFERED_BYTES = Integer.MAX_VALUE - 8;

	/**
	 * How many child requests may be in flight at once unless told otherwise.
	 */
	public static final int DEFAULT_MAX_CONCURRENT = 256;

	// The request URI of the client's request that a child descends from, for its error
	// page: Boot's error attributes report the failed request's path to the client
	static final String CLIENT_REQUEST_URI_ATTRIBUTE = ServletChildRequestExecutor.class.getName()
			+ ".CLIENT_REQUEST_URI";

	private static final Log logger = LogFactory.getLog(ServletChildRequestExecutor.class);

	private static final ThreadLocal<ChildRun> CURRENT_RUN = new ThreadLocal<>();

	// The request a thread works for when it is not that request's own thread: set by
	// Context Propagation (ChildRequestParentAccessor) on the threads of a propagating
	// executor, so that the children issued there nest under that request
	private static final ThreadLocal<ServletPipelineContext> PROPAGATED_PARENT = new ThreadLocal<>();

	private static final AtomicLong ids = new AtomicLong();

	private final int maxDepth;

	private final int maxBufferedBytes;

	private final Duration timeout;

	private final Executor taskExecutor;

	private final int maxConcurrent;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final BufferBudget bufferBudget;

	private final ScheduledThreadPoolExecutor timer;

	private volatile @Nullable ServletContainer container;

	private volatile @Nullable ServletMapper mapper;

	// Tracing and observations, told of each child; empty when neither is configured
	private final ChildRequestListener[] listeners;

	private volatile Supplier<@Nullable List<HttpMessageConverter<?>>> messageConverterSource = () -> null;

	private volatile @Nullable List<HttpMessageConverter<?>> messageConverters;

	/**
	 * Create an executor.
	 * @param maxDepth how deeply child requests may nest
	 * @param maxBufferedBytes how many bytes of content a child may produce, at most
	 * {@link #MAX_BUFFERED_BYTES}
	 * @param timeout how long a child may take unless it says otherwise
	 * @param taskExecutor where asynchronous children and asynchronous dispatches run
	 */
	public ServletChildRequestExecutor(int maxDepth, long maxBufferedBytes, Duration timeout, Executor taskExecutor) {
		this(maxDepth, maxBufferedBytes, Runtime.getRuntime().maxMemory() / 4, DEFAULT_MAX_CONCURRENT, timeout,
				taskExecutor, List.of());
	}

	/**
	 * Create an executor.
	 * @param maxDepth how deeply child requests may nest
	 * @param maxBufferedBytes how many bytes of content a child may produce, at most
	 * {@link #MAX_BUFFERED_BYTES}
	 * @param maxTotalBufferedBytes how many bytes of content the children in flight may
	 * hold between them; a child that would pass it fails with
	 * {@link Reason#RESPONSE_TOO_LARGE}
	 * @param maxConcurrent how many child requests may be in flight at once, queued,
	 * running or asynchronous; more fail with {@link Reason#OVERLOADED}
	 * @param timeout how long a child may take unless it says otherwise
	 * @param taskExecutor where asynchronous children and asynchronous dispatches run
	 * @param listeners what to tell of each child, in order: tracing and observations
	 * @since 0.1.0
	 */
	public ServletChildRequestExecutor(int maxDepth, long maxBufferedBytes, long maxTotalBufferedBytes,
			int maxConcurrent, Duration timeout, Executor taskExecutor,
			List<? extends ChildRequestListener> listeners) {
		Assert.isTrue(maxDepth > 0, "'maxDepth' must be positive");
		Assert.isTrue(maxTotalBufferedBytes > 0,
				() -> "integrated-pipeline.child.max-total-buffered-bytes must be positive; it is "
						+ maxTotalBufferedBytes);
		Assert.isTrue(maxConcurrent > 0,
				() -> "integrated-pipeline.child.max-concurrent must be positive; it is " + maxConcurrent);
		Assert.isTrue(maxBufferedBytes > 0, "'maxBufferedBytes' must be positive");
		Assert.isTrue(maxBufferedBytes <= MAX_BUFFERED_BYTES,
				() -> "integrated-pipeline.child.max-buffered-bytes must be at most " + MAX_BUFFERED_BYTES
						+ " bytes (just under 2GB), what a byte array holds; it is " + maxBufferedBytes);
		Assert.isTrue(timeout.toMillis() > 0, "'timeout' must be positive");
		Assert.notNull(taskExecutor, "'taskExecutor' must not be null");
		Assert.noNullElements(listeners, "'listeners' must not contain null elements");
		this.listeners = listeners.toArray(ChildRequestListener[]::new);
		this.maxDepth = maxDepth;
		this.maxBufferedBytes = (int) maxBufferedBytes;
		this.timeout = timeout;
		this.taskExecutor = taskExecutor;
		this.maxConcurrent = maxConcurrent;
		this.bufferBudget = new BufferBudget(maxTotalBufferedBytes);
		this.timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "child-request-timer");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.setRemoveOnCancelPolicy(true);
		// A task always due before any child's timeout of a second or more, so that
		// arming one never puts it at the head of the timer's queue: only a new head
		// wakes the timer thread, and without it a queue that the children's cancelled
		// timeouts keep emptying gets a new head, and a wake-up, for nearly every child
		// handed to another thread (a batch's items, executeAsync)
		this.timer.scheduleAtFixedRate(() -> {
		}, 1, 1, TimeUnit.SECONDS);
	}

	/**
	 * Run child requests through this container from now on: called by the container's
	 * support once the container started.
	 * @param container the container
	 */
	public void useContainer(ServletContainer container) {
		this.container = container;
		this.mapper = null;
	}

	/**
	 * Whether a servlet container that runs child requests was handed to this executor:
	 * embedded Tomcat and embedded Jetty do once they are created. Until then, and on any
	 * other container, every child request fails with {@link Reason#NOT_SUPPORTED}.
	 * @return whether child requests can run
	 */
	public boolean isContainerAvailable() {
		return this.container != null;
	}

	/**
	 * Read and write typed child bodies ({@link ChildResponse#bodyAs(Class)},
	 * {@link ChildRequest.Builder#json(Object)}) with these converters, asked for once,
	 * when the first child runs: the application's, as Spring MVC uses them. Without
	 * them, or when the source gives none, Spring's defaults.
	 * @param messageConverters the source of the converters
	 */
	public void setMessageConverters(Supplier<@Nullable List<HttpMessageConverter<?>>> messageConverters) {
		Assert.notNull(messageConverters, "'messageConverters' must not be null");
		this.messageConverterSource = messageConverters;
		this.messageConverters = null;
	}

	List<HttpMessageConverter<?>> messageConverters() {
		List<HttpMessageConverter<?>> converters = this.messageConverters;
		if (converters == null) {
			List<HttpMessageConverter<?>> source = this.messageConverterSource.get();
			converters = List.copyOf((source != null) ? source : defaultMessageConverters());
			this.messageConverters = converters;
		}
		return converters;
	}

	private static List<HttpMessageConverter<?>> defaultMessageConverters() {
		List<HttpMessageConverter<?>> converters = new ArrayList<>();
		HttpMessageConverters.forServer().registerDefaults().build().forEach(converters::add);
		return converters;
	}

	/**
	 * Return what the servlet container enforces on requests from the network, in front
	 * of its filters, that child requests do not pass (its own security constraints,
	 * valves or handlers that may refuse a request by its path): a child reaches what
	 * they protect. Protect such paths with Spring Security or a servlet filter, which
	 * children pass.
	 * @return a description of each; none without a container
	 */
	public List<String> containerSecurityNotApplied() {
		ServletContainer container = this.container;
		return (container != null) ? container.securityNotApplied() : List.of();
	}

	public boolean hasContainer() {
		return this.container != null;
	}

	ServletContainer container() {
		ServletContainer container = this.container;
		if (container == null) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED,
					"Child requests need an embedded Tomcat or Jetty server, started, or, in a test without a server, "
							+ "MockMvc auto-configured (@WebMvcTest, @AutoConfigureMockMvc); none is available");
		}
		return container;
	}

	ServletMapper mapper() {
		ServletMapper mapper = this.mapper;
		if (mapper == null) {
			mapper = container().mapper();
			this.mapper = mapper;
		}
		return mapper;
	}

	// ChildRequestExecutor

	@Override
	public ChildResponse execute(ChildRequest request) {
		Assert.notNull(request, "'request' must not be null");
		ServletPipelineContext propagated = propagatedParent();
		if (propagated != null) {
			// On a thread that works for the parent, not on the parent's own: run here,
			// as an asynchronous child would elsewhere, detached from the parent's
			// request and cancelled when the parent ends
			ChildRun run = prepareAsync(request);
			run.startIfClaimed();
			return await(run);
		}
		ChildRun run = prepare(request, ServletPipelineContext.current(), null, false);
		run.start();
		return await(run);
	}

	/**
	 * Return the request the calling thread works for when it is not that request's own
	 * thread (nor a child's): the parent link Context Propagation carried to it.
	 */
	private static @Nullable ServletPipelineContext propagatedParent() {
		if (ServletPipelineContext.current() != null || CURRENT_RUN.get() != null) {
			return null;
		}
		return PROPAGATED_PARENT.get();
	}

	/**
	 * Return the parent of a child issued on the calling thread: the request it runs, or
	 * the one the parent link propagated to it names.
	 */
	private static @Nullable ServletPipelineContext parentOfCaller() {
		ServletPipelineContext current = ServletPipelineContext.current();
		return (current != null) ? current : propagatedParent();
	}

	@Override
	public CompletableFuture<ChildResponse> executeAsync(ChildRequest request) {
		return executeAsync(request, this.taskExecutor);
	}

	@Override
	public CompletableFuture<ChildResponse> executeAsync(ChildRequest request, Executor executor) {
		Assert.notNull(request, "'request' must not be null");
		Assert.notNull(executor, "'executor' must not be null");
		ChildRun run;
		try {
			run = submit(request, executor);
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
	private ChildRun submit(ChildRequest request, Executor executor) {
		ChildRun run = prepareAsync(request);
		if (run.result().isDone()) {
			// Its parent had ended
			return run;
		}
		try {
			executor.execute(run::startIfClaimed);
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
		ChildRun run = prepare(request, parentOfCaller(), null, true);
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
		CompletableFuture<ChildResponse> future = new ChildFuture<>(run);
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
				run.cancel(new ChildRequestException(Reason.CANCELLED, "Child request " + run + " was cancelled"));
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
		ServletPipelineContext parent = parentOfCaller();
		for (int i = 0; i < size; i++) {
			try {
				runs[i] = prepare(requests.get(i), parent, null, true);
			}
			catch (RuntimeException ex) {
				refused[i] = ex;
			}
		}
		new FanOut(runs, this.taskExecutor).run();
		// Only now, and only for the children still running or not yet started by the
		// helper that took them: most complete on the caller's thread, or on a helper's
		// before the caller gets here, and never touch the timer, whose lock the threads
		// of a fan-out would otherwise contend for twice a child. Each is timed from when
		// it was issued, so that time spent waiting for a thread still counts.
		for (ChildRun run : runs) {
			if (run != null && !run.result().isDone()) {
				run.armTimeout();
			}
		}
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
		try {
			return awaitResult(run);
		}
		finally {
			// On the caller's thread: its request adopts a session the child created
			run.adoptSession();
		}
	}

	private static ChildResponse awaitResult(ChildRun run) {
		try {
			return run.awaitResult();
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

	@Override
	public ChildEngine.Cloned cloneContext(PipelineContext context) {
		// Called by the pipeline engine's context with itself, the only kind there is
		ServletPipelineContext parent = (ServletPipelineContext) context;
		return new ServletChildContext(parent, ChildRequest.from(parent.request()));
	}

	@Override
	public ChildExecution execute(PipelineContext context, ChildContext child, Set<ExecuteFlag> flags,
			@Nullable Principal user) {
		if (!(child instanceof ServletChildContext servletChild) || servletChild.parentContext() != context) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED,
					"The child context was not cloned from the context that executes it");
		}
		ServletPipelineContext parent = servletChild.parentContext();
		ChildRequest request = servletChild.execute()
			.mutate()
			.flags(flags.toArray(ExecuteFlag[]::new))
			.user(user)
			.build();
		ChildRun run = prepare(request, parent, servletChild, false);
		servletChild.started(run);
		boolean buffer = request.hasFlag(ExecuteFlag.BUFFER_RESPONSE);
		if (!buffer) {
			run.writeInto(parent.response());
		}
		try {
			run.start();
		}
		finally {
			run.stopWritingInto();
		}
		CompletableFuture<ChildResponse> result = run.result();
		if (result.isDone()) {
			ChildResponse response = await(run);
			servletChild.completed(response);
			if (!buffer && !run.isWrittenIntoParent()) {
				writeTo(parent.response(), response);
			}
			return new ChildExecution(false, response, result.copy());
		}
		if (parent.isNotifying()) {
			parent.pending(result, (value) -> {
				if (value instanceof ChildResponse response) {
					servletChild.completed(response);
					if (!buffer && !run.isWrittenIntoParent()) {
						writeTo(parent.response(), response);
					}
				}
			});
		}
		return new ChildExecution(true, null, result.copy());
	}

	private static void writeTo(HttpServletResponse target, ChildResponse response) {
		try {
			response.writeHeadTo(target);
			target.getOutputStream().write(response.content());
		}
		catch (IOException ex) {
			throw new ChildRequestException(Reason.FAILED, "Cannot write the child response to its parent", ex);
		}
	}

	// Running

	private ChildRun prepare(ChildRequest request, @Nullable ServletPipelineContext parent,
			@Nullable ServletChildContext childContext, boolean async) {
		container();
		ChildRun currentRun = CURRENT_RUN.get();
		ChildState parentState = (parent != null) ? parent.childState()
				: (currentRun != null) ? currentRun.state() : null;
		int depth = (parentState != null) ? parentState.depth() + 1 : 1;
		if (depth > this.maxDepth) {
			throw new ChildRequestException(Reason.STACK_OVERFLOW, "Child requests nest deeper than " + this.maxDepth
					+ " (integrated-pipeline.child.max-depth) at " + request);
		}
		if (parent != null && parent != ServletPipelineContext.current() && parent.isEnded()) {
			// Issued from a thread the parent link was propagated to, after the parent
			// ended: its request may already serve another client
			throw new ChildRequestException(Reason.CANCELLED,
					"The parent request ended before child request " + request + " was issued");
		}
		if (this.inFlight.incrementAndGet() > this.maxConcurrent) {
			this.inFlight.decrementAndGet();
			throw new ChildRequestException(Reason.OVERLOADED, "More than " + this.maxConcurrent
					+ " child requests in flight (integrated-pipeline.child.max-concurrent) at " + request);
		}
		try {
			ChildRun run = prepare(request, parent, childContext, async, depth, parentState, currentRun);
			run.result().whenComplete((response, failure) -> this.inFlight.decrementAndGet());
			return run;
		}
		catch (RuntimeException | Error ex) {
			this.inFlight.decrementAndGet();
			throw ex;
		}
	}

	private ChildRun prepare(ChildRequest request, @Nullable ServletPipelineContext parent,
			@Nullable ServletChildContext childContext, boolean async, int depth, @Nullable ChildState parentState,
			@Nullable ChildRun currentRun) {
		ServletContainer container = container();
		HttpServletRequest parentRequest = parentRequest(parent, currentRun);
		RequestPath path = request.hasFlag(ExecuteFlag.SAME_URL) ? RequestPath.of(sameUrl(parentRequest))
				: request.requestPath();
		// Mapped as the container maps the same path from the network, never otherwise
		String decodedPath = path.decodedPath();
		ServletMapping mapping = mapper().map(decodedPath);
		checkSameServlet(request, parentRequest, mapping);
		Set<String> excluded = excludedModules(request, parent, parentState);
		Identity identity = identity(request, parentRequest);
		Principal user = (identity == Identity.GIVEN) ? request.user()
				: (identity == Identity.PARENT) ? parentUser(parent, parentRequest) : null;
		ChildState state = new ChildState(request, parent, depth, excluded, "c" + ids.incrementAndGet(),
				parentTraceId(parent, parentState), async, identity, user);
		HttpHeaders headers = state.skipsAuthentication() ? withoutCredentials(request.headers()) : request.headers();
		ChildSession session = new ChildSession(ChildSessions.of(parentRequest, container), !async, container);
		Function<Boolean, @Nullable HttpSession> sessions = session;
		Object securityContext = null;
		if (state.skipsAuthentication() && SpringSecurity.PRESENT) {
			// Where Spring Security's default repository looks: the request first,
			// then the session, which shows the child's identity too
			securityContext = SpringSecurity.securityContext(user);
			sessions = ChildSessionView.of(session, SpringSecurity.SESSION_ATTRIBUTE, securityContext);
		}
		ChildHttpServletRequest servletRequest = new ChildHttpServletRequest(container.servletContext(),
				request.method(), path, headers,
				(request.json() != null) ? ByteBuffer.wrap(request.body(messageConverters())) : request.bodyBuffer(),
				mapping, parentRequest, sessions);
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
		String clientRequestUri = clientRequestUri(parentRequest);
		if (clientRequestUri != null) {
			servletRequest.setAttribute(CLIENT_REQUEST_URI_ATTRIBUTE, clientRequestUri);
		}
		servletRequest.setAttribute(ChildState.ATTRIBUTE, state);
		if (state.skipsAuthentication()) {
			servletRequest.setUserPrincipal(user);
			if (securityContext != null) {
				SpringSecurity.authenticate(servletRequest, securityContext);
			}
		}
		ChildHttpServletResponse servletResponse = new ChildHttpServletResponse(this.maxBufferedBytes,
				this.bufferBudget);
		// As the container does for a request from the network
		if (!container.useRelativeRedirects()) {
			servletResponse.absoluteRedirects(servletRequest);
		}
		else if (container.resolvesRelativeRedirects()) {
			servletResponse.resolvedRelativeRedirects(servletRequest);
		}
		servletRequest.setParameterLimits(container.parameterLimits());
		servletRequest.setCookieParser(container);
		servletResponse.contentTypeHeader(container::contentTypeHeader);
		session.attach(servletRequest, servletResponse);
		servletRequest.setChildSession(session);
		if ("HEAD".equals(request.method())) {
			// Servlet 6's doHead relies on the container to drop the body
			servletResponse.discardContent();
		}
		// Started here, on the caller's thread, to nest under the caller's observation
		ObservationHandle observation = started(state, parentState);
		ChildRun run = new ChildRun(this, request, state, servletRequest, servletResponse, mapping, decodedPath,
				observation, timeout(request));
		run.describeParent(parentRequest);
		if (async) {
			track(run, parent, parentRequest);
		}
		return run;
	}

	/**
	 * Tell the listeners a child is about to run, and return the handle of its
	 * observation: the first a listener starts.
	 */
	private ObservationHandle started(ChildState state, @Nullable ChildState caller) {
		ObservationHandle observation = ObservationHandle.NONE;
		for (ChildRequestListener listener : this.listeners) {
			ObservationHandle handle = listener.started(state, caller);
			if (observation == ObservationHandle.NONE) {
				observation = handle;
			}
		}
		return observation;
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
			ServletPipelineContext.track(parentRequest, run);
		}
	}

	/**
	 * Work out how the child's user is chosen: the request's rule, where the default,
	 * {@code PARENT}, is {@code ANONYMOUS} without a parent request.
	 */
	private static Identity identity(ChildRequest request, @Nullable HttpServletRequest parentRequest) {
		Identity identity = request.identity();
		return (identity == Identity.PARENT && parentRequest == null) ? Identity.ANONYMOUS : identity;
	}

	/**
	 * The user the parent's own pipeline established so far: the one a module set or
	 * Spring Security authenticated, known to its pipeline context; else, for a parent
	 * the pipeline does not follow, the one its thread's security context holds.
	 */
	private static @Nullable Principal parentUser(@Nullable ServletPipelineContext parent,
			@Nullable HttpServletRequest parentRequest) {
		Principal user = (parent != null) ? parent.user() : null;
		if (user == null && parent == null && parentRequest != null) {
			user = parentRequest.getUserPrincipal();
		}
		if (user == null && SpringSecurity.PRESENT && (parent == null || !parent.isUserSet())) {
			user = SpringSecurity.currentUser();
		}
		return user;
	}

	/**
	 * A child whose user is chosen for it skips authentication: credentials it carries
	 * (copied from a live request, say) would have the authentication filters
	 * authenticate it again, as someone else, or refuse it. Cookies, and so the session,
	 * stay.
	 */
	private static HttpHeaders withoutCredentials(HttpHeaders headers) {
		// Most children carry no header: looking a name up lowercases it
		if (headers.isEmpty() || (!headers.containsHeader(HttpHeaders.AUTHORIZATION)
				&& !headers.containsHeader(HttpHeaders.PROXY_AUTHORIZATION))) {
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

	// The URI the client asked for: the top-level request's, looked up on the caller's
	// thread (an asynchronous child never calls into its parent's request later); none
	// for a child without a parent, which has no client
	private static @Nullable String clientRequestUri(@Nullable HttpServletRequest parentRequest) {
		if (parentRequest == null) {
			return null;
		}
		if (parentRequest.getAttribute(CLIENT_REQUEST_URI_ATTRIBUTE) instanceof String inherited) {
			return inherited;
		}
		return (parentRequest.getAttribute(ChildState.ATTRIBUTE) == null) ? parentRequest.getRequestURI() : null;
	}

	private static String sameUrl(@Nullable HttpServletRequest parent) {
		if (parent == null) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED, "SAME_URL needs a parent request");
		}
		String path = parent.getRequestURI().substring(parent.getContextPath().length());
		return (parent.getQueryString() != null) ? path + "?" + parent.getQueryString() : path;
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
		// Set, not removed: the thread's entry stays for its next child, rather than
		// being made anew for each (a null value holds nothing)
		CURRENT_RUN.set(previous);
	}

	/**
	 * Return the request the calling thread works for, for Context Propagation to carry
	 * to another thread: the request it runs, or the one propagated to it.
	 */
	static @Nullable ServletPipelineContext parentToPropagate() {
		ServletPipelineContext current = ServletPipelineContext.current();
		return (current != null) ? current : PROPAGATED_PARENT.get();
	}

	static void propagateParent(@Nullable ServletPipelineContext parent) {
		if (parent != null) {
			PROPAGATED_PARENT.set(parent);
		}
		else {
			PROPAGATED_PARENT.remove();
		}
	}

	/**
	 * Return how many child requests are in flight now.
	 * @return the number of children queued, running or asynchronous
	 */
	int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Return how many bytes the content buffers of the children in flight hold.
	 * @return the bytes
	 */
	long bufferedBytes() {
		return this.bufferBudget.reserved();
	}

	void execute(Runnable task) {
		this.taskExecutor.execute(task);
	}

	ScheduledFuture<?> schedule(Runnable task, long millis) {
		return this.timer.schedule(task, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Tell every listener that a child ended; one that throws is logged and the others
	 * are told all the same.
	 */
	void finished(ChildRun run, @Nullable ChildResponse response, @Nullable Throwable failure) {
		for (ChildRequestListener listener : this.listeners) {
			try {
				listener.finished(run.state(), run.startTime(), run.elapsed(), response,
						(response != null) ? run.contentLength(response) : -1, failure);
			}
			catch (RuntimeException ex) {
				logger.warn("Child request listener " + listener + " failed on child request " + run, ex);
			}
		}
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

	/**
	 * The future {@link #executeAsync} returns: waited for from within a request, it runs
	 * the child on the waiting thread if no thread of the task executor took it yet, and
	 * its asynchronous work as well, so that children that wait for their own children (a
	 * recursion through {@code executeAsync(..).get()}) never hold every thread of the
	 * pool waiting for children queued behind them. Waited for elsewhere, or with a
	 * timeout, it waits as any future does. Waiting for the future itself on the thread
	 * that issued the child also has the caller's request adopt a session the child
	 * created.
	 */
	private static final class ChildFuture<T> extends CompletableFuture<T> {

		private final ChildRun run;

		private final boolean adoptsSession;

		ChildFuture(ChildRun run) {
			this(run, true);
		}

		private ChildFuture(ChildRun run, boolean adoptsSession) {
			this.adoptsSession = adoptsSession;
			this.run = run;
		}

		@Override
		public T get() throws InterruptedException, ExecutionException {
			try {
				help();
				return super.get();
			}
			finally {
				adoptSession();
			}
		}

		@Override
		public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
			try {
				return super.get(timeout, unit);
			}
			finally {
				adoptSession();
			}
		}

		@Override
		public T join() {
			try {
				try {
					help();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return super.join();
			}
			finally {
				adoptSession();
			}
		}

		private void adoptSession() {
			if (this.adoptsSession) {
				this.run.adoptSession();
			}
		}

		private void help() throws InterruptedException {
			if (isDone() || (ServletPipelineContext.current() == null && CURRENT_RUN.get() == null
					&& PROPAGATED_PARENT.get() == null)) {
				return;
			}
			this.run.startIfClaimed();
			try {
				this.run.awaitResult();
			}
			catch (ExecutionException ex) {
				// Completes this future too
			}
		}

		@Override
		public <U> CompletableFuture<U> newIncompleteFuture() {
			// Futures derived from this one (thenApply and the like) help as well, but
			// only the future itself adopts a session for the caller
			return new ChildFuture<>(this.run, false);
		}

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
			work(false);
		}

		/**
		 * Run children on a helper: as {@link #run()}, but an interrupt flag a child
		 * leaves set is cleared before the next, as the pool clears it between its own
		 * tasks; it would otherwise fail the next child that waits. (On the caller's
		 * thread it stays the caller's, as after {@link #execute}.)
		 */
		private void help() {
			spread();
			work(true);
		}

		/**
		 * Hand the task executor a helper while children are left; each helper, as it
		 * runs, hands it the next.
		 */
		private void spread() {
			if (this.next.get() < this.runs.length - 1) {
				try {
					this.taskExecutor.execute(this::help);
				}
				catch (RejectedExecutionException ex) {
					// Fewer threads: those already at work take the children left
				}
			}
		}

		private void work(boolean helper) {
			for (int i = this.next.getAndIncrement(); i < this.runs.length; i = this.next.getAndIncrement()) {
				ChildRun run = this.runs[i];
				if (run != null) {
					run.startIfClaimed();
					if (helper && Thread.interrupted()) {
						logger.debug("Child request " + run + " left its helper's thread interrupted; cleared");
					}
				}
			}
		}

	}

}
