// Keeps every API response body and every page's HTML the browser saw, so the test can prove
// that no hidden test case reached the browser (and, with a visible one, that the check can fail).
import type { BrowserContext, Page } from 'playwright-core';

export class ResponseRecorder {
  private readonly bodies: { url: string; text: string }[] = [];
  private readonly pending = new Set<Promise<void>>();

  attach(context: BrowserContext): void {
    context.on('response', (response) => {
      const url = response.url();
      if (!new URL(url).pathname.startsWith('/api/')) return;
      const task = response
        .text()
        .then((text) => void this.bodies.push({ url, text }))
        .catch(() => undefined) // redirects and aborted streams have no body
        .finally(() => this.pending.delete(task));
      this.pending.add(task);
    });
  }

  /** The page's markup, its visible text and the values of its fields (typed text is not markup). */
  async snapshot(page: Page): Promise<void> {
    // A string expression: this file is type-checked without the DOM library.
    const visible = await page.evaluate<string>(
      `[document.body.innerText, ...[...document.querySelectorAll('input, textarea')].map((field) => field.value)].join('\\n')`,
    );
    this.bodies.push({ url: `page ${page.url()}`, text: `${await page.content()}\n${visible}` });
  }

  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  count(): number {
    return this.bodies.length;
  }

  /** Where each of `needles` occurs: "needle in url". */
  find(needles: readonly string[]): string[] {
    const hits: string[] = [];
    for (const needle of needles) {
      for (const body of this.bodies)
        if (body.text.includes(needle) || body.text.includes(JSON.stringify(needle).slice(1, -1))) hits.push(`${JSON.stringify(needle)} in ${body.url}`);
    }
    return hits;
  }
}
