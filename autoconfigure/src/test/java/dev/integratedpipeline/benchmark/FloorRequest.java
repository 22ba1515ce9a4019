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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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

/**
 * The lightest request that the application's filter chain and {@code DispatcherServlet}
 * accept, for the floor benchmark: a {@code GET} of one path mapped to the default
 * servlet of an application at the root context path (as Boot's), with no headers, no
 * parameters, no body and no session, and a plain {@link HashMap} of attributes. Anything
 * beyond that is refused or empty; it is not a general purpose request.
 */
final class FloorRequest implements HttpServletRequest {

	private static final Locale LOCALE = Locale.getDefault();

	private final ServletContext servletContext;

	private final String path;

	private final HttpServletMapping mapping;

	private final Map<String, Object> attributes;

	/**
	 * Create a request.
	 * @param servletContext the servlet context of the application
	 * @param path the path within the application, without a query
	 * @param mapping the mapping of the path to the default servlet, shared by requests
	 */
	FloorRequest(ServletContext servletContext, String path, HttpServletMapping mapping) {
		this(servletContext, path, mapping, new HashMap<>());
	}

	/**
	 * Create a request that keeps its attributes in the map given, such as the
	 * {@code ConcurrentHashMap} a child request (and Tomcat's own request) keeps them in.
	 * @param servletContext the servlet context of the application
	 * @param path the path within the application, without a query
	 * @param mapping the mapping of the path to the default servlet, shared by requests
	 * @param attributes the map of its attributes, empty
	 */
	FloorRequest(ServletContext servletContext, String path, HttpServletMapping mapping,
			Map<String, Object> attributes) {
		this.servletContext = servletContext;
		this.path = path;
		this.mapping = mapping;
		this.attributes = attributes;
	}

	/**
	 * Return the mapping of a request to the default servlet ({@code /}).
	 * @param servletName the name of the servlet
	 * @return the mapping
	 */
	static HttpServletMapping defaultServletMapping(String servletName) {
		return new HttpServletMapping() {

			@Override
			public String getMatchValue() {
				return "";
			}

			@Override
			public String getPattern() {
				return "/";
			}

			@Override
			public String getServletName() {
				return servletName;
			}

			@Override
			public MappingMatch getMappingMatch() {
				return MappingMatch.DEFAULT;
			}

		};
	}

	// Request line and path

	@Override
	public String getMethod() {
		return "GET";
	}

	@Override
	public String getContextPath() {
		return this.servletContext.getContextPath();
	}

	@Override
	public String getRequestURI() {
		return this.path;
	}

	@Override
	public StringBuffer getRequestURL() {
		return new StringBuffer("http://localhost").append(this.path);
	}

	@Override
	public String getServletPath() {
		return this.path;
	}

	@Override
	public String getPathInfo() {
		return null;
	}

	@Override
	public String getPathTranslated() {
		return null;
	}

	@Override
	public String getQueryString() {
		return null;
	}

	@Override
	public HttpServletMapping getHttpServletMapping() {
		return this.mapping;
	}

	@Override
	public DispatcherType getDispatcherType() {
		return DispatcherType.REQUEST;
	}

	@Override
	public RequestDispatcher getRequestDispatcher(String path) {
		return this.servletContext.getRequestDispatcher(path);
	}

	// Headers, cookies and locale: none

	@Override
	public String getHeader(String name) {
		return null;
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return Collections.emptyEnumeration();
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		return Collections.emptyEnumeration();
	}

	@Override
	public long getDateHeader(String name) {
		return -1;
	}

	@Override
	public int getIntHeader(String name) {
		return -1;
	}

	@Override
	public Cookie[] getCookies() {
		return null;
	}

	@Override
	public Locale getLocale() {
		return LOCALE;
	}

	@Override
	public Enumeration<Locale> getLocales() {
		return Collections.enumeration(Collections.singletonList(LOCALE));
	}

	// Body and parameters: none

	@Override
	public String getCharacterEncoding() {
		return null;
	}

	@Override
	public void setCharacterEncoding(String encoding) {
	}

	@Override
	public int getContentLength() {
		return -1;
	}

	@Override
	public long getContentLengthLong() {
		return -1;
	}

	@Override
	public String getContentType() {
		return null;
	}

