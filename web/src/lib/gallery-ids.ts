// Retrieval cases name gallery images by id; these turn a case value into ids and image URLs.

export function galleryImageUrl(taskId: string, id: string): string {
  return `/api/tasks/${taskId}/images/${encodeURIComponent(id)}`;
}

/** Image ids in a case value: a string id, or an array of them (several right answers). */
export function galleryIds(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
