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

import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ExecuteFlag;

/**
 * The state of one request as it passes the integrated pipeline, handed to every
 * {@link PipelineModule} notification: the Spring counterpart of IIS's
 * {@code IHttpContext}. A context lives from {@link RequestEvent#BEGIN_REQUEST} to
 * {@link RequestEvent#END_REQUEST} of its request and must not be kept beyond it.
 * <p>
 * A context is not thread-safe; the pipeline never notifies two modules of one request at
 * the same time.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public interface PipelineContext {

	/**
	 * Return the request. Its {@link HttpServletRequest#getUserPrincipal()} answers
	 * {@link #user()} once the user is established.
	 * @return the request
	 */
	HttpServletRequest request();

	/**
	 * Return the response.
	 * @return the response
	 */
	HttpServletResponse response();

	/**
	 * Return the deterministic event in progress, or the last one that ran when a
	 * non-deterministic notification (such as {@code onSendResponse}) is delivered.
	 * @return the current event
	 */
	RequestEvent currentEvent();

	/**
	 * Return whether the current notification is the post-event of
	 * {@link #currentEvent()}.
	 * @return whether it is the post-event
	 */
	boolean isPostEvent();

	/**
	 * Return the authenticated user: the one a module set with {@link #setUser}, else the
	 * one the application's authentication (Spring Security) established, else
	 * {@code null}. For a child request whose user was chosen for it (its parent's, a
	 * given one, or none: see
	 * {@link dev.integratedpipeline.child.ChildRequest.Identity}), that user, from the
	 * first event on.
	 * @return the user or {@code null}
	 */
	@Nullable Principal user();

	/**
	 * Establish the user of this request; {@link HttpServletRequest#getUserPrincipal()}
	 * returns it from then on. Allowed during {@link RequestEvent#AUTHENTICATE_REQUEST}
	 * and its post-event only.
	 * @param user the user, or {@code null} for anonymous
	 * @throws IllegalStateException when called during another event
	 */
	void setUser(@Nullable Principal user);

	/**
	 * Return the Spring MVC handler the request was mapped to, from
	 * {@link RequestEvent#MAP_REQUEST_HANDLER} on; {@code null} before or when no handler
	 * matched.
	 * @return the handler or {@code null}
	 */
	@Nullable Object handler();

	/**
	 * Return the state that modules keep for this request between events: a mutable map,
	 * empty at {@link RequestEvent#BEGIN_REQUEST} and discarded after
	 * {@link RequestEvent#END_REQUEST}. A child request has its own.
	 * @return the per-request state
	 */
	Map<String, Object> state();

	/**
	 * Rewrite the URL of this request (IIS's {@code IHttpRequest::SetUrl}): everything
	 * after the pipeline, Spring Security and Spring MVC included, sees the new path and
	 * query. Allowed during {@link RequestEvent#BEGIN_REQUEST} and its post-event only.
	 * @param url the new path within the application, with an optional query
	 * @throws IllegalStateException when called during another event
	 * @throws IllegalArgumentException when the URL is not a clean path within the
	 * application
	 */
	void setUrl(String url);

	/**
	 * Return the URL this request was rewritten to with {@link #setUrl(String)} (IIS's
	 * {@code IHttpRequest::GetUrlChanged}): the path within the application with its
	 * query, as the module gave it. Until {@code BEGIN_REQUEST}'s post-event is over,
	 * {@link #request()} still shows the URL the request came with: a module that checks
	 * URLs checks this one too, at {@code POST_BEGIN_REQUEST} (as request filtering
	 * does).
	 * @return the last URL set, or {@code null} when the URL was not rewritten
	 */
	@Nullable String rewrittenUrl();

	/**
	 * Raise a custom notification: delivered synchronously, in module order, to every
	 * module that overrides {@link PipelineModule#onCustomRequestNotification}, before
	 * this method returns. A module that answers {@code FINISH_REQUEST} stops the
	 * delivery and finishes the request once the current event is over; an exception a
	 * module throws fails the request and is thrown from this method.
	 * @param notification what to send
	 * @return {@code false} when a module answered {@code FINISH_REQUEST} and the
	 * delivery stopped
	 */
	boolean notifyCustom(Object notification);

	/**
	 * Suspend the request until the given work completes; return the result of this
	 * method from the notification method ({@code return context.pending(stage);}). The
	 * servlet thread is released meanwhile; once the stage completes,
	 * {@link PipelineModule#onAsyncCompletion} is called on the module, on the container
	 * thread of the async dispatch that resumes the request, and the pipeline continues.
	 * If the request's asynchronous processing times out or fails first, the module gets
	 * a {@link java.util.concurrent.TimeoutException} or the failure instead and the
	 * request ends; the stage completing later is ignored.
	 * @param stage the asynchronous work
	 * @return {@link NotificationStatus#PENDING}
	 * @throws IllegalStateException outside a deterministic event or
	 * {@code onAsyncCompletion} (the other non-deterministic notifications cannot suspend
	 * the request), or once the request can no longer be suspended (an exception is on
	 * its way to the container, or its asynchronous processing timed out, failed or
	 * completed)
	 */
	NotificationStatus pending(CompletionStage<?> stage);

	/**
	 * Return the failure that ended the request early: what a module or the handler threw
	 * (the cause of a {@code ServletException}), or the
	 * {@link java.util.concurrent.TimeoutException} of an asynchronous timeout while a
	 * module's work was pending.
	 * @return the failure or {@code null}
	 */
	@Nullable Throwable error();

	/**
	 * Replace the response that is about to be sent with other content, as a custom error
	 * page does; allowed once, from {@link PipelineModule#onSendResponse}, while the
	 * response is not committed. The buffered content is discarded, the status, content
	 * type and {@code Content-Length} are set and the content written; the headers other
	 * modules or the application set stay. From then on:
	 * <ul>
	 * <li>whatever the application still writes on the response (content, status, content
	 * type, errors, redirects) is discarded, as a container discards what follows
	 * {@code sendError}; headers can still be set (by the modules notified after this
	 * one);</li>
	 * <li>a {@code sendError} that triggered the notification does not reach the
	 * container, which renders no error page;</li>
	 * <li>a failure on its way to the container (an exception from the handler, the
	 * notification then being triggered as the request ends) is answered: it is still
	 * {@link #error()} for {@code LOG_REQUEST} and {@code END_REQUEST}, but does not
	 * reach the container.</li>
	 * </ul>
	 * In a child request, the captured response is this content, and no error page is
	 * rendered for the child.
	 * @param status the status to send
	 * @param contentType the content type, or {@code null} to keep the response's
	 * @param content the content
	 * @throws IllegalStateException outside {@code onSendResponse}, once the response was
	 * replaced or committed
	 * @since 0.1.0
	 */
	void replaceResponse(int status, @Nullable String contentType, byte[] content);

	/**
	 * Close the client connection without sending a response, as IIS's
	 * {@code AbortRequest} does; then answer {@link NotificationStatus#FINISH_REQUEST}.
	 * On embedded Tomcat nothing reaches the client; elsewhere, and for a child request
	 * (which has no connection), the response ends with no body and
	 * {@code Connection: close}. {@code LOG_REQUEST} and {@code END_REQUEST} still run.
	 * @throws IllegalStateException outside a module notification
	 * @since 0.1.0
	 */
	void abortConnection();

	/**
	 * Return the id of this request, the one it has in child-request traces
	 * ({@code /actuator/childrequests}) when they are recorded: {@code cN} for a child
	 * request, {@code rN} for a top-level request. A child's trace names its parent by
	 * this id.
	 * @return the id
	 * @since 0.1.0
	 */
	String traceId();

	/**
	 * Return the context of the request that issued this child request, or {@code null}
	 * for a top-level request (and for a child request executed without a parent).
	 * @return the parent context or {@code null}
	 */
	@Nullable PipelineContext parent();

	/**
	 * Return how deeply this request is nested: {@code 0} for a top-level request,
	 * {@code 1} for its child, and so on.
	 * @return the nesting depth
	 */
	int depth();

	/**
	 * Return the flags this request was executed with as a child request, so that a
	 * module can honour them (the output cache serves a child only with
	 * {@link ExecuteFlag#HTTP_CACHE_ELIGIBLE}); empty for a top-level request.
	 * @return the read-only flags
	 * @since 0.1.0
	 */
	Set<ExecuteFlag> executeFlags();

	/**
	 * Start recording the response this request produces from here on: the content the
	 * filters after the pipeline's authentication filter, the handler and its view write,
	 * and the headers they set, for a module that stores responses (an output cache) to
	 * read once the handler ran ({@link RequestEvent#UPDATE_REQUEST_CACHE}). The content
	 * still reaches the client as it is written; recording only keeps a copy, of at most
	 * {@code maxContentBytes} (beyond it the copy is dropped and
	 * {@link ResponseRecording#exceeded()} answers {@code true}). Headers that filters
	 * before the pipeline's authentication filter write (Spring Security's default cache
	 * headers) are not recorded. Calling it again returns the same recording.
	 * <p>
	 * Allowed up to and including {@link RequestEvent#RESOLVE_REQUEST_CACHE} and its
	 * post-event. In a child request, records the child's captured response the same way.
	 * @param maxContentBytes how much content to keep at most
	 * @return the recording, read at {@code UPDATE_REQUEST_CACHE} or later
	 * @throws IllegalStateException after {@code RESOLVE_REQUEST_CACHE}
	 * @since 0.1.0
	 */
	ResponseRecording recordResponse(int maxContentBytes);

	/**
	 * Limit how much of the request body may be read: the body is counted as the
	 * application reads it (its input stream in bytes, its reader in characters), also
	 * when it is chunked and no {@code Content-Length} announced its size. The read that
	 * goes beyond {@code maxBytes} calls {@code whenExceeded} once and throws the
	 * exception it returns (a
	 * {@link org.springframework.web.server.ResponseStatusException} answers the request
	 * through Spring MVC's exception handling). Form parameters that the container parses
	 * itself are bounded by the container's own limit
	 * ({@code server.tomcat.max-http-form-post-size}) instead.
	 * <p>
	 * Allowed during {@link RequestEvent#BEGIN_REQUEST} and its post-event only, before
	 * the body is read. In a child request, counts the child's body.
	 * @param maxBytes how much may be read
	 * @param whenExceeded supplies the exception to throw from the read that exceeds the
	 * limit
	 * @throws IllegalStateException when called during another event
	 * @since 0.1.0
	 */
	void limitRequestContent(long maxBytes, Supplier<? extends RuntimeException> whenExceeded);

	/**
	 * Attach a short note to the current module's entry in the trace timeline (the
	 * {@code childrequests} actuator endpoint), to say what it did: which rule refused
	 * the request, for instance. Without tracing, the note is dropped; a second note in
	 * one notification replaces the first.
	 * @param note the note
	 * @since 0.1.0
	 */
	void traceNote(String note);

	/**
	 * Create a child context from this request (IIS's {@code CloneContext}): a copy of
	 * the request's method, URL and headers that can be changed without touching this
	 * request, then executed with {@link #executeRequest}. The body is not copied, as
	 * reading it would consume this request's; give the child one with
	 * {@link ChildContext#setBody(byte[])}.
	 * @return the child context
	 */
	ChildContext cloneContext();

	/**
	 * Execute a child context cloned from this context through the whole pipeline (IIS's
	 * {@code ExecuteRequest}: a request run in-process, through every filter, module and
	 * the {@code DispatcherServlet}). Execution is always asynchronous: when the returned
	 * execution {@link ChildExecution#pending() is pending}, return
	 * {@link NotificationStatus#PENDING} and receive the
	 * {@link dev.integratedpipeline.child.ChildResponse} in
	 * {@link PipelineModule#onAsyncCompletion}. Unless
	 * {@link ExecuteFlag#BUFFER_RESPONSE} is given, the child's response is written to
	 * this request's response: streamed, once it outgrows the child's buffer, while the
	 * child runs on this thread (see {@link ExecuteFlag#BUFFER_RESPONSE}).
	 * @param child the child context, cloned from this context
	 * @param flags how to execute it
	 * @param user the user to execute it as (authentication is then skipped for the
	 * child), or {@code null} to have it authenticate itself from the credentials it
	 * copied, as the same request from the network would
	 * @return the execution
	 * @throws ChildRequestException {@code NOT_SUPPORTED} when the child was not cloned
	 * from this context, {@code STACK_OVERFLOW} beyond the nesting limit,
	 * {@code ALREADY_EXECUTED} when it was executed before
	 */
	ChildExecution executeRequest(ChildContext child, Set<ExecuteFlag> flags, @Nullable Principal user);

	/**
	 * Execute a child context as IIS's {@code ExecuteRequest} is called, with its
	 * {@code fAsync} argument. As in IIS, only asynchronous execution is supported (it
	 * keeps child requests from exhausting the server's threads): with {@code async}
	 * {@code true} this is {@link #executeRequest(ChildContext, Set, Principal)}; with
	 * {@code false} nothing runs and the child stays unexecuted.
	 * @param async whether to execute asynchronously; must be {@code true}
	 * @param child the child context, cloned from this context
	 * @param flags how to execute it
	 * @param user the user to execute it as (authentication is then skipped for the
	 * child), or {@code null} to have it authenticate itself from the credentials it
	 * copied, as the same request from the network would
	 * @return the execution
	 * @throws ChildRequestException {@code NOT_SUPPORTED} when {@code async} is
	 * {@code false}, otherwise as {@link #executeRequest(ChildContext, Set, Principal)}
	 */
	default ChildExecution executeRequest(boolean async, ChildContext child, Set<ExecuteFlag> flags,
			@Nullable Principal user) {
		if (!async) {
			throw new ChildRequestException(ChildRequestException.Reason.NOT_SUPPORTED,
					"Child requests execute asynchronously only, as in IIS: fAsync must be true");
		}
		return executeRequest(child, flags, user);
	}

}
