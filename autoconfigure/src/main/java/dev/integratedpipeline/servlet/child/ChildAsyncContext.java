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
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;

/**
 * The {@link AsyncContext} of a child request, so that asynchronous handlers
 * ({@code Callable}, {@code DeferredResult}, {@code CompletableFuture}) and suspended
 * modules work in a child as they do in a request from the network.
 *
 * @author Integrated Pipeline team
 */
final class ChildAsyncContext implements AsyncContext {

	private static final Log logger = LogFactory.getLog(ChildAsyncContext.class);

	private final Cycle run;

	private ServletRequest request;

	private ServletResponse response;

	private final List<Registration> listeners = new ArrayList<>();

	private long timeout;

	ChildAsyncContext(Cycle run, ServletRequest request, ServletResponse response) {
		this.run = run;
		this.request = request;
		this.response = response;
	}

	void restart(ServletRequest request, ServletResponse response) {
		List<Registration> previous;
		synchronized (this.listeners) {
			previous = new ArrayList<>(this.listeners);
			this.listeners.clear();
		}
		this.request = request;
		this.response = response;
		// As in a container, each cycle starts with the default timeout: none of its own
		this.timeout = 0;
		for (Registration registration : previous) {
			try {
				registration.listener.onStartAsync(new AsyncEvent(this, registration.request, registration.response));
			}
			catch (IOException ex) {
				logger.debug("Async listener failed on start", ex);
			}
		}
	}

	@Override
	public ServletRequest getRequest() {
		return this.request;
	}

	@Override
	public ServletResponse getResponse() {
		return this.response;
	}

	@Override
	public boolean hasOriginalRequestAndResponse() {
		return !(this.request instanceof jakarta.servlet.ServletRequestWrapper)
				&& !(this.response instanceof jakarta.servlet.ServletResponseWrapper);
	}

	@Override
	public void dispatch() {
		this.run.asyncDispatch(null);
	}

	@Override
	public void dispatch(String path) {
		this.run.asyncDispatch(path);
	}

	@Override
	public void dispatch(ServletContext context, String path) {
		if (context != this.request.getServletContext()) {
			throw new UnsupportedOperationException("A child request cannot dispatch to another application");
		}
		dispatch(path);
	}

	@Override
	public void complete() {
		this.run.asyncComplete();
	}

	@Override
	public void start(Runnable run) {
		this.run.asyncStart(run);
	}

	@Override
	public void addListener(AsyncListener listener) {
		addListener(listener, this.request, this.response);
	}

	/**
	 * What ends an asynchronous cycle of the child: implemented by the child's run, so
	 * that this context does not call back into the class that creates it.
	 */
	interface Cycle {

		/**
		 * Dispatch the child again, once the current dispatch returned.
		 * @param path the path to dispatch to, or {@code null} for the child's own
		 */
		void asyncDispatch(@Nullable String path);

		/**
		 * Complete the child, once the current dispatch returned.
		 */
		void asyncComplete();

		/**
		 * Run a task of the child's asynchronous processing.
		 * @param runnable the task
		 */
		void asyncStart(Runnable runnable);

	}

	@Override
	public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
		synchronized (this.listeners) {
			this.listeners.add(new Registration(listener, request, response));
		}
	}

	@Override
	public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
		try {
			return BeanUtils.instantiateClass(type);
		}
		catch (RuntimeException ex) {
			throw new ServletException("Cannot create async listener " + type.getName(), ex);
		}
	}

	/**
	 * Set the timeout of the current asynchronous cycle, as a handler does (a
	 * {@code DeferredResult}'s, {@code spring.mvc.async.request-timeout}): when it is
	 * shorter than what is left of the child's own timeout, the async listeners are told
	 * of a timeout once it elapses. Zero or less, the default, means none: the child's
	 * own timeout governs.
	 * @param timeout the timeout in milliseconds
	 */
	@Override
	public void setTimeout(long timeout) {
		this.timeout = timeout;
	}

	@Override
	public long getTimeout() {
		return this.timeout;
	}

	void fireComplete() {
		for (Registration registration : snapshot()) {
			try {
				registration.listener.onComplete(new AsyncEvent(this, registration.request, registration.response));
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Async listener failed on complete", ex);
			}
		}
	}

	void fireTimeout() {
		for (Registration registration : snapshot()) {
			try {
				registration.listener.onTimeout(new AsyncEvent(this, registration.request, registration.response));
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Async listener failed on timeout", ex);
			}
		}
	}

	private List<Registration> snapshot() {
		synchronized (this.listeners) {
			return new ArrayList<>(this.listeners);
		}
	}

	private record Registration(AsyncListener listener, ServletRequest request, ServletResponse response) {

	}

}
