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

package dev.integratedpipeline.servlet.child;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;
import org.springframework.util.StringUtils;

import dev.integratedpipeline.child.ChildRequestException;

/**
 * The response of an in-process child request, captured in memory: status, headers and
 * content, up to a limit on the content. Follows the servlet specification's rules on
 * committing, as a servlet container would, except that nothing is ever sent. As in
 * Tomcat, content written after {@link #sendError} or {@link #sendRedirect} is discarded
 * until the engine uncommits the response with {@link #setCommitted(boolean)}.
 *
 * @author Integrated Pipeline team
 */
final class ChildHttpServletResponse implements HttpServletResponse {

	private static final String DEFAULT_CHARACTER_ENCODING = StandardCharsets.ISO_8859_1.name();

	private static final DateTimeFormatter DATE_FORMATTER = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private final int maxBufferedBytes;

	private final BufferBudget budget;

	// Ordered case-insensitively rather than a LinkedCaseInsensitiveMap, which lowercases
	// the name on every lookup: Spring Security and Spring MVC look the headers of a
	// response up a dozen times
	private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

	// Null once released: nothing is written after
	private @Nullable Content content;

	private final ContentOutputStream outputStream = new ContentOutputStream();

	private int status = HttpServletResponse.SC_OK;

	private @Nullable String errorMessage;

	private boolean error;

	private boolean committed;

	private boolean suspended;

	private @Nullable String contentType;

	private @Nullable String characterEncoding;

	private @Nullable Locale locale;

	private int bufferSize = 8192;

	private boolean usingOutputStream;

	private boolean usingWriter;

	private @Nullable OutputStreamWriter encoder;

	private @Nullable PrintWriter writer;

	private @Nullable HttpServletRequest absoluteRedirects;

	private boolean redirectPathsOnly;

	private UnaryOperator<String> contentTypeHeader = UnaryOperator.identity();

	private @Nullable Supplier<Map<String, String>> trailerFields;

	private boolean discardContent;

	private @Nullable ChildRequestException overflow;

	private volatile @Nullable WriteThrough writeThrough;

	// Where the content goes once written through into the parent's response
	private @Nullable OutputStream through;

	// The bytes written through: one writer at a time, as the servlet API's output
	// stream has, read by another thread once the child completed
	private volatile long writtenThrough;

	/**
	 * Create a new response.
	 * @param maxBufferedBytes how many bytes of content the response may hold
	 */
	ChildHttpServletResponse(int maxBufferedBytes) {
		this(maxBufferedBytes, BufferBudget.UNLIMITED);
	}

	/**
	 * Create a new response.
	 * @param maxBufferedBytes how many bytes of content the response may hold: its buffer
	 * never grows beyond
	 * @param budget what the buffers of all children in flight may hold between them
	 */
	ChildHttpServletResponse(int maxBufferedBytes, BufferBudget budget) {
		Assert.isTrue(maxBufferedBytes >= 0, "'maxBufferedBytes' must not be negative");
		this.maxBufferedBytes = maxBufferedBytes;
		this.budget = budget;
		this.content = new Content(maxBufferedBytes, budget);
	}

	// Engine-facing accessors

	/**
	 * Return whether {@link #sendError} was called.
	 * @return whether the response is an error
	 */
	boolean isError() {
		return this.error;
	}

	/**
	 * Return the message given to {@link #sendError(int, String)}, if any.
	 * @return the error message or {@code null}
	 */
	@Nullable String getErrorMessage() {
		return this.errorMessage;
	}

	/**
	 * Return the content written so far, flushing the writer first.
	 * @return a copy of the content
	 */
	byte[] getContentAsByteArray() {
		flushEncoder();
		Content content = this.content;
		return (content != null) ? content.copy() : new byte[0];
	}

