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

package dev.integratedpipeline.servlet;

import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

import dev.integratedpipeline.pipeline.ResponseRecording;

/**
 * The copy of a response that a module asked for with
 * {@code PipelineContext.recordResponse}: the {@link #wrap(HttpServletResponse) wrapper}
 * that the pipeline's authentication filter hands downstream tees what is written, as
 * {@code ContentCachingResponseWrapper} does, but passes every byte on at once. Used by
 * one request thread at a time.
 *
 * @author Integrated Pipeline team
 */
final class ResponseRecorder implements ResponseRecording {

	private final int maxContentBytes;

	private final HttpHeaders headers = new HttpHeaders();

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private @Nullable CharArrayWriter chars;

	private @Nullable String characterEncoding;

	private boolean exceeded;

	private boolean wrapped;

	ResponseRecorder(int maxContentBytes) {
		this.maxContentBytes = Math.max(0, maxContentBytes);
	}

	/**
	 * Wrap the response the filters downstream and the handler write to, once: an async
	 * dispatch passes the wrapper it was started with again.
	 * @param response the response
	 * @return the recording wrapper, or {@code response} when it was wrapped before
	 */
	HttpServletResponse wrap(HttpServletResponse response) {
		if (this.wrapped) {
			return response;
		}
		this.wrapped = true;
		return new RecordingResponse(response);
	}

	@Override
	public byte @Nullable [] content() {
		if (this.exceeded) {
			return null;
		}
		CharArrayWriter chars = this.chars;
		if (chars == null) {
			return this.bytes.toByteArray();
		}
		byte[] encoded = chars.toString().getBytes(charset(this.characterEncoding));
		return (encoded.length <= this.maxContentBytes) ? encoded : null;
	}

	@Override
	public boolean exceeded() {
		return this.exceeded || content() == null;
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders copy = new HttpHeaders();
		copy.putAll(this.headers);
		return copy;
	}

	private static Charset charset(@Nullable String encoding) {
		if (encoding == null) {
			return StandardCharsets.ISO_8859_1;
		}
		try {
			return Charset.forName(encoding);
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			return StandardCharsets.ISO_8859_1;
		}
	}

	private void recordBytes(byte[] b, int off, int len) {
		if (this.exceeded) {
			return;
		}
		if (this.bytes.size() + len > this.maxContentBytes) {
			exceed();
			return;
		}
		this.bytes.write(b, off, len);
	}

	private void recordChars(char[] c, int off, int len) {
		CharArrayWriter chars = this.chars;
		if (this.exceeded || chars == null) {
			return;
		}
		// A character is at least one byte in the encodings a response uses: a lower
		// bound, checked exactly once the content is encoded
		if (chars.size() + len > this.maxContentBytes) {
			exceed();
			return;
		}
		chars.write(c, off, len);
	}

	private void recordChars(String s, int off, int len) {
		CharArrayWriter chars = this.chars;
		if (this.exceeded || chars == null) {
			return;
		}
		if (chars.size() + len > this.maxContentBytes) {
			exceed();
			return;
		}
		chars.write(s, off, len);
	}

	private void exceed() {
		this.exceeded = true;
		this.bytes.reset();
		this.chars = null;
	}

	private void reset() {
		this.bytes.reset();
		if (this.chars != null) {
			this.chars.reset();
		}
	}

	/**
	 * Tees the content into the recorder and records the headers that are set.
	 */
	private final class RecordingResponse extends HttpServletResponseWrapper {

		private @Nullable ServletOutputStream outputStream;

		private @Nullable PrintWriter writer;

		RecordingResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void setHeader(String name, @Nullable String value) {
			super.setHeader(name, value);
			if (value != null) {
				ResponseRecorder.this.headers.set(name, value);
			}
			else {
				ResponseRecorder.this.headers.remove(name);
			}
		}

		@Override
		public void addHeader(String name, @Nullable String value) {
			super.addHeader(name, value);
			if (value != null) {
				ResponseRecorder.this.headers.add(name, value);
			}
		}

		@Override
		public void setIntHeader(String name, int value) {
			super.setIntHeader(name, value);
			ResponseRecorder.this.headers.set(name, Integer.toString(value));
		}

		@Override
		public void addIntHeader(String name, int value) {
			super.addIntHeader(name, value);
			ResponseRecorder.this.headers.add(name, Integer.toString(value));
		}

		@Override
		public void setDateHeader(String name, long date) {
			super.setDateHeader(name, date);
			ResponseRecorder.this.headers.setDate(name, date);
		}

		@Override
		public void addDateHeader(String name, long date) {
			super.addDateHeader(name, date);
			HttpHeaders dated = new HttpHeaders();
			dated.setDate(name, date);
			ResponseRecorder.this.headers.addAll(name, dated.getOrEmpty(name));
		}

		@Override
		public void addCookie(Cookie cookie) {
			super.addCookie(cookie);
			ResponseRecorder.this.headers.add(HttpHeaders.SET_COOKIE,
					ResponseCookie.from(cookie.getName(), cookie.getValue()).build().toString());
		}

		@Override
		public void setContentType(@Nullable String type) {
			super.setContentType(type);
			String contentType = getContentType();
			if (contentType != null) {
				ResponseRecorder.this.headers.set(HttpHeaders.CONTENT_TYPE, contentType);
			}
		}

		@Override
		public void setCharacterEncoding(@Nullable String encoding) {
			super.setCharacterEncoding(encoding);
			String contentType = getContentType();
			if (contentType != null) {
				ResponseRecorder.this.headers.set(HttpHeaders.CONTENT_TYPE, contentType);
			}
		}

		@Override
		public void reset() {
			super.reset();
			ResponseRecorder.this.headers.clear();
			ResponseRecorder.this.reset();
		}

		@Override
		public void resetBuffer() {
			super.resetBuffer();
			ResponseRecorder.this.reset();
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			ServletOutputStream outputStream = this.outputStream;
			if (outputStream == null) {
				outputStream = new RecordingOutputStream(super.getOutputStream());
				this.outputStream = outputStream;
			}
			return outputStream;
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			PrintWriter writer = this.writer;
			if (writer == null) {
				PrintWriter delegate = super.getWriter();
				// The encoding is fixed once the writer is obtained
				ResponseRecorder.this.characterEncoding = getCharacterEncoding();
				if (ResponseRecorder.this.chars == null && !ResponseRecorder.this.exceeded) {
					ResponseRecorder.this.chars = new CharArrayWriter();
				}
				writer = new RecordingWriter(delegate);
				this.writer = writer;
			}
			return writer;
		}

	}

	/**
	 * Passes every character straight on, with no buffering of its own, so that the
	 * container's writer stays the one that is flushed at the end.
	 */
	private final class RecordingWriter extends PrintWriter {

		RecordingWriter(PrintWriter delegate) {
			super(delegate, false);
		}

		@Override
		public void write(int c) {
			super.write(c);
			recordChars(new char[] { (char) c }, 0, 1);
		}

		@Override
		public void write(char[] buf, int off, int len) {
			super.write(buf, off, len);
			recordChars(buf, off, len);
		}

		@Override
		public void write(String s, int off, int len) {
			super.write(s, off, len);
			recordChars(s, off, len);
		}

		@Override
		public void println() {
			// PrintWriter writes its line separator straight to the writer it wraps
			write(System.lineSeparator());
		}

	}

	private final class RecordingOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		RecordingOutputStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
			recordBytes(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.delegate.write(b, off, len);
			recordBytes(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.delegate.setWriteListener(listener);
		}

	}

}
