import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './safe-html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('html', () => {
  it('escapes interpolated strings but not the template or nested html', () => {
    const id = '<script>alert(1)</script>';
    const inner = html`<b>${id}</b>`;
    expect(html`<p title="${'"x"'}">${inner}</p>`.markup).toBe(
      '<p title="&quot;x&quot;"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b></p>',
    );
  });

  it('joins arrays and renders false, null and undefined as nothing', () => {
    expect(html`${['<', html`<i>`, 3]}|${false}|${null}|${undefined}`.markup).toBe('&lt;<i>3|||');
  });
});