	/**
	 * Return the failure of the first write that exceeded the content limit, if any. It
	 * stays, whatever the application did with the exception (a catch-all
	 * {@code @ControllerAdvice} may have answered it), and whatever it wrote after: the
	 * child fails with it.
	 * @return the failure or {@code null} when the content stayed within the limit
	 */
	@Nullable ChildRequestException overflow() {
		return this.overflow;
	}

	/**
	 * Write the content through into another response once it outgrows the buffer
	 * ({@link #getBufferSize()}, or the content limit if smaller), as a container commits
	 * a response whose buffer is full: content that fits stays here; from the write that
	 * does not fit on, the target is {@link WriteThrough#open opened} and takes the
	 * content held and every write after it, and this response keeps none.
	 * @param writeThrough where to write the content, or {@code null} to keep it here
	 */
	void writeThrough(@Nullable WriteThrough writeThrough) {
		this.writeThrough = writeThrough;
	}

	/**
	 * Return whether the content was written through into another response: it then holds
	 * none.
	 * @return whether the content was written through
	 */
	boolean isWrittenThrough() {
		return this.through != null;
	}

	/**
	 * Return how many bytes of content were written through into another response.
	 * @return the bytes, {@code 0} when the content was not written through
	 */
	long writtenThroughBytes() {
		return this.writtenThrough;
	}

	/**
	 * Keep no content from now on: what is written is dropped, as a container does for
	 * the body of a {@code HEAD} request. Headers, {@code Content-Length} included, are
	 * kept.
	 */
	void discardContent() {
		this.discardContent = true;
	}

	/**
	 * Hand the content over, once the child completed, and keep nothing from now on: what
	 * is written or set later is discarded, so that the captured response, which takes
	 * the content and a read-only view of the {@link #headers() headers} as they are,
	 * never changes, and a completed child does not hold its content twice.
	 * @return the content
	 */
	byte[] release() {
		flushEncoder();
		Content content = this.content;
		this.content = null;
		this.discardContent = true;
		this.committed = true;
		if (content == null || this.through != null) {
			if (content != null) {
				content.free();
			}
			return new byte[0];
		}
		byte[] taken = content.take();
		// Handed over: the captured response holds it, no longer a child in flight
		content.free();
		return taken;
	}

	/**
	 * Drop the content of a child that failed or was cancelled, giving back what its
	 * buffer holds; whatever is written later, from any thread, is dropped too.
	 */
	void free() {
		Content content = this.content;
		this.content = null;
		this.discardContent = true;
		if (content != null) {
			content.free();
		}
	}

	/**
	 * Return the headers themselves, not a copy, for the engine to capture once the child
	 * completed: changes write through, until the response is {@link #release()
	 * released}.
	 * @return a live view of the headers
	 */
	HttpHeaders headers() {
		return new HttpHeaders(CollectionUtils.toMultiValueMap(this.headers));
	}

	/**
	 * Set whether the response is committed. Uncommitting it, as before an error
	 * dispatch, also lets content be written again after {@link #sendError} or
	 * {@link #sendRedirect}.
	 * @param committed whether the response is committed
	 */
	void setCommitted(boolean committed) {
		if (this.content == null || this.through != null) {
			// Released, or written through: what was sent cannot be taken back
			return;
		}
		this.committed = committed;
		if (!committed) {
			this.suspended = false;
		}
	}

	// Status

	@Override
	public void setStatus(int status) {
		if (!this.committed) {
			this.status = status;
		}
	}

	@Override
	public int getStatus() {
		return this.status;
	}

	@Override
	public void sendError(int status) throws IOException {
		sendError(status, null);
	}

	@Override
	public void sendError(int status, @Nullable String message) throws IOException {
		Assert.state(!this.committed, "Cannot call sendError() after the response has been committed");
		resetContent();
		this.status = status;
		this.errorMessage = message;
		this.error = true;
		this.committed = true;
		this.suspended = true;
	}

