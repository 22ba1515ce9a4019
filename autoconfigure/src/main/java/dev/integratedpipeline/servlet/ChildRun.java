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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriUtils;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;

/**
 * One execution of a child request: dispatches it through the container's filter chain
 * and servlet, follows its asynchronous processing (the container's part of
 * {@link AsyncContext}), renders the error page when it fails, and completes
 * {@link #result()} with the captured response.
 *
 * @author Integrated Pipeline team
 */
final class ChildRun {

	private static final Log logger = LogFactory.getLog(ChildRun.class);

	private final ServletChildRequestExecutor executor;

	private final ChildRequest request;

	private final ChildState state;

	private final ChildHttpServletRequest servletRequest;

	private final ChildHttpServletResponse servletResponse;

	private final CompletableFuture<ChildResponse> result = new CompletableFuture<>();

	private final long start = System.nanoTime();

	private final java.time.Instant startTime = java.time.Instant.now();

	private final Object lock = new Object();

	private ServletMapping mapping;

	private String path;

	private boolean dispatching;

	private volatile int asyncActions;

	private @Nullable Runnable deferred;

	private @Nullable ChildAsyncContext asyncContext;

	private @Nullable Throwable failure;

	private boolean finished;

	private volatile @Nullable ScheduledFuture<?> timeout;

	private long timeoutMillis;

	private final ObservationHandle observation;

	ChildRun(ServletChildRequestExecutor executor, ChildRequest request, ChildState state,
			ChildHttpServletRequest servletRequest, ChildHttpServletResponse servletResponse, ServletMapping mapping,
			String path, ObservationHandle observation) {
		this.executor = executor;
		this.request = request;
		this.state = state;
		this.servletRequest = servletRequest;
		this.servletResponse = servletResponse;
		this.mapping = mapping;
		this.path = path;
		this.observation = observation;
		servletRequest.setAsyncContextFactory(this::startAsync);
	}

	CompletableFuture<ChildResponse> result() {
		return this.result;
	}

