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
package dev.integratedpipeline.readme;

import java.util.EnumSet;

import org.springframework.stereotype.Component;

import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

@Component
class DefaultDocumentModule implements PipelineModule {

	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		if (!context.request().getRequestURI().equals("/")) {
			return NotificationStatus.CONTINUE;
		}
		ChildContext child = context.cloneContext(); // CloneContext
		child.setUrl("/pages/default"); // IHttpRequest::SetUrl
		ChildExecution execution = context.executeRequest(child, EnumSet.noneOf(ExecuteFlag.class), null);
		if (execution.pending()) { // pfCompletionExpected
			context.state().put("child", child);
			return NotificationStatus.PENDING; // resumes in onAsyncCompletion
		}
		child.releaseClonedContext(); // ReleaseClonedContext
		return NotificationStatus.FINISH_REQUEST; // the child's response was written
	}

	@Override
	public NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
		((ChildContext) context.state().get("child")).releaseClonedContext();
		return NotificationStatus.FINISH_REQUEST;
	}

}
