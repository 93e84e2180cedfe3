// Staff membership: who is staff, add one (their one-time sign-in link is shown once, to pass on),
// remove one. The server refuses to remove the last staff member; its message is shown as is.
import { useState, type FormEvent } from 'react';
import type { AddStaffResponse } from '../../../server/core/staff-desk-api.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { staffDesk } from '../api/staff-desk-endpoints.js';
import { CopyField } from '../components/copy-field.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';

export function StaffMembers({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const members = useAsync((signal) => staffDesk.members(signal), []);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [added, setAdded] = useState<AddStaffResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      members.reload();
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      setAdded(await staffDesk.addMember(email, name));
      setEmail('');
      setName('');
    });
  };
  return (
    <section className="panel" aria-labelledby="members-title" data-testid="staff-members">
      <h2 id="members-title" className="panel-title">
        {t('desk.members.title')}
      </h2>
      {members.error ? <ErrorBox error={members.error} onRetry={members.reload} /> : null}
      {!members.data && !members.error ? <Loading /> : null}
      {members.data ? (
        <ul>
          {members.data.members.map((member) => (
            <li key={member.id}>
              {member.name} &lt;{member.email}&gt; {member.signedIn ? null : <span className="badge neutral">{t('desk.members.notSignedIn')}</span>}{' '}
              {/* The server refuses to remove the last member (409); the button says so before asking. */}
              <button
                type="button"
                className="button link danger"
                disabled={members.data!.members.length < 2}
                title={members.data!.members.length < 2 ? t('desk.members.lastOne') : undefined}
                onClick={() => window.confirm(t('desk.members.confirmRemove', { name: member.name })) && void act(() => staffDesk.removeMember(member.id))}
              >
                {t('desk.members.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      <form className="inline-fields" onSubmit={add}>
        <div className="field">
          <label htmlFor="member-email">{t('staff.email')}</label>
          <input id="member-email" type="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="member-name">{t('staff.name')}</label>
          <input id="member-name" required value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="actions">
          <button type="submit" className="button secondary" disabled={!email.trim() || !name.trim()}>
            {t('desk.members.add')}
          </button>
        </div>
      </form>
      {added ? (
        <div role="status">
          <p className="warn-box">{t('desk.members.linkOnce', { name: added.member.name })}</p>
          <CopyField value={`${window.location.origin}${added.signInPath}`} label={t('desk.members.link', { name: added.member.name })} testId="member-link" />
        </div>
      ) : null}
    </section>
  );
}
