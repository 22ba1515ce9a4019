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

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.CustomNotificationEvent;
import dev.integratedpipeline.pipeline.MapPathEvent;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.ReadEntityEvent;
import dev.integratedpipeline.pipeline.RequestEvent;
import dev.integratedpipeline.pipeline.SendResponseEvent;
import dev.integratedpipeline.servlet.PipelineModules.ModuleDefinition;

/**
 * The {@link PipelineContext} of one servlet request and the state machine that walks it
 * through the pipeline. Each hook (the filters and the handler interceptor)
 * {@link #advance advances} the request up to the notification it stands for; whatever
 * was not delivered yet is delivered first, so that every request gets the complete,
 * ordered sequence whichever hooks it passed.
 *
 * @author Integrated Pipeline team
 */
final class ServletPipelineContext implements PipelineContext {

	static final String ATTRIBUTE = ServletPipelineContext.class.getName();

	private static final ThreadLocal<ServletPipelineContext> CURRENT = new ThreadLocal<>();

	private static final Log logger = LogFactory.getLog(ServletPipelineContext.class);

	private final IntegratedPipeline pipeline;

	private final ModuleDefinition[] definitions;

	private final @Nullable PipelineModule[] instances;

	private final @Nullable ChildState childState;

	private HttpServletRequest request;

	private HttpServletResponse response;

	private int position;

	private int moduleIndex;

	private int notification;

	private int notifiedModule = -1;

	private boolean notifying;

	private boolean finished;

	private boolean chainDone;

	private boolean chainEntered;

	private boolean responseSent;

	private boolean entityRead;

	private boolean ended;

	private boolean pathMapped;

	private @Nullable Throwable error;

	private @Nullable Principal user;

	private boolean userSet;

	private @Nullable Principal authenticatedUser;

	private @Nullable Object handler;

	private @Nullable Map<String, Object> state;

	private @Nullable String rewrittenUrl;

	private @Nullable CompletionStage<?> pendingStage;

	private @Nullable Consumer<@Nullable Object> pendingDelivery;

	private volatile @Nullable Pending pending;

	private @Nullable List<ServletChildContext> children;

	private @Nullable AsyncChildren asyncChildren;

	private final PipelineTrace trace;

	ServletPipelineContext(IntegratedPipeline pipeline, HttpServletRequest request, HttpServletResponse response,
			@Nullable ChildState childState) {
		this.pipeline = pipeline;
		this.definitions = pipeline.modules().modules();
		this.instances = new PipelineModule[this.definitions.length];
		this.request = request;
		this.response = response;
		this.childState = childState;
		this.trace = pipeline.traces().start(this, request, childState);
		if (childState != null && childState.user() != null) {
			this.user = childState.user();
			this.userSet = true;
		}
	}

	static @Nullable ServletPipelineContext get(jakarta.servlet.ServletRequest request) {
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
		while (this.position <= target) {
			if (this.finished && this.position < Notifications.LOG_REQUEST) {
				if (target < Notifications.LOG_REQUEST) {
					return Outcome.STOP;
				}
				this.position = Notifications.LOG_REQUEST;
				this.moduleIndex = 0;
			}
			int current = this.position;
			if (current == Notifications.AUTHENTICATE_REQUEST && this.childState != null
					&& this.childState.user() != null) {
				// A child executed as a given user skips authentication, as in IIS
				this.position = current + 1;
				continue;
			}
			int[] subscribers = this.pipeline.modules().subscribers(current);
			this.notification = current;
			while (this.moduleIndex < subscribers.length) {
				int module = subscribers[this.moduleIndex++];
				NotificationStatus status = deliver(current, module);
				if (status == NotificationStatus.FINISH_REQUEST) {
					if (current < Notifications.LOG_REQUEST) {
						this.finished = true;
					}
					break;
				}
				if (status == NotificationStatus.PENDING) {
					return Outcome.SUSPENDED;
				}
			}
			this.moduleIndex = 0;
			this.position = current + 1;
		}
		return (this.finished && target < Notifications.LOG_REQUEST) ? Outcome.STOP : Outcome.PROCEED;
	}