	java.time.Instant startTime() {
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

	/**
	 * Run the child on the calling thread; returns when its first dispatch returned (the
	 * child may then go on asynchronously).
	 * @param timeout how long the child may take in all
	 */
	void start(Duration timeout) {
		this.timeoutMillis = timeout.toMillis();
		dispatch(DispatcherType.REQUEST);
	}

	/**
	 * Arm the timeout once the child goes asynchronous: a child that completes on the
	 * calling thread needs none (nothing could interrupt it), so most children never
	 * touch the timer.
	 */
	private void armTimeout() {
		if (this.timeout == null) {
			long remaining = this.timeoutMillis - elapsed().toMillis();
			this.timeout = this.executor.schedule(this::timedOut, Math.max(remaining, 0));
		}
	}

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
			this.executor.container()
				.dispatch(this.servletRequest, this.servletResponse, this.mapping, this.path, type);
		}
		catch (Throwable ex) {
			recordFailure(ex);
		}
		finally {
			ServletChildRequestExecutor.exit(previous);
			thread.restore();
		}
		Runnable next;
		synchronized (this.lock) {
			this.dispatching = false;
			next = this.deferred;
			this.deferred = null;
		}
		if (this.failure == null && this.servletRequest.isAsyncStarted()) {
			armTimeout();
			if (next != null) {
				next.run();
			}
			return;
		}
		finish();
	}

	private void recordFailure(Throwable ex) {
		Throwable failure = (ex instanceof ServletException servletException && servletException.getRootCause() != null)
				? servletException.getRootCause() : ex;
		if (this.failure == null) {
			this.failure = failure;
		}
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
		this.servletRequest.setAsyncStarted(true);
		return context;
	}

	void asyncDispatch(@Nullable String path) {
		this.asyncActions++;
		Runnable dispatch = () -> {
			if (path != null) {
				repoint(path);
			}
			this.executor.execute(() -> dispatch(DispatcherType.ASYNC));
		};
		runAfterDispatch(dispatch);
	}

	void asyncComplete() {
		this.asyncActions++;
		runAfterDispatch(this::finish);
	}

	void asyncStart(Runnable runnable) {
		this.executor.execute(runnable);
	}

	private void runAfterDispatch(Runnable action) {
		synchronized (this.lock) {
			if (this.dispatching) {
				// As a container does: act once the current dispatch has returned
				this.deferred = action;
				return;
			}
		}
		action.run();
	}

	private void repoint(String path) {
		int query = path.indexOf('?');
		String decoded = UriUtils.decode((query >= 0) ? path.substring(0, query) : path,
				java.nio.charset.StandardCharsets.UTF_8);
		this.mapping = this.executor.mapper().map(decoded);
		this.path = decoded;
		this.servletRequest.setPathWithQuery(path, this.mapping);
	}

	private void timedOut() {
		ChildAsyncContext context = this.asyncContext;
		int actions = this.asyncActions;
		if (context != null && !isFinished()) {
			context.fireTimeout();
		}
		if (this.asyncActions != actions) {
			// A timeout listener (Spring MVC's) answered the timeout itself
			return;
		}
		synchronized (this.lock) {
			if (this.finished || this.dispatching || this.deferred != null) {
				return;
			}
		}
		cancel(new ChildRequestException(Reason.TIMEOUT, "Child request " + this.request + " timed out"));
	}

	/**
	 * Fail the child unless it completed, for a timeout or when its parent ended.
	 * @param reason why
	 */
	void cancel(ChildRequestException reason) {
		synchronized (this.lock) {
			if (this.finished) {
				return;
			}
			this.finished = true;
		}
		cancelTimeout();
		this.observation.stop(null, reason);
		this.executor.finished(this, null, reason);
		this.result.completeExceptionally(reason);
	}

	private boolean isFinished() {
		synchronized (this.lock) {
			return this.finished;
		}
	}

	// Completion

	private void finish() {
		synchronized (this.lock) {
			if (this.finished) {
				return;
			}
			this.finished = true;
		}
		cancelTimeout();
		ChildAsyncContext context = this.asyncContext;
		if (context != null) {
			this.servletRequest.setAsyncStarted(false);
			context.fireComplete();
		}
		if (this.failure instanceof ChildRequestException limit && limit.reason() == Reason.RESPONSE_TOO_LARGE) {
			this.observation.stop(null, limit);
			this.executor.finished(this, null, limit);
			this.result.completeExceptionally(limit);
			return;
		}
		if (needsErrorPage()) {
			renderErrorPage();
		}
		ChildResponse response = capture();
		this.observation.stop(response, null);
		this.executor.finished(this, response, null);
		this.result.complete(response);
	}

	private void cancelTimeout() {
		ScheduledFuture<?> timeout = this.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
	}

	private boolean needsErrorPage() {
		if (this.failure != null) {
			return true;
		}
		return this.servletResponse.isError();
	}

	private void renderErrorPage() {
		int status = (this.failure != null) ? 500 : this.servletResponse.getStatus();
		this.servletResponse.setStatus(status);
		if (this.request.hasFlag(ExecuteFlag.DISABLE_CUSTOM_ERROR)) {
			return;
		}
		String errorPage = this.executor.container().errorPage(status, this.failure);
		if (errorPage == null) {
			return;
		}
		String originalUri = this.servletRequest.getRequestURI();
		this.servletRequest.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		this.servletRequest.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, originalUri);
		this.servletRequest.setAttribute(RequestDispatcher.ERROR_SERVLET_NAME, this.mapping.servletName());
		String message = this.servletResponse.getErrorMessage();
		if (this.failure != null) {
			this.servletRequest.setAttribute(RequestDispatcher.ERROR_EXCEPTION, this.failure);
			this.servletRequest.setAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE, this.failure.getClass());
			message = this.failure.getMessage();
		}
		this.servletRequest.setAttribute(RequestDispatcher.ERROR_MESSAGE, (message != null) ? message : "");
		this.servletResponse.setCommitted(false);
		this.servletResponse.resetBuffer();
		repoint(errorPage);
		ThreadState thread = ThreadState.capture();
		ChildRun previous = ServletChildRequestExecutor.enter(this);
		try (ObservationHandle.Scope scope = this.observation.open()) {
			this.servletRequest.setDispatcherType(DispatcherType.ERROR);
			this.executor.container()
				.dispatch(this.servletRequest, this.servletResponse, this.mapping, this.path, DispatcherType.ERROR);
		}
		catch (Throwable ex) {
			logger.debug("The error page of child request " + this.request + " failed", ex);
		}
		finally {
			ServletChildRequestExecutor.exit(previous);
			thread.restore();
		}
	}

	private ChildResponse capture() {
		HttpHeaders headers = this.request.hasFlag(ExecuteFlag.NO_HEADERS) ? new HttpHeaders()
				: this.servletResponse.headers();
		if (!this.request.hasFlag(ExecuteFlag.HTTP_CACHE_ELIGIBLE) && !this.request.hasFlag(ExecuteFlag.NO_HEADERS)) {
			// IIS turns caching off for child responses unless asked
			headers.setCacheControl("no-store");
			headers.remove(HttpHeaders.EXPIRES);
		}
		return new ChildResponse(this.servletResponse.getStatus(), headers,
				this.servletResponse.getContentAsByteArray(), this.servletResponse.getContentType(),
				Duration.ofNanos(System.nanoTime() - this.start), this.failure);
	}

	@Override
	public String toString() {
		return "ChildRun[" + this.request + "]";
	}

}
