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

package dev.integratedpipeline.servlet.container.jetty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.ee11.servlet.ErrorHandler;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.FilterMapping;
import org.eclipse.jetty.ee11.servlet.ServletChannel;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.ee11.servlet.ServletContextResponse;
import org.eclipse.jetty.ee11.servlet.ServletHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.servlet.SessionHandler;
import org.eclipse.jetty.ee11.servlet.security.ConstraintAware;
import org.eclipse.jetty.http.CookieCompliance;
import org.eclipse.jetty.http.CookieParser;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.HttpCookieUtils;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.ManagedSession;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.servlet.container.ParameterLimits;
import dev.integratedpipeline.servlet.container.ServletContainer;
import dev.integratedpipeline.servlet.container.ServletMapping;

/**
 * Runs child requests through embedded Jetty's own filter mappings: the filters, their
 * order and dispatcher types are exactly those Jetty's {@link ServletHandler} applies to
 * a request from the network, whichever way the filters were registered. Jetty's own
 * chain objects cannot run a child: they reach for Jetty's request behind the request,
 * which a child does not have; so the chain is built here, from the same mappings, in the
 * order {@code ServletHandler.getFilterChain} builds it.
 *
 * @author Integrated Pipeline team
 */
final class JettyServletContainer implements ServletContainer {

	/**
	 * The servlet name of a filter mapping that maps a filter to every servlet.
	 */
	private static final String ANY_SERVLET = "*";

	private final Server server;

	private final ServletContextHandler context;

	private volatile @Nullable HttpConfiguration httpConfiguration;

	/** The limits on a child's parameters; worked out on first use, once started. */
	private volatile @Nullable ParameterLimits parameterLimits;

	JettyServletContainer(Server server, ServletContextHandler context) {
		this.server = server;
		this.context = context;
	}

	@Override
	public List<String> securityNotApplied() {
		if (this.context.getSecurityHandler() instanceof ConstraintAware constraints
				&& !constraints.getConstraintMappings().isEmpty()) {
			return List.of("Jetty's security constraints (" + constraints.getConstraintMappings().size() + ")");
		}
		return List.of();
	}

	@Override
	public ParameterLimits parameterLimits() {
		ParameterLimits limits = this.parameterLimits;
		if (limits == null) {
			// Jetty counts the names of a form body only, and answers 400 for either
			// limit
			limits = new ParameterLimits(this.context.getMaxFormKeys(), false, false,
					this.context.getMaxFormContentSize(), HttpServletResponse.SC_BAD_REQUEST, true,
					ParameterLimits.Nameless.KEPT);
			this.parameterLimits = limits;
		}
		return limits;
	}

	@Override
	public @Nullable String uriViolation(String requestUri, @Nullable String query) {
		if (isPlain(requestUri) && (query == null || isPlain(query))) {
			return null;
		}
		HttpURI uri;
		try {
			// Parsed as Jetty's connection parses the target of a request line: every
			// character of the path checked, the first one too
			uri = HttpURI.build().pathQuery((query != null) ? requestUri + "?" + query : requestUri);
		}
		catch (RuntimeException ex) {
			// What Jetty cannot parse, it refuses
			return "Bad URI (" + ex.getClass().getSimpleName() + ")";
		}
		if (!uri.hasViolations()) {
			return null;
		}
		// As Jetty's connection checks the URI against its compliance, then its servlet
		// context refuses the ambiguous violations it let through, unless told to
		// decode them
		HttpConfiguration configuration = httpConfiguration();
		UriCompliance compliance = (configuration != null) ? configuration.getUriCompliance() : UriCompliance.DEFAULT;
		String violation = UriCompliance.checkUriCompliance(compliance, uri, null);
		if (violation == null && !this.context.getServletHandler().isDecodeAmbiguousURIs()) {
			for (UriCompliance.Violation each : uri.getViolations()) {
				if (UriCompliance.AMBIGUOUS_VIOLATIONS.contains(each)) {
					return "Ambiguous URI encoding: " + each.name();
				}
			}
		}
		return violation;
	}

