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
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * What child requests need from the servlet container: its own filter chain for a path
 * and dispatcher type, its error pages and its sessions.
 *
 * @author Integrated Pipeline team
 */
interface ServletContainer {

	/**
	 * Return the servlet context of the application.
	 * @return the servlet context
	 */
	ServletContext servletContext();

	/**
	 * Run a request through the filters the container maps to its path and dispatcher
	 * type, in the container's order, then the servlet.
	 * @param request the request
	 * @param response the response
	 * @param mapping the servlet the path maps to
	 * @param path the decoded path within the application, without the query
	 * @param type the dispatcher type
	 * @throws IOException when the chain fails
	 * @throws ServletException when the chain fails
	 */
	void dispatch(HttpServletRequest request, HttpServletResponse response, ServletMapping mapping, String path,
			DispatcherType type) throws IOException, ServletException;

	/**
	 * Return the path of the error page for a status or a failure, if the application has
	 * one.
	 * @param status the status code
	 * @param failure the failure, if any
	 * @return the error page path or {@code null}
	 */
	@Nullable String errorPage(int status, @Nullable Throwable failure);

	/**
	 * Return how paths map to the container's servlets.
	 * @return the mapper, by default from the servlet context's registrations
	 */
	default ServletMapper mapper() {
		return new ServletMapper(servletContext());
	}

	/**
	 * Create a new session, for a child request executed with no parent request.
	 * @return the session
	 */
	HttpSession createSession();

}
