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

package dev.integratedpipeline.child;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link ChildRequest}.
 */
class ChildRequestTests {

	@Test
	void whenBuiltThenItKeepsWhatItWasGiven() {
		ChildRequest request = ChildRequest.builder("POST", "/orders?id=1")
			.header("Accept", "application/json")
			.body("{}")
			.userData(42)
			.flags(ExecuteFlag.NO_HEADERS)
			.timeout(Duration.ofSeconds(2))
			.build();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/orders?id=1");
		assertThat(request.headers().getFirst("Accept")).isEqualTo("application/json");
		assertThat(request.body()).asString().isEqualTo("{}");
		assertThat(request.userData()).isEqualTo(42);
		assertThat(request.flags()).containsExactly(ExecuteFlag.NO_HEADERS);
		assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void whenCopiedFromARequestThenItCarriesItsRemoteClient() {
		MockHttpServletRequest live = new MockHttpServletRequest("GET", "/orders");
		live.setRemoteAddr("203.0.113.7");
		live.setRemoteHost("client.example");
		live.setRemotePort(50123);
		ChildRequest request = ChildRequest.from(live).path("/other").build();
		assertThat(request.remoteClient())
			.isEqualTo(new ChildRequest.RemoteClient("203.0.113.7", "client.example", 50123));
		assertThat(request.mutate().build().remoteClient()).isEqualTo(request.remoteClient());
	}

	@Test
	void whenNotCopiedFromARequestThenItCarriesNoRemoteClient() {
		assertThat(ChildRequest.get("/orders").build().remoteClient()).isNull();
	}

	@Test
	void whenBodyIsChangedAfterBuildingThenTheRequestIsUnaffected() {
		byte[] body = { 1, 2, 3 };
		ChildRequest request = ChildRequest.builder("POST", "/x").body(body).build();
		body[0] = 9;
		request.body()[1] = 9;
		assertThat(request.body()).containsExactly(1, 2, 3);
	}

	@Test
	void whenCopiedFromALiveRequestThenMethodPathQueryAndHeadersAreCopied() {
		MockHttpServletRequest live = new MockHttpServletRequest("PUT", "/app/items/7");
		live.setContextPath("/app");
		live.setQueryString("full=true");
		live.addHeader("Authorization", "Basic abc");
		ChildRequest request = ChildRequest.from(live).build();
		assertThat(request.method()).isEqualTo("PUT");
		assertThat(request.path()).isEqualTo("/items/7?full=true");
		assertThat(request.headers().getFirst("Authorization")).isEqualTo("Basic abc");
	}

	@Test
	void whenMutatedThenTheOriginalIsUnchanged() {
		ChildRequest original = ChildRequest.get("/a").build();
		ChildRequest changed = original.mutate().path("/b").flags(ExecuteFlag.SAME_URL).build();
		assertThat(original.path()).isEqualTo("/a");
		assertThat(original.flags()).isEmpty();
		assertThat(changed.path()).isEqualTo("/b");
	}

	@Test
	void whenMutatedWithoutAHeaderChangeThenTheHeadersAreSharedNotCopied() {
		ChildRequest original = ChildRequest.get("/a").header("X-A", "1").build();
		assertThat(original.mutate().path("/b").build().headers()).isSameAs(original.headers());
	}

	@Test
	void whenMutatedWithAHeaderChangeThenTheOriginalsHeadersAreUnchanged() {
		ChildRequest original = ChildRequest.get("/a").header("X-A", "1").build();
		ChildRequest changed = original.mutate().setHeader("X-A", "2").header("X-B", "3").build();
		assertThat(original.headers().toSingleValueMap()).containsExactly(entry("X-A", "1"));
		assertThat(changed.headers().toSingleValueMap()).containsExactly(entry("X-A", "2"), entry("X-B", "3"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/../etc/passwd", "/a/../b", "/a/%2e%2e/b", "/a/%2E%2E/b", "/a/%252e%252e/b", "/a/./b",
			"/a/..;/b", "/a\\..\\b", "/a%5c..%5cb", "/a/%2f/b" })
	void whenPathTraversesThenItIsRefused(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get(path).build());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a%2Fb", "/a%2fb", "/a%5Cb", "/a%5cb", "/a%252Fb", "/a%25255Cb", "/%2F" })
	void whenPathHasAnEncodedSeparatorThenItIsRefused(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get(path).build())
			.withMessageContaining("encoded slash or backslash");
	}

	@Test
	void whenQueryHasAnEncodedSlashThenItIsAccepted() {
		assertThat(ChildRequest.get("/a?next=%2Fb").build().path()).isEqualTo("/a?next=%2Fb");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://example.com/", "https://example.com/x", "//example.com/x", "example.com/x", "",
			"relative" })
	void whenPathIsNotWithinTheApplicationThenItIsRefused(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get(path).build())
			.withMessageContaining("path");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a\r\nSet-Cookie: x=1", "/a b", "/a\tb" })
	void whenPathHasControlCharactersThenItIsRefused(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get(path).build());
	}

	@Test
	void whenHeaderValueHasCrOrLfThenItIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChildRequest.get("/a").header("X-Test", "v\r\nInjected: 1").build())
			.withMessageContaining("X-Test");
	}

	@Test
	void whenHeaderNameIsNotATokenThenItIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get("/a").header("Bad\nName", "v").build());
	}

	@ParameterizedTest
	@ValueSource(strings = { "FOO", "get", "CONNECT", "" })
	void whenMethodIsUnknownThenItIsRefused(String method) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.builder(method, "/a").build())
			.withMessageContaining("Unknown HTTP method");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/a/b?x=1&y=%20", "/caf%C3%A9", "/a..b/c", "/files/v1.2/x", "/files/100%25",
			"/files/100%25off", "/a;x=1/b", "/a/b;jsessionid=1" })
	void whenPathIsCleanThenItIsAccepted(String path) {
		assertThat(ChildRequest.get(path).build().path()).isEqualTo(path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a#top", "/a?x=1#top", "/#", "/a%23b#c" })
	void whenPathHasAFragmentThenItIsRefused(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get(path).build())
			.withMessageContaining("fragment");
	}

	@Test
	void whenPathHasAnEncodedFragmentCharacterThenItIsAccepted() {
		assertThat(ChildRequest.get("/a%23b").build().path()).isEqualTo("/a%23b");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/100%", "/a%zz", "/a%2" })
	void whenPathHasAPercentThatStartsNoEscapeThenItIsRefused(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get(path).build())
			.withMessageContaining("not properly encoded");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/a/b?x=1&y=%20", "/caf%C3%A9", "/a..b/c", "/files/v1.2/x", "/files/100%25",
			"/files/100%25off", "/a;x=1/b", "/a/b;jsessionid=1", "/a?next=%2Fb", "/a%23b", "/a+b", "/.well-known/x",
			"/a/...b" })
	void whenPathIsCleanThenIsValidPathAcceptsItAsBuildDoes(String path) {
		assertThat(ChildRequest.isValidPath(path)).isTrue();
		assertThat(ChildRequest.get(path).build().path()).isEqualTo(path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/../etc/passwd", "/a/../b", "/a/..", "/a/.", "/a/%2e%2e/b", "/a/%252e%252e/b", "/a/./b",
			"/a/..;/b", "/a/.;x/b", "/a\\..\\b", "/a%5c..%5cb", "/a/%2f/b", "/a%2Fb", "/a%25255Cb",
			"http://example.com/", "//example.com/x", "", "relative", "/a\r\nSet-Cookie: x=1", "/a b", "/a#top",
			"/100%", "/a%zz", "/a%2", "/a%00b", "/a/%25%32%65%25%32%65/x", "/a/...;/b" })
	void whenPathIsRefusedByBuildThenIsValidPathRefusesItWithoutThrowing(String path) {
		assertThat(ChildRequest.isValidPath(path)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get(path).build());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin%2\uFF26x", "/admin%\uFF12\uFF26x", "/a%\uFF10\uFF10b", "/caf%C3%\u0661\u0669",
			"/a%2\u0661" })
	void whenAnEscapeHasDigitsThatAreNotAsciiThenThePathIsRefused(String path) {
		// Character.digit reads full-width and other Unicode digits, and a decoder that
		// used it would decode "%2\uFF26" to '/': the containers answer 400
		assertThat(ChildRequest.isValidPath(path)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get(path).build());
	}

	@Test
	void whenPathIsNullThenIsValidPathRefusesIt() {
		assertThat(ChildRequest.isValidPath(null)).isFalse();
	}

	@Test
	void whenNothingSaysWhoTheChildIsThenItRunsAsItsParent() {
		assertThat(ChildRequest.get("/a").build().identity()).isEqualTo(ChildRequest.Identity.PARENT);
	}

	@Test
	void whenChildIsGivenAUserThenItRunsAsThatUser() {
		ChildRequest request = ChildRequest.get("/a").user(() -> "guest").build();
		assertThat(request.identity()).isEqualTo(ChildRequest.Identity.GIVEN);
		assertThat(request.user().getName()).isEqualTo("guest");
	}

	@Test
	void whenChildIsMadeAnonymousThenItHasNoUserEvenIfItWasGivenOne() {
		ChildRequest request = ChildRequest.get("/a").user(() -> "guest").anonymous().build();
		assertThat(request.identity()).isEqualTo(ChildRequest.Identity.ANONYMOUS);
		assertThat(request.user()).isNull();
	}

	@Test
	void whenChildIsCopiedFromARequestThenItAuthenticatesFromItsCredentials() {
		ChildRequest request = ChildRequest.from(new MockHttpServletRequest("GET", "/a")).build();
		assertThat(request.identity()).isEqualTo(ChildRequest.Identity.CREDENTIALS);
	}

	@Test
	void whenChildIsGivenAnAuthorizationHeaderThenItAuthenticatesFromIt() {
		ChildRequest request = ChildRequest.get("/a").header("Authorization", "Basic dXNlcjpwYXNzd29yZA==").build();
		assertThat(request.identity()).isEqualTo(ChildRequest.Identity.CREDENTIALS);
	}

	@Test
	void whenChildCopiedFromARequestIsGivenAUserThenTheUserWins() {
		ChildRequest request = ChildRequest.from(new MockHttpServletRequest("GET", "/a")).user(() -> "guest").build();
		assertThat(request.identity()).isEqualTo(ChildRequest.Identity.GIVEN);
	}

	@Test
	void whenMutatedThenTheIdentityIsKept() {
		assertThat(ChildRequest.get("/a").anonymous().build().mutate().build().identity())
			.isEqualTo(ChildRequest.Identity.ANONYMOUS);
		assertThat(ChildRequest.from(new MockHttpServletRequest("GET", "/a")).build().mutate().build().identity())
			.isEqualTo(ChildRequest.Identity.CREDENTIALS);
	}

	@Test
	void whenTimeoutIsNotPositiveThenItIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChildRequest.get("/a").timeout(Duration.ZERO));
	}

	@Test
	void whenBuiltWithJsonThenTheValueIsKeptForExecutionWithAJsonContentType() {
		ChildRequest request = ChildRequest.builder("POST", "/api").json(Map.of("city", "Oslo")).build();
		assertThat(request.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(request.json()).isEqualTo(Map.of("city", "Oslo"));
		assertThat(request.body()).isEmpty();
	}

	@Test
	void whenBuiltWithAFormThenItIsUrlEncodedInUtf8() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("name", "Zoë");
		form.add("q", "a&b");
		ChildRequest request = ChildRequest.builder("POST", "/api").form(form).build();
		assertThat(request.headers().getContentType().isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)).isTrue();
		assertThat(new String(request.body(List.of()), StandardCharsets.UTF_8)).isEqualTo("name=Zo%C3%AB&q=a%26b");
	}

	@Test
	void whenABodyIsSetAfterJsonThenTheJsonValueIsDropped() {
		ChildRequest request = ChildRequest.builder("POST", "/api").json(Map.of("a", 1)).body("text").build();
		assertThat(request.json()).isNull();
		assertThat(request.body()).isEqualTo("text".getBytes(StandardCharsets.UTF_8));
	}

}
