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

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads the path that the demo's modules match requests on.
 *
 * @author Integrated Pipeline team
 */
final class RequestPaths {

	private RequestPaths() {
	}

	/**
	 * Return the path of a request within the application.
	 * @param request the request
	 * @return the decoded, normalized path, such as {@code /private/hello}
	 */
	static String pathWithinApplication(HttpServletRequest request) {
		// The servlet path is decoded and normalized by the container, unlike the raw
		// request URI, so "/%70rivate/hello" or "/x/../private/hello" cannot slip past a
		// module that matches on it
		String pathInfo = request.getPathInfo();
		return (pathInfo != null) ? request.getServletPath() + pathInfo : request.getServletPath();
	}

}
