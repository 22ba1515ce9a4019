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

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.MappingMatch;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;
import org.springframework.util.StringUtils;

import dev.integratedpipeline.child.RequestPath;
import dev.integratedpipeline.servlet.container.ParameterLimits;
import dev.integratedpipeline.servlet.container.ServletContainer;
import dev.integratedpipeline.servlet.container.ServletMapping;

/**
 * The request of an in-process child request, run through the servlet container's filter
 * chain and servlet without any network connection. Everything it holds is its own:
 * headers, body, parameters and attributes are never shared with the parent request; only
 * the session is reached through the given function, and the connection information is
 * copied from the parent when there is one.
 *
 * @author Integrated Pipeline team
 */
final class ChildHttpServletRequest implements HttpServletRequest, ChildSessions.Adopting {

	private static final AtomicLong REQUEST_IDS = new AtomicLong();

	// Shared by every child without a body: nothing can be read from or written to it
	private static final ByteBuffer NO_BODY = ByteBuffer.allocate(0).asReadOnlyBuffer();

	private final ServletContext servletContext;

	private String method;

	private final HttpHeaders headers;

	// Read-only, shared with the ChildRequest rather than copied: read through duplicates
	private final ByteBuffer body;

	private final Function<Boolean, @Nullable HttpSession> sessions;

	private @Nullable ChildSession childSession;

	private @Nullable HttpServletRequest parent;

	private boolean detached;

	private final String requestId = "child-" + REQUEST_IDS.incrementAndGet();

	private final String scheme;

	private final String serverName;

	private final int serverPort;

	private final String localName;

	private final String localAddr;

	private final int localPort;

	private final boolean secure;

	private final String protocol;

	private String remoteAddr;

	private String remoteHost;

	private int remotePort;

	private final @Nullable String requestedSessionId;

	private final boolean requestedSessionIdFromCookie;

	private final boolean requestedSessionIdFromUrl;

	// Sized (64 bins, resized beyond 48) for the 40 or so attributes a request through
	// Spring Security and Spring MVC holds at once, so that it is not resized twice on
	// every child
	private final Map<String, Object> attributes = new ConcurrentHashMap<>(32);

	private String requestUri;

	private @Nullable String queryString;

	private ServletMapping mapping;

	private @Nullable ChildServletMapping servletMapping;

	private DispatcherType dispatcherType = DispatcherType.REQUEST;

	private @Nullable Principal userPrincipal;

	private @Nullable String characterEncoding;

	private @Nullable Map<String, String[]> parameters;

	/** What parsing the parameters failed with, thrown again on each asking. */
	private @Nullable InvalidParametersException parametersFailure;

	private ParameterLimits parameterLimits = ParameterLimits.NONE;

	// Parses the cookies on first asking, as the container would
	private @Nullable ServletContainer cookieParser;

	private Cookie @Nullable [] cookies;

	private boolean bodyReadAsParameters;

	private @Nullable BodyInputStream inputStream;

	private @Nullable BufferedReader reader;

	private @Nullable AsyncContextFactory asyncContextFactory;

	private volatile @Nullable AsyncContext asyncContext;

	private volatile boolean asyncStarted;

	/**
	 * Create a new child request.
	 * @param servletContext the servlet context the child runs in
	 * @param method the HTTP method
	 * @param pathWithQuery the path within the application, still encoded, with an
	 * optional query
	 * @param headers the request headers
	 * @param body the request body
	 * @param mapping how the path maps to a servlet
	 * @param parent the request the child was started from, if any; its connection
	 * information (the remote client's included) is copied, nothing else is shared
	 * @param sessions the session of the child, asked with whether to create one
	 */
	ChildHttpServletRequest(ServletContext servletContext, String method, String pathWithQuery, HttpHeaders headers,
			byte[] body, ServletMapping mapping, @Nullable HttpServletRequest parent,
			Function<Boolean, @Nullable HttpSession> sessions) {
		this(servletContext, method, RequestPath.of(pathWithQuery), headers, ByteBuffer.wrap(body).asReadOnlyBuffer(),
				mapping, parent, sessions);
	}

