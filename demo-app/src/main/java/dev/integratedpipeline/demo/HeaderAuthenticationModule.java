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

package dev.integratedpipeline.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.Principal;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * Authenticates the user named by the {@code X-Demo-User} request header and refuses
 * anonymous requests for {@code /private/**}.
 *
 * @author Integrated Pipeline team
 */
@Component
@Order(0)
public class HeaderAuthenticationModule implements PipelineModule {

	static final String USER_HEADER = "X-Demo-User";

	private static final String PRIVATE_PATHS = "/private/";

	// The scheme is deliberately naive: whoever sends "X-Demo-User: alice" is alice.
	// That is what a module behind a trusted proxy that authenticated the user already
	// would do; a real application checks a credential here, or lets Spring Security
	// authenticate and only authorizes in the pipeline
	@Override
	public NotificationStatus onAuthenticateRequest(PipelineContext context) {
		String name = context.request().getHeader(USER_HEADER);
		// Keep a user that was established before, for example a child request's
		// chosen for it
		if (context.user() == null && StringUtils.hasText(name)) {
			context.setUser(new DemoUser(name.strip()));
		}
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onAuthorizeRequest(PipelineContext context) {
		if (context.user() != null
				|| !RequestPaths.pathWithinApplication(context.request()).startsWith(PRIVATE_PATHS)) {
			return NotificationStatus.CONTINUE;
		}
		HttpServletResponse response = context.response();
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		// A made-up scheme: tells the client which header to send
		response.setHeader("WWW-Authenticate", "DemoUser realm=\"integrated-pipeline-demo\"");
		response.setContentType("text/plain;charset=UTF-8");
		try {
			response.getWriter().write("Send the " + USER_HEADER + " header to see private pages.\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// The handler is never invoked; LOG_REQUEST and END_REQUEST still run
		return NotificationStatus.FINISH_REQUEST;
	}

	/**
	 * The user named by the header.
	 *
	 * @param name the user name
	 */
	record DemoUser(String name) implements Principal {

		@Override
		public String getName() {
			return this.name;
		}

	}

}
