// Prompt templates, one per line, with presets: the bare class name, a handful of photo
// templates, and the CLIP paper's 80-template ensemble.
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { TEMPLATE_PRESETS, type TemplatePreset } from '../lib/clip-templates.js';

export function TemplatesEditor({ templates, onChange, maxTemplates }: { templates: string[]; onChange: (templates: string[]) => void; maxTemplates: number }) {
  const { t } = useI18n();
  const id = useId();
  const lines = templates.filter((line) => line.trim());
  const missing = lines.filter((line) => !line.includes('{label}'));
  // A preset longer than the task allows is cut to the limit; say so, and which were kept.
  const [trimmed, setTrimmed] = useState<{ preset: string; total: number; first: string; last: string } | null>(null);
  const load = (preset: TemplatePreset) => {
    const all = TEMPLATE_PRESETS[preset];
    const kept = all.slice(0, maxTemplates);
    setTrimmed(all.length > kept.length ? { preset: names[preset], total: all.length, first: kept[0]!, last: kept.at(-1)! } : null);
    onChange(kept);
  };
  const names: Record<TemplatePreset, string> = {
    plain: t('clip.presetPlain'),
    photo: t('clip.presetPhoto', { count: TEMPLATE_PRESETS.photo.length }),
    'clip-paper': t('clip.presetPaper', { count: TEMPLATE_PRESETS['clip-paper'].length }),
  };
  return (
    <fieldset>
      <legend>{t('clip.templates')}</legend>
      <div className="actions preset-row" role="group" aria-label={t('clip.presets')}>
        {(Object.keys(TEMPLATE_PRESETS) as TemplatePreset[]).map((preset) => (
          <button key={preset} type="button" className="button small secondary" onClick={() => load(preset)}>
            {names[preset]}
          </button>
        ))}
      </div>
      <p className="help" data-testid="templates-limit">
        {t('clip.templatesLimit', { max: maxTemplates })}
      </p>
      {trimmed ? (
        <p className="warn-box" role="status" data-testid="templates-trimmed">
          {t('clip.presetTrimmed', { preset: trimmed.preset, max: maxTemplates, total: trimmed.total, first: trimmed.first, last: trimmed.last })}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={id}>{t('clip.templatesLabel', { count: lines.length, max: maxTemplates })}</label>
        <textarea
          id={id}
          className="mono"
          rows={Math.min(10, Math.max(3, templates.length + 1))}
          value={templates.join('\n')}
          onChange={(event) => onChange(event.target.value.split('\n'))}
          aria-invalid={missing.length > 0 || lines.length > maxTemplates}
          aria-describedby={`${id}-help`}
        />
        <p id={`${id}-help`} className={missing.length || lines.length > maxTemplates ? 'help error-text' : 'help'}>
          {missing.length
            ? t('clip.templateMissing', { template: missing[0]! })
            : lines.length > maxTemplates
              ? t('clip.tooManyTemplates', { max: maxTemplates })
              : t('clip.templatesHelp')}
        </p>
      </div>
    </fieldset>
  );
}
