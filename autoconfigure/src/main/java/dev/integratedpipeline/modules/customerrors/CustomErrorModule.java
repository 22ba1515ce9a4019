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

package dev.integratedpipeline.modules.customerrors;

import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.SendResponseEvent;
import dev.integratedpipeline.pipeline.SendResponseEvent.Trigger;

/**
 * Answers error statuses with pages of the application, as IIS's
 * {@code CustomErrorModule} does: when a response of status 400 or above is about to be
 * sent ({@link #onSendResponse}) and a page is configured for its status, the page is
 * rendered by a {@code GET} child request and replaces the response; the client gets the
 * original status with the page's content and {@code Content-Type}.
 * <p>
 * The child carries the caller's headers (so {@code Accept} negotiates HTML or JSON, and
 * credentials and cookies authenticate it as the caller) and the request attributes a
 * container sets for its error page ({@code jakarta.servlet.error.status_code},
 * {@code exception}, {@code exception_type}, {@code message}, {@code request_uri},
 * {@code servlet_name}), so Spring's error controllers and templates work as for a
 * container error page. It is always a {@code GET}, whatever the method of the failed
 * request, and has no body.
 * <p>
 * Which responses are replaced is the {@link ExistingResponse} setting. A child request
 * executed with {@link ExecuteFlag#DISABLE_CUSTOM_ERROR} is never replaced. The page's
 * child runs without this module, so custom errors never re-enter themselves: a page that
 * fails (an exception, or a status other than 2xx) is not used, and the response goes on
 * as if this module were not there, to Boot's own error handling.
 * <p>
 * Modules notified of {@code onSendResponse} after this one (which come before it in
 * module order; this module comes first, {@link #ORDER}) may still add headers to the
 * replaced response.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public class CustomErrorModule implements PipelineModule, Ordered {

	/**
	 * The order of the module: first, so that it is notified last of
	 * {@code onSendResponse} (which runs in reverse order) and sees the status the other
	 * modules left.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private static final Log logger = LogFactory.getLog(CustomErrorModule.class);

	private static final long PAGE_TIMEOUT_SECONDS = 30;

	private final Map<Integer, String> pages;

	private final @Nullable String defaultPage;

	private final ExistingResponse existingResponse;

	/**
	 * Create a module.
	 * @param pages the page of each status, each a clean path within the application
	 * @param defaultPage the page of every other status of 400 and above, or {@code null}
	 * @param existingResponse which responses to replace
	 * @throws IllegalArgumentException for a status below 400 or above 599, or a page
	 * that is not a clean path
	 */
	public CustomErrorModule(Map<Integer, String> pages, @Nullable String defaultPage,
			ExistingResponse existingResponse) {
		Assert.notNull(pages, "'pages' must not be null");
		Assert.notNull(existingResponse, "'existingResponse' must not be null");
		pages.forEach((status, page) -> {
			Assert.isTrue(status >= 400 && status <= 599, () -> "Custom error page '" + page + "' is for status "
					+ status + ", not an error status (400-599)");
			validatePage(page, "for status " + status);
		});
		if (defaultPage != null) {
			validatePage(defaultPage, "default-page");
		}
		this.pages = new TreeMap<>(pages);
		this.defaultPage = defaultPage;
		this.existingResponse = existingResponse;
	}

	private static void validatePage(String page, String which) {
		try {
			ChildRequest.get(page).build();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"Custom error page '" + page + "' (" + which + ") is invalid: " + ex.getMessage(), ex);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Replace the response when its status has a page and the {@link ExistingResponse}
	 * setting allows it.
	 */
	@Override
	public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		int status = event.status();
		if (status < 400) {
			return NotificationStatus.CONTINUE;
		}
		String page = page(status);
		if (page == null || !replaces(context, event) || isDisabled(context)) {
			return NotificationStatus.CONTINUE;
		}
		ChildResponse rendered = render(context, page, status, event);
		if (rendered != null) {
			context.replaceResponse(status, rendered.contentType(), rendered.content());
		}
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Return the page of a status.
	 * @param status the status
	 * @return the path of its page, or {@code null} when none is configured
	 */
	protected @Nullable String page(int status) {
		String page = this.pages.get(status);
		return (page != null) ? page : this.defaultPage;
	}

	private boolean replaces(PipelineContext context, SendResponseEvent event) {
		// sendError, or an exception on its way to the container with nothing written
		boolean containerError = event.trigger() == Trigger.ERROR
				|| (event.trigger() == Trigger.END && context.error() != null);
		return switch (this.existingResponse) {
			case AUTO -> containerError;
			case REPLACE -> event.trigger() != Trigger.REDIRECT;
			case PASS_THROUGH -> event.trigger() == Trigger.ERROR || event.trigger() == Trigger.END;
		};
	}

	private static boolean isDisabled(PipelineContext context) {
		return ChildRequestExecutor.currentChildRequest(context.request())
			.map((child) -> child.hasFlag(ExecuteFlag.DISABLE_CUSTOM_ERROR))
			.orElse(false);
	}

	/**
	 * Render a page with a {@code GET} child request; {@code null} when it fails.
	 */
	private @Nullable ChildResponse render(PipelineContext context, String page, int status, SendResponseEvent event) {
		HttpServletRequest request = context.request();
		ChildContext child = context.cloneContext();
		try {
			child.setMethod("GET");
			child.setUrl(page);
			child.setBody(new byte[0]);
			child.setHeader(HttpHeaders.CONTENT_LENGTH);
			child.setHeader(HttpHeaders.CONTENT_TYPE);
			child.setHeader(HttpHeaders.TRANSFER_ENCODING);
			setErrorAttributes(child, request, status, context.error(), event.message());
			// As the same user, without this module (no custom error of the page's own),
			// with the raw status of a page that fails, which is then not used
			ChildExecution execution = context.executeRequest(child, EnumSet.of(ExecuteFlag.BUFFER_RESPONSE,
					ExecuteFlag.DISABLE_CUSTOM_ERROR, ExecuteFlag.IGNORE_CURRENT_INTERCEPTOR), context.user());
			ChildResponse response = (execution.response() != null) ? execution.response()
					: execution.completion().toCompletableFuture().get(PAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			if (response.hasError() || response.status() < 200 || response.status() > 299) {
				logger.debug("Custom error page " + page + " for status " + status + " answered " + response.status()
						+ "; the response goes on to the application's error handling");
				return null;
			}
			return response;
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			logger.debug("Custom error page " + page + " for status " + status + " failed", ex);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		finally {
			child.releaseClonedContext();
		}
	}

	private static void setErrorAttributes(ChildContext child, HttpServletRequest request, int status,
			@Nullable Throwable error, @Nullable String message) {
		child.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		child.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
		HttpServletMapping mapping = request.getHttpServletMapping();
		if (mapping != null && mapping.getServletName() != null) {
			child.setAttribute(RequestDispatcher.ERROR_SERVLET_NAME, mapping.getServletName());
		}
		if (error != null) {
			child.setAttribute(RequestDispatcher.ERROR_EXCEPTION, error);
			child.setAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE, error.getClass());
		}
		String text = (message != null) ? message : (error != null) ? error.getMessage() : null;
		child.setAttribute(RequestDispatcher.ERROR_MESSAGE, (text != null) ? text : "");
	}

}
