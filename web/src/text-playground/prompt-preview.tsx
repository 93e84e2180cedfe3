// Exactly what the model receives for the selected case (POST /api/render, debounced while
// typing), with its token count against the task's limit and the program's problems.
import { useEffect, useState } from 'react';
import type { RenderResponse } from '../../../server/core/api.js';
import type { TextProgram } from '../../../server/core/prompt-program.js';
import { asApiError, type ApiError } from '../api/api-error.js';
import { endpoints, type CaseRef } from '../api/endpoints.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useDebouncedValue } from '../lib/use-debounced-value.js';

export function PromptPreview({ taskId, program, caseRef }: { taskId: string; program: TextProgram; caseRef: CaseRef | null }) {
  const { t, number, said } = useI18n();
  const request = useDebouncedValue(JSON.stringify({ program, caseRef }), 300);
  const [preview, setPreview] = useState<RenderResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(true);

  useEffect(() => {
    const controller = new AbortController();
    const { program: sent, caseRef: ref } = JSON.parse(request) as { program: TextProgram; caseRef: CaseRef | null };
    setPending(true);
    endpoints.render(taskId, sent, controller.signal, ref ?? undefined).then(
      (response) => {
        setPreview(response);
        setError(null);
        setPending(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(asApiError(failure));
        setPending(false);
      },
    );
    return () => controller.abort();
  }, [taskId, request]);

  const over = preview?.promptTokens != null && preview.promptTokens > preview.maxPromptTokens;
  return (
    <section className="panel preview" aria-labelledby="preview-title" aria-busy={pending}>
      <div className="panel-head">
        <h2 id="preview-title" className="panel-title">
          {t('preview.title')}
        </h2>
        {preview ? (
          <span className={`token-count ${over ? 'over' : ''}`} data-testid="token-count">
            {preview.promptTokens === null
              ? t('preview.tokensUnknown', { max: number(preview.maxPromptTokens, 0) })
              : t('preview.tokens', { count: number(preview.promptTokens, 0), max: number(preview.maxPromptTokens, 0) })}
          </span>
        ) : null}
      </div>
      {error ? <ErrorBox error={error} title={t('preview.failed')} /> : null}
      {preview?.problems.length ? (
        <ul className="problems" aria-label={t('preview.problems')}>
          {preview.problems.map((problem, index) => (
            <li key={problem}>{said(preview.problemsSaid?.[index] ? [preview.problemsSaid[index]!] : undefined, problem)}</li>
          ))}
        </ul>
      ) : null}
      {preview?.prompt?.style === 'chat' ? (
        <ol className="chat-preview" data-testid="prompt-preview">
          {preview.prompt.messages.map((message, index) => (
            <li key={index} className={`chat-message ${message.role}`}>
              <span className="role">{t(message.role === 'system' ? 'preview.system' : message.role === 'user' ? 'preview.user' : 'preview.assistant')}</span>
              <pre>{message.content}</pre>
            </li>
          ))}
        </ol>
      ) : preview ? (
        <pre className="prompt-text" data-testid="prompt-preview">
          {preview.text}
          <span className="cursor" aria-hidden="true" />
        </pre>
      ) : !error ? (
        <p className="muted">{t('common.loading')}</p>
      ) : null}
    </section>
  );
}
