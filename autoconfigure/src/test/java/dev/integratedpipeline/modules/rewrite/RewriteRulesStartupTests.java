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

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.integratedpipeline.autoconfigure.IntegratedPipelineAutoConfiguration;
import dev.integratedpipeline.autoconfigure.RewriteAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid rewrite rules fail the startup with a message naming the rule.
 */
class RewriteRulesStartupTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class, RewriteAutoConfiguration.class))
		.withPropertyValues("integrated-pipeline.rewrite.enabled=true");

	@Test
	void whenARuleHasABadRegularExpressionThenStartupFailsNamingTheRule() {
		this.runner.withPropertyValues("integrated-pipeline.rewrite.rules[0].name=broken",
				"integrated-pipeline.rewrite.rules[0].match=^/(unclosed",
				"integrated-pipeline.rewrite.rules[0].action=rewrite", "integrated-pipeline.rewrite.rules[0].url=/x")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining(
						"Rewrite rule 'broken' has an invalid regular expression in its match pattern"));
	}

	@Test
	void whenARuleHasAnUnknownActionThenStartupFailsNamingTheRule() {
		this.runner.withPropertyValues("integrated-pipeline.rewrite.rules[0].name=typo",
				"integrated-pipeline.rewrite.rules[0].match=^/x", "integrated-pipeline.rewrite.rules[0].action=rewrte")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Rewrite rule 'typo' has unknown action 'rewrte'"));
	}

	@Test
	void whenAUrlRefersToAMissingGroupThenStartupFailsNamingTheRule() {
		this.runner
			.withPropertyValues("integrated-pipeline.rewrite.rules[0].name=missing-group",
					"integrated-pipeline.rewrite.rules[0].match=^/x/(.*)$",
					"integrated-pipeline.rewrite.rules[0].action=rewrite",
					"integrated-pipeline.rewrite.rules[0].url=/y/{R:2}")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Rewrite rule 'missing-group' refers to {R:2}"));
	}

	@Test
	void whenAUrlRefersToAConditionGroupWithoutConditionsThenStartupFailsNamingTheRule() {
		this.runner
			.withPropertyValues("integrated-pipeline.rewrite.rules[0].match=^/x$",
					"integrated-pipeline.rewrite.rules[0].action=redirect",
					"integrated-pipeline.rewrite.rules[0].url=/y/{C:1}")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Rewrite rule 'rules[0]' refers to {C:1}"));
	}

	@Test
	void whenARedirectHasAnUnknownTypeThenStartupFailsNamingTheRule() {
		this.runner.withPropertyValues("integrated-pipeline.rewrite.rules[0].name=odd-redirect",
				"integrated-pipeline.rewrite.rules[0].match=^/x$",
				"integrated-pipeline.rewrite.rules[0].action=redirect", "integrated-pipeline.rewrite.rules[0].url=/y",
				"integrated-pipeline.rewrite.rules[0].redirect-type=305")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Rewrite rule 'odd-redirect' has redirect-type 305"));
	}

	@Test
	void whenRulesAreValidThenTheModuleHasThemInOrder() {
		this.runner.withPropertyValues("integrated-pipeline.rewrite.rules[0].name=first",
				"integrated-pipeline.rewrite.rules[0].match=^/a$", "integrated-pipeline.rewrite.rules[1].name=second",
				"integrated-pipeline.rewrite.rules[1].match=^/b$")
			.run((context) -> assertThat(context.getBean(RewriteModule.class).rules()).extracting(RewriteRule::name)
				.containsExactly("first", "second"));
	}

}
