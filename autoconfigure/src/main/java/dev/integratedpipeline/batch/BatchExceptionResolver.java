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

package dev.integratedpipeline.batch;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers for the batch endpoint when Spring MVC fails a request to it before the
 * {@link BatchHandler} runs: a body of a {@code multipart/*} type, which the
 * {@code DispatcherServlet} parses before it looks a handler up (Jetty refuses a
 * {@code multipart/mixed} body it cannot parse, where Tomcat finds no part), is a batch
 * that is not JSON, answered 415 with a problem as the handler would, instead of the
 * application's error page. Any other request, and any other failure, is left to the
 * application's resolvers.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class BatchExceptionResolver implements HandlerExceptionResolver, Ordered {

	private final BatchHandler handler;

	/**
	 * Create a resolver for the endpoint of the given handler.
	 * @param handler the batch handler
	 */
	public BatchExceptionResolver(BatchHandler handler) {
		Assert.notNull(handler, "'handler' must not be null");
		this.handler = handler;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!(ex instanceof MultipartException) || !isBatchPath(request)) {
			return null;
		}
		try {
			this.handler.refuse(request, response,
					BatchRefusedException
						.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
								"A batch must be sent as application/json, not " + request.getContentType())
						.problem());
		}
		catch (IOException writeFailure) {
			return null;
		}
		return new ModelAndView();
	}

	private boolean isBatchPath(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return uri.startsWith(contextPath) && uri.substring(contextPath.length()).equals(this.handler.options().path());
	}

}
