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

package dev.integratedpipeline.pipeline;

/**
 * A request-level module of the integrated pipeline, the Spring counterpart of IIS's
 * {@code CHttpModule}. Declare a module as a Spring bean ({@code @Component}); the
 * pipeline notifies modules in {@code @Order} / {@link org.springframework.core.Ordered}
 * order.
 * <p>
 * A module subscribes to an event by overriding its method. Subscriptions are worked out
 * once, at startup, from the overridden methods: a module is never called for an event
 * whose method it does not override. Every request passes the deterministic events of
 * {@link RequestEvent} in order, each followed by its post-event ({@code onPostXxx})
 * before the next event starts. The other methods ({@link #onMapPath},
 * {@link #onReadEntity}, {@link #onSendResponse}, {@link #onCustomRequestNotification},
 * {@link #onAsyncCompletion}) fire when something happens.
 * <p>
 * Each method answers a {@link NotificationStatus}:
 * <ul>
 * <li>{@link NotificationStatus#CONTINUE CONTINUE}: notify the next module;</li>
 * <li>{@link NotificationStatus#FINISH_REQUEST FINISH_REQUEST}: the module answered the
 * request; the remaining modules and events up to {@link RequestEvent#LOG_REQUEST} are
 * skipped, then {@code LOG_REQUEST} and {@code END_REQUEST} run;</li>
 * <li>{@link NotificationStatus#PENDING PENDING}: returned as
 * {@code return context.pending(stage);}, suspends the request until the stage completes,
 * then {@link #onAsyncCompletion} is called on this module and the pipeline continues
 * with the next module.</li>
 * </ul>
 * <p>
 * If a method throws, the remaining modules and events up to {@code LOG_REQUEST} are
 * skipped, {@code LOG_REQUEST} and {@code END_REQUEST} run (the failure is available from
 * {@link PipelineContext#error()}), and the exception then reaches the servlet container,
 * which renders the application's error page. An exception thrown from
 * {@code LOG_REQUEST} or {@code END_REQUEST} is logged and does not stop the other
 * modules.
 * <p>
 * A singleton module serves every request concurrently and must be thread-safe. A
 * prototype-scoped module bean gets a fresh instance for each request (the IIS module
 * factory), and {@link #dispose()} is called on it at the end of that request.
 * <p>
 * Child requests ({@link PipelineContext#executeRequest}) pass the whole pipeline too:
 * {@link PipelineContext#depth()} is greater than zero and
 * {@link PipelineContext#parent()} is the context that issued them.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public interface PipelineModule {

	/**
	 * Called first for every request, before any authentication filter ran. The URL may
	 * be rewritten here with {@link PipelineContext#setUrl(String)}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onBeginRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onBeginRequest} was delivered to every module.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostBeginRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once the application's authentication filters (Spring Security, when
	 * present) ran; {@link PipelineContext#user()} is the principal they established. The
	 * module may establish the user with {@link PipelineContext#setUser}. Not called for
	 * a child request that was given a user.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onAuthenticateRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onAuthenticateRequest}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostAuthenticateRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called to verify the user's access; answer {@code FINISH_REQUEST} after setting a
	 * 401 or 403 status to refuse it.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onAuthorizeRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onAuthorizeRequest}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostAuthorizeRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called before the request reaches Spring MVC; a cache module writes the cached
	 * response and answers {@code FINISH_REQUEST}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onResolveRequestCache(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onResolveRequestCache}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostResolveRequestCache(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once Spring MVC mapped the request to a handler;
	 * {@link PipelineContext#handler()} is set (it is {@code null} when no handler
	 * matched).
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onMapRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onMapRequestHandler}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostMapRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called when the request state is acquired, before the handler runs.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onAcquireRequestState(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onAcquireRequestState}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostAcquireRequestState(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right before the handler executes.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPreExecuteRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onPreExecuteRequestHandler}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostPreExecuteRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called before the Spring MVC handler runs; a module that answers the request itself
	 * writes the response and returns {@code FINISH_REQUEST}, and the handler is not
	 * invoked.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onExecuteRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called after the handler ran and its view was rendered (for an asynchronous
	 * handler, once its result was processed).
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostExecuteRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called when the request state is released, after the handler.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onReleaseRequestState(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onReleaseRequestState}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostReleaseRequestState(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called when a cache module may store the response.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onUpdateRequestCache(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onUpdateRequestCache}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostUpdateRequestCache(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called to log the request. Runs for every request, also after a
	 * {@code FINISH_REQUEST} or an error; an exception thrown here is logged and the
	 * other modules are still notified.
	 * @param context the request context
	 * @return how the pipeline goes on ({@code FINISH_REQUEST} skips the remaining
	 * modules of this event only)
	 */
	default NotificationStatus onLogRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onLogRequest}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostLogRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called last for every request, also after a {@code FINISH_REQUEST} or an error; an
	 * exception thrown here is logged and the other modules are still notified.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onEndRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called right after {@link #onEndRequest}: the very last notification of a request.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostEndRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called when Spring MVC maps the request to a static resource, before the resource
	 * is resolved. The module may substitute the path with
	 * {@link MapPathEvent#setPath(String)}.
	 * @param context the request context
	 * @param event the mapping
	 * @return how the pipeline goes on ({@code FINISH_REQUEST} ends the request without
	 * serving the resource)
	 */
	default NotificationStatus onMapPath(PipelineContext context, MapPathEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called when the application first reads the request body (its input stream or
	 * reader), once per request.
	 * @param context the request context
	 * @param event what is being read
	 * @return ignored but for {@code FINISH_REQUEST}, which ends the request once the
	 * current event is over
	 */
	default NotificationStatus onReadEntity(PipelineContext context, ReadEntityEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once per request when the response is about to be committed (first body
	 * byte, flush, {@code sendError}, {@code sendRedirect}, or the end of the request),
	 * in <em>reverse</em> module order. Headers and status can still be changed here.
	 * @param context the request context
	 * @param event the response being sent
	 * @return ignored but for {@code FINISH_REQUEST}, which ends the request once the
	 * current event is over
	 */
	default NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called synchronously, in module order, when a module raises a notification with
	 * {@link PipelineContext#notifyCustom(Object)}. {@code FINISH_REQUEST} stops the
	 * delivery to the remaining modules and ends the request once the current event is
	 * over.
	 * @param context the request context
	 * @param event the notification
	 * @return how the delivery goes on
	 */
	default NotificationStatus onCustomRequestNotification(PipelineContext context, CustomNotificationEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called on the module that answered {@code PENDING} once its asynchronous work
	 * completed, on the thread that completed it, before the pipeline continues with the
	 * next module. For a child request issued with {@link PipelineContext#executeRequest}
	 * the event carries the {@link dev.integratedpipeline.child.ChildResponse}.
	 * @param context the request context
	 * @param event the completion
	 * @return how the pipeline goes on ({@code PENDING} again, with a new stage, waits
	 * once more)
	 */
	default NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called at the end of each request on a prototype-scoped module instance, after
	 * {@link #onPostEndRequest}; a singleton module is disposed with its application
	 * context instead. The default implementation is empty.
	 */
	default void dispose() {
	}

}
