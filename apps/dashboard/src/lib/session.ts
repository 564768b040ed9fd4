/**
 * The session token from auth.signIn, kept in localStorage ("remember me") or sessionStorage (this
 * tab only). Listeners hear sign-in and sign-out so the shell can re-render.
 */
const KEY = "outbound.session";

type Listener = () => void;
const listeners = new Set<Listener>();

function stores(): Storage[] {
  return typeof window === "undefined" ? [] : [window.sessionStorage, window.localStorage];
}

export function getToken(): string | null {
  for (const store of stores()) {
    const token = store.getItem(KEY);
    if (token) return token;
  }
  return null;
}

export function setToken(token: string, remember: boolean): void {
  clearToken(false);
  (remember ? window.localStorage : window.sessionStorage).setItem(KEY, token);
  for (const listener of listeners) listener();
}

export function clearToken(notify = true): void {
  for (const store of stores()) store.removeItem(KEY);
  if (notify) for (const listener of listeners) listener();
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