	private NotificationStatus deliver(int notification, int module) {
		if (isExcluded(module)) {
			return NotificationStatus.CONTINUE;
		}
		PipelineModule instance = instance(module);
		this.notifiedModule = module;
		long start = this.trace.clock();
		NotificationStatus status;
		this.notifying = true;
		try {
			status = Notifications.invoke(notification, instance, this);
		}
		catch (RuntimeException | Error ex) {
			this.trace.notified(notification, this.definitions[module].name(), null, start, ex);
			return failed(notification, module, ex);
		}
		finally {
			this.notifying = false;
		}
		this.trace.notified(notification, this.definitions[module].name(), status, start, null);
		return checkPending(module, notification, status);
	}

	private NotificationStatus checkPending(int module, int notification, @Nullable NotificationStatus status) {
		CompletionStage<?> stage = this.pendingStage;
		Consumer<@Nullable Object> delivery = this.pendingDelivery;
		this.pendingStage = null;
		this.pendingDelivery = null;
		if (status == NotificationStatus.PENDING) {
			Assert.state(stage != null, () -> "Pipeline module '" + this.definitions[module].name()
					+ "' answered PENDING without handing its work to context.pending(stage)");
			this.pending = new Pending(module, notification, stage, delivery);
			return NotificationStatus.PENDING;
		}
		Assert.state(status != null, () -> "Pipeline module '" + this.definitions[module].name()
				+ "' answered null; return NotificationStatus.CONTINUE instead");
		return status;
	}

	private NotificationStatus failed(int notification, int module, Throwable ex) {
		if (notification >= Notifications.LOG_REQUEST) {
			logger.error("Pipeline module '" + this.definitions[module].name() + "' failed in "
					+ Notifications.methodName(notification) + "; the remaining modules are notified", ex);
			return NotificationStatus.CONTINUE;
		}
		fail(ex);
		this.moduleIndex = 0;
		this.position = Notifications.LOG_REQUEST;
		if (ex instanceof RuntimeException runtime) {
			throw runtime;
		}
		throw (Error) ex;
	}

	void fail(Throwable ex) {
		if (this.error == null) {
			this.error = ex;
		}
		this.finished = true;
	}

	private Outcome resume() {
		Pending pending = this.pending;
		Assert.state(pending != null && pending.isCompleted(), "The pending work of this request has not completed");
		this.pending = null;
		this.notification = pending.notification;
		if (pending.delivery != null) {
			pending.delivery.accept(pending.result);
		}
		AsyncCompletionEvent event = new AsyncCompletionEvent(Notifications.event(pending.notification),
				Notifications.isPost(pending.notification), pending.result, pending.failure);
		PipelineModule instance = instance(pending.module);
		this.notifiedModule = pending.module;
		long start = this.trace.clock();
		NotificationStatus status;
		this.notifying = true;
		try {
			status = instance.onAsyncCompletion(this, event);
		}
		catch (RuntimeException | Error ex) {
			this.trace.notified(PipelineModules.ASYNC_COMPLETION, this.definitions[pending.module].name(), null, start,
					ex);
			failed(pending.notification, pending.module, ex);
			return Outcome.PROCEED;
		}
		finally {
			this.notifying = false;
		}
		this.trace.notified(PipelineModules.ASYNC_COMPLETION, this.definitions[pending.module].name(), status, start,
				null);
		status = checkPending(pending.module, pending.notification, status);
		if (status == NotificationStatus.PENDING) {
			return Outcome.SUSPENDED;
		}
		if (status == NotificationStatus.FINISH_REQUEST) {
			if (pending.notification < Notifications.LOG_REQUEST) {
				this.finished = true;
			}
			this.moduleIndex = Integer.MAX_VALUE;
		}
		return Outcome.PROCEED;
	}

