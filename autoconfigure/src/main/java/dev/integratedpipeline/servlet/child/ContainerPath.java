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

package dev.integratedpipeline.servlet.child;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import org.springframework.web.util.UriUtils;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;

/**
 * The path a servlet container maps, worked out from a child's path as Tomcat works it
 * out from the URI of a request from the network
 * ({@code CoyoteAdapter.postParseRequest}): path parameters ({@code ;x=1}) removed from
 * every segment before decoding, decoded once, then normalised (repeated slashes
 * collapsed, {@code .} and {@code ..} segments resolved). The servlet mapping (servlet
 * path and path info), the filter mappings and everything that matches on them (Spring
 * Security's request matchers, modules reading the servlet path) see this path, as for
 * the same request from the network; the request URI stays as given, path parameters
 * included, as Tomcat's does.
 *
 * @author Integrated Pipeline team
 */
final class ContainerPath {

	private ContainerPath() {
	}

	/**
	 * Return the path the container maps for a path with an optional query.
	 * @param pathWithQuery the path within the application, still encoded
	 * @return the decoded, normalised path without path parameters and query
	 * @throws ChildRequestException with {@code INVALID_PARAMETER} for a path that climbs
	 * above the application's root
	 */
	static String of(String pathWithQuery) {
		int query = pathWithQuery.indexOf('?');
		String path = (query >= 0) ? pathWithQuery.substring(0, query) : pathWithQuery;
		String decoded = UriUtils.decode(withoutPathParameters(path), StandardCharsets.UTF_8);
		return normalize(decoded, pathWithQuery);
	}

	/**
	 * Remove the path parameters of every segment: from a {@code ;} to the next
	 * {@code /}, as Tomcat does before decoding (so an encoded {@code %3B} stays part of
	 * the segment).
	 */
	private static String withoutPathParameters(String path) {
		int semicolon = path.indexOf(';');
		if (semicolon < 0) {
			return path;
		}
		StringBuilder result = new StringBuilder(path.length());
		int from = 0;
		while (semicolon >= 0) {
			result.append(path, from, semicolon);
			int slash = path.indexOf('/', semicolon);
			if (slash < 0) {
				return result.toString();
			}
			from = slash;
			semicolon = path.indexOf(';', from);
		}
		return result.append(path, from, path.length()).toString();
	}

	private static String normalize(String path, String original) {
		if (!path.contains("//") && !path.contains("/.")) {
			return path;
		}
		Deque<String> segments = new ArrayDeque<>();
		String[] parts = path.split("/", -1);
		for (int i = 1; i < parts.length; i++) {
			String part = parts[i];
			boolean last = i == parts.length - 1;
			if (part.isEmpty() && !last) {
				continue;
			}
			if (part.equals(".")) {
				if (last) {
					segments.addLast("");
				}
				continue;
			}
			if (part.equals("..")) {
				if (segments.isEmpty()) {
					throw new ChildRequestException(Reason.INVALID_PARAMETER,
							"Child request path '" + original + "' climbs above the application's root");
				}
				segments.removeLast();
				if (last) {
					segments.addLast("");
				}
				continue;
			}
			segments.addLast(part);
		}
		return "/" + String.join("/", segments);
	}

}
