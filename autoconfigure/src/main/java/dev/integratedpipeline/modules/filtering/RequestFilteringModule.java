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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.server.ContentTooLargeException;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.SendResponseEvent;

/**
 * Refuses requests that break the {@link RequestFilteringRules}, as IIS's
 * {@code RequestFilteringModule} does: first of all modules, at {@code BEGIN_REQUEST},
 * before Spring Security, any other module or the handler sees the request, for top-level
 * and child requests alike. A URL a module rewrites the request to at
 * {@code BEGIN_REQUEST} ({@link PipelineContext#rewrittenUrl()}, URL rewrite's) is
 * checked at {@code POST_BEGIN_REQUEST} by the same rules of length and path.
 * <p>
 * A refused request is answered with the {@link RequestFilteringRule#status() rule's
 * status} (405 with {@code Allow}, 413, 414, 431 or 404) and a problem+json body that
 * does not say which rule fired, and finished ({@code FINISH_REQUEST}): the remaining
 * events up to {@code LOG_REQUEST} are skipped. The rule is put in the request's
 * {@link PipelineContext#state() state} under {@link #REJECTED_RULE} (where
 * {@code LOG_REQUEST} finds it), noted in the trace timeline and handed to the listener
 * (the {@code integrated.pipeline.request.filtering.rejections} counter).
 * <p>
 * Path checks compare case-insensitively after percent-decoding (strictly, as UTF-8),
 * Unicode compatibility normalisation (NFKC: a fullwidth dot is a dot), backslashes read
 * as slashes and path parameters ({@code ;x}) dropped from each segment, so
 * {@code /A/./WEB-INF/x}, {@code /web-inf/x} and {@code /%57EB-INF/x} are all refused. A
 * chunked body is counted while it is read: the read beyond {@code maxContentLength}
 * throws a {@link ContentTooLargeException}, which Spring MVC answers with a 413.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class RequestFilteringModule implements PipelineModule, Ordered {

	/**
	 * The key of the {@link RequestFilteringRule} that refused the request in
	 * {@link PipelineContext#state()}.
	 */
	public static final String REJECTED_RULE = RequestFilteringModule.class.getName() + ".rejectedRule";

	/**
	 * The order of the module: first, so that no other module sees a refused request.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private static final String REFUSED_WHILE_READING = RequestFilteringModule.class.getName() + ".refusedWhileReading";

	private static final String[] STANDARD_METHODS = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
			"TRACE" };

	private final RequestFilteringRules rules;

	private final Consumer<RequestFilteringRule> listener;

	private final @Nullable String allow;

	private final boolean checkExtensions;

	// Arrays, not the rules' lists: looping over them allocates no iterator per request
	private final String[] deniedUrlSequences;

	private final String[] hiddenSegments;

	/**
	 * Create a module that tells nobody of its refusals.
	 * @param rules the rules
	 */
	public RequestFilteringModule(RequestFilteringRules rules) {
		this(rules, (rule) -> {
		});
	}

	/**
	 * Create a module.
	 * @param rules the rules
	 * @param listener told of every refusal, on the request's thread (a counter)
	 */
	public RequestFilteringModule(RequestFilteringRules rules, Consumer<RequestFilteringRule> listener) {
		Assert.notNull(rules, "'rules' must not be null");
		Assert.notNull(listener, "'listener' must not be null");
		this.rules = rules;
		this.listener = listener;
		this.allow = allow(rules);
		this.checkExtensions = !rules.deniedExtensions().isEmpty() || !rules.allowUnlistedExtensions();
		this.deniedUrlSequences = rules.deniedUrlSequences().toArray(String[]::new);
		this.hiddenSegments = rules.hiddenSegments().toArray(String[]::new);
	}

	private static @Nullable String allow(RequestFilteringRules rules) {
		Set<String> allowed = new LinkedHashSet<>();
		if (!rules.allowedMethods().isEmpty()) {
			allowed.addAll(rules.allowedMethods());
		}
		else {
			allowed.addAll(List.of(STANDARD_METHODS));
		}
		allowed.removeAll(rules.deniedMethods());
		return allowed.isEmpty() ? null : String.join(", ", allowed);
	}

	/**
	 * Return the rules this module enforces.
	 * @return the rules
	 */
	public RequestFilteringRules rules() {
		return this.rules;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Check the request against the rules; refuse it, or count its chunked body.
	 */
	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		HttpServletRequest request = context.request();
		RequestFilteringRule rule = check(request);
		if (rule != null) {
			return reject(context, rule);
		}
		if (isCounted(request)) {
			context.limitRequestContent(this.rules.maxContentLength(), () -> {
				refused(context, RequestFilteringRule.CONTENT_LENGTH);
				context.state().put(REFUSED_WHILE_READING, Boolean.TRUE);
				return new ContentTooLargeException(null);
			});
		}
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Check the URL a module rewrote the request to during {@code BEGIN_REQUEST} (URL
	 * rewrite, notified after this module), as the request's own was: its length, its
	 * query's and its path. A rewrite must not reach what the same URL sent by the client
	 * could not ({@code /file?name=.git/config} rewritten to
	 * {@code /static/.git/config}).
	 */
	@Override
	public NotificationStatus onPostBeginRequest(PipelineContext context) {
		return checkRewrittenUrl(context);
	}

	/**
	 * Check the rewritten URL again, for a module notified after this one at
	 * {@code POST_BEGIN_REQUEST} that rewrote it there: before any authorization module,
	 * the handler mapping or the handler sees it.
	 */
	@Override
	public NotificationStatus onPostAuthenticateRequest(PipelineContext context) {
		return checkRewrittenUrl(context);
	}

	private NotificationStatus checkRewrittenUrl(PipelineContext context) {
		String url = context.rewrittenUrl();
		if (url == null) {
			return NotificationStatus.CONTINUE;
		}
		RequestFilteringRule rule = checkUrl(context.request().getContextPath(), url);
		return (rule != null) ? reject(context, rule) : NotificationStatus.CONTINUE;
	}

	/**
	 * Answer a chunked body refused while it was read with the same 413 problem as every
	 * other rule, whatever the application made of the exception its read threw (Spring
	 * MVC's {@code sendError(413)}, an error page, an exception handler's body). Notified
	 * last of the modules (reverse order), so that its answer is final; a module that
	 * already replaced the response (custom errors with a page for 413) keeps its page.
	 */
	@Override
	public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		// Only a request whose body was counted can have been refused while it was read:
		// for any other, the state (created on first use) is not asked for at all
		if (isCounted(context.request()) && context.state().get(REFUSED_WHILE_READING) != null
				&& !context.response().isCommitted()) {
			context.state().remove(REFUSED_WHILE_READING);
			try {
				context.replaceResponse(RequestFilteringRule.CONTENT_LENGTH.status().value(),
						MediaType.APPLICATION_PROBLEM_JSON_VALUE, problem(RequestFilteringRule.CONTENT_LENGTH));
			}
			catch (IllegalStateException ex) {
				// Replaced already by a module notified before this one: its answer
				// stands
			}
		}
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Return whether the request's body is counted while it is read: a body without a
	 * {@code Content-Length} (chunked, or HTTP/2's frames).
	 */
	private static boolean isCounted(HttpServletRequest request) {
		return request.getContentLengthLong() < 0 && (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
				|| !request.getProtocol().startsWith("HTTP/1."));
	}

	/**
	 * Return the rule that the request breaks.
	 * @param request the request
	 * @return the first rule broken, or {@code null} when the request passes
	 */
	@Nullable RequestFilteringRule check(HttpServletRequest request) {
		String method = request.getMethod();
		if (this.rules.deniedMethods().contains(method)
				|| (!this.rules.allowedMethods().isEmpty() && !this.rules.allowedMethods().contains(method))) {
			return RequestFilteringRule.METHOD;
		}
		String uri = request.getRequestURI();
		if (uri.length() > this.rules.maxUrlLength()) {
			return RequestFilteringRule.URL_LENGTH;
		}
		String query = request.getQueryString();
		if (query != null && query.length() > this.rules.maxQueryStringLength()) {
			return RequestFilteringRule.QUERY_STRING_LENGTH;
		}
		if (request.getContentLengthLong() > this.rules.maxContentLength()) {
			return RequestFilteringRule.CONTENT_LENGTH;
		}
		if (!headersFit(request)) {
			return RequestFilteringRule.HEADER_SIZE;
		}
		String contextPath = request.getContextPath();
		String path = (!contextPath.isEmpty() && uri.startsWith(contextPath)) ? uri.substring(contextPath.length())
				: uri;
		return checkPath(path);
	}

	/**
	 * Return the rule that a URL within the application breaks: its length with the
	 * context path, its query's, its path's.
	 * @param contextPath the request's context path
	 * @param url the path within the application, with an optional query
	 * @return the first rule broken, or {@code null} when the URL passes
	 */
	@Nullable RequestFilteringRule checkUrl(String contextPath, String url) {
		int queryStart = url.indexOf('?');
		String path = (queryStart >= 0) ? url.substring(0, queryStart) : url;
		if (contextPath.length() + path.length() > this.rules.maxUrlLength()) {
			return RequestFilteringRule.URL_LENGTH;
		}
		if (queryStart >= 0 && url.length() - queryStart - 1 > this.rules.maxQueryStringLength()) {
			return RequestFilteringRule.QUERY_STRING_LENGTH;
		}
		return checkPath(path);
	}

	private boolean headersFit(HttpServletRequest request) {
		Enumeration<String> names = request.getHeaderNames();
		if (names == null) {
			return true;
		}
		boolean limits = !this.rules.headerLimits().isEmpty();
		while (names.hasMoreElements()) {
			String name = names.nextElement();
			int limit = this.rules.maxHeaderBytes();
			if (limits) {
				Integer own = this.rules.headerLimits().get(name.toLowerCase(Locale.ROOT));
				if (own != null) {
					limit = own;
				}
			}
			Enumeration<String> values = request.getHeaders(name);
			while (values.hasMoreElements()) {
				// name, colon, space, value: one byte per character as received
				if (name.length() + 2 + values.nextElement().length() > limit) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Check a path as received (percent-encoded).
	 * @param raw the path within the application
	 * @return the rule it breaks, or {@code null}
	 */
	@Nullable RequestFilteringRule checkPath(String raw) {
		boolean plain = true;
		for (int i = 0; i < raw.length() && plain; i++) {
			char c = raw.charAt(i);
			plain = c > 0x20 && c < 0x7F && c != '%' && c != '\\' && c != ';';
		}
		if (hasDeniedSequence(raw)) {
			return RequestFilteringRule.URL_SEQUENCE;
		}
		if (plain) {
			return checkSegments(raw);
		}
		String decoded = decode(raw);
		if (decoded == null) {
			return RequestFilteringRule.INVALID_URL;
		}
		boolean highBit = false;
		for (int i = 0; i < decoded.length(); i++) {
			char c = decoded.charAt(i);
			if (c < 0x20 || c == 0x7F) {
				return RequestFilteringRule.INVALID_URL;
			}
			highBit |= c > 0x7F;
		}
		if (highBit && !this.rules.allowHighBitCharacters()) {
			return RequestFilteringRule.HIGH_BIT_CHARACTERS;
		}
		if (!this.rules.allowDoubleEscaping() && hasEscape(decoded)) {
			return RequestFilteringRule.DOUBLE_ESCAPING;
		}
		String normalized = highBit ? Normalizer.normalize(decoded, Normalizer.Form.NFKC) : decoded;
		normalized = normalized.replace('\\', '/');
		if (hasDeniedSequence(decoded) || hasDeniedSequence(normalized)) {
			return RequestFilteringRule.URL_SEQUENCE;
		}
		return checkSegments(normalized);
	}

	private boolean hasDeniedSequence(String path) {
		for (String sequence : this.deniedUrlSequences) {
			if (path.contains(sequence)) {
				return true;
			}
		}
		return false;
	}

	private @Nullable RequestFilteringRule checkSegments(String path) {
		int length = path.length();
		int start = 0;
		while (start <= length) {
			int end = path.indexOf('/', start);
			if (end < 0) {
				end = length;
			}
			int parameters = path.indexOf(';', start);
			int segmentEnd = (parameters >= 0 && parameters < end) ? parameters : end;
			if (isHidden(path, start, segmentEnd)) {
				return RequestFilteringRule.HIDDEN_SEGMENT;
			}
			if (end == length) {
				return (this.checkExtensions && !extensionAllowed(path, start, segmentEnd))
						? RequestFilteringRule.EXTENSION : null;
			}
			start = end + 1;
		}
		return null;
	}

	private boolean isHidden(String path, int start, int end) {
		// Trailing dots and spaces are ignored, as a file system that drops them would
		while (end > start && (path.charAt(end - 1) == '.' || path.charAt(end - 1) == ' ')) {
			end--;
		}
		int length = end - start;
		if (length == 0) {
			return false;
		}
		for (String hidden : this.hiddenSegments) {
			if (hidden.length() == length && path.regionMatches(true, start, hidden, 0, length)) {
				return true;
			}
		}
		return false;
	}

	private boolean extensionAllowed(String path, int start, int end) {
		while (end > start && (path.charAt(end - 1) == '.' || path.charAt(end - 1) == ' ')) {
			end--;
		}
		int dot = path.lastIndexOf('.', end - 1);
		if (dot < start || dot == end - 1) {
			return true;
		}
		String extension = path.substring(dot, end).toLowerCase(Locale.ROOT);
		if (this.rules.deniedExtensions().contains(extension)) {
			return false;
		}
		return this.rules.allowUnlistedExtensions() || this.rules.allowedExtensions().contains(extension);
	}

	private static boolean hasEscape(String decoded) {
		for (int i = decoded.indexOf('%'); i >= 0; i = decoded.indexOf('%', i + 1)) {
			if (i + 2 < decoded.length() && isHex(decoded.charAt(i + 1)) && isHex(decoded.charAt(i + 2))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	/**
	 * Percent-decode a path strictly: an escape that is not two hex digits, or bytes that
	 * are not UTF-8 (overlong forms included), make it invalid.
	 * @param raw the path as received
	 * @return the decoded path, or {@code null} when invalid
	 */
	static @Nullable String decode(String raw) {
		ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%') {
				if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
					return null;
				}
				bytes.put((byte) Integer.parseInt(raw, i + 1, i + 3, 16));
				i += 2;
			}
			else if (c < 0x80) {
				bytes.put((byte) c);
			}
			else {
				// Not escaped: a child request's path, or bytes the container passed on
				bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		bytes.flip();
		try {
			CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(bytes);
			return chars.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private NotificationStatus reject(PipelineContext context, RequestFilteringRule rule) {
		refused(context, rule);
		HttpServletResponse response = context.response();
		if (!response.isCommitted()) {
			response.reset();
			response.setStatus(rule.status().value());
			if (rule == RequestFilteringRule.METHOD && this.allow != null) {
				response.setHeader(HttpHeaders.ALLOW, this.allow);
			}
			byte[] body = problem(rule);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setContentLength(body.length);
			if (!HttpMethod.HEAD.matches(context.request().getMethod())) {
				try {
					response.getOutputStream().write(body);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		// Once the refusal is written: the note is this notification's, not that of the
		// onSendResponse its first byte triggers
		context.traceNote("refused by rule " + rule.tag());
		return NotificationStatus.FINISH_REQUEST;
	}

	private void refused(PipelineContext context, RequestFilteringRule rule) {
		context.state().put(REJECTED_RULE, rule);
		this.listener.accept(rule);
	}

	private static byte[] problem(RequestFilteringRule rule) {
		return ("{\"type\":\"about:blank\",\"title\":\"" + rule.status().getReasonPhrase() + "\",\"status\":"
				+ rule.status().value() + "}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
