// A read-only value with a Copy button (tokens shown once). When the clipboard is not available
// (plain http on a lab machine) the text is selected so Ctrl+C works.
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';

export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <span className="copy-field">
      <input ref={input} className="mono" readOnly value={value} aria-label={label} onFocus={(event) => event.target.select()} data-testid={testId} />
      <button type="button" className="button small secondary" onClick={() => void copy()}>
        {copied ? t('common.copied') : t('common.copy')}
      </button>
    </span>
  );
}
