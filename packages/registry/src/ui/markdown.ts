import { esc } from './html';

/**
 * A deliberately small Markdown renderer for READMEs and changelogs from uploaded packages.
 * Safety comes first: every character of the input is HTML-escaped before any formatting is
 * applied, raw HTML in the Markdown is shown as text, and links/images are only emitted for
 * http(s) URLs and relative paths (no `javascript:`/`data:`). Supported: ATX headings, fenced
 * code, bullet and numbered lists, block quotes, paragraphs, `code`, **bold**, *italic*, links.
 */
export function renderMarkdown(src: string): string {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const flushPara = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
    para = [];
  };
  const flushList = () => {
    if (list)
      out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      flushPara();
      flushList();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence[1]!); i++) code.push(lines[i]!);
      out.push(`<pre><code>${esc(code.join('\n'))}</code></pre>`);
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const li = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (h) {
      flushPara();
      flushList();
      // Headings are shifted down one level: the page already has its own <h1>.
      const level = Math.min(6, h[1]!.length + 1);
      out.push(`<h${level}>${inline(h[2]!)}</h${level}>`);
    } else if (li) {
      flushPara();
      const tag = /\d/.test(li[1]!) ? 'ol' : 'ul';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push(li[2]!);
    } else if (/^\s*>/.test(line)) {
      flushPara();
      flushList();
      out.push(`<blockquote>${inline(line.replace(/^\s*>\s?/, ''))}</blockquote>`);
    } else if (!line.trim()) {
      flushPara();
      flushList();
    } else if (list && /^\s{2,}/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      flushList();
      para.push(line.trim());
    }
  }
  flushPara();
  flushList();
  return out.join('\n');
}

function safeUrl(url: string): string | undefined {
  const u = url.trim();
  if (/^https?:\/\//i.test(u) || (/^[\w./#-]/.test(u) && !/^[a-z][a-z0-9+.-]*:/i.test(u))) return u;
  return undefined;
}

/** Inline formatting on already-escaped text (the placeholders keep code spans literal). */
function inline(text: string): string {
  const codes: string[] = [];
  let s = esc(text).replace(/`([^`]+)`/g, (_m, c: string) => {
    codes.push(`<code>${c}</code>`);
    return `\uE000${codes.length - 1}\uE000`;
  });
  s = s.replace(/!?\[([^\]]*)\]\(([^)\s]+)\)/g, (m, label: string, url: string) => {
    // The URL was escaped with the text; decode &amp; only to test the scheme.
    const safe = safeUrl(url.replace(/&amp;/g, '&'));
    if (m.startsWith('!')) return label; // images from packages are not loaded; show their alt text
    return safe ? `<a href="${url}" rel="nofollow noopener">${label}</a>` : label;
  });
  s = s
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
  return s.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => codes[Number(i)] ?? '');
}