	/**
	 * Create a child request whose body is read from a buffer, not copied.
	 * @param servletContext the servlet context the child runs in
	 * @param method the HTTP method
	 * @param path the path within the application, still encoded, with its query
	 * @param headers the request headers
	 * @param body the request body, from its position to its limit; never changed
	 * @param mapping how the path maps to a servlet
	 * @param parent the request the child was started from, if any
	 * @param sessions the session of the child, asked with whether to create one
	 */
	ChildHttpServletRequest(ServletContext servletContext, String method, RequestPath path, HttpHeaders headers,
			ByteBuffer body, ServletMapping mapping, @Nullable HttpServletRequest parent,
			Function<Boolean, @Nullable HttpSession> sessions) {
		Assert.notNull(servletContext, "'servletContext' must not be null");
		Assert.hasText(method, "'method' must not be empty");
		Assert.notNull(headers, "'headers' must not be null");
		Assert.notNull(body, "'body' must not be null");
		Assert.notNull(sessions, "'sessions' must not be null");
		this.servletContext = servletContext;
		this.method = method;
		this.headers = copyHeaders(headers, body.remaining());
		this.body = body.hasRemaining() ? body.slice() : NO_BODY;
		this.sessions = sessions;
		this.parent = parent;
		this.scheme = (parent != null) ? parent.getScheme() : "http";
		this.serverName = (parent != null) ? parent.getServerName() : "localhost";
		this.serverPort = (parent != null) ? parent.getServerPort() : 80;
		this.localName = (parent != null) ? parent.getLocalName() : "localhost";
		this.localAddr = (parent != null) ? parent.getLocalAddr() : "127.0.0.1";
		this.localPort = (parent != null) ? parent.getLocalPort() : 80;
		this.secure = (parent != null) && parent.isSecure();
		this.protocol = (parent != null) ? parent.getProtocol() : "HTTP/1.1";
		// The parent's client, not the loopback address: rules on the client's address
		// (hasIpAddress, local-only endpoints) must apply to the child as to its parent
		this.remoteAddr = (parent != null) ? parent.getRemoteAddr() : "127.0.0.1";
		this.remoteHost = (parent != null) ? parent.getRemoteHost() : "127.0.0.1";
		this.remotePort = (parent != null) ? parent.getRemotePort() : 0;
		this.requestedSessionId = (parent != null) ? parent.getRequestedSessionId() : null;
		this.requestedSessionIdFromCookie = (parent != null) && parent.isRequestedSessionIdFromCookie();
		this.requestedSessionIdFromUrl = (parent != null) && parent.isRequestedSessionIdFromURL();
		this.requestUri = "";
		this.mapping = mapping;
		setPath(path, mapping);
	}

