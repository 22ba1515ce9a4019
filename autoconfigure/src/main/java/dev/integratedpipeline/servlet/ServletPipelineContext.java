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
import java.io.UncheckedIOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.CustomNotificationEvent;
import dev.integratedpipeline.pipeline.MapPathEvent;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.ReadEntityEvent;
import dev.integratedpipeline.pipeline.RequestEvent;
import dev.integratedpipeline.pipeline.ResponseRecording;
import dev.integratedpipeline.pipeline.SendResponseEvent;
import dev.integratedpipeline.servlet.PipelineModules.ModuleDefinition;

/**
 * The {@link PipelineContext} of one servlet request and the state machine that walks it
 * through the pipeline. Each hook (the filters and the handler interceptor)
 * {@link #advance advances} the request up to the notification it stands for; whatever
 * was not delivered yet is delivered first, so that every request gets the complete,
 * ordered sequence whichever hooks it passed.
 * <p>
 * A facade over named parts, each holding one of the rules IIS applies to a request: the
 * {@link EventWalk} (where the request is, driven by one {@link EventWalk.Phase} and one
 * {@link EventWalk.Delivery} value); a module's {@link PendingWork}, which suspends the
 * request until it completes; the request's {@link Identity}; the request's
 * {@link Children}, released and cancelled when it ends; its {@link RequestInstances} of
 * prototype modules, disposed when it ends; and a few {@link Fact facts} that each happen
 * once. The methods here call the modules and move the walk on.
 *
 * @author Integrated Pipeline team
 */
public final class ServletPipelineContext implements PipelineTrace.Traced {

	static final String ATTRIBUTE = ServletPipelineContext.class.getName();

	private static final ThreadLocal<ServletPipelineContext> CURRENT = new ThreadLocal<>();

	private static final AtomicLong IDS = new AtomicLong();

	private static final Log logger = LogFactory.getLog(ServletPipelineContext.class);

	private final PipelineModules modules;

	// Looked up when a module first clones a context
	private final Supplier<ChildEngine> childEngine;

	private final ModuleDefinition[] definitions;

	private final int[][] subscribers;

	private final @Nullable PipelineModule[] singletons;

	// Created for prototype modules only: singletons come from their definitions
	private @Nullable RequestInstances instances;

	private final @Nullable ChildState childState;

	private HttpServletRequest request;

	private HttpServletResponse response;

	private final EventWalk walk = new EventWalk();

	private final Identity identity = new Identity();

	// What happened once (a bit per Fact); written on the thread processing the request
	private int facts;

	private @Nullable String id;

	private @Nullable ReplaceableResponse pipelineResponse;

	private @Nullable Throwable error;

	private @Nullable Object handler;

	private @Nullable Map<String, Object> state;

	private @Nullable String rewrittenUrl;

	// What the module being notified handed to pending(stage)
	private PendingWork.@Nullable Offer offer;

	private volatile @Nullable PendingWork pending;

	private @Nullable Children children;

	private @Nullable ResponseRecorder recorder;

	private long requestContentLimit = -1;

	private @Nullable Supplier<? extends RuntimeException> requestContentExceeded;

	private @Nullable String traceNote;

	private final PipelineTrace trace;

	// Whether the trace records: an untraced request does not even look up module names
	private final boolean traced;

	ServletPipelineContext(PipelineModules modules, PipelineTrace.Factory traces, Supplier<ChildEngine> childEngine,
			HttpServletRequest request, HttpServletResponse response, @Nullable ChildState childState) {
		this.modules = modules;
		this.childEngine = childEngine;
		this.definitions = modules.modules();
		this.subscribers = modules.subscribers();
		this.singletons = modules.singletons();
		this.request = request;
		this.response = response;
		this.childState = childState;
		this.trace = traces.start(this, request, childState);
		this.traced = this.trace != PipelineTrace.NONE;
		if (childState != null && childState.skipsAuthentication()) {
			this.identity.set(childState.user());
		}
	}

