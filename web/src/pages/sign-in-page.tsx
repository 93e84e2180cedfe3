// Sign-in with a personal access token, or by pasting the one-time URL the server printed (the
// browser simply follows it: the server sets the session cookie and redirects home).
import { useState, type FormEvent } from 'react';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints } from '../api/endpoints.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import { navigate } from '../router/router.js';
import { useSession } from '../session/session.js';

/** The printed link may name another host for this server (localhost vs 127.0.0.1): follow it anyway. */
function oneTimeUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return /^https?:$/.test(url.protocol) && url.pathname.includes('/api/auth/one-time/') ? url.href : null;
  } catch {
    return null;
  }
}

export function SignInPage() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('signIn.title'));
  // The server sends a used or expired one-time link here (server/http/auth.routes.ts).
  const usedLink = new URLSearchParams(window.location.search).get('link') === 'used';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const url = oneTimeUrl(token);
    if (url) {
      window.location.assign(url);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { user } = await endpoints.login(token.trim());
      signedIn(user);
      navigate(window.location.pathname === '/signin' ? '/' : window.location.pathname + window.location.search, { replace: true });
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-head">
          <h1>{t('app.name')}</h1>
          <LanguageSwitch />
        </div>
        {usedLink ? (
          <div className="warn-box" role="alert">
            <p>
              <strong>{t('signIn.linkUsed')}</strong>
            </p>
            <p>
              {t('signIn.linkUsedHelp')} <code>sandbox staff sign-in</code>
            </p>
          </div>
        ) : null}
        <p className="lead">{t('signIn.lead')}</p>
        <form onSubmit={(event) => void submit(event)} className="stack">
          <label htmlFor="token">{t('signIn.tokenLabel')}</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="current-password"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            aria-describedby="token-help"
            required
            minLength={10}
            autoFocus
          />
          <p id="token-help" className="help">
            {t('signIn.tokenHelp')}
          </p>
          <button type="submit" className="button primary" disabled={busy || token.trim().length < 10}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
        </form>
        {error ? <ErrorBox error={error} title={t(error.status === 401 ? 'signIn.rejected' : 'signIn.failed')} /> : null}
        <p className="help">{t('signIn.staffHelp')}</p>
      </div>
    </main>
  );
}
