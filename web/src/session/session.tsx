// Who is signed in, and the UI language. The session cookie is httpOnly, so the app learns the
// user from GET /api/me; the language follows the user (PUT /api/me/preferences) once signed in.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Locale, User } from '../../../server/core/api.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { UNAUTHORIZED_EVENT } from '../api/client.js';
import { endpoints } from '../api/endpoints.js';
import { I18nProvider, initialLocale } from '../i18n/i18n.js';

export type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'error'; error: ApiError } | { status: 'signed-in'; user: User };

type SessionContextValue = {
  state: SessionState;
  locale: Locale;
  signedIn: (user: User) => void;
  signOut: () => Promise<void>;
  setLocale: (locale: Locale) => Promise<void>;
  retry: () => void;
};

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [attempt, setAttempt] = useState(0);

  const adopt = useCallback((user: User) => {
    setState({ status: 'signed-in', user });
    setLocaleState(user.locale);
    window.localStorage.setItem('sandbox.locale', user.locale);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    endpoints.me(controller.signal).then(
      ({ user }) => adopt(user),
      (error: unknown) => {
        const apiError = asApiError(error);
        if (apiError.code === 'cancelled') return;
        setState(apiError.status === 401 ? { status: 'signed-out' } : { status: 'error', error: apiError });
      },
    );
    return () => controller.abort();
  }, [adopt, attempt]);

  useEffect(() => {
    const expired = () => setState((current) => (current.status === 'signed-in' ? { status: 'signed-out' } : current));
    window.addEventListener(UNAUTHORIZED_EVENT, expired);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, expired);
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const signOut = useCallback(async () => {
    await endpoints.logout().catch(() => undefined); // signed out locally even when the server is gone
    setState({ status: 'signed-out' });
  }, []);

  const setLocale = useCallback(
    async (next: Locale) => {
      setLocaleState(next);
      window.localStorage.setItem('sandbox.locale', next);
      if (state.status === 'signed-in') {
        const { user } = await endpoints.setLocale(next);
        setState({ status: 'signed-in', user });
      }
    },
    [state.status],
  );

  const value: SessionContextValue = { state, locale, signedIn: adopt, signOut, setLocale, retry: () => setAttempt((n) => n + 1) };
  return (
    <SessionContext.Provider value={value}>
      <I18nProvider locale={locale}>{children}</I18nProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; pages behind the sign-in gate may rely on it. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a signed-in user');
  return state.user;
}
