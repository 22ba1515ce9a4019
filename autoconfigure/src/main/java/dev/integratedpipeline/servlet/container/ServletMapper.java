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

package dev.integratedpipeline.servlet.container;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;

/**
 * Maps paths to the application's servlets with the servlet specification's rules: exact,
 * longest path prefix, extension, then default. Built once from the servlet
 * registrations.
 *
 * @author Integrated Pipeline team
 */
public final class ServletMapper {

	private final Map<String, String> exact = new HashMap<>();

	private final List<Map.Entry<String, String>> prefixes = new ArrayList<>();

	private final Map<String, String> extensions = new HashMap<>();

	private @Nullable String root;

	private @Nullable String fallback;

	private ServletMapper() {
	}

	/**
	 * Create a mapper with a single servlet, the default one, mapped to {@code /}.
	 * @param servletName the name of the servlet
	 * @return the mapper
	 */
	public static ServletMapper defaultServlet(String servletName) {
		ServletMapper mapper = new ServletMapper();
		mapper.fallback = servletName;
		return mapper;
	}

	ServletMapper(ServletContext servletContext) {
		for (ServletRegistration registration : servletContext.getServletRegistrations().values()) {
			for (String pattern : registration.getMappings()) {
				add(pattern, registration.getName());
			}
		}
		this.prefixes
			.sort(Comparator.comparingInt((Map.Entry<String, String> entry) -> entry.getKey().length()).reversed());
	}

	private void add(String pattern, String servlet) {
		if (pattern.isEmpty()) {
			this.root = servlet;
		}
		else if (pattern.equals("/")) {
			this.fallback = servlet;
		}
		else if (pattern.endsWith("/*")) {
			this.prefixes.add(Map.entry(pattern.substring(0, pattern.length() - 2), servlet));
		}
		else if (pattern.startsWith("*.")) {
			this.extensions.put(pattern.substring(1), servlet);
		}
		else {
			this.exact.put(pattern, servlet);
		}
	}

	/**
	 * Map a decoded path within the application.
	 * @param path the path, without the query
	 * @return the mapping
	 */
	public ServletMapping map(String path) {
		String servlet = this.exact.get(path);
		if (servlet != null) {
			return new ServletMapping(servlet, path, path, null, MappingMatch.EXACT, path.substring(1));
		}
		if (path.equals("/") && this.root != null) {
			return new ServletMapping(this.root, "", "", "/", MappingMatch.CONTEXT_ROOT, "");
		}
		// Indexed, and no concatenation: every child is mapped here
		for (int i = 0; i < this.prefixes.size(); i++) {
			Map.Entry<String, String> prefix = this.prefixes.get(i);
			String servletPath = prefix.getKey();
			if (path.startsWith(servletPath)
					&& (path.length() == servletPath.length() || path.charAt(servletPath.length()) == '/')) {
				String pathInfo = (path.length() > servletPath.length()) ? path.substring(servletPath.length()) : null;
				return new ServletMapping(prefix.getValue(), servletPath + "/*", servletPath, pathInfo,
						MappingMatch.PATH, (pathInfo != null) ? pathInfo.substring(1) : "");
			}
		}
		int slash = path.lastIndexOf('/');
		int dot = path.lastIndexOf('.');
		if (dot > slash) {
			servlet = this.extensions.get(path.substring(dot));
			if (servlet != null) {
				return new ServletMapping(servlet, "*" + path.substring(dot), path, null, MappingMatch.EXTENSION,
						path.substring(1, dot));
			}
		}
		if (this.fallback != null) {
			return new ServletMapping(this.fallback, "/", path, null, MappingMatch.DEFAULT, "");
		}
		throw new ChildRequestException(Reason.NOT_SUPPORTED, "No servlet is mapped to '" + path + "'");
	}

}
