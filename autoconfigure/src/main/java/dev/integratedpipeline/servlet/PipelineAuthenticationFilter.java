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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;

import dev.integratedpipeline.servlet.ServletPipelineContext.Fact;
import dev.integratedpipeline.servlet.ServletPipelineContext.Outcome;

/**
 * The filter that delivers {@code AUTHENTICATE_REQUEST} to {@code RESOLVE_REQUEST_CACHE}
 * once the application's authentication filters ran, and
 * {@code POST_EXECUTE_REQUEST_HANDLER} to {@code UPDATE_REQUEST_CACHE} once Spring MVC is
 * done with the request. For a request served by a servlet other than a
 * {@link DispatcherServlet}, which has no handler interceptor, it also delivers
 * {@code MAP_REQUEST_HANDLER} to {@code EXECUTE_REQUEST_HANDLER}, right before that
 * servlet runs. It works on the context the {@link PipelineFilter} created; a request
 * that did not pass that filter passes straight through.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class PipelineAuthenticationFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * The default order: right after Spring Security's filter chain ({@code -100}), so
	 * that modules see the principal it established.
	 */
	public static final int DEFAULT_ORDER = -90;

	private int order = DEFAULT_ORDER;

	private final Map<String, Boolean> dispatcherServlets = new ConcurrentHashMap<>();

	// Whether the application's servlets are all DispatcherServlets; worked out on the
	// first request
	private volatile @Nullable Boolean onlySpringMvc;

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
		return false;
	}

	/**
	 * Filter the request once per dispatch, by {@code OncePerRequestFilter}'s rules, as
	 * the {@link PipelineFilter} does: for a request the pipeline works on, its context
	 * says whether this filter is already working on it, rather than a request attribute.
	 */
	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ServletPipelineContext context = ServletPipelineContext.get(request);
		if (context == null || !(request instanceof HttpServletRequest httpRequest)
				|| !(response instanceof HttpServletResponse httpResponse)) {
			super.doFilter(request, response, chain);
			return;
		}
		if (PipelineFilter.isErrorDispatch(httpRequest) || !context.startFiltering(Fact.AUTHENTICATION_FILTERING)) {
			chain.doFilter(request, response);
			return;
		}
		try {
			filter(context, httpRequest, httpResponse, chain);
		}
		finally {
			context.endFiltering(Fact.AUTHENTICATION_FILTERING);
		}
	}

	/**
	 * Filter a request that has no pipeline context: it only passes it on.
	 */
	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, response);
	}

	private void filter(ServletPipelineContext context, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		if (context.isEnded() || context.isChainDone()) {
			chain.doFilter(request, response);
			return;
		}
		context.use(request, response);
		// Spring MVC's handler interceptor delivers MAP_REQUEST_HANDLER to
		// EXECUTE_REQUEST_HANDLER; another servlet gets them here, before it runs
		int target = isServedBySpringMvc(request) ? Notifications.POST_RESOLVE_REQUEST_CACHE
				: Notifications.EXECUTE_REQUEST_HANDLER;
		if (context.position() <= target) {
			Outcome outcome = context.advance(target);
			if (outcome == Outcome.SUSPENDED) {
				context.suspend(request);
				return;
			}
			if (outcome == Outcome.STOP) {
				context.chainDone();
				return;
			}
		}
		context.rememberUser();
		// Spring Security wraps the request to answer its own principal; a user that a
		// module established must win, so wrap again, outermost
		HttpServletRequest pipelineRequest = context.isUserSetByModule() ? new PipelineRequest(request, context, null)
				: request;
		// A module that stores responses asked for a copy of what the handler writes
		HttpServletResponse pipelineResponse = context.recordingResponse(response);
		context.use(pipelineRequest, pipelineResponse);
		chain.doFilter(pipelineRequest, pipelineResponse);
		if (request.isAsyncStarted()) {
			return;
		}
		context.chainDone();
		if (context.advance(Notifications.POST_UPDATE_REQUEST_CACHE) == Outcome.SUSPENDED) {
			context.suspend(request);
		}
	}

	private boolean isServedBySpringMvc(HttpServletRequest request) {
		Boolean onlySpringMvc = this.onlySpringMvc;
		if (onlySpringMvc == null) {
			onlySpringMvc = hasOnlyDispatcherServlets(request.getServletContext());
			this.onlySpringMvc = onlySpringMvc;
		}
		if (onlySpringMvc) {
			// Every request is Spring MVC's: no mapping to look up through the wrappers
			return true;
		}
		HttpServletMapping mapping = request.getHttpServletMapping();
		String name = (mapping != null) ? mapping.getServletName() : null;
		if (name == null) {
			return true;
		}
		Boolean known = this.dispatcherServlets.get(name);
		return (known != null) ? known : this.dispatcherServlets.computeIfAbsent(name,
				(servletName) -> isDispatcherServlet(request.getServletContext(), servletName));
	}

	/**
	 * Return whether every servlet of the application is a {@code DispatcherServlet}, as
	 * in a Boot application of Spring MVC alone. Asked on the first request, once the
	 * application has registered its servlets, as no servlet can be added after it
	 * started.
	 */
	private static boolean hasOnlyDispatcherServlets(ServletContext servletContext) {
		Map<String, ? extends ServletRegistration> registrations = servletContext.getServletRegistrations();
		if (registrations.isEmpty()) {
			// Unknown, as in a mock servlet context: each request's mapping decides
			return false;
		}
		for (String name : registrations.keySet()) {
			if (!isDispatcherServlet(servletContext, name)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDispatcherServlet(ServletContext servletContext, String name) {
		ServletRegistration registration = servletContext.getServletRegistration(name);
		String className = (registration != null) ? registration.getClassName() : null;
		if (className == null) {
			// Unknown: leave the handler events to the interceptor, as for Spring MVC
			return true;
		}
		try {
			return DispatcherServlet.class
				.isAssignableFrom(ClassUtils.forName(className, servletContext.getClassLoader()));
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
