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

package dev.integratedpipeline.child;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.servlet.ServletRequest;

/**
 * Executes child requests: server-side requests that run the application's whole request
 * pipeline in-process (every servlet filter the application registered, in the
 * container's order, Spring Security included; every pipeline module and event; then the
 * {@code DispatcherServlet} with its handler mappings, interceptors, controllers, views
 * and error handling) and capture the status, headers and content. After the ASP.NET
 * {@code ChildRequestExecutor} sample.
 * <p>
 * No parent request is needed: a child can be executed from any thread, a scheduled job
 * or a startup runner, even before the first HTTP request reached the application. When
 * called while a request is being processed on the current thread, that request is the
 * parent: the child shares its HTTP session and nests one level deeper, and the parent's
 * thread-bound state (request attributes, locale, security context, MDC) is the same
 * after the child as before it. Child requests never widen access: a child runs as its
 * parent's user unless it is given another one, made anonymous, or built
 * {@link ChildRequest#from from} a live request, whose credentials it then authenticates
 * with, as a browser would (see {@link ChildRequest.Identity}); with no parent, it is
 * anonymous. Authorization runs for it as for any request.
 * <p>
 * The executor always buffers: the child's response is returned, never written to the
 * parent's response.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public interface ChildRequestExecutor {

	/**
	 * The name of the request attribute that holds the {@link ChildRequest} being
	 * executed.
	 */
	String CHILD_REQUEST_ATTRIBUTE = ChildRequestExecutor.class.getName() + ".CHILD_REQUEST";

	/**
	 * Execute a child request on the calling thread and wait for it to complete,
	 * including any asynchronous processing of its handler (within its timeout).
	 * <p>
	 * As the child runs on the caller's thread, it joins whatever is bound to that thread
	 * and not reset by the pipeline: an open transaction, a JPA {@code EntityManager}
	 * (open-in-view), a transaction-scoped resource. The request attributes, locale,
	 * security context, current observation and MDC are the parent's again once the child
	 * returns. Its timeout can only end it once it went asynchronous: nothing interrupts
	 * the caller's own thread while the child runs on it.
	 * @param request the child request
	 * @return the captured response; a child whose handler failed answers with its error
	 * status (and the error page, unless {@link ExecuteFlag#DISABLE_CUSTOM_ERROR}) and
	 * the failure in {@link ChildResponse#error()}
	 * @throws ChildRequestException when the child cannot run (nesting beyond the limit,
	 * another servlet without {@link ExecuteFlag#IGNORE_APPPOOL}), its content exceeds
	 * the buffer limit, it times out, the caller's thread is interrupted while it waits
	 * ({@code INTERRUPTED}: the child is cancelled), or it fails unexpectedly
	 * ({@code FAILED})
	 */
	ChildResponse execute(ChildRequest request);

	/**
	 * Execute a child request on Spring Boot's application task executor (virtual threads
	 * with {@code spring.threads.virtual.enabled=true}); never blocks the caller. The
	 * child is prepared on the caller's thread (the parent's session, if it has one, is
	 * looked up then: the child never calls into its parent's request from another
	 * thread, and a session it creates is its own). Its timeout counts from now, time
	 * spent waiting for a thread included; it is cancelled with
	 * {@link ChildRequestException.Reason#TIMEOUT} when that timeout elapses, whatever it
	 * is doing, and with {@link ChildRequestException.Reason#CANCELLED} when the parent
	 * request ends first or its future is cancelled. A cancelled child that went
	 * asynchronous has its async listeners told, so that a {@code DeferredResult} it
	 * holds is released.
	 * @param request the child request
	 * @return the future response, completed exceptionally with a
	 * {@link ChildRequestException} when the child cannot run ({@code FAILED} when the
	 * task executor refuses it); cancelling it cancels the child
	 */
	CompletableFuture<ChildResponse> executeAsync(ChildRequest request);

	/**
	 * Execute a child request as {@link #executeAsync(ChildRequest)} does, but handed to
	 * the given executor instead of Spring Boot's application task executor: for a caller
	 * that runs many children and spreads them over threads its own way (the JSON batch
	 * endpoint runs them one after the other on its own thread and on a few pool threads,
	 * rather than waking a thread per child). The child is prepared on the caller's
	 * thread, as a child of the caller's request, and its timeout armed now. The executor
	 * may run the task it is given on any thread, the caller's own included once
	 * {@code execute} returned (the batch endpoint's thread takes its items itself): the
	 * timeout still fails the child, but nothing interrupts the thread that runs it, so a
	 * caller that runs the task must answer its own deadline from another thread if the
	 * child may block. A task the executor refuses fails the child with
	 * {@link ChildRequestException.Reason#FAILED}.
	 * <p>
	 * The default implementation ignores the executor and calls
	 * {@link #executeAsync(ChildRequest)}.
	 * @param request the child request
	 * @param executor runs the child
	 * @return the future response, as {@link #executeAsync(ChildRequest)} returns it
	 * @since 0.1.0
	 */
	default CompletableFuture<ChildResponse> executeAsync(ChildRequest request, Executor executor) {
		return executeAsync(request);
	}

	/**
	 * Execute child requests in parallel and wait for all of them. Each child is handed
	 * to the application task executor as by {@link #executeAsync}, then the calling
	 * thread runs, one after the other, those that no pool thread has started yet, and
	 * waits for the others: it never waits for a child that is only queued, so children
	 * that fan out again from pool threads cannot exhaust the pool.
	 * @param requests the child requests
	 * @return the responses, in the order of the requests
	 * @throws ChildRequestException the first failure, with the others suppressed, when
	 * any child could not run
	 */
	List<ChildResponse> executeAll(List<ChildRequest> requests);

	/**
	 * Return the child request being executed by the given request, so that a module or a
	 * controller can read its {@link ChildRequest#userData() user data}.
	 * @param request the current servlet request
	 * @return the child request, empty outside a child request
	 */
	static Optional<ChildRequest> currentChildRequest(ServletRequest request) {
		return (request.getAttribute(CHILD_REQUEST_ATTRIBUTE) instanceof ChildRequest child) ? Optional.of(child)
				: Optional.empty();
	}

}
