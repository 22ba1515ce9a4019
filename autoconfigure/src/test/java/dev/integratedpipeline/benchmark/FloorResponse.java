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

package dev.integratedpipeline.benchmark;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The lightest response that the application's filter chain and {@code DispatcherServlet}
 * accept, for the floor benchmark: status, one value per header in a case-insensitive
 * {@link TreeMap}, and the content in a growing array.
 */
final class FloorResponse implements HttpServletResponse {

	private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

	private final Content content = new Content();

	private int status = SC_OK;

	private String contentType;

	private String characterEncoding;

	private Locale locale = Locale.getDefault();

	private boolean committed;

	private PrintWriter writer;

	byte[] contentAsByteArray() {
		return Arrays.copyOf(this.content.bytes, this.content.size);
	}

	// Status

	@Override
	public void setStatus(int status) {
		if (!this.committed) {
			this.status = status;
		}
	}

	@Override
	public int getStatus() {
		return this.status;
	}

	@Override
	public void sendError(int status) {
		sendError(status, null);
	}

	@Override
	public void sendError(int status, String message) {
		this.status = status;
		this.committed = true;
	}

	@Override
	public void sendRedirect(String location, int status, boolean clearBuffer) {
		this.status = status;
		this.headers.put("Location", location);
		this.committed = true;
	}

	@Override
	public String encodeURL(String url) {
		return url;
	}

	@Override
	public String encodeRedirectURL(String url) {
		return url;
	}

	// Headers

	@Override
	public boolean containsHeader(String name) {
		return this.headers.containsKey(name);
	}

	@Override
	public String getHeader(String name) {
		return this.headers.get(name);
	}

	@Override
	public Collection<String> getHeaders(String name) {
		String value = this.headers.get(name);
		return (value != null) ? List.of(value) : List.of();
	}

	@Override
	public Collection<String> getHeaderNames() {
		return this.headers.keySet();
	}

	@Override
	public void setHeader(String name, String value) {
		if (this.committed) {
			return;
		}
		if (value != null) {
			this.headers.put(name, value);
		}
		else {
			this.headers.remove(name);
		}
	}

	@Override
	public void addHeader(String name, String value) {
		if (!this.committed && value != null) {
			this.headers.merge(name, value, (existing, added) -> existing + ", " + added);
		}
	}

	@Override
	public void setIntHeader(String name, int value) {
		setHeader(name, Integer.toString(value));
	}

	@Override
	public void addIntHeader(String name, int value) {
		addHeader(name, Integer.toString(value));
	}

	@Override
	public void setDateHeader(String name, long date) {
		setHeader(name, Long.toString(date));
	}

	@Override
	public void addDateHeader(String name, long date) {
		addHeader(name, Long.toString(date));
	}

	@Override
	public void addCookie(Cookie cookie) {
		addHeader("Set-Cookie", cookie.getName() + "=" + cookie.getValue());
	}

	// Content type, encoding, length and locale

	@Override
	public void setContentType(String type) {
		if (!this.committed) {
			this.contentType = type;
		}
	}

	@Override
	public String getContentType() {
		return this.contentType;
	}

	@Override
	public void setCharacterEncoding(String encoding) {
		if (!this.committed && this.writer == null) {
			this.characterEncoding = encoding;
		}
	}

	@Override
	public String getCharacterEncoding() {
		return (this.characterEncoding != null) ? this.characterEncoding : "ISO-8859-1";
	}

	@Override
	public void setContentLength(int length) {
	}

	@Override
	public void setContentLengthLong(long length) {
	}

	@Override
	public void setLocale(Locale locale) {
		if (!this.committed && locale != null) {
			this.locale = locale;
		}
	}

	@Override
	public Locale getLocale() {
		return this.locale;
	}

	// Content

	@Override
	public ServletOutputStream getOutputStream() {
		return this.content;
	}

	@Override
	public PrintWriter getWriter() {
		PrintWriter writer = this.writer;
		if (writer == null) {
			writer = new PrintWriter(new OutputStreamWriter(this.content, Charset.forName(getCharacterEncoding())));
			this.writer = writer;
		}
		return writer;
	}

	@Override
	public void setBufferSize(int size) {
	}

	@Override
	public int getBufferSize() {
		return this.content.bytes.length;
	}

	@Override
	public void flushBuffer() {
		if (this.writer != null) {
			this.writer.flush();
		}
		this.committed = true;
	}

	@Override
	public void resetBuffer() {
		this.content.size = 0;
	}

	@Override
	public void reset() {
		resetBuffer();
		this.headers.clear();
		this.status = SC_OK;
		this.contentType = null;
		this.characterEncoding = null;
	}

	@Override
	public boolean isCommitted() {
		return this.committed;
	}

	/**
	 * The content, in an array that grows as needed.
	 */
	private final class Content extends ServletOutputStream {

		private byte[] bytes = new byte[256];

		private int size;

		@Override
		public void write(int b) {
			ensureCapacity(1);
			this.bytes[this.size++] = (byte) b;
		}

		@Override
		public void write(byte[] buffer, int offset, int length) {
			ensureCapacity(length);
			System.arraycopy(buffer, offset, this.bytes, this.size, length);
			this.size += length;
		}

		private void ensureCapacity(int length) {
			if (this.size + length > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.size + length));
			}
		}

		@Override
		public void flush() {
			FloorResponse.this.committed = true;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener writeListener) {
			throw new IllegalStateException("The floor response is not asynchronous");
		}

	}

}
