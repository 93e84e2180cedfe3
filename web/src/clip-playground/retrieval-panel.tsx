// Retrieval: typed text ranks the dev gallery by similarity (text-to-image search).
import { useState, type FormEvent } from 'react';
import type { RetrieveResponse } from '../../../server/core/api.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints } from '../api/endpoints.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';

export function RetrievalPanel({ taskId, program, modelLabel }: { taskId: string; program: unknown; modelLabel: string }) {
  const { t, number } = useI18n();
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [results, setResults] = useState<RetrieveResponse['results'] | null>(null);
  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!query.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setResults((await endpoints.retrieve(taskId, program, query.trim())).results);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="retrieval">
      <form className="inline-fields" onSubmit={(event) => void search(event)}>
        <div className="field">
          <label htmlFor="retrieval-query">{t('clip.query')}</label>
          <input id="retrieval-query" value={query} onChange={(event) => setQuery(event.target.value)} placeholder={t('clip.queryPlaceholder')} />
        </div>
        <div className="field" style={{ flex: '0 0 auto' }}>
          <button type="submit" className="button primary" disabled={busy || !query.trim()}>
            {t('clip.search')}
          </button>
        </div>
      </form>
      {busy ? <Loading /> : null}
      {error ? <ErrorBox error={error} title={t('clip.retrieveFailed', { model: modelLabel })} /> : null}
      {results && results.length === 0 ? <p className="empty">{t('clip.noResults')}</p> : null}
      {results && results.length > 0 ? (
        <ol className="gallery ranked" aria-label={t('clip.ranking')} data-testid="retrieval-results">
          {results.map((result, index) => (
            <li key={result.id}>
              <div className="gallery-item">
                <span className="rank">{index + 1}</span>
                <img
                  src={result.image}
                  alt={`${result.id}, ${t('clip.similarity', { value: number(result.similarity, 3) })}`}
                  width={96}
                  height={96}
                  loading="lazy"
                />
                <span className="gallery-caption" title={t('clip.similarity', { value: number(result.similarity, 3) })}>
                  {number(result.similarity, 3)}
                </span>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
