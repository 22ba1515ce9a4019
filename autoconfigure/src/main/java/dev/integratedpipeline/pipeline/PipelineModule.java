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
 * pipeline notifies modules in Spring's order: {@code PriorityOrdered} first, then
 * {@link org.springframework.core.Ordered}, {@code @Order} or {@code @Priority} (on the
 * class or the {@code @Bean} method).
 * <p>
 * A module subscribes to an event by overriding its method. Subscriptions and order are
 * worked out once, at startup: a module is never called for an event whose method it does
 * not override, and a module that cannot be created fails the startup. Every request
 * passes the deterministic events of {@link RequestEvent} in order, each followed by its
 * post-event ({@code onPostXxx}) once every module received the event, before the next
 * event starts. The other methods ({@link #onMapPath}, {@link #onReadEntity},
 * {@link #onSendResponse}, {@link #onCustomRequestNotification},
 * {@link #onAsyncCompletion}) fire when something happens.
 * <p>
 * Each method answers a {@link NotificationStatus}:
 * <ul>
 * <li>{@link NotificationStatus#CONTINUE CONTINUE}: notify the next module;</li>
 * <li>{@link NotificationStatus#FINISH_REQUEST FINISH_REQUEST}: the module answered the
 * request; the remaining modules and events up to {@link RequestEvent#LOG_REQUEST} are
 * skipped, then {@code LOG_REQUEST} and {@code END_REQUEST} run;</li>
 * <li>{@link NotificationStatus#PENDING PENDING}: returned as
 * {@code return context.pending(stage);}, suspends the request (servlet async, no thread
 * held) until the stage completes, then {@link #onAsyncCompletion} is called on this
 * module and the pipeline continues with the next module. Only the deterministic events
 * and {@code onAsyncCompletion} may answer it.</li>
 * </ul>
 * <p>
 * If a method throws, the remaining modules and events up to {@code LOG_REQUEST} are
 * skipped, {@code LOG_REQUEST} and {@code END_REQUEST} run (the failure is available from
 * {@link PipelineContext#error()}, the status is a 500 unless the response was
 * committed), and the exception then reaches the servlet container, which renders the
 * application's error page. This holds for the non-deterministic methods too.
 * <p>
 * The handler events, from {@code MAP_REQUEST_HANDLER} to {@code EXECUTE_REQUEST_HANDLER}
 * (delivered where Spring MVC calls its {@code HandlerInterceptor}s), differ in two ways:
 * {@code FINISH_REQUEST} also means the handler is not invoked, and an exception first
 * reaches Spring MVC's exception handling (an {@code @ExceptionHandler} may answer it),
 * else the servlet container.
 * <p>
 * {@code LOG_REQUEST} and {@code END_REQUEST} (and their post-events) always run, so they
 * differ too: {@code FINISH_REQUEST} skips the remaining modules of that notification
 * only; {@code PENDING} suspends the request unless it can no longer be suspended (an
 * exception is on its way to the container, or its asynchronous processing timed out,
 * failed or completed), in which case {@link PipelineContext#pending} throws; an
 * exception is logged, the other modules are still notified and
 * {@link PipelineContext#error()} is not changed.
 * <p>
 * A request that a filter before the pipeline's authentication filter answers without
 * passing it on (Spring Security refusing it) is finished, as with
 * {@code FINISH_REQUEST}. A request whose asynchronous processing times out or fails
 * while a module's work is pending ends without that work: see
 * {@link #onAsyncCompletion}.
 * <p>
 * A singleton module serves every request concurrently and must be thread-safe. A
 * prototype-scoped module bean gets a fresh instance for each request (the IIS module
 * factory), and {@link #dispose()} is called on it at the end of that request.
 * <p>
 * Child requests ({@link PipelineContext#executeRequest}, {@code ChildRequestExecutor})
 * pass the whole pipeline too, and every method is called for them as for a request from
 * the network, with the child's own context: {@link PipelineContext#depth()} is greater
 * than zero and {@link PipelineContext#parent()} is the context that issued them. A
 * method's javadoc says when a child differs.
 * <p>
 * Each method below says only when it fires and what the context holds then; the rules
 * above apply to all of them. Every default implementation returns {@code CONTINUE}.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public interface PipelineModule {

	/**
	 * Called first for every request, in module order, by the {@code PipelineFilter}
	 * before any authentication filter (Spring Security) ran. The URL may be rewritten
	 * here, and in the post-event, with {@link PipelineContext#setUrl(String)};
	 * {@link PipelineContext#response()} may already be written to.
	 * <p>
	 * A request suspended here resumes through an async dispatch that the filters
	 * downstream see as a request dispatch.
	 * <p>
	 * In a child request, called as the child enters the container's filter chain, for
	 * the child's own context ({@link PipelineContext#depth()} &gt; 0,
	 * {@link PipelineContext#parent()} the issuing context).
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onBeginRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onBeginRequest}, in module order, before
	 * the next event starts.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostBeginRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order once the application's authentication filters (Spring
	 * Security, when present) ran; {@link PipelineContext#user()} is the principal they
	 * established. The module may establish the user with {@link PipelineContext#setUser}
	 * (here and in the post-event only);
	 * {@link jakarta.servlet.http.HttpServletRequest#getUserPrincipal()} then returns it.
	 * <p>
	 * Not called for a child request whose user is chosen for it (its parent's, a given
	 * one or none: every child but one that authenticates itself from its credentials,
	 * see {@link dev.integratedpipeline.child.ChildRequest.Identity}), which skips
	 * authentication, as in IIS; otherwise the same as for any request.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onAuthenticateRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onAuthenticateRequest}, in module order,
	 * before the next event starts.
	 * <p>
	 * Called for a child request whose user is chosen for it too, although it skipped
	 * {@link #onAuthenticateRequest}: {@link PipelineContext#user()} is then that user.
	 * Otherwise the same as for any request.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostAuthenticateRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order to verify the user's access, once authentication is over. To
	 * refuse the request, set a 401 or 403 status (or {@code sendError}) and answer
	 * {@code FINISH_REQUEST}.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onAuthorizeRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onAuthorizeRequest}, in module order,
	 * before the next event starts.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostAuthorizeRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order before the request reaches Spring MVC (or the servlet that
	 * serves it); a cache module writes the cached response and answers
	 * {@code FINISH_REQUEST}.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onResolveRequestCache(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onResolveRequestCache}, in module order,
	 * before the next event starts.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostResolveRequestCache(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order once Spring MVC mapped the request to a handler, from its
	 * handler interceptor; {@link PipelineContext#handler()} is set. When no handler
	 * matched, or for a request served by a servlet that is not a
	 * {@code DispatcherServlet} (then right before that servlet runs), the handler is
	 * {@code null}.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onMapRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onMapRequestHandler}, in module order,
	 * before the next event starts.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostMapRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order when the request state is acquired, after the handler was
	 * mapped (and, for a static resource, after {@link #onMapPath}), before the handler
	 * runs.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onAcquireRequestState(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onAcquireRequestState}, in module order,
	 * before the next event starts.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostAcquireRequestState(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order right before the handler executes.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPreExecuteRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onPreExecuteRequestHandler}, in module
	 * order, before the next event starts.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostPreExecuteRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order right before the Spring MVC handler (or the other servlet
	 * serving the request) runs. A module that answers the request itself writes the
	 * response and returns {@code FINISH_REQUEST}.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onExecuteRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order after the handler ran and its view was rendered: for an
	 * asynchronous handler, once its result was processed in the last async dispatch.
	 * Every module received {@link #onExecuteRequestHandler} before the handler ran.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostExecuteRequestHandler(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order when the request state is released, once Spring MVC (or the
	 * servlet) returned.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onReleaseRequestState(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onReleaseRequestState}, in module order,
	 * before the next event starts.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostReleaseRequestState(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order when a cache module may store the response, the last event
	 * before logging.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onUpdateRequestCache(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onUpdateRequestCache}, in module order,
	 * before the next event starts.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostUpdateRequestCache(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order to log the request, once the response was sent or is about
	 * to be (after {@link #onSendResponse}). Runs for every request, also after a
	 * {@code FINISH_REQUEST}, an error, a filter that refused the request, or an
	 * asynchronous timeout; {@link PipelineContext#error()} tells why it ended early.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onLogRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onLogRequest}, in module order.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostLogRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order last for every request, also after a {@code FINISH_REQUEST},
	 * an error or an asynchronous timeout.
	 * <p>
	 * In a child request, the same; children still unreleased when it ended are released
	 * after {@link #onPostEndRequest}.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onEndRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once every module received {@link #onEndRequest}, in module order: the very
	 * last notification of a request. Then unreleased child requests are released and
	 * prototype modules disposed.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onPostEndRequest(PipelineContext context) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order when Spring MVC maps the request to a static resource
	 * ({@code ResourceHttpRequestHandler}), after {@link #onPostMapRequestHandler} and
	 * before the resource is resolved, once per request. The module may substitute the
	 * path with {@link MapPathEvent#setPath(String)}.
	 * <p>
	 * {@code FINISH_REQUEST} stops the delivery to the remaining modules and finishes the
	 * request: the resource is not served and the request skips to {@code LOG_REQUEST}.
	 * {@code PENDING} is not possible here: {@link PipelineContext#pending} throws
	 * {@link IllegalStateException}, as does answering {@code PENDING}, which counts as
	 * an exception. An exception fails the request as in an event: it becomes
	 * {@link PipelineContext#error()}, the request skips to {@code LOG_REQUEST}, and the
	 * exception propagates to the caller (the code that triggered the notification); from
	 * {@code LOG_REQUEST} on, it is logged instead.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @param event the mapping
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onMapPath(PipelineContext context, MapPathEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called in module order, once per request, when the request body is first read: its
	 * input stream or reader, or the form parameters or multipart parts the container
	 * parses from it. It runs during whatever event or handler reads the body, on that
	 * thread. A request that has no body (no {@code Content-Length} above zero and, in
	 * HTTP/1.1, no {@code Transfer-Encoding}) has none to read: reading it notifies no
	 * module.
	 * <p>
	 * {@code FINISH_REQUEST} finishes the request once the current event is over: the
	 * events up to {@code LOG_REQUEST} are skipped, the reading goes on. {@code PENDING}
	 * is not possible here: {@link PipelineContext#pending} throws
	 * {@link IllegalStateException}, as does answering {@code PENDING}, which counts as
	 * an exception. An exception fails the request as in an event: it becomes
	 * {@link PipelineContext#error()}, the request skips to {@code LOG_REQUEST}, and the
	 * exception propagates to the caller (the code that triggered the notification); from
	 * {@code LOG_REQUEST} on, it is logged instead.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @param event what is being read
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onReadEntity(PipelineContext context, ReadEntityEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called once per request when the response is about to be committed (first body
	 * byte, flush, {@code close}, {@code sendError}, {@code sendRedirect}, or the end of
	 * the request with nothing committed), in <em>reverse</em> module order, as in IIS.
	 * Headers and status can still be changed here, and the whole response replaced with
	 * {@link PipelineContext#replaceResponse} (a custom error page). For a request whose
	 * handler threw, it is called as the request ends ({@code Trigger.END}, with
	 * {@link PipelineContext#error()} set) unless the response was committed.
	 * <p>
	 * {@code FINISH_REQUEST} finishes the request once the current event is over: the
	 * events up to {@code LOG_REQUEST} are skipped, the response is still sent.
	 * {@code PENDING} is not possible here: {@link PipelineContext#pending} throws
	 * {@link IllegalStateException}, as does answering {@code PENDING}, which counts as
	 * an exception. An exception fails the request as in an event: it becomes
	 * {@link PipelineContext#error()}, the request skips to {@code LOG_REQUEST}, and the
	 * exception propagates to the caller (the code that triggered the notification); from
	 * {@code LOG_REQUEST} on, it is logged instead. When it fails as the request ends,
	 * the response becomes a 500 unless committed, and {@code LOG_REQUEST} and
	 * {@code END_REQUEST} still run.
	 * <p>
	 * In a child request, called when the child's captured response is about to be
	 * committed; what the module sets is what the {@code ChildResponse} holds.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @param event the response being sent
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called synchronously, in module order, when a module (or the application) raises a
	 * notification with {@link PipelineContext#notifyCustom(Object)}, before that call
	 * returns.
	 * <p>
	 * {@code FINISH_REQUEST} stops the delivery to the remaining modules, makes
	 * {@code notifyCustom} return {@code false}, and finishes the request once the
	 * current event is over. {@code PENDING} is not possible here:
	 * {@link PipelineContext#pending} throws {@link IllegalStateException}, as does
	 * answering {@code PENDING}, which counts as an exception. An exception fails the
	 * request as in an event: it becomes {@link PipelineContext#error()}, the request
	 * skips to {@code LOG_REQUEST}, and the exception propagates to the caller (the code
	 * that triggered the notification); from {@code LOG_REQUEST} on, it is logged
	 * instead.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @param event the notification
	 * @return how the delivery goes on
	 */
	default NotificationStatus onCustomRequestNotification(PipelineContext context, CustomNotificationEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called on the module that answered {@code PENDING}, once its work completed, before
	 * the pipeline continues with the next module. It runs on the container thread of the
	 * async dispatch that resumes the request, not on the thread that completed the work.
	 * The event carries the work's result or failure; for a child request issued with
	 * {@link PipelineContext#executeRequest}, its
	 * {@link dev.integratedpipeline.child.ChildResponse}.
	 * <p>
	 * When the request's asynchronous processing times out or fails while the work is
	 * pending, it is called without a dispatch, on the container thread that reports it,
	 * with {@link AsyncCompletionEvent#error()} a
	 * {@link java.util.concurrent.TimeoutException} or the failure (the status becomes a
	 * 503 or a 500 unless the response is committed): the request then skips to
	 * {@code LOG_REQUEST}, whatever this method answers, and the work completing later is
	 * ignored.
	 * <p>
	 * {@code FINISH_REQUEST} skips the remaining modules and events up to
	 * {@code LOG_REQUEST} (of this notification only during {@code LOG_REQUEST} and
	 * {@code END_REQUEST}). {@code PENDING} again, with a new stage, waits once more. An
	 * exception counts as one thrown from the event that was suspended.
	 * <p>
	 * In a child request, the same; a child still pending at its timeout fails with a
	 * {@link dev.integratedpipeline.child.ChildRequestException} ({@code TIMEOUT}) once
	 * this method ran.
	 * <p>
	 * The default implementation returns {@code CONTINUE}.
	 * @param context the request context
	 * @param event the completion
	 * @return how the pipeline goes on
	 */
	default NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Called at the end of each request on a prototype-scoped module instance, after
	 * {@link #onPostEndRequest} (also when the request ended after an asynchronous
	 * timeout), and on the instance made at startup to ask a prototype its order; a
	 * singleton module is disposed with its application context instead. The default
	 * implementation is empty.
	 */
	default void dispose() {
	}

}
