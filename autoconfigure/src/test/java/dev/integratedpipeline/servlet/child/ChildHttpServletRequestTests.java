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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockServletContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.integratedpipeline.child.RequestPath;
import dev.integratedpipeline.servlet.container.ParameterLimits;
import dev.integratedpipeline.servlet.container.ServletContainer;
import dev.integratedpipeline.servlet.container.ServletMapping;

/**
 * Tests for {@link ChildHttpServletRequest}.
 *
 * @author Integrated Pipeline team
 */
class ChildHttpServletRequestTests {

	private static final ServletMapping DEFAULT_MAPPING = new ServletMapping("dispatcherServlet", "/", "/orders/42",
			null, MappingMatch.DEFAULT, "");

	private final MockServletContext servletContext = new MockServletContext();

	private final HttpHeaders headers = new HttpHeaders();

	private byte[] body = new byte[0];

	private @Nullable HttpSession session;

	ChildHttpServletRequestTests() {
		this.servletContext.setContextPath("/app");
	}

	@Test
	void whenPathHasQueryThenRequestUriIsContextPathAndPathWithoutQuery() {
		ChildHttpServletRequest request = create("GET", "/orders/42?expand=lines");
		assertThat(request.getRequestURI()).isEqualTo("/app/orders/42");
	}

	@Test
	void whenPathIsEncodedThenRequestUriStaysEncoded() {
		ChildHttpServletRequest request = create("GET", "/orders/a%20b");
		assertThat(request.getRequestURI()).isEqualTo("/app/orders/a%20b");
	}

	@Test
	void whenPathHasQueryThenQueryStringIsThePartAfterTheQuestionMark() {
		ChildHttpServletRequest request = create("GET", "/orders/42?expand=lines&x=%20");
		assertThat(request.getQueryString()).isEqualTo("expand=lines&x=%20");
	}

	@Test
	void whenPathHasNoQueryThenQueryStringIsNull() {
		ChildHttpServletRequest request = create("GET", "/orders/42");
		assertThat(request.getQueryString()).isNull();
	}

	@Test
	void whenMappedThenServletPathAndPathInfoComeFromTheMapping() {
		ServletMapping mapping = new ServletMapping("api", "/api/*", "/api", "/orders/42", MappingMatch.PATH,
				"orders/42");
		ChildHttpServletRequest request = create("GET", "/api/orders/42", mapping, null);
		assertThat(request.getServletPath()).isEqualTo("/api");
		assertThat(request.getPathInfo()).isEqualTo("/orders/42");
	}

	@Test
	void whenMappedThenHttpServletMappingComesFromTheMapping() {
		ServletMapping mapping = new ServletMapping("api", "/api/*", "/api", "/orders/42", MappingMatch.PATH,
				"orders/42");
		HttpServletMapping servletMapping = create("GET", "/api/orders/42", mapping, null).getHttpServletMapping();
		assertThat(servletMapping.getServletName()).isEqualTo("api");
		assertThat(servletMapping.getPattern()).isEqualTo("/api/*");
		assertThat(servletMapping.getMappingMatch()).isEqualTo(MappingMatch.PATH);
		assertThat(servletMapping.getMatchValue()).isEqualTo("orders/42");
	}

	@Test
	void whenNoParentThenRequestUrlIsOnLocalhost() {
		ChildHttpServletRequest request = create("GET", "/orders/42?expand=lines");
		assertThat(request.getRequestURL()).hasToString("http://localhost/app/orders/42");
	}

	@Test
	void whenParentThenConnectionInformationIsCopied() {
		MockHttpServletRequest parent = new MockHttpServletRequest(this.servletContext);
		parent.setScheme("https");
		parent.setServerName("example.com");
		parent.setServerPort(8443);
		parent.setSecure(true);
		ChildHttpServletRequest request = create("GET", "/orders/42", DEFAULT_MAPPING, parent);
		assertThat(request.getRequestURL()).hasToString("https://example.com:8443/app/orders/42");
		assertThat(request.isSecure()).isTrue();
		assertThat(request.getServletConnection().isSecure()).isTrue();
	}

	@Test
	void whenNoParentThenRemoteAddressIsLoopback() {
		ChildHttpServletRequest request = create("GET", "/orders/42");
		assertThat(request.getRemoteAddr()).isEqualTo("127.0.0.1");
		assertThat(request.getRemotePort()).isZero();
	}

