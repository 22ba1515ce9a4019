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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;

/**
 * The children of one request, what IIS does with them when the request ends: the child
 * contexts its modules cloned, released automatically in reverse order of their creation,
 * and its asynchronous children still running, cancelled. An asynchronous child leaves as
 * soon as it completes: a finished child and its response are not held until the request
 * ends.
 * <p>
 * Held by the request's pipeline context or, for a request that has none (no modules, no
 * tracing, so no cloned context either), in a request attribute that
 * {@link PipelineFilter} looks at when each of its dispatches returns.
 *
 * @author Integrated Pipeline team
 */
final class Children {

	static final String ATTRIBUTE = Children.class.getName();

	/**
	 * The children of every request that ended with none: shared, as it holds nothing (it
	 * never clones), and cancels at once a child tracked once its request ended.
	 */
	static final Children ENDED = ended();

	// Cloned on the request's thread, which alone releases them
	private @Nullable List<ChildEngine.Cloned> cloned;

	// Made by the first asynchronous child: most requests have none, and every request
	// with a pipeline context ends through this class
	private @Nullable Set<ChildEngine.Async> runs;

	private boolean ended;

	private static Children ended() {
		Children children = new Children();
		children.ended = true;
		return children;
	}

	/**
	 * Keep a child context a module cloned, to release it when the request ends unless
	 * the module did.
	 * @param child the child context
	 */
	void cloned(ChildEngine.Cloned child) {
		List<ChildEngine.Cloned> cloned = this.cloned;
		if (cloned == null) {
			cloned = new ArrayList<>();
			this.cloned = cloned;
		}
		cloned.add(child);
	}

	/**
	 * Return the child contexts modules cloned, in order of their creation.
	 * @return the child contexts
	 */
	List<ChildEngine.Cloned> cloned() {
		List<ChildEngine.Cloned> cloned = this.cloned;
		return (cloned != null) ? cloned : List.of();
	}

	/**
	 * The request ended: release the child contexts its modules did not, last cloned
	 * first, then cancel its asynchronous children still running.
	 */
	void requestEnded() {
		List<ChildEngine.Cloned> cloned = this.cloned;
		if (cloned != null) {
			for (int i = cloned.size() - 1; i >= 0; i--) {
				cloned.get(i).releaseAutomatically();
			}
		}
		cancelAll();
	}

	/**
	 * Track a child until it completes; a child issued once the request ended is
	 * cancelled at once.
	 * @param run the child
	 */
	void add(ChildEngine.Async run) {
		boolean ended;
		synchronized (this) {
			ended = this.ended;
			if (!ended) {
				Set<ChildEngine.Async> runs = this.runs;
				if (runs == null) {
					runs = new HashSet<>();
					this.runs = runs;
				}
				runs.add(run);
			}
		}
		if (ended) {
			run.cancel(parentEnded(run));
			return;
		}
		run.result().whenComplete((response, failure) -> remove(run));
	}

	private synchronized void remove(ChildEngine.Async run) {
		Set<ChildEngine.Async> runs = this.runs;
		if (runs != null) {
			runs.remove(run);
		}
	}

	synchronized int size() {
		Set<ChildEngine.Async> runs = this.runs;
		return (runs != null) ? runs.size() : 0;
	}

	/**
	 * Cancel, with {@code CANCELLED}, every child still running: the request ended.
	 */
	void cancelAll() {
		List<ChildEngine.Async> runs;
		synchronized (this) {
			this.ended = true;
			Set<ChildEngine.Async> running = this.runs;
			if (running == null || running.isEmpty()) {
				return;
			}
			runs = new ArrayList<>(running);
			running.clear();
		}
		for (ChildEngine.Async run : runs) {
			run.cancel(parentEnded(run));
		}
	}

	private static ChildRequestException parentEnded(ChildEngine.Async run) {
		return new ChildRequestException(Reason.CANCELLED,
				"The parent request ended before child request " + run.request() + " completed");
	}

	/**
	 * Track a child of a request that has no pipeline context, in a request attribute.
	 * Called on the thread that processes the request.
	 * @param request the parent request
	 * @param run the child
	 */
	static void track(HttpServletRequest request, ChildEngine.Async run) {
		Children children = (Children) request.getAttribute(ATTRIBUTE);
		if (children == null) {
			children = new Children();
			request.setAttribute(ATTRIBUTE, children);
		}
		children.add(run);
	}

	/**
	 * Cancel the children of a request that has no pipeline context once it ends: when
	 * its dispatch returned, or, when it went asynchronous, when it completes. Called by
	 * {@link PipelineFilter} as each dispatch returns; costs one attribute lookup.
	 * @param request the request
	 */
	static void dispatchEnded(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof Children children) {
			if (request.isAsyncStarted()) {
				// Listeners are registered again for each asynchronous cycle
				request.getAsyncContext().addListener(children.new CancelOnCompletion());
			}
			else {
				children.cancelAll();
			}
		}
	}

	/**
	 * Cancels the children when the asynchronous request completes.
	 */
	private final class CancelOnCompletion implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			cancelAll();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
