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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.HttpHeaders;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.child.RequestPath;
import dev.integratedpipeline.servlet.ChildEngine;
import dev.integratedpipeline.servlet.ChildState;
import dev.integratedpipeline.servlet.ObservationHandle;
import dev.integratedpipeline.servlet.container.ServletContainer;
import dev.integratedpipeline.servlet.container.ServletMapping;

/**
 * One execution of a child request: dispatches it through the container's filter chain
 * and servlet, follows its asynchronous processing (the container's part of
 * {@link AsyncContext}, timeouts included), renders the error page when it fails, and
 * completes {@link #result()} with the captured response.
 * <p>
 * A run is started once: by the thread that {@link #claim() claims} it. It ends once:
 * when it {@link #finish() finishes} or when it is {@link #cancel cancelled} (timeout,
 * parent ended, caller gave up), whichever comes first; a cancelled run that had gone
 * asynchronous has its async listeners told, as a container tells them when a request
 * times out, so that {@code DeferredResult} holders and the like are released.
 *
 * @author Integrated Pipeline team
 */
final class ChildRun implements ChildEngine.Async, ChildAsyncContext.Cycle {

	/**
	 * The request attribute that holds the run of a child request.
	 */
	static final String ATTRIBUTE = ChildRun.class.getName();

	private static final Log logger = LogFactory.getLog(ChildRun.class);

	private static final byte[] NO_CONTENT = {};

	private static final AtomicIntegerFieldUpdater<ChildRun> CLAIMED = AtomicIntegerFieldUpdater
		.newUpdater(ChildRun.class, "claimed");

	// Wakes a thread waiting in awaitResult() once the result is complete
	private static final Runnable WAKE_UP = () -> {
	};

	private final ServletChildRequestExecutor executor;

	private final ChildRequest request;

	private final ChildState state;

	private final ChildHttpServletRequest servletRequest;

	private final ChildHttpServletResponse servletResponse;

	private final CompletableFuture<ChildResponse> result = new CompletableFuture<>();

	private final long start = System.nanoTime();

	private final Instant startTime = Instant.now();

	private final long timeoutMillis;

	private final ObservationHandle observation;

	private final Object lock = new Object();

	private ServletMapping mapping;

	private String path;

	private volatile int claimed;

	private String parentDescription = "no parent request";

	// Guarded by lock

	private boolean dispatching;

	private boolean finished;

	/**
	 * Whether the child is asynchronous and waits for its work: started, no dispatch is
	 * running, and neither {@code dispatch()} nor {@code complete()} was called. Only
	 * then do the timeouts fire the async listeners.
	 */
	private boolean asyncWaiting;

	private int asyncCycle;

	private boolean deadlinePassed;

	private @Nullable Runnable deferred;

	/**
	 * The work of this child that a thread waiting for it may run itself: its
	 * asynchronous dispatches, its {@code AsyncContext.start} tasks and its
	 * {@code Callable} handlers, each also handed to the task executor, and run by
	 * whichever takes it first. Made when first needed: most children complete on the
	 * thread that started them, with no work handed over and nobody waiting.
	 */
	private @Nullable BlockingQueue<Runnable> work;

	// Written by the dispatching thread, read once it handed over through lock

	private @Nullable ChildAsyncContext asyncContext;

	private @Nullable Throwable failure;

	private volatile @Nullable ScheduledFuture<?> deadline;

	private volatile @Nullable ScheduledFuture<?> asyncTimeout;

	ChildRun(ServletChildRequestExecutor executor, ChildRequest request, ChildState state,
			ChildHttpServletRequest servletRequest, ChildHttpServletResponse servletResponse, ServletMapping mapping,
			String path, ObservationHandle observation, Duration timeout) {
		this.executor = executor;
		this.request = request;
		this.state = state;
		this.servletRequest = servletRequest;
		this.servletResponse = servletResponse;
		this.mapping = mapping;
		this.path = path;
		this.observation = observation;
		this.timeoutMillis = timeout.toMillis();
		servletRequest.setAsyncContextFactory(this::startAsync);
		servletRequest.setAttribute(ATTRIBUTE, this);
	}

	@Override
	public CompletableFuture<ChildResponse> result() {
		return this.result;
	}

