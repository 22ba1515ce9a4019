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

package dev.integratedpipeline.modules.rewrite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a redirect rule's URL sends a request, and what a back-reference may not change
 * of it.
 */
class RewriteRuleDestinationTests {

	private static RewriteRule redirect(String url) {
		return RewriteRule.builder("r").match("^/from/(.*)$").action(RewriteRule.Action.REDIRECT).url(url).build();
	}

	@Test
	void whenTheUrlIsALocalPathThenANetworkPathReferenceLeavesIt() {
		RewriteRule rule = redirect("/{R:1}");
		assertThat(rule.keepsDestination("/new/page")).isTrue();
		assertThat(rule.keepsDestination("//evil.example/x")).isFalse();
		assertThat(rule.keepsDestination("/\\evil.example/x")).isFalse();
	}

	@Test
	void whenTheUrlWritesOutItsHostThenABackReferenceMayNotChangeIt() {
		RewriteRule rule = redirect("https://example.com{R:1}");
		assertThat(rule.keepsDestination("https://example.com/page")).isTrue();
		assertThat(rule.keepsDestination("https://example.com")).isTrue();
		assertThat(rule.keepsDestination("https://example.com.evil.example/")).isFalse();
		assertThat(rule.keepsDestination("https://example.com@evil.example/")).isFalse();
		assertThat(rule.keepsDestination("https://example.com:8443/")).isFalse();
	}

	@Test
	void whenTheUrlIsANetworkPathWithItsHostThenABackReferenceMayNotChangeIt() {
		RewriteRule rule = redirect("//cdn.example.com{R:1}");
		assertThat(rule.keepsDestination("//cdn.example.com/app.js")).isTrue();
		assertThat(rule.keepsDestination("//cdn.example.com.evil.example/")).isFalse();
	}

	@Test
	void whenTheUrlWritesOutTheEndOfItsHostThenTheHostMustEndSo() {
		RewriteRule rule = redirect("https://{R:1}.example.com/");
		assertThat(rule.keepsDestination("https://shop.example.com/")).isTrue();
		assertThat(rule.keepsDestination("https://evil.example/#.example.com/")).isFalse();
		assertThat(rule.keepsDestination("https://evil.example@x.example.com/")).isFalse();
	}

	@Test
	void whenTheUrlWritesOutTheStartOfItsHostThenTheBackReferencesChooseTheRest() {
		RewriteRule rule = redirect("https://www.{R:1}");
		assertThat(rule.keepsDestination("https://www.example.org/")).isTrue();
		assertThat(rule.keepsDestination("https://evil.example/")).isFalse();
	}

	@Test
	void whenTheHostEndsBeforeTheBackReferenceThenAnyPathThereKeepsIt() {
		assertThat(redirect("https://example.com/{R:1}").keepsDestination("https://example.com//x")).isTrue();
	}

	@Test
	void whenTheBackReferencesMakeTheStartOfTheUrlThenItMayGoAnywhere() {
		assertThat(redirect("{R:1}").keepsDestination("https://other.example/")).isTrue();
		assertThat(redirect("https://{R:1}").keepsDestination("https://other.example/")).isTrue();
	}

	@Test
	void whenTheUrlHasNoBackReferenceThenItKeepsItsOwnDestination() {
		assertThat(redirect("/fixed").keepsDestination("/fixed")).isTrue();
		assertThat(redirect("https://example.com").keepsDestination("https://example.com")).isTrue();
	}

}