	private static HttpHeaders copyHeaders(HttpHeaders headers, int bodyLength) {
		if (headers.isEmpty() && bodyLength == 0) {
			// Nothing to copy: a read-only empty instance, shared
			return HttpHeaders.EMPTY;
		}
		// Ordered case-insensitively rather than a LinkedCaseInsensitiveMap, which
		// lowercases the name on every lookup: Spring Security and Spring MVC look the
		// headers of a request up dozens of times
		HttpHeaders copy = new HttpHeaders(
				CollectionUtils.toMultiValueMap(new TreeMap<>(String.CASE_INSENSITIVE_ORDER)));
		headers.forEach((name, values) -> copy.addAll(name, values));
		copy.remove(HttpHeaders.TRANSFER_ENCODING);
		if (bodyLength > 0 || copy.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
			copy.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(bodyLength));
		}
		return HttpHeaders.readOnlyHttpHeaders(copy);
	}

	/**
	 * Point the request at another path, as for an error dispatch; the parameters are
	 * parsed again from the new query.
	 * @param path the path within the application, still encoded, with its query
	 * @param mapping how the path maps to a servlet
	 */
	void setPath(RequestPath path, ServletMapping mapping) {
		Assert.notNull(path, "'path' must not be null");
		Assert.notNull(mapping, "'mapping' must not be null");
		String contextPath = this.servletContext.getContextPath();
		this.requestUri = contextPath.isEmpty() ? path.path() : contextPath + path.path();
		this.queryString = path.query();
		this.mapping = mapping;
		this.parameters = null;
	}

	/**
	 * Set the dispatcher type the request is currently dispatched with.
	 * @param dispatcherType the dispatcher type
	 */
	void setDispatcherType(DispatcherType dispatcherType) {
		Assert.notNull(dispatcherType, "'dispatcherType' must not be null");
		this.dispatcherType = dispatcherType;
	}

	/**
	 * Detach the request from its parent, for a child that runs on another thread than
	 * its parent: nothing calls into the parent's request from then on (its connection
	 * information was copied already), and {@link #changeSessionId()} is refused, as the
	 * session may be the parent's.
	 */
	void detachFromParent() {
		this.parent = null;
		this.detached = true;
	}

	/**
	 * Set the client the child reports, the one of the request it was copied from.
	 * @param address the remote address
	 * @param host the remote host
	 * @param port the remote port
	 */
	void setRemoteClient(String address, String host, int port) {
		Assert.notNull(address, "'address' must not be null");
		Assert.notNull(host, "'host' must not be null");
		this.remoteAddr = address;
		this.remoteHost = host;
		this.remotePort = port;
	}

	/**
	 * Set the authenticated user of the request.
	 * @param userPrincipal the user or {@code null}
	 */
	void setUserPrincipal(@Nullable Principal userPrincipal) {
		this.userPrincipal = userPrincipal;
	}

	/**
	 * Set how an asynchronous context is started for this request.
	 * @param asyncContextFactory the factory or {@code null} when asynchronous processing
	 * is not supported
	 */
	void setAsyncContextFactory(@Nullable AsyncContextFactory asyncContextFactory) {
		this.asyncContextFactory = asyncContextFactory;
	}

	/**
	 * Set whether the request is in asynchronous mode, as the engine sees it.
	 * @param asyncStarted whether asynchronous processing is started
	 */
	void setAsyncStarted(boolean asyncStarted) {
		this.asyncStarted = asyncStarted;
	}

	// Request line, path and mapping

	@Override
	public String getMethod() {
		return this.method;
	}

	/**
	 * Change the method, for an error dispatch, which Servlet 6.1 containers make a
	 * {@code GET} (the original in {@code jakarta.servlet.error.method}).
	 * @param method the method
	 */
	void setMethod(String method) {
		this.method = method;
	}

	@Override
	public String getContextPath() {
		return this.servletContext.getContextPath();
	}

	@Override
	public String getRequestURI() {
		return this.requestUri;
	}

	@Override
	public StringBuffer getRequestURL() {
		StringBuffer url = new StringBuffer();
		url.append(this.scheme).append("://").append(this.serverName);
		if (!isDefaultPort()) {
			url.append(':').append(this.serverPort);
		}
		return url.append(this.requestUri);
	}

	private boolean isDefaultPort() {
		return this.serverPort <= 0 || ("http".equalsIgnoreCase(this.scheme) && this.serverPort == 80)
				|| ("https".equalsIgnoreCase(this.scheme) && this.serverPort == 443);
	}

	@Override
	public @Nullable String getQueryString() {
		return this.queryString;
	}

	@Override
	public String getServletPath() {
		return this.mapping.servletPath();
	}

	@Override
	public @Nullable String getPathInfo() {
		return this.mapping.pathInfo();
	}

	@Override
	public @Nullable String getPathTranslated() {
		return null;
	}

	@Override
	public HttpServletMapping getHttpServletMapping() {
		// Asked by Spring MVC and Spring Security several times per dispatch: made once
		// for each mapping the request is pointed at
		ChildServletMapping servletMapping = this.servletMapping;
		if (servletMapping == null || servletMapping.mapping != this.mapping) {
			servletMapping = new ChildServletMapping(this.mapping);
			this.servletMapping = servletMapping;
		}
		return servletMapping;
	}

	@Override
	public DispatcherType getDispatcherType() {
		return this.dispatcherType;
	}

	@Override
	public @Nullable RequestDispatcher getRequestDispatcher(String path) {
		if (path == null) {
			return null;
		}
		if (path.startsWith("/")) {
			return this.servletContext.getRequestDispatcher(path);
		}
		String pathInfo = getPathInfo();
		String current = (pathInfo != null) ? getServletPath() + pathInfo : getServletPath();
		int slash = current.lastIndexOf('/');
		String base = (slash >= 0) ? current.substring(0, slash + 1) : "/";
		return this.servletContext.getRequestDispatcher(base + path);
	}

	// Headers

	@Override
	public @Nullable String getHeader(String name) {
		return this.headers.getFirst(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		List<String> values = this.headers.get(name);
		return (values != null) ? Collections.enumeration(values) : Collections.emptyEnumeration();
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		return Collections.enumeration(new ArrayList<>(this.headers.headerNames()));
	}

	/**
	 * Return how many bytes the headers take as a client would send them over HTTP/1.1:
	 * {@code Name: value\r\n} each, and the empty line that ends them.
	 * @return the bytes, characters counted as bytes (a header holds ISO-8859-1)
	 */
	long headerBytes() {
		// Through forEach, which walks the entries as they are: headerNames() builds a
		// case-insensitive set of them first
		long[] bytes = { 2 };
		this.headers.forEach((name, values) -> {
			for (String value : values) {
				bytes[0] += name.length() + 2 + value.length() + 2;
			}
		});
		return bytes[0];
	}

	@Override
	public long getDateHeader(String name) {
		return this.headers.getFirstDate(name);
	}

	@Override
	public int getIntHeader(String name) {
		String value = getHeader(name);
		return (value != null) ? Integer.parseInt(value) : -1;
	}

	@Override
	public Cookie @Nullable [] getCookies() {
		Cookie[] cookies = this.cookies;
		if (cookies == null) {
			List<String> headers = this.headers.getOrEmpty(HttpHeaders.COOKIE);
			// None after a failure (too many cookies), as Tomcat has none after it when
			// the application's getCookies() failed
			this.cookies = new Cookie[0];
			List<Cookie> parsed = (this.cookieParser != null) ? this.cookieParser.parseCookies(headers)
					: ServletContainer.parseCookieHeaders(headers);
			cookies = parsed.toArray(new Cookie[0]);
			this.cookies = cookies;
		}
		return (cookies.length > 0) ? cookies : null;
	}

	@Override
	public Locale getLocale() {
		return getLocaleList().get(0);
	}

	@Override
	public Enumeration<Locale> getLocales() {
		return Collections.enumeration(getLocaleList());
	}

	private List<Locale> getLocaleList() {
		// Not HttpHeaders.getAcceptLanguageAsLocales(): it reads the first header only
		// and
		// keeps ranges of weight 0, where the container reads every header, leaves those
		// out and answers the default locale for a header it cannot parse
		List<String> values = this.headers.getOrEmpty(HttpHeaders.ACCEPT_LANGUAGE);
		if (values.isEmpty()) {
			// Asked by Spring MVC's locale resolution on every dispatch
			return List.of(Locale.getDefault());
		}
		List<Locale> locales = new ArrayList<>();
		if (!values.isEmpty()) {
			try {
				for (Locale.LanguageRange range : Locale.LanguageRange.parse(String.join(",", values))) {
					if (range.getWeight() > 0 && !range.getRange().startsWith("*")) {
						Locale locale = Locale.forLanguageTag(range.getRange());
						if (!locale.getLanguage().isEmpty()) {
							locales.add(locale);
						}
					}
				}
			}
			catch (IllegalArgumentException ex) {
				locales.clear();
			}
		}
		if (locales.isEmpty()) {
			locales.add(Locale.getDefault());
		}
		return locales;
	}

	// Body

	@Override
	public @Nullable String getContentType() {
		return this.headers.getFirst(HttpHeaders.CONTENT_TYPE);
	}

	@Override
	public int getContentLength() {
		long length = getContentLengthLong();
		return (length <= Integer.MAX_VALUE) ? (int) length : -1;
	}

	@Override
	public long getContentLengthLong() {
		if (this.body.remaining() > 0 || hasBodyMethod() || this.headers.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
			return this.body.remaining();
		}
		return -1;
	}

	private boolean hasBodyMethod() {
		return "POST".equals(this.method) || "PUT".equals(this.method) || "PATCH".equals(this.method);
	}

	@Override
	public @Nullable String getCharacterEncoding() {
		if (this.characterEncoding != null) {
			return this.characterEncoding;
		}
		MediaType contentType = getMediaType();
		if (contentType != null) {
			String charset = contentType.getParameter("charset");
			if (charset != null) {
				return charset.replace("\"", "").trim();
			}
		}
		return null;
	}

	@Override
	public void setCharacterEncoding(@Nullable String encoding) throws UnsupportedEncodingException {
		if (this.reader != null || this.parameters != null) {
			return;
		}
		if (encoding != null) {
			toCharset(encoding);
		}
		this.characterEncoding = encoding;
	}

	private Charset getCharset() throws UnsupportedEncodingException {
		String encoding = getCharacterEncoding();
		return (encoding != null) ? toCharset(encoding) : StandardCharsets.UTF_8;
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

	private @Nullable MediaType getMediaType() {
		String contentType = getContentType();
		if (!StringUtils.hasText(contentType)) {
			return null;
		}
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.reader != null) {
			throw new IllegalStateException("getReader() has already been called for this request");
		}
		return getBodyInputStream();
	}

	private BodyInputStream getBodyInputStream() {
		BodyInputStream inputStream = this.inputStream;
		if (inputStream == null) {
			ByteBuffer content = (this.bodyReadAsParameters) ? ByteBuffer.allocate(0) : this.body.duplicate();
			inputStream = new BodyInputStream(content);
			this.inputStream = inputStream;
		}
		return inputStream;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		BufferedReader reader = this.reader;
		if (reader == null) {
			if (this.inputStream != null) {
				throw new IllegalStateException("getInputStream() has already been called for this request");
			}
			reader = new BufferedReader(new InputStreamReader(getBodyInputStream(), getCharset()));
			this.reader = reader;
		}
		return reader;
	}

	// Parameters

	@Override
	public @Nullable String getParameter(String name) {
		String[] values = getParameterMap().get(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(getParameterMap().keySet());
	}

	@Override
	public String @Nullable [] getParameterValues(String name) {
		String[] values = getParameterMap().get(name);
		return (values != null) ? values.clone() : null;
	}

	/**
	 * Parse the cookies as the container parses those of a request from the network.
	 * @param container the container
	 */
	void setCookieParser(ServletContainer container) {
		this.cookieParser = container;
	}

	/**
	 * Parse the cookies now, as a container that parses them before any filter does, and
	 * return whether the container's parser refused them with an
	 * {@link IllegalArgumentException} (more than it reads), the one failure Tomcat
	 * answers 400 for; any other failure is thrown. A child without a {@code Cookie}
	 * header is not parsed.
	 * @return whether the cookies were refused; the child then has none, where Tomcat's
	 * error page for such a request from the network still sees those it read up to its
	 * limit
	 */
	boolean refusesCookies() {
		if (this.cookies != null || !this.headers.containsHeader(HttpHeaders.COOKIE)) {
			return false;
		}
		try {
			getCookies();
			return false;
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

	/**
	 * Apply the container's limits to the parameters, as it applies them to a request
	 * from the network.
	 * @param limits the limits
	 */
	void setParameterLimits(ParameterLimits limits) {
		this.parameterLimits = limits;
	}

	/**
	 * Return the parameters, parsed on first asking.
	 * @throws InvalidParametersException (an {@link IllegalStateException}, as Servlet
	 * 6.1 has it) when they pass the container's limits, on every asking
	 */
	@Override
	public Map<String, String[]> getParameterMap() {
		Map<String, String[]> parameters = this.parameters;
		if (parameters == null) {
			InvalidParametersException failure = this.parametersFailure;
			if (failure != null) {
				throw failure;
			}
			try {
				parameters = Collections.unmodifiableMap(parseParameters());
			}
			catch (InvalidParametersException ex) {
				this.parametersFailure = ex;
				throw ex;
			}
			this.parameters = parameters;
		}
		return parameters;
	}

	private Map<String, String[]> parseParameters() {
		Charset charset = getParameterCharset();
		ParameterLimits limits = this.parameterLimits;
		Map<String, List<String>> values = new LinkedHashMap<>();
		int counted = 0;
		if (this.queryString != null) {
			// In the URI's charset, as Tomcat and Jetty decode a query: never the body's,
			// which the client picks
			int added = addParameters(values, this.queryString, StandardCharsets.UTF_8);
			counted += limits.queryCounted() ? (limits.valuesCounted() ? added : values.size()) : 0;
			checkCount(counted, limits);
		}
		if (isFormBody()) {
			this.bodyReadAsParameters = true;
			if (limits.maxFormBytes() >= 0 && this.body.remaining() > limits.maxFormBytes()) {
				throw new InvalidParametersException("The form body of " + this.body.remaining()
						+ " bytes is larger than the container reads as parameters (" + limits.maxFormBytes()
						+ " bytes)", limits.formTooLargeStatus());
			}
			Map<String, List<String>> form = new LinkedHashMap<>();
			int added = addParameters(form, StandardCharsets.ISO_8859_1.decode(this.body.duplicate()).toString(),
					charset);
			counted += limits.valuesCounted() ? added : form.size();
			checkCount(counted, limits);
			form.forEach((name, list) -> values.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(list));
		}
		Map<String, String[]> parameters = new LinkedHashMap<>();
		values.forEach((name, list) -> parameters.put(name, list.toArray(new String[0])));
		return parameters;
	}

	private static void checkCount(int counted, ParameterLimits limits) {
		if (limits.maxCount() >= 0 && counted > limits.maxCount()) {
			throw new InvalidParametersException(
					"More than " + limits.maxCount() + " parameters, the most the container reads for a request",
					HttpServletResponse.SC_BAD_REQUEST);
		}
	}

	private Charset getParameterCharset() {
		try {
			return getCharset();
		}
		catch (UnsupportedEncodingException ex) {
			return StandardCharsets.UTF_8;
		}
	}

	private boolean isFormBody() {
		if (this.body.remaining() == 0 || !"POST".equals(this.method)) {
			return false;
		}
		if (!this.bodyReadAsParameters && (this.inputStream != null || this.reader != null)) {
			return false;
		}
		MediaType contentType = getMediaType();
		return contentType != null && MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(contentType);
	}

	/**
	 * Add the parameters of a query or form body.
	 * @return how many were added
	 */
	private int addParameters(Map<String, List<String>> values, String encoded, Charset charset) {
		boolean strict = this.parameterLimits.badEncodingRefused();
		ParameterLimits.Nameless nameless = this.parameterLimits.nameless();
		int added = 0;
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			if (name.isEmpty() && nameless == ParameterLimits.Nameless.REFUSED) {
				throw new InvalidParametersException("A parameter without a name ('" + pair + "')",
						HttpServletResponse.SC_BAD_REQUEST);
			}
			try {
				String decodedName = strict ? decodeStrictly(name, charset) : URLDecoder.decode(name, charset);
				String decodedValue = strict ? decodeStrictly(value, charset) : URLDecoder.decode(value, charset);
				if (!decodedName.isEmpty() || nameless == ParameterLimits.Nameless.KEPT) {
					values.computeIfAbsent(decodedName, (key) -> new ArrayList<>()).add(decodedValue);
					added++;
				}
			}
			catch (IllegalArgumentException ex) {
				// Ignore a badly encoded parameter, as containers that do not refuse it
				// do
			}
		}
		return added;
	}

	/**
	 * Return the value of an ASCII hexadecimal digit, as the containers read an escape:
	 * not {@link Character#digit(char, int)}, which also reads full-width and other
	 * Unicode digits and letters.
	 * @param c the character
	 * @return the value, or {@code -1} for any other character
	 */
	private static int hexValue(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
	}

	/**
	 * Decode a name or value of a query or form as a container that refuses bad encoding
	 * does (Tomcat): an escape that is not {@code %} and two ASCII hexadecimal digits, or
	 * bytes that are not valid in the charset, fail the request's parameters.
	 */
	private static String decodeStrictly(String encoded, Charset charset) {
		if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
			return encoded;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
		for (int i = 0; i < encoded.length(); i++) {
			char c = encoded.charAt(i);
			if (c == '+') {
				bytes.write(' ');
			}
			else if (c == '%') {
				int high = (i + 2 < encoded.length()) ? hexValue(encoded.charAt(i + 1)) : -1;
				int low = (high >= 0) ? hexValue(encoded.charAt(i + 2)) : -1;
				if (low < 0) {
					throw new InvalidParametersException("A parameter with a bad escape ('" + encoded + "')",
							HttpServletResponse.SC_BAD_REQUEST);
				}
				bytes.write((high << 4) | low);
				i += 2;
			}
			else if (c < 0x100) {
				bytes.write(c);
			}
			else {
				bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		try {
			return charset.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidParametersException("A parameter that is not valid " + charset + " ('" + encoded + "')",
					HttpServletResponse.SC_BAD_REQUEST);
		}
	}

	// Attributes

	@Override
	public @Nullable Object getAttribute(String name) {
		return (name != null) ? this.attributes.get(name) : null;
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		return Collections.enumeration(new ArrayList<>(this.attributes.keySet()));
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		Assert.notNull(name, "'name' must not be null");
		if (value != null) {
			this.attributes.put(name, value);
		}
		else {
			this.attributes.remove(name);
		}
	}

	@Override
	public void removeAttribute(String name) {
		if (name != null) {
			this.attributes.remove(name);
		}
	}

	// Session

	@Override
	public @Nullable HttpSession getSession(boolean create) {
		return this.sessions.apply(create);
	}

	/**
	 * Set the session of the child, which the sessions function this request was created
	 * with reaches, possibly through a view of it.
	 * @param childSession the child's session
	 */
	void setChildSession(ChildSession childSession) {
		this.childSession = childSession;
	}

	/**
	 * Return the session of the child, once set.
	 * @return the child's session, or {@code null}
	 */
	@Nullable ChildSession childSession() {
		return this.childSession;
	}

	/**
	 * Take a session that one of this child's asynchronous children created, as a parent
	 * request adopts one.
	 * @param session the session
	 */
	@Override
	public void adoptSession(HttpSession session) {
		ChildSession childSession = this.childSession;
		if (childSession != null) {
			childSession.adopt(session);
		}
	}

	@Override
	public HttpSession getSession() {
		HttpSession session = getSession(true);
		Assert.state(session != null, "No session could be created for the child request");
		return session;
	}

	@Override
	public String changeSessionId() {
		HttpSession session = getSession(false);
		if (session == null) {
			throw new IllegalStateException("The child request has no session");
		}
		if (this.detached) {
			throw new IllegalStateException(
					"An asynchronous child request cannot change the session id: it runs apart from its parent request");
		}
		return (this.parent != null) ? this.parent.changeSessionId() : session.getId();
	}

	@Override
	public @Nullable String getRequestedSessionId() {
		return this.requestedSessionId;
	}

	@Override
	public boolean isRequestedSessionIdValid() {
		return getSession(false) != null;
	}

	@Override
	public boolean isRequestedSessionIdFromCookie() {
		return this.requestedSessionIdFromCookie;
	}

	@Override
	public boolean isRequestedSessionIdFromURL() {
		return this.requestedSessionIdFromUrl;
	}

	// Security

	@Override
	public @Nullable String getAuthType() {
		return null;
	}

	@Override
	public @Nullable Principal getUserPrincipal() {
		return this.userPrincipal;
	}

	@Override
	public @Nullable String getRemoteUser() {
		Principal userPrincipal = this.userPrincipal;
		return (userPrincipal != null) ? userPrincipal.getName() : null;
	}

	@Override
	public boolean isUserInRole(String role) {
		return false;
	}

	@Override
	public boolean authenticate(HttpServletResponse response) throws IOException, ServletException {
		return getUserPrincipal() != null;
	}

	@Override
	public void login(String username, String password) throws ServletException {
		throw new ServletException("login is not supported for a child request");
	}

	@Override
	public void logout() throws ServletException {
		this.userPrincipal = null;
	}

	// Connection

	@Override
	public String getProtocol() {
		return this.protocol;
	}

	@Override
	public String getScheme() {
		return this.scheme;
	}

	@Override
	public String getServerName() {
		return this.serverName;
	}

	@Override
	public int getServerPort() {
		return this.serverPort;
	}

	@Override
	public boolean isSecure() {
		return this.secure;
	}

	@Override
	public String getRemoteAddr() {
		return this.remoteAddr;
	}

	@Override
	public String getRemoteHost() {
		return this.remoteHost;
	}

	@Override
	public int getRemotePort() {
		return this.remotePort;
	}

	@Override
	public String getLocalName() {
		return this.localName;
	}

	@Override
	public String getLocalAddr() {
		return this.localAddr;
	}

	@Override
	public int getLocalPort() {
		return this.localPort;
	}

	@Override
	public String getRequestId() {
		return this.requestId;
	}

	@Override
	public String getProtocolRequestId() {
		return "";
	}

	@Override
	public ServletConnection getServletConnection() {
		return new ChildServletConnection(this.requestId, this.protocol, this.secure);
	}

	@Override
	public ServletContext getServletContext() {
		return this.servletContext;
	}

	// Asynchronous processing

	@Override
	public AsyncContext startAsync() throws IllegalStateException {
		return startAsync(this, null);
	}

	@Override
	public AsyncContext startAsync(ServletRequest servletRequest, @Nullable ServletResponse servletResponse)
			throws IllegalStateException {
		AsyncContextFactory asyncContextFactory = this.asyncContextFactory;
		if (asyncContextFactory == null) {
			throw new IllegalStateException("Async is not supported");
		}
		AsyncContext asyncContext = asyncContextFactory.start(servletRequest, servletResponse);
		this.asyncContext = asyncContext;
		this.asyncStarted = true;
		return asyncContext;
	}

	@Override
	public boolean isAsyncStarted() {
		return this.asyncStarted;
	}

	@Override
	public boolean isAsyncSupported() {
		return true;
	}

	@Override
	public AsyncContext getAsyncContext() {
		AsyncContext asyncContext = this.asyncContext;
		if (asyncContext == null) {
			throw new IllegalStateException("The child request is not in asynchronous mode");
		}
		return asyncContext;
	}

	// Not supported

	@Override
	public Collection<Part> getParts() throws IOException, ServletException {
		throw new ServletException("Multipart requests are not supported for a child request");
	}

	@Override
	public Part getPart(String name) throws IOException, ServletException {
		throw new ServletException("Multipart requests are not supported for a child request");
	}

	@Override
	public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
		throw new ServletException("Protocol upgrade is not supported for a child request");
	}

	@Override
	public Map<String, String> getTrailerFields() {
		return Collections.emptyMap();
	}

	@Override
	public boolean isTrailerFieldsReady() {
		return true;
	}

	@Override
	public String toString() {
		return "ChildHttpServletRequest[" + this.method + " " + this.requestUri
				+ ((this.queryString != null) ? "?" + this.queryString : "") + "]";
	}

	/**
	 * Starts the asynchronous processing of a child request.
	 */
	@FunctionalInterface
	interface AsyncContextFactory {

		/**
		 * Start asynchronous processing.
		 * @param request the request passed to {@code startAsync}, or the child request
		 * itself
		 * @param response the response passed to {@code startAsync}, or {@code null} for
		 * {@link ServletRequest#startAsync()}, meaning the child's own response
		 * @return the asynchronous context
		 * @throws IllegalStateException when asynchronous processing cannot start
		 */
		AsyncContext start(ServletRequest request, @Nullable ServletResponse response);

	}

	/**
	 * The body of a child request as a {@link ServletInputStream}: all of it is available
	 * at once.
	 */
	private static final class BodyInputStream extends ServletInputStream {

		private final ByteBuffer content;

		BodyInputStream(ByteBuffer content) {
			this.content = content;
		}

		@Override
		public int read() {
			return this.content.hasRemaining() ? (this.content.get() & 0xFF) : -1;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			Objects.checkFromIndexSize(offset, length, buffer.length);
			if (length == 0) {
				return 0;
			}
			if (!this.content.hasRemaining()) {
				return -1;
			}
			int read = Math.min(length, this.content.remaining());
			this.content.get(buffer, offset, read);
			return read;
		}

		@Override
		public int available() {
			return this.content.remaining();
		}

		@Override
		public boolean isFinished() {
			return !this.content.hasRemaining();
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener readListener) {
			Assert.notNull(readListener, "'readListener' must not be null");
			try {
				if (!isFinished()) {
					readListener.onDataAvailable();
				}
				if (isFinished()) {
					readListener.onAllDataRead();
				}
			}
			catch (IOException ex) {
				readListener.onError(ex);
			}
		}

	}

	/**
	 * The {@link HttpServletMapping} of a child request.
	 */
	private static final class ChildServletMapping implements HttpServletMapping {

		private final ServletMapping mapping;

		ChildServletMapping(ServletMapping mapping) {
			this.mapping = mapping;
		}

		@Override
		public String getMatchValue() {
			return this.mapping.matchValue();
		}

		@Override
		public String getPattern() {
			return this.mapping.pattern();
		}

		@Override
		public String getServletName() {
			return this.mapping.servletName();
		}

		@Override
		public MappingMatch getMappingMatch() {
			return this.mapping.matchType();
		}

		@Override
		public String toString() {
			return "ChildServletMapping[" + this.mapping + "]";
		}

	}

	/**
	 * The {@link ServletConnection} of a child request, which has no network connection.
	 */
	private static final class ChildServletConnection implements ServletConnection {

		private final String connectionId;

		private final String protocol;

		private final boolean secure;

		ChildServletConnection(String connectionId, String protocol, boolean secure) {
			this.connectionId = connectionId;
			this.protocol = protocol;
			this.secure = secure;
		}

		@Override
		public String getConnectionId() {
			return this.connectionId;
		}

		@Override
		public String getProtocol() {
			return this.protocol;
		}

		@Override
		public String getProtocolConnectionId() {
			return "";
		}

		@Override
		public boolean isSecure() {
			return this.secure;
		}

	}

}