	@Override
	public ChildRequest request() {
		return this.request;
	}

	Instant startTime() {
		return this.startTime;
	}

	Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.start);
	}

	ChildState state() {
		return this.state;
	}

	boolean isAsyncStarted() {
		return this.asyncContext != null;
	}

	// Starting

	/**
	 * Claim the run for the calling thread: only the thread that claimed it may start it,
	 * so that a task queued on the executor and a caller helping with its own children
	 * never both run it.
	 * @return whether the run was claimed now
	 */
	boolean claim() {
		return CLAIMED.compareAndSet(this, 0, 1);
	}

	/**
	 * Run the child on the calling thread unless another thread claimed it first (or it
	 * was cancelled before it started); returns when its first dispatch returned.
	 */
	void startIfClaimed() {
		if (claim()) {
			dispatch(DispatcherType.REQUEST);
		}
	}

	/**
	 * Run the child on the calling thread, which owns it; returns when its first dispatch
	 * returned (the child may then go on asynchronously). The timeout is armed only once
	 * the child goes asynchronous: a child that completes on its caller's thread needs
	 * none, so most children never touch the timer.
	 */
	void start() {
		dispatch(DispatcherType.REQUEST);
	}

	/**
	 * Arm the child's timeout now, for a child that waits for a thread: time spent queued
	 * counts, and a queued or slow child fails with {@code TIMEOUT} instead of keeping
	 * its caller waiting.
	 */
	void armTimeout() {
		// Under the lock: armed once, and never for a child that already finished, whose
		// timer nobody would cancel
		synchronized (this.lock) {
			if (this.deadline == null && !this.finished) {
				this.deadline = this.executor.schedule(this::deadlineReached, remainingMillis());
			}
		}
	}

	private long remainingMillis() {
		return Math.max(this.timeoutMillis - elapsed().toMillis(), 0);
	}

	// Dispatching

	private void dispatch(DispatcherType type) {
		synchronized (this.lock) {
			if (this.finished) {
				return;
			}
			this.dispatching = true;
		}
		ThreadState thread = ThreadState.capture();
		ChildRun previous = ServletChildRequestExecutor.enter(this);
		try (ObservationHandle.Scope scope = this.observation.open()) {
			this.servletRequest.setDispatcherType(type);
			this.servletRequest.setAsyncStarted(false);
			ServletContainer container = this.executor.container();
			int headTooLarge = (type == DispatcherType.REQUEST) ? headTooLargeStatus(container) : 0;
			if (headTooLarge != 0) {
				// As the container answers the network for a request line and headers
				// larger than its buffer, before anything else
				this.servletResponse.sendError(headTooLarge);
			}
			else if (type == DispatcherType.REQUEST && container.parsesCookiesBeforeFilters()
					&& this.servletRequest.refusesCookies()) {
				// As Tomcat answers the network for more cookies than it reads, before
				// any
				// filter (and before refusing TRACE)
				if (logger.isDebugEnabled()) {
					logger.debug("Child request " + this.servletRequest.getRequestURI()
							+ " answered 400: the container refused its cookies");
				}
				this.servletResponse.sendError(HttpServletResponse.SC_BAD_REQUEST);
			}
			else if (type == DispatcherType.REQUEST && "TRACE".equals(this.servletRequest.getMethod())
					&& container.refusesTrace()) {
				// As Tomcat answers the network unless its connector allows TRACE, before
				// any filter and before the private directories
				String allow = container.allowedMethods(this.mapping);
				if (allow != null) {
					this.servletResponse.setHeader(HttpHeaders.ALLOW, allow);
				}
				this.servletResponse.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
			}
			else if (type == DispatcherType.REQUEST && uriViolation(container) != null) {
				// As Jetty answers the network for a URI its compliance refuses, before
				// any filter
				this.servletResponse.sendError(HttpServletResponse.SC_BAD_REQUEST);
			}
			else if (type == DispatcherType.REQUEST && isProtectedTarget(this.path)) {
				// As Tomcat and Jetty answer the network, before any filter: the
				// application's private directories are never served (its error page
				// answers)
				this.servletResponse.sendError(HttpServletResponse.SC_NOT_FOUND);
			}
			else {
				container.dispatch(this.servletRequest, this.servletResponse, this.mapping, this.path, type);
			}
		}
		catch (Throwable ex) {
			recordFailure(ex);
			logFailure(ex);
		}
		finally {
			ServletChildRequestExecutor.exit(previous);
			thread.restore();
		}
		dispatched();
	}

	/**
	 * Return the status the container answers a request with whose request line and
	 * headers, as a client would send them over HTTP/1.1, take more than the container
	 * reads of a request, or {@code 0} when they fit. The count is the bytes a client
	 * sends; Jetty's parser leaves a standard method and the protocol version out of its
	 * own, so that near the limit (within about 14 bytes) a child may be refused where
	 * Jetty would still read the request, never the other way round.
	 */
	private int headTooLargeStatus(ServletContainer container) {
		int limit = container.maxRequestHeadSize();
		if (limit < 0) {
			return 0;
		}
		ChildHttpServletRequest request = this.servletRequest;
		String query = request.getQueryString();
		// "GET /path?query HTTP/1.1\r\n", then "Name: value\r\n" each, then "\r\n"
		long line = request.getMethod().length() + 1 + request.getRequestURI().length()
				+ ((query != null) ? query.length() + 1 : 0);
		long size = line + 11 + request.headerBytes();
		if (size <= limit) {
			return 0;
		}
		int status = (line > limit) ? container.requestLineTooLargeStatus() : container.requestHeadTooLargeStatus();
		if (logger.isDebugEnabled()) {
			logger.debug("Child request " + request.getRequestURI() + " answered " + status
					+ ": its request line and headers take " + size + " bytes, more than the container's " + limit);
		}
		return status;
	}

	private @Nullable String uriViolation(ServletContainer container) {
		String violation = container.uriViolation(this.servletRequest.getRequestURI(),
				this.servletRequest.getQueryString());
		if (violation != null && logger.isDebugEnabled()) {
			logger.debug("Child request " + this.servletRequest.getRequestURI() + " answered 400: " + violation);
		}
		return violation;
	}

	/**
	 * Whether a decoded path lies in {@code /WEB-INF} or {@code /META-INF}, whatever its
	 * case: what Tomcat's context valve and Jetty's protected targets answer 404 for.
	 */
	private static boolean isProtectedTarget(String path) {
		return isWithin(path, "/WEB-INF") || isWithin(path, "/META-INF");
	}

	private static boolean isWithin(String path, String directory) {
		return path.regionMatches(true, 0, directory, 0, directory.length())
				&& (path.length() == directory.length() || path.charAt(directory.length()) == '/');
	}

	/**
	 * What a container does once a dispatch returned: act on a {@code dispatch()} or
	 * {@code complete()} called during it, wait for the asynchronous work, or complete.
	 */
	private void dispatched() {
		boolean async = this.failure == null && this.servletRequest.isAsyncStarted();
		Runnable next;
		boolean cancelled;
		boolean timedOut;
		synchronized (this.lock) {
			this.dispatching = false;
			next = this.deferred;
			this.deferred = null;
			cancelled = this.finished;
			this.asyncWaiting = async && next == null && !cancelled;
			// A new asynchronous cycle after the listeners had their chance at the
			// timeout
			timedOut = this.asyncWaiting && this.deadlinePassed;
		}
		if (cancelled) {
			// Cancelled while dispatching: the listeners are told now that it returned
			releaseAsync(true);
			return;
		}
		if (!async) {
			finish();
		}
		else if (next != null) {
			next.run();
		}
		else if (timedOut) {
			cancel(timeoutException(), false);
		}
		else {
			armTimeouts();
		}
	}

	private void recordFailure(Throwable ex) {
		Throwable failure = (ex instanceof ServletException servletException && servletException.getRootCause() != null)
				? servletException.getRootCause() : ex;
		if (this.failure == null) {
			this.failure = failure;
		}
	}

	/**
	 * Log what the servlet or a filter threw, as the container logs the failure of a
	 * request from the network (its message, then the root cause with its stack trace),
	 * naming the child and its parent: a child that fails is no quieter than a request.
	 * Content beyond the limit is the caller's to handle, with
	 * {@code RESPONSE_TOO_LARGE}.
	 */
	private void logFailure(Throwable ex) {
		if (this.servletResponse.overflow() != null) {
			return;
		}
		Throwable root = (ex instanceof ServletException servletException && servletException.getRootCause() != null)
				? servletException.getRootCause() : ex;
		if (root instanceof InvalidParametersException) {
			// The client's error, which the container logs at DEBUG only
			logger.debug("Child request " + this.request.method() + " " + this.request.requestPath().path()
					+ " answered " + failureStatus(root) + ": " + root.getMessage());
			return;
		}
		String message = "Servlet.service() for servlet [" + this.mapping.servletName() + "] threw exception ["
				+ ex.getMessage() + "]" + ((root != ex) ? " with root cause" : "") + " in child request "
				+ this.request.method() + " " + this.request.requestPath().path() + " (" + this.state.id() + ", "
				+ this.parentDescription + ")";
		try {
			this.executor.container().logFailure(this.mapping, message, root);
		}
		catch (RuntimeException logFailure) {
			logger.error(message, root);
		}
	}

	/**
	 * Have the request that issued the child adopt a session the child created apart from
	 * it; nothing to do but on the issuing thread.
	 */
	void adoptSession() {
		ChildSession session = this.servletRequest.childSession();
		if (session != null) {
			session.adoptIntoParent();
		}
	}

	/**
	 * Say which request the child was issued from, for its log lines; called on the
	 * caller's thread, while the parent request is still in use.
	 * @param parent the parent request, if any
	 */
	void describeParent(@Nullable HttpServletRequest parent) {
		this.parentDescription = (parent != null) ? "parent " + parent.getMethod() + " "
				+ parent.getRequestURI().substring(parent.getContextPath().length()) : "no parent request";
	}

	// AsyncContext support

	private AsyncContext startAsync(ServletRequest request, @Nullable ServletResponse given) {
		ServletResponse response = (given != null) ? given : this.servletResponse;
		ChildAsyncContext context = this.asyncContext;
		if (context == null) {
			context = new ChildAsyncContext(this, request, response);
			this.asyncContext = context;
		}
		else {
			context.restart(request, response);
		}
		synchronized (this.lock) {
			this.asyncCycle++;
		}
		this.servletRequest.setAsyncStarted(true);
		return context;
	}

	@Override
	public void asyncDispatch(@Nullable String path) {
		runAfterDispatch(() -> {
			if (path != null) {
				repoint(RequestPath.of(path));
			}
			try {
				submit(() -> dispatch(DispatcherType.ASYNC), this.executor::execute);
			}
			catch (RejectedExecutionException ex) {
				cancel(new ChildRequestException(Reason.FAILED,
						"The task executor refused the asynchronous dispatch of child request " + this.request, ex),
						false);
			}
		});
	}

	@Override
	public void asyncComplete() {
		runAfterDispatch(this::finish);
	}

	@Override
	public void asyncStart(Runnable runnable) {
		try {
			submit(runnable, this.executor::execute);
		}
		catch (RejectedExecutionException ex) {
			cancel(new ChildRequestException(Reason.FAILED,
					"The task executor refused the asynchronous work of child request " + this.request, ex), false);
		}
	}

	// Helping: a thread waiting for the child runs its work

	/**
	 * Hand work of this child to an executor and to whoever waits for the child,
	 * whichever runs it first: a pool whose threads all wait for children queued behind
	 * them (a recursion through {@code Callable} handlers, say) would otherwise hold them
	 * until the children's timeouts.
	 * @param task the work
	 * @param executor where it runs when no waiting thread takes it first
	 * @throws RejectedExecutionException when the executor refuses it
	 */
	void submit(Runnable task, Executor executor) {
		AtomicBoolean claimed = new AtomicBoolean();
		Runnable once = () -> {
			if (claimed.compareAndSet(false, true)) {
				task.run();
			}
		};
		work().offer(once);
		executor.execute(once);
	}

	/**
	 * Return the queue of the work a waiting thread may run, made now if need be; a queue
	 * made once the result is complete holds the wake-up already.
	 */
	private BlockingQueue<Runnable> work() {
		synchronized (this.lock) {
			BlockingQueue<Runnable> work = this.work;
			if (work == null) {
				work = new LinkedBlockingQueue<>();
				if (this.result.isDone()) {
					work.offer(WAKE_UP);
				}
				this.work = work;
			}
			return work;
		}
	}

	/**
	 * Wake a thread waiting for the result, once it is complete: what work is left is run
	 * by the task executor, or needs running no more.
	 */
	private void wakeWaiter() {
		BlockingQueue<Runnable> work;
		synchronized (this.lock) {
			work = this.work;
		}
		if (work != null) {
			work.clear();
			work.offer(WAKE_UP);
		}
	}

	/**
	 * Return an executor for the {@code Callable} handlers of this child: the given one,
	 * with a thread waiting for the child able to run them too.
	 * @param delegate the executor Spring MVC would have used
	 * @return the executor
	 */
	AsyncTaskExecutor helpedExecutor(Executor delegate) {
		return new AsyncTaskExecutor() {

			@Override
			public void execute(Runnable task) {
				ChildRun.this.submit(task, delegate);
			}

			@Override
			public Future<?> submit(Runnable task) {
				FutureTask<Object> future = new FutureTask<>(task, null);
				execute(future);
				return future;
			}

			@Override
			public <T> Future<T> submit(Callable<T> task) {
				FutureTask<T> future = new FutureTask<>(task);
				execute(future);
				return future;
			}

		};
	}

	/**
	 * Wait for the result on the calling thread, running the child's work meanwhile, so
	 * that a child never waits for a thread while its caller's thread waits for it.
	 * @return the response
	 * @throws InterruptedException when interrupted while waiting
	 * @throws ExecutionException when the child failed
	 */
	ChildResponse awaitResult() throws InterruptedException, ExecutionException {
		while (!this.result.isDone()) {
			Runnable task = work().take();
			if (task != WAKE_UP) {
				ThreadState thread = ThreadState.capture();
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.debug("Work of child request " + this.request + " failed", ex);
				}
				finally {
					thread.restore();
				}
			}
		}
		return this.result.get();
	}

	private void runAfterDispatch(Runnable action) {
		ScheduledFuture<?> asyncTimeout;
		boolean now;
		synchronized (this.lock) {
			if (this.finished) {
				// Cancelled: its listeners were told, nothing more runs
				return;
			}
			// The cycle ends: its timeout no longer applies
			this.asyncWaiting = false;
			asyncTimeout = this.asyncTimeout;
			this.asyncTimeout = null;
			now = !this.dispatching;
			if (!now) {
				// As a container does: act once the current dispatch has returned
				this.deferred = action;
			}
		}
		if (asyncTimeout != null) {
			asyncTimeout.cancel(false);
		}
		if (now) {
			action.run();
		}
	}

	private void repoint(RequestPath path) {
		String decoded = path.decodedPath();
		this.mapping = this.executor.mapper().map(decoded);
		this.path = decoded;
		this.servletRequest.setPath(path, this.mapping);
	}

	// Timeouts

	/**
	 * Arm the timeouts of an asynchronous cycle: the child's own, once for the whole
	 * child, and the one the handler gave its {@link AsyncContext} (a
	 * {@code DeferredResult}'s, {@code spring.mvc.async.request-timeout}) for this cycle,
	 * when it is the shorter.
	 */
	private void armTimeouts() {
		armTimeout();
		ChildAsyncContext context = this.asyncContext;
		long own = (context != null) ? context.getTimeout() : 0;
		if (own > 0 && own < remainingMillis()) {
			int cycle;
			synchronized (this.lock) {
				cycle = this.asyncCycle;
			}
			this.asyncTimeout = this.executor.schedule(() -> asyncTimedOut(cycle, own), own);
		}
	}

	/**
	 * The child's own timeout: an asynchronous child first lets its async listeners
	 * answer (Spring MVC answers its timeout status); any other child (queued,
	 * dispatching or asynchronous for the second time past its timeout) fails with
	 * {@code TIMEOUT}.
	 */
	private void deadlineReached() {
		boolean waiting;
		synchronized (this.lock) {
			if (this.finished) {
				return;
			}
			waiting = this.asyncWaiting && !this.deadlinePassed;
			this.deadlinePassed = true;
		}
		if (waiting && timeoutAnswered()) {
			return;
		}
		cancel(timeoutException(), waiting);
	}

	private void asyncTimedOut(int cycle, long millis) {
		synchronized (this.lock) {
			if (this.finished || !this.asyncWaiting || this.asyncCycle != cycle) {
				return;
			}
		}
		if (timeoutAnswered()) {
			return;
		}
		cancel(new ChildRequestException(Reason.TIMEOUT, "The asynchronous processing of child request " + this.request
				+ " did not complete within its own timeout of " + millis + " ms"), true);
	}

	/**
	 * Tell the async listeners of the timeout, as a container does.
	 * @return whether one of them answered it with {@code dispatch()} or
	 * {@code complete()}
	 */
	private boolean timeoutAnswered() {
		ChildAsyncContext context = this.asyncContext;
		if (context != null) {
			context.fireTimeout();
		}
		synchronized (this.lock) {
			return this.finished || !this.asyncWaiting;
		}
	}

	private ChildRequestException timeoutException() {
		return new ChildRequestException(Reason.TIMEOUT, "Child request " + this.request
				+ " did not complete within its timeout of " + this.timeoutMillis + " ms");
	}

	// Ending

	/**
	 * Fail the child unless it completed: for a timeout, when its parent ended, when its
	 * caller gave up or when it cannot go on. A child that never started never will.
	 * @param reason why
	 */
	@Override
	public void cancel(ChildRequestException reason) {
		cancel(reason, false);
	}

	private void cancel(ChildRequestException reason, boolean timeoutFired) {
		boolean release;
		synchronized (this.lock) {
			if (this.finished) {
				return;
			}
			this.finished = true;
			this.asyncWaiting = false;
			// While a dispatch runs, its listeners are told once it returned
			release = !this.dispatching;
		}
		claim();
		cancelTimeouts();
		if (release) {
			releaseAsync(!timeoutFired);
		}
		fail(reason);
	}

	/**
	 * Tell the async listeners of a cancelled child that it timed out and completed, as a
	 * container does for a request whose timeout nobody answered, so that they release
	 * what they hold (Spring MVC's {@code DeferredResult} and {@code WebAsyncManager}
	 * callbacks run). Done with the child's thread-bound state, on whichever thread
	 * cancels it; nothing to do for a child that never went asynchronous.
	 * @param fireTimeout whether to tell them of a timeout first, unless they were told
	 * already or the child is no longer asynchronous
	 */
	private void releaseAsync(boolean fireTimeout) {
		ChildAsyncContext context = this.asyncContext;
		if (context == null) {
			return;
		}
		ThreadState thread = ThreadState.capture();
		ChildRun previous = ServletChildRequestExecutor.enter(this);
		try {
			if (fireTimeout && this.servletRequest.isAsyncStarted()) {
				context.fireTimeout();
			}
			this.servletRequest.setAsyncStarted(false);
			context.fireComplete();
		}
		finally {
			ServletChildRequestExecutor.exit(previous);
			thread.restore();
		}
	}

	private void finish() {
		synchronized (this.lock) {
			if (this.finished) {
				return;
			}
			this.finished = true;
			this.asyncWaiting = false;
		}
		cancelTimeouts();
		ChildAsyncContext context = this.asyncContext;
		if (context != null) {
			this.servletRequest.setAsyncStarted(false);
			context.fireComplete();
		}
		ChildResponse response;
		try {
			ChildRequestException tooLarge = this.servletResponse.overflow();
			if (tooLarge == null && needsErrorPage()) {
				renderErrorPage();
				tooLarge = this.servletResponse.overflow();
			}
			if (tooLarge != null) {
				fail(tooLarge);
				return;
			}
			response = capture();
		}
		catch (RuntimeException | Error ex) {
			fail(new ChildRequestException(Reason.FAILED, "Child request " + this.request + " failed to complete", ex));
			return;
		}
		report(response, null);
		this.result.complete(response);
		wakeWaiter();
	}

	private void fail(ChildRequestException failure) {
		this.servletResponse.free();
		report(null, failure);
		this.result.completeExceptionally(failure);
		wakeWaiter();
	}

	/**
	 * Stop the child's observation and tell the listeners how it ended. What they throw
	 * is logged and changes nothing: the child's outcome stands and its result completes
	 * all the same (its timeouts are already cancelled, so nothing else would complete
	 * it).
	 */
	private void report(@Nullable ChildResponse response, @Nullable Throwable failure) {
		try {
			this.observation.stop(response, failure);
		}
		catch (RuntimeException ex) {
			logger.warn("The observation of child request " + this.request + " failed to stop", ex);
		}
		this.executor.finished(this, response, failure);
	}

	private void cancelTimeouts() {
		ScheduledFuture<?> deadline = this.deadline;
		if (deadline != null) {
			deadline.cancel(false);
		}
		ScheduledFuture<?> asyncTimeout = this.asyncTimeout;
		if (asyncTimeout != null) {
			asyncTimeout.cancel(false);
		}
	}

	private boolean needsErrorPage() {
		if (this.failure != null) {
			return true;
		}
		return this.servletResponse.isError();
	}

	/**
	 * The status of a child whose handler or a filter threw: 500, but for parameters past
	 * the container's limits, answered as the container answers them.
	 */
	private static int failureStatus(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidParametersException invalid) {
				return invalid.status();
			}
		}
		return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
	}

	private void renderErrorPage() {
		if (this.servletResponse.isWrittenThrough()) {
			// As a container with a committed response: what was sent stays, no error
			// page
			return;
		}
		int status = (this.failure != null) ? failureStatus(this.failure) : this.servletResponse.getStatus();
		this.servletResponse.setStatus(status);
		if (this.request.hasFlag(ExecuteFlag.DISABLE_CUSTOM_ERROR)) {
			return;
		}
		String errorPage = this.executor.container().errorPage(status, this.failure);
		if (errorPage == null) {
			return;
		}
		this.servletRequest.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		// Boot's error attributes show this as the "path" of the request that failed: the
		// client's, not the child's internal one that its content may be relayed under
		this.servletRequest.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, errorRequestUri());
		this.servletRequest.setAttribute(RequestDispatcher.ERROR_SERVLET_NAME, this.mapping.servletName());
		String method = this.servletRequest.getMethod();
		this.servletRequest.setAttribute(RequestDispatcher.ERROR_METHOD, method);
		String message = this.servletResponse.getErrorMessage();
		if (this.failure != null) {
			this.servletRequest.setAttribute(RequestDispatcher.ERROR_EXCEPTION, this.failure);
			this.servletRequest.setAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE, this.failure.getClass());
			message = this.failure.getMessage();
		}
		this.servletRequest.setAttribute(RequestDispatcher.ERROR_MESSAGE, (message != null) ? message : "");
		this.servletResponse.setCommitted(false);
		this.servletResponse.resetBuffer();
		ServletContainer container = this.executor.container();
		container.resetForErrorPage(this.servletResponse);
		if (container.forwardsToErrorPages()) {
			forwardAttributes();
		}
		String query = this.servletRequest.getQueryString();
		// As Tomcat's forward: an error page without a query of its own keeps the
		// request's
		repoint(RequestPath.of(errorPage).withQueryIfAbsent(query));
		ThreadState thread = ThreadState.capture();
		ChildRun previous = ServletChildRequestExecutor.enter(this);
		try (ObservationHandle.Scope scope = this.observation.open()) {
			this.servletRequest.setDispatcherType(DispatcherType.ERROR);
			// As Tomcat and Jetty dispatch to error pages (Servlet 6.1): a GET, whatever
			// the method of the request that failed, so that a page mapped to GET answers
			// a failed POST, and a TRACE is not echoed
			this.servletRequest.setMethod("GET");
			container.dispatch(this.servletRequest, this.servletResponse, this.mapping, this.path,
					DispatcherType.ERROR);
		}
		catch (Throwable ex) {
			logger.debug("The error page of child request " + this.request + " failed", ex);
		}
		finally {
			this.servletRequest.setMethod(method);
			ServletChildRequestExecutor.exit(previous);
			thread.restore();
		}
	}

	/**
	 * Set the attributes a container's error dispatch sets, as Tomcat forwards to its
	 * error page: the page (and Spring MVC, whose download protection and originating URI
	 * read them) sees the path the child was requested with, not the error page's.
	 */
	private void forwardAttributes() {
		ChildHttpServletRequest request = this.servletRequest;
		if (request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) != null) {
			return;
		}
		request.setAttribute(RequestDispatcher.FORWARD_REQUEST_URI, request.getRequestURI());
		request.setAttribute(RequestDispatcher.FORWARD_CONTEXT_PATH, request.getContextPath());
		request.setAttribute(RequestDispatcher.FORWARD_SERVLET_PATH, request.getServletPath());
		request.setAttribute(RequestDispatcher.FORWARD_PATH_INFO, request.getPathInfo());
		request.setAttribute(RequestDispatcher.FORWARD_QUERY_STRING, request.getQueryString());
		request.setAttribute(RequestDispatcher.FORWARD_MAPPING, request.getHttpServletMapping());
	}

	private String errorRequestUri() {
		Object client = this.servletRequest.getAttribute(ServletChildRequestExecutor.CLIENT_REQUEST_URI_ATTRIBUTE);
		return (client instanceof String uri) ? uri : this.servletRequest.getRequestURI();
	}

	/**
	 * Write the child's response into its parent's as it is written, as IIS does for a
	 * child executed without {@code BUFFER_RESPONSE}: the content that fits the child's
	 * buffer is held (and written into the parent by the caller once the child
	 * completed); a child that outgrows it commits the parent with its status and headers
	 * there and then, as a container commits a response whose buffer is full, and streams
	 * the rest, holding none. Only on the calling thread, until
	 * {@link #stopWritingInto()}: a child that goes on asynchronously and writes later,
	 * on another thread, has its content held as any child's.
	 * @param parent the parent's response
	 */
	void writeInto(HttpServletResponse parent) {
		Thread caller = Thread.currentThread();
		this.servletResponse.writeThrough((response) -> {
			if (Thread.currentThread() != caller) {
				return null;
			}
			// Its head as a captured response's would be written, before its content
			new ChildResponse(response.getStatus(), responseHeaders(), NO_CONTENT, response.getContentType(), elapsed(),
					null, List.of())
				.writeHeadTo(parent);
			return parent.getOutputStream();
		});
	}

	/**
	 * Stop {@link #writeInto writing into the parent}, once the child's first dispatch
	 * returned on the calling thread; content already written through goes on there.
	 */
	void stopWritingInto() {
		this.servletResponse.writeThrough(null);
	}

	/**
	 * Return whether the child's content was written into its parent's response as it was
	 * written ({@link #writeInto}): its captured response then holds none.
	 * @return whether the content was written through
	 */
	boolean isWrittenIntoParent() {
		return this.servletResponse.isWrittenThrough();
	}

	/**
	 * Return how many bytes of content the child answered: its captured content's, or,
	 * {@link #isWrittenIntoParent() written into its parent}, the bytes written there.
	 * @param response the child's captured response
	 * @return the bytes
	 */
	long contentLength(ChildResponse response) {
		return isWrittenIntoParent() ? this.servletResponse.writtenThroughBytes() : response.content().length;
	}

	private HttpHeaders responseHeaders() {
		HttpHeaders headers = this.request.hasFlag(ExecuteFlag.NO_HEADERS) ? new HttpHeaders()
				: this.servletResponse.headers();
		if (!this.request.hasFlag(ExecuteFlag.HTTP_CACHE_ELIGIBLE) && !this.request.hasFlag(ExecuteFlag.NO_HEADERS)) {
			// IIS turns caching off for child responses unless asked: whatever the child
			// said about caching is replaced
			headers.setCacheControl("no-store");
			headers.remove(HttpHeaders.EXPIRES);
		}
		return headers;
	}

	private ChildResponse capture() {
		HttpHeaders headers = responseHeaders();
		int status = this.servletResponse.getStatus();
		String contentType = this.servletResponse.getContentType();
		// Released, the servlet response changes no more: the captured response takes its
		// content and a read-only view of its headers without copying them, and the run,
		// which may be kept (by its child context, its trace), no longer holds the
		// content
		byte[] content = this.servletResponse.release();
		return new ChildResponse(status, HttpHeaders.readOnlyHttpHeaders(headers), content, contentType,
				Duration.ofNanos(System.nanoTime() - this.start), this.failure, this.executor.messageConverters());
	}

	@Override
	public String toString() {
		return "ChildRun[" + this.request + "]";
	}

}
