// The study's written reflection: the task's question, a text area, and a live word count against
// the minimum (counted as the grader counts: each Chinese character is a word).
import type { PublicStudyConfig } from '../../../server/core/api.js';
import { useI18n } from '../i18n/i18n.js';
import { countWords } from '../../../server/shared/count-words.js';
import { MAX_REFLECTION_CHARS } from '../lib/study-checklist.js';

export function ReflectionField({ config, value, onChange }: { config: PublicStudyConfig['reflection']; value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const words = countWords(value);
  const enough = words >= config.minWords;
  return (
    <div className="field reflection-field">
      <label htmlFor="study-reflection">{config.required ? t('reflection.label') : t('reflection.labelOptional')}</label>
      {config.prompt ? (
        <p id="study-reflection-prompt" className="reflection-prompt">
          {config.prompt}
        </p>
      ) : null}
      <textarea
        id="study-reflection"
        rows={7}
        value={value}
        maxLength={MAX_REFLECTION_CHARS}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${config.prompt ? 'study-reflection-prompt ' : ''}study-reflection-count study-reflection-help`}
      />
      <p id="study-reflection-count" className={`word-count ${config.required ? (enough ? 'good' : 'short') : ''}`} data-testid="word-count">
        {config.required && config.minWords > 0 ? t('reflection.count', { words, min: config.minWords }) : t('reflection.countPlain', { words })}
      </p>
      <p id="study-reflection-help" className="help">
        {t('reflection.help')}
      </p>
    </div>
  );
}
