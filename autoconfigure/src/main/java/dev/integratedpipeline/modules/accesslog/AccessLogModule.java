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

package dev.integratedpipeline.modules.accesslog;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.util.Assert;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * Writes one line per request in the W3C extended log file format, IIS's default log, at
 * {@code LOG_REQUEST}, through the SLF4J logger {@value #LOGGER_NAME} at {@code INFO}:
 * the application's logging configuration (Logback, Log4j2) decides the file, its rolling
 * and asynchronous writing. Give that logger a pattern of the message alone
 * ({@code %msg%n}) for a file that W3C readers parse. The {@code #Software},
 * {@code #Version}, {@code #Date} and {@code #Fields} directives are written when the
 * module is created, at startup.
 * <p>
 * Values are written as IIS writes them: date and time in UTC, {@code time-taken} in
 * milliseconds since {@code BEGIN_REQUEST}, {@code cs-uri-stem} and {@code cs-uri-query}
 * as the client sent them (before any rewrite, as IIS URL Rewrite logs them by default),
 * {@code -} for an absent value, a space as {@code +}. CR, LF and every other control
 * character are written as {@code %XX}, so no request can forge a log line.
 * <p>
 * Each line is its own logging event unless the module is given a buffer of more than one
 * line: lines are then gathered, in the order their requests reached {@code LOG_REQUEST},
 * and written as one event of several lines (separated by {@code \n}) when the buffer is
 * full, holds 64 KB, or {@code flushInterval} passed since the last write, and when the
 * module is {@link #close() closed} (the application context's shutdown): no line is
 * lost, and a line waits about {@code flushInterval} at most. HTTP.sys buffers IIS's log
 * the same way. With an asynchronous appender this wakes its worker once a buffer rather
 * than once a line, which is most of what a line costs; it suits a {@code %msg%n}
 * pattern, where each line of an event is a line of the file.
 * <p>
 * Child requests are logged only when asked ({@code includeChildren}); the field
 * {@code x-parent-id} is then the parent's id in child-request traces
 * ({@link PipelineContext#traceId()}), {@code -} for a top-level request.
 * <p>
 * The fields: {@code date}, {@code time}, {@code s-ip}, {@code cs-method},
 * {@code cs-uri-stem}, {@code cs-uri-query}, {@code s-port}, {@code cs-username},
 * {@code c-ip}, {@code cs-version}, {@code cs-host}, {@code sc-status},
 * {@code sc-substatus}, {@code sc-win32-status} (both {@code 0}: servlet containers have
 * no such codes), {@code time-taken}, {@code x-id} (the request's own id,
 * {@link PipelineContext#traceId()}), {@code x-parent-id}, {@code cs(Header)} (a request
 * header) and {@code sc(Header)} (a response header).
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public class AccessLogModule implements PipelineModule, Ordered, AutoCloseable {

	/**
	 * The name of the logger the lines are written to.
	 */
	public static final String LOGGER_NAME = "integrated-pipeline.access";

	/**
	 * IIS's default fields.
	 */
	public static final String DEFAULT_FIELDS = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

	/**
	 * The order of the module: last, so that the line shows what the other modules did to
	 * the request.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	private static final String START = AccessLogModule.class.getName() + ".start";

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	/**
	 * One builder per thread, reused line after line.
	 */
	private static final ThreadLocal<StringBuilder> BUILDER = ThreadLocal.withInitial(() -> new StringBuilder(256));

	private static final int MAX_KEPT_BUILDER = 4096;

	private final List<String> fields;

	private final Field[] values;

	/**
	 * The date and time of the second the last line was written in: formatted once a
	 * second rather than once a line.
	 */
	private volatile Second second = new Second(Long.MIN_VALUE, "", "");

	private final boolean includeChildren;

	private final Logger logger;

	private final Clock clock;

	private final @Nullable LineBuffer buffer;

	/**
	 * Create a module that writes to the {@value #LOGGER_NAME} logger.
	 * @param fields the fields, space-separated as in the {@code #Fields} directive
	 * @param includeChildren whether to log child requests too
	 * @throws IllegalArgumentException for an unknown field
	 */
	public AccessLogModule(String fields, boolean includeChildren) {
		this(fields, includeChildren, LoggerFactory.getLogger(LOGGER_NAME), Clock.systemUTC());
	}

	/**
	 * Create a module.
	 * @param fields the fields, space-separated as in the {@code #Fields} directive
	 * @param includeChildren whether to log child requests too
	 * @param logger the logger to write to
	 * @param clock the clock of the date and time
	 * @throws IllegalArgumentException for an unknown field
	 */
	public AccessLogModule(String fields, boolean includeChildren, Logger logger, Clock clock) {
		this(fields, includeChildren, logger, clock, 1, Duration.ofSeconds(1));
	}

	/**
	 * Create a module that gathers lines into a buffer before writing them.
	 * @param fields the fields, space-separated as in the {@code #Fields} directive
	 * @param includeChildren whether to log child requests too
	 * @param logger the logger to write to
	 * @param clock the clock of the date and time
	 * @param bufferLines how many lines are written together, as one logging event;
	 * {@code 1} writes each line as its own event, at {@code LOG_REQUEST}
	 * @param flushInterval how long a buffered line waits at most
	 * @throws IllegalArgumentException for an unknown field
	 * @since 0.1.0
	 */
	public AccessLogModule(String fields, boolean includeChildren, Logger logger, Clock clock, int bufferLines,
			Duration flushInterval) {
		Assert.hasText(fields, "'fields' must not be empty");
		Assert.notNull(logger, "'logger' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		Assert.isTrue(bufferLines > 0, "'bufferLines' must be positive");
		Assert.isTrue(flushInterval != null && !flushInterval.isNegative() && !flushInterval.isZero(),
				"'flushInterval' must be positive");
		this.fields = List.of(fields.trim().split("\\s+"));
		List<Field> values = new ArrayList<>();
		for (String field : this.fields) {
			values.add(field(field));
		}
		this.values = values.toArray(Field[]::new);
		this.includeChildren = includeChildren;
		this.logger = logger;
		this.clock = clock;
		writeDirectives();
		this.buffer = (bufferLines > 1) ? new LineBuffer(logger, bufferLines, flushInterval) : null;
	}

	private static Field field(String field) {
		String name = field.toLowerCase(Locale.ROOT);
		if (name.startsWith("cs(") && name.endsWith(")") && name.length() > 4) {
			String header = field.substring(3, field.length() - 1);
			return (builder, line) -> append(builder, line.request.getHeader(header));
		}
		if (name.startsWith("sc(") && name.endsWith(")") && name.length() > 4) {
			String header = field.substring(3, field.length() - 1);
			return (builder, line) -> append(builder, line.response.getHeader(header));
		}
		return switch (name) {
			// Numbers and the cached date and time need no escaping
			case "date" -> (builder, line) -> builder.append(line.second.date());
			case "time" -> (builder, line) -> builder.append(line.second.time());
			case "s-ip" -> (builder, line) -> append(builder, line.request.getLocalAddr());
			case "cs-method" -> (builder, line) -> append(builder, line.request.getMethod());
			case "cs-uri-stem" -> (builder, line) -> append(builder, line.start.uri());
			case "cs-uri-query" -> (builder, line) -> append(builder, line.start.query());
			case "s-port" -> (builder, line) -> builder.append(line.request.getLocalPort());
			case "cs-username" -> (builder, line) -> {
				Principal user = line.context.user();
				append(builder, (user != null) ? user.getName() : null);
			};
			case "c-ip" -> (builder, line) -> append(builder, line.request.getRemoteAddr());
			case "cs-version" -> (builder, line) -> append(builder, line.request.getProtocol());
			case "cs-host" -> (builder, line) -> append(builder, line.request.getHeader("Host"));
			case "sc-status" -> (builder, line) -> builder.append(line.response.getStatus());
			case "sc-substatus", "sc-win32-status" -> (builder, line) -> builder.append('0');
			case "time-taken" -> (builder, line) -> builder.append(line.millis);
			case "x-id" -> (builder, line) -> append(builder, line.context.traceId());
			case "x-parent-id" -> (builder, line) -> {
				PipelineContext parent = line.context.parent();
				append(builder, (parent != null) ? parent.traceId() : null);
			};
			default -> throw new IllegalArgumentException("Unknown access log field '" + field
					+ "'; expected one of date, time, s-ip, cs-method, cs-uri-stem, cs-uri-query, s-port, cs-username, "
					+ "c-ip, cs-version, cs-host, sc-status, sc-substatus, sc-win32-status, time-taken, x-id, x-parent-id, "
					+ "cs(Header), sc(Header)");
		};
	}

	private void writeDirectives() {
		if (this.logger.isInfoEnabled()) {
			Instant now = this.clock.instant();
			this.logger.info("#Software: Integrated Pipeline for Spring Boot");
			this.logger.info("#Version: 1.0");
			this.logger.info("#Date: " + DATE.format(now) + " " + TIME.format(now));
			this.logger.info("#Fields: " + String.join(" ", this.fields));
		}
	}

	/**
	 * Return the fields of each line.
	 * @return the field names
	 */
	public List<String> fields() {
		return this.fields;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Remember when the request started, for {@code time-taken}.
	 */
	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		if (isLogged(context)) {
			// The URL the client asked for: a rewrite takes effect after BEGIN_REQUEST
			HttpServletRequest request = context.request();
			context.state().put(START, new Start(System.nanoTime(), request.getRequestURI(), request.getQueryString()));
		}
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Write the line of the request.
	 */
	@Override
	public NotificationStatus onLogRequest(PipelineContext context) {
		if (!isLogged(context) || !this.logger.isInfoEnabled()) {
			return NotificationStatus.CONTINUE;
		}
		Start start = (context.state().get(START) instanceof Start begun) ? begun
				: new Start(System.nanoTime(), context.request().getRequestURI(), context.request().getQueryString());
		long millis = (System.nanoTime() - start.nanos()) / 1_000_000;
		// A plain String, no parameters: nothing left for the logging framework to format
		String line = line(new Line(context, start, second(this.clock.millis()), millis));
		if (this.buffer != null) {
			this.buffer.add(line);
		}
		else {
			this.logger.info(line);
		}
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Write the buffered lines now, if any; without a buffer there are none.
	 */
	public void flush() {
		if (this.buffer != null) {
			this.buffer.flush();
		}
	}

	/**
	 * Write the buffered lines and stop flushing them on a timer; lines of requests that
	 * end later are written one by one. Called when the application context closes.
	 */
	@Override
	public void close() {
		if (this.buffer != null) {
			this.buffer.close();
		}
	}

	private boolean isLogged(PipelineContext context) {
		return this.includeChildren || context.depth() == 0;
	}

	private Second second(long millis) {
		long epochSecond = Math.floorDiv(millis, 1000);
		Second second = this.second;
		if (second.epochSecond() != epochSecond) {
			// Once a second; two threads may both format it, either result is right
			second = Second.of(epochSecond);
			this.second = second;
		}
		return second;
	}

	private String line(Line line) {
		StringBuilder builder = BUILDER.get();
		builder.setLength(0);
		for (int i = 0; i < this.values.length; i++) {
			if (i > 0) {
				builder.append(' ');
			}
			this.values[i].append(builder, line);
		}
		String text = builder.toString();
		if (builder.capacity() > MAX_KEPT_BUILDER) {
			// A line with huge headers: do not keep its memory for the thread's life
			BUILDER.remove();
		}
		return text;
	}

	/**
	 * Append a value as IIS writes it: {@code -} when absent or empty, {@code +} for a
	 * space, {@code %XX} for a control character.
	 */
	static void append(StringBuilder builder, @Nullable String value) {
		if (value == null || value.isEmpty()) {
			builder.append('-');
			return;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == ' ') {
				builder.append('+');
			}
			else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
				builder.append('%').append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
			}
			else {
				builder.append(c);
			}
		}
	}

	/**
	 * What the module notes at {@code BEGIN_REQUEST}.
	 *
	 * @param nanos when the request began
	 * @param uri the request URI the client sent
	 * @param query its query
	 */
	private record Start(long nanos, String uri, @Nullable String query) {
	}

	/**
	 * Lines gathered to be written as one logging event: bounded in lines and in
	 * characters, written when full, on a timer and when closed. Written while the lock
	 * is held, so that events reach the logger in the order of their lines.
	 */
	private static final class LineBuffer {

		// HTTP.sys writes IIS's log in blocks of 64 KB
		private static final int MAX_CHARS = 64 * 1024;

		private final Logger logger;

		private final int capacity;

		private final ReentrantLock lock = new ReentrantLock();

		private final StringBuilder lines = new StringBuilder();

		private final ScheduledExecutorService flusher;

		private int count;

		private boolean closed;

		LineBuffer(Logger logger, int capacity, Duration flushInterval) {
			this.logger = logger;
			this.capacity = capacity;
			this.flusher = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "integrated-pipeline-access-log-flush");
				thread.setDaemon(true);
				return thread;
			});
			long nanos = flushInterval.toNanos();
			this.flusher.scheduleWithFixedDelay(this::flush, nanos, nanos, TimeUnit.NANOSECONDS);
		}

		void add(String line) {
			this.lock.lock();
			try {
				if (this.closed) {
					this.logger.info(line);
					return;
				}
				if (this.count > 0) {
					this.lines.append('\n');
				}
				this.lines.append(line);
				if (++this.count >= this.capacity || this.lines.length() >= MAX_CHARS) {
					write();
				}
			}
			finally {
				this.lock.unlock();
			}
		}

		void flush() {
			this.lock.lock();
			try {
				if (this.count > 0) {
					write();
				}
			}
			finally {
				this.lock.unlock();
			}
		}

		void close() {
			this.lock.lock();
			try {
				this.closed = true;
				if (this.count > 0) {
					write();
				}
			}
			finally {
				this.lock.unlock();
			}
			this.flusher.shutdownNow();
		}

		private void write() {
			String text = this.lines.toString();
			this.count = 0;
			this.lines.setLength(0);
			if (this.lines.capacity() > MAX_CHARS * 2) {
				this.lines.trimToSize();
			}
			this.logger.info(text);
		}

	}

	/**
	 * The date and time of one second, formatted.
	 *
	 * @param epochSecond the second since the epoch
	 * @param date its UTC date, {@code yyyy-MM-dd}
	 * @param time its UTC time, {@code HH:mm:ss}
	 */
	private record Second(long epochSecond, String date, String time) {

		static Second of(long epochSecond) {
			Instant instant = Instant.ofEpochSecond(epochSecond);
			return new Second(epochSecond, DATE.format(instant), TIME.format(instant));
		}

	}

	/**
	 * Appends one field's value to a line.
	 */
	@FunctionalInterface
	private interface Field {

		void append(StringBuilder builder, Line line);

	}

	/**
	 * What a line is made of.
	 */
	private static final class Line {

		final PipelineContext context;

		final HttpServletRequest request;

		final HttpServletResponse response;

		final Start start;

		final Second second;

		final long millis;

		Line(PipelineContext context, Start start, Second second, long millis) {
			this.context = context;
			this.start = start;
			this.request = context.request();
			this.response = context.response();
			this.second = second;
			this.millis = millis;
		}

	}

	@Override
	public String toString() {
		return "AccessLogModule" + this.fields;
	}

}
