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

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import dev.integratedpipeline.child.ChildRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ChildHttpServletResponse}.
 *
 * @author Integrated Pipeline team
 */
class ChildHttpServletResponseTests {

	private final ChildHttpServletResponse response = new ChildHttpServletResponse(16);

	@Test
	void whenCreatedThenStatusIsOk() {
		assertThat(this.response.getStatus()).isEqualTo(HttpServletResponse.SC_OK);
	}

	@Test
	void whenHeaderSetThenItIsFoundCaseInsensitively() {
		this.response.setHeader("X-Trace", "abc");
		assertThat(this.response.containsHeader("x-trace")).isTrue();
		assertThat(this.response.getHeader("X-TRACE")).isEqualTo("abc");
	}

	@Test
	void whenHeadersAddedThenValuesKeepTheirOrderAndNamesAreSortedIgnoringCase() {
		this.response.addHeader("X-B", "1");
		this.response.addHeader("x-a", "2");
		this.response.addHeader("x-b", "3");
		assertThat(this.response.getHeaderNames()).containsExactly("x-a", "X-B");
		assertThat(this.response.getHeaders("X-B")).containsExactly("1", "3");
	}

	@Test
	void whenHeaderSetToNullThenItIsRemoved() {
		this.response.setHeader("X-Trace", "abc");
		this.response.setHeader("X-Trace", null);
		assertThat(this.response.containsHeader("X-Trace")).isFalse();
	}

