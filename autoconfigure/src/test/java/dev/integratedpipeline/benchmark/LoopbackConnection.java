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

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The cheapest HTTP client there is: one keep-alive HTTP/1.1 connection to the loopback
 * address, a {@code GET} written as prepared bytes and the response read fully (fixed
 * length or chunked) into a reused buffer and skipped. It reconnects when the server
 * closes the connection (Tomcat does after 100 requests by default) or a request fails.
 * Not thread-safe: one connection per thread.
 */
final class LoopbackConnection implements AutoCloseable {

	private final int port;

	private final byte[] request;

	private final byte[] line = new byte[8192];

	private Socket socket;

	private OutputStream out;

	private InputStream in;

	private boolean closing;

	LoopbackConnection(int port, String path) {
		this(port, ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
	}

	private LoopbackConnection(int port, byte[] request) {
		this.port = port;
		this.request = request;
	}

	/**
	 * A connection that sends a {@code POST} of a JSON body instead; {@link #get()} sends
	 * it.
	 */
	static LoopbackConnection postJson(int port, String path, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] request = new byte[head.length + body.length];
		System.arraycopy(head, 0, request, 0, head.length);
		System.arraycopy(body, 0, request, head.length, body.length);
		return new LoopbackConnection(port, request);
	}

	/**
	 * Send the {@code GET} and read the whole response.
	 * @return the status
	 * @throws IOException when the request fails; the next one reconnects
	 */
	int get() throws IOException {
		try {
			if (this.socket == null) {
				connect();
			}
			this.out.write(this.request);
			this.out.flush();
			int status = readResponse();
			if (this.closing) {
				close();
			}
			return status;
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw (ex instanceof IOException io) ? io : new IOException(ex);
		}
	}

	private void connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		socket.setTcpNoDelay(true);
		socket.setSoTimeout(30_000);
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = new BufferedInputStream(socket.getInputStream(), 16384);
	}

	private int readResponse() throws IOException {
		int length = readLine();
		int status = Integer.parseInt(new String(this.line, 9, 3, StandardCharsets.US_ASCII));
		long contentLength = -1;
		boolean chunked = false;
		this.closing = false;
		while ((length = readLine()) > 0) {
			if (startsWithIgnoringCase(length, "content-length:")) {
				contentLength = Long
					.parseLong(new String(this.line, 15, length - 15, StandardCharsets.US_ASCII).trim());
			}
			else if (startsWithIgnoringCase(length, "transfer-encoding:")) {
				chunked = true;
			}
			else if (startsWithIgnoringCase(length, "connection: close")) {
				this.closing = true;
			}
		}
		if (chunked) {
			long chunk;
			while ((chunk = Long.parseLong(new String(this.line, 0, readLine(), StandardCharsets.US_ASCII).trim(),
					16)) > 0) {
				skip(chunk);
				readLine();
			}
			while (readLine() > 0) {
				// Trailers
			}
		}
		else if (contentLength > 0) {
			skip(contentLength);
		}
		return status;
	}

	private boolean startsWithIgnoringCase(int length, String prefix) {
		if (length < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (Character.toLowerCase(this.line[i]) != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private int readLine() throws IOException {
		int length = 0;
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("Connection closed");
			}
			if (length < this.line.length) {
				this.line[length++] = (byte) b;
			}
		}
		return (length > 0 && this.line[length - 1] == '\r') ? length - 1 : length;
	}

	private void skip(long bytes) throws IOException {
		long left = bytes;
		while (left > 0) {
			long skipped = this.in.skip(left);
			if (skipped <= 0) {
				if (this.in.read() < 0) {
					throw new IOException("Connection closed");
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

	@Override
	public void close() {
		Socket socket = this.socket;
		this.socket = null;
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Nothing more to do with it
			}
		}
	}

}
