// Markup built only through the `html` tag: every interpolated string is escaped
// unless it is already SafeHtml, so no trial id, dataset URI or search name can inject
// markup — an escape cannot be forgotten at one call site.

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export class SafeHtml {
  constructor(readonly markup: string) {}
}

/** What may appear inside `${}` of the tag; false/null/undefined render nothing, for `cond && html`...``. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

function renderValue(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0];
  values.forEach((value, i) => {
    markup += renderValue(value) + strings[i + 1];
  });
  return new SafeHtml(markup);
}
