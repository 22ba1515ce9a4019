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
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.UnknownContentTypeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ChildResponse}.
 */
class ChildResponseTests {

	private static ChildResponse response(byte[] content, @Nullable String contentType) {
		return new ChildResponse(200, new HttpHeaders(), content, contentType, Duration.ZERO, null);
	}

	private static ChildResponse response(int status, HttpHeaders headers, byte[] content, Duration duration,
			@Nullable Throwable error) {
		return new ChildResponse(status, headers, content, "text/plain", duration, error);
	}

	private static HttpHeaders headers(String name, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(name, value);
		return headers;
	}

	@Test
	void whenTwoResponsesCarryTheSameAnswerThenTheyAreEqualWithTheSameHashCode() {
		ChildResponse first = response(200, headers("X-A", "1"), "same".getBytes(StandardCharsets.UTF_8),
				Duration.ofMillis(3), null);
		ChildResponse second = response(200, headers("X-A", "1"), "same".getBytes(StandardCharsets.UTF_8),
				Duration.ofMillis(40), new IllegalStateException("not compared"));
		assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
	}

	@Test
	void whenContentBytesDifferThenResponsesAreNotEqual() {
		assertThat(response(200, new HttpHeaders(), "one".getBytes(StandardCharsets.UTF_8), Duration.ZERO, null))
			.isNotEqualTo(
					response(200, new HttpHeaders(), "two".getBytes(StandardCharsets.UTF_8), Duration.ZERO, null));
	}

	@Test
	void whenStatusDiffersThenResponsesAreNotEqual() {
		assertThat(response(200, new HttpHeaders(), new byte[0], Duration.ZERO, null))
			.isNotEqualTo(response(404, new HttpHeaders(), new byte[0], Duration.ZERO, null));
	}

	@Test
	void whenHeadersDifferThenResponsesAreNotEqual() {
		assertThat(response(200, headers("X-A", "1"), new byte[0], Duration.ZERO, null))
			.isNotEqualTo(response(200, headers("X-A", "2"), new byte[0], Duration.ZERO, null));
	}

	@Test
	void whenContentTypeDiffersThenResponsesAreNotEqual() {
		assertThat(response(new byte[0], "text/plain")).isNotEqualTo(response(new byte[0], "text/html"));
	}

	@Test
	void whenContentTypeNamesACharsetThenContentIsDecodedWithIt() {
		byte[] content = "café".getBytes(StandardCharsets.ISO_8859_1);
		assertThat(response(content, "text/plain;charset=ISO-8859-1").contentAsString()).isEqualTo("café");
	}

	@Test
	void whenContentTypeNamesNoCharsetThenContentIsDecodedAsUtf8() {
		byte[] content = "café".getBytes(StandardCharsets.UTF_8);
		assertThat(response(content, "application/json").contentAsString()).isEqualTo("café");
	}

	@Test
	void whenHeadersAreReadOnlyAlreadyThenTheyAreTakenAsTheyAre() {
		HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders());
		ChildResponse response = new ChildResponse(200, headers, new byte[0], null, Duration.ZERO, null);
		assertThat(response.headers()).isSameAs(headers);
	}

	@Test
	void whenHeadersAreReturnedThenTheyAreReadOnly() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-A", "1");
		ChildResponse response = new ChildResponse(200, headers, new byte[0], null, Duration.ZERO, null);
		headers.add("X-B", "2");
		assertThat(response.headers().containsHeader("X-B")).isFalse();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> response.headers().add("X-C", "3"));
	}

	@Test
	void whenBuiltByHandThenBodyAsReadsJsonWithSpringsDefaultConverters() {
		byte[] content = "{\"name\":\"Oslo\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(response(content, "application/json").bodyAs(City.class)).isEqualTo(new City("Oslo"));
	}

	@Test
	void whenChildSetNoContentTypeThenBodyAsReadsItAsOctetStream() {
		assertThatExceptionOfType(UnknownContentTypeException.class)
			.isThrownBy(() -> response("{}".getBytes(StandardCharsets.UTF_8), null).bodyAs(City.class))
			.satisfies((ex) -> assertThat(ex.getContentType()).hasToString("application/octet-stream"))
			.withMessageContaining(City.class.getName());
	}

	@Test
	void whenStatusIs4xxThenRequireSuccessThrowsTheSubclassForTheStatus() {
		ChildResponse response = new ChildResponse(404, new HttpHeaders(), "gone".getBytes(StandardCharsets.UTF_8),
				"text/plain", Duration.ZERO, null);
		assertThatExceptionOfType(HttpClientErrorException.NotFound.class).isThrownBy(response::requireSuccess)
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).isEqualTo("gone"));
	}

	record City(String name) {

	}

	@Test
	void whenHeadIsWrittenToAServletResponseThenStatusHeadersAndContentTypeReplaceItsOwn() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Child", "a");
		headers.add("X-Child", "b");
		headers.add(HttpHeaders.CONTENT_LENGTH, "5");
		headers.add(HttpHeaders.TRANSFER_ENCODING, "chunked");
		ChildResponse response = new ChildResponse(201, headers, "hello".getBytes(StandardCharsets.UTF_8), "text/plain",
				Duration.ZERO, null);
		MockHttpServletResponse target = new MockHttpServletResponse();
		target.setHeader("X-Child", "parent");
		assertThat(response.writeHeadTo(target)).isTrue();
		assertThat(target.getStatus()).isEqualTo(201);
		assertThat(target.getHeaders("X-Child")).containsExactly("a", "b");
		assertThat(target.getContentType()).startsWith("text/plain");
		assertThat(target.getHeader(HttpHeaders.CONTENT_LENGTH)).isNull();
		assertThat(target.getHeader(HttpHeaders.TRANSFER_ENCODING)).isNull();
		assertThat(target.getContentAsByteArray()).isEmpty();
	}

	@Test
	void whenHeadIsWrittenToACommittedServletResponseThenNothingIsWritten() {
		MockHttpServletResponse target = new MockHttpServletResponse();
		target.setCommitted(true);
		assertThat(response(404, new HttpHeaders(), new byte[0], Duration.ZERO, null).writeHeadTo(target)).isFalse();
		assertThat(target.getStatus()).isEqualTo(200);
		assertThat(target.getContentType()).isNull();
	}

}