	/**
	 * Suspend the request until the pending work completes, then dispatch it again so
	 * that the hooks resume where it stopped.
	 * @param request the request to suspend
	 */
	void suspend(HttpServletRequest request) {
		Pending pending = this.pending;
		Assert.state(pending != null, "Nothing is pending");
		AsyncContext async = request.isAsyncStarted() ? request.getAsyncContext() : request.startAsync();
		pending.stage.whenComplete((result, failure) -> {
			pending.complete(result, failure);
			async.dispatch();
		});
	}

	boolean isSuspended() {
		return this.pending != null;
	}

	private PipelineModule instance(int module) {
		PipelineModule instance = this.instances[module];
		if (instance == null) {
			instance = this.pipeline.modules().instantiate(this.definitions[module]);
			this.instances[module] = instance;
		}
		return instance;
	}

	private boolean isExcluded(int module) {
		return this.childState != null && this.childState.excludes(this.definitions[module].name());
	}

	// Non-deterministic notifications

	void sendResponse(int status, SendResponseEvent.Trigger trigger) {
		if (this.responseSent) {
			return;
		}
		this.responseSent = true;
		int[] subscribers = this.pipeline.modules().subscribers(PipelineModules.SEND_RESPONSE);
		if (subscribers.length == 0) {
			return;
		}
		SendResponseEvent event = new SendResponseEvent(status, trigger);
		for (int i = subscribers.length - 1; i >= 0; i--) {
			int module = subscribers[i];
			if (notifyOther(PipelineModules.SEND_RESPONSE, module,
					(instance) -> instance.onSendResponse(this, event)) == NotificationStatus.FINISH_REQUEST) {
				this.finished = true;
			}
		}
	}

