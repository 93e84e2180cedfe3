// A small Markdown renderer for task descriptions (staff-written README.md): headings,
// paragraphs, lists, pipe tables, code blocks, inline code, bold, italics and http(s) links. It builds React
// elements, never HTML strings, so a task file cannot inject markup.
import type { ReactNode } from 'react';

const INLINE = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|_[^_\s][^_]*_|\[[^\]]+\]\([^)\s]+\))/g;

function inline(text: string, keyPrefix: string): ReactNode[] {
  return text.split(INLINE).map((part, i) => {
    const key = `${keyPrefix}-${i}`;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return <code key={key}>{part.slice(1, -1)}</code>;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={key}>{part.slice(2, -2)}</strong>;
    if ((part.startsWith('*') && part.endsWith('*')) || (part.startsWith('_') && part.endsWith('_'))) {
      if (part.length > 2) return <em key={key}>{part.slice(1, -1)}</em>;
    }
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
    if (link) {
      const href = link[2]!;
      return /^https?:\/\//.test(href) ? (
        <a key={key} href={href} target="_blank" rel="noreferrer">
          {link[1]}
        </a>
      ) : (
        <span key={key}>{link[1]}</span>
      );
    }
    return part;
  });
}

/** The cells of a pipe-table row; `\|` stays a literal bar. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

export function Markdown({ source, headingOffset = 1 }: { source: string; headingOffset?: number }) {
  const blocks: ReactNode[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const key = `b${i}`;
    if (line.startsWith('```')) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) code.push(lines[i]!);
      i++;
      blocks.push(
        <pre key={key}>
          <code>{code.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + headingOffset);
      const Tag = `h${level}` as 'h2';
      blocks.push(<Tag key={key}>{inline(heading[2]!, key)}</Tag>);
      i++;
      continue;
    }
    if (line.trim().startsWith('|') && /^\s*\|?[\s:|-]+\|?\s*$/.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i]!.trim().startsWith('|'); i++) rows.push(cells(lines[i]!));
      const [head, , ...body] = rows;
      blocks.push(
        <div key={key} className="table-scroll">
          <table>
            <thead>
              <tr>
                {head!.map((cell, c) => (
                  <th key={c} scope="col">
                    {inline(cell, `${key}-h${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {body.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>{inline(cell, `${key}-${r}-${c}`)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>,
      );
      continue;
    }
    const listItem = /^\s*([-*+]|\d+[.)])\s+/;
    if (listItem.test(line)) {
      const ordered = /^\s*\d/.test(line);
      // A list interrupted by a paragraph continues its numbering ("4." after text).
      const start = ordered ? Number(/^\s*(\d+)/.exec(line)![1]) : 1;
      const items: ReactNode[] = [];
      for (; i < lines.length && listItem.test(lines[i]!); i++) items.push(<li key={i}>{inline(lines[i]!.replace(listItem, ''), `${key}-${i}`)}</li>);
      blocks.push(
        ordered ? (
          <ol key={key} start={start}>
            {items}
          </ol>
        ) : (
          <ul key={key}>{items}</ul>
        ),
      );
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    // The first line is always taken, so a line that only looks like a table row cannot stall.
    const paragraph: string[] = [line.trim()];
    for (
      i++;
      i < lines.length && lines[i]!.trim() !== '' && !/^(#{1,6}\s|```)/.test(lines[i]!) && !listItem.test(lines[i]!) && !lines[i]!.trim().startsWith('|');
      i++
    )
      paragraph.push(lines[i]!.trim());
    blocks.push(<p key={key}>{inline(paragraph.join(' '), key)}</p>);
  }
  return <div className="markdown">{blocks}</div>;
}
