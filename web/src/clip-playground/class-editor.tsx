// Class names with synonyms: each class of the task gets one or more names; CLIP averages the
// template embeddings of all of them.
import type { ImageTextProgram } from '../../../server/core/prompt-program.js';
import { useI18n } from '../i18n/i18n.js';

export function ClassEditor({
  labels,
  value,
  onChange,
}: {
  labels: string[];
  value: ImageTextProgram['labels'];
  onChange: (labels: ImageTextProgram['labels']) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('clip.classes')}</legend>
      <p className="help">{t('clip.classesHelp')}</p>
      {labels.map((label) => (
        <div key={label} className="field inline">
          <label htmlFor={`class-${label}`} className="mono">
            {label}
          </label>
          <input
            id={`class-${label}`}
            value={(value[label] ?? []).join(', ')}
            onChange={(event) => onChange({ ...value, [label]: event.target.value.split(',').map((name) => name.trimStart()) })}
          />
        </div>
      ))}
    </fieldset>
  );
}
