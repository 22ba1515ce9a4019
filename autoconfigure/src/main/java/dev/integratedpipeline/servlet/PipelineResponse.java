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
final class PipelineResponse extends HttpServletResponseWrapper {

	private final ServletPipelineContext context;

	private @Nullable ServletOutputStream outputStream;

	private @Nullable PrintWriter writer;

	PipelineResponse(HttpServletResponse response, ServletPipelineContext context) {
		super(response);
		this.context = context;
	}

	private void sending(int status, Trigger trigger) {
		this.context.sendResponse(status, trigger);
	}

	@Override
	public void sendError(int sc) throws IOException {
		sending(sc, Trigger.ERROR);
		super.sendError(sc);
	}

	@Override
	public void sendError(int sc, String msg) throws IOException {
		sending(sc, Trigger.ERROR);
		super.sendError(sc, msg);
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		sending(HttpServletResponse.SC_FOUND, Trigger.REDIRECT);
		super.sendRedirect(location);
	}

	@Override
	public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
		sending(sc, Trigger.REDIRECT);
		super.sendRedirect(location, sc, clearBuffer);
	}

	@Override
	public void flushBuffer() throws IOException {
		sending(getStatus(), Trigger.BODY);
		super.flushBuffer();
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
			super.write(c);
		}

		@Override
		public void write(char[] buf, int off, int len) {
			send();
			super.write(buf, off, len);
		}

		@Override
		public void write(String s, int off, int len) {
			send();
			super.write(s, off, len);
		}

		@Override
		public void println() {
			send();
			super.println();
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
			this.delegate.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			send();
			this.delegate.write(b, off, len);
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