	@Override
	public void sendRedirect(String location, int status, boolean clearBuffer) throws IOException {
		Assert.notNull(location, "'location' must not be null");
		Assert.state(!this.committed, "Cannot call sendRedirect() after the response has been committed");
		if (clearBuffer) {
			resetContent();
		}
		this.status = status;
		HttpServletRequest request = this.absoluteRedirects;
		this.headers.put(HttpHeaders.LOCATION,
				newValues((request != null) ? toAbsolute(location, request, this.redirectPathsOnly) : location));
		this.committed = true;
		this.suspended = true;
	}

	/**
	 * Make the location of redirects absolute, as Tomcat does unless its context uses
	 * relative redirects: a scheme-relative one gets the request's scheme, a path the
	 * request's scheme, host and port, a relative path is resolved against the request's
	 * URI, and dot segments are removed.
	 * @param request the request whose URL is the base
	 */
	void absoluteRedirects(HttpServletRequest request) {
		this.absoluteRedirects = request;
	}

	/**
	 * Resolve the location of redirects that are relative paths against the request's URI
	 * and remove dot segments, but leave them without scheme and host, as Jetty does when
	 * it allows relative redirects (its default).
	 * @param request the request whose URI is the base
	 */
	void resolvedRelativeRedirects(HttpServletRequest request) {
		this.absoluteRedirects = request;
		this.redirectPathsOnly = true;
	}

	/**
	 * Write the {@code Content-Type} header as the container writes it for a content
	 * type: Jetty, for one it knows, in its own spelling ({@code charset=utf-8}).
	 * @param contentTypeHeader the header value for a content type
	 */
	void contentTypeHeader(UnaryOperator<String> contentTypeHeader) {
		this.contentTypeHeader = contentTypeHeader;
	}

