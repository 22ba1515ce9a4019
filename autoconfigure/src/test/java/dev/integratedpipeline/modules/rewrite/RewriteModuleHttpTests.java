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

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.modules.ModulesTestApplication;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * URL rewrite rules over HTTP: every action, back-references, conditions, the loop limit,
 * unclean URLs, and child requests.
 */
@SpringBootTest(classes = ModulesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"integrated-pipeline.rewrite.enabled=true", "integrated-pipeline.rewrite.rules[0].name=old",
		"integrated-pipeline.rewrite.rules[0].match=^/old/(.*)$", "integrated-pipeline.rewrite.rules[0].action=rewrite",
		"integrated-pipeline.rewrite.rules[0].url=/new/{R:1}", "integrated-pipeline.rewrite.rules[1].name=moved",
		"integrated-pipeline.rewrite.rules[1].match=^/moved/(.*)$",
		"integrated-pipeline.rewrite.rules[1].action=redirect", "integrated-pipeline.rewrite.rules[1].url=/new/{R:1}",
		"integrated-pipeline.rewrite.rules[1].redirect-type=308", "integrated-pipeline.rewrite.rules[2].name=item",
		"integrated-pipeline.rewrite.rules[2].match=^/item$",
		"integrated-pipeline.rewrite.rules[2].conditions[0].input=query",
		"integrated-pipeline.rewrite.rules[2].conditions[0].pattern=^id=([0-9]+)$",
		"integrated-pipeline.rewrite.rules[2].action=rewrite",
		"integrated-pipeline.rewrite.rules[2].url=/new/item-{C:1}",
		"integrated-pipeline.rewrite.rules[2].append-query-string=false",
		"integrated-pipeline.rewrite.rules[3].name=language", "integrated-pipeline.rewrite.rules[3].match=^/lang$",
		"integrated-pipeline.rewrite.rules[3].logical-grouping=match-any",
		"integrated-pipeline.rewrite.rules[3].conditions[0].input=header:X-Lang",
		"integrated-pipeline.rewrite.rules[3].conditions[0].pattern=^(de)$",
		"integrated-pipeline.rewrite.rules[3].conditions[1].input=header:X-Lang",
		"integrated-pipeline.rewrite.rules[3].conditions[1].pattern=^(fr)$",
		"integrated-pipeline.rewrite.rules[3].action=rewrite",
		"integrated-pipeline.rewrite.rules[3].url=/new/lang-{C:1}", "integrated-pipeline.rewrite.rules[4].name=gone",
		"integrated-pipeline.rewrite.rules[4].match=^/gone",
		"integrated-pipeline.rewrite.rules[4].action=custom-response",
		"integrated-pipeline.rewrite.rules[4].status-code=410",
		"integrated-pipeline.rewrite.rules[4].reason=Gone for good", "integrated-pipeline.rewrite.rules[5].name=abort",
		"integrated-pipeline.rewrite.rules[5].match=^/abort$", "integrated-pipeline.rewrite.rules[5].action=abort",
		"integrated-pipeline.rewrite.rules[6].name=loop", "integrated-pipeline.rewrite.rules[6].match=^/loop/([a-z]+)$",
		"integrated-pipeline.rewrite.rules[6].action=rewrite", "integrated-pipeline.rewrite.rules[6].url=/loop/{R:1}x",
		"integrated-pipeline.rewrite.rules[7].name=double-slash", "integrated-pipeline.rewrite.rules[7].match=^/dbl$",
		"integrated-pipeline.rewrite.rules[7].conditions[0].input=query",
		"integrated-pipeline.rewrite.rules[7].conditions[0].pattern=^to=(.*)$",
		"integrated-pipeline.rewrite.rules[7].append-query-string=false",
		"integrated-pipeline.rewrite.rules[7].action=rewrite", "integrated-pipeline.rewrite.rules[7].url=/{C:1}",
		"integrated-pipeline.rewrite.rules[8].name=keep", "integrated-pipeline.rewrite.rules[8].match=^/keep$",
		"integrated-pipeline.rewrite.rules[8].action=none", "integrated-pipeline.rewrite.rules[8].stop-processing=true",
		"integrated-pipeline.rewrite.rules[9].name=never-reached", "integrated-pipeline.rewrite.rules[9].match=^/keep$",
		"integrated-pipeline.rewrite.rules[9].action=rewrite", "integrated-pipeline.rewrite.rules[9].url=/new/not-kept",
		"integrated-pipeline.rewrite.rules[10].name=no-leading-slash",
		"integrated-pipeline.rewrite.rules[10].match=^short/(.*)$",
		"integrated-pipeline.rewrite.rules[10].action=rewrite",
		"integrated-pipeline.rewrite.rules[10].url=/new/short-{R:1}",
		"integrated-pipeline.rewrite.rules[11].name=post-only", "integrated-pipeline.rewrite.rules[11].match=^/echo$",
		"integrated-pipeline.rewrite.rules[11].conditions[0].input=method",
		"integrated-pipeline.rewrite.rules[11].conditions[0].pattern=^POST$",
		"integrated-pipeline.rewrite.rules[11].conditions[0].negate=true",
		"integrated-pipeline.rewrite.rules[11].action=custom-response",
		"integrated-pipeline.rewrite.rules[11].status-code=405", "integrated-pipeline.rewrite.rules[12].name=secure",
		"integrated-pipeline.rewrite.rules[12].match=^/open-secure$",
		"integrated-pipeline.rewrite.rules[12].action=rewrite",
		"integrated-pipeline.rewrite.rules[12].url=/secure/data",
		"integrated-pipeline.rewrite.rules[13].name=case-sensitive",
		"integrated-pipeline.rewrite.rules[13].match=^/Exact$",
		"integrated-pipeline.rewrite.rules[13].ignore-case=false",
		"integrated-pipeline.rewrite.rules[13].action=rewrite", "integrated-pipeline.rewrite.rules[13].url=/new/exact",
		"integrated-pipeline.rewrite.rules[14].name=chain-first", "integrated-pipeline.rewrite.rules[14].match=^/a$",
		"integrated-pipeline.rewrite.rules[14].action=rewrite", "integrated-pipeline.rewrite.rules[14].url=/b",
		"integrated-pipeline.rewrite.rules[15].name=chain-second", "integrated-pipeline.rewrite.rules[15].match=^/b$",
		"integrated-pipeline.rewrite.rules[15].action=rewrite", "integrated-pipeline.rewrite.rules[15].url=/new/from-a",
		"integrated-pipeline.rewrite.rules[15].stop-processing=true",
		"integrated-pipeline.rewrite.rules[16].name=legacy", "integrated-pipeline.rewrite.rules[16].match=^/legacy$",
		"integrated-pipeline.rewrite.rules[16].conditions[0].input=query",
		"integrated-pipeline.rewrite.rules[16].conditions[0].pattern=^to=(.*)$",
		"integrated-pipeline.rewrite.rules[16].append-query-string=false",
		"integrated-pipeline.rewrite.rules[16].action=redirect", "integrated-pipeline.rewrite.rules[16].url=/{C:1}" })
