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
import java.lang.reflect.Field;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Closes the client connection of a request without a response, where the container
 * allows it: embedded Tomcat and Jetty, through their own response (the servlet API has
 * no such call). Elsewhere the response ends empty with {@code Connection: close}, which
 * the caller set.
 *
 * @author Integrated Pipeline team
 */
final class ConnectionAbort {

	private static final Log logger = LogFactory.getLog(ConnectionAbort.class);

	private static final boolean TOMCAT = ClassUtils.isPresent("org.apache.catalina.connector.ResponseFacade",
			ConnectionAbort.class.getClassLoader());

	private static final boolean JETTY = ClassUtils.isPresent("org.eclipse.jetty.ee11.servlet.ServletApiResponse",
			ConnectionAbort.class.getClassLoader());

	private ConnectionAbort() {
	}

	/**
	 * Close the connection of a response now, discarding whatever the response holds.
	 * @param response the response, or a wrapper of it
	 * @return whether the connection is closed without a response
	 */
	static boolean abort(ServletResponse response) {
		ServletResponse unwrapped = response;
		while (unwrapped instanceof ServletResponseWrapper wrapper) {
			unwrapped = wrapper.getResponse();
		}
		return (TOMCAT && Tomcat.abort(unwrapped)) || (JETTY && Jetty.abort(unwrapped));
	}

	private static final class Jetty {

		static boolean abort(ServletResponse response) {
			if (!(response instanceof org.eclipse.jetty.ee11.servlet.ServletApiResponse jettyResponse)) {
				return false;
			}
			try {
				// Jetty's own call for it: its channel aborts, the connection is closed
				jettyResponse.sendError(-1);
				return true;
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Cannot close the connection through Jetty's response", ex);
				return false;
			}
		}

	}

	private static final class Tomcat {

		private static final @Nullable Field RESPONSE = ReflectionUtils
			.findField(org.apache.catalina.connector.ResponseFacade.class, "response");

		static {
			if (RESPONSE != null) {
				ReflectionUtils.makeAccessible(RESPONSE);
			}
		}

		static boolean abort(ServletResponse response) {
			Field field = RESPONSE;
			if (field == null || !(response instanceof org.apache.catalina.connector.ResponseFacade facade)) {
				return false;
			}
			try {
				org.apache.catalina.connector.Response tomcatResponse = (org.apache.catalina.connector.Response) field
					.get(facade);
				// Nothing more reaches the client; the connection is closed, as IIS's
				// AbortRequest drops it
				tomcatResponse.setSuspended(true);
				tomcatResponse.getCoyoteResponse().action(org.apache.coyote.ActionCode.CLOSE_NOW, null);
				return true;
			}
			catch (IllegalAccessException | RuntimeException ex) {
				logger.debug("Cannot close the connection through Tomcat's response", ex);
				return false;
			}
		}

	}

}