	@Test
	void whenParentThenRemoteClientIsTheParents() {
		MockHttpServletRequest parent = new MockHttpServletRequest(this.servletContext);
		parent.setRemoteAddr("203.0.113.7");
		parent.setRemoteHost("client.example");
		parent.setRemotePort(50123);
		ChildHttpServletRequest request = create("GET", "/orders/42", DEFAULT_MAPPING, parent);
		assertThat(request.getRemoteAddr()).isEqualTo("203.0.113.7");
		assertThat(request.getRemoteHost()).isEqualTo("client.example");
		assertThat(request.getRemotePort()).isEqualTo(50123);
	}

	@Test
	void whenTwoRequestsThenRequestIdsDiffer() {
		ChildHttpServletRequest first = create("GET", "/orders/42");
		ChildHttpServletRequest second = create("GET", "/orders/42");
		assertThat(first.getRequestId()).startsWith("child-").isNotEqualTo(second.getRequestId());
	}

	@Test
	void whenPathWithQuerySetThenRequestIsPointedAtTheNewPath() {
		ChildHttpServletRequest request = create("GET", "/orders/42?a=1");
		assertThat(request.getParameter("a")).isEqualTo("1");
		request.setPath(RequestPath.of("/error?b=2"),
				new ServletMapping("dispatcherServlet", "/", "/error", null, MappingMatch.DEFAULT, ""));
		assertThat(request.getRequestURI()).isEqualTo("/app/error");
		assertThat(request.getServletPath()).isEqualTo("/error");
		assertThat(request.getParameterMap()).containsOnlyKeys("b");
	}

	@Test
	void whenPathWithQuerySetThenHttpServletMappingIsTheNewPathsMapping() {
		ChildHttpServletRequest request = create("GET", "/orders/42",
				new ServletMapping("dispatcherServlet", "/", "/orders/42", null, MappingMatch.DEFAULT, "orders"), null);
		assertThat(request.getHttpServletMapping().getMatchValue()).isEqualTo("orders");
		request.setPath(RequestPath.of("/error"),
				new ServletMapping("dispatcherServlet", "/", "/error", null, MappingMatch.DEFAULT, "error"));
		assertThat(request.getHttpServletMapping().getMatchValue()).isEqualTo("error");
	}

	@Test
	void whenHeaderIsAbsentThenItsValuesAreEmpty() {
		assertThat(create("GET", "/orders").getHeaders("X-Absent").hasMoreElements()).isFalse();
	}

	@Test
	void whenDispatcherTypeNotSetThenRequest() {
		assertThat(create("GET", "/orders/42").getDispatcherType()).isEqualTo(DispatcherType.REQUEST);
	}

	@Test
	void whenQueryHasParametersThenTheyAreDecodedInOrder() {
		ChildHttpServletRequest request = create("GET", "/orders/42?b=2&a=x%20y&b=3&c=caf%C3%A9+au+lait&d");
		assertThat(request.getParameterMap()).containsOnlyKeys("b", "a", "c", "d");
		assertThat(Collections.list(request.getParameterNames())).containsExactly("b", "a", "c", "d");
		assertThat(request.getParameterValues("b")).containsExactly("2", "3");
		assertThat(request.getParameter("a")).isEqualTo("x y");
		assertThat(request.getParameter("c")).isEqualTo("café au lait");
		assertThat(request.getParameter("d")).isEmpty();
	}

