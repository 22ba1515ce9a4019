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

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * The shared HTTP session as a child request that does not authenticate itself sees it:
 * every attribute is the session's, except the one that holds the user (Spring Security's
 * security context), which shows the child's own identity. What the child writes under
 * that name stays with the child, so that a child never changes who the session's user
 * is, and a session's user never becomes the child's.
 * <p>
 * Not merged into {@link ChildSession}, on purpose: the two answer different questions
 * and compose. {@code ChildSession} decides <em>which</em> session a child has (the
 * parent's, one shared with its siblings, or one it creates, with its cookie) and is used
 * by every child; this view decides <em>what</em> a child sees inside that session, for
 * the few that run as a user other than the session's (a given user or
 * {@code ANONYMOUS}), and wraps whatever session {@code ChildSession} hands out, so that
 * the same rule holds for a session shared, created or adopted. One type doing both would
 * put the identity rule in the lifecycle code every child runs through.
 *
 * @author Integrated Pipeline team
 */
final class ChildSessionView implements HttpSession {

	private final HttpSession session;

	private final String name;

	private @Nullable Object value;

	private ChildSessionView(HttpSession session, String name, @Nullable Object value) {
		this.session = session;
		this.name = name;
		this.value = value;
	}

	/**
	 * Give a child the sessions of {@code sessions} with one attribute of its own.
	 * @param sessions the child's sessions, asked with whether to create one
	 * @param name the attribute name
	 * @param value what the child sees under it
	 * @return the child's sessions
	 */
	static Function<Boolean, @Nullable HttpSession> of(Function<Boolean, @Nullable HttpSession> sessions, String name,
			Object value) {
		return new Sessions(sessions, name, value);
	}

	/**
	 * The sessions of a child, each seen through a view with the child's own attribute.
	 */
	private static final class Sessions implements Function<Boolean, @Nullable HttpSession> {

		private final Function<Boolean, @Nullable HttpSession> sessions;

		private final String name;

		private final Object value;

		private @Nullable ChildSessionView view;

		private Sessions(Function<Boolean, @Nullable HttpSession> sessions, String name, Object value) {
			this.sessions = sessions;
			this.name = name;
			this.value = value;
		}

		@Override
		public synchronized @Nullable HttpSession apply(Boolean create) {
			HttpSession session = this.sessions.apply(create);
			if (session == null) {
				return null;
			}
			ChildSessionView view = this.view;
			if (view == null || view.session != session) {
				// The child's identity outlives an invalidated session, as its request
				// attribute does
				view = new ChildSessionView(session, this.name, (view != null) ? view.value : this.value);
				this.view = view;
			}
			return view;
		}

	}

	@Override
	public @Nullable Object getAttribute(String name) {
		return this.name.equals(name) ? this.value : this.session.getAttribute(name);
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		List<String> names = new ArrayList<>();
		for (Enumeration<String> all = this.session.getAttributeNames(); all.hasMoreElements();) {
			String next = all.nextElement();
			if (!this.name.equals(next)) {
				names.add(next);
			}
		}
		if (this.value != null) {
			names.add(this.name);
		}
		return Collections.enumeration(names);
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		if (this.name.equals(name)) {
			this.value = value;
		}
		else {
			this.session.setAttribute(name, value);
		}
	}

	@Override
	public void removeAttribute(String name) {
		if (this.name.equals(name)) {
			this.value = null;
		}
		else {
			this.session.removeAttribute(name);
		}
	}

	@Override
	public long getCreationTime() {
		return this.session.getCreationTime();
	}

	@Override
	public String getId() {
		return this.session.getId();
	}

	@Override
	public long getLastAccessedTime() {
		return this.session.getLastAccessedTime();
	}

	@Override
	public ServletContext getServletContext() {
		return this.session.getServletContext();
	}

	@Override
	public void setMaxInactiveInterval(int interval) {
		this.session.setMaxInactiveInterval(interval);
	}

	@Override
	public int getMaxInactiveInterval() {
		return this.session.getMaxInactiveInterval();
	}

	@Override
	public void invalidate() {
		this.session.invalidate();
	}

	@Override
	public boolean isNew() {
		return this.session.isNew();
	}

	@Override
	public String toString() {
		return "ChildSessionView[" + this.session.getId() + "]";
	}

}