	private static String toAbsolute(String location, HttpServletRequest request, boolean pathOnly) {
		String scheme = request.getScheme();
		if (location.startsWith("//") && !pathOnly) {
			return scheme + ":" + location;
		}
		if (hasScheme(location)) {
			return location;
		}
		StringBuilder url = new StringBuilder();
		if (!pathOnly) {
			url.append(scheme).append("://").append(request.getServerName());
			int port = request.getServerPort();
			if (port > 0 && !(("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443))) {
				url.append(':').append(port);
			}
		}
		int start = url.length();
		if (!location.startsWith("/")) {
			String uri = request.getRequestURI();
			url.append(uri, 0, uri.lastIndexOf('/') + 1);
		}
		url.append(location);
		return url.substring(0, start) + removeDotSegments(url.substring(start));
	}

	private static boolean hasScheme(String location) {
		for (int i = 0; i < location.length(); i++) {
			char c = location.charAt(i);
			if (c == ':') {
				return i > 0;
			}
			if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
				return false;
			}
		}
		return false;
	}

	private static String removeDotSegments(String pathWithQuery) {
		int end = pathWithQuery.length();
		for (int i = 0; i < pathWithQuery.length(); i++) {
			char c = pathWithQuery.charAt(i);
			if (c == '?' || c == '#') {
				end = i;
				break;
			}
		}
		String path = pathWithQuery.substring(0, end);
		if (!path.contains("/.")) {
			return pathWithQuery;
		}
		Deque<String> segments = new ArrayDeque<>();
		String[] parts = path.split("/", -1);
		for (int i = 1; i < parts.length; i++) {
			String part = parts[i];
			boolean last = i == parts.length - 1;
			if (part.equals("..")) {
				segments.pollLast();
				if (last) {
					segments.add("");
				}
			}
			else if (part.equals(".")) {
				if (last) {
					segments.add("");
				}
			}
			else {
				segments.add(part);
			}
		}
		return "/" + String.join("/", segments) + pathWithQuery.substring(end);
	}

	@Override
	public String encodeURL(String url) {
		return url;
	}

	@Override
	public String encodeRedirectURL(String url) {
		return url;
	}

	// Headers

	@Override
	public boolean containsHeader(String name) {
		return this.headers.containsKey(name);
	}

	@Override
	public @Nullable String getHeader(String name) {
		List<String> values = this.headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public Collection<String> getHeaders(String name) {
		List<String> values = this.headers.get(name);
		return (values != null) ? new ArrayList<>(values) : new ArrayList<>();
	}

	@Override
	public Collection<String> getHeaderNames() {
		return new ArrayList<>(this.headers.keySet());
	}

	@Override
	public void setHeader(String name, @Nullable String value) {
		if (!StringUtils.hasLength(name) || this.committed || setSpecialHeader(name, value)) {
			return;
		}
		if (value != null) {
			this.headers.put(name, newValues(value));
		}
		else {
			this.headers.remove(name);
		}
	}

	@Override
	public void addHeader(String name, @Nullable String value) {
		if (!StringUtils.hasLength(name) || value == null || this.committed || setSpecialHeader(name, value)) {
			return;
		}
		this.headers.computeIfAbsent(name, (key) -> new ArrayList<>(1)).add(value);
	}

	private boolean setSpecialHeader(String name, @Nullable String value) {
		if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
			setContentType(value);
			return true;
		}
		if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
			if (value == null) {
				setContentLengthLong(-1);
				return true;
			}
			try {
				setContentLengthLong(Long.parseLong(value.trim()));
				return true;
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}
		return false;
	}

	@Override
	public void setIntHeader(String name, int value) {
		setHeader(name, Integer.toString(value));
	}

	@Override
	public void addIntHeader(String name, int value) {
		addHeader(name, Integer.toString(value));
	}

	@Override
	public void setDateHeader(String name, long date) {
		setHeader(name, formatDate(date));
	}

	@Override
	public void addDateHeader(String name, long date) {
		addHeader(name, formatDate(date));
	}

	private static String formatDate(long date) {
		return DATE_FORMATTER.format(Instant.ofEpochMilli(date));
	}

	private static List<String> newValues(String value) {
		List<String> values = new ArrayList<>(1);
		values.add(value);
		return values;
	}

	@Override
	public void addCookie(Cookie cookie) {
		Assert.notNull(cookie, "'cookie' must not be null");
		if (this.committed) {
			return;
		}
		ResponseCookie.ResponseCookieBuilder builder = ResponseCookie
			.from(cookie.getName(), (cookie.getValue() != null) ? cookie.getValue() : "")
			.maxAge(cookie.getMaxAge())
			.secure(cookie.getSecure())
			.httpOnly(cookie.isHttpOnly());
		if (cookie.getPath() != null) {
			builder.path(cookie.getPath());
		}
		if (cookie.getDomain() != null) {
			builder.domain(cookie.getDomain());
		}
		String sameSite = cookie.getAttribute("SameSite");
		if (sameSite != null) {
			builder.sameSite(sameSite);
		}
		String partitioned = cookie.getAttribute("Partitioned");
		if (partitioned != null && !"false".equalsIgnoreCase(partitioned)) {
			builder.partitioned(true);
		}
		addHeader(HttpHeaders.SET_COOKIE, builder.build().toString());
	}

	// Content type, encoding, length and locale

	@Override
	public void setContentType(@Nullable String type) {
		if (this.committed) {
			return;
		}
		if (type == null) {
			this.contentType = null;
			if (!this.usingWriter) {
				this.characterEncoding = null;
			}
			this.headers.remove(HttpHeaders.CONTENT_TYPE);
			return;
		}
		if (type.indexOf(';') < 0) {
			// As message converters set it: nothing to parse
			this.contentType = type;
			updateContentTypeHeader();
			return;
		}
		String mimeType = type;
		String charset = null;
		StringBuilder withoutCharset = new StringBuilder();
		String[] parts = type.split(";");
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i].trim();
			if (i > 0 && part.regionMatches(true, 0, "charset=", 0, 8)) {
				charset = unquote(part.substring(8).trim());
			}
			else if (!part.isEmpty()) {
				withoutCharset.append((withoutCharset.length() > 0) ? ";" : "").append(part);
			}
		}
		if (charset != null) {
			mimeType = withoutCharset.toString();
		}
		this.contentType = mimeType;
		if (StringUtils.hasText(charset) && !this.usingWriter) {
			this.characterEncoding = charset;
		}
		updateContentTypeHeader();
	}

	private static String unquote(String value) {
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

	@Override
	public @Nullable String getContentType() {
		String contentType = this.contentType;
		if (contentType == null) {
			return null;
		}
		return (this.characterEncoding != null) ? contentType + ";charset=" + this.characterEncoding : contentType;
	}

	private void updateContentTypeHeader() {
		String contentType = getContentType();
		if (contentType != null) {
			this.headers.put(HttpHeaders.CONTENT_TYPE, newValues(this.contentTypeHeader.apply(contentType)));
		}
	}

	@Override
	public void setCharacterEncoding(@Nullable String encoding) {
		if (this.committed || this.usingWriter) {
			return;
		}
		this.characterEncoding = encoding;
		updateContentTypeHeader();
	}

	@Override
	public String getCharacterEncoding() {
		return (this.characterEncoding != null) ? this.characterEncoding : DEFAULT_CHARACTER_ENCODING;
	}

	@Override
	public void setContentLength(int length) {
		setContentLengthLong(length);
	}

	@Override
	public void setContentLengthLong(long length) {
		if (this.committed) {
			return;
		}
		if (length < 0) {
			this.headers.remove(HttpHeaders.CONTENT_LENGTH);
		}
		else {
			this.headers.put(HttpHeaders.CONTENT_LENGTH, newValues(Long.toString(length)));
		}
	}

	@Override
	public void setLocale(@Nullable Locale locale) {
		if (this.committed || locale == null) {
			return;
		}
		this.locale = locale;
		this.headers.put(HttpHeaders.CONTENT_LANGUAGE, newValues(locale.toLanguageTag()));
	}

	@Override
	public Locale getLocale() {
		Locale locale = this.locale;
		return (locale != null) ? locale : Locale.getDefault();
	}

	// Content

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		Assert.state(!this.usingWriter, "getWriter() has already been called for this response");
		this.usingOutputStream = true;
		return this.outputStream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		Assert.state(!this.usingOutputStream, "getOutputStream() has already been called for this response");
		PrintWriter writer = this.writer;
		if (writer == null) {
			if (this.characterEncoding == null) {
				setCharacterEncoding(DEFAULT_CHARACTER_ENCODING);
			}
			OutputStreamWriter encoder = new OutputStreamWriter(new ContentSink(), toCharset(getCharacterEncoding()));
			writer = new PrintWriter(new ContentWriter(encoder));
			this.encoder = encoder;
			this.writer = writer;
		}
		this.usingWriter = true;
		return writer;
	}

	private static Charset toCharset(String encoding) throws UnsupportedEncodingException {
		try {
			return Charset.forName(encoding);
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			UnsupportedEncodingException exception = new UnsupportedEncodingException(encoding);
			exception.initCause(ex);
			throw exception;
		}
	}

	@Override
	public void setBufferSize(int size) {
		Assert.state(!this.committed && contentSize() == 0,
				"Cannot set the buffer size after content has been written");
		this.bufferSize = size;
	}

	@Override
	public int getBufferSize() {
		return this.bufferSize;
	}

	@Override
	public void flushBuffer() throws IOException {
		flushEncoder();
		this.committed = true;
		flushThrough();
	}

	private void flushThrough() throws IOException {
		OutputStream through = this.through;
		if (through != null && this.content != null) {
			through.flush();
		}
	}

	@Override
	public boolean isCommitted() {
		return this.committed;
	}

	@Override
	public void resetBuffer() {
		Assert.state(!this.committed, "Cannot reset the buffer after the response has been committed");
		resetContent();
	}

	@Override
	public void reset() {
		Assert.state(!this.committed, "Cannot reset the response after it has been committed");
		resetContent();
		this.status = HttpServletResponse.SC_OK;
		this.errorMessage = null;
		this.error = false;
		this.headers.clear();
		this.contentType = null;
		this.characterEncoding = null;
		this.locale = null;
		this.usingOutputStream = false;
		this.usingWriter = false;
		this.encoder = null;
		this.writer = null;
	}

	private void resetContent() {
		flushEncoder();
		Content content = this.content;
		if (content != null) {
			content.reset();
		}
	}

	private void flushEncoder() {
		OutputStreamWriter encoder = this.encoder;
		if (encoder != null) {
			try {
				encoder.flush();
			}
			catch (IOException ex) {
				// Only content written through into another response can fail, when its
				// client went away: nothing left to write to
			}
			catch (ChildRequestException ex) {
				// Already thrown to the caller of the write that exceeded the limit
			}
		}
	}

	private void write(byte[] bytes, int offset, int length) throws IOException {
		Content content = this.content;
		if (this.suspended || this.discardContent || content == null || this.overflow != null) {
			// Once beyond the limit nothing more is kept: the child fails anyway
			return;
		}
		OutputStream through = this.through;
		if (through == null && (long) content.size() + length > Math.min(this.bufferSize, this.maxBufferedBytes)) {
			through = openThrough(content);
		}
		if (through != null) {
			through.write(bytes, offset, length);
			this.writtenThrough += length;
			return;
		}
		if ((long) content.size() + length > this.maxBufferedBytes) {
			throw overflow("Child response content exceeds the limit of " + this.maxBufferedBytes
					+ " bytes (integrated-pipeline.child.max-buffered-bytes)");
		}
		if (!content.write(bytes, offset, length)) {
			throw overflow("Child response content would take the content buffered by the child requests in flight "
					+ "beyond " + this.budget.limit() + " bytes (integrated-pipeline.child.max-total-buffered-bytes)");
		}
	}

	private @Nullable OutputStream openThrough(Content content) throws IOException {
		WriteThrough writeThrough = this.writeThrough;
		OutputStream through = (writeThrough != null) ? writeThrough.open(this) : null;
		if (through != null) {
			this.through = through;
			this.committed = true;
			through.write(content.bytes(), 0, content.size());
			this.writtenThrough = content.size();
			content.reset();
			content.free();
		}
		return through;
	}

	private ChildRequestException overflow(String message) {
		ChildRequestException overflow = new ChildRequestException(ChildRequestException.Reason.RESPONSE_TOO_LARGE,
				message);
		this.overflow = overflow;
		return overflow;
	}

	private int contentSize() {
		Content content = this.content;
		return (content != null) ? content.size() : 0;
	}

	// Trailers

	@Override
	public void setTrailerFields(@Nullable Supplier<Map<String, String>> supplier) {
		this.trailerFields = supplier;
	}

	@Override
	public @Nullable Supplier<Map<String, String>> getTrailerFields() {
		return this.trailerFields;
	}

	@Override
	public String toString() {
		return "ChildHttpServletResponse[status=" + this.status + ", committed=" + this.committed + "]";
	}

	/**
	 * The {@link ServletOutputStream} of the response, writing to its content.
	 */
	private final class ContentOutputStream extends ServletOutputStream {

		@Override
		public void write(int b) throws IOException {
			ChildHttpServletResponse.this.write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			ChildHttpServletResponse.this.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			ChildHttpServletResponse.this.committed = true;
			flushThrough();
		}

		@Override
		public void close() throws IOException {
			ChildHttpServletResponse.this.committed = true;
			flushThrough();
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener writeListener) {
			Assert.notNull(writeListener, "'writeListener' must not be null");
			try {
				writeListener.onWritePossible();
			}
			catch (IOException ex) {
				writeListener.onError(ex);
			}
		}

	}

	/**
	 * The content of the response as a plain {@link OutputStream}, for the writer's
	 * encoder: flushing it does not commit the response.
	 */
	private final class ContentSink extends OutputStream {

		@Override
		public void write(int b) throws IOException {
			ChildHttpServletResponse.this.write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			ChildHttpServletResponse.this.write(bytes, offset, length);
		}

	}

	/**
	 * The writer under the response's {@link PrintWriter}: encodes every write at once,
	 * so that the content limit fails the write that exceeds it, and commits the response
	 * when flushed or closed.
	 */
	private final class ContentWriter extends Writer {

		private final OutputStreamWriter encoder;

		ContentWriter(OutputStreamWriter encoder) {
			this.encoder = encoder;
		}

		@Override
		public void write(char[] buffer, int offset, int length) throws IOException {
			this.encoder.write(buffer, offset, length);
			this.encoder.flush();
		}

		@Override
		public void write(String text, int offset, int length) throws IOException {
			this.encoder.write(text, offset, length);
			this.encoder.flush();
		}

		@Override
		public void flush() throws IOException {
			this.encoder.flush();
			ChildHttpServletResponse.this.committed = true;
			flushThrough();
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

	/**
	 * Where the content of a response goes once it outgrows its buffer.
	 */
	@FunctionalInterface
	interface WriteThrough {

		/**
		 * Commit the target with the response's status and headers, called once, on the
		 * thread of the write that does not fit the buffer.
		 * @param response the response whose content is written through
		 * @return the stream of the target, or {@code null} when the response cannot be
		 * written through now (it keeps its content, up to its limit)
		 * @throws IOException when the target cannot be written
		 */
		@Nullable OutputStream open(ChildHttpServletResponse response) throws IOException;

	}

	/**
	 * The content written so far: allocated on the first write with the size of that
	 * write, and grown by doubling but never beyond the response's limit, so that content
	 * written at once (as message converters write it) is held in an array of its exact
	 * size, handed over as is. What it allocates is reserved from the budget first and
	 * given back when {@link #free() freed}; once freed it reserves nothing more.
	 */
	private static final class Content {

		private static final byte[] EMPTY = new byte[0];

		private final int limit;

		private final BufferBudget budget;

		private byte[] bytes = EMPTY;

		private int size;

		// Guarded by this: the dispatching thread grows the buffer, a timeout may free
		// it from another
		private long reserved;

		private boolean freed;

		Content(int limit, BufferBudget budget) {
			this.limit = limit;
			this.budget = budget;
		}

		/**
		 * Write, growing the buffer if needed.
		 * @return {@code false} when the budget cannot hold the larger buffer: nothing is
		 * written
		 */
		boolean write(byte[] source, int offset, int length) {
			int required = this.size + length;
			if (required > this.bytes.length) {
				int capacity = (int) Math.min(Math.max(required, this.bytes.length * 2L), this.limit);
				if (!reserve(capacity - this.bytes.length)) {
					return false;
				}
				this.bytes = Arrays.copyOf(this.bytes, capacity);
			}
			System.arraycopy(source, offset, this.bytes, this.size, length);
			this.size = required;
			return true;
		}

		private synchronized boolean reserve(long bytes) {
			if (this.freed || !this.budget.tryReserve(bytes)) {
				return false;
			}
			this.reserved += bytes;
			return true;
		}

		synchronized void free() {
			if (!this.freed) {
				this.freed = true;
				this.budget.release(this.reserved);
				this.reserved = 0;
			}
		}

		int size() {
			return this.size;
		}

		byte[] bytes() {
			return this.bytes;
		}

		void reset() {
			this.size = 0;
		}

		byte[] copy() {
			return Arrays.copyOf(this.bytes, this.size);
		}

		/**
		 * Return the content without copying it when the array holds exactly the content.
		 * The content must not be written to afterwards.
		 */
		byte[] take() {
			return (this.size == this.bytes.length) ? this.bytes : copy();
		}

	}

}
