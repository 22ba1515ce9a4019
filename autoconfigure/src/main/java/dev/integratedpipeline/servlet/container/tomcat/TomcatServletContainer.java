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

package dev.integratedpipeline.servlet.container.tomcat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Globals;
import org.apache.catalina.Valve;
import org.apache.catalina.authenticator.NonLoginAuthenticator;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.ApplicationFilterChain;
import org.apache.catalina.core.ApplicationFilterFactory;
import org.apache.catalina.core.ApplicationSessionCookieConfig;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.juli.logging.Log;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.http.CookieProcessor;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.tomcat.util.http.ServerCookie;
import org.apache.tomcat.util.http.ServerCookies;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.servlet.container.ParameterLimits;
import dev.integratedpipeline.servlet.container.ServletContainer;
import dev.integratedpipeline.servlet.container.ServletMapping;

/**
 * Runs child requests through embedded Tomcat's own filter chain: the filter mappings,
 * their order and dispatcher types are exactly those Tomcat applies to a request from the
 * network, whichever way the filters were registered.
 *
 * @author Integrated Pipeline team
 */
final class TomcatServletContainer implements ServletContainer {

	private final Context context;

	/** The limits on a child's parameters; worked out on first use. */
	private volatile @Nullable ParameterLimits parameterLimits;

	private static final int UNKNOWN = -2;

	/** The limit on a child's request line and headers; worked out on first use. */
	private volatile int maxRequestHeadSize = UNKNOWN;

	/** Whether a {@code TRACE} child is answered 405; worked out on first use. */
	private volatile @Nullable Boolean refusesTrace;

	/**
	 * Whether the context tracks sessions by cookie (and so a child's cookies are parsed
	 * before any filter, and a session it creates is sent a cookie); worked out on first
	 * use.
	 */
	private volatile @Nullable Boolean tracksSessionsByCookie;

	TomcatServletContainer(Context context) {
		this.context = context;
	}

	@Override
	public ServletContext servletContext() {
		return this.context.getServletContext();
	}

