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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

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
public class AccessLogModule implements PipelineModule, Ordered {

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

	private final List<String> fields;

	private final Function<Line, @Nullable String>[] values;

	private final boolean includeChildren;

	private final Logger logger;

	private final Clock clock;

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
	@SuppressWarnings("unchecked")
	public AccessLogModule(String fields, boolean includeChildren, Logger logger, Clock clock) {
		Assert.hasText(fields, "'fields' must not be empty");
		Assert.notNull(logger, "'logger' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.fields = List.of(fields.trim().split("\\s+"));
		List<Function<Line, @Nullable String>> values = new ArrayList<>();
		for (String field : this.fields) {
			values.add(value(field));
		}
		this.values = values.toArray(Function[]::new);
		this.includeChildren = includeChildren;
		this.logger = logger;
		this.clock = clock;
		writeDirectives();
	}

	private static Function<Line, @Nullable String> value(String field) {
		String name = field.toLowerCase(Locale.ROOT);
		if (name.startsWith("cs(") && name.endsWith(")") && name.length() > 4) {
			String header = field.substring(3, field.length() - 1);
			return (line) -> line.request.getHeader(header);
		}
		if (name.startsWith("sc(") && name.endsWith(")") && name.length() > 4) {
			String header = field.substring(3, field.length() - 1);
			return (line) -> line.response.getHeader(header);
		}
		return switch (name) {
			case "date" -> (line) -> DATE.format(line.time);
			case "time" -> (line) -> TIME.format(line.time);
			case "s-ip" -> (line) -> line.request.getLocalAddr();
			case "cs-method" -> (line) -> line.request.getMethod();
			case "cs-uri-stem" -> (line) -> line.start.uri();
			case "cs-uri-query" -> (line) -> line.start.query();
			case "s-port" -> (line) -> String.valueOf(line.request.getLocalPort());
			case "cs-username" -> (line) -> {
				Principal user = line.context.user();
				return (user != null) ? user.getName() : null;
			};
			case "c-ip" -> (line) -> line.request.getRemoteAddr();
			case "cs-version" -> (line) -> line.request.getProtocol();
			case "cs-host" -> (line) -> line.request.getHeader("Host");
			case "sc-status" -> (line) -> String.valueOf(line.response.getStatus());
			case "sc-substatus", "sc-win32-status" -> (line) -> "0";
			case "time-taken" -> (line) -> String.valueOf(line.millis);
			case "x-id" -> (line) -> line.context.traceId();
			case "x-parent-id" -> (line) -> {
				PipelineContext parent = line.context.parent();
				return (parent != null) ? parent.traceId() : null;
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
		this.logger.info(line(new Line(context, start, this.clock.instant(), millis)));
		return NotificationStatus.CONTINUE;
	}

	private boolean isLogged(PipelineContext context) {
		return this.includeChildren || context.depth() == 0;
	}

	private String line(Line line) {
		StringBuilder builder = new StringBuilder(160);
		for (int i = 0; i < this.values.length; i++) {
			if (i > 0) {
				builder.append(' ');
			}
			append(builder, this.values[i].apply(line));
		}
		return builder.toString();
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
	 * What a line is made of.
	 */
	private static final class Line {

		final PipelineContext context;

		final HttpServletRequest request;

		final HttpServletResponse response;

		final Start start;

		final Instant time;

		final long millis;

		Line(PipelineContext context, Start start, Instant time, long millis) {
			this.context = context;
			this.start = start;
			this.request = context.request();
			this.response = context.response();
			this.time = time;
			this.millis = millis;
		}

	}

	@Override
	public String toString() {
		return "AccessLogModule" + this.fields;
	}

}
