// The frame around every signed-in page: skip link, navigation, language switch, sign-out.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { Link, useLocation } from '../router/router.js';
import { useSession, useUser } from '../session/session.js';
import { LanguageSwitch } from './language-switch.js';

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const user = useUser();
  const { signOut } = useSession();
  const { path } = useLocation();
  const current = (prefix: string) => ((prefix === '/' ? path === '/' : path.startsWith(prefix)) ? ('page' as const) : undefined);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top-bar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.label')}>
          <Link to="/" aria-current={current('/')}>
            {t('nav.home')}
          </Link>
          {user.role === 'staff' ? (
            <Link to="/staff" aria-current={current('/staff')}>
              {t('nav.staff')}
            </Link>
          ) : null}
        </nav>
        <div className="top-bar-end">
          <LanguageSwitch />
          <span className="user-name" title={user.email}>
            {user.name}
          </span>
          <button type="button" className="button link" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
