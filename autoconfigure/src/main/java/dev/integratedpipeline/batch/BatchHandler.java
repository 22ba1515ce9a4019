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
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.Assert;
import org.springframework.web.HttpRequestHandler;

import dev.integratedpipeline.child.ChildRequestExecutor;

/**
 * The JSON batch endpoint: answers {@code POST} of a JSON batch (the Microsoft Graph and
 * OData 4.01 JSON batching shape, {@code {"requests":[{"id","method","url","headers",
 * "body","dependsOn"}]}}) by running each item as a child request of the batch request
 * through the application's whole pipeline, and streams {@code {"responses":[...]}} in
 * request order.
 * <p>
 * An ordinary handler served by the {@code DispatcherServlet}, so that the batch request
 * itself passes every filter (Spring Security, CSRF) and pipeline event first. Then:
 * <ol>
 * <li>a method other than {@code POST} is answered 405, a body that is not JSON 415, one
 * larger than {@link BatchOptions#maxRequestBytes()} 413 (detected while reading), and a
 * batch that is malformed or has an invalid item 400 (the problem names the item's id and
 * index): all as {@code application/problem+json}, before any item runs;</li>
 * <li>each item becomes a child request built {@code from} the batch request (its
 * headers, credentials and cookies included, less the batch's framing headers and
 * {@code Prefer}), with the item's own headers replacing inherited ones, so that each
 * item is authenticated and authorized by the application's own filters, one by one;</li>
 * <li>items run on the child executor, at most {@link BatchOptions#parallelism()} at a
 * time, an item with {@code dependsOn} after those it names (424 when one failed), all
 * within {@link BatchOptions#timeout()} (504 past it); with
 * {@code Prefer: continue-on-error=false}, items not started after a failure answer 424;
 * </li>
 * <li>the response is 200 once the batch was accepted, each item's status, headers and
 * body in its entry; an item's {@code Set-Cookie} is applied to the batch response while
 * it is not committed.</li>
 * </ol>
 * An item's own url may not name the batch endpoint, and a batch run as an item is
 * refused too: batches do not nest.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class BatchHandler implements HttpRequestHandler, DisposableBean {

	/**
	 * How deeply JSON may nest in a batch request, item bodies included.
	 */
	public static final int MAX_NESTING_DEPTH = 200;

	private static final int MAX_NUMBER_LENGTH = 1000;

	/**
	 * How much of a body refused as too large is read and dropped: Tomcat's own default
	 * {@code maxSwallowSize}.
	 */
	private static final long SWALLOW_BYTES = 2 * 1024 * 1024;

	private static final Duration TICKER_KEEP_ALIVE = Duration.ofSeconds(10);

	private final ChildRequestExecutor executor;

	private final BatchOptions options;

	private final BatchMetrics metrics;

	private final @Nullable Executor taskExecutor;

	/**
	 * Where a batch whose thread runs an item is looked in on, to ask for helpers and to
	 * answer its deadline; with a task executor only.
	 */
	private final @Nullable ScheduledThreadPoolExecutor ticker;

	/**
	 * Where batches hand helpers to the task executor, which may block while full; with a
	 * task executor only.
	 */
	private final @Nullable ThreadPoolExecutor spreader;

	private final JsonMapper mapper;

	private final BatchParser parser;

	/** The helpers all batches may have at once, on the task executor. */
	private final BatchWorkers.Budget helpers;

	/**
	 * Create a handler whose items are each handed to the application task executor by
	 * {@link ChildRequestExecutor#executeAsync(dev.integratedpipeline.child.ChildRequest)}.
	 * @param executor runs the items
	 * @param options the limits
	 * @param metrics records each batch
	 */
	public BatchHandler(ChildRequestExecutor executor, BatchOptions options, BatchMetrics metrics) {
		this(executor, options, metrics, null);
	}

	/**
	 * Create a handler whose items run on the batch request's own thread, item after
	 * item, and on a few threads of the given task executor once items have waited for a
	 * millisecond: at most {@link BatchOptions#parallelism()} items at a time, rather
	 * than a thread woken per item. A daemon thread of the handler's own looks in on a
	 * batch whose thread runs an item, to ask for those threads and to answer the batch's
	 * deadline even while that item blocks; {@link #destroy()} stops it.
	 * @param executor runs the items
	 * @param options the limits
	 * @param metrics records each batch
	 * @param taskExecutor the threads the items run on (Boot's application task
	 * executor); {@code null} to hand each item to the child executor's own
	 * @since 0.1.0
	 */
	public BatchHandler(ChildRequestExecutor executor, BatchOptions options, BatchMetrics metrics,
			@Nullable Executor taskExecutor) {
		Assert.notNull(executor, "'executor' must not be null");
		Assert.notNull(options, "'options' must not be null");
		Assert.notNull(metrics, "'metrics' must not be null");
		this.executor = executor;
		this.options = options;
		this.metrics = metrics;
		this.taskExecutor = taskExecutor;
		this.ticker = (taskExecutor != null) ? ticker() : null;
		this.spreader = (taskExecutor != null) ? spreader() : null;
		this.mapper = mapper(options);
		this.parser = new BatchParser(options, this.mapper);
		this.helpers = new BatchWorkers.Budget(options.maxHelpers());
	}

	/**
	 * One daemon thread for every batch, gone once idle for a while.
	 */
	private static ScheduledThreadPoolExecutor ticker() {
		ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "integrated-pipeline-batch-ticker");
			thread.setDaemon(true);
			return thread;
		});
		ticker.setRemoveOnCancelPolicy(true);
		// Once shut down, the looks of the batches still running still come: their
		// batches cancel them as they end
		ticker.setContinueExistingPeriodicTasksAfterShutdownPolicy(true);
		ticker.setKeepAliveTime(TICKER_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
		ticker.allowCoreThreadTimeOut(true);
		return ticker;
	}

	/**
	 * One daemon thread for every batch, gone once idle for a while, that hands helpers
	 * to the task executor.
	 */
	private static ThreadPoolExecutor spreader() {
		ThreadPoolExecutor spreader = new ThreadPoolExecutor(1, 1, TICKER_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "integrated-pipeline-batch-spreader");
					thread.setDaemon(true);
					return thread;
				});
		spreader.allowCoreThreadTimeOut(true);
		return spreader;
	}

	private static JsonMapper mapper(BatchOptions options) {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(MAX_NESTING_DEPTH)
				.maxNumberLength(MAX_NUMBER_LENGTH)
				.maxDocumentLength(options.maxRequestBytes())
				.build())
			// A duplicate member is refused rather than read two ways
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			// Flushing after each item fills the servlet response's buffer without
			// committing it
			.disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
			.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
			.build();
		return JsonMapper.builder(factory)
			// Item bodies keep their numbers as written: 2.50 stays 2.50
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
			.build();
	}

	/**
	 * Return the options this handler applies.
	 * @return the options
	 */
	public BatchOptions options() {
		return this.options;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		long start = System.nanoTime();
		BatchOutcome outcome = BatchOutcome.ABORTED;
		int count = -1;
		try {
			List<BatchItem> items = accept(request);
			count = items.size();
			boolean continueOnError = continueOnError(request);
			if (!continueOnError) {
				response.setHeader("Preference-Applied", "continue-on-error=false");
			}
			BatchResponseWriter writer = new BatchResponseWriter(response, this.mapper);
			Executor taskExecutor = this.taskExecutor;
			Executor spreader = this.spreader;
			BatchWorkers workers = (taskExecutor != null && spreader != null)
					? new BatchWorkers(taskExecutor, spreader, this.options.parallelism(), this.helpers) : null;
			BatchExecution execution = new BatchExecution(items, this.executor, workers, this.ticker, writer,
					this.mapper, this.options.parallelism(), this.options.timeout(), continueOnError);
			BatchCors cors = BatchCors.of(request, response, this.mapper);
			if (cors != null) {
				execution.applyCors(cors, cors.preflight(items, this.executor));
			}
			outcome = execution.run();
		}
		catch (BatchRefusedException ex) {
			outcome = BatchOutcome.REFUSED;
			refuse(request, response, ex.problem());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while running batch " + request.getRequestURI(), ex);
		}
		catch (JacksonException ex) {
			throw new IOException("Could not write the batch response: " + ex.getOriginalMessage(), ex);
		}
		finally {
			this.metrics.record(outcome, count, Duration.ofNanos(System.nanoTime() - start));
		}
	}

	/**
	 * Stop the thread that looks in on running batches once the looks already due ran: a
	 * batch still running (the server stopped without a graceful shutdown) keeps its
	 * deadline, and no new look is taken.
	 */
	@Override
	public void destroy() {
		if (this.ticker != null) {
			this.ticker.shutdown();
		}
		if (this.spreader != null) {
			this.spreader.shutdown();
		}
	}

	/**
	 * Check the request and read its items, or refuse it.
	 */
	private List<BatchItem> accept(HttpServletRequest request) throws IOException {
		if (!"POST".equals(request.getMethod())) {
			throw BatchRefusedException.of(HttpStatus.METHOD_NOT_ALLOWED,
					"The batch endpoint answers POST only, not " + request.getMethod());
		}
		if (ChildRequestExecutor.currentChildRequest(request)
			.map((child) -> child.userData() == BatchItem.MARKER)
			.orElse(false)) {
			throw BatchRefusedException.badRequest("A batch item may not be a batch: batches do not nest");
		}
		if (!isJson(request.getContentType())) {
			throw BatchRefusedException.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"A batch must be sent as application/json, not " + request.getContentType());
		}
		return this.parser.parse(read(request), request);
	}

	private static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return BatchBodies.kind(MediaType.parseMediaType(contentType)) == BatchBodies.Kind.JSON;
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * Read the body, refusing it with 413 as soon as it exceeds the limit (a declared
	 * length is checked first, a chunked body while it is read) and with 400 when it
	 * cannot be read whole: it ended before its declared length or its last chunk, or the
	 * container failed to read it.
	 */
	private byte[] read(HttpServletRequest request) {
		long limit = this.options.maxRequestBytes();
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			swallow(request, declared);
			throw tooLarge(declared + " bytes");
		}
		try {
			return read(request.getInputStream(), declared, limit, request);
		}
		catch (IOException ex) {
			// The container's own answer would be its error page, not a problem
			throw BatchRefusedException
				.badRequest("The batch request body could not be read whole: " + ex.getMessage());
		}
	}

	private byte[] read(InputStream in, long declared, long limit, HttpServletRequest request) throws IOException {
		if (declared >= 0) {
			// Within the limit: read into one array of the declared length, no copy
			byte[] body = new byte[(int) declared];
			int read = in.readNBytes(body, 0, body.length);
			if (read < body.length) {
				throw new EOFException("it ended after " + read + " of its declared " + declared + " bytes");
			}
			return body;
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
		byte[] buffer = new byte[8192];
		long total = 0;
		for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
			total += read;
			if (total > limit) {
				swallow(request, -1);
				throw tooLarge("more than " + limit + " bytes");
			}
			body.write(buffer, 0, read);
		}
		return body.toByteArray();
	}

	/**
	 * Read and drop what is left of a body refused as too large, up to
	 * {@value #SWALLOW_BYTES} bytes, as Tomcat does ({@code maxSwallowSize}): a
	 * connection closed with a body still unread is reset, and the client may lose the
	 * 413 with it (Jetty closes such a connection at once). Beyond that, the connection
	 * is closed all the same. Not for a client that sent {@code Expect: 100-continue}:
	 * reading would ask it for the body it has not sent yet, and need not send once
	 * refused.
	 */
	private static void swallow(HttpServletRequest request, long declared) {
		if (declared > SWALLOW_BYTES || request.getHeader(HttpHeaders.EXPECT) != null) {
			return;
		}
		byte[] buffer = new byte[8192];
		long total = 0;
		try {
			InputStream in = request.getInputStream();
			for (int read = in.read(buffer); read >= 0 && total < SWALLOW_BYTES; read = in.read(buffer)) {
				total += read;
			}
		}
		catch (IOException ex) {
			// The client went away: nothing left to drop
		}
	}

	private BatchRefusedException tooLarge(String size) {
		return BatchRefusedException.of(HttpStatus.CONTENT_TOO_LARGE, "The batch request body is " + size
				+ ", beyond integrated-pipeline.batch.max-request-bytes (" + this.options.maxRequestBytes() + ")");
	}

	/**
	 * Whether the client asked {@code Prefer: continue-on-error=false} (OData 4.01;
	 * {@code odata.continue-on-error} of OData 4.0 too).
	 */
	private static boolean continueOnError(HttpServletRequest request) {
		for (Enumeration<String> values = request.getHeaders("Prefer"); values.hasMoreElements();) {
			for (String preference : values.nextElement().split(",")) {
				String[] parts = preference.split("=", 2);
				String name = parts[0].trim().toLowerCase(Locale.ROOT);
				if ((name.equals("continue-on-error") || name.equals("odata.continue-on-error")) && parts.length == 2) {
					// The value ends where the preference's own parameters begin (RFC
					// 7240)
					String value = parts[1].split(";", 2)[0].trim().replace("\"", "");
					if (value.equalsIgnoreCase("false")) {
						return false;
					}
				}
			}
		}
		return true;
	}

	void refuse(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(problem.getStatus());
		if (problem.getStatus() == HttpStatus.METHOD_NOT_ALLOWED.value()) {
			response.setHeader(HttpHeaders.ALLOW, "POST");
		}
		response.setContentType(Problems.CONTENT_TYPE);
		problem.setInstance(instance(request));
		Problems.write(problem, response.getOutputStream(), this.mapper);
	}

	private static @Nullable URI instance(HttpServletRequest request) {
		try {
			return URI.create(request.getRequestURI());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
