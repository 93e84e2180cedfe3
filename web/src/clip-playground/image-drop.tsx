// Upload one's own image: drop it on the zone or choose a file. The image is sent as base64 in
// JSON (the API takes no multipart), so it is checked for type and size first.
import { useRef, useState, type DragEvent } from 'react';
import { useI18n } from '../i18n/i18n.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export type UploadedImage = { name: string; base64: string; url: string };

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}

export function ImageDrop({ onImage }: { onImage: (image: UploadedImage) => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const accept = async (file: File | undefined) => {
    if (!file) return;
    if (!file.type.startsWith('image/')) return setProblem(t('clip.notImage', { name: file.name }));
    if (file.size > MAX_IMAGE_BYTES) return setProblem(t('clip.tooLarge', { name: file.name }));
    setProblem(null);
    const url = await readAsDataUrl(file);
    onImage({ name: file.name, base64: url.slice(url.indexOf(',') + 1), url });
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void accept(event.dataTransfer.files[0]);
  };
  return (
    <div
      className={`drop-zone ${over ? 'over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <p>{t('clip.dropHere')}</p>
      <button type="button" className="button secondary small" onClick={() => input.current?.click()}>
        {t('clip.chooseFile')}
      </button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        className="visually-hidden"
        aria-label={t('clip.chooseFile')}
        onChange={(event) => void accept(event.target.files?.[0])}
      />
      {problem ? (
        <p className="error-text small" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
