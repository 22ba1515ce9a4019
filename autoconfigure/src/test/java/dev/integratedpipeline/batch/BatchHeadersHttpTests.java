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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What items do not inherit of the batch request's connection and framing, over a raw
 * socket (the JDK's {@code HttpClient} refuses to send {@code Connection}, {@code TE} and
 * the like): hop-by-hop headers, those the {@code Connection} header names, and the batch
 * body's own framing.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "integrated-pipeline.batch.enabled=true")
class BatchHeadersHttpTests {

	private static final String HOP_BY_HOP = "Connection: keep-alive, X-Hop\r\nX-Hop: secret\r\n"
			+ "Keep-Alive: timeout=5\r\nTE: trailers\r\nTrailer: X-T\r\nX-Kept: kept\r\n";

	private static final byte[] BATCH = batch(get("1", "/batch-test/all-headers")).getBytes(StandardCharsets.UTF_8);

	@LocalServerPort
	private int port;

	@Test
	void whenBatchCarriesHopByHopHeadersThenItemsDoNotInheritThem() throws IOException {
		Map<String, String> headers = itemHeaders(post(HOP_BY_HOP + "Content-Length: " + BATCH.length + "\r\n", BATCH));
		assertThat(headers).containsEntry("x-kept", "kept")
			.doesNotContainKeys("connection", "keep-alive", "te", "trailer", "content-length", "content-type");
	}

	@Test
	void whenBatchConnectionHeaderNamesAHeaderThenItemsDoNotInheritIt() throws IOException {
		Map<String, String> headers = itemHeaders(post(HOP_BY_HOP + "Content-Length: " + BATCH.length + "\r\n", BATCH));
		assertThat(headers).containsEntry("x-kept", "kept").doesNotContainKey("x-hop");
	}

	@Test
	void whenBatchConnectionHeaderIsSplitOverTwoLinesThenItemsDoNotInheritWhatTheSecondNames() throws IOException {
		// Two field lines of a list header mean what one line of both values means (RFC
		// 9110 5.3)
		Map<String, String> headers = itemHeaders(post("Connection: keep-alive\r\nConnection: X-Hop\r\n"
				+ "X-Hop: secret\r\nX-Kept: kept\r\nContent-Length: " + BATCH.length + "\r\n", BATCH));
		assertThat(headers).containsEntry("x-kept", "kept").doesNotContainKey("x-hop");
	}

	@Test
	void whenBatchIsChunkedThenItemsDoNotInheritItsFraming() throws IOException {
		int half = BATCH.length / 2;
		ByteArrayOutputStream chunked = new ByteArrayOutputStream();
		chunk(chunked, BATCH, 0, half);
		chunk(chunked, BATCH, half, BATCH.length - half);
		chunked.write("0\r\nX-T: trailer\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		Map<String, String> headers = itemHeaders(
				post(HOP_BY_HOP + "Transfer-Encoding: chunked\r\n", chunked.toByteArray()));
		assertThat(headers).containsEntry("x-kept", "kept")
			.doesNotContainKeys("transfer-encoding", "content-length", "trailer", "te", "x-t", "x-hop");
	}

	@Test
	void whenBatchExpectsContinueThenItemsDoNotInheritExpect() throws IOException {
		Map<String, String> headers = itemHeaders(
				post("X-Kept: kept\r\nExpect: 100-continue\r\nContent-Length: " + BATCH.length + "\r\n", BATCH));
		assertThat(headers).containsEntry("x-kept", "kept").doesNotContainKeys("expect", "content-length");
	}

	private static void chunk(ByteArrayOutputStream out, byte[] bytes, int offset, int length) {
		out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.write(bytes, offset, length);
		out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The headers the single item of a batch saw, as {@code /batch-test/all-headers}
	 * answered them (names in lower case).
	 */
	private static Map<String, String> itemHeaders(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode item = BatchClient.json.readTree(response.body()).get("responses").get(0);
		assertThat(item.get("status").intValue()).isEqualTo(200);
		Map<String, String> headers = new LinkedHashMap<>();
		item.get("body").properties().forEach((entry) -> headers.put(entry.getKey(), entry.getValue().stringValue()));
		return headers;
	}

	/**
	 * POST a batch with the CSRF token, the given headers (each ending in CRLF) and body,
	 * and read the answer: interim 1xx answers are skipped, the body is read by its
	 * length or its chunks, so that the connection may stay open.
	 */
	private Response post(String headers, byte[] body) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			String head = "POST /$batch HTTP/1.1\r\nHost: localhost:" + this.port
					+ "\r\nContent-Type: application/json\r\nCookie: " + BatchTestApplication.CSRF_HEADERS[1]
					+ "\r\nX-XSRF-TOKEN: " + BatchTestApplication.CSRF_TOKEN + "\r\n" + headers + "\r\n";
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			return Response.read(socket.getInputStream());
		}
	}

	record Response(int status, Map<String, String> headers, String body) {

		static Response read(InputStream in) throws IOException {
			while (true) {
				String statusLine = line(in);
				int status = Integer.parseInt(statusLine.split(" ")[1]);
				Map<String, String> headers = new LinkedHashMap<>();
				for (String line = line(in); !line.isEmpty(); line = line(in)) {
					int colon = line.indexOf(':');
					headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
							line.substring(colon + 1).trim());
				}
				if (status >= 100 && status < 200) {
					continue;
				}
				return new Response(status, headers, new String(body(in, headers), StandardCharsets.UTF_8));
			}
		}

		private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				ByteArrayOutputStream body = new ByteArrayOutputStream();
				for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
					body.write(in.readNBytes(size));
					line(in);
				}
				// Trailers, up to the empty line
				String trailer = line(in);
				while (!trailer.isEmpty()) {
					trailer = line(in);
				}
				return body.toByteArray();
			}
			String length = headers.get("content-length");
			return (length != null) ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
		}

		private static int chunkSize(String line) {
			int extension = line.indexOf(';');
			return Integer.parseInt(((extension >= 0) ? line.substring(0, extension) : line).trim(), 16);
		}

		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			for (int b = in.read(); b != '\n'; b = in.read()) {
				if (b < 0) {
					throw new IOException("The connection closed in the middle of a line: " + line);
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

	}

}