	@Test
	void whenDateHeaderSetThenItIsFormattedAsAnHttpDate() {
		this.response.setDateHeader(HttpHeaders.LAST_MODIFIED, 784111777000L);
		assertThat(this.response.getHeader(HttpHeaders.LAST_MODIFIED)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
	}

	@Test
	void whenIntHeaderAddedThenItIsText() {
		this.response.addIntHeader("X-Count", 3);
		assertThat(this.response.getHeader("X-Count")).isEqualTo("3");
	}

	@Test
	void whenHeadersThenChangesWriteThroughToTheResponse() {
		this.response.addHeader("X-Trace", "abc");
		HttpHeaders headers = this.response.headers();
		headers.set("X-Other", "def");
		assertThat(headers.getFirst("x-trace")).isEqualTo("abc");
		assertThat(this.response.getHeader("x-other")).isEqualTo("def");
	}

	@Test
	void whenContentTypeHasCharsetThenWriterEncodesWithIt() throws Exception {
		this.response.setContentType("text/plain;charset=UTF-8");
		this.response.getWriter().write("é");
		assertThat(this.response.getContentAsByteArray()).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
		assertThat(this.response.getHeader(HttpHeaders.CONTENT_TYPE)).isEqualTo("text/plain;charset=UTF-8");
	}

	@Test
	void whenWriterUsedWithoutCharsetThenIso88591IsUsedAndAddedToTheContentType() throws Exception {
		this.response.setContentType("text/plain");
		this.response.getWriter().write("é");
		assertThat(this.response.getContentAsByteArray()).isEqualTo(new byte[] { (byte) 0xE9 });
		assertThat(this.response.getContentType()).isEqualTo("text/plain;charset=ISO-8859-1");
	}

	@Test
	void whenCharacterEncodingSetSeparatelyThenContentTypeIncludesIt() {
		this.response.setContentType("application/json");
		this.response.setCharacterEncoding("UTF-8");
		assertThat(this.response.getContentType()).isEqualTo("application/json;charset=UTF-8");
		assertThat(this.response.getHeader("content-type")).isEqualTo("application/json;charset=UTF-8");
	}

	@Test
	void whenContentTypeHeaderSetThenContentTypeFollows() {
		this.response.setHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-16");
		assertThat(this.response.getContentType()).isEqualTo("text/html;charset=UTF-16");
		assertThat(this.response.getCharacterEncoding()).isEqualTo("UTF-16");
	}

	@Test
	void whenContentLengthSetThenHeaderFollows() {
		this.response.setContentLength(12);
		assertThat(this.response.getHeader(HttpHeaders.CONTENT_LENGTH)).isEqualTo("12");
	}

	@Test
	void whenLocaleSetThenContentLanguageFollows() {
		this.response.setLocale(Locale.CANADA_FRENCH);
		assertThat(this.response.getHeader(HttpHeaders.CONTENT_LANGUAGE)).isEqualTo("fr-CA");
	}

	@Test
	void whenCookieAddedThenSetCookieHeaderIsRendered() {
		Cookie cookie = new Cookie("id", "42");
		cookie.setPath("/app");
		cookie.setHttpOnly(true);
		cookie.setSecure(true);
		cookie.setAttribute("SameSite", "Lax");
		this.response.addCookie(cookie);
		assertThat(this.response.getHeader(HttpHeaders.SET_COOKIE))
			.isEqualTo("id=42; Path=/app; Secure; HttpOnly; SameSite=Lax");
	}

	@Test
	void whenOutputStreamWrittenThenContentIsCaptured() throws Exception {
		this.response.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
		assertThat(this.response.getContentAsByteArray()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void whenGetWriterAfterGetOutputStreamThenIllegalStateException() throws Exception {
		this.response.getOutputStream();
		assertThatIllegalStateException().isThrownBy(this.response::getWriter);
	}

	@Test
	void whenGetOutputStreamAfterGetWriterThenIllegalStateException() throws Exception {
		this.response.getWriter();
		assertThatIllegalStateException().isThrownBy(this.response::getOutputStream);
	}

	@Test
	void whenOutputStreamExceedsTheLimitThenResponseTooLarge() throws Exception {
		ServletOutputStream outputStream = this.response.getOutputStream();
		outputStream.write(new byte[10]);
		assertThatExceptionOfType(ChildRequestException.class).isThrownBy(() -> outputStream.write(new byte[7]))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ChildRequestException.Reason.RESPONSE_TOO_LARGE))
			.withMessageContaining("16 bytes")
			.withMessageContaining("integrated-pipeline.child.max-buffered-bytes");
	}

	@Test
	void whenWriterExceedsTheLimitThenTheWriteFails() throws Exception {
		PrintWriter writer = this.response.getWriter();
		assertThatExceptionOfType(ChildRequestException.class).isThrownBy(() -> writer.write("x".repeat(17)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ChildRequestException.Reason.RESPONSE_TOO_LARGE));
	}

	@Test
	void whenContentReachesTheLimitExactlyThenItIsKept() throws Exception {
		this.response.getOutputStream().write(new byte[16]);
		assertThat(this.response.getContentAsByteArray()).hasSize(16);
	}

	@Test
	void whenTheOverflowIsCaughtThenItIsStillRecorded() throws Exception {
		ServletOutputStream out = this.response.getOutputStream();
		try {
			out.write(new byte[17]);
		}
		catch (ChildRequestException ex) {
			// As a catch-all @ControllerAdvice does
		}
		this.response.resetBuffer();
		out.write(new byte[4]);
		assertThat(this.response.overflow()).isNotNull()
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ChildRequestException.Reason.RESPONSE_TOO_LARGE));
	}

	@Test
	void whenContentIsDiscardedThenNothingIsKeptButHeadersAre() throws Exception {
		this.response.discardContent();
		this.response.setContentLength(32);
		this.response.getOutputStream().write(new byte[32]);
		assertThat(this.response.getContentAsByteArray()).isEmpty();
		assertThat(this.response.overflow()).isNull();
		assertThat(this.response.getHeader("Content-Length")).isEqualTo("32");
	}

	@Test
	void whenResponseIsReleasedThenLaterWritesAreDiscarded() throws Exception {
		this.response.getOutputStream().write(new byte[8]);
		assertThat(this.response.release()).hasSize(8);
		this.response.getOutputStream().write(new byte[8]);
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void whenResponseIsReleasedThenItsHeadersChangeNoMore() {
		this.response.setHeader("X-Trace", "abc");
		HttpHeaders headers = this.response.headers();
		this.response.release();
		this.response.setHeader("X-Trace", "def");
		this.response.addHeader("X-Other", "ghi");
		this.response.setContentType("text/plain");
		this.response.setCommitted(false);
		this.response.setStatus(500);
		assertThat(headers.toSingleValueMap()).containsExactly(entry("X-Trace", "abc"));
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	@Test
	void whenContentIsWrittenAtOnceThenReleaseHandsItOverWhole() throws Exception {
		this.response.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
		this.response.getOutputStream().write(" world".getBytes(StandardCharsets.US_ASCII));
		assertThat(this.response.release()).asString(StandardCharsets.US_ASCII).isEqualTo("hello world");
	}

	@Test
	void whenHeaderNamesDifferInCaseOnlyThenTheyAreOneHeader() {
		this.response.addHeader("X-Trace", "abc");
		this.response.addHeader("x-trace", "def");
		assertThat(this.response.getHeaderNames()).hasSize(1);
		assertThat(this.response.getHeaders("X-TRACE")).containsExactly("abc", "def");
	}

	@Test
	void whenFlushBufferThenCommitted() throws Exception {
		this.response.flushBuffer();
		assertThat(this.response.isCommitted()).isTrue();
	}

	@Test
	void whenWriterFlushedThenCommitted() throws Exception {
		this.response.getWriter().flush();
		assertThat(this.response.isCommitted()).isTrue();
	}

	@Test
	void whenWriterWrittenWithoutFlushThenNotCommitted() throws Exception {
		this.response.getWriter().write("abc");
		assertThat(this.response.isCommitted()).isFalse();
	}

	@Test
	void whenSendErrorThenStatusMessageAndErrorAreSetAndCommitted() throws Exception {
		this.response.sendError(HttpServletResponse.SC_NOT_FOUND, "No such order");
		assertThat(this.response.getStatus()).isEqualTo(404);
		assertThat(this.response.getErrorMessage()).isEqualTo("No such order");
		assertThat(this.response.isError()).isTrue();
		assertThat(this.response.isCommitted()).isTrue();
	}

	@Test
	void whenSendErrorThenTheBufferIsCleared() throws Exception {
		this.response.getWriter().write("partial");
		this.response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void whenSendErrorAfterCommitThenIllegalStateException() throws Exception {
		this.response.flushBuffer();
		assertThatIllegalStateException().isThrownBy(() -> this.response.sendError(500));
	}

	@Test
	void whenWrittenAfterSendErrorThenContentIsDiscarded() throws Exception {
		this.response.sendError(HttpServletResponse.SC_NOT_FOUND);
		this.response.getOutputStream().write(1);
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void whenUncommittedAfterSendErrorThenContentCanBeWritten() throws Exception {
		this.response.sendError(HttpServletResponse.SC_NOT_FOUND);
		this.response.setCommitted(false);
		this.response.getOutputStream().write(1);
		assertThat(this.response.getContentAsByteArray()).hasSize(1);
	}

	@Test
	void whenStatusSetAfterCommitThenItIsIgnored() throws Exception {
		this.response.flushBuffer();
		this.response.setStatus(HttpServletResponse.SC_CREATED);
		assertThat(this.response.getStatus()).isEqualTo(HttpServletResponse.SC_OK);
	}

	@Test
	void whenSendRedirectThenFoundWithLocationAsGivenAndCommitted() throws Exception {
		this.response.sendRedirect("next?page=2");
		assertThat(this.response.getStatus()).isEqualTo(HttpServletResponse.SC_FOUND);
		assertThat(this.response.getHeader(HttpHeaders.LOCATION)).isEqualTo("next?page=2");
		assertThat(this.response.isCommitted()).isTrue();
	}

	@Test
	void whenSendRedirectWithStatusThenItIsUsed() throws Exception {
		this.response.sendRedirect("/next", HttpServletResponse.SC_SEE_OTHER, true);
		assertThat(this.response.getStatus()).isEqualTo(HttpServletResponse.SC_SEE_OTHER);
	}

	@Test
	void whenSendRedirectAfterCommitThenIllegalStateException() throws Exception {
		this.response.flushBuffer();
		assertThatIllegalStateException().isThrownBy(() -> this.response.sendRedirect("/next"));
	}

	@Test
	void whenResetAfterCommitThenIllegalStateException() throws Exception {
		this.response.flushBuffer();
		assertThatIllegalStateException().isThrownBy(this.response::reset);
	}

	@Test
	void whenResetBufferAfterCommitThenIllegalStateException() throws Exception {
		this.response.flushBuffer();
		assertThatIllegalStateException().isThrownBy(this.response::resetBuffer);
	}

	@Test
	void whenResetThenStatusHeadersAndContentAreCleared() throws Exception {
		this.response.setStatus(HttpServletResponse.SC_ACCEPTED);
		this.response.setContentType("text/plain;charset=UTF-8");
		this.response.getWriter().write("abc");
		this.response.reset();
		assertThat(this.response.getStatus()).isEqualTo(HttpServletResponse.SC_OK);
		assertThat(this.response.getHeaderNames()).isEmpty();
		assertThat(this.response.getContentType()).isNull();
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void whenResetThenOutputStreamCanBeUsedAfterWriter() throws Exception {
		this.response.getWriter();
		this.response.reset();
		assertThat(this.response.getOutputStream()).isNotNull();
	}

	@Test
	void whenBufferSizeSetAfterContentThenIllegalStateException() throws Exception {
		this.response.getOutputStream().write(1);
		assertThatIllegalStateException().isThrownBy(() -> this.response.setBufferSize(1024));
	}

	@Test
	void whenEncodeUrlThenUrlIsUnchanged() {
		assertThat(this.response.encodeURL("/a?b=c")).isEqualTo("/a?b=c");
	}

	@Test
	void whenEncodeRedirectUrlThenUrlIsUnchanged() {
		assertThat(this.response.encodeRedirectURL("/a?b=c")).isEqualTo("/a?b=c");
	}

	@Test
	void whenWrittenThroughAndTheContentFitsTheBufferThenItIsHeld() throws Exception {
		ChildHttpServletResponse response = new ChildHttpServletResponse(64);
		ByteArrayOutputStream target = new ByteArrayOutputStream();
		response.setBufferSize(8);
		response.writeThrough((child) -> target);
		response.getOutputStream().write("12345678".getBytes(StandardCharsets.US_ASCII));
		assertThat(response.isWrittenThrough()).isFalse();
		assertThat(target.size()).isZero();
		assertThat(response.release()).asString(StandardCharsets.US_ASCII).isEqualTo("12345678");
	}

	@Test
	void whenWrittenThroughAndTheContentOutgrowsTheBufferThenAllOfItGoesToTheTargetAndNoneIsHeld() throws Exception {
		ChildHttpServletResponse response = new ChildHttpServletResponse(16);
		ByteArrayOutputStream target = new ByteArrayOutputStream();
		response.setBufferSize(8);
		response.writeThrough((child) -> target);
		ServletOutputStream out = response.getOutputStream();
		out.write("123456".getBytes(StandardCharsets.US_ASCII));
		out.write("789".getBytes(StandardCharsets.US_ASCII));
		out.write("beyond the limit of 16 bytes".getBytes(StandardCharsets.US_ASCII));
		assertThat(response.isWrittenThrough()).isTrue();
		assertThat(response.isCommitted()).isTrue();
		assertThat(response.overflow()).isNull();
		assertThat(target.toString(StandardCharsets.US_ASCII)).isEqualTo("123456789beyond the limit of 16 bytes");
		assertThat(response.release()).isEmpty();
	}

	@Test
	void whenWrittenThroughThenTheTargetIsOpenedOnceWithTheResponseAsItIs() throws Exception {
		ChildHttpServletResponse response = new ChildHttpServletResponse(64);
		ByteArrayOutputStream target = new ByteArrayOutputStream();
		int[] opened = new int[1];
		int[] status = new int[1];
		response.setBufferSize(4);
		response.setStatus(201);
		response.writeThrough((child) -> {
			opened[0]++;
			status[0] = child.getStatus();
			return target;
		});
		PrintWriter writer = response.getWriter();
		writer.write("first");
		writer.write("second");
		assertThat(opened[0]).isOne();
		assertThat(status[0]).isEqualTo(201);
		assertThat(target.toString(StandardCharsets.ISO_8859_1)).isEqualTo("firstsecond");
	}

	@Test
	void whenTheTargetCannotBeOpenedThenTheContentIsHeldUpToTheLimit() throws Exception {
		ChildHttpServletResponse response = new ChildHttpServletResponse(8);
		response.setBufferSize(4);
		response.writeThrough((child) -> null);
		response.getOutputStream().write("12345678".getBytes(StandardCharsets.US_ASCII));
		assertThat(response.isWrittenThrough()).isFalse();
		assertThatExceptionOfType(ChildRequestException.class).isThrownBy(() -> response.getOutputStream().write('9'))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ChildRequestException.Reason.RESPONSE_TOO_LARGE));
	}

	@Test
	void whenWrittenThroughThenTheResponseCannotBeUncommittedOrReset() throws Exception {
		ChildHttpServletResponse response = new ChildHttpServletResponse(64);
		response.setBufferSize(2);
		response.writeThrough((child) -> new ByteArrayOutputStream());
		response.getOutputStream().write("sent".getBytes(StandardCharsets.US_ASCII));
		response.setCommitted(false);
		assertThat(response.isCommitted()).isTrue();
		assertThatIllegalStateException().isThrownBy(response::resetBuffer);
	}

}
