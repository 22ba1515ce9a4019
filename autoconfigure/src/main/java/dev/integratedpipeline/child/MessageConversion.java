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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.GenericHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.SmartHttpMessageConverter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.UnknownContentTypeException;

/**
 * Reads and writes child bodies with a list of {@link HttpMessageConverter}s, in the
 * order and with the rules {@code RestClient} uses: a {@link SmartHttpMessageConverter}
 * or a {@link GenericHttpMessageConverter} for the full type, otherwise a converter for
 * the raw class.
 *
 * @author Integrated Pipeline team
 */
final class MessageConversion {

	private static final MediaType DEFAULT_CONTENT_TYPE = MediaType.APPLICATION_OCTET_STREAM;

	private MessageConversion() {
	}

	/**
	 * Spring's default converters, for a response built without the application's:
	 * Jackson and the others Spring finds on the class path.
	 */
	static List<HttpMessageConverter<?>> defaults() {
		return Defaults.CONVERTERS;
	}

	@SuppressWarnings({ "unchecked", "rawtypes", "removal" })
	static <T> T read(ChildResponse response, ResolvableType type) {
		MediaType contentType = contentType(response);
		Class<?> rawClass = type.toClass();
		InputMessage message = new InputMessage(response.headers(), response.content());
		try {
			for (HttpMessageConverter<?> converter : response.messageConverters()) {
				if (converter instanceof SmartHttpMessageConverter smart) {
					if (smart.canRead(type, contentType)) {
						return (T) smart.read(type, message, Map.of());
					}
				}
				else if (converter instanceof GenericHttpMessageConverter generic) {
					if (generic.canRead(type.getType(), null, contentType)) {
						return (T) generic.read(type.getType(), null, message);
					}
				}
				else if (type.getType() instanceof Class && converter.canRead(rawClass, contentType)) {
					return (T) ((HttpMessageConverter) converter).read(rawClass, message);
				}
			}
		}
		catch (IOException | HttpMessageNotReadableException ex) {
			throw new RestClientException("Error while extracting the body of child response " + response + " as ["
					+ type + "] from content type [" + contentType + "]: " + ex.getMessage(), ex);
		}
		throw new UnknownContentTypeException(type.getType(), contentType, response.statusCode(), "",
				response.headers(), response.content());
	}

	private static MediaType contentType(ChildResponse response) {
		String contentType = response.contentType();
		if (contentType == null) {
			return DEFAULT_CONTENT_TYPE;
		}
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (RuntimeException ex) {
			throw new UnknownContentTypeException(Object.class, DEFAULT_CONTENT_TYPE, response.statusCode(),
					"Unparseable content type '" + contentType + "'", response.headers(), response.content());
		}
	}

	/**
	 * Write a value as JSON with the first converter that can.
	 * @param value the value
	 * @param converters the converters
	 * @param headers receives the content type the converter wrote
	 * @return the bytes
	 */
	@SuppressWarnings({ "unchecked", "rawtypes", "removal" })
	static byte[] writeJson(Object value, List<HttpMessageConverter<?>> converters, HttpHeaders headers) {
		ResolvableType type = ResolvableType.forInstance(value);
		MediaType json = MediaType.APPLICATION_JSON;
		OutputMessage message = new OutputMessage();
		try {
			for (HttpMessageConverter<?> converter : converters) {
				if (converter instanceof SmartHttpMessageConverter smart) {
					if (smart.canWrite(type, value.getClass(), json)) {
						smart.write(value, type, json, message, Map.of());
						return message.finish(headers);
					}
				}
				else if (converter instanceof GenericHttpMessageConverter generic) {
					if (generic.canWrite(type.getType(), value.getClass(), json)) {
						generic.write(value, type.getType(), json, message);
						return message.finish(headers);
					}
				}
				else if (converter.canWrite(value.getClass(), json)) {
					((HttpMessageConverter) converter).write(value, json, message);
					return message.finish(headers);
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(
					"Cannot write the JSON body of a child request from a " + value.getClass().getName(), ex);
		}
		throw new IllegalArgumentException("No HttpMessageConverter of the application writes a "
				+ value.getClass().getName() + " as application/json for the body of a child request");
	}

	/**
	 * Write a form as {@code application/x-www-form-urlencoded}, UTF-8, with Spring's
	 * {@code FormHttpMessageConverter}.
	 * @param form the form
	 * @param headers receives the content type
	 * @return the bytes
	 */
	static byte[] writeForm(MultiValueMap<String, String> form, HttpHeaders headers) {
		OutputMessage message = new OutputMessage();
		try {
			new FormHttpMessageConverter().write(form, MediaType.APPLICATION_FORM_URLENCODED, message);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write a form", ex);
		}
		return message.finish(headers);
	}

	private static final class Defaults {

		static final List<HttpMessageConverter<?>> CONVERTERS = converters();

		private static List<HttpMessageConverter<?>> converters() {
			List<HttpMessageConverter<?>> converters = new ArrayList<>();
			HttpMessageConverters.forClient().registerDefaults().build().forEach(converters::add);
			return List.copyOf(converters);
		}

	}

	private record InputMessage(HttpHeaders headers, byte[] content) implements HttpInputMessage {

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.content);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

	private static final class OutputMessage implements HttpOutputMessage {

		private final HttpHeaders headers = new HttpHeaders();

		private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);

		@Override
		public OutputStream getBody() {
			return this.body;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		byte[] finish(HttpHeaders target) {
			@Nullable MediaType contentType = this.headers.getContentType();
			if (contentType != null) {
				target.setContentType(contentType);
			}
			return this.body.toByteArray();
		}

	}

}
