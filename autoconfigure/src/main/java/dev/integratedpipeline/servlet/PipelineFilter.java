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

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

import dev.integratedpipeline.servlet.ServletPipelineContext.Fact;
import dev.integratedpipeline.servlet.ServletPipelineContext.Outcome;

/**
 * The filter that opens and closes the integrated pipeline of every request: it creates
 * the {@link dev.integratedpipeline.pipeline.PipelineContext}, delivers
 * {@code BEGIN_REQUEST}, lets the request through the rest of the chain, then delivers
 * whatever is left up to {@code END_REQUEST}, also when the chain throws. An asynchronous
 * request (a suspended module or an asynchronous handler) is ended when its last dispatch
 * returns, or when it completes, times out or fails without another dispatch. A request
 * that a filter before the {@link PipelineAuthenticationFilter} answered without passing
 * it on (Spring Security refusing it) is finished: it skips to {@code LOG_REQUEST}.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class PipelineFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * The default order: after Boot's character encoding and observation filters, before
	 * {@code RequestContextFilter} ({@code -105}) and Spring Security ({@code -100}), so
	 * that {@code BEGIN_REQUEST} comes before authentication, as in IIS.
	 */
	public static final int DEFAULT_ORDER = -110;

	private final IntegratedPipeline pipeline;

	private int order = DEFAULT_ORDER;

	/**
	 * Create a filter for a pipeline.
	 * @param pipeline the pipeline
	 */
	public PipelineFilter(IntegratedPipeline pipeline) {
		Assert.notNull(pipeline, "'pipeline' must not be null");
		this.pipeline = pipeline;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * Set the order of this filter.
	 * @param order the order
	 */
	public void setOrder(int order) {
		this.order = order;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		// A suspended request resumes through an async dispatch
		return false;
	}

	/**
	 * Filter the request once per dispatch, by {@code OncePerRequestFilter}'s rules: an
	 * async dispatch is filtered, an error dispatch and a nested dispatch of a request
	 * this filter is already working on pass straight on. For a request the pipeline
	 * works on, the context on the request says whether this filter is working on it,
	 * rather than an "already filtered" request attribute: the container's
	 * {@code setAttribute} and {@code removeAttribute} fire attribute events and
	 * allocate, on every request.
	 */
	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!(request instanceof HttpServletRequest httpRequest)
				|| !(response instanceof HttpServletResponse httpResponse) || !this.pipeline.isActive(httpRequest)) {
			super.doFilter(request, response, chain);
			return;
		}
		ServletPipelineContext context = ServletPipelineContext.get(httpRequest);
		if (isErrorDispatch(httpRequest) || (context != null && !context.startFiltering(Fact.PIPELINE_FILTERING))) {
			chain.doFilter(request, response);
			return;
		}
		if (context == null) {
			context = this.pipeline.createContext(httpRequest, httpResponse);
			context.startFiltering(Fact.PIPELINE_FILTERING);
			request.setAttribute(ServletPipelineContext.ATTRIBUTE, context);
		}
		try {
			filter(context, httpRequest, httpResponse, chain);
		}
		finally {
			context.endFiltering(Fact.PIPELINE_FILTERING);
		}
	}

	/**
	 * Return whether the request is an error dispatch, which {@code OncePerRequestFilter}
	 * does not filter by default.
	 * @param request the request
	 * @return whether it is
	 */
	static boolean isErrorDispatch(HttpServletRequest request) {
		return request.getAttribute(WebUtils.ERROR_REQUEST_URI_ATTRIBUTE) != null;
	}

	/**
	 * Filter a request the pipeline does not work on (no module, no trace, not a child
	 * request), by {@code OncePerRequestFilter}'s own rules: it only passes it on.
	 */
	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			Children.dispatchEnded(request);
		}
	}

	private void filter(ServletPipelineContext context, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		if (context.isEnded()) {
			chain.doFilter(request, response);
			return;
		}
		// Wrapped before BEGIN_REQUEST, as a module may commit the response there too,
		// and only for modules that override onSendResponse: every call of the
		// application on the response goes through the wrapper
		HttpServletResponse pipelineResponse = response;
		if (context.subscribed(PipelineModules.SEND_RESPONSE)) {
			PipelineResponse sending = new PipelineResponse(response, context);
			context.pipelineResponse(sending);
			pipelineResponse = sending;
		}
		ServletPipelineContext previous = ServletPipelineContext.enter(context);
		try {
			process(context, request, pipelineResponse, chain);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			context.fail((ex instanceof ServletException servletException && servletException.getRootCause() != null)
					? servletException.getRootCause() : ex);
			if (!response.isCommitted()) {
				// The container answers 500, as Boot's HttpExchangesFilter assumes:
				// onSendResponse and LOG_REQUEST must see it
				response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
			}
			try {
				context.endNow();
			}
			catch (RuntimeException | Error endFailure) {
				if (endFailure != ex) {
					ex.addSuppressed(endFailure);
				}
				throw ex;
			}
			if (context.isResponseReplaced()) {
				// A module answered the failure with a response of its own (a custom
				// error page): the container must not render its error page over it
				return;
			}
			throw ex;
		}
		finally {
			ServletPipelineContext.exit(previous);
		}
	}

	private void process(ServletPipelineContext context, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		context.use(request, response);
		if (context.position() <= Notifications.POST_BEGIN_REQUEST) {
			if (context.advance(Notifications.POST_BEGIN_REQUEST) == Outcome.SUSPENDED) {
				context.suspend(request);
				return;
			}
		}
		if (!context.isFinished() && !context.isChainDone()) {
			// Resumed after a module suspended the request at BEGIN_REQUEST: the filters
			// downstream have not seen it yet and must treat it as a new request
			boolean firstPass = request.getDispatcherType() == DispatcherType.ASYNC && !context.isChainEntered();
			context.chainEntered();
			HttpServletRequest pipelineRequest = needsView(context, request, firstPass)
					? new PipelineRequest(request, context, context.rewrittenUrl(), firstPass) : request;
			context.use(pipelineRequest, response);
			chain.doFilter(pipelineRequest, response);
			if (request.isAsyncStarted()) {
				// A suspended module or an asynchronous handler: resumed by a later
				// dispatch, or ended when the request completes, times out or fails
				context.listen(request.getAsyncContext());
				return;
			}
			if (!context.isChainDone() && context.position() <= Notifications.AUTHENTICATE_REQUEST) {
				// A filter before the authentication filter (Spring Security refusing the
				// request) answered it without passing it on: that finishes the request,
				// as an IIS authentication or authorization module that refuses it does
				context.finish();
			}
		}
		end(context, request);
	}

	/**
	 * Return whether the filters downstream must see the request through a
	 * {@link PipelineRequest}: a rewritten URL, a first pass after a suspension, or a
	 * body whose reading modules are notified of or that is counted against a limit. Only
	 * then, as every call of the application on the request goes through it.
	 */
	private static boolean needsView(ServletPipelineContext context, HttpServletRequest request, boolean firstPass) {
		return firstPass || context.rewrittenUrl() != null
				|| ((context.subscribed(PipelineModules.READ_ENTITY) || context.requestContentLimit() >= 0)
						&& PipelineRequest.mayHaveBody(request));
	}

	private void end(ServletPipelineContext context, HttpServletRequest request) {
		if (context.end() == Outcome.SUSPENDED) {
			context.suspend(request);
		}
	}

}
