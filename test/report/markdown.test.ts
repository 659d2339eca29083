// Remediation markdown: the safe subset renders, and nothing else gets through as markup.
import { describe, expect, test } from 'vitest';
import { escapeHtml, renderMarkdown } from '../../src/report/markdown.ts';

describe('renderMarkdown', () => {
  test('ordered steps with continuation lines, bold, italic and code', () => {
    const md = '1. Open **AP Settings** → *Invoice Settings*.\n2. Set it to `Not Required`\n   and save.\n';
    expect(renderMarkdown(md)).toBe(
      '<ol>\n<li>Open <strong>AP Settings</strong> → <em>Invoice Settings</em>.</li>\n<li>Set it to <code>Not Required</code> and save.</li>\n</ol>',
    );
  });

  test('paragraphs, bullets and a list that starts later', () => {
    expect(renderMarkdown('First line\nsame paragraph.\n\n- a\n- b\n\n3. third')).toBe('<p>First line same paragraph.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol start="3">\n<li>third</li>\n</ol>');
  });

  test('raw HTML is text, wherever it stands', () => {
    const html = renderMarkdown('<script>alert(1)</script> **<img src=x onerror=alert(1)>** `<b>` [x](https://a.example/"onmouseover="alert(1))');
    expect(html).not.toMatch(/<(script|img|b)[\s>]/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>&lt;img src=x onerror=alert(1)&gt;</strong>');
    expect(html).toContain('<code>&lt;b&gt;</code>');
    expect(html).not.toContain('"onmouseover');
  });

  test('only http(s) links become links; other schemes stay literal text', () => {
    expect(renderMarkdown("[docs](https://example.com/a?b=1&c=2) and [bad](javascript:alert('x'))")).toBe(
      '<p><a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">docs</a> and [bad](javascript:alert(&#39;x&#39;))</p>',
    );
  });

  test('asterisks inside words and snake_case are left alone', () => {
    expect(renderMarkdown('2*3*4 and erp_integrated_accountant')).toBe('<p>2*3*4 and erp_integrated_accountant</p>');
  });

  test('escapeHtml covers the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
