// A retrieval case's output or expected value is gallery image ids ("green.png"): shown as the
// pictures themselves, with the id as the alt text and caption, since a file name says little.
import type { ReactNode } from 'react';
import { galleryIds, galleryImageUrl } from '../lib/gallery-ids.js';

export function GalleryThumbs({ taskId, value, fallback }: { taskId: string; value: unknown; fallback: ReactNode }) {
  const ids = galleryIds(value);
  if (ids.length === 0) return <>{fallback}</>;
  return (
    <span className="gallery-thumbs">
      {ids.map((id) => (
        <figure key={id} className="gallery-thumb">
          <img className="case-thumb" src={galleryImageUrl(taskId, id)} alt={id} width={48} height={48} loading="lazy" />
          <figcaption className="muted small">{id}</figcaption>
        </figure>
      ))}
    </span>
  );
}
