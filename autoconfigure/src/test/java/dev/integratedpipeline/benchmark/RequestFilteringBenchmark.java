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

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.modules.filtering.RequestFilteringModule;
import dev.integratedpipeline.modules.filtering.RequestFilteringRules;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.RequestEvent;
import dev.integratedpipeline.pipeline.ResponseRecording;

/**
 * What request filtering's own work costs a request, measured directly rather than as the
 * difference of two floors (whose forks differ by several microseconds, more than the
 * bar): {@link RequestFilteringModule#onBeginRequest} with its default rules on Tomcat's
 * own request object, as it comes from the network, against {@link #control()}, the same
 * request handed to a module that does nothing. Both reset the request's header bytes
 * first, so that every header the module reads is turned into a string again, as on a
 * fresh request; the difference of the two is the module's work.
 * <ul>
 * <li>{@code request=floor}: the floor's request ({@code GET /bench/json}, no
 * header);</li>
 * <li>{@code request=browser}: the same with the nine headers a browser sends.</li>
 * </ul>
 * What the pipeline adds around the module (its notification, the response wrapper for
 * {@code onSendResponse}) is in the floor with and without the module of
 * {@link BuiltInModulesBenchmark}, not here.
 *
 * @author Integrated Pipeline team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
public class RequestFilteringBenchmark {

	private static final String[][] BROWSER_HEADERS = { { "Host", "localhost:8080" },
			{ "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0" },
			{ "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" },
			{ "Accept-Language", "en-GB,en;q=0.5" }, { "Accept-Encoding", "gzip, deflate, br, zstd" },
			{ "Connection", "keep-alive" }, { "Cookie", "JSESSIONID=5F1A0C2B7E9D4A3C8B6F0E1D2C3B4A59; theme=dark" },
			{ "Upgrade-Insecure-Requests", "1" }, { "Priority", "u=0, i" } };

	/**
	 * The request: {@code floor} (no header) or {@code browser} (nine headers).
	 */
	@Param({ "floor", "browser" })
	public String request = "floor";

	private final PipelineModule module = new RequestFilteringModule(RequestFilteringRules.defaults());

	private final PipelineModule noOp = new PipelineModule() {
	};

	private MessageBytes[] headerBytes = new MessageBytes[0];

	private byte[][] headerContent = new byte[0][];

	private BeginRequestContext context;

	@Setup
	public void start() {
		org.apache.coyote.Request coyote = new org.apache.coyote.Request();
		coyote.method().setString("GET");
		coyote.requestURI().setString(BenchmarkController.JSON_PATH);
		coyote.decodedURI().setString(BenchmarkController.JSON_PATH);
		coyote.protocol().setString("HTTP/1.1");
		String[][] headers = "browser".equals(this.request) ? BROWSER_HEADERS : new String[0][];
		MimeHeaders mimeHeaders = coyote.getMimeHeaders();
		this.headerBytes = new MessageBytes[headers.length * 2];
		this.headerContent = new byte[headers.length * 2][];
		for (int i = 0; i < headers.length; i++) {
			byte[] name = headers[i][0].getBytes(StandardCharsets.ISO_8859_1);
			MessageBytes value = mimeHeaders.addValue(name, 0, name.length);
			this.headerBytes[2 * i] = mimeHeaders.getName(i);
			this.headerContent[2 * i] = name;
			this.headerBytes[2 * i + 1] = value;
			this.headerContent[2 * i + 1] = headers[i][1].getBytes(StandardCharsets.ISO_8859_1);
		}
		reset();
		this.context = new BeginRequestContext(new Request(new Connector("HTTP/1.1"), coyote));
	}

	/**
	 * The module with its default rules, notified of {@code BEGIN_REQUEST}.
	 * @return what it answered
	 */
	@Benchmark
	public NotificationStatus beginRequest() {
		reset();
		return this.module.onBeginRequest(this.context);
	}

	/**
	 * The same request handed to a module that does nothing.
	 * @return what it answered
	 */
	@Benchmark
	public NotificationStatus control() {
		reset();
		return this.noOp.onBeginRequest(this.context);
	}

	HttpServletRequest request() {
		return this.context.request();
	}

	/**
	 * Put the received bytes back into every header name and value, as a fresh request
	 * has them: reading one turns it into a string, once per request.
	 */
	private void reset() {
		for (int i = 0; i < this.headerBytes.length; i++) {
			byte[] content = this.headerContent[i];
			this.headerBytes[i].setBytes(content, 0, content.length);
		}
	}

	/**
	 * What {@code onBeginRequest} of request filtering asks of its context: the request,
	 * its depth and the request content limit; the rest is not for this event.
	 */
	static final class BeginRequestContext implements PipelineContext {

		private final HttpServletRequest request;

		private @Nullable Map<String, Object> state;

		BeginRequestContext(HttpServletRequest request) {
			this.request = request;
		}

		@Override
		public HttpServletRequest request() {
			return this.request;
		}

		@Override
		public HttpServletResponse response() {
			throw new UnsupportedOperationException();
		}

		@Override
		public RequestEvent currentEvent() {
			return RequestEvent.BEGIN_REQUEST;
		}

		@Override
		public boolean isPostEvent() {
			return false;
		}

		@Override
		public @Nullable Principal user() {
			return null;
		}

		@Override
		public void setUser(@Nullable Principal user) {
			throw new UnsupportedOperationException();
		}

		@Override
		public @Nullable Object handler() {
			return null;
		}

		@Override
		public Map<String, Object> state() {
			Map<String, Object> state = this.state;
			if (state == null) {
				state = new LinkedHashMap<>();
				this.state = state;
			}
			return state;
		}

		@Override
		public void setUrl(String url) {
			throw new UnsupportedOperationException();
		}

		@Override
		public @Nullable String rewrittenUrl() {
			return null;
		}

		@Override
		public boolean notifyCustom(Object notification) {
			throw new UnsupportedOperationException();
		}

		@Override
		public NotificationStatus pending(CompletionStage<?> stage) {
			throw new UnsupportedOperationException();
		}

		@Override
		public @Nullable Throwable error() {
			return null;
		}

		@Override
		public void replaceResponse(int status, @Nullable String contentType, byte[] content) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void abortConnection() {
			throw new UnsupportedOperationException();
		}

		@Override
		public String traceId() {
			return "benchmark";
		}

		@Override
		public @Nullable PipelineContext parent() {
			return null;
		}

		@Override
		public int depth() {
			return 0;
		}

		@Override
		public Set<ExecuteFlag> executeFlags() {
			return Set.of();
		}

		@Override
		public ResponseRecording recordResponse(int maxContentBytes) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void limitRequestContent(long maxBytes, Supplier<? extends RuntimeException> whenExceeded) {
			throw new UnsupportedOperationException("The benchmark's requests have no body");
		}

		@Override
		public void traceNote(String note) {
		}

		@Override
		public ChildContext cloneContext() {
			throw new UnsupportedOperationException();
		}

		@Override
		public ChildExecution executeRequest(ChildContext child, Set<ExecuteFlag> flags, @Nullable Principal user) {
			throw new UnsupportedOperationException();
		}

	}

}
