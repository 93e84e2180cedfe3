// Task descriptions are staff-written Markdown rendered as React elements (never raw HTML).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../web/src/components/markdown.js';

const render = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe('Markdown', () => {
  it('renders headings, paragraphs, emphasis, code and links', () => {
    const html = render('# Goal\nLabel the **review** as `positive`\nor *negative*.\n\nSee [the docs](https://example.org).');
    expect(html).toContain('<h2>Goal</h2>');
    expect(html).toContain('<p>Label the <strong>review</strong> as <code>positive</code> or <em>negative</em>.</p>');
    expect(html).toContain('<a href="https://example.org" target="_blank" rel="noreferrer">the docs</a>');
  });

  it('continues an ordered list interrupted by a paragraph', () => {
    expect(render('1. one\n2. two\n\ntext\n\n3. three')).toContain('<ol start="3"><li>three</li></ol>');
  });

  it('renders pipe tables with escaped bars', () => {
    const html = render('| premise | label |\n|---|---|\n| a \\| b | entailment |');
    expect(html).toContain('<th scope="col">premise</th>');
    expect(html).toContain('<td>a | b</td><td>entailment</td>');
  });

  it('treats a lone bar line as text', () => {
    expect(render('| not a table\nmore')).toBe('<div class="markdown"><p>| not a table more</p></div>');
  });

  it('never passes markup or script links through', () => {
    const html = render('<img src=x onerror=alert(1)> [click](javascript:alert(1))\n```\n<b>code</b>\n```');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&lt;b&gt;code&lt;/b&gt;');
  });
});
