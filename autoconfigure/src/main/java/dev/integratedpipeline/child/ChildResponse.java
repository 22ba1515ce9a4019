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
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.Assert;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.UnknownContentTypeException;

/**
 * The captured response of a child request: status, headers and content.
 * <p>
 * Two responses are {@linkplain #equals(Object) equal} when a client would be given the
 * same answer: the same status, headers, content type and content bytes. How long the
 * child took, the exception behind an error status and the converters that read the
 * content are not part of the answer and are not compared.
 *
 * @param status the status code
 * @param headers the response headers (empty with {@link ExecuteFlag#NO_HEADERS})
 * @param content the body bytes
 * @param contentType the content type, if the child set one
 * @param duration how long the child took, from start to completion
 * @param error the exception that failed the child (the status is then an error status,
 * usually 500), if any
 * @param messageConverters the converters {@link #bodyAs(Class)} reads the content with:
 * the application's own, as Spring MVC uses them, for a response the executor captured
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record ChildResponse(int status, HttpHeaders headers, byte[] content, @Nullable String contentType,
		Duration duration, @Nullable Throwable error, List<HttpMessageConverter<?>> messageConverters) {

	/**
	 * Create a new response whose {@link #bodyAs(Class)} reads with Spring's default
	 * message converters (Jackson and the others found on the class path), as a test may
	 * build one.
	 * @param status the status code
	 * @param headers the headers: read-only headers are taken as they are, others are
	 * copied into read-only headers
	 * @param content the body bytes
	 * @param contentType the content type
	 * @param duration how long the child took
	 * @param error the failure, if any
	 */
	public ChildResponse(int status, HttpHeaders headers, byte[] content, @Nullable String contentType,
			Duration duration, @Nullable Throwable error) {
		this(status, headers, content, contentType, duration, error, MessageConversion.defaults());
	}

	/**
	 * Create a new response.
	 * @param status the status code
	 * @param headers the headers: read-only headers are taken as they are, others are
	 * copied into read-only headers
	 * @param content the body bytes
	 * @param contentType the content type
	 * @param duration how long the child took
	 * @param error the failure, if any
	 * @param messageConverters the converters to read the content with, taken as they are
	 * when unmodifiable (as from {@link List#copyOf})
	 */
	public ChildResponse {
		Assert.notNull(messageConverters, "'messageConverters' must not be null");
		messageConverters = List.copyOf(messageConverters);
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
	 * Read the content as the given type with the {@link #messageConverters() message
	 * converters}, as {@code RestClient} does: the first converter that reads the type
	 * from the content type (when the child set none, {@code application/octet-stream})
	 * wins. For JSON that is the application's Jackson configuration.
	 * @param <T> the type
	 * @param type the type to read
	 * @return the body, or {@code null} for a converter that reads none from empty
	 * content
	 * @throws UnknownContentTypeException when no converter reads the type from the
	 * content type; its message names both
	 * @throws RestClientException when the content is not a valid body of that type
	 * (malformed JSON, say); its message names the type and the content type, its cause
	 * says what was wrong
	 * @since 0.1.0
	 */
	public <T> T bodyAs(Class<T> type) {
		Assert.notNull(type, "'type' must not be null");
		return MessageConversion.read(this, ResolvableType.forClass(type));
	}

	/**
	 * Read the content as a generic type, such as {@code List<Weather>}, as
	 * {@link #bodyAs(Class)} does.
	 * @param <T> the type
	 * @param type the type to read, as {@code new
	 * ParameterizedTypeReference<List<Weather>>() {}}
	 * @return the body
	 * @throws UnknownContentTypeException when no converter reads the type from the
	 * content type
	 * @throws RestClientException when the content is not a valid body of that type
	 * @since 0.1.0
	 */
	public <T> T bodyAs(ParameterizedTypeReference<T> type) {
		Assert.notNull(type, "'type' must not be null");
		return MessageConversion.read(this, ResolvableType.forType(type));
	}

	/**
	 * Return this response when its status is 2xx, otherwise throw the exception
	 * {@code RestClient.retrieve()} throws for it, so that the application's
	 * {@code @ExceptionHandler}s for them apply: an {@link HttpClientErrorException} for
	 * a 4xx (its subclass for the status, such as
	 * {@code HttpClientErrorException.NotFound}), an {@link HttpServerErrorException} for
	 * a 5xx, a {@link RestClientResponseException} for any other status. Each carries the
	 * status, the headers and the content; when the child failed with an exception, that
	 * {@link #error() error} is its cause.
	 * @return this response
	 * @throws RestClientResponseException for a status that is not 2xx
	 * @since 0.1.0
	 */
	public ChildResponse requireSuccess() {
		HttpStatusCode statusCode = statusCode();
		if (statusCode.is2xxSuccessful()) {
			return this;
		}
		String statusText = statusText(statusCode);
		String message = this.status + " " + statusText + " from child request";
		RestClientResponseException exception;
		if (statusCode.is4xxClientError()) {
			exception = HttpClientErrorException.create(message, statusCode, statusText, this.headers, this.content,
					charset());
		}
		else if (statusCode.is5xxServerError()) {
			exception = HttpServerErrorException.create(message, statusCode, statusText, this.headers, this.content,
					charset());
		}
		else {
			exception = new RestClientResponseException(message, statusCode, statusText, this.headers, this.content,
					charset());
		}
		if (this.error != null) {
			exception.initCause(this.error);
		}
		throw exception;
	}

	private static String statusText(HttpStatusCode statusCode) {
		return (statusCode instanceof HttpStatus status) ? status.getReasonPhrase() : "";
	}

	/**
	 * Return whether the child failed with an exception.
	 * @return whether there is an error
	 */
	public boolean hasError() {
		return this.error != null;
	}

	/**
	 * Give a servlet response this response's status, headers and content type, as the
	 * executor does when it writes a child into its parent's response and as a module
	 * does that answers its request with a child's head (a {@code HEAD} served by a child
	 * {@code GET}). Nothing is written to a committed response. The headers replace the
	 * target's of the same name; {@code Content-Length} and {@code Transfer-Encoding} are
	 * not copied, since the target frames its own body. The content is not written: the
	 * caller writes it, or none for a {@code HEAD}.
	 * @param target the response to write to, usually the parent request's
	 * @return {@code false} when the target was committed and nothing was written
	 * @since 0.1.0
	 */
	public boolean writeHeadTo(HttpServletResponse target) {
		Assert.notNull(target, "'target' must not be null");
		if (target.isCommitted()) {
			return false;
		}
		target.setStatus(this.status);
		this.headers.forEach((name, values) -> {
			if (!values.isEmpty() && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)
					&& !HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
				// The child's header replaces one the target set, not adds to it
				target.setHeader(name, values.get(0));
				for (int i = 1; i < values.size(); i++) {
					target.addHeader(name, values.get(i));
				}
			}
		});
		if (this.contentType != null) {
			target.setContentType(this.contentType);
		}
		return true;
	}

	/**
	 * Compare the answer: status, headers (as {@link HttpHeaders#equals(Object)} compares
	 * them), content type and content bytes by content; not the duration, the error or
	 * the message converters.
	 * @param other the object to compare with
	 * @return whether {@code other} is a response with the same answer
	 */
	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof ChildResponse that && this.status == that.status
				&& Objects.equals(this.contentType, that.contentType) && this.headers.equals(that.headers)
				&& Arrays.equals(this.content, that.content));
	}

	/**
	 * Hash what {@link #equals(Object)} compares.
	 * @return the hash code
	 */
	@Override
	public int hashCode() {
		return Objects.hash(this.status, this.contentType, this.headers, Arrays.hashCode(this.content));
	}

	@Override
	public String toString() {
		return "ChildResponse[status=" + this.status + ", contentType=" + this.contentType + ", length="
				+ this.content.length + ", duration=" + this.duration + "]";
	}

}
