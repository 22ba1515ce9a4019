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

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

import dev.integratedpipeline.servlet.ServletPipelineContext.Outcome;

/**
 * The Spring MVC interceptor that delivers {@code MAP_REQUEST_HANDLER} to
 * {@code EXECUTE_REQUEST_HANDLER} once the handler is known and right before it runs, and
 * {@code onMapPath} when the handler serves static resources. Answering
 * {@code FINISH_REQUEST} there keeps the handler from running.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class PipelineHandlerInterceptor implements AsyncHandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		DispatcherType type = request.getDispatcherType();
		if (type != DispatcherType.REQUEST && type != DispatcherType.ASYNC) {
			return true;
		}
		ServletPipelineContext context = ServletPipelineContext.get(request);
		if (context == null || context.isEnded() || context.position() > Notifications.EXECUTE_REQUEST_HANDLER) {
			return true;
		}
		context.use(request, response);
		context.setHandler(handler);
		Outcome outcome = context.advance(Notifications.POST_MAP_REQUEST_HANDLER);
		if (outcome == Outcome.PROCEED && handler instanceof ResourceHttpRequestHandler) {
			outcome = mapPath(context, request);
		}
		if (outcome == Outcome.PROCEED) {
			outcome = context.advance(Notifications.EXECUTE_REQUEST_HANDLER);
		}
		if (outcome == Outcome.SUSPENDED) {
			context.suspend(request);
		}
		return outcome == Outcome.PROCEED;
	}

	private Outcome mapPath(ServletPipelineContext context, HttpServletRequest request) {
		if (context.isPathMapped()) {
			return Outcome.PROCEED;
		}
		context.pathMapped();
		Object path = request.getAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE);
		if (path instanceof String resourcePath && context.subscribed(PipelineModules.MAP_PATH)) {
			String url = request.getRequestURI().substring(request.getContextPath().length());
			String mapped = context.mapPath(url, resourcePath);
			if (mapped == null) {
				return Outcome.STOP;
			}
			if (!mapped.equals(resourcePath)) {
				// Set only when changed: each setAttribute fires the container's events
				request.setAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE, mapped);
			}
		}
		return Outcome.PROCEED;
	}

}