class RewriteModuleHttpTests {

	@LocalServerPort
	private int port;

	private HttpTestClient client() {
		return new HttpTestClient(this.port);
	}

	@Test
	void whenARuleRewritesThenTheHandlerOfTheNewUrlAnswersWithTheQueryAppended() {
		HttpResponse<String> response = client().get("/old/some/page?x=1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("new /some/page?x=1");
	}

	@Test
	void whenThePathIsSpelledWithEscapesThenTheRuleMatchesItDecodedAsSpringMvcMapsIt() {
		// A rule refusing /gone also refuses /%67one, which Spring MVC maps to /gone
		assertThat(client().get("/%67one/forever", "Accept", "application/json").statusCode()).isEqualTo(410);
		assertThat(client().get("/gone;x=1/forever", "Accept", "application/json").statusCode()).isEqualTo(410);
	}

	@Test
	void whenTheRuleCapturesDecodedCharactersThenTheyAreEncodedAgainInTheNewUrl() {
		assertThat(client().get("/old/caf%C3%A9%20x").body()).isEqualTo("new /café x");
	}

	@Test
	void whenTheCaseDiffersThenTheRuleIgnoresItByDefault() {
		assertThat(client().get("/OLD/page").body()).isEqualTo("new /page");
	}

	@Test
	void whenARuleDoesNotIgnoreCaseThenOnlyTheExactCaseMatches() {
		assertThat(client().get("/Exact").body()).isEqualTo("new /exact");
		assertThat(client().get("/exact").statusCode()).isEqualTo(404);
	}

	@Test
	void whenARuleRedirectsThenTheClientGetsTheRedirectType() {
		HttpResponse<String> response = client().get("/moved/there?y=2");
		assertThat(response.statusCode()).isEqualTo(308);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/new/there?y=2"));
	}

	@Test
	void whenARedirectWrittenAsALocalPathWouldLeaveTheSiteThenTheRequestIsRefusedWith400() {
		// "/{C:1}" with "/evil.example" in the group: a redirect to //evil.example
		HttpResponse<String> response = client().get("/legacy?to=/evil.example");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void whenARedirectWrittenAsALocalPathStaysOneThenTheClientIsRedirected() {
		HttpResponse<String> response = client().get("/legacy?to=new/there");
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/new/there"));
	}

	@Test
	void whenAConditionMatchesThenItsGroupsAreBackReferences() {
		assertThat(client().get("/item?id=42").body()).isEqualTo("new /item-42");
		assertThat(client().get("/item?id=abc").statusCode()).isEqualTo(404);
	}

	@Test
	void whenAnyConditionMatchesThenTheLastMatchedConditionIsReferenced() {
		assertThat(client().get("/lang", "X-Lang", "fr").body()).isEqualTo("new /lang-fr");
		assertThat(client().get("/lang", "X-Lang", "de").body()).isEqualTo("new /lang-de");
		assertThat(client().get("/lang", "X-Lang", "it").statusCode()).isEqualTo(404);
	}

	@Test
	void whenARuleAnswersACustomResponseThenTheClientGetsItsStatus() {
		HttpResponse<String> response = client().get("/gone/forever", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(410);
	}

	@Test
	void whenANegatedConditionHoldsThenTheRuleApplies() {
		assertThat(client().get("/echo").statusCode()).isEqualTo(405);
		assertThat(client().post("/echo", "x").body()).isEqualTo("echo");
	}

	@Test
	void whenARuleAbortsThenTheConnectionClosesWithoutAResponse() {
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> client().get("/abort"));
	}

	@Test
	void whenRulesRewriteMoreThanTenTimesThenTheRequestFailsWith500() {
		assertThat(client().get("/loop/x").statusCode()).isEqualTo(500);
	}

	@Test
	void whenARewrittenUrlIsNotACleanPathThenTheRequestIsRefusedWith400() {
		assertThat(client().get("/dbl?to=/evil.example/x").statusCode()).isEqualTo(400);
	}

	@Test
	void whenTheRequestPathIsNotCleanThenTheRequestIsRefusedWith400() {
		assertThat(client().get("/old/%2e%2e/secure/data").statusCode()).isEqualTo(400);
	}

	@Test
	void whenARuleStopsProcessingThenLaterRulesDoNotRun() {
		assertThat(client().get("/keep").body()).isEqualTo("kept");
	}

	@Test
	void whenAPatternHasNoLeadingSlashThenItMatchesThePathWithoutIt() {
		assertThat(client().get("/short/cut").body()).isEqualTo("new /short-cut");
	}

	@Test
	void whenARewriteDoesNotStopThenTheRulesRunAgainOnTheNewUrl() {
		assertThat(client().get("/a").body()).isEqualTo("new /from-a");
	}

	@Test
	void whenARuleRewritesToAProtectedUrlThenSecuritySeesTheNewUrl() {
		assertThat(client().get("/open-secure").statusCode()).isEqualTo(401);
		HttpResponse<String> authenticated = client().get("/open-secure", "Authorization",
				HttpTestClient.basic("alice", "secret"));
		assertThat(authenticated.body()).isEqualTo("secure data for alice");
	}

	@Test
	void whenAChildRequestMatchesARuleThenItIsRewrittenAsANetworkRequestIs() {
		String network = client().get("/old/page?z=3").body();
		assertThat(client().get("/child?path=/old/page%3Fz%3D3").body()).isEqualTo("200|" + network);
	}

	@Test
	void whenAChildRequestSpellsThePathWithEscapesThenTheRuleMatchesItAsItMatchesTheNetworkRequest() {
		HttpResponse<String> network = client().get("/%67one/forever", "Accept", "application/json");
		HttpResponse<String> child = client().get("/child?path=/%2567one/forever&accept=application/json");
		// The child's error page reports the client's own path (/child), as it is part of
		// the client's response: the status is what both must share
		assertThat(network.statusCode()).isEqualTo(410);
		assertThat(child.body()).startsWith("410|").contains("\"error\":\"Gone\"");
	}

	@Test
	void whenAChildRequestLoopsThenItFailsWith500AsANetworkRequestDoes() {
		assertThat(client().get("/child?path=/loop/x&flag=DISABLE_CUSTOM_ERROR").body()).startsWith("500|");
	}

}