	@Test
	void whenFormBodyThenParametersComeFromQueryAndBody() {
		this.headers.set(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded");
		this.body = "name=J%C3%BCrgen&item=1".getBytes(StandardCharsets.ISO_8859_1);
		ChildHttpServletRequest request = create("POST", "/orders?item=0");
		assertThat(request.getParameterValues("item")).containsExactly("0", "1");
		assertThat(request.getParameter("name")).isEqualTo("Jürgen");
	}

	@Test
	void whenBodyReadBeforeParametersThenFormBodyIsNotParsed() throws Exception {
		this.headers.set(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded");
		this.body = "item=1".getBytes(StandardCharsets.ISO_8859_1);
		ChildHttpServletRequest request = create("POST", "/orders");
		assertThat(request.getInputStream().readAllBytes()).isEqualTo(this.body);
		assertThat(request.getParameter("item")).isNull();
	}

	@Test
	void whenParameterMapModifiedThenUnsupportedOperationException() {
		ChildHttpServletRequest request = create("GET", "/orders/42?a=1");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> request.getParameterMap().put("b", new String[] { "2" }));
	}

	@Test
	void whenGetReaderAfterGetInputStreamThenIllegalStateException() throws Exception {
		ChildHttpServletRequest request = create("POST", "/orders");
		request.getInputStream();
		assertThatIllegalStateException().isThrownBy(request::getReader);
	}

	@Test
	void whenGetInputStreamAfterGetReaderThenIllegalStateException() throws Exception {
		ChildHttpServletRequest request = create("POST", "/orders");
		request.getReader();
		assertThatIllegalStateException().isThrownBy(request::getInputStream);
	}

	@Test
	void whenContentTypeHasCharsetThenReaderDecodesWithIt() throws Exception {
		this.headers.set(HttpHeaders.CONTENT_TYPE, "text/plain;charset=ISO-8859-1");
		this.body = "Jürgen".getBytes(StandardCharsets.ISO_8859_1);
		BufferedReader reader = create("POST", "/orders").getReader();
		assertThat(reader.readLine()).isEqualTo("Jürgen");
	}

	@Test
	void whenContentTypeHasNoCharsetThenReaderDecodesWithUtf8() throws Exception {
		this.headers.set(HttpHeaders.CONTENT_TYPE, "text/plain");
		this.body = "Jürgen".getBytes(StandardCharsets.UTF_8);
		BufferedReader reader = create("POST", "/orders").getReader();
		assertThat(reader.readLine()).isEqualTo("Jürgen");
	}

	@Test
	void whenCharacterEncodingSetThenItOverridesTheContentType() throws Exception {
		this.headers.set(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8");
		ChildHttpServletRequest request = create("POST", "/orders");
		request.setCharacterEncoding("ISO-8859-1");
		assertThat(request.getCharacterEncoding()).isEqualTo("ISO-8859-1");
	}

	@Test
	void whenReadListenerSetThenDataIsAvailableAndAllRead() throws Exception {
		this.body = "abc".getBytes(StandardCharsets.UTF_8);
		ServletInputStream inputStream = create("POST", "/orders").getInputStream();
		List<String> events = new ArrayList<>();
		inputStream.setReadListener(new ReadListener() {

			@Override
			public void onDataAvailable() throws IOException {
				events.add("data:" + new String(inputStream.readAllBytes(), StandardCharsets.UTF_8));
			}

			@Override
			public void onAllDataRead() {
				events.add("all");
			}

			@Override
			public void onError(Throwable ex) {
				events.add("error");
			}

		});
		assertThat(events).containsExactly("data:abc", "all");
	}

	@Test
	void whenBodyThenContentLengthIsItsLength() {
		this.body = "abc".getBytes(StandardCharsets.UTF_8);
		ChildHttpServletRequest request = create("PUT", "/orders");
		assertThat(request.getContentLengthLong()).isEqualTo(3);
		assertThat(request.getHeader("Content-Length")).isEqualTo("3");
	}

	@Test
	void whenGetWithoutBodyThenContentLengthIsUnknown() {
		assertThat(create("GET", "/orders").getContentLength()).isEqualTo(-1);
	}

	@Test
	void whenHeaderNameDiffersInCaseThenHeaderIsFound() {
		this.headers.add("X-Trace", "one");
		this.headers.add("X-Trace", "two");
		ChildHttpServletRequest request = create("GET", "/orders");
		assertThat(request.getHeader("x-trace")).isEqualTo("one");
		assertThat(Collections.list(request.getHeaders("X-TRACE"))).containsExactly("one", "two");
	}

	@Test
	void whenDateHeaderThenItIsParsed() {
		this.headers.set(HttpHeaders.IF_MODIFIED_SINCE, "Sun, 06 Nov 1994 08:49:37 GMT");
		assertThat(create("GET", "/orders").getDateHeader("if-modified-since")).isEqualTo(784111777000L);
	}

	@Test
	void whenDateHeaderIsMalformedThenIllegalArgumentException() {
		this.headers.set(HttpHeaders.IF_MODIFIED_SINCE, "yesterday");
		ChildHttpServletRequest request = create("GET", "/orders");
		assertThatIllegalArgumentException().isThrownBy(() -> request.getDateHeader(HttpHeaders.IF_MODIFIED_SINCE));
	}

	@Test
	void whenDateHeaderIsAbsentThenMinusOne() {
		assertThat(create("GET", "/orders").getDateHeader(HttpHeaders.IF_MODIFIED_SINCE)).isEqualTo(-1);
	}

	@Test
	void whenIntHeaderIsAbsentThenMinusOne() {
		assertThat(create("GET", "/orders").getIntHeader("X-Count")).isEqualTo(-1);
	}

	@Test
	void whenIntHeaderIsNotANumberThenNumberFormatException() {
		this.headers.set("X-Count", "many");
		ChildHttpServletRequest request = create("GET", "/orders");
		assertThatExceptionOfType(NumberFormatException.class).isThrownBy(() -> request.getIntHeader("X-Count"));
	}

	@Test
	void whenAcceptLanguageThenLocalesAreOrderedByWeight() {
		this.headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en;q=0.5, fr-CH, de;q=0.8");
		ChildHttpServletRequest request = create("GET", "/orders");
		assertThat(request.getLocale()).isEqualTo(Locale.forLanguageTag("fr-CH"));
		assertThat(Collections.list(request.getLocales())).containsExactly(Locale.forLanguageTag("fr-CH"),
				Locale.GERMAN, Locale.ENGLISH);
	}

	@Test
	void whenAcceptLanguageIsAbsentThenDefaultLocale() {
		assertThat(create("GET", "/orders").getLocale()).isEqualTo(Locale.getDefault());
	}

	@Test
	void whenAcceptLanguageIsMalformedThenDefaultLocale() {
		this.headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en;q=nope");
		assertThat(create("GET", "/orders").getLocale()).isEqualTo(Locale.getDefault());
	}

	@Test
	void whenCookieHeadersThenCookiesAreParsed() {
		this.headers.add(HttpHeaders.COOKIE, "a=1; b=\"two\"");
		this.headers.add(HttpHeaders.COOKIE, "c=3");
		Cookie[] cookies = create("GET", "/orders").getCookies();
		assertThat(cookies).extracting(Cookie::getName).containsExactly("a", "b", "c");
		assertThat(cookies).extracting(Cookie::getValue).containsExactly("1", "two", "3");
	}

	@Test
	void whenTheContainerRefusesTheCookiesThenTheChildRefusesThemAndHasNone() {
		this.headers.add(HttpHeaders.COOKIE, "a=1; b=2");
		ChildHttpServletRequest request = create("GET", "/orders");
		request.setCookieParser(new CookieRefusingContainer());
		assertThat(request.refusesCookies()).isTrue();
		assertThat(request.getCookies()).isNull();
	}

	@Test
	void whenTheContainerReadsTheCookiesThenTheChildDoesNotRefuseThem() {
		this.headers.add(HttpHeaders.COOKIE, "a=1; b=2");
		ChildHttpServletRequest request = create("GET", "/orders");
		assertThat(request.refusesCookies()).isFalse();
		assertThat(request.getCookies()).extracting(Cookie::getName).containsExactly("a", "b");
	}

	@Test
	void whenTheCookiesWereReadAlreadyThenTheyAreNotRefused() {
		this.headers.add(HttpHeaders.COOKIE, "a=1");
		ChildHttpServletRequest request = create("GET", "/orders");
		assertThat(request.getCookies()).hasSize(1);
		request.setCookieParser(new CookieRefusingContainer());
		assertThat(request.refusesCookies()).isFalse();
		assertThat(request.getCookies()).hasSize(1);
	}

	@Test
	void whenNoCookieHeaderThenTheCookiesAreNotParsedToBeRefused() {
		ChildHttpServletRequest request = create("GET", "/orders");
		request.setCookieParser(new CookieRefusingContainer());
		assertThat(request.refusesCookies()).isFalse();
	}

	@Test
	void whenNoCookieHeaderThenCookiesAreNull() {
		assertThat(create("GET", "/orders").getCookies()).isNull();
	}

	@Test
	void whenAttributeSetThenParentDoesNotSeeIt() {
		MockHttpServletRequest parent = new MockHttpServletRequest(this.servletContext);
		parent.setAttribute("shared", "parent");
		ChildHttpServletRequest request = create("GET", "/orders", DEFAULT_MAPPING, parent);
		request.setAttribute("shared", "child");
		assertThat(parent.getAttribute("shared")).isEqualTo("parent");
		assertThat(request.getAttribute("shared")).isEqualTo("child");
	}

	@Test
	void whenParentHasAttributeThenChildDoesNotSeeIt() {
		MockHttpServletRequest parent = new MockHttpServletRequest(this.servletContext);
		parent.setAttribute("parentOnly", "value");
		ChildHttpServletRequest request = create("GET", "/orders", DEFAULT_MAPPING, parent);
		assertThat(request.getAttribute("parentOnly")).isNull();
	}

	@Test
	void whenAttributeSetToNullThenItIsRemoved() {
		ChildHttpServletRequest request = create("GET", "/orders");
		request.setAttribute("name", "value");
		request.setAttribute("name", null);
		assertThat(Collections.list(request.getAttributeNames())).doesNotContain("name");
	}

	@Test
	void whenGetSessionWithoutCreateThenFunctionIsAskedNotToCreate() {
		List<Boolean> asked = new ArrayList<>();
		ChildHttpServletRequest request = new ChildHttpServletRequest(this.servletContext, "GET", "/orders",
				this.headers, this.body, DEFAULT_MAPPING, null, (create) -> {
					asked.add(create);
					return null;
				});
		assertThat(request.getSession(false)).isNull();
		assertThat(asked).containsExactly(false);
	}

	@Test
	void whenGetSessionThenFunctionIsAskedToCreate() {
		MockHttpSession created = new MockHttpSession(this.servletContext);
		ChildHttpServletRequest request = new ChildHttpServletRequest(this.servletContext, "GET", "/orders",
				this.headers, this.body, DEFAULT_MAPPING, null, (create) -> create ? created : null);
		assertThat(request.getSession()).isSameAs(created);
	}

	@Test
	void whenNoSessionThenChangeSessionIdFails() {
		ChildHttpServletRequest request = create("GET", "/orders");
		assertThatIllegalStateException().isThrownBy(request::changeSessionId);
	}

	@Test
	void whenParentThenChangeSessionIdDelegatesToIt() {
		MockHttpServletRequest parent = new MockHttpServletRequest(this.servletContext);
		MockHttpSession parentSession = new MockHttpSession(this.servletContext);
		parent.setSession(parentSession);
		this.session = parentSession;
		String oldId = parentSession.getId();
		String newId = create("GET", "/orders", DEFAULT_MAPPING, parent).changeSessionId();
		assertThat(newId).isNotEqualTo(oldId).isEqualTo(parentSession.getId());
	}

	@Test
	void whenDetachedFromItsParentThenChangeSessionIdFails() {
		MockHttpServletRequest parent = new MockHttpServletRequest(this.servletContext);
		this.session = new MockHttpSession(this.servletContext);
		parent.setSession(this.session);
		ChildHttpServletRequest request = create("GET", "/orders", DEFAULT_MAPPING, parent);
		request.detachFromParent();
		assertThatIllegalStateException().isThrownBy(request::changeSessionId);
	}

	@Test
	void whenParentThenRequestedSessionIdIsTheParents() {
		MockHttpServletRequest parent = new MockHttpServletRequest(this.servletContext);
		parent.setRequestedSessionId("abc");
		assertThat(create("GET", "/orders", DEFAULT_MAPPING, parent).getRequestedSessionId()).isEqualTo("abc");
	}

	@Test
	void whenSessionExistsThenRequestedSessionIdIsValid() {
		this.session = new MockHttpSession(this.servletContext);
		assertThat(create("GET", "/orders").isRequestedSessionIdValid()).isTrue();
	}

	@Test
	void whenUserPrincipalSetThenRemoteUserIsItsName() {
		ChildHttpServletRequest request = create("GET", "/orders");
		Principal user = () -> "alice";
		request.setUserPrincipal(user);
		assertThat(request.getRemoteUser()).isEqualTo("alice");
	}

	@Test
	void whenLogoutThenUserPrincipalIsCleared() throws Exception {
		ChildHttpServletRequest request = create("GET", "/orders");
		request.setUserPrincipal(() -> "alice");
		request.logout();
		assertThat(request.getUserPrincipal()).isNull();
	}

	@Test
	void whenNoAsyncContextFactoryThenStartAsyncFails() {
		ChildHttpServletRequest request = create("GET", "/orders");
		assertThatIllegalStateException().isThrownBy(request::startAsync).withMessage("Async is not supported");
	}

	@Test
	void whenStartAsyncThenAsyncIsStartedAndTheContextKept() {
		ChildHttpServletRequest request = create("GET", "/orders");
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<AsyncContext> created = new AtomicReference<>();
		request.setAsyncContextFactory((asyncRequest, asyncResponse) -> {
			created.set(new MockAsyncContext(asyncRequest, asyncResponse));
			return created.get();
		});
		AsyncContext asyncContext = request.startAsync(request, response);
		assertThat(request.isAsyncStarted()).isTrue();
		assertThat(request.getAsyncContext()).isSameAs(asyncContext).isSameAs(created.get());
	}

	@Test
	void whenAsyncNotStartedThenGetAsyncContextFails() {
		ChildHttpServletRequest request = create("GET", "/orders");
		assertThatIllegalStateException().isThrownBy(request::getAsyncContext);
	}

	@Test
	void whenMultipartThenGetPartsFails() {
		ChildHttpServletRequest request = create("POST", "/orders");
		assertThatExceptionOfType(ServletException.class).isThrownBy(request::getParts);
	}

	@Test
	void whenQueryHasMoreParametersThanTheContainerReadsThenAskingForOneThrowsWithStatus400() {
		ChildHttpServletRequest request = create("GET", "/orders?a=1&a=2&b=3");
		request
			.setParameterLimits(new ParameterLimits(2, true, true, -1, 413, false, ParameterLimits.Nameless.DROPPED));
		assertThatExceptionOfType(InvalidParametersException.class).isThrownBy(() -> request.getParameter("b"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void whenParametersFailedOnceThenEveryAskingThrowsTheSame() {
		ChildHttpServletRequest request = create("GET", "/orders?a=1&b=2&c=3");
		request
			.setParameterLimits(new ParameterLimits(2, true, true, -1, 413, false, ParameterLimits.Nameless.DROPPED));
		Throwable first = catchThrowable(() -> request.getParameter("a"));
		assertThat(catchThrowable(request::getParameterMap)).isSameAs(first);
	}

	@Test
	void whenOnlyNamesAreCountedThenRepeatedValuesOfOneNamePass() {
		ChildHttpServletRequest request = create("GET", "/orders?a=1&a=2&a=3");
		request
			.setParameterLimits(new ParameterLimits(2, true, false, -1, 400, false, ParameterLimits.Nameless.DROPPED));
		assertThat(request.getParameterValues("a")).containsExactly("1", "2", "3");
	}

	@Test
	void whenTheBodyHasACharsetOfItsOwnThenTheQueryIsStillDecodedAsUtf8AsTheContainersDecodeIt() throws Exception {
		ChildHttpServletRequest request = create("GET", "/orders?q=caf%C3%A9");
		request.setCharacterEncoding("ISO-8859-1");
		assertThat(request.getParameter("q")).isEqualTo("caf\u00e9");
	}

	@Test
	void whenAnEscapeHasDigitsThatAreNotAsciiThenAContainerRefusingBadEncodingFailsTheParameters() {
		ChildHttpServletRequest request = create("GET", "/orders?a=%\uFF14\uFF11&b=2");
		request
			.setParameterLimits(new ParameterLimits(-1, true, true, -1, 413, true, ParameterLimits.Nameless.REFUSED));
		assertThatExceptionOfType(InvalidParametersException.class).isThrownBy(() -> request.getParameter("b"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400));
	}

	@Test
	void whenTheQueryIsNotCountedThenItsParametersPass() {
		ChildHttpServletRequest request = create("GET", "/orders?a=1&b=2&c=3");
		request
			.setParameterLimits(new ParameterLimits(2, false, false, -1, 400, false, ParameterLimits.Nameless.DROPPED));
		assertThat(request.getParameterMap()).containsOnlyKeys("a", "b", "c");
	}

	private ChildHttpServletRequest create(String method, String pathWithQuery) {
		return create(method, pathWithQuery, DEFAULT_MAPPING, null);
	}

	private ChildHttpServletRequest create(String method, String pathWithQuery, ServletMapping mapping,
			@Nullable MockHttpServletRequest parent) {
		return new ChildHttpServletRequest(this.servletContext, method, pathWithQuery, this.headers, this.body, mapping,
				parent, (create) -> this.session);
	}

	/**
	 * A container whose cookie parser refuses every request's cookies, as Tomcat refuses
	 * more than it reads.
	 */
	private static final class CookieRefusingContainer implements ServletContainer {

		@Override
		public ServletContext servletContext() {
			return new MockServletContext();
		}

		@Override
		public void dispatch(HttpServletRequest request, HttpServletResponse response, ServletMapping mapping,
				String path, DispatcherType type) {
			throw new UnsupportedOperationException();
		}

		@Override
		public @Nullable String errorPage(int status, @Nullable Throwable failure) {
			return null;
		}

		@Override
		public HttpSession createSession() {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<Cookie> parseCookies(List<String> cookieHeaders) {
			throw new IllegalArgumentException("More cookies than the container reads");
		}

	}

}
