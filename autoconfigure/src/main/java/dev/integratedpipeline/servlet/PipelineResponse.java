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

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.pipeline.SendResponseEvent.Trigger;

/**
 * The response as the pipeline shows it downstream: delivers {@code onSendResponse} right
 * before the response is committed, while headers can still change. Like
 * {@code ContentCachingResponseWrapper}, the streams are wrapped lazily.
 *
 * @author Integrated Pipeline team
 */
final class PipelineResponse extends HttpServletResponseWrapper implements ServletPipelineContext.ReplaceableResponse {

	private final ServletPipelineContext context;

	private @Nullable ServletOutputStream outputStream;

	private @Nullable PrintWriter writer;

	PipelineResponse(HttpServletResponse response, ServletPipelineContext context) {
		super(response);
		this.context = context;
	}

	private void sending(int status, Trigger trigger) {
		this.context.sendResponse(status, trigger, null);
	}

	/**
	 * Replace the response with other content (a custom error page): whatever the
	 * application sends from now on (status, content, errors, redirects; not headers,
	 * which modules notified after this one may still add) is discarded, as the container
	 * discards what follows {@code sendError}, and a {@code sendError} being sent does
	 * not reach the container. Not committed: the headers other modules set stay.
	 * @param status the status to send
	 * @param contentType the content type, or {@code null} for none
	 * @param content the content
	 * @throws IOException when the content cannot be written
	 */
	@Override
	public void replace(int status, @Nullable String contentType, byte[] content) throws IOException {
		HttpServletResponse target = (HttpServletResponse) getResponse();
		target.resetBuffer();
		target.setStatus(status);
		if (contentType != null) {
			target.setContentType(contentType);
		}
		target.setContentLength(content.length);
		this.context.responseReplaced();
		if (this.writer != null) {
			// The application took the writer: the content goes through it, in the
			// charset the writer was opened with
			String charset = target.getCharacterEncoding();
			PrintWriter writer = target.getWriter();
			writer
				.write(new String(content, (charset != null) ? Charset.forName(charset) : StandardCharsets.ISO_8859_1));
			writer.flush();
		}
		else {
			target.getOutputStream().write(content);
		}
	}

	/**
	 * Return whether the response was replaced, in this dispatch or an earlier one of the
	 * same request.
	 */
	boolean isReplaced() {
		return this.context.isResponseReplaced();
	}

	@Override
	public void sendError(int sc) throws IOException {
		if (isReplaced()) {
			return;
		}
		this.context.sendResponse(sc, Trigger.ERROR, null);
		if (!isReplaced()) {
			super.sendError(sc);
		}
	}

	@Override
	public void sendError(int sc, String msg) throws IOException {
		if (isReplaced()) {
			return;
		}
		this.context.sendResponse(sc, Trigger.ERROR, msg);
		if (!isReplaced()) {
			super.sendError(sc, msg);
		}
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		if (isReplaced()) {
			return;
		}
		sending(HttpServletResponse.SC_FOUND, Trigger.REDIRECT);
		super.sendRedirect(location);
	}

	@Override
	public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
		if (isReplaced()) {
			return;
		}
		sending(sc, Trigger.REDIRECT);
		super.sendRedirect(location, sc, clearBuffer);
	}

	@Override
	public void flushBuffer() throws IOException {
		sending(getStatus(), Trigger.BODY);
		super.flushBuffer();
	}

	@Override
	public void setStatus(int sc) {
		if (!isReplaced()) {
			super.setStatus(sc);
		}
	}

	@Override
	public void setContentType(String type) {
		if (!isReplaced()) {
			super.setContentType(type);
		}
	}

	@Override
	public void setContentLength(int len) {
		if (!isReplaced()) {
			super.setContentLength(len);
		}
	}

	@Override
	public void setContentLengthLong(long len) {
		if (!isReplaced()) {
			super.setContentLengthLong(len);
		}
	}

	@Override
	public void reset() {
		if (!isReplaced()) {
			super.reset();
		}
	}

	@Override
	public void resetBuffer() {
		if (!isReplaced()) {
			super.resetBuffer();
		}
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		ServletOutputStream outputStream = this.outputStream;
		if (outputStream == null) {
			outputStream = new SendingOutputStream(super.getOutputStream());
			this.outputStream = outputStream;
		}
		return outputStream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		PrintWriter writer = this.writer;
		if (writer == null) {
			writer = new SendingWriter(super.getWriter());
			this.writer = writer;
		}
		return writer;
	}

	/**
	 * Delivers {@code onSendResponse} before the first character, a flush or a close;
	 * adds no buffering of its own, so the container's writer stays the one that is
	 * flushed at the end. {@code PrintWriter} writes line separators and closes straight
	 * to the writer it wraps, so {@code println()} and {@code close()} are intercepted
	 * too.
	 */
	private final class SendingWriter extends PrintWriter {

		private boolean sent;

		SendingWriter(PrintWriter delegate) {
			super(delegate, false);
		}

		private void send() {
			if (!this.sent) {
				this.sent = true;
				sending(getStatus(), Trigger.BODY);
			}
		}

		@Override
		public void write(int c) {
			send();
			if (!isReplaced()) {
				super.write(c);
			}
		}

		@Override
		public void write(char[] buf, int off, int len) {
			send();
			if (!isReplaced()) {
				super.write(buf, off, len);
			}
		}

		@Override
		public void write(String s, int off, int len) {
			send();
			if (!isReplaced()) {
				super.write(s, off, len);
			}
		}

		@Override
		public void println() {
			send();
			if (!isReplaced()) {
				super.println();
			}
		}

		@Override
		public void flush() {
			send();
			super.flush();
		}

		@Override
		public void close() {
			send();
			super.close();
		}

	}

	private final class SendingOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		private boolean sent;

		SendingOutputStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		private void send() {
			if (!this.sent) {
				this.sent = true;
				sending(getStatus(), Trigger.BODY);
			}
		}

		@Override
		public void write(int b) throws IOException {
			send();
			if (!isReplaced()) {
				this.delegate.write(b);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			send();
			if (!isReplaced()) {
				this.delegate.write(b, off, len);
			}
		}

		@Override
		public void flush() throws IOException {
			send();
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			send();
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
