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

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * How an item's body travels in the batch JSON, by its content type, both ways: JSON
 * ({@code application/json}, {@code *+json}) inline as a JSON value; text
 * ({@code text/*}, {@code application/x-www-form-urlencoded}, XML) as a JSON string in
 * the charset of the content type, UTF-8 by default; anything else as a string of base64.
 *
 * @author Integrated Pipeline team
 */
final class BatchBodies {

	private BatchBodies() {
	}

	enum Kind {

		JSON, TEXT, BINARY

	}

	/**
	 * Encode an item request's {@code body} member into the bytes its child request
	 * sends.
	 * @throws IllegalArgumentException when the body does not fit its content type
	 */
	static byte[] encode(JsonNode body, String contentType, JsonMapper mapper) {
		MediaType mediaType = MediaType.parseMediaType(contentType);
		Charset charset = charset(mediaType);
		return switch (kind(mediaType)) {
			case JSON -> (charset == StandardCharsets.UTF_8) ? mapper.writeValueAsBytes(body)
					: mapper.writeValueAsString(body).getBytes(charset);
			case TEXT -> {
				if (!body.isString()) {
					throw new IllegalArgumentException(
							"a body of type " + contentType + " must be a JSON string, not " + body.getNodeType());
				}
				yield body.stringValue().getBytes(charset);
			}
			case BINARY -> {
				if (!body.isString()) {
					throw new IllegalArgumentException("a body of type " + contentType
							+ " must be a JSON string holding its bytes in base64, not " + body.getNodeType());
				}
				try {
					yield Base64.getDecoder().decode(body.stringValue());
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(
							"a body of type " + contentType + " must be base64: " + ex.getMessage(), ex);
				}
			}
		};
	}

	/**
	 * Write an item response's content as the value of a {@code body} member, or nothing
	 * when it is empty.
	 */
	static void write(JsonGenerator generator, byte[] content, @Nullable String contentType, JsonMapper mapper) {
		if (content.length == 0) {
			return;
		}
		MediaType mediaType = parse(contentType);
		Kind kind = (mediaType != null) ? kind(mediaType) : Kind.BINARY;
		Charset charset = (mediaType != null) ? safeCharset(mediaType) : StandardCharsets.UTF_8;
		generator.writeName("body");
		if (kind == Kind.JSON && isSingleJsonValue(content, mapper)) {
			generator.writeRawValue(new String(content, charset));
		}
		else if (kind == Kind.JSON || kind == Kind.TEXT) {
			// JSON that does not parse is passed on as the text it is
			generator.writeString(new String(content, charset));
		}
		else {
			generator.writeString(Base64.getEncoder().encodeToString(content));
		}
	}

	static Kind kind(MediaType mediaType) {
		String subtype = mediaType.getSubtype();
		String suffix = mediaType.getSubtypeSuffix();
		if ("json".equals(subtype) || "json".equals(suffix)) {
			return Kind.JSON;
		}
		if ("text".equals(mediaType.getType()) || "xml".equals(subtype) || "xml".equals(suffix)
				|| MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(mediaType)) {
			return Kind.TEXT;
		}
		return Kind.BINARY;
	}

	private static Charset charset(MediaType mediaType) {
		Charset charset = mediaType.getCharset();
		return (charset != null) ? charset : StandardCharsets.UTF_8;
	}

	private static Charset safeCharset(MediaType mediaType) {
		try {
			return charset(mediaType);
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8;
		}
	}

	private static @Nullable MediaType parse(@Nullable String contentType) {
		if (contentType == null) {
			return null;
		}
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Whether the content is exactly one JSON value, so that it can be written inline
	 * without breaking the batch response.
	 */
	private static boolean isSingleJsonValue(byte[] content, JsonMapper mapper) {
		try (JsonParser parser = mapper.createParser(content)) {
			if (parser.nextToken() == null) {
				return false;
			}
			parser.skipChildren();
			return parser.nextToken() == null;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

}
