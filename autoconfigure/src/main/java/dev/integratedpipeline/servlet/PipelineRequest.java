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

package dev.integratedpipeline.servlet;

import java.io.BufferedReader;
import java.io.IOException;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import dev.integratedpipeline.child.RequestPath;

/**
 * The request as the pipeline shows it downstream: the user a module established, the URL
 * a module rewrote, and the {@code onReadEntity} notification when the body is read, as a
 * stream, a reader, form parameters or multipart parts.
 *
 * @author Integrated Pipeline team
 */
final class PipelineRequest extends HttpServletRequestWrapper {

	private final ServletPipelineContext context;

	private final @Nullable String path;

	private final @Nullable String query;

	private final boolean firstPass;

	private @Nullable Map<String, String[]> parameters;

	private boolean parametersRead;

	private @Nullable CountingInputStream countingInputStream;

	private @Nullable CountingReader countingReader;

	PipelineRequest(HttpServletRequest request, ServletPipelineContext context, @Nullable String url) {
		this(request, context, url, false);
	}

	/**
	 * Create a request view.
	 * @param request the request
	 * @param context its pipeline context
	 * @param url the rewritten URL, if any
	 * @param firstPass whether this async dispatch is the first pass of the request
	 * through the rest of the chain (a module suspended it at BEGIN_REQUEST), which the
	 * filters downstream must see as a request dispatch
	 */
	PipelineRequest(HttpServletRequest request, ServletPipelineContext context, @Nullable String url,
			boolean firstPass) {
		super(request);
		this.context = context;
		this.firstPass = firstPass;
		if (url != null) {
			RequestPath rewritten = RequestPath.of(url);
			this.path = rewritten.path();
			this.query = rewritten.query();
		}
		else {
			this.path = null;
			this.query = null;
		}
	}

	@Override
	public DispatcherType getDispatcherType() {
		return this.firstPass ? DispatcherType.REQUEST : super.getDispatcherType();
	}

	@Override
	public @Nullable Principal getUserPrincipal() {
		return this.context.isUserSet() ? this.context.user() : super.getUserPrincipal();
	}

	@Override
	public @Nullable String getRemoteUser() {
		if (this.context.isUserSet()) {
			Principal user = this.context.user();
			return (user != null) ? user.getName() : null;
		}
		return super.getRemoteUser();
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		this.context.readEntity();
		ServletInputStream inputStream = super.getInputStream();
		long limit = this.context.requestContentLimit();
		if (limit < 0 || inputStream instanceof CountingInputStream) {
			return inputStream;
		}
		CountingInputStream counting = this.countingInputStream;
		if (counting == null) {
			counting = new CountingInputStream(inputStream, limit);
			this.countingInputStream = counting;
		}
		return counting;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		this.context.readEntity();
		BufferedReader reader = super.getReader();
		long limit = this.context.requestContentLimit();
		if (limit < 0 || reader instanceof CountingReader) {
			return reader;
		}
		CountingReader counting = this.countingReader;
		if (counting == null) {
			counting = new CountingReader(reader, limit);
			this.countingReader = counting;
		}
		return counting;
	}

	/**
	 * Counts the body as it is read; the read beyond the limit throws what the module
	 * that set the limit supplies, once.
	 */
	private final class CountingInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long count;

		CountingInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int read = this.delegate.read(b, off, len);
			if (read > 0) {
				counted(read);
			}
			return read;
		}

		private void counted(int read) {
			this.count += read;
			if (this.count > this.limit) {
				throw PipelineRequest.this.context.requestContentExceeded();
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

	/**
	 * Counts the body read as characters.
	 */
	private final class CountingReader extends BufferedReader {

		private final long limit;

		private long count;

		CountingReader(BufferedReader delegate, long limit) {
			super(delegate, 1);
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int c = super.read();
			if (c >= 0) {
				counted(1);
			}
			return c;
		}

		@Override
		public int read(char[] cbuf, int off, int len) throws IOException {
			int read = super.read(cbuf, off, len);
			if (read > 0) {
				counted(read);
			}
			return read;
		}

		@Override
		public @Nullable String readLine() throws IOException {
			String line = super.readLine();
			if (line != null) {
				counted(line.length() + 1);
			}
			return line;
		}

		private void counted(int read) {
			this.count += read;
			if (this.count > this.limit) {
				throw PipelineRequest.this.context.requestContentExceeded();
			}
		}

	}

	@Override
	public Part getPart(String name) throws IOException, ServletException {
		readingParameters();
		return super.getPart(name);
	}

	@Override
	public Collection<Part> getParts() throws IOException, ServletException {
		readingParameters();
		return super.getParts();
	}

	/**
	 * The parameters are about to be read: for a form or multipart body, the container
	 * reads the body to parse them.
	 */
	private void readingParameters() {
		if (!this.parametersRead) {
			this.parametersRead = true;
			if (hasFormBody()) {
				this.context.readEntity();
			}
		}
	}

	private boolean hasFormBody() {
		String contentType = getContentType();
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(Locale.ROOT);
		if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/")) {
			return false;
		}
		return mayHaveBody(this);
	}

	/**
	 * Return whether a request may have a body to read: a {@code Content-Length} above 0,
	 * or, without one, a chunked HTTP/1.1 request or any HTTP/2 request.
	 * @param request the request
	 * @return whether reading its body may notify {@code onReadEntity}
	 */
	static boolean mayHaveBody(HttpServletRequest request) {
		long length = request.getContentLengthLong();
		if (length >= 0) {
			return length > 0;
		}
		return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || !request.getProtocol().startsWith("HTTP/1.");
	}

	// URL rewriting (PipelineContext.setUrl, IIS's SetUrl)

	@Override
	public String getRequestURI() {
		return (this.path != null) ? getContextPath() + this.path : super.getRequestURI();
	}

	@Override
	public StringBuffer getRequestURL() {
		if (this.path == null) {
			return super.getRequestURL();
		}
		StringBuffer url = new StringBuffer();
		url.append(getScheme()).append("://").append(getServerName());
		int port = getServerPort();
		if (port > 0 && !(port == 80 && "http".equals(getScheme())) && !(port == 443 && "https".equals(getScheme()))) {
			url.append(':').append(port);
		}
		return url.append(getRequestURI());
	}

	@Override
	public String getServletPath() {
		if (this.path == null) {
			return super.getServletPath();
		}
		// A prefix-mapped servlet keeps its prefix; the default servlet ("/") sees the
		// whole path
		String servletPath = super.getServletPath();
		if (super.getPathInfo() != null && this.path.startsWith(servletPath + "/")) {
			return servletPath;
		}
		return UriUtils.decode(this.path, java.nio.charset.StandardCharsets.UTF_8);
	}

	@Override
	public @Nullable String getPathInfo() {
		if (this.path == null) {
			return super.getPathInfo();
		}
		String servletPath = getServletPath();
		String decoded = UriUtils.decode(this.path, java.nio.charset.StandardCharsets.UTF_8);
		return (decoded.length() > servletPath.length()) ? decoded.substring(servletPath.length()) : null;
	}

	@Override
	public @Nullable String getQueryString() {
		return (this.path != null) ? this.query : super.getQueryString();
	}

	@Override
	public @Nullable String getParameter(String name) {
		String[] values = getParameterMap().get(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		readingParameters();
		if (this.path == null) {
			return super.getParameterMap();
		}
		Map<String, String[]> parameters = this.parameters;
		if (parameters == null) {
			parameters = rewrittenParameters();
			this.parameters = parameters;
		}
		return parameters;
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(getParameterMap().keySet());
	}

	@Override
	public String @Nullable [] getParameterValues(String name) {
		return getParameterMap().get(name);
	}

	private Map<String, String[]> rewrittenParameters() {
		Map<String, String[]> parameters = new LinkedHashMap<>();
		MultiValueMap<String, String> query = parseQuery(this.query);
		query.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
		// Form parameters of the body survive the rewrite; those of the old query do not
		MultiValueMap<String, String> originalQuery = parseQuery(super.getQueryString());
		super.getParameterMap().forEach((name, values) -> {
			if (!originalQuery.containsKey(name) && !parameters.containsKey(name)) {
				parameters.put(name, values);
			}
		});
		return Collections.unmodifiableMap(parameters);
	}

	private static MultiValueMap<String, String> parseQuery(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return new LinkedMultiValueMap<>();
		}
		MultiValueMap<String, String> encoded = UriComponentsBuilder.newInstance()
			.query(query)
			.build()
			.getQueryParams();
		MultiValueMap<String, String> decoded = new LinkedMultiValueMap<>();
		encoded.forEach((name, values) -> values.forEach((value) -> decoded.add(decode(name), decode(value))));
		return decoded;
	}

	private static String decode(@Nullable String value) {
		return (value != null) ? UriUtils.decode(value.replace('+', ' '), java.nio.charset.StandardCharsets.UTF_8) : "";
	}

}
