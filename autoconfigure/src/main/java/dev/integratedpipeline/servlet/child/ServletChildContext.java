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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.servlet.ChildEngine;
import dev.integratedpipeline.servlet.ServletPipelineContext;

/**
 * A child context cloned from a {@link ServletPipelineContext}: a mutable copy of the
 * request until it is executed, then its execution and release state.
 *
 * @author Integrated Pipeline team
 */
final class ServletChildContext implements ChildEngine.Cloned {

	private final ServletPipelineContext parent;

	private ChildRequest.Builder builder;

	private boolean executed;

	private final Map<String, Object> attributes = new LinkedHashMap<>();

	private boolean released;

	private boolean releasedAutomatically;

	private volatile @Nullable ChildRun run;

	private volatile @Nullable String runId;

	private volatile @Nullable ChildResponse response;

	ServletChildContext(ServletPipelineContext parent, ChildRequest.Builder builder) {
		this.parent = parent;
		this.builder = builder;
	}

	private void checkNotExecuted() {
		Assert.state(!this.executed, "The child context was executed already and can no longer change");
	}

	@Override
	public void setUrl(String url) {
		checkNotExecuted();
		// Refused now, not when executed
		ChildRequest.get(url).build();
		this.builder.path(url);
	}

	@Override
	public void setMethod(String method) {
		checkNotExecuted();
		this.builder.method(method);
	}

	@Override
	public void setHeader(String name, String... values) {
		checkNotExecuted();
		this.builder.setHeader(name, values);
	}

	@Override
	public void setBody(byte[] body) {
		checkNotExecuted();
		this.builder.body(body);
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		checkNotExecuted();
		Assert.notNull(name, "'name' must not be null");
		Assert.isTrue(!name.startsWith("dev.integratedpipeline."),
				() -> "Attribute '" + name + "' is the pipeline's own and cannot be set");
		if (value == null) {
			this.attributes.remove(name);
		}
		else {
			this.attributes.put(name, value);
		}
	}

	Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public ChildRequest request() {
		return this.builder.build();
	}

	@Override
	public PipelineContext parent() {
		return this.parent;
	}

	@Override
	public int depth() {
		return this.parent.depth() + 1;
	}

	@Override
	public List<String> headers(String name) {
		List<String> values = request().headers().get(name);
		return (values != null) ? values : List.of();
	}

	ServletPipelineContext parentContext() {
		return this.parent;
	}

	ChildRequest execute() {
		if (this.released) {
			throw new ChildRequestException(Reason.INVALID_PARAMETER, "The child context was released");
		}
		if (this.executed) {
			throw new ChildRequestException(Reason.ALREADY_EXECUTED, "A child context executes once");
		}
		ChildRequest request = this.builder.build();
		this.executed = true;
		return request;
	}

	void started(ChildRun run) {
		this.run = run;
		this.runId = run.state().id();
	}

	void completed(ChildResponse response) {
		this.response = response;
		// The response is all that is left to keep: not the run, its request and buffers
		this.run = null;
	}

	@Override
	public void releaseClonedContext() {
		if (this.released) {
			throw new ChildRequestException(Reason.INVALID_PARAMETER,
					this.releasedAutomatically ? "The child context was released when its parent request ended"
							: "The child context was released already");
		}
		if (this.parent.isEnded()) {
			throw new ChildRequestException(Reason.INVALID_PARAMETER, "The parent of the child context was released");
		}
		List<ChildEngine.Cloned> siblings = this.parent.clonedChildren();
		for (int i = siblings.indexOf(this) + 1; i < siblings.size(); i++) {
			if (!siblings.get(i).isReleased()) {
				throw new ChildRequestException(Reason.INVALID_PARAMETER,
						"Child contexts must be released in reverse order of their creation: a later one is unreleased");
			}
		}
		release();
	}

	@Override
	public void releaseAutomatically() {
		if (!this.released) {
			this.releasedAutomatically = true;
			release();
		}
	}

	private void release() {
		this.released = true;
		ChildRun run = this.run;
		if (run != null) {
			run.cancel(
					new ChildRequestException(Reason.CANCELLED, "The child context was released before it completed"));
		}
	}

	@Override
	public boolean isReleased() {
		return this.released;
	}

	@Override
	public @Nullable String runId() {
		return this.runId;
	}

	@Override
	public boolean isReleasedAutomatically() {
		return this.releasedAutomatically;
	}

	@Override
	public @Nullable ChildResponse response() {
		return this.response;
	}

}
