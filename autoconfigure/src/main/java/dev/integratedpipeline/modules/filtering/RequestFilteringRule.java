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

package dev.integratedpipeline.modules.filtering;

import org.springframework.http.HttpStatus;

/**
 * The rules of {@link RequestFilteringModule}, each with the status it answers. The
 * {@link #tag() tag} names the rule in the
 * {@code integrated.pipeline.request.filtering.rejections} counter, the trace timeline
 * and the request state; the client is never told which rule refused its request.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public enum RequestFilteringRule {

	/**
	 * The method is denied, or not among the allowed methods.
	 */
	METHOD("method", HttpStatus.METHOD_NOT_ALLOWED),

	/**
	 * The URL (without its query) is longer than allowed.
	 */
	URL_LENGTH("url-length", HttpStatus.URI_TOO_LONG),

	/**
	 * The query string is longer than allowed.
	 */
	QUERY_STRING_LENGTH("query-string-length", HttpStatus.URI_TOO_LONG),

	/**
	 * The body is larger than allowed, as announced by {@code Content-Length} or as read.
	 */
	CONTENT_LENGTH("content-length", HttpStatus.CONTENT_TOO_LARGE),

	/**
	 * A header is larger than allowed.
	 */
	HEADER_SIZE("header-size", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),

	/**
	 * A path segment is hidden ({@code WEB-INF}, {@code .git}, …).
	 */
	HIDDEN_SEGMENT("hidden-segment", HttpStatus.NOT_FOUND),

	/**
	 * The file extension is denied, or not among the allowed ones.
	 */
	EXTENSION("extension", HttpStatus.NOT_FOUND),

	/**
	 * The URL contains a denied sequence ({@code ..}, {@code //}, …).
	 */
	URL_SEQUENCE("url-sequence", HttpStatus.NOT_FOUND),

	/**
	 * The URL is escaped twice: decoding it again changes it.
	 */
	DOUBLE_ESCAPING("double-escaping", HttpStatus.NOT_FOUND),

	/**
	 * The URL contains non-ASCII characters.
	 */
	HIGH_BIT_CHARACTERS("high-bit-characters", HttpStatus.NOT_FOUND),

	/**
	 * The URL's escapes are not valid UTF-8, or it contains control characters.
	 */
	INVALID_URL("invalid-url", HttpStatus.NOT_FOUND);

	private final String tag;

	private final HttpStatus status;

	RequestFilteringRule(String tag, HttpStatus status) {
		this.tag = tag;
		this.status = status;
	}

	/**
	 * Return the name of this rule in metrics, traces and logs.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * Return the status a request refused by this rule is answered with.
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

}