	/**
	 * Return whether a URI or query can hold no violation, which saves parsing the URI of
	 * most children: unreserved characters and the delimiters that Jetty reads as they
	 * are, without an escape, a path parameter, a dot segment or an empty one.
	 */
	private static boolean isPlain(String uri) {
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '~' || c == '=' || c == '&' || c == '+' || c == ',' || c == ':' || c == '@'
					|| c == '!' || c == '$' || c == '\'' || c == '(' || c == ')' || c == '*'
					|| (c == '/' && (i + 1 == uri.length() || uri.charAt(i + 1) != '/'))
					|| (c == '.' && i > 0 && uri.charAt(i - 1) != '/');
			if (!plain) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int maxRequestHeadSize() {
		HttpConfiguration configuration = httpConfiguration();
		return (configuration != null) ? configuration.getRequestHeaderSize() : -1;
	}

	@Override
	public int requestLineTooLargeStatus() {
		// Jetty's parser answers 414 when its limit is reached within the target, 431
		// anywhere else in the head
		return HttpServletResponse.SC_REQUEST_URI_TOO_LONG;
	}

	@Override
	public List<Cookie> parseCookies(List<String> cookieHeaders) {
		// As Jetty's request parses them, with the connector's cookie compliance, and
		// its servlet request converts them
		HttpConfiguration configuration = httpConfiguration();
		CookieCompliance compliance = (configuration != null) ? configuration.getRequestCookieCompliance()
				: CookieCompliance.RFC6265;
		List<Cookie> cookies = new ArrayList<>();
		CookieParser parser = CookieParser.newParser((name, value, version, domain, path, comment) -> {
			try {
				cookies.add(new Cookie(name, value));
			}
			catch (IllegalArgumentException ex) {
				// Dropped, as Jetty drops a cookie a servlet cookie cannot be
			}
		}, compliance, null);
		try {
			parser.parseFields(cookieHeaders);
		}
		catch (CookieParser.InvalidCookieException ex) {
			// Jetty keeps the cookies parsed before the invalid one
		}
		return cookies;
	}

	@Override
	public ServletContext servletContext() {
		return this.context.getServletContext();
	}

	@Override
	public void dispatch(HttpServletRequest request, HttpServletResponse response, ServletMapping mapping, String path,
			DispatcherType type) throws IOException, ServletException {
		ServletHandler handler = this.context.getServletHandler();
		ServletHolder holder = handler.getServlet(mapping.servletName());
		if (holder == null) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED,
					"No servlet named '" + mapping.servletName() + "' in the container");
		}
		// Initializes the servlet if no request reached it yet
		holder.getServlet();
		filterChain(handler, holder, path, type).doFilter(request, response);
	}

	/**
	 * The chain Jetty builds for a path, a servlet and a dispatcher type, outermost
	 * first: the filters mapped by URL pattern, in their order; then those mapped to the
	 * servlet by name; then those mapped to every servlet ({@code *}), which Jetty
	 * applies whatever the dispatcher type.
	 */
	static FilterChain filterChain(ServletHandler handler, ServletHolder holder, String path, DispatcherType type) {
		FilterMapping[] mappings = handler.getFilterMappings();
		List<FilterHolder> filters = new ArrayList<>();
		if (mappings != null) {
			for (FilterMapping mapping : mappings) {
				if (mapping.getPathSpecs() != null && mapping.appliesTo(type) && matches(mapping, path)) {
					add(filters, handler, mapping);
				}
			}
			for (FilterMapping mapping : mappings) {
				if (mapsServlet(mapping, holder.getName()) && mapping.appliesTo(type)) {
					add(filters, handler, mapping);
				}
			}
			for (FilterMapping mapping : mappings) {
				if (mapsServlet(mapping, ANY_SERVLET)) {
					add(filters, handler, mapping);
				}
			}
		}
		FilterChain chain = new ServletEnd(holder);
		for (int i = filters.size() - 1; i >= 0; i--) {
			chain = new Link(filters.get(i), chain);
		}
		return chain;
	}

	private static boolean matches(FilterMapping mapping, String path) {
		for (String pathSpec : mapping.getPathSpecs()) {
			if (pathSpec != null && ServletPathSpec.match(pathSpec, path, true)) {
				return true;
			}
		}
		return false;
	}

	private static boolean mapsServlet(FilterMapping mapping, String name) {
		String[] names = mapping.getServletNames();
		if (names != null) {
			for (String candidate : names) {
				if (name.equals(candidate)) {
					return true;
				}
			}
		}
		return false;
	}

	private static void add(List<FilterHolder> filters, ServletHandler handler, FilterMapping mapping) {
		FilterHolder filter = handler.getFilter(mapping.getFilterName());
		if (filter == null) {
			throw new IllegalStateException("No filter named " + mapping.getFilterName());
		}
		filters.add(filter);
	}

	@Override
	public @Nullable String errorPage(int status, @Nullable Throwable failure) {
		// Boot's error handler, an ErrorPageErrorHandler, holds the error pages it
		// registered and finds them as for a request from the network
		if (this.context.getErrorHandler() instanceof ErrorHandler.ErrorPageMapper pages) {
			ErrorHandler.ErrorPageMapper.ErrorPage page = pages.getErrorPage(status, failure);
			return (page != null) ? page.errorPage() : null;
		}
		return null;
	}

	@Override
	public boolean forwardsToErrorPages() {
		return false;
	}

	@Override
	public void resetForErrorPage(HttpServletResponse response) {
		// As Jetty's sendError: the content headers go, all others stay; then its error
		// handler says the error must not be cached
		for (HttpHeader header : HttpHeader.CONTENT_HEADERS) {
			response.setHeader(header.asString(), null);
		}
		if (this.context.getErrorHandler() instanceof ErrorHandler handler && handler.getCacheControl() != null) {
			response.setHeader(HttpHeader.CACHE_CONTROL.asString(), handler.getCacheControl());
		}
	}

	@Override
	public void logFailure(ServletMapping mapping, String message, Throwable failure) {
		// Where and as Jetty logs the failure of a request from the network
		LogFactory.getLog(ServletChannel.class).warn(message, failure);
	}

	@Override
	public boolean useRelativeRedirects() {
		HttpConfiguration configuration = httpConfiguration();
		return configuration == null || configuration.isRelativeRedirectAllowed();
	}

	@Override
	public boolean resolvesRelativeRedirects() {
		return true;
	}

	@Override
	public String contentTypeHeader(String contentType) {
		// Jetty writes a content type it knows in its own spelling
		MimeTypes.Type known = MimeTypes.CACHE.get(contentType);
		return (known != null) ? known.asString() : contentType;
	}

	private @Nullable HttpConfiguration httpConfiguration() {
		// Looked up by every child: found once, then read (its settings are still read
		// live from it)
		HttpConfiguration configuration = this.httpConfiguration;
		if (configuration != null) {
			return configuration;
		}
		for (Connector connector : this.server.getConnectors()) {
			HttpConnectionFactory factory = connector.getConnectionFactory(HttpConnectionFactory.class);
			if (factory != null) {
				configuration = factory.getHttpConfiguration();
				this.httpConfiguration = configuration;
				return configuration;
			}
		}
		return null;
	}

	@Override
	public @Nullable String sessionCookie(HttpSession session, HttpServletRequest request) {
		SessionHandler sessions = this.context.getSessionHandler();
		ManagedSession managed = SessionHandler.ServletSessionApi.getSession(session);
		if (sessions == null || managed == null
				|| !this.context.getServletContext()
					.getEffectiveSessionTrackingModes()
					.contains(SessionTrackingMode.COOKIE)) {
			return null;
		}
		HttpCookie cookie = sessions.getSessionCookie(managed, request.isSecure());
		if (cookie == null) {
			return null;
		}
		HttpConfiguration configuration = httpConfiguration();
		CookieCompliance compliance = (configuration != null) ? configuration.getResponseCookieCompliance()
				: CookieCompliance.RFC6265;
		return HttpCookieUtils.getSetCookie(cookie, compliance);
	}

	@Override
	public void addSessionCookie(HttpServletResponse response, String cookie) {
		response.addHeader(HttpHeader.SET_COOKIE.asString(), cookie);
		// As Jetty's Response.putCookie: a response that sets a cookie is not cached
		if (!response.containsHeader(HttpHeader.EXPIRES.asString())) {
			response.setHeader(HttpHeader.EXPIRES.asString(), HttpFields.EXPIRES_01JAN1970.getValue());
		}
	}

	@Override
	public boolean adoptSession(HttpServletRequest parent, HttpSession session) {
		ServletContextRequest request;
		try {
			request = ServletContextRequest.getServletContextRequest(parent);
		}
		catch (IllegalStateException ex) {
			return false;
		}
		SessionHandler sessions = this.context.getSessionHandler();
		if (sessions == null || request.getSessionManager() != sessions || request.getManagedSession() != null) {
			return false;
		}
		// In use by the parent from now on, as if the client had sent it: Jetty leaves
		// it when the parent completes
		ManagedSession managed = sessions.getManagedSession(session.getId());
		if (managed == null) {
			return false;
		}
		request.setManagedSession(managed);
		ServletContextResponse response = request.getServletContextResponse();
		if (!response.isCommitted()) {
			HttpCookie cookie = sessions.getSessionCookie(managed, request.isSecure());
			if (cookie != null) {
				Response.putCookie(response, cookie);
			}
		}
		return true;
	}

	@Override
	public HttpSession createSession() {
		SessionHandler sessions = this.context.getSessionHandler();
		if (sessions == null) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED, "The Jetty context has no session handler");
		}
		ManagedSession[] created = new ManagedSession[1];
		sessions.newSession(null, null, (session) -> created[0] = session);
		ManagedSession session = created[0];
		if (session == null) {
			throw new IllegalStateException("Jetty could not create a session");
		}
		// No request holds it: left at once, so that it times out as an idle session does
		sessions.complete(session);
		return (HttpSession) session.getApi();
	}

	/**
	 * A filter in the chain, run as Jetty's {@code ServletHandler.Chain} runs it.
	 */
	private record Link(FilterHolder filter, FilterChain next) implements FilterChain {

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			this.filter.doFilter(request, response, this.next);
		}

	}

	/**
	 * The end of the chain: the servlet.
	 */
	private record ServletEnd(ServletHolder servlet) implements FilterChain {

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			this.servlet.handle(request, response);
		}

	}

}
