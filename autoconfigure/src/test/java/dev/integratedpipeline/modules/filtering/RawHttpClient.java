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

package dev.integratedpipeline.modules.filtering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a request exactly as written, byte for byte, which {@code java.net.http} would
 * refuse or normalise: hostile URLs, chunked bodies.
 */
final class RawHttpClient {

	private final int port;

	RawHttpClient(int port) {
		this.port = port;
	}

	Response get(String target, String... headers) {
		StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
		request.append("Host: localhost\r\nConnection: close\r\n");
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		request.append("\r\n");
		return send(request.toString().getBytes(StandardCharsets.ISO_8859_1));
	}

	Response postChunked(String target, int bytes) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		write(request, "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
		int left = bytes;
		while (left > 0) {
			int chunk = Math.min(left, 256);
			write(request, Integer.toHexString(chunk) + "\r\n" + "x".repeat(chunk) + "\r\n");
			left -= chunk;
		}
		write(request, "0\r\n\r\n");
		return send(request.toByteArray());
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	Response send(byte[] request) {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			InputStream in = socket.getInputStream();
			return Response.parse(in.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record Response(int status, Map<String, String> headers, String body) {

		static Response parse(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String[] lines = head.split("\r\n");
			String[] statusLine = lines[0].split(" ");
			int status = (statusLine.length > 1) ? Integer.parseInt(statusLine[1]) : -1;
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							lines[i].substring(colon + 1).trim());
				}
			}
			String body = (end >= 0) ? text.substring(end + 4) : "";
			return new Response(status, headers, body);
		}

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		boolean isProblem() {
			String contentType = header("Content-Type");
			return contentType != null && contentType.startsWith("application/problem+json");
		}

	}

}
