// What English a student reading the page in 中文 still meets: runs of three or more English words
// in the page's visible text, once the parts that are allowed to be English are taken out (model
// output, code and program text, case data, marked "English only" fallbacks, names). Used by the
// Chinese flow to prove that server messages and task descriptions arrive in the student's language.
import type { Page } from 'playwright-core';

/** Selectors of what may stay English on a Chinese page. */
export const ALLOWED_ENGLISH = [
  'code',
  'pre',
  'textarea',
  'input',
  'select',
  // Model output and the prompt the model sees are the student's and the model's words.
  '[data-testid="run-output"]',
  '[data-testid="prompt-preview"]',
  // An English description shown as a fallback is marked and tagged lang="en".
  '[lang="en"]',
  // Case data (inputs, expected answers, outputs) in tables.
  'td',
];

/** English word runs (3+ words) left in the visible text of `root` after removing `allowed`. */
export async function englishSentences(page: Page, root = 'main', allowed: string[] = ALLOWED_ENGLISH, names: string[] = []): Promise<string[]> {
  // A string, not a function: the server's tsconfig has no DOM types (as in the flow's other evaluates).
  const text = (await page.evaluate(`(() => {
    const element = document.querySelector(${JSON.stringify(root)});
    if (!element) return '';
    const copy = element.cloneNode(true);
    for (const selector of ${JSON.stringify(allowed)}) for (const node of copy.querySelectorAll(selector)) node.remove();
    // innerText needs layout: measure the copy in the document, out of sight.
    copy.style.setProperty('position', 'absolute');
    copy.style.setProperty('left', '-100000px');
    document.body.appendChild(copy);
    const visible = copy.innerText;
    copy.remove();
    return visible;
  })()`)) as string;
  let rest = text;
  for (const name of names) rest = rest.split(name).join(' ');
  return rest.match(/[A-Za-z][A-Za-z'’-]*(?:[ \t,]+[A-Za-z][A-Za-z'’-]*){2,}/g) ?? [];
}