	public static @Nullable ServletPipelineContext get(jakarta.servlet.ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof ServletPipelineContext context) ? context : null;
	}

	void use(HttpServletRequest request, HttpServletResponse response) {
		this.request = request;
		this.response = response;
	}

	// Walking the pipeline

	/**
	 * Deliver every notification up to and including {@code target} that was not
	 * delivered yet, resuming after a completed {@code PENDING} first.
	 * @param target the last notification to deliver
	 * @return whether the caller may go on, must stop (the request was finished) or must
	 * suspend the request
	 */
	Outcome advance(int target) {
		if (this.pending != null) {
			Outcome resumed = resume();
			if (resumed == Outcome.SUSPENDED) {
				return resumed;
			}
		}
		EventWalk walk = this.walk;
		while (walk.position() <= target) {
			if (walk.isFinished() && walk.position() < Notifications.LOG_REQUEST) {
				if (target < Notifications.LOG_REQUEST) {
					return Outcome.STOP;
				}
				walk.skipToLogRequest();
			}
			int current = walk.position();
			if (current == Notifications.AUTHENTICATE_REQUEST && this.childState != null
					&& this.childState.skipsAuthentication()) {
				// A child whose user was chosen for it skips authentication, as in IIS
				walk.passed();
				continue;
			}
			NotificationStatus status = deliver(current, this.subscribers[current]);
			if (status == NotificationStatus.PENDING) {
				return Outcome.SUSPENDED;
			}
			if (status == NotificationStatus.FINISH_REQUEST && current < Notifications.LOG_REQUEST) {
				finish();
			}
			walk.passed();
		}
		return (walk.isFinished() && target < Notifications.LOG_REQUEST) ? Outcome.STOP : Outcome.PROCEED;
	}

	/**
	 * Deliver a notification to its subscribers from the walk's module index on, until
	 * one answers other than {@code CONTINUE}; the walk then stops before the next
	 * module. Whether a module is being notified (and may suspend the request) is set
	 * once for the notification, not for each module: the modules are called one after
	 * the other, and nothing runs between them.
	 */
	private NotificationStatus deliver(int notification, int[] subscribers) {
		EventWalk walk = this.walk;
		int index = walk.moduleIndex();
		walk.startDelivery(notification);
		if (index >= subscribers.length) {
			walk.endDelivery();
			return NotificationStatus.CONTINUE;
		}
		try {
			while (index < subscribers.length) {
				NotificationStatus status = deliver(notification, subscribers[index++]);
				if (status != NotificationStatus.CONTINUE) {
					walk.stopBefore(index);
					return status;
				}
			}
			return NotificationStatus.CONTINUE;
		}
		finally {
			walk.endDelivery();
		}
	}

	private NotificationStatus deliver(int notification, int module) {
		if (isExcluded(module)) {
			return NotificationStatus.CONTINUE;
		}
		this.walk.notifying(module);
		long start = this.traced ? this.trace.clock() : 0;
		NotificationStatus status;
		try {
			status = Notifications.invoke(notification, instance(module), this);
			if (status == null || status == NotificationStatus.PENDING) {
				status = answered(module, notification, status);
			}
		}
		catch (RuntimeException | Error ex) {
			this.offer = null;
			if (this.traced) {
				this.trace.notified(notification, this.definitions[module].name(), null, start, ex);
			}
			return failed(notification, module, ex);
		}
		// Work handed to pending(stage) by a module that then threw or did not answer
		// PENDING is not waited for; kept by answered() when it did
		this.offer = null;
		if (this.traced) {
			this.trace.notified(notification, this.definitions[module].name(), status, start, null);
		}
		return status;
	}

	/**
	 * Check an answer other than {@code CONTINUE} or {@code FINISH_REQUEST} to a
	 * notification that may suspend the request, and keep the module's work when it
	 * answered {@code PENDING}.
	 */
	private NotificationStatus answered(int module, int notification, @Nullable NotificationStatus status) {
		if (status == null) {
			throw answeredNull(module);
		}
		if (status == NotificationStatus.PENDING) {
			PendingWork.Offer offer = this.offer;
			if (offer == null) {
				throw new IllegalStateException("Pipeline module '" + this.definitions[module].name()
						+ "' answered PENDING without handing its work to context.pending(stage)");
			}
			this.pending = PendingWork.keep(module, notification, offer);
		}
		return status;
	}

	private IllegalStateException answeredNull(int module) {
		return new IllegalStateException("Pipeline module '" + this.definitions[module].name()
				+ "' answered null; return NotificationStatus.CONTINUE instead");
	}

	private NotificationStatus failed(int notification, int module, Throwable ex) {
		if (notification >= Notifications.LOG_REQUEST) {
			logger.error("Pipeline module '" + this.definitions[module].name() + "' failed in "
					+ Notifications.methodName(notification) + "; the remaining modules are notified", ex);
			return NotificationStatus.CONTINUE;
		}
		fail(ex);
		this.walk.skipToLogRequest();
		throw rethrow(ex);
	}

	private static RuntimeException rethrow(Throwable ex) {
		if (ex instanceof RuntimeException runtime) {
			throw runtime;
		}
		throw (Error) ex;
	}

	void fail(Throwable ex) {
		if (this.error == null) {
			this.error = ex;
		}
		finish();
	}

	/**
	 * Finish the request: what is left up to {@code LOG_REQUEST} is skipped. For a
	 * request that a filter answered without passing it on, as an IIS module that refuses
	 * a request finishes it.
	 */
	void finish() {
		this.walk.finish();
	}

	private Outcome resume() {
		PendingWork pending = this.pending;
		Assert.state(pending != null && pending.isCompleted(), "The pending work of this request has not completed");
		this.pending = null;
		int module = pending.module();
		long start = this.trace.clock();
		NotificationStatus status;
		this.walk.startCompletion(pending.notification(), module);
		try {
			pending.deliverResult();
			status = answered(module, pending.notification(),
					instance(module).onAsyncCompletion(this, pending.completionEvent()));
		}
		catch (RuntimeException | Error ex) {
			this.trace.notified(PipelineModules.ASYNC_COMPLETION, this.definitions[module].name(), null, start, ex);
			failed(pending.notification(), module, ex);
			return Outcome.PROCEED;
		}
		finally {
			this.walk.endDelivery();
			this.offer = null;
		}
		this.trace.notified(PipelineModules.ASYNC_COMPLETION, this.definitions[module].name(), status, start, null);
		if (status == NotificationStatus.PENDING) {
			return Outcome.SUSPENDED;
		}
		if (status == NotificationStatus.FINISH_REQUEST) {
			if (pending.notification() < Notifications.LOG_REQUEST) {
				finish();
			}
			this.walk.skipRestOfNotification();
		}
		return Outcome.PROCEED;
	}

	/**
	 * Suspend the request until the pending work completes, then dispatch it again so
	 * that the hooks resume where it stopped. When the request's asynchronous processing
	 * times out or fails first, the work is given up: its module receives the failure in
	 * {@code onAsyncCompletion} and the request ends, without a dispatch.
	 * @param request the request to suspend
	 */
	void suspend(HttpServletRequest request) {
		PendingWork pending = this.pending;
		Assert.state(pending != null, "Nothing is pending");
		AsyncContext async = request.isAsyncStarted() ? request.getAsyncContext() : request.startAsync();
		listen(async);
		pending.whenCompleted(() -> dispatch(async));
	}

	private void dispatch(AsyncContext async) {
		try {
			async.dispatch();
		}
		catch (IllegalStateException ex) {
			// Completed meanwhile (the connection failed): the listener ended the request
			logger.debug("Cannot resume " + this + " once its pending work completed", ex);
		}
	}

	/**
	 * Follow the asynchronous processing of the request, so that it ends also when it
	 * completes without another dispatch, times out or fails. The container forgets the
	 * listeners of an asynchronous cycle when the request starts another one, so this is
	 * called for each.
	 * @param async the asynchronous processing that just started
	 */
	void listen(AsyncContext async) {
		if (!has(Fact.LISTENING)) {
			set(Fact.LISTENING);
			async.addListener(new Completion(async));
		}
	}

	boolean isSuspended() {
		return this.pending != null;
	}

	/**
	 * Give up the pending work, if any, because the request cannot wait for it any more:
	 * its module receives {@code failure} in {@code onAsyncCompletion}, then the request
	 * ends here, without being dispatched again.
	 * @param failure why the work is given up
	 * @param status the status to answer, unless the response is committed
	 * @return whether there was work to give up (rather than none, or work that completed
	 * first and resumes the request)
	 */
	private boolean abandon(Throwable failure, int status) {
		PendingWork pending = this.pending;
		if (isEnded() || pending == null || !pending.complete(null, failure)) {
			return false;
		}
		ServletPipelineContext previous = enter(this);
		try {
			fail(failure);
			if (!this.response.isCommitted()) {
				this.response.setStatus(status);
			}
			endNow();
		}
		catch (RuntimeException | Error ex) {
			logger.error("The pipeline of " + this + " failed once its pending work was given up", ex);
		}
		finally {
			exit(previous);
		}
		return true;
	}

	private void asyncCompleted() {
		if (isEnded()) {
			return;
		}
		if (this.pending != null) {
			abandon(new IllegalStateException("The request completed while a module's work was pending"),
					HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
			return;
		}
		ServletPipelineContext previous = enter(this);
		try {
			endNow();
		}
		catch (RuntimeException | Error ex) {
			logger.error("The pipeline of " + this + " failed as the request completed", ex);
		}
		finally {
			exit(previous);
		}
	}

	private PipelineModule instance(int module) {
		PipelineModule singleton = this.singletons[module];
		return (singleton != null) ? singleton : requestInstance(module);
	}

	private PipelineModule requestInstance(int module) {
		RequestInstances instances = this.instances;
		if (instances == null) {
			instances = new RequestInstances(this.modules, this.definitions);
			this.instances = instances;
		}
		return instances.get(module);
	}

	private boolean isExcluded(int module) {
		ChildState childState = this.childState;
		return childState != null && childState.excludes(this.definitions[module].name());
	}

	// Non-deterministic notifications

	void sendResponse(int status, SendResponseEvent.Trigger trigger, @Nullable String message) {
		if (!once(Fact.RESPONSE_SENT)) {
			return;
		}
		int[] subscribers = this.subscribers[PipelineModules.SEND_RESPONSE];
		if (subscribers.length == 0) {
			return;
		}
		SendResponseEvent event = new SendResponseEvent(status, trigger, message);
		for (int i = subscribers.length - 1; i >= 0; i--) {
			int module = subscribers[i];
			if (notifyOther(PipelineModules.SEND_RESPONSE, module, event) == NotificationStatus.FINISH_REQUEST) {
				finish();
			}
		}
	}

	void readEntity() {
		if (!once(Fact.ENTITY_READ)) {
			return;
		}
		int[] subscribers = this.subscribers[PipelineModules.READ_ENTITY];
		if (subscribers.length == 0) {
			return;
		}
		ReadEntityEvent event = new ReadEntityEvent(this.request.getContentLengthLong(), this.request.getContentType());
		for (int module : subscribers) {
			if (notifyOther(PipelineModules.READ_ENTITY, module, event) == NotificationStatus.FINISH_REQUEST) {
				finish();
			}
		}
	}

	/**
	 * Deliver a static resource mapping.
	 * @param url the path within the application
	 * @param path the resource path
	 * @return the resource path to serve, or {@code null} when a module finished the
	 * request
	 */
	@Nullable String mapPath(String url, String path) {
		int[] subscribers = this.subscribers[PipelineModules.MAP_PATH];
		if (subscribers.length == 0) {
			// No event for nobody to read
			return path;
		}
		MapPathEvent event = new MapPathEvent(url, path);
		for (int module : subscribers) {
			if (notifyOther(PipelineModules.MAP_PATH, module, event) == NotificationStatus.FINISH_REQUEST) {
				finish();
				return null;
			}
		}
		return event.path();
	}

	@Override
	public boolean notifyCustom(Object notification) {
		Assert.notNull(notification, "'notification' must not be null");
		int[] subscribers = this.subscribers[PipelineModules.CUSTOM_NOTIFICATION];
		if (subscribers.length == 0) {
			return true;
		}
		CustomNotificationEvent event = new CustomNotificationEvent(notification);
		for (int module : subscribers) {
			NotificationStatus status = notifyOther(PipelineModules.CUSTOM_NOTIFICATION, module, event);
			if (status == NotificationStatus.FINISH_REQUEST) {
				finish();
				return false;
			}
		}
		return true;
	}

	/**
	 * Deliver a notification that cannot suspend the request, possibly from within
	 * another notification. A module that throws (or answers {@code PENDING}) fails the
	 * request, as in a deterministic event: the failure is {@link #error()}, the request
	 * skips to {@code LOG_REQUEST} and the exception propagates; from {@code LOG_REQUEST}
	 * on, it is logged instead.
	 */
	private NotificationStatus notifyOther(int notification, int module, Object event) {
		if (isExcluded(module)) {
			return NotificationStatus.CONTINUE;
		}
		EventWalk walk = this.walk;
		int wasNotified = walk.notifiedModule();
		EventWalk.Delivery wasDelivering = walk.delivery();
		PendingWork.Offer offer = this.offer;
		walk.startOther(module);
		long start = this.trace.clock();
		NotificationStatus status;
		try {
			status = invokeOther(instance(module), event);
			if (status == null) {
				throw answeredNull(module);
			}
			if (status == NotificationStatus.PENDING) {
				throw new IllegalStateException("Pipeline module '" + this.definitions[module].name()
						+ "' answered PENDING to a notification that cannot be suspended");
			}
		}
		catch (RuntimeException | Error ex) {
			this.trace.notified(notification, this.definitions[module].name(), null, start, ex);
			if (walk.notification() >= Notifications.LOG_REQUEST) {
				logger.error("Pipeline module '" + this.definitions[module].name() + "' failed in "
						+ Notifications.methodName(walk.notification()) + "; the remaining modules are notified", ex);
				return NotificationStatus.CONTINUE;
			}
			fail(ex);
			throw ex;
		}
		finally {
			walk.endOther(wasDelivering, wasNotified);
			this.offer = offer;
		}
		this.trace.notified(notification, this.definitions[module].name(), status, start, null);
		return status;
	}

	/**
	 * Call the module method of a notification that carries an event; no lambda per call,
	 * which would be allocated for every module notified.
	 */
	private @Nullable NotificationStatus invokeOther(PipelineModule module, Object event) {
		if (event instanceof SendResponseEvent sendResponse) {
			return module.onSendResponse(this, sendResponse);
		}
		if (event instanceof ReadEntityEvent readEntity) {
			return module.onReadEntity(this, readEntity);
		}
		if (event instanceof MapPathEvent mapPath) {
			return module.onMapPath(this, mapPath);
		}
		return module.onCustomRequestNotification(this, (CustomNotificationEvent) event);
	}

	// Ending the request

	/**
	 * Deliver whatever is left up to the end of the request, then release children and
	 * dispose prototype modules. Idempotent. A module that fails before
	 * {@code LOG_REQUEST} (or in {@code onSendResponse}) fails the request: the response
	 * becomes a 500 unless committed, {@code LOG_REQUEST} and {@code END_REQUEST} still
	 * run, and the failure is thrown once they did.
	 * @return the outcome; {@code SUSPENDED} when a logging module answered
	 * {@code PENDING}
	 */
	Outcome end() {
		if (isEnded()) {
			return Outcome.PROCEED;
		}
		Throwable failure = null;
		try {
			if (advance(Notifications.POST_UPDATE_REQUEST_CACHE) == Outcome.SUSPENDED) {
				return Outcome.SUSPENDED;
			}
		}
		catch (RuntimeException | Error ex) {
			// Failed, and skipped to LOG_REQUEST
			failure = ex;
			assumeServerError();
		}
		if (!has(Fact.RESPONSE_SENT) && !this.response.isCommitted()) {
			try {
				sendResponse(this.response.getStatus(), SendResponseEvent.Trigger.END, null);
			}
			catch (RuntimeException | Error ex) {
				failure = (failure != null) ? failure : ex;
				assumeServerError();
			}
		}
		if (advance(Notifications.POST_END_REQUEST) == Outcome.SUSPENDED) {
			if (failure != null) {
				logger.debug("Request " + this + " failed; it ends once a logging module's pending work completed",
						failure);
			}
			return Outcome.SUSPENDED;
		}
		this.walk.end();
		endChildren();
		dispose();
		this.trace.ended();
		if (failure != null) {
			throw rethrow(failure);
		}
		return Outcome.PROCEED;
	}

	/**
	 * End the request where it can no longer be suspended: it failed, timed out or
	 * completed. A module can then not answer {@code PENDING}
	 * ({@link #pending(CompletionStage)} throws).
	 */
	void endNow() {
		this.walk.refuseSuspension();
		PendingWork pending = this.pending;
		if (pending != null && !pending.isCompleted()) {
			abandon(new IllegalStateException("The request ended while a module's work was pending"),
					HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
			return;
		}
		end();
	}

	private void assumeServerError() {
		if (!this.response.isCommitted()) {
			this.response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
		}
	}

	/**
	 * Track an asynchronous child of a request that has no pipeline context, in a request
	 * attribute, so that it is cancelled when the request ends. Called on the thread that
	 * processes the request.
	 * @param request the parent request
	 * @param child the child
	 */
	public static void track(HttpServletRequest request, ChildEngine.Async child) {
		Children.track(request, child);
	}

	/**
	 * Track an asynchronous child so that it is cancelled when this request ends first.
	 * @param run the child
	 */
	public void track(ChildEngine.Async run) {
		children().add(run);
	}

	/**
	 * Release and cancel the children of the request, which ended. A request that had
	 * none gets the shared {@link Children#ENDED}, so that a child tracked later, from a
	 * thread the parent link was propagated to, is cancelled as it is added.
	 */
	private void endChildren() {
		Children children;
		synchronized (this) {
			children = this.children;
			if (children == null) {
				this.children = Children.ENDED;
				return;
			}
		}
		children.requestEnded();
	}

	// Synchronized: threads the parent link was propagated to track their children too
	private synchronized Children children() {
		Children children = this.children;
		if (children == null) {
			children = new Children();
			this.children = children;
		}
		return children;
	}

	/**
	 * Return whether a module is being notified of something it may answer
	 * {@code PENDING} to, so that an asynchronous child request it executes can be waited
	 * for.
	 * @return whether the current notification may suspend the request
	 */
	public boolean isNotifying() {
		return this.walk.mayPend();
	}

	private void dispose() {
		RequestInstances instances = this.instances;
		if (instances != null) {
			instances.dispose();
		}
	}

	/**
	 * Return whether any module subscribes to a notification.
	 * @param notification a notification index or one of the constants of
	 * {@link PipelineModules}
	 * @return whether it has subscribers
	 */
	boolean subscribed(int notification) {
		return this.subscribers[notification].length > 0;
	}

	void pipelineResponse(ReplaceableResponse response) {
		this.pipelineResponse = response;
	}

	void responseReplaced() {
		set(Fact.RESPONSE_REPLACED);
	}

	/**
	 * Return whether a module replaced the response ({@link #replaceResponse}): the
	 * failure of the request, if any, was answered and does not reach the container.
	 * @return whether the response was replaced
	 */
	boolean isResponseReplaced() {
		return has(Fact.RESPONSE_REPLACED);
	}

	boolean isPathMapped() {
		return has(Fact.PATH_MAPPED);
	}

	/**
	 * Note that one of the pipeline's filters starts working on this request, as
	 * {@code OncePerRequestFilter}'s "already filtered" request attribute does, but with
	 * no attribute to set and remove (which fires the container's attribute events).
	 * @param filter {@link Fact#PIPELINE_FILTERING} or
	 * {@link Fact#AUTHENTICATION_FILTERING}
	 * @return whether it started; {@code false} when that filter is already working on
	 * the request (a nested dispatch), which it then passes straight on
	 */
	boolean startFiltering(Fact filter) {
		return once(filter);
	}

	void endFiltering(Fact filter) {
		clear(filter);
	}

	void pathMapped() {
		set(Fact.PATH_MAPPED);
	}

	/**
	 * Make a context the current one of this thread.
	 * @param context the context
	 * @return the context that was current before, to hand to {@link #exit}
	 */
	public static @Nullable ServletPipelineContext enter(ServletPipelineContext context) {
		ServletPipelineContext previous = CURRENT.get();
		CURRENT.set(context);
		return previous;
	}

	public static void exit(@Nullable ServletPipelineContext previous) {
		// Set, not removed: the thread's entry stays for its next request, rather than
		// being made anew for each (a null value holds nothing)
		CURRENT.set(previous);
	}

	public static @Nullable ServletPipelineContext current() {
		return CURRENT.get();
	}

	public boolean isEnded() {
		return this.walk.isEnded();
	}

	/**
	 * Return whether what is left before {@code LOG_REQUEST} is skipped: a module
	 * finished the request, or it failed (and, once it ended, nothing is left at all).
	 * @return whether the request is finished
	 */
	boolean isFinished() {
		return this.walk.isFinished();
	}

	int position() {
		return this.walk.position();
	}

	boolean isChainEntered() {
		return has(Fact.CHAIN_ENTERED);
	}

	void chainEntered() {
		set(Fact.CHAIN_ENTERED);
	}

	boolean isChainDone() {
		return has(Fact.CHAIN_DONE);
	}

	void chainDone() {
		set(Fact.CHAIN_DONE);
	}

	@Override
	public @Nullable String rewrittenUrl() {
		return this.rewrittenUrl;
	}

	public boolean isUserSet() {
		return this.identity.isSet();
	}

	/**
	 * Return whether a module established the user, which must then win over what the
	 * application's authentication answers. Not for a child whose user was chosen for it:
	 * its request and Spring Security's context answer that user already.
	 * @return whether a module set the user
	 */
	boolean isUserSetByModule() {
		return this.identity.isSet() && (this.childState == null || !this.childState.skipsAuthentication());
	}

	public @Nullable ChildState childState() {
		return this.childState;
	}

	public PipelineTrace trace() {
		return this.trace;
	}

	void setHandler(@Nullable Object handler) {
		this.handler = handler;
	}

	// PipelineContext

	@Override
	public HttpServletRequest request() {
		return this.request;
	}

	@Override
	public HttpServletResponse response() {
		return this.response;
	}

	@Override
	public RequestEvent currentEvent() {
		return this.walk.currentEvent();
	}

	@Override
	public boolean isPostEvent() {
		return this.walk.isPostEvent();
	}

	@Override
	public @Nullable Principal user() {
		return this.identity.user(this.request);
	}

	/**
	 * Remember where the user the application's authentication established is, for the
	 * events that run after it forgot it.
	 */
	void rememberUser() {
		this.identity.remember(this.request);
	}

	@Override
	public void setUser(@Nullable Principal user) {
		Assert.state(isNotifiedOf(RequestEvent.AUTHENTICATE_REQUEST),
				"The user can only be set during AUTHENTICATE_REQUEST");
		this.identity.set(user);
	}

	@Override
	public @Nullable Object handler() {
		return this.handler;
	}

	@Override
	public Map<String, Object> state() {
		Map<String, Object> state = this.state;
		if (state == null) {
			state = new LinkedHashMap<>();
			this.state = state;
		}
		return state;
	}

	@Override
	public void setUrl(String url) {
		Assert.state(isNotifiedOf(RequestEvent.BEGIN_REQUEST), "The URL can only be rewritten during BEGIN_REQUEST");
		// Refused now, as a child request refuses it
		ChildRequest.get(url).build();
		this.rewrittenUrl = url;
	}

	@Override
	public NotificationStatus pending(CompletionStage<?> stage) {
		return pending(stage, null);
	}

	/**
	 * Hand asynchronous work to the walk, as {@link #pending(CompletionStage)} does, with
	 * whoever receives its result before the module's {@code onAsyncCompletion}.
	 * @param stage the work
	 * @param delivery who receives the result first, if anybody
	 * @return {@code PENDING}, for the module to answer
	 */
	public NotificationStatus pending(CompletionStage<?> stage, @Nullable Consumer<@Nullable Object> delivery) {
		Assert.notNull(stage, "'stage' must not be null");
		Assert.state(this.walk.isNotifying(), "Work can only be pending from within a module notification");
		Assert.state(this.walk.mayPend(), () -> this.walk.isSuspensionRefused()
				? "Work cannot be pending once the request failed, timed out or completed"
				: "Work cannot be pending in onMapPath, onReadEntity, onSendResponse or onCustomRequestNotification");
		this.offer = new PendingWork.Offer(stage, delivery);
		return NotificationStatus.PENDING;
	}

	@Override
	public @Nullable Throwable error() {
		return this.error;
	}

	@Override
	public void replaceResponse(int status, @Nullable String contentType, byte[] content) {
		Assert.notNull(content, "'content' must not be null");
		ReplaceableResponse response = this.pipelineResponse;
		Assert.state(this.walk.isNotifying() && response != null && has(Fact.RESPONSE_SENT)
				&& !has(Fact.RESPONSE_REPLACED) && !this.response.isCommitted(),
				"The response can only be replaced once, in onSendResponse");
		try {
			response.replace(status, contentType, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot replace the response of " + this, ex);
		}
	}

	@Override
	public void abortConnection() {
		Assert.state(this.walk.isNotifying(), "The connection can only be aborted from within a module notification");
		HttpServletResponse response = this.response;
		if (!response.isCommitted()) {
			response.resetBuffer();
			response.setHeader(HttpHeaders.CONNECTION, "close");
			response.setContentLength(0);
		}
		if (this.childState == null) {
			ConnectionAbort.abort(response);
		}
	}

	@Override
	public String traceId() {
		if (this.childState != null) {
			return this.childState.id();
		}
		String id = this.trace.id();
		if (id == null) {
			// Not recorded: an id of its own, asked for only by those who need one (an
			// access log), in the namespace of trace ids, which no trace uses then
			id = this.id;
			if (id == null) {
				id = "r" + IDS.incrementAndGet();
				this.id = id;
			}
		}
		return id;
	}

	@Override
	public @Nullable PipelineContext parent() {
		return (this.childState != null) ? this.childState.parentContext() : null;
	}

	@Override
	public int depth() {
		return (this.childState != null) ? this.childState.depth() : 0;
	}

	@Override
	public Set<ExecuteFlag> executeFlags() {
		return (this.childState != null) ? this.childState.request().flags() : Set.of();
	}

	@Override
	public ResponseRecording recordResponse(int maxContentBytes) {
		Assert.state(this.walk.position() <= Notifications.POST_RESOLVE_REQUEST_CACHE,
				"The response can only be recorded up to RESOLVE_REQUEST_CACHE");
		ResponseRecorder recorder = this.recorder;
		if (recorder == null) {
			recorder = new ResponseRecorder(maxContentBytes);
			this.recorder = recorder;
		}
		return recorder;
	}

	/**
	 * Return the response that the filters downstream of the authentication filter and
	 * the handler write to: the recording wrapper when a module asked for a recording.
	 * @param response the response
	 * @return the response to pass on
	 */
	HttpServletResponse recordingResponse(HttpServletResponse response) {
		ResponseRecorder recorder = this.recorder;
		return (recorder != null) ? recorder.wrap(response) : response;
	}

	@Override
	public void limitRequestContent(long maxBytes, Supplier<? extends RuntimeException> whenExceeded) {
		Assert.notNull(whenExceeded, "'whenExceeded' must not be null");
		Assert.isTrue(maxBytes >= 0, "'maxBytes' must not be negative");
		Assert.state(isNotifiedOf(RequestEvent.BEGIN_REQUEST),
				"The request content can only be limited during BEGIN_REQUEST");
		this.requestContentLimit = maxBytes;
		this.requestContentExceeded = whenExceeded;
	}

	/**
	 * Return how much of the request body may be read, or {@code -1} for no limit.
	 * @return the limit
	 */
	long requestContentLimit() {
		return this.requestContentLimit;
	}

	/**
	 * Return the exception to throw from the read that exceeds the limit.
	 * @return the exception
	 */
	RuntimeException requestContentExceeded() {
		Supplier<? extends RuntimeException> supplier = this.requestContentExceeded;
		Assert.state(supplier != null, "No request content limit");
		return supplier.get();
	}

	@Override
	public void traceNote(String note) {
		Assert.notNull(note, "'note' must not be null");
		if (this.traced) {
			this.traceNote = note;
		}
	}

	/**
	 * Return the note the module being notified attached, and forget it.
	 * @return the note or {@code null}
	 */
	@Override
	public @Nullable String takeTraceNote() {
		String note = this.traceNote;
		this.traceNote = null;
		return note;
	}

	@Override
	public ChildContext cloneContext() {
		Assert.state(!isEnded(), "The request has ended");
		ChildEngine.Cloned child = this.childEngine.get().cloneContext(this);
		children().cloned(child);
		return child;
	}

	@Override
	public ChildExecution executeRequest(ChildContext child, Set<ExecuteFlag> flags, @Nullable Principal user) {
		return this.childEngine.get().execute(this, child, flags, user);
	}

	/**
	 * Return the name of the module being notified, for
	 * {@link ExecuteFlag#IGNORE_CURRENT_INTERCEPTOR}.
	 * @return the module name or {@code null} outside a notification
	 */
	public @Nullable String currentModule() {
		int module = this.walk.notifiedModule();
		return (this.walk.isNotifying() && module >= 0) ? this.definitions[module].name() : null;
	}

	/**
	 * Return the child contexts the modules of this request cloned, in order of their
	 * creation.
	 * @return the child contexts
	 */
	@Override
	public List<ChildEngine.Cloned> clonedChildren() {
		Children children = this.children;
		return (children != null) ? children.cloned() : List.of();
	}

	/**
	 * Return whether a module is being notified of {@code event}: what a module may
	 * change about the request depends on the event it is notified of.
	 */
	private boolean isNotifiedOf(RequestEvent event) {
		return this.walk.isNotifying() && currentEvent() == event;
	}

	private boolean has(Fact fact) {
		return (this.facts & fact.bit) != 0;
	}

	private void set(Fact fact) {
		this.facts |= fact.bit;
	}

	private void clear(Fact fact) {
		this.facts &= ~fact.bit;
	}

	/**
	 * Set a fact that happens once.
	 * @return whether it happened just now, rather than before
	 */
	private boolean once(Fact fact) {
		if (has(fact)) {
			return false;
		}
		set(fact);
		return true;
	}

	@Override
	public String toString() {
		return "PipelineContext[" + this.request.getMethod() + " " + this.request.getRequestURI() + ", depth=" + depth()
				+ "]";
	}

	/**
	 * What happens to a request once, independently of where its walk is, as named facts
	 * in a bit set rather than a field each.
	 */
	enum Fact {

		/**
		 * The pipeline filter passed the request down the filter chain.
		 */
		CHAIN_ENTERED,

		/**
		 * The authentication filter's part of the chain returned: the hooks do not walk
		 * it again.
		 */
		CHAIN_DONE,

		/**
		 * {@code SEND_RESPONSE} was delivered: it is, once per request.
		 */
		RESPONSE_SENT,

		/**
		 * {@code READ_ENTITY} was delivered: it is, once per request.
		 */
		ENTITY_READ,

		/**
		 * {@code MAP_PATH} was delivered: it is, once per request.
		 */
		PATH_MAPPED,

		/**
		 * A module replaced the response: it may, once.
		 */
		RESPONSE_REPLACED,

		/**
		 * The request's current asynchronous cycle is followed: set again for each cycle,
		 * as the container forgets its listeners when another starts.
		 */
		LISTENING,

		/**
		 * The {@link PipelineFilter} is working on the request, in this dispatch: a
		 * nested dispatch passes it straight on. Cleared when it returns.
		 */
		PIPELINE_FILTERING,

		/**
		 * The {@link PipelineAuthenticationFilter} is working on the request, in this
		 * dispatch. Cleared when it returns.
		 */
		AUTHENTICATION_FILTERING;

		private final int bit = 1 << ordinal();

	}

	/**
	 * The response as the pipeline wraps it when a module subscribes to
	 * {@code SEND_RESPONSE}: what {@link #replaceResponse} replaces. Implemented by the
	 * wrapper, so that this context does not call back into a class that calls it.
	 */
	interface ReplaceableResponse {

		/**
		 * Replace the response with other content: what the application sends from now on
		 * is discarded.
		 * @param status the status to send
		 * @param contentType the content type, or {@code null} for none
		 * @param content the content
		 * @throws IOException when the content cannot be written
		 */
		void replace(int status, @Nullable String contentType, byte[] content) throws IOException;

	}

	/**
	 * What a hook does after advancing.
	 */
	enum Outcome {

		/**
		 * Go on with the request.
		 */
		PROCEED,

		/**
		 * A module finished the request: do not go on.
		 */
		STOP,

		/**
		 * A module answered {@code PENDING}: suspend the request.
		 */
		SUSPENDED

	}

	/**
	 * Ends the pipeline of a request whose asynchronous processing ends without another
	 * dispatch through the pipeline's filters: it completes, times out or fails. A
	 * timeout or failure while a module's work is pending gives that work up; otherwise a
	 * timeout is left to whoever started the asynchronous processing (Spring MVC answers
	 * its own) and a failure is recorded for the dispatch that follows.
	 */
	private final class Completion implements AsyncListener {

		private final AsyncContext async;

		Completion(AsyncContext async) {
			this.async = async;
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// The container dropped this listener: the new cycle gets its own
			clear(Fact.LISTENING);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			if (abandon(
					new TimeoutException("The asynchronous processing of " + ServletPipelineContext.this
							+ " timed out while a module's work was pending"),
					HttpServletResponse.SC_SERVICE_UNAVAILABLE)) {
				complete();
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			Throwable failure = (event.getThrowable() != null) ? event.getThrowable()
					: new IOException("The asynchronous processing of " + ServletPipelineContext.this + " failed");
			if (abandon(failure, HttpServletResponse.SC_INTERNAL_SERVER_ERROR)) {
				complete();
			}
			else if (!isEnded()) {
				fail(failure);
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			asyncCompleted();
		}

		private void complete() {
			if (ServletPipelineContext.this.childState != null) {
				// A child's executor answers its timeout itself (ChildRequestException)
				return;
			}
			try {
				this.async.complete();
			}
			catch (IllegalStateException ex) {
				logger.debug("The asynchronous processing of " + ServletPipelineContext.this + " is over", ex);
			}
		}

	}

}
