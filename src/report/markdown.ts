// Remediation markdown → HTML, safely: escape everything first, then apply a small subset on the escaped text.
// Subset: paragraphs, ordered and bulleted lists (continuation lines join the item), `code`, **bold**, *italic*
// and [text](https://…) links. Anything else stays literal text; no raw HTML ever passes through.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

const ITEM = /^\s{0,3}(\d{1,9}[.)]|[-*+])\s+(.*)$/;

export function renderMarkdown(markdown: string): string {
  const blocks = markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  return blocks
    .map((block) => block.split('\n').filter((l) => l.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines) => (ITEM.test(lines[0]) ? renderList(lines) : `<p>${inline(lines.map((l) => l.trim()).join(' '))}</p>`))
    .join('\n');
}

function renderList(lines: string[]): string {
  const items: string[] = [];
  const first = ITEM.exec(lines[0])!;
  const ordered = /\d/.test(first[1]);
  for (const line of lines) {
    const m = ITEM.exec(line);
    // Only a marker of the list's own kind starts an item; anything else continues the current one.
    if (m && /\d/.test(m[1]) === ordered) items.push(m[2].trim());
    else items[items.length - 1] += ` ${line.trim()}`;
  }
  const start = ordered ? Number.parseInt(first[1], 10) : 1;
  const open = ordered ? (start === 1 ? '<ol>' : `<ol start="${start}">`) : '<ul>';
  return `${open}\n${items.map((i) => `<li>${inline(i)}</li>`).join('\n')}\n${ordered ? '</ol>' : '</ul>'}`;
}

/** Code spans first (nothing inside them is formatted), then links, bold and italic on the escaped rest. */
function inline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : emphasis(escapeHtml(part))))
    .join('');
}

function emphasis(escaped: string): string {
  return escaped
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s()]+)\)/g, '<a href="$2" rel="noopener noreferrer">$1</a>')
    .replace(/\*\*(?=\S)(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*(?=\S)([^*]+?)\*(?![*\w])/g, '$1<em>$2</em>');
}