	@Override
	public ServletInputStream getInputStream() {
		return EmptyInputStream.INSTANCE;
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new StringReader(""));
	}

	@Override
	public String getParameter(String name) {
		return null;
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.emptyEnumeration();
	}

	@Override
	public String[] getParameterValues(String name) {
		return null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return Collections.emptyMap();
	}

	// Attributes

	@Override
	public Object getAttribute(String name) {
		return this.attributes.get(name);
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		return Collections.enumeration(this.attributes.keySet());
	}

	@Override
	public void setAttribute(String name, Object value) {
		if (value != null) {
			this.attributes.put(name, value);
		}
		else {
			this.attributes.remove(name);
		}
	}

	@Override
	public void removeAttribute(String name) {
		this.attributes.remove(name);
	}

	// Session and security: none

	@Override
	public HttpSession getSession(boolean create) {
		if (create) {
			throw new IllegalStateException("The floor request has no session");
		}
		return null;
	}

	@Override
	public HttpSession getSession() {
		return getSession(true);
	}

	@Override
	public String changeSessionId() {
		throw new IllegalStateException("The floor request has no session");
	}

	@Override
	public String getRequestedSessionId() {
		return null;
	}

	@Override
	public boolean isRequestedSessionIdValid() {
		return false;
	}

	@Override
	public boolean isRequestedSessionIdFromCookie() {
		return false;
	}

	@Override
	public boolean isRequestedSessionIdFromURL() {
		return false;
	}

	@Override
	public String getAuthType() {
		return null;
	}

	@Override
	public Principal getUserPrincipal() {
		return null;
	}

	@Override
	public String getRemoteUser() {
		return null;
	}

	@Override
	public boolean isUserInRole(String role) {
		return false;
	}

	@Override
	public boolean authenticate(HttpServletResponse response) {
		return false;
	}

	@Override
	public void login(String username, String password) throws ServletException {
		throw new ServletException("login is not supported by the floor request");
	}

	@Override
	public void logout() {
	}

	// Connection

	@Override
	public String getProtocol() {
		return "HTTP/1.1";
	}

	@Override
	public String getScheme() {
		return "http";
	}

	@Override
	public String getServerName() {
		return "localhost";
	}

	@Override
	public int getServerPort() {
		return 80;
	}

	@Override
	public boolean isSecure() {
		return false;
	}

	@Override
	public String getRemoteAddr() {
		return "127.0.0.1";
	}

	@Override
	public String getRemoteHost() {
		return "127.0.0.1";
	}

	@Override
	public int getRemotePort() {
		return 0;
	}

	@Override
	public String getLocalName() {
		return "localhost";
	}

	@Override
	public String getLocalAddr() {
		return "127.0.0.1";
	}

	@Override
	public int getLocalPort() {
		return 80;
	}

	@Override
	public String getRequestId() {
		return "";
	}

	@Override
	public String getProtocolRequestId() {
		return "";
	}

	@Override
	public ServletConnection getServletConnection() {
		throw new UnsupportedOperationException("The floor request has no connection");
	}

	@Override
	public ServletContext getServletContext() {
		return this.servletContext;
	}

	// Asynchronous processing, multipart, upgrade and trailers: none

	@Override
	public AsyncContext startAsync() {
		throw new IllegalStateException("The floor request is not asynchronous");
	}

	@Override
	public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
		throw new IllegalStateException("The floor request is not asynchronous");
	}

	@Override
	public boolean isAsyncStarted() {
		return false;
	}

	@Override
	public boolean isAsyncSupported() {
		return false;
	}

	@Override
	public AsyncContext getAsyncContext() {
		throw new IllegalStateException("The floor request is not asynchronous");
	}

	@Override
	public Collection<Part> getParts() throws ServletException {
		throw new ServletException("The floor request has no parts");
	}

	@Override
	public Part getPart(String name) throws ServletException {
		throw new ServletException("The floor request has no parts");
	}

	@Override
	public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException {
		throw new IOException("The floor request cannot be upgraded");
	}

	@Override
	public Map<String, String> getTrailerFields() {
		return Collections.emptyMap();
	}

	@Override
	public boolean isTrailerFieldsReady() {
		return true;
	}

	/**
	 * An empty body.
	 */
	private static final class EmptyInputStream extends ServletInputStream {

		static final EmptyInputStream INSTANCE = new EmptyInputStream();

		@Override
		public int read() {
			return -1;
		}

		@Override
		public boolean isFinished() {
			return true;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener readListener) {
			throw new IllegalStateException("The floor request is not asynchronous");
		}

	}

}
