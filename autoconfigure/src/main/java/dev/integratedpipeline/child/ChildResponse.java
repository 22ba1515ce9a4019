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

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * The captured response of a child request: status, headers and content.
 *
 * @param status the status code
 * @param headers the response headers (empty with {@link ExecuteFlag#NO_HEADERS})
 * @param content the body bytes
 * @param contentType the content type, if the child set one
 * @param duration how long the child took, from start to completion
 * @param error the exception that failed the child (the status is then an error status,
 * usually 500), if any
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record ChildResponse(int status, HttpHeaders headers, byte[] content, @Nullable String contentType,
		Duration duration, @Nullable Throwable error) {

	/**
	 * Create a new response.
	 * @param status the status code
	 * @param headers the headers: read-only headers are taken as they are, others are
	 * copied into read-only headers
	 * @param content the body bytes
	 * @param contentType the content type
	 * @param duration how long the child took
	 * @param error the failure, if any
	 */
	public ChildResponse {
		Assert.notNull(headers, "'headers' must not be null");
		Assert.notNull(content, "'content' must not be null");
		Assert.notNull(duration, "'duration' must not be null");
		if (HttpHeaders.readOnlyHttpHeaders(headers) != headers) {
			// Not read-only yet: a copy, so that the response never changes
			headers = HttpHeaders.readOnlyHttpHeaders(HttpHeaders.copyOf(headers));
		}
	}

	/**
	 * Return the status as an {@link HttpStatusCode}.
	 * @return the status code
	 */
	public HttpStatusCode statusCode() {
		return HttpStatusCode.valueOf(this.status);
	}

	/**
	 * Return the content decoded with the charset of the content type, or UTF-8 when it
	 * names none.
	 * @return the content as text
	 */
	public String contentAsString() {
		return new String(this.content, charset());
	}

	private Charset charset() {
		if (this.contentType != null) {
			try {
				Charset charset = MediaType.parseMediaType(this.contentType).getCharset();
				if (charset != null) {
					return charset;
				}
			}
			catch (RuntimeException ex) {
				// An unparseable content type falls back to UTF-8
			}
		}
		return StandardCharsets.UTF_8;
	}

	/**
	 * Return whether the child failed with an exception.
	 * @return whether there is an error
	 */
	public boolean hasError() {
		return this.error != null;
	}

	@Override
	public String toString() {
		return "ChildResponse[status=" + this.status + ", contentType=" + this.contentType + ", length="
				+ this.content.length + ", duration=" + this.duration + "]";
	}

}
