// The editor keeps half-typed values (an empty regex, an empty stop sequence, a class with no
// names); the program sent to the server leaves those out so they mean "not set".
import type { ImageTextProgram, TextProgram } from '../../../server/core/prompt-program.js';

export function cleanTextProgram(program: TextProgram): TextProgram {
  const { extract, labels, ...answer } = program.answer;
  const cleanLabels = labels
    ? Object.fromEntries(
        Object.entries(labels)
          .map(([label, words]) => [label.trim(), words.map((w) => w.trim()).filter(Boolean)] as const)
          .filter(([label, words]) => label && words.length > 0),
      )
    : undefined;
  const { maxTokens, ...decoding } = program.decoding;
  return {
    ...program,
    decoding: { ...decoding, ...(maxTokens && maxTokens > 0 ? { maxTokens } : {}), stop: program.decoding.stop.filter((s) => s.length > 0) },
    answer: {
      ...answer,
      ...(extract?.trim() ? { extract } : {}),
      ...(cleanLabels && Object.keys(cleanLabels).length > 0 ? { labels: cleanLabels } : {}),
    },
  };
}

export function cleanImageTextProgram(program: ImageTextProgram): ImageTextProgram {
  return {
    ...program,
    labels: Object.fromEntries(
      Object.entries(program.labels)
        .map(([label, names]) => [label.trim(), names.map((n) => n.trim()).filter(Boolean)] as const)
        .filter(([label, names]) => label && names.length > 0),
    ),
    templates: program.templates.map((t) => t.trim()).filter(Boolean),
  };
}