	@Override
	public void dispatch(HttpServletRequest request, HttpServletResponse response, ServletMapping mapping, String path,
			DispatcherType type) throws IOException, ServletException {
		if (!(this.context.findChild(mapping.servletName()) instanceof Wrapper wrapper)) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED,
					"No servlet named '" + mapping.servletName() + "' in the container");
		}
		// Allocating initializes the servlet if no request reached it yet
		Servlet servlet = wrapper.allocate();
		try {
			// Tomcat reads the dispatcher type and path from these attributes when the
			// request is not its own
			request.setAttribute(Globals.DISPATCHER_TYPE_ATTR, type);
			request.setAttribute(Globals.DISPATCHER_REQUEST_PATH_ATTR, path);
			ApplicationFilterChain chain = ApplicationFilterFactory.createFilterChain(request, wrapper, servlet);
			if (chain != null) {
				chain.doFilter(request, response);
			}
			else {
				servlet.service(request, response);
			}
		}
		finally {
			wrapper.deallocate(servlet);
		}
	}

	/**
	 * Valves that refuse no request by its path, or that the child engine stands in for:
	 * Tomcat's own, error reports, access logs, the client's address from a proxy (a
	 * child inherits its parent's), and the engine's.
	 */
	private static final Set<String> VALVES_CHILDREN_NEED_NOT_PASS = Set.of(
			"org.apache.catalina.core.StandardEngineValve", "org.apache.catalina.core.StandardHostValve",
			"org.apache.catalina.core.StandardContextValve", "org.apache.catalina.valves.ErrorReportValve",
			"org.apache.catalina.valves.RemoteIpValve", "org.apache.catalina.authenticator.NonLoginAuthenticator",
			ConnectorRequestValve.class.getName());

	@Override
	public List<String> securityNotApplied() {
		List<String> notApplied = new ArrayList<>();
		int constraints = this.context.findConstraints().length;
		if (constraints > 0) {
			notApplied.add("Tomcat's security constraints (" + constraints + ")");
		}
		for (Container container = this.context; container != null; container = container.getParent()) {
			for (Valve valve : container.getPipeline().getValves()) {
				boolean lenient = (valve instanceof AbstractAccessLogValve)
						|| (valve instanceof NonLoginAuthenticator && constraints == 0);
				if (!lenient && !VALVES_CHILDREN_NEED_NOT_PASS.contains(valve.getClass().getName())) {
					notApplied.add("Tomcat valve " + valve.getClass().getName());
				}
			}
		}
		return notApplied;
	}

	@Override
	public ParameterLimits parameterLimits() {
		ParameterLimits limits = this.parameterLimits;
		if (limits == null) {
			// The strictest of the connectors': a child comes through none of them
			int maxCount = -1;
			long maxFormBytes = -1;
			for (Connector connector : connectors()) {
				maxCount = strictest(maxCount, connector.getMaxParameterCount());
				maxFormBytes = strictest(maxFormBytes, connector.getMaxPostSize());
			}
			limits = new ParameterLimits(maxCount, true, true, maxFormBytes,
					HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, true, ParameterLimits.Nameless.REFUSED);
			this.parameterLimits = limits;
		}
		return limits;
	}

	private static int strictest(int limit, int other) {
		return (int) strictest((long) limit, other);
	}

	private static long strictest(long limit, long other) {
		if (other < 0) {
			return limit;
		}
		return (limit < 0) ? other : Math.min(limit, other);
	}

	@Override
	public List<Cookie> parseCookies(List<String> cookieHeaders) {
		// As Tomcat's Request parses and converts them, with the context's cookie
		// processor and the connectors' strictest limit on their count
		MimeHeaders headers = new MimeHeaders();
		for (String header : cookieHeaders) {
			byte[] bytes = header.getBytes(StandardCharsets.ISO_8859_1);
			headers.addValue("Cookie").setBytes(bytes, 0, bytes.length);
		}
		ServerCookies serverCookies = new ServerCookies(4);
		int limit = -1;
		for (Connector connector : connectors()) {
			limit = strictest(limit, connector.getMaxCookieCount());
		}
		serverCookies.setLimit(limit);
		CookieProcessor processor = this.context.getCookieProcessor();
		processor.parseCookieHeader(headers, serverCookies);
		List<Cookie> cookies = new ArrayList<>(serverCookies.getCookieCount());
		for (int i = 0; i < serverCookies.getCookieCount(); i++) {
			ServerCookie serverCookie = serverCookies.getCookie(i);
			try {
				Cookie cookie = new Cookie(serverCookie.getName().toString(), null);
				serverCookie.getValue().getByteChunk().setCharset(processor.getCharset());
				cookie.setValue(unescape(serverCookie.getValue().toString()));
				cookies.add(cookie);
			}
			catch (IllegalArgumentException ex) {
				// Dropped, as Tomcat drops a bad cookie
			}
		}
		return cookies;
	}

	/**
	 * Remove the {@code \\} escapes of a cookie value, as Tomcat's {@code Request} does.
	 */
	private static @Nullable String unescape(@Nullable String value) {
		if (value == null || value.indexOf('\\') < 0) {
			return value;
		}
		StringBuilder unescaped = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\') {
				if (++i >= value.length()) {
					throw new IllegalArgumentException("Cookie value ends with an escape");
				}
				c = value.charAt(i);
			}
			unescaped.append(c);
		}
		return unescaped.toString();
	}

	@Override
	public int maxRequestHeadSize() {
		int limit = this.maxRequestHeadSize;
		if (limit == UNKNOWN) {
			// The smallest of the connectors': a child comes through none of them
			limit = -1;
			for (Connector connector : connectors()) {
				if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
					limit = strictest(limit, protocol.getMaxHttpRequestHeaderSize());
				}
			}
			this.maxRequestHeadSize = limit;
		}
		return limit;
	}

	@Override
	public int requestHeadTooLargeStatus() {
		return HttpServletResponse.SC_BAD_REQUEST;
	}

	@Override
	public boolean parsesCookiesBeforeFilters() {
		// As Tomcat's CoyoteAdapter looks for the session id in the cookies, answering
		// 400 for more of them than the connector reads
		return tracksSessionsByCookie();
	}

	/**
	 * Whether the context tracks sessions by cookie, read once: the session tracking
	 * modes are fixed once the context started.
	 */
	private boolean tracksSessionsByCookie() {
		Boolean byCookie = this.tracksSessionsByCookie;
		if (byCookie == null) {
			byCookie = this.context.getServletContext()
				.getEffectiveSessionTrackingModes()
				.contains(SessionTrackingMode.COOKIE);
			this.tracksSessionsByCookie = byCookie;
		}
		return byCookie;
	}

	@Override
	public boolean refusesTrace() {
		Boolean refusesTrace = this.refusesTrace;
		if (refusesTrace == null) {
			refusesTrace = !allConnectorsAllowTrace();
			this.refusesTrace = refusesTrace;
		}
		return refusesTrace;
	}

	/**
	 * Whether every connector of the context's service allows {@code TRACE}: a child
	 * comes through none of them, so it is refused if any would refuse it.
	 */
	private boolean allConnectorsAllowTrace() {
		Connector[] connectors = connectors();
		for (Connector connector : connectors) {
			if (!connector.getAllowTrace()) {
				return false;
			}
		}
		return connectors.length > 0;
	}

	private Connector[] connectors() {
		Container host = this.context.getParent();
		Container engine = (host != null) ? host.getParent() : null;
		if (!(engine instanceof Engine tomcatEngine) || tomcatEngine.getService() == null) {
			return new Connector[0];
		}
		return tomcatEngine.getService().findConnectors();
	}

	@Override
	public @Nullable String allowedMethods(ServletMapping mapping) {
		// As Tomcat's CoyoteAdapter writes it
		if (!(this.context.findChild(mapping.servletName()) instanceof Wrapper wrapper)) {
			return null;
		}
		String[] methods;
		try {
			methods = wrapper.getServletMethods();
		}
		catch (ServletException ex) {
			return null;
		}
		if (methods == null) {
			return null;
		}
		StringJoiner allow = new StringJoiner(", ");
		for (String method : methods) {
			if (!"TRACE".equals(method)) {
				allow.add(method);
			}
		}
		return (allow.length() > 0) ? allow.toString() : null;
	}

	@Override
	public @Nullable String errorPage(int status, @Nullable Throwable failure) {
		ErrorPage page = null;
		for (Throwable cause = failure; page == null && cause != null; cause = cause.getCause()) {
			page = this.context.findErrorPage(cause);
		}
		if (page == null) {
			page = this.context.findErrorPage(status);
		}
		if (page == null) {
			// Boot registers its global error page with status 0
			page = this.context.findErrorPage(0);
		}
		return (page != null) ? page.getLocation() : null;
	}

	@Override
	public void logFailure(ServletMapping mapping, String message, Throwable failure) {
		// The servlet's own logger, the one Tomcat logs a request's failure with
		Container wrapper = this.context.findChild(mapping.servletName());
		Log log = (wrapper != null) ? wrapper.getLogger() : this.context.getLogger();
		log.error(message, failure);
	}

	@Override
	public boolean useRelativeRedirects() {
		return this.context.getUseRelativeRedirects();
	}

	@Override
	public @Nullable String sessionCookie(HttpSession session, HttpServletRequest request) {
		if (!tracksSessionsByCookie()) {
			return null;
		}
		Cookie cookie = ApplicationSessionCookieConfig.createSessionCookie(this.context, session.getId(),
				request.isSecure());
		return this.context.getCookieProcessor().generateHeader(cookie, request);
	}

	@Override
	public boolean adoptSession(HttpServletRequest parent, HttpSession session) {
		Request request = ConnectorRequestValve.current(parent);
		if (request == null || request.getContext() != this.context || request.getSessionInternal(false) != null) {
			return false;
		}
		// As if the client had sent it: Tomcat finds it as the request's session
		request.setRequestedSessionId(session.getId());
		Response response = request.getResponse();
		if (!response.isCommitted() && tracksSessionsByCookie()) {
			response.addSessionCookieInternal(ApplicationSessionCookieConfig.createSessionCookie(this.context,
					session.getId(), request.isSecure()));
		}
		return true;
	}

	@Override
	public HttpSession createSession() {
		return this.context.getManager().createSession(null).getSession();
	}

	/**
	 * Keeps Tomcat's own request at hand on the thread that processes it, which a parent
	 * needs to adopt the session that its asynchronous children created: the servlet API
	 * cannot make an existing session a request's. Nothing the application sees (no
	 * attribute, no wrapper).
	 */
	static final class ConnectorRequestValve extends ValveBase {

		private static final ThreadLocal<Request> current = new ThreadLocal<>();

		ConnectorRequestValve() {
			// Supports asynchronous requests: a valve that does not turns them off
			super(true);
		}

		@Override
		public void invoke(Request request, Response response) throws IOException, ServletException {
			Request previous = current.get();
			current.set(request);
			try {
				getNext().invoke(request, response);
			}
			finally {
				// Set back, not removed: removing it would make the thread's next request
				// allocate a new entry
				current.set(previous);
			}
		}

		/**
		 * Return Tomcat's request behind a request the calling thread is processing.
		 * @param request the request, possibly wrapped
		 * @return Tomcat's request, or {@code null} if the thread is not processing it
		 */
		static @Nullable Request current(HttpServletRequest request) {
			Request connectorRequest = current.get();
			if (connectorRequest == null) {
				return null;
			}
			ServletRequest unwrapped = request;
			while (unwrapped instanceof ServletRequestWrapper wrapper) {
				unwrapped = wrapper.getRequest();
			}
			return (unwrapped == connectorRequest.getRequest()) ? connectorRequest : null;
		}

	}

}
