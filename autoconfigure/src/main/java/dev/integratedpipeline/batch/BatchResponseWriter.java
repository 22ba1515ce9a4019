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

package dev.integratedpipeline.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.integratedpipeline.child.ChildResponse;

/**
 * Streams the batch response, {@code {"responses":[...]}}, one item at a time as the
 * execution hands them over in request order, so that no more than the item being written
 * is held here. Written through the generator into the servlet response's own buffer,
 * never flushed explicitly: the container commits the response when its buffer fills (or
 * a takeover at the deadline {@link #end() ends} it), so the {@code Set-Cookie} headers
 * of items completed before then still reach the outer response. Those of later items are
 * dropped, their names only in the item's {@value #COOKIES_NOT_APPLIED} member: never
 * their values in the body, where a script could read what {@code HttpOnly} keeps from
 * it.
 *
 * @author Integrated Pipeline team
 */
final class BatchResponseWriter {

	/**
	 * The member of an item's entry naming the cookies it set that could not be applied
	 * to the committed batch response.
	 */
	static final String COOKIES_NOT_APPLIED = "cookiesNotApplied";

	private static final Log logger = LogFactory.getLog(BatchResponseWriter.class);

	private final HttpServletResponse response;

	private final JsonMapper mapper;

	private final JsonGenerator generator;

	BatchResponseWriter(HttpServletResponse response, JsonMapper mapper) throws IOException {
		this.response = response;
		this.mapper = mapper;
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.generator = mapper.createGenerator(response.getOutputStream());
		this.generator.writeStartObject();
		this.generator.writeName("responses");
		this.generator.writeStartArray();
	}

	void write(BatchItem item, ChildResponse itemResponse) {
		this.generator.writeStartObject();
		this.generator.writeStringProperty("id", item.id());
		this.generator.writeNumberProperty("status", itemResponse.status());
		this.generator.writeName("headers");
		this.generator.writeStartObject();
		boolean[] contentType = new boolean[1];
		// forEach, not headerSet(): a read-only view copies its entries for the set
		itemResponse.headers().forEach((name, values) -> {
			if (HttpHeaders.SET_COOKIE.equalsIgnoreCase(name)) {
				return;
			}
			contentType[0] |= HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name);
			this.generator.writeStringProperty(name, (values.size() == 1) ? values.get(0) : String.join(", ", values));
		});
		if (!contentType[0] && itemResponse.contentType() != null) {
			this.generator.writeStringProperty(HttpHeaders.CONTENT_TYPE, itemResponse.contentType());
		}
		this.generator.writeEndObject();
		List<String> cookies = itemResponse.headers().get(HttpHeaders.SET_COOKIE);
		if (cookies != null && !applyCookies(cookies)) {
			notApplied(item, cookies);
		}
		BatchBodies.write(this.generator, itemResponse.content(), itemResponse.contentType(), this.mapper);
		this.generator.writeEndObject();
		// Into the servlet response's buffer; FLUSH_PASSED_TO_STREAM is off, so it is
		// not committed by this
		this.generator.flush();
	}

	/**
	 * Apply an item's cookies to the outer response, so that a session an item creates
	 * reaches the client; once the response is committed they can no longer be.
	 * @return whether they were applied
	 */
	private boolean applyCookies(List<String> values) {
		if (this.response.isCommitted()) {
			return false;
		}
		for (String value : values) {
			this.response.addHeader(HttpHeaders.SET_COOKIE, value);
		}
		return true;
	}

	void finish() {
		this.generator.writeEndArray();
		this.generator.writeEndObject();
		this.generator.close();
	}

	/**
	 * Name the cookies that could not be applied in the item's entry, values left out.
	 */
	private void notApplied(BatchItem item, List<String> cookies) {
		this.generator.writeName(COOKIES_NOT_APPLIED);
		this.generator.writeStartArray();
		for (String cookie : cookies) {
			int equals = cookie.indexOf('=');
			this.generator.writeString(((equals >= 0) ? cookie.substring(0, equals) : cookie).trim());
		}
		this.generator.writeEndArray();
		logger.warn("The cookies batch item '" + item.id() + "' set could not reach the client: the batch response "
				+ "was committed before the item was written (put the items that set cookies first)");
	}

	/**
	 * End the response now, before the batch request's handler returns: for a batch taken
	 * over at its deadline while its thread is still inside an item.
	 * @throws UncheckedIOException when the response cannot be ended
	 */
	void end() {
		try {
			this.response.getOutputStream().close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
