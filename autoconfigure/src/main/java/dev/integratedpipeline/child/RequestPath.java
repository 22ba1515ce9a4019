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

package dev.integratedpipeline.child;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.util.UriUtils;

import dev.integratedpipeline.child.ChildRequestException.Reason;

/**
 * A path within the application with its optional query, split once: the path as given
 * (still encoded, path parameters included, as a request URI), the query (without its
 * {@code ?}), and the path the servlet container maps, decoded as Tomcat decodes the URI
 * of a request from the network ({@code CoyoteAdapter.postParseRequest}): path parameters
 * ({@code ;x=1}) removed from every segment before decoding, decoded once, then
 * normalised (repeated slashes collapsed, {@code .} and {@code ..} segments resolved).
 * The servlet mapping, the filter mappings and everything that matches on them (Spring
 * Security's request matchers, modules reading the servlet path) see the decoded path, as
 * for the same request from the network.
 * <p>
 * A {@link ChildRequest} splits its path into one of these when it is built and the child
 * engine, the traces, the batch and the URL rewrite module read its parts, so that no two
 * components read one path differently (a path two components read differently is a
 * security hole). It is public API, not an engine internal, because the batch and the
 * built-in modules are written on the public API alone and must split a URL exactly as
 * the engine does.
 * <p>
 * Immutable; the decoded path is worked out on first use and kept.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 * @see ChildRequest#requestPath()
 */
public final class RequestPath {

	private final String value;

	private final String path;

	private final @Nullable String query;

	// Worked out on first use: racy but idempotent, as String's hash, since every
	// thread works out the same string
	private @Nullable String decodedPath;

	private RequestPath(String value, String path, @Nullable String query, @Nullable String decodedPath) {
		this.value = value;
		this.path = path;
		this.query = query;
		this.decodedPath = decodedPath;
	}

	/**
	 * Split a path with an optional query. Nothing is checked: a path that a child
	 * request would refuse is split all the same (see
	 * {@link ChildRequest#isValidPath(String)}).
	 * @param pathWithQuery the path within the application, still encoded, with an
	 * optional query
	 * @return the split path
	 */
	public static RequestPath of(String pathWithQuery) {
		Assert.notNull(pathWithQuery, "'pathWithQuery' must not be null");
		int question = pathWithQuery.indexOf('?');
		if (question < 0) {
			return new RequestPath(pathWithQuery, pathWithQuery, null, null);
		}
		return new RequestPath(pathWithQuery, pathWithQuery.substring(0, question),
				pathWithQuery.substring(question + 1), null);
	}

	/**
	 * Return the end of the path in a path with an optional query: where its query
	 * starts, or its length.
	 * @param pathWithQuery the path with an optional query
	 * @return the index of the {@code ?}, or the length when there is no query
	 */
	static int pathEnd(String pathWithQuery) {
		int question = pathWithQuery.indexOf('?');
		return (question >= 0) ? question : pathWithQuery.length();
	}

	/**
	 * Return the path with its query, as given.
	 * @return the path with the query, if any
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Return the path without its query, still encoded, path parameters included: what a
	 * request's {@code getRequestURI()} shows within the application.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Return the query, without its {@code ?}, still encoded.
	 * @return the query, or {@code null} when there is none ({@code /a?} has an empty
	 * one)
	 */
	public @Nullable String query() {
		return this.query;
	}

	/**
	 * Return the path the servlet container maps: without path parameters, decoded once,
	 * normalised, as described in the type's documentation.
	 * @return the decoded path, such as {@code /private/hello} for
	 * {@code /%70rivate;x=1/./hello}
	 * @throws ChildRequestException with {@code INVALID_PARAMETER} for a path that climbs
	 * above the application's root
	 * @throws IllegalArgumentException for a path whose escapes do not decode
	 */
	public String decodedPath() {
		String decoded = this.decodedPath;
		if (decoded == null) {
			decoded = normalize(UriUtils.decode(withoutPathParameters(this.path), StandardCharsets.UTF_8), this.value);
			this.decodedPath = decoded;
		}
		return decoded;
	}

	/**
	 * Return this path with a query added when it has none, as a forward (to an error
	 * page, say) keeps the query of the request it forwards; the decoded path is kept.
	 * @param query the query to add, or {@code null} for none
	 * @return this path when it has a query of its own or none is given, else the path
	 * with the query
	 */
	public RequestPath withQueryIfAbsent(@Nullable String query) {
		if (query == null || this.query != null) {
			return this;
		}
		return new RequestPath(this.value + "?" + query, this.path, query, this.decodedPath);
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

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof RequestPath that && this.value.equals(that.value));
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