	void readEntity() {
		if (this.entityRead) {
			return;
		}
		this.entityRead = true;
		int[] subscribers = this.pipeline.modules().subscribers(PipelineModules.READ_ENTITY);
		if (subscribers.length == 0) {
			return;
		}
		ReadEntityEvent event = new ReadEntityEvent(this.request.getContentLengthLong(), this.request.getContentType());
		for (int module : subscribers) {
			if (notifyOther(PipelineModules.READ_ENTITY, module,
					(instance) -> instance.onReadEntity(this, event)) == NotificationStatus.FINISH_REQUEST) {
				this.finished = true;
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
		int[] subscribers = this.pipeline.modules().subscribers(PipelineModules.MAP_PATH);
		MapPathEvent event = new MapPathEvent(url, path);
		for (int module : subscribers) {
			if (notifyOther(PipelineModules.MAP_PATH, module,
					(instance) -> instance.onMapPath(this, event)) == NotificationStatus.FINISH_REQUEST) {
				this.finished = true;
				return null;
			}
		}
		return event.path();
	}

	@Override
	public boolean notifyCustom(Object notification) {
		Assert.notNull(notification, "'notification' must not be null");
		CustomNotificationEvent event = new CustomNotificationEvent(notification);
		for (int module : this.pipeline.modules().subscribers(PipelineModules.CUSTOM_NOTIFICATION)) {
			NotificationStatus status = notifyOther(PipelineModules.CUSTOM_NOTIFICATION, module,
					(instance) -> instance.onCustomRequestNotification(this, event));
			if (status == NotificationStatus.FINISH_REQUEST) {
				this.finished = true;
				return false;
			}
		}
		return true;
	}

	private NotificationStatus notifyOther(int notification, int module,
			java.util.function.Function<PipelineModule, NotificationStatus> call) {
		if (isExcluded(module)) {
			return NotificationStatus.CONTINUE;
		}
		PipelineModule instance = instance(module);
		int wasNotified = this.notifiedModule;
		this.notifiedModule = module;
		long start = this.trace.clock();
		boolean wasNotifying = this.notifying;
		this.notifying = true;
		NotificationStatus status;
		try {
			status = call.apply(instance);
		}
		catch (RuntimeException | Error ex) {
			this.trace.notified(notification, this.definitions[module].name(), null, start, ex);
			throw ex;
		}
		finally {
			this.notifying = wasNotifying;
			this.notifiedModule = wasNotified;
		}
		this.trace.notified(notification, this.definitions[module].name(), status, start, null);
		if (status == NotificationStatus.PENDING) {
			throw new IllegalStateException("Pipeline module '" + this.definitions[module].name()
					+ "' answered PENDING to a notification that cannot be suspended");
		}
		return status;
	}

	// Ending the request

	/**
	 * Deliver whatever is left up to the end of the request, then release children and
	 * dispose prototype modules. Idempotent.
	 * @return the outcome; {@code SUSPENDED} when a logging module answered
	 * {@code PENDING}
	 */
	Outcome end() {
		if (this.ended) {
			return Outcome.PROCEED;
		}
		if (!this.finished) {
			Outcome outcome = advance(Notifications.POST_UPDATE_REQUEST_CACHE);
			if (outcome == Outcome.SUSPENDED) {
				return outcome;
			}
		}
		if (!this.responseSent && !this.response.isCommitted()) {
			sendResponse(this.response.getStatus(), SendResponseEvent.Trigger.END);
		}
		Outcome outcome = advance(Notifications.POST_END_REQUEST);
		if (outcome == Outcome.SUSPENDED) {
			return outcome;
		}
		this.ended = true;
		releaseChildren();
		cancelAsyncChildren();
		dispose();
		this.trace.ended(this);
		return Outcome.PROCEED;
	}

	private void releaseChildren() {
		List<ServletChildContext> children = this.children;
		if (children == null) {
			return;
		}
		for (int i = children.size() - 1; i >= 0; i--) {
			children.get(i).releaseAutomatically();
		}
	}

	void track(ChildRun run) {
		if (this.asyncChildren == null) {
			this.asyncChildren = new AsyncChildren();
		}
		this.asyncChildren.add(run);
	}

	private void cancelAsyncChildren() {
		AsyncChildren children = this.asyncChildren;
		if (children != null) {
			children.cancelAll();
		}
	}

	boolean isNotifying() {
		return this.notifying;
	}

	private void dispose() {
		for (int module = 0; module < this.definitions.length; module++) {
			PipelineModule instance = this.instances[module];
			if (instance != null && this.definitions[module].prototype()) {
				try {
					instance.dispose();
				}
				catch (RuntimeException ex) {
					logger.error("Pipeline module '" + this.definitions[module].name() + "' failed to dispose", ex);
				}
			}
		}
	}

	boolean isPathMapped() {
		return this.pathMapped;
	}

	void pathMapped() {
		this.pathMapped = true;
	}

	/**
	 * Make a context the current one of this thread.
	 * @param context the context
	 * @return the context that was current before, to hand to {@link #exit}
	 */
	static @Nullable ServletPipelineContext enter(ServletPipelineContext context) {
		ServletPipelineContext previous = CURRENT.get();
		CURRENT.set(context);
		return previous;
	}

	static void exit(@Nullable ServletPipelineContext previous) {
		if (previous != null) {
			CURRENT.set(previous);
		}
		else {
			CURRENT.remove();
		}
	}

	static @Nullable ServletPipelineContext current() {
		return CURRENT.get();
	}

	boolean isEnded() {
		return this.ended;
	}

	boolean isFinished() {
		return this.finished;
	}

	int position() {
		return this.position;
	}

	boolean isChainEntered() {
		return this.chainEntered;
	}

	void chainEntered() {
		this.chainEntered = true;
	}

	boolean isChainDone() {
		return this.chainDone;
	}

	void chainDone() {
		this.chainDone = true;
	}

	@Nullable String rewrittenUrl() {
		return this.rewrittenUrl;
	}

	boolean isUserSet() {
		return this.userSet;
	}

	@Nullable ChildState childState() {
		return this.childState;
	}

	PipelineTrace trace() {
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
		return Notifications.event(Math.min(this.notification, Notifications.COUNT - 1));
	}

	@Override
	public boolean isPostEvent() {
		return Notifications.isPost(this.notification);
	}

	@Override
	public @Nullable Principal user() {
		if (this.userSet) {
			return this.user;
		}
		Principal principal = this.request.getUserPrincipal();
		// Spring Security clears its context once its filter chain returns: LOG_REQUEST
		// and END_REQUEST still see the user it authenticated
		return (principal != null) ? principal : this.authenticatedUser;
	}

	/**
	 * Remember the user the application's authentication established, for the events that
	 * run after it forgot it.
	 */
	void rememberUser() {
		if (!this.userSet) {
			this.authenticatedUser = this.request.getUserPrincipal();
		}
	}

	@Override
	public void setUser(@Nullable Principal user) {
		Assert.state(this.notifying && currentEvent() == RequestEvent.AUTHENTICATE_REQUEST,
				"The user can only be set during AUTHENTICATE_REQUEST");
		this.user = user;
		this.userSet = true;
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
		Assert.state(this.notifying && currentEvent() == RequestEvent.BEGIN_REQUEST,
				"The URL can only be rewritten during BEGIN_REQUEST");
		ChildRequest.validatePath(url);
		this.rewrittenUrl = url;
	}

	@Override
	public NotificationStatus pending(CompletionStage<?> stage) {
		Assert.notNull(stage, "'stage' must not be null");
		Assert.state(this.notifying, "Work can only be pending from within a module notification");
		this.pendingStage = stage;
		return NotificationStatus.PENDING;
	}

	void pending(CompletionStage<?> stage, Consumer<@Nullable Object> delivery) {
		pending(stage);
		this.pendingDelivery = delivery;
	}

	@Override
	public @Nullable Throwable error() {
		return this.error;
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
	public ChildContext cloneContext() {
		Assert.state(!this.ended, "The request has ended");
		ServletChildContext child = new ServletChildContext(this, ChildRequest.from(this.request));
		if (this.children == null) {
			this.children = new ArrayList<>();
		}
		this.children.add(child);
		return child;
	}

	@Override
	public ChildExecution executeRequest(ChildContext child, Set<ExecuteFlag> flags, @Nullable Principal user) {
		return this.pipeline.children().executeFromContext(this, child, flags, user);
	}

	/**
	 * Return the name of the module being notified, for
	 * {@link ExecuteFlag#IGNORE_CURRENT_INTERCEPTOR}.
	 * @return the module name or {@code null} outside a notification
	 */
	@Nullable String currentModule() {
		return (this.notifying && this.notifiedModule >= 0) ? this.definitions[this.notifiedModule].name() : null;
	}

	List<ServletChildContext> children() {
		return (this.children != null) ? this.children : List.of();
	}

	@Override
	public String toString() {
		return "PipelineContext[" + this.request.getMethod() + " " + this.request.getRequestURI() + ", depth=" + depth()
				+ "]";
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

	private static final class Pending {

		private final int module;

		private final int notification;

		private final CompletionStage<?> stage;

		private final @Nullable Consumer<@Nullable Object> delivery;

		private volatile boolean completed;

		private @Nullable Object result;

		private @Nullable Throwable failure;

		Pending(int module, int notification, CompletionStage<?> stage, @Nullable Consumer<@Nullable Object> delivery) {
			this.module = module;
			this.notification = notification;
			this.stage = stage;
			this.delivery = delivery;
		}

		void complete(@Nullable Object result, @Nullable Throwable failure) {
			this.result = result;
			this.failure = (failure instanceof java.util.concurrent.CompletionException ex && ex.getCause() != null)
					? ex.getCause() : failure;
			this.completed = true;
		}

		boolean isCompleted() {
			return this.completed;
		}

	}

}
